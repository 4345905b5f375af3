/*
 * The raw-DEFLATE decoder (system/inflate.c).
 *
 * Expected values: streams made at test time by the host's zlib (python3's
 * zlib.compressobj with wbits -15 and -12, qcow2's window, every level and
 * strategy that makes stored, fixed and dynamic blocks, flushes that put
 * empty stored blocks mid-stream) must give back the bytes they were made
 * from; hand-made bit strings built from RFC 1951's code tables (3.2.5,
 * 3.2.6, 3.2.7) check the decoding rules and every kind of malformed
 * stream; truncated and bit-flipped copies of the host's streams must
 * end in an error or a prefix of the data, never a write past the buffer
 * (the buffers are exactly the size given, for ASan).
 */
#include <stdbool.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "inflate.h"

/* ------------------------------------------------------------ host streams */

/* name, the compressobj arguments and the data (made by the script) */
static const char gen_script[] =
    "import os, random, sys, zlib\n"
    "d = sys.argv[1]\n"
    "rnd = random.Random(1951)\n"
    "words = [b'qcow2', b'cluster', b'deflate', b'huffman', b'power', b'the',\n"
    "         b'of', b'a', b'guest', b'block', b'\\n', b'  ']\n"
    "text = b' '.join(rnd.choice(words) for _ in range(60000))\n"
    "noise = bytes(rnd.getrandbits(8) for _ in range(100000))\n"
    "mixed = b''.join(noise[i:i + 3000] + text[i:i + 5000]\n"
    "                 for i in range(0, 60000, 6000))\n"
    "cases = [\n"
    "    ('empty', b'', 6, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('one', b'x', 6, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('text1', text, 1, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('text9', text, 9, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('text-w12', text, 6, -12, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('text-fixed', text, 6, -15, zlib.Z_FIXED, None),\n"
    "    ('text-huffman', text, 6, -15, zlib.Z_HUFFMAN_ONLY, None),\n"
    "    ('text-rle', text, 6, -15, zlib.Z_RLE, None),\n"
    "    ('stored', text[:70000], 0, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('noise', noise, 6, -15, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('zeros', bytes(1 << 20), 9, -12, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('mixed-w12', mixed, 6, -12, zlib.Z_DEFAULT_STRATEGY, None),\n"
    "    ('flushes', mixed, 6, -15, zlib.Z_DEFAULT_STRATEGY, 7000),\n"
    "]\n"
    "with open(os.path.join(d, 'cases'), 'w') as f:\n"
    "    for name, data, level, wbits, strategy, flush in cases:\n"
    "        c = zlib.compressobj(level, zlib.DEFLATED, wbits, 8, strategy)\n"
    "        if flush:\n"
    "            z = b''\n"
    "            for i in range(0, len(data), flush):\n"
    "                z += c.compress(data[i:i + flush])\n"
    "                z += c.flush(zlib.Z_FULL_FLUSH if i % 2 else\n"
    "                             zlib.Z_SYNC_FLUSH)\n"
    "            z += c.flush()\n"
    "        else:\n"
    "            z = c.compress(data) + c.flush()\n"
    "        open(os.path.join(d, name + '.raw'), 'wb').write(data)\n"
    "        open(os.path.join(d, name + '.z'), 'wb').write(z)\n"
    "        f.write(name + '\\n')\n";

typedef struct Case {
    char *name;
    guint8 *raw, *z;
    gsize raw_len, z_len;
} Case;

static GPtrArray *cases; /* Case *, or NULL: no python3 */

static void case_free(gpointer p)
{
    Case *c = p;

    g_free(c->name);
    g_free(c->raw);
    g_free(c->z);
    g_free(c);
}

