/*
 * target-ppc decoder: insns.def expanded into dense lookup arrays, and the
 * per-form field extraction.
 *
 * Level 1 is indexed by the primary opcode (bits 0-5).  For each primary,
 * ppc_decode_init() takes the union U of the rows' mask bits inside the
 * extended-opcode area (bits 21-31, the low 11 bits of the word) and builds
 * a level-2 array indexed by (insn & U) >> ctz(U): 1 slot for D-form
 * primaries, 4 for DS, 32 for MD/MDS, 1024 or 2048 for X/XO/XL/VX.
 * A slot holds the (NULL-terminated) list of rows that can match a word
 * landing there; rows that also fix bits outside U (mtocrf vs mtcrf, sync's
 * L field...) share a slot and are told apart by a full (insn & mask) ==
 * opcode test.  Every slot starts empty, i.e. "illegal instruction".
 *
 * Two rows overlap when some word matches both: ((op1 ^ op2) & m1 & m2) == 0.
 * Such a word lands in a slot that holds both rows, so checking the pairs
 * inside each slot finds every overlap; ppc_decode_init() aborts naming
 * them.  Slots are therefore unambiguous and the scan order does not matter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "translate.h"

/* the rows; ppc_decode_init adds the ISA-level flags (isa-level.c) once,
   before anything decodes, and nothing changes them afterwards */
