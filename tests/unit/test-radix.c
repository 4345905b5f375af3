/*
 * The radix tree MMU (target-ppc/mmu-radix.c) on page tables built by hand
 * in a fake guest RAM, and the softmmu flushes that depend on it.
 *
 * Expected values come from the ISA and from Linux, not from the code
 * under test:
 *   - entry layouts (Power ISA 3.0B Book III ch. 5, "Radix Tree
 *     Translation"), written here as Linux's book3s/64 radix constants:
 *     V 0x8000000000000000, leaf 0x4000000000000000, R 0x100, C 0x80,
 *     EAA privileged 0x8 / read 0x4 / read-write 0x2 / execute 0x1,
 *     non-idempotent I/O 0x20; a 52-bit tree's RTS field
 *     0x40000000000000a0 (RTS = 21: RTS1 = 0b10, RTS2 = 0b101);
 *   - DSISR/SRR1 bits (Book III 6.5.3, 6.5.5), as Linux's reg.h names
 *     them: no translation 0x40000000 (bit 33), protection 0x08000000
 *     (36), store 0x02000000 (38), no-execute/guarded 0x10000000 (35),
 *     unsupported tree 0x00080000 (44);
 *   - LPCR bits as Linux's reg.h has them: HR 0x100000, UPRT 0x400000,
 *     GTSE 0x400;
 *   - real addresses and page offsets worked out by hand from the page
 *     sizes (4K, 64K, 2M, 1G) below.
 */
#include <glib.h>

#include "exec.h"
#include "target-ppc/mmu-radix.h"
#include "target-ppc/translate.h"

#define RAM_SIZE (32u << 20)

#define V 0x8000000000000000ull
#define LEAF 0x4000000000000000ull
#define PTE_R 0x100ull
#define PTE_C 0x80ull
#define PRIV 0x8ull
#define RD 0x4ull
#define RW 0x2ull
#define EX 0x1ull
#define NI_IO 0x20ull
#define RTS_52 0x40000000000000a0ull

#define NOPTE 0x40000000ull
#define PROT 0x08000000ull
#define STORE 0x02000000ull
#define NOEXEC 0x10000000ull
#define BADCFG 0x00080000ull

#define PROC_TBL 0x10000ull   /* PRTS = 0: 4 KiB, 256 PIDs */
#define ROOT_64K 0x20000ull   /* PID 0: 13/9/9/5 index bits, 64K pages */
#define ROOT_4K 0x40000ull    /* PID 1: 13/9/9/9 index bits, 4K pages */

enum { LOAD = 0, STORE_ACC = 1, FETCH = 2 };

static const unsigned geo_64k[] = {13, 9, 9, 5};
static const unsigned geo_4k[] = {13, 9, 9, 9};

static uint8_t *ram;
static CPUPPCState *env;
static uint64_t next_table;

static void put64(uint64_t pa, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        ram[pa + i] = (uint8_t)(v >> (56 - 8 * i)); /* big-endian */
    }
}

static uint64_t get64(uint64_t pa)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = v << 8 | ram[pa + i];
    }
    return v;
}

/* a zeroed table of 2^bits entries, aligned to its size */
static uint64_t new_table(unsigned bits)
{
    uint64_t size = 8ull << bits;
    uint64_t t = (next_table + size - 1) & ~(size - 1);
    next_table = t + size;
    g_assert_cmpuint(next_table, <=, RAM_SIZE);
    memset(ram + t, 0, size);
    return t;
}

/*
 * Maps ea in the tree at root (geometry geo) with a leaf at level `level`
 * (0 = root): pte = leaf flags | rpn.  Returns the leaf's real address.
 */
static uint64_t map(uint64_t root, const unsigned *geo, uint64_t ea,
                    int level, uint64_t pte)
{
    uint64_t table = root;
    unsigned shift = 52;

    for (int l = 0;; l++) {
        shift -= geo[l];
        uint64_t slot = table + ((ea >> shift) & ((1ull << geo[l]) - 1)) * 8;
        if (l == level) {
            put64(slot, V | LEAF | pte);
            return slot;
        }
        uint64_t e = get64(slot);
        if (!(e & V)) {
            uint64_t next = new_table(geo[l + 1]);
            e = V | next | geo[l + 1];
            put64(slot, e);
        }
        table = e & 0x0fffffffffffff00ull;
    }
}

static void setup(void)
{
    if (!ram) {
        ram = g_malloc0(RAM_SIZE);
    }
    memset(ram, 0, RAM_SIZE);
    env = ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
    tlb_flush(env);
    next_table = 0x100000;
    put64(PROC_TBL + 0 * 16, RTS_52 | ROOT_64K | 13);
    put64(PROC_TBL + 1 * 16, RTS_52 | ROOT_4K | 13);
    ppc_set_process_table(env, PROC_TBL | 0);
    ppc_set_lpcr_mmu(env, true, true);
    env->msr |= MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
}

