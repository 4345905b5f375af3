/*
 * The x86-64 encoder (tcg/x86_64/emit.c) checked against capstone.
 *
 * Each case encodes one or a few instructions and compares capstone's
 * disassembly with text written here by hand from the instruction's
 * meaning.  The register and addressing-mode sweeps build the expected text
 * from register names, so every ModRM/SIB special case (rsp/r12 bases need
 * a SIB, rbp/r13 bases need a displacement, r12 is a valid index, REX for
 * r8-r15 and for spl/bpl/sil/dil) is covered for all 16 registers.
 */
#include <glib.h>
#include <string.h>

#include "tcg/x86_64/disas.h"
#include "tcg/x86_64/emit.h"

static const char *const reg64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const reg32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const reg16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const reg8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};

static uint8_t code[256];
static X86Buf buf;

static X86Buf *start(void)
{
    memset(code, 0xcc, sizeof(code));
    x86_buf_init(&buf, code, sizeof(code));
    return &buf;
}

/* disassembles what start() .. now produced (at address 0x1000) */
static void check_text(const char *expect, const char *what)
{
    char *got = tcg_x86_64_disas_text(code, buf.pos, 0x1000);

    if (!got || strcmp(got, expect) != 0) {
        GString *hex = g_string_new(NULL);
        for (size_t i = 0; i < buf.pos; i++) {
            g_string_append_printf(hex, "%02x ", code[i]);
        }
        g_test_message("%s: expected '%s', got '%s' (bytes %s)", what, expect,
                       got ? got : "(undecodable)", hex->str);
        g_string_free(hex, TRUE);
        g_test_fail();
    }
    g_free(got);
}

#define CHECK(expect, stmt)                                                    \
    do {                                                                       \
        X86Buf *b = start();                                                   \
        stmt;                                                                  \
        check_text(expect, #stmt);                                             \
    } while (0)

/* capstone prints displacements and immediates above 9 in hex */
static void fmt_num(GString *s, int64_t v)
{
    if (v < 0) {
        g_string_append_printf(s, v < -9 ? "-0x%" G_GINT64_MODIFIER "x"
                                         : "-%" G_GINT64_MODIFIER "d",
                               -v);
    } else {
        g_string_append_printf(s, v > 9 ? "0x%" G_GINT64_MODIFIER "x"
                                        : "%" G_GINT64_MODIFIER "d",
                               v);
    }
}

/* "[base + index*scale + disp]" as capstone writes it */
static char *mem_text(const char *size, int base, int index, int shift,
                      int32_t disp)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "%s ptr [%s", size, reg64[base]);
    if (index >= 0 && shift == 0) {
        g_string_append_printf(s, " + %s", reg64[index]);
    } else if (index >= 0) {
        g_string_append_printf(s, " + %s*%d", reg64[index], 1 << shift);
    }
    if (disp > 0) {
        g_string_append(s, " + ");
        fmt_num(s, disp);
    } else if (disp < 0) {
        g_string_append(s, " - ");
        fmt_num(s, -(int64_t)disp);
    }
    g_string_append(s, "]");
    return g_string_free(s, FALSE);
}

