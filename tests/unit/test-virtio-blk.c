/*
 * virtio-blk-pci (hw-pci/virtio-blk.c) driven directly, with the I/O
 * worker pool of system/block-aio.c: a machine with 1 MiB of RAM, XICS,
 * the default PHB and a virtio-blk-pci in slot 0 on a 1 MiB raw file the
 * test writes and reads itself.
 *
 * Expected values: the request layout and statuses of virtio 1.1 5.2.6
 * (type le32, reserved, sector le64; the status byte last: OK 0, IOERR
 * 1, UNSUPP 2; T_IN 0, T_OUT 1, T_FLUSH 4, T_GET_ID 8 with 20 bytes of
 * serial), the host file's own bytes, and 2.1.1's DEVICE_NEEDS_RESET.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "block.h"
#include "virtio-fixture.h"

#define DISK_SIZE (1u << 20)
#define QSIZE 16
#define USED VF_USED(0)
/* requests: headers, data and status bytes, above queue 0's rings */
#define HDR 0x20000u
#define DATA 0x30000u
#define STATUS 0x40000u

typedef struct Fixture {
    VirtioFixture v;
    SpaprDriveSpec drive;
    char *path;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    uint8_t *disk = g_malloc(DISK_SIZE);
    int fd;

    memset(f, 0, sizeof(*f));
    vf_machine_init(&f->v, 1, QSIZE);
    fd = g_file_open_tmp("test-virtio-blk-XXXXXX", &f->path, NULL);
    g_assert_cmpint(fd, >=, 0);
    for (unsigned i = 0; i < DISK_SIZE; i++) {
        disk[i] = (uint8_t)(i * 13 + i / 512);
    }
    g_assert_cmpint(write(fd, disk, DISK_SIZE), ==, DISK_SIZE);
    close(fd);
    g_free(disk);
    f->drive.id = "d0";
    f->drive.file = f->path;
    f->drive.iface = SPAPR_DRIVE_IF_NONE;
    f->drive.format = BLOCK_FORMAT_RAW;
    f->drive.stats = g_new0(BlockStats, 1);
    f->v.cfg.drives = g_ptr_array_new();
    g_ptr_array_add(f->v.cfg.drives, &f->drive);
    f->v.m.blk_aio = blk_aio_ctx_new(NULL, NULL);
    vf_device_add(&f->v, "virtio-blk-pci,addr=0,drive=d0,serial=SN42");
    vf_driver_init(&f->v, 0); /* VERSION_1, nothing else */
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    blk_aio_ctx_drain(f->v.m.blk_aio);
    vf_fini(&f->v);
    blk_aio_ctx_free(f->v.m.blk_aio);
    g_ptr_array_unref(f->v.cfg.drives);
    g_free(f->drive.stats);
    g_unlink(f->path);
    g_free(f->path);
}

/* a request at descriptors first..first+2: header, data (len bytes,
   device-writable for a read), status */
static void request(Fixture *f, unsigned first, uint32_t type,
                    uint64_t sector, uint32_t len, bool data_in)
{
    uint8_t *h = f->v.m.ram + HDR + 16 * first;

    pci_set_long(h, type);
    pci_set_long(h + 4, 0);
    pci_set_long(h + 8, (uint32_t)sector);
    pci_set_long(h + 12, (uint32_t)(sector >> 32));
    f->v.m.ram[STATUS + first] = 0xff;
    vf_set_desc(&f->v, 0, first, HDR + 16 * first, 16, 1, (uint16_t)(first + 1));
    if (len) {
        vf_set_desc(&f->v, 0, first + 1, DATA, len, (uint16_t)(1 | (data_in ? 2 : 0)),
                 (uint16_t)(first + 2));
        vf_set_desc(&f->v, 0, first + 2, STATUS + first, 1, 2, 0);
    } else {
        vf_set_desc(&f->v, 0, first + 1, STATUS + first, 1, 2, 0);
    }
    vf_kick(&f->v, 0, (uint16_t)first);
}

static void host_read(Fixture *f, uint64_t off, void *buf, size_t len)
{
    int fd = open(f->path, O_RDONLY);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, buf, len, (off_t)off), ==, (ssize_t)len);
    close(fd);
}

static void test_read_write_flush(Fixture *f, gconstpointer data)
{
    uint8_t want[4096], got[4096];

    /* a read of sectors 3..10 */
    request(f, 0, 0, 3, 4096, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 1);
    g_assert_cmpuint(vf_used_len(&f->v, 0, 0), ==, 4096 + 1);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 0);
    host_read(f, 3 * 512, want, sizeof(want));
    g_assert_true(memcmp(f->v.m.ram + DATA, want, 4096) == 0);

    /* a write to sector 100, then a flush: the file has it */
    for (unsigned i = 0; i < 4096; i++) {
        f->v.m.ram[DATA + i] = (uint8_t)(0xa5 ^ i);
    }
    memcpy(want, f->v.m.ram + DATA, 4096);
    request(f, 3, 1, 100, 4096, false);
    request(f, 6, 4, 0, 0, false);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 3);
    g_assert_cmpuint(f->v.m.ram[STATUS + 3], ==, 0);
    g_assert_cmpuint(f->v.m.ram[STATUS + 6], ==, 0);
    host_read(f, 100 * 512, got, sizeof(got));
    g_assert_true(memcmp(got, want, sizeof(got)) == 0);
}

