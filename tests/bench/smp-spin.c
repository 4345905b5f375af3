/*
 * tests/bench/smp-spin.c: a CPU-bound static ppc64le Linux program for
 * scripts/bench-smp.sh (two copies at once on -smp 2 against one on
 * -smp 1).  `smp-spin N` runs N rounds of an integer mix (multiply, xor,
 * rotate, a data-dependent branch) on registers only and prints the
 * result, so that the host can check it did the work: the same N gives
 * the same number everywhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000000;
    uint64_t x = 0x9e3779b97f4a7c15ull, y = 1;

    for (uint64_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        y ^= (x >> 29) | (x << 35);
        if (y & 1) {
            y += i;
        }
    }
    printf("smp-spin %llu\n", (unsigned long long)(x ^ y));
    return 0;
}
