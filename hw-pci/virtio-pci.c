/*
 * hw-pci/virtio-pci.c: the virtio PCI transport, modern (virtio 1.1, 4.1).
 *
 * The IDs are QEMU 7.2's (virtio 1.1 4.1.2.1, 4.1.2.3): on this PCI (not
 * PCI Express) bus a virtio-*-pci is "transitional" by default: PCI
 * device id 0x1000 + its legacy number (net 0x1000, blk 0x1001, console
 * 0x1003, scsi 0x1004, rng 0x1005), revision 0, subsystem id = the virtio
 * device id, which is how a driver knows the type of a transitional
 * device; with disable-legacy=on or as virtio-*-pci-non-transitional it
 * is 0x1040 + the virtio id, revision 1, subsystem id 0x1100 (QEMU's).
 * A transitional device also has the legacy interface in I/O space
 * behind BAR 0 (hw-pci/virtio-legacy.c), as the spec requires of one and
 * as QEMU's has it; the driver chooses (Linux's virtio_pci takes the
 * modern capabilities unless booted with virtio_pci.force_legacy=1).
 * disable-modern=on (legacy only) is refused.
 *
 * The vendor capabilities point into BAR 4 (64-bit memory, 16 KiB):
 *
 *   0x0000  common configuration (4.1.4.3)
 *   0x1000  ISR status: reading it returns and clears it, and drops INTx
 *   0x2000  device-specific configuration
 *   0x3000  notifications: queue n at n * 4
 *
 * and BAR 1 (32-bit memory, 4 KiB) holds the MSI-X table (one vector per
 * queue plus one for configuration changes) and at 0x800 the PBA.
 *
 * Registers take the access widths the spec gives them (the 64-bit queue
 * addresses also as two 32-bit halves); an access of another width or
 * to no register reads 0 and writes nothing.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "virtio.h"

/* virtio PCI capability types (4.1.4) */
enum {
    VIRTIO_PCI_CAP_COMMON_CFG = 1,
    VIRTIO_PCI_CAP_NOTIFY_CFG = 2,
    VIRTIO_PCI_CAP_ISR_CFG = 3,
    VIRTIO_PCI_CAP_DEVICE_CFG = 4,
};
#define VIRTIO_CAP_BAR 4
#define VIRTIO_MSIX_BAR 1

/* the common configuration's registers */
enum {
    CC_DFSELECT = 0x00,
    CC_DF = 0x04,
    CC_GFSELECT = 0x08,
    CC_GF = 0x0c,
    CC_MSIX = 0x10,
    CC_NUMQ = 0x12,
    CC_STATUS = 0x14,
    CC_CFGGEN = 0x15,
    CC_Q_SELECT = 0x16,
    CC_Q_SIZE = 0x18,
    CC_Q_MSIX = 0x1a,
    CC_Q_ENABLE = 0x1c,
    CC_Q_NOFF = 0x1e,
    CC_Q_DESCLO = 0x20,
    CC_Q_DESCHI = 0x24,
    CC_Q_AVAILLO = 0x28,
    CC_Q_AVAILHI = 0x2c,
    CC_Q_USEDLO = 0x30,
    CC_Q_USEDHI = 0x34,
    CC_SIZE = 0x38,
};

/* each register's width */
static unsigned cc_width(uint64_t off)
{
    switch (off) {
    case CC_DFSELECT:
    case CC_DF:
    case CC_GFSELECT:
    case CC_GF:
    case CC_Q_DESCLO:
    case CC_Q_DESCHI:
    case CC_Q_AVAILLO:
    case CC_Q_AVAILHI:
    case CC_Q_USEDLO:
    case CC_Q_USEDHI:
        return 4;
    case CC_MSIX:
    case CC_NUMQ:
    case CC_Q_SELECT:
    case CC_Q_SIZE:
    case CC_Q_MSIX:
    case CC_Q_ENABLE:
    case CC_Q_NOFF:
        return 2;
    case CC_STATUS:
    case CC_CFGGEN:
        return 1;
    default:
        return 0;
    }
}

