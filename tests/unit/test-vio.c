/*
 * The VIO bus (hw-spapr/vio.c, tce.c, crq.c), driven directly: a machine
 * struct with 1 MiB of RAM and an interrupt controller, a test device
 * model with a 64 KiB DMA window and a CRQ, and the hcalls made as the
 * guest makes them (r3 = opcode, r4.. = arguments).
 *
 * Expected values: the return codes are LoPAPR's (Linux's asm/hvcall.h
 * numbers), the TCE layout (real page number, bit 0x2 write, bit 0x1
 * read) is LoPAPR's, the CRQ message packing (byte 0 in the most
 * significant byte of r5) is that of Linux's ibmvscsi driver, and the
 * device-tree properties are what Linux's pseries vio.c reads.
 */
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "vio-fixture.h"

#define RAM_SIZE VIO_FIXTURE_RAM
#define WINDOW (64u << 10)

typedef struct TestDev {
    int received;
    uint8_t last[16];
    bool echo;          /* answer every message with itself */
    int resets;
} TestDev;

static int64_t test_crq_recv(SpaprVioDevice *dev, const uint8_t *msg)
{
    TestDev *t = dev->priv;

    t->received++;
    memcpy(t->last, msg, 16);
    return t->echo ? spapr_crq_send(dev, msg) : H_SUCCESS;
}

static void test_reset(SpaprVioDevice *dev)
{
    ((TestDev *)dev->priv)->resets++;
}

static bool test_realize(SpaprVioDevice *dev, SpaprDevProps *props,
                         char **err)
{
    const char *v = spapr_devprops_take(props, "echo");

    ((TestDev *)dev->priv)->echo = v && strcmp(v, "on") == 0;
    return true;
}

static const SpaprVioType test_type = {
    .name = "test-vio",
    .dt_name = "v-test",
    .dt_type = "vtest",
    .dt_compat = "IBM,v-test",
    .dma_window = WINDOW,
    .has_crq = true,
    .priv_size = sizeof(TestDev),
    .realize = test_realize,
    .reset = test_reset,
    .crq_recv = test_crq_recv,
};

static const SpaprVioType nodma_type = {
    .name = "test-nodma",
    .dt_name = "v-nodma",
    .dt_type = "vnodma",
    .dt_compat = "IBM,v-nodma",
};

typedef VioFixture Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    vio_fixture_init(f, &test_type);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vio_fixture_fini(f);
}

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (56 - 8 * i));
    }
}

/* ------------------------------------------------------------ the bus */

