/*
 * hw-spapr/compat.c: processor compatibility modes (include/spapr-compat.h).
 *
 * One table: each architected level's name (QEMU's max-cpu-compat
 * values), its logical PVR and the PCR bit that holds a processor to it.
 * The PCR bits are cumulative downwards from the processor's own level:
 * a POWER9 held to 2.06 sets v2.07 and v2.06 (Power ISA 3.0B Book III,
 * the Processor Compatibility Register: bit 60 v2.07, 61 v2.06, 62 v2.05;
 * Linux's kvmppc_set_arch_compat computes the same set).  The CPU acts on
 * it (target-ppc/isa-level.c, through ppc_set_pcr): with PCR[v2.07] the
 * instructions new in 3.00 raise the illegal-instruction interrupt, as on
 * a POWER8; with PCR[v2.06] those new in 2.07 too, with PCR[v2.05] those
 * new in 2.06 as well.
 */
#include <string.h>

#include <glib.h>

#include "spapr-compat.h"

typedef struct SpaprCompat {
    const char *name;
    uint32_t pvr;       /* logical PVR */
    uint64_t pcr_bit;   /* set when running below this level's successor */
    int level;          /* order */
} SpaprCompat;

static const SpaprCompat spapr_compats[] = {
    { "power6", SPAPR_PVR_LOGICAL_2_05, PPC_PCR_ARCH_205, 205 },
    { "power7", SPAPR_PVR_LOGICAL_2_06, PPC_PCR_ARCH_206, 206 },
    { "power8", SPAPR_PVR_LOGICAL_2_07, PPC_PCR_ARCH_207, 207 },
    { "power9", SPAPR_PVR_LOGICAL_3_00, PPC_PCR_ARCH_300, 300 },
    { "power10", SPAPR_PVR_LOGICAL_3_10, 0, 310 },
};

static const SpaprCompat *compat_by_pvr(uint32_t pvr)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_compats); i++) {
        if (spapr_compats[i].pvr == pvr) {
            return &spapr_compats[i];
        }
    }
    return NULL;
}

uint32_t spapr_compat_by_name(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_compats); i++) {
        if (strcmp(spapr_compats[i].name, name) == 0) {
            return spapr_compats[i].pvr;
        }
    }
    return 0;
}

uint32_t spapr_compat_native(PPCModel model)
{
    return model == PPC_MODEL_POWER9 ? SPAPR_PVR_LOGICAL_3_00
                                     : SPAPR_PVR_LOGICAL_2_07;
}

bool spapr_compat_valid(PPCModel model, uint32_t logical_pvr)
{
    const SpaprCompat *c = compat_by_pvr(logical_pvr);

    return c && c->level <= compat_by_pvr(spapr_compat_native(model))->level;
}

uint64_t spapr_compat_pcr(PPCModel model, uint32_t pvr)
{
    const SpaprCompat *c = compat_by_pvr(pvr);
    int native = compat_by_pvr(spapr_compat_native(model))->level;
    uint64_t pcr = 0;

    if (!c) {
        return 0; /* the raw PVR: the processor as it is */
    }
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_compats); i++) {
        if (spapr_compats[i].level >= c->level &&
            spapr_compats[i].level < native) {
            pcr |= spapr_compats[i].pcr_bit;
        }
    }
    return pcr;
}

bool spapr_compat_has_300(PPCModel model, uint32_t pvr)
{
    const SpaprCompat *c = compat_by_pvr(pvr);

    if (model != PPC_MODEL_POWER9) {
        return false;
    }
    return !c || c->level >= 300;
}
