/*
 * system/monitor-block.c: the drives as the monitor shows them (HMP
 * `info block`, QMP `query-block`), in QEMU 7.2's terms.
 *
 * QEMU lists its block backends in creation order: each -drive (named by
 * its id=, else by interface, bus and unit: "scsi0-hd0", "scsi0-cd2",
 * "virtio0", "pflash0"), then the -blockdev nodes a device took (named by
 * their node-name, with an empty "device").  An inserted medium has a
 * node name ("#blockNNN", a counter of QEMU's that nothing can predict:
 * ours count from 100 in steps of 100), a filename, a format, read-only,
 * a cache mode, and for qcow2 its cluster size, the format-specific
 * header fields and a backing chain.  "Attached to" is the device's id=
 * when it has one, else its QOM path: "/machine/peripheral-anon/
 * device[N]" (the N-th -device without id=), a virtio-blk's
 * ".../virtio-backend" child, "/machine/unattached/device[K]/
 * v-scsi@REG.0/legacy[UNIT]" for an if=scsi unit on the adapter the
 * machine made (K = 3 + the cores + the VIO devices made before that
 * adapter, as QEMU's pseries numbers them), "nvram@REG" for the NVRAM.
 *
 * The image facts come from the files (the qcow2 header, QEMU's
 * docs/interop/qcow2.txt), read here without taking the devices' locks.
 * What differs from QEMU: no floppy0 and sd0 placeholders (QEMU's
 * pseries lists those empty pseudo-drives unless -nodefaults; powerjit
 * has no such interfaces), snapshot=on shows the image itself (QEMU
 * shows its temporary overlay as a json: filename), and the I/O
 * throttling fields are always 0 (no throttling here).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "block.h"
#include "json.h"
#include "monitor.h"
#include "spapr-hv.h"
#include "spapr-vio.h"
#include "spapr-vscsi.h"
#include "spapr.h"

/* longer backing chains are not followed (block-int.h refuses them too) */
#define MON_BLOCK_CHAIN_MAX 16

typedef struct MonImage {
    char *filename;       /* as given (the backing file: as stored) */
    char *format;
    uint64_t virtual_size, actual_size;
    bool qcow2;
    uint32_t version, cluster_size, refcount_bits;
    uint64_t incompat, compat;
    char *backing_name;   /* as stored in the header, NULL: none */
    char *backing_full;   /* resolved against the image's directory */
    char *backing_format; /* the header extension, NULL: none */
    struct MonImage *backing;
} MonImage;

typedef struct MonBlock {
    char *device;         /* "" for a -blockdev node */
    char *node_name;
    char *qdev;           /* NULL: attached to nothing */
    char *attached;       /* id or path */
    bool removable;       /* a CD-ROM */
    bool ro;
    int cache;            /* BlockCache */
    bool snapshot;
    bool blockdev;
    MonImage *image;      /* NULL: no medium */
    const BlockStats *stats; /* the drive's counters */
} MonBlock;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static void mon_image_free(MonImage *im)
{
    while (im) {
        MonImage *next = im->backing;
        g_free(im->filename);
        g_free(im->format);
        g_free(im->backing_name);
        g_free(im->backing_full);
        g_free(im->backing_format);
        g_free(im);
        im = next;
    }
}

/* the qcow2 header (docs/interop/qcow2.txt): version at 4, backing file
   offset/size at 8/16, cluster_bits at 20, size at 24, then for version
   3 the feature bitmaps at 72/80, refcount_order at 96, header_length at
   100; header extensions follow the header (type 0xe2792aca: the backing
   file's format) */
