/*
 * Rotate and shift (Power ISA 3.0B Book I 3.3.13 - 3.3.14): rlwinm rlwnm
 * rlwimi, rldicl rldicr rldic rldcl rldcr rldimi, slw srw sraw srawi sld
 * srd srad sradi, extswsli, with Rc.
 *
 * The immediate forms are swept over every SH/MB/ME: the test writes the
 * instructions into a buffer (one "insn; std" pair per combination, then
 * blr), makes it executable with rt_sync_icache and calls it, then checks
 * each stored result against the ISA's definitions written out in C:
 * ROTL64, ROTL32(x) = ROTL64(x[32:63] || x[32:63]) and MASK(mb, me) built
 * bit by bit (ones from mb to me, wrapping when mb > me).  Rewriting the
 * buffer also exercises self-modifying code.  The register-count shifts are
 * swept over counts 0..127.
 */
#include "fixed-point.h"

/* CHECK_EQ with a printf-formatted name, formatted only on a mismatch
   (the sweeps run a few hundred thousand checks) */
#define CHECK_FMT(got, want, ...)                                              \
    do {                                                                       \
        uint64_t g_ = (got), w_ = (want);                                      \
        char n_[64] = "";                                                      \
        if (g_ != w_) {                                                        \
            rt_snprintf(n_, sizeof(n_), __VA_ARGS__);                          \
        }                                                                      \
        rt_check_eq(n_, g_, w_, __FILE__, __LINE__);                           \
    } while (0)

/* ------------------------------------------------------ references */

static uint64_t ref_mask(unsigned mb, unsigned me)
{
    uint64_t m = 0;

    for (unsigned i = 0; i < 64; i++) {
        int in = mb <= me ? (i >= mb && i <= me) : (i >= mb || i <= me);
        if (in) {
            m |= 1ull << (63 - i);
        }
    }
    return m;
}

/* ref_mask for every (mb, me), built once: the sweeps look masks up
   hundreds of thousands of times */
static uint64_t mask_tab[64][64];

static void init_masks(void)
{
    for (unsigned mb = 0; mb < 64; mb++) {
        for (unsigned me = 0; me < 64; me++) {
            mask_tab[mb][me] = ref_mask(mb, me);
        }
    }
}

static uint64_t rotl64(uint64_t v, unsigned n)
{
    n &= 63;
    return n ? (v << n) | (v >> (64 - n)) : v;
}

static uint64_t rotl32(uint64_t v, unsigned n)
{
    uint64_t w = v & 0xffffffff;
    return rotl64(w | w << 32, n & 31);
}

/* algebraic right shift of the signed value v (width bits, sign-extended
   into v) by n >= 0; *ca = v < 0 and a 1 bit was shifted out */
static uint64_t ref_sra(int64_t v, unsigned n, int width, int *ca)
{
    if (n >= (unsigned)width) {
        *ca = v < 0;
        return v < 0 ? ~0ull : 0;
    }
    *ca = v < 0 && ((uint64_t)v & ((1ull << n) - 1)) != 0;
    return (uint64_t)(v >> n);
}

/* ------------------------------------------------------- code buffer */

#define R_IN 3   /* the value to rotate */
#define R_OUT 4  /* where the results go */
#define R_RA 5   /* the initial RA of the insert forms, or RB */
#define R_T 6
#define R_X 7

static uint32_t code[8192] __attribute__((aligned(128)));
static uint64_t results[2048];
static unsigned ncode;

static void emit(uint32_t w)
{
    code[ncode++] = w;
}

static uint32_t std_insn(int rs, int ra, int off)
{
    return 62u << 26 | rs << 21 | ra << 16 | (off & 0xfffc);
}

static uint32_t mr_insn(int ra, int rs)
{
    return 31u << 26 | rs << 21 | ra << 16 | rs << 11 | 444 << 1;
}

static uint32_t mfxer_insn(int rt)
{
    return 31u << 26 | rt << 21 | 1 << 16 | 339 << 1;
}

