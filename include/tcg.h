/*
 * tcg: the intermediate representation between a guest translator and a
 * host backend.
 *
 * A translation block (TB) is built as a flat array of TCGOps on TCGTemps.
 * Passes then run over that array in place:
 *   tcg_optimize()  constant folding/propagation, copy propagation, dead code
 *   tcg_liveness()  backward pass that fills TCGOp.life
 *   tcg_validate()  (--enable-debug) structural checks after every pass
 * and one of two backends consumes the result:
 *   tcg_x86_64_gen_code()  host code (tcg/x86_64/), with the register
 *                          allocator of tcg/regalloc.c
 *   tcg_interp_exec()      runs the ops directly (tcg/interp/); the oracle
 *                          the JIT is tested against.
 *
 * The op set and each op's semantics are defined once in tcg/ir-ops.def.
 */
#ifndef POWERJIT_TCG_H
#define POWERJIT_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/ir-ops.def"
#undef DEF
    NB_TCG_OPS
} TCGOpcode;

/* op flags (TCGOpDef.flags) */
enum {
    TCG_OPF_BB_END = 0x01,        /* ends a basic block */
    TCG_OPF_BB_START = 0x02,      /* starts one (set_label) */
    TCG_OPF_SIDE_EFFECTS = 0x04,  /* never removed as dead */
    TCG_OPF_MAY_RAISE = 0x08,     /* may longjmp out: globals synced before */
    TCG_OPF_CALL = 0x10,
    TCG_OPF_COND_BRANCH = 0x20,   /* brcond: the fall-through continues */
    TCG_OPF_NORETURN = 0x40,      /* control never reaches the next op */
    TCG_OPF_NOT_PRESENT = 0x80,   /* nop: skipped by everyone */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint16_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_TCG_OPS];

/* conditions for setcond/movcond/brcond (a cond b) */
typedef enum TCGCond {
    TCG_COND_NEVER,
    TCG_COND_ALWAYS,
    TCG_COND_EQ,
    TCG_COND_NE,
    TCG_COND_LT,  /* signed */
    TCG_COND_GE,
    TCG_COND_LE,
    TCG_COND_GT,
    TCG_COND_LTU, /* unsigned */
    TCG_COND_GEU,
    TCG_COND_LEU,
    TCG_COND_GTU,
    /* (a & b) == 0 and != 0 */
    TCG_COND_TSTEQ,
    TCG_COND_TSTNE,
} TCGCond;

const char *tcg_cond_name(TCGCond c);
TCGCond tcg_invert_cond(TCGCond c);   /* !(a c b) */
TCGCond tcg_swap_cond(TCGCond c);     /* (a c b) == (b c' a) */
/* evaluates a cond on 64-bit values; i32 callers pass zero-extended (for
   unsigned) or sign-extended (for signed) operands: see tcg_eval_cond32 */
bool tcg_eval_cond64(TCGCond c, uint64_t a, uint64_t b);
bool tcg_eval_cond32(TCGCond c, uint32_t a, uint32_t b);

/* guest memory access descriptor (qemu_ld/qemu_st carg) */
typedef enum TCGMemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,   /* sign-extend the loaded value */
    MO_BSWAP = 8,  /* byte-swap relative to host (little-endian) order */
    MO_ALIGN = 16, /* raise an alignment interrupt if not size-aligned */
} TCGMemOp;

/* memop | mmu_idx << 8 */
typedef uint32_t TCGMemOpIdx;
static inline TCGMemOpIdx make_memop_idx(unsigned memop, unsigned mmu_idx)
{
    return memop | (mmu_idx << 8);
}
static inline unsigned get_memop(TCGMemOpIdx oi) { return oi & 0xff; }
static inline unsigned get_mmuidx(TCGMemOpIdx oi) { return oi >> 8; }

/* ------------------------------------------------------------------ temps */

typedef enum TCGTempKind {
    TEMP_EBB,    /* dies at the next set_label; may live across a brcond */
    TEMP_LOCAL,  /* lives across labels (spilled to the frame at BB ends) */
    TEMP_GLOBAL, /* backed by env + mem_offset; in memory at every BB end */
    TEMP_CONST,  /* a constant; never written */
} TCGTempKind;

