/*
 * H_REGISTER_PROC_TBL (hw-spapr/hcall.c): the hcall a Power ISA 3.0 guest
 * registers its process table with, after client-architecture-support
 * chose radix or hash.  Driven through spapr_hcall() on a bare machine
 * (1 MiB of RAM) and a calloc'ed CPU.
 *
 * Expected values: the flag encoding is Linux's (asm/hvcall.h:
 * PROC_TABLE_NEW 0x18, DEREG 0x10, RADIX 0x04, GTSE 0x01), the register
 * arguments are r4 flags, r5 table base, r6 page size, r7 log2(size)-12;
 * the LPCR bits are the Power ISA's (Book III 2.2: UPRT bit 41, HR bit 43,
 * GTSE bit 53, numbered from the most significant bit).
 */
#include <string.h>

#include <glib.h>

#include "spapr.h"

#define RAM_SIZE (1u << 20)
#define LPCR_UPRT (1ull << (63 - 41))
#define LPCR_HR (1ull << (63 - 43))
#define LPCR_GTSE (1ull << (63 - 53))
#define NEW 0x18
#define DEREG 0x10
#define RADIX 0x04
#define GTSE 0x01

typedef struct Fixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memset(f, 0, sizeof(*f));
    f->cfg.cpu_model = PPC_MODEL_POWER9;
    f->m.cfg = &f->cfg;
    f->m.ram = g_malloc0(RAM_SIZE);
    f->m.ram_size = RAM_SIZE;
    f->env = g_new0(CPUPPCState, 1);
    f->env->msr = MSR_BIT(MSR_SF);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    g_free(f->m.ram);
    g_free(f->env);
}

static int64_t reg_proc_tbl(Fixture *f, uint64_t flags, uint64_t base,
                            uint64_t size)
{
    f->env->gpr[3] = H_REGISTER_PROC_TBL;
    f->env->gpr[4] = flags;
    f->env->gpr[5] = base;
    f->env->gpr[6] = 0;
    f->env->gpr[7] = size;
    spapr_hcall(&f->m, f->env);
    return (int64_t)f->env->gpr[3];
}

static uint64_t lpcr_mmu(Fixture *f)
{
    return f->env->spr[SPR_LPCR] & (LPCR_UPRT | LPCR_HR | LPCR_GTSE);
}

static void test_radix(Fixture *f, gconstpointer data)
{
    f->m.cas = (SpaprCasResult){ .done = true, .radix = true, .gtse = true };
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX | GTSE, 0x10000, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->radix.proc_tbl, ==, 0x10000);
    g_assert_cmphex(lpcr_mmu(f), ==, LPCR_UPRT | LPCR_HR | LPCR_GTSE);

    /* a 2^(12+3)-byte table, without GTSE */
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, 0x20000, 3), ==, H_SUCCESS);
    g_assert_cmphex(f->env->radix.proc_tbl, ==, 0x20000 | 3);
    g_assert_cmphex(lpcr_mmu(f), ==, LPCR_UPRT | LPCR_HR);

    /* deregistration turns translation through the table off */
    g_assert_cmpint(reg_proc_tbl(f, DEREG, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(f->env->radix.proc_tbl, ==, 0);
    g_assert_cmphex(lpcr_mmu(f), ==, 0);
}

static void test_bad_arguments(Fixture *f, gconstpointer data)
{
    f->m.cas = (SpaprCasResult){ .done = true, .radix = true, .gtse = false };

    /* GTSE was not negotiated */
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX | GTSE, 0x10000, 0), ==,
                    H_PARAMETER);
    /* a hashed table when radix was negotiated */
    g_assert_cmpint(reg_proc_tbl(f, NEW, 0x10000, 0), ==, H_PARAMETER);
    /* misaligned, beyond RAM, too large, unknown flags, unknown operation */
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, 0x10800, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, RAM_SIZE - 0x1000, 1), ==,
                    H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, RAM_SIZE, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, 0, 25), ==, H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX | 0x100, 0x10000, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, 0x08 | RADIX, 0x10000, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, ~0ull << 12, 0), ==,
                    H_PARAMETER);
    g_assert_cmphex(lpcr_mmu(f), ==, 0);
    g_assert_cmphex(f->env->radix.proc_tbl, ==, 0);
}

/* without client-architecture-support (a bare-metal program): a radix
   table is accepted and switches the partition to radix, as QEMU allows */
static void test_radix_without_cas(Fixture *f, gconstpointer data)
{
    /* a bad table changes nothing */
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, 0x10800, 0), ==,
                    H_PARAMETER);
    g_assert_false(f->m.cas.radix);
    g_assert_cmphex(lpcr_mmu(f), ==, 0);

    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX | GTSE, 0x10000, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->radix.proc_tbl, ==, 0x10000);
    g_assert_cmphex(lpcr_mmu(f), ==, LPCR_UPRT | LPCR_HR | LPCR_GTSE);
    g_assert_true(f->m.cas.radix);
    /* now radix: a hashed table is refused */
    g_assert_cmpint(reg_proc_tbl(f, NEW, 0x10000, 0), ==, H_PARAMETER);
}

static void test_hash(Fixture *f, gconstpointer data)
{
    f->m.cas = (SpaprCasResult){ .done = true, .radix = false };

    /* hash with an SLB: no table, radix off */
    g_assert_cmpint(reg_proc_tbl(f, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(lpcr_mmu(f), ==, 0);
    /* radix was not negotiated */
    g_assert_cmpint(reg_proc_tbl(f, NEW | RADIX, 0x10000, 0), ==,
                    H_PARAMETER);
    g_assert_cmphex(lpcr_mmu(f), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                        \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/hcall/proc-tbl/radix", test_radix);
    ADD("/hcall/proc-tbl/radix-without-cas", test_radix_without_cas);
    ADD("/hcall/proc-tbl/bad-arguments", test_bad_arguments);
    ADD("/hcall/proc-tbl/hash", test_hash);
#undef ADD
    return g_test_run();
}
