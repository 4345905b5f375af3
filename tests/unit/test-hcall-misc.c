/*
 * The processor and memory hcalls and the RTAS services of
 * hw-spapr/hcall-misc.c and rtas-misc.c, driven as a guest drives them
 * (registers for hcalls, an argument buffer in RAM for RTAS), on a machine
 * with 1 MiB of RAM and a real vCPU (its timebase and decrementer run).
 * The H_CEDE tests run the idle wait and, last, the whole path through
 * translated guest code.
 *
 * Expected values: hcall numbers, return codes, flag and bit positions as
 * LoPAPR defines them (and Linux's arch/powerpc/include/asm/hvcall.h spells
 * them: H_P2 = -55, H_UNSUPPORTED_FLAG = -256, the H_SET_MODE resources,
 * the H_REGISTER_VPA subfunctions at bit 18, the CPU characteristics bits);
 * LPCR and DAWRX fields from the Power ISA; the NVRAM header checksum
 * computed by hand from the CHRP rule (sum of the header bytes with
 * end-around carry: 0x7f + 0x10 + 0x00 + 12 * 0x77 = 0x623 -> 0x29).
 */
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <libfdt.h>

#include "exec.h"
#include "spapr-hv.h"
#include "target-ppc/internal.h"
#include "xics.h"
#include "bytes-be.h"
#include "rtas-args.h"

#define RAM_SIZE (1u << 20)
#define ARGS 0x8000

typedef struct Fixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;
    CPUPPCState *other; /* when set, the processor making the calls */
} Fixture;

static CPUPPCState *caller_of(Fixture *f)
{
    return f->other ? f->other : f->env;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    char *err = NULL;

    memset(f, 0, sizeof(*f));
    f->m.cfg = &f->cfg;
    f->m.ram = g_malloc0(RAM_SIZE);
    f->m.ram_size = RAM_SIZE;
    f->env = ppc_cpu_new(PPC_MODEL_POWER9, f->m.ram, RAM_SIZE);
    f->env->vhyp = &spapr_hypervisor_ops;
    f->env->vhyp_opaque = &f->m;
    f->env->cpu_index = 0;
    f->env->msr = MSR_BIT(MSR_SF);
    accel_cpu_init(f->env);
    f->m.cpu = f->env;
    g_assert_true(spapr_hv_init(&f->m, &err));
    tb_flush(); /* no code translated by an earlier test survives */
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    spapr_hv_free(&f->m);
    accel_cpu_exit(f->env);
    ppc_cpu_free(f->env);
    g_free(f->m.ram);
}

/* an hcall made by the vCPU caller (f->env, unless another processor
   calls) */
static CPUPPCState *caller_of(Fixture *f);

static int64_t hcall(Fixture *f, uint64_t opcode, uint64_t a0, uint64_t a1,
                     uint64_t a2, uint64_t a3)
{
    CPUPPCState *env = caller_of(f);

    env->gpr[3] = opcode;
    env->gpr[4] = a0;
    env->gpr[5] = a1;
    env->gpr[6] = a2;
    env->gpr[7] = a3;
    spapr_hcall(&f->m, env);
    return (int64_t)env->gpr[3];
}

/* runs an RTAS call; returns its status, rets[] gets the other values */
static int32_t rtas(Fixture *f, const char *name, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    uint8_t *p = f->m.ram + ARGS;

    rtas_buffer_put(p, rtas_token(name), nargs, args, nret);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_SUCCESS);
    for (uint32_t i = 1; i < nret; i++) {
        rets[i - 1] = rtas_buffer_ret(p, nargs, i);
    }
    return (int32_t)rtas_buffer_ret(p, nargs, 0);
}

/* ------------------------------------------------------------ H_SET_MODE */

#define TEST_LPCR_ILE (1ull << (63 - 38))
#define TEST_LPCR_AIL(v) ((uint64_t)(v) << (63 - 40))
#define TEST_LPCR_AIL_MASK TEST_LPCR_AIL(3)

static void test_set_mode_le(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 4, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->spr[SPR_LPCR] & TEST_LPCR_ILE);
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 4, 0, 0), ==, H_SUCCESS);
    g_assert_false(f->env->spr[SPR_LPCR] & TEST_LPCR_ILE);

    g_assert_cmpint(hcall(f, H_SET_MODE, 2, 4, 0, 0), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 4, 1, 0), ==, H_P3);
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 4, 0, 1), ==, H_P4);
    g_assert_false(f->env->spr[SPR_LPCR] & TEST_LPCR_ILE);
}

static void test_set_mode_ail(Fixture *f, gconstpointer data)
{
    uint64_t lpcr = f->env->spr[SPR_LPCR];

    g_assert_cmpint(hcall(f, H_SET_MODE, 3, 3, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[SPR_LPCR] & TEST_LPCR_AIL_MASK, ==,
                    TEST_LPCR_AIL(3));
    g_assert_cmphex(f->env->spr[SPR_LPCR] & ~TEST_LPCR_AIL_MASK, ==,
                    lpcr & ~TEST_LPCR_AIL_MASK);
    g_assert_cmpint(hcall(f, H_SET_MODE, 2, 3, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[SPR_LPCR] & TEST_LPCR_AIL_MASK, ==,
                    TEST_LPCR_AIL(2));
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 3, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[SPR_LPCR] & TEST_LPCR_AIL_MASK, ==, 0);

    /* AIL 1 is reserved */
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 3, 0, 0), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(f, H_SET_MODE, 4, 3, 0, 0), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(f, H_SET_MODE, 3, 3, 0x10, 0), ==, H_P3);
    g_assert_cmpint(hcall(f, H_SET_MODE, 3, 3, 0, 0x10), ==, H_P4);
    g_assert_cmphex(f->env->spr[SPR_LPCR] & TEST_LPCR_AIL_MASK, ==, 0);
}

