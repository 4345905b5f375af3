/*
 * Generator of the differential runner: random sequences of Power ISA 3.0
 * Book I fixed-point instructions (chapter 3.3: arithmetic with OE/Rc,
 * logical, rotate/shift, compare, count, multiply/divide/modulo, isel,
 * setb, cmprb/cmpeqb, CR moves and CR logical ops from 2.5), encoded here
 * from the instruction formats (Book I 1.6), with random register, CR and
 * XER inputs that mix edge values into random ones.
 *
 *     gen SEED FIRST COUNT OUT.S [--full] [--list LISTING]
 *
 * writes cases FIRST..FIRST+COUNT-1 of SEED as assembly (harness.c runs
 * them) and optionally a readable listing.  Case i depends only on (SEED,
 * i), so any case can be regenerated alone.
 *
 * Results the ISA leaves undefined are never compared: divisors and
 * dividends are first forced into the defined range ("sanitised"), or the
 * undefined result is overwritten right after the instruction, or the
 * undefined half-word is cleared (see KNOWN-DIFFERENCES.md, which also
 * lists the cases where the reference disagrees with the ISA and how they
 * are masked).  Sequences never touch r1, LR, CTR or memory.
 */
#include <stdint.h>

#include "gen-common.h"

#define NVALS 33 /* r0, r2-r31, CR, XER */
#define MAX_LEN 24

/* ---- registers and values */

/* any GPR but r1 (the harness's stack pointer) */
static int pick_reg(Seq *s)
{
    int r;

    if (rng_chance(&s->rng, 40))
        return s->recent[rng_below(&s->rng, 4)];
    r = (int)rng_below(&s->rng, 31);
    return r == 1 ? 31 : r;
}

static int pick_dest(Seq *s)
{
    return seq_written(s, pick_reg(s));
}

/* a register other than r (and than r1) */
static int other_reg(int r)
{
    int n = r == 31 ? 0 : r + 1;
    return n == 1 ? 2 : n;
}

static const uint64_t edge_values[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000ull,
    0xfffffffeull, 0xffffffff80000000ull, 0xffffffff7fffffffull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0x00000000fffffffeull,
    0x0101010101010101ull, 0x8080808080808080ull, 0x5555555555555555ull,
    0xaaaaaaaaaaaaaaaaull, 0x00000000ffff0000ull, 0xffff0000ffff0000ull,
    40, 63, 64, 65, 31, 32, 33, 127,
};

static uint64_t random_value(Rng *r)
{
    uint64_t v = rng_next(r);

    switch (rng_below(r, 10)) {
    case 0:
    case 1:
    case 2:
        return edge_values[rng_below(r, sizeof(edge_values) / sizeof(edge_values[0]))];
    case 3: /* small, either sign */
        return (uint64_t)((int64_t)rng_below(r, 33) - 16);
    case 4: /* a sign-extended 32-bit value */
        return (uint64_t)(int64_t)(int32_t)v;
    case 5: /* a zero-extended 32-bit value */
        return v & 0xffffffffull;
    case 6: /* near an edge */
        return edge_values[rng_below(r, sizeof(edge_values) / sizeof(edge_values[0]))] +
               (uint64_t)((int64_t)rng_below(r, 5) - 2);
    default:
        return v;
    }
}

static uint32_t random_imm16(Rng *r)
{
    static const uint32_t edges[] = { 0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, 0x8001 };
    if (rng_chance(r, 30))
        return edges[rng_below(r, sizeof(edges) / sizeof(edges[0]))];
    if (rng_chance(r, 30))
        return (uint32_t)((int32_t)rng_below(r, 33) - 16) & 0xffff;
    return (uint32_t)rng_next(r) & 0xffff;
}

/* XER bits (Book I 3.2.2): SO OV CA, OV32 CA32, and the byte count */
#define XER_SO 0x80000000ull
#define XER_OV 0x40000000ull
#define XER_CA 0x20000000ull
#define XER_OV32 0x00080000ull
#define XER_CA32 0x00040000ull

