/*
 * target-ppc/helper-vmx-crypto.c: the ISA 2.07 vector crypto and
 * polynomial instructions of Power ISA 3.0B Book I 6.11.5-6.11.7 (the
 * kernel advertises them as PPC_FEATURE2_VEC_CRYPTO): the AES rounds
 * (vcipher, vcipherlast, vncipher, vncipherlast, vsbox), the SHA-2 sigma
 * functions (vshasigmaw, vshasigmad) and the carry-less multiply-sums
 * (vpmsumb/h/w/d).
 *
 * AES (FIPS-197): the 16 bytes of a VR are the AES state in the order of
 * FIPS-197 3.4, byte i of the register (ISA numbering) being state
 * s[i % 4][i / 4], so a column is a word of the register.  The S-box
 * tables are FIPS-197 Figures 7 and 14 (the multiplicative inverse in
 * GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 followed by the affine map).
 */
#include "helper-vmx.h"

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b,
    0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
    0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26,
    0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2,
    0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
    0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed,
    0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f,
    0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
    0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec,
    0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14,
    0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
    0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d,
    0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f,
    0x4b, 0xbd, 0x8b, 0x8a, 0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
    0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
    0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f,
    0xb0, 0x54, 0xbb, 0x16,
};

static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e,
    0x81, 0xf3, 0xd7, 0xfb, 0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87,
    0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb, 0x54, 0x7b, 0x94, 0x32,
    0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49,
    0x6d, 0x8b, 0xd1, 0x25, 0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16,
    0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92, 0x6c, 0x70, 0x48, 0x50,
    0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05,
    0xb8, 0xb3, 0x45, 0x06, 0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02,
    0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b, 0x3a, 0x91, 0x11, 0x41,
    0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8,
    0x1c, 0x75, 0xdf, 0x6e, 0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89,
    0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b, 0xfc, 0x56, 0x3e, 0x4b,
    0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59,
    0x27, 0x80, 0xec, 0x5f, 0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d,
    0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef, 0xa0, 0xe0, 0x3b, 0x4d,
    0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63,
    0x55, 0x21, 0x0c, 0x7d,
};

/* multiplication by x in GF(2^8) (FIPS-197 4.2.1) */
static uint8_t xtime(uint8_t b)
{
    return (uint8_t)(b << 1 ^ (b & 0x80 ? 0x1b : 0));
}

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = xtime(a);
        b >>= 1;
    }
    return r;
}

static void sub_bytes(PPCVec *s, const uint8_t *box)
{
    for (int i = 0; i < 16; i++) {
        VB(*s, i) = box[VB(*s, i)];
    }
}

/* ShiftRows (5.1.2): row r rotates left by r columns; inverse: right */
static void shift_rows(PPCVec *s, bool inverse)
{
    PPCVec t = *s;

    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            int from = inverse ? (c - r + 4) % 4 : (c + r) % 4;
            VB(*s, 4 * c + r) = VB(t, 4 * from + r);
        }
    }
}

/* MixColumns (5.1.3): each column times {03}x^3+{01}x^2+{01}x+{02};
   InvMixColumns (5.3.3) by {0b}x^3+{0d}x^2+{09}x+{0e} */
static void mix_columns(PPCVec *s, bool inverse)
{
    static const uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t *m = inverse ? inv : fwd;

    for (int c = 0; c < 4; c++) {
        uint8_t col[4];

        for (int r = 0; r < 4; r++) {
            col[r] = VB(*s, 4 * c + r);
        }
        for (int r = 0; r < 4; r++) {
            uint8_t v = 0;
            for (int k = 0; k < 4; k++) {
                v ^= gmul(col[k], m[(k - r + 4) % 4]);
            }
            VB(*s, 4 * c + r) = v;
        }
    }
}

static void xor_key(PPCVec *s, const PPCVec *k)
{
    s->d[0] ^= k->d[0];
    s->d[1] ^= k->d[1];
}

