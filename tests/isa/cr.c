/*
 * The Condition Register: the CR logical instructions, mcrf, mtcrf/mtocrf,
 * mfcr/mfocrf, mcrxrx, and CR0 of Rc=1 instructions in 64- and 32-bit
 * mode.  Expected values: Power ISA 3.0 Book I 2.5.1 (CR_BT+32 <- CR_BA+32
 * op CR_BB+32; mcrf copies a field), 3.3.17 (mtcrf: field i from RS bits
 * 32+4i:35+4i when FXM_i = 1; mfcr: RT_32:63 = CR, RT_0:31 = 0; mfocrf
 * with one FXM bit: that field in place, other bits 0; mcrxrx: OV OV32 CA
 * CA32), 3.3.8 (CR0 = LT GT EQ from the result compared with 0 as a signed
 * 64-bit value, or its low 32 bits in 32-bit mode, plus SO).
 */
#include "isatest.h"

static const uint32_t cr_values[] = {0x00000000, 0xffffffff, 0x12345678,
                                     0x8badf00d, 0x5a5aa5a5};
static char name[64];

static uint32_t bit(uint32_t cr, unsigned n)
{
    return (cr >> (31 - n)) & 1;
}

static uint32_t set_bit(uint32_t cr, unsigned n, uint32_t v)
{
    return (cr & ~(1u << (31 - n))) | (v & 1) << (31 - n);
}