static uint64_t random_xer(Rng *r)
{
    uint64_t x = 0;
    if (rng_chance(r, 30))
        x |= XER_SO;
    if (rng_chance(r, 30))
        x |= XER_OV;
    if (rng_chance(r, 50))
        x |= XER_CA;
    if (rng_chance(r, 30))
        x |= XER_OV32;
    if (rng_chance(r, 50))
        x |= XER_CA32;
    x |= rng_below(r, 128);
    return x;
}

/* ---- instruction formats (Power ISA 3.0 Book I 1.6) */

#define OP(p) ((uint32_t)(p) << 26)
#define F_RT(r) ((uint32_t)(r) << 21)
#define F_RA(r) ((uint32_t)(r) << 16)
#define F_RB(r) ((uint32_t)(r) << 11)

static uint32_t enc_d(unsigned op, int rt, int ra, uint32_t imm)
{
    return OP(op) | F_RT(rt) | F_RA(ra) | (imm & 0xffff);
}

static uint32_t enc_xo(unsigned xo, int rt, int ra, int rb, int oe, int rc)
{
    return OP(31) | F_RT(rt) | F_RA(ra) | F_RB(rb) | ((uint32_t)oe << 10) |
           (xo << 1) | (uint32_t)rc;
}

static uint32_t enc_x(unsigned xo, int rs, int ra, int rb, int rc)
{
    return OP(31) | F_RT(rs) | F_RA(ra) | F_RB(rb) | (xo << 1) | (uint32_t)rc;
}

static uint32_t enc_m(unsigned op, int rs, int ra, int sh_rb, int mb, int me, int rc)
{
    return OP(op) | F_RT(rs) | F_RA(ra) | F_RB(sh_rb) | ((uint32_t)mb << 6) |
           ((uint32_t)me << 1) | (uint32_t)rc;
}

/* the 6-bit mb/me field of MD and MDS forms is stored as mb[5] || mb[0:4]
   reversed in halves: bits 21-25 hold the low five bits, bit 26 the high */
static uint32_t md_mask_field(int m)
{
    return ((uint32_t)(m & 0x1f) << 6) | ((uint32_t)(m >> 5) << 5);
}

static uint32_t enc_md(unsigned xo, int rs, int ra, int sh, int m, int rc)
{
    return OP(30) | F_RT(rs) | F_RA(ra) | ((uint32_t)(sh & 0x1f) << 11) |
           md_mask_field(m) | (xo << 2) | ((uint32_t)(sh >> 5) << 1) | (uint32_t)rc;
}

static uint32_t enc_mds(unsigned xo, int rs, int ra, int rb, int m, int rc)
{
    return OP(30) | F_RT(rs) | F_RA(ra) | F_RB(rb) | md_mask_field(m) | (xo << 1) |
           (uint32_t)rc;
}

static uint32_t enc_xs(unsigned xo, int rs, int ra, int sh, int rc)
{
    return OP(31) | F_RT(rs) | F_RA(ra) | ((uint32_t)(sh & 0x1f) << 11) | (xo << 2) |
           ((uint32_t)(sh >> 5) << 1) | (uint32_t)rc;
}

static const char *oe_o(int oe)
{
    return oe ? "o" : "";
}

/* ---- helpers emitted around instructions whose results are partly
   undefined (see KNOWN-DIFFERENCES.md, "undefined results") */

static void emit_clear_high(Seq *s, int r) /* rldicl r,r,0,32 */
{
    emit(s, enc_md(0, r, r, 0, 32, 0), "clrldi r%d,r%d,32", r, r);
}

static void emit_li(Seq *s, int r, uint32_t imm)
{
    emit(s, enc_d(14, r, 0, imm), "li r%d,%d", r, (int16_t)imm);
}

static void emit_ori(Seq *s, int r, uint32_t imm)
{
    emit(s, enc_d(24, r, r, imm), "ori r%d,r%d,0x%x", r, r, imm);
}

