/*
 * hw-pci/virtio-rng.c: virtio-rng-pci, the entropy device (virtio 1.1,
 * 5.4): one queue of device-writable buffers, each filled with random
 * bytes from the backend: the host's getrandom() (no rng=, or an
 * rng-builtin object), or the file of an rng-random object.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib.h>

#include "virtio.h"

typedef struct VirtioRng {
    VirtIODevice vdev;  /* first: virtio-pci.c finds it there */
    int fd;             /* the rng-random file, or -1: getrandom() */
    VirtQueueElement elem;
} VirtioRng;

static bool rng_fill(VirtioRng *r, void *buf, size_t len)
{
    ssize_t n;

    do {
        n = r->fd >= 0 ? read(r->fd, buf, len) : getrandom(buf, len, 0);
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)len;
}

static void rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioRng *r = (VirtioRng *)vdev;
    bool any = false;
    int got;

    while ((got = virtqueue_pop(vdev, vq, &r->elem)) == 1) {
        uint32_t done = 0;

        for (unsigned i = 0; i < r->elem.in_num; i++) {
            if (!rng_fill(r, r->elem.in[i].iov_base, r->elem.in[i].iov_len)) {
                break;
            }
            done += (uint32_t)r->elem.in[i].iov_len;
        }
        virtqueue_push(vdev, vq, &r->elem, done);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

static const VirtioDeviceOps virtio_rng_ops = {
    .device_id = VIRTIO_ID_RNG,
    .pci_class = 0x00ff00, /* unclassified, "other" (as QEMU) */
};

static bool virtio_rng_realize(PCIDevice *d, SpaprDevProps *props,
                               char **err)
{
    VirtioRng *r = d->priv;
    const char *id = props ? spapr_devprops_take(props, "rng") : NULL;
    const char *file = NULL;

    r->fd = -1;
    if (id) {
        GHashTable *objs = d->m->cfg ? d->m->cfg->rng_objects : NULL;

        file = objs ? g_hash_table_lookup(objs, id) : NULL;
        if (!file) {
            *err = g_strdup_printf("Property 'virtio-rng-pci.rng' can't "
                                   "find value '%s'", id);
            return false;
        }
        if (*file) {
            r->fd = open(file, O_RDONLY | O_CLOEXEC);
            if (r->fd < 0) {
                *err = g_strdup_printf("Could not open '%s': %s", file,
                                       g_strerror(errno));
                return false;
            }
        }
    }
    /* max-bytes= and period= (QEMU's rate limit) are accepted; the
       guest gets what it asks for */
    if (props) {
        spapr_devprops_take(props, "max-bytes");
        spapr_devprops_take(props, "period");
    }
    if (!virtio_pci_realize(d, &r->vdev, &virtio_rng_ops, 1, 8, props,
                            err)) {
        return false;
    }
    r->vdev.vq[0].handle = rng_handle;
    virtqueue_reset(&r->vdev.vq[0]);
    return true;
}

static void virtio_rng_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_rng_unrealize(PCIDevice *d)
{
    VirtioRng *r = d->priv;

    if (r->fd >= 0) {
        close(r->fd);
    }
}

const PCIDeviceType virtio_rng_pci_type = {
    .name = "virtio-rng-pci",
    .dt_name = "legacy-device",
    .priv_size = sizeof(VirtioRng),
    .realize = virtio_rng_realize,
    .reset = virtio_rng_reset,
    .unrealize = virtio_rng_unrealize,
};