typedef struct TCGTemp {
    TCGTempKind kind;
    int32_t mem_offset; /* TEMP_GLOBAL: byte offset in env */
    int64_t val;        /* TEMP_CONST: the value */
    const char *name;   /* globals: "r3", "lr"...; NULL otherwise */
    uint64_t bits;      /* TEMP_GLOBAL: the bits it may have set (all but
                           after tcg_global_set_bits) */
} TCGTemp;

/* A temp and a label are indices; 0 is never a valid temp */
typedef int TCGv;
typedef int TCGLabel;

/* ------------------------------------------------------------------ ops */

#define TCG_MAX_OP_ARGS 10
#define TCG_MAX_CALL_IARGS 6

typedef struct TCGOp {
    uint16_t opc;                 /* TCGOpcode */
    uint8_t nb_oargs, nb_iargs, nb_cargs; /* the actual layout (call varies) */
    /*
     * Liveness result, filled by tcg_liveness():
     *   bit i (0 <= i < nb_oargs+nb_iargs): the temp in args[i] is dead
     *       after this op;
     *   bit 16+i: the temp in args[i] (a global) must be written back to
     *       env after this op (its value is needed in memory).
     */
    uint32_t life;
    int64_t args[TCG_MAX_OP_ARGS];
} TCGOp;

#define TCG_LIFE_DEAD(i) (1u << (i))
#define TCG_LIFE_SYNC(i) (1u << (16 + (i)))

/* ------------------------------------------------------------------ helpers */

/*
 * Helpers are C functions called from generated code:
 *     uint64_t fn(CPUPPCState *env, uint64_t a0, ..., uint64_t a5)
 * (fewer arguments are fine; all are passed as 64-bit integers).  They are
 * registered in one table (helper index = position) and declare what they
 * touch so the allocator syncs and spills only what is needed.
 */
enum {
    TCG_CALL_NO_READ_GLOBALS = 0x1,  /* does not read guest state in env */
    TCG_CALL_NO_WRITE_GLOBALS = 0x2, /* does not write guest state in env */
    TCG_CALL_NO_RAISE = 0x4,         /* never longjmps out */
    TCG_CALL_PURE = 0x7,             /* all of the above: removable if dead */
};

typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    uint8_t nb_iargs; /* not counting env */
    uint8_t has_ret;
    uint16_t flags;
} TCGHelperInfo;

/* registers a helper (idempotent by func pointer); returns its index */
int tcg_helper_register(const TCGHelperInfo *info);
const TCGHelperInfo *tcg_helper_get(int idx);
int tcg_helper_count(void);

/* ------------------------------------------------------------------ context */

#define TCG_MAX_TEMPS 2048
#define TCG_MAX_OPS 16384
#define TCG_MAX_LABELS 1024
#define TCG_MAX_LOOP_CARRIED 8
#define TCG_MAX_ARMS 2

/* the passes' scratch buffers (tcg_scratch), one per use */
enum {
    TCG_SCRATCH_OPT_INFO,
    TCG_SCRATCH_OPT_WRITES,
    TCG_SCRATCH_OPT_LABELS,
    TCG_SCRATCH_LIVE_STATE,
    TCG_SCRATCH_LIVE_STAMP,
    TCG_SCRATCH_LIVE_LABELS,
    TCG_SCRATCH_LIVE_LABEL_STATE,
    TCG_SCRATCH_LIVE_MISC,
    TCG_SCRATCH_LIVE_GL,
    TCG_SCRATCH_LIVE_LABEL_POOL,
    TCG_SCRATCH_RA_TEMPS,
    TCG_SCRATCH_RA_SLOTS,
    TCG_SCRATCH_RA_LABELS,
    TCG_SCRATCH_RA_LABEL_STATE,
    TCG_SCRATCH_RA_TOUCHED,
    TCG_SCRATCH_RA_GL,
    TCG_SCRATCH_RA_LABEL_POOL,
    TCG_SCRATCH_BACKEND_LABELS,
    TCG_SCRATCH_BACKEND_LABEL_OP,
    TCG_SCRATCH_BACKEND_LABEL_REFS,
    TCG_SCRATCH_ANALYSIS,
    TCG_NB_SCRATCH,
};