static GPtrArray *make_cases(void)
{
    char *dir = g_dir_make_tmp("test-inflate-XXXXXX", NULL);
    char *argv[] = { "python3", "-c", (char *)gen_script, dir, NULL };
    char *list = NULL, *path, **names;
    gint status = -1;
    GPtrArray *a = NULL;

    g_assert_nonnull(dir);
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status(status, NULL)) {
        goto out;
    }
    path = g_build_filename(dir, "cases", NULL);
    g_assert_true(g_file_get_contents(path, &list, NULL, NULL));
    g_free(path);
    a = g_ptr_array_new_with_free_func(case_free);
    names = g_strsplit(list, "\n", -1);
    for (char **n = names; *n; n++) {
        Case *c;
        char *p;

        if (!**n) {
            continue;
        }
        c = g_new0(Case, 1);
        c->name = g_strdup(*n);
        p = g_strdup_printf("%s/%s.raw", dir, *n);
        g_assert_true(g_file_get_contents(p, (char **)&c->raw, &c->raw_len,
                                          NULL));
        g_unlink(p);
        g_free(p);
        p = g_strdup_printf("%s/%s.z", dir, *n);
        g_assert_true(g_file_get_contents(p, (char **)&c->z, &c->z_len,
                                          NULL));
        g_unlink(p);
        g_free(p);
        g_ptr_array_add(a, c);
    }
    g_strfreev(names);
    g_assert_cmpuint(a->len, ==, 13);
    path = g_build_filename(dir, "cases", NULL);
    g_unlink(path);
    g_free(path);
out:
    g_free(list);
    g_rmdir(dir);
    g_free(dir);
    return a;
}

static bool have_cases(void)
{
    if (!cases) {
        g_test_skip("no python3 to make the streams");
        return false;
    }
    return true;
}

/* decodes in into a buffer of exactly cap bytes (NULL when cap is 0) */
static InflateResult run(const guint8 *in, gsize in_len, gsize cap,
                         guint8 **out, gsize *out_len)
{
    const char *why = NULL;
    InflateResult r;

    *out = cap ? g_malloc(cap) : NULL;
    r = inflate_raw(in, in_len, *out, cap, out_len, &why);
    g_assert_cmpuint(*out_len, <=, cap);
    if (r == INFLATE_BAD || r == INFLATE_TRUNCATED) {
        g_assert_nonnull(why);
    } else {
        g_assert_null(why);
    }
    return r;
}

/* every host stream decodes to its data, with a buffer of exactly its size
   and a larger one */
static void test_host_streams(void)
{
    if (!have_cases()) {
        return;
    }
    for (guint i = 0; i < cases->len; i++) {
        const Case *c = g_ptr_array_index(cases, i);

        for (gsize extra = 0; extra <= 100; extra += 100) {
            guint8 *out;
            gsize n;

            g_test_message("%s, %zu spare bytes", c->name, extra);
            g_assert_cmpint(run(c->z, c->z_len, c->raw_len + extra, &out,
                                &n), ==, INFLATE_DONE);
            g_assert_cmpuint(n, ==, c->raw_len);
            g_assert_true(n == 0 || memcmp(out, c->raw, n) == 0);
            g_free(out);
        }
    }
}

/* a buffer smaller than the data: FULL with exactly its size written, the
   data's first bytes */
static void test_bounded_output(void)
{
    if (!have_cases()) {
        return;
    }
    for (guint i = 0; i < cases->len; i++) {
        const Case *c = g_ptr_array_index(cases, i);
        gsize caps[] = { 0, 1, c->raw_len / 2, c->raw_len - 1 };

        if (c->raw_len == 0) {
            continue;
        }
        for (gsize k = 0; k < G_N_ELEMENTS(caps); k++) {
            guint8 *out;
            gsize n;

            if (caps[k] >= c->raw_len) {
                continue;
            }
            g_test_message("%s, %zu of %zu bytes", c->name, caps[k],
                           c->raw_len);
            g_assert_cmpint(run(c->z, c->z_len, caps[k], &out, &n), ==,
                            INFLATE_FULL);
            g_assert_cmpuint(n, ==, caps[k]);
            g_assert_true(n == 0 || memcmp(out, c->raw, n) == 0);
            g_free(out);
        }
    }
}

/* every stream cut short, at many points: never DONE, and what came out
   is the start of the data */
