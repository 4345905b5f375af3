/*
 * hw-pci/virtio-9p.c: virtio-9p-pci, a host directory (-fsdev local) for
 * the guest's 9p filesystem over 9pnet_virtio.
 *
 * Virtio device id 9 with one queue of requests.  The configuration
 * space is the mount tag: tag_len le16, then the tag's bytes (no NUL),
 * offered with feature bit 0 (VIRTIO_9P_MOUNT_TAG); the guest mounts it
 * as "mount -t 9p -o trans=virtio TAG DIR".  Each request is one 9P
 * message in the readable part of a chain and room for the reply in the
 * writable part; the message is gathered, handled by the server
 * (virtio-9p-proto.c) and the reply scattered back, on the vCPU thread at
 * the notify write: the host's file calls are short, and a guest waiting
 * for its reply has nothing else to run on that queue.
 */
#include <string.h>

#include <glib.h>

#include "virtio-9p.h"
#include "virtio.h"

#define VIRTIO_ID_9P 9
#define VIRTIO_9P_MOUNT_TAG 0
#define V9P_QUEUE_SIZE 128
/* QEMU 7.2's limit on the tag */
#define V9P_TAG_MAX 31

typedef struct Virtio9p {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    V9fsServer *server;
    char *tag;
    uint16_t tag_len;
    uint8_t *req, *rep;  /* V9FS_MAX_MSIZE each */
    VirtQueueElement elem;
} Virtio9p;

static void v9p_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    Virtio9p *v = (Virtio9p *)vdev;
    bool any = false;

    while (virtqueue_pop(vdev, vq, &v->elem) == 1) {
        size_t in = (size_t)MIN(v->elem.in_len, (uint64_t)V9FS_MAX_MSIZE);
        size_t len = iov_to_buf(v->elem.out, v->elem.out_num, 0, v->req,
                                V9FS_MAX_MSIZE);
        size_t rlen = v9fs_handle(v->server, v->req, len, v->rep, in);

        rlen = iov_from_buf(v->elem.in, v->elem.in_num, 0, v->rep, rlen);
        virtqueue_push(vdev, vq, &v->elem, (uint32_t)rlen);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

static uint64_t v9p_config_read(VirtIODevice *vdev, uint32_t off,
                                unsigned size)
{
    Virtio9p *v = (Virtio9p *)vdev;
    uint8_t cfg[2 + V9P_TAG_MAX];
    uint64_t val = 0;

    cfg[0] = (uint8_t)v->tag_len;
    cfg[1] = (uint8_t)(v->tag_len >> 8);
    memcpy(cfg + 2, v->tag, v->tag_len);
    for (unsigned i = 0; i < size && off + i < 2u + v->tag_len; i++) {
        val |= (uint64_t)cfg[off + i] << (8 * i);
    }
    return val;
}

static void v9p_reset(VirtIODevice *vdev)
{
    Virtio9p *v = (Virtio9p *)vdev;

    if (v->server) {
        v9fs_server_reset(v->server);
    }
}

static VirtioDeviceOps v9p_ops_template = {
    .device_id = VIRTIO_ID_9P,
    .pci_class = 0x000200, /* QEMU's: "unclassified" 0x00, subclass 2 */
    .features = 1ull << VIRTIO_9P_MOUNT_TAG,
    .config_read = v9p_config_read,
    .reset = v9p_reset,
};

typedef struct Virtio9pState {
    Virtio9p v;
    VirtioDeviceOps ops; /* config_size is the tag's */
} Virtio9pState;

static bool virtio_9p_realize(PCIDevice *d, SpaprDevProps *props,
                              char **err)
{
    Virtio9pState *st = d->priv;
    Virtio9p *v = &st->v;
    const char *fsdev = props ? spapr_devprops_take(props, "fsdev") : NULL;
    const char *tag = props ? spapr_devprops_take(props, "mount_tag") : NULL;
    const FsdevSpec *spec;

    spec = fsdev && d->m->cfg ? fsdev_find(d->m->cfg->fsdevs, fsdev) : NULL;
    if (!spec) {
        *err = g_strdup_printf("9pfs device couldn't find fsdev with the "
                               "id = %s", fsdev ? fsdev : "NULL");
        return false;
    }
    if (!tag) {
        *err = g_strdup_printf("fsdev with id %s needs mount_tag arguments",
                               fsdev);
        return false;
    }
    if (strlen(tag) > V9P_TAG_MAX) {
        *err = g_strdup_printf("mount tag '%s' (%zu bytes) is longer than "
                               "maximum (%d bytes)", tag, strlen(tag),
                               V9P_TAG_MAX);
        return false;
    }
    v->server = v9fs_server_new(spec, err);
    if (!v->server) {
        return false;
    }
    v->tag = g_strdup(tag);
    v->tag_len = (uint16_t)strlen(tag);
    v->req = g_malloc(V9FS_MAX_MSIZE);
    v->rep = g_malloc(V9FS_MAX_MSIZE);
    st->ops = v9p_ops_template;
    st->ops.config_size = 2u + v->tag_len;
    if (!virtio_pci_realize(d, &v->vdev, &st->ops, 1, V9P_QUEUE_SIZE, props,
                            err)) {
        return false;
    }
    v->vdev.vq[0].handle = v9p_handle;
    virtqueue_reset(&v->vdev.vq[0]);
    return true;
}

static void virtio_9p_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_9p_unrealize(PCIDevice *d)
{
    Virtio9pState *st = d->priv;

    v9fs_server_free(st->v.server);
    g_free(st->v.tag);
    g_free(st->v.req);
    g_free(st->v.rep);
}

const PCIDeviceType virtio_9p_pci_type = {
    .name = "virtio-9p-pci",
    .dt_name = "legacy-device",
    .priv_size = sizeof(Virtio9pState),
    .realize = virtio_9p_realize,
    .reset = virtio_9p_reset,
    .unrealize = virtio_9p_unrealize,
};
