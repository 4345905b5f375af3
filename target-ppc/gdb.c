/*
 * target-ppc/gdb.c: the vCPU's registers as GDB's remote protocol sees
 * them (include/gdb-regs.h).
 *
 * GDB learns the layout from the target description sent through
 * qXfer:features:read (GDB manual, "Target Descriptions", and its
 * "Standard Target Features" for PowerPC: org.gnu.gdb.power.core, .fpu,
 * .altivec, .vsx).  The register numbers follow GDB's own numbering for
 * 64-bit PowerPC (r0-r31 0-31, f0-f31 32-63, pc 64, msr 65, cr 66, lr 67,
 * ctr 68, xer 69, fpscr 70, vr0-vr31 71-102, vscr 103, vrsave 104,
 * vs0h-vs31h 105-136), so that the `g` packet carries them in that order
 * with no gaps; the supervisor SPRs a kernel developer reads follow from
 * 137 in a feature of our own.
 *
 * Every value travels in the byte order the guest runs in now (MSR[LE]),
 * which is the order GDB assumes for the program it has loaded.  A VR is
 * one 128-bit number: ISA doubleword 0 is its high half.  A VSX register
 * 0-31 is FPR i (doubleword 0, f<i>) and vs<i>h (doubleword 1); 32-63 are
 * the VRs.
 */
#include <string.h>

#include <glib.h>

#include "gdb-regs.h"
#include "internal.h"

enum {
    GDB_PC = 64,
    GDB_MSR,
    GDB_CR,
    GDB_LR,
    GDB_CTR,
    GDB_XER,
    GDB_FPSCR,
    GDB_VR0 = 71,
    GDB_VSCR = 103,
    GDB_VRSAVE,
    GDB_VSH0,
    GDB_SPR0 = 137,
};

/* the supervisor SPRs, 64 bits each (Book III numbers) */
static const struct {
    const char *name;
    uint16_t spr;
} gdb_sprs[] = {
    { "dsisr", 18 }, { "dar", 19 }, { "srr0", 26 }, { "srr1", 27 },
    { "pidr", 48 }, { "cfar", 28 }, { "amr", 13 }, { "tar", 815 },
    { "sprg0", 272 }, { "sprg1", 273 }, { "sprg2", 274 }, { "sprg3", 275 },
    { "pvr", 287 }, { "lpcr", 318 }, { "hsrr0", 314 }, { "hsrr1", 315 },
};

int ppc_gdb_num_regs(void)
{
    return GDB_SPR0 + (int)G_N_ELEMENTS(gdb_sprs);
}

static void gdb_xml_regs(GString *s, const char *fmt, int n, int first,
                         int bits, const char *type)
{
    for (int i = 0; i < n; i++) {
        char *name = g_strdup_printf(fmt, i);
        g_string_append_printf(s, "<reg name=\"%s\" bitsize=\"%d\" "
                               "type=\"%s\" regnum=\"%d\"/>", name, bits,
                               type, first + i);
        g_free(name);
    }
}

char *ppc_gdb_target_xml(void)
{
    GString *s = g_string_new("<?xml version=\"1.0\"?>"
                              "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
                              "<target><architecture>powerpc:common64"
                              "</architecture>");

    g_string_append(s, "<feature name=\"org.gnu.gdb.power.core\">");
    gdb_xml_regs(s, "r%d", 32, 0, 64, "uint64");
    g_string_append(s,
        "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"64\"/>"
        "<reg name=\"msr\" bitsize=\"64\" type=\"uint64\"/>"
        "<reg name=\"cr\" bitsize=\"32\" type=\"uint32\"/>"
        "<reg name=\"lr\" bitsize=\"64\" type=\"code_ptr\"/>"
        "<reg name=\"ctr\" bitsize=\"64\" type=\"uint64\"/>"
        "<reg name=\"xer\" bitsize=\"32\" type=\"uint32\"/></feature>");

    g_string_append(s, "<feature name=\"org.gnu.gdb.power.fpu\">");
    gdb_xml_regs(s, "f%d", 32, 32, 64, "ieee_double");
    g_string_append(s, "<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" "
                       "group=\"float\" regnum=\"70\"/></feature>");

    g_string_append(s,
        "<feature name=\"org.gnu.gdb.power.altivec\">"
        "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
        "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
        "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>"
        "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>"
        "<union id=\"vec128\"><field name=\"uint128\" type=\"uint128\"/>"
        "<field name=\"v4_float\" type=\"v4f\"/>"
        "<field name=\"v4_int32\" type=\"v4i32\"/>"
        "<field name=\"v8_int16\" type=\"v8i16\"/>"
        "<field name=\"v16_int8\" type=\"v16i8\"/></union>");
    gdb_xml_regs(s, "vr%d", 32, GDB_VR0, 128, "vec128");
    g_string_append(s,
        "<reg name=\"vscr\" bitsize=\"32\" type=\"int\" group=\"vector\" "
        "regnum=\"103\"/>"
        "<reg name=\"vrsave\" bitsize=\"32\" type=\"int\" group=\"vector\" "
        "regnum=\"104\"/></feature>");

    g_string_append(s, "<feature name=\"org.gnu.gdb.power.vsx\">");
    gdb_xml_regs(s, "vs%dh", 32, GDB_VSH0, 64, "uint64");
    g_string_append(s, "</feature>");

    g_string_append(s, "<feature name=\"org.powerjit.power.spr\">");
    for (size_t i = 0; i < G_N_ELEMENTS(gdb_sprs); i++) {
        g_string_append_printf(s, "<reg name=\"%s\" bitsize=\"64\" "
                               "type=\"uint64\" group=\"system\" "
                               "regnum=\"%d\"/>", gdb_sprs[i].name,
                               GDB_SPR0 + (int)i);
    }
    g_string_append(s, "</feature></target>");
    return g_string_free(s, false);
}