/* M-form: rlwinm (21), rlwnm (23, sh = RB), rlwimi (20) */
static uint32_t m_insn(int op, int rs, int ra, int sh, int mb, int me)
{
    return (uint32_t)op << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 |
           me << 1;
}

/* MD-form (xo 0-3); the 6-bit SH and MB/ME fields are split */
static uint32_t md_insn(int xo, int rs, int ra, int sh, int mb)
{
    return 30u << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 |
           (mb & 31) << 6 | (mb >> 5) << 5 | xo << 2 | (sh >> 5) << 1;
}

/* MDS-form: rldcl (8), rldcr (9) */
static uint32_t mds_insn(int xo, int rs, int ra, int rb, int mb)
{
    return 30u << 26 | rs << 21 | ra << 16 | rb << 11 | (mb & 31) << 6 |
           (mb >> 5) << 5 | xo << 1;
}

/* XS-form: sradi (413), extswsli (445) */
static uint32_t xs_insn(int xo, int rs, int ra, int sh)
{
    return 31u << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | xo << 2 |
           (sh >> 5) << 1;
}

static void run(uint64_t in, uint64_t ra)
{
    void (*fn)(uint64_t, uint64_t *, uint64_t);

    emit(0x4e800020); /* blr */
    rt_sync_icache(code, code + ncode);
    fn = (void (*)(uint64_t, uint64_t *, uint64_t))(uintptr_t)code;
    fn(in, results, ra);
    ncode = 0;
}

/* one result per (a, b) combination of the batch: insn into R_T, store */
static void add_result(uint32_t insn, int insert, unsigned slot)
{
    if (insert) {
        emit(mr_insn(R_T, R_RA));
    }
    emit(insn);
    emit(std_insn(R_T, R_OUT, slot * 8));
}

/* ------------------------------------------------------------ sweeps */

static const uint64_t values[] = {
    0x0123456789abcdef, 0x80000001f000000f,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))
#define INSERT_RA 0x5a5aa5a55a5aa5a5ull

static void sweep_rlw(void)
{
    for (unsigned v = 0; v < NVALUES; v++) {
        uint64_t x = values[v];

        for (unsigned sh = 0; sh < 32; sh++) {
            for (int kind = 0; kind < 2; kind++) {
                /* kind 0 rlwinm, 1 rlwimi: 1024 (mb, me) each */
                for (unsigned mb = 0; mb < 32; mb++) {
                    for (unsigned me = 0; me < 32; me++) {
                        add_result(m_insn(kind ? 20 : 21, R_IN, R_T, sh, mb,
                                          me),
                                   kind, mb * 32 + me);
                    }
                }
                run(x, INSERT_RA);
                for (unsigned mb = 0; mb < 32; mb++) {
                    for (unsigned me = 0; me < 32; me++) {
                        uint64_t m = mask_tab[mb + 32][me + 32];
                        uint64_t r = rotl32(x, sh) & m;

                        if (kind) {
                            r |= INSERT_RA & ~m;
                        }
                        CHECK_FMT(results[mb * 32 + me], r, "%s v%u %u,%u,%u",
                                  kind ? "rlwimi" : "rlwinm", v, sh, mb, me);
                    }
                }
            }
        }
        /* rlwnm: RB = count (only its low 5 bits count) */
        for (unsigned n = 0; n < 64; n += 7) {
            uint64_t rb = n | 0xffffffffffffff00ull;

            for (unsigned mb = 0; mb < 32; mb++) {
                for (unsigned me = 0; me < 32; me++) {
                    add_result(m_insn(23, R_IN, R_T, R_RA, mb, me), 0,
                               mb * 32 + me);
                }
            }
            run(x, rb);
            for (unsigned mb = 0; mb < 32; mb++) {
                for (unsigned me = 0; me < 32; me++) {
                    CHECK_FMT(results[mb * 32 + me],
                              rotl32(x, n) & mask_tab[mb + 32][me + 32],
                              "rlwnm v%u %u,%u,%u", v, n, mb, me);
                }
            }
        }
    }
}