static void test_set_mode_breakpoints(Fixture *f, gconstpointer data)
{
    /* CIABR (SPR 187): PRIV (bits 62:63) = 3 is a hypervisor breakpoint */
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 1, 0x10003, 0), ==, H_P3);
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 1, 0x10002, 1), ==, H_P4);
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 1, 0x10002, 0), ==,
                    H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 1, 0x10002, 0), ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[187], ==, 0x10002);

    /* DAWR0 (180), DAWRX0 (188): HYP (bit 61) is refused */
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 2, 0x2000, 0x4), ==, H_P4);
    g_assert_cmpint(hcall(f, H_SET_MODE, 1, 2, 0x2000, 0x3), ==,
                    H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(f, H_SET_MODE, 0, 2, 0x2000, 0x63), ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[180], ==, 0x2000);
    g_assert_cmphex(f->env->spr[188], ==, 0x63);
}

static void test_set_mode_bad_resource(Fixture *f, gconstpointer data)
{
    static const uint64_t bad[] = { 0, 5, 6, 0x100, ~0ull };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(hcall(f, H_SET_MODE, 0, bad[i], 0, 0), ==, H_P2);
    }
}

/* ------------------------------------------------------------ DABR */

static void test_set_dabr(Fixture *f, gconstpointer data)
{
    /* DABR = address | BT (4) | DW (2) | DR (1); DAWRX gets DW at bit 57
       (0x40), DR at 58 (0x20), WT at 59 (0x10), WTI at 60 (0x8) and the
       privilege bits HYP/PNH/PRO (0x4/0x2/0x1) */
    g_assert_cmpint(hcall(f, H_SET_DABR, 0x123450 | 3, 0, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->spr[180], ==, 0x123450);
    g_assert_cmphex(f->env->spr[188], ==, 0x40 | 0x20 | 0x3);

    g_assert_cmpint(hcall(f, H_SET_XDABR, 0x8000 | 4 | 1, 0x8 | 0x1, 0, 0),
                    ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[180], ==, 0x8000);
    g_assert_cmphex(f->env->spr[188], ==, 0x20 | 0x10 | 0x8 | 0x1);

    /* a partition cannot watch the hypervisor; no undefined bits */
    g_assert_cmpint(hcall(f, H_SET_XDABR, 0x8000, 0x4 | 0x2, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_SET_XDABR, 0x8000, 0x10, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmphex(f->env->spr[180], ==, 0x8000);
}

/* ------------------------------------------------------------ VPA */

#define VPA_FN(fn) ((uint64_t)(fn) << (63 - 18))
enum { REG_VPA = 1, REG_DTL = 2, REG_SLB = 3, DEREG_VPA = 5, DEREG_DTL = 6,
       DEREG_SLB = 7 };

static int64_t vpa(Fixture *f, int fn, uint64_t proc, uint64_t addr)
{
    return hcall(f, H_REGISTER_VPA, VPA_FN(fn), proc, addr, 0);
}

static void test_vpa_register(Fixture *f, gconstpointer data)
{
    SpaprVcpu *v = spapr_vcpu(&f->m, 0);

    st_be16(f->m.ram + 0x1000 + 4, 640);
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1000), ==, H_SUCCESS);
    g_assert_cmphex(v->vpa, ==, 0x1000);
    g_assert_cmpuint(v->vpa_size, ==, 640);

    /* a DTL (size as 32 bits at +4) rounded down to whole 48-byte entries */
    st_be32(f->m.ram + 0x3000 + 4, 48 * 10 + 20);
    g_assert_cmpint(vpa(f, REG_DTL, 0, 0x3000), ==, H_SUCCESS);
    g_assert_cmpuint(v->dtl_size, ==, 480);
    st_be32(f->m.ram + 0x4000 + 4, 64);
    g_assert_cmpint(vpa(f, REG_SLB, 0, 0x4000), ==, H_SUCCESS);
    g_assert_cmphex(v->slb_shadow, ==, 0x4000);

    /* the VPA cannot go while the others are there */
    g_assert_cmpint(vpa(f, DEREG_VPA, 0, 0), ==, H_RESOURCE);
    g_assert_cmpint(vpa(f, DEREG_DTL, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(vpa(f, DEREG_VPA, 0, 0), ==, H_RESOURCE);
    g_assert_cmpint(vpa(f, DEREG_SLB, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(vpa(f, DEREG_VPA, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(v->vpa, ==, 0);

    /* nor come after them */
    g_assert_cmpint(vpa(f, REG_DTL, 0, 0x3000), ==, H_RESOURCE);
    g_assert_cmpint(vpa(f, REG_SLB, 0, 0x4000), ==, H_RESOURCE);

    /* a reset deregisters everything */
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1000), ==, H_SUCCESS);
    spapr_hv_reset(&f->m);
    g_assert_cmphex(v->vpa, ==, 0);
}

/* the dispatch count: the big-endian word at VPA + 0x100 (LoPAPR; Linux's
   lppaca yield_count), odd while the processor is given up, even while it
   runs */
static uint32_t dispatch_count(Fixture *f)
{
    const uint8_t *p = f->m.ram + 0x1000 + 0x100;
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void test_vpa_dispatch_count(Fixture *f, gconstpointer data)
{
    st_be16(f->m.ram + 0x1000 + 4, 1024);
    st_be32(f->m.ram + 0x1000 + 0x100, 6);
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1000), ==, H_SUCCESS);
    g_assert_cmpuint(dispatch_count(f), ==, 6);

    /* H_CONFER to any processor gives the processor up and gets it back */
    g_assert_cmpint(hcall(f, H_CONFER, ~0ull, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(dispatch_count(f), ==, 8);
    /* to itself: nothing to give up */
    g_assert_cmpint(hcall(f, H_CONFER, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(dispatch_count(f), ==, 8);

    /* H_CEDE that halts: odd while ceded; dispatched again: even */
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);
    g_assert_cmpuint(dispatch_count(f), ==, 9);
    spapr_vcpu_dispatch(&f->m, f->env); /* still nothing to do */
    g_assert_cmpuint(dispatch_count(f), ==, 9);
    g_assert_cmpint(hcall(f, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    spapr_vcpu_dispatch(&f->m, f->env);
    g_assert_cmpuint(dispatch_count(f), ==, 10);
    spapr_vcpu_dispatch(&f->m, f->env);
    g_assert_cmpuint(dispatch_count(f), ==, 10);

    /* an H_CEDE that returns at once (a prod was pending) gives nothing up */
    g_assert_cmpint(hcall(f, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(f->env->halted);
    g_assert_cmpuint(dispatch_count(f), ==, 10);
}

/* H_SET_SPRG0 (hcall-sprg0): r4 becomes the caller's SPRG0 */
static void test_set_sprg0(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(hcall(f, H_SET_SPRG0, 0x0123456789abcdefull, 0, 0, 0),
                    ==, H_SUCCESS);
    g_assert_cmphex(f->env->spr[SPR_SPRG0], ==, 0x0123456789abcdefull);
}

static void test_vpa_bad(Fixture *f, gconstpointer data)
{
    st_be16(f->m.ram + 0x1000 + 4, 640);
    st_be16(f->m.ram + 0x1080 + 4, 639);
    st_be16(f->m.ram + 0x1e00 + 4, 640); /* would cross into 0x2000 */
    st_be16(f->m.ram + RAM_SIZE - 0x80 + 4, 640);

    g_assert_cmpint(vpa(f, REG_VPA, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1010), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1080), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1e00), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, RAM_SIZE - 0x80), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, RAM_SIZE), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 0, ~0ull & ~0x7full), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, 1, 0x1000), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, REG_VPA, ~0ull, 0x1000), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, 0, 0, 0x1000), ==, H_PARAMETER);
    g_assert_cmpint(vpa(f, 4, 0, 0x1000), ==, H_PARAMETER);
    g_assert_cmphex(spapr_vcpu(&f->m, 0)->vpa, ==, 0);

    /* a DTL smaller than one entry, one reaching past RAM */
    g_assert_cmpint(vpa(f, REG_VPA, 0, 0x1000), ==, H_SUCCESS);
    st_be32(f->m.ram + 0x3000 + 4, 47);
    g_assert_cmpint(vpa(f, REG_DTL, 0, 0x3000), ==, H_PARAMETER);
    st_be32(f->m.ram + 0x3000 + 4, RAM_SIZE);
    g_assert_cmpint(vpa(f, REG_DTL, 0, 0x3000), ==, H_PARAMETER);
}

/* ------------------------------------------------------------ memory */

#define H_ZERO_PAGE (1ull << (63 - 48))
#define H_COPY_PAGE (1ull << (63 - 49))
#define H_ICACHE_SYNCHRONIZE (1ull << (63 - 41))

static void test_page_init(Fixture *f, gconstpointer data)
{
    uint8_t *ram = f->m.ram;
    uint8_t zero[4096] = { 0 };

    memset(ram + 0x5000, 0xaa, 4096);
    for (int i = 0; i < 4096; i++) {
        ram[0x6000 + i] = (uint8_t)(i * 7);
    }
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_ZERO_PAGE, 0x5000, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmpmem(ram + 0x5000, 4096, zero, 4096);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_COPY_PAGE | H_ICACHE_SYNCHRONIZE,
                          0x5000, 0x6000, 0), ==, H_SUCCESS);
    g_assert_cmpmem(ram + 0x5000, 4096, ram + 0x6000, 4096);

    /* misaligned or outside RAM, unknown flags: nothing is touched */
    memset(ram + 0x5000, 0xaa, 4096);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_ZERO_PAGE, 0x5008, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_ZERO_PAGE, RAM_SIZE, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_ZERO_PAGE, ~0xfffull, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_COPY_PAGE, 0x5000, 0x6001, 0),
                    ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_COPY_PAGE, 0x5000, RAM_SIZE, 0),
                    ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PAGE_INIT, H_ZERO_PAGE | 1, 0x5000, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpuint(ram[0x5000], ==, 0xaa);
    g_assert_cmpuint(ram[0x5fff], ==, 0xaa);
}

