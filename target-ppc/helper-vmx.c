/*
 * target-ppc/helper-vmx.c: the vector (VMX) integer instructions of Power
 * ISA 3.0B Book I chapter 6 that are not inlined as IR: arithmetic,
 * saturation, shifts and rotates, merges, packs and unpacks, multiplies and
 * sums, compares, counts, permutes, splats and element extraction.
 *
 * The shapes and the element loops are in helper-vmx.h; the vector FP
 * instructions are in helper-vmx-fp.c, the crypto and polynomial ones in
 * helper-vmx-crypto.c, the decimal ones in helper-bcd.c.
 */
#include <string.h>

#include "helper-vmx.h"

/* -------------------------------------------------- add, subtract 6.9.1 */


DEF_VX3(vadduqm, vec_set_u128(&r, vec_u128(&a) + vec_u128(&b)))
DEF_VX3(vsubuqm, vec_set_u128(&r, vec_u128(&a) - vec_u128(&b)))

/*
 * The quadword carries and extended forms (ISA 2.07, 6.9.1): subtraction
 * is a + ~b + 1, the extended forms take the carry in from VRC[127], and
 * the carry forms return the carry out of bit 0 in bit 127.
 */
static unsigned __int128 quad_sum(const PPCVec *a, const PPCVec *b, bool sub,
                                  unsigned cin, unsigned *cout)
{
    unsigned __int128 x = vec_u128(a), y = vec_u128(b), s;

    if (sub) {
        y = ~y;
    }
    s = x + y;
    *cout = s < x;
    s += cin;
    *cout |= cin && s == 0;
    return s;
}

#define QUAD(name, sub, carry, cin)                                               do {                                                                              unsigned co;                                                                  unsigned __int128 s = quad_sum(&a, &b, (sub), (cin), &co);                    vec_set_u128(&r, (carry) ? co : s);                                       } while (0)
DEF_VX3(vaddcuq, QUAD(vaddcuq, false, true, 0))
DEF_VX3(vsubcuq, QUAD(vsubcuq, true, true, 1))
DEF_VA(vaddeuqm, QUAD(vaddeuqm, false, false, VD(c, 1) & 1))
DEF_VA(vaddecuq, QUAD(vaddecuq, false, true, VD(c, 1) & 1))
DEF_VA(vsubeuqm, QUAD(vsubeuqm, true, false, VD(c, 1) & 1))
DEF_VA(vsubecuq, QUAD(vsubecuq, true, true, VD(c, 1) & 1))

/* vmul10[e][c]uq (3.0, 6.9.1): VRA * 10 (+ VRB[124:127] in the extended
   forms), the low 128 bits or the carry (0..9) */
static void mul10(PPCVec *r, const PPCVec *a, unsigned add, bool carry)
{
    unsigned __int128 lo = (unsigned __int128)a->d[1] * 10 + add;
    unsigned __int128 hi = (unsigned __int128)a->d[0] * 10 + (uint64_t)(lo >> 64);

    if (carry) {
        r->d[0] = 0;
        r->d[1] = (uint64_t)(hi >> 64);
    } else {
        r->d[0] = (uint64_t)hi;
        r->d[1] = (uint64_t)lo;
    }
}
DEF_VX2(vmul10uq, mul10(&r, &b, 0, false))
DEF_VX2(vmul10cuq, mul10(&r, &b, 0, true))
DEF_VX3(vmul10euq, mul10(&r, &a, VB(b, 15) & 15, false))
DEF_VX3(vmul10ecuq, mul10(&r, &a, VB(b, 15) & 15, true))

DEF_VX3(vaddubs, EACH_B(int64_t, clamp(x + y, 0, UINT8_MAX, &sat)))
DEF_VX3(vadduhs, EACH_H(int64_t, clamp(x + y, 0, UINT16_MAX, &sat)))
DEF_VX3(vadduws, EACH_W(int64_t, clamp(x + y, 0, UINT32_MAX, &sat)))
DEF_VX3(vaddsbs, EACH_B(int8_t, clamp(x + y, INT8_MIN, INT8_MAX, &sat)))
DEF_VX3(vaddshs, EACH_H(int16_t, clamp(x + y, INT16_MIN, INT16_MAX, &sat)))
DEF_VX3(vaddsws, EACH_W(int32_t, clamp((int64_t)x + y, INT32_MIN,
                                        INT32_MAX, &sat)))
DEF_VX3(vsububs, EACH_B(int64_t, clamp(x - y, 0, UINT8_MAX, &sat)))
DEF_VX3(vsubuhs, EACH_H(int64_t, clamp(x - y, 0, UINT16_MAX, &sat)))
DEF_VX3(vsubuws, EACH_W(int64_t, clamp(x - y, 0, UINT32_MAX, &sat)))
DEF_VX3(vsubsbs, EACH_B(int8_t, clamp(x - y, INT8_MIN, INT8_MAX, &sat)))
DEF_VX3(vsubshs, EACH_H(int16_t, clamp(x - y, INT16_MIN, INT16_MAX, &sat)))
DEF_VX3(vsubsws, EACH_W(int32_t, clamp((int64_t)x - y, INT32_MIN,
                                        INT32_MAX, &sat)))

