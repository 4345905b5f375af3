/*
 * hw-spapr/scsi-disk.c: SCSI disks and CD-ROMs (include/scsi.h).
 *
 * One table maps each operation code to its handler and to whether it
 * needs a medium (a CD-ROM without one answers NOT READY, MEDIUM NOT
 * PRESENT).  Handlers build their answer in a local buffer and the common
 * code copies at most the initiator's allocation length (SPC-4 4.2.5.6)
 * and the transport's buffer.  Every failure is CHECK CONDITION with
 * fixed-format sense data (SPC-4 4.5.3): the key, the additional sense
 * code and its qualifier.  Command layouts cite SBC-3 (disks), MMC-6
 * (CD-ROMs) and SPC-4 (both); multi-byte fields are big-endian.
 *
 * What the answers say, for Linux's sd: a write-back cache (MODE SENSE
 * page 8 WCE = 1), so that the guest's fsync sends SYNCHRONIZE CACHE,
 * which reaches the host file as fdatasync (block.c); no thin
 * provisioning (no UNMAP / WRITE SAME); a solid-state medium (VPD 0xb1).
 * The identification strings are QEMU's, so that guests name the disks
 * as under QEMU (/dev/disk/by-id).
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "scsi.h"
#include "bytes-be.h"

/* additional sense codes (SPC-4 annex D) */
#define ASC_NONE 0x00
#define ASC_WRITE_ERROR 0x0c
#define ASC_READ_ERROR 0x11
#define ASC_INVALID_OPCODE 0x20
#define ASC_LBA_OUT_OF_RANGE 0x21
#define ASC_INVALID_FIELD 0x24
#define ASC_WRITE_PROTECTED 0x27
#define ASC_SAVING_NOT_SUPPORTED 0x39
#define ASC_MEDIUM_NOT_PRESENT 0x3a
#define ASC_INTERNAL_FAILURE 0x44

#define SCSI_MAX_ANSWER 512 /* the largest non-data answer we build */

/* peripheral device types (SPC-4 6.4.2) */
#define TYPE_DISK 0x00
#define TYPE_ROM 0x05

typedef struct ScsiCmd {
    ScsiDevice *d;
    const uint8_t *cdb;
    size_t cdb_len;
    const uint8_t *out;
    size_t out_len;
    uint8_t *in;
    size_t in_cap;
    ScsiResult *res;
} ScsiCmd;

void scsi_build_sense(uint8_t *sense, uint8_t key, uint8_t asc,
                      uint8_t ascq)
{
    memset(sense, 0, SCSI_SENSE_LEN);
    sense[0] = 0x70;                    /* current error, fixed format */
    sense[2] = key;
    sense[7] = SCSI_SENSE_LEN - 8;      /* additional sense length */
    sense[12] = asc;
    sense[13] = ascq;
}

static void cmd_fail(ScsiCmd *c, uint8_t key, uint8_t asc, uint8_t ascq)
{
    c->res->status = SCSI_STATUS_CHECK_CONDITION;
    c->res->in_len = 0;
    scsi_build_sense(c->res->sense, key, asc, ascq);
    memcpy(c->d->sense, c->res->sense, SCSI_SENSE_LEN);
    if (log_enabled(LOG_GUEST_ERROR) && key == SENSE_ILLEGAL_REQUEST) {
        log_printf("scsi %u:%u: command 0x%02x refused (asc 0x%02x)\n",
                   c->d->id, c->d->lun, c->cdb[0], asc);
    }
}