static void test_logical_ci(Fixture *f, gconstpointer data)
{
    static const uint8_t be[8] = { 0x11, 0x22, 0x33, 0x44,
                                   0x55, 0x66, 0x77, 0x88 };

    g_assert_cmpint(hcall(f, H_LOGICAL_CI_STORE, 8, 0x7000,
                          0x1122334455667788ull, 0), ==, H_SUCCESS);
    g_assert_cmpmem(f->m.ram + 0x7000, 8, be, 8);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 2, 0x7002, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->gpr[4], ==, 0x3344);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 4, 0x7004, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->gpr[4], ==, 0x55667788);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_STORE, 1, 0x7007, 0x1ff, 0), ==,
                    H_SUCCESS);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 8, 0x7000, 0, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(f->env->gpr[4], ==, 0x11223344556677ffull);

    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 3, 0x7000, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 0, 0x7000, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 2, 0x7001, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_LOAD, 8, RAM_SIZE, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_STORE, 8, RAM_SIZE - 4, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(f, H_LOGICAL_CI_STORE, 16, 0x7000, 0, 0), ==,
                    H_PARAMETER);
}

/* ------------------------------------------------------------ platform */

static void test_cpu_characteristics(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(hcall(f, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0), ==,
                    H_SUCCESS);
    /* character: BCCTRL_SERIALISED (IBM bit 1) only */
    g_assert_cmphex(f->env->gpr[4], ==, 1ull << 62);
    /* behaviour: FAVOUR_SECURITY (0), NO_L1D_FLUSH_ENTRY (7),
       NO_L1D_FLUSH_UACCESS (8), NO_STF_BARRIER (9); no L1D_FLUSH_PR (1),
       BNDS_CHK_SPEC_BAR (2), FLUSH_COUNT_CACHE (5), FLUSH_LINK_STACK (6) */
    g_assert_cmphex(f->env->gpr[5], ==,
                    1ull << 63 | 1ull << 56 | 1ull << 55 | 1ull << 54);
}

