/*
 * hw-spapr/scsi-disk.c: a SCSI target's logical units, disks and CD-ROMs
 * (SPC-4, SBC-3, MMC-6), speaking what Linux's sd and sr drivers and
 * SLOF send.  A transport (spapr-vscsi) hands each command over with its
 * data-out bytes and a buffer for the data-in bytes; the unit answers
 * with a SAM status and, for CHECK CONDITION, fixed-format sense data,
 * which it also keeps for a following REQUEST SENSE.
 *
 * The image behind a unit is a BlockBackend (include/block.h), read and
 * written synchronously by scsi_device_exec, which the transport calls on
 * an I/O worker thread (one at a time per unit); a CD-ROM may have no
 * image (no medium).
 */
#ifndef POWERJIT_SCSI_H
#define POWERJIT_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "block.h"

#define SCSI_STATUS_GOOD 0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SCSI_STATUS_TASK_SET_FULL 0x28
#define SCSI_SENSE_LEN 18   /* fixed format, as we return it */

/* sense keys (SPC-4 4.5.6) */
#define SENSE_NO_SENSE 0x0
#define SENSE_NOT_READY 0x2
#define SENSE_MEDIUM_ERROR 0x3
#define SENSE_HARDWARE_ERROR 0x4
#define SENSE_ILLEGAL_REQUEST 0x5
#define SENSE_DATA_PROTECT 0x7

typedef struct ScsiDevice {
    BlockBackend *blk;      /* owned; NULL: a CD-ROM without medium */
    bool cdrom;
    uint32_t id, lun;       /* scsi-id= and lun= */
    uint32_t block_size;    /* 512 for disks, 2048 for CD-ROMs */
    char *serial;           /* VPD page 0x80 and 0x83 (the drive id) */
    char *qdev_id;          /* the -device id=, or NULL (for info qtree) */
    char *drive;            /* the drive's name, or NULL (for info qtree) */
    uint8_t sense[SCSI_SENSE_LEN]; /* for REQUEST SENSE */
} ScsiDevice;

typedef struct ScsiResult {
    uint8_t status;         /* SCSI_STATUS_* */
    size_t in_len;          /* data-in bytes produced */
    uint8_t sense[SCSI_SENSE_LEN]; /* valid with CHECK CONDITION */
} ScsiResult;

/* takes blk (which may be NULL only for a CD-ROM) */
ScsiDevice *scsi_device_new(BlockBackend *blk, bool cdrom, uint32_t id,
                            uint32_t lun, const char *serial);
void scsi_device_free(ScsiDevice *d);
/* runs one command.  out/out_len: the data-out bytes the initiator sent;
   in/in_cap: where data-in goes and how much the initiator takes. */
void scsi_device_exec(ScsiDevice *d, const uint8_t *cdb, size_t cdb_len,
                      const uint8_t *out, size_t out_len, uint8_t *in,
                      size_t in_cap, ScsiResult *res);
/* fixed-format sense data for key/asc/ascq into sense[SCSI_SENSE_LEN] */
void scsi_build_sense(uint8_t *sense, uint8_t key, uint8_t asc,
                      uint8_t ascq);
/* the standard INQUIRY answer for a LUN with no device (peripheral
   qualifier 3); returns its length */
size_t scsi_inquiry_no_lun(uint8_t *in, size_t in_cap);

#endif
