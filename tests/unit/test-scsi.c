/*
 * The SCSI target (hw-spapr/scsi-disk.c) and the raw block backend
 * (system/block.c), driven directly with CDBs: every command the target
 * offers, malformed and out-of-range ones, a CD-ROM without medium, and
 * the image lock.
 *
 * Expected values come from the standards: CDB and answer layouts from
 * SBC-3, SPC-4 and MMC-6; sense keys and additional sense codes from
 * SPC-4 annex D (e.g. LBA OUT OF RANGE = 5/21/00, WRITE PROTECTED =
 * 7/27/00, MEDIUM NOT PRESENT = 2/3a/00, INVALID COMMAND OPERATION CODE =
 * 5/20/00); data read back is what the test wrote into the image file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "block.h"
#include "scsi.h"
#include "bytes-be.h"

#define DISK_SIZE (1u << 20)

typedef struct Fixture {
    char *dir, *path;
    ScsiDevice *disk;
    ScsiResult res;
    uint8_t in[65536];
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    uint8_t *img = g_malloc(DISK_SIZE);

    memset(f, 0, sizeof(*f));
    for (unsigned i = 0; i < DISK_SIZE; i++) {
        img[i] = (uint8_t)(i * 7 + (i >> 9));
    }
    f->dir = g_dir_make_tmp("powerjit-scsi-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "disk.img", NULL);
    g_assert_true(g_file_set_contents(f->path, (char *)img, DISK_SIZE, NULL));
    g_free(img);
    BlockOpenOpts o = { .file = f->path, .readonly = data != NULL };
    BlockBackend *b = blk_open(&o, &err);
    g_assert_nonnull(b);
    f->disk = scsi_device_new(b, false, 0, 0, "d0");
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    scsi_device_free(f->disk);
    g_unlink(f->path);
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
}

static uint8_t run(Fixture *f, ScsiDevice *d, const uint8_t *cdb,
                   size_t cdb_len, const uint8_t *out, size_t out_len,
                   size_t in_cap)
{
    memset(f->in, 0xee, sizeof(f->in));
    scsi_device_exec(d, cdb, cdb_len, out, out_len, f->in, in_cap, &f->res);
    return f->res.status;
}

#define RUN(f, d, in_cap, ...) \
    run(f, d, (const uint8_t[]){ __VA_ARGS__ }, \
        sizeof((const uint8_t[]){ __VA_ARGS__ }), NULL, 0, in_cap)

static void assert_sense(Fixture *f, uint8_t key, uint8_t asc, uint8_t ascq)
{
    g_assert_cmphex(f->res.status, ==, SCSI_STATUS_CHECK_CONDITION);
    g_assert_cmphex(f->res.sense[0], ==, 0x70);
    g_assert_cmphex(f->res.sense[2] & 0xf, ==, key);
    g_assert_cmphex(f->res.sense[12], ==, asc);
    g_assert_cmphex(f->res.sense[13], ==, ascq);
}

/* ------------------------------------------------------------ SPC */

