/*
 * The vector facility (Power ISA 3.0B Book I chapter 6).
 *
 * Operands travel between memory and VRs with lxvb16x/stxvb16x, which put
 * byte i of memory in byte i of the register in either byte order, so a
 * 16-byte buffer here is a register in the ISA's numbering (b[0] is the
 * leftmost byte).  Each instruction runs on pseudo-random operands and is
 * compared with a reference written here in plain C from the ISA's
 * pseudocode (element i of a register is bytes i*size .. i*size+size-1,
 * big-endian).  The loads and stores whose result depends on the byte
 * order (lvx, lvebx..., lvsl/lvsr) are checked against the ISA's rules for
 * each order.
 */
#include "fpvec.h"


/* ------------------------------------------------- element access */


static int64_t sext(uint64_t x, int size)
{
    int sh = 64 - 8 * size;

    return sh ? (int64_t)(x << sh) >> sh : (int64_t)x;
}

static uint64_t mask_of(int size)
{
    return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static int sat; /* the reference's VSCR[SAT] */

static uint64_t clamp_s(int64_t v, int size)
{
    int64_t hi = (int64_t)(mask_of(size) >> 1), lo = -hi - 1;

    if (v > hi) {
        sat = 1;
        return (uint64_t)hi;
    }
    if (v < lo) {
        sat = 1;
        return (uint64_t)lo & mask_of(size);
    }
    return (uint64_t)v & mask_of(size);
}

static uint64_t clamp_u(int64_t v, int size)
{
    if (v < 0) {
        sat = 1;
        return 0;
    }
    if ((uint64_t)v > mask_of(size)) {
        sat = 1;
        return mask_of(size);
    }
    return (uint64_t)v;
}

/* ------------------------------------------------------ references */

typedef void (*ref_fn)(uint8_t *r, const uint8_t *a, const uint8_t *b,
                       const uint8_t *c, int size);

enum {
    ADDM, SUBM, ADDUS, ADDSS, SUBUS, SUBSS, MAXU, MAXS, MINU, MINS, AVGU,
    AVGS, ABSDU, RL, SL, SR, SRA, CMPEQ, CMPGTU, CMPGTS, CMPNE, CMPNEZ,
    MULEU, MULOU, MULES, MULOS, MRGH, MRGL, PKUM, PKUS, PKSS, PKSU,
};

/* the element-wise instructions, one switch from the ISA's definitions */
static uint64_t elem_op(int op, uint64_t x, uint64_t y, int size)
{
    int64_t sx = sext(x, size), sy = sext(y, size);
    unsigned bits = 8 * size, n = y & (bits - 1);
    uint64_t m = mask_of(size);

    switch (op) {
    case ADDM: return (x + y) & m;
    case SUBM: return (x - y) & m;
    case ADDUS: return clamp_u((int64_t)(x + y), size);
    case ADDSS: return clamp_s(sx + sy, size);
    case SUBUS: return clamp_u((int64_t)x - (int64_t)y, size);
    case SUBSS: return clamp_s(sx - sy, size);
    case MAXU: return x > y ? x : y;
    case MAXS: return (uint64_t)(sx > sy ? sx : sy) & m;
    case MINU: return x < y ? x : y;
    case MINS: return (uint64_t)(sx < sy ? sx : sy) & m;
    case AVGU: return (x + y + 1) >> 1;
    case AVGS: return (uint64_t)((sx + sy + 1) >> 1) & m;
    case ABSDU: return x > y ? x - y : y - x;
    case RL: return n ? ((x << n) | (x >> (bits - n))) & m : x;
    case SL: return (x << n) & m;
    case SR: return x >> n;
    case SRA: return (uint64_t)(sx >> n) & m;
    case CMPEQ: return x == y ? m : 0;
    case CMPGTU: return x > y ? m : 0;
    case CMPGTS: return sx > sy ? m : 0;
    case CMPNE: return x != y ? m : 0;
    case CMPNEZ: return (x != y || x == 0 || y == 0) ? m : 0;
    default: return 0;
    }
}

static void ref_elem(uint8_t *r, const uint8_t *a, const uint8_t *b,
                     int size, int op)
{
    for (int i = 0; i < 16 / size; i++) {
        put(r, size, i, elem_op(op, get(a, size, i), get(b, size, i), size));
    }
}

/* multiply even/odd: elements 2i (2i+1) into double-width element i */
static void ref_mul(uint8_t *r, const uint8_t *a, const uint8_t *b,
                    int size, int op)
{
    int odd = op == MULOU || op == MULOS, sgn = op == MULES || op == MULOS;

    for (int i = 0; i < 8 / size; i++) {
        uint64_t x = get(a, size, 2 * i + odd), y = get(b, size, 2 * i + odd);
        uint64_t p = sgn ? (uint64_t)(sext(x, size) * sext(y, size)) : x * y;
        put(r, 2 * size, i, p & mask_of(2 * size));
    }
}

static void ref_merge(uint8_t *r, const uint8_t *a, const uint8_t *b,
                      int size, int op)
{
    int n = 16 / size, first = op == MRGH ? 0 : n / 2;

    for (int i = 0; i < n / 2; i++) {
        put(r, size, 2 * i, get(a, size, first + i));
        put(r, size, 2 * i + 1, get(b, size, first + i));
    }
}

/* pack: elements of size `size` of a||b into half-size elements */
static void ref_pack(uint8_t *r, const uint8_t *a, const uint8_t *b,
                     int size, int op)
{
    int n = 16 / size, h = size / 2;

    for (int i = 0; i < 2 * n; i++) {
        uint64_t x = i < n ? get(a, size, i) : get(b, size, i - n);
        uint64_t v;

        switch (op) {
        case PKUM: v = x & mask_of(h); break;
        case PKUS: v = x > mask_of(h) ? (sat = 1, mask_of(h)) : x; break;
        case PKSS: v = clamp_s(sext(x, size), h); break;
        default: v = clamp_u(sext(x, size), h); break;
        }
        put(r, h, i, v);
    }
}

/* ------------------------------------------------ the instructions */

/* VRT=v3, VRA=v0, VRB=v1, VRC=v2 */
#define LOAD3(a, b, c)                                                        \
    "lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\tlxvb16x 34, 0, %3\n\t"
#define STORE "\n\tstxvb16x 35, 0, %0"

typedef void (*run_fn)(uint8_t *r, const uint8_t *a, const uint8_t *b,
                       const uint8_t *c);

#define RUN3(insn)                                                            \
    static void run_##insn(uint8_t *r, const uint8_t *a, const uint8_t *b,    \
                           const uint8_t *c)                                  \
    {                                                                         \
        __asm__ volatile(LOAD3(a, b, c) #insn " 3, 0, 1" STORE                \
                         : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");      \
    }
#define RUN2(insn)                                                            \
    static void run_##insn(uint8_t *r, const uint8_t *a, const uint8_t *b,    \
                           const uint8_t *c)                                  \
    {                                                                         \
        __asm__ volatile(LOAD3(a, b, c) #insn " 3, 1" STORE                   \
                         : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");      \
    }
#define RUN4(insn)                                                            \
    static void run_##insn(uint8_t *r, const uint8_t *a, const uint8_t *b,    \
                           const uint8_t *c)                                  \
    {                                                                         \
        __asm__ volatile(LOAD3(a, b, c) #insn " 3, 0, 1, 2" STORE             \
                         : : "r"(r), "r"(a), "r"(b), "r"(c) : "memory");      \
    }

struct elem_test {
    const char *name;
    run_fn run;
    int op, size;
};

#define E(insn, op, size) RUN3(insn)
#define ELEM_TESTS(X)                                                         \
    X(vaddubm, ADDM, 1) X(vadduhm, ADDM, 2) X(vadduwm, ADDM, 4)               \
    X(vaddudm, ADDM, 8) X(vsububm, SUBM, 1) X(vsubuhm, SUBM, 2)               \
    X(vsubuwm, SUBM, 4) X(vsubudm, SUBM, 8)                                   \
    X(vaddubs, ADDUS, 1) X(vadduhs, ADDUS, 2) X(vadduws, ADDUS, 4)            \
    X(vaddsbs, ADDSS, 1) X(vaddshs, ADDSS, 2) X(vaddsws, ADDSS, 4)            \
    X(vsububs, SUBUS, 1) X(vsubuhs, SUBUS, 2) X(vsubuws, SUBUS, 4)            \
    X(vsubsbs, SUBSS, 1) X(vsubshs, SUBSS, 2) X(vsubsws, SUBSS, 4)            \
    X(vmaxub, MAXU, 1) X(vmaxuh, MAXU, 2) X(vmaxuw, MAXU, 4)                  \
    X(vmaxud, MAXU, 8) X(vmaxsb, MAXS, 1) X(vmaxsh, MAXS, 2)                  \
    X(vmaxsw, MAXS, 4) X(vmaxsd, MAXS, 8) X(vminub, MINU, 1)                  \
    X(vminuh, MINU, 2) X(vminuw, MINU, 4) X(vminud, MINU, 8)                  \
    X(vminsb, MINS, 1) X(vminsh, MINS, 2) X(vminsw, MINS, 4)                  \
    X(vminsd, MINS, 8) X(vavgub, AVGU, 1) X(vavguh, AVGU, 2)                  \
    X(vavguw, AVGU, 4) X(vavgsb, AVGS, 1) X(vavgsh, AVGS, 2)                  \
    X(vavgsw, AVGS, 4) X(vabsdub, ABSDU, 1) X(vabsduh, ABSDU, 2)              \
    X(vabsduw, ABSDU, 4) X(vrlb, RL, 1) X(vrlh, RL, 2) X(vrlw, RL, 4)         \
    X(vrld, RL, 8) X(vslb, SL, 1) X(vslh, SL, 2) X(vslw, SL, 4)               \
    X(vsld, SL, 8) X(vsrb, SR, 1) X(vsrh, SR, 2) X(vsrw, SR, 4)               \
    X(vsrd, SR, 8) X(vsrab, SRA, 1) X(vsrah, SRA, 2) X(vsraw, SRA, 4)         \
    X(vsrad, SRA, 8) X(vcmpequb, CMPEQ, 1) X(vcmpequh, CMPEQ, 2)              \
    X(vcmpequw, CMPEQ, 4) X(vcmpequd, CMPEQ, 8) X(vcmpgtub, CMPGTU, 1)        \
    X(vcmpgtuh, CMPGTU, 2) X(vcmpgtuw, CMPGTU, 4) X(vcmpgtud, CMPGTU, 8)      \
    X(vcmpgtsb, CMPGTS, 1) X(vcmpgtsh, CMPGTS, 2) X(vcmpgtsw, CMPGTS, 4)      \
    X(vcmpgtsd, CMPGTS, 8) X(vcmpneb, CMPNE, 1) X(vcmpneh, CMPNE, 2)          \
    X(vcmpnew, CMPNE, 4) X(vcmpnezb, CMPNEZ, 1) X(vcmpnezh, CMPNEZ, 2)        \
    X(vcmpnezw, CMPNEZ, 4)                                                    \
    X(vmuleub, MULEU, 1) X(vmuloub, MULOU, 1) X(vmulesb, MULES, 1)            \
    X(vmulosb, MULOS, 1) X(vmuleuh, MULEU, 2) X(vmulouh, MULOU, 2)            \
    X(vmulesh, MULES, 2) X(vmulosh, MULOS, 2) X(vmuleuw, MULEU, 4)            \
    X(vmulouw, MULOU, 4) X(vmulesw, MULES, 4) X(vmulosw, MULOS, 4)            \
    X(vmrghb, MRGH, 1) X(vmrghh, MRGH, 2) X(vmrghw, MRGH, 4)                  \
    X(vmrglb, MRGL, 1) X(vmrglh, MRGL, 2) X(vmrglw, MRGL, 4)                  \
    X(vpkuhum, PKUM, 2) X(vpkuwum, PKUM, 4) X(vpkudum, PKUM, 8)               \
    X(vpkuhus, PKUS, 2) X(vpkuwus, PKUS, 4) X(vpkudus, PKUS, 8)               \
    X(vpkshss, PKSS, 2) X(vpkswss, PKSS, 4) X(vpksdss, PKSS, 8)               \
    X(vpkshus, PKSU, 2) X(vpkswus, PKSU, 4) X(vpksdus, PKSU, 8)

ELEM_TESTS(E)
#undef E
#define E(insn, op, size) {#insn, run_##insn, op, size},
static const struct elem_test elem_tests[] = {ELEM_TESTS(E)};
#undef E

/* ------------------------------------------------------- test driver */

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* random operands, with equal and zero elements common enough for the
   compares and the saturating forms' edge cases */
static void rnd_vec(uint8_t *v, const uint8_t *like)
{
    uint64_t x = rnd(), y = rnd(), sel = rnd();

    for (int i = 0; i < 16; i++) {
        v[i] = (uint8_t)((i < 8 ? x : y) >> (8 * (i & 7)));
        if (like && (sel >> (2 * i) & 3) == 0) {
            v[i] = like[i];
        } else if ((sel >> (2 * i) & 3) == 1) {
            v[i] = (sel >> 40) & 1 ? 0 : 0xff;
        }
    }
}

static uint32_t get_vscr(void)
{
    vec t;

    __asm__ volatile("mfvscr 3\n\tstxvb16x 35, 0, %0" : : "r"(t) : "memory");
    return (uint32_t)get(t, 4, 3);
}

static void clear_vscr(void)
{
    static const vec zero;

    __asm__ volatile("lxvb16x 32, 0, %0\n\tmtvscr 0" : : "r"(zero) : "memory");
}

static void test_elementwise(void)
{
    unsigned bad = 0;

    for (unsigned t = 0; t < sizeof(elem_tests) / sizeof(elem_tests[0]);
         t++) {
        const struct elem_test *e = &elem_tests[t];

        for (int k = 0; k < 48; k++) {
            vec a, b, c = {0}, r, want;
            int op = e->op;

            rnd_vec(a, NULL);
            rnd_vec(b, a);
            sat = 0;
            clear_vscr();
            e->run(r, a, b, c);
            if (op >= MULEU && op <= MULOS) {
                ref_mul(want, a, b, e->size, op);
            } else if (op == MRGH || op == MRGL) {
                ref_merge(want, a, b, e->size, op);
            } else if (op >= PKUM) {
                ref_pack(want, a, b, e->size, op);
            } else {
                ref_elem(want, a, b, e->size, op);
            }
            if (!vec_eq(r, want) || (get_vscr() & 1) != (uint32_t)sat) {
                fail_vec(e->name, a, b, c, r, want);
                bad++;
            }
        }
    }
    CHECK_EQ("element-wise vectors failing", bad, 0);
}

/* ---------------------------------------- whole-register and VA forms */

RUN3(vsl) RUN3(vsr) RUN3(vslo) RUN3(vsro) RUN3(vslv) RUN3(vsrv)
RUN3(vadduqm) RUN3(vsubuqm) RUN3(vaddcuw) RUN3(vsubcuw) RUN3(vmuluwm)
RUN3(vsumsws) RUN3(vsum2sws) RUN3(vsum4sbs) RUN3(vsum4ubs) RUN3(vsum4shs)
RUN3(vbpermq) RUN3(vbpermd) RUN3(vmrgew) RUN3(vmrgow)
RUN3(vand) RUN3(vandc) RUN3(vor) RUN3(vxor) RUN3(vnor) RUN3(vorc)
RUN3(vnand) RUN3(veqv)
RUN4(vperm) RUN4(vpermr) RUN4(vsel) RUN4(vpermxor) RUN4(vmladduhm)
RUN4(vmsumubm) RUN4(vmsummbm) RUN4(vmsumuhm) RUN4(vmsumshm)
RUN4(vmsumuhs) RUN4(vmsumshs)
RUN2(vclzb) RUN2(vclzh) RUN2(vclzw) RUN2(vclzd) RUN2(vctzb) RUN2(vctzh)
RUN2(vctzw) RUN2(vctzd) RUN2(vpopcntb) RUN2(vpopcnth) RUN2(vpopcntw)
RUN2(vpopcntd) RUN2(vnegw) RUN2(vnegd) RUN2(vextsb2w) RUN2(vextsh2w)
RUN2(vextsb2d) RUN2(vextsh2d) RUN2(vextsw2d) RUN2(vgbbd) RUN2(vupkhsb)
RUN2(vupklsb) RUN2(vupkhsh) RUN2(vupklsh) RUN2(vupkhsw) RUN2(vupklsw)
RUN2(vprtybw) RUN2(vprtybd) RUN2(vprtybq)

static void ref_whole(const char *name, uint8_t *r, const uint8_t *a,
                      const uint8_t *b, const uint8_t *c)
{
    memset(r, 0, 16);
#define IS(n) (strcmp(name, n) == 0)
    if (IS("vsl") || IS("vsr")) {
        /* the whole register by VRB[125:127] (same in every byte) */
        unsigned sh = b[15] & 7;
        for (int i = 0; i < 16; i++) {
            unsigned hi, lo;
            if (IS("vsl")) {
                hi = a[i], lo = i < 15 ? a[i + 1] : 0;
                r[i] = (uint8_t)(((hi << 8 | lo) << sh) >> 8);
            } else {
                hi = i > 0 ? a[i - 1] : 0, lo = a[i];
                r[i] = (uint8_t)((hi << 8 | lo) >> sh);
            }
        }
    } else if (IS("vslo") || IS("vsro")) {
        unsigned n = (b[15] >> 3) & 15;
        for (int i = 0; i < 16; i++) {
            int from = IS("vslo") ? i + (int)n : i - (int)n;
            r[i] = from >= 0 && from < 16 ? a[from] : 0;
        }
    } else if (IS("vslv") || IS("vsrv")) {
        for (int i = 0; i < 16; i++) {
            unsigned sh = b[i] & 7, hi, lo;
            if (IS("vslv")) {
                hi = a[i], lo = i < 15 ? a[i + 1] : 0;
                r[i] = (uint8_t)(((hi << 8 | lo) << sh) >> 8);
            } else {
                hi = i > 0 ? a[i - 1] : 0, lo = a[i];
                r[i] = (uint8_t)((hi << 8 | lo) >> sh);
            }
        }
    } else if (IS("vadduqm") || IS("vsubuqm")) {
        unsigned carry = IS("vsubuqm");
        for (int i = 15; i >= 0; i--) {
            unsigned y = IS("vsubuqm") ? (uint8_t)~b[i] : b[i];
            unsigned s = a[i] + y + carry;
            r[i] = (uint8_t)s;
            carry = s >> 8;
        }
    } else if (IS("vaddcuw") || IS("vsubcuw") || IS("vmuluwm")) {
        for (int i = 0; i < 4; i++) {
            uint64_t x = get(a, 4, i), y = get(b, 4, i);
            put(r, 4, i, IS("vaddcuw") ? (x + y) >> 32
                         : IS("vsubcuw") ? (x + (~y & 0xffffffff) + 1) >> 32
                                         : (x * y) & 0xffffffff);
        }
    } else if (IS("vsumsws")) {
        int64_t s = sext(get(b, 4, 3), 4);
        for (int i = 0; i < 4; i++) {
            s += sext(get(a, 4, i), 4);
        }
        put(r, 4, 3, clamp_s(s, 4));
    } else if (IS("vsum2sws")) {
        for (int j = 0; j < 2; j++) {
            int64_t s = sext(get(a, 4, 2 * j), 4) +
                        sext(get(a, 4, 2 * j + 1), 4) +
                        sext(get(b, 4, 2 * j + 1), 4);
            put(r, 4, 2 * j + 1, clamp_s(s, 4));
        }
    } else if (IS("vsum4sbs") || IS("vsum4ubs") || IS("vsum4shs")) {
        for (int i = 0; i < 4; i++) {
            int64_t s = IS("vsum4ubs") ? (int64_t)get(b, 4, i)
                                       : sext(get(b, 4, i), 4);
            if (IS("vsum4shs")) {
                s += sext(get(a, 2, 2 * i), 2) + sext(get(a, 2, 2 * i + 1), 2);
            } else {
                for (int j = 0; j < 4; j++) {
                    s += IS("vsum4ubs") ? a[4 * i + j]
                                        : sext(a[4 * i + j], 1);
                }
            }
            put(r, 4, i, IS("vsum4ubs") ? clamp_u(s, 4) : clamp_s(s, 4));
        }
    } else if (IS("vbpermq")) {
        unsigned perm = 0;
        for (int i = 0; i < 16; i++) {
            unsigned idx = b[i];
            perm = perm << 1 |
                   (idx < 128 ? (a[idx / 8] >> (7 - idx % 8)) & 1 : 0);
        }
        put(r, 8, 0, perm);
    } else if (IS("vbpermd")) {
        for (int d = 0; d < 2; d++) {
            unsigned perm = 0;
            for (int j = 0; j < 8; j++) {
                unsigned idx = b[8 * d + j];
                perm = perm << 1 | (idx < 64 ? (a[8 * d + idx / 8] >>
                                                (7 - idx % 8)) & 1
                                             : 0);
            }
            put(r, 8, d, perm);
        }
    } else if (IS("vmrgew") || IS("vmrgow")) {
        int odd = IS("vmrgow");
        put(r, 4, 0, get(a, 4, odd));
        put(r, 4, 1, get(b, 4, odd));
        put(r, 4, 2, get(a, 4, 2 + odd));
        put(r, 4, 3, get(b, 4, 2 + odd));
    } else if (name[1] != 'm' || IS("vnand") || IS("vnor")) {
        /* the logical ones and the VA permutes */
        for (int i = 0; i < 16; i++) {
            unsigned x = a[i], y = b[i], z = c[i];
            r[i] = (uint8_t)(IS("vand") ? x & y : IS("vandc") ? x & ~y
                : IS("vor") ? x | y : IS("vxor") ? x ^ y
                : IS("vnor") ? ~(x | y) : IS("vorc") ? x | ~y
                : IS("vnand") ? ~(x & y) : IS("veqv") ? ~(x ^ y)
                : IS("vsel") ? (x & ~z) | (y & z)
                : IS("vperm") ? ((z & 31) < 16 ? a[z & 31] : b[(z & 31) - 16])
                : IS("vpermr") ? ((31 - (z & 31)) < 16 ? a[31 - (z & 31)]
                                                       : b[15 - (z & 31)])
                : a[z >> 4] ^ b[z & 15]); /* vpermxor */
        }
    } else if (IS("vmladduhm")) {
        for (int i = 0; i < 8; i++) {
            put(r, 2, i, (get(a, 2, i) * get(b, 2, i) + get(c, 2, i)) & 0xffff);
        }
    } else {
        /* vmsum[um]bm, vmsum[us]hm, vmsum[us]hs */
        int bytes = name[6] == 'b', sgn_a = name[5] == 'm' || name[5] == 's';
        int sgn_b = name[5] == 's', satur = name[7] == 's';
        for (int i = 0; i < 4; i++) {
            int64_t s = sgn_a ? sext(get(c, 4, i), 4) : (int64_t)get(c, 4, i);
            int n = bytes ? 4 : 2, sz = bytes ? 1 : 2;
            for (int j = 0; j < n; j++) {
                uint64_t x = get(a, sz, n * i + j), y = get(b, sz, n * i + j);
                s += (sgn_a ? sext(x, sz) : (int64_t)x) *
                     (sgn_b ? sext(y, sz) : (int64_t)y);
            }
            if (satur) {
                put(r, 4, i, sgn_a ? clamp_s(s, 4) : clamp_u(s, 4));
            } else {
                put(r, 4, i, (uint64_t)s & 0xffffffff);
            }
        }
    }
#undef IS
}

static unsigned popc(uint64_t x)
{
    unsigned n = 0;

    for (; x; x &= x - 1) {
        n++;
    }
    return n;
}

static void ref_unary(const char *name, uint8_t *r, const uint8_t *b)
{
    int size = name[4] == 'b' ? 1 : name[4] == 'h' ? 2
             : name[4] == 'w' ? 4 : 8;
#define IS(n) (strcmp(name, n) == 0)
    memset(r, 0, 16);
    if (name[1] == 'c' || (name[1] == 'p' && name[2] == 'o')) {
        /* vclz*, vctz*, vpopcnt*: name[4] or name[7] says the size */
        if (name[1] == 'p') {
            size = name[7] == 'b' ? 1 : name[7] == 'h' ? 2
                 : name[7] == 'w' ? 4 : 8;
        }
        for (int i = 0; i < 16 / size; i++) {
            uint64_t x = get(b, size, i);
            unsigned n = 0, bits = 8 * size;
            if (name[2] == 'l') {
                while (n < bits && !((x >> (bits - 1 - n)) & 1)) n++;
            } else if (name[2] == 't') {
                while (n < bits && !((x >> n) & 1)) n++;
            } else {
                n = popc(x);
            }
            put(r, size, i, n);
        }
    } else if (IS("vnegw") || IS("vnegd")) {
        size = IS("vnegw") ? 4 : 8;
        for (int i = 0; i < 16 / size; i++) {
            put(r, size, i, (0 - get(b, size, i)) & mask_of(size));
        }
    } else if (name[1] == 'e') {
        /* vexts[bhw]2[wd]: the low part of each element, sign-extended */
        int from = name[5] == 'b' ? 1 : name[5] == 'h' ? 2 : 4;
        int to = name[7] == 'w' ? 4 : 8;
        for (int i = 0; i < 16 / to; i++) {
            put(r, to, i, (uint64_t)sext(get(b, from, (i + 1) * to / from - 1),
                                         from) & mask_of(to));
        }
    } else if (IS("vgbbd")) {
        for (int d = 0; d < 2; d++) {
            for (int j = 0; j < 8; j++) {
                for (int k = 0; k < 8; k++) {
                    unsigned bit = (b[8 * d + k] >> (7 - j)) & 1;
                    r[8 * d + j] |= (uint8_t)(bit << (7 - k));
                }
            }
        }
    } else if (name[1] == 'u') {
        /* vupk[hl]s[bhw]: elements of the high or low half, sign-extended */
        int from = name[6] == 'b' ? 1 : name[6] == 'h' ? 2 : 4;
        int first = name[4] == 'h' ? 0 : 8 / from;
        for (int i = 0; i < 8 / from; i++) {
            put(r, 2 * from, i,
                (uint64_t)sext(get(b, from, first + i), from) &
                    mask_of(2 * from));
        }
    } else {
        /* vprtyb[wdq]: parity of the low bit of each byte */
        size = name[6] == 'w' ? 4 : name[6] == 'd' ? 8 : 16;
        for (int i = 0; i < 16 / size; i++) {
            unsigned p = 0;
            for (int k = 0; k < size; k++) {
                p ^= b[i * size + k] & 1;
            }
            r[i * size + size - 1] = (uint8_t)p;
        }
    }
#undef IS
}

struct named_run {
    const char *name;
    run_fn run;
};
#define NR(n) {#n, run_##n},
static const struct named_run whole_tests[] = {
    NR(vsl) NR(vsr) NR(vslo) NR(vsro) NR(vslv) NR(vsrv) NR(vadduqm)
    NR(vsubuqm) NR(vaddcuw) NR(vsubcuw) NR(vmuluwm) NR(vsumsws) NR(vsum2sws)
    NR(vsum4sbs) NR(vsum4ubs) NR(vsum4shs) NR(vbpermq) NR(vbpermd)
    NR(vmrgew) NR(vmrgow) NR(vand) NR(vandc) NR(vor) NR(vxor) NR(vnor)
    NR(vorc) NR(vnand) NR(veqv) NR(vperm) NR(vpermr) NR(vsel) NR(vpermxor)
    NR(vmladduhm) NR(vmsumubm) NR(vmsummbm) NR(vmsumuhm) NR(vmsumshm)
    NR(vmsumuhs) NR(vmsumshs)
};
static const struct named_run unary_tests[] = {
    NR(vclzb) NR(vclzh) NR(vclzw) NR(vclzd) NR(vctzb) NR(vctzh) NR(vctzw)
    NR(vctzd) NR(vpopcntb) NR(vpopcnth) NR(vpopcntw) NR(vpopcntd) NR(vnegw)
    NR(vnegd) NR(vextsb2w) NR(vextsh2w) NR(vextsb2d) NR(vextsh2d)
    NR(vextsw2d) NR(vgbbd) NR(vupkhsb) NR(vupklsb) NR(vupkhsh) NR(vupklsh)
    NR(vupkhsw) NR(vupklsw) NR(vprtybw) NR(vprtybd) NR(vprtybq)
};

static void test_whole(void)
{
    unsigned bad = 0;

    for (unsigned t = 0; t < sizeof(whole_tests) / sizeof(whole_tests[0]);
         t++) {
        for (int k = 0; k < 32; k++) {
            vec a, b, c, r, want;
            const char *n = whole_tests[t].name;

            rnd_vec(a, NULL);
            rnd_vec(b, NULL);
            rnd_vec(c, NULL);
            if (!strcmp(n, "vsl") || !strcmp(n, "vsr")) {
                memset(b, b[15] & 7, 16); /* one count in every byte */
            }
            sat = 0;
            clear_vscr();
            whole_tests[t].run(r, a, b, c);
            ref_whole(n, want, a, b, c);
            if (!vec_eq(r, want) || (get_vscr() & 1) != (uint32_t)sat) {
                fail_vec(n, a, b, c, r, want);
                bad++;
            }
        }
    }
    for (unsigned t = 0; t < sizeof(unary_tests) / sizeof(unary_tests[0]);
         t++) {
        for (int k = 0; k < 32; k++) {
            vec a = {0}, b, c = {0}, r, want;

            rnd_vec(b, NULL);
            if (k & 1) {
                b[k & 15] = 0; /* zero elements for the counts */
                b[(k + 7) & 15] = 0;
            }
            unary_tests[t].run(r, a, b, c);
            ref_unary(unary_tests[t].name, want, b);
            if (!vec_eq(r, want)) {
                fail_vec(unary_tests[t].name, a, b, c, r, want);
                bad++;
            }
        }
    }
    CHECK_EQ("whole-register vectors failing", bad, 0);
}

/* ------------------------------------- immediates and GPR results */

static void test_immediates(void)
{
    vec a, b, r, want;
    uint64_t g;

    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)(0x10 + i);
        b[i] = (uint8_t)(0xa0 + i);
    }
    /* vsldoi 5: bytes 5..20 of a||b */
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vsldoi 3, 0, 1, 5\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = i + 5 < 16 ? a[i + 5] : b[i + 5 - 16];
    }
    CHECK("vsldoi 5", vec_eq(r, want));
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vsldoi 3, 0, 1, 12\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = i + 12 < 16 ? a[i + 12] : b[i + 12 - 16];
    }
    CHECK("vsldoi 12", vec_eq(r, want));

    /* splats: vspltb 13, vsplth 6, vspltw 1, vspltis* -3 */
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvspltb 3, 1, 13\n\t"
                     "stxvb16x 35, 0, %0" : : "r"(r), "r"(b) : "memory");
    memset(want, b[13], 16);
    CHECK("vspltb", vec_eq(r, want));
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvsplth 3, 1, 6\n\t"
                     "stxvb16x 35, 0, %0" : : "r"(r), "r"(b) : "memory");
    for (int i = 0; i < 8; i++) {
        put(want, 2, i, get(b, 2, 6));
    }
    CHECK("vsplth", vec_eq(r, want));
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvspltw 3, 1, 1\n\t"
                     "stxvb16x 35, 0, %0" : : "r"(r), "r"(b) : "memory");
    for (int i = 0; i < 4; i++) {
        put(want, 4, i, get(b, 4, 1));
    }
    CHECK("vspltw", vec_eq(r, want));
    __asm__ volatile("vspltisb 3, -3\n\tstxvb16x 35, 0, %0"
                     : : "r"(r) : "memory");
    memset(want, 0xfd, 16);
    CHECK("vspltisb", vec_eq(r, want));
    __asm__ volatile("vspltish 3, -3\n\tstxvb16x 35, 0, %0"
                     : : "r"(r) : "memory");
    for (int i = 0; i < 8; i++) {
        put(want, 2, i, 0xfffd);
    }
    CHECK("vspltish", vec_eq(r, want));
    __asm__ volatile("vspltisw 3, 7\n\tstxvb16x 35, 0, %0"
                     : : "r"(r) : "memory");
    for (int i = 0; i < 4; i++) {
        put(want, 4, i, 7);
    }
    CHECK("vspltisw", vec_eq(r, want));

    /* vextractuh 5: bytes 5,6 zero-extended into doubleword 0 */
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvextractuh 3, 1, 5\n\t"
                     "stxvb16x 35, 0, %0" : : "r"(r), "r"(b) : "memory");
    memset(want, 0, 16);
    want[6] = b[5];
    want[7] = b[6];
    CHECK("vextractuh", vec_eq(r, want));
    /* vinsertw 8: bytes 4..7 of VRB into bytes 8..11 of VRT */
    __asm__ volatile("lxvb16x 35, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vinsertw 3, 1, 8\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "r"(a), "r"(b) : "memory");
    memcpy(want, a, 16);
    memcpy(want + 8, b + 4, 4);
    CHECK("vinsertw", vec_eq(r, want));

    /* vextublx/vextubrx RT,RA,VRB: byte RA from the left / the right;
       vextuwrx: the word whose last byte is RA from the right */
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvextublx %0, %2, 1"
                     : "=r"(g) : "r"(b), "r"(3ull) : "memory");
    CHECK_EQ("vextublx", g, b[3]);
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvextubrx %0, %2, 1"
                     : "=r"(g) : "r"(b), "r"(3ull) : "memory");
    CHECK_EQ("vextubrx", g, b[12]);
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvextuwrx %0, %2, 1"
                     : "=r"(g) : "r"(b), "r"(2ull) : "memory");
    CHECK_EQ("vextuwrx", g, get(b + 10, 4, 0));
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvextuhlx %0, %2, 1"
                     : "=r"(g) : "r"(b), "r"(9ull) : "memory");
    CHECK_EQ("vextuhlx", g, get(b + 9, 2, 0));

    /* vclzlsbb/vctzlsbb: bytes with bit 7 clear before the first set */
    memset(a, 0x02, 16);
    a[5] = 0x03;
    a[11] = 0x81;
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvclzlsbb %0, 1"
                     : "=r"(g) : "r"(a) : "memory");
    CHECK_EQ("vclzlsbb", g, 5);
    __asm__ volatile("lxvb16x 33, 0, %1\n\tvctzlsbb %0, 1"
                     : "=r"(g) : "r"(a) : "memory");
    CHECK_EQ("vctzlsbb", g, 4);
}