static void test_unit_addresses(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    SpaprVioDevice *d2, *d3;

    /* no console (the fixture's, as -nodefaults): the NVRAM comes first,
       at 0x71000000 as in QEMU's tree, the devices after it */
    g_assert_cmphex(f->m.console_reg, ==, 0);
    g_assert_cmphex(f->m.nvram_reg, ==, 0x71000000);
    g_assert_cmphex(f->dev->reg, ==, 0x71000001);
    g_assert_cmphex(f->dev->liobn, ==, f->dev->reg);
    g_assert_cmpuint(f->dev->nb_tce, ==, WINDOW / 4096);
    d2 = spapr_vio_create(&f->m, &nodma_type, 0x2000, NULL, &err);
    g_assert_nonnull(d2);
    d3 = spapr_vio_create(&f->m, &nodma_type, 0, NULL, &err);
    g_assert_nonnull(d3);
    g_assert_cmphex(d3->reg, ==, 0x71000002);
    /* distinct interrupt sources, none of them the vty's */
    g_assert_cmpuint(f->dev->irq, !=, SPAPR_VTY_IRQ);
    g_assert_cmpuint(d2->irq, !=, f->dev->irq);
    g_assert_cmpuint(d3->irq, !=, d2->irq);
    g_assert_true(xics_claimed(f->m.xics, d3->irq));

    /* clashes */
    g_assert_null(spapr_vio_create(&f->m, &nodma_type, 0x2000, NULL, &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, g_free);
    g_assert_null(spapr_vio_create(&f->m, &nodma_type, SPAPR_VTY_REG, NULL,
                                   &err));
    g_clear_pointer(&err, g_free);
    /* the console of a -device spapr-vty takes the next free address,
       then the counter goes on past it; reg= leaves the counter alone */
    g_assert_true(spapr_vio_console_reg(&f->m, 0, &err));
    g_assert_cmphex(f->m.console_reg, ==, 0x71000003);
    SpaprVioDevice *d5 = spapr_vio_create(&f->m, &nodma_type, 0x71000005,
                                          NULL, &err);
    g_assert_nonnull(d5);
    SpaprVioDevice *d4 = spapr_vio_create(&f->m, &nodma_type, 0, NULL, &err);
    g_assert_cmphex(d4->reg, ==, 0x71000004);
    SpaprVioDevice *d6 = spapr_vio_create(&f->m, &nodma_type, 0, NULL, &err);
    g_assert_cmphex(d6->reg, ==, 0x71000006);
    g_assert_null(spapr_vio_create(&f->m, &nodma_type, 0x71000003, NULL,
                                   &err));
    g_clear_pointer(&err, g_free);

    g_assert_true(spapr_vio_find(&f->m, 0x2000) == d2);
    g_assert_null(spapr_vio_find(&f->m, 0x2001));
    /* a device without DMA has no LIOBN */
    g_assert_null(spapr_vio_find_liobn(&f->m, 0x2000));
    g_assert_true(spapr_vio_find_liobn(&f->m, f->dev->reg) == f->dev);
}

/* with a console from -serial (QEMU's default, -nographic): its vty is
   0x71000000, the NVRAM 0x71000001, the devices from 0x71000002 */
static void test_unit_addresses_console(void)
{
    SpaprConfig cfg = { .console = { .kind = CHARDEV_NULL } };
    SpaprMachine m = { .cfg = &cfg };
    char *err = NULL;

    spapr_vio_bus_init(&m);
    g_assert_cmphex(m.console_reg, ==, 0x71000000);
    g_assert_cmphex(m.nvram_reg, ==, 0x71000001);
    SpaprVioDevice *d = spapr_vio_create(&m, &nodma_type, 0, NULL, &err);
    g_assert_nonnull(d);
    g_assert_cmphex(d->reg, ==, 0x71000002);
    g_assert_null(spapr_vio_create(&m, &nodma_type, 0x71000001, NULL, &err));
    g_clear_pointer(&err, g_free);
    spapr_vio_bus_free(&m);
}

static void test_devprops(void)
{
    char *err = NULL;
    SpaprDevProps *p = spapr_devprops_parse("spapr-x,id=a,,b,reg=0x2000,"
                                            "flag", &err);

    g_assert_nonnull(p);
    g_assert_cmpstr(spapr_devprops_driver(p), ==, "spapr-x");
    g_assert_cmpstr(spapr_devprops_take(p, "id"), ==, "a,b");
    g_assert_cmpstr(spapr_devprops_take(p, "reg"), ==, "0x2000");
    g_assert_null(spapr_devprops_take(p, "nothing"));
    g_assert_false(spapr_devprops_check_taken(p, &err));
    g_assert_cmpstr(err, ==, "Property 'spapr-x.flag' not found");
    g_clear_pointer(&err, g_free);
    g_assert_cmpstr(spapr_devprops_take(p, "flag"), ==, "on");
    g_assert_true(spapr_devprops_check_taken(p, &err));
    spapr_devprops_free(p);

    p = spapr_devprops_parse("driver=spapr-y,id=b", &err);
    g_assert_cmpstr(spapr_devprops_driver(p), ==, "spapr-y");
    spapr_devprops_free(p);

    g_assert_null(spapr_devprops_parse("", &err));
    g_clear_pointer(&err, g_free);
    g_assert_null(spapr_devprops_parse("x,=1", &err));
    g_clear_pointer(&err, g_free);
    g_assert_null(spapr_devprops_parse("id=a", &err));
    g_clear_pointer(&err, g_free);
}

static void test_vio_add(Fixture *f, gconstpointer data)
{
    char *err = NULL;
    SpaprDevProps *p;

    /* test-vio is not a model -device knows */
    p = spapr_devprops_parse("test-vio,id=x", &err);
    g_assert_false(spapr_vio_add(&f->m, p, &err));
    g_assert_cmpstr(err, ==, "'test-vio' is not a valid device model name");
    g_clear_pointer(&err, g_free);
    spapr_devprops_free(p);
}

static void test_reset_clears(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(HC(f, H_PUT_TCE, f->dev->liobn, 0, 0x1003, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(f, H_REG_CRQ, f->dev->reg, 0, 4096, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(f, H_VIO_SIGNAL, f->dev->reg, 1, 0, 0), ==,
                    H_SUCCESS);
    spapr_vio_reset(&f->m);
    g_assert_cmphex(f->dev->tce[0], ==, 0);
    g_assert_cmpuint(f->dev->crq.size, ==, 0);
    g_assert_false(f->dev->irq_enabled);
    g_assert_cmpint(((TestDev *)f->dev->priv)->resets, ==, 1);
}

static void test_fdt(Fixture *f, gconstpointer data)
{
    uint8_t *fdt = g_malloc0(8192);
    const fdt32_t *win, *irq;
    int node, len;

    g_assert_cmpint(fdt_create_empty_tree(fdt, 8192), ==, 0);
    g_assert_cmpint(fdt_add_subnode(fdt, 0, "vdevice"), >=, 0);
    g_assert_cmpint(spapr_vio_fdt(&f->m, fdt), ==, 0);
    node = fdt_path_offset(fdt, "/vdevice/v-test@71000001");
    g_assert_cmpint(node, >=, 0);
    g_assert_cmpstr(fdt_getprop(fdt, node, "device_type", NULL), ==,
                    "vtest");
    g_assert_cmpstr(fdt_getprop(fdt, node, "compatible", NULL), ==,
                    "IBM,v-test");
    g_assert_cmphex(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
                        fdt, node, "reg", NULL)), ==, 0x71000001);
    irq = fdt_getprop(fdt, node, "interrupts", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(irq[0]), ==, f->dev->irq);
    g_assert_cmpuint(fdt32_to_cpu(irq[1]), ==, 0);
    /* <liobn> <2 cells of address> <2 cells of size> */
    win = fdt_getprop(fdt, node, "ibm,my-dma-window", &len);
    g_assert_cmpint(len, ==, 20);
    g_assert_cmphex(fdt32_to_cpu(win[0]), ==, f->dev->liobn);
    g_assert_cmphex(fdt32_to_cpu(win[1]) | fdt32_to_cpu(win[2]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(win[3]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(win[4]), ==, WINDOW);
    g_assert_cmphex(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
                        fdt, node, "ibm,#dma-address-cells", NULL)), ==, 2);
    g_assert_cmphex(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
                        fdt, node, "ibm,#dma-size-cells", NULL)), ==, 2);
    g_free(fdt);
}

