/*
 * target-ppc translator internals: the decode table's row format, the
 * decoded-argument struct, and the translator context every trans_ function
 * receives.
 *
 * Instructions are declared once in insns.def (an X-macro); decode.c expands
 * the rows at start-up into dense lookup arrays, every slot defaulting to
 * "illegal instruction" and any two overlapping rows failing loudly.  Field
 * extraction happens once per *form* (decode.c: ppc_decode_args), so trans_
 * functions never shift opcode bits.
 */
#ifndef POWERJIT_TARGET_PPC_TRANSLATE_H
#define POWERJIT_TARGET_PPC_TRANSLATE_H

#include "cpu.h"
#include "exec.h"
#include "tcg.h"

/* instruction forms (Power ISA 3.0 Book I 1.6) */
typedef enum PPCForm {
    FORM_I, FORM_B, FORM_SC, FORM_D, FORM_DS, FORM_DQ, FORM_X, FORM_XL,
    FORM_XFX, FORM_XFL, FORM_XS, FORM_XO, FORM_A, FORM_M, FORM_MD, FORM_MDS,
    FORM_VA, FORM_DX, FORM_Z23, FORM_XX1, FORM_XX2, FORM_XX3, FORM_XX4,
    FORM_VX, FORM_VC, FORM_NB_FORMS
} PPCForm;

/*
 * The fields of one instruction, extracted by its form.  Register numbers
 * and small fields are plain; immediates are already shifted and
 * sign-extended as the form says (D: si/ui, DS: ds<<2, DQ: dq<<4, I: li<<2,
 * B: bd<<2, DX: d).
 */
typedef struct PPCArgs {
    uint32_t insn;
    uint8_t rt, ra, rb, rc;  /* RT/RS/BO/BF.., RA/BI.., RB/SH.., RC (A/VA) */
    uint8_t bo, bi, bh;
    uint8_t bf, bfa, l;      /* compare/mcrf fields, L */
    uint8_t sh, mb, me;      /* shifts/rotates (MD/MDS/XS: 6-bit values) */
    uint8_t aa, lk, rc_bit, oe;
    uint8_t crm, fxm;        /* mtcrf/mtocrf */
    uint8_t to;              /* trap condition */
    uint8_t nb;              /* string byte count */
    uint16_t spr;            /* SPR number, halves already swapped */
    uint8_t lev;             /* sc LEV */
    int64_t imm;             /* the form's immediate, ready to use */
    uint64_t uimm;           /* D-form unsigned immediate (andi., ori...) */
} PPCArgs;

/* row flags */
enum {
    INSN_PRIV = 0x1,      /* privileged: program interrupt when MSR[PR]=1 */
    INSN_HV = 0x2,        /* hypervisor-only: privileged for our LPAR */
    INSN_64 = 0x4,        /* 64-bit only */
    INSN_ENDS_TB = 0x8,   /* the translator stops after it */
    INSN_ISA300 = 0x10,   /* new in ISA 3.0 (not on POWER8) */
    INSN_ISA207 = 0x20,   /* new in ISA 2.07 (isa-level.c adds the rows) */
    INSN_BRANCH = 0x40,   /* traced under MSR[BE] (Book III 6.5.15) */
    INSN_NOTRACE = 0x80,  /* not traced under MSR[SE]: rfid, mtmsr... */
    INSN_ISA206 = 0x100,  /* new in ISA 2.06 (isa-level.c) */
    INSN_PRIV_PRE207 = 0x200, /* privileged before ISA 2.07 (lq, stq) */
};

typedef struct DisasContext DisasContext;
typedef bool (*PPCTransFn)(DisasContext *ctx, const PPCArgs *a);

typedef struct PPCInsnDef {
    const char *name;
    uint32_t opcode;
    uint32_t mask;
    PPCForm form;
    uint32_t flags;
    PPCTransFn trans;
} PPCInsnDef;

/* how a TB ends after the current instruction */
typedef enum DisasJumpType {
    DISAS_NEXT,      /* go on translating */
    DISAS_TOO_MANY,  /* stopped: chain to the next pc */
    DISAS_NORETURN,  /* the insn already emitted its exit */
    DISAS_EXIT,      /* state changed (MSR...): store nip, exit_tb(0) */
    DISAS_LOOKUP,    /* nip stored, go through the jump cache */
} DisasJumpType;

