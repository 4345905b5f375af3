/*
 * hw-spapr/vscsi.c: spapr-vscsi, the PAPR virtual SCSI adapter (SRP over a
 * CRQ), its SCSI bus of disks and CD-ROMs (include/scsi.h), and the -drive
 * and -device plumbing that puts images on it.
 */
#ifndef POWERJIT_SPAPR_VSCSI_H
#define POWERJIT_SPAPR_VSCSI_H

#include "scsi.h"
#include "spapr-vio.h"

#define VSCSI_MAX_TARGETS 64    /* scsi-id 0..63 (Linux's ibmvscsi max_id) */
#define VSCSI_MAX_LUNS 8        /* lun 0..7 (its max_lun) */
#define VSCSI_MAX_TRANSFER (1u << 20) /* port_max_txu: 1 MiB a command */

extern const SpaprVioType spapr_vscsi_type;

/* puts a unit on an adapter's bus (taking sd); false + *err if its
   scsi-id/lun is taken or out of range (sd is then freed) */
bool spapr_vscsi_attach(SpaprVioDevice *dev, ScsiDevice *sd, char **err);
/* the units attached to the adapter, in the order they were attached */
size_t spapr_vscsi_units(const SpaprVioDevice *dev, ScsiDevice *const **units);
/* -device scsi-hd|scsi-cd,drive=,bus=ADAPTER.0,scsi-id=,lun=,serial= */
bool spapr_scsi_device_add(SpaprMachine *m, SpaprDevProps *props,
                           char **err);
bool spapr_scsi_driver_known(const char *driver);
/* the if=scsi drives (-hda, -cdrom, the default CD-ROM): one adapter per
   bus, created in bus order, each unit at its scsi-id */
bool spapr_scsi_drives_setup(SpaprMachine *m, char **err);

#endif
