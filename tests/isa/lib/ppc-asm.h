/*
 * Assembler helpers for the bare-metal runtime: absolute-address loads and
 * the "other byte order" words.
 *
 * A program may be entered in the byte order opposite to the one it was
 * built for (QEMU's VOF firmware enters every ELF big-endian), and it takes
 * interrupts in the byte order LPCR[ILE] says.  Code that must run in the
 * other byte order is written here as raw instruction words, emitted so that
 * a CPU in the other mode reads them as those words.  The encodings follow
 * the Power ISA 3.0 Book I instruction formats (D, X, XFX, I, XL forms).
 */
#ifndef ISA_PPC_ASM_H
#define ISA_PPC_ASM_H

#if defined(__LITTLE_ENDIAN__) || \
    (defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define RT_LITTLE_ENDIAN 1
#else
#define RT_LITTLE_ENDIAN 0
#endif

/* field helpers */
#define PPC_RT(r) ((r) << 21)
#define PPC_RA(r) ((r) << 16)
#define PPC_SPR(n) ((((n) & 0x1f) << 16) | ((((n) >> 5) & 0x1f) << 11))

/* encodings (Power ISA 3.0 Book I/III) */
#define PPC_MFMSR(rt) (0x7c0000a6 | PPC_RT(rt))
#define PPC_MFSPR(rt, spr) (0x7c0002a6 | PPC_RT(rt) | PPC_SPR(spr))
#define PPC_MTSPR(spr, rs) (0x7c0003a6 | PPC_RT(rs) | PPC_SPR(spr))
#define PPC_XORI(ra, rs, ui) (0x68000000 | PPC_RT(rs) | PPC_RA(ra) | ((ui) & 0xffff))
#define PPC_ADDI(rt, ra, si) (0x38000000 | PPC_RT(rt) | PPC_RA(ra) | ((si) & 0xffff))
#define PPC_STD(rs, ds, ra) (0xf8000000 | PPC_RT(rs) | PPC_RA(ra) | ((ds) & 0xfffc))
#define PPC_MR(ra, rs) (0x7c000378 | PPC_RT(rs) | PPC_RA(ra) | ((rs) << 11))
#define PPC_OR(ra, rs, rb) (0x7c000378 | PPC_RT(rs) | PPC_RA(ra) | ((rb) << 11))
#define PPC_ORI(ra, rs, ui) (0x60000000 | PPC_RT(rs) | PPC_RA(ra) | ((ui) & 0xffff))
#define PPC_RLDICR(ra, rs, sh, me)                                              \
    (0x78000004 | PPC_RT(rs) | PPC_RA(ra) | (((sh) & 0x1f) << 11) |            \
     (((me) & 0x1f) << 6) | ((((me) >> 5) & 1) << 5) | ((((sh) >> 5) & 1) << 1))
#define PPC_BL_NEXT 0x48000005 /* bl .+4 */
#define PPC_RFID 0x4c000024
#define PPC_TDI_0_0_0x48 0x08000048 /* tdi 0,0,0x48: never traps */

#define SPR_N_LR 8
#define SPR_N_SRR0 26
#define SPR_N_SRR1 27

#ifdef __ASSEMBLER__
/* emit one instruction word as the other byte order reads it */
#if RT_LITTLE_ENDIAN
#define OTHER_WORD(w) \
    .byte(((w) >> 24) & 0xff), (((w) >> 16) & 0xff), (((w) >> 8) & 0xff), ((w) & 0xff)
#else
#define OTHER_WORD(w) \
    .byte((w) & 0xff), (((w) >> 8) & 0xff), (((w) >> 16) & 0xff), (((w) >> 24) & 0xff)
#endif

/* rd = absolute address of sym (the image is linked below 2 GiB) */
#define LOAD_ADDR(rd, sym) \
    lis rd, (sym)@h;       \
    ori rd, rd, (sym)@l
#endif

#endif
