/*
 * hw-spapr/rng.c: the platform-facilities random number generator
 * (LoPAPR: "Platform Facilities", ibm,random-v1) behind -device spapr-rng.
 *
 * The device is one node, /ibm,platform-facilities/ibm,random-v1
 * (compatible "ibm,random"), which Linux's pseries-rng driver binds to, and
 * one hcall, H_RANDOM, which returns 64 random bits in r4.  The bits come
 * from a backend: the host's getrandom() (QEMU's rng-builtin, and what a
 * plain -device spapr-rng gets here, where QEMU would demand a backend), or
 * a file read with read(2) (rng-random,filename=; /dev/urandom by default).
 */
#ifndef POWERJIT_SPAPR_RNG_H
#define POWERJIT_SPAPR_RNG_H

#include <stdbool.h>

#include "spapr.h"

typedef struct SpaprRng SpaprRng;

/* opens the backend m->cfg->rng names (nothing without the device); false
   + *err when its file cannot be opened */
bool spapr_rng_init(SpaprMachine *m, char **err);
void spapr_rng_free(SpaprMachine *m);
/* the ibm,platform-facilities node when the device is there; a libfdt
   error or 0 */
int spapr_rng_fdt(const SpaprMachine *m, void *fdt);

int64_t h_random(SpaprMachine *m, CPUPPCState *env, uint64_t *args);

#endif
