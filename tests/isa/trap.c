/*
 * Traps: tw, td, twi, tdi with all 32 TO values over operand pairs that
 * differ in sign, in the high word only, or not at all.  Expected values:
 * Power ISA 3.0 Book I 3.3.11 (trap if any condition selected by TO holds:
 * TO_0 a < b signed, TO_1 a > b signed, TO_2 a = b, TO_3 a < b unsigned,
 * TO_4 a > b unsigned; the word forms compare the low 32 bits, the
 * immediate forms compare with EXTS(SI)) and Book III 6.5.9 (program
 * interrupt, SRR0 = the trap instruction, SRR1 bit 46).
 */
#include "isatest.h"

#define SRR1_TRAP (1ull << (63 - 46))

static unsigned traps_seen;
static int bad_frame;

static int trap_handler(struct rt_trap_frame *f)
{
    uint32_t insn = *(volatile uint32_t *)f->srr0;
    unsigned op = insn >> 26, xo = (insn >> 1) & 0x3ff;
    int is_trap = op == 2 || op == 3 || (op == 31 && (xo == 4 || xo == 68));
    if (f->vector != 0x700 || !(f->srr1 & SRR1_TRAP) || !is_trap)
        bad_frame = 1;
    traps_seen++;
    f->srr0 += 4;
    return 1;
}

static int model(unsigned to, uint64_t a, uint64_t b, int word)
{
    int64_t sa = word ? (int32_t)a : (int64_t)a;
    int64_t sb = word ? (int32_t)b : (int64_t)b;
    uint64_t ua = word ? (uint32_t)a : a;
    uint64_t ub = word ? (uint32_t)b : b;
    return ((to & 16) && sa < sb) || ((to & 8) && sa > sb) ||
           ((to & 4) && sa == sb) || ((to & 2) && ua < ub) ||
           ((to & 1) && ua > ub);
}

#define TO_LIST(X, ...)                                                        \
    X(0, __VA_ARGS__) X(1, __VA_ARGS__) X(2, __VA_ARGS__) X(3, __VA_ARGS__)    \
    X(4, __VA_ARGS__) X(5, __VA_ARGS__) X(6, __VA_ARGS__) X(7, __VA_ARGS__)    \
    X(8, __VA_ARGS__) X(9, __VA_ARGS__) X(10, __VA_ARGS__) X(11, __VA_ARGS__)  \
    X(12, __VA_ARGS__) X(13, __VA_ARGS__) X(14, __VA_ARGS__)                   \
    X(15, __VA_ARGS__) X(16, __VA_ARGS__) X(17, __VA_ARGS__)                   \
    X(18, __VA_ARGS__) X(19, __VA_ARGS__) X(20, __VA_ARGS__)                   \
    X(21, __VA_ARGS__) X(22, __VA_ARGS__) X(23, __VA_ARGS__)                   \
    X(24, __VA_ARGS__) X(25, __VA_ARGS__) X(26, __VA_ARGS__)                   \
    X(27, __VA_ARGS__) X(28, __VA_ARGS__) X(29, __VA_ARGS__)                   \
    X(30, __VA_ARGS__) X(31, __VA_ARGS__)

static char name[80];

static void check(const char *op, unsigned to, uint64_t a, uint64_t b,
                  int word, unsigned before)
{
    rt_snprintf(name, sizeof(name), "%s %u, 0x%llx, 0x%llx", op, to,
                (unsigned long long)a, (unsigned long long)b);
    CHECK_EQ(name, traps_seen - before, model(to, a, b, word));
}

#define TRAP_REG(to, op, word)                                                 \
    {                                                                          \
        unsigned before = traps_seen;                                          \
        __asm__ volatile(#op " %0, %1, %2" : : "i"(to), "r"(a), "r"(b)         \
                         : "memory");                                          \
        check(#op, to, a, b, word, before);                                    \
    }

#define TRAP_IMM(to, op, word, imm)                                            \
    {                                                                          \
        unsigned before = traps_seen;                                          \
        __asm__ volatile(#op " %0, %1, %2" : : "i"(to), "r"(a), "i"(imm)       \
                         : "memory");                                          \
        check(#op, to, a, (uint64_t)(int64_t)(imm), word, before);             \
    }

static const uint64_t pairs[][2] = {
    {7, 7},
    {0x100000005ull, 5},
    {0x80000000ull, 1},
    {~0ull, 1},
    {0, 0xffffffffull},
    {0x8000000000000000ull, 0x7fffffffffffffffull},
    {3, 0xffffffff00000003ull},
};

static const uint64_t imm_regs[] = {0, 5, ~0ull, 0xfffffffbull, 0x100000064ull,
                                    0x7fff, 0xffffffffffff8000ull};

int main(void)
{
    rt_set_trap_handler(trap_handler);
    for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        uint64_t a = pairs[i][0], b = pairs[i][1];
        TO_LIST(TRAP_REG, tw, 1)
        TO_LIST(TRAP_REG, td, 0)
    }
    for (unsigned i = 0; i < sizeof(imm_regs) / sizeof(imm_regs[0]); i++) {
        uint64_t a = imm_regs[i];
        TO_LIST(TRAP_IMM, twi, 1, -5)
        TO_LIST(TRAP_IMM, tdi, 0, -5)
        TO_LIST(TRAP_IMM, twi, 1, 100)
        TO_LIST(TRAP_IMM, tdi, 0, 0x7fff)
        TO_LIST(TRAP_IMM, tdi, 0, -0x8000)
    }
    rt_set_trap_handler(NULL);
    CHECK("every trap: vector 0x700, SRR1 bit 46, SRR0 at the trap",
          !bad_frame);
    return 0;
}
