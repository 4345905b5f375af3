/*
 * tcg/x86_64: the lowering of the 128-bit vector ops (include/tcg-vec.h).
 *
 * Each op loads its sources from env into xmm0/xmm1 with movdqu (the VSR
 * slots are only 8-byte aligned, and legacy SSE memory operands must be
 * 16-byte aligned, so every operand is loaded first), computes there and
 * stores xmm0 back.  Generated code keeps no value in an xmm register
 * from one op to the next, so xmm0-xmm4 are free scratch registers.
 *
 * SSE2 is the baseline of x86-64.  Where SSE4.1 (pcmpeqq, pmax/pmin of the
 * remaining widths) and SSE4.2 (pcmpgtq) are present they are used; the
 * fallbacks: unsigned compares flip the sign bits (a constant made with
 * pcmpeqd + psll) and compare signed; max/min without the instruction are
 * a compare and a select (pand/pandn/por); the 64-bit compares without
 * SSE4.x go through r11, one doubleword at a time.
 *
 * The saturating ops are SSE2's padds/paddus/psubs/psubus; VSCR[SAT]
 * comes from comparing the result with the modulo one (pcmpeqb,
 * pmovmskb into r11: any byte unequal means a lane saturated) and an
 * `or dword [env + sat], 1` skipped when all are equal.
 *
 * The per-lane word rotate and shift (v128_rotl32, v128_shl32) multiply:
 * 2^n for each lane's count n is the float with exponent n (n << 23 plus
 * the bits of 1.0f) converted by cvttps2dq (2^31, out of range, gives
 * 0x80000000 = 2^31 as well); pmuludq's 64-bit products a * 2^n of lanes
 * 0 and 2 (and, after pshufd, of 1 and 3) hold a << n in their low and
 * a >> (32 - n) in their high dword, OR-ed for the rotate.  All SSE2.
 * The right word shifts (v128_shr32, v128_sar32) shift the whole of a by
 * each lane's count in turn and keep that lane.
 *
 * The byte permutes use SSSE3's pshufb, once on each source with a mask
 * that zeroes the bytes the other source gives, then por.  A slot's byte
 * k (the ISA's numbering) is host byte k ^ 7, so a mask byte for result
 * host byte h names source host byte j ^ 7 where j is the pattern's
 * entry for byte h ^ 7.  v128_shuf's masks are static tables built at
 * compile time from TCG_VEC_SHUF_PATTERNS; v128_perm computes its masks
 * from c: x = (c & 0x1f) ^ 0x07 + 0x70 has bit 7 set exactly where the
 * index is 16-31 (b's bytes), so x selects from a, x ^ 0x80 from b
 * (v128_permr's 31 - index is a further ^ 0x1f: it xors with 0x18).  The
 * masks are read through r11 as 16-byte aligned memory operands.  Without
 * SSSE3 the sources are stored in the red zone below rsp (the ABI's 128
 * bytes no signal handler touches; no call happens inside one op) and
 * the 16 bytes are moved one by one through r11.
 *
 * The byte and halfword rotates and shifts by per-lane counts
 * (v128_{rotl,shl,shr,sar}{8,16}) go bit by bit through the count (3 or
 * 4 steps): step k shifts the whole of a by 2^k and keeps that in the
 * lanes whose count has bit k set.  The lane mask of bit k: for
 * halfwords psllw by 15 - k then psraw by 15; for bytes psllw by 7 - k
 * (bit k of each byte lands in its bit 7; the shift is below 8, so no bit
 * crosses into the next byte's bit 7) then pcmpgtb of zero against it.
 * SSE2 has no byte shifts: psllw/psrlw and a mask of the bits that stay
 * in the byte (static tables), with the sign bits (pcmpgtb of zero)
 * ORed into the vacated ones for the arithmetic shift.  All SSE2.
 *
 * The lane-wise FP ops (v128_f*) are SSE2's packed double/single
 * arithmetic in the host's default MXCSR (round to nearest, exceptions
 * masked, no DAZ/FTZ: the mode every vCPU thread runs in; the FP helpers
 * restore it).  The result is checked lane by lane without reading
 * MXCSR: |r| (pand with the sign cleared) compared with cmpltp[sd]
 * against the smallest normal and against infinity (a NaN compares
 * false), movmskp[sd] of the AND of the two must have every lane set.
 * The status word gets setne of that comparison, and the result is
 * stored only when it is 0.  The fused multiply-adds (v128_f*madd*,
 * *msub*) are FMA3's VEX-encoded vfmadd213p[sd] family, used only when
 * CPUID reports FMA and XCR0 the AVX state (probed once, frame.c); on
 * other hosts they report "not kept" and the translator's exact helper
 * runs.  (A VEX.128 instruction zeroes the upper halves of the ymm
 * registers; generated code never uses them.)
 */
