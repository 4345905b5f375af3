/*
 * spapr-vscsi (hw-spapr/vscsi.c) driven as Linux's ibmvscsi drives it:
 * TCEs, a CRQ, then SRP information units written into guest memory and
 * announced with H_SEND_CRQ; the answers are read back from the ring and
 * the IU buffer.
 *
 * Expected values: the IU layouts and codes are those of Linux's
 * include/scsi/srp.h and drivers/scsi/ibmvscsi/viosrp.h (SRP_LOGIN_RSP
 * 0xc0, SRP_RSP 0xc1, SRP_RSP_FLAG_SNSVALID 0x02, MAD status 0), the CRQ
 * init handshake is 0xc0 0x01 -> 0xc0 0x02, the LUN encoding is
 * ibmvscsi's lun_from_dev (0x8000 | target << 8 | lun), the SCSI data is
 * what SPC-4 says and what the test wrote into the image.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "spapr-vscsi.h"
#include "vio-fixture.h"

/* guest memory behind I/O pages: the CRQ ring, the IU, data (rw), data
   (read-only for the device: it may read, not write) */
#define RING 0x40000
#define IU 0x50000
#define DATA 0x60000
#define RODATA 0x70000
#define IOBA_RING 0x0000
#define IOBA_IU 0x1000
#define IOBA_DATA 0x2000
#define IOBA_RO 0x4000