static void emit_xori(Seq *s, int r, uint32_t imm)
{
    emit(s, enc_d(26, r, r, imm), "xori r%d,r%d,0x%x", r, r, imm);
}

static void emit_oris(Seq *s, int r, uint32_t imm)
{
    emit(s, enc_d(25, r, r, imm), "oris r%d,r%d,0x%x", r, r, imm);
}

static void emit_rotldi(Seq *s, int r, int sh)
{
    emit(s, enc_md(0, r, r, sh, 0, 0), "rotldi r%d,r%d,%d", r, r, sh);
}

static void emit_neg(Seq *s, int r)
{
    emit(s, enc_xo(104, r, r, 0, 0, 0), "neg r%d,r%d", r, r);
}

/* divisor: non-zero and not -1 (in both halves): bit 0 set, bit 1 clear */
static void sanitise_signed_divisor(Seq *s, int rb)
{
    emit_ori(s, rb, 3);
    emit_xori(s, rb, 2);
}

/* ---- instruction classes */

typedef struct XoArith {
    const char *name;
    unsigned xo;
    int nsrc; /* 1: RA only (RB field 0); 2: RA and RB */
} XoArith;

/* Book I 3.3.9: add/subtract from, with OE and Rc */
static const XoArith xo_arith[] = {
    { "add", 266, 2 },    { "addc", 10, 2 },    { "adde", 138, 2 },
    { "addme", 234, 1 },  { "addze", 202, 1 },  { "subf", 40, 2 },
    { "subfc", 8, 2 },    { "subfe", 136, 2 },  { "subfme", 232, 1 },
    { "subfze", 200, 1 }, { "neg", 104, 1 },    { "mullw", 235, 2 },
    { "mulld", 233, 2 },
};

static void gen_xo_arith(Seq *s)
{
    const XoArith *a = &xo_arith[rng_below(&s->rng, sizeof(xo_arith) / sizeof(xo_arith[0]))];
    int oe = rng_chance(&s->rng, 50), rc = rng_chance(&s->rng, 50);
    int ra = pick_reg(s), rb = a->nsrc == 2 ? pick_reg(s) : 0, rt = pick_dest(s);

    if (a->nsrc == 2)
        emit(s, enc_xo(a->xo, rt, ra, rb, oe, rc), "%s%s%s r%d,r%d,r%d", a->name,
             oe_o(oe), dot(rc), rt, ra, rb);
    else
        emit(s, enc_xo(a->xo, rt, ra, 0, oe, rc), "%s%s%s r%d,r%d", a->name, oe_o(oe),
             dot(rc), rt, ra);
}

/* Book I 3.3.9.1 (ISA 3.0): addex with CY=0 uses and sets OV/OV32 as carry */
static void gen_addex(Seq *s)
{
    int ra = pick_reg(s), rb = pick_reg(s), rt = pick_dest(s);
    emit(s, OP(31) | F_RT(rt) | F_RA(ra) | F_RB(rb) | (170u << 1), "addex r%d,r%d,r%d,0",
         rt, ra, rb);
}

/* mulhd/mulhdu: fully defined; mulhw/mulhwu: RT[0:31] undefined, and CR0
   undefined in 64-bit mode, so Rc=0 and the high word is cleared */
static void gen_mul_high(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
        int word;
    } ops[] = { { "mulhd", 73, 0 }, { "mulhdu", 9, 0 }, { "mulhw", 75, 1 }, { "mulhwu", 11, 1 } };
    int i = (int)rng_below(&s->rng, 4);
    int rc = ops[i].word ? 0 : rng_chance(&s->rng, 50);
    int ra = pick_reg(s), rb = pick_reg(s), rt = pick_dest(s);

    emit(s, enc_xo(ops[i].xo, rt, ra, rb, 0, rc), "%s%s r%d,r%d,r%d", ops[i].name, dot(rc),
         rt, ra, rb);
    if (ops[i].word)
        emit_clear_high(s, rt);
}

