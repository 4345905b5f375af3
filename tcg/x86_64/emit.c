/*
 * tcg/x86_64: the instruction encoder (see emit.h).
 *
 * Every instruction goes through two internal steps: emit_opc() writes the
 * legacy prefixes, the REX byte (only when some bit of it is needed, or when
 * a byte register is spl/bpl/sil/dil) and the opcode with its escape bytes;
 * emit_modrm_rr()/emit_modrm_mem() add the ModRM byte, the SIB byte and the
 * displacement.  The ModRM special cases live in one place:
 *   - rm = 100 (rsp, r12) as a base needs a SIB byte;
 *   - mod = 00 with rm = 101 (rbp, r13) means rip-relative, so those bases
 *     always carry a displacement (disp8 = 0 when there is none);
 *   - index = 100 in the SIB means "no index", so rsp can never be an index
 *     while r12 can (REX.X tells them apart).
 * Opcodes are written as the opcode byte plus P_* flags for what surrounds
 * it.  VEX-encoded BMI instructions have their own small path.
 */
#include "tcg/x86_64/emit.h"

#include <assert.h>

enum {
    P_0F = 0x100,       /* 0x0f escape */
    P_0F38 = 0x200,     /* 0x0f 0x38 */
    P_0F3A = 0x400,     /* 0x0f 0x3a */
    P_66 = 0x800,       /* operand-size prefix */
    P_F3 = 0x1000,
    P_F2 = 0x2000,
    P_W = 0x4000,       /* REX.W: 64-bit operand */
    P_BYTE_R = 0x8000,  /* the ModRM reg field names a byte register */
    P_BYTE_RM = 0x10000, /* the ModRM rm field names a byte register */
};

void x86_out32(X86Buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        x86_out8(b, (uint8_t)(v >> (8 * i)));
    }
}

void x86_out64(X86Buf *b, uint64_t v)
{
    x86_out32(b, (uint32_t)v);
    x86_out32(b, (uint32_t)(v >> 32));
}

void x86_patch32(X86Buf *b, size_t at, uint32_t v)
{
    if (at + 4 <= b->size) {
        for (int i = 0; i < 4; i++) {
            b->base[at + i] = (uint8_t)(v >> (8 * i));
        }
    }
}

void x86_patch8(X86Buf *b, size_t at, uint8_t v)
{
    if (at < b->size) {
        b->base[at] = v;
    }
}

static bool is_byte_reg_needing_rex(int r) { return r >= 4 && r < 8; }

/* prefixes, REX, escapes and the opcode byte; r/rm/index give REX.R/B/X */
static void emit_opc(X86Buf *b, unsigned opc, int r, int rm, int index)
{
    int rex = 0;

    if (opc & P_66) {
        x86_out8(b, 0x66);
    }
    if (opc & P_F3) {
        x86_out8(b, 0xf3);
    } else if (opc & P_F2) {
        x86_out8(b, 0xf2);
    }
    if (opc & P_W) {
        rex |= 8;
    }
    if (r >= 8) {
        rex |= 4;
    }
    if (index >= 8) {
        rex |= 2;
    }
    if (rm >= 8) {
        rex |= 1;
    }
    if (((opc & P_BYTE_R) && is_byte_reg_needing_rex(r)) ||
        ((opc & P_BYTE_RM) && is_byte_reg_needing_rex(rm))) {
        rex |= 0x40;
    }
    if (rex) {
        x86_out8(b, (uint8_t)(0x40 | rex));
    }
    if (opc & (P_0F | P_0F38 | P_0F3A)) {
        x86_out8(b, 0x0f);
        if (opc & P_0F38) {
            x86_out8(b, 0x38);
        } else if (opc & P_0F3A) {
            x86_out8(b, 0x3a);
        }
    }
    x86_out8(b, (uint8_t)opc);
}

static void emit_modrm_rr(X86Buf *b, unsigned opc, int r, int rm)
{
    emit_opc(b, opc, r, rm, 0);
    x86_out8(b, (uint8_t)(0xc0 | (r & 7) << 3 | (rm & 7)));
}