static void teardown(void)
{
    ppc_cpu_free(env);
    env = NULL;
}

/* translates or gives the exception raised (EXCP_NONE on success) */
static int xlate(uint64_t ea, int access, int mmu_idx, uint64_t *ra)
{
    volatile int excp = EXCP_NONE;
    int prot;

    env->exception_index = EXCP_NONE;
    env->error_code = 0;
    env->spr[SPR_DSISR] = 0;
    env->spr[SPR_DAR] = 0;
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        g_assert_true(ppc_mmu_translate(env, ea, access, mmu_idx, ra, &prot,
                                        true, 0));
    } else {
        excp = env->exception_index;
    }
    return excp;
}

static uint64_t must_xlate(uint64_t ea, int access, int mmu_idx)
{
    uint64_t ra = 0;
    g_assert_cmpint(xlate(ea, access, mmu_idx, &ra), ==, EXCP_NONE);
    return ra;
}

/* a data access that must fail with a DSI: returns DSISR */
static uint64_t dsi(uint64_t ea, int access, int mmu_idx)
{
    uint64_t ra;
    g_assert_cmpint(xlate(ea, access, mmu_idx, &ra), ==, EXCP_DSI);
    g_assert_cmphex(env->spr[SPR_DAR], ==, ea);
    return env->spr[SPR_DSISR];
}

/* a fetch that must fail with an ISI: returns the SRR1 cause bits */
static uint64_t isi(uint64_t ea, int mmu_idx)
{
    uint64_t ra;
    g_assert_cmpint(xlate(ea, FETCH, mmu_idx, &ra), ==, EXCP_ISI);
    return env->error_code;
}

/* ------------------------------------------------------------ page sizes */

static void test_64k(void)
{
    setup();
    uint64_t ea = 0xc000000001234567ull;
    uint64_t leaf = map(ROOT_64K, geo_64k, ea, 3, 0x00a30000 | PRIV | RD | RW);
    g_assert_cmphex(must_xlate(ea, LOAD, MMU_IDX_KERNEL), ==, 0xa34567);
    /* R set by the load, C not */
    g_assert_cmphex(get64(leaf) & (PTE_R | PTE_C), ==, PTE_R);
    g_assert_cmphex(must_xlate(ea + 8, STORE_ACC, MMU_IDX_KERNEL), ==,
                    0xa3456f);
    g_assert_cmphex(get64(leaf) & (PTE_R | PTE_C), ==, PTE_R | PTE_C);
    /* the rest of the entry is untouched */
    g_assert_cmphex(get64(leaf) & ~(PTE_R | PTE_C), ==,
                    V | LEAF | 0x00a30000 | PRIV | RD | RW);
    /* the last byte of the 64K page, and the page after (unmapped) */
    g_assert_cmphex(must_xlate(0xc00000000123ffffull, LOAD, MMU_IDX_KERNEL),
                    ==, 0xa3ffff);
    g_assert_cmphex(dsi(0xc000000001240000ull, LOAD, MMU_IDX_KERNEL), ==,
                    NOPTE);
    teardown();
}

static void test_4k_user(void)
{
    setup();
    env->spr[SPR_PIDR] = 1;
    uint64_t ea = 0x10003abcull;
    uint64_t leaf = map(ROOT_4K, geo_4k, ea, 3, 0x7000 | RD | RW | EX);
    g_assert_cmphex(must_xlate(ea, LOAD, MMU_IDX_USER), ==, 0x7abc);
    g_assert_cmphex(must_xlate(ea, FETCH, MMU_IDX_USER), ==, 0x7abc);
    g_assert_cmphex(get64(leaf) & (PTE_R | PTE_C), ==, PTE_R);
    /* the neighbouring 4K page is not mapped */
    g_assert_cmphex(dsi(ea + 0x1000, LOAD, MMU_IDX_USER), ==, NOPTE);
    /* quadrant 3 still uses PID 0's tree, whatever PIDR says */
    map(ROOT_64K, geo_64k, 0xc000000000010000ull, 3,
        0x50000 | PRIV | RD);
    g_assert_cmphex(must_xlate(0xc000000000010010ull, LOAD, MMU_IDX_KERNEL),
                    ==, 0x50010);
    teardown();
}

static void test_2m_1g(void)
{
    setup();
    map(ROOT_64K, geo_64k, 0xc000000040200000ull, 2, 0x1200000 | PRIV | RD);
    g_assert_cmphex(must_xlate(0xc000000040234567ull, LOAD, MMU_IDX_KERNEL),
                    ==, 0x1234567);
    map(ROOT_64K, geo_64k, 0xc000000080000000ull, 1, 0x40000000 | PRIV | RD);
    g_assert_cmphex(must_xlate(0xc0000000bfedcba8ull, LOAD, MMU_IDX_KERNEL),
                    ==, 0x7fedcba8);
    /* RPN bits below the page size are not part of the address */
    map(ROOT_64K, geo_64k, 0xc000000000600000ull, 2, 0x1208000 | PRIV | RD);
    g_assert_cmphex(must_xlate(0xc000000000612345ull, LOAD, MMU_IDX_KERNEL),
                    ==, 0x1212345);
    teardown();
}

