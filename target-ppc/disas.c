/*
 * target-ppc/disas.c: one guest instruction as text, through capstone
 * (-d in_asm).  Capstone handles are per thread, opened on first use, one
 * per byte order.  Words capstone does not know print as ".long".
 */
#include <stdio.h>
#include <string.h>

#include <capstone.h>

#include "cpu.h"

static __thread csh disas_handle[2];
static __thread bool disas_open[2];
static __thread bool disas_failed[2];

static bool get_handle(bool le, csh *out)
{
    int i = le ? 1 : 0;
    if (!disas_open[i] && !disas_failed[i]) {
        cs_mode mode = CS_MODE_64 |
                       (le ? CS_MODE_LITTLE_ENDIAN : CS_MODE_BIG_ENDIAN);
        if (cs_open(CS_ARCH_PPC, mode, &disas_handle[i]) == CS_ERR_OK) {
            disas_open[i] = true;
        } else {
            disas_failed[i] = true;
        }
    }
    *out = disas_handle[i];
    return disas_open[i];
}

void ppc_disas_insn(uint32_t insn, uint64_t pc, bool le, char *buf,
                    size_t size)
{
    uint8_t bytes[4];
    for (int i = 0; i < 4; i++) {
        int shift = le ? 8 * i : 24 - 8 * i;
        bytes[i] = (uint8_t)(insn >> shift);
    }
    csh h;
    cs_insn *ci = NULL;
    if (get_handle(le, &h) && cs_disasm(h, bytes, 4, pc, 1, &ci) == 1) {
        if (ci->op_str[0]) {
            snprintf(buf, size, "%s %s", ci->mnemonic, ci->op_str);
        } else {
            snprintf(buf, size, "%s", ci->mnemonic);
        }
        cs_free(ci, 1);
        return;
    }
    snprintf(buf, size, ".long 0x%08x", insn);
}

void ppc_disas_thread_exit(void)
{
    for (int i = 0; i < 2; i++) {
        if (disas_open[i]) {
            cs_close(&disas_handle[i]);
            disas_open[i] = false;
        }
    }
}
