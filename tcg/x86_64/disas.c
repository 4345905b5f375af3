/*
 * tcg/x86_64: host disassembly through capstone (Intel syntax, as QEMU's
 * out_asm log and most x86 manuals print it).
 */
#include "tcg/x86_64/disas.h"

#include <capstone.h>
#include <glib.h>
#include <inttypes.h>

static bool disas_open(csh *h)
{
    return cs_open(CS_ARCH_X86, CS_MODE_64, h) == CS_ERR_OK;
}

void tcg_x86_64_disas(FILE *f, const uint8_t *code, size_t size)
{
    csh h;
    cs_insn *insn;
    size_t n, done = 0;

    if (!disas_open(&h)) {
        fprintf(f, "  (capstone unavailable: %zu bytes)\n", size);
        return;
    }
    n = cs_disasm(h, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "  0x%016" PRIx64 ":  %-8s %s\n", insn[i].address,
                insn[i].mnemonic, insn[i].op_str);
        done += insn[i].size;
    }
    if (n) {
        cs_free(insn, n);
    }
    if (done < size) {
        fprintf(f, "  0x%016" PRIxPTR ":  .byte (%zu undecodable bytes)\n",
                (uintptr_t)code + done, size - done);
    }
    cs_close(&h);
}

char *tcg_x86_64_disas_text(const uint8_t *code, size_t size, uint64_t addr)
{
    csh h;
    cs_insn *insn;
    size_t n, done = 0;
    GString *out;

    if (!disas_open(&h)) {
        return NULL;
    }
    out = g_string_new(NULL);
    n = cs_disasm(h, code, size, addr, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        if (i) {
            g_string_append(out, "; ");
        }
        g_string_append(out, insn[i].mnemonic);
        if (insn[i].op_str[0]) {
            g_string_append_printf(out, " %s", insn[i].op_str);
        }
        done += insn[i].size;
    }
    if (n) {
        cs_free(insn, n);
    }
    cs_close(&h);
    if (done != size) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