/* ------------------------------------------------- CR6 of compares */

static void test_cr6(void)
{
    vec a, b;
    uint64_t cr;

    memset(a, 0x41, 16);
    memcpy(b, a, 16);
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vcmpequb. 3, 0, 1\n\tmfcr %0"
                     : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr6");
    CHECK_EQ("vcmpequb. all", (cr >> 4) & 0xf, 8);
    b[9] = 0;
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vcmpequb. 3, 0, 1\n\tmfcr %0"
                     : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr6");
    CHECK_EQ("vcmpequb. some", (cr >> 4) & 0xf, 0);
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %2\n\t"
                     "vcmpgtub. 3, 1, 0\n\tmfcr %0"
                     : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr6");
    CHECK_EQ("vcmpgtub. none", (cr >> 4) & 0xf, 2);
    /* vcmpnezb.: the strlen idiom, true at the zero byte */
    __asm__ volatile("lxvb16x 32, 0, %1\n\tlxvb16x 33, 0, %1\n\t"
                     "vcmpnezb. 3, 0, 1\n\tmfcr %0"
                     : "=r"(cr) : "r"(b) : "memory", "cr6");
    CHECK_EQ("vcmpnezb. some", (cr >> 4) & 0xf, 0);
    /* the non-record form leaves CR6 alone */
    __asm__ volatile("crset 24\n\tcrclr 25\n\tcrclr 26\n\tcrclr 27\n\t"
                     "lxvb16x 32, 0, %1\n\tvcmpequb 3, 0, 0\n\tmfcr %0"
                     : "=r"(cr) : "r"(a) : "memory", "cr6");
    CHECK_EQ("vcmpequb CR6 kept", (cr >> 4) & 0xf, 8);
}