/* vcipher VRT,VRA,VRB: one AES round of state VRA with round key VRB */
DEF_VX3(vcipher, {
    r = a;
    sub_bytes(&r, aes_sbox);
    shift_rows(&r, false);
    mix_columns(&r, false);
    xor_key(&r, &b);
})
DEF_VX3(vcipherlast, {
    r = a;
    sub_bytes(&r, aes_sbox);
    shift_rows(&r, false);
    xor_key(&r, &b);
})
/* vncipher: the equivalent inverse round of 6.11.5: InvShiftRows,
   InvSubBytes, AddRoundKey, then InvMixColumns */
DEF_VX3(vncipher, {
    r = a;
    shift_rows(&r, true);
    sub_bytes(&r, aes_inv_sbox);
    xor_key(&r, &b);
    mix_columns(&r, true);
})
DEF_VX3(vncipherlast, {
    r = a;
    shift_rows(&r, true);
    sub_bytes(&r, aes_inv_sbox);
    xor_key(&r, &b);
})
/* vsbox VRT,VRA: SubBytes alone (the VRA operand is in the "b" slot) */
DEF_VX2(vsbox, {
    r = b;
    sub_bytes(&r, aes_sbox);
})

/*
 * vshasigmaw/vshasigmad VRT,VRA,ST,SIX (6.11.6): the SHA-256 (SHA-512)
 * functions of FIPS 180-4 4.1.2 (4.1.3) on each word (doubleword): ST = 0
 * the message-schedule sigma0/sigma1, ST = 1 the compression Sigma0/
 * Sigma1; SIX bit i (bit 2i for doublewords) picks 1 over 0 for element
 * i.  The ST||SIX field is in the VRB field (the "uim" argument).
 */
static uint32_t ror32(uint32_t x, unsigned n)
{
    return x >> n | x << (32 - n);
}

static uint64_t ror64(uint64_t x, unsigned n)
{
    return x >> n | x << (64 - n);
}

static void helper_vshasigmaw(CPUPPCState *env, uint64_t t, uint64_t ia,
                              uint64_t field)
{
    PPCVec a = vec_get(env, ia), r;
    bool st = field & 16;

    for (int i = 0; i < 4; i++) {
        uint32_t x = VW(a, i);
        bool one = (field >> (3 - i)) & 1;

        if (!st) {
            VW(r, i) = one ? ror32(x, 17) ^ ror32(x, 19) ^ x >> 10
                           : ror32(x, 7) ^ ror32(x, 18) ^ x >> 3;
        } else {
            VW(r, i) = one ? ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25)
                           : ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
        }
    }
    vec_put(env, t, &r);
}
INFO(vshasigmaw, 3, 0, VEC_HELPER_WRITES)

static void helper_vshasigmad(CPUPPCState *env, uint64_t t, uint64_t ia,
                              uint64_t field)
{
    PPCVec a = vec_get(env, ia), r;
    bool st = field & 16;

    for (int i = 0; i < 2; i++) {
        uint64_t x = VD(a, i);
        bool one = (field >> (3 - 2 * i)) & 1;

        if (!st) {
            VD(r, i) = one ? ror64(x, 19) ^ ror64(x, 61) ^ x >> 6
                           : ror64(x, 1) ^ ror64(x, 8) ^ x >> 7;
        } else {
            VD(r, i) = one ? ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41)
                           : ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
        }
    }
    vec_put(env, t, &r);
}
INFO(vshasigmad, 3, 0, VEC_HELPER_WRITES)

/*
 * vpmsum[bhwd] (6.11.7): the carry-less (GF(2)[x]) products of the even
 * and of the odd elements, XORed, into the double-width element.
 */
static unsigned __int128 clmul(uint64_t x, uint64_t y)
{
    unsigned __int128 r = 0;

    for (int k = 0; k < 64; k++) {
        if ((y >> k) & 1) {
            r ^= (unsigned __int128)x << k;
        }
    }
    return r;
}

#define PMSUM(DST, SRC, n)                                                    \
    for (int i = 0; i < (n); i++) {                                           \
        DST(r, i) = clmul(SRC(a, 2 * i), SRC(b, 2 * i)) ^                     \
                    clmul(SRC(a, 2 * i + 1), SRC(b, 2 * i + 1));              \
    }