struct DisasContext {
    TCGContext *s;
    CPUPPCState *env;      /* read-only use: model, not register values */
    TranslationBlock *tb;
    uint64_t pc;           /* address of the current instruction */
    uint64_t next_pc;
    uint32_t insn;
    DisasJumpType is_jmp;
    const PPCInsnDef *def;
    /* from tb->flags */
    bool le, pr, hv, sf, fp, vec, vsx;
    bool se, be;           /* MSR[SE] single step, MSR[BE] branch trace */
    int mem_idx;           /* data MMU index */
    uint32_t insn_deny;    /* env->insn_deny, env->insn_priv (isa-level.c) */
    uint32_t insn_priv;
    int num_insns;
    /* -icount: the TB's length, a late constant (0: no -icount) */
    TCGv icount_n;
};

/* the IR globals (temp indices), registered by ppc_translate_init */
typedef struct PPCGlobals {
    TCGv gpr[32];
    TCGv nip, lr, ctr, tar, msr;
    TCGv crf[8];
    TCGv so, ov, ca, ov32, ca32;
    TCGv reserve_addr, reserve_val, reserve_val2, reserve_size;
} PPCGlobals;
extern PPCGlobals ppc_g;

/* the translation-relevant CPU state packed into TranslationBlock.flags by
   ppc_tb_flags() (cpu.c) and unpacked by the translator */
#define PPC_TBF_LE (1u << 0)
#define PPC_TBF_PR (1u << 1)
#define PPC_TBF_IR (1u << 2)
#define PPC_TBF_DR (1u << 3)
#define PPC_TBF_FP (1u << 4)
#define PPC_TBF_VEC (1u << 5)
#define PPC_TBF_VSX (1u << 6)
#define PPC_TBF_SF (1u << 7)
#define PPC_TBF_HV (1u << 8)
#define PPC_TBF_DMMU_SHIFT 9   /* 2 bits: the data MMU index */
#define PPC_TBF_IMMU_SHIFT 11  /* 2 bits: the fetch MMU index */
#define PPC_TBF_SE (1u << 13)  /* MSR[SE]: every instruction is traced */
#define PPC_TBF_BE (1u << 14)  /* MSR[BE]: every branch is traced */

/* decode.c */
void ppc_decode_init(void);
/* isa-level.c: adds INSN_ISA206/INSN_ISA207/INSN_PRIV_PRE207 to the rows
   its lists name (aborts naming a mnemonic the table does not have) */
void ppc_isa_levels_apply(PPCInsnDef *table, size_t n);
/* the row that matches insn, or NULL: an illegal instruction */
const PPCInsnDef *ppc_decode(uint32_t insn);
void ppc_decode_args(PPCForm form, uint32_t insn, PPCArgs *a);
const PPCInsnDef *ppc_insn_table(size_t *count); /* the rows, for tests */

/* translate.c: shared generators */
void gen_exception(DisasContext *ctx, int excp, uint64_t error_code);
/* the same with env->nip = nip instead of the current instruction (sc 1
   resumes after the sc) */
void gen_exception_nip(DisasContext *ctx, uint64_t nip, int excp,
                       uint64_t error_code);
void gen_program_exception(DisasContext *ctx, uint64_t srr1_bits);
/* the exits of a traced instruction (s->trace_cia != -1; nip already
   holds the next instruction's address): the trace interrupt */
void ppc_gen_trace_exit(TCGContext *s);
void gen_set_cr0(DisasContext *ctx, TCGv result); /* Rc=1: CR0 from result */
/* EA = (RA|0) + imm / (RA|0) + RB, truncated in 32-bit mode */
TCGv gen_ea_imm(DisasContext *ctx, int ra, int64_t imm);
TCGv gen_ea_reg(DisasContext *ctx, int ra, int rb);
/* a guest load/store in the current byte order */
void gen_ld(DisasContext *ctx, TCGv ret, TCGv ea, unsigned memop);
void gen_st(DisasContext *ctx, TCGv val, TCGv ea, unsigned memop);
static inline TCGContext *ctx_s(DisasContext *ctx) { return ctx->s; }

/* every trans_ function named in insns.def */
#define INSN(name, opc, mask, form, flags, trans)                             \
    bool trans(DisasContext *ctx, const PPCArgs *a);
#include "insns.def"
#undef INSN

#endif
