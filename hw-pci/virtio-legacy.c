/*
 * hw-pci/virtio-legacy.c: the legacy interface of a transitional
 * virtio-pci device (virtio 1.1 4.1.4.8 and 2.7, "Legacy Interfaces"),
 * in I/O space behind BAR 0, next to the modern capabilities of
 * virtio-pci.c.  A driver picks one of the two; Linux's virtio_pci uses
 * this one when booted with virtio_pci.force_legacy=1, and older guests
 * know no other.
 *
 * The registers (little-endian on the bus, each of its own width):
 *
 *   0x00  device features, bits 0..31 (read-only)
 *   0x04  driver features, bits 0..31
 *   0x08  queue address: the page frame number (4096-byte pages) of the
 *         selected queue; 0 stops it
 *   0x0c  queue size (read-only: the device's maximum)
 *   0x0e  queue select
 *   0x10  queue notify: the queue's index
 *   0x12  device status (0 resets the device)
 *   0x13  ISR status: reading returns and clears it, and drops INTx
 *   0x14  with MSI-X enabled: the configuration vector, then at 0x16 the
 *         selected queue's vector; the device configuration follows at
 *         0x18 (0x14 without MSI-X)
 *
 * A legacy queue lies in one guest-contiguous block (2.7.2 legacy
 * layout): the descriptor table, the available ring right after it, and
 * the used ring at the next 4096-byte boundary.  Only the low 32 feature
 * bits exist here, so VERSION_1 is never negotiated: the devices then use
 * their legacy formats where those differ (virtio-net's 10-byte header).
 *
 * A legacy driver accesses the rings and the device configuration in the
 * guest's own byte order; this implementation reads them little-endian,
 * which is right for a little-endian guest.  A big-endian guest that
 * chooses this interface gets descriptors that fail the bounds checks
 * (the device goes NEEDS_RESET), never memory outside its own: big-endian
 * Linux since 4.0 uses the modern interface, which is always LE.
 */
#include <inttypes.h>

#include "log.h"
#include "virtio.h"

enum {
    LEG_HOST_FEATURES = 0x00,
    LEG_GUEST_FEATURES = 0x04,
    LEG_QUEUE_PFN = 0x08,
    LEG_QUEUE_NUM = 0x0c,
    LEG_QUEUE_SEL = 0x0e,
    LEG_QUEUE_NOTIFY = 0x10,
    LEG_STATUS = 0x12,
    LEG_ISR = 0x13,
    LEG_MSI_CONFIG_VECTOR = 0x14,
    LEG_MSI_QUEUE_VECTOR = 0x16,
};
#define LEG_CONFIG_OFF 0x14     /* without MSI-X */
#define LEG_CONFIG_OFF_MSIX 0x18
#define LEG_VRING_ALIGN 4096u
#define LEG_PFN_SHIFT 12

static unsigned leg_width(uint64_t off, bool msix)
{
    switch (off) {
    case LEG_HOST_FEATURES:
    case LEG_GUEST_FEATURES:
    case LEG_QUEUE_PFN:
        return 4;
    case LEG_QUEUE_NUM:
    case LEG_QUEUE_SEL:
    case LEG_QUEUE_NOTIFY:
        return 2;
    case LEG_STATUS:
    case LEG_ISR:
        return 1;
    case LEG_MSI_CONFIG_VECTOR:
    case LEG_MSI_QUEUE_VECTOR:
        return msix ? 2 : 0;
    default:
        return 0;
    }
}

static VirtQueue *leg_vq(VirtIODevice *vdev)
{
    return vdev->queue_sel < vdev->nvq ? &vdev->vq[vdev->queue_sel] : NULL;
}

/* where the device configuration starts in BAR 0 */
static uint64_t leg_config_off(PCIDevice *d)
{
    return pci_msix_enabled(d) ? LEG_CONFIG_OFF_MSIX : LEG_CONFIG_OFF;
}