static void test_random(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(hcall(f, H_RANDOM, 0, 0, 0, 0), ==, H_SUCCESS);
    uint64_t a = f->env->gpr[4];
    g_assert_cmpint(hcall(f, H_RANDOM, 0, 0, 0, 0), ==, H_SUCCESS);
    /* equal with probability 2^-64 */
    g_assert_cmphex(a, !=, f->env->gpr[4]);
}

static void test_splpar(Fixture *f, gconstpointer data)
{
    g_assert_cmpint(hcall(f, H_GET_PPP, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], ==, 100);        /* one processor */
    g_assert_cmphex(f->env->gpr[7] >> 48 & 1, ==, 1); /* capped */
    g_assert_cmpint(hcall(f, H_SET_PPP, 100, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_SET_PPP, 200, 0, 0, 0), ==, H_CONSTRAINED);
    g_assert_cmpint(hcall(f, H_SET_PPP, 100, 256, 0, 0), ==, H_PARAMETER);

    uint64_t tb = ppc_get_timebase(f->env);
    g_assert_cmpint(hcall(f, H_PURR, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], >=, tb);

    g_assert_cmpint(hcall(f, H_CONFER, ~0ull, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_CONFER, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_CONFER, 1, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PROD, 1, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_POLL_PENDING, 0, 0, 0, 0), ==, H_SUCCESS);
}

/* ------------------------------------------------------------ H_CEDE */

static double now_s(void)
{
    return (double)g_get_monotonic_time() / 1e6;
}

/* a watchdog: wakes the idle wait after 5 s, so that a wait that would
   never end fails the test instead of hanging it */
typedef struct Watchdog {
    Fixture *f;
    GMutex lock;
    GCond cond;
    bool done;
    bool fired;
} Watchdog;

static gpointer watchdog_thread(gpointer opaque)
{
    Watchdog *w = opaque;
    gint64 end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;

    g_mutex_lock(&w->lock);
    while (!w->done) {
        if (!g_cond_wait_until(&w->cond, &w->lock, end)) {
            w->fired = true;
            spapr_idle_wake(&w->f->m);
            break;
        }
    }
    g_mutex_unlock(&w->lock);
    return NULL;
}

/* the run loop's wait: idle until done(f) or the watchdog; returns the
   seconds waited */
static double idle_until(Fixture *f, bool (*done)(Fixture *f))
{
    Watchdog w = { .f = f };
    double t0 = now_s();

    g_mutex_init(&w.lock);
    g_cond_init(&w.cond);
    GThread *t = g_thread_new("watchdog", watchdog_thread, &w);
    for (;;) {
        g_mutex_lock(&w.lock);
        bool fired = w.fired;
        g_mutex_unlock(&w.lock);
        if (done(f) || fired) {
            break;
        }
        spapr_idle_wait(&f->m);
    }
    g_mutex_lock(&w.lock);
    w.done = true;
    g_cond_signal(&w.cond);
    g_mutex_unlock(&w.lock);
    g_thread_join(t);
    g_assert_false(w.fired);
    g_mutex_clear(&w.lock);
    g_cond_clear(&w.cond);
    return now_s() - t0;
}

static bool has_work(Fixture *f)
{
    return ppc_cpu_has_work(f->env);
}

static bool shutdown_requested(Fixture *f)
{
    /* posted by another thread (spapr_machine_request is atomic) */
    return (__atomic_load_n(&f->m.request, __ATOMIC_ACQUIRE) &
            SPAPR_REQ_SHUTDOWN) != 0;
}

