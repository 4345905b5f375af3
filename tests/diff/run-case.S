/*
 * diff_run_case(in r3, out r4, code r5): loads r0, r2-r31, CR and XER from
 * in[0..32] (in[0] = r0, in[n-1] = rn for n >= 2, in[31] = CR, in[32] =
 * XER), calls the generated sequence at code (which ends in blr and never
 * touches r1, LR or CTR), and stores the same 33 values into out[].
 * r1 stays valid throughout, so an interrupt handler may resume at
 * diff_case_return to end a case early.
 * Shared by the bare-metal and the Linux user-mode builds.
 */
#define FRAME 320
#define SAVE_GPR(n) (112 + ((n) - 13) * 8)   /* r13-r31: 112..263 */
#define SAVE_R2 272
#define SAVE_CR 280
#define SAVE_OUT 288
#define SAVE_TMP 296

    .text
    .globl diff_run_case
diff_run_case:
    mflr r0
    std r0, 16(r1)
    stdu r1, -FRAME(r1)
    std r2, SAVE_R2(r1)
    std r13, SAVE_GPR(13)(r1)
    std r14, SAVE_GPR(14)(r1)
    std r15, SAVE_GPR(15)(r1)
    std r16, SAVE_GPR(16)(r1)
    std r17, SAVE_GPR(17)(r1)
    std r18, SAVE_GPR(18)(r1)
    std r19, SAVE_GPR(19)(r1)
    std r20, SAVE_GPR(20)(r1)
    std r21, SAVE_GPR(21)(r1)
    std r22, SAVE_GPR(22)(r1)
    std r23, SAVE_GPR(23)(r1)
    std r24, SAVE_GPR(24)(r1)
    std r25, SAVE_GPR(25)(r1)
    std r26, SAVE_GPR(26)(r1)
    std r27, SAVE_GPR(27)(r1)
    std r28, SAVE_GPR(28)(r1)
    std r29, SAVE_GPR(29)(r1)
    std r30, SAVE_GPR(30)(r1)
    std r31, SAVE_GPR(31)(r1)
    mfcr r0
    std r0, SAVE_CR(r1)
    std r4, SAVE_OUT(r1)
    mtctr r5

    ld r0, 31*8(r3)
    mtcrf 0xff, r0
    ld r0, 32*8(r3)
    mtxer r0
    ld r0, 0(r3)
    ld r2, 1*8(r3)
    ld r4, 3*8(r3)
    ld r5, 4*8(r3)
    ld r6, 5*8(r3)
    ld r7, 6*8(r3)
    ld r8, 7*8(r3)
    ld r9, 8*8(r3)
    ld r10, 9*8(r3)
    ld r11, 10*8(r3)
    ld r12, 11*8(r3)
    ld r13, 12*8(r3)
    ld r14, 13*8(r3)
    ld r15, 14*8(r3)
    ld r16, 15*8(r3)
    ld r17, 16*8(r3)
    ld r18, 17*8(r3)
    ld r19, 18*8(r3)
    ld r20, 19*8(r3)
    ld r21, 20*8(r3)
    ld r22, 21*8(r3)
    ld r23, 22*8(r3)
    ld r24, 23*8(r3)
    ld r25, 24*8(r3)
    ld r26, 25*8(r3)
    ld r27, 26*8(r3)
    ld r28, 27*8(r3)
    ld r29, 28*8(r3)
    ld r30, 29*8(r3)
    ld r31, 30*8(r3)
    ld r3, 2*8(r3)
    bctrl
    /* the bare-metal harness resumes here when a case takes an interrupt */
    .globl diff_case_return
diff_case_return:

    std r3, SAVE_TMP(r1)
    ld r3, SAVE_OUT(r1)
    std r0, 0(r3)
    std r2, 1*8(r3)
    std r4, 3*8(r3)
    std r5, 4*8(r3)
    std r6, 5*8(r3)
    std r7, 6*8(r3)
    std r8, 7*8(r3)
    std r9, 8*8(r3)
    std r10, 9*8(r3)
    std r11, 10*8(r3)
    std r12, 11*8(r3)
    std r13, 12*8(r3)
    std r14, 13*8(r3)
    std r15, 14*8(r3)
    std r16, 15*8(r3)
    std r17, 16*8(r3)
    std r18, 17*8(r3)
    std r19, 18*8(r3)
    std r20, 19*8(r3)
    std r21, 20*8(r3)
    std r22, 21*8(r3)
    std r23, 22*8(r3)
    std r24, 23*8(r3)
    std r25, 24*8(r3)
    std r26, 25*8(r3)
    std r27, 26*8(r3)
    std r28, 27*8(r3)
    std r29, 28*8(r3)
    std r30, 29*8(r3)
    std r31, 30*8(r3)
    ld r4, SAVE_TMP(r1)
    std r4, 2*8(r3)
    mfcr r4
    std r4, 31*8(r3)
    mfxer r4
    std r4, 32*8(r3)

    ld r0, SAVE_CR(r1)
    mtcrf 0xff, r0
    ld r2, SAVE_R2(r1)
    ld r13, SAVE_GPR(13)(r1)
    ld r14, SAVE_GPR(14)(r1)
    ld r15, SAVE_GPR(15)(r1)
    ld r16, SAVE_GPR(16)(r1)
    ld r17, SAVE_GPR(17)(r1)
    ld r18, SAVE_GPR(18)(r1)
    ld r19, SAVE_GPR(19)(r1)
    ld r20, SAVE_GPR(20)(r1)
    ld r21, SAVE_GPR(21)(r1)
    ld r22, SAVE_GPR(22)(r1)
    ld r23, SAVE_GPR(23)(r1)
    ld r24, SAVE_GPR(24)(r1)
    ld r25, SAVE_GPR(25)(r1)
    ld r26, SAVE_GPR(26)(r1)
    ld r27, SAVE_GPR(27)(r1)
    ld r28, SAVE_GPR(28)(r1)
    ld r29, SAVE_GPR(29)(r1)
    ld r30, SAVE_GPR(30)(r1)
    ld r31, SAVE_GPR(31)(r1)
    addi r1, r1, FRAME
    ld r0, 16(r1)
    mtlr r0
    blr