#define CRLOGIC(op, bt, ba, bb, cexpr)                                         \
    {                                                                          \
        uint64_t out;                                                          \
        __asm__ volatile("mtcrf 0xff, %1\n\t" #op " %2, %3, %4\n\tmfcr %0"     \
                         : "=r"(out)                                           \
                         : "r"(cr), "i"(bt), "i"(ba), "i"(bb)                  \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7");                                             \
        uint32_t a = bit(cr, ba), b = bit(cr, bb);                             \
        uint32_t exp = set_bit(cr, bt, (cexpr));                               \
        rt_snprintf(name, sizeof(name), "%s %d,%d,%d cr=%x", #op, bt, ba, bb,  \
                    cr);                                                       \
        CHECK_EQ(name, out, exp);                                              \
    }

#define ALL_OPS(bt, ba, bb)                                                    \
    CRLOGIC(crand, bt, ba, bb, a & b)                                          \
    CRLOGIC(cror, bt, ba, bb, a | b)                                           \
    CRLOGIC(crxor, bt, ba, bb, a ^ b)                                          \
    CRLOGIC(crnand, bt, ba, bb, ~(a & b))                                      \
    CRLOGIC(crnor, bt, ba, bb, ~(a | b))                                       \
    CRLOGIC(creqv, bt, ba, bb, ~(a ^ b))                                       \
    CRLOGIC(crandc, bt, ba, bb, a & ~b)                                        \
    CRLOGIC(crorc, bt, ba, bb, a | ~b)

static void test_cr_logical(void)
{
    for (unsigned i = 0; i < sizeof(cr_values) / sizeof(cr_values[0]); i++) {
        uint32_t cr = cr_values[i];
        ALL_OPS(0, 1, 2)
        ALL_OPS(31, 0, 31)
        ALL_OPS(5, 5, 5)
        ALL_OPS(12, 19, 26)
        ALL_OPS(7, 8, 7)
        ALL_OPS(29, 3, 30)
    }
}

#define MCRF(bf, bfa)                                                          \
    {                                                                          \
        uint64_t out;                                                          \
        __asm__ volatile("mtcrf 0xff, %1\n\tmcrf %2, %3\n\tmfcr %0"            \
                         : "=r"(out)                                           \
                         : "r"(cr), "i"(bf), "i"(bfa)                          \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7");                                             \
        uint32_t f = (cr >> (28 - 4 * (bfa))) & 0xf;                           \
        uint32_t exp = (cr & ~(0xfu << (28 - 4 * (bf)))) | f << (28 - 4 * (bf)); \
        rt_snprintf(name, sizeof(name), "mcrf %d,%d cr=%x", bf, bfa, cr);      \
        CHECK_EQ(name, out, exp);                                              \
    }

static uint32_t fxm_mask(unsigned fxm)
{
    uint32_t m = 0;
    for (int i = 0; i < 8; i++)
        if (fxm & (0x80 >> i))
            m |= 0xfu << (28 - 4 * i);
    return m;
}

#define MTCRF(insn, fxm)                                                       \
    {                                                                          \
        uint64_t out;                                                          \
        __asm__ volatile("mtcrf 0xff, %1\n\t" #insn " %3, %2\n\tmfcr %0"       \
                         : "=r"(out)                                           \
                         : "r"(cr), "r"(rs), "i"(fxm)                          \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7");                                             \
        uint32_t m = fxm_mask(fxm);                                            \
        uint32_t exp = (cr & ~m) | ((uint32_t)rs & m);                         \
        rt_snprintf(name, sizeof(name), "%s 0x%x cr=%x", #insn, fxm, cr);      \
        CHECK_EQ(name, out, exp);                                              \
    }

#define MFOCRF(fxm)                                                            \
    {                                                                          \
        uint64_t out;                                                          \
        __asm__ volatile("mtcrf 0xff, %1\n\tli %0, -1\n\tmfocrf %0, %2"        \
                         : "=&r"(out)                                          \
                         : "r"(cr), "i"(fxm)                                   \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7");                                             \
        rt_snprintf(name, sizeof(name), "mfocrf 0x%x cr=%x", fxm, cr);         \
        CHECK_EQ(name, out, cr & fxm_mask(fxm));                               \
    }

static void test_cr_moves(void)
{
    const uint64_t rs = 0xfedcba9876543210ull;
    for (unsigned i = 0; i < sizeof(cr_values) / sizeof(cr_values[0]); i++) {
        uint32_t cr = cr_values[i];
        MCRF(0, 7)
        MCRF(7, 0)
        MCRF(3, 3)
        MCRF(2, 5)
        MTCRF(mtcrf, 0x00)
        MTCRF(mtcrf, 0x81)
        MTCRF(mtcrf, 0xff)
        MTCRF(mtcrf, 0x5a)
        MTCRF(mtocrf, 0x80)
        MTCRF(mtocrf, 0x10)
        MTCRF(mtocrf, 0x01)
        MFOCRF(0x80)
        MFOCRF(0x20)
        MFOCRF(0x01)

        uint64_t out;
        __asm__ volatile("mtcrf 0xff, %1\n\tli %0, -1\n\tmfcr %0"
                         : "=&r"(out)
                         : "r"(cr)
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",
                           "cr7");
        rt_snprintf(name, sizeof(name), "mfcr cr=%x", cr);
        CHECK_EQ(name, out, cr);
    }
}

/* XER bits (Book I 3.2.2) */
#define XER_SO (1ull << 31)
#define XER_OV (1ull << 30)
#define XER_CA (1ull << 29)
#define XER_OV32 (1ull << 19)
#define XER_CA32 (1ull << 18)

static void test_mcrxrx(void)
{
    for (unsigned v = 0; v < 16; v++) {
        uint64_t xer = ((v & 8) ? XER_OV : 0) | ((v & 4) ? XER_OV32 : 0) |
                       ((v & 2) ? XER_CA : 0) | ((v & 1) ? XER_CA32 : 0) |
                       XER_SO;
        uint64_t out;
        __asm__ volatile("mtxer %1\n\tmtcrf 0xff, %2\n\tmcrxrx 5\n\tmfcr %0"
                         : "=r"(out)
                         : "r"(xer), "r"(0x11111111)
                         : "xer", "cr5");
        rt_snprintf(name, sizeof(name), "mcrxrx %x", v);
        CHECK_EQ(name, out, (0x11111111u & ~0x00000f00u) | v << 8);
    }
}

/* CR0 of Rc=1 instructions: signed compare with 0, SO copied from XER */
static uint32_t cr0_of_or(uint64_t v, uint64_t xer)
{
    uint64_t cr, r;
    __asm__ volatile("mtxer %2\n\tor. %1, %3, %3\n\tmfcr %0"
                     : "=r"(cr), "=r"(r)
                     : "r"(xer), "r"(v)
                     : "xer", "cr0");
    return (uint32_t)cr >> 28;
}

static uint32_t cr0_of_or_32bit(uint64_t v)
{
    uint64_t cr, r, msr, t;
    __asm__ volatile("mfmsr %[msr]\n\t"
                     "rldicl %[t], %[msr], 0, 1\n\t"
                     "li %[cr], 0\n\t"
                     "mtxer %[cr]\n\t"
                     "mtmsrd %[t]\n\t"
                     "or. %[r], %[v], %[v]\n\t"
                     "mtmsrd %[msr]\n\t"
                     "mfcr %[cr]"
                     : [cr] "=&r"(cr), [r] "=&r"(r), [msr] "=&r"(msr),
                       [t] "=&r"(t)
                     : [v] "r"(v)
                     : "xer", "cr0");
    return (uint32_t)cr >> 28;
}

static void test_cr0(void)
{
    CHECK_EQ("or. 0", cr0_of_or(0, 0), 2);
    CHECK_EQ("or. 1", cr0_of_or(1, 0), 4);
    CHECK_EQ("or. -1", cr0_of_or(~0ull, 0), 8);
    CHECK_EQ("or. 2^63", cr0_of_or(1ull << 63, 0), 8);
    CHECK_EQ("or. 2^31", cr0_of_or(1ull << 31, 0), 4);
    CHECK_EQ("or. 0 SO", cr0_of_or(0, XER_SO), 3);
    CHECK_EQ("or. -5 SO", cr0_of_or(-5ull, XER_SO), 9);
    CHECK_EQ("or. 32-bit 2^32", cr0_of_or_32bit(1ull << 32), 2);
    CHECK_EQ("or. 32-bit 2^31", cr0_of_or_32bit(1ull << 31), 8);
    CHECK_EQ("or. 32-bit 0x1_0000_0005", cr0_of_or_32bit(0x100000005ull), 4);
    CHECK_EQ("or. 32-bit -1", cr0_of_or_32bit(~0ull), 8);
}

int main(void)
{
    test_cr_logical();
    test_cr_moves();
    test_mcrxrx();
    test_cr0();
    return 0;
}