static void test_reg_reg_sweep(void)
{
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            char *e;
            e = g_strdup_printf("mov %s, %s", reg64[d], reg64[s]);
            CHECK(e, x86_mov_rr(b, 1, d, s));
            g_free(e);
            e = g_strdup_printf("mov %s, %s", reg32[d], reg32[s]);
            CHECK(e, x86_mov_rr(b, 0, d, s));
            g_free(e);
            e = g_strdup_printf("sub %s, %s", reg64[d], reg64[s]);
            CHECK(e, x86_alu_rr(b, X86_SUB, 1, d, s));
            g_free(e);
            e = g_strdup_printf("imul %s, %s", reg32[d], reg32[s]);
            CHECK(e, x86_imul_rr(b, 0, d, s));
            g_free(e);
            e = g_strdup_printf("movzx %s, %s", reg32[d], reg8[s]);
            CHECK(e, x86_movzx_rr(b, 8, d, s));
            g_free(e);
            e = g_strdup_printf("movsx %s, %s", reg64[d], reg16[s]);
            CHECK(e, x86_movsx_rr(b, 16, d, s));
            g_free(e);
            e = g_strdup_printf("cmovl %s, %s", reg64[d], reg64[s]);
            CHECK(e, x86_cmov(b, X86_CC_L, 1, d, s));
            g_free(e);
            e = g_strdup_printf("test %s, %s", reg32[d], reg32[s]);
            CHECK(e, x86_test_rr(b, 0, d, s));
            g_free(e);
        }
        char *e = g_strdup_printf("sete %s", reg8[d]);
        CHECK(e, x86_setcc(b, X86_CC_E, d));
        g_free(e);
        e = g_strdup_printf("bswap %s", reg64[d]);
        CHECK(e, x86_bswap(b, 1, d));
        g_free(e);
        e = g_strdup_printf("push %s", reg64[d]);
        CHECK(e, x86_push(b, d));
        g_free(e);
        e = g_strdup_printf("pop %s", reg64[d]);
        CHECK(e, x86_pop(b, d));
        g_free(e);
        e = g_strdup_printf("jmp %s", reg64[d]);
        CHECK(e, x86_jmp_reg(b, d));
        g_free(e);
        e = g_strdup_printf("call %s", reg64[d]);
        CHECK(e, x86_call_reg(b, d));
        g_free(e);
    }
}

/* every base, every index (but rsp), three displacement sizes */
static void test_memory_sweep(void)
{
    static const int32_t disps[] = {0, 8, -128, 127, 128, -129, 0x12345678};

    for (int base = 0; base < 16; base++) {
        for (int index = -1; index < 16; index++) {
            if (index == X86_RSP) {
                continue;
            }
            for (size_t k = 0; k < G_N_ELEMENTS(disps); k++) {
                int shift = (base + index + 1) & 3;
                int sh = index < 0 ? 0 : shift;
                int32_t disp = disps[k];
                char *m, *e;

                m = mem_text("qword", base, index, sh, disp);
                e = g_strdup_printf("mov %s, %s", reg64[(base + 5) & 15], m);
                CHECK(e, x86_load(b, X86_LD64, (base + 5) & 15, base, index,
                                  sh, disp));
                g_free(e);
                e = g_strdup_printf("mov %s, %s", m, reg64[(base + 9) & 15]);
                CHECK(e, x86_store(b, 64, (base + 9) & 15, base, index, sh,
                                   disp));
                g_free(e);
                g_free(m);
                m = mem_text("byte", base, index, sh, disp);
                e = g_strdup_printf("mov %s, %s", m, reg8[(base + 6) & 15]);
                CHECK(e, x86_store(b, 8, (base + 6) & 15, base, index, sh,
                                   disp));
                g_free(e);
                g_free(m);
                /* lea prints no size */
                m = mem_text("qword", base, index, sh, disp);
                e = g_strdup_printf("lea %s, %s", reg64[(base + 3) & 15],
                                    m + strlen("qword ptr "));
                CHECK(e, x86_lea(b, 1, (base + 3) & 15, base, index, sh,
                                 disp));
                g_free(e);
                g_free(m);
            }
        }
    }
}

