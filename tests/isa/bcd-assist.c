/*
 * The fixed-point BCD assist instructions (Power ISA 3.0B Book I 3.3.17):
 * cdtbcd, cbcdtd, addg6s.  Expected values worked out from the ISA text:
 * the declets are the DPD encodings of IEEE 754-2008 Table 3.3 (123 ->
 * 0x0a3, 895 -> 0x21f, 999 -> 0x0ff, 100 -> 0x080; computed by the table
 * in tests/isa/gen/dfp-vectors.py), and addg6s's nibble carries by hand.
 */
#include "isatest.h"

static uint64_t cdtbcd(uint64_t rs)
{
    uint64_t ra;
    __asm__("cdtbcd %0,%1" : "=r"(ra) : "r"(rs));
    return ra;
}

static uint64_t cbcdtd(uint64_t rs)
{
    uint64_t ra;
    __asm__("cbcdtd %0,%1" : "=r"(ra) : "r"(rs));
    return ra;
}

static uint64_t addg6s(uint64_t a, uint64_t b)
{
    uint64_t rt;
    __asm__("addg6s %0,%1,%2" : "=r"(rt) : "r"(a), "r"(b));
    return rt;
}

int main(void)
{
    /* each word: bits 0:11 ignored, then the declets of 999 100 (high
       word) and 123 895 (low word) */
    CHECK_EQ("cdtbcd", cdtbcd(0xfff3fc80fff28e1full), 0x0099910000123895ull);
    CHECK_EQ("cdtbcd zero", cdtbcd(0), 0);
    CHECK_EQ("cbcdtd", cbcdtd(0x0099910000123895ull), 0x0003fc8000028e1full);
    CHECK_EQ("cbcdtd ignores bits 0:7", cbcdtd(0xff000009ff000080ull),
             (0x009ull << 32) | 0x00a); /* digits 000009, 000080 */
    /* no nibble carries: every nibble 6 */
    CHECK_EQ("addg6s no carry", addg6s(9, 1), 0x6666666666666666ull);
    /* BCD 99 + 1: (99 + 0x66..6) + 1 carries out of nibbles 15 and 14 */
    CHECK_EQ("addg6s 99+1", addg6s(0x66666666666666ffull, 1),
             0x6666666666666600ull);
    /* a carry out of the top nibble (the whole 64-bit sum) clears it */
    CHECK_EQ("addg6s top carry", addg6s(0xf000000000000000ull,
                                        0x1000000000000000ull),
             0x0666666666666666ull);
    /* every nibble carries */
    CHECK_EQ("addg6s all carry", addg6s(~0ull, 1), 0);
    return 0;
}
