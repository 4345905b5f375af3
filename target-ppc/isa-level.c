/*
 * target-ppc/isa-level.c: which rows of the instruction table each level
 * of the Power ISA introduced, and what a processor held to an earlier
 * level by PCR (Power ISA 3.0B Book III 2.4, the Processor Compatibility
 * Register: bit 60 v2.07, 61 v2.06, 62 v2.05) leaves of the table.
 *
 * PCR[v2.07] set: the instructions new in ISA 3.0 are unavailable (rows
 * flagged INSN_ISA300 in insns.def); PCR[v2.06]: also those new in 2.07;
 * PCR[v2.05]: also those new in 2.06.  An unavailable instruction raises
 * the illegal-instruction interrupt, as an unimplemented one does.  lq
 * and stq go back to being privileged below 2.07 (2.07 made them
 * problem-state instructions).  A POWER8 has no ISA 3.0 at all.
 *
 * The lists below are the ISA's "instruction set sorted by version" for
 * the rows we have: the 2.06 and 2.07 additions, as GNU binutils'
 * opcode table assigns them to POWER7 and POWER8 (objdump -M power6 /
 * power7 / power8 decodes a row's word or not; tests/unit/test-isa-level.c
 * checks a sample of each group).  They are kept here rather than as
 * flags in insns.def so that one place says what a level added; decode.c
 * folds them into the rows' flags at start-up, and a name that is not a
 * row aborts there.  What a vCPU may execute is then one mask per PCR
 * value (ppc_set_pcr), tested once per instruction at translation, and
 * the hypervisor flushes the TBs when PCR changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "translate.h"

/* ISA 2.06 (POWER7): the VSX facility (Book I ch. 7: the loads and
   stores, the binary64 scalar and the vector FP operations, the logical
   and permute ones); fixed point: ldbrx/stdbrx, the extended divides,
   popcntw/popcntd, bpermd, isel in the server category; FP: lfiwzx,
   ftdiv/ftsqrt, the unsigned and single conversions; DFP dcffix; the
   wait instruction of 2.06 */
static const char *const isa206_rows[] = {
    "ldbrx", "stdbrx", "divwe", "divweu", "divde", "divdeu", "isel",
    "popcntw", "popcntd", "bpermd", "lfiwzx", "ftdiv", "ftsqrt", "fctiwu",
    "fctiwuz", "fctidu", "fctiduz", "fcfidu", "fcfids", "fcfidus", "dcffix",
    "lxsdx", "lxvd2x", "lxvdsx", "lxvw4x", "stxsdx", "stxvd2x", "stxvw4x",
    "xsadddp", "xssubdp", "xsmuldp", "xsdivdp", "xsmaddadp", "xsmaddmdp",
    "xsmsubadp", "xsmsubmdp", "xsnmaddadp", "xsnmaddmdp", "xsnmsubadp",
    "xsnmsubmdp", "xscmpudp", "xscmpodp", "xscpsgndp", "xvcpsgndp",
    "xvcpsgnsp", "xxland", "xxlandc", "xxlor", "xxlxor", "xxlnor", "xxmrghw",
    "xxmrglw", "xxpermdi", "xxsldwi", "xxsel", "xssqrtdp", "xsredp",
    "xsrsqrtedp", "xscvdpsxds", "xscvdpsxws", "xscvdpuxds", "xscvdpuxws",
    "xscvsxddp", "xscvuxddp", "xscvdpsp", "xscvspdp", "xsrdpi", "xsrdpiz",
    "xsrdpip", "xsrdpim", "xsrdpic", "xsabsdp", "xsnabsdp", "xsnegdp",
    "xvabsdp", "xvnabsdp", "xvnegdp", "xvabssp", "xvnabssp", "xvnegsp",
    "xxspltw", "xvadddp", "xvsubdp", "xvmuldp", "xvdivdp", "xvaddsp",
    "xvsubsp", "xvmulsp", "xvdivsp", "xvmaddadp", "xvmaddmdp", "xvmaddasp",
    "xvmaddmsp", "xvmsubadp", "xvmsubmdp", "xvmsubasp", "xvmsubmsp",
    "xvnmaddadp", "xvnmaddmdp", "xvnmaddasp", "xvnmaddmsp", "xvnmsubadp",
    "xvnmsubmdp", "xvnmsubasp", "xvnmsubmsp", "xvsqrtdp", "xvsqrtsp",
    "xvredp", "xvresp", "xvrsqrtedp", "xvrsqrtesp", "xvcmpeqdp", "xvcmpgtdp",
    "xvcmpgedp", "xvcmpeqsp", "xvcmpgtsp", "xvcmpgesp", "xsmaxdp", "xsmindp",
    "xvmaxdp", "xvmindp", "xvmaxsp", "xvminsp", "xstdivdp", "xvtdivdp",
    "xvtdivsp", "xstsqrtdp", "xvtsqrtdp", "xvtsqrtsp", "xvcvsxwdp",
    "xvcvuxwdp", "xvcvsxddp", "xvcvuxddp", "xvcvsxdsp", "xvcvuxdsp",
    "xvcvsxwsp", "xvcvuxwsp", "xvcvdpsxds", "xvcvdpuxds", "xvcvdpsxws",
    "xvcvdpuxws", "xvcvspsxws", "xvcvspuxws", "xvcvspsxds", "xvcvspuxds",
    "xvcvdpsp", "xvcvspdp", "xvrdpi", "xvrdpiz", "xvrdpip", "xvrdpim",
    "xvrdpic", "xvrspi", "xvrspiz", "xvrspip", "xvrspim", "xvrspic",
    "wait206",
};