/* the backend's growing lists (tcg_array), one per use */
enum {
    TCG_ARRAY_BACKEND_RELOCS,
    TCG_ARRAY_BACKEND_SLOW_PATHS,
    TCG_ARRAY_BACKEND_EDGE_STUBS,
    TCG_ARRAY_BACKEND_GOTO_STUBS,
    TCG_ARRAY_BACKEND_SIDE_STORES,
    TCG_NB_ARRAY,
};

typedef struct TCGContext {
    TCGOp *ops;        /* [TCG_MAX_OPS] */
    int nb_ops;
    TCGTemp *temps;    /* [TCG_MAX_TEMPS]; index 0 unused */
    int nb_temps;
    int nb_globals;    /* temps 1..nb_globals are the globals */
    int nb_labels;
    bool overflow;     /* an array filled up: the TB must be retranslated
                          shorter (the translator checks after each insn) */
    /* constants are interned per TB (tcg.c's open-addressed table) */
    void *const_table;
    /* memory the passes keep from one TB to the next (tcg_scratch) */
    void *scratch[TCG_NB_SCRATCH];
    size_t scratch_size[TCG_NB_SCRATCH];
    void *arrays[TCG_NB_ARRAY]; /* GArray *, tcg_array */
    /* the optimizer's tags and liveness's event clock go on from one TB to
       the next, so that what a pass left in its scratch memory never
       passes for a fact about the current TB */
    uint64_t opt_tag;
    uint32_t live_clock;
    /* tcg_liveness's tcg_find_single_branch_labels result for the
       current TB (NULL until it ran), which the allocator reuses */
    uint8_t *single_labels;
    /* accel/tcg/translator.c: where gen_tb_start's exit-request branch
       goes; gen_tb_end places it */
    TCGLabel exitreq_label;
    /* accel/tcg/translator.c: gen_goto_tb to fallthrough_pc (the next
       instruction's address while the translator may go on past the
       current one; -1 otherwise) emits nothing and sets fell_through, and
       the translator goes on; goto_tb_used has bit n for each slot taken */
    uint64_t fallthrough_pc;
    bool fell_through;
    uint8_t goto_tb_used;
    /* the guest translator: != -1 while the current instruction is traced
       (Power ISA trace interrupt, MSR[SE]/MSR[BE]): every exit it takes
       calls the trace helper (ppc_gen_trace_exit) instead of going on */
    uint64_t trace_cia;
    /*
     * A loop inside the TB (-1: none).  The translator sets a label at the
     * top of the TB and makes a jump back to the TB's own start a `br` to
     * it.  If that label is the target of `br` ops after it only,
     * tcg_liveness picks up to TCG_MAX_LOOP_CARRIED globals the loop uses
     * and records them here; the register allocator then keeps them in
     * host registers from one iteration to the next (tcg/liveness.c).
     */
    TCGLabel loop_label;
    bool loop_used;     /* the translator made a `br` to it */
    /*
     * Arms (accel/tcg/translator.c): the taken sides of forward
     * conditional branches inside the TB's page, deferred to the end of
     * the TB.  The branch is a brcond to arm_label[k]; the translator then
     * places that label after the main path and, in a TB that loops,
     * translates the guest code at arm_pc[k] there, else exits to it.
     */
    int nb_arms;
    uint64_t arm_pc[TCG_MAX_ARMS];
    TCGLabel arm_label[TCG_MAX_ARMS];
    int nb_loop_carried;
    TCGv loop_carried[TCG_MAX_LOOP_CARRIED];
    bool loop_written[TCG_MAX_LOOP_CARRIED]; /* an op in the loop writes it */
} TCGContext;

TCGContext *tcg_context_new(void);
void tcg_context_free(TCGContext *s);
/* a buffer of at least size bytes for scratch use `which`, kept (and
   grown) across TBs so that passes allocate nothing per TB; its contents
   are whatever the last user left, zero when new (always: tcg_scratch0) */
void *tcg_scratch(TCGContext *s, int which, size_t size);
void *tcg_scratch0(TCGContext *s, int which, size_t size);
/* the GArray (of elem_size elements) for use `which`, emptied: kept from
   one TB to the next, so that a translation allocates nothing once the
   lists have grown (glib's GArray; a void * to keep glib out of here) */
void *tcg_array(TCGContext *s, int which, unsigned elem_size);
/* a global is registered once, right after tcg_context_new(), and lives
   for all TBs */