static void cmd_bad_field(ScsiCmd *c)
{
    cmd_fail(c, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
}

/* a built answer: at most alloc bytes of it go to the initiator */
static void cmd_answer(ScsiCmd *c, const uint8_t *buf, size_t len,
                       size_t alloc)
{
    size_t n = MIN(MIN(len, alloc), c->in_cap);

    memcpy(c->in, buf, n);
    c->res->in_len = n;
}

static uint64_t dev_blocks(const ScsiDevice *d)
{
    return d->blk ? blk_size(d->blk) / d->block_size : 0;
}

/* ------------------------------------------------------------ SPC */

/* TEST UNIT READY (SPC-4 6.37): medium present is all it checks */
static void cmd_test_unit_ready(ScsiCmd *c)
{
}

/* REQUEST SENSE (SPC-4 6.29): the sense of the last failure, once */
static void cmd_request_sense(ScsiCmd *c)
{
    uint8_t buf[SCSI_SENSE_LEN];

    if (c->cdb[1] & 0x01) { /* DESC: descriptor format, not offered */
        cmd_bad_field(c);
        return;
    }
    if (c->d->sense[0]) {
        memcpy(buf, c->d->sense, sizeof(buf));
    } else {
        scsi_build_sense(buf, SENSE_NO_SENSE, ASC_NONE, 0);
    }
    memset(c->d->sense, 0, sizeof(c->d->sense));
    cmd_answer(c, buf, sizeof(buf), c->cdb[4]);
}

static void inquiry_standard(const ScsiDevice *d, uint8_t *b)
{
    memset(b, 0, 36);
    b[0] = d ? (d->cdrom ? TYPE_ROM : TYPE_DISK) : 0x7f;
    b[1] = d && d->cdrom ? 0x80 : 0;    /* RMB: removable medium */
    b[2] = 5;                           /* SPC-3 */
    b[3] = 0x12;                        /* HiSup, response format 2 */
    b[4] = 36 - 5;                      /* additional length */
    b[7] = 0x02;                        /* CmdQue */
    memcpy(b + 8, "QEMU    ", 8);
    memcpy(b + 16, d && d->cdrom ? "QEMU CD-ROM     " : "QEMU HARDDISK   ",
           16);
    memcpy(b + 32, "2.5+", 4);
}

size_t scsi_inquiry_no_lun(uint8_t *in, size_t in_cap)
{
    uint8_t b[36];

    inquiry_standard(NULL, b);
    memcpy(in, b, MIN(in_cap, sizeof(b)));
    return MIN(in_cap, sizeof(b));
}

/* the VPD pages (SPC-4 7.8) a unit offers, in ascending order */
static size_t vpd_pages(const ScsiDevice *d, uint8_t *list)
{
    size_t n = 0;

    list[n++] = 0x00;
    if (d->serial) {
        list[n++] = 0x80;
    }
    list[n++] = 0x83;
    if (!d->cdrom) {
        list[n++] = 0xb0;
        list[n++] = 0xb1;
    }
    return n;
}

/* INQUIRY (SPC-4 6.6): the standard data or, with EVPD, a VPD page */
static void cmd_inquiry(ScsiCmd *c)
{
    const ScsiDevice *d = c->d;
    uint8_t b[SCSI_MAX_ANSWER] = { 0 };
    uint8_t page = c->cdb[2];
    size_t alloc = ld_be16(c->cdb + 3), len;

    if (!(c->cdb[1] & 0x01)) {
        if (page) {
            cmd_bad_field(c);
            return;
        }
        inquiry_standard(d, b);
        cmd_answer(c, b, 36, alloc);
        return;
    }
    b[0] = d->cdrom ? TYPE_ROM : TYPE_DISK;
    b[1] = page;
    switch (page) {
    case 0x00: /* supported VPD pages */
        len = vpd_pages(d, b + 4);
        break;
    case 0x80: { /* unit serial number */
        if (!d->serial) {
            cmd_bad_field(c);
            return;
        }
        len = MIN(strlen(d->serial), 252);
        memcpy(b + 4, d->serial, len);
        break;
    }
    case 0x83: { /* device identification: one vendor-specific ASCII
                    designator, the drive id */
        const char *id = d->serial ? d->serial : "";
        size_t idlen = MIN(strlen(id), 200);

        b[4] = 0x02;            /* code set: ASCII */
        b[5] = 0x00;            /* association LU, type vendor specific */
        b[7] = (uint8_t)idlen;
        memcpy(b + 8, id, idlen);
        len = 4 + idlen;
        break;
    }
    case 0xb0: /* block limits (SBC-3 6.6.4) */
        if (d->cdrom) {
            cmd_bad_field(c);
            return;
        }
        len = 0x3c;
        st_be32(b + 8, 0);         /* maximum transfer length: no limit */
        break;
    case 0xb1: /* block device characteristics (SBC-3 6.6.2) */
        if (d->cdrom) {
            cmd_bad_field(c);
            return;
        }
        len = 0x3c;
        st_be16(b + 4, 1);         /* non-rotating medium */
        break;
    default:
        cmd_bad_field(c);
        return;
    }
    st_be16(b + 2, (uint16_t)len);
    cmd_answer(c, b, 4 + len, alloc);
}

/* the mode pages (SPC-4 7.5, SBC-3 6.4): page code, page data written to
   p (the two-byte header included); 0 if the unit has no such page */
static size_t mode_page(const ScsiDevice *d, uint8_t code, bool changeable,
                        uint8_t *p)
{
    switch (code) {
    case 0x08: /* caching (SBC-3 6.4.5) */
        if (d->cdrom) {
            return 0;
        }
        memset(p, 0, 20);
        p[0] = 0x08;
        p[1] = 18;
        if (!changeable) {
            p[2] = 0x04;        /* WCE: write-back cache */
        }
        return 20;
    case 0x0a: /* control (SPC-4 7.5.8) */
        memset(p, 0, 12);
        p[0] = 0x0a;
        p[1] = 10;
        return 12;
    case 0x2a: /* CD capabilities and mechanical status (MMC-6 7.8.4) */
        if (!d->cdrom) {
            return 0;
        }
        memset(p, 0, 22);
        p[0] = 0x2a;
        p[1] = 20;
        if (!changeable) {
            p[2] = 0x01;        /* reads CD-R */
            p[6] = 0x29;        /* tray loading, eject, lock */
        }
        return 22;
    default:
        return 0;
    }
}

/* MODE SENSE(6) and (10) (SPC-4 6.11, 6.12) */
static void cmd_mode_sense(ScsiCmd *c)
{
    const ScsiDevice *d = c->d;
    bool ten = c->cdb[0] == 0x5a;
    bool dbd = c->cdb[1] & 0x08;
    uint8_t pc = c->cdb[2] >> 6, code = c->cdb[2] & 0x3f;
    size_t alloc = ten ? ld_be16(c->cdb + 7) : c->cdb[4];
    size_t hdr = ten ? 8 : 4, len;
    uint8_t b[SCSI_MAX_ANSWER] = { 0 };
    static const uint8_t all[] = { 0x08, 0x0a, 0x2a };

    if (pc == 3) {
        cmd_fail(c, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED, 0);
        return;
    }
    if (c->cdb[3] != 0 && c->cdb[3] != 0xff) { /* subpages: none */
        cmd_bad_field(c);
        return;
    }
    len = hdr;
    /* device-specific parameter: WP for a read-only disk */
    b[ten ? 3 : 2] = !d->cdrom && d->blk && blk_readonly(d->blk) ? 0x80 : 0;
    if (!dbd && !d->cdrom) {
        uint64_t nb = dev_blocks(d);
        uint8_t *bd = b + len;

        st_be32(bd, nb > 0xffffff ? 0xffffff : (uint32_t)nb);
        bd[0] = 0;              /* density code */
        st_be32(bd + 4, d->block_size);
        bd[4] = 0;
        len += 8;
        if (ten) {
            st_be16(b + 6, 8);
        } else {
            b[3] = 8;
        }
    }
    if (code == 0x3f) {
        for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
            len += mode_page(d, all[i], pc == 1, b + len);
        }
    } else {
        size_t n = mode_page(d, code, pc == 1, b + len);

        if (!n) {
            cmd_bad_field(c);
            return;
        }
        len += n;
    }
    if (ten) {
        st_be16(b, (uint16_t)(len - 2));
    } else {
        b[0] = (uint8_t)(len - 1);
    }
    cmd_answer(c, b, len, alloc);
}