DEF_VX3(vpmsumb, PMSUM(VH, VB, 8))
DEF_VX3(vpmsumh, PMSUM(VW, VH, 4))
DEF_VX3(vpmsumw, PMSUM(VD, VW, 2))
DEF_VX3(vpmsumd, vec_set_u128(&r, clmul(VD(a, 0), VD(b, 0)) ^
                                      clmul(VD(a, 1), VD(b, 1))))

/*
 * The same instructions through the host's AES-NI and PCLMULQDQ
 * (x86-64 only; chosen at translation time by vmx_host_crypto_helper()
 * when cpuid has them; the C versions above stay the reference and the
 * fallback, tests/unit/test-vmx-crypto.c compares the two).
 *
 * AESENC's state is FIPS-197's input array in memory order, byte k of
 * the xmm register being s[k % 4][k / 4], which is byte k of the VR in
 * the ISA's numbering: each doubleword of a PPCVec byte-swapped.  The
 * rounds map as
 *   vcipher      = AESENC(a, k)      (ShiftRows, SubBytes, MixColumns, ^k)
 *   vcipherlast  = AESENCLAST(a, k)
 *   vncipher     = AESIMC(AESDECLAST(a, k)): InvShiftRows, InvSubBytes,
 *                  ^k, then InvMixColumns (AESDEC would mix before the key)
 *   vncipherlast = AESDECLAST(a, k)
 */
#if defined(__x86_64__)
#include <immintrin.h>

#define HOST_CRYPTO __attribute__((target("aes,pclmul,sse2")))

HOST_CRYPTO static __m128i aes_in(const PPCVec *v)
{
    return _mm_set_epi64x((long long)__builtin_bswap64(v->d[1]),
                          (long long)__builtin_bswap64(v->d[0]));
}

HOST_CRYPTO static void aes_out(CPUPPCState *env, uint64_t t, __m128i x)
{
    uint64_t q[2];
    PPCVec r;

    _mm_storeu_si128((__m128i *)q, x);
    r.d[0] = __builtin_bswap64(q[0]);
    r.d[1] = __builtin_bswap64(q[1]);
    vec_put(env, t, &r);
}

#define DEF_AES_NI(fn, expr)                                                \
    HOST_CRYPTO static void helper_##fn##_ni(CPUPPCState *env, uint64_t t,  \
                                               uint64_t ia, uint64_t ib)      \
    {                                                                         \
        PPCVec va = vec_get(env, ia), vb = vec_get(env, ib);                  \
        __m128i a = aes_in(&va), k = aes_in(&vb);                             \
        aes_out(env, t, (expr));                                              \
    }                                                                         \
    const TCGHelperInfo helper_info_##fn##_ni = {                           \
        .func = (void *)helper_##fn##_ni, .name = #fn "_ni",              \
        .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,              \
    };
DEF_AES_NI(vcipher, _mm_aesenc_si128(a, k))
DEF_AES_NI(vcipherlast, _mm_aesenclast_si128(a, k))
DEF_AES_NI(vncipher, _mm_aesimc_si128(_mm_aesdeclast_si128(a, k)))
DEF_AES_NI(vncipherlast, _mm_aesdeclast_si128(a, k))

/* the 128-bit carry-less product of two numbers below 2^64 */
HOST_CRYPTO static __m128i clmul_ni(uint64_t x, uint64_t y)
{
    return _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)x),
                                _mm_cvtsi64_si128((long long)y), 0x00);
}

HOST_CRYPTO static uint64_t clmul_lo_ni(uint64_t x, uint64_t y)
{
    return (uint64_t)_mm_cvtsi128_si64(clmul_ni(x, y));
}

/*
 * vpmsumh/vpmsumb: the two products of a result element in one multiply.
 * With X = x^w (w = 32 for halfwords, 16 for bytes; the elements have
 * w/2 bits), (a0 + a1 X)(b1 + b0 X) = a0 b1 + (a0 b0 + a1 b1) X +
 * a1 b0 X^2, and each product has fewer than w bits, so bits w..2w-1 of
 * the carry-less product are exactly a0 b0 ^ a1 b1.
 */