/* --------------------------------------- byte-order dependent accesses */

static const int le_mode = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

static void test_ldst(void)
{
    uint8_t mem[48] __attribute__((aligned(16)));
    vec r, want;
    uint8_t *p = mem + 16;

    for (int i = 0; i < 48; i++) {
        mem[i] = (uint8_t)(0x40 + i);
    }
    /* lvx ignores EA[60:63]; BE: byte i = MEM(EA+i), LE: MEM(EA+15-i) */
    __asm__ volatile("lvx 3, %1, %2\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "b"(p), "r"(7) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = p[le_mode ? 15 - i : i];
    }
    CHECK("lvx", vec_eq(r, want));
    /* stvx is its inverse */
    memset(mem, 0, 16);
    __asm__ volatile("lxvb16x 35, 0, %1\n\tstvx 3, 0, %0"
                     : : "r"(mem + 3), "r"(want) : "memory");
    CHECK("stvx", memcmp(mem, p, 16) == 0);

    /* lvsl/lvsr for EA low bits 5 */
    __asm__ volatile("lvsl 3, 0, %1\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "r"(0x1005) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = (uint8_t)(5 + i);
    }
    CHECK("lvsl", vec_eq(r, want));
    __asm__ volatile("lvsr 3, 0, %1\n\tstxvb16x 35, 0, %0"
                     : : "r"(r), "r"(0x1005) : "memory");
    for (int i = 0; i < 16; i++) {
        want[i] = (uint8_t)(16 - 5 + i);
    }
    CHECK("lvsr", vec_eq(r, want));

    /* lvewx from EA = p+8+1 (aligned down to p+8): BE puts the word in
       bytes 8..11 as MEM order, LE in bytes 4..7 with the bytes mirrored;
       the other bytes are undefined */
    memset(r, 0, 16);
    __asm__ volatile("vspltisb 3, 0\n\tlvewx 3, %1, %2\n\t"
                     "stxvb16x 35, 0, %0"
                     : : "r"(r), "b"(p), "r"(9) : "memory");
    if (le_mode) {
        CHECK("lvewx LE", r[4] == p[11] && r[5] == p[10] && r[6] == p[9] &&
                              r[7] == p[8]);
    } else {
        CHECK("lvewx BE", memcmp(r + 8, p + 8, 4) == 0);
    }
    /* stvebx: byte EA[60:63] of the register (mirrored in LE) */
    for (int i = 0; i < 16; i++) {
        want[i] = (uint8_t)(0xc0 + i);
    }
    mem[16 + 6] = 0;
    __asm__ volatile("lxvb16x 35, 0, %1\n\tstvebx 3, 0, %0"
                     : : "r"(p + 6), "r"(want) : "memory");
    CHECK_EQ("stvebx", p[6], le_mode ? 0xc9 : 0xc6);
}