static void emit_modrm_mem(X86Buf *b, unsigned opc, int r, int base,
                           int index, int shift, int32_t disp)
{
    int mod;

    assert(base >= 0 && index != X86_RSP && shift >= 0 && shift <= 3);
    emit_opc(b, opc, r, base, index < 0 ? 0 : index);
    if (disp == 0 && (base & 7) != 5) {
        mod = 0x00;
    } else if (disp == (int8_t)disp) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != 4) {
        x86_out8(b, (uint8_t)(mod | (r & 7) << 3 | (base & 7)));
    } else {
        int idx = index < 0 ? 4 : (index & 7);
        x86_out8(b, (uint8_t)(mod | (r & 7) << 3 | 4));
        x86_out8(b, (uint8_t)(shift << 6 | idx << 3 | (base & 7)));
    }
    if (mod == 0x40) {
        x86_out8(b, (uint8_t)disp);
    } else if (mod == 0x80) {
        x86_out32(b, (uint32_t)disp);
    }
}

static unsigned w_flag(int w) { return w ? P_W : 0; }

/* ---------------------------------------------------------------- moves */

void x86_mov_rr(X86Buf *b, int w, X86Reg dst, X86Reg src)
{
    emit_modrm_rr(b, 0x89 | w_flag(w), src, dst);
}

void x86_movabs(X86Buf *b, X86Reg dst, uint64_t val)
{
    emit_opc(b, (0xb8 + (dst & 7)) | P_W, 0, dst, 0);
    x86_out64(b, val);
}

void x86_movi(X86Buf *b, X86Reg dst, int64_t val)
{
    if ((uint64_t)val == (uint32_t)val) {
        emit_opc(b, 0xb8 + (dst & 7), 0, dst, 0);
        x86_out32(b, (uint32_t)val);
    } else if (val == (int32_t)val) {
        emit_modrm_rr(b, 0xc7 | P_W, 0, dst);
        x86_out32(b, (uint32_t)val);
    } else {
        x86_movabs(b, dst, (uint64_t)val);
    }
}

void x86_movi_or_xor(X86Buf *b, X86Reg dst, int64_t val)
{
    if (val == 0) {
        x86_alu_rr(b, X86_XOR, 0, dst, dst);
    } else {
        x86_movi(b, dst, val);
    }
}

void x86_movzx_rr(X86Buf *b, int from_bits, X86Reg dst, X86Reg src)
{
    assert(from_bits == 8 || from_bits == 16);
    if (from_bits == 8) {
        emit_modrm_rr(b, 0xb6 | P_0F | P_BYTE_RM, dst, src);
    } else {
        emit_modrm_rr(b, 0xb7 | P_0F, dst, src);
    }
}

void x86_movsx_rr(X86Buf *b, int from_bits, X86Reg dst, X86Reg src)
{
    switch (from_bits) {
    case 8:
        emit_modrm_rr(b, 0xbe | P_0F | P_W | P_BYTE_RM, dst, src);
        break;
    case 16:
        emit_modrm_rr(b, 0xbf | P_0F | P_W, dst, src);
        break;
    default:
        assert(from_bits == 32);
        emit_modrm_rr(b, 0x63 | P_W, dst, src);
        break;
    }
}

/* opcode of each load kind */
static const unsigned load_opc[] = {
    [X86_LD8U] = 0xb6 | P_0F,
    [X86_LD8S] = 0xbe | P_0F | P_W,
    [X86_LD16U] = 0xb7 | P_0F,
    [X86_LD16S] = 0xbf | P_0F | P_W,
    [X86_LD32U] = 0x8b,
    [X86_LD32S] = 0x63 | P_W,
    [X86_LD64] = 0x8b | P_W,
};

void x86_load(X86Buf *b, X86LoadKind k, X86Reg dst, X86Reg base, X86Reg index,
              int shift, int32_t disp)
{
    emit_modrm_mem(b, load_opc[k], dst, base, index, shift, disp);
}

static unsigned store_opc(int bits)
{
    switch (bits) {
    case 8:
        return 0x88 | P_BYTE_R;
    case 16:
        return 0x89 | P_66;
    case 32:
        return 0x89;
    default:
        assert(bits == 64);
        return 0x89 | P_W;
    }
}

void x86_store(X86Buf *b, int bits, X86Reg src, X86Reg base, X86Reg index,
               int shift, int32_t disp)
{
    emit_modrm_mem(b, store_opc(bits), src, base, index, shift, disp);
}