/* START STOP UNIT (SBC-3 5.25), PREVENT ALLOW MEDIUM REMOVAL (SPC-4
   6.13): accepted; the medium stays (an eject would lose the image) */
static void cmd_accept(ScsiCmd *c)
{
}

/* ------------------------------------------------------------ SBC */

/* READ CAPACITY(10) (SBC-3 5.15) */
static void cmd_read_capacity10(ScsiCmd *c)
{
    uint64_t nb = dev_blocks(c->d);
    uint8_t b[8];

    st_be32(b, nb - 1 > 0xffffffffull ? 0xffffffffu : (uint32_t)(nb - 1));
    st_be32(b + 4, c->d->block_size);
    cmd_answer(c, b, sizeof(b), sizeof(b));
}

/* SERVICE ACTION IN(16): READ CAPACITY(16) (SBC-3 5.16) */
static void cmd_service_action_in(ScsiCmd *c)
{
    uint8_t b[32] = { 0 };

    if ((c->cdb[1] & 0x1f) != 0x10) {
        cmd_fail(c, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
        return;
    }
    st_be64(b, dev_blocks(c->d) - 1);
    st_be32(b + 8, c->d->block_size);
    cmd_answer(c, b, sizeof(b), ld_be32(c->cdb + 10));
}

/* the LBA and block count of READ/WRITE(6/10/12/16) (SBC-3 5.8-5.11,
   5.32-5.35); false if the CDB is too short */
static bool rw_decode(ScsiCmd *c, uint64_t *lba, uint64_t *count, bool *fua)
{
    const uint8_t *b = c->cdb;

    *fua = false;
    switch (b[0] >> 5) {
    case 0: /* 6-byte: 21-bit LBA, 0 blocks means 256 */
        *lba = (uint64_t)(b[1] & 0x1f) << 16 | ld_be16(b + 2);
        *count = b[4] ? b[4] : 256;
        return c->cdb_len >= 6;
    case 1: /* 10-byte */
        *lba = ld_be32(b + 2);
        *count = ld_be16(b + 7);
        *fua = b[1] & 0x08;
        return c->cdb_len >= 10;
    case 5: /* 12-byte */
        *lba = ld_be32(b + 2);
        *count = ld_be32(b + 6);
        *fua = b[1] & 0x08;
        return c->cdb_len >= 12;
    case 4: /* 16-byte */
        *lba = ld_be64(b + 2);
        *count = ld_be32(b + 10);
        *fua = b[1] & 0x08;
        return c->cdb_len >= 16;
    }
    return false;
}

static void cmd_read_write(ScsiCmd *c)
{
    ScsiDevice *d = c->d;
    bool write = (c->cdb[0] & 0x0f) == 0x0a;
    uint64_t lba, count, nb = dev_blocks(d), bytes;
    bool fua;
    int r;

    if (!rw_decode(c, &lba, &count, &fua)) {
        cmd_bad_field(c);
        return;
    }
    if (lba > nb || count > nb - lba) {
        if (d->blk) {
            blk_acct_invalid(d->blk, write ? BLOCK_ACCT_WRITE
                                           : BLOCK_ACCT_READ);
        }
        cmd_fail(c, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
        return;
    }
    bytes = count * d->block_size;
    if (write && (d->cdrom || blk_readonly(d->blk))) {
        cmd_fail(c, SENSE_DATA_PROTECT, ASC_WRITE_PROTECTED, 0);
        return;
    }
    /* the initiator must provide (or take) every byte it asked for */
    if (bytes > (write ? c->out_len : c->in_cap)) {
        cmd_bad_field(c);
        return;
    }
    /* one command, one operation in the accounting (query-blockstats) */
    int64_t start = blk_acct_start();
    if (write) {
        r = blk_pwrite(d->blk, lba * d->block_size, c->out, bytes);
        if (r == 0 && fua) {
            r = blk_flush(d->blk);
        }
    } else {
        r = blk_pread(d->blk, lba * d->block_size, c->in, bytes);
        c->res->in_len = r == 0 ? bytes : 0;
    }
    blk_acct_done(d->blk, write ? BLOCK_ACCT_WRITE : BLOCK_ACCT_READ, bytes,
                  start, r == 0);
    if (r < 0) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("scsi %u:%u: %s at block %llu: %s\n", d->id, d->lun,
                       write ? "write" : "read", (unsigned long long)lba,
                       g_strerror(-r));
        }
        cmd_fail(c, SENSE_MEDIUM_ERROR,
                 write ? ASC_WRITE_ERROR : ASC_READ_ERROR, 0);
    }
}