/* Book I 3.3.9 VA-form multiply-add (ISA 3.0) */
static void gen_madd(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
    } ops[] = { { "maddhd", 48 }, { "maddhdu", 49 }, { "maddld", 51 } };
    int i = (int)rng_below(&s->rng, 3);
    int ra = pick_reg(s), rb = pick_reg(s), rc = pick_reg(s), rt = pick_dest(s);

    emit(s, OP(4) | F_RT(rt) | F_RA(ra) | F_RB(rb) | ((uint32_t)rc << 6) | ops[i].xo,
         "%s r%d,r%d,r%d,r%d", ops[i].name, rt, ra, rb, rc);
}

enum div_kind { DIV_S64, DIV_U64, DIV_S32, DIV_U32, DIVE_S64, DIVE_U64, DIVE_S32, DIVE_U32 };

static const struct {
    const char *name;
    unsigned xo;
    enum div_kind kind;
} div_ops[] = {
    { "divd", 489, DIV_S64 },   { "divdu", 457, DIV_U64 },   { "divw", 491, DIV_S32 },
    { "divwu", 459, DIV_U32 },  { "divde", 425, DIVE_S64 },  { "divdeu", 393, DIVE_U64 },
    { "divwe", 427, DIVE_S32 }, { "divweu", 395, DIVE_U32 },
};

/*
 * Divides (Book I 3.3.9): RT is undefined for x/0, MIN/-1 and, for the
 * extended forms, whenever the quotient does not fit; word forms leave
 * RT[0:31] undefined and CR0 undefined in 64-bit mode.  Either the operands
 * are forced into the defined range first, or (overflow probe) the raw
 * operands are divided with OE=1, Rc=0, keeping OV/OV32/SO (defined), and
 * RT is overwritten at once.
 */
static void gen_div(Seq *s)
{
    int i = (int)rng_below(&s->rng, sizeof(div_ops) / sizeof(div_ops[0]));
    enum div_kind k = div_ops[i].kind;
    int word = k == DIV_S32 || k == DIV_U32 || k == DIVE_S32 || k == DIVE_U32;
    int ra = pick_reg(s), rb = pick_reg(s), rt, oe, rc;

    /* KNOWN-DIFFERENCES.md Q1: the reference misses some divde overflows */
    if (k != DIVE_S64 && rng_chance(&s->rng, 25)) {
        rt = pick_dest(s);
        emit(s, enc_xo(div_ops[i].xo, rt, ra, rb, 1, 0), "%so r%d,r%d,r%d", div_ops[i].name,
             rt, ra, rb);
        emit_li(s, rt, random_imm16(&s->rng));
        return;
    }
    if (ra == rb) /* the operands are shaped independently */
        rb = other_reg(ra);
    switch (k) {
    case DIV_S64:
    case DIV_S32:
        sanitise_signed_divisor(s, rb);
        break;
    case DIV_U64:
    case DIV_U32:
        emit_ori(s, rb, 1);
        break;
    case DIVE_U64: /* (RA || 0^64) / RB fits iff RA < RB: RA < 2^63 <= RB */
        emit(s, enc_md(0, ra, ra, 63, 1, 0), "srdi r%d,r%d,1", ra, ra);
        emit_ori(s, rb, 1);
        emit_rotldi(s, rb, 63);
        break;
    case DIVE_S64: /* |RB| in [2^62, 2^63), |RA| < 2^60 */
        emit(s, enc_xs(413, ra, ra, 3, 0), "sradi r%d,r%d,3", ra, ra);
        sanitise_signed_divisor(s, rb);
        emit_rotldi(s, rb, 62);
        if (rng_chance(&s->rng, 50))
            emit_neg(s, rb);
        break;
    case DIVE_U32: /* low words: RA < 2^31 <= RB */
        emit(s, enc_m(21, ra, ra, 31, 1, 31, 0), "rlwinm r%d,r%d,31,1,31", ra, ra);
        emit_oris(s, rb, 0x8000);
        break;
    case DIVE_S32: /* low words: |RB| in [2^30, 2^31), |RA| < 2^28 */
        emit(s, enc_x(824, ra, ra, 3, 0), "srawi r%d,r%d,3", ra, ra);
        emit(s, enc_m(21, rb, rb, 0, 2, 31, 0), "rlwinm r%d,r%d,0,2,31", rb, rb);
        emit_oris(s, rb, 0x4000);
        if (rng_chance(&s->rng, 50))
            emit_neg(s, rb);
        break;
    }
    rt = pick_dest(s);
    oe = rng_chance(&s->rng, 50);
    rc = word ? 0 : rng_chance(&s->rng, 50);
    emit(s, enc_xo(div_ops[i].xo, rt, ra, rb, oe, rc), "%s%s%s r%d,r%d,r%d",
         div_ops[i].name, oe_o(oe), dot(rc), rt, ra, rb);
    if (word)
        emit_clear_high(s, rt);
}