/* the legacy barrier flag (bit 31 of the type, virtio 1.2 5.2.6.3) that
   SLOF sets on every request: ignored, as by QEMU; a type that does not
   exist stays UNSUPP with it */
static void test_barrier_flag(Fixture *f, gconstpointer data)
{
    uint8_t want[1024];

    request(f, 0, 0x80000000u, 5, 1024, true);
    request(f, 3, 0x80000000u | 77, 0, 512, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 2);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 0);
    g_assert_cmpuint(f->v.m.ram[STATUS + 3], ==, 2);
    host_read(f, 5 * 512, want, sizeof(want));
    g_assert_true(memcmp(f->v.m.ram + DATA, want, sizeof(want)) == 0);
}

static void test_bad_requests(Fixture *f, gconstpointer data)
{
    /* past the end of the disk: IOERR, the buffer untouched */
    memset(f->v.m.ram + DATA, 0x11, 4096);
    request(f, 0, 0, DISK_SIZE / 512 - 4, 4096, true);
    /* not a multiple of 512 */
    request(f, 3, 0, 0, 1000, true);
    /* a type that does not exist: UNSUPP */
    request(f, 6, 77, 0, 512, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 3);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 1);
    g_assert_cmpuint(f->v.m.ram[STATUS + 3], ==, 1);
    g_assert_cmpuint(f->v.m.ram[STATUS + 6], ==, 2);
    for (unsigned i = 0; i < 4096; i++) {
        g_assert_cmpuint(f->v.m.ram[DATA + i], ==, 0x11);
    }
    /* GET_ID: the serial, zero-padded to 20 bytes */
    request(f, 0, 8, 0, 20, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 0);
    g_assert_true(memcmp(f->v.m.ram + DATA, "SN42\0\0\0\0", 8) == 0);
    /* a header of 8 bytes: the device needs a reset */
    vf_set_desc(&f->v, 0, 0, HDR, 8, 1, 1);
    vf_set_desc(&f->v, 0, 1, STATUS, 1, 2, 0);
    vf_kick(&f->v, 0, 0);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_true(vf_status(&f->v) & VIRTIO_STATUS_NEEDS_RESET);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 4);
}

/* a reset with requests in flight: they finish on the disk, but nothing
   reaches the rings of the next driver; the device works after it */
static void test_reset_in_flight(Fixture *f, gconstpointer data)
{
    for (unsigned i = 0; i < 4096; i++) {
        f->v.m.ram[DATA + i] = 0x3c;
    }
    request(f, 0, 1, 200, 4096, false);
    request(f, 3, 0, 0, 4096, true);
    vf_cc_write(&f->v, 0x14, 0, 1);
    g_assert_cmpuint(vf_status(&f->v), ==, 0);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 0);
    /* nor anywhere else: after the reset the ring addresses are 0 */
    for (unsigned i = 0; i < 64; i++) {
        g_assert_cmpuint(f->v.m.ram[i], ==, 0);
    }
    /* the write was on its way: it is on the disk */
    {
        uint8_t got[4096];

        host_read(f, 200 * 512, got, sizeof(got));
        for (unsigned i = 0; i < sizeof(got); i++) {
            g_assert_cmpuint(got[i], ==, 0x3c);
        }
    }
    vf_driver_init(&f->v, 0);
    request(f, 0, 0, 200, 512, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 1);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 0);
}

/* a DISCARD (11) or WRITE_ZEROES (13) of n sectors from sector */
static void range_request(Fixture *f, unsigned first, uint32_t type,
                          uint64_t sector, uint32_t n, uint32_t flags)
{
    uint8_t *seg = f->v.m.ram + DATA + 16 * first;

    pci_set_long(seg, (uint32_t)sector);
    pci_set_long(seg + 4, (uint32_t)(sector >> 32));
    pci_set_long(seg + 8, n);
    pci_set_long(seg + 12, flags);
    uint8_t *h = f->v.m.ram + HDR + 16 * first;

    memset(h, 0, 16);
    pci_set_long(h, type);
    /* the range rides between the header and the status */
    vf_set_desc(&f->v, 0, first, HDR + 16 * first, 16, 1, (uint16_t)(first + 1));
    vf_set_desc(&f->v, 0, first + 1, DATA + 16 * first, 16, 1, (uint16_t)(first + 2));
    vf_set_desc(&f->v, 0, first + 2, STATUS + first, 1, 2, 0);
    f->v.m.ram[STATUS + first] = 0xff;
    vf_kick(&f->v, 0, (uint16_t)first);
}

static bool host_zero(Fixture *f, uint64_t off, size_t len)
{
    uint8_t *buf = g_malloc(len);
    bool zero = true;

    host_read(f, off, buf, len);
    for (size_t i = 0; i < len; i++) {
        zero &= buf[i] == 0;
    }
    g_free(buf);
    return zero;
}