static VirtIODevice *vdev_of(PCIDevice *d)
{
    /* every virtio model keeps its VirtIODevice first in its state */
    return d->priv;
}

void virtio_notify_vector(VirtIODevice *vdev, uint16_t vector, uint8_t isr)
{
    PCIDevice *d = vdev->pci;

    if (pci_msix_enabled(d)) {
        if (vector != VIRTIO_MSI_NO_VECTOR) {
            pci_msix_notify(d, vector);
        }
        return;
    }
    vdev->isr |= isr;
    pci_set_irq(d, true);
}

void virtio_config_changed(VirtIODevice *vdev)
{
    vdev->generation++;
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK ||
        vdev->status & VIRTIO_STATUS_NEEDS_RESET) {
        virtio_notify_vector(vdev, vdev->config_vector, 2);
    }
}

void virtio_pci_reset(VirtIODevice *vdev)
{
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->dfselect = vdev->gfselect = 0;
    vdev->config_vector = VIRTIO_MSI_NO_VECTOR;
    vdev->queue_sel = 0;
    vdev->broken = false;
    for (unsigned i = 0; i < vdev->nvq; i++) {
        virtqueue_reset(&vdev->vq[i]);
    }
    pci_set_irq(vdev->pci, false);
    if (vdev->ops->reset) {
        vdev->ops->reset(vdev);
    }
}

static VirtQueue *cur_vq(VirtIODevice *vdev)
{
    return vdev->queue_sel < vdev->nvq ? &vdev->vq[vdev->queue_sel] : NULL;
}

static uint64_t common_read(VirtIODevice *vdev, uint64_t off)
{
    VirtQueue *vq = cur_vq(vdev);

    switch (off) {
    case CC_DFSELECT:
        return vdev->dfselect;
    case CC_DF:
        return vdev->dfselect < 2 ? (uint32_t)(vdev->host_features >>
                                               (32 * vdev->dfselect))
                                  : 0;
    case CC_GFSELECT:
        return vdev->gfselect;
    case CC_GF:
        return vdev->gfselect < 2 ? (uint32_t)(vdev->guest_features >>
                                               (32 * vdev->gfselect))
                                  : 0;
    case CC_MSIX:
        return vdev->config_vector;
    case CC_NUMQ:
        return vdev->nvq;
    case CC_STATUS:
        return vdev->status;
    case CC_CFGGEN:
        return vdev->generation;
    case CC_Q_SELECT:
        return vdev->queue_sel;
    }
    if (!vq) {
        /* a queue that does not exist has size 0 (4.1.4.3.2) */
        return 0;
    }
    switch (off) {
    case CC_Q_SIZE:
        return vq->num;
    case CC_Q_MSIX:
        return vq->vector;
    case CC_Q_ENABLE:
        return vq->enabled;
    case CC_Q_NOFF:
        return vdev->queue_sel;
    case CC_Q_DESCLO:
        return (uint32_t)vq->desc;
    case CC_Q_DESCHI:
        return (uint32_t)(vq->desc >> 32);
    case CC_Q_AVAILLO:
        return (uint32_t)vq->avail;
    case CC_Q_AVAILHI:
        return (uint32_t)(vq->avail >> 32);
    case CC_Q_USEDLO:
        return (uint32_t)vq->used;
    case CC_Q_USEDHI:
        return (uint32_t)(vq->used >> 32);
    default:
        return 0;
    }
}

static void set_lo(uint64_t *r, uint64_t v)
{
    *r = (*r & ~0xffffffffull) | (uint32_t)v;
}

static void set_hi(uint64_t *r, uint64_t v)
{
    *r = (*r & 0xffffffffull) | (uint64_t)(uint32_t)v << 32;
}

