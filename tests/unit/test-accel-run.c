/*
 * The whole pipeline under the exec loop: the real translator, optimizer,
 * liveness and backend (the IR interpreter, then the JIT) run small
 * real-mode guest programs, and the loop's own promises are checked on
 * them: chaining, hcalls, and code that is rewritten by a store; and the
 * performance monitor's problem-state SPR numbers under each MMCR0[PMCC]
 * (Book III 9.4: 0b10 read/write, 0b00 read-only -- a write is reflected
 * as a Privileged Instruction program interrupt -- and 0b01 no access, a
 * Facility Unavailable interrupt with FSCR[IC] = 4), run in problem state
 * in real mode.
 *
 * accel_init is once per process, so each (program, backend) pair runs in
 * a subprocess.  The programs are little-endian ppc64; their encodings
 * were checked with powerpc64le-linux-gnu-as, and the expected register
 * values follow from the ISA (Power ISA 3.0 Book I), not from a run.
 */
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "exec.h"

#define RAM_SIZE (1u << 20)
#define MAX_HCALLS 4

typedef struct Program {
    const char *name;
    uint64_t entry;
    const uint32_t *code;
    size_t len;
    int hcalls;                   /* the vCPU halts at the last */
    uint64_t r3[MAX_HCALLS];      /* r3 at each hcall */
    /* optional: code at an interrupt vector, MSR bits to add at entry, and
       MMCR0 / PMC1 at entry */
    uint64_t vec_addr;
    const uint32_t *vec_code;
    size_t vec_len;
    uint64_t msr;
    uint64_t mmcr0, pmc1;
} Program;

/* r3 = 10 + 9 + ... + 1, then sc 1 */
static const uint32_t sum_code[] = {
    0x38600000, /* 0x100 li    r3,0            */
    0x3880000a, /* 0x104 li    r4,10           */
    0x7c632214, /* 0x108 add   r3,r3,r4        */
    0x3884ffff, /* 0x10c addi  r4,r4,-1        */
    0x2c240000, /* 0x110 cmpdi r4,0            */
    0x4082fff4, /* 0x114 bne   0x108           */
    0x44000022, /* 0x118 sc    1               */
    0x48000000, /* 0x11c b     .               */
};

/* rewrites its first instruction with a plain store (no icbi): our TBs
   follow stores to code pages, so the second pass runs the new insn */
static const uint32_t smc_code[] = {
    0x38600001, /* 0x200 li    r3,1   -> li r3,2  */
    0x44000022, /* 0x204 sc    1                  */
    0x3ca03860, /* 0x208 lis   r5,0x3860          */
    0x60a50002, /* 0x20c ori   r5,r5,2            */
    0x38c00200, /* 0x210 li    r6,0x200           */
    0x90a60000, /* 0x214 stw   r5,0(r6)           */
    0x4c00012c, /* 0x218 isync                    */
    0x4bffffe4, /* 0x21c b     0x200              */
};

/* problem state, PMCC = 0b10: PMC1 through its user number 771 */
static const uint32_t pmu_rw_code[] = {
    0x38800055, /* 0x300 li     r4,0x55        */
    0x7c83c3a6, /* 0x304 mtspr  771,r4         */
    0x7c63c2a6, /* 0x308 mfspr  r3,771         */
    0x44000002, /* 0x30c sc     (to 0xc00)     */
};
/* PMCC = 0b00: the read works, the write traps (to 0x700) */
static const uint32_t pmu_ro_read_code[] = {
    0x7c63c2a6, /* 0x300 mfspr  r3,771         */
    0x44000002, /* 0x304 sc     (to 0xc00)     */
};
static const uint32_t pmu_ro_write_code[] = {
    0x38800055, /* 0x300 li     r4,0x55        */
    0x7c83c3a6, /* 0x304 mtspr  771,r4         */
};
static const uint32_t vec_srr1_code[] = {
    0x7c7b02a6, /* mfsrr1 r3 */
    0x44000022, /* sc 1      */
};
/* PMCC = 0b01: even the read traps (to 0xf60) */
static const uint32_t pmu_none_code[] = {
    0x7c63c2a6, /* 0x300 mfspr  r3,771         */
};
static const uint32_t vec_fscr_ic_code[] = {
    0x7c7922a6, /* mfspr  r3,153 (FSCR) */
    0x78634620, /* srdi   r3,r3,56 (IC) */
    0x44000022, /* sc 1                 */
};

