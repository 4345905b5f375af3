/*
 * system/block-qcow2.c: the qcow2 image format, versions 2 and 3, read
 * and write (written from the format's specification, QEMU's
 * docs/interop/qcow2.txt).
 *
 * The file is a sequence of clusters (2^cluster_bits bytes).  A guest
 * offset goes through two tables: the L1 table (in memory here, l1_size
 * entries) names an L2 table, one cluster of 8-byte entries, which names
 * the host cluster holding the data.  An L2 entry is one of
 *   0                      unallocated: the backing file's bytes (or zeros)
 *   bit 0 (v3)             reads as zeros
 *   bit 62                 compressed: a raw-deflate stream at a byte offset
 *   an offset (bits 9-55)  the data; bit 63 (COPIED) when its refcount is 1
 * Every host cluster has a reference count: the refcount table (at
 * refcount_table_offset) names refcount blocks, each a cluster of
 * 2^refcount_order-bit counts.  qemu-img check compares them with the
 * references it finds; a count lower than the references is corruption,
 * a higher one a leak.
 *
 * Allocation appends at the end of the file, so the order of the writes
 * keeps the image consistent at every moment a kill -9 can come (all of
 * them are in the host's page cache once pwrite returns): the new
 * cluster's refcount first (a new refcount block is written before the
 * table entry naming it; a grown refcount table is written whole before
 * the header names it), then its data, then the L2 entry (and for a new L2
 * table its L1 entry) that points at it.  A kill between two of these
 * leaves a leaked cluster at worst.  A cluster that must change from
 * unallocated, zero or compressed to data is written whole (the rest
 * filled from what it read as before), never in place.
 *
 * What it refuses: encryption, external data files, extended L2 entries,
 * compression types other than deflate, unknown incompatible features;
 * for writing also internal snapshots (a shared cluster would need its
 * count raised on copy), the dirty bit (lazy refcounts: the counts may be
 * stale) and the corrupt bit (read-only then, as QEMU).  Unknown
 * autoclear bits (bitmaps) are cleared when it opens the image for
 * writing, as the format asks of a writer that does not maintain them.
 *
 * Metadata caching: the L2 tables and refcount blocks read are kept
 * (1/8192 of the virtual size at most for L2 with 64 KiB clusters);
 * every change is written through at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inflate.h"
#include "system/block-int.h"
#include "bytes-be.h"

#define QCOW2_MAGIC 0x514649fbu
#define QCOW2_V2_HEADER 72
#define QCOW2_V3_HEADER 104

#define L1E_OFFSET_MASK 0x00fffffffffffe00ull
#define L2E_OFFSET_MASK 0x00fffffffffffe00ull
#define RTE_OFFSET_MASK 0xfffffffffffffe00ull
#define QCOW_OFLAG_COPIED (1ull << 63)
#define QCOW_OFLAG_COMPRESSED (1ull << 62)
#define QCOW_OFLAG_ZERO 1ull

/* incompatible feature bits */
#define INCOMPAT_DIRTY (1ull << 0)
#define INCOMPAT_CORRUPT (1ull << 1)
#define INCOMPAT_DATA_FILE (1ull << 2)
#define INCOMPAT_COMPRESSION (1ull << 3)
#define INCOMPAT_EXTL2 (1ull << 4)
#define INCOMPAT_KNOWN (INCOMPAT_DIRTY | INCOMPAT_CORRUPT | \
                        INCOMPAT_COMPRESSION)

/* header extensions */
#define EXT_END 0
#define EXT_BACKING_FORMAT 0xe2792acau

typedef struct Qcow2 {
    uint32_t version;
    uint32_t cluster_bits;
    uint64_t cs;                /* cluster size */
    uint32_t l2_bits;           /* log2 of the entries in an L2 table */
    uint64_t *l1;               /* host order */
    uint32_t l1_size;
    uint64_t l1_off;
    uint64_t *rt;               /* the refcount table, host order */
    uint64_t rt_entries;
    uint64_t rt_off;
    uint32_t rt_clusters;
    uint32_t refcount_order;
    uint64_t rb_entries;        /* counts in one refcount block */
    uint64_t incompat, autoclear;
    uint32_t header_len;
    GHashTable *l2_cache;       /* host offset -> uint64_t[] big-endian */
    GHashTable *rb_cache;       /* host offset -> a refcount block */
    uint64_t file_end;          /* where the next cluster goes */
    BlockNode *backing;
    uint64_t zc_entry;          /* the compressed cluster in zc_buf */
    uint8_t *zc_buf;
    uint8_t *zc_in;
} Qcow2;

