/*
 * target-ppc: the state of one POWER vCPU, and the CPU's face to the rest of
 * the emulator.
 *
 * Everything the generated code touches lives in CPUPPCState and is reached
 * as env + offset (offsetof): guest registers are 64-bit slots so that every
 * IR global is a 64-bit load/store.  The softmmu TLB is here too so that the
 * JIT's inline fast path can index it from env.
 *
 * The CPU does not know the machine: it reaches the hypervisor (hw-spapr)
 * only through PPCHypervisorOps.
 */
#ifndef POWERJIT_CPU_H
#define POWERJIT_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icount.h"

/* ------------------------------------------------------------ softmmu TLB */

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

#define TLB_BITS 12
#define TLB_SIZE (1 << TLB_BITS)

/*
 * MMU indexes.  idx = (PR ? 1 : 0) | (translation off ? 2 : 0), computed for
 * data accesses from MSR[DR] and for fetches from MSR[IR].
 */
#define MMU_IDX_KERNEL 0
#define MMU_IDX_USER 1
#define MMU_IDX_REAL 2
#define MMU_IDX_REAL_USER 3
#define NB_MMU_MODES 4

/* flags kept in the low (page-offset) bits of a TLB tag: any of them makes
   the fast path's compare fail and sends the access to the slow path */
#define TLB_INVALID_MASK (1ull << 0) /* no translation */
#define TLB_NOTDIRTY (1ull << 1)     /* page holds translated code */
#define TLB_MMIO (1ull << 2)         /* not RAM */
#define TLB_WATCH (1ull << 3)        /* a debugger watchpoint lies in the
                                        page (accel/tcg/watch.c) */

/*
 * One entry: the tag is the page-aligned guest EA of the page (plus flags),
 * one per access kind; -1 (all ones) = invalid.  host = ea + addend.
 * 32 bytes, so index << 5 addresses it.
 */
typedef struct TLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} TLBEntry;

/* ------------------------------------------------------------ registers */

/* MSR bits (Power ISA 3.0 Book III 4.2.1), as bit numbers from the LSB */
#define MSR_SF 63
#define MSR_HV 60
#define MSR_VEC 25
#define MSR_VSX 23
#define MSR_EE 15
#define MSR_PR 14
#define MSR_FP 13
#define MSR_ME 12
#define MSR_FE0 11
#define MSR_SE 10
#define MSR_BE 9
#define MSR_FE1 8
#define MSR_IR 5
#define MSR_DR 4
#define MSR_PMM 2
#define MSR_RI 1
#define MSR_LE 0
#define MSR_BIT(b) (1ull << (b))

/* SPR numbers (Power ISA 3.0, Book I/III) */
#define SPR_XER 1
#define SPR_DSCR 3     /* problem-state alias (17 is the privileged one) */
#define SPR_LR 8
#define SPR_CTR 9
#define SPR_DSCR_PRIV 17
#define SPR_DSISR 18
#define SPR_DAR 19
#define SPR_DEC 22
#define SPR_SDR1 25
#define SPR_SRR0 26
#define SPR_SRR1 27
#define SPR_CFAR 28
#define SPR_AMR 29
#define SPR_PIDR 48
#define SPR_IAMR 61
#define SPR_TFHAR 128
#define SPR_CTRL_RD 136
#define SPR_CTRL_WR 152
#define SPR_FSCR 153
#define SPR_UAMOR 157
#define SPR_PSPB 159
#define SPR_VRSAVE 256
#define SPR_SPRG0 272
#define SPR_SPRG1 273
#define SPR_SPRG2 274
#define SPR_SPRG3 275
#define SPR_SPRG3_RO 259
#define SPR_TBL_RO 268
#define SPR_TBU_RO 269
#define SPR_TBL 284
#define SPR_TBU 285
#define SPR_PVR 287
#define SPR_HSPRG0 304
#define SPR_LPCR 318
#define SPR_LPIDR 319
#define SPR_TAR 815
#define SPR_PPR 896
#define SPR_PPR32 898
#define SPR_PIR 1023

