/*
 * The PCI host bridge, config space, MSI-X and virtio-pci (hw-pci/),
 * driven directly: a machine with 1 MiB of RAM, XICS, the default PHB and
 * a virtio-rng-pci in slot 0, reached through the MMIO windows as the
 * guest reaches them and through the RTAS calls.
 *
 * Expected values: register layouts and the BAR sizing rule from PCI
 * Local Bus 3.0 (6.1, 6.2.5.1, 6.8.2), the ring layout, status bits and
 * the DEVICE_NEEDS_RESET rule from virtio 1.1 (2.1, 2.6), the RTAS
 * argument conventions and ibm,change-msi functions from LoPAPR (Linux's
 * pseries msi.c numbers), the window addresses from QEMU's pseries.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "log.h"
#include "virtio-fixture.h"

#define BAR1_PA (SPAPR_PCI_BASE + SPAPR_PCI_MEM32_WIN_SIZE)
/* queue 0's rings; indirect tables from 0x4000, buffers from 0x8000 */
#define DESC VF_DESC(0)
#define AVAIL VF_AVAIL(0)
#define USED VF_USED(0)
#define QSIZE 8

typedef VirtioFixture Fixture;

/* the driver's side of 3.1.1 with every feature offered in bits 0-31
   (INDIRECT_DESC among them); the tables and buffers below the rings
   cleared too, as the checks that a bad chain left them untouched need */
static void driver_init(Fixture *f)
{
    vf_driver_init(f, vf_offered_lo(f));
    memset(f->m.ram, 0, VF_DESC(0));
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    vf_machine_init(f, 1, QSIZE);
    vf_device_add(f, "virtio-rng-pci,addr=0");
    driver_init(f);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vf_fini(f);
}

static bool all_zero(Fixture *f, uint64_t a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (f->m.ram[a + i]) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------ rings */

static void test_good_chains(Fixture *f, gconstpointer data)
{
    /* direct: two writable buffers */
    vf_set_desc_at(f, DESC, 0, 0x8000, 64, 1 | 2, 1);
    vf_set_desc_at(f, DESC, 1, 0x8100, 32, 2, 0);
    vf_kick(f, 0, 0);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 1);
    g_assert_cmpuint(vf_used_id(f, 0, 0), ==, 0);
    g_assert_cmpuint(vf_used_len(f, 0, 0), ==, 96);
    g_assert_false(all_zero(f, 0x8000, 64));
    g_assert_false(all_zero(f, 0x8100, 32));
    /* indirect: a table of two */
    vf_set_desc_at(f, 0x4000, 0, 0x9000, 16, 1 | 2, 1);
    vf_set_desc_at(f, 0x4000, 1, 0x9100, 16, 2, 0);
    vf_set_desc_at(f, DESC, 2, 0x4000, 32, 4, 0);
    vf_kick(f, 0, 2);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 2);
    g_assert_cmpuint(vf_used_id(f, 0, 1), ==, 2);
    g_assert_cmpuint(vf_used_len(f, 0, 1), ==, 32);
    g_assert_false(vf_status(f) & VIRTIO_STATUS_NEEDS_RESET);
}

/* each bad chain: NEEDS_RESET, no used entry, the buffers untouched; a
   reset brings the device back */
static void expect_broken(Fixture *f, uint16_t head)
{
    vf_kick(f, 0, head);
    g_assert_true(vf_status(f) & VIRTIO_STATUS_NEEDS_RESET);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 0);
    g_assert_true(all_zero(f, 0x8000, 0x2000));
    /* nothing runs until the reset */
    vf_set_desc_at(f, DESC, 7, 0x8000, 16, 2, 0);
    vf_kick(f, 0, 7);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 0);
    driver_init(f);
    g_assert_false(vf_status(f) & VIRTIO_STATUS_NEEDS_RESET);
    vf_set_desc_at(f, DESC, 0, 0x8000, 16, 2, 0);
    vf_kick(f, 0, 0);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 1);
    driver_init(f);
}

