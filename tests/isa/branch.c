/*
 * Branches: bc/bclr/bcctr/bctar with every BO form, LK, AA, the CTR tests
 * in 64- and 32-bit mode, and the "invalid" CTR-decrementing forms of
 * bcctr/bctar (see test_invalid_forms).
 * Expected values: Power ISA 3.0 Book I 2.4 (the bc pseudocode, written
 * out in bc_model below: CTR is decremented first when BO_2 = 0; the CTR
 * test looks at CTR_M:63, M = 0 in 64-bit mode and 32 in 32-bit mode; the
 * CR test compares CR_BI+32 with BO_1; LR = CIA + 4 when LK = 1 whether or
 * not the branch is taken), and Book III 6.5.9 for the illegal forms.
 */
#include "isatest.h"

/* every BO value, including the ones with "z" and "at" hint bits set */
#define FOR_EACH_BO(X, bi)                                                     \
    X(0, bi) X(1, bi) X(2, bi) X(3, bi) X(4, bi) X(5, bi) X(6, bi) X(7, bi)    \
    X(8, bi) X(9, bi) X(10, bi) X(11, bi) X(12, bi) X(13, bi) X(14, bi)        \
    X(15, bi) X(16, bi) X(17, bi) X(18, bi) X(19, bi) X(20, bi) X(24, bi)      \
    X(25, bi) X(26, bi) X(27, bi) X(28, bi)

/* bc BO,BI,.+8 and friends, encoded by hand so any BO assembles */
#define BC_PLUS8(bo, bi) (0x40000008u | (bo) << 21 | (bi) << 16)
#define BCLR(bo, bi) (0x4c000020u | (bo) << 21 | (bi) << 16)
#define BCCTR(bo, bi) (0x4c000420u | (bo) << 21 | (bi) << 16)
#define BCTAR(bo, bi) (0x4c000460u | (bo) << 21 | (bi) << 16)

static const uint32_t cr_values[] = {0x00000000, 0xffffffff, 0x12345678,
                                     0x8badf00d};
static const uint64_t ctr_values[] = {0, 1, 2, 0x100000000ull,
                                      0x100000001ull, ~0ull};

/* ISA 3.0 Book I 2.4, bc: returns taken, updates *ctr */
static int bc_model(unsigned bo, unsigned bi, uint32_t cr, uint64_t *ctr,
                    int mode32)
{
    int ctr_ok = 1, cond_ok = 1;
    if (!(bo & 4)) {
        *ctr -= 1;
        uint64_t c = mode32 ? (uint32_t)*ctr : *ctr;
        ctr_ok = (c != 0) ^ ((bo >> 1) & 1);
    }
    if (!(bo & 0x10))
        cond_ok = ((cr >> (31 - bi)) & 1) == ((bo >> 3) & 1);
    return ctr_ok && cond_ok;
}

static char name[64];

static void check_bc(const char *what, unsigned bo, unsigned bi, uint32_t cr,
                     uint64_t ctr_in, int taken, uint64_t ctr_out)
{
    uint64_t ctr = ctr_in;
    int exp = bc_model(bo, bi, cr, &ctr, 0);
    rt_snprintf(name, sizeof(name), "%s bo=%u bi=%u cr=%x ctr=%llx", what,
                bo, bi, cr, (unsigned long long)ctr_in);
    CHECK_EQ(name, taken, exp);
    CHECK_EQ(name, ctr_out, ctr);
}