/* ------------------------------------------------------------ TCE hcalls */

static void test_put_get_tce(Fixture *f, gconstpointer data)
{
    uint64_t liobn = f->dev->liobn;

    /* bad LIOBN, outside the window, a page beyond RAM */
    g_assert_cmpint(HC(f, H_PUT_TCE, 0x1234, 0, 0x1003, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE, liobn, WINDOW, 0x1003, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE, liobn, ~0ull, 0x1003, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE, liobn, 0, RAM_SIZE | 3, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_GET_TCE, liobn, WINDOW, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_GET_TCE, 0, 0, 0, 0), ==, H_PARAMETER);
    /* clearing (no permission) any page number is fine */
    g_assert_cmpint(HC(f, H_PUT_TCE, liobn, 0, RAM_SIZE, 0), ==,
                    H_SUCCESS);

    /* the low 12 bits of the I/O address are the offset in the page */
    g_assert_cmpint(HC(f, H_PUT_TCE, liobn, 0x2fff, 0x5002, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(f, H_GET_TCE, liobn, 0x2000, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->gpr[4], ==, 0x5002);
    g_assert_cmphex(f->dev->tce[2], ==, 0x5002);
}

static void test_stuff_tce(Fixture *f, gconstpointer data)
{
    uint64_t liobn = f->dev->liobn, n = WINDOW / 4096;

    g_assert_cmpint(HC(f, H_STUFF_TCE, liobn, 0x1000, 0x3, n), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_STUFF_TCE, liobn, 0, RAM_SIZE | 1, 1), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_STUFF_TCE, 7, 0, 0, 1), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_STUFF_TCE, liobn, 0x1000, 0x8003, n - 1), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->dev->tce[0], ==, 0);
    g_assert_cmphex(f->dev->tce[1], ==, 0x8003);
    g_assert_cmphex(f->dev->tce[n - 1], ==, 0x8003);
    g_assert_cmpint(HC(f, H_STUFF_TCE, liobn, 0x1000, 0, n - 1), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->dev->tce[n - 1], ==, 0);
}

