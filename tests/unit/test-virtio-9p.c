/*
 * tests/unit/test-virtio-9p.c: the 9P2000.L server (hw-pci/virtio-9p-*.c)
 * driven with messages built here, laid out as the 9P2000.L description
 * gives them (size[4] type[1] tag[2], little-endian, strings len[2]
 * bytes), on a scratch share with a file next to it that the guest must
 * never reach: bad fids, truncated and oversize messages, names with '/',
 * '..' at the root, symlinks pointing out, walks of 16 and 17 names; and
 * the device's configuration space (the mount tag) through virtio-pci.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "options.h"
#include "virtio-9p.h"
#include "virtio-fixture.h"

/* message types used here */
enum {
    RLERROR = 7, TSTATFS = 8, TLOPEN = 12, TLCREATE = 14, TSYMLINK = 16,
    TREADLINK = 22, TGETATTR = 24, TSETATTR = 26, TXATTRWALK = 30,
    TREADDIR = 40, TMKDIR = 72, TRENAMEAT = 74, TUNLINKAT = 76,
    TVERSION = 100, TATTACH = 104, TFLUSH = 108, TWALK = 110, TREAD = 116,
    TWRITE = 118, TCLUNK = 120, TREMOVE = 122,
};
#define NOFID 0xffffffffu

typedef struct Msg {
    uint8_t b[70000];
    size_t n;
} Msg;

static void m_start(Msg *m, uint8_t type)
{
    memset(m->b, 0, 7);
    m->b[4] = type;
    m->b[5] = 1; /* tag 1 */
    m->n = 7;
}

static void m_le(Msg *m, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        m->b[m->n++] = (uint8_t)(v >> (8 * i));
    }
}

static void m_str(Msg *m, const char *s)
{
    size_t n = strlen(s);

    m_le(m, n, 2);
    memcpy(m->b + m->n, s, n);
    m->n += n;
}