static void mon_image_qcow2(MonImage *im, int fd, const char *path,
                            int depth)
{
    uint8_t h[104] = { 0 };
    uint64_t boff;
    uint32_t blen, hlen;

    if (pread(fd, h, sizeof(h), 0) < 72) {
        return;
    }
    im->qcow2 = true;
    g_free(im->format);
    im->format = g_strdup("qcow2");
    im->version = be32(h + 4);
    im->cluster_size = be32(h + 20) < 31 ? 1u << be32(h + 20) : 0;
    im->virtual_size = be64(h + 24);
    im->refcount_bits = 16;
    hlen = 72;
    if (im->version >= 3) {
        im->incompat = be64(h + 72);
        im->compat = be64(h + 80);
        im->refcount_bits = be32(h + 96) < 7 ? 1u << be32(h + 96) : 0;
        hlen = be32(h + 100);
    }
    boff = be64(h + 8);
    blen = be32(h + 16);
    if (boff && blen && blen < 1024) {
        char *name = g_malloc0(blen + 1);
        if (pread(fd, name, blen, (off_t)boff) == (ssize_t)blen) {
            im->backing_name = name;
        } else {
            g_free(name);
        }
    }
    /* the header extensions, 8-byte aligned: type, length, data */
    for (uint64_t off = hlen; im->backing_name && off < 65536;) {
        uint8_t e[8];
        uint32_t type, len;
        if (pread(fd, e, 8, (off_t)off) != 8 || !(type = be32(e))) {
            break;
        }
        len = be32(e + 4);
        if (type == 0xe2792acau && len < 64) {
            char *fmt = g_malloc0(len + 1);
            if (pread(fd, fmt, len, (off_t)off + 8) == (ssize_t)len) {
                im->backing_format = fmt;
            } else {
                g_free(fmt);
            }
            break;
        }
        off += 8 + ((len + 7u) & ~7u);
    }
    if (im->backing_name && depth < MON_BLOCK_CHAIN_MAX) {
        char *dir = g_path_get_dirname(path);
        im->backing_full = g_path_is_absolute(im->backing_name) ||
                                   strcmp(dir, ".") == 0
                               ? g_strdup(im->backing_name)
                               : g_build_filename(dir, im->backing_name,
                                                  NULL);
        g_free(dir);
    }
}

/* what the file holds (NULL if it cannot be opened); the backing chain
   follows */
static MonImage *mon_image_read(const char *shown, const char *path,
                                int format, int depth)
{
    MonImage *im;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    uint8_t magic[4];

    if (fd < 0) {
        return NULL;
    }
    im = g_new0(MonImage, 1);
    im->filename = g_strdup(shown);
    im->format = g_strdup("raw");
    if (fstat(fd, &st) == 0) {
        im->virtual_size = (uint64_t)st.st_size;
        im->actual_size = (uint64_t)st.st_blocks * 512;
    }
    if (format != BLOCK_FORMAT_RAW && pread(fd, magic, 4, 0) == 4 &&
        memcmp(magic, "QFI\xfb", 4) == 0) {
        mon_image_qcow2(im, fd, path, depth);
    }
    close(fd);
    if (im->backing_full) {
        int bf = im->backing_format &&
                         strcmp(im->backing_format, "raw") == 0
                     ? BLOCK_FORMAT_RAW
                     : BLOCK_FORMAT_PROBE;
        im->backing = mon_image_read(im->backing_name, im->backing_full, bf,
                                     depth + 1);
    }
    return im;
}

static void mon_block_free(gpointer p)
{
    MonBlock *b = p;

    g_free(b->device);
    g_free(b->node_name);
    g_free(b->qdev);
    g_free(b->attached);
    mon_image_free(b->image);
    g_free(b);
}

/* QEMU's name of a -drive without id= (blockdev.c's if_name, bus, unit) */
static char *mon_drive_name(const SpaprDriveSpec *d, unsigned nth_virtio,
                            unsigned nth_pflash)
{
    if (d->id) {
        return g_strdup(d->id);
    }
    switch (d->iface) {
    case SPAPR_DRIVE_IF_SCSI:
        return g_strdup_printf("scsi%d-%s%d", d->bus, d->cdrom ? "cd" : "hd",
                               d->unit);
    case SPAPR_DRIVE_IF_VIRTIO:
        return g_strdup_printf("virtio%u", nth_virtio);
    case SPAPR_DRIVE_IF_PFLASH:
        return g_strdup_printf("pflash%u", nth_pflash);
    default:
        return g_strdup("none0");
    }
}