static void test_truncated(void)
{
    if (!have_cases()) {
        return;
    }
    for (guint i = 0; i < cases->len; i++) {
        const Case *c = g_ptr_array_index(cases, i);
        gsize step = MAX(1, c->z_len / 97);

        for (gsize cut = 0; cut < c->z_len; cut += step) {
            guint8 *in = g_memdup2(c->z, cut);
            guint8 *out;
            gsize n;
            InflateResult r = run(in, cut, c->raw_len, &out, &n);

            if (r != INFLATE_TRUNCATED && r != INFLATE_BAD) {
                g_error("%s cut at %zu of %zu: result %d", c->name, cut,
                        c->z_len, r);
            }
            g_assert_true(n == 0 || memcmp(out, c->raw, n) == 0);
            g_free(out);
            g_free(in);
        }
        /* the last byte alone missing too */
        if (c->z_len) {
            guint8 *out;
            gsize n;

            g_assert_cmpint(run(c->z, c->z_len - 1, c->raw_len, &out, &n),
                            !=, INFLATE_DONE);
            g_free(out);
        }
    }
}

/* streams with bits flipped and bytes overwritten: any result, nothing
   written past the buffer, whatever came out within it */
static void test_corrupt(void)
{
    GRand *rnd = g_rand_new_with_seed(1951);

    if (!have_cases()) {
        g_rand_free(rnd);
        return;
    }
    for (guint i = 0; i < cases->len; i++) {
        const Case *c = g_ptr_array_index(cases, i);

        if (c->z_len == 0 || c->raw_len > (1u << 18)) {
            continue;
        }
        for (int k = 0; k < 300; k++) {
            guint8 *in = g_memdup2(c->z, c->z_len);
            guint8 *out;
            gsize n;
            int flips = g_rand_int_range(rnd, 1, 8);

            for (int f = 0; f < flips; f++) {
                gsize at = (gsize)g_rand_int_range(rnd, 0, (gint32)c->z_len);

                if (g_rand_boolean(rnd)) {
                    in[at] ^= (guint8)(1u << g_rand_int_range(rnd, 0, 8));
                } else {
                    in[at] = (guint8)g_rand_int(rnd);
                }
            }
            run(in, c->z_len, c->raw_len + 16, &out, &n);
            g_free(out);
            g_free(in);
        }
    }
    g_rand_free(rnd);
}

/* ------------------------------------------------------------ hand-made */

/*
 * Bit strings written from RFC 1951's rules, one table row each: the
 * fields in stream order, then what decoding them into a buffer of
 * exactly cap bytes must give.
 */
typedef enum FieldKind {
    F_END,   /* the end of a row's fields */
    F_BITS,  /* v in n bits, least significant first (3.1.1) */
    F_CODE,  /* a Huffman code v of n bits, most significant first */
    F_FIXED, /* literal/length symbol v in the fixed code (3.2.6) */
    F_ALIGN, /* zero bits to the next byte boundary (stored blocks) */
    F_BYTES, /* the bytes of s, 8 bits each */
} FieldKind;

typedef struct Field {
    FieldKind kind;
    uint32_t v;
    unsigned n;
    const char *s;
} Field;

#define BITS(v, n) { F_BITS, (v), (n), NULL }
#define CODE(v, n) { F_CODE, (v), (n), NULL }
#define FIXED(sym) { F_FIXED, (sym), 0, NULL }
#define ALIGN      { F_ALIGN, 0, 0, NULL }
#define BYTES(s)   { F_BYTES, 0, 0, (s) }
/* a block header: BFINAL 1 and BTYPE (3.2.3) */
#define FINAL(type) BITS(1, 1), BITS(type, 2)
/* a dynamic block's header: HLIT, HDIST, HCLEN (3.2.7); the HCLEN code
   length code lengths (CL) follow in the order 16, 17, 18, 0, 8, 7, 9,
   6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 */
#define DYNAMIC(hlit, hdist, hclen) \
    FINAL(2), BITS((hlit) - 257, 5), BITS((hdist) - 1, 5), \
    BITS((hclen) - 4, 4)
#define CL(len) BITS(len, 3)

typedef struct HandCase {
    const char *name;
    Field f[48];
    InflateResult want;
    gsize cap;            /* the output buffer's size */
    int want_n;           /* bytes written; -1: any */
    const char *want_out; /* their contents; NULL: not checked */
} HandCase;