static void test_bad_chains(Fixture *f, gconstpointer data)
{
    /* a loop: 0 -> 1 -> 0 */
    vf_set_desc_at(f, DESC, 0, 0x8000, 16, 1 | 2, 1);
    vf_set_desc_at(f, DESC, 1, 0x8100, 16, 1 | 2, 0);
    expect_broken(f, 0);
    /* a buffer running past the end of RAM */
    vf_set_desc_at(f, DESC, 0, VF_RAM - 8, 64, 2, 0);
    expect_broken(f, 0);
    /* a buffer far outside RAM */
    vf_set_desc_at(f, DESC, 0, 1ull << 40, 16, 2, 0);
    expect_broken(f, 0);
    /* a head index past the ring */
    expect_broken(f, QSIZE);
    /* a next index past the ring */
    vf_set_desc_at(f, DESC, 0, 0x8000, 16, 1 | 2, QSIZE + 3);
    expect_broken(f, 0);
    /* an indirect table of a length that is no multiple of 16 */
    vf_set_desc_at(f, 0x4000, 0, 0x8000, 16, 2, 0);
    vf_set_desc_at(f, DESC, 0, 0x4000, 24, 4, 0);
    expect_broken(f, 0);
    /* an indirect descriptor inside an indirect table */
    vf_set_desc_at(f, 0x4000, 0, 0x5000, 16, 4, 0);
    vf_set_desc_at(f, DESC, 0, 0x4000, 16, 4, 0);
    expect_broken(f, 0);
    /* an indirect chain looping inside its table */
    vf_set_desc_at(f, 0x4000, 0, 0x8000, 16, 1 | 2, 1);
    vf_set_desc_at(f, 0x4000, 1, 0x8100, 16, 1 | 2, 0);
    vf_set_desc_at(f, DESC, 0, 0x4000, 32, 4, 0);
    expect_broken(f, 0);
    /* an indirect table outside RAM */
    vf_set_desc_at(f, DESC, 0, VF_RAM - 16, 64, 4, 0);
    expect_broken(f, 0);
    /* a readable buffer after a writable one */
    vf_set_desc_at(f, DESC, 0, 0x8000, 16, 1 | 2, 1);
    vf_set_desc_at(f, DESC, 1, 0x8100, 16, 0, 0);
    expect_broken(f, 0);
    /* the available index running ahead of the ring */
    pci_set_word(f->m.ram + AVAIL + 2, QSIZE + 1);
    vf_notify(f, 0);
    g_assert_true(vf_status(f) & VIRTIO_STATUS_NEEDS_RESET);
}

static void test_features(Fixture *f, gconstpointer data)
{
    /* a feature the device does not offer: FEATURES_OK does not stick */
    vf_cc_write(f, 0x14, 0, 1);
    vf_cc_write(f, 0x08, 0, 4);
    vf_cc_write(f, 0x0c, 1u << 31, 4);
    vf_cc_write(f, 0x08, 1, 4);
    vf_cc_write(f, 0x0c, 1, 4);
    vf_cc_write(f, 0x14, VIRTIO_STATUS_FEATURES_OK, 1);
    g_assert_false(vf_status(f) & VIRTIO_STATUS_FEATURES_OK);
    /* without VERSION_1 neither */
    vf_cc_write(f, 0x14, 0, 1);
    vf_cc_write(f, 0x08, 1, 4);
    vf_cc_write(f, 0x0c, 0, 4);
    vf_cc_write(f, 0x14, VIRTIO_STATUS_FEATURES_OK, 1);
    g_assert_false(vf_status(f) & VIRTIO_STATUS_FEATURES_OK);
    /* the driver cannot set NEEDS_RESET */
    vf_cc_write(f, 0x14, VIRTIO_STATUS_NEEDS_RESET | 1, 1);
    g_assert_cmpuint(vf_status(f), ==, 1);
    /* read-only registers and wrong widths */
    g_assert_cmpuint(vf_cc_read(f, 0x12, 2), ==, 1);
    vf_cc_write(f, 0x12, 5, 2);
    g_assert_cmpuint(vf_cc_read(f, 0x12, 2), ==, 1);
    g_assert_cmpuint(vf_cc_read(f, 0x12, 4), ==, 0);
    /* a queue that does not exist has size 0; a bad size is refused */
    vf_cc_write(f, 0x16, 3, 2);
    g_assert_cmpuint(vf_cc_read(f, 0x18, 2), ==, 0);
    vf_cc_write(f, 0x16, 0, 2);
    vf_cc_write(f, 0x18, 6, 2);
    g_assert_cmpuint(vf_cc_read(f, 0x18, 2), ==, QSIZE);
    /* an MSI-X vector the device does not have reads back as none */
    vf_cc_write(f, 0x1a, 7, 2);
    g_assert_cmphex(vf_cc_read(f, 0x1a, 2), ==, VIRTIO_MSI_NO_VECTOR);
    vf_cc_write(f, 0x1a, 1, 2);
    g_assert_cmphex(vf_cc_read(f, 0x1a, 2), ==, 1);
}