static int q_read(BlockNode *n, uint64_t off, void *buf, size_t len)
{
    return blk_file_io(n->fd, off, buf, len, false);
}

static int q_write(BlockNode *n, uint64_t off, const void *buf, size_t len)
{
    return blk_file_io(n->fd, off, (void *)buf, len, true);
}

/* ------------------------------------------------------------ refcounts */

static uint64_t rb_get(const Qcow2 *q, const uint8_t *b, uint64_t i)
{
    uint32_t bits = 1u << q->refcount_order;

    switch (bits) {
    case 1:
    case 2:
    case 4:
        return (b[i * bits / 8] >> (i * bits % 8)) & ((1u << bits) - 1);
    case 8:
        return b[i];
    case 16:
        return (uint64_t)b[2 * i] << 8 | b[2 * i + 1];
    case 32:
        return ld_be32(b + 4 * i);
    default:
        return ld_be64(b + 8 * i);
    }
}

/* sets count i of block b; returns the byte range changed (*at, 1..8) */
static size_t rb_set(const Qcow2 *q, uint8_t *b, uint64_t i, uint64_t v,
                     size_t *at)
{
    uint32_t bits = 1u << q->refcount_order;

    switch (bits) {
    case 1:
    case 2:
    case 4: {
        uint8_t mask = (uint8_t)(((1u << bits) - 1) << (i * bits % 8));

        *at = i * bits / 8;
        b[*at] = (uint8_t)((b[*at] & ~mask) |
                           ((v << (i * bits % 8)) & mask));
        return 1;
    }
    case 8:
        *at = i;
        b[i] = (uint8_t)v;
        return 1;
    case 16:
        *at = 2 * i;
        b[2 * i] = (uint8_t)(v >> 8);
        b[2 * i + 1] = (uint8_t)v;
        return 2;
    case 32:
        *at = 4 * i;
        st_be32(b + 4 * i, (uint32_t)v);
        return 4;
    default:
        *at = 8 * i;
        st_be64(b + 8 * i, v);
        return 8;
    }
}

/* a refcount block from the cache or the file */
static uint8_t *rb_load(BlockNode *n, uint64_t off, int *r)
{
    Qcow2 *q = n->state;
    uint8_t *b = g_hash_table_lookup(q->rb_cache, &off);

    if (b) {
        return b;
    }
    b = g_malloc(q->cs);
    *r = q_read(n, off, b, q->cs);
    if (*r < 0) {
        g_free(b);
        return NULL;
    }
    g_hash_table_insert(q->rb_cache, g_memdup2(&off, sizeof(off)), b);
    return b;
}

static int refcount_set(BlockNode *n, uint64_t cluster, uint64_t v);
static uint64_t *l2_table_for_write(BlockNode *n, uint64_t vc, int *r);

/* the refcount table grows to cover table index need: a larger copy at
   the end of the file, its own clusters counted, written whole, then the
   header switched to it and the old table's clusters freed */
static int rt_grow(BlockNode *n, uint64_t need)
{
    Qcow2 *q = n->state;
    uint64_t entries = MAX(need + 1, q->rt_entries * 2);
    uint64_t clusters = (entries * 8 + q->cs - 1) / q->cs;
    uint64_t off = q->file_end, old_off = q->rt_off;
    uint32_t old_clusters = q->rt_clusters;
    uint8_t hdr[12], *raw;
    int r;

    if (clusters > UINT32_MAX) {
        return -EFBIG;
    }
    entries = clusters * q->cs / 8;
    q->file_end += clusters * q->cs;
    q->rt = g_renew(uint64_t, q->rt, entries);
    memset(q->rt + q->rt_entries, 0,
           (entries - q->rt_entries) * sizeof(uint64_t));
    q->rt_entries = entries;
    q->rt_off = off;
    q->rt_clusters = (uint32_t)clusters;
    /* the table's own clusters (refcount_set may allocate blocks, whose
       entries go into the new table, which is not live yet) */
    for (uint64_t i = 0; i < clusters; i++) {
        if ((r = refcount_set(n, off / q->cs + i, 1)) < 0) {
            return r;
        }
    }
    raw = g_malloc0(clusters * q->cs);
    for (uint64_t i = 0; i < entries; i++) {
        st_be64(raw + 8 * i, q->rt[i]);
    }
    r = q_write(n, off, raw, clusters * q->cs);
    g_free(raw);
    if (r < 0) {
        return r;
    }
    st_be64(hdr, off);
    st_be32(hdr + 8, (uint32_t)clusters);
    if ((r = q_write(n, 48, hdr, sizeof(hdr))) < 0) {
        return r;
    }
    for (uint32_t i = 0; i < old_clusters; i++) {
        if ((r = refcount_set(n, old_off / q->cs + i, 0)) < 0) {
            return r;
        }
    }
    return 0;
}

