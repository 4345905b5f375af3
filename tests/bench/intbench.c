/*
 * Integer benchmark for the JIT: a bare-metal program doing what compilers,
 * kernels and compressors spend their time on: sorting (quicksort with
 * insertion-sort leaves), hashing (a multiply-rotate mixer over words and a
 * counting hash table with linear probing), and a byte-by-byte table CRC-32.
 * About 600 million guest instructions (measured under QEMU -icount).  The
 * checksum line is the same in both byte orders and under any correct
 * emulator; the timebase line is for information.
 */
#include "isatest.h"

#ifndef ROUNDS
#define ROUNDS 64
#endif

#define SORT_N (1u << 16)
#define BUF_BYTES (1u << 20)
#define TABLE_SLOTS (1u << 14)

static uint32_t sort_data[SORT_N];
static uint8_t buf[BUF_BYTES];
static uint32_t crc_table[256];
static uint64_t table_keys[TABLE_SLOTS];
static uint32_t table_counts[TABLE_SLOTS];

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void insertion_sort(uint32_t *a, long lo, long hi)
{
    long i, j;
    for (i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        for (j = i - 1; j >= lo && a[j] > v; j--)
            a[j + 1] = a[j];
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, long lo, long hi)
{
    while (hi - lo > 16) {
        uint32_t pivot = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                uint32_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        /* recurse into the smaller part, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

static uint64_t sort_round(uint64_t *seed)
{
    uint64_t sum = 0;
    uint32_t i;

    for (i = 0; i < SORT_N; i++)
        sort_data[i] = (uint32_t)xorshift(seed);
    quicksort(sort_data, 0, SORT_N - 1);
    for (i = 1; i < SORT_N; i++) {
        if (sort_data[i - 1] > sort_data[i])
            return 0; /* not sorted: the checksum will show it */
    }
    for (i = 0; i < SORT_N; i += 97)
        sum = sum * 31 + sort_data[i];
    return sum;
}

/* CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320), one byte at a time */
static void crc_init(void)
{
    uint32_t n, k, c;
    for (n = 0; n < 256; n++) {
        c = n;
        for (k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32(const uint8_t *p, uint32_t len)
{
    uint32_t c = 0xffffffffu;
    while (len--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v * 0x9e3779b97f4a7c15ull;
    h = (h << 27) | (h >> 37);
    return h * 0xbf58476d1ce4e5b9ull + 0x94d049bb133111ebull;
}

static uint64_t hash_round(uint64_t *seed)
{
    uint64_t h = 0, words[8];
    uint32_t i, k, filled = 0;

    for (i = 0; i < BUF_BYTES; i += 8) {
        uint64_t w = 0;
        for (k = 0; k < 8; k++) /* little-endian order in either build */
            w |= (uint64_t)buf[i + k] << (8 * k);
        h = mix(h, w);
    }
    /* counting table with linear probing: 3/4 full at most */
    memset(table_keys, 0, sizeof(table_keys));
    memset(table_counts, 0, sizeof(table_counts));
    for (i = 0; i < 200000; i++) {
        uint64_t key = (xorshift(seed) % 12000) + 1;
        uint32_t slot = (uint32_t)(mix(0, key) & (TABLE_SLOTS - 1));
        while (table_keys[slot] && table_keys[slot] != key)
            slot = (slot + 1) & (TABLE_SLOTS - 1);
        if (!table_keys[slot]) {
            table_keys[slot] = key;
            filled++;
        }
        table_counts[slot]++;
    }
    for (k = 0; k < 8; k++)
        words[k] = 0;
    for (i = 0; i < TABLE_SLOTS; i++)
        words[i & 7] += table_keys[i] * table_counts[i];
    for (k = 0; k < 8; k++)
        h = mix(h, words[k]);
    return h ^ filled;
}

int main(void)
{
    uint64_t seed = 0x243f6a8885a308d3ull, sum = 0;
    uint64_t tb0, tb1;
    uint32_t i, r;

    __asm__ volatile("mftb %0" : "=r"(tb0));
    crc_init();
    for (i = 0; i < BUF_BYTES; i++)
        buf[i] = (uint8_t)(xorshift(&seed) >> 29);
    for (r = 0; r < ROUNDS; r++) {
        sum = mix(sum, sort_round(&seed));
        sum = mix(sum, crc32(buf, BUF_BYTES));
        sum = mix(sum, hash_round(&seed));
        buf[r * 4099 % BUF_BYTES] ^= (uint8_t)sum;
    }
    __asm__ volatile("mftb %0" : "=r"(tb1));
    rt_printf("intbench timebase ticks %lu\n", (unsigned long)(tb1 - tb0));
    rt_printf("intbench checksum 0x%016lx (%u rounds)\n", (unsigned long)sum, ROUNDS);
    return 0;
}
