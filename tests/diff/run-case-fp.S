/*
 * diff_run_case(in r3, out r4, code r5) of the floating-point runner
 * (gen-fp.c): loads the FPSCR from in[32] (mtfsf with L=1: every field,
 * DRN included), the CR from in[33] and f0-f31 from in[0..31], calls the
 * generated sequence at code (FPRs, CR and FPSCR only; it ends in blr),
 * and stores f0-f31, the FPSCR and the CR into out[0..33].  f14-f31, the
 * CR and the FPSCR of the caller are kept.  r1 stays valid, so an
 * interrupt handler may resume at diff_case_return.
 * Shared by the bare-metal and the Linux user-mode builds.
 */
#define FRAME 352
#define SAVE_FPR(n) (112 + ((n) - 14) * 8)   /* f14-f31: 112..255 */
#define SAVE_CR 264
#define SAVE_OUT 272
#define SAVE_FPSCR 280

    .text
    .globl diff_run_case
diff_run_case:
    mflr r0
    std r0, 16(r1)
    stdu r1, -FRAME(r1)
    stfd f14, SAVE_FPR(14)(r1)
    stfd f15, SAVE_FPR(15)(r1)
    stfd f16, SAVE_FPR(16)(r1)
    stfd f17, SAVE_FPR(17)(r1)
    stfd f18, SAVE_FPR(18)(r1)
    stfd f19, SAVE_FPR(19)(r1)
    stfd f20, SAVE_FPR(20)(r1)
    stfd f21, SAVE_FPR(21)(r1)
    stfd f22, SAVE_FPR(22)(r1)
    stfd f23, SAVE_FPR(23)(r1)
    stfd f24, SAVE_FPR(24)(r1)
    stfd f25, SAVE_FPR(25)(r1)
    stfd f26, SAVE_FPR(26)(r1)
    stfd f27, SAVE_FPR(27)(r1)
    stfd f28, SAVE_FPR(28)(r1)
    stfd f29, SAVE_FPR(29)(r1)
    stfd f30, SAVE_FPR(30)(r1)
    stfd f31, SAVE_FPR(31)(r1)
    mfcr r0
    std r0, SAVE_CR(r1)
    std r4, SAVE_OUT(r1)
    mffs f0
    stfd f0, SAVE_FPSCR(r1)
    mtctr r5

    lfd f0, 32*8(r3)
    mtfsf 0xff, f0, 1, 0
    ld r0, 33*8(r3)
    mtcrf 0xff, r0
    lfd f0, 0*8(r3)
    lfd f1, 1*8(r3)
    lfd f2, 2*8(r3)
    lfd f3, 3*8(r3)
    lfd f4, 4*8(r3)
    lfd f5, 5*8(r3)
    lfd f6, 6*8(r3)
    lfd f7, 7*8(r3)
    lfd f8, 8*8(r3)
    lfd f9, 9*8(r3)
    lfd f10, 10*8(r3)
    lfd f11, 11*8(r3)
    lfd f12, 12*8(r3)
    lfd f13, 13*8(r3)
    lfd f14, 14*8(r3)
    lfd f15, 15*8(r3)
    lfd f16, 16*8(r3)
    lfd f17, 17*8(r3)
    lfd f18, 18*8(r3)
    lfd f19, 19*8(r3)
    lfd f20, 20*8(r3)
    lfd f21, 21*8(r3)
    lfd f22, 22*8(r3)
    lfd f23, 23*8(r3)
    lfd f24, 24*8(r3)
    lfd f25, 25*8(r3)
    lfd f26, 26*8(r3)
    lfd f27, 27*8(r3)
    lfd f28, 28*8(r3)
    lfd f29, 29*8(r3)
    lfd f30, 30*8(r3)
    lfd f31, 31*8(r3)
    bctrl
    /* the bare-metal harness resumes here when a case takes an interrupt */
    .globl diff_case_return
diff_case_return:

    ld r4, SAVE_OUT(r1)
    stfd f0, 0*8(r4)
    stfd f1, 1*8(r4)
    stfd f2, 2*8(r4)
    stfd f3, 3*8(r4)
    stfd f4, 4*8(r4)
    stfd f5, 5*8(r4)
    stfd f6, 6*8(r4)
    stfd f7, 7*8(r4)
    stfd f8, 8*8(r4)
    stfd f9, 9*8(r4)
    stfd f10, 10*8(r4)
    stfd f11, 11*8(r4)
    stfd f12, 12*8(r4)
    stfd f13, 13*8(r4)
    stfd f14, 14*8(r4)
    stfd f15, 15*8(r4)
    stfd f16, 16*8(r4)
    stfd f17, 17*8(r4)
    stfd f18, 18*8(r4)
    stfd f19, 19*8(r4)
    stfd f20, 20*8(r4)
    stfd f21, 21*8(r4)
    stfd f22, 22*8(r4)
    stfd f23, 23*8(r4)
    stfd f24, 24*8(r4)
    stfd f25, 25*8(r4)
    stfd f26, 26*8(r4)
    stfd f27, 27*8(r4)
    stfd f28, 28*8(r4)
    stfd f29, 29*8(r4)
    stfd f30, 30*8(r4)
    stfd f31, 31*8(r4)
    mffs f0
    stfd f0, 32*8(r4)
    mfcr r0
    std r0, 33*8(r4)

    lfd f0, SAVE_FPSCR(r1)
    mtfsf 0xff, f0, 1, 0
    ld r0, SAVE_CR(r1)
    mtcrf 0xff, r0
    lfd f14, SAVE_FPR(14)(r1)
    lfd f15, SAVE_FPR(15)(r1)
    lfd f16, SAVE_FPR(16)(r1)
    lfd f17, SAVE_FPR(17)(r1)
    lfd f18, SAVE_FPR(18)(r1)
    lfd f19, SAVE_FPR(19)(r1)
    lfd f20, SAVE_FPR(20)(r1)
    lfd f21, SAVE_FPR(21)(r1)
    lfd f22, SAVE_FPR(22)(r1)
    lfd f23, SAVE_FPR(23)(r1)
    lfd f24, SAVE_FPR(24)(r1)
    lfd f25, SAVE_FPR(25)(r1)
    lfd f26, SAVE_FPR(26)(r1)
    lfd f27, SAVE_FPR(27)(r1)
    lfd f28, SAVE_FPR(28)(r1)
    lfd f29, SAVE_FPR(29)(r1)
    lfd f30, SAVE_FPR(30)(r1)
    lfd f31, SAVE_FPR(31)(r1)
    addi r1, r1, FRAME
    ld r0, 16(r1)
    mtlr r0
    blr