static void test_discard_write_zeroes(Fixture *f, gconstpointer data)
{
    /* offered on a writable disk: DISCARD (13), WRITE_ZEROES (14); the
       config says one range a request, 4 KiB discard alignment */
    g_assert_cmphex(vf_offered_lo(&f->v) & (3u << 13), ==, 3u << 13);
    g_assert_cmpuint(vf_dev_read(&f->v, 40, 4), ==, 1);
    g_assert_cmpuint(vf_dev_read(&f->v, 44, 4), ==, 8);

    /* not negotiated (driver_init took none): UNSUPP */
    range_request(f, 0, 11, 64, 8, 0);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 2);

    vf_driver_init(&f->v, 3u << 13);
    /* a discard of 64 KiB from sector 128: the raw file has a hole there
       (fallocate(2) PUNCH_HOLE: it reads as zeros), the rest stays */
    g_assert_false(host_zero(f, 128 * 512, 65536));
    range_request(f, 0, 11, 128, 128, 0);
    /* write-zeroes of 3 sectors from sector 7, with UNMAP allowed */
    range_request(f, 3, 13, 7, 3, 1);
    /* a discard with the UNMAP flag (only write-zeroes has it): UNSUPP */
    range_request(f, 6, 11, 0, 8, 1);
    /* past the end: IOERR */
    range_request(f, 9, 11, DISK_SIZE / 512 - 4, 8, 0);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 4);
    g_assert_cmpuint(f->v.m.ram[STATUS + 0], ==, 0);
    g_assert_cmpuint(f->v.m.ram[STATUS + 3], ==, 0);
    g_assert_cmpuint(f->v.m.ram[STATUS + 6], ==, 2);
    g_assert_cmpuint(f->v.m.ram[STATUS + 9], ==, 1);
    g_assert_true(host_zero(f, 128 * 512, 65536));
    g_assert_false(host_zero(f, 127 * 512, 512));
    g_assert_false(host_zero(f, 256 * 512, 512));
    g_assert_true(host_zero(f, 7 * 512, 3 * 512));
    g_assert_false(host_zero(f, 6 * 512, 512));
    g_assert_false(host_zero(f, 10 * 512, 512));
    g_assert_false(host_zero(f, (DISK_SIZE / 512 - 4) * 512, 2048));
}

/* the drive's counters (query-blockstats): one operation a request,
   however many descriptors carry its data; the bytes the requests asked
   for; a request outside the disk is invalid, not an operation; the
   highest offset written is the end of the last sector written */
static void test_accounting(Fixture *f, gconstpointer data)
{
    const BlockStats *st = f->drive.stats;
    uint8_t *h = f->v.m.ram + HDR;

    /* a read of 4 KiB at sector 8 in two 2 KiB pieces */
    pci_set_long(h, 0);
    pci_set_long(h + 4, 0);
    pci_set_long(h + 8, 8);
    pci_set_long(h + 12, 0);
    vf_set_desc(&f->v, 0, 0, HDR, 16, 1, 1);
    vf_set_desc(&f->v, 0, 1, DATA, 2048, 1 | 2, 2);
    vf_set_desc(&f->v, 0, 2, DATA + 0x1000, 2048, 1 | 2, 3);
    vf_set_desc(&f->v, 0, 3, STATUS, 1, 2, 0);
    vf_kick(&f->v, 0, 0);
    /* a write of 1 KiB at sector 100, a flush, a read past the end */
    request(f, 4, 1, 100, 1024, false);
    request(f, 7, 4, 0, 0, false);
    request(f, 10, 0, DISK_SIZE / 512 - 1, 4096, true);
    blk_aio_ctx_drain(f->v.m.blk_aio);
    g_assert_cmpuint(vf_used_idx(&f->v, 0), ==, 4);
    g_assert_cmpuint(f->v.m.ram[STATUS], ==, 0);
    g_assert_cmpuint(st->ops[BLOCK_ACCT_READ], ==, 1);
    g_assert_cmpuint(st->bytes[BLOCK_ACCT_READ], ==, 4096);
    g_assert_cmpuint(st->invalid[BLOCK_ACCT_READ], ==, 1);
    g_assert_cmpuint(st->failed[BLOCK_ACCT_READ], ==, 0);
    g_assert_cmpuint(st->ops[BLOCK_ACCT_WRITE], ==, 1);
    g_assert_cmpuint(st->bytes[BLOCK_ACCT_WRITE], ==, 1024);
    g_assert_cmpuint(st->wr_highest_offset, ==, 100 * 512 + 1024);
    g_assert_cmpuint(st->ops[BLOCK_ACCT_FLUSH], ==, 1);
    g_assert_cmpuint(st->ops[BLOCK_ACCT_UNMAP], ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false);
#define ADD(name, fn) \
    g_test_add("/virtio-blk/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("read-write-flush", test_read_write_flush);
    ADD("barrier-flag", test_barrier_flag);
    ADD("bad-requests", test_bad_requests);
    ADD("reset-in-flight", test_reset_in_flight);
    ADD("discard-write-zeroes", test_discard_write_zeroes);
    ADD("accounting", test_accounting);
    return g_test_run();
}