/* ------------------------------------------------------------ config */

static void test_config_space(Fixture *f, gconstpointer data)
{
    PCIDevice *d = f->d;

    g_assert_cmphex(pci_config_read(d, 0, 4), ==, 0x10051af4);
    pci_config_write(d, 0, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0, 4), ==, 0x10051af4);
    /* status: read-only but for the error bits */
    pci_config_write(d, PCI_STATUS, 0x00ff, 2);
    g_assert_cmphex(pci_config_read(d, PCI_STATUS, 2), ==,
                    PCI_STATUS_CAP_LIST);
    g_assert_cmphex(pci_config_read(d, PCI_CLASS_PROG, 1), ==, 0);
    g_assert_cmphex(pci_config_read(d, PCI_CLASS_DEVICE, 2), ==, 0x00ff);
    /* BAR sizing: all ones read back as the size mask and the type */
    pci_config_write(d, 0x14, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0x14, 4), ==, 0xfffff000);
    pci_config_write(d, 0x20, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0x20, 4), ==, 0xffffc00c);
    /* BAR 0: the legacy interface in I/O space (bit 0), 32 bytes: the
       0x14 registers and MSI-X's two vectors, virtio-rng having no
       configuration (4.1.4.8) */
    pci_config_write(d, 0x10, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0x10, 4), ==, 0xffffffe1);
    /* BAR 2: none */
    pci_config_write(d, 0x18, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0x18, 4), ==, 0);
    /* the capability list: read-only */
    uint8_t cap = d->config[PCI_CAPABILITY_LIST];
    pci_config_write(d, PCI_CAPABILITY_LIST, 0, 1);
    g_assert_cmphex(d->config[PCI_CAPABILITY_LIST], ==, cap);
    pci_config_write(d, cap, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, cap, 1), ==, PCI_CAP_ID_VNDR);
    /* past the end: the last two registers only, nothing beyond */
    pci_config_write(d, 0xfe, 0xffffffff, 4);
    g_assert_cmphex(pci_config_read(d, 0xfe, 4), ==, 0);
}

/* RTAS: an argument buffer at 0x20000 */
static void rtas(Fixture *f, const char *name, uint32_t nret, unsigned nargs,
                 const uint32_t *args, uint32_t *rets)
{
    uint64_t b = 0x20000;
    uint32_t token = 0;

    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        if (strcmp(spapr_rtas_calls[i].name, name) == 0) {
            token = spapr_rtas_calls[i].token;
        }
    }
    g_assert_cmpuint(token, !=, 0);
    spapr_ram_st32(&f->m, b, token);
    spapr_ram_st32(&f->m, b + 4, nargs);
    spapr_ram_st32(&f->m, b + 8, nret);
    for (unsigned i = 0; i < nargs; i++) {
        spapr_ram_st32(&f->m, b + 12 + 4 * i, args[i]);
    }
    g_assert_cmpint(spapr_rtas_call(&f->m, f->env, b), ==, H_SUCCESS);
    for (unsigned i = 0; i < nret; i++) {
        rets[i] = spapr_ram_ld32(&f->m, b + 12 + 4 * nargs + 4 * i);
    }
}

#define BUID_HI (uint32_t)(SPAPR_PHB_BUID_BASE >> 32)
#define BUID_LO (uint32_t)SPAPR_PHB_BUID_BASE