static void test_put_tce_indirect(Fixture *f, gconstpointer data)
{
    uint64_t liobn = f->dev->liobn, list = 0x4000;
    uint8_t *l = f->m.ram + list;

    for (int i = 0; i < 4; i++) {
        put_be64(l + 8 * i, 0x10000 + 0x1000 * i + 3);
    }
    /* unaligned list, too many, past the window, list beyond RAM */
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, 0, list + 8, 4), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, 0, list, 513), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, WINDOW - 0x2000,
                          list, 4), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, 0, RAM_SIZE, 1), ==,
                    H_PARAMETER);
    /* one bad TCE: none installed */
    put_be64(l + 8 * 3, RAM_SIZE + 3);
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, 0, list, 4), ==,
                    H_PARAMETER);
    g_assert_cmphex(f->dev->tce[0], ==, 0);
    put_be64(l + 8 * 3, 0x13003);
    g_assert_cmpint(HC(f, H_PUT_TCE_INDIRECT, liobn, 0x1000, list, 4), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->dev->tce[0], ==, 0);
    g_assert_cmphex(f->dev->tce[1], ==, 0x10003);
    g_assert_cmphex(f->dev->tce[4], ==, 0x13003);
    g_assert_cmphex(f->dev->tce[5], ==, 0);
}

/* ------------------------------------------------------------ DMA */