/* exception (interrupt) numbers: index of the per-vector table in
   target-ppc/excp.c; -1 = none pending */
enum {
    EXCP_NONE = -1,
    EXCP_MCHECK = 0, /* 0x200 */
    EXCP_DSI,        /* 0x300 */
    EXCP_DSEG,       /* 0x380 */
    EXCP_ISI,        /* 0x400 */
    EXCP_ISEG,       /* 0x480 */
    EXCP_EXTERNAL,   /* 0x500 */
    EXCP_ALIGN,      /* 0x600 */
    EXCP_PROGRAM,    /* 0x700 */
    EXCP_FPU,        /* 0x800 floating-point unavailable */
    EXCP_DECR,       /* 0x900 */
    EXCP_SYSCALL,    /* 0xc00 sc / sc 0 */
    EXCP_TRACE,      /* 0xd00 */
    EXCP_PERFM,      /* 0xf00 */
    EXCP_VPU,        /* 0xf20 vector unavailable */
    EXCP_VSXU,       /* 0xf40 */
    EXCP_FU,         /* 0xf60 facility unavailable */
    EXCP_SCV,        /* 0x17000 + LEV*0x20: system call vectored (LEV in
                        error_code; LR/CTR instead of SRR0/SRR1) */
    EXCP_SRESET,     /* 0x100 system reset (the monitor's nmi) */
    EXCP_SDOOR,      /* 0xa00 directed privileged doorbell (msgsndp) */
    EXCP_NB_VECTORS,
    /* not interrupts: requests handled by the exec loop itself */
    EXCP_HCALL = 0x100, /* sc 1: the hypervisor (PPCHypervisorOps.hcall) */
    EXCP_HALTED,        /* the vCPU stopped (H_CEDE with nothing pending) */
    EXCP_INTERRUPT,     /* exit request: return to the caller of cpu_exec */
    EXCP_DEBUG,         /* a debugger breakpoint or a finished single step
                           (system/gdbstub.c): return to the caller */
    EXCP_SYNC,          /* tlbsync/ptesync: wait for the TLB work this vCPU
                           posted to the others (accel/tcg/threads.c) */
};

/* program interrupt causes: SRR1 bits (ISA 3.0 Book III 6.5.9) */
#define SRR1_PROG_FP (1ull << 20)      /* floating-point enabled exception */
#define SRR1_PROG_ILLEGAL (1ull << 19) /* illegal instruction */
#define SRR1_PROG_PRIV (1ull << 18)    /* privileged instruction */
#define SRR1_PROG_TRAP (1ull << 17)
#define SRR1_PROG_ADDR (1ull << 16)    /* SRR0 holds the next insn address */

typedef struct CPUPPCState CPUPPCState;

#define PPC_MAX_BREAKPOINTS 64
#define PPC_MAX_WATCHPOINTS 16

/* a debugger watchpoint: the bytes [addr, addr + len) for the accesses in
   kinds (gdb's Z2 = write, Z3 = read, Z4 = both) */
enum { PPC_WATCH_READ = 1, PPC_WATCH_WRITE = 2 };
typedef struct PPCWatchpoint {
    uint64_t addr;
    uint64_t len;
    uint32_t kinds;
} PPCWatchpoint;