static void test_cede_halts_and_prod(Fixture *f, gconstpointer data)
{
    /* nothing pending (the decrementer is seconds away): halted, EE on */
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);
    g_assert_true(f->env->msr & MSR_BIT(MSR_EE));

    /* a prod wakes a ceded vCPU */
    g_assert_cmpint(hcall(f, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(f->env->halted);
    /* one to a running vCPU is kept for its next cede */
    g_assert_cmpint(hcall(f, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(f->env->halted);
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);
}

/* what a device thread does 50 ms after the vCPU ceded */
typedef struct Later {
    Fixture *f;
    int what; /* 0: console input, 1: a power-off request */
} Later;

static gpointer later_thread(gpointer opaque)
{
    Later *l = opaque;

    g_usleep(50 * 1000);
    if (l->what == 0) {
        spapr_vty_input(&l->f->m);
    } else {
        spapr_machine_request(&l->f->m, SPAPR_REQ_SHUTDOWN);
    }
    return NULL;
}

/* the console's interrupt routed to vCPU 0 at priority 5, CPPR open */
static void route_console(Fixture *f)
{
    g_assert_cmpint(xics_set_xive(f->m.xics, SPAPR_VTY_IRQ, 0, 5), ==, 0);
    g_assert_cmpint(hcall(f, H_CPPR, 0xff, 0, 0, 0), ==, H_SUCCESS);
}

static void test_cede_wakes_on_interrupt(Fixture *f, gconstpointer data)
{
    Later later = { f, 0 };
    struct rusage r0, r1;

    route_console(f);
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);

    getrusage(RUSAGE_THREAD, &r0);
    gint64 t0 = g_get_monotonic_time();
    GThread *t = g_thread_new("later", later_thread, &later);
    double waited = idle_until(f, has_work);
    double since_start = (double)(g_get_monotonic_time() - t0) / 1e6;
    getrusage(RUSAGE_THREAD, &r1);
    g_thread_join(t);

    g_assert_true(ppc_cpu_has_work(f->env));
    /* woken by the interrupt after 50 ms (counted from the thread's start:
       the wait may begin late on a busy host), not by the decrementer
       (about 4 s away) nor by the 5 s limit */
    g_assert_cmpfloat(since_start, >=, 0.045);
    g_assert_cmpfloat(waited, <, 1.0);
    /* and the wait itself cost (almost) no CPU */
    double cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec +
                          r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                 (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec +
                          r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
    g_assert_cmpfloat(cpu, <, 0.02);
}

static void test_cede_wakes_on_request(Fixture *f, gconstpointer data)
{
    Later later = { f, 1 };

    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    GThread *t = g_thread_new("later", later_thread, &later);
    double waited = idle_until(f, shutdown_requested);
    g_thread_join(t);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_SHUTDOWN);
    g_assert_cmpfloat(waited, <, 1.0);
}

static void test_cede_wakes_at_decrementer(Fixture *f, gconstpointer data)
{
    /* 200 ms of 512 MHz ticks (room for a slow host or a TSan build to
       reach the cede before it runs out), counted from the store */
    gint64 t0 = g_get_monotonic_time();
    ppc_store_dec(f->env, 200 * 512000);
    g_assert_cmpint(hcall(f, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);

    double waited = idle_until(f, has_work);
    double since_store = (double)(g_get_monotonic_time() - t0) / 1e6;
    g_assert_true(ppc_cpu_has_work(f->env));
    g_assert_cmpfloat(since_store, >=, 0.195);
    g_assert_cmpfloat(waited, <, 1.0);
}

/*
 * The whole path: guest code cedes, the exec loop returns EXCP_HALTED,
 * the idle wait sleeps until the console interrupt, the vCPU takes it at
 * 0x500, accepts it with H_XIRR and cedes again.
 */
static void put_insns(Fixture *f, uint64_t addr, const uint32_t *insns,
                      size_t n)
{
    memcpy(f->m.ram + addr, insns, 4 * n); /* little-endian, as MSR[LE] */
}

static int run_until_halted(Fixture *f)
{
    for (int i = 0; i < 100; i++) {
        int r = cpu_exec(f->env);
        if (r == EXCP_HALTED) {
            return r;
        }
        g_assert_cmpint(r, ==, EXCP_INTERRUPT);
    }
    g_error("the vCPU never halted");
}

static void test_cede_guest_code(Fixture *f, gconstpointer data)
{
    static const uint32_t main_code[] = {
        0x386000e0, /* li r3,H_CEDE */
        0x44000022, /* sc 1 */
        0x48000000, /* b . */
    };
    static const uint32_t handler[] = {
        0x38600074, /* li r3,H_XIRR */
        0x44000022, /* sc 1 */
        0x7c9f2378, /* mr r31,r4 */
        0x386000e0, /* li r3,H_CEDE */
        0x44000022, /* sc 1 */
        0x48000000, /* b . */
    };
    Later later = { f, 0 };

    put_insns(f, 0x1000, main_code, G_N_ELEMENTS(main_code));
    put_insns(f, 0x500, handler, G_N_ELEMENTS(handler));
    f->env->nip = 0x1000;
    f->env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_LE);
    f->env->spr[SPR_LPCR] |= TEST_LPCR_ILE;
    route_console(f);

    g_assert_cmpint(run_until_halted(f), ==, EXCP_HALTED);
    g_assert_cmphex(f->env->nip, ==, 0x1008);

    GThread *t = g_thread_new("later", later_thread, &later);
    idle_until(f, has_work);
    g_thread_join(t);
    g_assert_cmpint(run_until_halted(f), ==, EXCP_HALTED);

    /* the external interrupt came after the sc, the handler accepted the
       console's source and ceded again */
    g_assert_cmphex(f->env->spr[SPR_SRR0], ==, 0x1008);
    g_assert_cmphex(f->env->gpr[31], ==, 0xff000000u | SPAPR_VTY_IRQ);
    g_assert_cmphex(f->env->nip, ==, 0x514);
    g_assert_true(f->env->halted);
}

/* console input raises the vty's interrupt, once per chunk of input (as
   the machine's console event handler does) */
static void console_event(void *opaque, ChardevEvent ev)
{
    Fixture *f = opaque;

    if (ev == CHARDEV_EVENT_INPUT) {
        f->m.request++;
        spapr_vty_input(&f->m);
    }
}

static void test_console_input_interrupt(Fixture *f, gconstpointer data)
{
    ChardevSpec spec = { .kind = CHARDEV_NULL };
    char *err = NULL;
    Chardev *c = chardev_open(&spec, &err);
    uint8_t buf[8];

    g_assert_nonnull(c);
    chardev_set_event_handler(c, console_event, f);
    route_console(f);
    chardev_feed(c, (const uint8_t *)"ls\r", 3);
    g_assert_cmpint(f->m.request, ==, 1);
    g_assert_true(spapr_hypervisor_ops.irq_pending(&f->m, f->env));
    g_assert_cmpuint(chardev_read(c, buf, sizeof(buf)), ==, 3);
    chardev_close(c);
}

/* ------------------------------------------------------------ RTAS */

static void test_rtas_nvram(Fixture *f, gconstpointer data)
{
    uint32_t rets[1];
    /* an empty NVRAM: one free-space partition over all of it */
    static const uint8_t header[16] = {
        0x7f, 0x29, 0x10, 0x00, 'w', 'w', 'w', 'w', 'w', 'w', 'w', 'w', 'w',
        'w', 'w', 'w',
    };

    uint32_t fetch[3] = { 0, 0x9000, 16 };
    g_assert_cmpint(rtas(f, "nvram-fetch", 3, fetch, 2, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 16);
    g_assert_cmpmem(f->m.ram + 0x9000, 16, header, 16);

    /* a store, then a fetch of the same bytes */
    memcpy(f->m.ram + 0xa000, "hello, nvram", 12);
    uint32_t store[3] = { SPAPR_NVRAM_SIZE - 12, 0xa000, 12 };
    g_assert_cmpint(rtas(f, "nvram-store", 3, store, 2, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 12);
    uint32_t back[3] = { SPAPR_NVRAM_SIZE - 12, 0xb000, 12 };
    g_assert_cmpint(rtas(f, "nvram-fetch", 3, back, 2, rets), ==, 0);
    g_assert_cmpmem(f->m.ram + 0xb000, 12, "hello, nvram", 12);

    /* the NVRAM survives a machine reset */
    spapr_hv_reset(&f->m);
    memset(f->m.ram + 0xb000, 0, 12);
    g_assert_cmpint(rtas(f, "nvram-fetch", 3, back, 2, rets), ==, 0);
    g_assert_cmpmem(f->m.ram + 0xb000, 12, "hello, nvram", 12);

    /* beyond the NVRAM or RAM: parameter error, 0 bytes */
    static const uint32_t bad[][3] = {
        { SPAPR_NVRAM_SIZE - 11, 0xa000, 12 },
        { SPAPR_NVRAM_SIZE + 1, 0xa000, 0 },
        { 0, RAM_SIZE - 8, 16 },
        { 0, 0xa000, 0xffffffffu },
        { 0xffffffffu, 0xa000, 2 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(rtas(f, "nvram-fetch", 3, bad[i], 2, rets), ==, -3);
        g_assert_cmpuint(rets[0], ==, 0);
        g_assert_cmpint(rtas(f, "nvram-store", 3, bad[i], 2, rets), ==, -3);
    }
    g_assert_cmpint(rtas(f, "nvram-fetch", 2, fetch, 2, rets), ==, -3);
}

static void test_rtas_events_and_sensors(Fixture *f, gconstpointer data)
{
    uint32_t args[7] = { 0 }, rets[1];

    /* no event, no error: status 1 */
    g_assert_cmpint(rtas(f, "event-scan", 4, args, 1, NULL), ==, 1);
    g_assert_cmpint(rtas(f, "check-exception", 6, args, 1, NULL), ==, 1);
    g_assert_cmpint(rtas(f, "check-exception", 7, args, 1, NULL), ==, 1);
    g_assert_cmpint(rtas(f, "check-exception", 5, args, 1, NULL), ==, -3);
    g_assert_cmpint(rtas(f, "event-scan", 3, args, 1, NULL), ==, -3);
    /* no indicators or sensors */
    uint32_t ind[3] = { 9005, 0, 1 };
    g_assert_cmpint(rtas(f, "set-indicator", 3, ind, 1, NULL), ==, -3);
    g_assert_cmpint(rtas(f, "get-sensor-state", 2, ind, 2, rets), ==, -3);
}

/* finds a section of a version 6 event log the way Linux's
   get_pseries_errorlog() does: extended bit, format 14, company "IBM",
   then sections of (id, length) from byte 24; NULL if absent */
static const uint8_t *elog_section(const uint8_t *log, char id0, char id1)
{
    if (!(log[1] & 0x04)) {
        return NULL;
    }
    uint32_t ext_len = ld_be32(log + 4);
    const uint8_t *ext = log + 8, *end = ext + ext_len;
    if (ext_len < 16 || (ext[2] & 0x0f) != 14 ||
        ld_be32(ext + 12) != (('I' << 24) | ('B' << 16) | ('M' << 8))) {
        return NULL;
    }
    for (const uint8_t *p = ext + 16; p + 8 <= end;) {
        uint16_t len = (uint16_t)(p[2] << 8 | p[3]);
        if (p[0] == id0 && p[1] == id1) {
            return p;
        }
        if (len < 8) {
            return NULL;
        }
        p += len;
    }
    return NULL;
}

/* system_powerdown: an EPOW event Linux's ras.c turns into
   orderly_poweroff() (action 3 "system shutdown", modifier 1 "normal"),
   fetched once by check-exception with the EPOW class (0x40000000) */
static void test_rtas_epow(Fixture *f, gconstpointer data)
{
    const uint32_t buf = 0x9000, epow_class = 0x40000000;
    uint32_t sensor[2] = { 9, 0 }, rets[1];
    uint32_t chk[6] = { 0x500, SPAPR_IRQ_EPOW, epow_class, 0, buf, 2048 };

    g_assert_true(xics_is_lsi(f->m.xics, SPAPR_IRQ_EPOW));
    g_assert_cmpint(rtas(f, "get-sensor-state", 2, sensor, 2, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 0);
    g_assert_true(spapr_events_powerdown(&f->m));
    g_assert_cmpint(rtas(f, "get-sensor-state", 2, sensor, 2, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 3);

    /* another class: nothing for it */
    chk[2] = 0x80000000;
    g_assert_cmpint(rtas(f, "check-exception", 6, chk, 1, NULL), ==, 1);
    /* a buffer outside RAM: refused, the event stays */
    chk[2] = epow_class;
    chk[4] = RAM_SIZE - 16;
    g_assert_cmpint(rtas(f, "check-exception", 6, chk, 1, NULL), ==, -3);
    chk[4] = buf;
    memset(f->m.ram + buf, 0, 2048);
    g_assert_cmpint(rtas(f, "check-exception", 6, chk, 1, NULL), ==, 0);
    const uint8_t *log = f->m.ram + buf;
    g_assert_cmpuint(log[0], ==, 6);    /* version 6 */
    g_assert_cmpuint(log[3], ==, 0x40); /* RTAS_TYPE_EPOW */
    const uint8_t *ep = elog_section(log, 'E', 'P');
    g_assert_nonnull(ep);
    g_assert_cmpuint(ep[8] & 0xf, ==, 3);
    g_assert_cmpuint(ep[9] & 0xf, ==, 1);
    g_assert_nonnull(elog_section(log, 'P', 'H'));
    g_assert_nonnull(elog_section(log, 'U', 'H'));
    /* fetched: gone, the sensor back to normal */
    g_assert_cmpint(rtas(f, "check-exception", 6, chk, 1, NULL), ==, 1);
    g_assert_cmpint(rtas(f, "get-sensor-state", 2, sensor, 2, rets), ==, 0);
    g_assert_cmpuint(rets[0], ==, 0);

    /* event-scan hands out the same queue; a short buffer gets the log's
       start */
    uint32_t scan[4] = { 0xf0000000, 0, buf, 8 };
    g_assert_true(spapr_events_powerdown(&f->m));
    memset(f->m.ram + buf, 0xee, 16);
    g_assert_cmpint(rtas(f, "event-scan", 4, scan, 1, NULL), ==, 0);
    g_assert_cmpuint(log[0], ==, 6);
    g_assert_cmpuint(log[8], ==, 0xee);
    /* a reset drops what is queued */
    g_assert_true(spapr_events_powerdown(&f->m));
    spapr_hv_reset(&f->m);
    g_assert_cmpint(rtas(f, "event-scan", 4, scan, 1, NULL), ==, 1);
}

static void test_rtas_cpu_stop_start(Fixture *f, gconstpointer data)
{
    uint32_t rets[1];
    uint32_t cpu0[3] = { 0, 0x7000, 42 };
    uint32_t cpu1[3] = { 1, 0x7000, 42 };

    g_assert_cmpint(rtas(f, "query-cpu-stopped-state", 1, cpu0, 2, rets), ==,
                    0);
    g_assert_cmpuint(rets[0], ==, 2); /* running */
    g_assert_cmpint(rtas(f, "query-cpu-stopped-state", 1, cpu1, 2, rets), ==,
                    -3);
    /* a running processor cannot be started */
    g_assert_cmpint(rtas(f, "start-cpu", 3, cpu0, 1, NULL), ==, -1);
    g_assert_cmpint(rtas(f, "start-cpu", 3, cpu1, 1, NULL), ==, -3);

    f->env->msr |= MSR_BIT(MSR_EE);
    rtas(f, "stop-self", 0, NULL, 1, NULL);
    g_assert_true(f->env->halted);
    g_assert_false(ppc_cpu_has_work(f->env));
    g_assert_cmpint(rtas(f, "query-cpu-stopped-state", 1, cpu0, 2, rets), ==,
                    0);
    g_assert_cmpuint(rets[0], ==, 0); /* stopped */
    /* a stopped vCPU ignores prods */
    g_assert_cmpint(hcall(f, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->halted);

    /* started by another processor (a second vCPU's state, not one of
       the machine's: the machine has one) */
    f->other = g_new0(CPUPPCState, 1);
    f->other->msr = MSR_BIT(MSR_SF);
    f->other->cpu_index = 1;
    g_assert_cmpint(rtas(f, "start-cpu", 3, cpu0, 1, NULL), ==, 0);
    g_free(f->other);
    f->other = NULL;
    g_assert_false(f->env->halted);
    g_assert_cmphex(f->env->nip, ==, 0x7000);
    g_assert_cmpuint(f->env->gpr[3], ==, 42);
    g_assert_cmphex(f->env->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME));
}

static void test_rtas_system_parameter(Fixture *f, gconstpointer data)
{
    uint32_t args[3] = { 20, 0xc000, 256 };

    g_assert_cmpint(rtas(f, "ibm,get-system-parameter", 3, args, 1, NULL),
                    ==, 0);
    uint32_t len = (uint32_t)f->m.ram[0xc000] << 8 | f->m.ram[0xc001];
    char *val = g_strndup((char *)f->m.ram + 0xc002, len);
    g_assert_true(g_str_has_prefix(val, "MaxEntCap=100,"));
    g_assert_nonnull(strstr(val, "DesProcs=1"));
    g_free(val);

    /* truncated to the buffer */
    args[2] = 6;
    g_assert_cmpint(rtas(f, "ibm,get-system-parameter", 3, args, 1, NULL),
                    ==, 0);
    g_assert_cmpuint(f->m.ram[0xc001], ==, 4);

    /* other parameters are not supported; bad buffers are refused */
    args[0] = 44;
    args[2] = 256;
    g_assert_cmpint(rtas(f, "ibm,get-system-parameter", 3, args, 1, NULL),
                    ==, -3);
    uint32_t bad[3] = { 20, RAM_SIZE - 16, 256 };
    g_assert_cmpint(rtas(f, "ibm,get-system-parameter", 3, bad, 1, NULL),
                    ==, -9999);
}

static void test_rtas_os_term(Fixture *f, gconstpointer data)
{
    uint32_t args[1] = { 0xd000 };

    strcpy((char *)f->m.ram + 0xd000, "test: ignore this message");
    g_assert_cmpint(rtas(f, "ibm,os-term", 1, args, 1, NULL), ==, 0);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_SHUTDOWN);
    g_assert_cmpstr(f->m.shutdown_reason, ==, "guest-panic");
    /* an unterminated message at the end of RAM is cut there */
    f->m.request = 0;
    memset(f->m.ram + RAM_SIZE - 8, 'x', 8);
    args[0] = RAM_SIZE - 8;
    g_assert_cmpint(rtas(f, "ibm,os-term", 1, args, 1, NULL), ==, 0);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_SHUTDOWN);
}

/* ------------------------------------------------------------ the tree */

static void test_fdt(Fixture *f, gconstpointer data)
{
    void *fdt = g_malloc0(0x10000);
    int len;

    g_assert_cmpint(fdt_create_empty_tree(fdt, 0x10000), ==, 0);
    int vdev = fdt_add_subnode(fdt, 0, "vdevice");
    g_assert_cmpint(fdt_add_subnode(fdt, vdev, "vty@71000000"), >=, 0);
    g_assert_cmpint(fdt_add_subnode(fdt, 0, "rtas"), >=, 0);
    /* a -serial console's numbering (vio.c) */
    f->m.console_reg = 0x71000000;
    f->m.nvram_reg = 0x71000001;
    g_assert_cmpint(spapr_hv_fdt(&f->m, fdt), ==, 0);

    const fdt32_t *irq = fdt_getprop(
        fdt, fdt_path_offset(fdt, "/vdevice/vty@71000000"), "interrupts",
        &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(fdt32_to_cpu(irq[0]), ==, SPAPR_VTY_IRQ);
    g_assert_cmphex(fdt32_to_cpu(irq[1]), ==, 0);

    int nv = fdt_path_offset(fdt, "/vdevice/nvram@71000001");
    g_assert_cmpint(nv, >=, 0);
    g_assert_cmpstr(fdt_getprop(fdt, nv, "device_type", NULL), ==, "nvram");
    const fdt32_t *bytes = fdt_getprop(fdt, nv, "#bytes", &len);
    g_assert_cmpint(len, ==, 4);
    g_assert_cmpuint(fdt32_to_cpu(*bytes), ==, 65536);

    int rtas_node = fdt_path_offset(fdt, "/rtas");
    g_assert_nonnull(fdt_getprop(fdt, rtas_node, "rtas-event-scan-rate",
                                 NULL));
    g_assert_nonnull(fdt_getprop(fdt, rtas_node, "ibm,extended-os-term",
                                 &len));
    g_assert_cmpint(len, ==, 0);

    /* the EPOW source: level-triggered (sense 1) under an interrupt
       controller node of two cells, as Linux's event-sources code wants */
    int es = fdt_path_offset(fdt, "/event-sources");
    g_assert_cmpint(es, >=, 0);
    g_assert_nonnull(fdt_getprop(fdt, es, "interrupt-controller", NULL));
    const fdt32_t *cells = fdt_getprop(fdt, es, "#interrupt-cells", &len);
    g_assert_cmpuint(fdt32_to_cpu(*cells), ==, 2);
    irq = fdt_getprop(fdt, fdt_path_offset(fdt, "/event-sources/epow-events"),
                      "interrupts", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(fdt32_to_cpu(irq[0]), ==, SPAPR_IRQ_EPOW);
    g_assert_cmphex(fdt32_to_cpu(irq[1]), ==, 1);
    g_free(fdt);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false);
#define ADD(path, fn)                                                        \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/hcall-misc/set-mode/le", test_set_mode_le);
    ADD("/hcall-misc/rtas/epow", test_rtas_epow);
    ADD("/hcall-misc/set-mode/ail", test_set_mode_ail);
    ADD("/hcall-misc/set-mode/breakpoints", test_set_mode_breakpoints);
    ADD("/hcall-misc/set-mode/bad-resource", test_set_mode_bad_resource);
    ADD("/hcall-misc/dabr", test_set_dabr);
    ADD("/hcall-misc/vpa/register", test_vpa_register);
    ADD("/hcall-misc/vpa/bad", test_vpa_bad);
    ADD("/hcall-misc/vpa/dispatch-count", test_vpa_dispatch_count);
    ADD("/hcall-misc/set-sprg0", test_set_sprg0);
    ADD("/hcall-misc/page-init", test_page_init);
    ADD("/hcall-misc/logical-ci", test_logical_ci);
    ADD("/hcall-misc/cpu-characteristics", test_cpu_characteristics);
    ADD("/hcall-misc/random", test_random);
    ADD("/hcall-misc/splpar", test_splpar);
    ADD("/hcall-misc/cede/halts-and-prod", test_cede_halts_and_prod);
    ADD("/hcall-misc/cede/wakes-on-interrupt", test_cede_wakes_on_interrupt);
    ADD("/hcall-misc/cede/wakes-on-request", test_cede_wakes_on_request);
    ADD("/hcall-misc/cede/wakes-at-decrementer",
        test_cede_wakes_at_decrementer);
    ADD("/hcall-misc/cede/guest-code", test_cede_guest_code);
    ADD("/hcall-misc/console-input", test_console_input_interrupt);
    ADD("/rtas-misc/nvram", test_rtas_nvram);
    ADD("/rtas-misc/events-and-sensors", test_rtas_events_and_sensors);
    ADD("/rtas-misc/cpu-stop-start", test_rtas_cpu_stop_start);
    ADD("/rtas-misc/system-parameter", test_rtas_system_parameter);
    ADD("/rtas-misc/os-term", test_rtas_os_term);
    ADD("/rtas-misc/fdt", test_fdt);
#undef ADD
    return g_test_run();
}