/* the carry out of each word sum, and the carry of x + ~y + 1 */
DEF_VX3(vaddcuw, EACH_W(uint64_t, (x + y) >> 32))
DEF_VX3(vsubcuw, EACH_W(uint32_t, x >= y))

/* ----------------------------------------------- max, min, average 6.9.1 */

#define MAX(x, y) ((x) > (y) ? (x) : (y))
#define MIN(x, y) ((x) < (y) ? (x) : (y))
DEF_VX3(vmaxud, EACH_D(uint64_t, MAX(x, y)))
DEF_VX3(vmaxsd, EACH_D(int64_t, MAX(x, y)))
DEF_VX3(vminud, EACH_D(uint64_t, MIN(x, y)))
DEF_VX3(vminsd, EACH_D(int64_t, MIN(x, y)))

/* (x + y + 1) >> 1 without losing the carry; signed shifts floor */
DEF_VX3(vavgub, EACH_B(uint32_t, (x + y + 1) >> 1))
DEF_VX3(vavguh, EACH_H(uint32_t, (x + y + 1) >> 1))
DEF_VX3(vavguw, EACH_W(uint64_t, (x + y + 1) >> 1))
DEF_VX3(vavgsb, EACH_B(int8_t, ((int32_t)x + y + 1) >> 1))
DEF_VX3(vavgsh, EACH_H(int16_t, ((int32_t)x + y + 1) >> 1))
DEF_VX3(vavgsw, EACH_W(int32_t, ((int64_t)x + y + 1) >> 1))

DEF_VX3(vabsdub, EACH_B(uint8_t, x > y ? x - y : y - x))
DEF_VX3(vabsduh, EACH_H(uint16_t, x > y ? x - y : y - x))
DEF_VX3(vabsduw, EACH_W(uint32_t, x > y ? x - y : y - x))

/* ------------------------------------------------ shift, rotate 6.9.6 */

#define ROTL(x, n, bits)                                                      \
    ((n) % (bits) ? ((x) << ((n) % (bits)) | (x) >> ((bits) - (n) % (bits)))  \
                  : (x))
DEF_VX3(vrlb, EACH_B(uint32_t, ROTL(x, y, 8)))
DEF_VX3(vrlh, EACH_H(uint32_t, ROTL(x, y, 16)))
DEF_VX3(vrlw, EACH_W(uint32_t, ROTL(x, y, 32)))
DEF_VX3(vrld, EACH_D(uint64_t, ROTL(x, y, 64)))
DEF_VX3(vslb, EACH_B(uint32_t, x << (y & 7)))
DEF_VX3(vslh, EACH_H(uint32_t, x << (y & 15)))
DEF_VX3(vslw, EACH_W(uint32_t, x << (y & 31)))
DEF_VX3(vsld, EACH_D(uint64_t, x << (y & 63)))
DEF_VX3(vsrb, EACH_B(uint32_t, x >> (y & 7)))
DEF_VX3(vsrh, EACH_H(uint32_t, x >> (y & 15)))
DEF_VX3(vsrw, EACH_W(uint32_t, x >> (y & 31)))
DEF_VX3(vsrd, EACH_D(uint64_t, x >> (y & 63)))
DEF_VX3(vsrab, EACH_B(int8_t, x >> (y & 7)))
DEF_VX3(vsrah, EACH_H(int16_t, x >> (y & 15)))
DEF_VX3(vsraw, EACH_W(int32_t, x >> (y & 31)))
DEF_VX3(vsrad, EACH_D(int64_t, x >> ((uint64_t)y & 63)))

/*
 * vrlwmi, vrldmi, vrlwnm, vrldnm (3.0, 6.9.6): each element of VRA rotated
 * left by the count in its VRB element, and masked by MASK(b, e) from the
 * same VRB element (bits 11:15, 19:23, 27:31 of a word; 42:47, 50:55,
 * 58:63 of a doubleword); the mi forms insert under the mask into VRT.
 */
static uint64_t rl_mask(unsigned b, unsigned e, unsigned bits)
{
    uint64_t ones = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t from_b = ones >> b;                          /* bits b.. */
    uint64_t to_e = e + 1 >= bits ? ones : ones & ~(ones >> (e + 1)); /* ..e */

    return b <= e ? from_b & to_e : from_b | to_e;
}