static void status_write(VirtIODevice *vdev, uint8_t status)
{
    if (status == 0) {
        virtio_pci_reset(vdev);
        return;
    }
    /* FEATURES_OK only for a subset of what we offer, with VERSION_1
       (3.1.1: the driver reads it back to learn the device accepted) */
    if ((status & VIRTIO_STATUS_FEATURES_OK) &&
        !(vdev->status & VIRTIO_STATUS_FEATURES_OK) &&
        ((vdev->guest_features & ~vdev->host_features) ||
         !(vdev->guest_features >> VIRTIO_F_VERSION_1 & 1))) {
        status &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
    }
    /* NEEDS_RESET is the device's to set */
    status = (uint8_t)((status & ~VIRTIO_STATUS_NEEDS_RESET) |
                       (vdev->status & VIRTIO_STATUS_NEEDS_RESET));
    vdev->status = status;
}

static void common_write(VirtIODevice *vdev, uint64_t off, uint64_t val)
{
    VirtQueue *vq = cur_vq(vdev);
    bool features_ok = vdev->status & VIRTIO_STATUS_FEATURES_OK;

    switch (off) {
    case CC_DFSELECT:
        vdev->dfselect = (uint32_t)val;
        return;
    case CC_GFSELECT:
        vdev->gfselect = (uint32_t)val;
        return;
    case CC_GF:
        /* features are fixed once FEATURES_OK is set */
        if (vdev->gfselect < 2 && !features_ok) {
            if (vdev->gfselect) {
                set_hi(&vdev->guest_features, val);
            } else {
                set_lo(&vdev->guest_features, val);
            }
        }
        return;
    case CC_MSIX:
        vdev->config_vector = val < vdev->pci->msix_nvec
                                  ? (uint16_t)val : VIRTIO_MSI_NO_VECTOR;
        return;
    case CC_STATUS:
        status_write(vdev, (uint8_t)val);
        return;
    case CC_Q_SELECT:
        vdev->queue_sel = (uint16_t)val;
        return;
    }
    /* the queue registers: a queue that exists, not yet enabled (the
       driver sets a queue up before enabling it, 4.1.5.1.3) */
    if (!vq) {
        return;
    }
    switch (off) {
    case CC_Q_MSIX:
        vq->vector = val < vdev->pci->msix_nvec ? (uint16_t)val
                                                : VIRTIO_MSI_NO_VECTOR;
        return;
    case CC_Q_ENABLE:
        if (val == 1 && !vq->enabled) {
            vq->enabled = true;
            vq->last_avail = vq->used_idx = 0;
            vq->signalled_valid = false;
        }
        return;
    }
    if (vq->enabled) {
        return;
    }
    switch (off) {
    case CC_Q_SIZE:
        /* a power of two up to the maximum (2.6) */
        if (val && val <= vq->num_max && !(val & (val - 1))) {
            vq->num = (uint16_t)val;
        }
        break;
    case CC_Q_DESCLO:
        set_lo(&vq->desc, val);
        break;
    case CC_Q_DESCHI:
        set_hi(&vq->desc, val);
        break;
    case CC_Q_AVAILLO:
        set_lo(&vq->avail, val);
        break;
    case CC_Q_AVAILHI:
        set_hi(&vq->avail, val);
        break;
    case CC_Q_USEDLO:
        set_lo(&vq->used, val);
        break;
    case CC_Q_USEDHI:
        set_hi(&vq->used, val);
        break;
    default:
        break;
    }
}

uint64_t virtio_pci_bar4_read(PCIDevice *d, uint64_t off, unsigned size)
{
    VirtIODevice *vdev = vdev_of(d);

    if (off < VIRTIO_PCI_COMMON_OFF + CC_SIZE) {
        return size == cc_width(off) ? common_read(vdev, off) : 0;
    }
    if (off == VIRTIO_PCI_ISR_OFF && size == 1) {
        uint8_t isr = vdev->isr;

        vdev->isr = 0;
        pci_set_irq(d, false);
        return isr;
    }
    if (off >= VIRTIO_PCI_DEVICE_OFF &&
        off - VIRTIO_PCI_DEVICE_OFF + size <= vdev->ops->config_size &&
        vdev->ops->config_read) {
        return vdev->ops->config_read(vdev,
                                      (uint32_t)(off - VIRTIO_PCI_DEVICE_OFF),
                                      size);
    }
    return 0;
}