static void test_dma(Fixture *f, gconstpointer data)
{
    uint64_t liobn = f->dev->liobn;
    uint8_t buf[8192], zero[8192] = { 0 };

    /* I/O page 0 -> RAM 0x10000 read-only, page 1 -> 0x20000 read/write,
       page 2 -> 0x30000 write-only, page 3 unmapped */
    HC(f, H_PUT_TCE, liobn, 0x0000, 0x10000 | SPAPR_TCE_READ, 0);
    HC(f, H_PUT_TCE, liobn, 0x1000, 0x20000 | 3, 0);
    HC(f, H_PUT_TCE, liobn, 0x2000, 0x30000 | SPAPR_TCE_WRITE, 0);
    memset(f->m.ram + 0x10000, 0xaa, 4096);
    memset(f->m.ram + 0x20000, 0xbb, 4096);

    /* a read across pages 0 and 1 */
    g_assert_cmpint(spapr_vio_dma_read(f->dev, 0xff0, buf, 32), ==,
                    H_SUCCESS);
    g_assert_cmphex(buf[15], ==, 0xaa);
    g_assert_cmphex(buf[16], ==, 0xbb);
    /* reading a write-only page, an unmapped one, beyond the window */
    g_assert_cmpint(spapr_vio_dma_read(f->dev, 0x2000, buf, 1), ==,
                    H_PERMISSION);
    g_assert_cmpint(spapr_vio_dma_read(f->dev, 0x3000, buf, 1), ==,
                    H_PARAMETER);
    g_assert_cmpint(spapr_vio_dma_read(f->dev, WINDOW - 1, buf, 2), ==,
                    H_PARAMETER);
    g_assert_cmpint(spapr_vio_dma_read(f->dev, ~0ull, buf, 2), ==,
                    H_PARAMETER);

    /* writing the read-only page fails; so does a write that starts on
       the writable page and runs into the unmapped one, and it leaves
       the writable page untouched */
    memset(buf, 0x55, sizeof(buf));
    g_assert_cmpint(spapr_vio_dma_write(f->dev, 0x0, buf, 16), ==,
                    H_PERMISSION);
    g_assert_cmphex(f->m.ram[0x10000], ==, 0xaa);
    g_assert_cmpint(spapr_vio_dma_write(f->dev, 0x2800, buf, 0x1000), ==,
                    H_PARAMETER);
    g_assert_cmpmem(f->m.ram + 0x30000, 4096, zero, 4096);
    g_assert_cmpint(spapr_vio_dma_fill(f->dev, 0x0, 0, 1), ==,
                    H_PERMISSION);
    /* a write across pages 1 and 2 lands in both */
    g_assert_cmpint(spapr_vio_dma_write(f->dev, 0x1ff8, buf, 16), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->m.ram[0x20ff8], ==, 0x55);
    g_assert_cmphex(f->m.ram[0x30007], ==, 0x55);
    g_assert_cmphex(f->m.ram[0x30008], ==, 0);

    /* big-endian words */
    g_assert_cmpint(spapr_vio_dma_st32(f->dev, 0x1000, 0x11223344), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->m.ram[0x20000], ==, 0x11);
    g_assert_cmpint(spapr_vio_dma_st64(f->dev, 0x1008, 0x0102030405060708),
                    ==, H_SUCCESS);
    uint32_t w;
    uint64_t d;
    g_assert_cmpint(spapr_vio_dma_ld32(f->dev, 0x1000, &w), ==, H_SUCCESS);
    g_assert_cmphex(w, ==, 0x11223344);
    g_assert_cmpint(spapr_vio_dma_ld64(f->dev, 0x1008, &d), ==, H_SUCCESS);
    g_assert_cmphex(d, ==, 0x0102030405060708);
    g_assert_cmpint(spapr_vio_dma_ld64(f->dev, 0x3000, &d), ==, H_PARAMETER);
    /* a zero-length transfer is always fine */
    g_assert_cmpint(spapr_vio_dma_read(f->dev, WINDOW * 2, buf, 0), ==,
                    H_SUCCESS);
}

/* ------------------------------------------------------------ CRQ */

/* maps I/O page 0 onto RAM 0x40000 read/write and registers it as the
   CRQ ring */
static void crq_setup(Fixture *f)
{
    g_assert_cmpint(HC(f, H_PUT_TCE, f->dev->liobn, 0, 0x40000 | 3, 0),
                    ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_REG_CRQ, f->dev->reg, 0, 4096, 0), ==,
                    H_SUCCESS);
}

static void test_crq_reg(Fixture *f, gconstpointer data)
{
    uint64_t unit = f->dev->reg;

    g_assert_cmpint(HC(f, H_REG_CRQ, 0x1234, 0, 4096, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0x10, 4096, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0, 100, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0, WINDOW + 4096, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, WINDOW, 4096, 0), ==,
                    H_PARAMETER);
    /* sending before registering: nobody could answer */
    g_assert_cmpint(HC(f, H_SEND_CRQ, unit, 0xc001ull << 48, 0, 0), ==,
                    H_CLOSED);
    crq_setup(f);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0, 4096, 0), ==, H_RESOURCE);
    g_assert_cmpint(HC(f, H_FREE_CRQ, unit, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_FREE_CRQ, unit, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_FREE_CRQ, 0x1234, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REG_CRQ, unit, 0, 4096, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_ENABLE_CRQ, unit, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_ENABLE_CRQ, 0x1234, 0, 0, 0), ==,
                    H_PARAMETER);
}