static void sweep_rld(void)
{
    for (unsigned v = 0; v < NVALUES; v++) {
        uint64_t x = values[v];

        /* per SH: the 64 MB/ME values of the four MD forms */
        for (unsigned sh = 0; sh < 64; sh++) {
            for (unsigned b = 0; b < 64; b++) {
                add_result(md_insn(0, R_IN, R_T, sh, b), 0, b);
                add_result(md_insn(1, R_IN, R_T, sh, b), 0, 64 + b);
                add_result(md_insn(2, R_IN, R_T, sh, b), 0, 128 + b);
                add_result(md_insn(3, R_IN, R_T, sh, b), 1, 192 + b);
            }
            run(x, INSERT_RA);
            for (unsigned b = 0; b < 64; b++) {
                uint64_t r = rotl64(x, sh), m = mask_tab[b][63 - sh];

                CHECK_FMT(results[b], r & mask_tab[b][63],
                          "rldicl v%u %u,%u", v, sh, b);
                CHECK_FMT(results[64 + b], r & mask_tab[0][b],
                          "rldicr v%u %u,%u", v, sh, b);
                CHECK_FMT(results[128 + b], r & m,
                          "rldic v%u %u,%u", v, sh, b);
                CHECK_FMT(results[192 + b], (r & m) | (INSERT_RA & ~m),
                          "rldimi v%u %u,%u", v, sh, b);
            }
        }
        /* rldcl/rldcr: count = (RB)58:63 */
        for (unsigned n = 0; n < 128; n += 5) {
            uint64_t rb = n | 0x1234567800000000ull;

            for (unsigned b = 0; b < 64; b++) {
                add_result(mds_insn(8, R_IN, R_T, R_RA, b), 0, b);
                add_result(mds_insn(9, R_IN, R_T, R_RA, b), 0, 64 + b);
            }
            run(x, rb);
            for (unsigned b = 0; b < 64; b++) {
                CHECK_FMT(results[b], rotl64(x, n) & mask_tab[b][63],
                          "rldcl v%u %u,%u", v, n, b);
                CHECK_FMT(results[64 + b], rotl64(x, n) & mask_tab[0][b],
                          "rldcr v%u %u,%u", v, n, b);
            }
        }
    }
}

/* srawi, sradi (with XER after each) and extswsli, every shift count */
static void sweep_shift_imm(void)
{
    static const uint64_t sv[] = {
        0x0123456789abcdef, 0xfedcba9876543210, 0x00000000f0000001,
        0x8000000000000000, 0xffffffff80000000, 0x0000000080000000,
        0xffffffffffffffff, 0,
    };

    for (unsigned v = 0; v < sizeof(sv) / sizeof(sv[0]); v++) {
        uint64_t x = sv[v];

        for (unsigned sh = 0; sh < 64; sh++) {
            if (sh < 32) {
                emit(31u << 26 | R_IN << 21 | R_T << 16 | sh << 11 |
                     824 << 1);                                 /* srawi */
                emit(std_insn(R_T, R_OUT, sh * 40));
                emit(mfxer_insn(R_X));
                emit(std_insn(R_X, R_OUT, sh * 40 + 8));
            }
            emit(xs_insn(413, R_IN, R_T, sh));                  /* sradi */
            emit(std_insn(R_T, R_OUT, sh * 40 + 16));
            emit(mfxer_insn(R_X));
            emit(std_insn(R_X, R_OUT, sh * 40 + 24));
            emit(xs_insn(445, R_IN, R_T, sh));                  /* extswsli */
            emit(std_insn(R_T, R_OUT, sh * 40 + 32));
        }
        run(x, 0);
        for (unsigned sh = 0; sh < 64; sh++) {
            const uint64_t *r = &results[sh * 5];
            int ca;
            uint64_t want;

            if (sh < 32) {
                want = ref_sra((int32_t)x, sh, 32, &ca);
                CHECK_FMT(r[0], want, "srawi v%u %u", v, sh);
                CHECK_FMT(r[1] & XER_FLAGS, ca ? CA | CA32 : 0,
                          "srawi v%u %u XER", v, sh);
            }
            want = ref_sra((int64_t)x, sh, 64, &ca);
            CHECK_FMT(r[2], want, "sradi v%u %u", v, sh);
            CHECK_FMT(r[3] & XER_FLAGS, ca ? CA | CA32 : 0,
                      "sradi v%u %u XER", v, sh);
            CHECK_FMT(r[4], (uint64_t)(int64_t)(int32_t)x << sh,
                      "extswsli v%u %u", v, sh);
        }
    }
}