#include "tcg/x86_64/lower.h"

#include "tcg-vec.h"

enum { X0 = 0, X1 = 1, X2 = 2 };

static void ld(X86Buf *b, int x, int64_t off)
{
    x86_sse_rm(b, X86_MOVDQU_LD, x, X86_ENV, (int32_t)off);
}

static void st(X86Buf *b, int x, int64_t off)
{
    x86_sse_rm(b, X86_MOVDQU_ST, x, X86_ENV, (int32_t)off);
}

/* x = all ones */
static void ones(X86Buf *b, int x)
{
    x86_sse_rr(b, X86_PCMPEQD, x, x);
}

/* x = ~x (clobbers xmm2) */
static void invert(X86Buf *b, int x)
{
    ones(b, X2);
    x86_sse_rr(b, X86_PXOR, x, X2);
}

/* xmm2 = the sign bit of every lane of `bits` bits (16, 32, 64) */
static void sign_bits(X86Buf *b, unsigned bits)
{
    X86SseOp sh = bits == 16 ? X86_PSLLW_I : bits == 32 ? X86_PSLLD_I
                                                        : X86_PSLLQ_I;

    ones(b, X2);
    x86_sse_shift_imm(b, sh, X2, (int)bits - 1);
}

static X86SseOp by_width(unsigned bits, X86SseOp op8)
{
    return (X86SseOp)(op8 + (bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2
                                                                        : 3));
}

/* xmm0 = (xmm0 > xmm1) signed, lanes of 8/16/32 bits */
static void cmpgt_signed(X86Buf *b, unsigned bits)
{
    x86_sse_rr(b, by_width(bits, X86_PCMPGTB), X0, X1);
}

/* xmm0 = (xmm0 > xmm1) unsigned, 8/16/32-bit lanes; xmm1 kept unless
   flip: then both have their sign bits flipped */
static void cmpgt_unsigned(X86Buf *b, unsigned bits)
{
    if (bits == 8) {
        /* a > b  <=>  max(a, b) != b */
        x86_sse_rr(b, X86_PMAXUB, X0, X1);
        x86_sse_rr(b, X86_PCMPEQB, X0, X1);
        invert(b, X0);
        return;
    }
    sign_bits(b, bits);
    x86_sse_rr(b, X86_PXOR, X0, X2);
    x86_sse_rr(b, X86_PXOR, X1, X2);
    cmpgt_signed(b, bits);
}

/* 64-bit lanes one at a time in r11: d = (a cond b) ? ~0 : 0 */
static void cmp64_scalar(X86Buf *b, X86Cond cc, const int64_t *a)
{
    for (int i = 0; i < 2; i++) {
        int32_t o = 8 * i;

        x86_load(b, X86_LD64, X86_TMP, X86_ENV, X86_NOREG, 0,
                 (int32_t)a[1] + o);
        x86_alu_rm(b, X86_CMP, 1, X86_TMP, X86_ENV, X86_NOREG, 0,
                   (int32_t)a[2] + o);
        x86_setcc(b, cc, X86_TMP);
        x86_movzx_rr(b, 8, X86_TMP, X86_TMP);
        x86_unary(b, X86_NEG, 1, X86_TMP);
        x86_store(b, 64, X86_TMP, X86_ENV, X86_NOREG, 0, (int32_t)a[0] + o);
    }
}

/* the SSE4.1 max/min for the widths SSE2 lacks, or X86_NB_SSE_OPS */
static X86SseOp minmax_insn(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_v128_maxu8: return X86_PMAXUB;
    case INDEX_op_v128_minu8: return X86_PMINUB;
    case INDEX_op_v128_maxs16: return X86_PMAXSW;
    case INDEX_op_v128_mins16: return X86_PMINSW;
    default:
        break;
    }
    if (!have_feat(X86_FEAT_SSE41)) {
        return X86_NB_SSE_OPS;
    }
    switch (opc) {
    case INDEX_op_v128_maxs8: return X86_PMAXSB;
    case INDEX_op_v128_maxs32: return X86_PMAXSD;
    case INDEX_op_v128_maxu16: return X86_PMAXUW;
    case INDEX_op_v128_maxu32: return X86_PMAXUD;
    case INDEX_op_v128_mins8: return X86_PMINSB;
    case INDEX_op_v128_mins32: return X86_PMINSD;
    case INDEX_op_v128_minu16: return X86_PMINUW;
    case INDEX_op_v128_minu32: return X86_PMINUD;
    default:
        return X86_NB_SSE_OPS;
    }
}

