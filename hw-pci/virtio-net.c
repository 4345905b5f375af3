/*
 * hw-pci/virtio-net.c: virtio-net-pci, the network adapter (virtio 1.1,
 * 5.1) on a netdev (include/net.h): -device virtio-net-pci,netdev=ID
 * [,mac=], -nic ...,model=virtio-net-pci, -net nic,model=virtio.
 *
 * Two queues, receive (0) and transmit (1).  Every buffer starts with the
 * 12-byte virtio_net_hdr_v1 (5.1.6); a legacy driver (no VERSION_1,
 * hw-pci/virtio-legacy.c) without VIRTIO_NET_F_MRG_RXBUF uses the
 * 10-byte header, without num_buffers (5.1.6.1 legacy note).  The one offload offered is
 * VIRTIO_NET_F_CSUM: a frame the guest sends with NEEDS_CSUM carries the
 * pseudo-header sum at csum_start + csum_offset, and the device finishes
 * the Internet checksum (RFC 1071) over csum_start..end before the frame
 * goes to the netdev (5.1.6.2.1).  No segmentation offload (HOST_TSO*) is
 * offered, so gso_type is always NONE; the header we give the guest is
 * zero with num_buffers = 1 (the frames from the netdevs are whole and
 * checksummed).  Without VIRTIO_NET_F_MRG_RXBUF each receive chain takes
 * one whole frame.
 *
 * Frames for the guest arrive on the net thread: receive() copies them
 * into a bounded queue under a lock and posts SPAPR_REQ_IO; the run loop
 * (vCPU thread) moves them into the guest's receive buffers (poll), and
 * tells the net layer it can take frames again once there is room.
 * Transmit runs on the vCPU thread at the notify write.
 */
#include <string.h>

#include <glib.h>

#include "log.h"
#include "net.h"
#include "virtio.h"

#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define NET_HDR_LEN 12
#define NET_HDR_LEN_LEGACY 10
#define NET_QUEUE_SIZE 256
#define NET_RXQ_MAX 256 /* frames held for the guest */

/* the header's length for what the driver negotiated */
static size_t net_hdr_len(VirtIODevice *vdev)
{
    return virtio_has_feature(vdev, VIRTIO_F_VERSION_1) ? NET_HDR_LEN
                                                        : NET_HDR_LEN_LEGACY;
}

typedef struct VirtioNet {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    NetClient *nc;
    uint8_t mac[6];
    GMutex lock;       /* rxq, between the net thread and the vCPU */
    GQueue rxq;        /* GBytes *: frames for the guest */
    int rxq_len;       /* atomic: can_receive reads it */
    bool want_ready;   /* the net layer was told no: tell it yes */
    VirtQueueElement elem;
    uint8_t txbuf[NET_FRAME_MAX];
} VirtioNet;

/* ------------------------------------------------------------ receive */

static bool net_can_receive(void *opaque)
{
    VirtioNet *n = opaque;

    if (__atomic_load_n(&n->rxq_len, __ATOMIC_ACQUIRE) >= NET_RXQ_MAX) {
        __atomic_store_n(&n->want_ready, true, __ATOMIC_RELEASE);
        return false;
    }
    return true;
}

static bool net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtioNet *n = opaque;

    g_mutex_lock(&n->lock);
    g_queue_push_tail(&n->rxq, g_bytes_new(buf, len));
    __atomic_add_fetch(&n->rxq_len, 1, __ATOMIC_ACQ_REL);
    g_mutex_unlock(&n->lock);
    spapr_machine_request(n->vdev.pci->m, SPAPR_REQ_IO);
    return true;
}

static const NetClientOps virtio_net_ops = {
    .can_receive = net_can_receive,
    .receive = net_receive,
};

