/*
 * target-ppc/vsx-fp.h: what trans-vsx.c shares with the VSX floating-point
 * helpers (helper-vsx-fp.c: vector arithmetic, compares, min/max, tests;
 * helper-vsx-cvt.c: conversions, half precision, exponent/significand,
 * data-class tests; helper-f128.c: quad precision).  Operands are VSR
 * numbers, as in trans-vec.h.
 */
#ifndef POWERJIT_TARGET_PPC_VSX_FP_H
#define POWERJIT_TARGET_PPC_VSX_FP_H

#include "trans-vec.h"

/* desc bits shared by the helpers below */
#define XVD_SP 0x100     /* four singles (else two doubles) */
#define XVD_SCALAR 0x200 /* element 0 only, doubleword 1 of XT <- 0 */

/* (desc = FPA_* | XVD_SP, t, a, b, c) as helper_fp_arith (trans-vec.h) */
extern const TCGHelperInfo helper_info_xv_arith;

/* helper-fp.c, for the vector elements: op (FPA_*) on non-NaN, valid
   operands in double format (single values for single), rounded in
   FPSCR[RN] with the exponent adjusted as Book I 4.4.4-4.4.5 say for an
   overflow with OE=1 or a tiny result with UE=1 (double: by 1536,
   single: by 192); returns the double-format bits, *inexact whether that
   rounding was inexact */
uint64_t vsx_fp_adjusted(CPUPPCState *env, int op, bool single, uint64_t a,
                         uint64_t b, uint64_t c, bool *inexact);

/* helper-fp-fast.c, for helper-fp.c's scalar arithmetic: op (FPA_*) of
   the FPR values a, b, c, rounded to double or single, computed without
   touching the host's FP state when FPSCR allows and the result is
   ordinary; then VSR t (with vsx: doubleword 1 <- 0) and FPSCR are
   written and the return is true, else nothing changes */
bool fp_arith_fast(CPUPPCState *env, int op, bool single, uint64_t a,
                   uint64_t b, uint64_t c, uint64_t t, bool vsx);

/* (desc = XVC_* | XVD_SP | XVD_SCALAR, t, a, b) -> CR6 value */
enum { XVC_EQ, XVC_GT, XVC_GE };
extern const TCGHelperInfo helper_info_xv_cmp;

/* (desc = XVM_* | XVD_SP | XVD_SCALAR, t, a, b) */
#define XVM_MAX 1
#define XVM_FLAVOUR 6
#define XVM_IEEE 0 /* xsmaxdp, xvmaxdp... */
#define XVM_C 2    /* xsmaxcdp */
#define XVM_J 4    /* xsmaxjdp */
extern const TCGHelperInfo helper_info_xv_minmax;

/* (desc = XVD_SP | XVD_SCALAR | XVT_SQRT, a, b) -> the CR field */
#define XVT_SQRT 1
extern const TCGHelperInfo helper_info_xv_tdiv;

/* conversions: (kind, t, b) */
enum {
    XCV_SXWDP, XCV_UXWDP,     /* words 0, 2 -> doubles */
    XCV_SXDDP, XCV_UXDDP,     /* doublewords -> doubles */
    XCV_SXDSP, XCV_UXDSP,     /* doublewords -> singles in both words */
    XCV_SXWSP, XCV_UXWSP,     /* words -> singles */
    XCV_DPSXDS, XCV_DPUXDS,   /* doubles -> doublewords, toward zero */
    XCV_DPSXWS, XCV_DPUXWS,   /* doubles -> words, in both words */
    XCV_SPSXWS, XCV_SPUXWS,   /* singles -> words */
    XCV_SPSXDS, XCV_SPUXDS,   /* singles 0, 2 -> doublewords */
    XCV_DPSP,                 /* doubles -> singles in both words */
    XCV_SPDP,                 /* singles 0, 2 -> doubles */
    XCV_RDPI, XCV_RDPIZ, XCV_RDPIP, XCV_RDPIM, XCV_RDPIC,
    XCV_RSPI, XCV_RSPIZ, XCV_RSPIP, XCV_RSPIM, XCV_RSPIC,
    XCV_HPSP, XCV_SPHP,       /* xvcvhpsp, xvcvsphp */
    XCV_HPDP, XCV_DPHP,       /* xscvhpdp, xscvdphp (scalar) */
};
extern const TCGHelperInfo helper_info_xv_cvt;

