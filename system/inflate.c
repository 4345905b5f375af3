/*
 * system/inflate.c: raw DEFLATE decoding (RFC 1951), include/inflate.h.
 *
 * The stream is a sequence of blocks, each opening with BFINAL (1 bit)
 * and BTYPE (2 bits): 00 stored (to the byte boundary, LEN and its ones'
 * complement NLEN, LEN bytes), 01 compressed with the fixed codes of
 * 3.2.6, 10 compressed with codes the block describes (3.2.7), 11 an
 * error.  Bits are taken from the least significant end of each byte;
 * Huffman codes are packed starting with their most significant bit,
 * everything else least significant bit first (3.1.1).
 *
 * The Huffman codes are canonical (3.2.2): all a decoder needs is how many
 * codes there are of each length and the symbols in code order.  Decoding
 * walks the lengths from 1 up; at each length the codes of that length
 * are the next count[len] values after the ones of the shorter lengths,
 * doubled once per extra bit.
 */
#include <stdbool.h>
#include <string.h>

#include "inflate.h"

#define MAX_BITS 15      /* the longest code (3.2.7) */
#define NUM_LITLEN 288   /* literal/length symbols, 286 and 287 unused */
#define NUM_DIST 32      /* distance symbols, 30 and 31 unused */
#define NUM_CLEN 19      /* code length symbols */

typedef struct Huffman {
    uint16_t count[MAX_BITS + 1]; /* codes of each length (count[0]: none) */
    uint16_t symbol[NUM_LITLEN];  /* the symbols in code order */
} Huffman;

typedef struct Inflate {
    const uint8_t *in;
    size_t in_len, in_pos;
    uint64_t bits;          /* not yet used bits, the next one lowest */
    unsigned nbits;
    uint8_t *out;
    size_t out_cap, out_pos;
    const char *why;
} Inflate;