/* the hypervisor (machine) side, seen from the CPU */
typedef struct PPCHypervisorOps {
    /* sc 1: r3 = hcall number, r4.. = arguments; results in r3, r4...
       (LoPAPR 14.5.3).  env->nip already points past the sc. */
    void (*hcall)(void *opaque, CPUPPCState *env);
    /* is an external interrupt pending for this vCPU? (XICS) */
    bool (*irq_pending)(void *opaque, CPUPPCState *env);
    /* a load (write false: *val gets the value) or store of size bytes
       (1, 2, 4, 8, inside one page) at a real address outside RAM; *val
       is the value as the bytes lie in memory, little-endian first.
       False if no device is there (the access is a machine check).
       Optional. */
    bool (*mmio)(void *opaque, CPUPPCState *env, uint64_t pa, unsigned size,
                 bool write, uint64_t *val);
    /* a machine check (EXCP_MCHECK) or system reset (EXCP_SRESET) was
       just delivered (SRR0/SRR1/MSR/nip as for its vector): the
       hypervisor may redirect it to the partition's FWNMI handler
       (LoPAPR 7.3.14).  env->mce_* describe a machine check's access.
       Optional. */
    void (*nmi_delivered)(void *opaque, CPUPPCState *env, int excp);
    /* thread tid of env's core (msgsndp, DPDES), or NULL if the core has
       no such thread.  Optional: without it a core has one thread. */
    CPUPPCState *(*core_thread)(void *opaque, CPUPPCState *env,
                                uint32_t tid);
    /* env has new work (a doorbell): leave generated code, wake up */
    void (*kick)(void *opaque, CPUPPCState *env);
} PPCHypervisorOps;

/*
 * The partition's translation state that only the hypervisor sets (the
 * process table of H_REGISTER_PROC_TBL), and what the radix MMU remembers
 * between TLB fills (target-ppc/mmu-radix.c).
 */
#define PPC_AMR_PAGES 8
#define PPC_PWC_SIZE 32
#define PPC_PRTC_SIZE 4
typedef struct PPCRadixState {
    /* the process table, in the layout of doubleword 1 of a partition
       table entry (Power ISA 3.0B Book III ch. 5, "Partition Table"): PRTB
       (bits 4:51, its 4 KiB-aligned real address) | PRTS (bits 59:63: the
       table is 2^(12+PRTS) bytes) */
    uint64_t proc_tbl;
    /* EAs of non-privileged pages that privileged accesses brought into
       the TLB under the current AMR/IAMR: a write that takes permission
       away flushes them; more than PPC_AMR_PAGES flushes everything */
    uint64_t amr_pages[PPC_AMR_PAGES];
    uint32_t nb_amr_pages;
    /* the page walk cache (mmu-radix.c): the last-level table of recent
       walks, direct mapped by the EA's 2 MiB region */
    struct {
        uint64_t region;  /* EA >> shift: the EA bits the upper levels
                             resolved (with the quadrant) */
        uint64_t base;    /* real address of the last-level table */
        uint32_t pid;
        uint8_t shift;    /* EA bits that table and the page resolve */
        uint8_t nls;      /* that table's index bits */
        bool valid;
    } pwc[PPC_PWC_SIZE];
    /* the process-table cache: doubleword 0 of recently used entries,
       direct mapped by PID */
    struct {
        uint64_t prte0;
        uint32_t pid;
        bool valid;
    } prtc[PPC_PRTC_SIZE];
} PPCRadixState;

/*
 * The hash MMU's state (target-ppc/mmu-hash.c): the SLB the guest manages
 * with slbmte/slbie/slbia, and the hashed page table the hypervisor owns
 * (hw-spapr/hcall-hpt.c fills it through H_ENTER...; the guest never sees
 * its address).  SLB entries keep the ISA's register images: esid as
 * slbmte's RB (ESID bits 0:35, V bit 36), vsid as its RS (B 0:1, VSID
 * 2:51, Ks Kp N L C, LP 58:59).
 */
#define PPC_SLB_SIZE 32
typedef struct PPCSLBEntry {
    uint64_t esid;
    uint64_t vsid;
} PPCSLBEntry;

typedef struct PPCHashState {
    PPCSLBEntry slb[PPC_SLB_SIZE];
    uint8_t *hpt;      /* 16-byte big-endian HPTEs, 128-byte PTEGs; or NULL */
    uint64_t hpt_mask; /* PTEG index mask: hpt bytes / 128 - 1 */
    /* bit k: the TLB holds a translation of a page with storage key k,
       so an AMR/IAMR write taking key k's rights away flushes it */
    uint32_t tlb_keys;
} PPCHashState;

