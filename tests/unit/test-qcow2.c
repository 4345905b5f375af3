/*
 * The qcow2 driver (system/block-qcow2.c) against QEMU's qemu-img as the
 * reference: images made by `qemu-img create` (v2 and v3, with and
 * without backing files, 512-byte clusters so that tables fill fast,
 * several refcount widths) and by `qemu-img convert` (plain and
 * compressed) are written and read through include/block.h; after each
 * step `qemu-img check` must accept the image and `qemu-img convert -O
 * raw` must give exactly the bytes the test expects (which it computes
 * itself: a pattern of the offset).  Truncated and damaged images must
 * be refused with one line and no crash.  Skipped without qemu-img
 * (Debian's qemu-utils, which scripts/install-deps installs).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "block.h"

#define MIB (1ull << 20)

typedef struct Dir {
    char *path;
} Dir;

static char *qimg;

static void dir_setup(Dir *d, gconstpointer data)
{
    d->path = g_dir_make_tmp("powerjit-qcow2-XXXXXX", NULL);
    g_assert_nonnull(d->path);
}

static void dir_teardown(Dir *d, gconstpointer data)
{
    GDir *dir = g_dir_open(d->path, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        char *p = g_build_filename(d->path, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (dir) {
        g_dir_close(dir);
    }
    g_rmdir(d->path);
    g_free(d->path);
}

static char *file_in(Dir *d, const char *name)
{
    return g_build_filename(d->path, name, NULL);
}

/* runs a command line; its exit status (output in *out if out) */
static int run(char **out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int run(char **out, const char *fmt, ...)
{
    va_list ap;
    char *cmd, *o = NULL, *e = NULL;
    int status = -1;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_assert_true(g_spawn_command_line_sync(cmd, &o, &e, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_test_message("%s:\n%s%s", cmd, o, e);
    }
    g_free(cmd);
    if (out) {
        *out = g_strconcat(o, e, NULL);
    }
    g_free(o);
    g_free(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* the bytes the tests write: a function of the offset and a seed */
static uint8_t pat(uint64_t off, unsigned seed)
{
    return (uint8_t)((off * 2654435761u) >> 13 ^ (off >> 9) ^ seed);
}

static void fill(uint8_t *buf, uint64_t off, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = pat(off + i, seed);
    }
}

static BlockBackend *open_img(const char *file, BlockFormat f, bool ro)
{
    char *err = NULL;
    BlockOpenOpts o = { .file = file, .format = f, .readonly = ro };
    BlockBackend *b = blk_open(&o, &err);

    if (!b) {
        g_test_message("open %s: %s", file, err);
    }
    g_assert_nonnull(b);
    return b;
}

/* qemu-img check accepts the image (leaked clusters allowed: status 3) */
static void assert_check(const char *file)
{
    char *out = NULL;
    int r = run(&out, "%s check %s", qimg, file);

    if (r != 0 && r != 3) {
        g_test_message("qemu-img check %s: status %d\n%s", file, r, out);
    }
    g_assert_true(r == 0 || r == 3);
    g_free(out);
}

/* qemu-img's view of the image equals want (size bytes) */
static void assert_content(Dir *d, const char *file, const uint8_t *want,
                           uint64_t size)
{
    char *raw = file_in(d, "view.raw"), *got = NULL;
    gsize len = 0;

    g_unlink(raw);
    g_assert_cmpint(run(NULL, "%s convert -O raw %s %s", qimg, file, raw),
                    ==, 0);
    g_assert_true(g_file_get_contents(raw, &got, &len, NULL));
    g_assert_cmpuint(len, ==, size);
    g_assert_true(memcmp(got, want, size) == 0);
    g_free(got);
    g_unlink(raw);
    g_free(raw);
}

/* our view of the image equals want */
static void assert_read(BlockBackend *b, const uint8_t *want, uint64_t size)
{
    uint8_t *got = g_malloc(size);

    g_assert_cmpuint(blk_size(b), ==, size);
    /* in pieces of odd sizes, across cluster edges */
    for (uint64_t off = 0; off < size;) {
        size_t n = (size_t)MIN(size - off, 3 * 4096 + 1536 + (off % 7) * 512);

        g_assert_cmpint(blk_pread(b, off, got + off, n), ==, 0);
        off += n;
    }
    g_assert_true(memcmp(got, want, size) == 0);
    g_free(got);
}

static void write_both(BlockBackend *b, uint8_t *model, uint64_t off,
                       size_t len, unsigned seed)
{
    fill(model + off, off, len, seed);
    g_assert_cmpint(blk_pwrite(b, off, model + off, len), ==, 0);
}

/* writes scattered over an empty image: partial clusters, whole ones,
   a run across L2 tables; then read back by both sides */
static void exercise(Dir *d, const char *file, uint64_t size, unsigned seed,
                     uint8_t *model)
{
    BlockBackend *b = open_img(file, BLOCK_FORMAT_QCOW2, false);

    write_both(b, model, 0, 512, seed);
    write_both(b, model, 4096 + 100, 3000, seed);
    write_both(b, model, size / 2 - 700, 140000, seed);
    write_both(b, model, size - 1024, 1024, seed);
    write_both(b, model, 65536, 65536, seed + 1);
    write_both(b, model, 65536 + 10, 20, seed + 2);   /* in place */
    g_assert_cmpint(blk_flush(b), ==, 0);
    assert_read(b, model, size);
    blk_close(b);
    assert_check(file);
    assert_content(d, file, model, size);
    b = open_img(file, BLOCK_FORMAT_QCOW2, true);
    assert_read(b, model, size);
    blk_close(b);
}

static bool have_qemu_img(void)
{
    if (!qimg) {
        g_test_skip("qemu-img not installed (Debian's qemu-utils)");
        return false;
    }
    return true;
}

static void test_create_v3(Dir *d, gconstpointer data)
{
    char *f = file_in(d, "v3.qcow2");
    uint64_t size = 4 * MIB;
    uint8_t *model = g_malloc0(size);

    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 4M", qimg, f), ==, 0);
    exercise(d, f, size, 1, model);
    g_free(model);
    g_free(f);
}

static void test_create_v2(Dir *d, gconstpointer data)
{
    char *f = file_in(d, "v2.qcow2");
    uint64_t size = 4 * MIB;
    uint8_t *model = g_malloc0(size);

    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -o compat=0.10 %s 4M",
                        qimg, f), ==, 0);
    exercise(d, f, size, 2, model);
    g_free(model);
    g_free(f);
}

/* 512-byte clusters: an L2 table holds 64 entries (32 KiB of disk), a
   16-bit refcount block 256 clusters and the first refcount table cluster
   64 blocks (8 MiB of file): 12 MiB of data fills many L2 tables, crosses
   refcount block boundaries and makes the refcount table grow */
static void test_small_clusters(Dir *d, gconstpointer data)
{
    const char *opts = data;
    char *f = file_in(d, "small.qcow2");
    uint64_t size = 12 * MIB;
    uint8_t *model = g_malloc0(size);
    BlockBackend *b;

    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -o cluster_size=512%s "
                        "%s 12M", qimg, opts, f), ==, 0);
    b = open_img(f, BLOCK_FORMAT_QCOW2, false);
    /* exactly one full L2 table (64 clusters), then one more cluster */
    write_both(b, model, 0, 64 * 512, 3);
    write_both(b, model, 64 * 512, 512, 4);
    /* the rest in 96 KiB pieces: about 24000 clusters */
    for (uint64_t off = 65 * 512; off < size; off += 96 * 1024) {
        write_both(b, model, off, (size_t)MIN(96 * 1024, size - off), 5);
    }
    assert_read(b, model, size);
    blk_close(b);
    assert_check(f);
    assert_content(d, f, model, size);
    g_free(model);
    g_free(f);
}