#define RLM(ACC, n, bits, insert)                                                 do {                                                                              PPCVec old = vec_get(env, t);                                                 for (int i = 0; i < (n); i++) {                                                   uint64_t x = ACC(a, i), y = ACC(b, i);                                        unsigned sh = y & ((bits) - 1);                                               unsigned mb = (y >> 16) & ((bits) - 1);                                       unsigned me = (y >> 8) & ((bits) - 1);                                        uint64_t m = rl_mask(mb, me, (bits));                                         uint64_t rot = ROTL(x, sh, (bits));                                           ACC(r, i) = (insert) ? (rot & m) | (ACC(old, i) & ~m) : rot & m;          }                                                                         } while (0)
DEF_VX3(vrlwmi, RLM(VW, 4, 32, true))
DEF_VX3(vrldmi, RLM(VD, 2, 64, true))
DEF_VX3(vrlwnm, RLM(VW, 4, 32, false))
DEF_VX3(vrldnm, RLM(VD, 2, 64, false))

/* vsl/vsr: the whole register by VRB[125:127] bits (the ISA asks every
   byte of VRB to hold the same count; we read byte 15); vslo/vsro by
   VRB[121:124] bytes */
DEF_VX3(vsl, vec_set_u128(&r, vec_u128(&a) << (VB(b, 15) & 7)))
DEF_VX3(vsr, vec_set_u128(&r, vec_u128(&a) >> (VB(b, 15) & 7)))
DEF_VX3(vslo, {
    unsigned n = (VB(b, 15) >> 3) & 15;
    vec_set_u128(&r, n ? vec_u128(&a) << (8 * n) : vec_u128(&a));
})
DEF_VX3(vsro, {
    unsigned n = (VB(b, 15) >> 3) & 15;
    vec_set_u128(&r, n ? vec_u128(&a) >> (8 * n) : vec_u128(&a));
})

/* vslv/vsrv (ISA 3.0): byte i shifted with its right (left) neighbour as
   the fill, by VRB.byte[i] & 7 */
DEF_VX3(vslv, {
    for (int i = 0; i < 16; i++) {
        unsigned pair = VB(a, i) << 8 | (i < 15 ? VB(a, i + 1) : 0);
        VB(r, i) = (uint8_t)((pair << (VB(b, i) & 7)) >> 8);
    }
})
DEF_VX3(vsrv, {
    for (int i = 0; i < 16; i++) {
        unsigned pair = (i > 0 ? VB(a, i - 1) : 0) << 8 | VB(a, i);
        VB(r, i) = (uint8_t)(pair >> (VB(b, i) & 7));
    }
})

/* ----------------------------------------------------- merges 6.8.2 */

/* high: elements 0..n/2-1 of a and b interleaved; low: n/2..n-1 */
#define MERGE(ACC, n, first)                                                  \
    for (int i = 0; i < (n) / 2; i++) {                                       \
        ACC(r, 2 * i) = ACC(a, (first) + i);                                  \
        ACC(r, 2 * i + 1) = ACC(b, (first) + i);                              \
    }
DEF_VX3(vmrghb, MERGE(VB, 16, 0))
DEF_VX3(vmrghh, MERGE(VH, 8, 0))
DEF_VX3(vmrghw, MERGE(VW, 4, 0))
DEF_VX3(vmrglb, MERGE(VB, 16, 8))
DEF_VX3(vmrglh, MERGE(VH, 8, 4))
DEF_VX3(vmrglw, MERGE(VW, 4, 2))
DEF_VX3(vmrgew, {
    VW(r, 0) = VW(a, 0);
    VW(r, 1) = VW(b, 0);
    VW(r, 2) = VW(a, 2);
    VW(r, 3) = VW(b, 2);
})
DEF_VX3(vmrgow, {
    VW(r, 0) = VW(a, 1);
    VW(r, 1) = VW(b, 1);
    VW(r, 2) = VW(a, 3);
    VW(r, 3) = VW(b, 3);
})

/* ------------------------------------------------------- packs 6.8.1 */

/* element i of a||b at the source width, as a signed or unsigned value */
#define PACK(DST, SRC, n, T, expr)                                            \
    for (int i = 0; i < (n); i++) {                                           \
        T x = (T)(i < (n) / 2 ? SRC(a, i) : SRC(b, i - (n) / 2));             \
        DST(r, i) = (expr);                                                   \
    }
DEF_VX3(vpkuhum, PACK(VB, VH, 16, uint16_t, (uint8_t)x))
DEF_VX3(vpkuwum, PACK(VH, VW, 8, uint32_t, (uint16_t)x))
DEF_VX3(vpkudum, PACK(VW, VD, 4, uint64_t, (uint32_t)x))
DEF_VX3(vpkuhus, PACK(VB, VH, 16, uint16_t,
                      (uint8_t)clamp(x, 0, UINT8_MAX, &sat)))
DEF_VX3(vpkuwus, PACK(VH, VW, 8, uint32_t,
                      (uint16_t)clamp(x, 0, UINT16_MAX, &sat)))