/* "big": a block of BIG_STORES VSX stores (each a 16-byte store with its
   own TLB check, well over 128 host bytes), more host code than one TB may
   hold (TB_MAX_CODE): the translator must split it into shorter TBs, not
   flush the code buffer.  The code is built by big_program() at 0x1000:
     li r4,0x4000 ; isync        (a first TB, so the buffer is not empty)
     stxvd2x vs0,0,r4  (x BIG_STORES)
     li r3,77 ; sc 1 */
#define BIG_STORES 480
static uint32_t big_code[2 + BIG_STORES + 2];

static void big_program(void)
{
    int n = 0;

    big_code[n++] = 0x38804000; /* li r4,0x4000 */
    big_code[n++] = 0x4c00012c; /* isync        */
    for (int i = 0; i < BIG_STORES; i++) {
        big_code[n++] = 0x7c002798; /* stxvd2x vs0,0,r4 */
    }
    big_code[n++] = 0x3860004d; /* li r3,77 */
    big_code[n++] = 0x44000022; /* sc 1     */
}

/* a load and a store outside RAM in real mode: a machine check (no device
   answers there), taken at the access itself (SRR0 = its address, the
   handler at 0x200 reports it): the slow path's return address must map
   back to that instruction, not to the stores in front of it */
static const uint32_t mcheck_load_code[] = {
    0x38800001, /* 0x400 li    r4,1         */
    0x90800800, /* 0x404 stw   r4,0x800(0)  */
    0x90800804, /* 0x408 stw   r4,0x804(0)  */
    0x3cc07000, /* 0x40c lis   r6,0x7000    */
    0xe8660000, /* 0x410 ld    r3,0(r6)     */
    0x38600063, /* 0x414 li    r3,99        */
    0x44000022, /* 0x418 sc    1            */
};
static const uint32_t mcheck_store_code[] = {
    0x38800001, /* 0x400 li    r4,1         */
    0x90800800, /* 0x404 stw   r4,0x800(0)  */
    0x90800804, /* 0x408 stw   r4,0x804(0)  */
    0x3cc07000, /* 0x40c lis   r6,0x7000    */
    0x90860000, /* 0x410 stw   r4,0(r6)     */
    0x38600063, /* 0x414 li    r3,99        */
    0x44000022, /* 0x418 sc    1            */
};
static const uint32_t vec_srr0_code[] = {
    0x7c7a02a6, /* mfsrr0 r3 */
    0x44000022, /* sc 1      */
};

/* problem-state programs report through sc: at 0xc00, in privileged
   state, sc 1 hands r3 to the test's hypervisor (which stops there) */
static const uint32_t vec_syscall_code[] = {
    0x44000022, /* sc 1 */
};

/* a loop whose body is an if/else: the even side (0x52c) is an arm of
   the loop TB at 0x510 (accel/tcg/translator.c), translated after the
   TB's main path and jumping back to the top itself.  r3 = the odd i of
   1..100 summed (2500) + 1000 for each even one (50000).  The TB at
   0x500 (which runs the first iteration) does not loop, so its arm is
   just an exit to 0x52c */
static const uint32_t arm_loop_code[] = {
    0x38600000, /* 0x500 li    r3,0         */
    0x38800064, /* 0x504 li    r4,100       */
    0x7c8903a6, /* 0x508 mtctr r4           */
    0x38a00000, /* 0x50c li    r5,0         */
    0x38a50001, /* 0x510 addi  r5,r5,1      */
    0x70a60001, /* 0x514 andi. r6,r5,1      */
    0x41820014, /* 0x518 beq   0x52c        */
    0x7c632a14, /* 0x51c add   r3,r3,r5     */
    0x4200fff0, /* 0x520 bdnz  0x510        */
    0x44000022, /* 0x524 sc    1            */
    0x48000000, /* 0x528 b     .            */
    0x386303e8, /* 0x52c addi  r3,r3,1000   */
    0x4200ffe0, /* 0x530 bdnz  0x510        */
    0x4bfffff0, /* 0x534 b     0x524        */
};

/* a machine check (a load outside RAM) inside an arm, on the third
   iteration: SRR0 must be the load's own address (0x630), which is not
   tb->pc + 4 * its index in the TB (0x62c) */
