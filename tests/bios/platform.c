/*
 * What a bare-metal pseries program (firmware, a hypervisor test suite)
 * expects of the platform, checked from inside a -bios image (entered at
 * 0x100 big-endian, r3 = the device tree), run with -m 1G by
 * tests/boot/bios-platform.sh under both backends:
 *   - it is entered with MSR[ME] = 1: a partition always runs with machine
 *     checks enabled and cannot change ME (Power ISA 3.0 Book III 4.2.1,
 *     mtmsrd and rfid keep ME when MSR[HV] = 0);
 *   - a real-mode load or store at, past or across the end of RAM, and a
 *     radix walk whose process-table entry or page-directory entry points
 *     past RAM, are machine checks reported to the partition at 0x200
 *     (LoPAPR 7.3.14: without FWNMI registered), with SRR0 = the access,
 *     ME still 1, and the partition goes on running -- the second one too;
 *   - H_REGISTER_PROC_TBL registers a radix process table without
 *     client-architecture-support having been called (QEMU allows it).
 */
#include "isatest.h"

#define MSR_ME (1ull << 12)  /* ISA bit 51 */
#define MSR_DR (1ull << 4)   /* ISA bit 59 */
#define H_REGISTER_PROC_TBL 0x37c
#define PROC_TABLE_NEW 0x18
#define PROC_TABLE_DEREG 0x10
#define PROC_TABLE_RADIX 0x04

static uint64_t ram_size;

static uint64_t be64_at(const void *p)
{
    const uint8_t *b = p;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | b[i];
    return v;
}

static uint64_t mfmsr(void)
{
    uint64_t v;
    __asm__ volatile("mfmsr %0" : "=r"(v));
    return v;
}

/* one access that must take a machine check: the trap record says where */
static void expect_mcheck(const char *name, uint64_t at)
{
    CHECK_EQ(name, rt_trap.count, 1);
    CHECK_EQ(name, rt_trap.vector, 0x200);
    CHECK_EQ(name, rt_trap.srr0, at);
    CHECK(name, rt_trap.srr1 & MSR_ME);
    CHECK(name, mfmsr() & MSR_ME);
}

static uint64_t load_at(uint64_t addr, uint64_t *insn)
{
    uint64_t v = 0x1234, here;
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %1, %1, 8\n\t"
                     "ld %0, 0(%2)"
                     : "+r"(v), "=&b"(here)
                     : "b"(addr)
                     : "lr", "memory");
    *insn = here;
    return v;
}

static uint64_t store_at(uint64_t addr, uint64_t val)
{
    uint64_t here;
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "addi %0, %0, 8\n\t"
                     "std %1, 0(%2)"
                     : "=&b"(here)
                     : "r"(val), "b"(addr)
                     : "lr", "memory");
    return here;
}

static void check_real_mode_mcheck(void)
{
    uint64_t at, v;

    rt_catch_traps();
    v = load_at(ram_size, &at);
    expect_mcheck("ld at the end of RAM", at);
    CHECK_EQ("ld at the end of RAM: target unchanged", v, 0x1234);
    /* the reproducer of the hang: the same access again */
    rt_catch_traps();
    load_at(ram_size, &at);
    expect_mcheck("ld at the end of RAM, again", at);
    rt_catch_traps();
    load_at(ram_size - 4, &at);
    expect_mcheck("ld straddling the end of RAM", at);
    rt_catch_traps();
    at = store_at(ram_size + 0x100000, 7);
    expect_mcheck("std past the end of RAM", at);
    rt_catch_traps();
    load_at(ram_size - 8, &at);
    CHECK_EQ("ld of the last doubleword of RAM: no interrupt", rt_trap.count,
             0);
    rt_set_trap_handler(NULL);
}

/* the 4 KiB process table (16-byte entries, big-endian) and a radix root
   of 2^13 entries, aligned to its size (Book III 5.7.6) */
static uint64_t proc_tbl[512] __attribute__((aligned(4096)));
static uint64_t root[8192] __attribute__((aligned(65536)));

#define PRTE_RTS_52 ((2ull << 61) | (5ull << 5))  /* RTS1=0b10 RTS2=0b101 */
#define PDE_VALID (1ull << 63)

/* a load with MSR[DR] = 1 from EA 0 (quadrant 0, PIDR = 0: entry 0);
   returns the address of the load */
static uint64_t translated_load(void)
{
    uint64_t here;
    __asm__ volatile("mfmsr 9\n\t"
                     "ori 10, 9, %1\n\t"
                     "li 11, 0\n\t"
                     "bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "addi %0, %0, 12\n\t"
                     "mtmsrd 10\n\t"
                     "ld 12, 0(11)\n\t"
                     "mtmsrd 9"
                     : "=&b"(here)
                     : "i"(MSR_DR)
                     : "r9", "r10", "r11", "r12", "lr", "memory");
    return here;
}

static void check_radix(void)
{
    uint64_t at, tbl = (uint64_t)(uintptr_t)proc_tbl;

    /* entry 0: a 52-bit tree whose root (64 KiB) is past RAM */
    proc_tbl[0] = PRTE_RTS_52 | ram_size | 13;
    proc_tbl[1] = 0;
    CHECK_EQ("H_REGISTER_PROC_TBL radix without CAS",
             rt_hcall(H_REGISTER_PROC_TBL, PROC_TABLE_NEW | PROC_TABLE_RADIX,
                      tbl, 0, 0, 0, 0, NULL), 0);
    rt_catch_traps();
    at = translated_load();
    expect_mcheck("radix root past RAM", at);

    /* a root in RAM whose first PDE points past RAM */
    memset(root, 0, sizeof(root));
    root[0] = PDE_VALID | ram_size | 9;
    proc_tbl[0] = PRTE_RTS_52 | (uint64_t)(uintptr_t)root | 13;
    CHECK_EQ("H_REGISTER_PROC_TBL again",
             rt_hcall(H_REGISTER_PROC_TBL, PROC_TABLE_NEW | PROC_TABLE_RADIX,
                      tbl, 0, 0, 0, 0, NULL), 0);
    rt_catch_traps();
    at = translated_load();
    expect_mcheck("radix PDE past RAM", at);
    rt_set_trap_handler(NULL);
    CHECK_EQ("H_REGISTER_PROC_TBL deregister",
             rt_hcall(H_REGISTER_PROC_TBL, PROC_TABLE_DEREG, 0, 0, 0, 0, 0,
                      NULL), 0);
}

int main(void)
{
    uint32_t len = 0;
    const void *reg;

    CHECK("entered with MSR[ME] = 1", rt_boot.entry_msr & MSR_ME);
    CHECK("r3 is the device tree", rt_boot.fdt != NULL);
    reg = rt_fdt_getprop(rt_boot.fdt, "/memory@0", "reg", &len);
    CHECK_EQ("/memory@0 reg length", len, 16);
    if (!reg || len != 16)
        return 1;
    ram_size = be64_at((const char *)reg + 8);
    CHECK_EQ("RAM size (-m 1G)", ram_size, 1ull << 30);
    check_real_mode_mcheck();
    check_radix();
    return 0;
}