/* ----------------------------------------------- VSCR and facilities */

static int unavail_handler(struct rt_trap_frame *f)
{
    rt_trap.count++;
    rt_trap.vector = f->vector;
    rt_trap.srr0 = f->srr0;
    f->srr1 |= 1ull << 25; /* MSR[VEC] on, retry */
    return 1;
}

static void test_vscr_and_unavailable(void)
{
    vec a, r;
    uint64_t msr, at;

    /* mtvscr takes word 3; mfvscr returns 96 zeros || VSCR (NJ, SAT) */
    memset(a, 0xff, 16);
    a[12] = 0;
    a[13] = 1; /* NJ (bit 111) */
    a[14] = 0;
    a[15] = 1; /* SAT */
    __asm__ volatile("lxvb16x 32, 0, %1\n\tmtvscr 0\n\tmfvscr 3\n\t"
                     "stxvb16x 35, 0, %0" : : "r"(r), "r"(a) : "memory");
    CHECK_EQ("mfvscr high", get(r, 8, 0) | get(r, 4, 2), 0);
    CHECK_EQ("mfvscr", get(r, 4, 3), 0x00010001);
    clear_vscr();

    /* MSR[VEC]=0: vector unavailable at 0xf20, SRR0 = the instruction */
    rt_trap.count = 0;
    rt_set_trap_handler(unavail_handler);
    __asm__ volatile("mfmsr %0" : "=r"(msr));
    __asm__ volatile("mtmsrd %1\n\t"
                     "bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "addi %0, %0, 8\n\t"
                     "vaddubm 3, 3, 3"
                     : "=&b"(at)
                     : "r"(msr & ~(1ull << 25))
                     : "lr", "memory");
    CHECK_EQ("vec unavailable: count", rt_trap.count, 1);
    CHECK_EQ("vec unavailable: vector", rt_trap.vector, 0xf20);
    CHECK_EQ("vec unavailable: srr0", rt_trap.srr0, at);
    rt_set_trap_handler(NULL);
}

int main(void)
{
    test_elementwise();
    test_whole();
    test_immediates();
    test_cr6();
    test_ldst();
    test_vscr_and_unavailable();
    return 0;
}
