/*
 * target-ppc/gdb.c: the vCPU's registers in GDB's remote protocol: the
 * target description and the per-register byte images (in the byte order
 * of the guest's MSR[LE]).
 */
#ifndef POWERJIT_GDB_REGS_H
#define POWERJIT_GDB_REGS_H

#include <stdint.h>

#include "cpu.h"

/* the registers are numbered 0 .. ppc_gdb_num_regs()-1 with no gaps */
int ppc_gdb_num_regs(void);
/* target.xml (g_free it) */
char *ppc_gdb_target_xml(void);
/* register n into buf (room for 16 bytes); returns its size, 0 if no such
   register */
int ppc_gdb_read_reg(CPUPPCState *env, int n, uint8_t *buf);
/* register n from buf; returns the bytes taken, 0 if no such register */
int ppc_gdb_write_reg(CPUPPCState *env, int n, const uint8_t *buf);

#endif
