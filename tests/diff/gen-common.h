/*
 * What the differential generators (gen.c: fixed point, gen-fp.c: floating
 * point) share: the random number generator, the instruction sequence a
 * case is made of and emit() that appends to it, the weighted choice of an
 * instruction class, and main(): the command line
 *
 *     GEN SEED FIRST COUNT OUT.S [--full] [--list LISTING]
 *
 * and the assembly that harness.c reads (diff_ncases, diff_first,
 * diff_full, then per case its label and input values, and the code,
 * each sequence ending in blr), with an optional readable listing.
 * Each generator describes itself in one GenKind: its input values and
 * how a case is filled.  Case i depends only on (SEED, i).
 */
#ifndef DIFF_GEN_COMMON_H
#define DIFF_GEN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define GEN_MAX_INSNS 200
#define GEN_MAX_VALS 34

typedef struct Rng {
    uint64_t s;
} Rng;

uint64_t rng_next(Rng *r);
unsigned rng_below(Rng *r, unsigned n);
int rng_chance(Rng *r, unsigned percent);

typedef struct Seq {
    Rng rng;
    uint32_t words[GEN_MAX_INSNS];
    char text[GEN_MAX_INSNS][64];
    int n;
    int recent[4]; /* registers written lately, reused for dependencies */
} Seq;

/* appends the instruction word w, with its assembly text for the listing */
void emit(Seq *s, uint32_t w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* r becomes the most recently written register; returns it */
int seq_written(Seq *s, int r);

static inline const char *dot(int rc)
{
    return rc ? "." : "";
}

/* an instruction class: a generator of one instruction (and its masks),
   chosen with probability weight / (sum of the weights) */
typedef struct GenClass {
    void (*fn)(Seq *s);
    unsigned weight;
} GenClass;

void gen_one(Seq *s, const GenClass *classes, size_t n);

typedef struct GenCase {
    uint64_t in[GEN_MAX_VALS];
    Seq seq;
} GenCase;

typedef struct GenKind {
    const char *name;   /* in messages: "gen" */
    const char *source; /* in the output's first line: "tests/diff/gen.c" */
    int nvals;          /* input values of a case (<= GEN_MAX_VALS) */
    const char *const *value_names;
    uint64_t index_mul; /* the case index's odd multiplier in the seeding */
    /* the inputs and code of a case whose seq.rng is seeded */
    void (*fill)(GenCase *c);
} GenKind;

int gen_main(const GenKind *k, int argc, char **argv);

#endif