void virtio_pci_bar4_write(PCIDevice *d, uint64_t off, uint64_t val,
                           unsigned size)
{
    VirtIODevice *vdev = vdev_of(d);

    if (off < VIRTIO_PCI_COMMON_OFF + CC_SIZE) {
        if (size == cc_width(off)) {
            common_write(vdev, off, val);
        }
        return;
    }
    if (off >= VIRTIO_PCI_NOTIFY_OFF &&
        off < VIRTIO_PCI_NOTIFY_OFF +
                  (uint64_t)vdev->nvq * VIRTIO_PCI_NOTIFY_MULT) {
        VirtQueue *vq = &vdev->vq[(off - VIRTIO_PCI_NOTIFY_OFF) /
                                  VIRTIO_PCI_NOTIFY_MULT];

        if (vq->enabled && vq->handle && !vdev->broken &&
            (vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
            vq->handle(vdev, vq);
        }
        return;
    }
    if (off >= VIRTIO_PCI_DEVICE_OFF &&
        off - VIRTIO_PCI_DEVICE_OFF + size <= vdev->ops->config_size &&
        vdev->ops->config_write) {
        vdev->ops->config_write(vdev, (uint32_t)(off - VIRTIO_PCI_DEVICE_OFF),
                                val, size);
    }
}

static const PCIBarOps virtio_bar4_ops = {
    .read = virtio_pci_bar4_read,
    .write = virtio_pci_bar4_write,
};

static const PCIBarOps virtio_msix_ops = {
    .read = pci_msix_read,
    .write = pci_msix_write,
};

/* a virtio vendor capability pointing at [off, off+len) of BAR 4 */
static bool add_virtio_cap(PCIDevice *d, uint8_t type, uint32_t off,
                           uint32_t len, bool notify)
{
    uint8_t clen = notify ? 20 : 16;
    uint8_t c = pci_add_capability(d, PCI_CAP_ID_VNDR, clen);

    if (!c) {
        return false;
    }
    d->config[c + 2] = clen;
    d->config[c + 3] = type;
    d->config[c + 4] = VIRTIO_CAP_BAR;
    pci_set_long(d->config + c + 8, off);
    pci_set_long(d->config + c + 12, len);
    if (notify) {
        pci_set_long(d->config + c + 16, VIRTIO_PCI_NOTIFY_MULT);
    }
    return true;
}

/* the transitional PCI device ids (virtio 1.1 4.1.2.3), by virtio id */
static const struct {
    uint16_t virtio_id, pci_id;
} virtio_transitional_ids[] = {
    { VIRTIO_ID_NET, 0x1000 },
    { VIRTIO_ID_BLOCK, 0x1001 },
    { 5 /* balloon */, 0x1002 },
    { VIRTIO_ID_CONSOLE, 0x1003 },
    { 8 /* scsi */, 0x1004 },
    { VIRTIO_ID_RNG, 0x1005 },
    { 9 /* 9p */, 0x1009 },
};
#define VIRTIO_PCI_SUBSYS_MODERN 0x1100 /* QEMU's subsystem id */

static uint16_t virtio_transitional_id(uint16_t virtio_id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(virtio_transitional_ids); i++) {
        if (virtio_transitional_ids[i].virtio_id == virtio_id) {
            return virtio_transitional_ids[i].pci_id;
        }
    }
    return 0;
}

/* QEMU's OnOffAuto values */
static bool parse_on_off_auto(const char *v, int *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "true")) {
        *out = 1;
    } else if (!strcmp(v, "off") || !strcmp(v, "false")) {
        *out = 0;
    } else if (!strcmp(v, "auto")) {
        *out = -1;
    } else {
        return false;
    }
    return true;
}

