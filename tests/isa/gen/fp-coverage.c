/*
 * Host program of tests/boot/isa-fp-coverage.sh: which floating-point
 * rows of the decode table (target-ppc/insns.def, the Book I chapter 4
 * rows from lfs to mcrfs) the instruction words on stdin match.  The
 * words come from powerjit's "-d in_asm" log of the tests/isa/fp*.c
 * programs, i.e. the instructions translated (and so reached) there.
 *
 *     fp-coverage < words.txt
 *
 * Prints one line per row, "covered NAME (N)" or "MISSING NAME", then a
 * summary; exit status 1 if a row is missing.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct Row {
    const char *name;
    uint32_t opc, mask;
} Row;

/* the form, flags and translator arguments are dropped unexpanded */
#define INSN(name, opc, mask, form, flags, trans) {#name, opc, mask},
static const Row rows[] = {
#include "target-ppc/insns.def"
};
#undef INSN

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

int main(void)
{
    static unsigned hits[N_ROWS];
    size_t first = N_ROWS, last = N_ROWS, i;
    unsigned missing = 0, covered = 0;
    char line[512];

    for (i = 0; i < N_ROWS; i++) {
        if (!strcmp(rows[i].name, "lfs") && first == N_ROWS) {
            first = i;
        }
        if (!strcmp(rows[i].name, "dctfixq")) {
            last = i;
        }
    }
    if (first == N_ROWS || last == N_ROWS || last < first) {
        fprintf(stderr, "fp-coverage: FP rows not found in insns.def\n");
        return 2;
    }
    while (fgets(line, sizeof(line), stdin)) {
        unsigned w;

        if (sscanf(line, "%x", &w) != 1) {
            continue;
        }
        for (i = first; i <= last; i++) {
            if ((w & rows[i].mask) == rows[i].opc) {
                hits[i]++;
            }
        }
    }
    for (i = first; i <= last; i++) {
        if (hits[i]) {
            printf("covered %-10s (%u)\n", rows[i].name, hits[i]);
            covered++;
        } else {
            printf("MISSING %s\n", rows[i].name);
            missing++;
        }
    }
    printf("%u of %u Book I FP encodings covered by tests/isa/fp*.c\n",
           covered, covered + missing);
    return missing ? 1 : 0;
}
