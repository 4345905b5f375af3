/*
 * The vector crypto instructions (Power ISA 3.0B Book I 6.11.5-6.11.7).
 *
 * AES: FIPS-197 Appendix C.1 (AES-128: key 000102..0f, plaintext
 * 00112233..ff, ciphertext 69c4e0d8 6a7b0430 d8cdb780 70b4c55a) encrypted
 * with vcipher/vcipherlast and decrypted with vncipher/vncipherlast, the
 * key schedule (FIPS-197 5.2) computed here with an S-box built from its
 * definition (5.1.1: inverse in GF(2^8), then the affine map); vsbox is
 * compared with that S-box.
 * SHA-2: the FIPS 180-4 example "abc" hashed with SHA-256 whose four
 * sigma functions are vshasigmaw (digest ba7816bf ... f20015ad, FIPS 180-4
 * / NIST CSRC example), with K and H0 computed here from their definition
 * (the fractional parts of cube and square roots of the first primes);
 * vshasigmad against the FIPS 180-4 4.1.3 formulas.
 * vpmsum[bhwd]: against carry-less products computed bit by bit.
 */
#include "vmx-test.h"
#include "aes-ref.h"

/* ---------------------------------------------------------------- AES */

static uint8_t sbox[256];

RUN3(vcipher) RUN3(vcipherlast) RUN3(vncipher) RUN3(vncipherlast)
RUN2A(vsbox)

static void xor16(uint8_t *d, const uint8_t *k)
{
    for (int i = 0; i < 16; i++) {
        d[i] ^= k[i];
    }
}

static void test_aes(void)
{
    static const uint8_t ct_want[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    uint8_t key[16], pt[16], rk[11][16], s[16], t[16], zero[16] = {0};
    unsigned bad = 0;

    aes_make_sbox(sbox);
    CHECK_EQ("S-box built from FIPS-197 5.1.1: S(0x53)", sbox[0x53], 0xed);
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        pt[i] = (uint8_t)(0x11 * i);
    }
    aes_key_expand(sbox, key, rk);
    memcpy(s, pt, 16);
    xor16(s, rk[0]);
    for (int r = 1; r < 10; r++) {
        run_vcipher(t, s, rk[r], zero);
        memcpy(s, t, 16);
    }
    run_vcipherlast(t, s, rk[10], zero);
    CHECK("AES-128 FIPS-197 C.1 encrypt", vec_eq(t, ct_want));
    if (!vec_eq(t, ct_want)) {
        show("got", t);
        rt_printf("\n");
    }
    memcpy(s, ct_want, 16);
    xor16(s, rk[10]);
    for (int r = 9; r >= 1; r--) {
        run_vncipher(t, s, rk[r], zero);
        memcpy(s, t, 16);
    }
    run_vncipherlast(t, s, rk[0], zero);
    CHECK("AES-128 FIPS-197 C.1 decrypt", vec_eq(t, pt));

    for (int k = 0; k < 32; k++) {
        vec a, r, want, b = {0};
        rnd_vec(a);
        run_vsbox(r, a, b, b);
        for (int i = 0; i < 16; i++) {
            want[i] = sbox[a[i]];
        }
        if (!vec_eq(r, want)) {
            fail_vec("vsbox", a, b, b, r, want);
            bad++;
        }
    }
    CHECK_EQ("vsbox failing", bad, 0);
}

/* -------------------------------------------------------------- SHA-2 */

static uint32_t ror32(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

static uint64_t ror64(uint64_t x, int n)
{
    return x >> n | x << (64 - n);
}

/* ST,SIX: "0, 0" sigma0, "0, 15" sigma1, "1, 0" Sigma0, "1, 15" Sigma1 */
#define SIGMA_FN(name, st, six)                                               \
    static uint32_t name(uint32_t x)                                          \
    {                                                                         \
        vec a, r;                                                             \
        for (int i = 0; i < 4; i++) {                                         \
            put(a, 4, i, x);                                                  \
        }                                                                     \
        __asm__ volatile("lxvb16x 32, 0, %1\n\tvshasigmaw 3, 0, " #st ", "    \
                         #six "\n\tstxvb16x 35, 0, %0"                        \
                         : : "r"(r), "r"(a) : "memory");                      \
        return (uint32_t)get(r, 4, 0);                                        \
    }
SIGMA_FN(s0, 0, 0) SIGMA_FN(s1, 0, 15) SIGMA_FN(S0, 1, 0) SIGMA_FN(S1, 1, 15)

/* floor(frac(x) * 2^32) for x = p^(1/k), k = 2 or 3, by Newton's method */
static uint32_t frac_root(int p, int k)
{
    double x = 2.0;

    for (int i = 0; i < 60; i++) {
        x = k == 2 ? (x + p / x) / 2 : (2 * x + p / (x * x)) / 3;
    }
    x -= (double)(int)x;
    return (uint32_t)(x * 4294967296.0);
}

static void test_sha256(void)
{
    static const uint32_t want[8] = {
        0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
        0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad,
    };
    uint32_t K[64], H[8], W[64], v[8];
    int primes[64], np = 0;

    for (int n = 2; np < 64; n++) {
        int prime = 1;
        for (int d = 2; d * d <= n; d++) {
            prime &= n % d != 0;
        }
        if (prime) {
            primes[np++] = n;
        }
    }
    for (int i = 0; i < 64; i++) {
        K[i] = frac_root(primes[i], 3);
    }
    for (int i = 0; i < 8; i++) {
        H[i] = frac_root(primes[i], 2);
    }
    CHECK_EQ("SHA-256 K[0] from its definition", K[0], 0x428a2f98);
    CHECK_EQ("SHA-256 H0[0] from its definition", H[0], 0x6a09e667);
    /* the one padded block of "abc" (FIPS 180-4 5.1.1) */
    memset(W, 0, sizeof(W));
    W[0] = 0x61626380;
    W[15] = 24;
    for (int t = 16; t < 64; t++) {
        W[t] = s1(W[t - 2]) + W[t - 7] + s0(W[t - 15]) + W[t - 16];
    }
    memcpy(v, H, sizeof(v));
    for (int t = 0; t < 64; t++) {
        uint32_t e = v[4], a = v[0];
        uint32_t ch = (e & v[5]) ^ (~e & v[6]);
        uint32_t maj = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
        uint32_t t1 = v[7] + S1(e) + ch + K[t] + W[t], t2 = S0(a) + maj;
        memmove(v + 1, v, 7 * sizeof(uint32_t));
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) {
        CHECK_EQ("SHA-256(\"abc\") with vshasigmaw", H[i] + v[i], want[i]);
    }
}

/* every ST/SIX combination element by element, words and doublewords */
#define SIGMA_ALL(X)                                                          \
    X(0, 0) X(0, 5) X(0, 10) X(0, 15) X(1, 0) X(1, 3) X(1, 12) X(1, 15)
#define RUN_SHAW(st, six) VT_RUN(shaw_##st##_##six, "vshasigmaw 3, 0, " #st ", " #six)
#define RUN_SHAD(st, six) VT_RUN(shad_##st##_##six, "vshasigmad 3, 0, " #st ", " #six)
SIGMA_ALL(RUN_SHAW)
SIGMA_ALL(RUN_SHAD)

static void ref_shaw(uint8_t *r, const uint8_t *a, int st, int six)
{
    for (int i = 0; i < 4; i++) {
        uint32_t x = (uint32_t)get(a, 4, i), y;
        int one = (six >> (3 - i)) & 1;
        if (!st) {
            y = one ? ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)
                    : ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
        } else {
            y = one ? ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25)
                    : ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
        }
        put(r, 4, i, y);
    }
}

