/*
 * tcg/x86_64: what the backend's files share.  The backend is
 *   emit.c     the instruction encoder (no IR knowledge)
 *   lower.c    op constraints and the lowering of the computational ops
 *   softmmu.c  qemu_ld/qemu_st: the inline TLB fast path, slow paths
 *   frame.c    the entry/exit stub, the frame, calls, labels, TB exits,
 *              host CPU features, tcg_x86_64_gen_code
 *   disas.c    capstone disassembly for -d out_asm
 */
#ifndef POWERJIT_TCG_X86_64_LOWER_H
#define POWERJIT_TCG_X86_64_LOWER_H

#include <glib.h>

#include "exec.h"
#include "tcg/regalloc.h"
#include "tcg/x86_64/emit.h"

/* --------------------------------------------------------- host features */

enum {
    X86_FEAT_LZCNT = 1 << 0,
    X86_FEAT_BMI1 = 1 << 1,  /* tzcnt, andn */
    X86_FEAT_BMI2 = 1 << 2,  /* shlx/shrx/sarx, rorx */
    X86_FEAT_POPCNT = 1 << 3,
    X86_FEAT_MOVBE = 1 << 4,
    X86_FEAT_SSE41 = 1 << 5, /* pcmpeqq, pmax/pmin of the other widths */
    X86_FEAT_SSE42 = 1 << 6, /* pcmpgtq */
    X86_FEAT_SSSE3 = 1 << 7, /* pshufb (the vector permutes) */
    X86_FEAT_FMA = 1 << 8,   /* FMA3 with the OS saving AVX state (XCR0) */
};

/* what the host CPU has (CPUID), as used by code generated from now on */
unsigned tcg_x86_64_features(void);
/* restricts code generation to a subset of the host's features (tests run
   every fallback this way); returns the features now in use */
unsigned tcg_x86_64_set_features(unsigned mask);

static inline bool have_feat(unsigned f) { return tcg_x86_64_features() & f; }

/* --------------------------------------------------------- registers, frame */

#define X86_TMP X86_R11 /* the scratch register: never allocated */
#define X86_ENV X86_RBP

#define X86_REGS_ALL 0xffffu
#define X86_REG_BIT(r) (1u << (r))
#define X86_ALLOCATABLE                                                        \
    (X86_REGS_ALL &                                                            \
     ~(X86_REG_BIT(X86_RSP) | X86_REG_BIT(X86_RBP) | X86_REG_BIT(X86_TMP)))
#define X86_CALL_CLOBBERED                                                     \
    (X86_REG_BIT(X86_RAX) | X86_REG_BIT(X86_RCX) | X86_REG_BIT(X86_RDX) |      \
     X86_REG_BIT(X86_RSI) | X86_REG_BIT(X86_RDI) | X86_REG_BIT(X86_R8) |       \
     X86_REG_BIT(X86_R9) | X86_REG_BIT(X86_R10) | X86_REG_BIT(X86_R11))

/*
 * The frame the prologue allocates below the saved registers, addressed
 * from rsp (16-byte aligned inside a TB, as calls need):
 *   [0, 16)       outgoing stack arguments of helper calls
 *   [16, 144)     slow paths' save area: register r at 16 + 8 * r
 *   [144, ...)    spill slots, 8 bytes each, one per temp at most
 */
#define X86_FRAME_STACK_ARGS 0
#define X86_FRAME_SAVE 16
#define X86_FRAME_SPILL (X86_FRAME_SAVE + 8 * X86_NB_REGS)
#define X86_FRAME_SPILL_END (X86_FRAME_SPILL + 8 * TCG_MAX_TEMPS)
/* 6 pushes + the return address leave rsp 8 bytes off 16 */
#define X86_FRAME_SIZE (((X86_FRAME_SPILL_END + 15) & ~15) + 8)

/* --------------------------------------------------------- the code generator */

typedef struct X86Reloc {
    uint32_t disp_at; /* a rel32 to point at label */
    int label;
} X86Reloc;

/* the out-of-line half of one qemu_ld/qemu_st */
typedef struct X86SlowPath {
    bool is_store;
    bool val_const;
    int8_t addr_reg;
    int8_t data_reg;     /* load: the output; store: the value */
    int64_t val;         /* store of a constant */
    TCGMemOpIdx oi;
    uint32_t jump_at[2]; /* rel32 displacements that lead here */
    int nb_jumps;
    uint32_t ret_pos;    /* the fast path's end: where to come back */
    uint32_t side_first; /* its side stores: X86Gen.side_stores[first..] */
    uint32_t nb_side;
    /* a loop's held TLB entry (TCGRegAlloc.site_tag): the refill that
       looks at the TLB when the held page is not the access's */
    bool held;
    int8_t tag_reg, addend_reg, t0;
    uint32_t refill_at;  /* the jcc to the refill */
    uint32_t access_pos; /* the inline access, which the refill returns to */
} X86SlowPath;