/* moves queued frames into the guest's receive buffers */
static void net_rx_flush(VirtioNet *n)
{
    VirtIODevice *vdev = &n->vdev;
    VirtQueue *vq = &vdev->vq[0];
    size_t hlen = net_hdr_len(vdev);
    bool any = false;

    for (;;) {
        GBytes *frame;
        gsize len;
        const uint8_t *data;
        uint8_t hdr[NET_HDR_LEN] = { 0 };

        g_mutex_lock(&n->lock);
        frame = g_queue_peek_head(&n->rxq);
        g_mutex_unlock(&n->lock);
        if (!frame || virtqueue_pop(vdev, vq, &n->elem) != 1) {
            break;
        }
        g_mutex_lock(&n->lock);
        g_queue_pop_head(&n->rxq);
        __atomic_sub_fetch(&n->rxq_len, 1, __ATOMIC_ACQ_REL);
        g_mutex_unlock(&n->lock);
        data = g_bytes_get_data(frame, &len);
        if (n->elem.in_len < hlen + len) {
            /* a buffer too small for the frame: the frame is dropped
               and the buffer given back empty */
            virtqueue_push(vdev, vq, &n->elem, 0);
        } else {
            if (hlen == NET_HDR_LEN) {
                pci_set_word(hdr + 10, 1); /* num_buffers */
            }
            iov_from_buf(n->elem.in, n->elem.in_num, 0, hdr, hlen);
            iov_from_buf(n->elem.in, n->elem.in_num, hlen, data, len);
            virtqueue_push(vdev, vq, &n->elem, (uint32_t)(hlen + len));
        }
        g_bytes_unref(frame);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
    if (__atomic_load_n(&n->rxq_len, __ATOMIC_ACQUIRE) < NET_RXQ_MAX &&
        __atomic_exchange_n(&n->want_ready, false, __ATOMIC_ACQ_REL) &&
        n->nc) {
        net_client_ready(n->nc);
    }
}

static void handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    net_rx_flush((VirtioNet *)vdev);
}

/* ------------------------------------------------------------ transmit */

/* the ones'-complement sum of buf[0..len) folded to 16 bits (RFC 1071),
   the bytes taken as big-endian pairs */
static uint16_t inet_sum(const uint8_t *buf, size_t len, uint32_t sum)
{
    uint64_t s = sum;

    for (size_t i = 0; i + 1 < len; i += 2) {
        s += (uint32_t)buf[i] << 8 | buf[i + 1];
    }
    if (len & 1) {
        s += (uint32_t)buf[len - 1] << 8;
    }
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return (uint16_t)s;
}

/* NEEDS_CSUM (5.1.6.2.1): the field at start + offset holds the sum of
   the pseudo-header; the checksum covers start..len with it.  false: the
   offsets are outside the frame (the frame is dropped) */
bool virtio_net_finish_csum(uint8_t *frame, size_t len, uint16_t start,
                            uint16_t offset)
{
    size_t at = (size_t)start + offset;
    uint16_t sum;

    if (start >= len || at + 2 > len) {
        return false;
    }
    sum = (uint16_t)~inet_sum(frame + start, len - start, 0);
    /* UDP sends a computed 0 as 0xffff (RFC 768); for TCP the two are
       the same value in ones' complement */
    if (sum == 0) {
        sum = 0xffff;
    }
    frame[at] = (uint8_t)(sum >> 8);
    frame[at + 1] = (uint8_t)sum;
    return true;
}