/* SYNCHRONIZE CACHE(10)/(16) (SBC-3 5.22, 5.23): the whole image */
static void cmd_sync_cache(ScsiCmd *c)
{
    if (c->d->blk) {
        int64_t start = blk_acct_start();
        bool ok = blk_flush(c->d->blk) == 0;

        blk_acct_done(c->d->blk, BLOCK_ACCT_FLUSH, 0, start, ok);
        if (!ok) {
            cmd_fail(c, SENSE_MEDIUM_ERROR, ASC_WRITE_ERROR, 0);
        }
    }
}

/* ------------------------------------------------------------ MMC */

/* a logical block address as minutes/seconds/frames, with the 2-second
   lead-in offset (MMC-6 6.27.2.2) */
static void lba_to_msf(uint8_t *p, uint64_t lba)
{
    lba += 150;
    p[0] = 0;
    p[1] = (uint8_t)(lba / (60 * 75));
    p[2] = (uint8_t)(lba / 75 % 60);
    p[3] = (uint8_t)(lba % 75);
}

/* READ TOC/PMA/ATIP (MMC-6 6.27), format 0: one data track and the
   lead-out */
static void cmd_read_toc(ScsiCmd *c)
{
    bool msf = c->cdb[1] & 0x02;
    uint8_t format = c->cdb[2] & 0x0f, start = c->cdb[6];
    uint8_t b[20] = { 0 };
    size_t len = 4;

    if (format != 0 || (start > 1 && start != 0xaa)) {
        cmd_bad_field(c);
        return;
    }
    b[2] = 1;                           /* first track */
    b[3] = 1;                           /* last track */
    if (start <= 1) {
        b[len + 1] = 0x14;              /* ADR 1, data track */
        b[len + 2] = 1;
        if (msf) {
            lba_to_msf(b + len + 4, 0);
        }
        len += 8;
    }
    b[len + 1] = 0x14;
    b[len + 2] = 0xaa;                  /* the lead-out */
    if (msf) {
        lba_to_msf(b + len + 4, dev_blocks(c->d));
    } else {
        st_be32(b + len + 4, (uint32_t)dev_blocks(c->d));
    }
    len += 8;
    st_be16(b, (uint16_t)(len - 2));
    cmd_answer(c, b, len, ld_be16(c->cdb + 7));
}