static void m_end(Msg *m)
{
    for (int i = 0; i < 4; i++) {
        m->b[i] = (uint8_t)(m->n >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

typedef struct Fx {
    char *dir;      /* the scratch directory */
    char *share;    /* dir/share */
    FsdevSpec spec;
    V9fsServer *s;
    uint8_t rep[70000];
    size_t rlen;
} Fx;

/* sends m (its own size), returns the reply type */
static uint8_t send_msg(Fx *f, Msg *m)
{
    m_end(m);
    f->rlen = v9fs_handle(f->s, m->b, m->n, f->rep, sizeof(f->rep));
    g_assert_cmpuint(f->rlen, >=, 7);
    g_assert_cmpuint(get_le(f->rep, 4), ==, f->rlen);
    return f->rep[4];
}

/* the errno of an Rlerror reply (0 if it is not one) */
static int err_of(Fx *f)
{
    return f->rep[4] == RLERROR ? (int)get_le(f->rep + 7, 4) : 0;
}

static void write_file(const char *path, const char *text)
{
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void fx_init(Fx *f, FsdevSecurityModel sm)
{
    char *err = NULL, *p;
    Msg m;

    memset(f, 0, sizeof(*f));
    f->dir = g_dir_make_tmp("pj9p-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    f->share = g_build_filename(f->dir, "share", NULL);
    g_assert_cmpint(g_mkdir(f->share, 0755), ==, 0);
    p = g_build_filename(f->dir, "secret.txt", NULL);
    write_file(p, "TOPSECRET");
    /* symlinks pointing out of the share: relative, absolute, a directory */
    char *in = g_build_filename(f->share, "out", NULL);
    g_assert_cmpint(symlink("../secret.txt", in), ==, 0);
    g_free(in);
    in = g_build_filename(f->share, "abs", NULL);
    g_assert_cmpint(symlink(p, in), ==, 0);
    g_free(in);
    in = g_build_filename(f->share, "updir", NULL);
    g_assert_cmpint(symlink("..", in), ==, 0);
    g_free(in);
    in = g_build_filename(f->share, "hello.txt", NULL);
    write_file(in, "hello, world\n");
    g_free(in);
    g_free(p);
    f->spec.id = (char *)"t";
    f->spec.path = f->share;
    f->spec.sm = sm;
    f->s = v9fs_server_new(&f->spec, &err);
    g_assert_null(err);
    g_assert_nonnull(f->s);
    m_start(&m, TVERSION);
    m_le(&m, 65536, 4);
    m_str(&m, "9P2000.L");
    g_assert_cmpuint(send_msg(f, &m), ==, TVERSION + 1);
    g_assert_cmpuint(get_le(f->rep + 7, 4), ==, 65536);
    m_start(&m, TATTACH);
    m_le(&m, 0, 4);         /* fid 0: the root */
    m_le(&m, NOFID, 4);
    m_str(&m, "root");
    m_str(&m, "");
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(f, &m), ==, TATTACH + 1);
    g_assert_cmpuint(f->rep[7], ==, 0x80); /* a directory */
}

static void rm_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *n;

    if (!d) {
        g_unlink(path);
        return;
    }
    while ((n = g_dir_read_name(d))) {
        char *p = g_build_filename(path, n, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR) &&
            !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
            rm_tree(p);
        } else {
            g_unlink(p);
        }
        g_free(p);
    }
    g_dir_close(d);
    g_rmdir(path);
}

static void fx_fini(Fx *f)
{
    v9fs_server_free(f->s);
    rm_tree(f->dir);
    g_free(f->share);
    g_free(f->dir);
}

/* Twalk fid -> newfid over the n names; the reply type */
static uint8_t walk(Fx *f, uint32_t fid, uint32_t newfid, int n,
                    const char *const *names)
{
    Msg m;

    m_start(&m, TWALK);
    m_le(&m, fid, 4);
    m_le(&m, newfid, 4);
    m_le(&m, (uint64_t)n, 2);
    for (int i = 0; i < n; i++) {
        m_str(&m, names[i]);
    }
    return send_msg(f, &m);
}

static uint8_t walk1(Fx *f, uint32_t fid, uint32_t newfid, const char *name)
{
    return walk(f, fid, newfid, 1, &name);
}

static uint8_t fid_op(Fx *f, uint8_t type, uint32_t fid)
{
    Msg m;

    m_start(&m, type);
    m_le(&m, fid, 4);
    if (type == TGETATTR) {
        m_le(&m, 0x7ff, 8);
    }
    return send_msg(f, &m);
}

static uint8_t lopen(Fx *f, uint32_t fid, uint32_t flags)
{
    Msg m;

    m_start(&m, TLOPEN);
    m_le(&m, fid, 4);
    m_le(&m, flags, 4);
    return send_msg(f, &m);
}

static uint8_t read_fid(Fx *f, uint32_t fid, uint64_t off, uint32_t count)
{
    Msg m;

    m_start(&m, TREAD);
    m_le(&m, fid, 4);
    m_le(&m, off, 8);
    m_le(&m, count, 4);
    return send_msg(f, &m);
}

static void test_bad_fids(void)
{
    Fx f;
    Msg m;

    fx_init(&f, FSDEV_SM_NONE);
    g_assert_cmpuint(fid_op(&f, TGETATTR, 77), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EBADF);
    g_assert_cmpuint(fid_op(&f, TCLUNK, 77), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EBADF);
    g_assert_cmpuint(read_fid(&f, 77, 0, 10), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EBADF);
    /* newfid already in use, or NOFID */
    g_assert_cmpuint(walk(&f, 0, 1, 0, NULL), ==, TWALK + 1);
    g_assert_cmpuint(walk(&f, 0, 1, 0, NULL), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EINVAL);
    g_assert_cmpuint(walk(&f, 0, NOFID, 0, NULL), ==, RLERROR);
    /* attach to a fid in use */
    m_start(&m, TATTACH);
    m_le(&m, 1, 4);
    m_le(&m, NOFID, 4);
    m_str(&m, "");
    m_str(&m, "");
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    /* read on a fid that is not open; clunk twice */
    g_assert_cmpuint(walk1(&f, 0, 2, "hello.txt"), ==, TWALK + 1);
    g_assert_cmpuint(read_fid(&f, 2, 0, 10), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EBADF);
    g_assert_cmpuint(fid_op(&f, TCLUNK, 2), ==, TCLUNK + 1);
    g_assert_cmpuint(fid_op(&f, TCLUNK, 2), ==, RLERROR);
    g_assert_cmpuint(v9fs_fid_count(f.s), ==, 2);
    /* an unknown message type */
    m_start(&m, 200);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EOPNOTSUPP);
    fx_fini(&f);
}

static void test_truncated(void)
{
    Fx f;
    Msg m;
    size_t n;

    fx_init(&f, FSDEV_SM_NONE);
    /* shorter than a header */
    n = v9fs_handle(f.s, (const uint8_t *)"\x05\0\0", 3, f.rep, 64);
    g_assert_cmpuint(n, ==, 11);
    g_assert_cmpuint(f.rep[4], ==, RLERROR);
    g_assert_cmpuint(get_le(f.rep + 5, 2), ==, 0xffff);
    /* a size field beyond what the transport has */
    m_start(&m, TGETATTR);
    m_le(&m, 0, 4);
    m_le(&m, 0x7ff, 8);
    m_end(&m);
    f.rlen = v9fs_handle(f.s, m.b, m.n - 1, f.rep, sizeof(f.rep));
    g_assert_cmpuint(f.rep[4], ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EPROTO);
    /* a size field below the header */
    m.b[0] = 3;
    f.rlen = v9fs_handle(f.s, m.b, m.n, f.rep, sizeof(f.rep));
    g_assert_cmpint(err_of(&f), ==, EPROTO);
    /* a body cut short: the fid's last byte missing */
    m_start(&m, TGETATTR);
    m_le(&m, 0, 3);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EPROTO);
    /* a string whose length runs past the end */
    m_start(&m, TWALK);
    m_le(&m, 0, 4);
    m_le(&m, 5, 4);
    m_le(&m, 1, 2);
    m_le(&m, 200, 2);
    memcpy(m.b + m.n, "abc", 3);
    m.n += 3;
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EPROTO);
    /* Twrite whose count is more than the message carries */
    g_assert_cmpuint(walk1(&f, 0, 3, "hello.txt"), ==, TWALK + 1);
    g_assert_cmpuint(lopen(&f, 3, 2), ==, TLOPEN + 1);
    m_start(&m, TWRITE);
    m_le(&m, 3, 4);
    m_le(&m, 0, 8);
    m_le(&m, 1000, 4);
    memcpy(m.b + m.n, "xyz", 3);
    m.n += 3;
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EPROTO);
    /* the file is unchanged */
    g_assert_cmpuint(read_fid(&f, 3, 0, 100), ==, TREAD + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 4), ==, 13);
    g_assert_cmpmem(f.rep + 11, 13, "hello, world\n", 13);
    /* an oversize read is cut to what the reply buffer holds */
    f.rlen = 0;
    m_start(&m, TREAD);
    m_le(&m, 3, 4);
    m_le(&m, 2, 8);
    m_le(&m, 0xffffffffu, 4);
    m_end(&m);
    f.rlen = v9fs_handle(f.s, m.b, m.n, f.rep, 16);
    g_assert_cmpuint(f.rlen, ==, 16);
    g_assert_cmpuint(get_le(f.rep + 7, 4), ==, 5);
    g_assert_cmpmem(f.rep + 11, 5, "llo, ", 5);
    /* a reply buffer too small for anything */
    g_assert_cmpuint(v9fs_handle(f.s, m.b, m.n, f.rep, 8), ==, 0);
    fx_fini(&f);
}

