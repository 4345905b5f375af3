/*
 * hw-spapr/vlan.c: spapr-vlan, the pseries virtual Ethernet adapter
 * (LoPAPR "Interpartition Logical LAN (ILLAN)", function set hcall-lLAN),
 * as Linux's ibmveth drives it, on a netdev (include/net.h).
 *
 * Device tree: node l-lan@REG, device_type "network", compatible
 * "IBM,l-lan"; local-mac-address (6 bytes; ibmveth also takes 8 from old
 * firmware), mac-address, ibm,mac-address-filters (how many multicast
 * addresses the filter holds: ibmveth refuses an adapter without it),
 * supported-network-types and chosen-network-type, and an empty
 * ibm,illan-options, whose presence tells ibmveth to negotiate checksum
 * offload with H_ILLAN_ATTRIBUTES.
 *
 * The guest talks to the adapter only through hcalls and the adapter's
 * TCE window:
 *  - H_REGISTER_LOGICAL_LAN gives a buffer-list page, a receive queue (a
 *    ring of 16-byte entries) and a filter-list page, and the MAC.  The
 *    last doubleword of the buffer-list page counts frames dropped for
 *    want of a buffer (ibmveth reads it).  The posted buffers themselves
 *    are kept here, in pools by size: the hypervisor's own storage, which
 *    the guest never reads.
 *  - H_ADD_LOGICAL_LAN_BUFFER(S) post receive buffers.  A buffer's first
 *    8 bytes are the guest's correlator; a frame goes after it (offset 8)
 *    into the smallest posted buffer it fits, and a queue entry with the
 *    guest's current toggle bit, the offset, the length and the
 *    correlator tells the guest.  The toggle flips each time the ring
 *    wraps; the guest starts expecting 1.
 *  - H_SEND_LOGICAL_LAN sends one frame gathered from up to six
 *    descriptors.  With checksum offload on, ibmveth sends TCP segments
 *    with the checksum zeroed and NO_CSUM set; the adapter computes it.
 *  - H_MULTICAST_CTRL, H_CHANGE_LOGICAL_LAN_MAC, H_ILLAN_ATTRIBUTES.
 * Every guest address and length is checked against the TCE window
 * before use; a bad one gets H_PARAMETER (or H_PERMISSION for a page
 * mapped without the right), and nothing moves.
 *
 * Threads: the hcalls run on a vCPU, frames arrive on the net thread;
 * SpaprVlan.lock guards the adapter's state between them.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "log.h"
#include "net.h"
#include "spapr-vlan.h"

typedef struct VlanPool {
    uint32_t size;          /* bytes of each buffer, 0: unused slot */
    GArray *bufs;           /* uint32_t I/O addresses, oldest first */
} VlanPool;

typedef struct SpaprVlan {
    GMutex lock;
    NetClient *nc;          /* NULL: no backend (frames are dropped) */
    char *netdev_id;
    uint8_t dt_mac[6];      /* local-mac-address */
    uint8_t mac[6];         /* the MAC the guest registered / changed to */

    bool registered;
    uint64_t buf_list;      /* I/O address of the buffer-list page */
    uint64_t filter_list;
    uint64_t rxq;           /* receive queue: I/O address, bytes */
    uint32_t rxq_len;
    uint32_t rxq_next;      /* offset of the next entry */
    bool rxq_toggle;
    VlanPool pools[VLAN_MAX_POOLS];
    uint32_t nb_bufs;
    uint64_t rx_dropped;    /* the buffer list's last doubleword */

    uint64_t attrs;         /* H_ILLAN_ATTRIBUTES: the enabled bits */
    bool mc_recv;           /* multicast reception enabled */
    bool mc_filter;         /* ... and filtered by mc_table */
    uint8_t mc_table[VLAN_MC_FILTERS][6];
    unsigned mc_count;
} SpaprVlan;

