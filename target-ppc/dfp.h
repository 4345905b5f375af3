/*
 * target-ppc/dfp.h: what the decimal floating point helpers
 * (helper-dfp.c: compare, test, re-encode; helper-dfp-arith.c: the
 * operations that round) share: the formats, the unpacked value and the
 * DPD encoding (Power ISA 3.0B Book I 5.5.1).
 */
#ifndef TARGET_PPC_DFP_H
#define TARGET_PPC_DFP_H

#include "internal.h"
#include "trans-vec.h"

typedef unsigned __int128 u128;

enum { DC_FINITE, DC_INF, DC_QNAN, DC_SNAN };

typedef struct DecFormat {
    int width;    /* 32, 64, 128 */
    int ecbits;   /* exponent continuation bits */
    int declets;  /* in the coefficient continuation */
    int digits;   /* 1 + 3 * declets: the precision p */
    int bias;
    int max_bexp; /* largest biased exponent */
} DecFormat;

extern const DecFormat dfp_short, dfp_long, dfp_ext;

typedef struct Dec {
    bool neg;
    int cls;
    int bexp;          /* biased exponent (finite values) */
    uint8_t dig[34];   /* the coefficient, most significant digit first */
    u128 tail;         /* the coefficient continuation, as stored */
} Dec;

/* one declet (10 bits) to three digits, most significant first (any
   declet, the non-canonical ones as 5.5.1.1 says), and three digits 0-9
   to their canonical declet */
void dpd_decode(unsigned dl, uint8_t *d);
unsigned dpd_encode(const uint8_t *dg);

/* an FPR (extended: the even/odd pair) as a DFP value of format f */
u128 dfp_read(const CPUPPCState *env, uint64_t r, const DecFormat *f);
void dfp_write(CPUPPCState *env, uint64_t r, const DecFormat *f, u128 v);
void dfp_unpack(u128 v, const DecFormat *f, Dec *x);
/* a finite value's encoding (bexp in range, digits 0-9) */
u128 dfp_pack(const Dec *x, const DecFormat *f);
/* the number of significant digits (0 for zero) */
int dec_nsd(const Dec *x, const DecFormat *f);
bool dec_is_subnormal(const Dec *x, const DecFormat *f);

#endif