#define DEF_PMSUM_NARROW(fn, DST, SRC, n, w)                                \
    HOST_CRYPTO static void helper_##fn##_ni(CPUPPCState *env, uint64_t t,  \
                                               uint64_t ia, uint64_t ib)      \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;                 \
        for (int i = 0; i < (n); i++) {                                       \
            uint64_t x = SRC(a, 2 * i) | (uint64_t)SRC(a, 2 * i + 1) << (w);  \
            uint64_t y = SRC(b, 2 * i + 1) | (uint64_t)SRC(b, 2 * i) << (w);  \
            DST(r, i) = clmul_lo_ni(x, y) >> (w);                             \
        }                                                                     \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    const TCGHelperInfo helper_info_##fn##_ni = {                           \
        .func = (void *)helper_##fn##_ni, .name = #fn "_ni",              \
        .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,              \
    };
DEF_PMSUM_NARROW(vpmsumb, VH, VB, 8, 16)
DEF_PMSUM_NARROW(vpmsumh, VW, VH, 4, 32)

HOST_CRYPTO static void helper_vpmsumw_ni(CPUPPCState *env, uint64_t t,
                                          uint64_t ia, uint64_t ib)
{
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;

    for (int i = 0; i < 2; i++) {
        VD(r, i) = clmul_lo_ni(VW(a, 2 * i), VW(b, 2 * i)) ^
                   clmul_lo_ni(VW(a, 2 * i + 1), VW(b, 2 * i + 1));
    }
    vec_put(env, t, &r);
}
const TCGHelperInfo helper_info_vpmsumw_ni = {
    .func = (void *)helper_vpmsumw_ni, .name = "vpmsumw_ni",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,
};

HOST_CRYPTO static void helper_vpmsumd_ni(CPUPPCState *env, uint64_t t,
                                          uint64_t ia, uint64_t ib)
{
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;
    __m128i x = _mm_set_epi64x((long long)a.d[1], (long long)a.d[0]);
    __m128i y = _mm_set_epi64x((long long)b.d[1], (long long)b.d[0]);
    __m128i p = _mm_xor_si128(_mm_clmulepi64_si128(x, y, 0x00),
                              _mm_clmulepi64_si128(x, y, 0x11));
    uint64_t q[2];

    _mm_storeu_si128((__m128i *)q, p);
    r.d[0] = q[1];
    r.d[1] = q[0];
    vec_put(env, t, &r);
}
const TCGHelperInfo helper_info_vpmsumd_ni = {
    .func = (void *)helper_vpmsumd_ni, .name = "vpmsumd_ni",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,
};

const TCGHelperInfo *vmx_host_crypto_helper(const TCGHelperInfo *info)
{
    static const struct {
        const TCGHelperInfo *generic, *host;
        bool pclmul;
    } map[] = {
        {&helper_info_vcipher, &helper_info_vcipher_ni, false},
        {&helper_info_vcipherlast, &helper_info_vcipherlast_ni, false},
        {&helper_info_vncipher, &helper_info_vncipher_ni, false},
        {&helper_info_vncipherlast, &helper_info_vncipherlast_ni, false},
        {&helper_info_vpmsumb, &helper_info_vpmsumb_ni, true},
        {&helper_info_vpmsumh, &helper_info_vpmsumh_ni, true},
        {&helper_info_vpmsumw, &helper_info_vpmsumw_ni, true},
        {&helper_info_vpmsumd, &helper_info_vpmsumd_ni, true},
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (map[i].generic == info) {
            bool ok = map[i].pclmul ? __builtin_cpu_supports("pclmul")
                                    : __builtin_cpu_supports("aes");
            return ok ? map[i].host : info;
        }
    }
    return info;
}
#else
const TCGHelperInfo *vmx_host_crypto_helper(const TCGHelperInfo *info)
{
    return info;
}
#endif