/* max/min by compare and select: m = (a > b) (or b > a for min);
   d = (a & m) | (b & ~m) */
static void minmax_select(X86Buf *b, TCGOpcode opc, unsigned bits,
                          const int64_t *a)
{
    bool is_max = opc == INDEX_op_v128_maxs8 || opc == INDEX_op_v128_maxs16 ||
                  opc == INDEX_op_v128_maxs32 || opc == INDEX_op_v128_maxu8 ||
                  opc == INDEX_op_v128_maxu16 || opc == INDEX_op_v128_maxu32;
    bool sgn = opc == INDEX_op_v128_maxs8 || opc == INDEX_op_v128_maxs16 ||
               opc == INDEX_op_v128_maxs32 || opc == INDEX_op_v128_mins8 ||
               opc == INDEX_op_v128_mins16 || opc == INDEX_op_v128_mins32;

    /* xmm0 = the mask, computed on copies loaded for the compare */
    ld(b, X0, is_max ? a[1] : a[2]);
    ld(b, X1, is_max ? a[2] : a[1]);
    if (sgn) {
        cmpgt_signed(b, bits);
    } else {
        cmpgt_unsigned(b, bits);
    }
    /* xmm1 = a & m, xmm0 = b & ~m, xmm0 |= xmm1 */
    ld(b, X1, a[1]);
    x86_sse_rr(b, X86_PAND, X1, X0);
    ld(b, X2, a[2]);
    x86_sse_rr(b, X86_PANDN, X0, X2);
    x86_sse_rr(b, X86_POR, X0, X1);
}

/* ------------------------------------------------- saturation, permutes */

static X86SseOp sat_insn(TCGOpcode opc, X86SseOp *modulo)
{
    switch (opc) {
    case INDEX_op_v128_addsats8: *modulo = X86_PADDB; return X86_PADDSB;
    case INDEX_op_v128_addsats16: *modulo = X86_PADDW; return X86_PADDSW;
    case INDEX_op_v128_addsatu8: *modulo = X86_PADDB; return X86_PADDUSB;
    case INDEX_op_v128_addsatu16: *modulo = X86_PADDW; return X86_PADDUSW;
    case INDEX_op_v128_subsats8: *modulo = X86_PSUBB; return X86_PSUBSB;
    case INDEX_op_v128_subsats16: *modulo = X86_PSUBW; return X86_PSUBSW;
    case INDEX_op_v128_subsatu8: *modulo = X86_PSUBB; return X86_PSUBUSB;
    default: *modulo = X86_PSUBW; return X86_PSUBUSW;
    }
}

static void lower_sat(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    X86SseOp modulo, sat = sat_insn(opc, &modulo);
    size_t skip;

    ld(b, X0, a[1]);
    ld(b, X1, a[2]);
    ld(b, X2, a[1]);
    x86_sse_rr(b, sat, X0, X1);
    x86_sse_rr(b, modulo, X2, X1);
    st(b, X0, a[0]);
    x86_sse_rr(b, X86_PCMPEQB, X2, X0);
    x86_sse_rr(b, X86_PMOVMSKB, X86_TMP, X2);
    x86_alu_ri(b, X86_CMP, 0, X86_TMP, 0xffff);
    skip = x86_jcc8_fwd(b, X86_CC_E);
    x86_alu_mi(b, X86_OR, 0, X86_ENV, X86_NOREG, 0, (int32_t)a[3], 1);
    x86_patch_rel8(b, skip, b->pos);
}

/* the pshufb masks of v128_shuf: source a's, then b's, per pattern */
#define MASK_J(F, h) (F((h) ^ 7))
#define MASK_A(F, h) (MASK_J(F, h) < 16 ? MASK_J(F, h) ^ 7 : 0x80)
#define MASK_B(F, h) (MASK_J(F, h) >= 16 ? (MASK_J(F, h) - 16) ^ 7 : 0x80)
#define MASK16(M, F)                                                          \
    M(F, 0), M(F, 1), M(F, 2), M(F, 3), M(F, 4), M(F, 5), M(F, 6), M(F, 7),   \
    M(F, 8), M(F, 9), M(F, 10), M(F, 11), M(F, 12), M(F, 13), M(F, 14),       \
    M(F, 15)
