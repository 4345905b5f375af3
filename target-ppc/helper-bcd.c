/*
 * target-ppc/helper-bcd.c: the vector decimal integer instructions of
 * Power ISA 3.0B Book I 6.9.5 (bcdadd. ... bcdutrunc.).  Every one is a
 * record form: the helper returns CR field 6.
 *
 * Formats (6.9.5):
 *   signed packed decimal: 31 digits (4 bits each, VR bits 0:123, most
 *     significant first) and a sign code in bits 124:127; 0xA, 0xC, 0xE,
 *     0xF are plus, 0xB, 0xD minus, 0-9 invalid.  The preferred sign codes
 *     written are 0xD for minus and 0xC (PS = 0) or 0xF (PS = 1) for plus.
 *   unsigned packed decimal (bcdus., bcdutrunc.): 32 digits, no sign.
 *   national decimal (bcdcfn., bcdctn.): 7 digits as the halfwords
 *     0x0030-0x0039 in halfwords 0-6, the sign in halfword 7: 0x002B plus,
 *     0x002D minus.
 *   zoned decimal (bcdcfz., bcdctz.): 16 digits, one per byte in the low
 *     nibble; the high nibble of bytes 0-14 is the zone (0x3 with PS = 0,
 *     0xF with PS = 1), that of byte 15 the sign (zoned_sign).
 * CR6: 0b0001 for an invalid operand (VRT is then undefined: we leave it
 * unchanged); else LT/GT/EQ for a negative/positive/zero value and SO for
 * an overflow (a result that does not fit the target format; its low
 * digits are kept).  For bcdadd./bcdsub. the sign and LT/GT/EQ are those
 * of the unbounded result; elsewhere of the (truncated) result.
 *
 * Values are handled as a magnitude (unsigned __int128: 10^32 < 2^107)
 * and a sign.
 */
#include "helper-vmx.h"

#define CR6_INVALID CRF_SO

typedef unsigned __int128 u128;

static u128 pow10_u128(unsigned n)
{
    u128 p = 1;

    while (n--) {
        p *= 10;
    }
    return p;
}

/* the digit nibble at position k from the right (0 = bits 124:127) */
static unsigned nibble(const PPCVec *v, unsigned k)
{
    uint8_t byte = VB(*v, 15 - k / 2);

    return k & 1 ? byte >> 4 : byte & 15;
}

static void set_nibble(PPCVec *v, unsigned k, unsigned x)
{
    uint8_t *byte = &VB(*v, 15 - k / 2);

    *byte = (uint8_t)(k & 1 ? (*byte & 0x0f) | x << 4 : (*byte & 0xf0) | x);
}

/* ndig digits from nibble position `from` (right to left) as a number;
   false if one is not a decimal digit */
static bool get_digits(const PPCVec *v, unsigned from, unsigned ndig,
                       u128 *out)
{
    u128 x = 0;

    for (int k = (int)(from + ndig) - 1; k >= (int)from; k--) {
        unsigned d = nibble(v, (unsigned)k);

        if (d > 9) {
            return false;
        }
        x = x * 10 + d;
    }
    *out = x;
    return true;
}

/* writes x's low ndig digits from nibble position from */
static void put_digits(PPCVec *v, unsigned from, unsigned ndig, u128 x)
{
    for (unsigned k = from; k < from + ndig; k++) {
        set_nibble(v, k, (unsigned)(x % 10));
        x /= 10;
    }
}

static bool sign_valid(unsigned s)
{
    return s >= 0xa;
}

static bool sign_negative(unsigned s)
{
    return s == 0xb || s == 0xd;
}

/* a signed packed decimal operand; false if invalid */
static bool get_signed(const PPCVec *v, u128 *mag, bool *neg)
{
    unsigned s = nibble(v, 0);

    if (!sign_valid(s) || !get_digits(v, 1, 31, mag)) {
        return false;
    }
    *neg = sign_negative(s);
    return true;
}

static unsigned preferred_sign(bool neg, bool ps)
{
    return neg ? 0xd : ps ? 0xf : 0xc;
}

/* the signed packed result of magnitude mag (kept modulo 10^31) */
static PPCVec make_signed(u128 mag, bool neg, bool ps)
{
    PPCVec r = {{0, 0}};

    put_digits(&r, 1, 31, mag);
    set_nibble(&r, 0, preferred_sign(neg, ps));
    return r;
}

static uint64_t cr6_of(u128 mag, bool neg, bool ox)
{
    return (mag == 0 ? CRF_EQ : neg ? CRF_LT : CRF_GT) | (ox ? CRF_SO : 0);
}

/* the body of every helper: (t, a, b, ps) -> CR6, with r written to VRT
   unless the body returned early for an invalid operand */