static void test_names(void)
{
    static const char *const bad[] = { "a/b", "/etc", "", "x/../.." };
    Fx f;
    Msg m;

    fx_init(&f, FSDEV_SM_NONE);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpuint(walk1(&f, 0, 1, bad[i]), ==, RLERROR);
        g_assert_cmpint(err_of(&f), ==, EINVAL);
        m_start(&m, TMKDIR);
        m_le(&m, 0, 4);
        m_str(&m, bad[i]);
        m_le(&m, 0755, 4);
        m_le(&m, 0, 4);
        g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
        g_assert_cmpint(err_of(&f), ==, EINVAL);
    }
    /* '.' and '..' cannot be made or removed */
    static const char *const dots[] = { ".", ".." };
    for (size_t i = 0; i < 2; i++) {
        m_start(&m, TUNLINKAT);
        m_le(&m, 0, 4);
        m_str(&m, dots[i]);
        m_le(&m, 0x200, 4);
        g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
        g_assert_cmpint(err_of(&f), ==, EINVAL);
    }
    /* a name with a NUL inside */
    m_start(&m, TWALK);
    m_le(&m, 0, 4);
    m_le(&m, 1, 4);
    m_le(&m, 1, 2);
    m_le(&m, 3, 2);
    memcpy(m.b + m.n, "a\0b", 3);
    m.n += 3;
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EINVAL);
    g_assert_cmpuint(v9fs_fid_count(f.s), ==, 1);
    fx_fini(&f);
}

