/*
 * target-ppc: what the floating-point, VMX and VSX translators
 * (trans-fp.c, trans-vmx.c, trans-vsx.c) share with each other and with
 * their C helpers (helper-fp.c, helper-vmx.c, helper-vsx.c): the layout of
 * the vector-scalar register file, the FPSCR bits, the facility checks and
 * the helper tables.
 *
 * ==== The register file ====
 *
 * env->vsr[64][2] holds the 64 VSX registers (Power ISA 3.0B Book I 7.2.1).
 * VSR 0-31 overlay the FPRs, VSR 32-63 are the VRs: FPR i is
 * env->vsr[i][0], VR i is env->vsr[32 + i].
 *
 * The ISA numbers the bits and bytes of a 128-bit register from the left,
 * the most significant end: byte 0 is bits 0:7, doubleword 0 is bytes
 * 0:7.  We keep that order in two host integers:
 *     env->vsr[n][0] = doubleword 0 (bytes 0:7), env->vsr[n][1] =
 *     doubleword 1 (bytes 8:15), each as the 64-bit number those bytes
 *     spell when read left to right (byte 0 is the most significant byte
 *     of env->vsr[n][0]).
 * So an FPR is exactly the 64-bit double in doubleword 0, word 1 of a VSR
 * is the low half of env->vsr[n][0], and element numbering never depends on
 * the guest's byte order: it is always the ISA's, left to right.
 *
 * C helpers copy a register into a PPCVec, a union of the two doublewords
 * with byte, halfword and word views, and use VB/VH/VW/VD to reach ISA
 * element i.  On a little-endian host doubleword 0 is stored LSB first, so
 * ISA byte i sits at b[i ^ 7], halfword i at h[i ^ 3], word i at w[i ^ 1];
 * on a big-endian host the indices are the ISA's.
 *
 * ==== Byte order of vector loads and stores (Book I 7.3) ====
 *
 * Guest RAM is kept in host (little-endian) order; a big-endian access
 * swaps.  For a 16-byte access at EA:
 *   lvx/stvx, lxv/stxv, lxvx/stxvx (and lxvl's "byte order" rule): in
 *     big-endian mode byte i of the register is MEM(EA+i); in little-endian
 *     mode the 16 bytes are reversed as a whole, byte i = MEM(EA+15-i).  So
 *     doubleword 0 is the guest-order doubleword at EA (BE) or EA+8 (LE),
 *     and doubleword 1 the other one.
 *   lxvd2x/stxvd2x: doubleword i is the guest-order doubleword at EA+8i in
 *     either mode (an LE guest follows them with xxswapd).
 *   lxvw4x, lxvh8x: element i is the guest-order element at EA+size*i.
 *   lxvb16x, lxvll: byte i is MEM(EA+i) in either mode.
 *
 * ==== Helpers and the IR ====
 *
 * The VSRs, FPSCR and VSCR are not IR globals: generated code reaches them
 * with explicit ld/st ops at env offsets, and helpers reach them through
 * env.  A helper that touches only them therefore reads and writes no IR
 * global.  Helpers that write registers are declared
 * VEC_HELPER_WRITES (NO_READ|NO_WRITE_GLOBALS without NO_RAISE): with all
 * three flags the IR would count the call as pure and delete it as dead,
 * since it has no output.  The cost is that dirty globals are stored to env
 * before the call.  Helpers that only read registers and return a value are
 * TCG_CALL_PURE.  Helpers that read the MSR, an IR global (the FP ones,
 * which may raise the floating-point enabled program interrupt when
 * MSR[FE0 FE1] says so, and those that access guest memory), are
 * VEC_HELPER_READS_MSR.
 */
#ifndef POWERJIT_TARGET_PPC_TRANS_VEC_H
#define POWERJIT_TARGET_PPC_TRANS_VEC_H

#include <stddef.h>
#include <stdint.h>

#include "translate.h"

/* ---------------------------------------------------------- the layout */

/* env offset of doubleword dw (0 = the ISA's left one) of VSR n */
static inline int32_t vsr_off(int n, int dw)
{
    return (int32_t)(offsetof(CPUPPCState, vsr) + 16 * (size_t)n +
                     8 * (size_t)dw);
}