DEF_VX3(vpkudus, PACK(VW, VD, 4, uint64_t,
                      (uint32_t)(x > UINT32_MAX ? (sat = true, UINT32_MAX)
                                                : x)))
DEF_VX3(vpkshus, PACK(VB, VH, 16, int16_t,
                      (uint8_t)clamp(x, 0, UINT8_MAX, &sat)))
DEF_VX3(vpkswus, PACK(VH, VW, 8, int32_t,
                      (uint16_t)clamp(x, 0, UINT16_MAX, &sat)))
DEF_VX3(vpksdus, PACK(VW, VD, 4, int64_t,
                      (uint32_t)clamp(x, 0, UINT32_MAX, &sat)))
DEF_VX3(vpkshss, PACK(VB, VH, 16, int16_t,
                      (uint8_t)clamp(x, INT8_MIN, INT8_MAX, &sat)))
DEF_VX3(vpkswss, PACK(VH, VW, 8, int32_t,
                      (uint16_t)clamp(x, INT16_MIN, INT16_MAX, &sat)))
DEF_VX3(vpksdss, PACK(VW, VD, 4, int64_t,
                      (uint32_t)clamp(x, INT32_MIN, INT32_MAX, &sat)))

/* vpkpx (6.8.1): each word of a||b to a 1:5:5:5 pixel: bits 7, 8:12,
   16:20 and 24:28 of the word */
DEF_VX3(vpkpx, PACK(VH, VW, 8, uint32_t,
                    (uint16_t)((x >> 24 & 1) << 15 | (x >> 19 & 0x1f) << 10 |
                               (x >> 11 & 0x1f) << 5 | (x >> 3 & 0x1f))))

/* unpack high/low: elements 0..n-1 or n..2n-1 of b, sign-extended */
#define UNPACK(DST, SRC, n, T, first)                                         \
    for (int i = 0; i < (n); i++) {                                           \
        DST(r, i) = (T)SRC(b, (first) + i);                                   \
    }
DEF_VX2(vupkhsb, UNPACK(VH, VB, 8, int8_t, 0))
DEF_VX2(vupklsb, UNPACK(VH, VB, 8, int8_t, 8))
DEF_VX2(vupkhsh, UNPACK(VW, VH, 4, int16_t, 0))
DEF_VX2(vupklsh, UNPACK(VW, VH, 4, int16_t, 4))
DEF_VX2(vupkhsw, UNPACK(VD, VW, 2, int32_t, 0))
DEF_VX2(vupklsw, UNPACK(VD, VW, 2, int32_t, 2))

/* vupk[hl]px (6.8.1): halfwords 0-3 (4-7) of b as 1:5:5:5 pixels into
   words: the sign-extended first bit, then each 5-bit field zero-extended
   to a byte */
#define UNPACK_PX(first)                                                          for (int i = 0; i < 4; i++) {                                                     uint32_t h = VH(b, (first) + i);                                              VW(r, i) = (h & 0x8000 ? 0xff000000u : 0) | (h >> 10 & 0x1f) << 16 |                     (h >> 5 & 0x1f) << 8 | (h & 0x1f);                             }
DEF_VX2(vupkhpx, UNPACK_PX(0))
DEF_VX2(vupklpx, UNPACK_PX(4))

/* ---------------------------------------------------- multiply 6.9.1 */

/* even (odd) forms multiply elements 2i (2i+1) into double-width i */
#define MULEO(DST, SRC, n, T, WT, odd)                                        \
    for (int i = 0; i < (n); i++) {                                           \
        DST(r, i) = (WT)(T)SRC(a, 2 * i + (odd)) * (WT)(T)SRC(b, 2 * i + (odd)); \
    }
DEF_VX3(vmuleub, MULEO(VH, VB, 8, uint8_t, uint32_t, 0))
DEF_VX3(vmuloub, MULEO(VH, VB, 8, uint8_t, uint32_t, 1))
DEF_VX3(vmulesb, MULEO(VH, VB, 8, int8_t, int32_t, 0))
DEF_VX3(vmulosb, MULEO(VH, VB, 8, int8_t, int32_t, 1))
DEF_VX3(vmuleuh, MULEO(VW, VH, 4, uint16_t, uint32_t, 0))
DEF_VX3(vmulouh, MULEO(VW, VH, 4, uint16_t, uint32_t, 1))
DEF_VX3(vmulesh, MULEO(VW, VH, 4, int16_t, int32_t, 0))
DEF_VX3(vmulosh, MULEO(VW, VH, 4, int16_t, int32_t, 1))
DEF_VX3(vmuleuw, MULEO(VD, VW, 2, uint32_t, uint64_t, 0))
DEF_VX3(vmulouw, MULEO(VD, VW, 2, uint32_t, uint64_t, 1))
DEF_VX3(vmulesw, MULEO(VD, VW, 2, int32_t, int64_t, 0))
DEF_VX3(vmulosw, MULEO(VD, VW, 2, int32_t, int64_t, 1))
DEF_VX3(vmuluwm, EACH_W(uint32_t, (uint64_t)x * y))

