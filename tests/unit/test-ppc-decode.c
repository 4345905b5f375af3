/*
 * Unit tests of the target-ppc decoder (target-ppc/decode.c): the table's
 * integrity (every row decodes to itself, whatever its free bits hold) and
 * known encodings.  The instruction words come from GNU as
 * (powerpc64le-linux-gnu-as -mpower9) and the field values from the
 * assembler source they were built from, so neither depends on our code.
 */
#include <glib.h>

#include "target-ppc/translate.h"

static void test_rows_decode_to_themselves(void)
{
    size_t n;
    const PPCInsnDef *t = ppc_insn_table(&n);
    static const uint32_t fill[] = {0, 0xffffffffu, 0x5a5a5a5au, 0xa5a5a5a5u};

    g_assert_cmpuint(n, >, 0);
    for (size_t i = 0; i < n; i++) {
        for (size_t f = 0; f < G_N_ELEMENTS(fill); f++) {
            uint32_t w = t[i].opcode | (fill[f] & ~t[i].mask);
            const PPCInsnDef *d = ppc_decode(w);
            if (d != &t[i]) {
                g_test_message("row %s: 0x%08x decodes to %s", t[i].name, w,
                               d ? d->name : "(illegal)");
            }
            g_assert_true(d == &t[i]);
        }
    }
}

/* pairwise: no word matches two rows (decode.c checks per slot too) */
static void test_rows_do_not_overlap(void)
{
    size_t n;
    const PPCInsnDef *t = ppc_insn_table(&n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            bool overlap =
                ((t[i].opcode ^ t[j].opcode) & t[i].mask & t[j].mask) == 0;
            if (overlap) {
                g_test_message("%s overlaps %s", t[i].name, t[j].name);
            }
            g_assert_false(overlap);
        }
    }
}

typedef struct KnownInsn {
    uint32_t word;
    const char *row; /* NULL: illegal */
} KnownInsn;

static const KnownInsn known[] = {
    {0x48000100, "b"},        {0x4bffff01, "b"},      {0x48001002, "b"},
    {0x41820008, "bc"},       {0x4200fffc, "bc"},     {0x4e800020, "bclr"},
    {0x4e800021, "bclr"},     {0x4e800420, "bcctr"},  {0x4e800421, "bcctr"},
    {0x4d810460, "bctar"},    {0x4c221a02, "crand"},  {0x4c853382, "cror"},
    {0x4ce84982, "crxor"},    {0x4d4b61c2, "crnand"}, {0x4dae7842, "crnor"},
    {0x4e119242, "creqv"},    {0x4e74a902, "crandc"}, {0x4ed7c342, "crorc"},
    {0x4f840000, "mcrf"},     {0x7d800480, "mcrxrx"}, {0x7ca81120, "mtcrf"},
    {0x7cb10120, "mtocrf"},   {0x7cc00026, "mfcr"},   {0x7cd20026, "mfocrf"},
    {0x44000002, "sc"},       {0x44000022, "sc"},     {0x4c000024, "rfid"},
    {0x7c6000a6, "mfmsr"},    {0x7c600124, "mtmsr"},  {0x7c610164, "mtmsrd"},
    {0x7c7f42a6, "mfspr"},    {0x7c8fcba6, "mtspr"},  {0x7c832008, "tw"},
    {0x7fe00088, "td"},       {0x0d03fffb, "twi"},    {0x08240064, "tdi"},
    {0x7c6c42a6, "mfspr"},    {0x7c6c42e6, "mftb"},   {0x7c6105e6, "darn"},
    {0x7c0004ac, "sync"},     {0x7c2004ac, "sync"},   {0x7c4004ac, "sync"},
    {0x7c0006ac, "eieio"},    {0x4c00012c, "isync"},  {0x7c00003c, "wait"},
    {0x7c00007c, "wait206"},  {0x7c00068c, "cp_abort"}, {0x44000001, "scv"},
    {0x4c0000a4, "rfscv"},
    /* attn, and primary opcode 1 (prefixes, ISA 3.1): not ours */
    {0x00000200, NULL},       {0x04000000, NULL},
};

static void test_known_encodings(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        const PPCInsnDef *d = ppc_decode(known[i].word);
        const char *got = d ? d->name : NULL;
        if (g_strcmp0(got, known[i].row) != 0) {
            g_test_message("0x%08x: got %s, expected %s", known[i].word,
                           got ? got : "(illegal)",
                           known[i].row ? known[i].row : "(illegal)");
        }
        g_assert_cmpstr(got, ==, known[i].row);
    }
}