static void test_loads_stores(void)
{
    CHECK("movzx eax, byte ptr [rbp + 0x10]",
          x86_load(b, X86_LD8U, X86_RAX, X86_RBP, X86_NOREG, 0, 16));
    CHECK("movsx r9, byte ptr [rbx]",
          x86_load(b, X86_LD8S, X86_R9, X86_RBX, X86_NOREG, 0, 0));
    CHECK("movzx esi, word ptr [r13]",
          x86_load(b, X86_LD16U, X86_RSI, X86_R13, X86_NOREG, 0, 0));
    CHECK("movsx rdi, word ptr [r12 + 2]",
          x86_load(b, X86_LD16S, X86_RDI, X86_R12, X86_NOREG, 0, 2));
    CHECK("mov r15d, dword ptr [rsp + 0x100]",
          x86_load(b, X86_LD32U, X86_R15, X86_RSP, X86_NOREG, 0, 256));
    CHECK("movsxd rax, dword ptr [rcx + rdx*8 - 4]",
          x86_load(b, X86_LD32S, X86_RAX, X86_RCX, X86_RDX, 3, -4));
    CHECK("mov word ptr [rbp + 0x22], r10w",
          x86_store(b, 16, X86_R10, X86_RBP, X86_NOREG, 0, 0x22));
    CHECK("mov dword ptr [rax + r12], ebx",
          x86_store(b, 32, X86_RBX, X86_RAX, X86_R12, 0, 0));
    CHECK("mov byte ptr [rbp + 1], 0xff",
          x86_store_imm(b, 8, 0xff, X86_RBP, X86_NOREG, 0, 1));
    CHECK("mov word ptr [rbp + 2], 0x1234",
          x86_store_imm(b, 16, 0x1234, X86_RBP, X86_NOREG, 0, 2));
    CHECK("mov dword ptr [r13 + 4], 0x89abcdef",
          x86_store_imm(b, 32, 0x89abcdef, X86_R13, X86_NOREG, 0, 4));
    CHECK("mov qword ptr [rsp + 8], -0x7b",
          x86_store_imm(b, 64, -123, X86_RSP, X86_NOREG, 0, 8));
    CHECK("movbe ax, word ptr [rsi + rdi]",
          x86_movbe_load(b, 16, X86_RAX, X86_RSI, X86_RDI, 0, 0));
    CHECK("movbe r8d, dword ptr [rsi]",
          x86_movbe_load(b, 32, X86_R8, X86_RSI, X86_NOREG, 0, 0));
    CHECK("movbe qword ptr [r11 + r14], r9",
          x86_movbe_store(b, 64, X86_R9, X86_R11, X86_R14, 0, 0));
    CHECK("movbe dword ptr [rdx], ecx",
          x86_movbe_store(b, 32, X86_RCX, X86_RDX, X86_NOREG, 0, 0));
    CHECK("lea r9, [rip + 0x20]",
          x86_lea_rip(b, X86_R9, (uintptr_t)code + 0x27));
    CHECK("lea rax, [rip - 7]", x86_lea_rip(b, X86_RAX, (uintptr_t)code));
    CHECK("lea r8d, [rax + rbx - 1]",
          x86_lea(b, 0, X86_R8, X86_RAX, X86_RBX, 0, -1));
}

static void test_immediates(void)
{
    CHECK("mov eax, 0", x86_movi(b, X86_RAX, 0));
    CHECK("xor r9d, r9d", x86_movi_or_xor(b, X86_R9, 0));
    CHECK("mov r11d, 0xffffffff", x86_movi(b, X86_R11, 0xffffffff));
    CHECK("mov rbx, -1", x86_movi(b, X86_RBX, -1));
    CHECK("mov r12, -0x80000000", x86_movi(b, X86_R12, INT32_MIN));
    CHECK("movabs rcx, 0x123456789", x86_movi(b, X86_RCX, 0x123456789ll));
    CHECK("movabs r15, 0x8000000000000000",
          x86_movi(b, X86_R15, (int64_t)INT64_MIN));
    CHECK("movabs rax, 5", x86_movabs(b, X86_RAX, 5));
    CHECK("add rax, 1", x86_alu_ri(b, X86_ADD, 1, X86_RAX, 1));
    CHECK("add r13d, 0x7f", x86_alu_ri(b, X86_ADD, 0, X86_R13, 127));
    CHECK("sub rsp, 0x80", x86_alu_ri(b, X86_SUB, 1, X86_RSP, 128));
    CHECK("and r8, 0xfffffffffffff000",
          x86_alu_ri(b, X86_AND, 1, X86_R8, -4096));
    CHECK("and edx, 0xffffff80", x86_alu_ri(b, X86_AND, 0, X86_RDX, -128));
    CHECK("or esi, 0x12345678", x86_alu_ri(b, X86_OR, 0, X86_RSI, 0x12345678));
    CHECK("xor rdi, 0xffffffff80000000",
          x86_alu_ri(b, X86_XOR, 1, X86_RDI, INT32_MIN));
    CHECK("cmp r12d, -1", x86_alu_ri(b, X86_CMP, 0, X86_R12, -1));
    CHECK("adc rbp, 2", x86_alu_ri(b, X86_ADC, 1, X86_RBP, 2));
    CHECK("sbb ecx, 3", x86_alu_ri(b, X86_SBB, 0, X86_RCX, 3));
    CHECK("test sil, 0x80", x86_test_ri(b, 1, X86_RSI, 0x80));
    CHECK("test r10d, 0x100", x86_test_ri(b, 1, X86_R10, 0x100));
    CHECK("test rax, -0x100", x86_test_ri(b, 1, X86_RAX, -256));
    CHECK("test r9d, 0x80000000", x86_test_ri(b, 0, X86_R9, INT32_MIN));
    CHECK("imul rax, rbx, 0x64", x86_imul_rri(b, 1, X86_RAX, X86_RBX, 100));
    CHECK("imul r9d, r14d, 0x12345",
          x86_imul_rri(b, 0, X86_R9, X86_R14, 0x12345));
    CHECK("imul rsp, r12, -1", x86_imul_rri(b, 1, X86_RSP, X86_R12, -1));
}

