/*
 * tests/unit/virtio-fixture.h: the machine and the driver side that the
 * virtio-pci device tests share (test-virtio, test-virtio-blk,
 * test-virtio-net): a SpaprMachine with 1 MiB of RAM, XICS and the default
 * PHB, one virtio device in slot 0 with its BARs placed and memory
 * decoding and bus mastering on, as Linux leaves them, and the driver's
 * initialisation of virtio 1.1 3.1.1 through the common configuration
 * registers (4.1.4.3).
 *
 * Guest RAM: queue q's split rings (2.6) at VF_DESC(q), VF_AVAIL(q),
 * VF_USED(q), 0x10000 * (q + 1) onwards; below 0x10000 and above the
 * rings is the test's.  vf_driver_init() clears the rings of the queues
 * it sets up (a new driver's rings start empty: avail and used idx 0) and
 * nothing else; a test that wants its buffers clean clears them itself.
 *
 * Use: vf_machine_init(); the test's backends (drives, the block worker
 * pool, netdevs) into f->cfg / f->m; vf_device_add(); vf_driver_init()
 * (or not, to negotiate other features in the test); ...; the test stops
 * its backends, vf_fini(), the test frees its backends.
 */
#ifndef TESTS_UNIT_VIRTIO_FIXTURE_H
#define TESTS_UNIT_VIRTIO_FIXTURE_H

#include <string.h>

#include <glib.h>

#include "exec.h"
#include "pci.h"
#include "virtio.h"
#include "xics.h"

#define VF_RAM (1u << 20)
#define VF_BAR4_BUS 0x210000000000ull /* the mem64 window: bus = real */
#define VF_BAR1_BUS 0x80000000ull     /* the first of the mem32 window */
#define VF_MAX_QUEUES 2
#define VF_DESC(q) (0x10000u * ((q) + 1))
#define VF_AVAIL(q) (VF_DESC(q) + 0x1000)
#define VF_USED(q) (VF_DESC(q) + 0x2000)

/* the common configuration's registers (virtio 1.1 4.1.4.3) */
enum {
    VF_CC_DFSELECT = 0x00, /* device_feature_select */
    VF_CC_DF = 0x04,       /* device_feature */
    VF_CC_GFSELECT = 0x08, /* driver_feature_select */
    VF_CC_GF = 0x0c,       /* driver_feature */
    VF_CC_STATUS = 0x14,
    VF_CC_Q_SELECT = 0x16,
    VF_CC_Q_SIZE = 0x18,
    VF_CC_Q_ENABLE = 0x1c,
    VF_CC_Q_NOFF = 0x1e,   /* queue_notify_off */
    VF_CC_Q_DESC = 0x20,
    VF_CC_Q_DRIVER = 0x28, /* the available ring */
    VF_CC_Q_DEVICE = 0x30, /* the used ring */
};

typedef struct VirtioFixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;   /* for the hcalls and RTAS calls a test makes */
    PCIDevice *d;
    unsigned nqueues;   /* the queues vf_driver_init sets up */
    uint16_t qsize;
    uint16_t avail_idx[VF_MAX_QUEUES];
} VirtioFixture;

static inline uint64_t vf_mmio_read(VirtioFixture *f, uint64_t pa,
                                    unsigned size)
{
    uint64_t v = 0;

    g_assert_true(spapr_pci_mmio(&f->m, pa, size, false, &v));
    return v;
}

static inline void vf_mmio_write(VirtioFixture *f, uint64_t pa, uint64_t v,
                                 unsigned size)
{
    g_assert_true(spapr_pci_mmio(&f->m, pa, size, true, &v));
}

static inline void vf_cc_write(VirtioFixture *f, unsigned off, uint64_t v,
                               unsigned size)
{
    vf_mmio_write(f, VF_BAR4_BUS + VIRTIO_PCI_COMMON_OFF + off, v, size);
}