/* the -device that took drive NAME: its id= (NULL: none), its driver and
   its number among the -devices without id= (peripheral-anon); false if
   none did */
static bool mon_drive_user(const SpaprMachine *m, const char *name,
                           char **id, char **driver, unsigned *anon)
{
    const GPtrArray *devs = m->cfg->devices;
    unsigned nanon = 0;

    for (guint i = 0; devs && i < devs->len; i++) {
        char *e = NULL;
        SpaprDevProps *p = spapr_devprops_parse(g_ptr_array_index(devs, i),
                                                &e);
        const char *drive, *did;
        bool found;

        if (!p) {
            g_free(e);
            continue;
        }
        drive = spapr_devprops_take(p, "drive");
        did = spapr_devprops_take(p, "id");
        found = drive && strcmp(drive, name) == 0;
        if (found) {
            *id = g_strdup(did);
            *driver = g_strdup(spapr_devprops_driver(p));
            *anon = nanon;
        }
        nanon += !did;
        spapr_devprops_free(p);
        if (found) {
            return true;
        }
    }
    *anon = nanon; /* an if=virtio drive's device comes after them all */
    return false;
}

static unsigned mon_anon_count(const SpaprMachine *m)
{
    char *id = NULL, *drv = NULL;
    unsigned n;

    mon_drive_user(m, "", &id, &drv, &n);
    g_free(id);
    g_free(drv);
    return n;
}

/* the QOM path of the legacy v-scsi adapter of bus b ("" if none) */
static char *mon_vscsi_path(SpaprMachine *m, int bus)
{
    size_t n = 0;
    SpaprVioDevice **devs = m->vio ? spapr_vio_devices(m, &n) : NULL;
    uint32_t cores = m->nr_cpus / (m->smp_threads ? m->smp_threads : 1);
    int seen = 0;

    for (size_t i = 0; i < n; i++) {
        /* the vty (if any) and the NVRAM are made first */
        size_t before = 1 + (m->console != NULL);
        if (devs[i]->type != &spapr_vscsi_type || seen++ != bus) {
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            before += devs[k]->reg < devs[i]->reg;
        }
        return g_strdup_printf("/machine/unattached/device[%zu]/v-scsi@%x.0",
                               3 + (cores ? cores : 1) + before,
                               devs[i]->reg);
    }
    return g_strdup("");
}