static bool gdb_le(const CPUPPCState *env)
{
    return env->msr & MSR_BIT(MSR_LE);
}

static void put_n(const CPUPPCState *env, uint8_t *buf, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        int shift = gdb_le(env) ? 8 * i : 8 * (n - 1 - i);
        buf[i] = (uint8_t)(v >> shift);
    }
}

static uint64_t get_n(const CPUPPCState *env, const uint8_t *buf, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        int shift = gdb_le(env) ? 8 * i : 8 * (n - 1 - i);
        v |= (uint64_t)buf[i] << shift;
    }
    return v;
}

static uint64_t gdb_load_cr(const CPUPPCState *env)
{
    uint64_t cr = 0;

    for (int i = 0; i < 8; i++) {
        cr |= (env->crf[i] & 0xf) << (28 - 4 * i);
    }
    return cr;
}

/* where register n lives: a 64-bit slot, or the VR (a pair); size in
   bytes, 0 for no such register */
typedef struct GdbReg {
    int size;
    uint64_t *slot;     /* NULL: computed (cr, xer, msr, 32-bit views) */
    uint64_t *vr;       /* 16-byte registers: env->vsr[32 + i] */
} GdbReg;

static GdbReg gdb_reg(CPUPPCState *env, int n)
{
    if (n >= 0 && n < 32) {
        return (GdbReg){ 8, &env->gpr[n], NULL };
    }
    if (n >= 32 && n < 64) {
        return (GdbReg){ 8, &env->vsr[n - 32][0], NULL };
    }
    if (n >= GDB_VR0 && n < GDB_VR0 + 32) {
        return (GdbReg){ 16, NULL, env->vsr[32 + n - GDB_VR0] };
    }
    if (n >= GDB_VSH0 && n < GDB_VSH0 + 32) {
        return (GdbReg){ 8, &env->vsr[n - GDB_VSH0][1], NULL };
    }
    if (n >= GDB_SPR0 && n < ppc_gdb_num_regs()) {
        return (GdbReg){ 8, &env->spr[gdb_sprs[n - GDB_SPR0].spr], NULL };
    }
    switch (n) {
    case GDB_PC: return (GdbReg){ 8, &env->nip, NULL };
    case GDB_LR: return (GdbReg){ 8, &env->lr, NULL };
    case GDB_CTR: return (GdbReg){ 8, &env->ctr, NULL };
    case GDB_MSR: return (GdbReg){ 8, NULL, NULL };
    case GDB_CR:
    case GDB_XER:
    case GDB_FPSCR:
    case GDB_VSCR:
    case GDB_VRSAVE:
        return (GdbReg){ 4, NULL, NULL };
    }
    return (GdbReg){ 0, NULL, NULL };
}

int ppc_gdb_read_reg(CPUPPCState *env, int n, uint8_t *buf)
{
    GdbReg r = gdb_reg(env, n);
    uint64_t v = 0;

    if (r.vr) {
        /* the 128-bit value: doubleword 0 is the high half */
        put_n(env, buf + (gdb_le(env) ? 8 : 0), r.vr[0], 8);
        put_n(env, buf + (gdb_le(env) ? 0 : 8), r.vr[1], 8);
        return 16;
    }
    if (r.slot) {
        v = *r.slot;
    } else {
        switch (n) {
        case GDB_MSR: v = env->msr; break;
        case GDB_CR: v = gdb_load_cr(env); break;
        case GDB_XER: v = ppc_load_xer(env); break;
        case GDB_FPSCR: v = env->fpscr; break;
        case GDB_VSCR: v = env->vscr; break;
        case GDB_VRSAVE: v = env->spr[256]; break;
        }
    }
    if (r.size) {
        put_n(env, buf, v, r.size);
    }
    return r.size;
}

int ppc_gdb_write_reg(CPUPPCState *env, int n, const uint8_t *buf)
{
    GdbReg r = gdb_reg(env, n);
    uint64_t v;

    if (r.size == 0) {
        return 0;
    }
    if (r.vr) {
        r.vr[0] = get_n(env, buf + (gdb_le(env) ? 8 : 0), 8);
        r.vr[1] = get_n(env, buf + (gdb_le(env) ? 0 : 8), 8);
        return 16;
    }
    v = get_n(env, buf, r.size);
    if (r.slot) {
        *r.slot = v;
        return r.size;
    }
    switch (n) {
    case GDB_MSR:
        /* read in the old byte order; the new one applies from now on */
        ppc_store_msr(env, v);
        break;
    case GDB_CR:
        for (int i = 0; i < 8; i++) {
            env->crf[i] = (v >> (28 - 4 * i)) & 0xf;
        }
        break;
    case GDB_XER: ppc_store_xer(env, v); break;
    case GDB_FPSCR: env->fpscr = v; break;
    case GDB_VSCR: env->vscr = v; break;
    case GDB_VRSAVE: env->spr[256] = v; break;
    }
    return r.size;
}
