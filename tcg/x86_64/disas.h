/*
 * tcg/x86_64: host code disassembly for `-d out_asm` and for the encoder's
 * tests, through capstone.
 */
#ifndef POWERJIT_TCG_X86_64_DISAS_H
#define POWERJIT_TCG_X86_64_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* writes one line per instruction: "  0x<addr>:  <mnemonic> <operands>" */
void tcg_x86_64_disas(FILE *f, const uint8_t *code, size_t size);

/*
 * Disassembles code (shown at address `addr`) into "mnemonic operands"
 * lines joined by "; ".  Returns a g_malloc'ed string, or NULL if capstone
 * could not decode all of it.
 */
char *tcg_x86_64_disas_text(const uint8_t *code, size_t size, uint64_t addr);

#endif