/* attributes the adapter reports and the guest may not change */
#define VLAN_ATTR_FIXED (VLAN_ATTR_RX_MULTI_BUFF | VLAN_ATTR_PADDED_PKT_CSUM)
/* ... and those it may set and reset */
#define VLAN_ATTR_CHANGEABLE (VLAN_ATTR_IPV4_TCP_CSUM | VLAN_ATTR_IPV6_TCP_CSUM)

static int64_t vlan_bad(SpaprVioDevice *dev, const char *call,
                        const char *what, uint64_t val, int64_t rc)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s 0x%x: %s 0x%" PRIx64 "\n", call,
                   dev ? dev->reg : 0, what, val);
    }
    return rc;
}

/* the adapter at a unit address, or NULL */
static SpaprVioDevice *vlan_dev(SpaprMachine *m, uint64_t reg)
{
    SpaprVioDevice *dev = spapr_vio_find(m, reg);

    return dev && dev->type == &spapr_vlan_type ? dev : NULL;
}

static void mac_from_u64(uint8_t mac[6], uint64_t v)
{
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t)(v >> (40 - 8 * i));
    }
}

static void vlan_drop_buffers(SpaprVlan *v)
{
    for (int i = 0; i < VLAN_MAX_POOLS; i++) {
        if (v->pools[i].bufs) {
            g_array_free(v->pools[i].bufs, TRUE);
        }
        v->pools[i] = (VlanPool){ 0 };
    }
    v->nb_bufs = 0;
}

static void vlan_unregister(SpaprVlan *v)
{
    vlan_drop_buffers(v);
    v->registered = false;
    v->buf_list = v->filter_list = v->rxq = 0;
    v->rxq_len = v->rxq_next = 0;
    v->rx_dropped = 0;
    v->mc_recv = v->mc_filter = false;
    v->mc_count = 0;
}

/* ------------------------------------------------------------ receive */

static bool vlan_wants(const SpaprVlan *v, const uint8_t *dst)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if (memcmp(dst, v->mac, 6) == 0 || memcmp(dst, bcast, 6) == 0) {
        return true;
    }
    if (!(dst[0] & 1)) {
        return false;       /* someone else's unicast */
    }
    if (!v->mc_recv) {
        return false;
    }
    if (!v->mc_filter) {
        return true;        /* multicast: reception is not filtered */
    }
    for (unsigned i = 0; i < v->mc_count; i++) {
        if (memcmp(dst, v->mc_table[i], 6) == 0) {
            return true;
        }
    }
    return false;
}

/* the pool with the smallest buffers that hold need bytes, or NULL */
static VlanPool *vlan_pick_pool(SpaprVlan *v, uint64_t need)
{
    VlanPool *best = NULL;

    for (int i = 0; i < VLAN_MAX_POOLS; i++) {
        VlanPool *p = &v->pools[i];

        if (p->size >= need && p->bufs && p->bufs->len &&
            (!best || p->size < best->size)) {
            best = p;
        }
    }
    return best;
}

static void vlan_count_drop(SpaprVioDevice *dev, SpaprVlan *v)
{
    v->rx_dropped++;
    spapr_vio_dma_st64(dev, v->buf_list + SPAPR_TCE_PAGE_SIZE - 8,
                       v->rx_dropped);
}