#define MASK_ROW(n)                                                           \
    [TCG_VEC_SHUF_##n] = {{MASK16(MASK_A, TCG_SHUF_##n)},                     \
                          {MASK16(MASK_B, TCG_SHUF_##n)}},
static const _Alignas(16) uint8_t shuf_masks[TCG_VEC_NB_SHUF][2][16] = {
    TCG_VEC_SHUF_PATTERNS(MASK_ROW)
};
#undef MASK_ROW

/* v128_perm's constants: and, xor, add (see the top), the flip, then
   v128_permr's xor */
static const _Alignas(16) uint8_t perm_consts[5][16] = {
    {0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f,
     0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f},
    {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7},
    {0x70, 0x70, 0x70, 0x70, 0x70, 0x70, 0x70, 0x70,
     0x70, 0x70, 0x70, 0x70, 0x70, 0x70, 0x70, 0x70},
    {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
     0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80},
    {0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18,
     0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18},
};

static void pshufd(X86Buf *b, int dst, int src, uint8_t imm)
{
    x86_sse_rr(b, X86_PSHUFD, dst, src);
    x86_out8(b, imm);
}

static const _Alignas(16) uint32_t rot_consts[2][4] = {
    {31, 31, 31, 31},
    {0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000}, /* 1.0f */
};

static void lower_rot(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    bool rot = opc == INDEX_op_v128_rotl32;

    /* xmm1 = 2^n per lane, xmm3 = the same in lanes 0, 2 for lanes 1, 3 */
    x86_movi(b, X86_TMP, (int64_t)(uintptr_t)rot_consts);
    ld(b, X1, a[2]);
    x86_sse_rm(b, X86_PAND, X1, X86_TMP, 0);
    x86_sse_shift_imm(b, X86_PSLLD_I, X1, 23);
    x86_sse_rm(b, X86_PADDD, X1, X86_TMP, 16);
    x86_sse_rr(b, X86_CVTTPS2DQ, X1, X1);
    pshufd(b, 3, X1, 0xf5);
    ld(b, X0, a[1]);
    pshufd(b, X2, X0, 0xf5);
    x86_sse_rr(b, X86_PMULUDQ, X0, X1); /* products of lanes 0, 2 */
    x86_sse_rr(b, X86_PMULUDQ, X2, 3);  /* of lanes 1, 3 */
    if (rot) {
        pshufd(b, 4, X0, 0xb1);
        x86_sse_rr(b, X86_POR, X0, 4);
        pshufd(b, 4, X2, 0xb1);
        x86_sse_rr(b, X86_POR, X2, 4);
    }
    /* the low dwords (lanes 0, 2 of each) interleaved */
    pshufd(b, X0, X0, 0x08);
    pshufd(b, X2, X2, 0x08);
    x86_sse_rr(b, X86_PUNPCKLDQ, X0, X2);
    st(b, X0, a[0]);
}

static const _Alignas(16) uint64_t q63[2] = {63, 63};

/* 64-bit lanes shifted by their own counts: each lane by psllq/psrlq
   with its count moved to the low quadword, then the two lanes joined */
static void lower_shift64(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    X86SseOp sh = opc == INDEX_op_v128_shl64 ? X86_PSLLQ : X86_PSRLQ;

    x86_movi(b, X86_TMP, (int64_t)(uintptr_t)q63);
    ld(b, X1, a[2]);
    x86_sse_rm(b, X86_PAND, X1, X86_TMP, 0);
    ld(b, X0, a[1]);
    ld(b, X2, a[1]);
    x86_sse_rr(b, sh, X0, X1);  /* lane 0 right */
    pshufd(b, X1, X1, 0xee);
    x86_sse_rr(b, sh, X2, X1);  /* lane 1 right */
    pshufd(b, X2, X2, 0xee);
    x86_sse_rr(b, X86_PUNPCKLQDQ, X0, X2);
    st(b, X0, a[0]);
}

/* lane i alone (all ones in 32-bit lane i) */
static const _Alignas(16) uint32_t lane_masks[4][4] = {
    {~0u, 0, 0, 0}, {0, ~0u, 0, 0}, {0, 0, ~0u, 0}, {0, 0, 0, ~0u},
};

/* 32-bit lanes shifted right by their own counts (SSE2 has only one
   count per instruction): for each lane, its count alone in the low
   quadword, the whole of a shifted by it, that lane kept */
static void lower_shift32_right(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    X86SseOp sh = opc == INDEX_op_v128_sar32 ? X86_PSRAD : X86_PSRLD;

    x86_movi(b, X86_TMP, (int64_t)(uintptr_t)rot_consts);
    ld(b, X1, a[2]);
    x86_sse_rm(b, X86_PAND, X1, X86_TMP, 0); /* the counts & 31 */
    x86_movi(b, X86_TMP, (int64_t)(uintptr_t)lane_masks);
    x86_sse_rr(b, X86_PXOR, X0, X0);
    for (int i = 0; i < 4; i++) {
        pshufd(b, X2, X1, (uint8_t)(i * 0x55));
        x86_sse_rm(b, X86_PAND, X2, X86_TMP, 0);
        ld(b, 3, a[1]);
        x86_sse_rr(b, sh, 3, X2);
        x86_sse_rm(b, X86_PAND, 3, X86_TMP, 16 * i);
        x86_sse_rr(b, X86_POR, X0, 3);
    }
    st(b, X0, a[0]);
}

/* red-zone offsets (from rsp) of the copies the SSE2 fallback uses: a at
   -32, b at -16 (so a||b is contiguous), c at -48 */
enum { RZ_A = -32, RZ_B = -16, RZ_C = -48 };

static void lower_shuf(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    bool perm = opc == INDEX_op_v128_perm || opc == INDEX_op_v128_permr;
    int32_t flip = opc == INDEX_op_v128_permr ? 0x18 : 7;

    if (have_feat(X86_FEAT_SSSE3)) {
        if (perm) {
            x86_movi(b, X86_TMP, (int64_t)(uintptr_t)perm_consts);
            ld(b, X2, a[3]);
            x86_sse_rm(b, X86_PAND, X2, X86_TMP, 0);
            x86_sse_rm(b, X86_PXOR, X2, X86_TMP, flip == 7 ? 16 : 64);
            x86_sse_rm(b, X86_PADDB, X2, X86_TMP, 32);
            ld(b, X0, a[1]);
            x86_sse_rr(b, X86_PSHUFB, X0, X2);
            x86_sse_rm(b, X86_PXOR, X2, X86_TMP, 48);
            ld(b, X1, a[2]);
            x86_sse_rr(b, X86_PSHUFB, X1, X2);
        } else {
            x86_movi(b, X86_TMP,
                     (int64_t)(uintptr_t)shuf_masks[a[3] % TCG_VEC_NB_SHUF]);
            ld(b, X0, a[1]);
            x86_sse_rm(b, X86_PSHUFB, X0, X86_TMP, 0);
            ld(b, X1, a[2]);
            x86_sse_rm(b, X86_PSHUFB, X1, X86_TMP, 16);
        }
        x86_sse_rr(b, X86_POR, X0, X1);
        st(b, X0, a[0]);
        return;
    }
    ld(b, X0, a[1]);
    ld(b, X1, a[2]);
    x86_sse_rm(b, X86_MOVDQU_ST, X0, X86_RSP, RZ_A);
    x86_sse_rm(b, X86_MOVDQU_ST, X1, X86_RSP, RZ_B);
    if (perm) {
        ld(b, X2, a[3]);
        x86_sse_rm(b, X86_MOVDQU_ST, X2, X86_RSP, RZ_C);
    }
    for (unsigned h = 0; h < 16; h++) {
        if (perm) {
            /* byte j of a||b is at RZ_A + (j ^ 7) for j in 0..31 */
            x86_load(b, X86_LD8U, X86_TMP, X86_RSP, X86_NOREG, 0,
                     RZ_C + (int32_t)h);
            x86_alu_ri(b, X86_AND, 0, X86_TMP, 0x1f);
            x86_alu_ri(b, X86_XOR, 0, X86_TMP, flip);
            x86_load(b, X86_LD8U, X86_TMP, X86_RSP, X86_TMP, 0, RZ_A);
        } else {
            unsigned j = tcg_vec_shuf_pattern((unsigned)a[3], h ^ 7);
            x86_load(b, X86_LD8U, X86_TMP, X86_RSP, X86_NOREG, 0,
                     RZ_A + (int32_t)(j ^ 7));
        }
        x86_store(b, 8, X86_TMP, X86_ENV, X86_NOREG, 0,
                  (int32_t)a[0] + (int32_t)h);
    }
}

/* bytes_hi[n]: 0xff << n in every byte, bytes_lo[n]: 0xff >> n */
#define B16(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
static const _Alignas(16) uint8_t bytes_hi[8][16] = {
    B16(0xff), B16(0xfe), B16(0xfc), B16(0xf8), B16(0xf0), B16(0xe0),
    B16(0xc0), B16(0x80),
};
static const _Alignas(16) uint8_t bytes_lo[8][16] = {
    B16(0xff), B16(0x7f), B16(0x3f), B16(0x1f), B16(0x0f), B16(0x07),
    B16(0x03), B16(0x01),
};
#undef B16

static bool is_shift_small(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_rotl8 && opc <= INDEX_op_v128_sar16;
}

/* xmm3 = the whole of xmm0 (a) shifted as opc says by s (0 < s < lane) */
static void shift_small_step(X86Buf *b, TCGOpcode opc, bool bytes, int s)
{
    int w = bytes ? 8 : 16;

    x86_sse_rr(b, X86_MOVDQU_LD, 3, X0);
    switch (opc) {
    case INDEX_op_v128_shl8:
    case INDEX_op_v128_shl16:
        x86_sse_shift_imm(b, X86_PSLLW_I, 3, s);
        if (bytes) {
            x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_hi[s]);
            x86_sse_rm(b, X86_PAND, 3, X86_TMP, 0);
        }
        break;
    case INDEX_op_v128_shr8:
    case INDEX_op_v128_shr16:
        x86_sse_shift_imm(b, X86_PSRLW_I, 3, s);
        if (bytes) {
            x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_lo[s]);
            x86_sse_rm(b, X86_PAND, 3, X86_TMP, 0);
        }
        break;
    case INDEX_op_v128_sar16:
        x86_sse_shift_imm(b, X86_PSRAW_I, 3, s);
        break;
    case INDEX_op_v128_sar8:
        x86_sse_shift_imm(b, X86_PSRLW_I, 3, s);
        x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_lo[s]);
        x86_sse_rm(b, X86_PAND, 3, X86_TMP, 0);
        /* xmm4 = the sign bytes, kept where the shift emptied the byte */
        x86_sse_rr(b, X86_PXOR, 4, 4);
        x86_sse_rr(b, X86_PCMPGTB, 4, X0);
        x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_hi[8 - s]);
        x86_sse_rm(b, X86_PAND, 4, X86_TMP, 0);
        x86_sse_rr(b, X86_POR, 3, 4);
        break;
    default: /* the rotates: (a << s) | (a >> (w - s)) */
        x86_sse_rr(b, X86_MOVDQU_LD, 4, X0);
        x86_sse_shift_imm(b, X86_PSLLW_I, 3, s);
        x86_sse_shift_imm(b, X86_PSRLW_I, 4, w - s);
        if (bytes) {
            x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_hi[s]);
            x86_sse_rm(b, X86_PAND, 3, X86_TMP, 0);
            x86_movi(b, X86_TMP, (int64_t)(uintptr_t)bytes_lo[w - s]);
            x86_sse_rm(b, X86_PAND, 4, X86_TMP, 0);
        }
        x86_sse_rr(b, X86_POR, 3, 4);
        break;
    }
}