static void test_alu_forms(void)
{
    CHECK("add rax, rbx", x86_alu_rr(b, X86_ADD, 1, X86_RAX, X86_RBX));
    CHECK("or r8d, r15d", x86_alu_rr(b, X86_OR, 0, X86_R8, X86_R15));
    CHECK("and rsp, r12", x86_alu_rr(b, X86_AND, 1, X86_RSP, X86_R12));
    CHECK("xor r13d, ebp", x86_alu_rr(b, X86_XOR, 0, X86_R13, X86_RBP));
    CHECK("cmp rcx, rdx", x86_alu_rr(b, X86_CMP, 1, X86_RCX, X86_RDX));
    CHECK("adc r11, r10", x86_alu_rr(b, X86_ADC, 1, X86_R11, X86_R10));
    CHECK("sbb eax, eax", x86_alu_rr(b, X86_SBB, 0, X86_RAX, X86_RAX));
    CHECK("cmp rax, qword ptr [rbp + r11 + 0x2000]",
          x86_alu_rm(b, X86_CMP, 1, X86_RAX, X86_RBP, X86_R11, 0, 0x2000));
    CHECK("add r9d, dword ptr [r13]",
          x86_alu_rm(b, X86_ADD, 0, X86_R9, X86_R13, X86_NOREG, 0, 0));
    CHECK("cmp dword ptr [rbp + 0x25c8], 0",
          x86_alu_mi(b, X86_CMP, 0, X86_RBP, X86_NOREG, 0, 0x25c8, 0));
    CHECK("cmp qword ptr [r12 + rax*8 - 8], 0x12345",
          x86_alu_mi(b, X86_CMP, 1, X86_R12, X86_RAX, 3, -8, 0x12345));
    CHECK("and dword ptr [rsp], 0xffffff80",
          x86_alu_mi(b, X86_AND, 0, X86_RSP, X86_NOREG, 0, 0, -128));
    CHECK("shl rax, 1", x86_shift_ri(b, X86_SHL, 1, X86_RAX, 1));
    CHECK("shr r9d, 0x1f", x86_shift_ri(b, X86_SHR, 0, X86_R9, 31));
    CHECK("sar r15, 0x3f", x86_shift_ri(b, X86_SAR, 1, X86_R15, 63));
    CHECK("rol ebx, 7", x86_shift_ri(b, X86_ROL, 0, X86_RBX, 7));
    CHECK("ror r12, 0x20", x86_shift_ri(b, X86_ROR, 1, X86_R12, 32));
    CHECK("shl rdi, cl", x86_shift_cl(b, X86_SHL, 1, X86_RDI));
    CHECK("sar r10d, cl", x86_shift_cl(b, X86_SAR, 0, X86_R10));
    CHECK("ror r14, cl", x86_shift_cl(b, X86_ROR, 1, X86_R14));
    CHECK("rol ax, 8", x86_rol16_ri(b, X86_RAX, 8));
    CHECK("rol r9w, 8", x86_rol16_ri(b, X86_R9, 8));
    CHECK("not rax", x86_unary(b, X86_NOT, 1, X86_RAX));
    CHECK("neg r13d", x86_unary(b, X86_NEG, 0, X86_R13));
    CHECK("mul r8", x86_unary(b, X86_MUL, 1, X86_R8));
    CHECK("imul ecx", x86_unary(b, X86_IMUL1, 0, X86_RCX));
    CHECK("div rsi", x86_unary(b, X86_DIV, 1, X86_RSI));
    CHECK("idiv r11d", x86_unary(b, X86_IDIV, 0, X86_R11));
    CHECK("cqo", x86_cqo(b, 1));
    CHECK("cdq", x86_cqo(b, 0));
    CHECK("bsf rax, r9", x86_bitop(b, X86_BSF, 1, X86_RAX, X86_R9));
    CHECK("bsr r10d, edx", x86_bitop(b, X86_BSR, 0, X86_R10, X86_RDX));
    CHECK("tzcnt rbx, r12", x86_bitop(b, X86_TZCNT, 1, X86_RBX, X86_R12));
    CHECK("lzcnt r13d, ebp", x86_bitop(b, X86_LZCNT, 0, X86_R13, X86_RBP));
    CHECK("popcnt rsp, r15", x86_bitop(b, X86_POPCNT, 1, X86_RSP, X86_R15));
    CHECK("bswap r11d", x86_bswap(b, 0, X86_R11));
    CHECK("bswap ecx", x86_bswap(b, 0, X86_RCX));
    CHECK("movsxd r8, edi", x86_movsx_rr(b, 32, X86_R8, X86_RDI));
    CHECK("movsx rax, spl", x86_movsx_rr(b, 8, X86_RAX, X86_RSP));
    CHECK("movzx r9d, r10w", x86_movzx_rr(b, 16, X86_R9, X86_R10));
    CHECK("setb bpl", x86_setcc(b, X86_CC_B, X86_RBP));
    CHECK("setg r12b", x86_setcc(b, X86_CC_G, X86_R12));
    CHECK("cmovne r9d, eax", x86_cmov(b, X86_CC_NE, 0, X86_R9, X86_RAX));
}