static void test_dotdot_root(void)
{
    static const char *const up[] = { "..", "..", "..", "secret.txt" };
    Fx f;
    uint64_t root_ino;

    fx_init(&f, FSDEV_SM_NONE);
    root_ino = get_le(f.rep + 12, 8);
    /* '..' of the root is the root */
    g_assert_cmpuint(walk1(&f, 0, 1, ".."), ==, TWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 2), ==, 1);
    g_assert_cmpuint(get_le(f.rep + 9 + 5, 8), ==, root_ino);
    /* and the file next to the share is not there */
    g_assert_cmpuint(walk(&f, 0, 2, 4, up), ==, TWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 2), ==, 3); /* a partial walk */
    g_assert_cmpuint(fid_op(&f, TGETATTR, 2), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EBADF);
    /* '..' below the root goes up one */
    Msg m;
    m_start(&m, TMKDIR);
    m_le(&m, 0, 4);
    m_str(&m, "sub");
    m_le(&m, 0755, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TMKDIR + 1);
    static const char *const subup[] = { "sub", "..", "hello.txt" };
    g_assert_cmpuint(walk(&f, 0, 3, 3, subup), ==, TWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 2), ==, 3);
    g_assert_cmpuint(lopen(&f, 3, 0), ==, TLOPEN + 1);
    g_assert_cmpuint(read_fid(&f, 3, 0, 5), ==, TREAD + 1);
    g_assert_cmpmem(f.rep + 11, 5, "hello", 5);
    fx_fini(&f);
}

static void test_symlinks_out(void)
{
    static const char *const through[] = { "updir", "secret.txt" };
    static const char *const links[] = { "out", "abs" };
    Fx f;
    Msg m;

    fx_init(&f, FSDEV_SM_NONE);
    for (size_t i = 0; i < G_N_ELEMENTS(links); i++) {
        /* the symlink itself is what the walk finds, never its target */
        g_assert_cmpuint(walk1(&f, 0, 1, links[i]), ==, TWALK + 1);
        g_assert_cmpuint(f.rep[9], ==, 0x02); /* QTSYMLINK */
        g_assert_cmpuint(lopen(&f, 1, 0), ==, RLERROR);
        g_assert_cmpint(err_of(&f), ==, ELOOP);
        g_assert_cmpuint(fid_op(&f, TREADLINK, 1), ==, TREADLINK + 1);
        g_assert_cmpuint(get_le(f.rep + 7, 2), >, 0);
        /* attributes are the link's, not the secret file's */
        g_assert_cmpuint(fid_op(&f, TGETATTR, 1), ==, TGETATTR + 1);
        g_assert_cmpuint(get_le(f.rep + 7 + 8 + 13, 4) & 0170000, ==,
                         0120000);
        /* a walk through it stops at it */
        g_assert_cmpuint(walk1(&f, 1, 2, "x"), ==, RLERROR);
        g_assert_cmpint(err_of(&f), ==, ENOTDIR);
        /* no xattrs read through it */
        m_start(&m, TXATTRWALK);
        m_le(&m, 1, 4);
        m_le(&m, 2, 4);
        m_str(&m, "user.x");
        g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
        g_assert_cmpuint(fid_op(&f, TCLUNK, 1), ==, TCLUNK + 1);
    }
    g_assert_cmpuint(walk(&f, 0, 1, 2, through), ==, TWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 2), ==, 1);
    g_assert_cmpuint(fid_op(&f, TGETATTR, 1), ==, RLERROR);
    /* creating through a symlink: lcreate in a symlink fid fails */
    g_assert_cmpuint(walk1(&f, 0, 1, "updir"), ==, TWALK + 1);
    m_start(&m, TLCREATE);
    m_le(&m, 1, 4);
    m_str(&m, "evil.txt");
    m_le(&m, 0102, 4);
    m_le(&m, 0644, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, ENOTDIR);
    char *evil = g_build_filename(f.dir, "evil.txt", NULL);
    g_assert_false(g_file_test(evil, G_FILE_TEST_EXISTS));
    g_free(evil);
    /* a host symlink where a file was: lcreate over it is refused */
    m_start(&m, TLCREATE);
    m_le(&m, 0, 4);
    m_str(&m, "out");
    m_le(&m, 01, 4); /* O_WRONLY, no O_EXCL */
    m_le(&m, 0644, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    char *secret = g_build_filename(f.dir, "secret.txt", NULL), *text;
    g_assert_true(g_file_get_contents(secret, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "TOPSECRET");
    g_free(text);
    g_free(secret);
    fx_fini(&f);
}

static void test_long_walk(void)
{
    const char *names[17];
    Fx f;
    char *p;

    fx_init(&f, FSDEV_SM_NONE);
    p = g_strdup(f.share);
    for (int i = 0; i < 17; i++) {
        char *q = g_build_filename(p, "d", NULL);

        g_assert_cmpint(g_mkdir(q, 0755), ==, 0);
        g_free(p);
        p = q;
        names[i] = "d";
    }
    g_free(p);
    /* P9_MAXWELEM names at once */
    g_assert_cmpuint(walk(&f, 0, 1, 16, names), ==, TWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 2), ==, 16);
    /* one more is refused, nothing made */
    g_assert_cmpuint(walk(&f, 0, 2, 17, names), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EINVAL);
    /* the rest from where the first walk got to */
    g_assert_cmpuint(walk(&f, 1, 2, 1, names), ==, TWALK + 1);
    g_assert_cmpuint(fid_op(&f, TGETATTR, 2), ==, TGETATTR + 1);
    g_assert_cmpuint(v9fs_fid_count(f.s), ==, 3);
    fx_fini(&f);
}