static bool vlan_receive_locked(SpaprVioDevice *dev, SpaprVlan *v,
                                const uint8_t *buf, size_t len)
{
    VlanPool *pool;
    uint32_t ioba;
    uint8_t entry[VLAN_RXQ_ENTRY];
    uint32_t flags = VLAN_RXQ_VALID | VLAN_RX_OFFSET;

    if (!v->registered || len < 14 || !vlan_wants(v, buf)) {
        return false;
    }
    pool = vlan_pick_pool(v, len + VLAN_RX_OFFSET);
    if (!pool) {
        vlan_count_drop(dev, v);
        return false;
    }
    ioba = g_array_index(pool->bufs, uint32_t, 0);
    g_array_remove_index(pool->bufs, 0);
    v->nb_bufs--;

    /* the correlator comes back as the guest stored it; a buffer whose
       pages the guest unmapped meanwhile goes back marked invalid (the
       guest recycles it) */
    if (spapr_vio_dma_read(dev, ioba, entry + 8, 8) != H_SUCCESS ||
        spapr_vio_dma_write(dev, ioba + VLAN_RX_OFFSET, buf, len) !=
            H_SUCCESS) {
        flags &= ~VLAN_RXQ_VALID;
    }
    if (v->rxq_toggle) {
        flags |= VLAN_RXQ_TOGGLE;
    }
    entry[0] = (uint8_t)(flags >> 24);
    entry[1] = (uint8_t)(flags >> 16);
    entry[2] = (uint8_t)(flags >> 8);
    entry[3] = (uint8_t)flags;
    entry[4] = (uint8_t)(len >> 24);
    entry[5] = (uint8_t)(len >> 16);
    entry[6] = (uint8_t)(len >> 8);
    entry[7] = (uint8_t)len;
    /* the guest polls the toggle bit in the first word: it goes last */
    if (spapr_vio_dma_write(dev, v->rxq + v->rxq_next + 4, entry + 4, 12) !=
        H_SUCCESS) {
        return false;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);
    spapr_vio_dma_write(dev, v->rxq + v->rxq_next, entry, 4);
    v->rxq_next += VLAN_RXQ_ENTRY;
    if (v->rxq_next + VLAN_RXQ_ENTRY > v->rxq_len) {
        v->rxq_next = 0;
        v->rxq_toggle = !v->rxq_toggle;
    }
    spapr_vio_irq_pulse(dev);
    return (flags & VLAN_RXQ_VALID) != 0;
}

bool spapr_vlan_receive(SpaprVioDevice *dev, const uint8_t *buf, size_t len)
{
    SpaprVlan *v = dev->priv;
    bool ok;

    g_mutex_lock(&v->lock);
    ok = vlan_receive_locked(dev, v, buf, len);
    g_mutex_unlock(&v->lock);
    return ok;
}

static bool vlan_can_receive(void *opaque)
{
    SpaprVioDevice *dev = opaque;
    SpaprVlan *v = dev->priv;
    bool ok;

    /* an adapter the guest has not opened drops what comes */
    g_mutex_lock(&v->lock);
    ok = !v->registered || v->nb_bufs > 0;
    g_mutex_unlock(&v->lock);
    return ok;
}

static bool vlan_net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    return spapr_vlan_receive(opaque, buf, len);
}

static const NetClientOps vlan_net_ops = {
    .can_receive = vlan_can_receive,
    .receive = vlan_net_receive,
};

/* ------------------------------------------------------------ hcalls */

/* H_REGISTER_LOGICAL_LAN(unit, buffer list, receive queue descriptor,
   filter list, MAC) */