static void lower_shift_small(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    bool bytes = opc <= INDEX_op_v128_sar8;
    int steps = bytes ? 3 : 4;

    ld(b, X0, a[1]);
    for (int k = 0; k < steps; k++) {
        /* xmm2 = all ones in the lanes whose count has bit k */
        ld(b, X2, a[2]);
        if (bytes) {
            x86_sse_shift_imm(b, X86_PSLLW_I, X2, 7 - k);
            x86_sse_rr(b, X86_PXOR, X1, X1);
            x86_sse_rr(b, X86_PCMPGTB, X1, X2);
            x86_sse_rr(b, X86_MOVDQU_LD, X2, X1);
        } else {
            x86_sse_shift_imm(b, X86_PSLLW_I, X2, 15 - k);
            x86_sse_shift_imm(b, X86_PSRAW_I, X2, 15);
        }
        shift_small_step(b, opc, bytes, 1 << k);
        /* a = (shifted & m) | (a & ~m) */
        x86_sse_rr(b, X86_PAND, 3, X2);
        x86_sse_rr(b, X86_PANDN, X2, X0);
        x86_sse_rr(b, X86_POR, 3, X2);
        x86_sse_rr(b, X86_MOVDQU_LD, X0, 3);
    }
    st(b, X0, a[0]);
}