static void test_rtas_config(Fixture *f, gconstpointer data)
{
    uint32_t r[4];

    rtas(f, "ibm,read-pci-config", 2, 4,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 4 }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmphex(r[1], ==, 0x10051af4);
    /* no device in slot 5 (or function 3 of slot 0): all ones, as a
       master-aborted config read on a PCI bus, with success and nothing
       in the guest-error log; a write there is dropped */
    char *logdir = g_dir_make_tmp("powerjit-virtio-XXXXXX", NULL);
    char *logpath = g_build_filename(logdir, "log", NULL), *logtext;
    char *lerr = NULL;
    g_assert_true(log_set_file(logpath, &lerr));
    log_set_mask(LOG_GUEST_ERROR | LOG_UNIMP);
    static const struct { uint32_t addr, size, want; } empty[] = {
        { 5 << 11, 4, 0xffffffff }, { 5 << 11 | 2, 2, 0xffff },
        { 3 << 8 | PCI_HEADER_TYPE, 1, 0xff }, { 31 << 11 | 0x40, 4,
                                                 0xffffffff },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(empty); i++) {
        rtas(f, "ibm,read-pci-config", 2, 4,
             (uint32_t[]){ empty[i].addr, BUID_HI, BUID_LO, empty[i].size },
             r);
        g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_SUCCESS);
        g_assert_cmphex(r[1], ==, empty[i].want);
    }
    rtas(f, "ibm,write-pci-config", 1, 5,
         (uint32_t[]){ 5 << 11 | PCI_INTERRUPT_LINE, BUID_HI, BUID_LO, 1,
                       0x5a }, r);
    g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_SUCCESS);
    log_flush();
    g_assert_true(g_file_get_contents(logpath, &logtext, NULL, NULL));
    g_assert_cmpstr(logtext, ==, "");
    g_free(logtext);
    /* a bad size, a misaligned or extended offset, an unknown PHB:
       hardware error, logged */
    const uint32_t bad[][4] = {
        { 0, BUID_HI, BUID_LO, 3 },
        { 2, BUID_HI, BUID_LO, 4 },
        { 1u << 28, BUID_HI, BUID_LO, 4 },
        { 0, BUID_HI, BUID_LO + 7, 4 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        rtas(f, "ibm,read-pci-config", 2, 4, bad[i], r);
        g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_HW_ERROR);
    }
    log_flush();
    g_assert_true(g_file_get_contents(logpath, &logtext, NULL, NULL));
    g_assert_nonnull(strstr(logtext, "RTAS PCI config: no access"));
    g_free(logtext);
    log_set_mask(0);
    g_unlink(logpath);
    g_rmdir(logdir);
    g_free(logpath);
    g_free(logdir);
    rtas(f, "ibm,write-pci-config", 1, 5,
         (uint32_t[]){ PCI_INTERRUPT_LINE, BUID_HI, BUID_LO, 1, 0x5a }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmphex(f->d->config[PCI_INTERRUPT_LINE], ==, 0x5a);
    /* the old call reaches the first PHB */
    rtas(f, "read-pci-config", 2, 2, (uint32_t[]){ 2, 2 }, r);
    g_assert_cmphex(r[1], ==, 0x1005);
}

/* the IDs of each form, as QEMU 7.2 shows them (its dumpdtb) and virtio
   1.1 4.1.2 defines them: transitional by default on this PCI bus
   (0x1000 + the legacy number, revision 0, subsystem = the virtio id),
   modern with disable-legacy=on or as -non-transitional (0x1040 + the
   virtio id, revision 1, QEMU's subsystem 0x1100) */
static void test_virtio_ids(void)
{
    static const struct {
        const char *spec;
        uint32_t id, subsys;
        uint8_t rev;
    } cases[] = {
        { "virtio-rng-pci", 0x10051af4, 0x00041af4, 0 },
        { "virtio-rng-pci,disable-legacy=off", 0x10051af4, 0x00041af4, 0 },
        { "virtio-rng-pci,disable-legacy=auto", 0x10051af4, 0x00041af4, 0 },
        { "virtio-rng-pci-transitional", 0x10051af4, 0x00041af4, 0 },
        { "virtio-rng-pci,disable-legacy=on", 0x10441af4, 0x11001af4, 1 },
        { "virtio-rng-pci-non-transitional", 0x10441af4, 0x11001af4, 1 },
        { "virtio-serial-pci", 0x10031af4, 0x00031af4, 0 },
        { "virtio-scsi-pci", 0x10041af4, 0x00081af4, 0 },
        { "virtio-scsi-pci,disable-legacy=on", 0x10481af4, 0x11001af4, 1 },
    };
    static const char *const bad[] = {
        "virtio-rng-pci,disable-legacy=maybe",
        "virtio-rng-pci,disable-modern=on",
        "virtio-rng-pci-non-transitional,disable-legacy=on",
    };

    g_assert_true(spapr_pci_driver_known("virtio-scsi-pci-transitional"));
    g_assert_false(spapr_pci_driver_known("virtio-rng-pci-sometimes"));
    /* a machine is too big for the stack */
    Fixture *f = g_new0(Fixture, 1);

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        vf_machine_init(f, 1, QSIZE);
        vf_device_add(f, cases[i].spec);
        g_assert_cmphex(pci_config_read(f->d, 0, 4), ==, cases[i].id);
        g_assert_cmphex(pci_config_read(f->d, PCI_SUBSYSTEM_VENDOR_ID, 4), ==,
                        cases[i].subsys);
        g_assert_cmphex(f->d->config[PCI_REVISION_ID], ==, cases[i].rev);
        vf_fini(f);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *err = NULL;

        vf_machine_init(f, 1, QSIZE);
        g_assert_true(spapr_pci_init(&f->m, true, &err));
        SpaprDevProps *p = spapr_devprops_parse(bad[i], &err);
        g_assert_nonnull(p);
        g_assert_false(spapr_pci_device_add(&f->m, p, &err));
        g_assert_nonnull(err);
        g_free(err);
        spapr_devprops_free(p);
        vf_fini(f);
    }
    g_free(f);
}

