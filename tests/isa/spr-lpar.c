/*
 * The SPRs of a partition (MSR[HV] = 0) from privileged state: what
 * POWER9 reserves for the hypervisor traps, what it gives the partition
 * reads back what was written.
 *   - hypervisor resources (Power ISA 3.0B Book III 4.4.4 and its SPR
 *     table: LPCR 318, HDSISR 306, HDAR 307, HFSCR 190, HMEER 337, PCR 338,
 *     AMOR 349, HID0 1008, TBU40 286 (write), RPR 186, DAWR0 180, DAWRX0
 *     188, CIABR 187): the hypervisor interrupt they raise on POWER9 is
 *     reflected to the partition as a Privileged Instruction program
 *     interrupt (SRR1 bit 45), RT unchanged;
 *   - the performance monitor's problem-state numbers of group A (769-776,
 *     779; Book III 9.4) are read/write from privileged state and name the
 *     same registers as 785-795; PMCs are 32 bits (Book III 9.4.5);
 *   - WORT (895) keeps what is written.
 */
#include "isatest.h"

#define SRR1_PRIV (1ull << (63 - 45))

#define MTSPR(n, v) __asm__ volatile("mtspr %0, %1" : : "i"(n), "r"(v))
#define MFSPR(n)                                                               \
    ({                                                                         \
        uint64_t v_;                                                           \
        __asm__ volatile("mfspr %0, %1" : "=r"(v_) : "i"(n));                  \
        v_;                                                                    \
    })

static uint64_t seen_vector, seen_srr1;

static int skip_handler(struct rt_trap_frame *f)
{
    seen_vector = f->vector;
    seen_srr1 = f->srr1;
    f->srr0 += 4;
    return 1;
}

#define EXPECT_PRIV(label, insn_asm)                                           \
    {                                                                          \
        seen_vector = 0;                                                       \
        seen_srr1 = 0;                                                         \
        uint64_t r_ = 0x5555;                                                  \
        __asm__ volatile(insn_asm : "+r"(r_) : : "memory");                    \
        CHECK_EQ(label ": vector", seen_vector, 0x700);                        \
        CHECK(label ": privileged", seen_srr1 & SRR1_PRIV);                    \
        CHECK_EQ(label ": RT unchanged", r_, 0x5555);                          \
    }

#define HV_SPR(n, name)                                                        \
    EXPECT_PRIV("mfspr " name, "mfspr %0, " #n)                                \
    EXPECT_PRIV("mtspr " name, "mtspr " #n ", %0")

static void test_hypervisor_sprs(void)
{
    rt_set_trap_handler(skip_handler);
    HV_SPR(318, "LPCR")
    HV_SPR(306, "HDSISR")
    HV_SPR(307, "HDAR")
    HV_SPR(190, "HFSCR")
    HV_SPR(337, "HMEER")
    HV_SPR(338, "PCR")
    HV_SPR(349, "AMOR")
    HV_SPR(1008, "HID0")
    EXPECT_PRIV("mtspr TBU40", "mtspr 286, %0")
    HV_SPR(186, "RPR")
    HV_SPR(180, "DAWR0")
    HV_SPR(188, "DAWRX0")
    HV_SPR(187, "CIABR")
    rt_set_trap_handler(NULL);
}

static void test_pmu(void)
{
    static const uint64_t pat = 0xfedcba9876543210ull;

    /* MMCR0 with FC (bit 32) set: the counters are frozen anyway */
    MTSPR(779, 0x80000000ull);
    CHECK_EQ("MMCR0 via 779, read via 795", MFSPR(795), 0x80000000ull);
    CHECK_EQ("MMCR0 via 779", MFSPR(779), 0x80000000ull);
    MTSPR(769, pat);
    CHECK_EQ("MMCR2 via 769, read via 785", MFSPR(785), pat);
    MTSPR(770, ~pat);
    CHECK_EQ("MMCRA via 770, read via 786", MFSPR(786), ~pat);
    MTSPR(771, pat);
    CHECK_EQ("PMC1 via 771: 32 bits", MFSPR(787), pat & 0xffffffffull);
    MTSPR(772, 2);
    MTSPR(773, 3);
    MTSPR(774, 4);
    MTSPR(775, 5);
    MTSPR(776, 6);
    CHECK_EQ("PMC2 via 772", MFSPR(788), 2);
    CHECK_EQ("PMC3 via 773", MFSPR(789), 3);
    CHECK_EQ("PMC4 via 774", MFSPR(790), 4);
    CHECK_EQ("PMC5 via 775", MFSPR(791), 5);
    CHECK_EQ("PMC6 via 776", MFSPR(792), 6);
    MTSPR(790, 0x44);
    CHECK_EQ("PMC4 via 790, read via 774", MFSPR(774), 0x44);
    MTSPR(769, 0ull);
    MTSPR(770, 0ull);
}

static void test_wort(void)
{
    MTSPR(895, 0x1234ull);
    CHECK_EQ("WORT keeps its value", MFSPR(895), 0x1234ull);
    MTSPR(895, 0ull);
    CHECK_EQ("WORT 0", MFSPR(895), 0);
}

int main(void)
{
    test_hypervisor_sprs();
    test_pmu();
    test_wort();
    return 0;
}