/* a new refcount block for table index t, at the end of the file, its
   own count set (in itself when it covers itself) */
static int rb_alloc(BlockNode *n, uint64_t t)
{
    Qcow2 *q = n->state;
    uint64_t off = q->file_end, self = off / q->cs;
    uint8_t *b = g_malloc0(q->cs);
    uint8_t ent[8];
    size_t at;
    int r;

    q->file_end += q->cs;
    if (self / q->rb_entries == t) {
        rb_set(q, b, self % q->rb_entries, 1, &at);
    } else if ((r = refcount_set(n, self, 1)) < 0) {
        g_free(b);
        return r;
    }
    if ((r = q_write(n, off, b, q->cs)) < 0) {
        g_free(b);
        return r;
    }
    g_hash_table_insert(q->rb_cache, g_memdup2(&off, sizeof(off)), b);
    q->rt[t] = off;
    st_be64(ent, off);
    return q_write(n, q->rt_off + 8 * t, ent, 8);
}

static int refcount_get(BlockNode *n, uint64_t cluster, uint64_t *v)
{
    Qcow2 *q = n->state;
    uint64_t t = cluster / q->rb_entries;
    uint8_t *b;
    int r = 0;

    *v = 0;
    if (t >= q->rt_entries || !(q->rt[t] & RTE_OFFSET_MASK)) {
        return 0;
    }
    b = rb_load(n, q->rt[t] & RTE_OFFSET_MASK, &r);
    if (!b) {
        return r;
    }
    *v = rb_get(q, b, cluster % q->rb_entries);
    return 0;
}

static int refcount_set(BlockNode *n, uint64_t cluster, uint64_t v)
{
    Qcow2 *q = n->state;
    uint64_t t = cluster / q->rb_entries;
    uint8_t *b;
    size_t at, len;
    int r = 0;

    if (t >= q->rt_entries && (r = rt_grow(n, t)) < 0) {
        return r;
    }
    if (!(q->rt[t] & RTE_OFFSET_MASK)) {
        if (v == 0) {
            return 0;
        }
        if ((r = rb_alloc(n, t)) < 0) {
            return r;
        }
    }
    b = rb_load(n, q->rt[t] & RTE_OFFSET_MASK, &r);
    if (!b) {
        return r;
    }
    len = rb_set(q, b, cluster % q->rb_entries, v, &at);
    return q_write(n, (q->rt[t] & RTE_OFFSET_MASK) + at, b + at, len);
}

/* n clusters at the end of the file, counted; their host offset or 0
   (*r the error).  The counts of one refcount block are set in memory and
   written with one write (a new block is made first where needed). */
static uint64_t cluster_alloc(BlockNode *n, uint64_t count, int *r)
{
    Qcow2 *q = n->state;
    uint64_t off = q->file_end, first = off / q->cs;

    q->file_end += count * q->cs;
    for (uint64_t c = first; c < first + count;) {
        uint64_t t = c / q->rb_entries;
        uint64_t end = MIN(first + count, (t + 1) * q->rb_entries);
        size_t lo = SIZE_MAX, hi = 0, at, len;
        uint8_t *b;

        if ((*r = refcount_set(n, c, 1)) < 0) {  /* makes the block */
            return 0;
        }
        b = rb_load(n, q->rt[t] & RTE_OFFSET_MASK, r);
        if (!b) {
            return 0;
        }
        for (uint64_t i = c + 1; i < end; i++) {
            len = rb_set(q, b, i % q->rb_entries, 1, &at);
            lo = MIN(lo, at);
            hi = MAX(hi, at + len);
        }
        if (hi > lo && (*r = q_write(n, (q->rt[t] & RTE_OFFSET_MASK) + lo,
                                     b + lo, hi - lo)) < 0) {
            return 0;
        }
        c = end;
    }
    return off;
}

/* an L2 entry that a whole-cluster write replaces without reading or
   freeing anything: unallocated, or zero without a cluster */
static bool entry_fresh(uint64_t e)
{
    return e == 0 || e == QCOW_OFLAG_ZERO;
}

/* whole clusters from guest cluster vc on, len bytes (a multiple of the
   cluster size, within one L2 table, all entry_fresh): one run of new
   clusters, one data write, one write of their L2 entries */