#define DEF_BCD(name, ...)                                                    \
    static uint64_t helper_##name(CPUPPCState *env, uint64_t t,              \
                                  uint64_t ia, uint64_t ib, uint64_t ps)      \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r = {{0, 0}};      \
        uint64_t cr6 = 0;                                                     \
        (void)a;                                                              \
        (void)ps;                                                             \
        __VA_ARGS__;                                                          \
        vec_put(env, t, &r);                                                  \
        return cr6;                                                           \
    }                                                                         \
    INFO(name, 4, 1, VEC_HELPER_WRITES)

/* --------------------------------------------------- add, subtract */

static uint64_t bcd_addsub(PPCVec *r, const PPCVec *a, const PPCVec *b,
                           bool sub, bool ps)
{
    u128 x, y, m;
    bool nx, ny, neg, ox;

    if (!get_signed(a, &x, &nx) || !get_signed(b, &y, &ny)) {
        return CR6_INVALID;
    }
    ny ^= sub;
    if (nx == ny) {
        m = x + y;
        neg = nx;
    } else if (x >= y) {
        m = x - y;
        neg = nx;
    } else {
        m = y - x;
        neg = ny;
    }
    if (m == 0) {
        neg = false; /* the unbounded result zero is plus */
    }
    ox = m >= pow10_u128(31);
    *r = make_signed(m % pow10_u128(31), neg, ps);
    return cr6_of(m, neg, ox);
}

#define INVALID_OR(expr)                                                      \
    do {                                                                      \
        cr6 = (expr);                                                         \
        if (cr6 == CR6_INVALID) {                                             \
            return cr6;                                                       \
        }                                                                     \
    } while (0)

DEF_BCD(bcdadd, INVALID_OR(bcd_addsub(&r, &a, &b, false, ps)))
DEF_BCD(bcdsub, INVALID_OR(bcd_addsub(&r, &a, &b, true, ps)))

/* ------------------------------------------------------ sign moves */

/* bcdcpsgn. VRT,VRA,VRB: VRA's digits with VRB's sign code */
DEF_BCD(bcdcpsgn, {
    u128 x, y;
    bool nx, ny;
    if (!get_signed(&a, &x, &nx) || !get_signed(&b, &y, &ny)) {
        return CR6_INVALID;
    }
    r = a;
    set_nibble(&r, 0, nibble(&b, 0));
    cr6 = cr6_of(x, ny, false);
})

/* bcdsetsgn. VRT,VRB,PS: the preferred sign code */
DEF_BCD(bcdsetsgn, {
    u128 x;
    bool neg;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    r = b;
    set_nibble(&r, 0, preferred_sign(neg, ps));
    cr6 = cr6_of(x, neg, false);
})

/* ------------------------------------------------- format conversions */

/* bcdcfn. VRT,VRB,PS: from national decimal */
DEF_BCD(bcdcfn, {
    u128 x = 0;
    unsigned sgn = VH(b, 7);
    for (int i = 0; i < 7; i++) {
        unsigned h = VH(b, i);
        if (h < 0x30 || h > 0x39) {
            return CR6_INVALID;
        }
        x = x * 10 + (h - 0x30);
    }
    if (sgn != 0x2b && sgn != 0x2d) {
        return CR6_INVALID;
    }
    r = make_signed(x, sgn == 0x2d, ps);
    cr6 = cr6_of(x, sgn == 0x2d, false);
})

/* bcdctn. VRT,VRB: to national decimal, the low 7 digits */
DEF_BCD(bcdctn, {
    u128 x;
    bool neg;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    for (int i = 6; i >= 0; i--) {
        VH(r, i) = (uint16_t)(0x30 + (unsigned)((x / pow10_u128(6 - i)) % 10));
    }
    VH(r, 7) = neg ? 0x2d : 0x2b;
    cr6 = cr6_of(x, neg, x >= pow10_u128(7));
})

/*
 * The sign nibble of a zoned decimal (6.9.5): the packed sign codes, and
 * with PS = 0 also 0x3 (plus) and 0x7 (minus), the codes bcdctz. writes
 * with PS = 0; the other codes are invalid.  Returns 1 minus, 0 plus, -1
 * invalid.
 */
static int zoned_sign(unsigned s, bool ps)
{
    if (sign_valid(s)) {
        return sign_negative(s);
    }
    if (!ps && (s == 0x3 || s == 0x7)) {
        return s == 0x7;
    }
    return -1;
}

/* bcdcfz. VRT,VRB,PS: from zoned decimal, 16 digits */
DEF_BCD(bcdcfz, {
    u128 x = 0;
    int neg = zoned_sign(VB(b, 15) >> 4, ps);
    for (int i = 0; i < 16; i++) {
        unsigned byte = VB(b, i), zone = byte >> 4, d = byte & 15;
        if (d > 9 || (i < 15 && zone != (ps ? 0xfu : 0x3u))) {
            return CR6_INVALID;
        }
        x = x * 10 + d;
    }
    if (neg < 0) {
        return CR6_INVALID;
    }
    r = make_signed(x, neg, ps);
    cr6 = cr6_of(x, neg, false);
})