/* ------------------------------------------------------------ faults */

static void test_not_present(void)
{
    setup();
    uint64_t ea = 0xc000000000300000ull;
    g_assert_cmphex(dsi(ea, LOAD, MMU_IDX_KERNEL), ==, NOPTE);
    g_assert_cmphex(dsi(ea + 4, STORE_ACC, MMU_IDX_KERNEL), ==,
                    NOPTE | STORE);
    g_assert_cmphex(isi(ea, MMU_IDX_KERNEL), ==, NOPTE);
    /* a leaf whose V bit is off, at the last level */
    uint64_t leaf = map(ROOT_64K, geo_64k, ea, 3, 0x80000 | PRIV | RD);
    put64(leaf, get64(leaf) & ~V);
    g_assert_cmphex(dsi(ea, LOAD, MMU_IDX_KERNEL), ==, NOPTE);
    /* a PID beyond the 256-entry process table */
    env->spr[SPR_PIDR] = 300;
    g_assert_cmphex(dsi(0x1000, LOAD, MMU_IDX_USER), ==, NOPTE);
    teardown();
}

static void test_read_only(void)
{
    setup();
    uint64_t ea = 0xc000000000500000ull;
    uint64_t leaf = map(ROOT_64K, geo_64k, ea, 3, 0x90000 | PRIV | RD);
    g_assert_cmphex(dsi(ea, STORE_ACC, MMU_IDX_KERNEL), ==, PROT | STORE);
    /* a refused access records nothing */
    g_assert_cmphex(get64(leaf) & (PTE_R | PTE_C), ==, 0);
    g_assert_cmphex(must_xlate(ea, LOAD, MMU_IDX_KERNEL), ==, 0x90000);
    /* write-only is read-write in the EAA encoding */
    map(ROOT_64K, geo_64k, ea + 0x10000, 3, 0xa0000 | PRIV | RW);
    g_assert_cmphex(must_xlate(ea + 0x10000, LOAD, MMU_IDX_KERNEL), ==,
                    0xa0000);
    /* no access at all */
    map(ROOT_64K, geo_64k, ea + 0x20000, 3, 0xb0000 | PRIV);
    g_assert_cmphex(dsi(ea + 0x20000, LOAD, MMU_IDX_KERNEL), ==, PROT);
    teardown();
}

static void test_privileged(void)
{
    setup();
    uint64_t ea = 0x20000ull;
    map(ROOT_64K, geo_64k, ea, 3, 0x60000 | PRIV | RD | RW | EX);
    g_assert_cmphex(dsi(ea, LOAD, MMU_IDX_USER), ==, PROT);
    g_assert_cmphex(dsi(ea, STORE_ACC, MMU_IDX_USER), ==, PROT | STORE);
    g_assert_cmphex(isi(ea, MMU_IDX_USER), ==, PROT);
    g_assert_cmphex(must_xlate(ea, LOAD, MMU_IDX_KERNEL), ==, 0x60000);
    teardown();
}

static void test_amr(void)
{
    setup();
    uint64_t user = 0x30000ull, kern = 0xc000000000130000ull;
    map(ROOT_64K, geo_64k, user, 3, 0x70000 | RD | RW);
    map(ROOT_64K, geo_64k, kern, 3, 0x80000 | PRIV | RD | RW);

    /* key 0 blocks loads and stores: privileged access to a user page */
    env->spr[SPR_AMR] = 0xc000000000000000ull;
    g_assert_cmphex(dsi(user, LOAD, MMU_IDX_KERNEL), ==, PROT);
    g_assert_cmphex(dsi(user, STORE_ACC, MMU_IDX_KERNEL), ==, PROT | STORE);
    /* ...not problem state, nor privileged pages */
    g_assert_cmphex(must_xlate(user, STORE_ACC, MMU_IDX_USER), ==, 0x70000);
    g_assert_cmphex(must_xlate(kern, STORE_ACC, MMU_IDX_KERNEL), ==,
                    0x80000);
    /* stores only blocked (Linux's read-only user access) */
    env->spr[SPR_AMR] = 0x8000000000000000ull;
    g_assert_cmphex(must_xlate(user, LOAD, MMU_IDX_KERNEL), ==, 0x70000);
    g_assert_cmphex(dsi(user, STORE_ACC, MMU_IDX_KERNEL), ==, PROT | STORE);
    /* other keys do not matter for radix */
    env->spr[SPR_AMR] = 0x3fffffffffffffffull;
    g_assert_cmphex(must_xlate(user, STORE_ACC, MMU_IDX_KERNEL), ==,
                    0x70000);
    teardown();
}

