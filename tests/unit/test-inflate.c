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

typedef struct Bits {
    guint8 buf[128];
    unsigned n; /* bits written */
} Bits;

/* v in n bits, least significant first (3.1.1) */
static void put(Bits *b, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++, b->n++) {
        g_assert_cmpuint(b->n, <, 8 * sizeof(b->buf));
        b->buf[b->n / 8] |= (guint8)((v >> i & 1) << (b->n % 8));
    }
}

/* a Huffman code of n bits, most significant first */
static void put_code(Bits *b, uint32_t code, unsigned n)
{
    for (unsigned i = n; i-- > 0;) {
        put(b, code >> i & 1, 1);
    }
}

/* the fixed literal/length code of 3.2.6 */
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

static InflateResult decode(const Bits *b, guint8 *out, gsize cap,
                            gsize *n, const char **why)
{
    return inflate_raw(b->buf, (b->n + 7) / 8, out, cap, n, why);
}

static void test_fixed_block(void)
{
    Bits b = { { 0 }, 0 };
    guint8 out[16];
    gsize n;
    const char *why;

    /* "a", then length 3 at distance 1 (symbol 257, distance code 0):
       an overlapping copy, "aaaa" */
    put(&b, 1, 1);
    put(&b, 1, 2);
    put_fixed(&b, 'a');
    put_fixed(&b, 257);
    put_code(&b, 0, 5);
    /* length 10 (symbol 264) at distance 2 (code 1), then the byte 0xe2
       (a 9-bit code: 144 and up) */
    put_fixed(&b, 264);
    put_code(&b, 1, 5);
    put_fixed(&b, 0xe2);
    put_fixed(&b, 256);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_DONE);
    g_assert_cmpuint(n, ==, 15);
    g_assert_true(memcmp(out, "aaaaaaaaaaaaaa\xe2", 15) == 0);

    /* a distance back past the first byte */
    memset(&b, 0, sizeof(b));
    put(&b, 1, 1);
    put(&b, 1, 2);
    put_fixed(&b, 'a');
    put_fixed(&b, 257);
    put_code(&b, 1, 5); /* distance 2 */
    put_fixed(&b, 256);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    g_assert_cmpuint(n, ==, 1);

    /* the length symbols 286 and 287 and distance codes 30 and 31 have
       codes in the fixed tables but mean nothing */
    for (unsigned sym = 286; sym <= 287; sym++) {
        memset(&b, 0, sizeof(b));
        put(&b, 1, 1);
        put(&b, 1, 2);
        put_fixed(&b, sym);
        put_fixed(&b, 256);
        g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                        INFLATE_BAD);
    }
    for (unsigned d = 30; d <= 31; d++) {
        memset(&b, 0, sizeof(b));
        put(&b, 1, 1);
        put(&b, 1, 2);
        put_fixed(&b, 'a');
        put_fixed(&b, 257);
        put_code(&b, d, 5);
        put_fixed(&b, 256);
        g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                        INFLATE_BAD);
    }
    /* a non-final block and no more: truncated */
    memset(&b, 0, sizeof(b));
    put(&b, 0, 1);
    put(&b, 1, 2);
    put_fixed(&b, 256);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_TRUNCATED);
}

static void test_stored_block(void)
{
    Bits b = { { 0 }, 0 };
    guint8 out[8];
    gsize n;
    const char *why;

    /* BFINAL, BTYPE 00, to the byte boundary, LEN 5, NLEN, the bytes */
    put(&b, 1, 1);
    put(&b, 0, 2);
    b.n = 8;
    put(&b, 5, 16);
    put(&b, 0xfffa, 16);
    for (const char *p = "hello"; *p; p++) {
        put(&b, (guint8)*p, 8);
    }
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_DONE);
    g_assert_cmpuint(n, ==, 5);
    g_assert_true(memcmp(out, "hello", 5) == 0);
    /* the same bytes into 3: full */
    g_assert_cmpint(decode(&b, out, 3, &n, &why), ==, INFLATE_FULL);
    g_assert_cmpuint(n, ==, 3);
    /* missing the last byte */
    g_assert_cmpint(inflate_raw(b.buf, 9, out, sizeof(out), &n, &why), ==,
                    INFLATE_TRUNCATED);
    g_assert_cmpuint(n, ==, 4);
    /* NLEN not the complement */
    b.buf[3] ^= 1;
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    g_assert_cmpuint(n, ==, 0);

    /* the reserved block type 11 */
    memset(&b, 0, sizeof(b));
    put(&b, 1, 1);
    put(&b, 3, 2);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    g_assert_nonnull(why);
    /* nothing at all */
    g_assert_cmpint(inflate_raw(b.buf, 0, out, sizeof(out), &n, &why), ==,
                    INFLATE_TRUNCATED);
}

