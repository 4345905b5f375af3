/*
 * tcg/x86_64: a pure x86-64 instruction encoder.
 *
 * Each x86_* function appends one instruction (or one fixed idiom such as a
 * multi-byte nop) to an X86Buf.  Nothing here knows about the IR, the
 * register allocator or the guest: the encoder is tested on its own against
 * capstone's disassembly (tests/unit/test-x86-encoder.c).
 *
 * Writing never passes the end of the buffer: a full buffer keeps counting
 * bytes in pos without storing them, so the caller checks x86_overflowed()
 * once at the end (or between ops) instead of before every instruction.
 *
 * Operand width: `w` is 1 for a 64-bit operation (REX.W) and 0 for 32-bit.
 * A 32-bit operation zero-extends its register result to 64 bits, which is
 * exactly the value model of the IR's *_i32 ops.
 * Memory operands: base is a register (never X86_NOREG), index is a register
 * or X86_NOREG (rsp cannot be an index), shift is 0..3 (scale 1,2,4,8).
 */
#ifndef POWERJIT_TCG_X86_64_EMIT_H
#define POWERJIT_TCG_X86_64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum X86Reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
} X86Reg;

#define X86_NB_REGS 16

/* condition codes, as in the low nibble of jcc/setcc/cmovcc */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE,
    X86_CC_BE, X86_CC_A, X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP,
    X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} X86Cond;

/* the eight classic ALU operations (the /digit of opcodes 0x81/0x83) */
typedef enum X86AluOp {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
} X86AluOp;

/* shifts and rotates (the /digit of 0xc1/0xd3) */
typedef enum X86ShiftOp {
    X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
} X86ShiftOp;

/* one-operand group 3 (the /digit of 0xf7) */
typedef enum X86UnOp {
    X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6,
    X86_IDIV = 7,
} X86UnOp;

/* bit scans and counts: reg <- f(reg/mem) */
typedef enum X86BitOp {
    X86_BSF, X86_BSR, X86_TZCNT, X86_LZCNT, X86_POPCNT,
} X86BitOp;

/* loads: how the loaded value is extended into the 64-bit register */
typedef enum X86LoadKind {
    X86_LD8U, X86_LD8S, X86_LD16U, X86_LD16S, X86_LD32U, X86_LD32S, X86_LD64,
} X86LoadKind;

typedef struct X86Buf {
    uint8_t *base;
    size_t size;
    size_t pos; /* may pass size after an overflow; nothing is stored there */
} X86Buf;

static inline void x86_buf_init(X86Buf *b, uint8_t *base, size_t size)
{
    b->base = base;
    b->size = size;
    b->pos = 0;
}

static inline bool x86_overflowed(const X86Buf *b) { return b->pos > b->size; }

static inline void x86_out8(X86Buf *b, uint8_t v)
{
    if (b->pos < b->size) {
        b->base[b->pos] = v;
    }
    b->pos++;
}

void x86_out32(X86Buf *b, uint32_t v);
void x86_out64(X86Buf *b, uint64_t v);
/* overwrites 4 bytes at `at` (if they are inside the buffer) */
void x86_patch32(X86Buf *b, size_t at, uint32_t v);
void x86_patch8(X86Buf *b, size_t at, uint8_t v);
/* the host address that offset `at` will have */
static inline uintptr_t x86_addr(const X86Buf *b, size_t at)
{
    return (uintptr_t)b->base + at;
}

/* ---------------------------------------------------------------- moves */

void x86_mov_rr(X86Buf *b, int w, X86Reg dst, X86Reg src);
/* the shortest mov for a 64-bit constant; never touches the flags */
void x86_movi(X86Buf *b, X86Reg dst, int64_t val);
/* the same, but 0 becomes `xor r32, r32` (clobbers the flags) */
void x86_movi_or_xor(X86Buf *b, X86Reg dst, int64_t val);
/* always the 10-byte movabs form (patchable) */
void x86_movabs(X86Buf *b, X86Reg dst, uint64_t val);
void x86_movzx_rr(X86Buf *b, int from_bits, X86Reg dst, X86Reg src); /* 8/16 */
void x86_movsx_rr(X86Buf *b, int from_bits, X86Reg dst, X86Reg src); /* 8/16/32 */

void x86_load(X86Buf *b, X86LoadKind k, X86Reg dst, X86Reg base, X86Reg index,
              int shift, int32_t disp);
/* stores the low `bits` (8, 16, 32, 64) of src */
void x86_store(X86Buf *b, int bits, X86Reg src, X86Reg base, X86Reg index,
               int shift, int32_t disp);