static void handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioNet *n = (VirtioNet *)vdev;
    size_t hlen = net_hdr_len(vdev);
    bool any = false;

    while (virtqueue_pop(vdev, vq, &n->elem) == 1) {
        uint64_t len = n->elem.out_len;
        uint8_t hdr[NET_HDR_LEN];
        const char *bad = NULL;

        if (len < hlen || len - hlen > NET_FRAME_MAX) {
            bad = "a frame of a bad length";
        } else {
            size_t flen = len - hlen;

            iov_to_buf(n->elem.out, n->elem.out_num, 0, hdr, hlen);
            iov_to_buf(n->elem.out, n->elem.out_num, hlen, n->txbuf,
                       flen);
            if (hdr[1] != 0) {
                bad = "a segmentation offload not negotiated";
            } else if ((hdr[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
                       (!virtio_has_feature(vdev, VIRTIO_NET_F_CSUM) ||
                        !virtio_net_finish_csum(n->txbuf, flen,
                                                pci_get_word(hdr + 6),
                                                pci_get_word(hdr + 8)))) {
                bad = "a checksum request outside the frame";
            } else if (n->nc && flen) {
                net_send(n->nc, n->txbuf, flen);
            }
        }
        if (bad && log_enabled(LOG_GUEST_ERROR)) {
            log_printf("virtio-net: %s (%llu bytes with the header) "
                       "dropped\n", bad, (unsigned long long)len);
        }
        virtqueue_push(vdev, vq, &n->elem, 0);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

/* ------------------------------------------------------------ device */

/* config (5.1.4): mac, status */
static uint64_t net_config_read(VirtIODevice *vdev, uint32_t off,
                                unsigned size)
{
    VirtioNet *n = (VirtioNet *)vdev;
    uint8_t cfg[8] = { 0 };
    uint64_t v = 0;

    memcpy(cfg, n->mac, 6);
    pci_set_word(cfg + 6, VIRTIO_NET_S_LINK_UP);
    if (off + size <= sizeof(cfg)) {
        memcpy(&v, cfg + off, size);
    }
    return v;
}

static void net_reset(VirtIODevice *vdev)
{
    VirtioNet *n = (VirtioNet *)vdev;
    GBytes *f;

    g_mutex_lock(&n->lock);
    while ((f = g_queue_pop_head(&n->rxq)) != NULL) {
        g_bytes_unref(f);
    }
    __atomic_store_n(&n->rxq_len, 0, __ATOMIC_RELEASE);
    g_mutex_unlock(&n->lock);
}

static const VirtioDeviceOps virtio_net_ops_dev = {
    .device_id = VIRTIO_ID_NET,
    .pci_class = 0x020000, /* network, Ethernet */
    .features = 1ull << VIRTIO_NET_F_CSUM | 1ull << VIRTIO_NET_F_MAC |
                1ull << VIRTIO_NET_F_STATUS,
    .config_size = 8,
    .config_read = net_config_read,
    .reset = net_reset,
};

static bool virtio_net_realize(PCIDevice *d, SpaprDevProps *props,
                               char **err)
{
    VirtioNet *n = d->priv;
    SpaprMachine *m = d->m;
    const char *netdev = props ? spapr_devprops_take(props, "netdev") : NULL;
    const char *mac = props ? spapr_devprops_take(props, "mac") : NULL;

    g_mutex_init(&n->lock);
    g_queue_init(&n->rxq);
    if (mac) {
        if (!net_parse_mac(mac, n->mac)) {
            *err = g_strdup_printf("Property 'virtio-net-pci.mac' doesn't "
                                   "take value '%s'", mac);
            return false;
        }
    } else if (m->net) {
        net_stack_next_mac(m->net, n->mac);
    }
    if (!virtio_pci_realize(d, &n->vdev, &virtio_net_ops_dev, 2,
                            NET_QUEUE_SIZE, props, err)) {
        return false;
    }
    n->vdev.vq[0].handle = handle_rx;
    n->vdev.vq[1].handle = handle_tx;
    virtqueue_reset(&n->vdev.vq[0]);
    virtqueue_reset(&n->vdev.vq[1]);
    if (netdev) {
        Netdev *nd = m->net ? net_stack_find(m->net, netdev) : NULL;
        char *e = NULL;

        if (!nd) {
            *err = g_strdup_printf("Property 'virtio-net-pci.netdev' can't "
                                   "find value '%s'", netdev);
            return false;
        }
        n->nc = net_client_attach(nd, "virtio-net-pci", &virtio_net_ops, n,
                                  &e);
        if (!n->nc) {
            *err = g_strdup_printf("Property 'virtio-net-pci.netdev' can't "
                                   "take value '%s': %s", netdev, e);
            g_free(e);
            return false;
        }
    }
    return true;
}

static void virtio_net_reset_dev(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_net_unrealize(PCIDevice *d)
{
    VirtioNet *n = d->priv;

    if (n->nc) {
        net_client_detach(n->nc);
    }
    net_reset(&n->vdev);
    g_mutex_clear(&n->lock);
}

static void virtio_net_poll(PCIDevice *d)
{
    net_rx_flush(d->priv);
}

const PCIDeviceType virtio_net_pci_type = {
    .name = "virtio-net-pci",
    .dt_name = "ethernet",
    .priv_size = sizeof(VirtioNet),
    .realize = virtio_net_realize,
    .reset = virtio_net_reset_dev,
    .unrealize = virtio_net_unrealize,
    .poll = virtio_net_poll,
};