static void test_files(void)
{
    Fx f;
    Msg m;
    char *p, *text;

    fx_init(&f, FSDEV_SM_NONE);
    g_assert_cmpuint(walk(&f, 0, 1, 0, NULL), ==, TWALK + 1);
    m_start(&m, TLCREATE);
    m_le(&m, 1, 4);
    m_str(&m, "new.txt");
    m_le(&m, 0102, 4); /* O_RDWR | O_CREAT */
    m_le(&m, 0644, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TLCREATE + 1);
    m_start(&m, TWRITE);
    m_le(&m, 1, 4);
    m_le(&m, 0, 8);
    m_le(&m, 5, 4);
    memcpy(m.b + m.n, "abcde", 5);
    m.n += 5;
    g_assert_cmpuint(send_msg(&f, &m), ==, TWRITE + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 4), ==, 5);
    p = g_build_filename(f.share, "new.txt", NULL);
    g_assert_true(g_file_get_contents(p, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "abcde");
    g_free(text);
    /* truncate by setattr, rename, remove */
    m_start(&m, TSETATTR);
    m_le(&m, 1, 4);
    m_le(&m, 0x8, 4);
    m_le(&m, 0, 4);
    m_le(&m, 0, 4);
    m_le(&m, 0, 4);
    m_le(&m, 2, 8);
    for (int i = 0; i < 4; i++) {
        m_le(&m, 0, 8);
    }
    g_assert_cmpuint(send_msg(&f, &m), ==, TSETATTR + 1);
    g_assert_true(g_file_get_contents(p, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "ab");
    g_free(text);
    m_start(&m, TRENAMEAT);
    m_le(&m, 0, 4);
    m_str(&m, "new.txt");
    m_le(&m, 0, 4);
    m_str(&m, "moved.txt");
    g_assert_cmpuint(send_msg(&f, &m), ==, TRENAMEAT + 1);
    g_assert_false(g_file_test(p, G_FILE_TEST_EXISTS));
    g_free(p);
    g_assert_cmpuint(fid_op(&f, TREMOVE, 1), ==, TREMOVE + 1);
    p = g_build_filename(f.share, "moved.txt", NULL);
    g_assert_false(g_file_test(p, G_FILE_TEST_EXISTS));
    g_free(p);
    g_assert_cmpuint(v9fs_fid_count(f.s), ==, 1);
    /* readdir of the root lists hello.txt */
    g_assert_cmpuint(walk(&f, 0, 2, 0, NULL), ==, TWALK + 1);
    g_assert_cmpuint(lopen(&f, 2, 0200000), ==, TLOPEN + 1);
    m_start(&m, TREADDIR);
    m_le(&m, 2, 4);
    m_le(&m, 0, 8);
    m_le(&m, 8192, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TREADDIR + 1);
    g_assert_true(memmem(f.rep + 11, f.rlen - 11, "hello.txt", 9) != NULL);
    /* a fifo is never opened here (it would block): the guest's own */
    m_start(&m, 18); /* Tmknod */
    m_le(&m, 0, 4);
    m_str(&m, "fifo");
    m_le(&m, 010644, 4);
    m_le(&m, 0, 4);
    m_le(&m, 0, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, 19);
    g_assert_cmpuint(walk1(&f, 0, 4, "fifo"), ==, TWALK + 1);
    g_assert_cmpuint(lopen(&f, 4, 0), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, ENXIO);
    /* nor is an existing one through lcreate */
    g_assert_cmpuint(walk(&f, 0, 5, 0, NULL), ==, TWALK + 1);
    m_start(&m, TLCREATE);
    m_le(&m, 5, 4);
    m_str(&m, "fifo");
    m_le(&m, 0, 4);
    m_le(&m, 0644, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EEXIST);
    /* statfs, flush */
    g_assert_cmpuint(fid_op(&f, TSTATFS, 0), ==, TSTATFS + 1);
    m_start(&m, TFLUSH);
    m_le(&m, 1, 2);
    g_assert_cmpuint(send_msg(&f, &m), ==, TFLUSH + 1);
    fx_fini(&f);
}

static void test_mapped_xattr(void)
{
    Fx f;
    Msg m;
    char *p;
    uint8_t v[4];

    fx_init(&f, FSDEV_SM_MAPPED_XATTR);
    p = g_build_filename(f.share, "hello.txt", NULL);
    if (setxattr(p, "user.pjtest", "1", 1, 0) < 0) {
        g_test_skip("no user xattrs in the scratch directory");
        g_free(p);
        fx_fini(&f);
        return;
    }
    g_free(p);
    m_start(&m, TMKDIR);
    m_le(&m, 0, 4);
    m_str(&m, "dir");
    m_le(&m, 0750, 4);
    m_le(&m, 42, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TMKDIR + 1);
    p = g_build_filename(f.share, "dir", NULL);
    g_assert_cmpint(getxattr(p, "user.virtfs.gid", v, 4), ==, 4);
    g_assert_cmpuint(get_le(v, 4), ==, 42);
    g_assert_cmpint(getxattr(p, "user.virtfs.mode", v, 4), ==, 4);
    g_assert_cmpuint(get_le(v, 4), ==, 040750);
    g_free(p);
    /* the guest sees its own owner and mode */
    g_assert_cmpuint(walk1(&f, 0, 1, "dir"), ==, TWALK + 1);
    g_assert_cmpuint(fid_op(&f, TGETATTR, 1), ==, TGETATTR + 1);
    g_assert_cmpuint(get_le(f.rep + 7 + 8 + 13, 4), ==, 040750);
    g_assert_cmpuint(get_le(f.rep + 7 + 8 + 13 + 8, 4), ==, 42);
    /* a symlink is a file holding its target */
    m_start(&m, TSYMLINK);
    m_le(&m, 0, 4);
    m_str(&m, "ln");
    m_str(&m, "/etc/passwd");
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TSYMLINK + 1);
    g_assert_cmpuint(f.rep[7], ==, 0x02);
    g_assert_cmpuint(walk1(&f, 0, 2, "ln"), ==, TWALK + 1);
    g_assert_cmpuint(fid_op(&f, TREADLINK, 2), ==, TREADLINK + 1);
    g_assert_cmpmem(f.rep + 9, 11, "/etc/passwd", 11);
    p = g_build_filename(f.share, "ln", NULL);
    g_assert_false(g_file_test(p, G_FILE_TEST_IS_SYMLINK));
    g_free(p);
    /* user.virtfs.* is hidden from the guest */
    m_start(&m, TXATTRWALK);
    m_le(&m, 1, 4);
    m_le(&m, 3, 4);
    m_str(&m, "user.virtfs.uid");
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, ENODATA);
    /* an xattr set by Txattrcreate + Twrite + Tclunk, read back */
    g_assert_cmpuint(walk1(&f, 0, 4, "hello.txt"), ==, TWALK + 1);
    m_start(&m, 32); /* Txattrcreate */
    m_le(&m, 4, 4);
    m_str(&m, "user.note");
    m_le(&m, 3, 8);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, 33);
    m_start(&m, TWRITE);
    m_le(&m, 4, 4);
    m_le(&m, 0, 8);
    m_le(&m, 3, 4);
    memcpy(m.b + m.n, "abc", 3);
    m.n += 3;
    g_assert_cmpuint(send_msg(&f, &m), ==, TWRITE + 1);
    g_assert_cmpuint(fid_op(&f, TCLUNK, 4), ==, TCLUNK + 1);
    m_start(&m, TXATTRWALK);
    m_le(&m, 0, 4);
    m_le(&m, 5, 4);
    m_str(&m, "");
    g_assert_cmpuint(send_msg(&f, &m), ==, TXATTRWALK + 1);
    g_assert_cmpuint(walk1(&f, 0, 6, "hello.txt"), ==, TWALK + 1);
    m_start(&m, TXATTRWALK);
    m_le(&m, 6, 4);
    m_le(&m, 7, 4);
    m_str(&m, "user.note");
    g_assert_cmpuint(send_msg(&f, &m), ==, TXATTRWALK + 1);
    g_assert_cmpuint(get_le(f.rep + 7, 8), ==, 3);
    g_assert_cmpuint(read_fid(&f, 7, 0, 100), ==, TREAD + 1);
    g_assert_cmpmem(f.rep + 11, 3, "abc", 3);
    fx_fini(&f);
}

