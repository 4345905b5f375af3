/*
 * The ISA level a vCPU runs at (target-ppc/isa-level.c): under PCR
 * (Power ISA 3.0B Book III 2.4: v2.07 0x8, v2.06 0x4, v2.05 0x2, set
 * cumulatively by a hypervisor holding the processor to an earlier level,
 * as Linux's kvmppc_set_arch_compat does) the instructions introduced
 * after that level are illegal, and a POWER8 has no ISA 3.0 ones.
 *
 * A sample of each group, the words assembled by powerpc64le-linux-gnu-as
 * -mpower9 (binutils 2.40); the level each instruction came in is the one
 * binutils' opcode table gives it (objdump -M power6/power7/power8
 * decodes it from that CPU on) and the ISA's own account of its
 * versions.  Each row must decode to itself, be allowed at and above its
 * level and refused below it.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec.h"
#include "target-ppc/translate.h"

enum { L205 = 205, L206 = 206, L207 = 207, L300 = 300 };

typedef struct Sample {
    uint32_t word;
    const char *row; /* the insns.def row */
    int level;       /* the ISA version that introduced it */
} Sample;

static const Sample samples[] = {
    /* ISA 3.0 */
    { 0x7c830474, "cnttzd", L300 },
    { 0x7c642e12, "modsd", L300 },
    /* ISA 2.07: reservations, direct moves, VMX crypto and doubleword
       lanes, BCD, TM, FP merges, icbt, doorbells, VSX scalar single */
    { 0x7c602068, "lbarx", L207 },
    { 0x7c60256d, "stbcx", L207 },
    { 0x7c802a28, "lqarx", L207 },
    { 0x7c430067, "mfvsrd", L207 },
    { 0x104324c8, "vpmsumd", L207 },
    { 0x10432508, "vcipher", L207 },
    { 0x1043fec2, "vshasigmad", L207 },
    { 0x104320c0, "vaddudm", L207 },
    { 0x10432401, "bcdadd_", L207 },
    { 0x7c00051d, "tbegin", L207 },
    { 0xfc221f8c, "fmrgew", L207 },
    { 0x7c00202c, "icbt", L207 },
    { 0x7c00211c, "msgsndp", L207 },
    { 0xf0221800, "xsaddsp", L207 },
    /* ISA 2.06: popcntd, ldbrx, lfiwzx, the extended divides, isel, VSX */
    { 0x7c8303f4, "popcntd", L206 },
    { 0x7c602428, "ldbrx", L206 },
    { 0x7c2026ee, "lfiwzx", L206 },
    { 0x7c642b56, "divwe", L206 },
    { 0xf0221900, "xsadddp", L206 },
    { 0x7c202698, "lxvd2x", L206 },
    { 0xf0221c90, "xxlor", L206 },
    { 0x7c64289e, "isel", L206 },
    /* older: always there */
    { 0x7c642a14, "add", L205 },
    { 0x80640000, "lwz", L205 },
    { 0x10432000, "vaddubm", L205 },
    { 0x7c830134, "prtyw", L205 },
};

/* the levels a PCR value leaves (the highest one allowed) */
static const struct {
    uint64_t pcr;
    int level;
} pcrs[] = {
    { 0, L300 },
    { PPC_PCR_ARCH_207, L207 },
    { PPC_PCR_ARCH_207 | PPC_PCR_ARCH_206, L206 },
    { PPC_PCR_ARCH_207 | PPC_PCR_ARCH_206 | PPC_PCR_ARCH_205, L205 },
};

static void check_model(PPCModel model, int model_level)
{
    uint8_t *ram = g_malloc0(1u << 20);
    CPUPPCState *env = ppc_cpu_new(model, ram, 1u << 20);

    for (size_t p = 0; p < G_N_ELEMENTS(pcrs); p++) {
        int level = MIN(pcrs[p].level, model_level);

        ppc_set_pcr(env, pcrs[p].pcr);
        g_assert_cmphex(env->spr[PPC_SPR_PCR], ==, pcrs[p].pcr);
        for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
            const Sample *s = &samples[i];
            const PPCInsnDef *def = ppc_decode(s->word);
            bool denied;

            g_assert_nonnull(def);
            g_assert_cmpstr(def->name, ==, s->row);
            denied = (def->flags & env->insn_deny) != 0;
            if (denied != (s->level > level)) {
                g_error("%s under PCR 0x%" PRIx64 " on model %d: %s",
                        s->row, pcrs[p].pcr, (int)model,
                        denied ? "illegal" : "allowed");
            }
        }
    }
    ppc_cpu_free(env);
    g_free(ram);
}

static void test_power9(void)
{
    check_model(PPC_MODEL_POWER9, L300);
}

static void test_power8(void)
{
    check_model(PPC_MODEL_POWER8, L207);
}

/* lq and stq: problem-state instructions from ISA 2.07, privileged
   before (Book III-S 2.06) */
static void test_lq_stq(void)
{
    static const uint32_t words[] = { 0xe0850000 /* lq r4,0(r5) */,
                                      0xf8850002 /* stq r4,0(r5) */ };
    uint8_t *ram = g_malloc0(1u << 20);
    CPUPPCState *env = ppc_cpu_new(PPC_MODEL_POWER9, ram, 1u << 20);

    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        const PPCInsnDef *def = ppc_decode(words[i]);

        g_assert_nonnull(def);
        ppc_set_pcr(env, PPC_PCR_ARCH_207);
        g_assert_false(def->flags & env->insn_priv);
        g_assert_false(def->flags & env->insn_deny);
        ppc_set_pcr(env, PPC_PCR_ARCH_207 | PPC_PCR_ARCH_206);
        g_assert_true(def->flags & env->insn_priv);
        g_assert_false(def->flags & env->insn_deny);
    }
    /* an ordinary privileged instruction stays privileged */
    g_assert_true(ppc_decode(0x7c600124 /* mtmsr r3 */)->flags &
                  env->insn_priv);
    ppc_cpu_free(env);
    g_free(ram);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ppc_decode_init();
    g_test_add_func("/isa-level/power9", test_power9);
    g_test_add_func("/isa-level/power8", test_power8);
    g_test_add_func("/isa-level/lq-stq", test_lq_stq);
    return g_test_run();
}