/* ------------------------------------------------------------ MSI-X */

static void test_msix(Fixture *f, gconstpointer data)
{
    PCIDevice *d = f->d;
    uint32_t r[4];
    uint8_t cap = d->msix_cap;

    g_assert_cmpuint(cap, !=, 0);
    /* 2 vectors: the queue's and the config change's */
    g_assert_cmphex(pci_config_read(d, cap + 2, 2) & 0x7ff, ==, 1);
    /* more than the device has: the count it has, nothing given */
    rtas(f, "ibm,change-msi", 4, 6,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 4, 5, 1 }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmpuint(r[1], ==, 2);
    g_assert_cmpuint(d->msi_nr_irqs, ==, 0);
    rtas(f, "ibm,change-msi", 4, 6,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 4, 2, 1 }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmpuint(r[1], ==, 2);
    g_assert_cmpuint(r[2], ==, 2);
    g_assert_cmpuint(r[3], ==, 2); /* MSI-X */
    rtas(f, "ibm,query-interrupt-source-number", 3, 4,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 1 }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmphex(r[1], ==, SPAPR_IRQ_MSI + 1);
    rtas(f, "ibm,query-interrupt-source-number", 3, 4,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 2 }, r);
    g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_PARAM_ERROR);
    /* plain MSI: the device has none */
    rtas(f, "ibm,change-msi", 4, 6,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 3, 1, 1 }, r);
    g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_PARAM_ERROR);

    /* the table as the guest sees it in BAR 1: programmed by change-msi */
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 16 + 8, 4), ==,
                    SPAPR_IRQ_MSI + 1);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 16, 8), ==, SPAPR_PCI_MSI_WINDOW);
    /* vector control: only the mask bit; 2-byte and misaligned accesses
       are dropped; the PBA is read-only */
    vf_mmio_write(f, BAR1_PA + 12, 0xfffffffe, 4);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 12, 4), ==, 0);
    vf_mmio_write(f, BAR1_PA + 12, 0xffffffff, 4);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 12, 4), ==, 1);
    vf_mmio_write(f, BAR1_PA + 8, 0xffff, 2);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 8, 4), ==, SPAPR_IRQ_MSI);
    vf_mmio_write(f, BAR1_PA + 9, 0xffffffff, 4);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 8, 4), ==, SPAPR_IRQ_MSI);
    vf_mmio_write(f, BAR1_PA + 0x800, 0xff, 8);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 0x800, 8), ==, 0);

    /* enabled, vector 0 masked: a used buffer leaves it pending */
    g_assert_cmpint(xics_set_xive(f->m.xics, SPAPR_IRQ_MSI, 0, 5), ==, 0);
    xics_set_cppr(f->m.xics, 0, 0xff);
    pci_config_write(d, cap + 2, PCI_MSIX_FLAGS_ENABLE, 2);
    vf_cc_write(f, 0x1a, 0, 2); /* the queue's vector; the queue is enabled,
                                but the vector is not a queue address */
    g_assert_cmphex(vf_cc_read(f, 0x1a, 2), ==, 0);
    vf_set_desc_at(f, DESC, 0, 0x8000, 16, 2, 0);
    vf_kick(f, 0, 0);
    g_assert_cmpuint(vf_used_idx(f, 0), ==, 1);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 0x800, 8), ==, 1);
    g_assert_false(xics_output(f->m.xics, 0));
    /* unmasking delivers it */
    vf_mmio_write(f, BAR1_PA + 12, 0, 4);
    g_assert_cmphex(vf_mmio_read(f, BAR1_PA + 0x800, 8), ==, 0);
    g_assert_true(xics_output(f->m.xics, 0));
    g_assert_cmphex(xics_accept(f->m.xics, 0) & XICS_XISR_MASK, ==,
                    SPAPR_IRQ_MSI);
    /* release */
    rtas(f, "ibm,change-msi", 3, 6,
         (uint32_t[]){ 0, BUID_HI, BUID_LO, 1, 0, 3 }, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmpuint(d->msi_nr_irqs, ==, 0);
}