/* a dynamic block's header: BFINAL, BTYPE 10, HLIT, HDIST, HCLEN and the
   code length code lengths in 3.2.7's order */
static void put_dynamic(Bits *b, unsigned hlit, unsigned hdist,
                        const guint8 *clen, unsigned hclen)
{
    put(b, 1, 1);
    put(b, 2, 2);
    put(b, hlit - 257, 5);
    put(b, hdist - 1, 5);
    put(b, hclen - 4, 4);
    for (unsigned i = 0; i < hclen; i++) {
        put(b, clen[i], 3);
    }
}

static void test_dynamic_block(void)
{
    Bits b = { { 0 }, 0 };
    guint8 out[300];
    gsize n;
    const char *why;
    /* in the order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2,
       14, 1, 15 */
    const guint8 four_ones[4] = { 1, 1, 1, 1 };
    const guint8 rep_and_zero[4] = { 1, 0, 0, 1 };  /* 16: 1, 0: 0 */
    const guint8 zero_and_18[4] = { 0, 0, 1, 1 };   /* 18: 1, 0: 0 */
    /* 18 -> 0, 0 -> 10, 1 -> 11: two bits for 0 and 1 */
    const guint8 ones_zero_18[19] = { 0, 0, 1, 2, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0, 0, 2 };

    /* 287 literal/length codes (HLIT 30), more than exist */
    put(&b, 1, 1);
    put(&b, 2, 2);
    put(&b, 30, 5);
    put(&b, 0, 5);
    put(&b, 0, 4);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    /* 31 distance codes */
    memset(&b, 0, sizeof(b));
    put(&b, 1, 1);
    put(&b, 2, 2);
    put(&b, 0, 5);
    put(&b, 30, 5);
    put(&b, 0, 4);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    /* four one-bit code length codes: over-subscribed */
    memset(&b, 0, sizeof(b));
    put_dynamic(&b, 257, 1, four_ones, 4);
    put(&b, 0, 16);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    /* a repeat (16, code 1) of no previous length */
    memset(&b, 0, sizeof(b));
    put_dynamic(&b, 257, 1, rep_and_zero, 4);
    put_code(&b, 1, 1);
    put(&b, 0, 2);
    put(&b, 0, 16);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    /* 138 + 138 zeros for 258 lengths: past their end */
    memset(&b, 0, sizeof(b));
    put_dynamic(&b, 257, 1, zero_and_18, 4);
    put_code(&b, 1, 1);
    put(&b, 127, 7);
    put_code(&b, 1, 1);
    put(&b, 127, 7);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    /* 138 + 120 zeros: every length 0, no end-of-block code */
    memset(&b, 0, sizeof(b));
    put_dynamic(&b, 257, 1, zero_and_18, 4);
    put_code(&b, 1, 1);
    put(&b, 127, 7);
    put_code(&b, 1, 1);
    put(&b, 109, 7);
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_BAD);
    g_assert_nonnull(why);

    /* a good one: literals 'A' (65) and end-of-block (256) of one bit
       each ('A' 0, EOB 1), no distance code (one length 0): 65 zeros,
       a 1, 190 zeros, a 1, then the distance length 0; data "AAA" */
    memset(&b, 0, sizeof(b));
    put_dynamic(&b, 257, 1, ones_zero_18, 18);
    put_code(&b, 0, 1);        /* 18: 11 + 54 = 65 zeros */
    put(&b, 54, 7);
    put_code(&b, 3, 2);        /* 1: 'A' */
    put_code(&b, 0, 1);        /* 18: 138 zeros */
    put(&b, 127, 7);
    put_code(&b, 0, 1);        /* 18: 52 zeros (to 255) */
    put(&b, 41, 7);
    put_code(&b, 3, 2);        /* 1: end-of-block */
    put_code(&b, 2, 2);        /* 0: the one distance length */
    put_code(&b, 0, 1);        /* 'A' x3 */
    put_code(&b, 0, 1);
    put_code(&b, 0, 1);
    put_code(&b, 1, 1);        /* end-of-block */
    g_assert_cmpint(decode(&b, out, sizeof(out), &n, &why), ==,
                    INFLATE_DONE);
    g_assert_cmpuint(n, ==, 3);
    g_assert_true(memcmp(out, "AAA", 3) == 0);
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
    g_test_add_func("/inflate/fixed", test_fixed_block);
    g_test_add_func("/inflate/stored", test_stored_block);
    g_test_add_func("/inflate/dynamic", test_dynamic_block);
    r = g_test_run();
    if (cases) {
        g_ptr_array_unref(cases);
    }
    return r;
}