typedef enum PPCModel {
    PPC_MODEL_POWER8,
    PPC_MODEL_POWER9,
} PPCModel;

struct CPUPPCState {
    /* --- guest registers: each a 64-bit slot, reached by IR globals --- */
    uint64_t gpr[32];
    uint64_t nip;   /* address of the next instruction to execute */
    uint64_t lr;
    uint64_t ctr;
    uint64_t crf[8]; /* CR field i (CR bits 4i..4i+3): LT=8 GT=4 EQ=2 SO=1 */
    /* XER is split: so/ov/ca/ov32/ca32 each 0 or 1; xer_rest holds every
       other bit (the byte count of the string instructions, ...) */
    uint64_t xer_so, xer_ov, xer_ca, xer_ov32, xer_ca32;
    uint64_t xer_rest;
    uint64_t tar;
    uint64_t msr;
    /* load-and-reserve: reserve_addr = -1 when there is no reservation */
    uint64_t reserve_addr;
    uint64_t reserve_size;
    uint64_t reserve_val;
    uint64_t reserve_val2;
    /* all other SPRs, indexed by SPR number */
    uint64_t spr[1024];
    /* FP/VSX registers: VSR 0-31 overlay FPR 0-31 (doubleword 0), VSR
       32-63 are VR 0-31.  [0] = the high (ISA doubleword 0) half. */
    uint64_t vsr[64][2];
    uint64_t fpscr;
    uint64_t vscr;
    /* the status word of the inline FP fast path (v128_f* ops,
       trans-vsx-fp.c): 0 = the result was kept.  Scratch, no state. */
    uint32_t fp_fast_status;

    /* --- execution control --- */
    volatile int32_t exit_request; /* checked at every TB entry */
    int32_t exception_index;       /* EXCP_* pending, or EXCP_NONE */
    uint64_t error_code;           /* SRR1 bits for program interrupts... */
    bool halted;
    bool sreset_pending;           /* a system reset interrupt waits
                                      (ppc_cpu_nmi; atomic) */
    bool checkstop;                /* stopped for good (excp.c); the machine
                                      ends the emulator */
    bool dbell_pending;            /* a directed privileged doorbell waits
                                      (msgsndp by a thread of the core;
                                      atomic) */
    bool interp;                   /* run the IR interpreter, not the JIT */
    sigjmp_buf jmp_env;            /* cpu_loop_exit() jumps back here */

    /* --- softmmu --- */
    TLBEntry tlb[NB_MMU_MODES][TLB_SIZE];

    /* --- the machine around the CPU --- */
    uint8_t *ram;       /* guest physical memory, host (LE) byte order */
    uint64_t ram_size;
    const PPCHypervisorOps *vhyp;
    void *vhyp_opaque;
    PPCModel model;
    /* what the ISA level (the model's, held down by PCR) leaves of the
       instruction table: a row with a flag in insn_deny is an illegal
       instruction, one with a flag in insn_priv a privileged one
       (target-ppc/isa-level.c; set by ppc_set_pcr, read once per TB) */
    uint32_t insn_deny, insn_priv;
    uint32_t cpu_index;
    uint32_t smt_tid;   /* thread number in its core (TIR, msgsndp tags) */
    int64_t tb_offset;  /* timebase = host ns * 512 / 1000 + tb_offset */
    void *timebase;     /* target-ppc/timebase.c private: DEC and its timer */
    /* -icount (accel/tcg/icount.c): the instruction clock; icount.on is
       fixed before the vCPU first runs */
    ICountState icount;
    PPCRadixState radix; /* set through ppc_set_process_table() */
    PPCHashState hash;   /* the HPT through ppc_set_hpt() */

    /* accel/tcg private (jump cache, statistics) */
    void *accel;