void x86_store_imm(X86Buf *b, int bits, int64_t imm, X86Reg base,
                   X86Reg index, int shift, int32_t disp)
{
    switch (bits) {
    case 8:
        emit_modrm_mem(b, 0xc6, 0, base, index, shift, disp);
        x86_out8(b, (uint8_t)imm);
        break;
    case 16:
        emit_modrm_mem(b, 0xc7 | P_66, 0, base, index, shift, disp);
        x86_out8(b, (uint8_t)imm);
        x86_out8(b, (uint8_t)(imm >> 8));
        break;
    case 32:
        emit_modrm_mem(b, 0xc7, 0, base, index, shift, disp);
        x86_out32(b, (uint32_t)imm);
        break;
    default:
        assert(bits == 64 && imm == (int32_t)imm);
        emit_modrm_mem(b, 0xc7 | P_W, 0, base, index, shift, disp);
        x86_out32(b, (uint32_t)imm);
        break;
    }
}

static unsigned movbe_size(int bits)
{
    assert(bits == 16 || bits == 32 || bits == 64);
    return bits == 16 ? P_66 : bits == 64 ? P_W : 0;
}

void x86_movbe_load(X86Buf *b, int bits, X86Reg dst, X86Reg base,
                    X86Reg index, int shift, int32_t disp)
{
    emit_modrm_mem(b, 0xf0 | P_0F38 | movbe_size(bits), dst, base, index,
                   shift, disp);
}

void x86_movbe_store(X86Buf *b, int bits, X86Reg src, X86Reg base,
                     X86Reg index, int shift, int32_t disp)
{
    emit_modrm_mem(b, 0xf1 | P_0F38 | movbe_size(bits), src, base, index,
                   shift, disp);
}

void x86_lea(X86Buf *b, int w, X86Reg dst, X86Reg base, X86Reg index,
             int shift, int32_t disp)
{
    emit_modrm_mem(b, 0x8d | w_flag(w), dst, base, index, shift, disp);
}

void x86_lea_rip(X86Buf *b, X86Reg dst, uintptr_t target)
{
    /* mod = 00, rm = 101: disp32 from the end of the instruction */
    emit_opc(b, 0x8d | P_W, dst, 0, 0);
    x86_out8(b, (uint8_t)(0x05 | (dst & 7) << 3));
    x86_out32(b, (uint32_t)(target - x86_addr(b, b->pos + 4)));
}

/* ---------------------------------------------------------------- ALU */

void x86_alu_rr(X86Buf *b, X86AluOp op, int w, X86Reg dst, X86Reg src)
{
    emit_modrm_rr(b, (unsigned)(op << 3 | 1) | w_flag(w), src, dst);
}

void x86_alu_ri(X86Buf *b, X86AluOp op, int w, X86Reg dst, int64_t imm)
{
    int32_t v = (int32_t)imm;

    assert(!w || imm == v);
    if (v == (int8_t)v) {
        emit_modrm_rr(b, 0x83 | w_flag(w), op, dst);
        x86_out8(b, (uint8_t)v);
    } else {
        emit_modrm_rr(b, 0x81 | w_flag(w), op, dst);
        x86_out32(b, (uint32_t)v);
    }
}

void x86_alu_rm(X86Buf *b, X86AluOp op, int w, X86Reg dst, X86Reg base,
                X86Reg index, int shift, int32_t disp)
{
    emit_modrm_mem(b, (unsigned)(op << 3 | 3) | w_flag(w), dst, base, index,
                   shift, disp);
}

void x86_alu_mi(X86Buf *b, X86AluOp op, int w, X86Reg base, X86Reg index,
                int shift, int32_t disp, int32_t imm)
{
    bool short_imm = imm == (int8_t)imm;

    emit_modrm_mem(b, (short_imm ? 0x83 : 0x81) | w_flag(w), op, base, index,
                   shift, disp);
    if (short_imm) {
        x86_out8(b, (uint8_t)imm);
    } else {
        x86_out32(b, (uint32_t)imm);
    }
}

void x86_test_rr(X86Buf *b, int w, X86Reg a, X86Reg c)
{
    emit_modrm_rr(b, 0x85 | w_flag(w), c, a);
}