int64_t h_register_logical_lan(SpaprMachine *m, CPUPPCState *env,
                               uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    uint64_t bl = args[1], rxq = args[2], fl = args[3];
    SpaprVlan *v;
    int64_t r;

    if (!dev) {
        return vlan_bad(NULL, "H_REGISTER_LOGICAL_LAN", "unit address",
                        args[0], H_PARAMETER);
    }
    v = dev->priv;
    g_mutex_lock(&v->lock);
    if (v->registered) {
        r = vlan_bad(dev, "H_REGISTER_LOGICAL_LAN", "already registered", 0,
                     H_RESOURCE);
    } else if ((bl & (SPAPR_TCE_PAGE_SIZE - 1)) ||
               spapr_vio_dma_check(dev, bl, SPAPR_TCE_PAGE_SIZE, true)) {
        r = vlan_bad(dev, "H_REGISTER_LOGICAL_LAN", "buffer list", bl,
                     H_PARAMETER);
    } else if ((fl & (SPAPR_TCE_PAGE_SIZE - 1)) ||
               spapr_vio_dma_check(dev, fl, SPAPR_TCE_PAGE_SIZE, false)) {
        r = vlan_bad(dev, "H_REGISTER_LOGICAL_LAN", "filter list", fl,
                     H_PARAMETER);
    } else if (!(rxq & VLAN_BD_VALID) || VLAN_BD_LEN(rxq) < VLAN_RXQ_ENTRY ||
               VLAN_BD_LEN(rxq) % VLAN_RXQ_ENTRY ||
               spapr_vio_dma_check(dev, VLAN_BD_ADDR(rxq), VLAN_BD_LEN(rxq),
                                   true)) {
        r = vlan_bad(dev, "H_REGISTER_LOGICAL_LAN", "receive queue", rxq,
                     H_PARAMETER);
    } else {
        vlan_unregister(v);
        v->registered = true;
        v->buf_list = bl;
        v->filter_list = fl;
        v->rxq = VLAN_BD_ADDR(rxq);
        v->rxq_len = (uint32_t)VLAN_BD_LEN(rxq);
        v->rxq_next = 0;
        v->rxq_toggle = true;
        mac_from_u64(v->mac, args[4]);
        r = H_SUCCESS;
    }
    g_mutex_unlock(&v->lock);
    if (r == H_SUCCESS && v->nc) {
        net_client_ready(v->nc);
    }
    return r;
}

/* H_FREE_LOGICAL_LAN(unit): the adapter forgets its queues and buffers */
int64_t h_free_logical_lan(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    SpaprVlan *v;
    int64_t r = H_SUCCESS;

    if (!dev) {
        return vlan_bad(NULL, "H_FREE_LOGICAL_LAN", "unit address", args[0],
                        H_PARAMETER);
    }
    v = dev->priv;
    g_mutex_lock(&v->lock);
    if (!v->registered) {
        r = vlan_bad(dev, "H_FREE_LOGICAL_LAN", "not registered", 0,
                     H_RESOURCE);
    } else {
        vlan_unregister(v);
    }
    g_mutex_unlock(&v->lock);
    return r;
}

/* one receive buffer descriptor checked: H_SUCCESS or the error */
static int64_t vlan_check_buffer(SpaprVioDevice *dev, uint64_t bd)
{
    uint64_t len = VLAN_BD_LEN(bd);

    if (!(bd & VLAN_BD_VALID) || len < VLAN_RX_OFFSET + 14) {
        return H_PARAMETER;
    }
    /* the correlator is read back, the frame written */
    if (spapr_vio_dma_check(dev, VLAN_BD_ADDR(bd), 8, false) ||
        spapr_vio_dma_check(dev, VLAN_BD_ADDR(bd), len, true)) {
        return H_PARAMETER;
    }
    return H_SUCCESS;
}

static void vlan_post(SpaprVlan *v, VlanPool *p, uint64_t bd)
{
    uint32_t ioba = (uint32_t)VLAN_BD_ADDR(bd);

    if (!p->bufs) {
        p->size = (uint32_t)VLAN_BD_LEN(bd);
        p->bufs = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    }
    g_array_append_val(p->bufs, ioba);
    v->nb_bufs++;
}

/* the pool for buffers of that size (a new one if there is room) */
static VlanPool *vlan_pool_for(SpaprVlan *v, uint32_t size)
{
    VlanPool *free_slot = NULL;

    for (int i = 0; i < VLAN_MAX_POOLS; i++) {
        if (v->pools[i].bufs && v->pools[i].size == size) {
            return &v->pools[i];
        }
        if (!v->pools[i].bufs && !free_slot) {
            free_slot = &v->pools[i];
        }
    }
    return free_slot;
}