static GPtrArray *mon_block_list(SpaprMachine *m)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(mon_block_free);
    const GPtrArray *drives = m->cfg->drives;
    unsigned nvirtio = 0, npflash = 0, nnode = 0;
    unsigned anon_next = mon_anon_count(m);

    /* -drive first (QEMU makes them before the -blockdev's backends are
       attached), then the -blockdev nodes */
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; drives && i < drives->len; i++) {
            const SpaprDriveSpec *d = g_ptr_array_index(drives, i);
            MonBlock *b;
            char *name, *id = NULL, *drv = NULL;
            unsigned anon = 0;
            bool used;

            if (d->blockdev != (pass == 1)) {
                continue;
            }
            name = mon_drive_name(d, nvirtio, npflash);
            nvirtio += d->iface == SPAPR_DRIVE_IF_VIRTIO;
            npflash += d->iface == SPAPR_DRIVE_IF_PFLASH;
            used = mon_drive_user(m, name, &id, &drv, &anon);
            if (d->blockdev && !used) {
                g_free(name);
                continue; /* a node nobody took: not a backend */
            }
            b = g_new0(MonBlock, 1);
            b->blockdev = d->blockdev;
            b->device = d->blockdev ? g_strdup("") : g_strdup(name);
            b->removable = d->cdrom;
            b->ro = d->readonly || d->cdrom;
            b->cache = d->snapshot ? BLOCK_CACHE_UNSAFE : d->cache;
            b->snapshot = d->snapshot;
            b->stats = d->stats;
            if (d->file) {
                b->image = mon_image_read(d->file, d->file, d->format, 0);
            }
            if (b->image) {
                b->node_name = d->blockdev
                                   ? g_strdup(name)
                                   : g_strdup_printf("#block%u",
                                                     100 * ++nnode);
            }
            if (used) {
                bool virtio = g_str_has_prefix(drv, "virtio-blk");
                char *path = id ? g_strdup_printf("/machine/peripheral/%s",
                                                  id)
                                : g_strdup_printf("/machine/peripheral-anon/"
                                                  "device[%u]", anon);
                if (virtio) {
                    b->attached = g_strdup_printf("%s/virtio-backend", path);
                } else {
                    b->attached = id ? g_strdup(id) : g_strdup(path);
                }
                b->qdev = g_strdup(b->attached);
                g_free(path);
            } else if (d->iface == SPAPR_DRIVE_IF_VIRTIO) {
                b->attached = g_strdup_printf("/machine/peripheral-anon/"
                                              "device[%u]/virtio-backend",
                                              anon_next++);
                b->qdev = g_strdup(b->attached);
            } else if (d->iface == SPAPR_DRIVE_IF_SCSI) {
                char *a = mon_vscsi_path(m, d->bus);
                b->attached = g_strdup_printf("%s/legacy[%d]", a, d->unit);
                b->qdev = g_strdup(b->attached);
                g_free(a);
            } else if (d->iface == SPAPR_DRIVE_IF_PFLASH ||
                       (m->cfg->nvram_drive && d->id &&
                        strcmp(m->cfg->nvram_drive, d->id) == 0)) {
                b->attached = g_strdup_printf("nvram@%x", m->nvram_reg);
                b->qdev = g_strdup(b->attached);
            }
            g_free(id);
            g_free(drv);
            g_free(name);
            g_ptr_array_add(out, b);
        }
    }
    return out;
}

/* QEMU's words for the cache mode: writeback unless writethrough,
   direct for O_DIRECT, ignore flushes for no-flush */
static const char *mon_cache_words(int cache)
{
    switch (cache) {
    case BLOCK_CACHE_NONE: return "writeback, direct";
    case BLOCK_CACHE_WRITETHROUGH: return "writethrough";
    case BLOCK_CACHE_DIRECTSYNC: return "writethrough, direct";
    case BLOCK_CACHE_UNSAFE: return "writeback, ignore flushes";
    default: return "writeback";
    }
}

static int mon_chain_depth(const MonImage *im)
{
    int n = 0;

    for (const MonImage *b = im ? im->backing : NULL; b; b = b->backing) {
        n++;
    }
    return n;
}

void monitor_block_hmp(SpaprMachine *m, GString *out)
{
    GPtrArray *l = mon_block_list(m);

    for (guint i = 0; i < l->len; i++) {
        const MonBlock *b = g_ptr_array_index(l, i);

        if (i) {
            g_string_append_c(out, '\n'); /* between two, not after */
        }
        if (b->blockdev) {
            g_string_append_printf(out, "%s", b->node_name);
        } else {
            g_string_append(out, b->device);
            if (b->image) {
                g_string_append_printf(out, " (%s)", b->node_name);
            }
        }
        if (b->image) {
            g_string_append_printf(out, ": %s (%s%s)\n", b->image->filename,
                                   b->image->format,
                                   b->ro ? ", read-only" : "");
        } else {
            g_string_append(out, ": [not inserted]\n");
        }
        if (b->attached) {
            g_string_append_printf(out, "    Attached to:      %s\n",
                                   b->attached);
        }
        if (b->removable) {
            g_string_append(out, "    Removable device: not locked, tray "
                                 "closed\n");
        }
        if (b->image) {
            g_string_append_printf(out, "    Cache mode:       %s\n",
                                   mon_cache_words(b->cache));
            if (b->image->backing_name) {
                g_string_append_printf(out, "    Backing file:     %s "
                                       "(chain depth: %d)\n",
                                       b->image->backing_name,
                                       mon_chain_depth(b->image));
            }
        }
    }
    g_ptr_array_unref(l);
}