static void test_bmi(void)
{
    CHECK("andn rax, rbx, rcx",
          x86_andn(b, 1, X86_RAX, X86_RBX, X86_RCX));
    CHECK("andn r9d, r10d, r11d",
          x86_andn(b, 0, X86_R9, X86_R10, X86_R11));
    CHECK("andn r15, rsi, r8", x86_andn(b, 1, X86_R15, X86_RSI, X86_R8));
    CHECK("shlx rax, rbx, rcx",
          x86_shiftx(b, X86_SHL, 1, X86_RAX, X86_RBX, X86_RCX));
    CHECK("shrx r8d, r9d, r15d",
          x86_shiftx(b, X86_SHR, 0, X86_R8, X86_R9, X86_R15));
    CHECK("sarx r12, r13, rdx",
          x86_shiftx(b, X86_SAR, 1, X86_R12, X86_R13, X86_RDX));
    CHECK("rorx r14, rdi, 0x3f", x86_rorx(b, 1, X86_R14, X86_RDI, 63));
    CHECK("rorx eax, r8d, 5", x86_rorx(b, 0, X86_RAX, X86_R8, 5));
    /* FMA3, the 213 forms the fused vector ops use */
    CHECK("vfmadd213pd xmm0, xmm1, xmm2",
          x86_vfma213(b, X86_VFMADD, true, 0, 1, 2));
    CHECK("vfmsub213ps xmm0, xmm1, xmm2",
          x86_vfma213(b, X86_VFMSUB, false, 0, 1, 2));
    CHECK("vfnmadd213pd xmm3, xmm4, xmm5",
          x86_vfma213(b, X86_VFNMADD, true, 3, 4, 5));
    CHECK("vfnmsub213ps xmm0, xmm1, xmm2",
          x86_vfma213(b, X86_VFNMSUB, false, 0, 1, 2));
}