/* ---------------------------------------------------------- sums 6.9.1 */

DEF_VX3(vsumsws, {
    int64_t s = (int32_t)VW(b, 3);
    for (int i = 0; i < 4; i++) {
        s += (int32_t)VW(a, i);
    }
    VW(r, 3) = (uint32_t)clamp(s, INT32_MIN, INT32_MAX, &sat);
})
DEF_VX3(vsum2sws, {
    for (int i = 0; i < 2; i++) {
        int64_t s = (int64_t)(int32_t)VW(a, 2 * i) + (int32_t)VW(a, 2 * i + 1) +
                    (int32_t)VW(b, 2 * i + 1);
        VW(r, 2 * i + 1) = (uint32_t)clamp(s, INT32_MIN, INT32_MAX, &sat);
    }
})
DEF_VX3(vsum4sbs, {
    for (int i = 0; i < 4; i++) {
        int64_t s = (int32_t)VW(b, i);
        for (int j = 0; j < 4; j++) {
            s += (int8_t)VB(a, 4 * i + j);
        }
        VW(r, i) = (uint32_t)clamp(s, INT32_MIN, INT32_MAX, &sat);
    }
})
DEF_VX3(vsum4ubs, {
    for (int i = 0; i < 4; i++) {
        int64_t s = VW(b, i);
        for (int j = 0; j < 4; j++) {
            s += VB(a, 4 * i + j);
        }
        VW(r, i) = (uint32_t)clamp(s, 0, UINT32_MAX, &sat);
    }
})
DEF_VX3(vsum4shs, {
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)(int32_t)VW(b, i) + (int16_t)VH(a, 2 * i) +
                    (int16_t)VH(a, 2 * i + 1);
        VW(r, i) = (uint32_t)clamp(s, INT32_MIN, INT32_MAX, &sat);
    }
})

/* ------------------------------------------------- bit permutes 6.10 */

/* bit n (0 = the leftmost) of a 128-bit register */
static unsigned vec_bit(const PPCVec *v, unsigned n)
{
    return (v->d[n >> 6] >> (63 - (n & 63))) & 1;
}

/* vbpermq: bit i of the 16-bit result is VRA.bit[VRB.byte[i]] (0 when the
   index is 128 or more), right-justified in doubleword 0 */
DEF_VX3(vbpermq, {
    uint64_t perm = 0;
    for (int i = 0; i < 16; i++) {
        unsigned idx = VB(b, i);
        perm = perm << 1 | (idx < 128 ? vec_bit(&a, idx) : 0);
    }
    VD(r, 0) = perm;
})
/* vbpermd: the same per doubleword, with 64-bit indices, 8 result bits */
DEF_VX3(vbpermd, {
    for (int d = 0; d < 2; d++) {
        uint64_t perm = 0;
        for (int j = 0; j < 8; j++) {
            unsigned idx = VB(b, 8 * d + j);
            perm = perm << 1 | (idx < 64 ? (VD(a, d) >> (63 - idx)) & 1 : 0);
        }
        VD(r, d) = perm;
    }
})

/* vgbbd: each doubleword as an 8x8 bit matrix (byte = row), transposed */
DEF_VX2(vgbbd, {
    for (int d = 0; d < 2; d++) {
        uint64_t in = VD(b, d), out = 0;
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                uint64_t bit = (in >> (63 - (8 * row + col))) & 1;
                out |= bit << (63 - (8 * col + row));
            }
        }
        VD(r, d) = out;
    }
})

/* ------------------------------------------ counts, negate, extend 6.9 */

#define EACH1_B(expr)                                                         \
    for (int i = 0; i < 16; i++) {                                            \
        uint32_t x = VB(b, i);                                                \
        VB(r, i) = (uint8_t)(expr);                                           \
    }
#define EACH1_H(expr)                                                         \
    for (int i = 0; i < 8; i++) {                                             \
        uint32_t x = VH(b, i);                                                \
        VH(r, i) = (uint16_t)(expr);                                          \
    }
#define EACH1_W(expr)                                                         \
    for (int i = 0; i < 4; i++) {                                             \
        uint32_t x = VW(b, i);                                                \
        VW(r, i) = (uint32_t)(expr);                                          \
    }
#define EACH1_D(expr)                                                         \
    for (int i = 0; i < 2; i++) {                                             \
        uint64_t x = VD(b, i);                                                \
        VD(r, i) = (uint64_t)(expr);                                          \
    }

/* clz/ctz of the low n bits of x (n for x = 0) */
static unsigned clz_n(uint64_t x, unsigned n)
{
    return x ? (unsigned)__builtin_clzll(x) - (64 - n) : n;
}

static unsigned ctz_n(uint64_t x, unsigned n)
{
    return x ? (unsigned)__builtin_ctzll(x) : n;
}

