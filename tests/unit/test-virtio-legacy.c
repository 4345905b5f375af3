/*
 * The legacy interface of a transitional virtio-pci device
 * (hw-pci/virtio-legacy.c), driven as a legacy driver drives it: a
 * virtio-rng-pci (transitional by default) in slot 0 with BAR 0 placed in
 * the PHB's I/O window.
 *
 * Expected values from virtio 1.1: the register offsets of 4.1.4.8, the
 * legacy virtqueue layout of 2.7.2 (descriptors, then the available ring,
 * then the used ring at the next 4096-byte boundary: Linux's
 * vring_init with VIRTIO_PCI_VRING_ALIGN), the page-frame queue address,
 * and the rule that a transitional device exposes the legacy interface
 * in I/O space behind BAR 0 (4.1.2.1); the I/O BAR encoding from PCI
 * Local Bus 3.0 6.2.5.1.
 */
#include <string.h>

#include <glib.h>

#include "virtio-fixture.h"

#define IO_BUS 0x1000u   /* BAR 0's bus address in the I/O window */
#define QFN 0x10u        /* the queue's page frame: guest address 0x10000 */
#define RNG_QUEUE_SIZE 8 /* virtio-rng's queue (hw-pci/virtio-rng.c) */

enum {
    L_HOST_FEATURES = 0x00,
    L_GUEST_FEATURES = 0x04,
    L_QUEUE_PFN = 0x08,
    L_QUEUE_NUM = 0x0c,
    L_QUEUE_SEL = 0x0e,
    L_QUEUE_NOTIFY = 0x10,
    L_STATUS = 0x12,
    L_ISR = 0x13,
};

typedef VirtioFixture Fixture;

static uint64_t io_pa(Fixture *f, unsigned off)
{
    return f->m.pci->phbs[0]->io_base + IO_BUS + off;
}

static uint64_t lread(Fixture *f, unsigned off, unsigned size)
{
    return vf_mmio_read(f, io_pa(f, off), size);
}

static void lwrite(Fixture *f, unsigned off, uint64_t v, unsigned size)
{
    vf_mmio_write(f, io_pa(f, off), v, size);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    vf_machine_init(f, 1, RNG_QUEUE_SIZE);
    vf_device_add(f, data ? data : "virtio-rng-pci,addr=0");
    pci_config_write(f->d, PCI_BASE_ADDRESS_0, IO_BUS, 4);
    pci_config_write(f->d, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                                            PCI_COMMAND_MASTER, 2);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vf_fini(f);
}

/* the legacy layout of a queue of num entries at guest address base */
static uint64_t used_of(uint64_t base, unsigned num)
{
    uint64_t avail_end = base + 16ull * num + 6 + 2ull * num;

    return (avail_end + 4095) & ~4095ull;
}

/* a legacy driver's start: reset, ACKNOWLEDGE | DRIVER, features, the
   queue's frame, DRIVER_OK */
static void legacy_init(Fixture *f, uint32_t pfn)
{
    lwrite(f, L_STATUS, 0, 1);
    lwrite(f, L_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER, 1);
    lwrite(f, L_GUEST_FEATURES, lread(f, L_HOST_FEATURES, 4), 4);
    lwrite(f, L_QUEUE_SEL, 0, 2);
    lwrite(f, L_QUEUE_PFN, pfn, 4);
    lwrite(f, L_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                            VIRTIO_STATUS_DRIVER_OK, 1);
}

static void test_bar0(Fixture *f, gconstpointer data)
{
    uint32_t size;

    /* an I/O BAR (bit 0 set), sized by the all-ones write */
    g_assert_cmphex(pci_config_read(f->d, PCI_BASE_ADDRESS_0, 4), ==,
                    IO_BUS | 1);
    pci_config_write(f->d, PCI_BASE_ADDRESS_0, 0xffffffffu, 4);
    size = ~(pci_config_read(f->d, PCI_BASE_ADDRESS_0, 4) & ~3u) + 1;
    g_assert_cmpuint(size, >=, 0x18);
    g_assert_true((size & (size - 1)) == 0);
    pci_config_write(f->d, PCI_BASE_ADDRESS_0, IO_BUS, 4);
    /* the low feature bits are the modern interface's; VERSION_1 (bit
       32) cannot be seen here */
    g_assert_cmphex(lread(f, L_HOST_FEATURES, 4), ==, vf_offered_lo(f));
    g_assert_cmpuint(lread(f, L_QUEUE_NUM, 2), ==, RNG_QUEUE_SIZE);
    /* a queue that does not exist has size 0 */
    lwrite(f, L_QUEUE_SEL, 1, 2);
    g_assert_cmpuint(lread(f, L_QUEUE_NUM, 2), ==, 0);
    /* a register read at a width not its own reads 0 */
    g_assert_cmpuint(lread(f, L_HOST_FEATURES, 2), ==, 0);
}