/* the register-count shifts, counts 0..127 (plus junk above them) */
static void sweep_shift_reg(void)
{
    static const uint64_t sv[] = {
        0x0123456789abcdef, 0xfedcba9876543210, 0x8000000000000000,
        0x0000000080000000, 0xffffffff80000000, 0xffffffffffffffff,
        0x0000000000000001,
    };
    char name[48];

    for (unsigned v = 0; v < sizeof(sv) / sizeof(sv[0]); v++) {
        uint64_t x = opaque(sv[v]);

        for (unsigned n = 0; n < 128; n++) {
            uint64_t rb = opaque(n | (n & 8 ? 0xff00 : 0));
            unsigned n6 = n & 63, n7 = n & 127;
            struct fx g;
            int ca;
            uint64_t want;

            rt_snprintf(name, sizeof(name), "slw v%u %u", v, n);
            FX_CHECK(name, FX3("slw", x, rb, CA),
                     n6 < 32 ? (x << n6) & 0xffffffff : 0, CA, NO_CR);
            rt_snprintf(name, sizeof(name), "srw v%u %u", v, n);
            FX_CHECK(name, FX3("srw", x, rb, 0),
                     n6 < 32 ? (x & 0xffffffff) >> n6 : 0, 0, NO_CR);
            rt_snprintf(name, sizeof(name), "sld v%u %u", v, n);
            FX_CHECK(name, FX3("sld", x, rb, 0), n7 < 64 ? x << n7 : 0, 0,
                     NO_CR);
            rt_snprintf(name, sizeof(name), "srd v%u %u", v, n);
            FX_CHECK(name, FX3("srd", x, rb, 0), n7 < 64 ? x >> n7 : 0, 0,
                     NO_CR);

            want = ref_sra((int32_t)x, n6, 32, &ca);
            rt_snprintf(name, sizeof(name), "sraw v%u %u", v, n);
            g = FX3("sraw", x, rb, SO | CA | CA32);
            FX_CHECK(name, g, want, SO | (ca ? CA | CA32 : 0), NO_CR);
            want = ref_sra((int64_t)x, n7, 64, &ca);
            rt_snprintf(name, sizeof(name), "srad v%u %u", v, n);
            g = FX3("srad", x, rb, 0);
            FX_CHECK(name, g, want, ca ? CA | CA32 : 0, NO_CR);
        }
    }
}

/* ---------------------------------------------------- hand cases */