static inline int32_t fpr_off(int n) { return vsr_off(n, 0); }
static inline int32_t avr_off(int n, int dw) { return vsr_off(32 + n, dw); }

#define FPSCR_OFF ((int32_t)offsetof(CPUPPCState, fpscr))
#define VSCR_OFF ((int32_t)offsetof(CPUPPCState, vscr))

typedef union PPCVec {
    uint64_t d[2];
    uint32_t w[4];
    uint16_t h[8];
    uint8_t b[16];
} PPCVec;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VEC_XOR_B 7
#define VEC_XOR_H 3
#define VEC_XOR_W 1
#else
#define VEC_XOR_B 0
#define VEC_XOR_H 0
#define VEC_XOR_W 0
#endif
/* ISA element i of a PPCVec (an lvalue) */
#define VB(v, i) ((v).b[(i) ^ VEC_XOR_B])
#define VH(v, i) ((v).h[(i) ^ VEC_XOR_H])
#define VW(v, i) ((v).w[(i) ^ VEC_XOR_W])
#define VD(v, i) ((v).d[(i)])

static inline PPCVec vec_get(const CPUPPCState *env, uint64_t n)
{
    PPCVec v;

    v.d[0] = env->vsr[n & 63][0];
    v.d[1] = env->vsr[n & 63][1];
    return v;
}

static inline void vec_put(CPUPPCState *env, uint64_t n, const PPCVec *v)
{
    env->vsr[n & 63][0] = v->d[0];
    env->vsr[n & 63][1] = v->d[1];
}

/* the n bytes (n <= 8) of v from byte at on, as a number; byte indices
   wrap at 16 (the ISA leaves such positions undefined) */
static inline uint64_t vec_bytes_at(const PPCVec *v, unsigned at, unsigned n)
{
    uint64_t x = 0;

    for (unsigned k = 0; k < n; k++) {
        x = x << 8 | VB(*v, (at + k) & 15);
    }
    return x;
}

static inline void vec_set_bytes_at(PPCVec *v, unsigned at, unsigned n,
                                    uint64_t x)
{
    for (unsigned k = 0; k < n; k++) {
        VB(*v, (at + k) & 15) = (uint8_t)(x >> (8 * (n - 1 - k)));
    }
}

/* ----------------------------------------------------------- the FPSCR */

/* FPSCR bits (Book I 4.2.2) as masks; ISA bit b is 1 << (63 - b) */
#define FPSCR_DRN_SHIFT 32          /* bits 29:31, decimal rounding mode */
#define FPSCR_DRN (7ull << FPSCR_DRN_SHIFT)
#define FPSCR_FX (1ull << 31)       /* exception summary */
#define FPSCR_FEX (1ull << 30)      /* enabled exception summary */
#define FPSCR_VX (1ull << 29)       /* invalid operation summary */
#define FPSCR_OX (1ull << 28)
#define FPSCR_UX (1ull << 27)
#define FPSCR_ZX (1ull << 26)
#define FPSCR_XX (1ull << 25)
#define FPSCR_VXSNAN (1ull << 24)
#define FPSCR_VXISI (1ull << 23)    /* inf - inf */
#define FPSCR_VXIDI (1ull << 22)    /* inf / inf */
#define FPSCR_VXZDZ (1ull << 21)    /* 0 / 0 */
#define FPSCR_VXIMZ (1ull << 20)    /* inf * 0 */
#define FPSCR_VXVC (1ull << 19)     /* invalid compare */
#define FPSCR_FR (1ull << 18)       /* fraction rounded (incremented) */
#define FPSCR_FI (1ull << 17)       /* fraction inexact */
#define FPSCR_FPRF_SHIFT 12         /* C || FPCC, bits 47:51 */
#define FPSCR_FPRF (0x1full << FPSCR_FPRF_SHIFT)
#define FPSCR_FPCC (0xfull << FPSCR_FPRF_SHIFT)
#define FPSCR_VXSOFT (1ull << 10)
#define FPSCR_VXSQRT (1ull << 9)
#define FPSCR_VXCVI (1ull << 8)
#define FPSCR_VE (1ull << 7)
#define FPSCR_OE (1ull << 6)
#define FPSCR_UE (1ull << 5)
#define FPSCR_ZE (1ull << 4)
#define FPSCR_XE (1ull << 3)
#define FPSCR_NI (1ull << 2)
#define FPSCR_RN 3ull               /* bits 62:63, binary rounding mode */