static void test_sse(void)
{
    CHECK("movdqu xmm0, xmmword ptr [rbp + 0x200]",
          x86_sse_rm(b, X86_MOVDQU_LD, 0, X86_RBP, 0x200));
    CHECK("movdqu xmmword ptr [rbp + 8], xmm2",
          x86_sse_rm(b, X86_MOVDQU_ST, 2, X86_RBP, 8));
    CHECK("movdqu xmm9, xmmword ptr [r13]",
          x86_sse_rm(b, X86_MOVDQU_LD, 9, X86_R13, 0));
    CHECK("pand xmm0, xmm1", x86_sse_rr(b, X86_PAND, 0, 1));
    CHECK("pandn xmm1, xmm0", x86_sse_rr(b, X86_PANDN, 1, 0));
    CHECK("por xmm2, xmm15", x86_sse_rr(b, X86_POR, 2, 15));
    CHECK("pxor xmm8, xmm1", x86_sse_rr(b, X86_PXOR, 8, 1));
    CHECK("paddb xmm0, xmm1", x86_sse_rr(b, X86_PADDB, 0, 1));
    CHECK("paddq xmm0, xmm1", x86_sse_rr(b, X86_PADDQ, 0, 1));
    CHECK("psubw xmm0, xmm1", x86_sse_rr(b, X86_PSUBW, 0, 1));
    CHECK("psubd xmm3, xmm4", x86_sse_rr(b, X86_PSUBD, 3, 4));
    CHECK("pcmpeqd xmm2, xmm2", x86_sse_rr(b, X86_PCMPEQD, 2, 2));
    CHECK("pcmpeqq xmm0, xmm1", x86_sse_rr(b, X86_PCMPEQQ, 0, 1));
    CHECK("pcmpgtb xmm0, xmm1", x86_sse_rr(b, X86_PCMPGTB, 0, 1));
    CHECK("pcmpgtq xmm0, xmm10", x86_sse_rr(b, X86_PCMPGTQ, 0, 10));
    CHECK("pmaxub xmm0, xmm1", x86_sse_rr(b, X86_PMAXUB, 0, 1));
    CHECK("pminsw xmm0, xmm1", x86_sse_rr(b, X86_PMINSW, 0, 1));
    CHECK("pmaxsd xmm0, xmm1", x86_sse_rr(b, X86_PMAXSD, 0, 1));
    CHECK("pminud xmm0, xmm1", x86_sse_rr(b, X86_PMINUD, 0, 1));
    CHECK("pminsb xmm11, xmm1", x86_sse_rr(b, X86_PMINSB, 11, 1));
    CHECK("psllw xmm2, 0xf", x86_sse_shift_imm(b, X86_PSLLW_I, 2, 15));
    CHECK("pslld xmm2, 0x1f", x86_sse_shift_imm(b, X86_PSLLD_I, 2, 31));
    CHECK("psllq xmm12, 0x3f", x86_sse_shift_imm(b, X86_PSLLQ_I, 12, 63));
    CHECK("paddsb xmm0, xmm1", x86_sse_rr(b, X86_PADDSB, 0, 1));
    CHECK("paddsw xmm2, xmm9", x86_sse_rr(b, X86_PADDSW, 2, 9));
    CHECK("paddusb xmm0, xmm1", x86_sse_rr(b, X86_PADDUSB, 0, 1));
    CHECK("paddusw xmm0, xmm1", x86_sse_rr(b, X86_PADDUSW, 0, 1));
    CHECK("psubsb xmm0, xmm1", x86_sse_rr(b, X86_PSUBSB, 0, 1));
    CHECK("psubsw xmm0, xmm1", x86_sse_rr(b, X86_PSUBSW, 0, 1));
    CHECK("psubusb xmm0, xmm1", x86_sse_rr(b, X86_PSUBUSB, 0, 1));
    CHECK("psubusw xmm10, xmm1", x86_sse_rr(b, X86_PSUBUSW, 10, 1));
    CHECK("pmovmskb r11d, xmm2", x86_sse_rr(b, X86_PMOVMSKB, X86_R11, 2));
    CHECK("pshufb xmm0, xmm2", x86_sse_rr(b, X86_PSHUFB, 0, 2));
    CHECK("pshufb xmm1, xmmword ptr [r11 + 0x10]",
          x86_sse_rm(b, X86_PSHUFB, 1, X86_R11, 16));
    CHECK("pshufd xmm3, xmm1, 0xf5",
          (x86_sse_rr(b, X86_PSHUFD, 3, 1), x86_out8(b, 0xf5)));
    CHECK("pmuludq xmm0, xmm1", x86_sse_rr(b, X86_PMULUDQ, 0, 1));
    CHECK("cvttps2dq xmm1, xmm1", x86_sse_rr(b, X86_CVTTPS2DQ, 1, 1));
    CHECK("punpckldq xmm0, xmm2", x86_sse_rr(b, X86_PUNPCKLDQ, 0, 2));
    CHECK("punpcklqdq xmm0, xmm2", x86_sse_rr(b, X86_PUNPCKLQDQ, 0, 2));
    CHECK("psllq xmm0, xmm1", x86_sse_rr(b, X86_PSLLQ, 0, 1));
    CHECK("psrlq xmm2, xmm1", x86_sse_rr(b, X86_PSRLQ, 2, 1));
    CHECK("psrld xmm3, xmm2", x86_sse_rr(b, X86_PSRLD, 3, 2));
    CHECK("psrad xmm3, xmm2", x86_sse_rr(b, X86_PSRAD, 3, 2));
    CHECK("movdqu xmmword ptr [rsp - 0x20], xmm0",
          x86_sse_rm(b, X86_MOVDQU_ST, 0, X86_RSP, -32));
    CHECK("addpd xmm0, xmm1", x86_sse_rr(b, X86_ADDPD, 0, 1));
    CHECK("subpd xmm0, xmm1", x86_sse_rr(b, X86_SUBPD, 0, 1));
    CHECK("mulpd xmm0, xmm9", x86_sse_rr(b, X86_MULPD, 0, 9));
    CHECK("divpd xmm0, xmm1", x86_sse_rr(b, X86_DIVPD, 0, 1));
    CHECK("sqrtpd xmm0, xmm0", x86_sse_rr(b, X86_SQRTPD, 0, 0));
    CHECK("addps xmm0, xmm1", x86_sse_rr(b, X86_ADDPS, 0, 1));
    CHECK("subps xmm0, xmm1", x86_sse_rr(b, X86_SUBPS, 0, 1));
    CHECK("mulps xmm10, xmm1", x86_sse_rr(b, X86_MULPS, 10, 1));
    CHECK("divps xmm0, xmm1", x86_sse_rr(b, X86_DIVPS, 0, 1));
    CHECK("sqrtps xmm0, xmm0", x86_sse_rr(b, X86_SQRTPS, 0, 0));
    CHECK("cmpltpd xmm3, xmm2",
          (x86_sse_rr(b, X86_CMPPD, 3, 2), x86_out8(b, 1)));
    CHECK("cmpltps xmm2, xmmword ptr [r11 + 0x20]",
          (x86_sse_rm(b, X86_CMPPS, 2, X86_R11, 32), x86_out8(b, 1)));
    CHECK("movmskpd r11d, xmm2", x86_sse_rr(b, X86_MOVMSKPD, X86_R11, 2));
    CHECK("movmskps r11d, xmm2", x86_sse_rr(b, X86_MOVMSKPS, X86_R11, 2));
    CHECK("psrlw xmm3, 4", x86_sse_shift_imm(b, X86_PSRLW_I, 3, 4));
    CHECK("psraw xmm2, 0xf", x86_sse_shift_imm(b, X86_PSRAW_I, 2, 15));
    CHECK("psllw xmm1, 7", x86_sse_shift_imm(b, X86_PSLLW_I, 1, 7));
}