static int write_fresh_run(BlockNode *n, uint64_t vc, const uint8_t *buf,
                           uint64_t count)
{
    Qcow2 *q = n->state;
    uint64_t *l2, host, idx = vc & ((1ull << q->l2_bits) - 1);
    int r = 0;

    if (!(l2 = l2_table_for_write(n, vc, &r))) {
        return r;
    }
    if (!(host = cluster_alloc(n, count, &r))) {
        return r;
    }
    if ((r = q_write(n, host, buf, count * q->cs)) < 0) {
        return r;
    }
    for (uint64_t i = 0; i < count; i++) {
        st_be64((uint8_t *)&l2[idx + i], (host + i * q->cs) |
                                          QCOW_OFLAG_COPIED);
    }
    return q_write(n, (q->l1[vc >> q->l2_bits] & L1E_OFFSET_MASK) + 8 * idx,
                   &l2[idx], 8 * count);
}

/* one reference fewer on the host clusters of [off, off + len) */
static int refcount_drop(BlockNode *n, uint64_t off, uint64_t len)
{
    Qcow2 *q = n->state;

    for (uint64_t c = off / q->cs; c <= (off + len - 1) / q->cs; c++) {
        uint64_t v;
        int r = refcount_get(n, c, &v);

        if (r < 0) {
            return r;
        }
        if (v && (r = refcount_set(n, c, v - 1)) < 0) {
            return r;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ L1 / L2 */

static uint64_t *l2_load(BlockNode *n, uint64_t off, int *r)
{
    Qcow2 *q = n->state;
    uint64_t *t = g_hash_table_lookup(q->l2_cache, &off);

    if (t) {
        return t;
    }
    t = g_malloc(q->cs);
    *r = q_read(n, off, t, q->cs);
    if (*r < 0) {
        g_free(t);
        return NULL;
    }
    g_hash_table_insert(q->l2_cache, g_memdup2(&off, sizeof(off)), t);
    return t;
}

/* the L2 entry of guest cluster vc (0 if its table is absent); *l2 the
   table and *idx the index in it, when there is one */
static int l2_entry(BlockNode *n, uint64_t vc, uint64_t *e, uint64_t **l2,
                    uint64_t *idx)
{
    Qcow2 *q = n->state;
    uint64_t l1i = vc >> q->l2_bits, off;
    int r = 0;

    *e = 0;
    *l2 = NULL;
    *idx = vc & ((1ull << q->l2_bits) - 1);
    if (l1i >= q->l1_size) {
        return -EIO;
    }
    off = q->l1[l1i] & L1E_OFFSET_MASK;
    if (!off) {
        return 0;
    }
    *l2 = l2_load(n, off, &r);
    if (!*l2) {
        return r;
    }
    *e = ld_be64((const uint8_t *)&(*l2)[*idx]);
    return 0;
}

/* the compressed cluster of L2 entry e, inflated into q->zc_buf */
static int compressed_load(BlockNode *n, uint64_t e)
{
    Qcow2 *q = n->state;
    uint32_t x = 62 - (q->cluster_bits - 8);
    uint64_t off = e & ((1ull << x) - 1);
    uint64_t sectors = ((e >> x) & ((1ull << (62 - x)) - 1)) + 1;
    uint64_t len = sectors * 512 - (off & 511);
    struct stat st;
    InflateResult res;
    size_t got;
    int r;

    if (q->zc_entry == e) {
        return 0;
    }
    if (fstat(n->fd, &st) == 0 && off + len > (uint64_t)st.st_size) {
        /* the last stream may end the file before its last sector */
        len = off < (uint64_t)st.st_size ? (uint64_t)st.st_size - off : 0;
    }
    if (len == 0 || len > 2 * q->cs) {
        return -EIO;
    }
    if ((r = q_read(n, off, q->zc_in, len)) < 0) {
        return r;
    }
    /* raw deflate, no zlib header (a 4 KiB window, as the format says);
       the stream may go on past the cluster (the sectors' padding), and
       the cluster must come out whole */
    res = inflate_raw(q->zc_in, len, q->zc_buf, q->cs, &got, NULL);
    if ((res != INFLATE_DONE && res != INFLATE_FULL) || got != q->cs) {
        q->zc_entry = 0;
        return -EIO;
    }
    q->zc_entry = e;
    return 0;
}

/* what guest cluster vc holds, bytes [in, in + len) of it, into buf */
static int cluster_read(BlockNode *n, uint64_t vc, uint64_t in, uint8_t *buf,
                        size_t len, uint64_t e)
{
    Qcow2 *q = n->state;
    uint64_t goff = (vc << q->cluster_bits) + in;
    int r;

    if (e & QCOW_OFLAG_COMPRESSED) {
        if ((r = compressed_load(n, e)) < 0) {
            return r;
        }
        memcpy(buf, q->zc_buf + in, len);
        return 0;
    }
    if (e & QCOW_OFLAG_ZERO) {
        memset(buf, 0, len);
        return 0;
    }
    if (e & L2E_OFFSET_MASK) {
        return q_read(n, (e & L2E_OFFSET_MASK) + in, buf, len);
    }
    /* unallocated: the backing file's bytes, zeros past its end */
    memset(buf, 0, len);
    if (q->backing && goff < q->backing->size) {
        size_t bl = (size_t)MIN((uint64_t)len, q->backing->size - goff);

        return blk_node_pread(q->backing, goff, buf, bl);
    }
    return 0;
}

static int qcow2_pread(BlockNode *n, uint64_t off, void *vbuf, size_t len)
{
    Qcow2 *q = n->state;
    uint8_t *buf = vbuf;

    while (len) {
        uint64_t vc = off >> q->cluster_bits, in = off & (q->cs - 1);
        size_t chunk = (size_t)MIN((uint64_t)len, q->cs - in);
        uint64_t e, idx, *l2;
        int r = l2_entry(n, vc, &e, &l2, &idx);

        if (r < 0) {
            return r;
        }
        /* consecutive data clusters that are consecutive in the file
           too: one read */
        if (!(e & (QCOW_OFLAG_COMPRESSED | QCOW_OFLAG_ZERO)) &&
            (e & L2E_OFFSET_MASK)) {
            uint64_t base = e & L2E_OFFSET_MASK, k = 1;

            while (chunk < len && idx + k < (1ull << q->l2_bits)) {
                uint64_t ne = ld_be64((const uint8_t *)&l2[idx + k]);

                if ((ne & (QCOW_OFLAG_COMPRESSED | QCOW_OFLAG_ZERO)) ||
                    (ne & L2E_OFFSET_MASK) != base + k * q->cs) {
                    break;
                }
                k++;
                chunk = (size_t)MIN((uint64_t)len, k * q->cs - in);
            }
            r = q_read(n, base + in, buf, chunk);
        } else {
            r = cluster_read(n, vc, in, buf, chunk, e);
        }
        if (r < 0) {
            return r;
        }
        off += chunk;
        buf += chunk;
        len -= chunk;
    }
    return 0;
}

/* the L2 table for guest cluster vc, made if absent */
static uint64_t *l2_table_for_write(BlockNode *n, uint64_t vc, int *r)
{
    Qcow2 *q = n->state;
    uint64_t l1i = vc >> q->l2_bits, off;
    uint8_t ent[8];
    uint64_t *t;

    if (l1i >= q->l1_size) {
        *r = -EIO;
        return NULL;
    }
    off = q->l1[l1i] & L1E_OFFSET_MASK;
    if (off) {
        return l2_load(n, off, r);
    }
    off = cluster_alloc(n, 1, r);
    if (!off) {
        return NULL;
    }
    t = g_malloc0(q->cs);
    if ((*r = q_write(n, off, t, q->cs)) < 0) {
        g_free(t);
        return NULL;
    }
    g_hash_table_insert(q->l2_cache, g_memdup2(&off, sizeof(off)), t);
    q->l1[l1i] = off | QCOW_OFLAG_COPIED;
    st_be64(ent, q->l1[l1i]);
    if ((*r = q_write(n, q->l1_off + 8 * l1i, ent, 8)) < 0) {
        return NULL;
    }
    return t;
}

static int qcow2_pwrite(BlockNode *n, uint64_t off, const void *vbuf,
                        size_t len)
{
    Qcow2 *q = n->state;
    const uint8_t *buf = vbuf;
    uint8_t *whole = NULL;
    int r = 0;

    while (len) {
        uint64_t vc = off >> q->cluster_bits, in = off & (q->cs - 1);
        size_t chunk = (size_t)MIN((uint64_t)len, q->cs - in);
        uint64_t e, idx, *l2, host;
        uint8_t ent[8];

        if ((r = l2_entry(n, vc, &e, &l2, &idx)) < 0) {
            break;
        }
        if (in == 0 && len >= q->cs && entry_fresh(e)) {
            /* a run of whole new clusters in this L2 table */
            uint64_t k = 1, per = 1ull << q->l2_bits;

            while ((k + 1) * q->cs <= len && idx + k < per &&
                   (!l2 || entry_fresh(ld_be64((const uint8_t *)&l2[idx + k])))) {
                k++;
            }
            if ((r = write_fresh_run(n, vc, buf, k)) < 0) {
                break;
            }
            off += k * q->cs;
            buf += k * q->cs;
            len -= k * q->cs;
            continue;
        }
        if ((e & QCOW_OFLAG_COPIED) &&
            !(e & (QCOW_OFLAG_COMPRESSED | QCOW_OFLAG_ZERO)) &&
            (e & L2E_OFFSET_MASK)) {
            /* a data cluster of our own: in place (inside the file) */
            uint64_t at = e & L2E_OFFSET_MASK;

            if ((at & (q->cs - 1)) || at + q->cs > q->file_end) {
                r = -EIO;
                break;
            }
            if ((r = q_write(n, (e & L2E_OFFSET_MASK) + in, buf, chunk)) <
                0) {
                break;
            }
        } else {
            /* a new cluster, written whole: what it held so far around
               the new bytes */
            if (!whole) {
                whole = g_malloc(q->cs);
            }
            if (chunk < q->cs &&
                (r = cluster_read(n, vc, 0, whole, q->cs, e)) < 0) {
                break;
            }
            memcpy(whole + in, buf, chunk);
            if (!(l2 = l2_table_for_write(n, vc, &r))) {
                break;
            }
            if (!(host = cluster_alloc(n, 1, &r))) {
                break;
            }
            if ((r = q_write(n, host, whole, q->cs)) < 0) {
                break;
            }
            st_be64(ent, host | QCOW_OFLAG_COPIED);
            memcpy(&l2[idx], ent, 8);
            if ((r = q_write(n, (q->l1[vc >> q->l2_bits] & L1E_OFFSET_MASK) +
                                    8 * idx, ent, 8)) < 0) {
                break;
            }
            /* the compressed stream's clusters lose one reference */
            if (e & QCOW_OFLAG_COMPRESSED) {
                uint32_t x = 62 - (q->cluster_bits - 8);
                uint64_t zoff = e & ((1ull << x) - 1);
                uint64_t zs = ((e >> x) & ((1ull << (62 - x)) - 1)) + 1;

                if (q->zc_entry == e) {
                    q->zc_entry = 0;
                }
                if ((r = refcount_drop(n, zoff, zs * 512 - (zoff & 511))) <
                    0) {
                    break;
                }
            } else if ((e & L2E_OFFSET_MASK) && (e & QCOW_OFLAG_COPIED)) {
                /* a preallocated zero cluster */
                if ((r = refcount_drop(n, e & L2E_OFFSET_MASK, q->cs)) < 0) {
                    break;
                }
            }
        }
        off += chunk;
        buf += chunk;
        len -= chunk;
    }
    g_free(whole);
    return r;
}

static int qcow2_flush(BlockNode *n)
{
    /* metadata is written through: only the file's fdatasync is left */
    return 0;
}

static void qcow2_close(BlockNode *n)
{
    Qcow2 *q = n->state;

    if (!q) {
        return;
    }
    blk_node_close(q->backing);
    if (q->l2_cache) {
        g_hash_table_destroy(q->l2_cache);
    }
    if (q->rb_cache) {
        g_hash_table_destroy(q->rb_cache);
    }
    g_free(q->l1);
    g_free(q->rt);
    g_free(q->zc_buf);
    g_free(q->zc_in);
    g_free(q);
    n->state = NULL;
}

/* ------------------------------------------------------------ open */

static bool bad(char **err, const BlockNode *n, const char *what)
{
    *err = g_strdup_printf("'%s': %s", n->file, what);
    return false;
}

/* the header extensions from off to the end of the first cluster: the
   backing file's format */
static bool read_extensions(BlockNode *n, const uint8_t *c, uint64_t off,
                            char **backing_fmt, char **err)
{
    Qcow2 *q = n->state;

    while (off + 8 <= q->cs) {
        uint32_t type = ld_be32(c + off), len = ld_be32(c + off + 4);

        if (type == EXT_END) {
            return true;
        }
        if (len > q->cs - off - 8) {
            return bad(err, n, "qcow2 header extension runs past its "
                       "cluster");
        }
        if (type == EXT_BACKING_FORMAT) {
            g_free(*backing_fmt);
            *backing_fmt = g_strndup((const char *)c + off + 8, len);
        }
        off += 8 + ((len + 7) & ~7u);
    }
    return true;
}

/* the backing file's path: relative names are relative to the image's
   directory */
static char *backing_path(const BlockNode *n, const char *name)
{
    char *dir, *p;

    if (g_path_is_absolute(name)) {
        return g_strdup(name);
    }
    dir = g_path_get_dirname(n->file);
    p = g_build_filename(dir, name, NULL);
    g_free(dir);
    return p;
}

static bool qcow2_open(BlockNode *n, int depth, char **err)
{
    uint8_t h[QCOW2_V3_HEADER + 8] = { 0 };
    struct stat st;
    Qcow2 *q;
    uint8_t *c = NULL, *raw = NULL;
    char *backing_fmt = NULL, *backing_name = NULL;
    uint64_t boff, l1_need;
    uint32_t blen;
    bool ok = false;

    if (fstat(n->fd, &st) < 0 || st.st_size < QCOW2_V2_HEADER ||
        q_read(n, 0, h, MIN((size_t)st.st_size, sizeof(h))) < 0) {
        return bad(err, n, "not a qcow2 image (too short)");
    }
    if (ld_be32(h) != QCOW2_MAGIC) {
        return bad(err, n, "not a qcow2 image (bad magic)");
    }
    q = g_new0(Qcow2, 1);
    n->state = q;
    q->version = ld_be32(h + 4);
    if (q->version != 2 && q->version != 3) {
        *err = g_strdup_printf("'%s': qcow2 version %u is not supported "
                               "(2 and 3 are)", n->file, q->version);
        return false;
    }
    q->cluster_bits = ld_be32(h + 20);
    if (q->cluster_bits < 9 || q->cluster_bits > 21) {
        return bad(err, n, "qcow2 cluster size out of range "
                   "(512 B to 2 MiB)");
    }
    q->cs = 1ull << q->cluster_bits;
    q->l2_bits = q->cluster_bits - 3;
    n->size = ld_be64(h + 24);
    if (ld_be32(h + 32)) {
        return bad(err, n, "encrypted qcow2 images are not supported");
    }
    q->l1_size = ld_be32(h + 36);
    q->l1_off = ld_be64(h + 40);
    q->rt_off = ld_be64(h + 48);
    q->rt_clusters = ld_be32(h + 56);
    if (q->version == 3) {
        q->incompat = ld_be64(h + 72);
        q->autoclear = ld_be64(h + 88);
        q->refcount_order = ld_be32(h + 96);
        q->header_len = ld_be32(h + 100);
        if ((uint64_t)st.st_size < QCOW2_V3_HEADER) {
            return bad(err, n, "qcow2 header is truncated");
        }
        if (q->header_len < QCOW2_V3_HEADER || q->header_len > q->cs) {
            return bad(err, n, "qcow2 header length out of range");
        }
        if (q->incompat & INCOMPAT_DATA_FILE) {
            return bad(err, n, "qcow2 images with an external data file "
                       "are not supported");
        }
        if (q->incompat & INCOMPAT_EXTL2) {
            return bad(err, n, "qcow2 images with extended L2 entries "
                       "are not supported");
        }
        if ((q->incompat & INCOMPAT_COMPRESSION) && q->header_len > 104 &&
            h[104] != 0) {
            return bad(err, n, "qcow2 compression type zstd is not "
                       "supported (only deflate)");
        }
        if (q->incompat & ~(INCOMPAT_KNOWN | INCOMPAT_DATA_FILE |
                            INCOMPAT_EXTL2)) {
            *err = g_strdup_printf("'%s': Unsupported qcow2 feature(s): "
                                   "incompatible bits 0x%llx", n->file,
                                   (unsigned long long)(q->incompat &
                                                        ~INCOMPAT_KNOWN));
            return false;
        }
        if (n->writable && (q->incompat & INCOMPAT_CORRUPT)) {
            return bad(err, n, "qcow2 image is corrupt; cannot be opened "
                       "read/write (qemu-img check -r all repairs it)");
        }
        if (n->writable && (q->incompat & INCOMPAT_DIRTY)) {
            return bad(err, n, "qcow2 image is dirty (lazy refcounts); "
                       "run 'qemu-img check -r all' on it first");
        }
    } else {
        q->refcount_order = 4;
        q->header_len = QCOW2_V2_HEADER;
    }
    if (q->refcount_order > 6) {
        return bad(err, n, "qcow2 refcount width out of range");
    }
    q->rb_entries = q->cs * 8 >> q->refcount_order;
    if (n->writable && ld_be32(h + 60)) {
        return bad(err, n, "qcow2 images with internal snapshots can only "
                   "be opened read-only here");
    }
    /* the tables must be inside the file, cluster aligned, and the L1
       table large enough for the virtual size */
    l1_need = (n->size + (q->cs << q->l2_bits) - 1) >>
              (q->cluster_bits + q->l2_bits);
    if (q->l1_size < l1_need || q->l1_size > (32u << 20) ||
        (q->l1_off & (q->cs - 1)) || !q->l1_off ||
        q->l1_off + 8ull * q->l1_size > (uint64_t)st.st_size) {
        return bad(err, n, "qcow2 L1 table is invalid (truncated or "
                   "corrupt image)");
    }
    if (!q->rt_clusters || q->rt_clusters > (8u << 20) >> (q->cluster_bits - 9) ||
        (q->rt_off & (q->cs - 1)) || !q->rt_off ||
        q->rt_off + (uint64_t)q->rt_clusters * q->cs > (uint64_t)st.st_size) {
        return bad(err, n, "qcow2 refcount table is invalid (truncated or "
                   "corrupt image)");
    }
    c = g_malloc0(q->cs);
    if (q_read(n, 0, c, MIN(q->cs, (uint64_t)st.st_size)) < 0 ||
        !read_extensions(n, c, q->header_len, &backing_fmt, err)) {
        if (!*err) {
            bad(err, n, "cannot read the qcow2 header");
        }
        goto out;
    }
    q->l1 = g_new(uint64_t, q->l1_size);
    raw = g_malloc(8ull * q->l1_size);
    if (q_read(n, q->l1_off, raw, 8ull * q->l1_size) < 0) {
        bad(err, n, "cannot read the qcow2 L1 table");
        goto out;
    }
    for (uint32_t i = 0; i < q->l1_size; i++) {
        q->l1[i] = ld_be64(raw + 8 * i);
        if ((q->l1[i] & L1E_OFFSET_MASK) &&
            (((q->l1[i] & L1E_OFFSET_MASK) & (q->cs - 1)) ||
             (q->l1[i] & L1E_OFFSET_MASK) + q->cs > (uint64_t)st.st_size)) {
            bad(err, n, "qcow2 L1 entry points outside the image "
                "(truncated or corrupt image)");
            goto out;
        }
    }
    g_free(raw);
    q->rt_entries = (uint64_t)q->rt_clusters * q->cs / 8;
    q->rt = g_new(uint64_t, q->rt_entries);
    raw = g_malloc(q->rt_entries * 8);
    if (q_read(n, q->rt_off, raw, q->rt_entries * 8) < 0) {
        bad(err, n, "cannot read the qcow2 refcount table");
        goto out;
    }
    for (uint64_t i = 0; i < q->rt_entries; i++) {
        q->rt[i] = ld_be64(raw + 8 * i);
        if ((q->rt[i] & RTE_OFFSET_MASK) &&
            (((q->rt[i] & RTE_OFFSET_MASK) & (q->cs - 1)) ||
             (q->rt[i] & RTE_OFFSET_MASK) + q->cs > (uint64_t)st.st_size)) {
            bad(err, n, "qcow2 refcount block outside the image "
                "(truncated or corrupt image)");
            goto out;
        }
    }
    q->l2_cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                        g_free);
    q->rb_cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                        g_free);
    q->zc_buf = g_malloc(q->cs);
    q->zc_in = g_malloc(2 * q->cs);
    q->file_end = ((uint64_t)st.st_size + q->cs - 1) & ~(q->cs - 1);

    boff = ld_be64(h + 8);
    blen = ld_be32(h + 16);
    if (boff) {
        BlockFormat bf = BLOCK_FORMAT_PROBE;
        char *path;

        if (blen == 0 || blen > 1023 || boff + blen > q->cs) {
            bad(err, n, "qcow2 backing file name out of range");
            goto out;
        }
        backing_name = g_strndup((const char *)c + boff, blen);
        if (backing_fmt && !blk_parse_format(backing_fmt, &bf)) {
            *err = g_strdup_printf("'%s': backing format '%s' of '%s' is "
                                   "not supported", n->file, backing_fmt,
                                   backing_name);
            goto out;
        }
        if (depth + 1 >= BLOCK_MAX_CHAIN) {
            bad(err, n, "backing chain too long (or a loop)");
            goto out;
        }
        path = backing_path(n, backing_name);
        q->backing = blk_node_open(path, bf, false, n->cache, depth + 1,
                                   err);
        g_free(path);
        if (!q->backing) {
            goto out;
        }
    }
    if (n->writable && q->autoclear) {
        uint8_t z[8] = { 0 };

        if (q_write(n, 88, z, 8) < 0) {
            bad(err, n, "cannot write the qcow2 header");
            goto out;
        }
        q->autoclear = 0;
    }
    ok = true;
out:
    g_free(c);
    g_free(raw);
    g_free(backing_fmt);
    g_free(backing_name);
    return ok;
}

const BlockDriver block_drv_qcow2 = {
    .name = "qcow2",
    .open = qcow2_open,
    .pread = qcow2_pread,
    .pwrite = qcow2_pwrite,
    .flush = qcow2_flush,
    .close = qcow2_close,
};
