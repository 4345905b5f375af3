/*
 * The vector decimal integer instructions (Power ISA 3.0B Book I 6.9.5),
 * all record forms setting CR6.  Fixed cases worked out by hand from the
 * ISA text, then random valid and invalid operands against a reference
 * written here from the ISA's descriptions (digits kept as arrays, the
 * arithmetic digit by digit).
 *
 * Sign codes: 0xA 0xC 0xE 0xF plus, 0xB 0xD minus; results carry 0xD for
 * minus and 0xC (PS=0) / 0xF (PS=1) for plus.  CR6 = 0b0001 for an invalid
 * operand (the result is undefined and not compared), else LT/GT/EQ of the
 * value (of the unbounded result for bcdadd./bcdsub.) and SO on overflow.
 */
#include "vmx-test.h"

/* ------------------------------------------------ the decimal model */

struct dec {
    int neg;
    uint8_t d[40]; /* d[0] = least significant digit */
};

static void dec_from_packed(struct dec *x, const uint8_t *v, int digits_from,
                            int n)
{
    memset(x, 0, sizeof(*x));
    for (int k = 0; k < n; k++) {
        int pos = digits_from + k; /* nibble position from the right */
        uint8_t byte = v[15 - pos / 2];
        x->d[k] = pos & 1 ? byte >> 4 : byte & 15;
    }
}

static void dec_to_packed(const struct dec *x, uint8_t *v, int from, int n)
{
    for (int k = 0; k < n; k++) {
        int pos = from + k;
        uint8_t *byte = &v[15 - pos / 2];
        *byte = (uint8_t)(pos & 1 ? (*byte & 15) | x->d[k] << 4
                                  : (*byte & 0xf0) | x->d[k]);
    }
}

static int dec_is_zero(const struct dec *x, int n)
{
    for (int k = 0; k < n; k++) {
        if (x->d[k]) {
            return 0;
        }
    }
    return 1;
}

/* |x| vs |y| over 40 digits */
static int dec_cmp(const struct dec *x, const struct dec *y)
{
    for (int k = 39; k >= 0; k--) {
        if (x->d[k] != y->d[k]) {
            return x->d[k] > y->d[k] ? 1 : -1;
        }
    }
    return 0;
}

static int valid_digits(const uint8_t *v, int from, int n)
{
    struct dec x;

    dec_from_packed(&x, v, from, n);
    for (int k = 0; k < n; k++) {
        if (x.d[k] > 9) {
            return 0;
        }
    }
    return 1;
}

static int sign_of(const uint8_t *v)
{
    unsigned s = v[15] & 15;

    return s < 10 ? -1 : (s == 0xb || s == 0xd);
}

static void make_packed(uint8_t *r, const struct dec *x, int ps)
{
    memset(r, 0, 16);
    dec_to_packed(x, r, 1, 31);
    r[15] = (uint8_t)((r[15] & 0xf0) | (x->neg ? 0xd : ps ? 0xf : 0xc));
}

/* bcdadd./bcdsub. reference; returns CR6 */
static unsigned ref_addsub(uint8_t *r, const uint8_t *a, const uint8_t *b,
                           int sub, int ps)
{
    struct dec x, y, s;
    int carry = 0, ox;

    if (sign_of(a) < 0 || sign_of(b) < 0 || !valid_digits(a, 1, 31) ||
        !valid_digits(b, 1, 31)) {
        return 1;
    }
    dec_from_packed(&x, a, 1, 31);
    dec_from_packed(&y, b, 1, 31);
    x.neg = sign_of(a);
    y.neg = sign_of(b) ^ sub;
    memset(&s, 0, sizeof(s));
    if (x.neg == y.neg) {
        for (int k = 0; k < 40; k++) {
            int v = x.d[k] + y.d[k] + carry;
            s.d[k] = (uint8_t)(v % 10);
            carry = v / 10;
        }
        s.neg = x.neg;
    } else {
        const struct dec *big = dec_cmp(&x, &y) >= 0 ? &x : &y;
        const struct dec *small = big == &x ? &y : &x;
        for (int k = 0; k < 40; k++) {
            int v = big->d[k] - small->d[k] - carry;
            carry = v < 0;
            s.d[k] = (uint8_t)(v < 0 ? v + 10 : v);
        }
        s.neg = big->neg;
    }
    if (dec_is_zero(&s, 40)) {
        s.neg = 0;
    }
    ox = !dec_is_zero(&(struct dec){.d = {s.d[31], s.d[32], s.d[33]}}, 3);
    {
        unsigned cr = (dec_is_zero(&s, 40) ? 2 : s.neg ? 8 : 4) | ox;
        make_packed(r, &s, ps);
        return cr;
    }
}