static uint64_t leg_read(PCIDevice *d, uint64_t off, unsigned size)
{
    VirtIODevice *vdev = d->priv;
    VirtQueue *vq = leg_vq(vdev);
    uint64_t cfg = leg_config_off(d);

    if (off >= cfg) {
        if (off - cfg + size <= vdev->ops->config_size &&
            vdev->ops->config_read) {
            return vdev->ops->config_read(vdev, (uint32_t)(off - cfg), size);
        }
        return 0;
    }
    if (size != leg_width(off, pci_msix_enabled(d))) {
        return 0;
    }
    switch (off) {
    case LEG_HOST_FEATURES:
        return (uint32_t)vdev->host_features;
    case LEG_GUEST_FEATURES:
        return (uint32_t)vdev->guest_features;
    case LEG_QUEUE_PFN:
        return vq && vq->enabled ? (uint32_t)(vq->desc >> LEG_PFN_SHIFT) : 0;
    case LEG_QUEUE_NUM:
        return vq ? vq->num_max : 0;
    case LEG_QUEUE_SEL:
        return vdev->queue_sel;
    case LEG_STATUS:
        return vdev->status;
    case LEG_ISR: {
        uint8_t isr = vdev->isr;

        vdev->isr = 0;
        pci_set_irq(d, false);
        return isr;
    }
    case LEG_MSI_CONFIG_VECTOR:
        return vdev->config_vector;
    case LEG_MSI_QUEUE_VECTOR:
        return vq ? vq->vector : VIRTIO_MSI_NO_VECTOR;
    default:
        return 0;
    }
}

/* queue address pfn: the three parts of the legacy layout (2.7.2) */
static void leg_queue_pfn(VirtIODevice *vdev, VirtQueue *vq, uint32_t pfn)
{
    uint64_t base = (uint64_t)pfn << LEG_PFN_SHIFT;
    uint64_t avail_end;

    virtqueue_reset(vq);
    if (!pfn) {
        return;
    }
    vq->num = vq->num_max;
    vq->desc = base;
    vq->avail = base + 16ull * vq->num;
    avail_end = vq->avail + 6 + 2ull * vq->num;
    vq->used = (avail_end + LEG_VRING_ALIGN - 1) & ~(uint64_t)(LEG_VRING_ALIGN - 1);
    vq->enabled = true;
    (void)vdev;
}

static void leg_write(PCIDevice *d, uint64_t off, uint64_t val, unsigned size)
{
    VirtIODevice *vdev = d->priv;
    VirtQueue *vq = leg_vq(vdev);
    uint64_t cfg = leg_config_off(d);

    if (off >= cfg) {
        if (off - cfg + size <= vdev->ops->config_size &&
            vdev->ops->config_write) {
            vdev->ops->config_write(vdev, (uint32_t)(off - cfg), val, size);
        }
        return;
    }
    if (size != leg_width(off, pci_msix_enabled(d))) {
        return;
    }
    switch (off) {
    case LEG_GUEST_FEATURES:
        /* what the device offers of bits 0..31; fixed once the driver
           is running */
        if (!(vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
            vdev->guest_features = (uint32_t)val & vdev->host_features;
        }
        break;
    case LEG_QUEUE_PFN:
        if (vq) {
            leg_queue_pfn(vdev, vq, (uint32_t)val);
        }
        break;
    case LEG_QUEUE_SEL:
        vdev->queue_sel = (uint16_t)val;
        break;
    case LEG_QUEUE_NOTIFY:
        if (val < vdev->nvq) {
            VirtQueue *nq = &vdev->vq[val];

            if (nq->enabled && nq->handle && !vdev->broken &&
                (vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
                nq->handle(vdev, nq);
            }
        }
        break;
    case LEG_STATUS:
        if ((uint8_t)val == 0) {
            virtio_pci_reset(vdev);
        } else {
            /* NEEDS_RESET is the device's to set */
            vdev->status = (uint8_t)((val & ~VIRTIO_STATUS_NEEDS_RESET) |
                                     (vdev->status &
                                      VIRTIO_STATUS_NEEDS_RESET));
        }
        break;
    case LEG_MSI_CONFIG_VECTOR:
        vdev->config_vector = val < d->msix_nvec ? (uint16_t)val
                                                 : VIRTIO_MSI_NO_VECTOR;
        break;
    case LEG_MSI_QUEUE_VECTOR:
        if (vq) {
            vq->vector = val < d->msix_nvec ? (uint16_t)val
                                            : VIRTIO_MSI_NO_VECTOR;
        }
        break;
    default:
        break;
    }
}

static const PCIBarOps virtio_legacy_ops = {
    .read = leg_read,
    .write = leg_write,
};

void virtio_pci_legacy_init(PCIDevice *d, VirtIODevice *vdev)
{
    uint64_t size = 16;

    while (size < LEG_CONFIG_OFF_MSIX + vdev->ops->config_size) {
        size <<= 1;
    }
    pci_set_bar(d, 0, PCI_BAR_IO, size, &virtio_legacy_ops);
}