static PPCInsnDef insn_table[] = {
#define INSN(name, opc, mask, form, flags, trans)                             \
    {#name, (opc), (mask), (form), (flags), (trans)},
#include "insns.def"
#undef INSN
};

#define EXT_AREA 0x7ffu /* bits 21-31: where extended opcodes live */

typedef struct DecodeL2 {
    uint32_t mask;  /* U: the extended-opcode bits that index the slots */
    int shift;      /* ctz(U) */
    const PPCInsnDef ***slots; /* [(U >> shift) + 1] NULL-terminated lists */
} DecodeL2;

/* filled once by ppc_decode_init(), read-only afterwards */
static DecodeL2 decode_l1[64];
static bool decode_ready;

static unsigned slot_count(const DecodeL2 *l2)
{
    return (l2->mask >> l2->shift) + 1;
}

/* appends row to a NULL-terminated list, checking it against the others */
static void slot_add(const PPCInsnDef ***slot, const PPCInsnDef *row)
{
    size_t n = 0;
    if (*slot) {
        for (; (*slot)[n]; n++) {
            const PPCInsnDef *o = (*slot)[n];
            if (o == row) {
                return;
            }
            if (((o->opcode ^ row->opcode) & o->mask & row->mask) == 0) {
                fprintf(stderr,
                        "powerjit: insns.def: rows '%s' (%08x/%08x) and '%s' "
                        "(%08x/%08x) overlap\n",
                        o->name, o->opcode, o->mask, row->name, row->opcode,
                        row->mask);
                abort();
            }
        }
    }
    *slot = g_renew(const PPCInsnDef *, *slot, n + 2);
    (*slot)[n] = row;
    (*slot)[n + 1] = NULL;
}

void ppc_decode_init(void)
{
    if (decode_ready) {
        return;
    }
    size_t nrows = G_N_ELEMENTS(insn_table);

    ppc_isa_levels_apply(insn_table, nrows);
    for (size_t i = 0; i < nrows; i++) {
        const PPCInsnDef *r = &insn_table[i];
        if ((r->mask & 0xfc000000u) != 0xfc000000u ||
            (r->opcode & ~r->mask) != 0) {
            fprintf(stderr,
                    "powerjit: insns.def: row '%s' (%08x/%08x) must fix the "
                    "primary opcode and set no bit outside its mask\n",
                    r->name, r->opcode, r->mask);
            abort();
        }
        decode_l1[r->opcode >> 26].mask |= r->mask & EXT_AREA;
    }
    for (int p = 0; p < 64; p++) {
        DecodeL2 *l2 = &decode_l1[p];
        l2->shift = l2->mask ? __builtin_ctz(l2->mask) : 0;
        l2->slots = g_new0(const PPCInsnDef **, slot_count(l2));
    }
    for (size_t i = 0; i < nrows; i++) {
        const PPCInsnDef *r = &insn_table[i];
        DecodeL2 *l2 = &decode_l1[r->opcode >> 26];
        uint32_t m = r->mask & l2->mask, want = r->opcode & l2->mask;
        for (unsigned s = 0; s < slot_count(l2); s++) {
            uint32_t bits = ((uint32_t)s << l2->shift) & l2->mask;
            /* slots whose index has bits outside U are never reached */
            if (((uint32_t)s << l2->shift) != bits) {
                continue;
            }
            if ((bits & m) == want) {
                slot_add(&l2->slots[s], r);
            }
        }
    }
    decode_ready = true;
}

const PPCInsnDef *ppc_decode(uint32_t insn)
{
    const DecodeL2 *l2 = &decode_l1[insn >> 26];
    const PPCInsnDef **list = l2->slots[(insn & l2->mask) >> l2->shift];
    if (list) {
        for (; *list; list++) {
            if ((insn & (*list)->mask) == (*list)->opcode) {
                return *list;
            }
        }
    }
    return NULL;
}

const PPCInsnDef *ppc_insn_table(size_t *count)
{
    *count = G_N_ELEMENTS(insn_table);
    return insn_table;
}

/* ------------------------------------------------------------ fields */

/* the field of IBM bits [first, last] (bit 0 = MSB) */
static inline uint32_t field(uint32_t insn, int first, int last)
{
    return (insn >> (31 - last)) & ((1u << (last - first + 1)) - 1);
}

static inline int64_t sext(uint64_t v, int bits)
{
    uint64_t sign = 1ull << (bits - 1);
    return (int64_t)((v ^ sign) - sign);
}

/*
 * Fills a with the fields of insn for its form.  Fields common to most forms
 * (RT, RA, RB, RC, BF, BFA, L at bit 10, TO, Rc) are always filled; each form
 * then sets or overrides its own.  Conventions beyond translate.h:
 *   D:    imm = EXTS(D), uimm = D; bf/l/to for cmpi/cmpli/twi/tdi
 *   X:    sh and nb = the RB field (srawi, lswi); l = bit 10 (cmp)
 *   XL:   bo = BO/BT field, bi = BI/BA field, bh = BH (bits 19-20)
 *   XFX:  spr = the 10-bit SPR/TBR number; fxm = crm = bits 12-19
 *   XFL:  fxm = FLM (bits 7-14), l = L (bit 6); W (bit 15) is not extracted
 *   XS/MD/MDS: sh and mb are the 6-bit values with the split bit put back
 *   DX:   imm = EXTS(d0||d1||d2) << 16, ready for addpcis
 *   Z23:  rc = RMC (bits 21-22), l = R (bit 15)
 *   XX1-XX4: rt/ra/rb/rc are the 6-bit VSR numbers (TX/AX/BX/CX folded in)
 *   VX:   imm = EXTS(the 5-bit VRA field) for vspltis*; uimm = the field
 */
void ppc_decode_args(PPCForm form, uint32_t insn, PPCArgs *a)
{
    memset(a, 0, sizeof(*a));
    a->insn = insn;
    a->rt = field(insn, 6, 10);
    a->ra = field(insn, 11, 15);
    a->rb = field(insn, 16, 20);
    a->rc = field(insn, 21, 25);
    a->bf = field(insn, 6, 8);
    a->bfa = field(insn, 11, 13);
    a->l = field(insn, 10, 10);
    a->to = a->rt;
    a->rc_bit = insn & 1;

    switch (form) {
    case FORM_I:
        a->imm = sext(field(insn, 6, 29) << 2, 26);
        a->aa = field(insn, 30, 30);
        a->lk = insn & 1;
        a->rc_bit = 0;
        break;
    case FORM_B:
        a->bo = a->rt;
        a->bi = a->ra;
        a->imm = sext(field(insn, 16, 29) << 2, 16);
        a->aa = field(insn, 30, 30);
        a->lk = insn & 1;
        a->rc_bit = 0;
        break;
    case FORM_SC:
        a->lev = field(insn, 20, 26);
        a->rc_bit = 0;
        break;
    case FORM_D:
        a->imm = sext(field(insn, 16, 31), 16);
        a->uimm = field(insn, 16, 31);
        a->rc_bit = 0;
        break;
    case FORM_DS:
        a->imm = sext(field(insn, 16, 29) << 2, 16);
        a->rc_bit = 0;
        break;
    case FORM_DQ:
        a->imm = sext(field(insn, 16, 27) << 4, 16);
        a->rc_bit = 0;
        break;
    case FORM_X:
        a->sh = a->rb;
        a->nb = a->rb;
        break;
    case FORM_XL:
        a->bo = a->rt;
        a->bi = a->ra;
        a->bh = field(insn, 19, 20);
        a->lk = insn & 1;
        a->rc_bit = 0;
        break;
    case FORM_XFX:
        a->spr = field(insn, 16, 20) << 5 | field(insn, 11, 15);
        a->crm = a->fxm = field(insn, 12, 19);
        a->rc_bit = 0;
        break;
    case FORM_XFL:
        a->fxm = field(insn, 7, 14);
        a->l = field(insn, 6, 6);
        break;
    case FORM_XS:
        a->sh = field(insn, 16, 20) | field(insn, 30, 30) << 5;
        break;
    case FORM_XO:
        a->oe = field(insn, 21, 21);
        break;
    case FORM_A:
        break;
    case FORM_M:
        a->sh = a->rb;
        a->mb = field(insn, 21, 25);
        a->me = field(insn, 26, 30);
        break;
    case FORM_MD:
        a->sh = field(insn, 16, 20) | field(insn, 30, 30) << 5;
        a->mb = a->me = field(insn, 21, 25) | field(insn, 26, 26) << 5;
        break;
    case FORM_MDS:
        a->mb = a->me = field(insn, 21, 25) | field(insn, 26, 26) << 5;
        break;
    case FORM_VA:
        a->rc_bit = 0;
        break;
    case FORM_DX: {
        uint32_t d = field(insn, 16, 25) << 6 | field(insn, 11, 15) << 1 |
                     (insn & 1);
        a->imm = (int64_t)((uint64_t)sext(d, 16) << 16);
        a->rc_bit = 0;
        break;
    }
    case FORM_Z23:
        a->rc = field(insn, 21, 22);
        a->l = field(insn, 15, 15);
        break;
    case FORM_XX1:
        a->rt |= (insn & 1) << 5;
        a->rc_bit = 0;
        break;
    case FORM_XX2:
        a->rt |= (insn & 1) << 5;
        a->rb |= field(insn, 30, 30) << 5;
        a->rc_bit = 0;
        break;
    case FORM_XX3:
        a->rt |= (insn & 1) << 5;
        a->ra |= field(insn, 29, 29) << 5;
        a->rb |= field(insn, 30, 30) << 5;
        a->rc_bit = field(insn, 21, 21);
        break;
    case FORM_XX4:
        a->rt |= (insn & 1) << 5;
        a->ra |= field(insn, 29, 29) << 5;
        a->rb |= field(insn, 30, 30) << 5;
        a->rc |= field(insn, 28, 28) << 5;
        a->rc_bit = 0;
        break;
    case FORM_VX:
        a->imm = sext(a->ra, 5);
        a->uimm = a->ra;
        a->rc_bit = 0;
        break;
    case FORM_VC:
        a->rc_bit = field(insn, 21, 21);
        break;
    case FORM_NB_FORMS:
        break;
    }
}