/* the base lengths and extra bits of length symbols 257..285 (3.2.5) */
static const uint16_t len_base[29] = {
    3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
    2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
/* the base distances and extra bits of distance symbols 0..29 */
static const uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,
    33,  49,  65,  97,  129, 193,  257,  385,  513,  769,
    1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* the order the code length code lengths come in (3.2.7) */
static const uint8_t clen_order[NUM_CLEN] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

/* at least n (<= 32) bits in s->bits, or false: the input ended */
static bool need(Inflate *s, unsigned n)
{
    while (s->nbits < n) {
        if (s->in_pos == s->in_len) {
            s->why = "the stream ends early";
            return false;
        }
        s->bits |= (uint64_t)s->in[s->in_pos++] << s->nbits;
        s->nbits += 8;
    }
    return true;
}

/* n bits, least significant first; need(s, n) was true */
static uint32_t take(Inflate *s, unsigned n)
{
    uint32_t v = (uint32_t)(s->bits & ((1ull << n) - 1));

    s->bits >>= n;
    s->nbits -= n;
    return v;
}

static bool get_bits(Inflate *s, unsigned n, uint32_t *v)
{
    if (!need(s, n)) {
        return false;
    }
    *v = take(s, n);
    return true;
}

/* the canonical code of lengths len[0..n); false if it is over-subscribed
   (more codes than bit patterns), or incomplete unless it is empty or a
   lone code of one bit (3.2.7: a block may use one distance code, or
   none when it is all literals; zlib writes those so) */
static bool huffman_build(Huffman *h, const uint8_t *len, unsigned n)
{
    uint16_t next[MAX_BITS + 2];
    int left = 1;
    unsigned codes = 0;

    memset(h->count, 0, sizeof(h->count));
    for (unsigned i = 0; i < n; i++) {
        h->count[len[i]]++;
    }
    h->count[0] = 0;
    for (unsigned l = 1; l <= MAX_BITS; l++) {
        left = left * 2 - h->count[l];
        if (left < 0) {
            return false;
        }
        codes += h->count[l];
    }
    if (left > 0 && codes > 0 && !(codes == 1 && h->count[1] == 1)) {
        return false;
    }
    next[1] = 0;
    for (unsigned l = 1; l <= MAX_BITS; l++) {
        next[l + 1] = (uint16_t)(next[l] + h->count[l]);
    }
    for (unsigned i = 0; i < n; i++) {
        if (len[i]) {
            h->symbol[next[len[i]]++] = (uint16_t)i;
        }
    }
    return true;
}

/* the next symbol of code h; -1: the input ended, -2: no such code */
static int huffman_decode(Inflate *s, const Huffman *h)
{
    uint32_t code = 0;   /* the bits so far, first one highest */
    uint32_t first = 0;  /* the first code of this length */
    uint32_t index = 0;  /* where this length's symbols start */

    for (unsigned l = 1; l <= MAX_BITS; l++) {
        uint32_t bit;

        if (!get_bits(s, 1, &bit)) {
            return -1;
        }
        code |= bit;
        if (code - first < h->count[l]) {
            return h->symbol[index + code - first];
        }
        index += h->count[l];
        first = (first + h->count[l]) << 1;
        code <<= 1;
    }
    s->why = "a bit pattern that is no code";
    return -2;
}

static InflateResult fail(Inflate *s, const char *why)
{
    s->why = why;
    return INFLATE_BAD;
}

/* after a failed huffman_decode */
static InflateResult stopped(int sym)
{
    return sym == -1 ? INFLATE_TRUNCATED : INFLATE_BAD;
}

/* a stored block (3.2.4): the rest of the current byte is skipped */
static InflateResult block_stored(Inflate *s)
{
    uint32_t len, nlen;

    take(s, s->nbits % 8);
    if (!get_bits(s, 16, &len) || !get_bits(s, 16, &nlen)) {
        return INFLATE_TRUNCATED;
    }
    if ((len ^ 0xffff) != nlen) {
        return fail(s, "a stored block whose NLEN is not ~LEN");
    }
    /* whole bytes may still sit in the bit buffer (at most 4 here) */
    while (len && s->nbits >= 8) {
        if (s->out_pos == s->out_cap) {
            return INFLATE_FULL;
        }
        s->out[s->out_pos++] = (uint8_t)take(s, 8);
        len--;
    }
    while (len) {
        size_t n = len;

        if (s->in_pos == s->in_len) {
            s->why = "the stream ends early";
            return INFLATE_TRUNCATED;
        }
        if (s->out_pos == s->out_cap) {
            return INFLATE_FULL;
        }
        n = n < s->in_len - s->in_pos ? n : s->in_len - s->in_pos;
        n = n < s->out_cap - s->out_pos ? n : s->out_cap - s->out_pos;
        memcpy(s->out + s->out_pos, s->in + s->in_pos, n);
        s->out_pos += n;
        s->in_pos += n;
        len -= (uint32_t)n;
    }
    return INFLATE_DONE;
}

/* the symbols of a compressed block up to end-of-block (3.2.5) */
static InflateResult block_codes(Inflate *s, const Huffman *lit,
                                 const Huffman *dist)
{
    for (;;) {
        int sym = huffman_decode(s, lit);
        uint32_t extra, len, d;

        if (sym < 0) {
            return stopped(sym);
        }
        if (sym < 256) {
            if (s->out_pos == s->out_cap) {
                return INFLATE_FULL;
            }
            s->out[s->out_pos++] = (uint8_t)sym;
            continue;
        }
        if (sym == 256) {
            return INFLATE_DONE;
        }
        sym -= 257;
        if (sym >= 29) {
            return fail(s, "a length symbol 286 or 287");
        }
        if (!get_bits(s, len_extra[sym], &extra)) {
            return INFLATE_TRUNCATED;
        }
        len = len_base[sym] + extra;
        sym = huffman_decode(s, dist);
        if (sym < 0) {
            return stopped(sym);
        }
        if (sym >= 30) {
            return fail(s, "a distance symbol 30 or 31");
        }
        if (!get_bits(s, dist_extra[sym], &extra)) {
            return INFLATE_TRUNCATED;
        }
        d = dist_base[sym] + extra;
        if (d > s->out_pos) {
            return fail(s, "a distance before the start of the output");
        }
        /* byte by byte: the copy may overlap what it writes (3.2.3) */
        for (uint32_t i = 0; i < len; i++) {
            if (s->out_pos == s->out_cap) {
                return INFLATE_FULL;
            }
            s->out[s->out_pos] = s->out[s->out_pos - d];
            s->out_pos++;
        }
    }
}

/* the codes of 3.2.6 */
static void fixed_codes(Huffman *lit, Huffman *dist)
{
    uint8_t len[NUM_LITLEN];
    unsigned i = 0;

    for (; i < 144; i++) {
        len[i] = 8;
    }
    for (; i < 256; i++) {
        len[i] = 9;
    }
    for (; i < 280; i++) {
        len[i] = 7;
    }
    for (; i < NUM_LITLEN; i++) {
        len[i] = 8;
    }
    huffman_build(lit, len, NUM_LITLEN);
    memset(len, 5, NUM_DIST);
    huffman_build(dist, len, NUM_DIST);
}

/* the code descriptions of a dynamic block (3.2.7) */
static InflateResult dynamic_codes(Inflate *s, Huffman *lit, Huffman *dist)
{
    uint8_t len[286 + 30];
    uint8_t clen[NUM_CLEN] = { 0 };
    uint32_t hlit, hdist, hclen;
    unsigned i = 0;
    Huffman hc;

    if (!get_bits(s, 5, &hlit) || !get_bits(s, 5, &hdist) ||
        !get_bits(s, 4, &hclen)) {
        return INFLATE_TRUNCATED;
    }
    hlit += 257;
    hdist += 1;
    hclen += 4;
    if (hlit > 286 || hdist > 30) {
        return fail(s, "more literal/length or distance codes than exist");
    }
    for (unsigned k = 0; k < hclen; k++) {
        uint32_t v;

        if (!get_bits(s, 3, &v)) {
            return INFLATE_TRUNCATED;
        }
        clen[clen_order[k]] = (uint8_t)v;
    }
    /* the code length code must be complete: no lone code here */
    {
        unsigned codes = 0;
        int left = 1;

        if (!huffman_build(&hc, clen, NUM_CLEN)) {
            return fail(s, "a bad code length code");
        }
        for (unsigned l = 1; l <= MAX_BITS; l++) {
            codes += hc.count[l];
            left = left * 2 - hc.count[l];
        }
        if (codes == 0 || left > 0) {
            return fail(s, "an incomplete code length code");
        }
    }
    while (i < hlit + hdist) {
        int sym = huffman_decode(s, &hc);
        uint32_t rep, v;
        uint8_t fill = 0;

        if (sym < 0) {
            return stopped(sym);
        }
        if (sym < 16) {
            len[i++] = (uint8_t)sym;
            continue;
        }
        if (sym == 16) {
            if (i == 0) {
                return fail(s, "a repeat of no previous length");
            }
            fill = len[i - 1];
            if (!get_bits(s, 2, &v)) {
                return INFLATE_TRUNCATED;
            }
            rep = 3 + v;
        } else if (sym == 17) {
            if (!get_bits(s, 3, &v)) {
                return INFLATE_TRUNCATED;
            }
            rep = 3 + v;
        } else {
            if (!get_bits(s, 7, &v)) {
                return INFLATE_TRUNCATED;
            }
            rep = 11 + v;
        }
        if (i + rep > hlit + hdist) {
            return fail(s, "code lengths repeated past their end");
        }
        memset(len + i, fill, rep);
        i += rep;
    }
    if (len[256] == 0) {
        return fail(s, "a literal/length code without end-of-block");
    }
    if (!huffman_build(lit, len, hlit)) {
        return fail(s, "a bad literal/length code");
    }
    if (!huffman_build(dist, len + hlit, hdist)) {
        return fail(s, "a bad distance code");
    }
    return INFLATE_DONE;
}

InflateResult inflate_raw(const uint8_t *in, size_t in_len, uint8_t *out,
                          size_t out_cap, size_t *out_len, const char **why)
{
    Inflate s = {
        .in = in, .in_len = in_len, .out = out, .out_cap = out_cap,
        .why = "the stream ends early",
    };
    InflateResult r = INFLATE_DONE;
    uint32_t final = 0;

    while (!final && r == INFLATE_DONE) {
        uint32_t type;
        Huffman lit, dist;

        if (!get_bits(&s, 1, &final) || !get_bits(&s, 2, &type)) {
            r = INFLATE_TRUNCATED;
            break;
        }
        switch (type) {
        case 0:
            r = block_stored(&s);
            break;
        case 1:
            fixed_codes(&lit, &dist);
            r = block_codes(&s, &lit, &dist);
            break;
        case 2:
            r = dynamic_codes(&s, &lit, &dist);
            if (r == INFLATE_DONE) {
                r = block_codes(&s, &lit, &dist);
            }
            break;
        default:
            r = fail(&s, "a block of the reserved type 3");
            break;
        }
    }
    if (r == INFLATE_TRUNCATED) {
        s.why = "the stream ends early";
    }
    *out_len = s.out_pos;
    if (why) {
        *why = r == INFLATE_BAD || r == INFLATE_TRUNCATED ? s.why : NULL;
    }
    return r;
}