static void hand_cases(void)
{
    struct fx g;

    /* slwi 8 = rlwinm 8,0,23: the high word is cleared */
    g = FXI("slwi", 0xffffffff00000001, 8, 0);
    FX_CHECK("slwi", g, 0x100, 0, NO_CR);
    /* rotlwi replicates the word: rlwinm with a wrapping mask (mb > me)
       keeps bits of the copy in the high word */
    __asm__ volatile("rlwinm %0, %1, 4, 28, 3" : "=r"(g.rt)
                     : "r"(opaque(0x12345678)));
    /* ROTL32 = 0x23456781_23456781; MASK(60, 35) = 0xffffffff_f000000f */
    CHECK_EQ("rlwinm wrap", g.rt, 0x2345678120000001ull);
    __asm__ volatile("rlwinm. %0, %1, 0, 31, 0\n\tmfcr %1" : "=r"(g.rt),
                     "=r"(g.cr) : "1"(opaque(0x80000001)) : "cr0");
    CHECK_EQ("rlwinm. wrap all", g.rt, 0x8000000180000001ull);
    CHECK_EQ("rlwinm. CR0", (g.cr >> 28) & 0xf, LT);
    /* srawi 31 of a negative word: -1; CA only if one of the 31 bits
       shifted out is 1 (the sign bit stays) */
    FX_CHECK("srawi 31", FXI("srawi", 0x80000000, 31, 0), -1, 0, NO_CR);
    FX_CHECK("srawi 31 ca", FXI("srawi", 0x80000001, 31, 0), -1, CA | CA32,
             NO_CR);
    FX_CHECK("srawi 0", FXI("srawi", 0x80000000, 0, CA | CA32),
             0xffffffff80000000, 0, NO_CR);
    FX_CHECK("srawi. pos", FXI("srawi.", 0x7fffffff, 4, 0), 0x07ffffff, 0,
             GT);
    FX_CHECK("sradi 63", FXI("sradi", 0x8000000000000000, 63, 0), -1, 0,
             NO_CR);
    FX_CHECK("sradi. 1", FXI("sradi.", 0x8000000000000001, 1, 0),
             0xc000000000000000, CA | CA32, LT);
    /* srad by 64 shifts out the sign bit itself */
    FX_CHECK("srad 64", FX3("srad", 0x8000000000000000, 64, 0), -1,
             CA | CA32, NO_CR);
    FX_CHECK("srad 63", FX3("srad", 0x8000000000000000, 63, 0), -1, 0,
             NO_CR);
    FX_CHECK("srad 128 is 0", FX3("srad", 0x8000000000000001, 128, 0),
             0x8000000000000001, 0, NO_CR);
    /* sraw uses (RB)58:63: 32..63 give the sign; 64 is a shift by 0 */
    FX_CHECK("sraw 32", FX3("sraw", 0x80000000, 32, 0), -1, CA | CA32,
             NO_CR);
    FX_CHECK("sraw 64", FX3("sraw", 0x80000000, 64, 0), 0xffffffff80000000,
             0, NO_CR);
    FX_CHECK("sraw. 1", FX3("sraw.", 0x00000000fffffffd, 1, 0), -2,
             CA | CA32, LT);
    FX_CHECK("slw. 32", FX3("slw.", 0xffffffff, 32, SO), 0, SO, EQ | CR_SO);
    FX_CHECK("sld. 63", FX3("sld.", 1, 63, 0), 0x8000000000000000, 0, LT);
    FX_CHECK("srd. 64", FX3("srd.", ~0ull, 64, 0), 0, 0, EQ);
    FX_CHECK("srw. 31", FX3("srw.", 0xffffffff80000000, 31, 0), 1, 0, GT);
    FX_CHECK("extswsli.", FXI("extswsli.", 0x80000000, 1, 0),
             0xffffffff00000000, 0, LT);
    FX_CHECK("extswsli 63", FXI("extswsli", 1, 63, 0), 0x8000000000000000, 0,
             NO_CR);
    FX_CHECK("rldicl. srdi", FXI("srdi.", 0x8000000000000000, 63, 0), 1, 0,
             GT);
    FX_CHECK("rldicr. sldi", FXI("sldi.", 3, 62, 0), 0xc000000000000000, 0,
             LT);
    /* Rc in 32-bit mode: CR0 from the low word */
    FX_CHECK("sld. 32-bit", FX3_32("sld.", 1, 32, 0), 0x100000000, 0, EQ);
}

int main(void)
{
    init_masks();
    hand_cases();
    sweep_shift_reg();
    sweep_shift_imm();
    sweep_rlw();
    sweep_rld();
    return 0;
}