static void test_readonly(void)
{
    Fx f;
    Msg m;

    memset(&f, 0, sizeof(f));
    fx_init(&f, FSDEV_SM_NONE);
    v9fs_server_free(f.s);
    f.spec.readonly = true;
    f.s = v9fs_server_new(&f.spec, &(char *){ NULL });
    m_start(&m, TATTACH);
    m_le(&m, 0, 4);
    m_le(&m, NOFID, 4);
    m_str(&m, "");
    m_str(&m, "");
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, TATTACH + 1);
    m_start(&m, TMKDIR);
    m_le(&m, 0, 4);
    m_str(&m, "x");
    m_le(&m, 0755, 4);
    m_le(&m, 0, 4);
    g_assert_cmpuint(send_msg(&f, &m), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EROFS);
    g_assert_cmpuint(walk1(&f, 0, 1, "hello.txt"), ==, TWALK + 1);
    g_assert_cmpuint(lopen(&f, 1, 1), ==, RLERROR);
    g_assert_cmpint(err_of(&f), ==, EROFS);
    g_assert_cmpuint(lopen(&f, 1, 0), ==, TLOPEN + 1);
    fx_fini(&f);
}

/* the device: its tag in the configuration space, feature bit 0 */
static void test_device_config(void)
{
    VirtioFixture vf;
    char *dir = g_dir_make_tmp("pj9pdev-XXXXXX", NULL);
    FsdevSpec spec = { .id = (char *)"fs0", .path = dir };
    char *dev = g_strdup("virtio-9p-pci,fsdev=fs0,mount_tag=hostshare");

    vf_machine_init(&vf, 1, 128);
    vf.cfg.fsdevs = g_ptr_array_new();
    g_ptr_array_add(vf.cfg.fsdevs, &spec);
    vf_device_add(&vf, dev);
    g_assert_cmpuint(vf_offered_lo(&vf) & 1, ==, 1);
    g_assert_cmpuint(vf_dev_read(&vf, 0, 2), ==, 9);
    char tag[10] = { 0 };
    for (unsigned i = 0; i < 9; i++) {
        tag[i] = (char)vf_dev_read(&vf, 2 + i, 1);
    }
    g_assert_cmpstr(tag, ==, "hostshare");
    /* past the tag: nothing */
    g_assert_cmpuint(vf_dev_read(&vf, 11, 1), ==, 0);
    g_assert_cmpuint(pci_config_read(vf.d, PCI_DEVICE_ID, 2), ==, 0x1009);
    vf_fini(&vf);
    g_ptr_array_free(vf.cfg.fsdevs, true);
    g_free(dev);
    g_rmdir(dir);
    g_free(dir);
}

