/*
 * Entry of every bare-metal test program.
 *
 * The program may be entered (a) in its own byte order with MSR[SF]=1
 * (powerjit), or (b) big-endian in 32-bit mode (QEMU's VOF firmware enters
 * every ELF that way), and (c) at an address other than the one it was
 * linked for (QEMU loads ELF segments at their physical address rebased to
 * 4 MiB).  So _start:
 *   1. fixes the byte order: its first word is "tdi 0,0,0x48", which never
 *      traps, while a CPU in the other byte order reads "b .+8" and runs the
 *      other-order words that toggle MSR[LE] through rfid;
 *   2. sets MSR[SF] (64-bit mode) and the FP/VEC/VSX facility bits;
 *   3. copies the image to its link address when it runs elsewhere;
 *   4. sets r1 (stack) and r2 (TOC), clears .bss and calls
 *      rt_start(r3, r4, r5, entry MSR, entered-swapped) in runtime.c.
 */
#include "ppc-asm.h"

    .section .text.start, "ax", @progbits
    .globl _start
_start:
    tdi 0, 0, 0x48
    b .Lnative
    /* read only by a CPU in the other byte order */
    OTHER_WORD(PPC_MFMSR(11))
    OTHER_WORD(PPC_MR(8, 11))
    OTHER_WORD(PPC_XORI(11, 11, 1))
    OTHER_WORD(PPC_MTSPR(SPR_N_SRR1, 11))
    OTHER_WORD(PPC_BL_NEXT)
    OTHER_WORD(PPC_MFSPR(12, SPR_N_LR))
    OTHER_WORD(PPC_ADDI(12, 12, 16))
    OTHER_WORD(PPC_MTSPR(SPR_N_SRR0, 12))
    OTHER_WORD(PPC_RFID)
    /* rfid lands here, now in our byte order */
    li r9, 1
    b .Lcommon

.Lnative:
    mfmsr r8
    li r9, 0

.Lcommon:
    mr r14, r3
    mr r15, r4
    mr r16, r5
    mr r17, r8
    mr r18, r9

    /* 64-bit mode; FP, VEC and VSX available */
    mfmsr r11
    li r12, 1
    rldicr r12, r12, 63, 0
    or r11, r11, r12
    ori r11, r11, 0x2000
    oris r11, r11, 0x0280
    mtmsrd r11, 0
    isync

    /* where are we? */
    bl 1f
1:  mflr r10
    LOAD_ADDR(r11, 1b)
    subf. r9, r11, r10
    beq .Lat_home

    /* copy [__image_start, __image_end) from run address to link address */
    LOAD_ADDR(r4, __image_start)
    add r3, r4, r9
    LOAD_ADDR(r5, __image_end)
    subf r5, r4, r5
    srdi r6, r5, 3
    mtctr r6
    cmpld r4, r3
    blt .Lcopy_forward
    add r3, r3, r5
    add r4, r4, r5
2:  ldu r6, -8(r3)
    stdu r6, -8(r4)
    bdnz 2b
    b .Lcopied
.Lcopy_forward:
    addi r3, r3, -8
    addi r4, r4, -8
3:  ldu r6, 8(r3)
    stdu r6, 8(r4)
    bdnz 3b
.Lcopied:
    LOAD_ADDR(r3, __image_start)
    LOAD_ADDR(r4, __image_end)
    bl rt_sync_icache_asm
    LOAD_ADDR(r12, .Lat_home)
    mtctr r12
    bctr

.Lat_home:
    LOAD_ADDR(r1, __stack_top)
    li r0, 0
    stdu r0, -64(r1)
    lis r2, .TOC.@h
    ori r2, r2, .TOC.@l

    /* clear .bss (8-byte aligned by the linker script) */
    LOAD_ADDR(r3, __bss_start)
    LOAD_ADDR(r4, __bss_end)
    subf. r5, r3, r4
    beq 5f
    srdi r5, r5, 3
    mtctr r5
    addi r3, r3, -8
4:  stdu r0, 8(r3)
    bdnz 4b
5:
    mr r3, r14
    mr r4, r15
    mr r5, r16
    mr r6, r17
    mr r7, r18
    bl rt_start
    nop
6:  b 6b