/* what the monitor's x and the gdbstub read: a vCPU stopped in problem
   state still shows the kernel's privileged pages (the CI run that met a
   guest stopped in user space), a kernel under KUAP still shows user
   pages, and the AMR is left as it was */
static void test_debug_view(void)
{
    setup();
    uint64_t user = 0x30000ull, kern = 0xc000000000130000ull, ra = 0;
    map(ROOT_64K, geo_64k, user, 3, 0x70000 | RD | RW);
    map(ROOT_64K, geo_64k, kern, 3, 0x80000 | PRIV | RD | RW);

    env->msr |= MSR_BIT(MSR_PR);
    g_assert_cmpint(ppc_mmu_idx_data(env), ==, MMU_IDX_USER);
    g_assert_true(ppc_mmu_debug_translate(env, kern + 0x1234, &ra));
    g_assert_cmphex(ra, ==, 0x81234);
    g_assert_true(ppc_mmu_debug_translate(env, user + 8, &ra));
    g_assert_cmphex(ra, ==, 0x70008);

    env->msr &= ~MSR_BIT(MSR_PR);
    env->spr[SPR_AMR] = 0xc000000000000000ull;
    g_assert_true(ppc_mmu_debug_translate(env, user + 16, &ra));
    g_assert_cmphex(ra, ==, 0x70010);
    g_assert_cmphex(env->spr[SPR_AMR], ==, 0xc000000000000000ull);
    /* nothing mapped there: still a refusal */
    g_assert_false(ppc_mmu_debug_translate(env, 0x5000000ull, &ra));
    teardown();
}

static void test_fetch(void)
{
    setup();
    uint64_t code = 0x40000ull, data = 0x50000ull, io = 0xc000000000070000ull;
    map(ROOT_64K, geo_64k, code, 3, 0x100000 | RD | EX);
    map(ROOT_64K, geo_64k, data, 3, 0x110000 | RD | RW);
    map(ROOT_64K, geo_64k, io, 3, 0x120000 | PRIV | RD | RW | EX | NI_IO);
    g_assert_cmphex(must_xlate(code, FETCH, MMU_IDX_USER), ==, 0x100000);
    g_assert_cmphex(isi(data, MMU_IDX_USER), ==, NOEXEC);
    g_assert_cmphex(isi(io, MMU_IDX_KERNEL), ==, NOEXEC);
    /* KUEP: IAMR key 0 keeps privileged fetches off user pages */
    g_assert_cmphex(must_xlate(code, FETCH, MMU_IDX_KERNEL), ==, 0x100000);
    env->spr[SPR_IAMR] = 0x4000000000000000ull;
    g_assert_cmphex(isi(code, MMU_IDX_KERNEL), ==, PROT);
    g_assert_cmphex(must_xlate(code, FETCH, MMU_IDX_USER), ==, 0x100000);
    teardown();
}

