/*
 * hw-pci/virtqueue.c: split virtqueues (virtio 1.1, 2.6).
 *
 * The descriptor table is num 16-byte entries (addr le64, len le32, flags
 * le16, next le16); the driver's area ("avail") is flags, idx and num
 * head indexes, then used_event; the device's ("used") is flags, idx and
 * num (id le32, len le32) pairs, then avail_event.  A chain follows NEXT
 * through the table, or through an indirect table (one descriptor with
 * INDIRECT pointing at a table of its own, 2.6.5.3).
 *
 * Every chain is walked and every buffer mapped before the device sees
 * the request; a bad chain breaks the device (virtio_error) and leaves
 * guest memory as it was.  A chain is at most num descriptors (direct)
 * or the indirect table's length, so a loop ends there.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec.h"
#include "log.h"
#include "virtio.h"

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_DESC_SIZE 16

uint8_t *virtio_map(VirtIODevice *vdev, uint64_t addr, uint64_t len,
                    bool write, uint64_t *avail)
{
    SpaprMachine *m = vdev->pci->m;

    if (vdev->guest_features >> VIRTIO_F_ACCESS_PLATFORM & 1) {
        return pci_dma_map(vdev->pci, addr, len, write, avail);
    }
    if (len == 0 || !spapr_ram_valid(m, addr, len)) {
        return NULL;
    }
    *avail = len;
    return m->ram + addr;
}

/* a small ring field (2, 4 or 8 bytes, little-endian) */
static bool ring_read(VirtIODevice *vdev, uint64_t addr, void *buf,
                      unsigned len)
{
    uint64_t n;
    uint8_t *p = virtio_map(vdev, addr, len, false, &n);

    if (!p || n < len) {
        /* the ring fields are naturally aligned: they never cross a page;
           a piece this short is a bad ring address */
        return false;
    }
    memcpy(buf, p, len);
    return true;
}

static bool ring_write(VirtIODevice *vdev, uint64_t addr, const void *buf,
                       unsigned len)
{
    uint64_t n;
    uint8_t *p = virtio_map(vdev, addr, len, true, &n);

    if (!p || n < len) {
        return false;
    }
    memcpy(p, buf, len);
    tb_invalidate_phys_range((uint64_t)(p - vdev->pci->m->ram), len);
    return true;
}

static bool ring_ld16(VirtIODevice *vdev, uint64_t addr, uint16_t *v)
{
    uint8_t b[2];

    if (!ring_read(vdev, addr, b, 2)) {
        return false;
    }
    *v = (uint16_t)(b[0] | b[1] << 8);
    return true;
}

static bool ring_st16(VirtIODevice *vdev, uint64_t addr, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

    return ring_write(vdev, addr, b, 2);
}

void virtio_error(VirtIODevice *vdev, const char *what)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s %02x: %s: the device needs a reset\n",
                   vdev->pci->type->name, vdev->pci->devfn >> 3, what);
    }
    vdev->broken = true;
    vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
    virtio_config_changed(vdev);
}

typedef struct VringDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VringDesc;

static bool desc_load(VirtIODevice *vdev, uint64_t table, uint32_t i,
                      VringDesc *d)
{
    uint8_t b[VRING_DESC_SIZE];

    if (!ring_read(vdev, table + (uint64_t)i * VRING_DESC_SIZE, b,
                   sizeof(b))) {
        return false;
    }
    d->addr = 0;
    for (int k = 7; k >= 0; k--) {
        d->addr = d->addr << 8 | b[k];
    }
    d->len = (uint32_t)b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 |
             (uint32_t)b[11] << 24;
    d->flags = (uint16_t)(b[12] | b[13] << 8);
    d->next = (uint16_t)(b[14] | b[15] << 8);
    return true;
}

/* maps one buffer into elem's pieces; a message if it cannot */
static const char *desc_map(VirtIODevice *vdev, const VringDesc *d,
                            VirtQueueElement *elem)
{
    bool write = d->flags & VRING_DESC_F_WRITE;
    uint64_t off = 0;

    if (!write && elem->in_num) {
        return "a readable buffer after a writable one";
    }
    if (d->addr + d->len < d->addr) {
        return "a buffer wrapping the address space";
    }
    while (off < d->len) {
        uint64_t n;
        uint8_t *p = virtio_map(vdev, d->addr + off, d->len - off, write, &n);
        unsigned *num = write ? &elem->in_num : &elem->out_num;
        struct iovec *iov = write ? elem->in : elem->out;

        if (!p) {
            return "a buffer outside guest memory or the DMA window";
        }
        if (*num == VIRTQUEUE_MAX_IOV) {
            return "a request of too many pieces";
        }
        iov[*num].iov_base = p;
        iov[*num].iov_len = n;
        (*num)++;
        off += n;
    }
    if (write) {
        elem->in_len += d->len;
    } else {
        elem->out_len += d->len;
    }
    return NULL;
}