static void test_crq_send(Fixture *f, gconstpointer data)
{
    TestDev *t = f->dev->priv;
    uint8_t *ring = f->m.ram + 0x40000;
    static const uint8_t expect[16] = { 0xc0, 0x01, 2, 3, 4, 5, 6, 7,
                                        8, 9, 10, 11, 12, 13, 14, 15 };

    crq_setup(f);
    t->echo = true;
    g_assert_cmpint(HC(f, H_SEND_CRQ, f->dev->reg, 0xc001020304050607,
                          0x08090a0b0c0d0e0f, 0), ==, H_SUCCESS);
    g_assert_cmpint(t->received, ==, 1);
    g_assert_cmpmem(t->last, 16, expect, 16);
    /* echoed into the first entry of the ring */
    g_assert_cmpmem(ring, 16, expect, 16);
    g_assert_cmpint(HC(f, H_SEND_CRQ, 0x1234, 0, 0, 0), ==, H_PARAMETER);

    /* fill the ring: 256 entries, the first one is taken already */
    for (int i = 1; i < 256; i++) {
        g_assert_cmpint(HC(f, H_SEND_CRQ, f->dev->reg, 0x8000ull << 48 | i,
                              0, 0), ==, H_SUCCESS);
    }
    g_assert_cmphex(ring[4095 - 15], ==, 0x80);
    /* full: the next entry (0, wrapped around) is still the guest's */
    g_assert_cmpint(HC(f, H_SEND_CRQ, f->dev->reg, 0x8000ull << 48, 0, 0),
                    ==, H_DROPPED);
    /* the guest consumes entry 0: the next message goes there */
    ring[0] = 0;
    g_assert_cmpint(HC(f, H_SEND_CRQ, f->dev->reg, 0x81ull << 56, 0, 0),
                    ==, H_SUCCESS);
    g_assert_cmphex(ring[0], ==, 0x81);

    /* the ring unmapped under the device: the send fails, nothing moves */
    memset(ring, 0, 4096);
    HC(f, H_PUT_TCE, f->dev->liobn, 0, 0, 0);
    g_assert_cmpint(spapr_crq_send(f->dev, expect), ==, H_PARAMETER);
    g_assert_cmphex(ring[16], ==, 0);
}

static void test_vio_signal(Fixture *f, gconstpointer data)
{
    static const uint8_t msg[16] = { 0x80 };

    crq_setup(f);
    /* deliver the device's source to server 0 at priority 5 */
    g_assert_cmpint(xics_set_xive(f->m.xics, f->dev->irq, 0, 5), ==, 0);
    xics_set_cppr(f->m.xics, 0, 0xff);
    g_assert_cmpint(HC(f, H_VIO_SIGNAL, f->dev->reg, 2, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_VIO_SIGNAL, 0x1234, 1, 0, 0), ==,
                    H_PARAMETER);
    /* off: a message raises nothing */
    g_assert_cmpint(spapr_crq_send(f->dev, msg), ==, H_SUCCESS);
    g_assert_false(xics_output(f->m.xics, 0));
    g_assert_cmpint(HC(f, H_VIO_SIGNAL, f->dev->reg, 1, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(spapr_crq_send(f->dev, msg), ==, H_SUCCESS);
    g_assert_true(xics_output(f->m.xics, 0));
    g_assert_cmphex(xics_accept(f->m.xics, 0) & XICS_XISR_MASK, ==,
                    f->dev->irq);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* DMA writes invalidate translated code: the TB cache must exist */
    accel_init(4u << 20, false);
#define ADD(name, fn) \
    g_test_add("/vio/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("unit-addresses", test_unit_addresses);
    g_test_add_func("/vio/devprops", test_devprops);
    g_test_add_func("/vio/unit-addresses-console",
                    test_unit_addresses_console);
    ADD("add", test_vio_add);
    ADD("reset", test_reset_clears);
    ADD("fdt", test_fdt);
    ADD("tce/put-get", test_put_get_tce);
    ADD("tce/stuff", test_stuff_tce);
    ADD("tce/indirect", test_put_tce_indirect);
    ADD("dma", test_dma);
    ADD("crq/register", test_crq_reg);
    ADD("crq/send", test_crq_send);
    ADD("crq/vio-signal", test_vio_signal);
    return g_test_run();
}