/* stores an immediate; for bits == 64 it must fit a sign-extended int32 */
void x86_store_imm(X86Buf *b, int bits, int64_t imm, X86Reg base,
                   X86Reg index, int shift, int32_t disp);
/* movbe: byte-swapping load (zero-extends only for 32 bits: 16-bit loads
   merge into the low half) and store */
void x86_movbe_load(X86Buf *b, int bits, X86Reg dst, X86Reg base,
                    X86Reg index, int shift, int32_t disp);
void x86_movbe_store(X86Buf *b, int bits, X86Reg src, X86Reg base,
                     X86Reg index, int shift, int32_t disp);
void x86_lea(X86Buf *b, int w, X86Reg dst, X86Reg base, X86Reg index,
             int shift, int32_t disp);
/* dst = target, as a rip-relative lea (target within +-2 GiB) */
void x86_lea_rip(X86Buf *b, X86Reg dst, uintptr_t target);

/* ---------------------------------------------------------------- ALU */

void x86_alu_rr(X86Buf *b, X86AluOp op, int w, X86Reg dst, X86Reg src);
/* imm must fit a sign-extended int32 (for w=0 any value's low 32 bits) */
void x86_alu_ri(X86Buf *b, X86AluOp op, int w, X86Reg dst, int64_t imm);
/* dst op= [mem] */
void x86_alu_rm(X86Buf *b, X86AluOp op, int w, X86Reg dst, X86Reg base,
                X86Reg index, int shift, int32_t disp);
/* op [base + index << shift + disp], imm (32 bits, or 64 with w: the
   immediate is sign-extended) */
void x86_alu_mi(X86Buf *b, X86AluOp op, int w, X86Reg base, X86Reg index,
                int shift, int32_t disp, int32_t imm);
void x86_test_rr(X86Buf *b, int w, X86Reg a, X86Reg c);
void x86_test_ri(X86Buf *b, int w, X86Reg a, int64_t imm);
void x86_shift_ri(X86Buf *b, X86ShiftOp op, int w, X86Reg dst, int count);
void x86_shift_cl(X86Buf *b, X86ShiftOp op, int w, X86Reg dst);
/* 16-bit rotate of the low half by an immediate (for byte swaps) */
void x86_rol16_ri(X86Buf *b, X86Reg dst, int count);
void x86_unary(X86Buf *b, X86UnOp op, int w, X86Reg r);
void x86_imul_rr(X86Buf *b, int w, X86Reg dst, X86Reg src);
void x86_imul_rri(X86Buf *b, int w, X86Reg dst, X86Reg src, int32_t imm);
void x86_bitop(X86Buf *b, X86BitOp op, int w, X86Reg dst, X86Reg src);
void x86_bswap(X86Buf *b, int w, X86Reg r);
void x86_cqo(X86Buf *b, int w); /* cdq (w=0) / cqo (w=1) */
void x86_setcc(X86Buf *b, X86Cond cc, X86Reg dst);
void x86_cmov(X86Buf *b, X86Cond cc, int w, X86Reg dst, X86Reg src);

/* BMI1/BMI2 (VEX encoded; callers check the CPU has them) */
void x86_andn(X86Buf *b, int w, X86Reg dst, X86Reg src1, X86Reg src2);
/* dst = src << cnt (shlx), >> (shrx), >> arith (sarx); count mod width */
void x86_shiftx(X86Buf *b, X86ShiftOp op, int w, X86Reg dst, X86Reg src,
                X86Reg cnt);
void x86_rorx(X86Buf *b, int w, X86Reg dst, X86Reg src, int count);

/* FMA3 (VEX encoded; callers check the CPU has it): xmm dst = dst * src2
   + src3 (vfmadd213p[sd]), - src3 (vfmsub), -(dst * src2) + src3
   (vfnmadd), -(dst * src2) - src3 (vfnmsub); dp: packed double, else
   packed single */
typedef enum X86FmaOp {
    X86_VFMADD, X86_VFMSUB, X86_VFNMADD, X86_VFNMSUB,
} X86FmaOp;
void x86_vfma213(X86Buf *b, X86FmaOp op, bool dp, int dst, int src2,
                 int src3);

/* ---------------------------------------------------------------- SSE */

/* the 128-bit integer SSE instructions the vector ops use: xmm <- xmm op
   xmm/m128 (movdqu: the load and the store form); SSE4.1/4.2 ones marked */