TCGv tcg_global_new(TCGContext *s, int32_t env_offset, const char *name);
/* declares that global g only ever holds values with no bit outside
   `bits` set (a 0-or-1 flag: 1).  Every writer of g, generated code and C
   alike, must keep that promise: the optimizer relies on it. */
void tcg_global_set_bits(TCGContext *s, TCGv g, uint64_t bits);
/* starts a new TB: drops all ops, non-global temps and labels */
void tcg_func_start(TCGContext *s);

TCGv tcg_temp_new(TCGContext *s);        /* TEMP_EBB */
TCGv tcg_temp_new_local(TCGContext *s);  /* TEMP_LOCAL */
TCGv tcg_constant(TCGContext *s, int64_t val); /* interned TEMP_CONST */
/* a TEMP_CONST of its own (not interned) whose value is given later, with
   tcg_constant_set_late, before any pass runs: what the translator only
   knows at the end of a TB (its length, for -icount) */
TCGv tcg_constant_late(TCGContext *s);
void tcg_constant_set_late(TCGContext *s, TCGv t, int64_t val);
TCGLabel tcg_label_new(TCGContext *s);

/* appends an op; the raw form behind all tcg_gen_* */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, int nb_oargs, int nb_iargs,
                   int nb_cargs, const int64_t *args);

/* ------------------------------------------------------------- builder API
 * One function per op, named tcg_gen_<op>; plus conveniences. */
#define TCG_GEN_BINOP(name)                                                    \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a, TCGv b);
#define TCG_GEN_UNOP(name) void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a);
#define TCG_GEN_BOTH_BIN(name) TCG_GEN_BINOP(name##_i32) TCG_GEN_BINOP(name##_i64)
#define TCG_GEN_BOTH_UN(name) TCG_GEN_UNOP(name##_i32) TCG_GEN_UNOP(name##_i64)
TCG_GEN_BOTH_BIN(add) TCG_GEN_BOTH_BIN(sub) TCG_GEN_BOTH_BIN(mul)
TCG_GEN_BOTH_BIN(and) TCG_GEN_BOTH_BIN(or) TCG_GEN_BOTH_BIN(xor)
TCG_GEN_BOTH_BIN(andc) TCG_GEN_BOTH_BIN(orc) TCG_GEN_BOTH_BIN(eqv)
TCG_GEN_BOTH_BIN(nand) TCG_GEN_BOTH_BIN(nor)
TCG_GEN_BOTH_BIN(shl) TCG_GEN_BOTH_BIN(shr) TCG_GEN_BOTH_BIN(sar)
TCG_GEN_BOTH_BIN(rotl) TCG_GEN_BOTH_BIN(rotr)
TCG_GEN_BOTH_BIN(divs) TCG_GEN_BOTH_BIN(divu) TCG_GEN_BOTH_BIN(rems)
TCG_GEN_BOTH_BIN(remu) TCG_GEN_BOTH_BIN(muluh) TCG_GEN_BOTH_BIN(mulsh)
TCG_GEN_BOTH_UN(neg) TCG_GEN_BOTH_UN(not) TCG_GEN_BOTH_UN(clz)
TCG_GEN_BOTH_UN(ctz) TCG_GEN_BOTH_UN(ctpop)
TCG_GEN_UNOP(mov) TCG_GEN_UNOP(ext8s) TCG_GEN_UNOP(ext8u)
TCG_GEN_UNOP(ext16s) TCG_GEN_UNOP(ext16u) TCG_GEN_UNOP(ext32s)
TCG_GEN_UNOP(ext32u) TCG_GEN_UNOP(bswap16) TCG_GEN_UNOP(bswap32)
TCG_GEN_UNOP(bswap64)
#undef TCG_GEN_BINOP
#undef TCG_GEN_UNOP
#undef TCG_GEN_BOTH_BIN
#undef TCG_GEN_BOTH_UN

void tcg_gen_movi(TCGContext *s, TCGv ret, int64_t val);
/* immediate forms: emit the op with tcg_constant(val) as second input */
void tcg_gen_addi_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_addi_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_andi_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_andi_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_ori_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_xori_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_shli_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_shri_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_sari_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_shli_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_shri_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_sari_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_rotli_i64(TCGContext *s, TCGv ret, TCGv a, int64_t val);
void tcg_gen_rotli_i32(TCGContext *s, TCGv ret, TCGv a, int64_t val);

