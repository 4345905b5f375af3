/*
 * tests/unit/rtas-args.h: the RTAS argument buffer as a guest lays it out
 * in its memory for the H_RTAS hcall (LoPAPR 7.2.8: token, nargs, nret,
 * nargs argument words, nret return words, each a big-endian 32-bit
 * word), for the unit tests that make RTAS calls.
 */
#ifndef TESTS_UNIT_RTAS_ARGS_H
#define TESTS_UNIT_RTAS_ARGS_H

#include <glib.h>
#include <string.h>

#include "bytes-be.h"
#include "spapr.h"

/* the token of the RTAS call NAME; the test ends if there is none */
static inline uint32_t rtas_token(const char *name)
{
    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        if (strcmp(spapr_rtas_calls[i].name, name) == 0) {
            return spapr_rtas_calls[i].token;
        }
    }
    g_error("no RTAS call %s", name);
}

/* the buffer at p: token, nargs, nret, args; the return words all 0x55,
   so that a word the call does not write is seen */
static inline void rtas_buffer_put(uint8_t *p, uint32_t token, uint32_t nargs,
                                   const uint32_t *args, uint32_t nret)
{
    st_be32(p, token);
    st_be32(p + 4, nargs);
    st_be32(p + 8, nret);
    for (uint32_t i = 0; i < nargs; i++) {
        st_be32(p + 12 + 4 * i, args[i]);
    }
    memset(p + 12 + 4 * nargs, 0x55, 4 * nret);
}

/* return word i of the buffer at p (0: the status) */
static inline uint32_t rtas_buffer_ret(const uint8_t *p, uint32_t nargs,
                                       uint32_t i)
{
    return ld_be32(p + 12 + 4 * nargs + 4 * i);
}

#endif