static const HandCase hand_cases[] = {
    /* fixed blocks (3.2.6) */
    { "fixed/overlapping-copy",
      /* "a", length 3 at distance 1 (symbol 257, distance code 0):
         "aaaa"; length 10 (symbol 264) at distance 2 (code 1); the byte
         0xe2 (a 9-bit code: 144 and up) */
      { FINAL(1), FIXED('a'), FIXED(257), CODE(0, 5), FIXED(264),
        CODE(1, 5), FIXED(0xe2), FIXED(256) },
      INFLATE_DONE, 16, 15, "aaaaaaaaaaaaaa\xe2" },
    { "fixed/distance-before-start",
      { FINAL(1), FIXED('a'), FIXED(257), CODE(1, 5), FIXED(256) },
      INFLATE_BAD, 16, 1, "a" },
    /* symbols 286 and 287 and distance codes 30 and 31 have codes in
       the fixed tables but mean nothing */
    { "fixed/length-286", { FINAL(1), FIXED(286), FIXED(256) },
      INFLATE_BAD, 16, -1, NULL },
    { "fixed/length-287", { FINAL(1), FIXED(287), FIXED(256) },
      INFLATE_BAD, 16, -1, NULL },
    { "fixed/distance-30",
      { FINAL(1), FIXED('a'), FIXED(257), CODE(30, 5), FIXED(256) },
      INFLATE_BAD, 16, -1, NULL },
    { "fixed/distance-31",
      { FINAL(1), FIXED('a'), FIXED(257), CODE(31, 5), FIXED(256) },
      INFLATE_BAD, 16, -1, NULL },
    { "fixed/not-final-then-nothing",
      { BITS(0, 1), BITS(1, 2), FIXED(256) },
      INFLATE_TRUNCATED, 16, 0, NULL },

    /* stored blocks (3.2.4): to the byte boundary, LEN, NLEN, the bytes */
    { "stored/hello",
      { FINAL(0), ALIGN, BITS(5, 16), BITS(0xfffa, 16), BYTES("hello") },
      INFLATE_DONE, 8, 5, "hello" },
    { "stored/full",
      { FINAL(0), ALIGN, BITS(5, 16), BITS(0xfffa, 16), BYTES("hello") },
      INFLATE_FULL, 3, 3, "hel" },
    { "stored/last-byte-missing",
      { FINAL(0), ALIGN, BITS(5, 16), BITS(0xfffa, 16), BYTES("hell") },
      INFLATE_TRUNCATED, 8, 4, "hell" },
    { "stored/nlen-not-complement",
      { FINAL(0), ALIGN, BITS(5, 16), BITS(0xfffb, 16), BYTES("hello") },
      INFLATE_BAD, 8, 0, NULL },
    { "reserved-block-type", { FINAL(3) }, INFLATE_BAD, 8, 0, NULL },
    { "nothing-at-all", { { F_END } }, INFLATE_TRUNCATED, 8, 0, NULL },

    /* dynamic blocks (3.2.7) */
    { "dynamic/hlit-287", { DYNAMIC(287, 1, 4) },
      INFLATE_BAD, 300, 0, NULL },
    { "dynamic/hdist-31", { DYNAMIC(257, 31, 4) },
      INFLATE_BAD, 300, 0, NULL },
    { "dynamic/over-subscribed",   /* four one-bit code length codes */
      { DYNAMIC(257, 1, 4), CL(1), CL(1), CL(1), CL(1), BITS(0, 16) },
      INFLATE_BAD, 300, 0, NULL },
    { "dynamic/repeat-of-nothing", /* 16 (code 1) first; 0 is code 0 */
      { DYNAMIC(257, 1, 4), CL(1), CL(0), CL(0), CL(1), CODE(1, 1),
        BITS(0, 2), BITS(0, 16) },
      INFLATE_BAD, 300, 0, NULL },
    { "dynamic/zeros-past-the-end", /* 18 (code 1): 138 + 138 of 258 */
      { DYNAMIC(257, 1, 4), CL(0), CL(0), CL(1), CL(1), CODE(1, 1),
        BITS(127, 7), CODE(1, 1), BITS(127, 7) },
      INFLATE_BAD, 300, 0, NULL },
    { "dynamic/no-end-of-block",   /* 138 + 120 zeros: every length 0 */
      { DYNAMIC(257, 1, 4), CL(0), CL(0), CL(1), CL(1), CODE(1, 1),
        BITS(127, 7), CODE(1, 1), BITS(109, 7) },
      INFLATE_BAD, 300, 0, NULL },
    /* literals 'A' (65) and end-of-block (256) of one bit each ('A' 0,
       EOB 1), no distance code (one length 0); code length codes 18 -> 0,
       0 -> 10, 1 -> 11: 65 zeros, a 1, 190 zeros, a 1, then the distance
       length 0; the data "AAA" */
    { "dynamic/good",
      { DYNAMIC(257, 1, 18), CL(0), CL(0), CL(1), CL(2), CL(0), CL(0),
        CL(0), CL(0), CL(0), CL(0), CL(0), CL(0), CL(0), CL(0), CL(0),
        CL(0), CL(0), CL(2),
        CODE(0, 1), BITS(54, 7),  /* 18: 11 + 54 = 65 zeros */
        CODE(3, 2),               /* 1: 'A' */
        CODE(0, 1), BITS(127, 7), /* 18: 138 zeros */
        CODE(0, 1), BITS(41, 7),  /* 18: 52 zeros (to 255) */
        CODE(3, 2),               /* 1: end-of-block */
        CODE(2, 2),               /* 0: the one distance length */
        CODE(0, 1), CODE(0, 1), CODE(0, 1), /* 'A' x3 */
        CODE(1, 1) },             /* end-of-block */
      INFLATE_DONE, 300, 3, "AAA" },
};