/* posts n descriptors (0 ones skipped) all or none */
static int64_t vlan_add_buffers(SpaprMachine *m, const char *call,
                                uint64_t unit, const uint64_t *bds, int n)
{
    SpaprVioDevice *dev = vlan_dev(m, unit);
    SpaprVlan *v;
    int64_t r = H_SUCCESS;
    int count = 0;

    if (!dev) {
        return vlan_bad(NULL, call, "unit address", unit, H_PARAMETER);
    }
    v = dev->priv;
    g_mutex_lock(&v->lock);
    if (!v->registered) {
        r = vlan_bad(dev, call, "not registered", 0, H_RESOURCE);
    }
    for (int i = 0; i < n && r == H_SUCCESS; i++) {
        if (bds[i] == 0) {
            continue;
        }
        r = vlan_check_buffer(dev, bds[i]);
        if (r != H_SUCCESS) {
            r = vlan_bad(dev, call, "buffer descriptor", bds[i], r);
        } else if (!vlan_pool_for(v, (uint32_t)VLAN_BD_LEN(bds[i]))) {
            r = vlan_bad(dev, call, "too many buffer sizes", bds[i],
                         H_RESOURCE);
        }
        count++;
    }
    if (r == H_SUCCESS && v->nb_bufs + count > VLAN_MAX_BUFS) {
        r = vlan_bad(dev, call, "too many buffers", v->nb_bufs,
                     H_RESOURCE);
    }
    for (int i = 0; i < n && r == H_SUCCESS; i++) {
        if (bds[i]) {
            vlan_post(v, vlan_pool_for(v, (uint32_t)VLAN_BD_LEN(bds[i])),
                      bds[i]);
        }
    }
    g_mutex_unlock(&v->lock);
    if (r == H_SUCCESS && v->nc) {
        net_client_ready(v->nc);
    }
    return r;
}

/* H_ADD_LOGICAL_LAN_BUFFER(unit, descriptor) */
int64_t h_add_logical_lan_buffer(SpaprMachine *m, CPUPPCState *env,
                                 uint64_t *args)
{
    if (args[1] == 0) {
        return vlan_bad(vlan_dev(m, args[0]), "H_ADD_LOGICAL_LAN_BUFFER",
                        "buffer descriptor", 0, H_PARAMETER);
    }
    return vlan_add_buffers(m, "H_ADD_LOGICAL_LAN_BUFFER", args[0], &args[1],
                            1);
}

/* H_ADD_LOGICAL_LAN_BUFFERS(unit, 8 descriptors; unused ones 0) */
int64_t h_add_logical_lan_buffers(SpaprMachine *m, CPUPPCState *env,
                                  uint64_t *args)
{
    return vlan_add_buffers(m, "H_ADD_LOGICAL_LAN_BUFFERS", args[0],
                            &args[1], 8);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    }
    if (n & 1) {
        sum += (uint32_t)p[n - 1] << 8;
    }
    return sum;
}

/*
 * A TCP segment sent with NO_CSUM: ibmveth zeroed its checksum field
 * and left the sum to the adapter (RFC 793 section 3.1: the one's
 * complement sum over a pseudo header of the addresses, the protocol and
 * the TCP length, and the segment).  Other frames are left alone.
 */