/* ImageInfo, the members in QEMU's order */
static void mon_image_json(GString *o, const MonImage *im)
{
    g_string_append(o, "{");
    if (im->backing) {
        g_string_append(o, "\"backing-image\": ");
        mon_image_json(o, im->backing);
        g_string_append(o, ", ");
    }
    if (im->backing_format) {
        g_string_append(o, "\"backing-filename-format\": ");
        json_append_string(o, im->backing_format);
        g_string_append(o, ", ");
    }
    g_string_append_printf(o, "\"virtual-size\": %" PRIu64 ", \"filename\": ",
                           im->virtual_size);
    json_append_string(o, im->filename);
    if (im->qcow2) {
        g_string_append_printf(o, ", \"cluster-size\": %u", im->cluster_size);
    }
    g_string_append(o, ", \"format\": ");
    json_append_string(o, im->format);
    g_string_append_printf(o, ", \"actual-size\": %" PRIu64, im->actual_size);
    if (im->qcow2) {
        /* incompatible bit 1: corrupt, 3: compression type (zstd), 4:
           extended L2; compatible bit 0: lazy refcounts */
        g_string_append_printf(
            o, ", \"format-specific\": {\"type\": \"qcow2\", \"data\": "
            "{\"compat\": \"%s\"", im->version >= 3 ? "1.1" : "0.10");
        if (im->version >= 3) {
            g_string_append_printf(
                o, ", \"compression-type\": \"%s\", \"lazy-refcounts\": %s, "
                "\"refcount-bits\": %u, \"corrupt\": %s, "
                "\"extended-l2\": %s", im->incompat & 8 ? "zstd" : "zlib",
                im->compat & 1 ? "true" : "false", im->refcount_bits,
                im->incompat & 2 ? "true" : "false",
                im->incompat & 16 ? "true" : "false");
        } else {
            g_string_append_printf(o, ", \"compression-type\": \"zlib\", "
                                   "\"refcount-bits\": 16");
        }
        g_string_append(o, "}}");
    }
    if (im->backing_name) {
        g_string_append(o, ", \"full-backing-filename\": ");
        json_append_string(o, im->backing_full ? im->backing_full
                                               : im->backing_name);
        g_string_append(o, ", \"backing-filename\": ");
        json_append_string(o, im->backing_name);
    }
    g_string_append(o, ", \"dirty-flag\": false}");
}