    /* --- the debugger (system/gdbstub.c), changed only while the vCPU is
       stopped.  The translator ends a TB with EXCP_DEBUG in front of an
       instruction at a breakpoint address; TBs already translated over a
       new breakpoint are invalidated (tb_invalidate_pc).  singlestep: 1 =
       the next cpu_exec runs one instruction (interrupts masked) and
       returns EXCP_DEBUG; 2 = that instruction is under way. */
    uint64_t breakpoints[PPC_MAX_BREAKPOINTS];
    uint32_t nb_breakpoints;
    uint8_t singlestep;
    /* watchpoints (accel/tcg/watch.c): their pages' TLB tags carry
       TLB_WATCH, so that every access there takes the slow path, which
       checks the range.  A hit finishes its instruction as a single step
       and stops; watch_hit is the hit watchpoint's kinds (0: none) and
       watch_hit_addr the first watched byte accessed, for the stop reply */
    /* the access behind the machine check being raised (softmmu.c sets
       them, delivery consumes them): mce_info false = not known;
       mce_access 0 load, 1 store, 2 fetch; mce_ea 0 if not known */
    bool mce_info;
    uint8_t mce_access;
    uint64_t mce_ea, mce_pa;

    PPCWatchpoint watchpoints[PPC_MAX_WATCHPOINTS];
    uint32_t nb_watchpoints;
    uint32_t watch_hit;
    uint64_t watch_hit_addr;
};