void spapr_vlan_fill_tcp_csum(uint8_t *f, size_t len)
{
    size_t ip = 14, l4, l4len;
    uint32_t sum;
    unsigned type;

    if (len < ip) {
        return;
    }
    type = (unsigned)f[12] << 8 | f[13];
    if (type == 0x0800) {
        size_t ihl, total;

        if (len < ip + 20) {
            return;
        }
        ihl = (size_t)(f[ip] & 0xf) * 4;
        total = (size_t)f[ip + 2] << 8 | f[ip + 3];
        if (ihl < 20 || f[ip + 9] != 6 || total < ihl || ip + total > len ||
            (((f[ip + 6] & 0x3f) << 8) | f[ip + 7])) {
            return;         /* not TCP, truncated, or a fragment */
        }
        l4 = ip + ihl;
        l4len = total - ihl;
        sum = csum_add(0, f + ip + 12, 8) + 6 + (uint32_t)l4len;
    } else if (type == 0x86dd) {
        if (len < ip + 40 || f[ip + 6] != 6) {
            return;         /* not TCP right after the fixed header */
        }
        l4len = (size_t)f[ip + 4] << 8 | f[ip + 5];
        l4 = ip + 40;
        if (l4 + l4len > len) {
            return;
        }
        sum = csum_add(0, f + ip + 8, 32) + 6 + (uint32_t)l4len;
    } else {
        return;
    }
    if (l4len < 20) {
        return;
    }
    f[l4 + 16] = f[l4 + 17] = 0;
    sum = csum_add(sum, f + l4, l4len);
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = ~sum & 0xffff;
    f[l4 + 16] = (uint8_t)(sum >> 8);
    f[l4 + 17] = (uint8_t)sum;
}

/* H_SEND_LOGICAL_LAN(unit, 6 descriptors, continuation token[, mss]):
   one frame gathered from the valid descriptors, in order */
int64_t h_send_logical_lan(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    SpaprVlan *v;
    uint64_t total = 0;
    uint8_t *frame;
    int64_t r = H_SUCCESS;
    int n = 0;

    if (!dev) {
        return vlan_bad(NULL, "H_SEND_LOGICAL_LAN", "unit address", args[0],
                        H_PARAMETER);
    }
    v = dev->priv;
    for (int i = 1; i <= 6 && args[i]; i++, n++) {
        if (!(args[i] & VLAN_BD_VALID)) {
            return vlan_bad(dev, "H_SEND_LOGICAL_LAN", "descriptor", args[i],
                            H_PARAMETER);
        }
        total += VLAN_BD_LEN(args[i]);
    }
    if (n == 0 || total < 14 || total > NET_FRAME_MAX) {
        return vlan_bad(dev, "H_SEND_LOGICAL_LAN", "frame length", total,
                        H_PARAMETER);
    }
    frame = g_malloc(total);
    g_mutex_lock(&v->lock);
    if (!v->registered) {
        r = vlan_bad(dev, "H_SEND_LOGICAL_LAN", "not registered", 0,
                     H_RESOURCE);
    }
    for (int i = 1, off = 0; i <= n && r == H_SUCCESS; i++) {
        uint64_t l = VLAN_BD_LEN(args[i]);

        r = spapr_vio_dma_read(dev, VLAN_BD_ADDR(args[i]), frame + off, l);
        if (r != H_SUCCESS) {
            r = vlan_bad(dev, "H_SEND_LOGICAL_LAN", "descriptor", args[i],
                         r);
        }
        off += (int)l;
    }
    g_mutex_unlock(&v->lock);
    if (r == H_SUCCESS) {
        if (args[1] & VLAN_BD_NO_CSUM) {
            spapr_vlan_fill_tcp_csum(frame, total);
        }
        if (v->nc) {
            net_send(v->nc, frame, total);
        }
        args[0] = 0;        /* the continuation token: all sent */
    }
    g_free(frame);
    return r;
}