static void test_segment(void)
{
    setup();
    uint64_t ra;
    map(ROOT_64K, geo_64k, 0x10000ull, 3, 0x10000 | RD);
    /* quadrants 1 and 2 are the hypervisor's */
    g_assert_cmpint(xlate(0x4000000000010000ull, LOAD, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_DSEG);
    g_assert_cmphex(env->spr[SPR_DAR], ==, 0x4000000000010000ull);
    g_assert_cmpint(xlate(0x8000000000010000ull, STORE_ACC, MMU_IDX_KERNEL,
                          &ra),
                    ==, EXCP_DSEG);
    g_assert_cmpint(xlate(0x4000000000010000ull, FETCH, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_ISEG);
    /* an EA above the 52-bit tree */
    g_assert_cmpint(xlate(0x0010000000010000ull, LOAD, MMU_IDX_USER, &ra),
                    ==, EXCP_DSEG);
    g_assert_cmpint(xlate(0xc010000000010000ull, FETCH, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_ISEG);
    teardown();
}

static void test_bad_config(void)
{
    setup();
    /* a root directory of 16 entries (RPDS = 4 < 5) */
    put64(PROC_TBL + 2 * 16, RTS_52 | ROOT_4K | 4);
    env->spr[SPR_PIDR] = 2;
    g_assert_cmphex(dsi(0x1000, LOAD, MMU_IDX_USER), ==, BADCFG);
    /* a next-level base not aligned to its table's size */
    map(ROOT_64K, geo_64k, 0x90000ull, 3, 0x90000 | RD);
    uint64_t top = ROOT_64K + ((0x90000ull >> 39) & 0x1fff) * 8;
    put64(top, get64(top) + 0x100);
    g_assert_cmphex(dsi(0x90000ull, STORE_ACC, MMU_IDX_KERNEL), ==,
                    BADCFG | STORE);
    g_assert_cmphex(isi(0x90000ull, MMU_IDX_KERNEL), ==, BADCFG);
    /* a leaf in the root: a 512G page, which POWER9 does not have */
    map(ROOT_64K, geo_64k, 0x800000000000ull, 0, 0 | RD);
    g_assert_cmphex(dsi(0x800000001000ull, LOAD, MMU_IDX_USER), ==, BADCFG);
    teardown();
}

/* ------------------------------------------------------------ flushes */

static uint64_t ld32(uint64_t ea, int mmu_idx)
{
    return cpu_ld_mmu(env, ea, make_memop_idx(MO_32, mmu_idx), 0);
}

/* a load through the softmmu, or the exception it raised */
static int ld_excp(uint64_t ea, int mmu_idx)
{
    volatile int excp = EXCP_NONE;
    env->exception_index = EXCP_NONE;
    if (sigsetjmp(env->jmp_env, 0) == 0) {
        ld32(ea, mmu_idx);
    } else {
        excp = env->exception_index;
    }
    return excp;
}

static void test_tlbie(void)
{
    setup();
    uint64_t ea = 0xc000000000a00000ull;
    uint64_t leaf = map(ROOT_64K, geo_64k, ea, 3, 0x200000 | PRIV | RD);
    memcpy(ram + 0x20f000, "\x11\x22\x33\x44", 4);
    g_assert_cmphex(ld32(ea + 0xf000, MMU_IDX_KERNEL), ==, 0x44332211);
    /* the guest unmaps the page: the TLB still has it until tlbie */
    put64(leaf, 0);
    g_assert_cmphex(ld32(ea + 0xf000, MMU_IDX_KERNEL), ==, 0x44332211);
    /* RIC=0 IS=0 AP=0b101 (64K), one page of PID 0 */
    ppc_radix_tlbie(env, ea | (5ull << (63 - 58)), 0, 0, true, true);
    g_assert_cmpint(ld_excp(ea + 0xf000, MMU_IDX_KERNEL), ==, EXCP_DSI);
    g_assert_cmphex(env->spr[SPR_DSISR], ==, NOPTE);

    /* RIC=2 (everything) for a PID, IS=1 */
    map(ROOT_64K, geo_64k, ea, 3, 0x200000 | PRIV | RD);
    g_assert_cmphex(ld32(ea + 0xf000, MMU_IDX_KERNEL), ==, 0x44332211);
    put64(leaf, 0);
    ppc_radix_tlbie(env, 1ull << (63 - 53), 0, 2, true, true);
    g_assert_cmpint(ld_excp(ea + 0xf000, MMU_IDX_KERNEL), ==, EXCP_DSI);
    teardown();
}

/*
 * Which TLB entries survive each tlbie form.  Five entries: U (a 4K page
 * of PID 1 in quadrant 0, user), U2 (another page of PID 1, reached by the
 * kernel), K and K2 (two 64K pages of PID 0 in quadrant 3, kernel) and Rm
 * (a real-mode entry, which is partition-scoped).  PIDR = 1.  Expected,
 * from the ISA's scopes (Book III 5.10.1; RIC 0 = TLB, 1 = page walk cache,
 * 2 = both and the table caches, 3 = table caches; IS 0 = one page of one
 * PID, 1 = a PID, 2 = the partition, 3 = all), and where ours is a
 * documented superset (mmu-radix.c, ppc_radix_tlbie), that superset:
 *   R=0 (hash forms)           nothing survives
 *   RIC=1 or 3                 everything survives (no TLB entry named)
 *   PRS=0, RIC=0/2             nothing survives
 *   PRS=1, RIC=0/2, IS=0       all but U (RB = U's page, AP 4K, PID 1)
 *                   IS=1       all but U and U2 (PID 1)
 *                   IS=2, 3    only Rm (every process-scoped entry goes)
 */
enum { E_U, E_U2, E_K, E_K2, E_RM, NB_E };
/* each in a TLB slot of its own: (ea >> 12) = 1, 2, 3, 4, 5 mod the size */
static const uint64_t e_ea[NB_E] = {
    0x10001000ull, 0x20002000ull, 0xc000000000a03000ull,
    0xc000000001004000ull, 0x5000ull,
};
static const int e_idx[NB_E] = {
    MMU_IDX_USER, MMU_IDX_KERNEL, MMU_IDX_KERNEL, MMU_IDX_KERNEL,
    MMU_IDX_REAL,
};

#define IS(n) ((uint64_t)(n) << (63 - 53))
#define AP(n) ((uint64_t)(n) << (63 - 58))
#define RS_PID(p) ((uint64_t)(p) << 32)

static bool in_tlb(uint64_t ea, int mmu_idx)
{
    const TLBEntry *e = &env->tlb[mmu_idx][(ea >> 12) & (TLB_SIZE - 1)];
    return (e->addr_read & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) ==
           (ea & TARGET_PAGE_MASK);
}

static void scope_setup(void)
{
    setup();
    env->spr[SPR_PIDR] = 1;
    map(ROOT_4K, geo_4k, e_ea[E_U], 3, 0x300000 | RD | RW);
    map(ROOT_4K, geo_4k, e_ea[E_U2], 3, 0x301000 | RD | RW);
    map(ROOT_64K, geo_64k, e_ea[E_K] & ~0xffffull, 3, 0x310000 | PRIV | RD);
    map(ROOT_64K, geo_64k, e_ea[E_K2] & ~0xffffull, 3,
        0x320000 | PRIV | RD);
}

/* fills the five entries; returns the mask of those in the TLB after
   op() */
static unsigned survivors_after(uint64_t rb, uint64_t rs, unsigned ric,
                                bool prs, bool r)
{
    unsigned left = 0;
    tlb_flush(env);
    for (int i = 0; i < NB_E; i++) {
        ld32(e_ea[i], e_idx[i]);
        g_assert_true(in_tlb(e_ea[i], e_idx[i]));
    }
    ppc_radix_tlbie(env, rb, rs, ric, prs, r);
    for (int i = 0; i < NB_E; i++) {
        left |= in_tlb(e_ea[i], e_idx[i]) ? 1u << i : 0;
    }
    return left;
}

static void test_tlbie_scopes(void)
{
    const unsigned all = (1u << NB_E) - 1;
    const uint64_t rb_is[4] = {
        e_ea[E_U] | AP(0) | IS(0), IS(1), IS(2), IS(3),
    };

    scope_setup();
    for (unsigned ric = 0; ric < 4; ric++) {
        for (int prs = 0; prs < 2; prs++) {
            for (int r = 0; r < 2; r++) {
                for (unsigned is = 0; is < 4; is++) {
                    unsigned want;
                    if (!r) {
                        want = 0;
                    } else if (ric == 1 || ric == 3) {
                        want = all;
                    } else if (!prs) {
                        want = 0;
                    } else if (is == 0) {
                        want = all & ~(1u << E_U);
                    } else if (is == 1) {
                        want = all & ~(1u << E_U | 1u << E_U2);
                    } else {
                        want = 1u << E_RM;
                    }
                    unsigned got = survivors_after(rb_is[is], RS_PID(1), ric,
                                                   prs, r);
                    if (got != want) {
                        g_test_message("RIC=%u PRS=%d R=%d IS=%u: survivors "
                                       "%#x, want %#x", ric, prs, r, is, got,
                                       want);
                    }
                    g_assert_cmphex(got, ==, want);
                }
            }
        }
    }
    teardown();
}

/* the PID and the page a tlbie names, beyond the table above */
static void test_tlbie_pid_page(void)
{
    const unsigned all = (1u << NB_E) - 1;

    scope_setup();
    /* U's page, but PID 0, which does not translate quadrant 0 here */
    g_assert_cmphex(survivors_after(e_ea[E_U] | AP(0), RS_PID(0), 0, true,
                                    true), ==, all);
    /* K's 64K page (AP 0b101) in PID 0 */
    g_assert_cmphex(survivors_after(e_ea[E_K] | AP(5), RS_PID(0), 0, true,
                                    true), ==, all & ~(1u << E_K));
    /* a 2M page (AP 0b001) holding U: U only (U2 is 256M away) */
    g_assert_cmphex(survivors_after((e_ea[E_U] + 0x1000) | AP(1), RS_PID(1),
                                    2, true, true),
                    ==, all & ~(1u << E_U));
    /* all of PID 0: the kernel's pages */
    g_assert_cmphex(survivors_after(IS(1), RS_PID(0), 2, true, true), ==,
                    all & ~(1u << E_K | 1u << E_K2));
    /* a PID nothing here is translated with */
    g_assert_cmphex(survivors_after(IS(1), RS_PID(7), 2, true, true), ==,
                    all);
    /* RIC=0 IS=1 for PID 1 leaves the kernel and real mode alone */
    g_assert_cmphex(survivors_after(IS(1), RS_PID(1), 0, true, true), ==,
                    1u << E_K | 1u << E_K2 | 1u << E_RM);
    teardown();
}

/* mtspr PIDR: quadrant 0 goes, PID 0's quadrant 3 and real mode stay */
static void test_pidr_flush(void)
{
    scope_setup();
    for (int i = 0; i < NB_E; i++) {
        ld32(e_ea[i], e_idx[i]);
    }
    ppc_radix_store_pidr(env, 1); /* the same PID: nothing changes */
    for (int i = 0; i < NB_E; i++) {
        g_assert_true(in_tlb(e_ea[i], e_idx[i]));
    }
    ppc_radix_store_pidr(env, 2);
    g_assert_cmphex(env->spr[SPR_PIDR], ==, 2);
    g_assert_false(in_tlb(e_ea[E_U], e_idx[E_U]));
    g_assert_false(in_tlb(e_ea[E_U2], e_idx[E_U2]));
    g_assert_true(in_tlb(e_ea[E_K], e_idx[E_K]));
    g_assert_true(in_tlb(e_ea[E_K2], e_idx[E_K2]));
    g_assert_true(in_tlb(e_ea[E_RM], e_idx[E_RM]));
    /* PID 2 has no entry in the 256-entry table: U does not translate */
    g_assert_cmpint(ld_excp(e_ea[E_U], MMU_IDX_USER), ==, EXCP_DSI);
    teardown();
}

/*
 * The page walk cache and the process-table cache: a directory entry the
 * guest changes may go on being used until tlbie RIC=1 or 2 (the ISA lets
 * a page walk cache keep it; seeing the old table shows ours is there),
 * and must not be after it.
 */
static void test_pwc(void)
{
    uint64_t u = e_ea[E_U];

    scope_setup();
    memcpy(ram + 0x300000, "\x01\x00\x00\x00", 4);
    memcpy(ram + 0x302000, "\x02\x00\x00\x00", 4);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* a new last-level table mapping u to 0x302000, hooked in one level
       up (13/9/9 bits: the level-2 entry) */
    uint64_t t3 = new_table(9);
    put64(t3 + ((u >> 12) & 0x1ff) * 8, V | LEAF | 0x302000 | RD | RW);
    uint64_t l1 = get64(ROOT_4K + ((u >> 39) & 0x1fff) * 8) & 0x0fffffffffffff00ull;
    uint64_t l2 = get64(l1 + ((u >> 30) & 0x1ff) * 8) & 0x0fffffffffffff00ull;
    put64(l2 + ((u >> 21) & 0x1ff) * 8, V | t3 | 9);
    /* the TLB only: the walk still goes through the cached table */
    ppc_radix_tlbie(env, u | AP(0), RS_PID(1), 0, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* another PID's page walk cache: ours stays */
    ppc_radix_tlbie(env, IS(1), RS_PID(0), 1, true, true);
    ppc_radix_tlbie(env, u | AP(0), RS_PID(1), 0, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* RIC=1 for PID 1: the TLB entry stays (RIC=1 names no TLB entry) */
    ppc_radix_tlbie(env, IS(1), RS_PID(1), 1, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* ... and the next walk reads the new table */
    ppc_radix_tlbie(env, u | AP(0), RS_PID(1), 0, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 2);

    /* the process table entry: PID 1 moves to a new root mapping u to
       0x300000 again; RIC=0 leaves the cached entry, RIC=2 drops it */
    uint64_t root = new_table(13);
    put64(PROC_TBL + 1 * 16, RTS_52 | root | 13);
    map(root, geo_4k, u, 3, 0x300000 | RD | RW);
    ppc_radix_tlbie(env, IS(1), RS_PID(1), 0, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 2);
    ppc_radix_tlbie(env, IS(1), RS_PID(1), 2, true, true);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* H_REGISTER_PROC_TBL forgets everything */
    put64(PROC_TBL + 1 * 16, RTS_52 | ROOT_4K | 13);
    ppc_set_process_table(env, PROC_TBL | 0);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 2);
    teardown();
}

/*
 * cpu_tlb_flush_all, what a vCPU runs when the TLB work other vCPUs posted
 * to it overflowed its queue: it must cover any tlbie that was dropped,
 * the page walk cache's too (RIC=1/2), which tlb_flush alone keeps.
 */
static void test_flush_all(void)
{
    uint64_t u = e_ea[E_U];

    scope_setup();
    memcpy(ram + 0x300000, "\x01\x00\x00\x00", 4);
    memcpy(ram + 0x302000, "\x02\x00\x00\x00", 4);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    uint64_t t3 = new_table(9);
    put64(t3 + ((u >> 12) & 0x1ff) * 8, V | LEAF | 0x302000 | RD | RW);
    uint64_t l1 = get64(ROOT_4K + ((u >> 39) & 0x1fff) * 8) & 0x0fffffffffffff00ull;
    uint64_t l2 = get64(l1 + ((u >> 30) & 0x1ff) * 8) & 0x0fffffffffffff00ull;
    put64(l2 + ((u >> 21) & 0x1ff) * 8, V | t3 | 9);
    /* the softmmu TLB alone: the walk still goes through the cached
       last-level table, which the guest has replaced */
    tlb_flush(env);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    /* everything: the next walk reads the new table */
    cpu_tlb_flush_all(env);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 2);
    /* and the process table entry: a new root for PID 1 */
    uint64_t root = new_table(13);
    put64(PROC_TBL + 1 * 16, RTS_52 | root | 13);
    map(root, geo_4k, u, 3, 0x300000 | RD | RW);
    cpu_tlb_flush_all(env);
    g_assert_cmphex(ld32(u, MMU_IDX_USER), ==, 1);
    teardown();
}

static void test_amr_flush(void)
{
    setup();
    uint64_t user = 0x60000ull;
    map(ROOT_64K, geo_64k, user, 3, 0x300000 | RD | RW);
    memcpy(ram + 0x300010, "\xaa\xbb\xcc\xdd", 4);
    /* KUAP open: the kernel reads the user page and the TLB keeps it */
    ppc_store_amr(env, 0);
    g_assert_cmphex(ld32(user + 0x10, MMU_IDX_KERNEL), ==, 0xddccbbaa);
    /* closing takes the translation away */
    ppc_store_amr(env, 0xc000000000000000ull);
    g_assert_cmpint(ld_excp(user + 0x10, MMU_IDX_KERNEL), ==, EXCP_DSI);
    g_assert_cmphex(env->spr[SPR_DSISR], ==, PROT);
    /* the user's own access is not affected */
    g_assert_cmphex(ld32(user + 0x10, MMU_IDX_USER), ==, 0xddccbbaa);
    ppc_store_amr(env, 0);
    g_assert_cmphex(ld32(user + 0x10, MMU_IDX_KERNEL), ==, 0xddccbbaa);
    teardown();
}

static void test_lpcr_dispatch(void)
{
    setup();
    uint64_t ra;
    map(ROOT_64K, geo_64k, 0xc000000000000000ull, 3, 0x0 | PRIV | RD);
    g_assert_cmphex(env->spr[SPR_LPCR] & 0x500400ull, ==, 0x500400ull);
    g_assert_cmpint(xlate(0xc000000000000100ull, LOAD, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_NONE);
    /* back to "no radix": the hash MMU, whose SLB is empty, answers with
       a data segment interrupt */
    ppc_set_lpcr_mmu(env, false, false);
    g_assert_cmphex(env->spr[SPR_LPCR] & 0x500400ull, ==, 0);
    g_assert_cmpint(xlate(0xc000000000000100ull, LOAD, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_DSEG);
    /* radix without GTSE: tlbie and tlbsync are not the guest's */
    ppc_set_lpcr_mmu(env, true, false);
    g_assert_cmphex(env->spr[SPR_LPCR] & 0x500400ull, ==, 0x500000ull);
    g_assert_cmpint(xlate(0xc000000000000100ull, LOAD, MMU_IDX_KERNEL, &ra),
                    ==, EXCP_NONE);
    teardown();
}

/* the rows: encodings from the ISA (and binutils' disassembly) */
static void test_decode(void)
{
    static const struct {
        uint32_t insn;
        const char *name;
    } rows[] = {
        {0x7c000264, "tlbie"},   {0x7c0a1a64, "tlbie"},
        {0x7c000224, "tlbiel"},  {0x7c00046c, "tlbsync"},
        {0x7c000364, "slbie"},   {0x7c0003e4, "slbia"},
        {0x7c4004ac, "sync"}, /* ptesync */
    };
    ppc_decode_init();
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        const PPCInsnDef *def = ppc_decode(rows[i].insn);
        g_assert_nonnull(def);
        g_assert_cmpstr(def->name, ==, rows[i].name);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/radix/page/64k", test_64k);
    g_test_add_func("/radix/page/4k-user", test_4k_user);
    g_test_add_func("/radix/page/2m-1g", test_2m_1g);
    g_test_add_func("/radix/fault/not-present", test_not_present);
    g_test_add_func("/radix/fault/read-only", test_read_only);
    g_test_add_func("/radix/fault/privileged", test_privileged);
    g_test_add_func("/radix/fault/amr", test_amr);
    g_test_add_func("/radix/fault/fetch", test_fetch);
    g_test_add_func("/radix/debug-view", test_debug_view);
    g_test_add_func("/radix/fault/segment", test_segment);
    g_test_add_func("/radix/fault/bad-config", test_bad_config);
    g_test_add_func("/radix/flush/tlbie", test_tlbie);
    g_test_add_func("/radix/flush/amr", test_amr_flush);
    g_test_add_func("/radix/flush/tlbie-scopes", test_tlbie_scopes);
    g_test_add_func("/radix/flush/tlbie-pid-page", test_tlbie_pid_page);
    g_test_add_func("/radix/flush/pidr", test_pidr_flush);
    g_test_add_func("/radix/flush/pwc", test_pwc);
    g_test_add_func("/radix/flush/all", test_flush_all);
    g_test_add_func("/radix/lpcr", test_lpcr_dispatch);
    g_test_add_func("/radix/decode", test_decode);
    int rc = g_test_run();
    g_free(ram);
    return rc;
}
