/* memory mix: glibc's memcpy, memset, strlen, memcmp (which pick their
   POWER9 versions from AT_HWCAP) at every small length and alignment */
#include "progs.h"

#define BUF 8192

static unsigned char src[BUF + 64], dst[BUF + 64];

int main(int argc, char **argv)
{
    long reps = prog_scale(argc, argv) * 6;
    uint64_t h = PROG_FNV0, seed = 1;

    for (int i = 0; i < BUF + 64; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        src[i] = (unsigned char)(seed >> 56) | 1;
    }
    for (long r = 0; r < reps; r++) {
        for (int len = 0; len < 300; len++) {
            int so = (len * 7 + r) & 31, d = (len * 13) & 31;
            memcpy(dst + d, src + so, len);
            h = prog_mix(h, (uint64_t)memcmp(dst + d, src + so, len));
            if (len > 0) {
                dst[d + len / 2] ^= 0x40;
                int c = memcmp(dst + d, src + so, len);
                h = prog_mix(h, c < 0 ? 1 : c > 0 ? 2 : 3);
            }
            memset(dst + d, 0, len + 1);
            memset(dst + d, 'a' + (len % 26), len);
            h = prog_mix(h, strlen((char *)dst + d));
            h = prog_mix(h, dst[d + len / 3]);
        }
        memcpy(dst, src + (r & 15), BUF);
        memset(dst + 100 + r, (int)r, BUF - 300);
        for (int i = 0; i < BUF; i += 8) {
            uint64_t v;
            memcpy(&v, dst + i, 8);
            h = prog_mix(h, v);
        }
        dst[BUF - 1] = 0;
        h = prog_mix(h, strlen((char *)dst + 1 + (r & 7)));
    }
    printf("memmix %016llx\n", (unsigned long long)h);
    return 0;
}