/* H_MULTICAST_CTRL(unit, command, MAC) */
int64_t h_multicast_ctrl(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    uint64_t cmd = args[1];
    uint8_t mac[6];
    SpaprVlan *v;
    int64_t r = H_SUCCESS;

    if (!dev) {
        return vlan_bad(NULL, "H_MULTICAST_CTRL", "unit address", args[0],
                        H_PARAMETER);
    }
    if (cmd & ~(VLAN_MC_RECV_MODIFY | VLAN_MC_FILTER_MODIFY |
                VLAN_MC_RECV_ENABLE | VLAN_MC_FILTER_ENABLE |
                VLAN_MC_OP_MASK)) {
        return vlan_bad(dev, "H_MULTICAST_CTRL", "command", cmd,
                        H_PARAMETER);
    }
    v = dev->priv;
    mac_from_u64(mac, args[2]);
    g_mutex_lock(&v->lock);
    if (cmd & VLAN_MC_RECV_MODIFY) {
        v->mc_recv = (cmd & VLAN_MC_RECV_ENABLE) != 0;
    }
    if (cmd & VLAN_MC_FILTER_MODIFY) {
        v->mc_filter = (cmd & VLAN_MC_FILTER_ENABLE) != 0;
    }
    switch (cmd & VLAN_MC_OP_MASK) {
    case VLAN_MC_ADD:
        if (!(mac[0] & 1)) {
            r = vlan_bad(dev, "H_MULTICAST_CTRL", "not a multicast MAC",
                         args[2], H_PARAMETER);
            break;
        }
        for (unsigned i = 0; i < v->mc_count; i++) {
            if (memcmp(v->mc_table[i], mac, 6) == 0) {
                goto out;
            }
        }
        if (v->mc_count == VLAN_MC_FILTERS) {
            r = vlan_bad(dev, "H_MULTICAST_CTRL", "filter full", args[2],
                         H_RESOURCE);
            break;
        }
        memcpy(v->mc_table[v->mc_count++], mac, 6);
        break;
    case VLAN_MC_REMOVE:
        r = H_NOT_FOUND;
        for (unsigned i = 0; i < v->mc_count; i++) {
            if (memcmp(v->mc_table[i], mac, 6) == 0) {
                memmove(v->mc_table[i], v->mc_table[i + 1],
                        (v->mc_count - i - 1) * 6);
                v->mc_count--;
                r = H_SUCCESS;
                break;
            }
        }
        break;
    case VLAN_MC_CLEAR:
        v->mc_count = 0;
        break;
    }
out:
    g_mutex_unlock(&v->lock);
    return r;
}

/* H_CHANGE_LOGICAL_LAN_MAC(unit, MAC) */
int64_t h_change_logical_lan_mac(SpaprMachine *m, CPUPPCState *env,
                                 uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    SpaprVlan *v;

    if (!dev) {
        return vlan_bad(NULL, "H_CHANGE_LOGICAL_LAN_MAC", "unit address",
                        args[0], H_PARAMETER);
    }
    if ((args[1] >> 40) & 1) {
        return vlan_bad(dev, "H_CHANGE_LOGICAL_LAN_MAC", "multicast MAC",
                        args[1], H_PARAMETER);
    }
    v = dev->priv;
    g_mutex_lock(&v->lock);
    mac_from_u64(v->mac, args[1]);
    g_mutex_unlock(&v->lock);
    return H_SUCCESS;
}

/* H_ILLAN_ATTRIBUTES(unit, reset mask, set mask) -> the attributes */
int64_t h_illan_attributes(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args)
{
    SpaprVioDevice *dev = vlan_dev(m, args[0]);
    uint64_t reset = args[1], set = args[2];
    SpaprVlan *v;

    if (!dev) {
        return vlan_bad(NULL, "H_ILLAN_ATTRIBUTES", "unit address", args[0],
                        H_PARAMETER);
    }
    if ((reset | set) & ~VLAN_ATTR_CHANGEABLE) {
        return vlan_bad(dev, "H_ILLAN_ATTRIBUTES", "attribute",
                        (reset | set) & ~VLAN_ATTR_CHANGEABLE, H_PARAMETER);
    }
    v = dev->priv;
    g_mutex_lock(&v->lock);
    v->attrs = (v->attrs & ~reset) | set;
    args[0] = v->attrs | VLAN_ATTR_FIXED;
    g_mutex_unlock(&v->lock);
    return H_SUCCESS;
}

/* ------------------------------------------------------------ the model */