static inline uint64_t vf_cc_read(VirtioFixture *f, unsigned off,
                                  unsigned size)
{
    return vf_mmio_read(f, VF_BAR4_BUS + VIRTIO_PCI_COMMON_OFF + off, size);
}

/* the device-specific configuration (4.1.4.6) */
static inline uint64_t vf_dev_read(VirtioFixture *f, unsigned off,
                                   unsigned size)
{
    return vf_mmio_read(f, VF_BAR4_BUS + VIRTIO_PCI_DEVICE_OFF + off, size);
}

static inline uint8_t vf_status(VirtioFixture *f)
{
    return (uint8_t)vf_cc_read(f, VF_CC_STATUS, 1);
}

/* the features the device offers in bits 0-31 */
static inline uint32_t vf_offered_lo(VirtioFixture *f)
{
    vf_cc_write(f, VF_CC_DFSELECT, 0, 4);
    return (uint32_t)vf_cc_read(f, VF_CC_DF, 4);
}

/* 1 MiB of RAM, the interrupt controller, a vCPU; no PHB yet */
static inline void vf_machine_init(VirtioFixture *f, unsigned nqueues,
                                   uint16_t qsize)
{
    g_assert_cmpuint(nqueues, >=, 1);
    g_assert_cmpuint(nqueues, <=, VF_MAX_QUEUES);
    memset(f, 0, sizeof(*f));
    f->m.cfg = &f->cfg;
    f->m.ram = g_malloc0(VF_RAM);
    f->m.ram_size = VF_RAM;
    f->m.xics = xics_new(1, NULL, NULL);
    f->env = g_new0(CPUPPCState, 1);
    f->nqueues = nqueues;
    f->qsize = qsize;
}

/* the PHB and the device (a -device line) in slot 0, its BARs 1 and 4
   placed, then memory decoding and bus mastering, as Linux does */
static inline void vf_device_add(VirtioFixture *f, const char *device)
{
    char *err = NULL;
    SpaprDevProps *p;

    g_assert_true(spapr_pci_init(&f->m, true, &err));
    p = spapr_devprops_parse(device, &err);
    g_assert_null(err);
    g_assert_true(spapr_pci_device_add(&f->m, p, &err));
    g_assert_null(err);
    spapr_devprops_free(p);
    f->d = f->m.pci->phbs[0]->slots[0];
    g_assert_nonnull(f->d);
    pci_config_write(f->d, 0x14, (uint32_t)VF_BAR1_BUS, 4);
    pci_config_write(f->d, 0x20, (uint32_t)VF_BAR4_BUS | 0xc, 4);
    pci_config_write(f->d, 0x24, (uint32_t)(VF_BAR4_BUS >> 32), 4);
    pci_config_write(f->d, PCI_COMMAND, PCI_COMMAND_MEMORY |
                                            PCI_COMMAND_MASTER, 2);
}

/*
 * The driver's side of 3.1.1: reset, ACKNOWLEDGE | DRIVER, the features
 * lo (bits 0-31, exactly these: FEATURES_OK must stick) and VERSION_1,
 * every queue's size and rings (its notify offset is its index: the
 * notify doorbells below rely on that), DRIVER_OK.  The rings are cleared.
 */