/* |x| mask, the smallest normal, infinity: binary64 lanes, then binary32 */
static const _Alignas(16) uint64_t fp64_consts[3][2] = {
    {0x7fffffffffffffffull, 0x7fffffffffffffffull},
    {0x0010000000000000ull, 0x0010000000000000ull},
    {0x7ff0000000000000ull, 0x7ff0000000000000ull},
};
static const _Alignas(16) uint32_t fp32_consts[3][4] = {
    {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff},
    {0x00800000, 0x00800000, 0x00800000, 0x00800000},
    {0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000},
};

/* the fast path's check of the result in xmm0: the word at env + st gets
   0 and d the result when every lane is in (MIN_NORMAL, inf), else 1 */
static void fp_check_store(X86Buf *b, bool dp, int64_t d, int64_t st_off)
{
    X86SseOp cmp = dp ? X86_CMPPD : X86_CMPPS;
    size_t skip;

    x86_movi(b, X86_TMP, dp ? (int64_t)(uintptr_t)fp64_consts
                            : (int64_t)(uintptr_t)fp32_consts);
    x86_sse_rr(b, X86_MOVDQU_LD, X2, X0);
    x86_sse_rm(b, X86_PAND, X2, X86_TMP, 0);          /* |r| */
    x86_sse_rm(b, X86_MOVDQU_LD, 3, X86_TMP, 16);
    x86_sse_rr(b, cmp, 3, X2);                        /* min < |r| */
    x86_out8(b, 1);
    x86_sse_rm(b, cmp, X2, X86_TMP, 32);              /* |r| < inf */
    x86_out8(b, 1);
    x86_sse_rr(b, X86_PAND, X2, 3);
    x86_sse_rr(b, dp ? X86_MOVMSKPD : X86_MOVMSKPS, X86_TMP, X2);
    x86_alu_ri(b, X86_CMP, 0, X86_TMP, dp ? 3 : 15);
    x86_setcc(b, X86_CC_NE, X86_TMP);
    x86_movzx_rr(b, 8, X86_TMP, X86_TMP);
    x86_store(b, 32, X86_TMP, X86_ENV, X86_NOREG, 0, (int32_t)st_off);
    skip = x86_jcc8_fwd(b, X86_CC_NE); /* the flags of the cmp */
    st(b, X0, d);
    x86_patch_rel8(b, skip, b->pos);
}

