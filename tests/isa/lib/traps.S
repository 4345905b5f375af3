/*
 * Interrupt entry.  rt_traps_install() (traps.c) writes an 8-word stub at
 * every 0x20 bytes of 0x100-0xfe0:
 *     w0   tdi 0,0,0x48        other byte order reads "b .+8"
 *     w1   b w5
 *     w2-4 (other order) std r20,SCR(0); li r20,VEC; b rt_trap_other
 *     w5-7 std r20,SCR(0); li r20,VEC; b rt_trap_native
 * since the interrupt runs in the byte order of LPCR[ILE], which need not
 * be ours.  Both paths leave r20, r21, LR, SRR0, SRR1 and the vector number
 * in the scratch doublewords at TRAP_SCR (absolute, reached with RA=0), flip
 * to our byte order if needed, save everything into rt_trap_frame_area and
 * call rt_trap_dispatch(frame).  If that returns, the frame is restored and
 * rfid resumes at frame->srr0 with MSR = frame->srr1.
 */
#include "ppc-asm.h"

#define TRAP_SCR 0x80
#define F_GPR(n) ((n) * 8)
#define F_CR 256
#define F_LR 264
#define F_CTR 272
#define F_XER 280
#define F_SRR0 288
#define F_SRR1 296
#define F_VEC 304
#define F_DAR 312
#define F_DSISR 320

    .text
    .globl rt_trap_other
rt_trap_other:
    OTHER_WORD(PPC_STD(21, TRAP_SCR + 8, 0))
    OTHER_WORD(PPC_MFSPR(21, SPR_N_LR))
    OTHER_WORD(PPC_STD(21, TRAP_SCR + 16, 0))
    OTHER_WORD(PPC_MFSPR(21, SPR_N_SRR0))
    OTHER_WORD(PPC_STD(21, TRAP_SCR + 24, 0))
    OTHER_WORD(PPC_MFSPR(21, SPR_N_SRR1))
    OTHER_WORD(PPC_STD(21, TRAP_SCR + 32, 0))
    OTHER_WORD(PPC_STD(20, TRAP_SCR + 40, 0))
    OTHER_WORD(PPC_MFMSR(21))
    OTHER_WORD(PPC_XORI(21, 21, 1))
    OTHER_WORD(PPC_MTSPR(SPR_N_SRR1, 21))
    OTHER_WORD(PPC_BL_NEXT)
    OTHER_WORD(PPC_MFSPR(21, SPR_N_LR))
    OTHER_WORD(PPC_ADDI(21, 21, 16))
    OTHER_WORD(PPC_MTSPR(SPR_N_SRR0, 21))
    OTHER_WORD(PPC_RFID)
    /* now in our byte order: the scratch doublewords are byte-reversed */
    li r21, TRAP_SCR
    ldbrx r20, 0, r21
    std r20, 0(r21)
    addi r21, r21, 8
    ldbrx r20, 0, r21
    std r20, 0(r21)
    addi r21, r21, 8
    ldbrx r20, 0, r21
    std r20, 0(r21)
    addi r21, r21, 8
    ldbrx r20, 0, r21
    std r20, 0(r21)
    addi r21, r21, 8
    ldbrx r20, 0, r21
    std r20, 0(r21)
    addi r21, r21, 8
    ldbrx r20, 0, r21
    std r20, 0(r21)
    b .Lsave_all

    .globl rt_trap_native
rt_trap_native:
    std r21, TRAP_SCR + 8(0)
    mflr r21
    std r21, TRAP_SCR + 16(0)
    mfsrr0 r21
    std r21, TRAP_SCR + 24(0)
    mfsrr1 r21
    std r21, TRAP_SCR + 32(0)
    std r20, TRAP_SCR + 40(0)