/* a chain of three: raw base <- qcow2 mid (backing_fmt raw) <- qcow2 top
   (backing_fmt qcow2, relative name); each layer written in other places */
static void test_backing_chain(Dir *d, gconstpointer data)
{
    char *base = file_in(d, "base.raw"), *mid = file_in(d, "mid.qcow2");
    char *top = file_in(d, "top.qcow2");
    uint64_t size = 2 * MIB;
    uint8_t *model = g_malloc(size);
    BlockBackend *b;

    if (!have_qemu_img()) {
        return;
    }
    fill(model, 0, size, 7);
    g_assert_true(g_file_set_contents(base, (char *)model, size, NULL));
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -b %s -F raw %s",
                        qimg, base, mid), ==, 0);
    b = open_img(mid, BLOCK_FORMAT_QCOW2, false);
    write_both(b, model, 1000, 70000, 8);
    write_both(b, model, MIB, 4096, 8);
    blk_close(b);
    g_assert_cmpint(run(NULL, "sh -c 'cd %s && %s create -q -f qcow2 "
                        "-b mid.qcow2 -F qcow2 top.qcow2'", d->path, qimg),
                    ==, 0);
    b = open_img(top, BLOCK_FORMAT_PROBE, false);
    write_both(b, model, 60000, 10000, 9);
    write_both(b, model, size - 512, 512, 9);
    assert_read(b, model, size);
    blk_close(b);
    assert_check(mid);
    assert_check(top);
    assert_content(d, top, model, size);
    /* the lower layers did not change under the top's writes */
    b = open_img(base, BLOCK_FORMAT_RAW, true);
    uint8_t buf[512], want[512];
    g_assert_cmpint(blk_pread(b, size - 512, buf, 512), ==, 0);
    fill(want, size - 512, 512, 7);
    g_assert_true(memcmp(buf, want, 512) == 0);
    blk_close(b);
    g_free(model);
    g_free(base);
    g_free(mid);
    g_free(top);
}