static void test_control(void)
{
    X86Buf *b;
    size_t at;

    CHECK("ret", x86_ret(b));
    CHECK("ud2", x86_ud2(b));
    CHECK("jmp 0x1000", x86_jmp_to(b, 0));
    CHECK("jmp 0x1200", x86_jmp_to(b, 0x200));
    CHECK("je 0x1010", x86_jcc_to(b, X86_CC_E, 0x10));
    CHECK("jge 0x1300", x86_jcc_to(b, X86_CC_GE, 0x300));
    CHECK("jmp 0x1040", x86_patch_rel32(b, x86_jmp32_fwd(b), 0x40));
    CHECK("jbe 0x1050", x86_patch_rel32(b, x86_jcc32_fwd(b, X86_CC_BE), 0x50));
    CHECK("jmp 0x1020", x86_patch_rel8(b, x86_jmp8_fwd(b), 0x20));
    CHECK("js 0x1030", x86_patch_rel8(b, x86_jcc8_fwd(b, X86_CC_S), 0x30));

    /* absolute targets: capstone shows them at the real address */
    b = start();
    x86_call_abs(b, (uintptr_t)code + 0x80);
    x86_jmp_abs(b, (uintptr_t)code + 0x10);
    at = b->pos;
    {
        char *got = tcg_x86_64_disas_text(code, at, (uintptr_t)code);
        char *exp = g_strdup_printf("call 0x%" G_GINT64_MODIFIER
                                    "x; jmp 0x%" G_GINT64_MODIFIER "x",
                                    (uint64_t)(uintptr_t)code + 0x80,
                                    (uint64_t)(uintptr_t)code + 0x10);
        g_assert_cmpstr(got, ==, exp);
        g_free(got);
        g_free(exp);
    }
    g_assert_true(x86_rel32_ok(b, 5, (uintptr_t)code));
    g_assert_false(x86_rel32_ok(b, 5, (uintptr_t)code + (1ull << 33)));
}