void tcg_gen_setcond_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b);
void tcg_gen_setcond_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b);
void tcg_gen_setcondi_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv a, int64_t b);
void tcg_gen_setcondi_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv a, int64_t b);
void tcg_gen_movcond_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv c1, TCGv c2,
                         TCGv v1, TCGv v2);
void tcg_gen_movcond_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv c1, TCGv c2,
                         TCGv v1, TCGv v2);
void tcg_gen_brcond_i32(TCGContext *s, TCGCond c, TCGv a, TCGv b, TCGLabel l);
void tcg_gen_brcond_i64(TCGContext *s, TCGCond c, TCGv a, TCGv b, TCGLabel l);
void tcg_gen_brcondi_i64(TCGContext *s, TCGCond c, TCGv a, int64_t b, TCGLabel l);
void tcg_gen_brcondi_i32(TCGContext *s, TCGCond c, TCGv a, int64_t b, TCGLabel l);

/* CPU state in env (not guest memory) */
void tcg_gen_ld(TCGContext *s, TCGOpcode ld_op, TCGv ret, int32_t offset);
void tcg_gen_st(TCGContext *s, TCGOpcode st_op, TCGv val, int32_t offset);
static inline void tcg_gen_ld64(TCGContext *s, TCGv ret, int32_t off)
{
    tcg_gen_ld(s, INDEX_op_ld64, ret, off);
}
static inline void tcg_gen_st64(TCGContext *s, TCGv val, int32_t off)
{
    tcg_gen_st(s, INDEX_op_st64, val, off);
}

/* guest memory */
void tcg_gen_qemu_ld(TCGContext *s, TCGv ret, TCGv addr, TCGMemOpIdx oi);
void tcg_gen_qemu_st(TCGContext *s, TCGv val, TCGv addr, TCGMemOpIdx oi);

void tcg_gen_set_label(TCGContext *s, TCGLabel l);
void tcg_gen_br(TCGContext *s, TCGLabel l);
/* ret may be 0 when the helper returns nothing (or the value is unused) */
void tcg_gen_call(TCGContext *s, int helper_idx, TCGv ret, int nargs,
                  const TCGv *args);
void tcg_gen_goto_tb(TCGContext *s, int n);
/* the same to dest on another page, whose link holds only while the fetch
   TLB (MMU index mmu_idx) maps dest's page as when it was made */
void tcg_gen_goto_tb_checked(TCGContext *s, int n, uint64_t dest,
                             int mmu_idx);
void tcg_gen_exit_tb(TCGContext *s, uintptr_t val);
void tcg_gen_goto_ptr(TCGContext *s, TCGv ptr);
void tcg_gen_insn_start(TCGContext *s, uint64_t pc);

/* ------------------------------------------------------------------ passes */

/*
 * The labels that exactly one brcond leads to and that the ops before them
 * do not fall into (out[l] = 1): the not-taken side of a guest branch the
 * TB goes on translating past, once the taken side has exited.  Liveness
 * and the register allocator let such a label start with the brcond's
 * register state.  out has nb_labels entries.
 */
void tcg_find_single_branch_labels(TCGContext *s, uint8_t *out);

void tcg_optimize(TCGContext *s);
void tcg_liveness(TCGContext *s);
/* returns false (and logs the first problem to stderr) if the IR is
   malformed: bad temp or label indices, an EBB temp used across a label,
   a use before any definition, a write to a constant... */
bool tcg_validate(TCGContext *s, const char *after_pass);
/* writes the ops one per line, in the -d op format */
void tcg_dump_ops(TCGContext *s, FILE *f);

/* ------------------------------------------------------------------ exits */

/*
 * The value a TB returns to the exec loop (from exit_tb, or from the
 * epilogue when a goto_ptr finds nothing):
 *   0                 look the next TB up from env state
 *   (uintptr_t)tb | n   (n < TB_NB_JMP) goto_tb slot n of tb is not chained
 *                     yet: the exec loop may chain it to the next TB
 *   (uintptr_t)tb | 7   the exit request flag was set at TB entry
 * TranslationBlock is aligned to at least 8 bytes.
 */
#define TB_NB_JMP 4 /* goto_tb slots per TB */
#define TB_EXIT_MASK 7
#define TB_EXIT_IDX0 0
#define TB_EXIT_IDX1 1
#define TB_EXIT_REQUESTED 7

#endif