typedef struct Fixture {
    VioFixture v;
    char *dir, *path;
    unsigned next;      /* the next ring entry to read */
} Fixture;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    uint8_t img[64 * 512];

    memset(f, 0, sizeof(*f));
    vio_fixture_init(&f->v, &spapr_vscsi_type);

    for (unsigned i = 0; i < sizeof(img); i++) {
        img[i] = (uint8_t)(i / 512 + i);
    }
    f->dir = g_dir_make_tmp("powerjit-vscsi-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "d.img", NULL);
    g_assert_true(g_file_set_contents(f->path, (char *)img, sizeof(img),
                                      NULL));
    BlockOpenOpts o = { .file = f->path };
    g_assert_true(spapr_vscsi_attach(
        f->v.dev, scsi_device_new(blk_open(&o, &err), false, 0, 0, "d0"),
        &err));
    /* a second unit at scsi-id 0 lun 0 is refused */
    g_assert_false(spapr_vscsi_attach(
        f->v.dev, scsi_device_new(NULL, true, 0, 0, NULL), &err));
    g_clear_pointer(&err, g_free);
    g_assert_true(spapr_vscsi_attach(
        f->v.dev, scsi_device_new(NULL, true, 0, 3, NULL), &err));

    uint64_t liobn = f->v.dev->liobn;
    g_assert_cmpint(HC(&f->v, H_PUT_TCE, liobn, IOBA_RING, RING | 3, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(&f->v, H_PUT_TCE, liobn, IOBA_IU, IU | 3, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(&f->v, H_PUT_TCE, liobn, IOBA_DATA, DATA | 3, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(&f->v, H_PUT_TCE, liobn, IOBA_DATA + 0x1000,
                          (DATA + 0x1000) | 3, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(&f->v, H_PUT_TCE, liobn, IOBA_RO,
                          RODATA | SPAPR_TCE_READ, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(&f->v, H_REG_CRQ, f->v.dev->reg, IOBA_RING, 4096, 0),
                    ==, H_SUCCESS);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vio_fixture_fini(&f->v);
    g_unlink(f->path);
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
}

/* the next answer on the ring (then handed back to the device) */
static void next_crq(Fixture *f, uint8_t *crq)
{
    uint8_t *e = f->v.m.ram + RING + 16 * f->next;

    memcpy(crq, e, 16);
    g_assert_cmphex(crq[0], !=, 0);
    e[0] = 0;
    f->next++;
}

/* sends the IU in RAM at IU, len bytes, as ibmvscsi does */
static int64_t send_iu(Fixture *f, uint8_t format, size_t len)
{
    return HC(&f->v, H_SEND_CRQ, f->v.dev->reg,
                 0x80ull << 56 | (uint64_t)format << 48 | len, IOBA_IU, 0);
}

static void login(Fixture *f)
{
    uint8_t *iu = f->v.m.ram + IU, crq[16];

    /* the init handshake */
    g_assert_cmpint(HC(&f->v, H_SEND_CRQ, f->v.dev->reg, 0xc001ull << 48, 0, 0),
                    ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(crq[0], ==, 0xc0);
    g_assert_cmphex(crq[1], ==, 0x02);

    memset(iu, 0, 64);
    iu[0] = 0x00;                       /* SRP_LOGIN_REQ */
    put64(iu + 8, 0x1122334455667788);
    put32(iu + 16, 256);
    g_assert_cmpint(send_iu(f, 1, 64), ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(crq[0], ==, 0x80);
    g_assert_cmphex(crq[1], ==, 0x01);
    g_assert_cmpuint(crq[6] << 8 | crq[7], ==, 52);
    g_assert_cmpmem(crq + 8, 8, iu + 8, 8);     /* the tag */
    g_assert_cmphex(iu[0], ==, 0xc0);           /* SRP_LOGIN_RSP */
    g_assert_cmpuint(get32(iu + 4), >, 0);      /* credits */
    g_assert_cmpuint(get32(iu + 16), ==, 256);
}

/* an SRP_CMD with one direct data-in descriptor (in_len 0: none) */
static void srp_cmd(Fixture *f, uint16_t lun, const uint8_t *cdb,
                    uint64_t va, uint32_t in_len)
{
    uint8_t *iu = f->v.m.ram + IU;

    memset(iu, 0, 256);
    iu[0] = 0x02;
    iu[5] = in_len ? 0x01 : 0;          /* data-in: direct */
    iu[7] = in_len ? 1 : 0;
    put64(iu + 8, 0xabcdef0012345678);
    iu[20] = (uint8_t)(lun >> 8);
    iu[21] = (uint8_t)lun;
    memcpy(iu + 32, cdb, 16);
    put64(iu + 48, va);
    put32(iu + 60, in_len);
    g_assert_cmpint(send_iu(f, 1, 64), ==, H_SUCCESS);
}

/* the SRP_RSP for the last command: status, and the sense key if any */
static uint8_t rsp_status(Fixture *f, uint8_t *key)
{
    uint8_t *iu = f->v.m.ram + IU, crq[16];

    next_crq(f, crq);
    g_assert_cmphex(crq[1], ==, 0x01);
    g_assert_cmphex(get32(crq + 8), ==, 0xabcdef00);
    g_assert_cmphex(iu[0], ==, 0xc1);
    g_assert_cmpuint(get32(iu + 4), ==, 1);     /* one credit back */
    *key = (iu[18] & 0x02) ? iu[36 + 2] : 0xff;
    return iu[19];
}

static void test_login_inquiry(Fixture *f, gconstpointer data)
{
    uint8_t key, *d = f->v.m.ram + DATA;

    login(f);
    srp_cmd(f, 0x8000, (const uint8_t[16]){ 0x12, 0, 0, 0, 36 }, IOBA_DATA,
            36);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);
    g_assert_cmphex(key, ==, 0xff);
    g_assert_cmpmem(d + 16, 16, "QEMU HARDDISK   ", 16);

    /* target 5 has nothing: INQUIRY says qualifier 3 */
    srp_cmd(f, 0x8500, (const uint8_t[16]){ 0x12, 0, 0, 0, 36 }, IOBA_DATA,
            36);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);
    g_assert_cmphex(d[0], ==, 0x7f);
    /* other commands to it: LOGICAL UNIT NOT SUPPORTED */
    srp_cmd(f, 0x8500, (const uint8_t[16]){ 0x00 }, 0, 0);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    g_assert_cmphex(key, ==, 0x05);
    g_assert_cmphex(f->v.m.ram[IU + 36 + 12], ==, 0x25);

    /* REPORT LUNS: lun 0 and lun 3 */
    srp_cmd(f, 0x8000,
            (const uint8_t[16]){ 0xa0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
            IOBA_DATA, 256);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);
    g_assert_cmpuint(get32(d), ==, 16);
    g_assert_cmpuint(d[8 + 1], ==, 0);
    g_assert_cmpuint(d[16 + 1], ==, 3);
    /* the empty CD-ROM at lun 3 */
    srp_cmd(f, 0x8003, (const uint8_t[16]){ 0x00 }, 0, 0);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    g_assert_cmphex(key, ==, 0x02);
}

static void test_read_dma(Fixture *f, gconstpointer data)
{
    uint8_t key, zero[512] = { 0 };
    static const uint8_t read1[16] = { 0x28, 0, 0, 0, 0, 2, 0, 0, 1, 0 };

    login(f);
    srp_cmd(f, 0x8000, read1, IOBA_DATA + 0x800, 512);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);
    g_assert_cmphex(f->v.m.ram[DATA + 0x800], ==, 2);
    g_assert_cmphex(f->v.m.ram[DATA + 0x801], ==, 3);
    /* into a page the device may only read: the command fails with
       HARDWARE ERROR and the page is untouched */
    srp_cmd(f, 0x8000, read1, IOBA_RO, 512);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    g_assert_cmphex(key, ==, 0x04);
    g_assert_cmpmem(f->v.m.ram + RODATA, 512, zero, 512);
    /* outside the window, and unmapped */
    srp_cmd(f, 0x8000, read1, 0x10000000, 512);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    srp_cmd(f, 0x8000, read1, 0x8000, 512);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    g_assert_cmphex(key, ==, 0x04);
}

static void test_write_indirect(Fixture *f, gconstpointer data)
{
    uint8_t *iu = f->v.m.ram + IU, key;
    static const uint8_t write2[16] = { 0x2a, 0, 0, 0, 0, 5, 0, 0, 2, 0 };
    static const uint8_t read2[16] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 2, 0 };

    login(f);
    /* data-out in two pieces through an indirect table in the IU: 512
       bytes from the read-only page, 512 from the data page */
    memset(f->v.m.ram + RODATA, 0x11, 512);
    memset(f->v.m.ram + DATA, 0x22, 512);
    memset(iu, 0, 256);
    iu[0] = 0x02;
    iu[5] = 0x20;                       /* data-out: indirect */
    iu[6] = 2;
    put64(iu + 8, 0xabcdef0000000001);
    iu[20] = 0x80;
    memcpy(iu + 32, write2, 16);
    put32(iu + 48 + 12, 32);            /* table: 2 descriptors */
    put32(iu + 48 + 16, 1024);          /* total */
    put64(iu + 68, IOBA_RO);
    put32(iu + 68 + 12, 512);
    put64(iu + 84, IOBA_DATA);
    put32(iu + 84 + 12, 512);
    g_assert_cmpint(send_iu(f, 1, 100), ==, H_SUCCESS);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);

    srp_cmd(f, 0x8000, read2, IOBA_DATA + 0x1000, 1024);
    g_assert_cmphex(rsp_status(f, &key), ==, 0);
    g_assert_cmphex(f->v.m.ram[DATA + 0x1000], ==, 0x11);
    g_assert_cmphex(f->v.m.ram[DATA + 0x1000 + 511], ==, 0x11);
    g_assert_cmphex(f->v.m.ram[DATA + 0x1000 + 512], ==, 0x22);

    /* an indirect table claiming more descriptors than fit in the IU
       and an external table the TCEs do not map */
    iu[6] = 1;
    put32(iu + 48 + 12, 16 * 20);
    put64(iu + 48, 0x9000);
    g_assert_cmpint(send_iu(f, 1, 100), ==, H_SUCCESS);
    g_assert_cmphex(rsp_status(f, &key), ==, 2);
    g_assert_cmphex(key, ==, 0x05);
}

static void test_mad_tmf(Fixture *f, gconstpointer data)
{
    uint8_t *iu = f->v.m.ram + IU, crq[16];

    login(f);
    /* MAD adapter info into the data page */
    memset(iu, 0, 24);
    put32(iu, 0x03);
    iu[6] = 0;
    iu[7] = 148;
    put64(iu + 8, 0x55);
    put64(iu + 16, IOBA_DATA);
    g_assert_cmpint(send_iu(f, 2, 24), ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(crq[1], ==, 0x02);          /* MAD format */
    g_assert_cmphex(iu[4] << 8 | iu[5], ==, 0); /* status: success */
    g_assert_cmpmem(f->v.m.ram + DATA, 4, "16.a", 4);
    g_assert_cmpuint(get32(f->v.m.ram + DATA + 116), ==, VSCSI_MAX_TRANSFER);
    /* an unknown MAD: not supported */
    put32(iu, 0x02);
    g_assert_cmpint(send_iu(f, 2, 24), ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(iu[4] << 8 | iu[5], ==, 0xf1);

    /* ABORT TASK: complete; an unknown function: not supported */
    memset(iu, 0, 48);
    iu[0] = 0x01;
    put64(iu + 8, 0xabcdef0000000002);
    iu[20] = 0x80;
    iu[30] = 0x01;
    g_assert_cmpint(send_iu(f, 1, 48), ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(iu[0], ==, 0xc1);
    g_assert_cmphex(iu[18] & 0x01, ==, 0x01);   /* RSPVALID */
    g_assert_cmphex(iu[36 + 3], ==, 0x00);
    memset(iu, 0, 48);
    iu[0] = 0x01;
    iu[30] = 0x77;
    g_assert_cmpint(send_iu(f, 1, 48), ==, H_SUCCESS);
    next_crq(f, crq);
    g_assert_cmphex(iu[36 + 3], ==, 0x04);

    /* malformed: an IU too short, an IU outside the window, an unknown
       CRQ byte */
    g_assert_cmpint(send_iu(f, 1, 8), ==, H_PARAMETER);
    g_assert_cmpint(HC(&f->v, H_SEND_CRQ, f->v.dev->reg, 0x8001ull << 48 | 64,
                          0x20000000, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(&f->v, H_SEND_CRQ, f->v.dev->reg, 0x42ull << 56, 0, 0),
                    ==, H_PARAMETER);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false);
#define ADD(name, fn) \
    g_test_add("/vscsi/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("login-inquiry", test_login_inquiry);
    ADD("read-dma", test_read_dma);
    ADD("write-indirect", test_write_indirect);
    ADD("mad-tmf", test_mad_tmf);
    return g_test_run();
}