static void ref_shad(uint8_t *r, const uint8_t *a, int st, int six)
{
    for (int i = 0; i < 2; i++) {
        uint64_t x = get(a, 8, i), y;
        int one = (six >> (3 - 2 * i)) & 1;
        if (!st) {
            y = one ? ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6)
                    : ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
        } else {
            y = one ? ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41)
                    : ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
        }
        put(r, 8, i, y);
    }
}

static void test_sigma(void)
{
    unsigned bad = 0;
#define CHECK_SHA(st, six)                                                    \
    for (int k = 0; k < 8; k++) {                                             \
        vec a, z = {0}, r, want;                                              \
        rnd_vec(a);                                                           \
        run_shaw_##st##_##six(r, a, z, z);                                    \
        ref_shaw(want, a, st, six);                                           \
        if (!vec_eq(r, want)) {                                               \
            fail_vec("vshasigmaw " #st "," #six, a, z, z, r, want);           \
            bad++;                                                            \
        }                                                                     \
        run_shad_##st##_##six(r, a, z, z);                                    \
        ref_shad(want, a, st, six);                                           \
        if (!vec_eq(r, want)) {                                               \
            fail_vec("vshasigmad " #st "," #six, a, z, z, r, want);           \
            bad++;                                                            \
        }                                                                     \
    }
    SIGMA_ALL(CHECK_SHA)
    CHECK_EQ("vshasigma[wd] failing", bad, 0);
}

/* ------------------------------------------------------------- vpmsum */

RUN3(vpmsumb) RUN3(vpmsumh) RUN3(vpmsumw) RUN3(vpmsumd)

/* carry-less product of two size-byte elements into 2*size bytes of r,
   XORed in (bit by bit over bytes, most significant first) */
static void clmul_into(uint8_t *r, const uint8_t *x, const uint8_t *y,
                       int size)
{
    int nbits = 8 * size;

    for (int i = 0; i < nbits; i++) {          /* bit i of x from the left */
        if (!((x[i / 8] >> (7 - i % 8)) & 1)) {
            continue;
        }
        for (int j = 0; j < nbits; j++) {
            if ((y[j / 8] >> (7 - j % 8)) & 1) {
                /* x_i * y_j: weights (n-1-i) + (n-1-j) from the right of
                   the 2n-bit product */
                int w = (nbits - 1 - i) + (nbits - 1 - j);
                int pos = 2 * nbits - 1 - w;
                r[pos / 8] ^= (uint8_t)(0x80 >> (pos % 8));
            }
        }
    }
}

static void test_vpmsum(void)
{
    static const struct {
        const char *name;
        run_fn run;
        int size;
    } t[] = {
        {"vpmsumb", run_vpmsumb, 1}, {"vpmsumh", run_vpmsumh, 2},
        {"vpmsumw", run_vpmsumw, 4}, {"vpmsumd", run_vpmsumd, 8},
    };
    unsigned bad = 0;

    for (int n = 0; n < 4; n++) {
        for (int k = 0; k < 16; k++) {
            vec a, b, z = {0}, r, want = {0};
            int sz = t[n].size;
            rnd_vec(a);
            rnd_vec(b);
            t[n].run(r, a, b, z);
            for (int e = 0; e < 8 / sz; e++) {
                uint8_t *dst = want + 2 * sz * e;
                clmul_into(dst, a + 2 * sz * e, b + 2 * sz * e, sz);
                clmul_into(dst, a + 2 * sz * e + sz, b + 2 * sz * e + sz, sz);
            }
            if (!vec_eq(r, want)) {
                fail_vec(t[n].name, a, b, z, r, want);
                bad++;
            }
        }
    }
    CHECK_EQ("vpmsum failing", bad, 0);
}

int main(void)
{
    test_aes();
    test_sha256();
    test_sigma();
    test_vpmsum();
    return 0;
}