static void lower_fp(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    bool dp = tcg_vec_fp_is_64(opc);
    unsigned k = (unsigned)(opc - (dp ? INDEX_op_v128_fadd64
                                      : INDEX_op_v128_fadd32));
    static const X86SseOp pd[5] = {X86_ADDPD, X86_SUBPD, X86_MULPD,
                                   X86_DIVPD, X86_SQRTPD};
    static const X86SseOp ps[5] = {X86_ADDPS, X86_SUBPS, X86_MULPS,
                                   X86_DIVPS, X86_SQRTPS};

    ld(b, X0, a[1]);
    if (k == 4) {
        x86_sse_rr(b, dp ? X86_SQRTPD : X86_SQRTPS, X0, X0);
    } else {
        ld(b, X1, a[2]);
        x86_sse_rr(b, dp ? pd[k] : ps[k], X0, X1);
    }
    fp_check_store(b, dp, a[0], a[3]);
}

/*
 * The fused ops: vfmadd213 (xmm0 = xmm0 * xmm1 + xmm2) and its siblings.
 * The ISA's negative forms -(a * b + c) and -(a * b - c) are x86's
 * vfnmsub (-(a * b) - c) and vfnmadd (-(a * b) + c): in round to nearest
 * the rounding of a negated sum is the negated rounding, and the zero and
 * NaN results where the two could differ are never kept.  Without FMA3
 * nothing is computed and the status word says "not kept".
 */
static void lower_fma(X86Buf *b, TCGOpcode opc, const int64_t *a)
{
    bool dp = tcg_vec_fp_is_64(opc);
    unsigned k = (unsigned)(opc - (dp ? INDEX_op_v128_fmadd64
                                      : INDEX_op_v128_fmadd32));
    static const X86FmaOp host_op[4] = {X86_VFMADD, X86_VFMSUB, X86_VFNMSUB,
                                        X86_VFNMADD};

    if (!have_feat(X86_FEAT_FMA)) {
        x86_movi(b, X86_TMP, 1);
        x86_store(b, 32, X86_TMP, X86_ENV, X86_NOREG, 0, (int32_t)a[4]);
        return;
    }
    ld(b, X0, a[1]);
    ld(b, X1, a[2]);
    ld(b, X2, a[3]);
    x86_vfma213(b, host_op[k], dp, X0, X1, X2);
    fp_check_store(b, dp, a[0], a[4]);
}