/* GET CONFIGURATION (MMC-6 6.6): the header with the current profile */
static void cmd_get_configuration(ScsiCmd *c)
{
    uint8_t b[8] = { 0 };

    st_be32(b, 4);
    /* current profile: CD-ROM (0x0008) or DVD-ROM (0x0010), none without
       a medium */
    if (c->d->blk) {
        st_be16(b + 6, blk_size(c->d->blk) > 700ull * 1024 * 1024 ? 0x10 : 0x08);
    }
    cmd_answer(c, b, sizeof(b), ld_be16(c->cdb + 7));
}

/* GET EVENT STATUS NOTIFICATION (MMC-6 6.8), polled only: the media
   class, no change, medium present or not */
static void cmd_get_event_status(ScsiCmd *c)
{
    uint8_t b[8] = { 0 };
    size_t len;

    if (!(c->cdb[1] & 0x01)) {          /* asynchronous: not offered */
        cmd_bad_field(c);
        return;
    }
    b[3] = 0x10;                        /* supported: media */
    if (c->cdb[4] & 0x10) {
        b[2] = 0x04;                    /* media class */
        b[5] = c->d->blk ? 0x02 : 0x00; /* media present */
        len = 8;
    } else {
        b[2] = 0x80;                    /* NEA: no event available */
        len = 4;
    }
    st_be16(b, (uint16_t)(len - 2));
    cmd_answer(c, b, len, ld_be16(c->cdb + 7));
}

/* ------------------------------------------------------------ dispatch */

enum {
    CMD_DISK = 1 << 0,      /* offered by disks */
    CMD_CD = 1 << 1,        /* offered by CD-ROMs */
    CMD_MEDIUM = 1 << 2,    /* needs a medium */
};

typedef struct ScsiCmdDef {
    uint8_t opcode;
    uint8_t flags;
    void (*fn)(ScsiCmd *c);
} ScsiCmdDef;