static bool vlan_realize(SpaprVioDevice *dev, SpaprDevProps *props,
                         char **err)
{
    SpaprVlan *v = dev->priv;
    const char *netdev = props ? spapr_devprops_take(props, "netdev") : NULL;
    const char *mac = props ? spapr_devprops_take(props, "mac") : NULL;
    const char *pools = props ? spapr_devprops_take(props,
                                                    "use-rx-buffer-pools")
                              : NULL;

    g_mutex_init(&v->lock);
    if (pools && strcmp(pools, "on") && strcmp(pools, "off") &&
        strcmp(pools, "true") && strcmp(pools, "false")) {
        *err = g_strdup_printf("Parameter 'use-rx-buffer-pools' expects "
                               "'on' or 'off'");
        return false;
    }
    if (mac) {
        if (!net_parse_mac(mac, v->dt_mac)) {
            *err = g_strdup_printf("Property 'spapr-vlan.mac' doesn't take "
                                   "value '%s'", mac);
            return false;
        }
    } else if (dev->m->net) {
        net_stack_next_mac(dev->m->net, v->dt_mac);
    } else {
        static const uint8_t def[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
        memcpy(v->dt_mac, def, 6);
    }
    memcpy(v->mac, v->dt_mac, 6);
    if (netdev) {
        Netdev *nd = net_stack_find(dev->m->net, netdev);

        if (!nd) {
            *err = g_strdup_printf("Property 'spapr-vlan.netdev' can't find "
                                   "value '%s'", netdev);
            return false;
        }
        v->nc = net_client_attach(nd, "spapr-vlan", &vlan_net_ops, dev, err);
        if (!v->nc) {
            char *e = *err;

            *err = g_strdup_printf("Property 'spapr-vlan.netdev' can't take "
                                   "value '%s': %s", netdev, e);
            g_free(e);
            return false;
        }
        v->netdev_id = g_strdup(netdev);
    }
    return true;
}

static void vlan_reset(SpaprVioDevice *dev)
{
    SpaprVlan *v = dev->priv;

    g_mutex_lock(&v->lock);
    vlan_unregister(v);
    v->attrs = 0;
    memcpy(v->mac, v->dt_mac, 6);
    g_mutex_unlock(&v->lock);
}

static void vlan_unrealize(SpaprVioDevice *dev)
{
    SpaprVlan *v = dev->priv;

    net_client_detach(v->nc);
    vlan_drop_buffers(v);
    g_free(v->netdev_id);
    g_mutex_clear(&v->lock);
}

static int vlan_fdt(SpaprVioDevice *dev, void *fdt, int node)
{
    SpaprVlan *v = dev->priv;
    /* LoPAPR: network type, speed, connector, duplex */
    static const char types[] = "ethernet,auto,rj45,auto";
    fdt32_t filters = cpu_to_fdt32(VLAN_MC_FILTERS);
    int r;

    if ((r = fdt_setprop(fdt, node, "local-mac-address", v->dt_mac, 6)) ||
        (r = fdt_setprop(fdt, node, "mac-address", v->dt_mac, 6)) ||
        (r = fdt_setprop(fdt, node, "ibm,mac-address-filters", &filters,
                         sizeof(filters))) ||
        (r = fdt_setprop(fdt, node, "supported-network-types", types,
                         sizeof(types))) ||
        (r = fdt_setprop(fdt, node, "chosen-network-type", types,
                         sizeof(types))) ||
        (r = fdt_setprop(fdt, node, "ibm,illan-options", NULL, 0))) {
        return r;
    }
    return 0;
}

const SpaprVioType spapr_vlan_type = {
    .name = "spapr-vlan",
    .dt_name = "l-lan",
    .dt_type = "network",
    .dt_compat = "IBM,l-lan",
    .dma_window = 0x20000000,   /* 512 MiB of I/O space */
    .priv_size = sizeof(SpaprVlan),
    .realize = vlan_realize,
    .reset = vlan_reset,
    .unrealize = vlan_unrealize,
    .fdt = vlan_fdt,
};