.Lsave_all:
    LOAD_ADDR(r20, rt_trap_frame_area)
    std r0, F_GPR(0)(r20)
    std r1, F_GPR(1)(r20)
    std r2, F_GPR(2)(r20)
    std r3, F_GPR(3)(r20)
    std r4, F_GPR(4)(r20)
    std r5, F_GPR(5)(r20)
    std r6, F_GPR(6)(r20)
    std r7, F_GPR(7)(r20)
    std r8, F_GPR(8)(r20)
    std r9, F_GPR(9)(r20)
    std r10, F_GPR(10)(r20)
    std r11, F_GPR(11)(r20)
    std r12, F_GPR(12)(r20)
    std r13, F_GPR(13)(r20)
    std r14, F_GPR(14)(r20)
    std r15, F_GPR(15)(r20)
    std r16, F_GPR(16)(r20)
    std r17, F_GPR(17)(r20)
    std r18, F_GPR(18)(r20)
    std r19, F_GPR(19)(r20)
    std r22, F_GPR(22)(r20)
    std r23, F_GPR(23)(r20)
    std r24, F_GPR(24)(r20)
    std r25, F_GPR(25)(r20)
    std r26, F_GPR(26)(r20)
    std r27, F_GPR(27)(r20)
    std r28, F_GPR(28)(r20)
    std r29, F_GPR(29)(r20)
    std r30, F_GPR(30)(r20)
    std r31, F_GPR(31)(r20)
    ld r21, TRAP_SCR + 0(0)
    std r21, F_GPR(20)(r20)
    ld r21, TRAP_SCR + 8(0)
    std r21, F_GPR(21)(r20)
    ld r21, TRAP_SCR + 16(0)
    std r21, F_LR(r20)
    ld r21, TRAP_SCR + 24(0)
    std r21, F_SRR0(r20)
    ld r21, TRAP_SCR + 32(0)
    std r21, F_SRR1(r20)
    ld r21, TRAP_SCR + 40(0)
    std r21, F_VEC(r20)
    mfcr r21
    std r21, F_CR(r20)
    mfctr r21
    std r21, F_CTR(r20)
    mfxer r21
    std r21, F_XER(r20)
    mfdar r21
    std r21, F_DAR(r20)
    mfdsisr r21
    std r21, F_DSISR(r20)

    LOAD_ADDR(r1, rt_trap_stack + 16384)
    li r0, 0
    stdu r0, -64(r1)
    lis r2, .TOC.@h
    ori r2, r2, .TOC.@l
    mr r3, r20
    bl rt_trap_dispatch
    nop

    LOAD_ADDR(r20, rt_trap_frame_area)
    ld r21, F_CR(r20)
    mtcr r21
    ld r21, F_LR(r20)
    mtlr r21
    ld r21, F_CTR(r20)
    mtctr r21
    ld r21, F_XER(r20)
    mtxer r21
    ld r21, F_SRR0(r20)
    mtsrr0 r21
    ld r21, F_SRR1(r20)
    mtsrr1 r21
    ld r0, F_GPR(0)(r20)
    ld r1, F_GPR(1)(r20)
    ld r2, F_GPR(2)(r20)
    ld r3, F_GPR(3)(r20)
    ld r4, F_GPR(4)(r20)
    ld r5, F_GPR(5)(r20)
    ld r6, F_GPR(6)(r20)
    ld r7, F_GPR(7)(r20)
    ld r8, F_GPR(8)(r20)
    ld r9, F_GPR(9)(r20)
    ld r10, F_GPR(10)(r20)
    ld r11, F_GPR(11)(r20)
    ld r12, F_GPR(12)(r20)
    ld r13, F_GPR(13)(r20)
    ld r14, F_GPR(14)(r20)
    ld r15, F_GPR(15)(r20)
    ld r16, F_GPR(16)(r20)
    ld r17, F_GPR(17)(r20)
    ld r18, F_GPR(18)(r20)
    ld r19, F_GPR(19)(r20)
    ld r21, F_GPR(21)(r20)
    ld r22, F_GPR(22)(r20)
    ld r23, F_GPR(23)(r20)
    ld r24, F_GPR(24)(r20)
    ld r25, F_GPR(25)(r20)
    ld r26, F_GPR(26)(r20)
    ld r27, F_GPR(27)(r20)
    ld r28, F_GPR(28)(r20)
    ld r29, F_GPR(29)(r20)
    ld r30, F_GPR(30)(r20)
    ld r31, F_GPR(31)(r20)
    ld r20, F_GPR(20)(r20)
    rfid