/*
 * rt_sync_icache_asm(start r3, end r4): make stores to [start, end) visible
 * to instruction fetch (Power ISA 3.0 Book II 1.9: dcbst; sync; icbi; isync).
 * Steps by 32 bytes, below every POWER cache-block size.  Clobbers r3-r5.
 */
    .text
    .globl rt_sync_icache_asm
rt_sync_icache_asm:
    rldicr r3, r3, 0, 58
    mr r5, r3
7:  cmpld r5, r4
    bge 8f
    dcbst 0, r5
    addi r5, r5, 32
    b 7b
8:  sync
    mr r5, r3
9:  cmpld r5, r4
    bge 10f
    icbi 0, r5
    addi r5, r5, 32
    b 9b
10: sync
    isync
    blr

/*
 * rt_of_call(args r3, entry r4): call an IEEE 1275 client interface whose
 * entry point runs big-endian in 32-bit mode (the PowerPC binding), and
 * come back in our own mode.  Returns the entry's r3.  32-bit firmware may
 * keep only the low halves of r13-r31, so all of them (and r2) are saved.
 */
    .globl rt_of_call
rt_of_call:
    mflr r0
    std r0, 16(r1)
    stdu r1, -256(r1)
    std r2, 80(r1)
    std r13, 88(r1)
    std r14, 96(r1)
    std r15, 104(r1)
    std r16, 112(r1)
    std r17, 120(r1)
    std r18, 128(r1)
    std r19, 136(r1)
    std r20, 144(r1)
    std r21, 152(r1)
    std r22, 160(r1)
    std r23, 168(r1)
    std r24, 176(r1)
    std r25, 184(r1)
    std r26, 192(r1)
    std r27, 200(r1)
    std r28, 208(r1)
    std r29, 216(r1)
    std r30, 224(r1)
    std r31, 232(r1)
    mr r30, r1                  /* our stack pointer, in case it comes back truncated */
    mfmsr r31
    mtsrr0 r4
    li r12, 1
    rldicr r12, r12, 63, 0
    andc r11, r31, r12          /* SF=0 */
    rldicr r11, r11, 0, 62      /* LE=0 */
    li r12, 0
    ori r12, r12, 0x8000
    andc r11, r11, r12          /* EE=0 */
    mtsrr1 r11
    bl 11f
11: mflr r12
    addi r12, r12, .Lof_back - 11b
    mtlr r12
    rfid
    /* the client interface returns here, big-endian and 32-bit */
.Lof_back:
    /* 32-bit firmware may have kept only the low half of r31: rebuild the
       MSR from the current one plus SF (and LE) */
#if RT_LITTLE_ENDIAN
#define BACK_WORD(w) OTHER_WORD(w)
#else
#define BACK_WORD(w) .long w
#endif
    BACK_WORD(PPC_MFMSR(11))
    BACK_WORD(PPC_ADDI(12, 0, 1))
    BACK_WORD(PPC_RLDICR(12, 12, 63, 0))
    BACK_WORD(PPC_OR(11, 11, 12))
    BACK_WORD(PPC_ORI(11, 11, RT_LITTLE_ENDIAN))
    BACK_WORD(PPC_MTSPR(SPR_N_SRR1, 11))
    BACK_WORD(PPC_BL_NEXT)
    BACK_WORD(PPC_MFSPR(12, SPR_N_LR))
    BACK_WORD(PPC_ADDI(12, 12, 16))
    BACK_WORD(PPC_MTSPR(SPR_N_SRR0, 12))
    BACK_WORD(PPC_RFID)
    mr r1, r30
    ld r2, 80(r1)
    ld r13, 88(r1)
    ld r14, 96(r1)
    ld r15, 104(r1)
    ld r16, 112(r1)
    ld r17, 120(r1)
    ld r18, 128(r1)
    ld r19, 136(r1)
    ld r20, 144(r1)
    ld r21, 152(r1)
    ld r22, 160(r1)
    ld r23, 168(r1)
    ld r24, 176(r1)
    ld r25, 184(r1)
    ld r26, 192(r1)
    ld r27, 200(r1)
    ld r28, 208(r1)
    ld r29, 216(r1)
    ld r30, 224(r1)
    ld r31, 232(r1)
    addi r1, r1, 256
    ld r0, 16(r1)
    mtlr r0
    blr