/* ------------------------------------------------------ the runners */

#define BCD3(name, text) VT_RUN_CR6(name, text)
BCD3(bcdadd0, "bcdadd. 3, 0, 1, 0") BCD3(bcdadd1, "bcdadd. 3, 0, 1, 1")
BCD3(bcdsub0, "bcdsub. 3, 0, 1, 0") BCD3(bcdsub1, "bcdsub. 3, 0, 1, 1")
BCD3(bcds0, "bcds. 3, 0, 1, 0") BCD3(bcdsr0, "bcdsr. 3, 0, 1, 0")
BCD3(bcdus, "bcdus. 3, 0, 1") BCD3(bcdtrunc1, "bcdtrunc. 3, 0, 1, 1")
BCD3(bcdutrunc, "bcdutrunc. 3, 0, 1") BCD3(bcdcpsgn, "bcdcpsgn. 3, 0, 1")
BCD3(bcdctsq, "bcdctsq. 3, 1") BCD3(bcdcfsq0, "bcdcfsq. 3, 1, 0")
BCD3(bcdctn, "bcdctn. 3, 1") BCD3(bcdcfn0, "bcdcfn. 3, 1, 0")
BCD3(bcdctz0, "bcdctz. 3, 1, 0") BCD3(bcdctz1, "bcdctz. 3, 1, 1")
BCD3(bcdcfz0, "bcdcfz. 3, 1, 0") BCD3(bcdcfz1, "bcdcfz. 3, 1, 1")
BCD3(bcdsetsgn1, "bcdsetsgn. 3, 1, 1")

/* a packed operand from a string of digits and a sign nibble */
static void packed(uint8_t *v, const char *digits, unsigned sign)
{
    int n = (int)strlen(digits);

    memset(v, 0, 16);
    for (int k = 0; k < n; k++) {
        int pos = k + 1;
        unsigned d = (unsigned)(digits[n - 1 - k] - '0');
        v[15 - pos / 2] |= (uint8_t)(pos & 1 ? d << 4 : d);
    }
    v[15] |= (uint8_t)sign;
}

static void rnd_packed(uint8_t *v)
{
    struct dec x;
    static const uint8_t signs[] = {0xa, 0xb, 0xc, 0xd, 0xe, 0xf};
    uint64_t r = rnd();
    int ndig = (int)(r % 32);

    memset(&x, 0, sizeof(x));
    for (int k = 0; k < ndig; k++) {
        x.d[k] = (uint8_t)(rnd() % 10);
    }
    if ((r >> 8) % 8 == 0) {
        memset(x.d, 9, 31); /* carries out of the top */
    }
    memset(v, 0, 16);
    dec_to_packed(&x, v, 1, 31);
    v[15] |= signs[(r >> 16) % 6];
    if ((r >> 24) % 16 == 0) {
        v[(r >> 32) % 16] |= 0xa0; /* an invalid digit */
    }
    if ((r >> 40) % 16 == 0) {
        v[15] &= 0xf0;             /* an invalid sign */
    }
}