/* is there a debugger breakpoint at pc? (the translator asks) */
static inline bool ppc_breakpoint_at(const CPUPPCState *env, uint64_t pc)
{
    for (uint32_t i = 0; i < env->nb_breakpoints; i++) {
        if (env->breakpoints[i] == pc) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ the CPU API */

/* target-ppc/cpu.c */
CPUPPCState *ppc_cpu_new(PPCModel model, uint8_t *ram, uint64_t ram_size);
void ppc_cpu_free(CPUPPCState *env);
void ppc_cpu_reset(CPUPPCState *env); /* architected power-on state */
bool ppc_model_by_name(const char *name, PPCModel *out); /* "POWER9"... */
/* the i-th name -cpu takes, and its model; NULL past the end */
const char *ppc_model_name_at(size_t i, PPCModel *model);
uint32_t ppc_model_pvr(PPCModel m);
/* writes all registers in the -d cpu format */
void ppc_cpu_dump_state(CPUPPCState *env, void *file /* FILE* */);

/* the flags that change translation; part of the TB key */
uint32_t ppc_tb_flags(CPUPPCState *env);
int ppc_mmu_idx_data(CPUPPCState *env);
int ppc_mmu_idx_fetch(CPUPPCState *env);

/* target-ppc/excp.c: delivers env->exception_index (one routine, a table of
   vectors); checks for and delivers pending asynchronous interrupts (DEC,
   external) and returns true if one was delivered */
void ppc_cpu_do_interrupt(CPUPPCState *env);
bool ppc_cpu_exec_interrupt(CPUPPCState *env);
/* the monitor's nmi: a system reset interrupt (non-maskable) at the next
   instruction boundary; any thread, the caller kicks the vCPU */
void ppc_cpu_nmi(CPUPPCState *env);
bool ppc_cpu_has_work(CPUPPCState *env);
/* raises exception excp with error_code from a helper: restores the precise
   guest state from the host return address ra (0 = already precise), then
   longjmps to the exec loop.  Never returns. */
_Noreturn void ppc_raise_exception(CPUPPCState *env, int excp,
                                   uint64_t error_code, uintptr_t ra);

/* target-ppc/mmu.c: translates an EA.  access: 0 load, 1 store, 2 fetch.
   On success stores the real address and returns true; on failure, if
   may_raise, raises the architected DSI/ISI (or machine check) using ra,
   else returns false. */
bool ppc_mmu_translate(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                       uint64_t *ra_out, int *prot_out, bool may_raise,
                       uintptr_t ra);
/* the translation a debugger uses (never raises): the vCPU's own data
   access, else privileged with the AMR open, else a privileged fetch */
bool ppc_mmu_debug_translate(CPUPPCState *env, uint64_t ea, uint64_t *ra_out);

/*
 * target-ppc/mmu-radix.c: the partition's MMU as the hypervisor sets it
 * (hw-spapr's H_REGISTER_PROC_TBL hcall, LoPAPR).  proc_tbl has the
 * layout of PPCRadixState.proc_tbl: base | (log2(table bytes) - 12), i.e.
 * the hcall's "proc_tbl" and "table size" arguments or'ed together.
 * ppc_set_lpcr_mmu sets LPCR[HR] and LPCR[UPRT] (radix tree translation
 * with a process table) and LPCR[GTSE] (the guest may use tlbie/tlbsync),
 * or clears them.  Both flush this vCPU's TLB; call them for every vCPU.
 */
void ppc_set_process_table(CPUPPCState *env, uint64_t proc_tbl);
void ppc_set_lpcr_mmu(CPUPPCState *env, bool radix, bool gtse);

/*
 * target-ppc/mmu-hash.c: the hashed page table the hypervisor gives the
 * partition: 2^shift bytes at hpt (the hypervisor's memory, big-endian
 * HPTEs in the Power ISA 2.07 format), or NULL.  Flushes the TLB.
 */
void ppc_set_hpt(CPUPPCState *env, uint8_t *hpt, unsigned shift);

/* PCR (SPR 338, Power ISA 3.0B Book III 2.4, the Processor Compatibility
   Register) bits: set, the processor offers no instruction or facility
   introduced after that version of the ISA */
#define PPC_PCR_ARCH_300 0x10ull
#define PPC_PCR_ARCH_207 0x08ull
#define PPC_PCR_ARCH_206 0x04ull
#define PPC_PCR_ARCH_205 0x02ull
#define PPC_SPR_PCR 338
/* writes PCR and what it allows (insn_deny, insn_priv); the hypervisor
   flushes the TBs translated under another value */
void ppc_set_pcr(CPUPPCState *env, uint64_t pcr);
/* the hypervisor changed or removed the HPTE pte0/pte1 at index ptex:
   drops what this vCPU's TLB holds of the page it mapped */
void ppc_hash_flush_hpte(CPUPPCState *env, uint64_t ptex, uint64_t pte0,
                         uint64_t pte1);

/* target-ppc/timebase.c */
uint64_t ppc_get_timebase(CPUPPCState *env);
/* the decrementer now (32 bits, zero-extended); a Decrementer exception
   exists while bit 31 is 1.  The machine's idle wait sleeps until then. */
uint64_t ppc_load_dec(CPUPPCState *env);
/* the guest ns at which the decrementer next goes from 0 to -1 (under
   -icount only: the timebase is then the instruction clock) */
uint64_t ppc_dec_deadline_ns(CPUPPCState *env);
/* -icount: ends the decrementer's host timer; the exec loop's budget
   takes its place (called once, before the vCPU runs) */
void ppc_timebase_use_icount(CPUPPCState *env);

/* target-ppc/translate.c: translates the guest code at tb->pc into IR */
struct TranslationBlock;
struct TCGContext;
void ppc_translate_init(struct TCGContext *s); /* registers IR globals */
void ppc_translate_block(struct TCGContext *s, CPUPPCState *env,
                         struct TranslationBlock *tb, int max_insns);

/* target-ppc/disas.c: capstone; writes one instruction's text */
void ppc_disas_insn(uint32_t insn, uint64_t pc, bool le, char *buf,
                    size_t size);
/* closes this thread's capstone handles (a thread that ends calls it) */
void ppc_disas_thread_exit(void);

#define GETPC() ((uintptr_t)__builtin_return_address(0))

#endif