static void test_nops(void)
{
    for (int n = 1; n <= 20; n++) {
        X86Buf *b = start();
        char *got;

        x86_nops(b, n);
        g_assert_cmpuint(b->pos, ==, (unsigned)n);
        got = tcg_x86_64_disas_text(code, b->pos, 0);
        g_assert_nonnull(got);
        /* every instruction is a nop */
        for (char **p = g_strsplit(got, "; ", -1), **q = p; *q; q++) {
            g_assert_true(g_str_has_prefix(*q, "nop"));
            if (!q[1]) {
                g_strfreev(p);
                break;
            }
        }
        g_free(got);
    }
}

/* a full buffer counts bytes but never writes past its end */
static void test_overflow(void)
{
    uint8_t small[8];
    X86Buf b;

    memset(small, 0xaa, sizeof(small));
    x86_buf_init(&b, small, 6);
    x86_movabs(&b, X86_RAX, 0x1122334455667788ull);
    g_assert_true(x86_overflowed(&b));
    g_assert_cmpuint(b.pos, ==, 10);
    g_assert_cmpuint(small[6], ==, 0xaa);
    g_assert_cmpuint(small[7], ==, 0xaa);
    x86_patch32(&b, 4, 0);
    g_assert_cmpuint(small[4], ==, 0x66); /* the movabs byte stays: the patch would pass the end */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-encoder/reg-reg-sweep", test_reg_reg_sweep);
    g_test_add_func("/x86-encoder/memory-sweep", test_memory_sweep);
    g_test_add_func("/x86-encoder/loads-stores", test_loads_stores);
    g_test_add_func("/x86-encoder/immediates", test_immediates);
    g_test_add_func("/x86-encoder/alu", test_alu_forms);
    g_test_add_func("/x86-encoder/bmi", test_bmi);
    g_test_add_func("/x86-encoder/sse", test_sse);
    g_test_add_func("/x86-encoder/control", test_control);
    g_test_add_func("/x86-encoder/nops", test_nops);
    g_test_add_func("/x86-encoder/overflow", test_overflow);
    return g_test_run();
}