static const uint32_t arm_fault_code[] = {
    0x38800003, /* 0x600 li    r4,3         */
    0x7c8903a6, /* 0x604 mtctr r4           */
    0x38a00000, /* 0x608 li    r5,0         */
    0x3cc07000, /* 0x60c lis   r6,0x7000    */
    0x38a50001, /* 0x610 addi  r5,r5,1      */
    0x2c250003, /* 0x614 cmpdi r5,3         */
    0x41820018, /* 0x618 beq   0x630        */
    0x60000000, /* 0x61c nop                */
    0x4200fff0, /* 0x620 bdnz  0x610        */
    0x38600001, /* 0x624 li    r3,1         */
    0x44000022, /* 0x628 sc    1            */
    0x48000000, /* 0x62c b     .            */
    0xe8660000, /* 0x630 ld    r3,0(r6)     */
    0x4200ffdc, /* 0x634 bdnz  0x610        */
    0x4bffffec, /* 0x638 b     0x624        */
};

#define PR_MSR (1ull << 14)
#define VSX_MSR (1ull << MSR_VSX)
#define MMCR0_PMCC(v) ((uint64_t)(v) << (63 - 45))
/* the MSR at the mtspr (reset SF|ME, LE, PR) and SRR1[45] */
#define PMU_RO_SRR1 (0x8000000000005001ull | (1ull << (63 - 45)))

static const Program programs[] = {
    {"sum", 0x100, sum_code, G_N_ELEMENTS(sum_code), 1, {55}},
    {"smc", 0x200, smc_code, G_N_ELEMENTS(smc_code), 2, {1, 2}},
    {"pmu-user-rw", 0x300, pmu_rw_code, G_N_ELEMENTS(pmu_rw_code), 1, {0x55},
     0, NULL, 0, PR_MSR, MMCR0_PMCC(2), 0},
    {"pmu-user-ro-read", 0x300, pmu_ro_read_code,
     G_N_ELEMENTS(pmu_ro_read_code), 1, {0x1234}, 0, NULL, 0, PR_MSR,
     MMCR0_PMCC(0), 0x1234},
    {"pmu-user-ro-write", 0x300, pmu_ro_write_code,
     G_N_ELEMENTS(pmu_ro_write_code), 1, {PMU_RO_SRR1}, 0x700, vec_srr1_code,
     G_N_ELEMENTS(vec_srr1_code), PR_MSR, MMCR0_PMCC(0), 0},
    {"pmu-user-none", 0x300, pmu_none_code, G_N_ELEMENTS(pmu_none_code), 1,
     {4}, 0xf60, vec_fscr_ic_code, G_N_ELEMENTS(vec_fscr_ic_code), PR_MSR,
     MMCR0_PMCC(1), 0},
    {"mcheck-load", 0x400, mcheck_load_code, G_N_ELEMENTS(mcheck_load_code),
     1, {0x410}, 0x200, vec_srr0_code, G_N_ELEMENTS(vec_srr0_code), 0, 0, 0},
    {"mcheck-store", 0x400, mcheck_store_code,
     G_N_ELEMENTS(mcheck_store_code), 1, {0x410}, 0x200, vec_srr0_code,
     G_N_ELEMENTS(vec_srr0_code), 0, 0, 0},
    {"arm-loop", 0x500, arm_loop_code, G_N_ELEMENTS(arm_loop_code), 1,
     {52500}},
    {"arm-fault", 0x600, arm_fault_code, G_N_ELEMENTS(arm_fault_code), 1,
     {0x630}, 0x200, vec_srr0_code, G_N_ELEMENTS(vec_srr0_code), 0, 0, 0},
    {"big", 0x1000, big_code, G_N_ELEMENTS(big_code), 1, {77}, 0, NULL, 0,
     VSX_MSR, 0, 0},
};

typedef struct HcallLog {
    int n, halt_at;
    uint64_t r3[MAX_HCALLS];
} HcallLog;

static void log_hcall(void *opaque, CPUPPCState *env)
{
    HcallLog *h = opaque;

    g_assert_cmpint(h->n, <, MAX_HCALLS);
    h->r3[h->n++] = env->gpr[3];
    if (h->n == h->halt_at) {
        env->halted = true;
    }
}

static const PPCHypervisorOps test_vhyp = {.hcall = log_hcall};