/* qemu-img convert, plain and compressed (-c: deflate clusters), reads
   back byte for byte; a write into a compressed cluster replaces it */
static void test_convert(Dir *d, gconstpointer data)
{
    bool compressed = data != NULL;
    char *raw = file_in(d, "src.raw"), *q = file_in(d, "conv.qcow2");
    uint64_t size = 3 * MIB;
    uint8_t *model = g_malloc0(size);
    BlockBackend *b;

    if (!have_qemu_img()) {
        return;
    }
    /* compressible text in the first MiB, the pattern after, zeros in
       the last MiB (left unallocated by convert) */
    for (uint64_t i = 0; i < MIB; i++) {
        model[i] = (uint8_t)("powerjit qcow2 "[i % 15]);
    }
    fill(model + MIB, MIB, MIB, 11);
    g_assert_true(g_file_set_contents(raw, (char *)model, size, NULL));
    g_assert_cmpint(run(NULL, "%s convert %s -O qcow2 %s %s", qimg,
                        compressed ? "-c" : "", raw, q), ==, 0);
    b = open_img(q, BLOCK_FORMAT_QCOW2, false);
    assert_read(b, model, size);
    write_both(b, model, 1000, 100, 12);
    write_both(b, model, MIB - 10, 20, 12);
    write_both(b, model, size - 5000, 100, 12);
    assert_read(b, model, size);
    blk_close(b);
    assert_check(q);
    assert_content(d, q, model, size);
    g_free(model);
    g_free(raw);
    g_free(q);
}

/* damaged images: one line, no crash, nothing opened */
static void expect_refused(const char *file, BlockFormat f, bool ro,
                           const char *want)
{
    char *err = NULL;
    BlockOpenOpts o = { .file = file, .format = f, .readonly = ro };
    BlockBackend *b = blk_open(&o, &err);

    g_assert_null(b);
    g_assert_nonnull(err);
    g_test_message("refused: %s", err);
    g_assert_null(strchr(err, '\n'));
    g_assert_nonnull(strstr(err, want));
    g_free(err);
}

static void patch(const char *file, uint64_t off, const void *bytes,
                  size_t len)
{
    FILE *fp = fopen(file, "r+b");

    g_assert_nonnull(fp);
    g_assert_cmpint(fseek(fp, (long)off, SEEK_SET), ==, 0);
    g_assert_cmpuint(fwrite(bytes, 1, len, fp), ==, len);
    fclose(fp);
}

static void test_damaged(Dir *d, gconstpointer data)
{
    char *f = file_in(d, "bad.qcow2"), *g = file_in(d, "chain.qcow2");
    static const uint8_t big_l1[4] = { 0x7f, 0xff, 0xff, 0xff };
    static const uint8_t far[8] = { 0, 0, 0, 0x10, 0, 0, 0, 0 };
    static const uint8_t v4[4] = { 0, 0, 0, 4 };
    static const uint8_t corrupt[8] = { 0, 0, 0, 0, 0, 0, 0, 2 };
    static const uint8_t unknown[8] = { 0, 0, 0, 0, 0, 0, 0x01, 0 };

    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    g_assert_cmpint(truncate(f, 100), ==, 0);
    expect_refused(f, BLOCK_FORMAT_QCOW2, false, "truncated");
    g_assert_cmpint(truncate(f, 40), ==, 0);
    expect_refused(f, BLOCK_FORMAT_QCOW2, false, "too short");

    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    patch(f, 36, big_l1, 4);                 /* l1_size past the file */
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "L1 table is invalid");

    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    patch(f, 48, far, 8);                    /* refcount table far away */
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "refcount table");

    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    patch(f, 4, v4, 4);
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "version 4");

    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    patch(f, 72, unknown, 8);
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "Unsupported qcow2 feature");

    /* the corrupt bit: read-only is fine, read-write refused */
    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1G", qimg, f), ==, 0);
    patch(f, 72, corrupt, 8);
    expect_refused(f, BLOCK_FORMAT_QCOW2, false, "corrupt");
    blk_close(open_img(f, BLOCK_FORMAT_QCOW2, true));

    /* a missing backing file, and an image that is its own backing file */
    g_unlink(f);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -u -b nothere.raw -F raw "
                        "%s 1M", qimg, f), ==, 0);
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "nothere.raw");
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -u -b chain.qcow2 "
                        "-F qcow2 %s 1M", qimg, g), ==, 0);
    expect_refused(g, BLOCK_FORMAT_QCOW2, true, "backing chain too long");

    /* a raw file given as qcow2 */
    g_assert_true(g_file_set_contents(f, "not an image at all, just text",
                                      -1, NULL));
    expect_refused(f, BLOCK_FORMAT_QCOW2, true, "not a qcow2 image");
    g_free(f);
    g_free(g);
}