DEF_VX2(vclzb, EACH1_B(clz_n(x, 8)))
DEF_VX2(vclzh, EACH1_H(clz_n(x, 16)))
DEF_VX2(vclzw, EACH1_W(clz_n(x, 32)))
DEF_VX2(vclzd, EACH1_D(clz_n(x, 64)))
DEF_VX2(vctzb, EACH1_B(ctz_n(x, 8)))
DEF_VX2(vctzh, EACH1_H(ctz_n(x, 16)))
DEF_VX2(vctzw, EACH1_W(ctz_n(x, 32)))
DEF_VX2(vctzd, EACH1_D(ctz_n(x, 64)))
DEF_VX2(vpopcntb, EACH1_B(__builtin_popcount(x)))
DEF_VX2(vpopcnth, EACH1_H(__builtin_popcount(x)))
DEF_VX2(vpopcntw, EACH1_W(__builtin_popcount(x)))
DEF_VX2(vpopcntd, EACH1_D(__builtin_popcountll(x)))
DEF_VX2(vnegw, EACH1_W(0u - x))
DEF_VX2(vnegd, EACH1_D(0ull - x))
/* sign-extend the low byte/halfword/word of each element */
DEF_VX2(vextsb2w, EACH1_W((int32_t)(int8_t)x))
DEF_VX2(vextsh2w, EACH1_W((int32_t)(int16_t)x))
DEF_VX2(vextsb2d, EACH1_D((int64_t)(int8_t)x))
DEF_VX2(vextsh2d, EACH1_D((int64_t)(int16_t)x))
DEF_VX2(vextsw2d, EACH1_D((int64_t)(int32_t)x))
/* parity of the least significant bit of each byte of the element */
DEF_VX2(vprtybw, EACH1_W(__builtin_parity(x & 0x01010101u)))
DEF_VX2(vprtybd, EACH1_D(__builtin_parityll(x & 0x0101010101010101ull)))
DEF_VX2(vprtybq, {
    VD(r, 0) = 0;
    VD(r, 1) = (uint64_t)__builtin_parityll(
        (VD(b, 0) ^ VD(b, 1)) & 0x0101010101010101ull);
})

/* ------------------------------------------------- permute, VA form */

/* byte i of the 32-byte a||b */
static uint8_t vec_byte2(const PPCVec *a, const PPCVec *b, unsigned i)
{
    return i < 16 ? VB(*a, i) : VB(*b, i - 16);
}

/* vperm (6.8.3): byte i <- (a||b).byte[c.byte[i] & 31]; vpermr (3.0) with
   the index counted from the right */
DEF_VA(vperm, {
    for (int i = 0; i < 16; i++) {
        VB(r, i) = vec_byte2(&a, &b, VB(c, i) & 31);
    }
})
DEF_VA(vpermr, {
    for (int i = 0; i < 16; i++) {
        VB(r, i) = vec_byte2(&a, &b, 31 - (VB(c, i) & 31));
    }
})
/* vpermxor (2.07): a.byte[c.hi] ^ b.byte[c.lo] */
DEF_VA(vpermxor, {
    for (int i = 0; i < 16; i++) {
        VB(r, i) = VB(a, VB(c, i) >> 4) ^ VB(b, VB(c, i) & 15);
    }
})

/* multiply-add and multiply-sum (6.9.1) */
DEF_VA(vmladduhm, {
    for (int i = 0; i < 8; i++) {
        VH(r, i) = (uint16_t)((uint32_t)VH(a, i) * VH(b, i) + VH(c, i));
    }
})
DEF_VA(vmsumubm, {
    for (int i = 0; i < 4; i++) {
        uint32_t s = VW(c, i);
        for (int j = 0; j < 4; j++) {
            s += (uint32_t)VB(a, 4 * i + j) * VB(b, 4 * i + j);
        }
        VW(r, i) = s;
    }
})
DEF_VA(vmsummbm, {
    for (int i = 0; i < 4; i++) {
        uint32_t s = VW(c, i);
        for (int j = 0; j < 4; j++) {
            s += (uint32_t)((int32_t)(int8_t)VB(a, 4 * i + j) *
                            (int32_t)VB(b, 4 * i + j));
        }
        VW(r, i) = s;
    }
})
DEF_VA(vmsumuhm, {
    for (int i = 0; i < 4; i++) {
        VW(r, i) = VW(c, i) + (uint32_t)VH(a, 2 * i) * VH(b, 2 * i) +
                   (uint32_t)VH(a, 2 * i + 1) * VH(b, 2 * i + 1);
    }
})
DEF_VA(vmsumuhs, {
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)VW(c, i) + (int64_t)VH(a, 2 * i) * VH(b, 2 * i) +
                    (int64_t)VH(a, 2 * i + 1) * VH(b, 2 * i + 1);
        VW(r, i) = (uint32_t)clamp(s, 0, UINT32_MAX, &sat);
    }
})
DEF_VA(vmsumshm, {
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)(int32_t)VW(c, i) +
                    (int32_t)(int16_t)VH(a, 2 * i) * (int16_t)VH(b, 2 * i) +
                    (int32_t)(int16_t)VH(a, 2 * i + 1) *
                        (int16_t)VH(b, 2 * i + 1);
        VW(r, i) = (uint32_t)s;
    }
})
DEF_VA(vmsumshs, {
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)(int32_t)VW(c, i) +
                    (int32_t)(int16_t)VH(a, 2 * i) * (int16_t)VH(b, 2 * i) +
                    (int32_t)(int16_t)VH(a, 2 * i + 1) *
                        (int16_t)VH(b, 2 * i + 1);
        VW(r, i) = (uint32_t)clamp(s, INT32_MIN, INT32_MAX, &sat);
    }
})
/* vmsumudm (3.0B): the two doubleword products plus VRC, modulo 2^128 */
DEF_VA(vmsumudm, {
    unsigned __int128 s = vec_u128(&c);
    for (int i = 0; i < 2; i++) {
        s += (unsigned __int128)VD(a, i) * VD(b, i);
    }
    vec_set_u128(&r, s);
})