bool virtio_pci_realize(PCIDevice *d, VirtIODevice *vdev,
                        const VirtioDeviceOps *ops, unsigned nvq,
                        uint16_t num_max, SpaprDevProps *props, char **err)
{
    const char *iommu = props ? spapr_devprops_take(props, "iommu_platform")
                              : NULL;
    bool ok;

    uint16_t legacy_id = virtio_transitional_id(ops->device_id);
    bool transitional = legacy_id != 0 &&
                        d->virtio_variant != PCI_VIRTIO_NON_TRANSITIONAL;

    g_assert(nvq <= VIRTIO_MAX_QUEUES);
    if (props && d->virtio_variant == PCI_VIRTIO_DEFAULT) {
        /* disable-legacy=on|off|auto (auto: legacy on a PCI bus);
           disable-modern=on would leave only the legacy interface */
        const char *dl = spapr_devprops_take(props, "disable-legacy");
        const char *dm = spapr_devprops_take(props, "disable-modern");
        int v;

        if (dm && (!parse_on_off_auto(dm, &v) || v == 1)) {
            *err = g_strdup("disable-modern=on: legacy virtio is not "
                            "offered (modern devices only)");
            return false;
        }
        if (dl && !parse_on_off_auto(dl, &v)) {
            *err = g_strdup_printf("Parameter 'disable-legacy' does not "
                                   "accept value '%s'", dl);
            return false;
        }
        if (dl && v == 1) {
            transitional = false;
        }
    }
    vdev->pci = d;
    vdev->ops = ops;
    vdev->nvq = nvq;
    vdev->host_features = ops->features | 1ull << VIRTIO_F_VERSION_1 |
                          1ull << VIRTIO_RING_F_INDIRECT_DESC |
                          1ull << VIRTIO_RING_F_EVENT_IDX;
    if (iommu) {
        if (strcmp(iommu, "on") == 0 || strcmp(iommu, "true") == 0) {
            vdev->host_features |= 1ull << VIRTIO_F_ACCESS_PLATFORM;
        } else if (strcmp(iommu, "off") != 0 && strcmp(iommu, "false") != 0) {
            *err = g_strdup_printf("Property '%s.iommu_platform' doesn't "
                                   "take value '%s'", d->type->name, iommu);
            return false;
        }
    }
    for (unsigned i = 0; i < nvq; i++) {
        vdev->vq[i].num_max = num_max;
    }
    if (transitional) {
        pci_config_init(d, VIRTIO_PCI_VENDOR, legacy_id, ops->pci_class, 0,
                        VIRTIO_PCI_VENDOR, ops->device_id);
    } else {
        pci_config_init(d, VIRTIO_PCI_VENDOR,
                        (uint16_t)(VIRTIO_PCI_DEVICE_MODERN + ops->device_id),
                        ops->pci_class, 1, VIRTIO_PCI_VENDOR,
                        VIRTIO_PCI_SUBSYS_MODERN);
    }
    if (transitional) {
        virtio_pci_legacy_init(d, vdev);
    }
    pci_set_bar(d, VIRTIO_MSIX_BAR, PCI_BAR_MEM32, 0x1000, &virtio_msix_ops);
    pci_set_bar(d, VIRTIO_CAP_BAR, PCI_BAR_MEM64, VIRTIO_PCI_BAR4_SIZE,
                &virtio_bar4_ops);
    ok = add_virtio_cap(d, VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_COMMON_OFF,
                        0x1000, false) &&
         add_virtio_cap(d, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_ISR_OFF,
                        0x1000, false) &&
         add_virtio_cap(d, VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_DEVICE_OFF,
                        0x1000, false) &&
         add_virtio_cap(d, VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_PCI_NOTIFY_OFF,
                        0x1000, true) &&
         pci_msix_init(d, (uint16_t)(nvq + 1), VIRTIO_MSIX_BAR, 0, 0x800);
    g_assert(ok);
    virtio_pci_reset(vdev);
    return true;
}