void x86_test_ri(X86Buf *b, int w, X86Reg a, int64_t imm)
{
    uint64_t mask = w ? (uint64_t)imm : (uint32_t)imm;

    if (mask <= 0xff) {
        /* only the low byte can be non-zero in the result */
        emit_modrm_rr(b, 0xf6 | P_BYTE_RM, 0, a);
        x86_out8(b, (uint8_t)mask);
    } else if (mask <= 0xffffffffu) {
        /* a 32-bit test sees the same non-zero bits */
        emit_modrm_rr(b, 0xf7, 0, a);
        x86_out32(b, (uint32_t)mask);
    } else {
        assert(imm == (int32_t)imm);
        emit_modrm_rr(b, 0xf7 | P_W, 0, a);
        x86_out32(b, (uint32_t)imm);
    }
}

void x86_shift_ri(X86Buf *b, X86ShiftOp op, int w, X86Reg dst, int count)
{
    count &= w ? 63 : 31;
    if (count == 1) {
        emit_modrm_rr(b, 0xd1 | w_flag(w), op, dst);
    } else {
        emit_modrm_rr(b, 0xc1 | w_flag(w), op, dst);
        x86_out8(b, (uint8_t)count);
    }
}

void x86_shift_cl(X86Buf *b, X86ShiftOp op, int w, X86Reg dst)
{
    emit_modrm_rr(b, 0xd3 | w_flag(w), op, dst);
}

void x86_rol16_ri(X86Buf *b, X86Reg dst, int count)
{
    emit_modrm_rr(b, 0xc1 | P_66, X86_ROL, dst);
    x86_out8(b, (uint8_t)(count & 15));
}

void x86_unary(X86Buf *b, X86UnOp op, int w, X86Reg r)
{
    emit_modrm_rr(b, 0xf7 | w_flag(w), op, r);
}

void x86_imul_rr(X86Buf *b, int w, X86Reg dst, X86Reg src)
{
    emit_modrm_rr(b, 0xaf | P_0F | w_flag(w), dst, src);
}

void x86_imul_rri(X86Buf *b, int w, X86Reg dst, X86Reg src, int32_t imm)
{
    if (imm == (int8_t)imm) {
        emit_modrm_rr(b, 0x6b | w_flag(w), dst, src);
        x86_out8(b, (uint8_t)imm);
    } else {
        emit_modrm_rr(b, 0x69 | w_flag(w), dst, src);
        x86_out32(b, (uint32_t)imm);
    }
}

static const unsigned bitop_opc[] = {
    [X86_BSF] = 0xbc | P_0F,
    [X86_BSR] = 0xbd | P_0F,
    [X86_TZCNT] = 0xbc | P_0F | P_F3,
    [X86_LZCNT] = 0xbd | P_0F | P_F3,
    [X86_POPCNT] = 0xb8 | P_0F | P_F3,
};

void x86_bitop(X86Buf *b, X86BitOp op, int w, X86Reg dst, X86Reg src)
{
    emit_modrm_rr(b, bitop_opc[op] | w_flag(w), dst, src);
}

void x86_bswap(X86Buf *b, int w, X86Reg r)
{
    emit_opc(b, (0xc8 + (r & 7)) | P_0F | w_flag(w), 0, r, 0);
}

void x86_cqo(X86Buf *b, int w)
{
    emit_opc(b, 0x99 | w_flag(w), 0, 0, 0);
}

void x86_setcc(X86Buf *b, X86Cond cc, X86Reg dst)
{
    emit_modrm_rr(b, (0x90 + cc) | P_0F | P_BYTE_RM, 0, dst);
}

void x86_cmov(X86Buf *b, X86Cond cc, int w, X86Reg dst, X86Reg src)
{
    emit_modrm_rr(b, (0x40 + cc) | P_0F | w_flag(w), dst, src);
}

/*
 * VEX, always the three-byte form (C4): BMI instructions live in the 0F38
 * and 0F3A maps, which the two-byte form cannot name.
 *   byte 1: ~R ~X ~B m-mmmm     byte 2: W ~vvvv L pp
 */
enum { VEX_MAP_0F38 = 2, VEX_MAP_0F3A = 3 };
enum { VEX_PP_NONE, VEX_PP_66, VEX_PP_F3, VEX_PP_F2 };

