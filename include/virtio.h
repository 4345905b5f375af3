/*
 * virtio 1.x devices over PCI (OASIS virtio 1.1: 2.6 split virtqueues,
 * 4.1 the PCI transport).
 *
 *   hw-pci/virtqueue.c    the split ring: walking a descriptor chain
 *                         (direct and indirect), the used ring, event
 *                         index notification suppression
 *   hw-pci/virtio-pci.c   the transport: the virtio capabilities, the
 *                         common configuration, notify, ISR and device
 *                         configuration regions in BAR 4, MSI-X in BAR 1
 *   hw-pci/virtio-*.c     the devices
 *
 * Guest addresses in the rings are guest physical addresses unless the
 * device offers VIRTIO_F_ACCESS_PLATFORM (iommu_platform=on), when they
 * are bus addresses through the PHB's TCE windows.  A malformed chain
 * (a loop, more descriptors than the ring holds, a buffer outside RAM or
 * the window, a bad indirect table, a readable buffer after a writable
 * one) puts the device in DEVICE_NEEDS_RESET (virtio 1.1, 2.1.1): the
 * request is not completed, nothing in guest memory is touched, and the
 * device does nothing more until the driver resets it.
 */
#ifndef POWERJIT_VIRTIO_H
#define POWERJIT_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "pci.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_MODERN 0x1040 /* + the virtio device id */

/* device ids (virtio 1.1, 5) */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* device status (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* feature bits every device here offers (6) */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33

#define VIRTIO_MSI_NO_VECTOR 0xffff
#define VIRTIO_MAX_QUEUES 32
#define VIRTQUEUE_MAX_SIZE 1024
/* pieces of host memory one request may have (a buffer crossing TCE
   pages is several) */
#define VIRTQUEUE_MAX_IOV 1024

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

struct VirtQueue {
    uint16_t num;           /* queue_size as the driver set it */
    uint16_t num_max;
    bool enabled;
    uint16_t vector;        /* MSI-X vector */
    uint64_t desc, avail, used;
    uint16_t last_avail;    /* the next avail slot to take */
    uint16_t used_idx;      /* the next used slot to fill */
    uint16_t signalled_used; /* used_idx at the last interrupt */
    bool signalled_valid;
    void (*handle)(VirtIODevice *vdev, VirtQueue *vq);
};

/* one request: the device-readable pieces (out), then the writable (in) */
typedef struct VirtQueueElement {
    uint16_t head;
    unsigned out_num, in_num;
    uint64_t out_len, in_len;
    struct iovec out[VIRTQUEUE_MAX_IOV];
    struct iovec in[VIRTQUEUE_MAX_IOV];
} VirtQueueElement;

typedef struct VirtioDeviceOps {
    uint16_t device_id;
    uint32_t pci_class;     /* class, subclass, prog-if */
    uint64_t features;      /* the device's own feature bits */
    uint32_t config_size;
    /* device configuration space (4.1.4.6): off + size inside it */
    uint64_t (*config_read)(VirtIODevice *vdev, uint32_t off, unsigned size);
    void (*config_write)(VirtIODevice *vdev, uint32_t off, uint64_t val,
                         unsigned size);
    void (*reset)(VirtIODevice *vdev);
} VirtioDeviceOps;

struct VirtIODevice {
    PCIDevice *pci;
    const VirtioDeviceOps *ops;
    uint64_t host_features;
    uint64_t guest_features;
    uint32_t dfselect, gfselect;
    uint8_t status;
    uint8_t isr;
    uint8_t generation;
    uint16_t config_vector;
    uint16_t queue_sel;
    unsigned nvq;
    VirtQueue vq[VIRTIO_MAX_QUEUES];
    bool broken;            /* NEEDS_RESET set: nothing runs until reset */
    void *dev;              /* the device's state */
};

/* ---------------------------------------------------------- virtio-pci.c */

/* virtio-legacy.c: BAR 0, the legacy interface of a transitional device */
void virtio_pci_legacy_init(PCIDevice *d, VirtIODevice *vdev);

/* sets up d's config space, BARs and MSI-X for a virtio device with nvq
   queues of num_max entries; takes iommu_platform= from props */
bool virtio_pci_realize(PCIDevice *d, VirtIODevice *vdev,
                        const VirtioDeviceOps *ops, unsigned nvq,
                        uint16_t num_max, SpaprDevProps *props, char **err);
void virtio_pci_reset(VirtIODevice *vdev);
/* raises the queue's interrupt (or the config change one) */
void virtio_notify_vector(VirtIODevice *vdev, uint16_t vector, uint8_t isr);
void virtio_config_changed(VirtIODevice *vdev);
/* the region accessors (for tests) */
uint64_t virtio_pci_bar4_read(PCIDevice *d, uint64_t off, unsigned size);
void virtio_pci_bar4_write(PCIDevice *d, uint64_t off, uint64_t val,
                           unsigned size);
/* the caps' BAR 4 layout */
#define VIRTIO_PCI_COMMON_OFF 0x0000
#define VIRTIO_PCI_ISR_OFF 0x1000
#define VIRTIO_PCI_DEVICE_OFF 0x2000
#define VIRTIO_PCI_NOTIFY_OFF 0x3000
#define VIRTIO_PCI_NOTIFY_MULT 4
#define VIRTIO_PCI_BAR4_SIZE 0x4000

/* ---------------------------------------------------------- virtio-net.c */

/* VIRTIO_NET_HDR_F_NEEDS_CSUM (virtio 1.1, 5.1.6.2.1): the Internet
   checksum of frame[start..len), seeded with the pseudo-header sum the
   driver left at start + offset, stored there (big-endian); false when
   start or the field is outside the frame */
bool virtio_net_finish_csum(uint8_t *frame, size_t len, uint16_t start,
                            uint16_t offset);

/* ---------------------------------------------------------- virtio-balloon.c */

/* the monitor's balloon: the guest asked to shrink to target bytes (RAM
   at most); false if the machine has no virtio-balloon-pci.  From any
   thread: the run loop publishes it. */
bool virtio_balloon_set_target(SpaprMachine *m, uint64_t target);
/* the guest's size as the driver reports it: RAM - its balloon */
bool virtio_balloon_actual(SpaprMachine *m, uint64_t *bytes);

/* ---------------------------------------------------------- virtqueue.c */

static inline bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return vdev->guest_features >> bit & 1;
}

/* guest memory the rings and buffers name (physical, or through the TCE
   windows with ACCESS_PLATFORM): NULL if [addr, addr+len) is not mapped
   in one piece; *avail = the bytes the piece has */
uint8_t *virtio_map(VirtIODevice *vdev, uint64_t addr, uint64_t len,
                    bool write, uint64_t *avail);
/* the next request of vq: 1 = elem filled, 0 = the ring is empty, -1 = the
   chain is malformed (the device is now broken) */
int virtqueue_pop(VirtIODevice *vdev, VirtQueue *vq, VirtQueueElement *elem);
/* completes a request, len bytes written into its in pieces */
void virtqueue_push(VirtIODevice *vdev, VirtQueue *vq,
                    const VirtQueueElement *elem, uint32_t len);
/* interrupts the driver if it asked to be (event index, or flags) */
void virtqueue_notify(VirtIODevice *vdev, VirtQueue *vq);
/* the device's error: NEEDS_RESET and a configuration interrupt */
void virtio_error(VirtIODevice *vdev, const char *what);
void virtqueue_reset(VirtQueue *vq);

/* copying from and into a request's pieces */
size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf,
                  size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t off,
                    const void *buf, size_t len);

#endif