/* Book I 3.3.9 modulo (ISA 3.0): undefined for x%0 and MIN%-1; the word
   forms' RT[0:31] is treated as undefined too */
static void gen_mod(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
        int is_signed, word;
    } ops[] = { { "modsd", 777, 1, 0 }, { "modud", 265, 0, 0 }, { "modsw", 779, 1, 1 },
                { "moduw", 267, 0, 1 } };
    int i = (int)rng_below(&s->rng, 4);
    int ra = pick_reg(s), rb = pick_reg(s), rt;

    if (rb == ra && ops[i].is_signed && rng_chance(&s->rng, 50))
        rb = other_reg(ra);
    if (ops[i].is_signed)
        sanitise_signed_divisor(s, rb);
    else
        emit_ori(s, rb, 1);
    rt = pick_dest(s);
    emit(s, enc_x(ops[i].xo, rt, ra, rb, 0), "%s r%d,r%d,r%d", ops[i].name, rt, ra, rb);
    if (ops[i].word)
        emit_clear_high(s, rt);
}

/* Book I 3.3.13 logical, X-form: RA <- RS op RB */
static void gen_logical(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
    } ops[] = { { "and", 28 },  { "andc", 60 },  { "or", 444 },  { "orc", 412 },
                { "xor", 316 }, { "nand", 476 }, { "nor", 124 }, { "eqv", 284 } };
    int i = (int)rng_below(&s->rng, 8), rc = rng_chance(&s->rng, 50);
    int rs = pick_reg(s), rb = pick_reg(s), ra = pick_dest(s);

    /* "or Rx,Rx,Rx" is a priority hint for some Rx: keep or's sources apart */
    if (ops[i].xo == 444 && rs == rb && rs == ra)
        ra = other_reg(ra);
    emit(s, enc_x(ops[i].xo, rs, ra, rb, rc), "%s%s r%d,r%d,r%d", ops[i].name, dot(rc), ra,
         rs, rb);
}

/* Book I 3.3.13: sign extension, counts, population count, parity, cmpb,
   bpermd */
static void gen_unary(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
        int has_rc, has_rb;
    } ops[] = {
        { "extsb", 954, 1, 0 },   { "extsh", 922, 1, 0 },   { "extsw", 986, 1, 0 },
        { "cntlzw", 26, 1, 0 },   { "cntlzd", 58, 1, 0 },   { "cnttzw", 538, 1, 0 },
        { "cnttzd", 570, 1, 0 },  { "popcntb", 122, 0, 0 }, { "popcntw", 378, 0, 0 },
        { "popcntd", 506, 0, 0 }, { "prtyw", 154, 0, 0 },   { "prtyd", 186, 0, 0 },
        { "cmpb", 508, 0, 1 },    { "bpermd", 252, 0, 1 },
    };
    int i = (int)rng_below(&s->rng, sizeof(ops) / sizeof(ops[0]));
    int rc = ops[i].has_rc ? rng_chance(&s->rng, 50) : 0;
    int rs = pick_reg(s), rb = ops[i].has_rb ? pick_reg(s) : 0, ra = pick_dest(s);

    if (ops[i].has_rb)
        emit(s, enc_x(ops[i].xo, rs, ra, rb, rc), "%s%s r%d,r%d,r%d", ops[i].name, dot(rc),
             ra, rs, rb);
    else
        emit(s, enc_x(ops[i].xo, rs, ra, 0, rc), "%s%s r%d,r%d", ops[i].name, dot(rc), ra, rs);
}