static void run_program(const Program *p, bool interp)
{
    uint8_t *ram = g_malloc0(RAM_SIZE);
    HcallLog h = {.halt_at = p->hcalls};
    CPUPPCState *env;
    int r = EXCP_NONE;

    accel_init(16u << 20, interp);
    big_program();
    memcpy(ram + p->entry, p->code, p->len * 4);
    if (p->vec_code) {
        memcpy(ram + p->vec_addr, p->vec_code, p->vec_len * 4);
    }
    if (p->msr & PR_MSR) {
        memcpy(ram + 0xc00, vec_syscall_code, sizeof(vec_syscall_code));
    }
    env = ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
    env->vhyp = &test_vhyp;
    env->vhyp_opaque = &h;
    env->msr |= MSR_BIT(MSR_LE) | p->msr;
    env->spr[795] = p->mmcr0; /* MMCR0 */
    env->spr[787] = p->pmc1;  /* PMC1 */
    /* interrupts are taken little-endian (LPCR[ILE]) like the code */
    env->spr[SPR_LPCR] |= 1ull << (63 - 38);
    env->nip = p->entry;
    accel_cpu_init(env);
    uint64_t flushes = tb_flush_count();

    /* other exits (a timer's cpu_exit) just come back */
    for (int i = 0; i < 1000 && r != EXCP_HALTED; i++) {
        r = cpu_exec(env);
        g_assert(r == EXCP_HALTED || r == EXCP_INTERRUPT);
    }
    g_assert_cmpint(r, ==, EXCP_HALTED);
    g_assert_cmpint(h.n, ==, p->hcalls);
    for (int i = 0; i < p->hcalls; i++) {
        g_assert_cmphex(h.r3[i], ==, p->r3[i]);
    }

    if (strcmp(p->name, "sum") == 0) {
        /* the loop TB (0x108..0x114) branches to itself: the branch back
           is a loop inside the TB (accel/tcg/translator.c), not an exit
           slot, so no slot is linked to the TB itself; and the TB goes on
           past the bne's not-taken side, up to the sc that ends it */
        TranslationBlock *tb =
            tb_htable_lookup(0x108, 0x108, ppc_tb_flags(env));
        g_assert(tb != NULL);
        for (int n = 0; n < TB_NB_JMP; n++) {
            g_assert(tb->jmp_dest[n] != tb);
        }
        g_assert_cmpuint(tb->icount, ==, 5);
    }
    if (strcmp(p->name, "arm-loop") == 0) {
        /* the loop TB: main path 0x510..0x524 (6 insns), then the arm
           0x52c..0x534 (3); the first TB's arm was an exit */
        TranslationBlock *tb =
            tb_htable_lookup(0x510, 0x510, ppc_tb_flags(env));
        g_assert(tb != NULL);
        g_assert_cmpuint(tb->icount, ==, 9);
        g_assert_cmpuint(tb->size, ==, 0x28);
        g_assert_cmpuint(tb->arm_first[0], ==, 6);
        g_assert_cmphex(tb_insn_pc(tb, 5), ==, 0x524);
        g_assert_cmphex(tb_insn_pc(tb, 6), ==, 0x52c);
        g_assert_cmphex(tb_insn_pc(tb, 8), ==, 0x534);
        for (int n = 0; n < TB_NB_JMP; n++) {
            g_assert(tb->jmp_dest[n] != tb);
        }
        tb = tb_htable_lookup(0x500, 0x500, ppc_tb_flags(env));
        g_assert(tb != NULL);
        g_assert_cmpuint(tb->arm_first[0], ==, 0);
        g_assert_cmpuint(tb->icount, ==, 10);
    }
    if (strcmp(p->name, "big") == 0 && !interp) {
        /* the stores were split over several TBs, each within the limit,
           and nothing was flushed on the way */
        TranslationBlock *tb =
            tb_htable_lookup(0x1008, 0x1008, ppc_tb_flags(env));
        g_assert(tb != NULL);
        g_assert_cmpuint(tb->icount, <, BIG_STORES);
        g_assert_cmpuint(tb->tc_size, <=, TB_MAX_CODE);
        g_assert_cmpuint(tb_flush_count(), ==, flushes);
        g_assert(tb_htable_lookup(0x1000, 0x1000, ppc_tb_flags(env)) != NULL);
    }

    accel_cpu_exit(env);
    ppc_cpu_free(env);
    g_free(ram);
}

typedef struct RunCase {
    const Program *p;
    bool interp;
} RunCase;

static void test_run(gconstpointer data)
{
    const RunCase *c = data;

    if (g_test_subprocess()) {
        run_program(c->p, c->interp);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    static RunCase cases[2 * G_N_ELEMENTS(programs)];
    int n = 0;

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(programs); i++) {
        for (int interp = 1; interp >= 0; interp--) {
            char *path = g_strdup_printf("/accel/run/%s/%s",
                                         interp ? "interp" : "jit",
                                         programs[i].name);
            cases[n] = (RunCase){&programs[i], interp};
            g_test_add_data_func(path, &cases[n++], test_run);
            g_free(path);
        }
    }
    return g_test_run();
}
