/*
 * include/spapr-compat.h: processor compatibility modes (hw-spapr/compat.c).
 *
 * A partition may run a POWER9 as an ISA 2.07 (POWER8) processor and so
 * on down: the logical ("architected") PVR of each level is what the
 * guest is told in cpu-version, and PCR (Power ISA 3.0B Book III, the
 * Processor Compatibility Register) makes the later instructions
 * unavailable.
 * -machine max-cpu-compat=NAME caps the level; client-architecture-
 * support picks the highest the client lists below that cap.
 */
#ifndef POWERJIT_SPAPR_COMPAT_H
#define POWERJIT_SPAPR_COMPAT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* the logical PVRs (LoPAPR B.5.2.3, the PVR list of
   ibm,client-architecture-support) */
#define SPAPR_PVR_LOGICAL_2_05 0x0f000002u /* power6 */
#define SPAPR_PVR_LOGICAL_2_06 0x0f000003u /* power7 */
#define SPAPR_PVR_LOGICAL_2_07 0x0f000004u /* power8 */
#define SPAPR_PVR_LOGICAL_3_00 0x0f000005u /* power9 */
#define SPAPR_PVR_LOGICAL_3_10 0x0f000006u /* power10 */

/* the PCR bits (PPC_PCR_ARCH_*) are include/cpu.h's */

/* "power8" -> its logical PVR; 0 for a name QEMU does not know */
uint32_t spapr_compat_by_name(const char *name);
/* the logical PVR of the model's own level (POWER9: 3.00) */
uint32_t spapr_compat_native(PPCModel model);
/* can the model run as that logical PVR?  (its own level or one below,
   down to 2.05) */
bool spapr_compat_valid(PPCModel model, uint32_t logical_pvr);
/* the PCR for running the model as that logical PVR (0: none, or the
   raw PVR) */
uint64_t spapr_compat_pcr(PPCModel model, uint32_t pvr);
/* does that PVR (raw or logical) include ISA 3.00 (radix, ...)? */
bool spapr_compat_has_300(PPCModel model, uint32_t pvr);

#endif