/* the high halves of 32-bit products plus c, saturated; the "r" form
   rounds by adding 2^14 first */
DEF_VA(vmhaddshs, {
    for (int i = 0; i < 8; i++) {
        int32_t p = (int32_t)(int16_t)VH(a, i) * (int16_t)VH(b, i);
        VH(r, i) = (uint16_t)clamp((p >> 15) + (int16_t)VH(c, i), INT16_MIN,
                                   INT16_MAX, &sat);
    }
})
DEF_VA(vmhraddshs, {
    for (int i = 0; i < 8; i++) {
        int32_t p = (int32_t)(int16_t)VH(a, i) * (int16_t)VH(b, i) + 0x4000;
        VH(r, i) = (uint16_t)clamp((p >> 15) + (int16_t)VH(c, i), INT16_MIN,
                                   INT16_MAX, &sat);
    }
})

/* ---------------------------------------------------- compares 6.9.3 */

/*
 * Each element of the target becomes all ones where the predicate holds,
 * zeros elsewhere; the return value is the CR6 of the Rc=1 form: 0b1000
 * if it held everywhere, 0b0010 if nowhere.
 */
#define DEF_VC(name, EACH, T, pred)                                           \
    static uint64_t helper_##name(CPUPPCState *env, uint64_t t, uint64_t ia, \
                                  uint64_t ib)                                \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r = {{0, 0}};      \
        bool all = true, none = true;                                         \
        EACH(T, (pred) ? (none = false, ~0ull) : (all = false, 0ull));        \
        vec_put(env, t, &r);                                                  \
        return (all ? 8 : 0) | (none ? 2 : 0);                                \
    }                                                                         \
    INFO(name, 3, 1, VEC_HELPER_WRITES)

DEF_VC(vcmpequb, EACH_B, uint8_t, x == y)
DEF_VC(vcmpequh, EACH_H, uint16_t, x == y)
DEF_VC(vcmpequw, EACH_W, uint32_t, x == y)
DEF_VC(vcmpequd, EACH_D, uint64_t, x == y)
DEF_VC(vcmpgtub, EACH_B, uint8_t, x > y)
DEF_VC(vcmpgtuh, EACH_H, uint16_t, x > y)
DEF_VC(vcmpgtuw, EACH_W, uint32_t, x > y)
DEF_VC(vcmpgtud, EACH_D, uint64_t, x > y)
DEF_VC(vcmpgtsb, EACH_B, int8_t, x > y)
DEF_VC(vcmpgtsh, EACH_H, int16_t, x > y)
DEF_VC(vcmpgtsw, EACH_W, int32_t, x > y)
DEF_VC(vcmpgtsd, EACH_D, int64_t, x > y)
DEF_VC(vcmpneb, EACH_B, uint8_t, x != y)
DEF_VC(vcmpneh, EACH_H, uint16_t, x != y)
DEF_VC(vcmpnew, EACH_W, uint32_t, x != y)
/* not equal, or either element zero (ISA 3.0) */
DEF_VC(vcmpnezb, EACH_B, uint8_t, x != y || x == 0 || y == 0)
DEF_VC(vcmpnezh, EACH_H, uint16_t, x != y || x == 0 || y == 0)
DEF_VC(vcmpnezw, EACH_W, uint32_t, x != y || x == 0 || y == 0)

/* ------------------------------------------ splat, extract, insert */

/* vextractu[bhw], vextractd (3.0, 6.8.4): the element at byte UIM,
   zero-extended into doubleword 0; doubleword 1 = 0 */