/* ISA 2.07 (POWER8): the byte/halfword/quadword reservations (lbarx,
   lharx, lqarx and their stores), transactional memory (Book II ch. 5),
   bctar, msgsndp/msgclrp, icbt, fmrgew/fmrgow; VMX: the doubleword
   integer lanes (vaddudm...), the quadword adds, vpmsum*, the AES and SHA
   instructions, vbpermq, vgbbd, vclz*, vpopcnt*, vpermxor, the packed
   BCD adds; VSX: the direct moves (mfvsrd...), the scalar single
   loads/stores and arithmetic, xxlorc/xxlnand/xxleqv */
static const char *const isa207_rows[] = {
    "bctar", "msgsndp", "msgclrp", "tcheck", "lbarx", "lharx", "stbcx",
    "sthcx", "stqcx", "fmrgew", "fmrgow", "vorc", "vnand", "veqv", "vaddudm",
    "vadduqm", "vsubudm", "vsubuqm", "vmaxud", "vmaxsd", "vminud", "vminsd",
    "vrld", "vsld", "vsrd", "vsrad", "vmrgew", "vmrgow", "vpkudum", "vpkudus",
    "vpksdus", "vpksdss", "vmulouw", "vmulosw", "vmuleuw", "vmulesw",
    "vmuluwm", "vbpermq", "vclzb", "vclzh", "vclzw", "vclzd", "vpopcntb",
    "vpopcnth", "vpopcntw", "vpopcntd", "vgbbd", "vupkhsw", "vupklsw",
    "vpermxor", "vcmpequd", "vcmpgtud", "vcmpgtsd", "vaddcuq", "vsubcuq",
    "vaddeuqm", "vaddecuq", "vsubeuqm", "vsubecuq", "vcipher", "vcipherlast",
    "vncipher", "vncipherlast", "vsbox", "vshasigmaw", "vshasigmad",
    "vpmsumb", "vpmsumh", "vpmsumw", "vpmsumd", "bcdadd_", "bcdsub_",
    "lxsiwax", "lxsiwzx", "lxsspx", "stxsiwx", "stxsspx", "mfvsrd", "mfvsrwz",
    "mtvsrd", "mtvsrwa", "mtvsrwz", "xsaddsp", "xssubsp", "xsmulsp",
    "xsdivsp", "xsmaddasp", "xsmaddmsp", "xsmsubasp", "xsmsubmsp",
    "xsnmaddasp", "xsnmaddmsp", "xsnmsubasp", "xsnmsubmsp", "xxlorc",
    "xxlnand", "xxleqv", "xssqrtsp", "xscvsxdsp", "xscvuxdsp", "xscvdpspn",
    "xscvspdpn", "xsrsp", "xsresp", "xsrsqrtesp", "tbegin", "tend", "tabort",
    "tabortwc", "tabortwci", "tabortdc", "tabortdci", "tsr", "treclaim",
    "trechkpt", "lqarx", "icbt",
};

/* privileged below ISA 2.07 (Book III-S 2.06 3.3: lq and stq) */
static const char *const pre207_priv_rows[] = { "lq", "stq" };

typedef struct IsaLevelList {
    const char *const *names;
    size_t n;
    uint32_t flag;
} IsaLevelList;

void ppc_isa_levels_apply(PPCInsnDef *table, size_t n)
{
    static const IsaLevelList lists[] = {
        { isa206_rows, G_N_ELEMENTS(isa206_rows), INSN_ISA206 },
        { isa207_rows, G_N_ELEMENTS(isa207_rows), INSN_ISA207 },
        { pre207_priv_rows, G_N_ELEMENTS(pre207_priv_rows),
          INSN_PRIV_PRE207 },
    };
    GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);

    for (size_t i = 0; i < n; i++) {
        g_hash_table_insert(by_name, (gpointer)table[i].name, &table[i]);
    }
    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++) {
        for (size_t i = 0; i < lists[l].n; i++) {
            PPCInsnDef *row = g_hash_table_lookup(by_name,
                                                  lists[l].names[i]);
            if (!row) {
                fprintf(stderr, "powerjit: isa-level.c: no row '%s' in "
                        "insns.def\n", lists[l].names[i]);
                abort();
            }
            row->flags |= lists[l].flag;
        }
    }
    g_hash_table_destroy(by_name);
}

/* each PCR level, the lowest set bit winning: what it takes away */
typedef struct PcrLevel {
    uint64_t pcr_bit;
    uint32_t deny; /* illegal instructions */
    uint32_t priv; /* privileged ones, beyond INSN_PRIV */
} PcrLevel;

static const PcrLevel pcr_levels[] = {
    { PPC_PCR_ARCH_205, INSN_ISA300 | INSN_ISA207 | INSN_ISA206,
      INSN_PRIV_PRE207 },
    { PPC_PCR_ARCH_206, INSN_ISA300 | INSN_ISA207, INSN_PRIV_PRE207 },
    { PPC_PCR_ARCH_207, INSN_ISA300, 0 },
};

void ppc_set_pcr(CPUPPCState *env, uint64_t pcr)
{
    env->spr[PPC_SPR_PCR] = pcr;
    env->insn_deny = env->model == PPC_MODEL_POWER8 ? INSN_ISA300 : 0;
    env->insn_priv = INSN_PRIV;
    for (size_t i = 0; i < G_N_ELEMENTS(pcr_levels); i++) {
        if (pcr & pcr_levels[i].pcr_bit) {
            env->insn_deny |= pcr_levels[i].deny;
            env->insn_priv |= pcr_levels[i].priv;
            break;
        }
    }
}