#define FPSCR_VX_ALL                                                          \
    (FPSCR_VXSNAN | FPSCR_VXISI | FPSCR_VXIDI | FPSCR_VXZDZ | FPSCR_VXIMZ |   \
     FPSCR_VXVC | FPSCR_VXSOFT | FPSCR_VXSQRT | FPSCR_VXCVI)
/* the sticky exception bits (an instruction only ever sets them) */
#define FPSCR_EXC_ALL                                                         \
    (FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_ALL)
#define FPSCR_ENABLES (FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | FPSCR_XE)
/* the bits that exist: DRN and the low word less reserved bit 52 */
#define FPSCR_VALID (FPSCR_DRN | 0xfffff7ffull)
/* control bits as mffsl/mffscrn return them (3.0B 4.6.11) */
#define FPSCR_CONTROL (FPSCR_DRN | FPSCR_ENABLES | FPSCR_NI | FPSCR_RN)

/* VSCR (Book I 6.5.1) */
#define VSCR_NJ (1u << 16)
#define VSCR_SAT 1u

/* CR field values (LT GT EQ SO/UN) */
#define CRF_LT 8
#define CRF_GT 4
#define CRF_EQ 2
#define CRF_SO 1

/* ---------------------------------------------------- helper declarations */

#define VEC_HELPER_WRITES (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS)
/* helpers that also read the MSR (an IR global): the FP ones for
   MSR[FE0 FE1], the ones that access guest memory for the MMU state */
#define VEC_HELPER_READS_MSR TCG_CALL_NO_WRITE_GLOBALS

/* emits a call of a helper with n arguments (0 < n <= 6) */
static inline void gen_vec_call(DisasContext *ctx, const TCGHelperInfo *info,
                                TCGv ret, int n, const TCGv *args)
{
    tcg_gen_call(ctx->s, tcg_helper_register(info), ret, n, args);
}

/* ------------------------------------------------------ facility checks */

/*
 * Book III 6.5.10-6.5.12: an FP, VMX or VSX instruction with its MSR
 * facility bit off raises the facility's unavailable interrupt.  Each
 * returns false after emitting that interrupt; the trans_ function then
 * returns true (the instruction is handled: it raises).
 */
static inline bool gen_require_fp(DisasContext *ctx)
{
    if (!ctx->fp) {
        gen_exception(ctx, EXCP_FPU, 0);
        return false;
    }
    return true;
}

static inline bool gen_require_vec(DisasContext *ctx)
{
    if (!ctx->vec) {
        gen_exception(ctx, EXCP_VPU, 0);
        return false;
    }
    return true;
}

static inline bool gen_require_vsx(DisasContext *ctx)
{
    if (!ctx->vsx) {
        gen_exception(ctx, EXCP_VSXU, 0);
        return false;
    }
    return true;
}

/* the ISA 3.0 rule of the newer VSX instructions: a target or source in
   VSR 0-31 needs MSR[VSX], one in VSR 32-63 needs MSR[VEC] */
static inline bool gen_require_vsr(DisasContext *ctx, int vsr)
{
    return vsr < 32 ? gen_require_vsx(ctx) : gen_require_vec(ctx);
}

/* ------------------------------------------------- shared generators */

/* trans-vmx.c: VSR doubleword access, EA + 8, and the 16-byte accesses in
   the lvx/lxv byte order (see "Byte order" above) */
TCGv gen_load_vsr(DisasContext *ctx, int vsr, int dw);
void gen_store_vsr(DisasContext *ctx, int vsr, int dw, TCGv v);
TCGv gen_ea_plus8(DisasContext *ctx, TCGv ea);
void gen_vec_ld16(DisasContext *ctx, int vsr, TCGv ea);
void gen_vec_st16(DisasContext *ctx, int vsr, TCGv ea);
/* vt = op(va, vb) per doubleword; vt = (va & ~vc) | (vb & vc); vt's
   doublewords = v */