#define TEST_BC(bo, bi)                                                        \
    {                                                                          \
        uint64_t taken, ctr_out;                                               \
        __asm__ volatile("mtcrf 0xff, %[cr]\n\t"                               \
                         "mtctr %[ctr]\n\t"                                    \
                         "li %[t], 0\n\t"                                      \
                         ".long %[w]\n\t"                                      \
                         "b 1f\n\t"                                            \
                         "li %[t], 1\n"                                        \
                         "1:\tmfctr %[co]"                                     \
                         : [t] "=&r"(taken), [co] "=r"(ctr_out)                \
                         : [cr] "r"(cr), [ctr] "r"(ctr), [w] "i"(BC_PLUS8(bo, bi)) \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7", "ctr");                                      \
        check_bc("bc", bo, bi, cr, ctr, (int)taken, ctr_out);                  \
    }

/* bclr: LR holds the taken target (label 1 + 20) */
#define TEST_BCLR(bo, bi)                                                      \
    {                                                                          \
        uint64_t taken, ctr_out, tmp;                                          \
        __asm__ volatile("mtcrf 0xff, %[cr]\n\t"                               \
                         "mtctr %[ctr]\n\t"                                    \
                         "li %[t], 0\n\t"                                      \
                         "bl 1f\n"                                             \
                         "1:\tmflr %[tmp]\n\t"                                 \
                         "addi %[tmp], %[tmp], 20\n\t"                         \
                         "mtlr %[tmp]\n\t"                                     \
                         ".long %[w]\n\t"                                      \
                         "b 2f\n\t"                                            \
                         "li %[t], 1\n"                                        \
                         "2:\tmfctr %[co]"                                     \
                         : [t] "=&r"(taken), [co] "=&r"(ctr_out),              \
                           [tmp] "=&r"(tmp)                                    \
                         : [cr] "r"(cr), [ctr] "r"(ctr), [w] "i"(BCLR(bo, bi)) \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7", "ctr", "lr");                                \
        check_bc("bclr", bo, bi, cr, ctr, (int)taken, ctr_out);                \
    }

/* bcctr/bctar (BO_2 = 1 only): the target in CTR or TAR */
#define TEST_BCREG(insn, spr, bo, bi)                                          \
    {                                                                          \
        uint64_t taken, tmp;                                                   \
        __asm__ volatile("mtcrf 0xff, %[cr]\n\t"                               \
                         "li %[t], 0\n\t"                                      \
                         "bl 1f\n"                                             \
                         "1:\tmflr %[tmp]\n\t"                                 \
                         "addi %[tmp], %[tmp], 20\n\t"                         \
                         "mtspr " #spr ", %[tmp]\n\t"                          \
                         ".long %[w]\n\t"                                      \
                         "b 2f\n\t"                                            \
                         "li %[t], 1\n"                                        \
                         "2:"                                                  \
                         : [t] "=&r"(taken), [tmp] "=&r"(tmp)                  \
                         : [cr] "r"(cr), [w] "i"(insn(bo, bi))                 \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",    \
                           "cr7", "ctr", "lr");                                \
        check_bc(#insn, bo, bi, cr, 7, (int)taken, 7);                         \
    }

static void test_bc_all_forms(void)
{
    for (unsigned i = 0; i < sizeof(cr_values) / sizeof(cr_values[0]); i++) {
        uint32_t cr = cr_values[i];
        for (unsigned j = 0; j < sizeof(ctr_values) / sizeof(ctr_values[0]);
             j++) {
            uint64_t ctr = ctr_values[j];
            FOR_EACH_BO(TEST_BC, 0)
            FOR_EACH_BO(TEST_BC, 6)
            FOR_EACH_BO(TEST_BC, 31)
            FOR_EACH_BO(TEST_BCLR, 2)
            FOR_EACH_BO(TEST_BCLR, 29)
        }
        TEST_BCREG(BCCTR, 9, 4, 3)
        TEST_BCREG(BCCTR, 9, 12, 3)
        TEST_BCREG(BCCTR, 9, 12, 17)
        TEST_BCREG(BCCTR, 9, 5, 30)
        TEST_BCREG(BCCTR, 9, 20, 0)
        TEST_BCREG(BCTAR, 815, 4, 8)
        TEST_BCREG(BCTAR, 815, 12, 8)
        TEST_BCREG(BCTAR, 815, 13, 27)
        TEST_BCREG(BCTAR, 815, 20, 0)
    }
}

/* LK: LR = the address after the branch, taken or not */
static void test_link(void)
{
    uint64_t lr, expect, cr;

    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %1, %1, 12\n\t"
                     "bcl 20, 31, 2f\n"
                     "2:\tmflr %0"
                     : "=r"(lr), "=&r"(expect)
                     :
                     : "lr");
    CHECK_EQ("bcl 20,31: LR", lr, expect);

    __asm__ volatile("crclr 2\n\t"
                     "bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %1, %1, 12\n\t"
                     "bcl 12, 2, 3f\n"
                     "2:\tmflr %0\n\t"
                     "b 4f\n"
                     "3:\tli %0, -1\n"
                     "4:"
                     : "=r"(lr), "=&r"(expect)
                     :
                     : "lr", "cr0");
    CHECK_EQ("bcl not taken: LR", lr, expect);

    /* bclrl: branches to the old LR, then LR = the next address */
    uint64_t after;
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %2, %1, 16\n\t"
                     "addi %1, %1, 20\n\t"
                     "mtlr %1\n\t"
                     "blrl\n\t"
                     "mflr %0"
                     : "=r"(lr), "=&b"(expect), "=&r"(after)
                     :
                     : "lr");
    CHECK_EQ("blrl: LR", lr, after + 4);

    /* bcctrl */
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %1, %1, 16\n\t"
                     "mtctr %1\n\t"
                     "bctrl\n\t"
                     "mflr %0"
                     : "=r"(lr), "=&b"(expect)
                     :
                     : "lr", "ctr");
    CHECK_EQ("bctrl: LR", lr, expect);
    (void)cr;
}

/* AA = 1: ba/bla to a label at an absolute address */
__asm__(".text\n"
        ".globl abs_target\n"
        "abs_target:\n\t"
        "li 3, 42\n\t"
        "blr\n");
extern char abs_target[];

static void test_absolute(void)
{
    uint64_t r3, lr, expect;
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %2\n\t"
                     "addi %2, %2, 12\n\t"
                     "bla abs_target\n\t"
                     "mr %0, 3\n\t"
                     "mflr %1"
                     : "=r"(r3), "=r"(lr), "=&b"(expect)
                     :
                     : "r3", "lr");
    CHECK_EQ("bla: target ran", r3, 42);
    CHECK_EQ("bla: LR", lr, expect);
}

/* a loop across many TBs */
static void test_loop(void)
{
    uint64_t n = 100000, sum = 0;
    __asm__ volatile("mtctr %1\n"
                     "1:\taddi %0, %0, 3\n\t"
                     "bdnz 1b"
                     : "+r"(sum)
                     : "r"(n)
                     : "ctr");
    CHECK_EQ("bdnz loop", sum, 300000);
}

/* 32-bit mode: the CTR test looks at the low word only */
static void test_ctr_32bit(void)
{
    uint64_t taken, ctr_out, msr;
    __asm__ volatile("mfmsr %[msr]\n\t"
                     "rldicl %[t], %[msr], 0, 1\n\t" /* clear SF */
                     "mtctr %[ctr]\n\t"
                     "mtmsrd %[t]\n\t"
                     "li %[t], 0\n\t"
                     "bdnz 1f\n\t"
                     "b 2f\n"
                     "1:\tli %[t], 1\n"
                     "2:\tmtmsrd %[msr]\n\t"
                     "mfctr %[co]"
                     : [t] "=&r"(taken), [co] "=r"(ctr_out), [msr] "=&r"(msr)
                     : [ctr] "r"(0x100000001ull)
                     : "ctr");
    CHECK_EQ("bdnz 32-bit: not taken", taken, 0);
    CHECK_EQ("bdnz 32-bit: CTR", ctr_out, 0x100000000ull);

    __asm__ volatile("mfmsr %[msr]\n\t"
                     "rldicl %[t], %[msr], 0, 1\n\t"
                     "mtctr %[ctr]\n\t"
                     "mtmsrd %[t]\n\t"
                     "li %[t], 0\n\t"
                     "bdz 1f\n\t"
                     "b 2f\n"
                     "1:\tli %[t], 1\n"
                     "2:\tmtmsrd %[msr]\n\t"
                     "mfctr %[co]"
                     : [t] "=&r"(taken), [co] "=r"(ctr_out), [msr] "=&r"(msr)
                     : [ctr] "r"(0x200000001ull)
                     : "ctr");
    CHECK_EQ("bdz 32-bit: taken", taken, 1);
    CHECK_EQ("bdz 32-bit: CTR", ctr_out, 0x200000000ull);
}

/*
 * bcctr/bctar with BO_2 = 0 are invalid forms in the ISA text.  POWER
 * processors (their user manuals; Debian's QEMU agrees) run bcctr as "test
 * and decrement": the old CTR is tested, the branch goes to the old CTR,
 * and CTR is decremented only when the CTR test passed.  Linux's
 * count-cache flush sequence relies on it (bcctr 2,0 with CTR = 0x7fff
 * falls through).  bctar decrements and tests like bc.
 */
#define TEST_BAD(insn, bo, ctr_in, exp_taken, exp_ctr)                         \
    {                                                                          \
        uint64_t taken, tmp, co;                                               \
        __asm__ volatile("li %[t], 0\n\t"                                      \
                         "bl 1f\n"                                             \
                         "1:\tmflr %[tmp]\n\t"                                 \
                         "addi %[tmp], %[tmp], 24\n\t"                         \
                         "mtspr 815, %[tmp]\n\t"                                \
                         "mtctr %[ci]\n\t"                                     \
                         ".long %[w]\n\t"                                      \
                         "b 2f\n\t"                                            \
                         "li %[t], 1\n"                                        \
                         "2:\tmfctr %[co]"                                     \
                         : [t] "=&r"(taken), [tmp] "=&b"(tmp), [co] "=&r"(co)  \
                         : [w] "i"(insn(bo, 0)), [ci] "r"(ctr_in)             \
                         : "ctr", "lr");                                       \
        rt_snprintf(name, sizeof(name), "%s bo=%d ctr=%d", #insn, bo, ctr_in); \
        CHECK_EQ(name, taken, exp_taken);                                      \
        CHECK_EQ(name, co, exp_ctr);                                           \
    }

static void test_invalid_forms(void)
{
    uint64_t ctr_out, taken, tmp;

    TEST_BAD(BCTAR, 2, 0x7fff, 0, 0x7ffe)
    TEST_BAD(BCTAR, 16, 1, 0, 0)
    TEST_BAD(BCTAR, 16, 2, 1, 1)
    TEST_BAD(BCTAR, 18, 1, 1, 0)
    TEST_BAD(BCCTR, 18, 1, 0, 1)

    __asm__ volatile("mtctr %1\n\t.long %2\n\tmfctr %0"
                     : "=r"(ctr_out)
                     : "r"(0x7fff), "i"(BCCTR(2, 0))
                     : "ctr");
    CHECK_EQ("bcctr 2,0: falls through, CTR", ctr_out, 0x7fff);

    __asm__ volatile("li %[t], 0\n\t"
                     "bl 1f\n"
                     "1:\tmflr %[tmp]\n\t"
                     "addi %[tmp], %[tmp], 20\n\t"
                     "mtctr %[tmp]\n\t"
                     ".long %[w]\n\t"
                     "b 2f\n\t"
                     "li %[t], 1\n"
                     "2:\tmfctr %[co]"
                     : [t] "=&r"(taken), [tmp] "=&b"(tmp), [co] "=r"(ctr_out)
                     : [w] "i"(BCCTR(16, 0))
                     : "ctr", "lr");
    CHECK_EQ("bcctr 16,0: taken", taken, 1);
    CHECK_EQ("bcctr 16,0: CTR", ctr_out, tmp - 1);
}

int main(void)
{
    test_bc_all_forms();
    test_link();
    test_absolute();
    test_loop();
    test_ctr_32bit();
    test_invalid_forms();
    return 0;
}