/* walks the chain from head; NULL, or what is wrong with it */
static const char *chain_walk(VirtIODevice *vdev, VirtQueue *vq,
                              uint16_t head, VirtQueueElement *elem)
{
    uint64_t table = vq->desc;
    uint32_t max = vq->num, i = head, count = 0;
    bool indirect = false;
    VringDesc d;

    elem->head = head;
    elem->out_num = elem->in_num = 0;
    elem->out_len = elem->in_len = 0;
    if (head >= vq->num) {
        return "a head index past the ring";
    }
    for (;;) {
        if (++count > max) {
            return indirect ? "an indirect chain longer than its table"
                            : "a chain longer than the ring (a loop?)";
        }
        if (!desc_load(vdev, table, i, &d)) {
            return "a descriptor table outside guest memory";
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (indirect) {
                return "an indirect descriptor in an indirect table";
            }
            if (!virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
                return "an indirect descriptor not negotiated";
            }
            if (d.flags & VRING_DESC_F_NEXT) {
                return "an indirect descriptor with NEXT";
            }
            if (d.len == 0 || d.len % VRING_DESC_SIZE ||
                d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
                return "an indirect table of a bad length";
            }
            /* the whole table must be in guest memory */
            uint64_t n;
            if (!virtio_map(vdev, d.addr, d.len, false, &n)) {
                return "an indirect table outside guest memory";
            }
            indirect = true;
            table = d.addr;
            max = d.len / VRING_DESC_SIZE;
            i = 0;
            count = 0;
            continue;
        }
        const char *why = desc_map(vdev, &d, elem);
        if (why) {
            return why;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return NULL;
        }
        i = d.next;
        if (i >= max) {
            return "a next index past the table";
        }
    }
}

int virtqueue_pop(VirtIODevice *vdev, VirtQueue *vq, VirtQueueElement *elem)
{
    uint16_t avail_idx, head;
    const char *why;

    if (vdev->broken || !vq->enabled || !vq->num ||
        !(vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
        return 0;
    }
    if (!ring_ld16(vdev, vq->avail + 2, &avail_idx)) {
        virtio_error(vdev, "the driver area is outside guest memory");
        return -1;
    }
    if ((uint16_t)(avail_idx - vq->last_avail) > vq->num) {
        virtio_error(vdev, "the available index ran ahead of the ring");
        return -1;
    }
    if (avail_idx == vq->last_avail) {
        return 0;
    }
    /* the ring entries are read after the index (a reader on another
       thread would need this order) */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!ring_ld16(vdev, vq->avail + 4 + 2ull * (vq->last_avail % vq->num),
                   &head)) {
        virtio_error(vdev, "the driver area is outside guest memory");
        return -1;
    }
    why = chain_walk(vdev, vq, head, elem);
    if (why) {
        virtio_error(vdev, why);
        return -1;
    }
    vq->last_avail++;
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* avail_event: notify us again for anything after this one */
        ring_st16(vdev, vq->used + 4 + 8ull * vq->num, vq->last_avail);
    }
    return 1;
}

void virtqueue_push(VirtIODevice *vdev, VirtQueue *vq,
                    const VirtQueueElement *elem, uint32_t len)
{
    uint8_t e[8];
    uint64_t slot = vq->used + 4 + 8ull * (vq->used_idx % vq->num);
    SpaprMachine *m = vdev->pci->m;
    uint64_t left = len;

    /* what the device wrote may have been code */
    for (unsigned i = 0; i < elem->in_num && left; i++) {
        uint64_t n = MIN(left, elem->in[i].iov_len);

        tb_invalidate_phys_range((uint64_t)((uint8_t *)elem->in[i].iov_base -
                                            m->ram), n);
        left -= n;
    }
    pci_set_long(e, elem->head);
    pci_set_long(e + 4, len);
    if (!ring_write(vdev, slot, e, 8)) {
        virtio_error(vdev, "the device area is outside guest memory");
        return;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vq->used_idx++;
    if (!ring_st16(vdev, vq->used + 2, vq->used_idx)) {
        virtio_error(vdev, "the device area is outside guest memory");
    }
}

void virtqueue_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t flags, event, old = vq->signalled_used;
    bool send;

    if (vdev->broken) {
        return;
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* interrupt only when used_idx passes used_event (2.6.7.2) */
        if (!ring_ld16(vdev, vq->avail + 4 + 2ull * vq->num, &event)) {
            return;
        }
        send = !vq->signalled_valid ||
               (uint16_t)(vq->used_idx - event - 1) <
                   (uint16_t)(vq->used_idx - old);
    } else {
        if (!ring_ld16(vdev, vq->avail, &flags)) {
            return;
        }
        send = !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    vq->signalled_used = vq->used_idx;
    vq->signalled_valid = true;
    if (send) {
        virtio_notify_vector(vdev, vq->vector, 1);
    }
}

void virtqueue_reset(VirtQueue *vq)
{
    uint16_t num_max = vq->num_max;
    void (*handle)(VirtIODevice *, VirtQueue *) = vq->handle;

    memset(vq, 0, sizeof(*vq));
    vq->num_max = num_max;
    vq->num = num_max;
    vq->handle = handle;
    vq->vector = VIRTIO_MSI_NO_VECTOR;
}

size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf,
                  size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t k = MIN(iov[i].iov_len - off, len - done);
        memcpy((uint8_t *)buf + done, (uint8_t *)iov[i].iov_base + off, k);
        done += k;
        off = 0;
    }
    return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t off,
                    const void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t k = MIN(iov[i].iov_len - off, len - done);
        memcpy((uint8_t *)iov[i].iov_base + off, (const uint8_t *)buf + done,
               k);
        done += k;
        off = 0;
    }
    return done;
}