typedef void (*GenBinop)(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void gen_vec_logic(DisasContext *ctx, int vt, int va, int vb, GenBinop op);
void gen_vec_select(DisasContext *ctx, int vt, int va, int vb, int vc);
void gen_vec_splat_const(DisasContext *ctx, int vt, uint64_t v);
/* vt = bytes shb..shb+15 of va||vb (vsldoi, xxsldwi) */
void gen_vec_shift_bytes(DisasContext *ctx, int vt, int va, int vb,
                         unsigned shb);

/* the Rc=1 epilogue of FP instructions (Book I 4.6): CR1 <- FPSCR[FX FEX
   VX OX] */
void gen_fp_set_cr1(DisasContext *ctx);

/* ------------------------------------------------------------ helper-fp.c */

/*
 * FP arithmetic, one entry for every FPR and VSX scalar operation
 * (Book I 4.6.6, 7.6): helper_fp_arith(env, desc, t, a, b, c) with VSR
 * numbers t a b c.  The operation is computed as
 *     add/sub/div: a op b      mul: a * c      sqrt/re/rsqrte: of b
 *     fma:  +-(a * c +- b)
 * which is the FPR naming (FRA, FRB, FRC); NaN operands are chosen in the
 * order a, b, c.
 */
enum {
    FPA_ADD, FPA_SUB, FPA_MUL, FPA_DIV, FPA_SQRT, FPA_RE, FPA_RSQRTE,
    FPA_MADD, FPA_MSUB, FPA_NMADD, FPA_NMSUB,
};
#define FPD_SINGLE 0x100 /* round the result to single precision */
#define FPD_VSX 0x200    /* VSX scalar: doubleword 1 of XT becomes 0 */
extern const TCGHelperInfo helper_info_fp_arith;

/* (desc, a, b): fcmpu/fcmpo/xscmpudp/xscmpodp; returns the CR field */
#define FPD_ORDERED 1
extern const TCGHelperInfo helper_info_fp_cmp;

/* conversions and rounding: helper_fp_cvt(env, desc, t, b) */
enum {
    FPC_CTIW, FPC_CTIWZ, FPC_CTIWU, FPC_CTIWUZ,
    FPC_CTID, FPC_CTIDZ, FPC_CTIDU, FPC_CTIDUZ,
    FPC_CFID, FPC_CFIDU, FPC_CFIDS, FPC_CFIDUS,
    FPC_RSP,                   /* frsp, xsrsp */
    FPC_RIN, FPC_RIZ, FPC_RIP, FPC_RIM,
    FPC_RIC,                   /* xsrdpic: current mode, inexact counts */
    FPC_DPSP,                  /* xscvdpsp: single format in words 0, 1 */
    FPC_SPDP,                  /* xscvspdp: word 0 as single to double */
};
/* with FPD_VSX: 32-bit integer results go to words 0 and 1 of XT */
extern const TCGHelperInfo helper_info_fp_cvt;

/* FPSCR moves (Book I 4.6.11).  mtfsf: (mask, value); mtfsb: (bit mask,
   set); mcrfs: (field) returning the CR field */
extern const TCGHelperInfo helper_info_mtfsf;
extern const TCGHelperInfo helper_info_mtfsb;
extern const TCGHelperInfo helper_info_mcrfs;

/* pure conversions of the load/store formats (Book I 4.6.2, 4.6.3) */
extern const TCGHelperInfo helper_info_fp_s2d; /* (word) -> DOUBLE(word) */
extern const TCGHelperInfo helper_info_fp_d2s; /* (dw) -> SINGLE(dw) */
/* fsel: (a, b, c) -> a >= 0 ? c : b, on FPR values */
extern const TCGHelperInfo helper_info_fsel;
/* ftdiv, xstdivdp: (a, b) -> CR field; ftsqrt, xstsqrtdp: (b) -> CR
   field; on FPR values (Book I 4.6.6.1) */
extern const TCGHelperInfo helper_info_ftdiv;
extern const TCGHelperInfo helper_info_ftsqrt;
uint64_t ppc_fp_single_to_double(uint32_t w);
uint32_t ppc_fp_double_to_single(uint64_t d);

/* ---------------------------------------------------------- helper-dfp.c */

/*
 * DFP (Book I chapter 5) helpers, on FPR numbers (extended operands: the
 * even register of the pair).  desc: DFPD_Q for the extended (q) forms,
 * plus the instruction's own bits.
 *   dfp_cmp (desc, a, b) -> CR field      dfp_tstdc/tstdg (desc, a, mask)
 *   dfp_tstex (desc, a, b), dfp_tstsf (desc, a or UIM, b) -> CR field
 *   dfp_xex (desc, t, b)   dfp_iex (desc, t, a, b)
 *   dfp_dedpd/enbcd (desc | SP or S << DFPD_ARG_SHIFT, t, b)
 *   dfp_shift (desc, t, a, sh)
 */
#define DFPD_Q 0x100
#define DFPD_ORDERED 0x200 /* dcmpo */
#define DFPD_IMM 0x400     /* dtstsfi: the significance is an immediate */
#define DFPD_RIGHT 0x800   /* dscri */
#define DFPD_ARG_SHIFT 16
extern const TCGHelperInfo helper_info_dfp_cmp;
extern const TCGHelperInfo helper_info_dfp_tstdc;
extern const TCGHelperInfo helper_info_dfp_tstdg;
extern const TCGHelperInfo helper_info_dfp_tstex;
extern const TCGHelperInfo helper_info_dfp_tstsf;
extern const TCGHelperInfo helper_info_dfp_xex;
extern const TCGHelperInfo helper_info_dfp_iex;
extern const TCGHelperInfo helper_info_dfp_dedpd;
extern const TCGHelperInfo helper_info_dfp_enbcd;
extern const TCGHelperInfo helper_info_dfp_shift;
/* helper-dfp-arith.c: dfp_arith (desc, t, a or TE, b), desc = the
   operation | DFPD_Q | (R << 2 | RMC) << DFPD_ARG_SHIFT */
extern const TCGHelperInfo helper_info_dfp_arith;

/* ----------------------------------------------------------- helper-vmx.c */

/*
 * VMX helpers by shape.  Every operand is a VSR number (VR n is 32 + n).
 *   VX3:  (t, a, b)             VX2: (t, b)
 *   VXI:  (t, b, uim)           VA:  (t, a, b, c)
 *   VC:   (t, a, b) -> the CR6 value for the Rc=1 form
 *   VXR:  (gpr value, b) -> the GPR result (pure)
 *   VX2A: (t, a)                VXS: (t, a, the 5-bit VRB field)
 *   BCD:  (t, a, b, PS) -> CR6 (helper-bcd.c; always a record form)
 * The modulo add/subtract and the max/min of bytes, halfwords and words,
 * and the splats, are IR (v128 ops, trans-vmx.c), not helpers.
 * helper-vmx.c has the integer ones, helper-vmx-fp.c the floating-point
 * ones (6.11), helper-vmx-crypto.c the AES, SHA and vpmsum ones.
 */
#define VMX_VX3_HELPERS(X)                                                    \
    X(vadduqm) X(vsubuqm)                                                     \
    X(vaddubs) X(vadduhs) X(vadduws) X(vaddsbs) X(vaddshs) X(vaddsws)         \
    X(vsububs) X(vsubuhs) X(vsubuws) X(vsubsbs) X(vsubshs) X(vsubsws)         \
    X(vaddcuw) X(vsubcuw)                                                     \
    X(vmaxud) X(vmaxsd) X(vminud) X(vminsd)                                   \
    X(vavgub) X(vavguh) X(vavguw) X(vavgsb) X(vavgsh) X(vavgsw)               \
    X(vabsdub) X(vabsduh) X(vabsduw)                                          \
    X(vrlb) X(vrlh) X(vrlw) X(vrld)                                           \
    X(vslb) X(vslh) X(vslw) X(vsld)                                           \
    X(vsrb) X(vsrh) X(vsrw) X(vsrd)                                           \
    X(vsrab) X(vsrah) X(vsraw) X(vsrad)                                       \
    X(vsl) X(vsr) X(vslo) X(vsro) X(vslv) X(vsrv)                             \
    X(vmrghb) X(vmrghh) X(vmrghw) X(vmrglb) X(vmrglh) X(vmrglw)               \
    X(vmrgew) X(vmrgow)                                                       \
    X(vpkuhum) X(vpkuwum) X(vpkudum)                                          \
    X(vpkuhus) X(vpkuwus) X(vpkudus)                                          \
    X(vpkshus) X(vpkswus) X(vpksdus)                                          \
    X(vpkshss) X(vpkswss) X(vpksdss)                                          \
    X(vmuloub) X(vmulouh) X(vmulouw) X(vmulosb) X(vmulosh) X(vmulosw)         \
    X(vmuleub) X(vmuleuh) X(vmuleuw) X(vmulesb) X(vmulesh) X(vmulesw)         \
    X(vmuluwm)                                                                \
    X(vsumsws) X(vsum2sws) X(vsum4sbs) X(vsum4ubs) X(vsum4shs)                \
    X(vbpermq) X(vbpermd)                                                     \
    X(vpkpx) X(vaddcuq) X(vsubcuq)                                            \
    X(vrlwmi) X(vrldmi) X(vrlwnm) X(vrldnm) X(vmul10euq) X(vmul10ecuq)        \
    X(vaddfp) X(vsubfp) X(vmaxfp) X(vminfp)                                   \
    X(vcipher) X(vcipherlast) X(vncipher) X(vncipherlast)                     \
    X(vpmsumb) X(vpmsumh) X(vpmsumw) X(vpmsumd)

#define VMX_VX2_HELPERS(X)                                                    \
    X(vclzb) X(vclzh) X(vclzw) X(vclzd)                                       \
    X(vctzb) X(vctzh) X(vctzw) X(vctzd)                                       \
    X(vpopcntb) X(vpopcnth) X(vpopcntw) X(vpopcntd)                           \
    X(vnegw) X(vnegd)                                                         \
    X(vextsb2w) X(vextsh2w) X(vextsb2d) X(vextsh2d) X(vextsw2d)               \
    X(vprtybw) X(vprtybd) X(vprtybq)                                          \
    X(vgbbd)                                                                  \
    X(vupkhsb) X(vupkhsh) X(vupkhsw) X(vupklsb) X(vupklsh) X(vupklsw)         \
    X(vupkhpx) X(vupklpx)                                                     \
    X(vrefp) X(vrsqrtefp) X(vexptefp) X(vlogefp)                              \
    X(vrfin) X(vrfiz) X(vrfip) X(vrfim)

#define VMX_VX2A_HELPERS(X) X(vsbox) X(vmul10uq) X(vmul10cuq)
#define VMX_VXS_HELPERS(X) X(vshasigmaw) X(vshasigmad)
#define VMX_BCD_HELPERS(X)                                                    \
    X(bcdadd) X(bcdsub) X(bcdcpsgn) X(bcdsetsgn) X(bcdcfn) X(bcdctn)          \
    X(bcdcfz) X(bcdctz) X(bcdcfsq) X(bcdctsq) X(bcds) X(bcdsr) X(bcdus)       \
    X(bcdtrunc) X(bcdutrunc)

#define VMX_VXI_HELPERS(X)                                                    \
    X(vextractub) X(vextractuh) X(vextractuw) X(vextractd)                    \
    X(vinsertb) X(vinserth) X(vinsertw) X(vinsertd)                           \
    X(vcfux) X(vcfsx) X(vctuxs) X(vctsxs)

#define VMX_VA_HELPERS(X)                                                     \
    X(vperm) X(vpermr) X(vmladduhm)                                           \
    X(vmsumubm) X(vmsummbm) X(vmsumuhm) X(vmsumshm) X(vmsumuhs) X(vmsumshs)   \
    X(vmhaddshs) X(vmhraddshs) X(vpermxor)                                    \
    X(vaddeuqm) X(vaddecuq) X(vsubeuqm) X(vsubecuq) X(vmsumudm)               \
    X(vmaddfp) X(vnmsubfp)

#define VMX_VC_HELPERS(X)                                                     \
    X(vcmpequb) X(vcmpequh) X(vcmpequw) X(vcmpequd)                           \
    X(vcmpgtub) X(vcmpgtuh) X(vcmpgtuw) X(vcmpgtud)                           \
    X(vcmpgtsb) X(vcmpgtsh) X(vcmpgtsw) X(vcmpgtsd)                           \
    X(vcmpneb) X(vcmpneh) X(vcmpnew)                                          \
    X(vcmpnezb) X(vcmpnezh) X(vcmpnezw)                                       \
    X(vcmpeqfp) X(vcmpgefp) X(vcmpgtfp) X(vcmpbfp)

#define VMX_VXR_HELPERS(X)                                                    \
    X(vextublx) X(vextubrx) X(vextuhlx) X(vextuhrx) X(vextuwlx) X(vextuwrx)   \
    X(vclzlsbb) X(vctzlsbb)

#define VEC_DECLARE_INFO(name) extern const TCGHelperInfo helper_info_##name;
VMX_VX3_HELPERS(VEC_DECLARE_INFO)
VMX_VX2_HELPERS(VEC_DECLARE_INFO)
VMX_VXI_HELPERS(VEC_DECLARE_INFO)
VMX_VA_HELPERS(VEC_DECLARE_INFO)
VMX_VC_HELPERS(VEC_DECLARE_INFO)
VMX_VXR_HELPERS(VEC_DECLARE_INFO)
VMX_VX2A_HELPERS(VEC_DECLARE_INFO)
VMX_VXS_HELPERS(VEC_DECLARE_INFO)
VMX_BCD_HELPERS(VEC_DECLARE_INFO)

/* the host-accelerated version of a crypto helper (AES-NI, PCLMULQDQ;
   helper-vmx-crypto.c) when the host has the instructions, else info */
const TCGHelperInfo *vmx_host_crypto_helper(const TCGHelperInfo *info);
#define VMX_HOST_CRYPTO_HELPERS(X)                                            \
    X(vcipher_ni) X(vcipherlast_ni) X(vncipher_ni) X(vncipherlast_ni)         \
    X(vpmsumb_ni) X(vpmsumh_ni) X(vpmsumw_ni) X(vpmsumd_ni)
#if defined(__x86_64__)
VMX_HOST_CRYPTO_HELPERS(VEC_DECLARE_INFO)
#endif

/* (t, ea, desc): lve[bhw]x / stve[bhw]x, desc = log2(size) |
   VEC_ELEM_LE (little-endian guest) | mmu_idx << 8 */
#define VEC_ELEM_LE 0x10
extern const TCGHelperInfo helper_info_lvex;
extern const TCGHelperInfo helper_info_stvex;

/* ----------------------------------------------------------- helper-vsx.c */

/* (t, a, b) permutes with the old XT as the second source; (t, b, uim)
   word extract and insert */
#define VSX_XX3_HELPERS(X) X(xxperm) X(xxpermr)
#define VSX_XXI_HELPERS(X) X(xxextractuw) X(xxinsertw)
VSX_XX3_HELPERS(VEC_DECLARE_INFO)
VSX_XXI_HELPERS(VEC_DECLARE_INFO)

/* (t, ea, nb, flags) lxvl/lxvll and (s, ea, nb, flags) stxvl/stxvll, with
   flags = mmu_idx | VSX_LEN_LE (the guest is little-endian) | VSX_LEN_LEFT
   (the ll forms) */
#define VSX_LEN_LE 0x100
#define VSX_LEN_LEFT 0x200
extern const TCGHelperInfo helper_info_lxvl;
extern const TCGHelperInfo helper_info_stxvl;

/* pure: xscvdpspn (dw -> single bits in words 0 and 1) and xscvspdpn
   (word 0 -> double), no FPSCR effect (Book I 7.6.1) */
extern const TCGHelperInfo helper_info_xscvdpspn;
extern const TCGHelperInfo helper_info_xscvspdpn;

#endif