/* Book I 3.3.14.2 shifts */
static void gen_shift(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
    } by_reg[] = { { "slw", 24 }, { "srw", 536 }, { "sraw", 792 },
                   { "sld", 27 }, { "srd", 539 }, { "srad", 794 } };
    int rc = rng_chance(&s->rng, 50), rs = pick_reg(s), ra, sh;
    unsigned which = rng_below(&s->rng, 9);

    if (which < 6) {
        int rb = pick_reg(s);
        ra = pick_dest(s);
        emit(s, enc_x(by_reg[which].xo, rs, ra, rb, rc), "%s%s r%d,r%d,r%d",
             by_reg[which].name, dot(rc), ra, rs, rb);
    } else if (which == 6) {
        ra = pick_dest(s);
        sh = (int)rng_below(&s->rng, 32);
        emit(s, enc_x(824, rs, ra, sh, rc), "srawi%s r%d,r%d,%d", dot(rc), ra, rs, sh);
    } else {
        int ext = which == 8; /* extswsli (ISA 3.0) */
        ra = pick_dest(s);
        sh = (int)rng_below(&s->rng, 64);
        emit(s, enc_xs(ext ? 445 : 413, rs, ra, sh, rc), "%s%s r%d,r%d,%d",
             ext ? "extswsli" : "sradi", dot(rc), ra, rs, sh);
    }
}

/* Book I 3.3.14.1 rotates */
static void gen_rotate(Seq *s)
{
    int rc = rng_chance(&s->rng, 50), rs = pick_reg(s), ra;
    unsigned which = rng_below(&s->rng, 9);

    if (which < 3) {
        static const char *const names[] = { "rlwinm", "rlwnm", "rlwimi" };
        static const unsigned ops[] = { 21, 23, 20 };
        int mb = (int)rng_below(&s->rng, 32), me = (int)rng_below(&s->rng, 32);
        int sh_rb = which == 1 ? pick_reg(s) : (int)rng_below(&s->rng, 32);
        ra = pick_dest(s);
        emit(s, enc_m(ops[which], rs, ra, sh_rb, mb, me, rc), "%s%s r%d,r%d,%s%d,%d,%d",
             names[which], dot(rc), ra, rs, which == 1 ? "r" : "", sh_rb, mb, me);
    } else if (which < 7) {
        static const char *const names[] = { "rldicl", "rldicr", "rldic", "rldimi" };
        int xo = (int)which - 3, sh = (int)rng_below(&s->rng, 64);
        int m = (int)rng_below(&s->rng, 64);
        ra = pick_dest(s);
        emit(s, enc_md((unsigned)xo, rs, ra, sh, m, rc), "%s%s r%d,r%d,%d,%d", names[xo],
             dot(rc), ra, rs, sh, m);
    } else {
        static const char *const names[] = { "rldcl", "rldcr" };
        int xo = (int)which - 7, rb = pick_reg(s), m = (int)rng_below(&s->rng, 64);
        ra = pick_dest(s);
        emit(s, enc_mds(8u + (unsigned)xo, rs, ra, rb, m, rc), "%s%s r%d,r%d,r%d,%d",
             names[xo], dot(rc), ra, rs, rb, m);
    }
}