static void emit_vex_rr(X86Buf *b, int map, int pp, int w, uint8_t opc, int r,
                        int v, int rm)
{
    x86_out8(b, 0xc4);
    x86_out8(b, (uint8_t)((r < 8 ? 0x80 : 0) | 0x40 /* ~X */ |
                          (rm < 8 ? 0x20 : 0) | map));
    x86_out8(b, (uint8_t)((w ? 0x80 : 0) | (~v & 15) << 3 | pp));
    x86_out8(b, opc);
    x86_out8(b, (uint8_t)(0xc0 | (r & 7) << 3 | (rm & 7)));
}

void x86_andn(X86Buf *b, int w, X86Reg dst, X86Reg src1, X86Reg src2)
{
    emit_vex_rr(b, VEX_MAP_0F38, VEX_PP_NONE, w, 0xf2, dst, src1, src2);
}

void x86_shiftx(X86Buf *b, X86ShiftOp op, int w, X86Reg dst, X86Reg src,
                X86Reg cnt)
{
    int pp = op == X86_SHL ? VEX_PP_66 : op == X86_SHR ? VEX_PP_F2 : VEX_PP_F3;

    assert(op == X86_SHL || op == X86_SHR || op == X86_SAR);
    emit_vex_rr(b, VEX_MAP_0F38, pp, w, 0xf7, dst, cnt, src);
}

void x86_rorx(X86Buf *b, int w, X86Reg dst, X86Reg src, int count)
{
    emit_vex_rr(b, VEX_MAP_0F3A, VEX_PP_F2, w, 0xf0, dst, 0, src);
    x86_out8(b, (uint8_t)(count & (w ? 63 : 31)));
}

/*
 * FMA3, VEX.128.66.0F38 (W1: packed double, W0: single), the 213 forms:
 * xmm dst = dst * src2 op src3, one rounding.  Opcodes A8 vfmadd, AA
 * vfmsub, AC vfnmadd (-(dst * src2) + src3), AE vfnmsub.  Callers check
 * the CPU (and the OS, XCR0) support them.
 */
void x86_vfma213(X86Buf *b, X86FmaOp op, bool dp, int dst, int src2, int src3)
{
    static const uint8_t opc[4] = {0xa8, 0xaa, 0xac, 0xae};

    emit_vex_rr(b, VEX_MAP_0F38, VEX_PP_66, dp, opc[op & 3], dst, src2, src3);
}

/* ---------------------------------------------------------------- control */

bool x86_rel32_ok(const X86Buf *b, size_t insn_len, uintptr_t target)
{
    intptr_t disp = (intptr_t)(target - x86_addr(b, b->pos + insn_len));
    return disp == (int32_t)disp;
}

static void emit_rel32_abs(X86Buf *b, uint8_t opc, uintptr_t target)
{
    assert(x86_rel32_ok(b, 5, target));
    x86_out8(b, opc);
    x86_out32(b, (uint32_t)(target - x86_addr(b, b->pos + 4)));
}

void x86_jmp_abs(X86Buf *b, uintptr_t target) { emit_rel32_abs(b, 0xe9, target); }

void x86_call_abs(X86Buf *b, uintptr_t target)
{
    emit_rel32_abs(b, 0xe8, target);
}

void x86_jmp_to(X86Buf *b, size_t target)
{
    intptr_t rel8 = (intptr_t)target - (intptr_t)(b->pos + 2);

    if (rel8 == (int8_t)rel8) {
        x86_out8(b, 0xeb);
        x86_out8(b, (uint8_t)rel8);
    } else {
        x86_out8(b, 0xe9);
        x86_out32(b, (uint32_t)(target - (b->pos + 4)));
    }
}

void x86_jcc_to(X86Buf *b, X86Cond cc, size_t target)
{
    intptr_t rel8 = (intptr_t)target - (intptr_t)(b->pos + 2);

    if (rel8 == (int8_t)rel8) {
        x86_out8(b, (uint8_t)(0x70 + cc));
        x86_out8(b, (uint8_t)rel8);
    } else {
        x86_out8(b, 0x0f);
        x86_out8(b, (uint8_t)(0x80 + cc));
        x86_out32(b, (uint32_t)(target - (b->pos + 4)));
    }
}

size_t x86_jmp32_fwd(X86Buf *b)
{
    x86_out8(b, 0xe9);
    x86_out32(b, 0);
    return b->pos - 4;
}