void monitor_block_qmp(SpaprMachine *m, GString *o)
{
    GPtrArray *l = mon_block_list(m);

    g_string_append_c(o, '[');
    for (guint i = 0; i < l->len; i++) {
        const MonBlock *b = g_ptr_array_index(l, i);
        int cache = b->cache;

        g_string_append_printf(o, "%s{\"io-status\": \"ok\", \"device\": ",
                               i ? ", " : "");
        json_append_string(o, b->device);
        g_string_append_printf(o, ", \"locked\": false, \"removable\": %s",
                               b->removable ? "true" : "false");
        if (b->image) {
            const MonImage *im = b->image;
            g_string_append(o, ", \"inserted\": {\"iops_rd\": 0, "
                               "\"detect_zeroes\": \"off\", \"image\": ");
            mon_image_json(o, im);
            g_string_append_printf(o, ", \"iops_wr\": 0, \"ro\": %s, "
                                   "\"node-name\": ", b->ro ? "true"
                                                            : "false");
            json_append_string(o, b->node_name);
            g_string_append_printf(o, ", \"backing_file_depth\": %d, "
                                   "\"drv\": ", mon_chain_depth(im));
            json_append_string(o, im->format);
            g_string_append(o, ", \"iops\": 0, \"bps_wr\": 0, "
                               "\"write_threshold\": 0");
            if (im->backing_name) {
                g_string_append(o, ", \"backing_file\": ");
                json_append_string(o, im->backing_name);
            }
            g_string_append_printf(
                o, ", \"encrypted\": false, \"bps\": 0, \"bps_rd\": 0, "
                "\"cache\": {\"no-flush\": %s, \"direct\": %s, "
                "\"writeback\": %s}, \"file\": ",
                cache == BLOCK_CACHE_UNSAFE ? "true" : "false",
                cache == BLOCK_CACHE_NONE || cache == BLOCK_CACHE_DIRECTSYNC
                    ? "true"
                    : "false",
                cache == BLOCK_CACHE_WRITETHROUGH ||
                        cache == BLOCK_CACHE_DIRECTSYNC
                    ? "false"
                    : "true");
            json_append_string(o, im->filename);
            g_string_append_c(o, '}');
        }
        if (b->qdev) {
            g_string_append(o, ", \"qdev\": ");
            json_append_string(o, b->qdev);
        }
        if (b->removable) {
            g_string_append(o, ", \"tray_open\": false");
        }
        g_string_append(o, ", \"type\": \"unknown\"}");
    }
    g_string_append_c(o, ']');
    g_ptr_array_unref(l);
}

/* ------------------------------------------------------------ blockstats */

/* one BlockDeviceStats in QEMU 7.2's member order; st NULL: all zeros
   (the file node under a format node, whose requests the drive counts);
   account: the drive level's account_invalid/account_failed */
static void mon_stats_json(GString *o, const BlockStats *st, bool account,
                           uint64_t highest)
{
    BlockStats snap = { 0 };
    const BlockStats *s = &snap;

    /* a snapshot of the counters the devices update as they go (the
       struct is all uint64_t) */
    for (size_t i = 0; st && i < sizeof(snap) / sizeof(uint64_t); i++) {
        ((uint64_t *)&snap)[i] =
            __atomic_load_n((const uint64_t *)st + i, __ATOMIC_RELAXED);
    }
    g_string_append_printf(
        o, "{\"unmap_operations\": %" PRIu64 ", \"unmap_merged\": 0, "
        "\"flush_total_time_ns\": %" PRIu64 ", \"wr_highest_offset\": %"
        PRIu64 ", \"wr_total_time_ns\": %" PRIu64 ", "
        "\"failed_wr_operations\": %" PRIu64 ", \"failed_rd_operations\": %"
        PRIu64 ", \"wr_merged\": 0, \"wr_bytes\": %" PRIu64 ", "
        "\"timed_stats\": [], \"failed_unmap_operations\": %" PRIu64 ", "
        "\"failed_flush_operations\": %" PRIu64 ", \"account_invalid\": %s, "
        "\"rd_total_time_ns\": %" PRIu64 ", \"invalid_unmap_operations\": %"
        PRIu64 ", \"flush_operations\": %" PRIu64 ", \"wr_operations\": %"
        PRIu64 ", \"unmap_bytes\": %" PRIu64 ", \"rd_merged\": 0, "
        "\"rd_bytes\": %" PRIu64 ", \"unmap_total_time_ns\": %" PRIu64 ", "
        "\"invalid_flush_operations\": %" PRIu64 ", \"account_failed\": %s, "
        "\"rd_operations\": %" PRIu64 ", \"invalid_wr_operations\": %" PRIu64
        ", \"invalid_rd_operations\": %" PRIu64 "}",
        s->ops[BLOCK_ACCT_UNMAP], s->total_ns[BLOCK_ACCT_FLUSH], highest,
        s->total_ns[BLOCK_ACCT_WRITE], s->failed[BLOCK_ACCT_WRITE],
        s->failed[BLOCK_ACCT_READ], s->bytes[BLOCK_ACCT_WRITE],
        s->failed[BLOCK_ACCT_UNMAP], s->failed[BLOCK_ACCT_FLUSH],
        account ? "true" : "false", s->total_ns[BLOCK_ACCT_READ],
        s->invalid[BLOCK_ACCT_UNMAP], s->ops[BLOCK_ACCT_FLUSH],
        s->ops[BLOCK_ACCT_WRITE], s->bytes[BLOCK_ACCT_UNMAP],
        s->bytes[BLOCK_ACCT_READ], s->total_ns[BLOCK_ACCT_UNMAP],
        s->invalid[BLOCK_ACCT_FLUSH], account ? "true" : "false",
        s->ops[BLOCK_ACCT_READ], s->invalid[BLOCK_ACCT_WRITE],
        s->invalid[BLOCK_ACCT_READ]);
}

