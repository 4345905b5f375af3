/* integer mix: shifts, xor, multiply, data-dependent branches, division */
#include "progs.h"

int main(int argc, char **argv)
{
    long n = prog_scale(argc, argv) * 2000000;
    uint64_t x = 0x9e3779b97f4a7c15ull, h = PROG_FNV0, acc = 0;
    uint32_t w = 12345;

    for (long i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        w = w * 1103515245u + 12345u;
        if (x & 1) {
            acc += x * (uint64_t)w;
        } else if (w & 0x100) {
            acc ^= (x >> (w & 31)) | (uint64_t)w << 32;
        } else {
            acc -= (x % ((w | 1) & 0xffff)) + __builtin_popcountll(x);
        }
        if ((i & 4095) == 0) {
            h = prog_mix(h, acc);
        }
    }
    h = prog_mix(h, acc);
    h = prog_mix(h, x);
    printf("intmix %016llx\n", (unsigned long long)h);
    return 0;
}
