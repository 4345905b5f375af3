/*
 * tests/unit/test-virtio-balloon.c: virtio-balloon-pci (virtio 1.1, 5.5)
 * through the virtio-pci fixture: the host's target in num_pages after
 * the run loop's poll with a configuration interrupt, the driver's actual,
 * inflated page frame numbers (le32, 4 KiB) discarded from guest RAM (they
 * read as zeroes) and only those inside RAM, odd lengths, deflate touching
 * nothing, the poison value keeping pages.
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "virtio-fixture.h"

#define PFNS 0x1000u      /* the PFN list in guest RAM */
#define PAGE 4096u

static void fx_init(VirtioFixture *f, uint32_t features)
{
    vf_machine_init(f, 2, 16);
    /* guest RAM is page-aligned memory of its own, as the machine maps it */
    g_free(f->m.ram);
    f->m.ram = mmap(NULL, VF_RAM, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(f->m.ram != MAP_FAILED);
    vf_device_add(f, "virtio-balloon-pci");
    vf_driver_init(f, features);
}

static void fx_fini(VirtioFixture *f)
{
    munmap(f->m.ram, VF_RAM);
    f->m.ram = NULL;
    vf_fini(f);
}

static void cfg_write(VirtioFixture *f, unsigned off, uint32_t v)
{
    vf_mmio_write(f, VF_BAR4_BUS + VIRTIO_PCI_DEVICE_OFF + off, v, 4);
}

/* the pfns as one readable buffer on queue q, len bytes of them */
static void send_pfns(VirtioFixture *f, unsigned q, const uint32_t *pfn,
                      unsigned n, uint32_t len)
{
    for (unsigned i = 0; i < n; i++) {
        pci_set_long(f->m.ram + PFNS + 4 * i, pfn[i]);
    }
    vf_set_desc(f, q, 0, PFNS, len, 0, 0);
    vf_kick(f, q, 0);
}

static bool page_is(VirtioFixture *f, uint32_t pfn, uint8_t v)
{
    for (unsigned i = 0; i < PAGE; i++) {
        if (f->m.ram[(uint64_t)pfn * PAGE + i] != v) {
            return false;
        }
    }
    return true;
}

static void test_target(void)
{
    VirtioFixture f;
    uint64_t actual;

    fx_init(&f, 1u << 1);
    g_assert_cmpuint(vf_offered_lo(&f) & 0x12, ==, 0x12); /* STATS, POISON */
    g_assert_cmpuint(vf_dev_read(&f, 0, 4), ==, 0);
    g_assert_true(virtio_balloon_actual(&f.m, &actual));
    g_assert_cmpuint(actual, ==, VF_RAM);
    /* published by the run loop's poll, with a configuration interrupt */
    g_assert_true(virtio_balloon_set_target(&f.m, VF_RAM / 2));
    g_assert_cmpuint(vf_dev_read(&f, 0, 4), ==, 0);
    spapr_pci_poll(&f.m);
    g_assert_cmpuint(vf_dev_read(&f, 0, 4), ==, VF_RAM / 2 / PAGE);
    g_assert_cmpuint(vf_mmio_read(&f, VF_BAR4_BUS + VIRTIO_PCI_ISR_OFF, 1),
                     ==, 2);
    /* the driver says what it holds */
    cfg_write(&f, 4, 64);
    g_assert_cmpuint(vf_dev_read(&f, 4, 4), ==, 64);
    g_assert_true(virtio_balloon_actual(&f.m, &actual));
    g_assert_cmpuint(actual, ==, VF_RAM - 64 * PAGE);
    /* num_pages is the device's; a target above RAM is RAM */
    cfg_write(&f, 0, 7);
    g_assert_cmpuint(vf_dev_read(&f, 0, 4), ==, VF_RAM / 2 / PAGE);
    g_assert_true(virtio_balloon_set_target(&f.m, 4 * VF_RAM));
    spapr_pci_poll(&f.m);
    g_assert_cmpuint(vf_dev_read(&f, 0, 4), ==, 0);
    fx_fini(&f);
}

static void test_inflate(void)
{
    /* a run, a single page, two outside RAM, one more */
    const uint32_t pfns[] = { 0x80, 0x81, 0x82, 0x83, 0x88, 0xffffffffu,
                              VF_RAM / PAGE, 0x8f };
    VirtioFixture f;

    fx_init(&f, 1u << 1);
    memset(f.m.ram + 0x80 * PAGE, 0xaa, 16 * PAGE);
    send_pfns(&f, 0, pfns, G_N_ELEMENTS(pfns), sizeof(pfns));
    g_assert_cmpuint(vf_used_idx(&f, 0), ==, 1);
    g_assert_cmpuint(vf_used_len(&f, 0, 0), ==, 0);
    g_assert_false(vf_status(&f) & VIRTIO_STATUS_NEEDS_RESET);
    for (uint32_t p = 0x80; p < 0x90; p++) {
        bool gone = p <= 0x83 || p == 0x88 || p == 0x8f;

        g_assert_true(page_is(&f, p, gone ? 0 : 0xaa));
    }
    /* an odd length: the whole numbers in it only */
    memset(f.m.ram + 0x90 * PAGE, 0xaa, 2 * PAGE);
    const uint32_t two[] = { 0x90, 0x91 };
    send_pfns(&f, 0, two, 2, 6);
    g_assert_cmpuint(vf_used_idx(&f, 0), ==, 2);
    g_assert_true(page_is(&f, 0x90, 0));
    g_assert_true(page_is(&f, 0x91, 0xaa));
    /* deflate gives them back untouched */
    memset(f.m.ram + 0x80 * PAGE, 0x55, PAGE);
    send_pfns(&f, 1, pfns, 1, 4);
    g_assert_cmpuint(vf_used_idx(&f, 1), ==, 1);
    g_assert_true(page_is(&f, 0x80, 0x55));
    fx_fini(&f);
}

static void test_poison(void)
{
    const uint32_t pfn = 0x84;
    VirtioFixture f;

    fx_init(&f, 1u << 1 | 1u << 4);
    cfg_write(&f, 12, 0xdeadbeef);
    memset(f.m.ram + pfn * PAGE, 0xef, PAGE);
    send_pfns(&f, 0, &pfn, 1, 4);
    g_assert_cmpuint(vf_used_idx(&f, 0), ==, 1);
    g_assert_true(page_is(&f, pfn, 0xef));
    fx_fini(&f);
}

static void test_no_device(void)
{
    VirtioFixture f;
    uint64_t a;

    vf_machine_init(&f, 1, 16);
    vf_device_add(&f, "virtio-rng-pci");
    g_assert_false(virtio_balloon_set_target(&f.m, 1));
    g_assert_false(virtio_balloon_actual(&f.m, &a));
    vf_fini(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false); /* the TB cache DMA writes invalidate */
    g_test_add_func("/virtio-balloon/target", test_target);
    g_test_add_func("/virtio-balloon/inflate", test_inflate);
    g_test_add_func("/virtio-balloon/poison", test_poison);
    g_test_add_func("/virtio-balloon/no-device", test_no_device);
    return g_test_run();
}