/*
 * query-blockstats: the drives of query-block with the guest's requests
 * as their devices counted them (one operation a request; bytes moved;
 * failed and invalid ones; the time the successful ones took).  A drive
 * with a medium has its format node's name and, as "parent", the file
 * node under it: its counters are zeros but for the highest offset
 * written, as in QEMU, and its driver-specific part counts the discards
 * that reached the file.  Merged requests are always 0 (no merging
 * here), timed_stats empty (no -drive stats-intervals), and a qcow2's
 * backing node is not listed.
 */
void monitor_blockstats_qmp(SpaprMachine *m, GString *o)
{
    GPtrArray *l = mon_block_list(m);

    g_string_append_c(o, '[');
    for (guint i = 0; i < l->len; i++) {
        const MonBlock *b = g_ptr_array_index(l, i);
        const BlockStats *st = b->stats;
        uint64_t highest = st ? __atomic_load_n(&st->wr_highest_offset,
                                                __ATOMIC_RELAXED)
                              : 0;

        g_string_append(o, i ? ", {\"device\": " : "{\"device\": ");
        json_append_string(o, b->device);
        if (b->image) {
            char *file_node = g_strdup_printf("%s-file", b->node_name);
            uint64_t nb_ok = 0, nb_failed = 0, bytes_ok = 0;
            if (st) {
                nb_ok = __atomic_load_n(&st->discard_nb_ok, __ATOMIC_RELAXED);
                nb_failed = __atomic_load_n(&st->discard_nb_failed,
                                            __ATOMIC_RELAXED);
                bytes_ok = __atomic_load_n(&st->discard_bytes_ok,
                                           __ATOMIC_RELAXED);
            }
            g_string_append(o, ", \"parent\": {\"stats\": ");
            mon_stats_json(o, NULL, false, highest);
            g_string_append(o, ", \"node-name\": ");
            json_append_string(o, file_node);
            g_string_append_printf(o, ", \"driver-specific\": "
                                   "{\"discard-bytes-ok\": %" PRIu64 ", "
                                   "\"discard-nb-ok\": %" PRIu64 ", "
                                   "\"driver\": \"file\", "
                                   "\"discard-nb-failed\": %" PRIu64 "}}",
                                   bytes_ok, nb_ok, nb_failed);
            g_free(file_node);
        }
        g_string_append(o, ", \"stats\": ");
        mon_stats_json(o, st, true, highest);
        if (b->image) {
            g_string_append(o, ", \"node-name\": ");
            json_append_string(o, b->node_name);
        }
        if (b->qdev) {
            g_string_append(o, ", \"qdev\": ");
            json_append_string(o, b->qdev);
        }
        g_string_append_c(o, '}');
    }
    g_string_append_c(o, ']');
    g_ptr_array_unref(l);
}