static PPCArgs args_of(PPCForm form, uint32_t w)
{
    PPCArgs a;
    ppc_decode_args(form, w, &a);
    g_assert_cmpuint(a.insn, ==, w);
    return a;
}

static void test_fields(void)
{
    PPCArgs a;

    a = args_of(FORM_I, 0x4bffff01); /* bl .-0x100 */
    g_assert_cmpint(a.imm, ==, -0x100);
    g_assert_cmpuint(a.lk, ==, 1);
    g_assert_cmpuint(a.aa, ==, 0);
    a = args_of(FORM_I, 0x48001002); /* ba 0x1000 */
    g_assert_cmpint(a.imm, ==, 0x1000);
    g_assert_cmpuint(a.aa, ==, 1);

    a = args_of(FORM_B, 0x4200fffc); /* bdnz .-4 */
    g_assert_cmpuint(a.bo, ==, 16);
    g_assert_cmpuint(a.bi, ==, 0);
    g_assert_cmpint(a.imm, ==, -4);
    a = args_of(FORM_B, 0x41820008); /* beq .+8 */
    g_assert_cmpuint(a.bo, ==, 12);
    g_assert_cmpuint(a.bi, ==, 2);
    g_assert_cmpint(a.imm, ==, 8);

    a = args_of(FORM_XL, 0x4d810460); /* bctar 12,1 */
    g_assert_cmpuint(a.bo, ==, 12);
    g_assert_cmpuint(a.bi, ==, 1);
    a = args_of(FORM_XL, 0x4ce84982); /* crxor 7,8,9 */
    g_assert_cmpuint(a.rt, ==, 7);
    g_assert_cmpuint(a.ra, ==, 8);
    g_assert_cmpuint(a.rb, ==, 9);
    a = args_of(FORM_XL, 0x4f840000); /* mcrf 7,1 */
    g_assert_cmpuint(a.bf, ==, 7);
    g_assert_cmpuint(a.bfa, ==, 1);

    a = args_of(FORM_XFX, 0x7c7f42a6); /* mfspr r3, 287 */
    g_assert_cmpuint(a.spr, ==, 287);
    g_assert_cmpuint(a.rt, ==, 3);
    a = args_of(FORM_XFX, 0x7c8fcba6); /* mtspr 815, r4 */
    g_assert_cmpuint(a.spr, ==, 815);
    a = args_of(FORM_XFX, 0x7c8d42a6); /* mftbu r4 = mfspr r4, 269 */
    g_assert_cmpuint(a.spr, ==, 269);
    a = args_of(FORM_XFX, 0x7ca81120); /* mtcrf 0x81, r5 */
    g_assert_cmpuint(a.fxm, ==, 0x81);
    g_assert_cmpuint(a.rt, ==, 5);

    a = args_of(FORM_SC, 0x44000022); /* sc 1 */
    g_assert_cmpuint(a.lev, ==, 1);

    a = args_of(FORM_D, 0x0d03fffb); /* twgti r3, -5 */
    g_assert_cmpuint(a.to, ==, 8);
    g_assert_cmpuint(a.ra, ==, 3);
    g_assert_cmpint(a.imm, ==, -5);
    g_assert_cmpuint(a.uimm, ==, 0xfffb);

    a = args_of(FORM_DS, 0xe864fff8); /* ld r3, -8(r4) */
    g_assert_cmpint(a.imm, ==, -8);
    g_assert_cmpuint(a.ra, ==, 4);
    a = args_of(FORM_DQ, 0xf4230021); /* lxv vs1, 32(r3) */
    g_assert_cmpint(a.imm, ==, 32);
    a = args_of(FORM_DX, 0x4c7fffc5); /* addpcis r3, -1 */
    g_assert_cmpint(a.imm, ==, -65536);
    a = args_of(FORM_MD, 0x78830a22); /* rldicl r3, r4, 33, 40 */
    g_assert_cmpuint(a.sh, ==, 33);
    g_assert_cmpuint(a.mb, ==, 40);
    g_assert_cmpuint(a.rt, ==, 4); /* RS */
    g_assert_cmpuint(a.ra, ==, 3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ppc_decode_init();
    g_test_add_func("/ppc-decode/rows-decode-to-themselves",
                    test_rows_decode_to_themselves);
    g_test_add_func("/ppc-decode/rows-do-not-overlap",
                    test_rows_do_not_overlap);
    g_test_add_func("/ppc-decode/known-encodings", test_known_encodings);
    g_test_add_func("/ppc-decode/fields", test_fields);
    return g_test_run();
}