size_t x86_jcc32_fwd(X86Buf *b, X86Cond cc)
{
    x86_out8(b, 0x0f);
    x86_out8(b, (uint8_t)(0x80 + cc));
    x86_out32(b, 0);
    return b->pos - 4;
}

size_t x86_jmp8_fwd(X86Buf *b)
{
    x86_out8(b, 0xeb);
    x86_out8(b, 0);
    return b->pos - 1;
}

size_t x86_jcc8_fwd(X86Buf *b, X86Cond cc)
{
    x86_out8(b, (uint8_t)(0x70 + cc));
    x86_out8(b, 0);
    return b->pos - 1;
}

void x86_patch_rel32(X86Buf *b, size_t disp_at, size_t target)
{
    x86_patch32(b, disp_at, (uint32_t)(target - (disp_at + 4)));
}

void x86_patch_rel8(X86Buf *b, size_t disp_at, size_t target)
{
    intptr_t rel = (intptr_t)target - (intptr_t)(disp_at + 1);

    assert(rel == (int8_t)rel);
    x86_patch8(b, disp_at, (uint8_t)rel);
}

void x86_jmp_reg(X86Buf *b, X86Reg r) { emit_modrm_rr(b, 0xff, 4, r); }

void x86_call_reg(X86Buf *b, X86Reg r) { emit_modrm_rr(b, 0xff, 2, r); }

void x86_push(X86Buf *b, X86Reg r) { emit_opc(b, 0x50 + (r & 7), 0, r, 0); }

void x86_pop(X86Buf *b, X86Reg r) { emit_opc(b, 0x58 + (r & 7), 0, r, 0); }

void x86_ret(X86Buf *b) { x86_out8(b, 0xc3); }

void x86_ud2(X86Buf *b)
{
    x86_out8(b, 0x0f);
    x86_out8(b, 0x0b);
}

/* ------------------------------------------------------------------ SSE */