static void check_vec_cr(const char *name, unsigned cr, unsigned want_cr,
                         const uint8_t *r, const uint8_t *want)
{
    int ok = cr == want_cr && (want_cr == 1 || vec_eq(r, want));

    CHECK(name, ok);
    if (!ok) {
        rt_printf("  cr6 %x want %x", cr, want_cr);
        show("got", r);
        show("want", want);
        rt_printf("\n");
    }
}

static void test_fixed(void)
{
    vec a, b, r, want;
    unsigned cr;

    /* 123 + -456 = -333 */
    packed(a, "123", 0xc);
    packed(b, "456", 0xd);
    cr = run_bcdadd0(r, a, b);
    packed(want, "333", 0xd);
    check_vec_cr("bcdadd. 123 + -456", cr, 8, r, want);
    /* 5 - 5 = +0 with PS=1: sign 0xF, EQ */
    packed(a, "5", 0xa);
    packed(b, "5", 0xf);
    cr = run_bcdsub1(r, a, b);
    packed(want, "0", 0xf);
    check_vec_cr("bcdsub. 5 - 5 PS=1", cr, 2, r, want);
    /* 10^31 - 1 + 1 overflows to 0 digits, GT and SO */
    packed(a, "9999999999999999999999999999999", 0xc);
    packed(b, "1", 0xc);
    cr = run_bcdadd0(r, a, b);
    packed(want, "0", 0xc);
    check_vec_cr("bcdadd. overflow", cr, 4 | 1, r, want);
    /* invalid sign */
    packed(a, "1", 0x3);
    cr = run_bcdadd0(r, a, b);
    CHECK_EQ("bcdadd. invalid sign: CR6", cr, 1);
    /* bcds. by +2 and -3 (VRA byte 7, signed) */
    memset(a, 0, 16);
    a[7] = 2;
    packed(b, "12345", 0xd);
    cr = run_bcds0(r, a, b);
    packed(want, "1234500", 0xd);
    check_vec_cr("bcds. left 2", cr, 8, r, want);
    a[7] = (uint8_t)-3;
    cr = run_bcds0(r, a, b);
    packed(want, "12", 0xd);
    check_vec_cr("bcds. right 3", cr, 8, r, want);
    /* bcdsr. right 3 of 12355 rounds: 12.355 -> 12 ; right 2 -> 124 */
    packed(b, "12355", 0xc);
    a[7] = (uint8_t)-2;
    cr = run_bcdsr0(r, a, b);
    packed(want, "124", 0xc);
    check_vec_cr("bcdsr. right 2 rounds up", cr, 4, r, want);
    /* bcdtrunc. to 2 digits (VRA halfword 3): 12345 -> 45, SO */
    memset(a, 0, 16);
    a[7] = 2;
    packed(b, "12345", 0xc);
    cr = run_bcdtrunc1(r, a, b);
    packed(want, "45", 0xf);
    check_vec_cr("bcdtrunc. 2", cr, 4 | 1, r, want);
    /* bcdctsq. of -12345: the quadword -12345 */
    packed(b, "12345", 0xb);
    cr = run_bcdctsq(r, a, b);
    put(want, 8, 0, ~0ull);
    put(want, 8, 1, (uint64_t)-12345);
    check_vec_cr("bcdctsq. -12345", cr, 8, r, want);
    /* bcdcfsq. of 10^31 (overflow: digits 0, SO) */
    {
        unsigned __int128 p = 1;
        for (int i = 0; i < 31; i++) {
            p *= 10;
        }
        put128(b, p + 7);
        cr = run_bcdcfsq0(r, a, b);
        packed(want, "7", 0xc);
        check_vec_cr("bcdcfsq. 10^31 + 7", cr, 4 | 1, r, want);
    }
    /* national: "0001234-" <-> -1234 */
    packed(b, "1234", 0xd);
    cr = run_bcdctn(r, a, b);
    for (int i = 0; i < 7; i++) {
        put(want, 2, i, "0001234"[i]);
    }
    put(want, 2, 7, '-');
    check_vec_cr("bcdctn. -1234", cr, 8, r, want);
    memcpy(b, want, 16);
    cr = run_bcdcfn0(r, a, b);
    packed(want, "1234", 0xd);
    check_vec_cr("bcdcfn. -1234", cr, 8, r, want);
    /* zoned, PS=0: zones 0x3, sign 0x7 for minus in byte 15 */
    packed(b, "98", 0xd);
    cr = run_bcdctz0(r, a, b);
    memset(want, 0x30, 16);
    want[14] = 0x39;
    want[15] = 0x78;
    check_vec_cr("bcdctz. PS=0 -98", cr, 8, r, want);
    memcpy(b, want, 16);
    cr = run_bcdcfz0(r, a, b);
    packed(want, "98", 0xd);
    check_vec_cr("bcdcfz. PS=0 -98", cr, 8, r, want);
    /* zoned, PS=1: zones 0xF, sign 0xC for plus */
    packed(b, "98", 0xa);
    cr = run_bcdctz1(r, a, b);
    memset(want, 0xf0, 16);
    want[14] = 0xf9;
    want[15] = 0xc8;
    check_vec_cr("bcdctz. PS=1 +98", cr, 4, r, want);
    memcpy(b, want, 16);
    cr = run_bcdcfz1(r, a, b);
    packed(want, "98", 0xf);
    check_vec_cr("bcdcfz. PS=1 +98", cr, 4, r, want);
    /* bcdcpsgn.: VRA digits, VRB sign */
    packed(a, "77", 0xc);
    packed(b, "1", 0xb);
    cr = run_bcdcpsgn(r, a, b);
    packed(want, "77", 0xb);
    check_vec_cr("bcdcpsgn.", cr, 8, r, want);
    /* bcdsetsgn. PS=1 of +42 with sign 0xA: 0xF */
    packed(b, "42", 0xa);
    cr = run_bcdsetsgn1(r, a, b);
    packed(want, "42", 0xf);
    check_vec_cr("bcdsetsgn.", cr, 4, r, want);
    /* unsigned: bcdus. left 1 of 32 digits overflows; bcdutrunc. to 3 */
    memset(a, 0, 16);
    a[7] = 1;
    memset(b, 0x12, 16);
    cr = run_bcdus(r, a, b);
    memset(want, 0x21, 16);
    want[15] = 0x20;
    check_vec_cr("bcdus. left 1", cr, 4 | 1, r, want);
    memset(a, 0, 16);
    a[7] = 3;
    cr = run_bcdutrunc(r, a, b);
    memset(want, 0, 16);
    want[14] = 0x02;
    want[15] = 0x12;
    check_vec_cr("bcdutrunc. 3", cr, 4 | 1, r, want);
}

static void test_random_addsub(void)
{
    unsigned bad = 0;

    for (int k = 0; k < 400; k++) {
        vec a, b, r, want;
        int sub = k & 1, ps = (k >> 1) & 1;
        unsigned cr, want_cr;

        rnd_packed(a);
        if (k % 5 == 0) {
            memcpy(b, a, 16);
            b[15] ^= 1; /* the same digits, other sign parity */
        } else {
            rnd_packed(b);
        }
        memset(r, 0, 16);
        cr = sub ? (ps ? run_bcdsub1(r, a, b) : run_bcdsub0(r, a, b))
                 : (ps ? run_bcdadd1(r, a, b) : run_bcdadd0(r, a, b));
        want_cr = ref_addsub(want, a, b, sub, ps);
        if (cr != want_cr || (want_cr != 1 && !vec_eq(r, want))) {
            fail_vec(sub ? "bcdsub." : "bcdadd.", a, b, b, r, want);
            rt_printf("  ps %d cr6 %x want %x\n", ps, cr, want_cr);
            bad++;
        }
    }
    CHECK_EQ("bcdadd./bcdsub. random failing", bad, 0);
}

int main(void)
{
    test_fixed();
    test_random_addsub();
    return 0;
}
