/*
 * hw-spapr/vty.c: the virtual terminals beyond the console (-device
 * spapr-vty, extra -serial), a VIO model.
 */
#ifndef POWERJIT_SPAPR_VTY_H
#define POWERJIT_SPAPR_VTY_H

#include "spapr-vio.h"

extern const SpaprVioType spapr_vty_type;

/* the chardev behind a vty unit address: the console's (the unit address
   SPAPR_VTY_REG, or 0 as firmware uses it before reading the tree) or a
   spapr-vty device's; NULL if there is no vty there */
Chardev *spapr_vty_chardev(SpaprMachine *m, uint64_t reg);
/* a -chardev of the configuration by id, or NULL */
const ChardevSpec *spapr_config_chardev(const SpaprConfig *cfg,
                                        const char *id);

#endif