DEF_VXI(vextractub, VD(r, 0) = vec_bytes_at(&b, uim & 15, 1))
DEF_VXI(vextractuh, VD(r, 0) = vec_bytes_at(&b, uim & 15, 2))
DEF_VXI(vextractuw, VD(r, 0) = vec_bytes_at(&b, uim & 15, 4))
DEF_VXI(vextractd, VD(r, 0) = vec_bytes_at(&b, uim & 15, 8))

/* vinsert[bhwd] (3.0): the rightmost element of b's doubleword 0 into the
   target at byte UIM, the other bytes of the target kept */
#define DEF_VINSERT(name, n)                                                  \
    DEF_VXI(name, {                                                           \
        r = vec_get(env, t);                                                  \
        vec_set_bytes_at(&r, uim & 15, (n), vec_bytes_at(&b, 8 - (n), (n)));  \
    })
DEF_VINSERT(vinsertb, 1)
DEF_VINSERT(vinserth, 2)
DEF_VINSERT(vinsertw, 4)
DEF_VINSERT(vinsertd, 8)

/* ------------------------------------- results in a GPR (pure helpers) */

/* vext*[lr]x (3.0, 6.8.4): the element at byte index RA[60:63] counted from
   the left, or whose last byte is that index counted from the right */
#define DEF_VEXT(name, n, from_right)                                         \
    static uint64_t helper_##name(CPUPPCState *env, uint64_t ra,             \
                                  uint64_t ib)                                \
    {                                                                         \
        PPCVec b = vec_get(env, ib);                                          \
        unsigned idx = ra & 15;                                               \
        return vec_bytes_at(&b, (from_right) ? 16 - (n) - idx : idx, (n));    \
    }                                                                         \
    INFO(name, 2, 1, TCG_CALL_PURE)
DEF_VEXT(vextublx, 1, false)
DEF_VEXT(vextubrx, 1, true)
DEF_VEXT(vextuhlx, 2, false)
DEF_VEXT(vextuhrx, 2, true)
DEF_VEXT(vextuwlx, 4, false)
DEF_VEXT(vextuwrx, 4, true)

/* vclzlsbb, vctzlsbb (3.0, 6.9.2): bytes with a zero least significant
   bit, counted from the left or the right up to the first set one */
static uint64_t helper_vclzlsbb(CPUPPCState *env, uint64_t unused,
                                uint64_t ib)
{
    PPCVec b = vec_get(env, ib);
    unsigned n = 0;

    while (n < 16 && !(VB(b, n) & 1)) {
        n++;
    }
    return n;
}
INFO(vclzlsbb, 2, 1, TCG_CALL_PURE)

static uint64_t helper_vctzlsbb(CPUPPCState *env, uint64_t unused,
                                uint64_t ib)
{
    PPCVec b = vec_get(env, ib);
    unsigned n = 0;

    while (n < 16 && !(VB(b, 15 - n) & 1)) {
        n++;
    }
    return n;
}
INFO(vctzlsbb, 2, 1, TCG_CALL_PURE)

/* ------------------------------------------- element loads and stores */

/*
 * lvebx/lvehx/lvewx (6.7.2): the element at EA (the translator aligned it
 * to the element size) goes where lvx would have put it: byte EA[60:63] on
 * in big-endian mode, mirrored in little-endian mode.  The other bytes of
 * the target are undefined; we keep them.  stvebx/stvehx/stvewx (6.7.3)
 * store that element back.
 */
static unsigned vec_elem_pos(uint64_t ea, uint64_t desc)
{
    unsigned size = 1u << (desc & 3), eb = (unsigned)ea & 15;

    return (desc & VEC_ELEM_LE) ? 16 - size - eb : eb;
}

static TCGMemOpIdx vec_elem_oi(uint64_t desc)
{
    unsigned memop = desc & 3;

    if (!(desc & VEC_ELEM_LE) && memop != MO_8) {
        memop |= MO_BSWAP; /* guest RAM is little-endian */
    }
    return make_memop_idx(memop, (unsigned)(desc >> 8) & 3);
}

static void helper_lvex(CPUPPCState *env, uint64_t t, uint64_t ea,
                        uint64_t desc)
{
    uint64_t v = cpu_ld_mmu(env, ea, vec_elem_oi(desc), GETPC());
    PPCVec r = vec_get(env, t);

    vec_set_bytes_at(&r, vec_elem_pos(ea, desc), 1u << (desc & 3), v);
    vec_put(env, t, &r);
}
INFO(lvex, 3, 0, VEC_HELPER_READS_MSR)

static void helper_stvex(CPUPPCState *env, uint64_t s, uint64_t ea,
                         uint64_t desc)
{
    PPCVec v = vec_get(env, s);

    cpu_st_mmu(env, ea,
               vec_bytes_at(&v, vec_elem_pos(ea, desc), 1u << (desc & 3)),
               vec_elem_oi(desc), GETPC());
}
INFO(stvex, 3, 0, VEC_HELPER_READS_MSR)