/* data class (DCMX bits: NaN +inf -inf +0 -0 +denormal -denormal) */
/* xststdc[sd]p: (desc = XVD_SP, b, dcmx) -> CR field (sign, 0, match, 0),
   also FPCC */
extern const TCGHelperInfo helper_info_xststdc;
/* xvtstdc[sd]p: (desc = XVD_SP, t, b, dcmx) */
extern const TCGHelperInfo helper_info_xvtstdc;
/* xscmpexpdp: (a, b) -> CR field, also FPCC */
extern const TCGHelperInfo helper_info_xscmpexpdp;
/* xviexp[sd]p, xvxexp[sd]p, xvxsig[sd]p: (desc = XVD_SP | XVX_*, t, a, b) */
enum { XVX_IEXP, XVX_XEXP, XVX_XSIG };
extern const TCGHelperInfo helper_info_xv_exp;
/* pure: xsxsigdp (dw) and xsxsigqp (doubleword 0) -> doubleword 0 of the
   significand */
extern const TCGHelperInfo helper_info_xsxsigdp;
extern const TCGHelperInfo helper_info_xsxsigqp;

/*
 * helper-f128.c: rounding an exact value m * 2^ex (m may carry a sticky
 * bit in bit 0, provided its top bit is at least p + 2 bits above it) to a
 * binary format of precision p (with the implicit bit) and exponent range
 * 1 - emax .. emax, in mode rn (FPSCR[RN]; VSX_RN_ODD: round to odd; 5:
 * nearest with ties away from zero).
 * Returns the format's bits (sign at bit ebits + p - 1) and what happened:
 * tiny is tininess before rounding, as the ISA detects it.
 */
#define VSX_RN_ODD 4
typedef struct VsxFmt {
    int p, emax, ebits;
} VsxFmt;
typedef struct VsxRound {
    unsigned __int128 bits;
    bool inexact, overflow, tiny, up;
} VsxRound;
VsxRound vsx_round(const VsxFmt *f, bool neg, unsigned __int128 m, int ex,
                   int rn);

/* helper-vsx-fp.c, for the other VSX FP files */
bool vsx_fp_suppress(uint64_t exc, uint64_t f);
void vsx_fpscr_commit(CPUPPCState *env, uint64_t f, uint64_t exc,
                      uintptr_t ra);
/* FPRF of a double-format value (Book I 4.2.2); single: as a single */
unsigned vsx_fprf_dp(uint64_t x, bool single);

/* ---------------------------------------------- helper-f128.c (quad) */

/*
 * Quad-precision arithmetic (7.6.1, ISA 3.0 "VSX Scalar Quad-Precision"):
 * (desc, t, a, b) with VSR numbers, t a b in VSR 32-63 (the VRT/VRA/VRB
 * fields + 32).  desc = QPA_* | QPD_ODD (the round-to-odd "o" forms).
 */
enum {
    QPA_ADD, QPA_SUB, QPA_MUL, QPA_DIV, QPA_SQRT,
    QPA_MADD, QPA_MSUB, QPA_NMADD, QPA_NMSUB,
};
#define QPD_ODD 0x100
extern const TCGHelperInfo helper_info_qp_arith;
/* (desc = QPC_*, bf, a, b) compares -> the CR field */
enum { QPC_UNORD, QPC_ORD, QPC_EXP };
extern const TCGHelperInfo helper_info_qp_cmp;
/* (kind = QCV_* | QPD_ODD, t, b) */
enum {
    QCV_QPDP, QCV_DPQP, QCV_QPSDZ, QCV_QPUDZ, QCV_QPSWZ, QCV_QPUWZ,
    QCV_SDQP, QCV_UDQP, QCV_RQPI, QCV_RQPIX, QCV_RQPXP,
};
/* for xsrqpi[x]/xsrqpxp the R and RMC fields go in bits 16:18 of kind */
extern const TCGHelperInfo helper_info_qp_cvt;
/* xststdcqp: (b, dcmx) -> CR field */
extern const TCGHelperInfo helper_info_qp_tstdc;

#endif