typedef enum X86SseOp {
    X86_MOVDQU_LD, X86_MOVDQU_ST,
    X86_PAND, X86_PANDN, X86_POR, X86_PXOR,
    X86_PADDB, X86_PADDW, X86_PADDD, X86_PADDQ,
    X86_PSUBB, X86_PSUBW, X86_PSUBD, X86_PSUBQ,
    X86_PCMPEQB, X86_PCMPEQW, X86_PCMPEQD, X86_PCMPEQQ, /* q: SSE4.1 */
    X86_PCMPGTB, X86_PCMPGTW, X86_PCMPGTD, X86_PCMPGTQ, /* q: SSE4.2 */
    X86_PMAXUB, X86_PMINUB, X86_PMAXSW, X86_PMINSW,
    X86_PMAXSB, X86_PMAXSD, X86_PMAXUW, X86_PMAXUD,     /* SSE4.1 */
    X86_PMINSB, X86_PMINSD, X86_PMINUW, X86_PMINUD,     /* SSE4.1 */
    X86_PSLLW_I, X86_PSLLD_I, X86_PSLLQ_I,  /* by an immediate: shift_imm */
    X86_PADDSB, X86_PADDSW, X86_PADDUSB, X86_PADDUSW,  /* saturating */
    X86_PSUBSB, X86_PSUBSW, X86_PSUBUSB, X86_PSUBUSW,
    X86_PMOVMSKB,   /* r32 <- the byte sign bits: x86_sse_rr(r32, xmm) */
    X86_PSHUFB,     /* SSSE3 */
    X86_PSHUFD,     /* the imm8 follows: x86_sse_rr then x86_out8 */
    X86_PMULUDQ, X86_CVTTPS2DQ, X86_PUNPCKLDQ, X86_PUNPCKLQDQ,
    X86_PSLLQ, X86_PSRLQ,   /* by the count in an xmm's low quadword */
    X86_PSRLD, X86_PSRAD,
    /* packed double and single arithmetic (the lane-wise FP vector ops) */
    X86_ADDPD, X86_SUBPD, X86_MULPD, X86_DIVPD, X86_SQRTPD,
    X86_ADDPS, X86_SUBPS, X86_MULPS, X86_DIVPS, X86_SQRTPS,
    X86_CMPPD, X86_CMPPS,       /* the predicate imm8 follows (1 = lt) */
    X86_MOVMSKPD, X86_MOVMSKPS, /* r32 <- the lane sign bits */
    X86_PSRLW_I, X86_PSRAW_I,   /* by an immediate: shift_imm */
    X86_NB_SSE_OPS,
} X86SseOp;

/* xmm registers are numbered 0..15 like the general ones */
void x86_sse_rr(X86Buf *b, X86SseOp op, int dst, int src);
void x86_sse_rm(X86Buf *b, X86SseOp op, int reg, X86Reg base, int32_t disp);
/* psllw/pslld/psllq/psrlw/psraw xmm, imm8 */
void x86_sse_shift_imm(X86Buf *b, X86SseOp op, int xmm, int count);

/* ---------------------------------------------------------------- control */

/* jumps and calls to an absolute target (rel32 must reach it: see
   x86_rel32_ok) */
bool x86_rel32_ok(const X86Buf *b, size_t insn_len, uintptr_t target);
void x86_jmp_abs(X86Buf *b, uintptr_t target);
void x86_call_abs(X86Buf *b, uintptr_t target);
/* jumps to an offset in the same buffer: rel8 when it reaches, else rel32 */
void x86_jmp_to(X86Buf *b, size_t target);
void x86_jcc_to(X86Buf *b, X86Cond cc, size_t target);
/* forward jumps with a displacement to patch later: return the offset of
   the displacement (rel32: 4 bytes, rel8: 1 byte) */
size_t x86_jmp32_fwd(X86Buf *b);
size_t x86_jcc32_fwd(X86Buf *b, X86Cond cc);
size_t x86_jmp8_fwd(X86Buf *b);
size_t x86_jcc8_fwd(X86Buf *b, X86Cond cc);
/* points a displacement emitted by one of the *_fwd functions at target
   (rel8 patches must reach: asserted) */
void x86_patch_rel32(X86Buf *b, size_t disp_at, size_t target);
void x86_patch_rel8(X86Buf *b, size_t disp_at, size_t target);
void x86_jmp_reg(X86Buf *b, X86Reg r);
void x86_call_reg(X86Buf *b, X86Reg r);
void x86_push(X86Buf *b, X86Reg r);
void x86_pop(X86Buf *b, X86Reg r);
void x86_ret(X86Buf *b);
void x86_ud2(X86Buf *b);
/* n bytes of no-ops, in as few instructions as the recommended forms allow */
void x86_nops(X86Buf *b, int n);

#endif