/* bcdctz. VRT,VRB,PS: to zoned decimal, the low 16 digits */
DEF_BCD(bcdctz, {
    u128 x;
    bool neg;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    for (int i = 15; i >= 0; i--) {
        unsigned d = (unsigned)((x / pow10_u128(15 - i)) % 10);
        VB(r, i) = (uint8_t)((ps ? 0xf0 : 0x30) | d);
    }
    VB(r, 15) = (uint8_t)((VB(r, 15) & 15) |
                          (ps ? (neg ? 0xd0 : 0xc0) : (neg ? 0x70 : 0x30)));
    cr6 = cr6_of(x, neg, x >= pow10_u128(16));
})

/* bcdcfsq. VRT,VRB,PS: from a signed quadword integer */
DEF_BCD(bcdcfsq, {
    __int128 v = (__int128)vec_u128(&b);
    bool neg = v < 0;
    u128 x = neg ? -(u128)v : (u128)v;
    r = make_signed(x % pow10_u128(31), neg, ps);
    cr6 = cr6_of(x, neg, x >= pow10_u128(31));
})

/* bcdctsq. VRT,VRB: to a signed quadword integer (always fits) */
DEF_BCD(bcdctsq, {
    u128 x;
    bool neg;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    vec_set_u128(&r, neg ? -x : x);
    cr6 = cr6_of(x, neg, false);
})

/* ------------------------------------------------ shift and truncate */

/* x shifted by n digits (left if n > 0) within ndig digits; *ox when a
   non-zero digit leaves on the left; round: the right shift rounds half
   up on the last digit shifted out (bcdsr.) */
static u128 digit_shift(u128 x, int n, unsigned ndig, bool round, bool *ox)
{
    *ox = false;
    if (n > 0) {
        if ((unsigned)n >= ndig) {
            *ox = x != 0;
            return 0;
        }
        *ox = x >= pow10_u128(ndig - (unsigned)n);
        return x % pow10_u128(ndig - (unsigned)n) * pow10_u128((unsigned)n);
    }
    if (n < 0) {
        unsigned m = (unsigned)-n;
        u128 q, rem_digit;
        if (m > ndig) {
            return 0;
        }
        q = x / pow10_u128(m);
        rem_digit = (x / pow10_u128(m - 1)) % 10;
        if (round && rem_digit >= 5) {
            q++;
        }
        return q % pow10_u128(ndig);
    }
    return x;
}

/* bcds. VRT,VRA,VRB,PS: signed shift by VRA.byte[7] digits */
DEF_BCD(bcds, {
    u128 x;
    bool neg, ox;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    x = digit_shift(x, (int8_t)VB(a, 7), 31, false, &ox);
    r = make_signed(x, neg, ps);
    cr6 = cr6_of(x, neg, ox);
})

/* bcdsr. VRT,VRA,VRB,PS: the same, rounding on the right */
DEF_BCD(bcdsr, {
    u128 x;
    bool neg, ox;
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    x = digit_shift(x, (int8_t)VB(a, 7), 31, true, &ox);
    r = make_signed(x, neg, ps);
    cr6 = cr6_of(x, neg, ox);
})

/* bcdus. VRT,VRA,VRB: unsigned (32 digits) shift */
DEF_BCD(bcdus, {
    u128 x;
    bool ox;
    if (!get_digits(&b, 0, 32, &x)) {
        return CR6_INVALID;
    }
    x = digit_shift(x, (int8_t)VB(a, 7), 32, false, &ox);
    put_digits(&r, 0, 32, x);
    cr6 = cr6_of(x, false, ox);
})

/* bcdtrunc. VRT,VRA,VRB,PS: the low VRA.halfword[3] digits */
DEF_BCD(bcdtrunc, {
    u128 x;
    bool neg, ox = false;
    unsigned n = VH(a, 3);
    if (!get_signed(&b, &x, &neg)) {
        return CR6_INVALID;
    }
    if (n < 31) {
        ox = x >= pow10_u128(n);
        x %= pow10_u128(n);
    }
    r = make_signed(x, neg, ps);
    cr6 = cr6_of(x, neg, ox);
})

/* bcdutrunc. VRT,VRA,VRB: unsigned, 32 digits */
DEF_BCD(bcdutrunc, {
    u128 x;
    bool ox = false;
    unsigned n = VH(a, 3);
    if (!get_digits(&b, 0, 32, &x)) {
        return CR6_INVALID;
    }
    if (n < 32) {
        ox = x >= pow10_u128(n);
        x %= pow10_u128(n);
    }
    put_digits(&r, 0, 32, x);
    cr6 = cr6_of(x, false, ox);
})