static void test_request(Fixture *f, gconstpointer data)
{
    uint64_t base = (uint64_t)QFN << 12;
    uint64_t avail = base + 16 * RNG_QUEUE_SIZE;
    uint64_t used = used_of(base, RNG_QUEUE_SIZE);
    uint8_t *buf = f->m.ram + 0x30000;

    legacy_init(f, QFN);
    g_assert_cmphex(lread(f, L_QUEUE_PFN, 4), ==, QFN);
    g_assert_cmphex(used, ==, 0x11000);
    /* one writable buffer of 64 bytes, made available, notified */
    vf_set_desc_at(f, base, 0, 0x30000, 64, 2, 0);
    pci_set_word(f->m.ram + avail + 4, 0);
    pci_set_word(f->m.ram + avail + 2, 1);
    lwrite(f, L_QUEUE_NOTIFY, 0, 2);
    g_assert_cmpuint(pci_get_word(f->m.ram + used + 2), ==, 1);
    g_assert_cmpuint(pci_get_long(f->m.ram + used + 4), ==, 0);
    g_assert_cmpuint(pci_get_long(f->m.ram + used + 8), ==, 64);
    g_assert_false(memcmp(buf, (uint8_t[64]){ 0 }, 64) == 0);
    /* the interrupt's ISR bit: read once, then clear */
    g_assert_cmpuint(lread(f, L_ISR, 1) & 1, ==, 1);
    g_assert_cmpuint(lread(f, L_ISR, 1), ==, 0);
    /* status 0 resets: the queue is gone */
    lwrite(f, L_STATUS, 0, 1);
    g_assert_cmphex(lread(f, L_QUEUE_PFN, 4), ==, 0);
}

/* a queue frame beyond RAM: the request fails (NEEDS_RESET), nothing in
   RAM changes */
static void test_pfn_outside_ram(Fixture *f, gconstpointer data)
{
    uint8_t *copy = g_memdup2(f->m.ram, VF_RAM);

    legacy_init(f, (VF_RAM >> 12) + 1);
    lwrite(f, L_QUEUE_NOTIFY, 0, 2);
    g_assert_true(lread(f, L_STATUS, 1) & VIRTIO_STATUS_NEEDS_RESET);
    g_assert_true(memcmp(copy, f->m.ram, VF_RAM) == 0);
    /* a reset brings it back */
    legacy_init(f, QFN);
    g_assert_false(lread(f, L_STATUS, 1) & VIRTIO_STATUS_NEEDS_RESET);
    g_free(copy);
}

/* disable-legacy=on: no BAR 0 at all */
static void test_non_transitional(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(pci_config_read(f->d, PCI_BASE_ADDRESS_0, 4), ==, 0);
    pci_config_write(f->d, PCI_BASE_ADDRESS_0, 0xffffffffu, 4);
    g_assert_cmphex(pci_config_read(f->d, PCI_BASE_ADDRESS_0, 4), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false); /* the TB cache DMA writes invalidate */
    g_test_add("/pci/virtio-legacy/bar0", Fixture, NULL, fixture_setup,
               test_bar0, fixture_teardown);
    g_test_add("/pci/virtio-legacy/request", Fixture, NULL, fixture_setup,
               test_request, fixture_teardown);
    g_test_add("/pci/virtio-legacy/pfn-outside-ram", Fixture, NULL,
               fixture_setup, test_pfn_outside_ram, fixture_teardown);
    g_test_add("/pci/virtio-legacy/non-transitional", Fixture,
               "virtio-rng-pci,addr=0,disable-legacy=on", fixture_setup,
               test_non_transitional, fixture_teardown);
    return g_test_run();
}