/* a failed check of a goto_tb to another page: the jump cache instead */
typedef struct X86GotoStub {
    uint64_t dest;
    int slot;
    uint32_t fail_at[2]; /* the checks' jcc rel32s */
    uint32_t jmp_at;     /* the linked jump's rel32, which starts here */
} X86GotoStub;

/* the taken edge of a brcond that must store dirty globals first */
typedef struct X86EdgeStub {
    uint32_t jump_at;    /* the jcc's rel32 */
    int label;
    uint32_t side_first;
    uint32_t nb_side;
} X86EdgeStub;

/*
 * What the host flags hold: the compare made by op number `serial` (ops
 * lowered in this TB, calls included), of temps ta and tb in registers x
 * and y (or the immediate y).  Between two ops the allocator only moves,
 * loads and stores, which leave the flags alone, so the next op may reuse
 * them (the second movcond of a guest compare does).
 */
typedef struct X86Flags {
    uint32_t serial;
    int64_t ta, tb;
    int64_t out;      /* the op's output, which may have replaced ta or tb */
    int w, x;
    int64_t y;
    bool yk, tst;
} X86Flags;

typedef struct X86Gen {
    TCGRegAlloc ra; /* first: the allocator's hooks get &ra */
    X86Buf buf;
    TranslationBlock *tb;
    int32_t *label_pos; /* [nb_labels + 1], -1 while unbound */
    GArray *relocs;     /* X86Reloc */
    GArray *slow_paths; /* X86SlowPath */
    GArray *edge_stubs; /* X86EdgeStub */
    GArray *goto_stubs; /* X86GotoStub */
    GArray *side_stores; /* TCGSideStore, for slow paths and edge stubs */
    uint16_t *insn_end;
    int insn_cap;
    int nb_insns;
    uint32_t nb_lowered; /* ops and calls emitted so far */
    X86Flags flags;
    /* per label: the index of its set_label op, and how many branches
       target it (frame.c: a brcond may take a goto_tb slot over) */
    int *label_op;
    int *label_refs;
    int slot_label[TB_NB_JMP]; /* slot n is a brcond's jcc to this label,
                                  or -1 */
    bool inline_lookup;  /* probe the jump cache before helper_lookup_tb_ptr */
} X86Gen;

static inline X86Gen *x86_gen(TCGRegAlloc *ra) { return (X86Gen *)ra; }

/* lower.c */
void x86_lower_alu(X86Gen *g, const TCGOp *op, const int64_t *a,
                   const bool *k);
X86Cond x86_cond(TCGCond c);
/* cmp/test for (x cond y); y is a register or, if y_const, an immediate */
void x86_emit_cmp(X86Buf *b, int w, TCGCond c, int x, int64_t y,
                  bool y_const);
/* the same for the compare of op's inputs ai and ai + 1, unless the flags
   already hold it (X86Flags); true if nothing was emitted */
bool x86_emit_cmp_op(X86Gen *g, const TCGOp *op, int ai, int w, TCGCond c,
                     int x, int64_t y, bool y_const);

/* lower-vec.c: the v128_* ops */
void x86_lower_vec(X86Gen *g, const TCGOp *op);

/* softmmu.c */
void x86_lower_qemu_ld(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k, TCGRegSet live);
void x86_lower_qemu_st(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k, TCGRegSet live);
void x86_emit_slow_paths(X86Gen *g);
/* is val storable as an immediate by this qemu_st? */
bool x86_qemu_st_const_ok(const TCGOp *op, int64_t val);
/* the slow paths' shared thunks, once, with the prologue; -1 if they did
   not fit */
int x86_emit_mmu_thunks(X86Buf *b);

/* frame.c */
/* copies ra->side into g->side_stores; returns the index of the first */
uint32_t x86_keep_side_stores(X86Gen *g);
/* the stores of side path [first, first + n) */
void x86_emit_side_stores(X86Gen *g, uint32_t first, uint32_t n);
void x86_lower_control(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k);
/* a call/jump to an absolute host address, through r11 when out of reach */
void x86_call_far(X86Buf *b, uintptr_t target);
void x86_jmp_far(X86Buf *b, uintptr_t target);

#endif