static void test_device_errors(void)
{
    VirtioFixture vf;
    FsdevSpec spec = { .id = (char *)"fs0", .path = (char *)"/nonexistent" };
    static const struct {
        const char *dev, *err;
    } cases[] = {
        { "virtio-9p-pci", "9pfs device couldn't find fsdev with the id = "
                           "NULL" },
        { "virtio-9p-pci,fsdev=nope,mount_tag=t",
          "9pfs device couldn't find fsdev with the id = nope" },
        { "virtio-9p-pci,fsdev=fs0", "fsdev with id fs0 needs mount_tag "
                                     "arguments" },
        { "virtio-9p-pci,fsdev=fs0,mount_tag=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "mount tag 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' (32 bytes) is longer "
          "than maximum (31 bytes)" },
        { "virtio-9p-pci,fsdev=fs0,mount_tag=t",
          "cannot initialize fsdev 'fs0': failed to open '/nonexistent': "
          "No such file or directory" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        SpaprDevProps *p;

        vf_machine_init(&vf, 1, 128);
        vf.cfg.fsdevs = g_ptr_array_new();
        g_ptr_array_add(vf.cfg.fsdevs, &spec);
        g_assert_true(spapr_pci_init(&vf.m, true, &err));
        p = spapr_devprops_parse(cases[i].dev, &err);
        g_assert_nonnull(p);
        g_assert_false(spapr_pci_device_add(&vf.m, p, &err));
        g_assert_cmpstr(err, ==, cases[i].err);
        g_free(err);
        spapr_devprops_free(p);
        vf_fini(&vf);
        g_ptr_array_free(vf.cfg.fsdevs, true);
    }
}

/* -fsdev and -virtfs: the specs and, for -virtfs, the device among the
   -device options in command-line order */
static void test_options(void)
{
    char *argv[] = {
        (char *)"powerjit", (char *)"-device", (char *)"virtio-rng-pci",
        (char *)"-fsdev",
        (char *)"local,id=a,path=/srv/a,security_model=mapped,readonly=on",
        (char *)"-virtfs",
        (char *)"local,path=/srv/b,mount_tag=tag,,x,security_model=none",
        (char *)"-device", (char *)"virtio-9p-pci,fsdev=a,mount_tag=ta",
        NULL,
    };
    PowerjitOptions o;
    char *err = NULL;
    FILE *out = fopen("/dev/null", "w");
    const FsdevSpec *a, *b;

    options_init(&o);
    g_assert_cmpint(options_parse(&o, G_N_ELEMENTS(argv) - 1, argv, out,
                                  &err), ==, OPTIONS_RUN);
    g_assert_null(err);
    a = fsdev_find(o.machine.fsdevs, "a");
    b = fsdev_find(o.machine.fsdevs, "tag,x"); /* the tag is the id */
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    g_assert_cmpstr(a->path, ==, "/srv/a");
    g_assert_cmpint(a->sm, ==, FSDEV_SM_MAPPED_XATTR);
    g_assert_true(a->readonly);
    g_assert_cmpint(b->sm, ==, FSDEV_SM_NONE);
    g_assert_false(b->readonly);
    g_assert_cmpuint(o.machine.devices->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(o.machine.devices, 1), ==,
                    "virtio-9p-pci,fsdev=tag,,x,mount_tag=tag,,x");
    options_free(&o);
    fclose(out);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virtio-9p/bad-fids", test_bad_fids);
    g_test_add_func("/virtio-9p/truncated", test_truncated);
    g_test_add_func("/virtio-9p/names", test_names);
    g_test_add_func("/virtio-9p/dotdot-root", test_dotdot_root);
    g_test_add_func("/virtio-9p/symlinks-out", test_symlinks_out);
    g_test_add_func("/virtio-9p/long-walk", test_long_walk);
    g_test_add_func("/virtio-9p/files", test_files);
    g_test_add_func("/virtio-9p/mapped-xattr", test_mapped_xattr);
    g_test_add_func("/virtio-9p/readonly", test_readonly);
    g_test_add_func("/virtio-9p/device-config", test_device_config);
    g_test_add_func("/virtio-9p/device-errors", test_device_errors);
    g_test_add_func("/virtio-9p/options", test_options);
    return g_test_run();
}
