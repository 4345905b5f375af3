/*
 * A raw DEFLATE decoder (RFC 1951: stored, fixed-Huffman and
 * dynamic-Huffman blocks), for qcow2's compressed clusters
 * (system/block-qcow2.c; the format stores them as raw deflate with a
 * 4 KiB window, no zlib or gzip wrapper).
 *
 * The whole output goes into one caller buffer and back-references are
 * resolved in it, so any window size up to the format's 32 KiB decodes.
 * Nothing is read past in_len or written past out_cap, whatever the
 * input; a malformed stream is an INFLATE_BAD with a reason.
 */
#ifndef POWERJIT_INFLATE_H
#define POWERJIT_INFLATE_H

#include <stddef.h>
#include <stdint.h>

typedef enum InflateResult {
    INFLATE_DONE,       /* the final block ended */
    INFLATE_FULL,       /* out_cap bytes written and the stream goes on */
    INFLATE_TRUNCATED,  /* the input ended inside the stream */
    INFLATE_BAD,        /* the stream is malformed (*why says how) */
} InflateResult;

/* decodes the raw DEFLATE stream in[0..in_len) into out[0..out_cap);
   *out_len = the bytes written (whatever the result); *why (may be
   NULL) = a static message for INFLATE_BAD and INFLATE_TRUNCATED */
InflateResult inflate_raw(const uint8_t *in, size_t in_len, uint8_t *out,
                          size_t out_cap, size_t *out_len, const char **why);

#endif