/* Book I 3.3.9/3.3.13 D-form immediates */
static void gen_imm(Seq *s)
{
    static const struct {
        const char *name;
        unsigned op;
        int logical; /* RS/RA swapped in the syntax: "ori RA,RS,UI" */
    } ops[] = {
        { "addi", 14, 0 },   { "addis", 15, 0 }, { "addic", 12, 0 }, { "addic.", 13, 0 },
        { "subfic", 8, 0 },  { "mulli", 7, 0 },  { "andi.", 28, 1 }, { "andis.", 29, 1 },
        { "ori", 24, 1 },    { "oris", 25, 1 },  { "xori", 26, 1 },  { "xoris", 27, 1 },
    };
    int i = (int)rng_below(&s->rng, sizeof(ops) / sizeof(ops[0]));
    uint32_t imm = random_imm16(&s->rng);
    int src = pick_reg(s), dst = pick_dest(s);

    if (ops[i].logical) {
        /* ori 0,0,0 is the preferred no-op; other ori/xori r,r,0 forms are fine */
        emit(s, enc_d(ops[i].op, src, dst, imm), "%s r%d,r%d,0x%x", ops[i].name, dst, src, imm);
    } else {
        /* RA = 0 means the value 0 for addi and addis (not r0) */
        int literal0 = src == 0 && ops[i].op >= 14;
        emit(s, enc_d(ops[i].op, dst, src, imm), "%s r%d,%s%d,%d", ops[i].name, dst,
             literal0 ? "" : "r", src, (int16_t)imm);
    }
}

/* Book I 3.3.10 compares, cmprb/cmpeqb (ISA 3.0), setb, isel, mcrxrx */
static void gen_compare(Seq *s)
{
    int bf = (int)rng_below(&s->rng, 8), ra = pick_reg(s), rb, rt, l;

    switch (rng_below(&s->rng, 9)) {
    case 0:
    case 1: {
        int logical = rng_below(&s->rng, 2);
        l = rng_below(&s->rng, 2);
        rb = pick_reg(s);
        emit(s, OP(31) | ((uint32_t)bf << 23) | ((uint32_t)l << 21) | F_RA(ra) | F_RB(rb) |
                    ((logical ? 32u : 0u) << 1),
             "%s cr%d,%d,r%d,r%d", logical ? "cmpl" : "cmp", bf, l, ra, rb);
        break;
    }
    case 2:
    case 3: {
        int logical = rng_below(&s->rng, 2);
        uint32_t imm = random_imm16(&s->rng);
        l = rng_below(&s->rng, 2);
        emit(s, OP(logical ? 10 : 11) | ((uint32_t)bf << 23) | ((uint32_t)l << 21) |
                    F_RA(ra) | imm,
             "%s cr%d,%d,r%d,0x%x", logical ? "cmpli" : "cmpi", bf, l, ra, imm);
        break;
    }
    case 4:
        l = rng_below(&s->rng, 2);
        rb = pick_reg(s);
        emit(s, OP(31) | ((uint32_t)bf << 23) | ((uint32_t)l << 21) | F_RA(ra) | F_RB(rb) |
                    (192u << 1),
             "cmprb cr%d,%d,r%d,r%d", bf, l, ra, rb);
        break;
    case 5:
        rb = pick_reg(s);
        emit(s, OP(31) | ((uint32_t)bf << 23) | F_RA(ra) | F_RB(rb) | (224u << 1),
             "cmpeqb cr%d,r%d,r%d", bf, ra, rb);
        break;
    case 6:
        rt = pick_dest(s);
        emit(s, OP(31) | F_RT(rt) | ((uint32_t)bf << 18) | (128u << 1), "setb r%d,cr%d", rt, bf);
        break;
    case 7: {
        int bc = (int)rng_below(&s->rng, 32);
        rb = pick_reg(s);
        rt = pick_dest(s);
        emit(s, OP(31) | F_RT(rt) | F_RA(ra) | F_RB(rb) | ((uint32_t)bc << 6) | (15u << 1),
             "isel r%d,%s%d,r%d,%d", rt, ra ? "r" : "", ra, rb, bc);
        break;
    }
    default:
        emit(s, OP(31) | ((uint32_t)bf << 23) | (576u << 1), "mcrxrx cr%d", bf);
        break;
    }
}