/* the image is locked against a second writer; backing files are shared */
static void test_locks(Dir *d, gconstpointer data)
{
    char *base = file_in(d, "base.raw"), *a = file_in(d, "a.qcow2");
    char *b2 = file_in(d, "b.qcow2");
    BlockBackend *x, *y, *z;

    if (!have_qemu_img()) {
        return;
    }
    g_assert_true(g_file_set_contents(base, "", 0, NULL));
    g_assert_cmpint(truncate(base, MIB), ==, 0);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -b %s -F raw %s", qimg,
                        base, a), ==, 0);
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 -b %s -F raw %s", qimg,
                        base, b2), ==, 0);
    x = open_img(a, BLOCK_FORMAT_QCOW2, false);
    y = open_img(b2, BLOCK_FORMAT_QCOW2, false);  /* shares base: fine */
    expect_refused(a, BLOCK_FORMAT_QCOW2, false, "\"write\" lock");
    expect_refused(a, BLOCK_FORMAT_QCOW2, true, "\"shared\" lock");
    expect_refused(base, BLOCK_FORMAT_RAW, false, "\"write\" lock");
    z = open_img(base, BLOCK_FORMAT_RAW, true);
    blk_close(x);
    blk_close(y);
    blk_close(z);
    g_free(base);
    g_free(a);
    g_free(b2);
}

/* snapshot=on over a qcow2 chain: the guest's writes stay in memory */
static void test_snapshot(Dir *d, gconstpointer data)
{
    char *f = file_in(d, "s.qcow2");
    uint8_t w[4096], r[4096];
    BlockBackend *b;
    char *err = NULL;

    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1M", qimg, f), ==, 0);
    BlockOpenOpts o = { .file = f, .format = BLOCK_FORMAT_QCOW2,
                        .snapshot = true };
    b = blk_open(&o, &err);
    g_assert_nonnull(b);
    fill(w, 8192, sizeof(w), 13);
    g_assert_cmpint(blk_pwrite(b, 8192, w, sizeof(w)), ==, 0);
    g_assert_cmpint(blk_pread(b, 8192, r, sizeof(r)), ==, 0);
    g_assert_true(memcmp(w, r, sizeof(w)) == 0);
    blk_close(b);
    b = open_img(f, BLOCK_FORMAT_QCOW2, true);
    g_assert_cmpint(blk_pread(b, 8192, r, sizeof(r)), ==, 0);
    memset(w, 0, sizeof(w));
    g_assert_true(memcmp(w, r, sizeof(w)) == 0);
    blk_close(b);
    g_free(f);
}

static void test_probe(Dir *d, gconstpointer data)
{
    char *f = file_in(d, "p.qcow2"), *r = file_in(d, "p.raw");
    BlockFormat fmt;

    g_assert_true(blk_parse_format("qcow2", &fmt));
    g_assert_cmpint(fmt, ==, BLOCK_FORMAT_QCOW2);
    g_assert_true(blk_parse_format("raw", &fmt));
    g_assert_cmpint(fmt, ==, BLOCK_FORMAT_RAW);
    g_assert_false(blk_parse_format("vmdk", &fmt));
    if (!have_qemu_img()) {
        return;
    }
    g_assert_cmpint(run(NULL, "%s create -q -f qcow2 %s 1M", qimg, f), ==, 0);
    g_assert_true(g_file_set_contents(r, "raw bytes", -1, NULL));
    g_assert_cmpint(blk_probe_file(f), ==, BLOCK_FORMAT_QCOW2);
    g_assert_cmpint(blk_probe_file(r), ==, BLOCK_FORMAT_RAW);
    g_free(f);
    g_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qimg = g_find_program_in_path("qemu-img");
#define T(name, fn, data) \
    g_test_add("/qcow2/" name, Dir, data, dir_setup, fn, dir_teardown)
    T("create-v3", test_create_v3, NULL);
    T("create-v2", test_create_v2, NULL);
    T("small-clusters-refcount16", test_small_clusters, "");
    T("small-clusters-refcount1", test_small_clusters,
      ",refcount_bits=1");
    T("small-clusters-refcount64", test_small_clusters,
      ",refcount_bits=64");
    T("small-clusters-v2", test_small_clusters, ",compat=0.10");
    T("backing-chain-of-three", test_backing_chain, NULL);
    T("convert", test_convert, NULL);
    T("convert-compressed", test_convert, "c");
    T("damaged", test_damaged, NULL);
    T("locks", test_locks, NULL);
    T("snapshot", test_snapshot, NULL);
    T("probe", test_probe, NULL);
    return g_test_run();
}