static const unsigned sse_opc[X86_NB_SSE_OPS] = {
    [X86_MOVDQU_LD] = P_F3 | P_0F | 0x6f, [X86_MOVDQU_ST] = P_F3 | P_0F | 0x7f,
    [X86_PAND] = P_66 | P_0F | 0xdb, [X86_PANDN] = P_66 | P_0F | 0xdf,
    [X86_POR] = P_66 | P_0F | 0xeb, [X86_PXOR] = P_66 | P_0F | 0xef,
    [X86_PADDB] = P_66 | P_0F | 0xfc, [X86_PADDW] = P_66 | P_0F | 0xfd,
    [X86_PADDD] = P_66 | P_0F | 0xfe, [X86_PADDQ] = P_66 | P_0F | 0xd4,
    [X86_PSUBB] = P_66 | P_0F | 0xf8, [X86_PSUBW] = P_66 | P_0F | 0xf9,
    [X86_PSUBD] = P_66 | P_0F | 0xfa, [X86_PSUBQ] = P_66 | P_0F | 0xfb,
    [X86_PCMPEQB] = P_66 | P_0F | 0x74, [X86_PCMPEQW] = P_66 | P_0F | 0x75,
    [X86_PCMPEQD] = P_66 | P_0F | 0x76, [X86_PCMPEQQ] = P_66 | P_0F38 | 0x29,
    [X86_PCMPGTB] = P_66 | P_0F | 0x64, [X86_PCMPGTW] = P_66 | P_0F | 0x65,
    [X86_PCMPGTD] = P_66 | P_0F | 0x66, [X86_PCMPGTQ] = P_66 | P_0F38 | 0x37,
    [X86_PMAXUB] = P_66 | P_0F | 0xde, [X86_PMINUB] = P_66 | P_0F | 0xda,
    [X86_PMAXSW] = P_66 | P_0F | 0xee, [X86_PMINSW] = P_66 | P_0F | 0xea,
    [X86_PMAXSB] = P_66 | P_0F38 | 0x3c, [X86_PMAXSD] = P_66 | P_0F38 | 0x3d,
    [X86_PMAXUW] = P_66 | P_0F38 | 0x3e, [X86_PMAXUD] = P_66 | P_0F38 | 0x3f,
    [X86_PMINSB] = P_66 | P_0F38 | 0x38, [X86_PMINSD] = P_66 | P_0F38 | 0x39,
    [X86_PMINUW] = P_66 | P_0F38 | 0x3a, [X86_PMINUD] = P_66 | P_0F38 | 0x3b,
    /* group 12-14 with /6 (shift left logical) */
    [X86_PSLLW_I] = P_66 | P_0F | 0x71, [X86_PSLLD_I] = P_66 | P_0F | 0x72,
    [X86_PSLLQ_I] = P_66 | P_0F | 0x73,
    [X86_PADDSB] = P_66 | P_0F | 0xec, [X86_PADDSW] = P_66 | P_0F | 0xed,
    [X86_PADDUSB] = P_66 | P_0F | 0xdc, [X86_PADDUSW] = P_66 | P_0F | 0xdd,
    [X86_PSUBSB] = P_66 | P_0F | 0xe8, [X86_PSUBSW] = P_66 | P_0F | 0xe9,
    [X86_PSUBUSB] = P_66 | P_0F | 0xd8, [X86_PSUBUSW] = P_66 | P_0F | 0xd9,
    [X86_PMOVMSKB] = P_66 | P_0F | 0xd7, [X86_PSHUFB] = P_66 | P_0F38 | 0x00,
    [X86_PSHUFD] = P_66 | P_0F | 0x70, [X86_PMULUDQ] = P_66 | P_0F | 0xf4,
    [X86_CVTTPS2DQ] = P_F3 | P_0F | 0x5b, [X86_PUNPCKLDQ] = P_66 | P_0F | 0x62,
    [X86_PUNPCKLQDQ] = P_66 | P_0F | 0x6c, [X86_PSLLQ] = P_66 | P_0F | 0xf3,
    [X86_PSRLQ] = P_66 | P_0F | 0xd3, [X86_PSRLD] = P_66 | P_0F | 0xd2,
    [X86_PSRAD] = P_66 | P_0F | 0xe2,
    [X86_ADDPD] = P_66 | P_0F | 0x58, [X86_SUBPD] = P_66 | P_0F | 0x5c,
    [X86_MULPD] = P_66 | P_0F | 0x59, [X86_DIVPD] = P_66 | P_0F | 0x5e,
    [X86_SQRTPD] = P_66 | P_0F | 0x51,
    [X86_ADDPS] = P_0F | 0x58, [X86_SUBPS] = P_0F | 0x5c,
    [X86_MULPS] = P_0F | 0x59, [X86_DIVPS] = P_0F | 0x5e,
    [X86_SQRTPS] = P_0F | 0x51,
    [X86_CMPPD] = P_66 | P_0F | 0xc2, [X86_CMPPS] = P_0F | 0xc2,
    [X86_MOVMSKPD] = P_66 | P_0F | 0x50, [X86_MOVMSKPS] = P_0F | 0x50,
    /* group 12 with /2 (right logical) and /4 (right arithmetic) */
    [X86_PSRLW_I] = P_66 | P_0F | 0x71, [X86_PSRAW_I] = P_66 | P_0F | 0x71,
};

void x86_sse_rr(X86Buf *b, X86SseOp op, int dst, int src)
{
    emit_modrm_rr(b, sse_opc[op], dst, src);
}

void x86_sse_rm(X86Buf *b, X86SseOp op, int reg, X86Reg base, int32_t disp)
{
    emit_modrm_mem(b, sse_opc[op], reg, base, X86_NOREG, 0, disp);
}

void x86_sse_shift_imm(X86Buf *b, X86SseOp op, int xmm, int count)
{
    int ext = op == X86_PSRLW_I ? 2 : op == X86_PSRAW_I ? 4 : 6;

    emit_modrm_rr(b, sse_opc[op], ext, xmm);
    x86_out8(b, (uint8_t)count);
}

/* the recommended long nops (Intel SDM vol. 2, NOP), by length 1..9 */
static const uint8_t nop_forms[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0f, 0x1f, 0x00},
    {0x0f, 0x1f, 0x40, 0x00},
    {0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void x86_nops(X86Buf *b, int n)
{
    while (n > 0) {
        int k = n > 9 ? 9 : n;
        for (int i = 0; i < k; i++) {
            x86_out8(b, nop_forms[k - 1][i]);
        }
        n -= k;
    }
}