static void test_inquiry(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(RUN(f, f->disk, 255, 0x12, 0, 0, 0, 255, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 36);
    g_assert_cmphex(f->in[0], ==, 0x00);        /* direct-access device */
    g_assert_cmphex(f->in[1], ==, 0x00);        /* not removable */
    g_assert_cmphex(f->in[4], ==, 31);          /* additional length */
    g_assert_cmpmem(f->in + 8, 8, "QEMU    ", 8);
    /* the allocation length limits the answer */
    g_assert_cmpint(RUN(f, f->disk, 255, 0x12, 0, 0, 0, 5, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 5);
    /* a page code without EVPD is an invalid field */
    RUN(f, f->disk, 255, 0x12, 0, 0x80, 0, 255, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    /* a short CDB */
    RUN(f, f->disk, 255, 0x12, 0, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
}

static void test_vpd(Fixture *f, gconstpointer data)
{
    static const uint8_t pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1 };

    g_assert_cmpint(RUN(f, f->disk, 255, 0x12, 1, 0x00, 0, 255, 0), ==, 0);
    g_assert_cmphex(f->in[1], ==, 0x00);
    g_assert_cmpuint(f->in[3], ==, sizeof(pages));
    g_assert_cmpmem(f->in + 4, sizeof(pages), pages, sizeof(pages));
    for (size_t i = 1; i < sizeof(pages); i++) {
        g_assert_cmpint(RUN(f, f->disk, 255, 0x12, 1, pages[i], 0, 255, 0),
                        ==, 0);
        g_assert_cmphex(f->in[1], ==, pages[i]);
    }
    RUN(f, f->disk, 255, 0x12, 1, 0x80, 0, 255, 0);
    g_assert_cmpmem(f->in + 4, f->in[3], "d0", 2);
    RUN(f, f->disk, 255, 0x12, 1, 0xb1, 0, 255, 0);
    g_assert_cmphex(f->in[5], ==, 1);           /* non-rotating */
    RUN(f, f->disk, 255, 0x12, 1, 0x99, 0, 255, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
}

static void test_tur_sense_unknown(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(RUN(f, f->disk, 0, 0x00, 0, 0, 0, 0, 0), ==, 0);
    /* an unknown operation code, then REQUEST SENSE says why, once */
    RUN(f, f->disk, 0, 0xc5, 0, 0, 0, 0, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x20, 0);
    g_assert_cmpint(RUN(f, f->disk, 18, 0x03, 0, 0, 0, 18, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 18);
    g_assert_cmphex(f->in[2], ==, SENSE_ILLEGAL_REQUEST);
    g_assert_cmphex(f->in[12], ==, 0x20);
    RUN(f, f->disk, 18, 0x03, 0, 0, 0, 18, 0);
    g_assert_cmphex(f->in[2], ==, SENSE_NO_SENSE);
    /* descriptor-format sense is not offered */
    RUN(f, f->disk, 18, 0x03, 1, 0, 0, 18, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    /* an empty CDB */
    run(f, f->disk, (const uint8_t[]){ 0 }, 0, NULL, 0, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x20, 0);
    /* START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL */
    g_assert_cmpint(RUN(f, f->disk, 0, 0x1b, 0, 0, 0, 1, 0), ==, 0);
    g_assert_cmpint(RUN(f, f->disk, 0, 0x1e, 0, 0, 0, 1, 0), ==, 0);
}

static void test_mode_sense(Fixture *f, gconstpointer data)
{
    /* MODE SENSE(6), caching page: header, block descriptor, page 8 */
    g_assert_cmpint(RUN(f, f->disk, 255, 0x1a, 0, 0x08, 0, 255, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 4 + 8 + 20);
    g_assert_cmpuint(f->in[0], ==, 4 + 8 + 20 - 1);
    g_assert_cmphex(f->in[2], ==, data ? 0x80 : 0x00);  /* WP */
    g_assert_cmpuint(f->in[3], ==, 8);
    g_assert_cmphex(ld_be32(f->in + 4) & 0xffffff, ==, DISK_SIZE / 512);
    g_assert_cmphex(ld_be32(f->in + 8) & 0xffffff, ==, 512);
    g_assert_cmphex(f->in[12], ==, 0x08);
    g_assert_cmphex(f->in[14] & 0x04, ==, 0x04);       /* WCE */
    /* MODE SENSE(10), all pages, no block descriptor */
    g_assert_cmpint(RUN(f, f->disk, 255, 0x5a, 0x08, 0x3f, 0, 0, 0, 0, 0,
                        255, 0), ==, 0);
    g_assert_cmpuint(f->in[7], ==, 0);                 /* no descriptor */
    g_assert_cmpuint((f->in[0] << 8 | f->in[1]) + 2, ==, f->res.in_len);
    g_assert_cmphex(f->in[8], ==, 0x08);
    /* saved values, an unknown page, a subpage */
    RUN(f, f->disk, 255, 0x1a, 0, 0xc8, 0, 255, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x39, 0);
    RUN(f, f->disk, 255, 0x1a, 0, 0x19, 0, 255, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    RUN(f, f->disk, 255, 0x1a, 0, 0x08, 0x01, 255, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
}

/* ------------------------------------------------------------ SBC */

static void test_capacity(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(RUN(f, f->disk, 8, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), ==,
                    0);
    g_assert_cmphex(ld_be32(f->in), ==, DISK_SIZE / 512 - 1);
    g_assert_cmphex(ld_be32(f->in + 4), ==, 512);
    g_assert_cmpint(RUN(f, f->disk, 32, 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 32, 0, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 32);
    g_assert_cmphex(ld_be32(f->in), ==, 0);
    g_assert_cmphex(ld_be32(f->in + 4), ==, DISK_SIZE / 512 - 1);
    g_assert_cmphex(ld_be32(f->in + 8), ==, 512);
    /* another service action */
    RUN(f, f->disk, 32, 0x9e, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0,
        0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
}

/* the image's bytes, as the fixture made them */
static uint8_t img_byte(unsigned i)
{
    return (uint8_t)(i * 7 + (i >> 9));
}

static void test_read(Fixture *f, gconstpointer data)
{
    /* READ(6) block 3, 2 blocks; READ(10), (12), (16) block 100 */
    g_assert_cmpint(RUN(f, f->disk, 1024, 0x08, 0, 0, 3, 2, 0), ==, 0);
    g_assert_cmpuint(f->res.in_len, ==, 1024);
    g_assert_cmphex(f->in[0], ==, img_byte(3 * 512));
    g_assert_cmphex(f->in[1023], ==, img_byte(5 * 512 - 1));
    g_assert_cmpint(RUN(f, f->disk, 512, 0x28, 0, 0, 0, 0, 100, 0, 0, 1, 0),
                    ==, 0);
    g_assert_cmphex(f->in[5], ==, img_byte(100 * 512 + 5));
    g_assert_cmpint(RUN(f, f->disk, 512, 0xa8, 0, 0, 0, 0, 100, 0, 0, 0, 1,
                        0, 0), ==, 0);
    g_assert_cmphex(f->in[5], ==, img_byte(100 * 512 + 5));
    g_assert_cmpint(RUN(f, f->disk, 512, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 100,
                        0, 0, 0, 1, 0, 0), ==, 0);
    g_assert_cmphex(f->in[5], ==, img_byte(100 * 512 + 5));
    /* the last block reads; one past it is out of range, and so is a
       count that runs past the end or wraps */
    g_assert_cmpint(RUN(f, f->disk, 512, 0x28, 0, 0, 0, 0x07, 0xff, 0, 0, 1,
                        0), ==, 0);
    RUN(f, f->disk, 512, 0x28, 0, 0, 0, 0x08, 0x00, 0, 0, 1, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x21, 0);
    RUN(f, f->disk, 1024, 0x28, 0, 0, 0, 0x07, 0xff, 0, 0, 2, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x21, 0);
    RUN(f, f->disk, 512, 0x88, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0, 0, 0, 2, 0, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x21, 0);
    /* more than the initiator's buffer takes */
    RUN(f, f->disk, 511, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    g_assert_cmpuint(f->res.in_len, ==, 0);
    /* a 10-byte opcode in a 6-byte CDB */
    RUN(f, f->disk, 512, 0x28, 0, 0, 0, 0, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
}

static void test_write(Fixture *f, gconstpointer data)
{
    uint8_t buf[1024], back[1024];
    int fd;

    memset(buf, 0x5a, sizeof(buf));
    /* WRITE(10) with FUA at block 10, 2 blocks */
    g_assert_cmpint(run(f, f->disk,
                        (const uint8_t[]){ 0x2a, 0x08, 0, 0, 0, 10, 0, 0, 2,
                                           0 },
                        10, buf, sizeof(buf), 0), ==, 0);
    /* SYNCHRONIZE CACHE(10) and (16) */
    g_assert_cmpint(RUN(f, f->disk, 0, 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0), ==,
                    0);
    g_assert_cmpint(RUN(f, f->disk, 0, 0x91, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0), ==, 0);
    /* what the host file holds */
    fd = open(f->path, O_RDONLY);
    g_assert_cmpint(pread(fd, back, sizeof(back), 10 * 512), ==,
                    sizeof(back));
    close(fd);
    g_assert_cmpmem(back, sizeof(back), buf, sizeof(buf));
    /* WRITE(6), (12), (16) at blocks 1, 2, 3 */
    buf[0] = 1;
    run(f, f->disk, (const uint8_t[]){ 0x0a, 0, 0, 1, 1, 0 }, 6, buf, 512, 0);
    g_assert_cmpint(f->res.status, ==, 0);
    run(f, f->disk,
        (const uint8_t[]){ 0xaa, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0 }, 12, buf,
        512, 0);
    g_assert_cmpint(f->res.status, ==, 0);
    run(f, f->disk,
        (const uint8_t[]){ 0x8a, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0,
                           0 }, 16, buf, 512, 0);
    g_assert_cmpint(f->res.status, ==, 0);
    g_assert_cmpint(RUN(f, f->disk, 2048, 0x28, 0, 0, 0, 0, 1, 0, 0, 3, 0),
                    ==, 0);
    g_assert_cmphex(f->in[0], ==, 1);
    g_assert_cmphex(f->in[512], ==, 1);
    g_assert_cmphex(f->in[1024 + 1], ==, 0x5a);
    /* less data than the CDB announces; past the end */
    run(f, f->disk, (const uint8_t[]){ 0x2a, 0, 0, 0, 0, 0, 0, 0, 2, 0 }, 10,
        buf, 512, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    run(f, f->disk, (const uint8_t[]){ 0x2a, 0, 0, 0, 0x08, 0, 0, 0, 1, 0 },
        10, buf, 512, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x21, 0);
}

static void test_write_protected(Fixture *f, gconstpointer data)
{
    uint8_t buf[512] = { 0 };

    run(f, f->disk, (const uint8_t[]){ 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, 10,
        buf, 512, 0);
    assert_sense(f, SENSE_DATA_PROTECT, 0x27, 0);
    /* the mode header says so (checked in test_mode_sense too) */
    test_mode_sense(f, data);
}

/* ------------------------------------------------------------ MMC */

static void test_cdrom(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    BlockOpenOpts o = { .file = f->path, .readonly = true };

    /* the disk's write lock would keep the CD-ROM's reader out */
    scsi_device_free(f->disk);
    f->disk = NULL;
    ScsiDevice *cd = scsi_device_new(blk_open(&o, &err), true, 2, 0, NULL);
    ScsiDevice *empty = scsi_device_new(NULL, true, 3, 0, NULL);

    RUN(f, cd, 255, 0x12, 0, 0, 0, 255, 0);
    g_assert_cmphex(f->in[0], ==, 0x05);        /* CD/DVD device */
    g_assert_cmphex(f->in[1], ==, 0x80);        /* removable */
    g_assert_cmpint(RUN(f, cd, 8, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), ==, 0);
    g_assert_cmphex(ld_be32(f->in), ==, DISK_SIZE / 2048 - 1);
    g_assert_cmphex(ld_be32(f->in + 4), ==, 2048);
    g_assert_cmpint(RUN(f, cd, 2048, 0x28, 0, 0, 0, 0, 1, 0, 0, 1, 0), ==, 0);
    g_assert_cmphex(f->in[7], ==, img_byte(2048 + 7));
    /* read-only medium */
    uint8_t buf[2048] = { 0 };
    run(f, cd, (const uint8_t[]){ 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, 10, buf,
        2048, 0);
    assert_sense(f, SENSE_DATA_PROTECT, 0x27, 0);
    /* READ TOC format 0: track 1 at 0, the lead-out at the capacity */
    g_assert_cmpint(RUN(f, cd, 100, 0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0), ==,
                    0);
    g_assert_cmpuint(f->res.in_len, ==, 20);
    g_assert_cmpuint(f->in[2], ==, 1);
    g_assert_cmpuint(f->in[3], ==, 1);
    g_assert_cmpuint(f->in[6], ==, 1);
    g_assert_cmpuint(f->in[14], ==, 0xaa);
    g_assert_cmphex(ld_be32(f->in + 16), ==, DISK_SIZE / 2048);
    /* MSF: the lead-out of 512 blocks is 0:08:62 after the 150-block
       pre-gap (662 frames) */
    RUN(f, cd, 100, 0x43, 0x02, 0, 0, 0, 0, 0, 0, 100, 0);
    g_assert_cmpuint(f->in[17], ==, 0);
    g_assert_cmpuint(f->in[18], ==, 8);
    g_assert_cmpuint(f->in[19], ==, 62);
    RUN(f, cd, 100, 0x43, 0, 0x05, 0, 0, 0, 0, 0, 100, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    /* GET CONFIGURATION: the CD-ROM profile */
    g_assert_cmpint(RUN(f, cd, 8, 0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0), ==, 0);
    g_assert_cmphex(f->in[7], ==, 0x08);
    /* GET EVENT STATUS NOTIFICATION, polled, media class */
    g_assert_cmpint(RUN(f, cd, 8, 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0), ==,
                    0);
    g_assert_cmphex(f->in[2], ==, 0x04);
    g_assert_cmphex(f->in[5], ==, 0x02);        /* medium present */
    RUN(f, cd, 8, 0x4a, 0, 0, 0, 0x10, 0, 0, 0, 8, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x24, 0);
    /* READ(6) and SYNCHRONIZE CACHE(16) are disk commands */
    RUN(f, cd, 2048, 0x08, 0, 0, 0, 1, 0);
    assert_sense(f, SENSE_ILLEGAL_REQUEST, 0x20, 0);

    /* no medium: NOT READY, MEDIUM NOT PRESENT */
    RUN(f, empty, 0, 0x00, 0, 0, 0, 0, 0);
    assert_sense(f, SENSE_NOT_READY, 0x3a, 0);
    RUN(f, empty, 2048, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(f, SENSE_NOT_READY, 0x3a, 0);
    g_assert_cmpint(RUN(f, empty, 36, 0x12, 0, 0, 0, 36, 0), ==, 0);
    g_assert_cmpint(RUN(f, empty, 8, 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0), ==,
                    0);
    g_assert_cmphex(f->in[5], ==, 0x00);        /* no medium */
    scsi_device_free(cd);
    scsi_device_free(empty);
}

static void test_no_lun(void)
{
    uint8_t in[36];

    g_assert_cmpuint(scsi_inquiry_no_lun(in, sizeof(in)), ==, 36);
    g_assert_cmphex(in[0], ==, 0x7f); /* qualifier 3, no device type */
}

/* ------------------------------------------------------------ block */

static void test_block(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    BlockOpenOpts o = { .file = f->path };
    BlockOpenOpts ro = { .file = f->path, .readonly = true };
    BlockOpenOpts snap = { .file = f->path, .snapshot = true };
    BlockOpenOpts missing = { .file = "/nonexistent/x.img" };
    BlockCache c;
    uint8_t b[4];

    /* the fixture holds the write lock: a second writer and a reader are
       refused, each with one line */
    g_assert_null(blk_open(&o, &err));
    g_assert_nonnull(strstr(err, "lock"));
    g_assert_null(strchr(err, '\n'));
    g_clear_pointer(&err, g_free);
    g_assert_null(blk_open(&ro, &err));
    g_clear_pointer(&err, g_free);
    g_assert_null(blk_open(&missing, &err));
    g_assert_nonnull(strstr(err, "Could not open"));
    g_clear_pointer(&err, g_free);
    /* released on close: a snapshot opens after it, its writes stay in
       memory */
    scsi_device_free(f->disk);
    f->disk = NULL;
    BlockBackend *s = blk_open(&snap, &err);
    g_assert_nonnull(s);
    g_assert_cmpint(blk_pwrite(s, 70000, "abcd", 4), ==, 0);
    g_assert_cmpint(blk_pread(s, 69999, b, 4), ==, 0);
    g_assert_cmpmem(b + 1, 3, "abc", 3);
    g_assert_cmphex(b[0], ==, img_byte(69999));
    g_assert_cmpint(blk_pread(s, DISK_SIZE - 2, b, 4), ==, -EINVAL);
    g_assert_cmpint(blk_flush(s), ==, 0);
    blk_close(s);
    /* the file did not change */
    BlockBackend *r = blk_open(&ro, &err);
    g_assert_cmpint(blk_pread(r, 70000, b, 4), ==, 0);
    g_assert_cmphex(b[0], ==, img_byte(70000));
    g_assert_cmpint(blk_pwrite(r, 0, b, 1), ==, -EROFS);
    blk_close(r);

    /* a probed raw image refuses a qcow2 header in block 0 */
    BlockOpenOpts pr = { .file = f->path, .probed = true };
    BlockBackend *p = blk_open(&pr, &err);
    g_assert_cmpint(blk_pwrite(p, 0, "QFI\xfb", 4), ==, -EPERM);
    g_assert_cmpint(blk_pwrite(p, 512, "QFI\xfb", 4), ==, 0);
    g_assert_cmpint(blk_pwrite(p, 0, "QFI\x00", 4), ==, 0);
    blk_close(p);

    g_assert_true(blk_parse_cache("none", &c));
    g_assert_cmpint(c, ==, BLOCK_CACHE_NONE);
    g_assert_false(blk_parse_cache("fast", &c));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) \
    g_test_add("/scsi/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
#define ADD_RO(name, fn) \
    g_test_add("/scsi/" name, Fixture, "ro", fixture_setup, fn, \
               fixture_teardown)
    ADD("inquiry", test_inquiry);
    ADD("vpd", test_vpd);
    ADD("tur-request-sense-unknown", test_tur_sense_unknown);
    ADD("mode-sense", test_mode_sense);
    ADD("read-capacity", test_capacity);
    ADD("read", test_read);
    ADD("write", test_write);
    ADD_RO("write-protected", test_write_protected);
    ADD("cdrom", test_cdrom);
    g_test_add_func("/scsi/no-lun", test_no_lun);
    ADD("block", test_block);
    return g_test_run();
}