typedef struct Bits {
    guint8 buf[128];
    unsigned n; /* bits written */
} Bits;

static void put(Bits *b, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++, b->n++) {
        g_assert_cmpuint(b->n, <, 8 * sizeof(b->buf));
        b->buf[b->n / 8] |= (guint8)((v >> i & 1) << (b->n % 8));
    }
}

static void put_code(Bits *b, uint32_t code, unsigned n)
{
    for (unsigned i = n; i-- > 0;) {
        put(b, code >> i & 1, 1);
    }
}

static void put_fixed(Bits *b, unsigned sym)
{
    if (sym < 144) {
        put_code(b, 0x30 + sym, 8);
    } else if (sym < 256) {
        put_code(b, 0x190 + sym - 144, 9);
    } else if (sym < 280) {
        put_code(b, sym - 256, 7);
    } else {
        put_code(b, 0xc0 + sym - 280, 8);
    }
}

static void test_hand_made(gconstpointer data)
{
    const HandCase *c = data;
    Bits b = { { 0 }, 0 };
    guint8 *out;
    gsize n;

    for (const Field *f = c->f; f->kind != F_END; f++) {
        g_assert_true(f < c->f + G_N_ELEMENTS(c->f));
        switch (f->kind) {
        case F_BITS:
            put(&b, f->v, f->n);
            break;
        case F_CODE:
            put_code(&b, f->v, f->n);
            break;
        case F_FIXED:
            put_fixed(&b, f->v);
            break;
        case F_ALIGN:
            b.n = (b.n + 7) / 8 * 8;
            break;
        case F_BYTES:
            for (const char *p = f->s; *p; p++) {
                put(&b, (guint8)*p, 8);
            }
            break;
        case F_END:
            break;
        }
    }
    g_assert_cmpint(run(b.buf, (b.n + 7) / 8, c->cap, &out, &n), ==,
                    c->want);
    if (c->want_n >= 0) {
        g_assert_cmpuint(n, ==, (gsize)c->want_n);
    }
    if (c->want_out) {
        g_assert_cmpuint(n, ==, strlen(c->want_out));
        g_assert_true(memcmp(out, c->want_out, n) == 0);
    }
    g_free(out);
}

int main(int argc, char **argv)
{
    int r;

    g_test_init(&argc, &argv, NULL);
    cases = make_cases();
    g_test_add_func("/inflate/host-streams", test_host_streams);
    g_test_add_func("/inflate/bounded-output", test_bounded_output);
    g_test_add_func("/inflate/truncated", test_truncated);
    g_test_add_func("/inflate/corrupt", test_corrupt);
    for (gsize i = 0; i < G_N_ELEMENTS(hand_cases); i++) {
        char *path = g_strdup_printf("/inflate/hand-made/%s",
                                     hand_cases[i].name);

        g_test_add_data_func(path, &hand_cases[i], test_hand_made);
        g_free(path);
    }
    r = g_test_run();
    if (cases) {
        g_ptr_array_unref(cases);
    }
    return r;
}