/* ------------------------------------------------------------ windows */

static void test_windows(Fixture *f, gconstpointer data)
{
    uint64_t v = 0;

    /* an address in a window that no BAR claims reads all ones */
    g_assert_cmphex(vf_mmio_read(f, VF_BAR4_BUS + 0x100000, 4), ==, 0xffffffff);
    /* outside every window: not the PHB's (a machine check) */
    g_assert_false(spapr_pci_mmio(&f->m, 0x100000000000ull, 4, false, &v));
    /* an access running past the end of a BAR is not the BAR's */
    g_assert_cmphex(vf_mmio_read(f, VF_BAR4_BUS + VIRTIO_PCI_BAR4_SIZE - 2, 4),
                    ==, 0xffffffff);
    /* memory decoding off: nothing answers */
    pci_config_write(f->d, PCI_COMMAND, 0, 2);
    g_assert_cmphex(vf_mmio_read(f, VF_BAR4_BUS + 0x12, 2), ==, 0xffff);
    /* the TCE hcalls find the PHB's LIOBN */
    g_assert_nonnull(spapr_pci_find_tce(&f->m, 0x80000000));
    g_assert_null(spapr_pci_find_tce(&f->m, 0x80000001));
    g_assert_null(spapr_pci_find_tce(&f->m, 0x80000100));
}

/* ------------------------------------------------------------ virtio-net */

/* RFC 1071, 3: the example bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2,
   so their checksum is 0x220d; a UDP datagram whose checksum comes out 0
   carries 0xffff (RFC 768); offsets outside the frame are refused */
static void test_net_csum(void)
{
    uint8_t f[10] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    uint8_t odd[3] = { 0, 0, 0xab };
    uint8_t zero[4] = { 0xff, 0xff, 0, 0 };

    g_assert_true(virtio_net_finish_csum(f, sizeof(f), 0, 8));
    g_assert_cmpuint(f[8], ==, 0x22);
    g_assert_cmpuint(f[9], ==, 0x0d);
    /* the seed in the field counts: a second pass over the result sums
       to 0xffff, whose complement 0 is sent as 0xffff */
    g_assert_true(virtio_net_finish_csum(f, sizeof(f), 0, 8));
    g_assert_cmpuint(f[8], ==, 0xff);
    g_assert_cmpuint(f[9], ==, 0xff);
    /* an odd length pads with a zero byte: 0000 (the field) + ab00 */
    g_assert_true(virtio_net_finish_csum(odd, sizeof(odd), 0, 0));
    g_assert_cmpuint(odd[0] << 8 | odd[1], ==, 0x54ff);
    zero[0] = 0x12;
    zero[1] = 0x34;
    g_assert_true(virtio_net_finish_csum(zero, sizeof(zero), 0, 2));
    g_assert_cmpuint(zero[2] << 8 | zero[3], ==, (uint16_t)~0x1234);
    g_assert_false(virtio_net_finish_csum(f, sizeof(f), 10, 0));
    g_assert_false(virtio_net_finish_csum(f, sizeof(f), 4, 5));
    g_assert_false(virtio_net_finish_csum(f, sizeof(f), 0xffff, 0xffff));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false); /* the TB cache DMA writes invalidate */
#define ADD(name, fn) \
    g_test_add("/pci/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("virtio/good-chains", test_good_chains);
    ADD("virtio/bad-chains", test_bad_chains);
    ADD("virtio/features-and-registers", test_features);
    ADD("config-space", test_config_space);
    g_test_add_func("/pci/virtio-ids", test_virtio_ids);
    ADD("rtas-config", test_rtas_config);
    ADD("msix", test_msix);
    ADD("windows", test_windows);
    g_test_add_func("/pci/virtio-net/csum", test_net_csum);
    return g_test_run();
}