void x86_lower_vec(X86Gen *g, const TCGOp *op)
{
    X86Buf *b = &g->buf;
    TCGOpcode opc = (TCGOpcode)op->opc;
    const int64_t *a = op->args; /* d, a, b: no temps, only constants */
    unsigned bits = tcg_vec_lane_bits(opc);
    X86SseOp ins;

    if (tcg_vec_is_fma(opc)) {
        lower_fma(b, opc, a);
        return;
    }
    if (tcg_vec_is_fp(opc)) {
        lower_fp(b, opc, a);
        return;
    }
    if (is_shift_small(opc)) {
        lower_shift_small(b, opc, a);
        return;
    }
    if (tcg_vec_is_sat(opc)) {
        lower_sat(b, opc, a);
        return;
    }
    if (opc == INDEX_op_v128_perm || opc == INDEX_op_v128_permr ||
        opc == INDEX_op_v128_shuf) {
        lower_shuf(b, opc, a);
        return;
    }
    if (opc == INDEX_op_v128_rotl32 || opc == INDEX_op_v128_shl32) {
        lower_rot(b, opc, a);
        return;
    }
    if (opc == INDEX_op_v128_shr32 || opc == INDEX_op_v128_sar32) {
        lower_shift32_right(b, opc, a);
        return;
    }
    if (opc == INDEX_op_v128_shl64 || opc == INDEX_op_v128_shr64) {
        lower_shift64(b, opc, a);
        return;
    }
    if (opc == INDEX_op_v128_mulou32 || opc == INDEX_op_v128_muleu32) {
        /* pmuludq multiplies the low halves; muleu moves the high down */
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        if (opc == INDEX_op_v128_muleu32) {
            pshufd(b, X0, X0, 0xf5);
            pshufd(b, X1, X1, 0xf5);
        }
        x86_sse_rr(b, X86_PMULUDQ, X0, X1);
        st(b, X0, a[0]);
        return;
    }
    switch (opc) {
    case INDEX_op_v128_mov:
        ld(b, X0, a[1]);
        break;
    case INDEX_op_v128_not:
        ld(b, X0, a[1]);
        invert(b, X0);
        break;
    case INDEX_op_v128_and:
    case INDEX_op_v128_or:
    case INDEX_op_v128_xor:
    case INDEX_op_v128_nand:
    case INDEX_op_v128_nor:
    case INDEX_op_v128_eqv:
        ins = opc == INDEX_op_v128_and || opc == INDEX_op_v128_nand ? X86_PAND
            : opc == INDEX_op_v128_or || opc == INDEX_op_v128_nor   ? X86_POR
                                                                    : X86_PXOR;
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        x86_sse_rr(b, ins, X0, X1);
        if (opc == INDEX_op_v128_nand || opc == INDEX_op_v128_nor ||
            opc == INDEX_op_v128_eqv) {
            invert(b, X0);
        }
        break;
    case INDEX_op_v128_andc:
        /* pandn: xmm0 = ~xmm0 & xmm1, so b goes first */
        ld(b, X0, a[2]);
        ld(b, X1, a[1]);
        x86_sse_rr(b, X86_PANDN, X0, X1);
        break;
    case INDEX_op_v128_orc:
        ld(b, X0, a[2]);
        invert(b, X0);
        ld(b, X1, a[1]);
        x86_sse_rr(b, X86_POR, X0, X1);
        break;
    case INDEX_op_v128_add8:
    case INDEX_op_v128_add16:
    case INDEX_op_v128_add32:
    case INDEX_op_v128_add64:
    case INDEX_op_v128_sub8:
    case INDEX_op_v128_sub16:
    case INDEX_op_v128_sub32:
    case INDEX_op_v128_sub64:
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        x86_sse_rr(b, by_width(bits, opc <= INDEX_op_v128_add64 ? X86_PADDB
                                                                : X86_PSUBB),
                   X0, X1);
        break;
    case INDEX_op_v128_cmpeq8:
    case INDEX_op_v128_cmpeq16:
    case INDEX_op_v128_cmpeq32:
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        x86_sse_rr(b, by_width(bits, X86_PCMPEQB), X0, X1);
        break;
    case INDEX_op_v128_cmpeq64:
        if (!have_feat(X86_FEAT_SSE41)) {
            cmp64_scalar(b, X86_CC_E, a);
            return;
        }
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        x86_sse_rr(b, X86_PCMPEQQ, X0, X1);
        break;
    case INDEX_op_v128_cmpgts8:
    case INDEX_op_v128_cmpgts16:
    case INDEX_op_v128_cmpgts32:
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        cmpgt_signed(b, bits);
        break;
    case INDEX_op_v128_cmpgtu8:
    case INDEX_op_v128_cmpgtu16:
    case INDEX_op_v128_cmpgtu32:
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        cmpgt_unsigned(b, bits);
        break;
    case INDEX_op_v128_cmpgts64:
    case INDEX_op_v128_cmpgtu64:
        if (!have_feat(X86_FEAT_SSE42)) {
            cmp64_scalar(b, opc == INDEX_op_v128_cmpgts64 ? X86_CC_G
                                                           : X86_CC_A, a);
            return;
        }
        ld(b, X0, a[1]);
        ld(b, X1, a[2]);
        if (opc == INDEX_op_v128_cmpgtu64) {
            sign_bits(b, 64);
            x86_sse_rr(b, X86_PXOR, X0, X2);
            x86_sse_rr(b, X86_PXOR, X1, X2);
        }
        x86_sse_rr(b, X86_PCMPGTQ, X0, X1);
        break;
    default:
        ins = minmax_insn(opc);
        if (ins == X86_NB_SSE_OPS) {
            minmax_select(b, opc, bits, a);
        } else {
            ld(b, X0, a[1]);
            ld(b, X1, a[2]);
            x86_sse_rr(b, ins, X0, X1);
        }
        break;
    }
    st(b, X0, a[0]);
}