/* Book I 2.5 CR logical and mcrf; 3.3.17 mfcr/mfocrf/mtcrf/mtocrf; mfxer */
static void gen_cr(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
    } crops[] = { { "crand", 257 }, { "cror", 449 },  { "crxor", 193 },  { "crnand", 225 },
                  { "crnor", 33 },  { "creqv", 289 }, { "crandc", 129 }, { "crorc", 417 } };
    int r, n;

    switch (rng_below(&s->rng, 8)) {
    case 0:
    case 1: {
        int i = (int)rng_below(&s->rng, 8);
        int bt = (int)rng_below(&s->rng, 32), ba = (int)rng_below(&s->rng, 32);
        int bb = (int)rng_below(&s->rng, 32);
        emit(s, OP(19) | F_RT(bt) | F_RA(ba) | F_RB(bb) | (crops[i].xo << 1), "%s %d,%d,%d",
             crops[i].name, bt, ba, bb);
        break;
    }
    case 2: {
        int bf = (int)rng_below(&s->rng, 8), bfa = (int)rng_below(&s->rng, 8);
        emit(s, OP(19) | ((uint32_t)bf << 23) | ((uint32_t)bfa << 18), "mcrf cr%d,cr%d", bf, bfa);
        break;
    }
    case 3:
        r = pick_dest(s);
        emit(s, OP(31) | F_RT(r) | (19u << 1), "mfcr r%d", r);
        break;
    case 4: /* mfocrf: only the selected field of RT is defined */
        n = (int)rng_below(&s->rng, 8);
        r = pick_dest(s);
        emit(s, OP(31) | F_RT(r) | (1u << 20) | ((0x80u >> n) << 12) | (19u << 1),
             "mfocrf r%d,0x%x", r, 0x80u >> n);
        emit(s, enc_m(21, r, r, 0, 4 * n, 4 * n + 3, 0), "rlwinm r%d,r%d,0,%d,%d", r, r, 4 * n,
             4 * n + 3);
        break;
    case 5: {
        unsigned fxm = rng_below(&s->rng, 256);
        r = pick_reg(s);
        emit(s, OP(31) | F_RT(r) | (fxm << 12) | (144u << 1), "mtcrf 0x%x,r%d", fxm, r);
        break;
    }
    case 6: /* mtocrf: exactly one field, else the CR is undefined */
        n = (int)rng_below(&s->rng, 8);
        r = pick_reg(s);
        emit(s, OP(31) | F_RT(r) | (1u << 20) | ((0x80u >> n) << 12) | (144u << 1),
             "mtocrf 0x%x,r%d", 0x80u >> n, r);
        break;
    default:
        r = pick_dest(s);
        emit(s, OP(31) | F_RT(r) | (1u << 16) | (339u << 1), "mfxer r%d", r);
        break;
    }
}

static const GenClass classes[] = {
    { gen_xo_arith, 22 }, { gen_addex, 2 }, { gen_mul_high, 5 }, { gen_madd, 3 },
    { gen_div, 8 },       { gen_mod, 4 },   { gen_logical, 8 },  { gen_unary, 8 },
    { gen_shift, 9 },     { gen_rotate, 9 }, { gen_imm, 10 },    { gen_compare, 8 },
    { gen_cr, 6 },
};

/* ---- one case: inputs + code */

static void fill_case(GenCase *c)
{
    Seq *s = &c->seq;
    int k, len;

    for (k = 0; k < 31; k++)
        c->in[k] = random_value(&s->rng);
    c->in[31] = rng_next(&s->rng) & 0xffffffffull;
    c->in[32] = random_xer(&s->rng);
    for (k = 0; k < 4; k++)
        s->recent[k] = (int)rng_below(&s->rng, 30) + 2;
    len = 1 + (int)rng_below(&s->rng, MAX_LEN);
    for (k = 0; k < len; k++)
        gen_one(s, classes, sizeof(classes) / sizeof(classes[0]));
}

static const char *const value_names[NVALS] = {
    "r0", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
    "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21",
    "r22", "r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31",
    "cr", "xer",
};

static const GenKind kind = {
    "gen", "tests/diff/gen.c", NVALS, value_names, 0xd1b54a32d192ed03ull, fill_case,
};

int main(int argc, char **argv)
{
    return gen_main(&kind, argc, argv);
}