static const ScsiCmdDef scsi_cmds[] = {
    { 0x00, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_test_unit_ready },
    { 0x03, CMD_DISK | CMD_CD, cmd_request_sense },
    { 0x08, CMD_DISK | CMD_MEDIUM, cmd_read_write },          /* READ(6) */
    { 0x0a, CMD_DISK | CMD_MEDIUM, cmd_read_write },          /* WRITE(6) */
    { 0x12, CMD_DISK | CMD_CD, cmd_inquiry },
    { 0x1a, CMD_DISK | CMD_CD, cmd_mode_sense },              /* (6) */
    { 0x1b, CMD_DISK | CMD_CD, cmd_accept },     /* START STOP UNIT */
    { 0x1e, CMD_DISK | CMD_CD, cmd_accept },     /* PREVENT ALLOW */
    { 0x25, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_read_capacity10 },
    { 0x28, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_read_write }, /* READ(10) */
    { 0x2a, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_read_write }, /* WRITE(10) */
    { 0x35, CMD_DISK | CMD_CD, cmd_sync_cache },              /* (10) */
    { 0x43, CMD_CD | CMD_MEDIUM, cmd_read_toc },
    { 0x46, CMD_CD, cmd_get_configuration },
    { 0x4a, CMD_CD, cmd_get_event_status },
    { 0x5a, CMD_DISK | CMD_CD, cmd_mode_sense },              /* (10) */
    { 0x88, CMD_DISK | CMD_MEDIUM, cmd_read_write },          /* READ(16) */
    { 0x8a, CMD_DISK | CMD_MEDIUM, cmd_read_write },          /* WRITE(16) */
    { 0x91, CMD_DISK, cmd_sync_cache },                       /* (16) */
    { 0x9e, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_service_action_in },
    { 0xa8, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_read_write }, /* READ(12) */
    { 0xaa, CMD_DISK | CMD_CD | CMD_MEDIUM, cmd_read_write }, /* WRITE(12) */
};

/* the CDB length of an operation code's group (SPC-4 4.2.5.1) */
static size_t cdb_group_len(uint8_t opcode)
{
    static const uint8_t lens[8] = { 6, 10, 10, 0, 16, 12, 0, 0 };

    return lens[opcode >> 5];
}

void scsi_device_exec(ScsiDevice *d, const uint8_t *cdb, size_t cdb_len,
                      const uint8_t *out, size_t out_len, uint8_t *in,
                      size_t in_cap, ScsiResult *res)
{
    ScsiCmd c = { d, cdb, cdb_len, out, out_len, in, in_cap, res };
    const ScsiCmdDef *def = NULL;
    uint8_t kind = d->cdrom ? CMD_CD : CMD_DISK;

    memset(res, 0, sizeof(*res));
    if (cdb_len == 0) {
        cmd_fail(&c, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(scsi_cmds); i++) {
        if (scsi_cmds[i].opcode == cdb[0] && (scsi_cmds[i].flags & kind)) {
            def = &scsi_cmds[i];
            break;
        }
    }
    if (!def) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("scsi %u:%u: unsupported command 0x%02x\n", d->id,
                       d->lun, cdb[0]);
        }
        cmd_fail(&c, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
        return;
    }
    if (cdb_len < cdb_group_len(cdb[0])) {
        cmd_bad_field(&c);
        return;
    }
    if ((def->flags & CMD_MEDIUM) && !d->blk) {
        cmd_fail(&c, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT, 0);
        return;
    }
    def->fn(&c);
}

ScsiDevice *scsi_device_new(BlockBackend *blk, bool cdrom, uint32_t id,
                            uint32_t lun, const char *serial)
{
    ScsiDevice *d = g_new0(ScsiDevice, 1);

    d->blk = blk;
    d->cdrom = cdrom;
    d->id = id;
    d->lun = lun;
    d->block_size = cdrom ? 2048 : 512;
    d->serial = serial ? g_strdup(serial) : NULL;
    return d;
}

void scsi_device_free(ScsiDevice *d)
{
    if (!d) {
        return;
    }
    blk_close(d->blk);
    g_free(d->serial);
    g_free(d->qdev_id);
    g_free(d->drive);
    g_free(d);
}