static inline void vf_driver_init(VirtioFixture *f, uint32_t lo)
{
    const uint8_t drv = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

    vf_cc_write(f, VF_CC_STATUS, 0, 1);
    vf_cc_write(f, VF_CC_STATUS, drv, 1);
    vf_cc_write(f, VF_CC_GFSELECT, 0, 4);
    vf_cc_write(f, VF_CC_GF, lo, 4);
    vf_cc_write(f, VF_CC_GFSELECT, 1, 4);
    vf_cc_write(f, VF_CC_GF, 1, 4); /* VERSION_1 */
    vf_cc_write(f, VF_CC_STATUS, drv | VIRTIO_STATUS_FEATURES_OK, 1);
    g_assert_true(vf_status(f) & VIRTIO_STATUS_FEATURES_OK);
    for (unsigned q = 0; q < f->nqueues; q++) {
        memset(f->m.ram + VF_DESC(q), 0, 0x3000);
        f->avail_idx[q] = 0;
        vf_cc_write(f, VF_CC_Q_SELECT, q, 2);
        g_assert_cmpuint(vf_cc_read(f, VF_CC_Q_NOFF, 2), ==, q);
        vf_cc_write(f, VF_CC_Q_SIZE, f->qsize, 2);
        vf_cc_write(f, VF_CC_Q_DESC, VF_DESC(q), 4);
        vf_cc_write(f, VF_CC_Q_DESC + 4, 0, 4);
        vf_cc_write(f, VF_CC_Q_DRIVER, VF_AVAIL(q), 4);
        vf_cc_write(f, VF_CC_Q_DRIVER + 4, 0, 4);
        vf_cc_write(f, VF_CC_Q_DEVICE, VF_USED(q), 4);
        vf_cc_write(f, VF_CC_Q_DEVICE + 4, 0, 4);
        vf_cc_write(f, VF_CC_Q_ENABLE, 1, 2);
    }
    vf_cc_write(f, VF_CC_STATUS, drv | VIRTIO_STATUS_FEATURES_OK |
                                     VIRTIO_STATUS_DRIVER_OK, 1);
}

static inline void vf_fini(VirtioFixture *f)
{
    spapr_pci_free(&f->m);
    xics_free(f->m.xics);
    g_free(f->m.ram);
    g_free(f->env);
}

/* descriptor i of the table at guest address table (2.6.5) */
static inline void vf_set_desc_at(VirtioFixture *f, uint64_t table,
                                  unsigned i, uint64_t addr, uint32_t len,
                                  uint16_t flags, uint16_t next)
{
    uint8_t *p = f->m.ram + table + 16 * i;

    pci_set_long(p, (uint32_t)addr);
    pci_set_long(p + 4, (uint32_t)(addr >> 32));
    pci_set_long(p + 8, len);
    pci_set_word(p + 12, flags);
    pci_set_word(p + 14, next);
}

static inline void vf_set_desc(VirtioFixture *f, unsigned q, unsigned i,
                               uint64_t addr, uint32_t len, uint16_t flags,
                               uint16_t next)
{
    vf_set_desc_at(f, VF_DESC(q), i, addr, len, flags, next);
}

/* rings queue q's doorbell (4.1.4.4: notify_off q, the queue index) */
static inline void vf_notify(VirtioFixture *f, unsigned q)
{
    vf_mmio_write(f, VF_BAR4_BUS + VIRTIO_PCI_NOTIFY_OFF +
                         VIRTIO_PCI_NOTIFY_MULT * q, q, 2);
}

/* makes head available on queue q and rings the doorbell */
static inline void vf_kick(VirtioFixture *f, unsigned q, uint16_t head)
{
    pci_set_word(f->m.ram + VF_AVAIL(q) + 4 +
                     2 * (f->avail_idx[q] % f->qsize), head);
    f->avail_idx[q]++;
    pci_set_word(f->m.ram + VF_AVAIL(q) + 2, f->avail_idx[q]);
    vf_notify(f, q);
}

static inline uint16_t vf_used_idx(VirtioFixture *f, unsigned q)
{
    return pci_get_word(f->m.ram + VF_USED(q) + 2);
}

/* used ring element i of queue q: the head it gives back, and the length
   the device wrote */
static inline uint32_t vf_used_id(VirtioFixture *f, unsigned q, unsigned i)
{
    return pci_get_long(f->m.ram + VF_USED(q) + 4 + 8 * i);
}

static inline uint32_t vf_used_len(VirtioFixture *f, unsigned q, unsigned i)
{
    return pci_get_long(f->m.ram + VF_USED(q) + 8 + 8 * i);
}

#endif
