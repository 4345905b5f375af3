/*
 * Fixed-point compare (Power ISA 3.0B Book I 3.3.10): cmp cmpi cmpl cmpli
 * with L=0 (low words, sign- or zero-extended) and L=1 (doublewords) into
 * several CR fields, cmprb (L=0/1), cmpeqb, setb; and isel (3.3.11).
 *
 * A CR field gets LT/GT/EQ from the comparison and a copy of XER[SO]; cmprb
 * and cmpeqb set only GT (0b0 || result || 0b00).  Expected values are
 * worked out by hand for the edges and by the C compiler for the sweeps.
 */
#include "fixed-point.h"

static const uint64_t edge[] = {
    0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffff80000000,
    0xffffffffffffffff, 0x00000001ffffffff, 0xfffffffe00000001,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

/* CR field n of mfcr */
static unsigned crf(uint64_t cr, int n)
{
    return (cr >> (28 - 4 * n)) & 0xf;
}

static void set_xer(uint64_t x)
{
    __asm__ volatile("mtxer %0" : : "r"(x) : "xer");
}

#define CMP_FIELD(insn, a, b)                                                  \
    ({                                                                         \
        uint64_t c_;                                                           \
        __asm__ volatile(insn "\n\tmfcr %0"                                    \
                         : "=r"(c_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))   \
                         : "cr0", "cr3", "cr7");                               \
        c_;                                                                    \
    })

static unsigned expect(int lt, int gt)
{
    return lt ? LT : gt ? GT : EQ;
}

static void cmp_cases(void)
{
    uint64_t cr;

    set_xer(0);
    /* L=1: 64-bit signed, 0x8000.. < 1 */
    cr = CMP_FIELD("cmpd cr3, %1, %2", 0x8000000000000000, 1);
    CHECK_EQ("cmpd lt", crf(cr, 3), LT);
    /* L=0: only the low words, sign-extended: 0x80000000 < 1 as well */
    cr = CMP_FIELD("cmpw cr7, %1, %2", 0x0000000080000000, 1);
    CHECK_EQ("cmpw lt", crf(cr, 7), LT);
    /* the high words are ignored with L=0 */
    cr = CMP_FIELD("cmpw cr0, %1, %2", 0x1234567800000005, 5);
    CHECK_EQ("cmpw eq", crf(cr, 0), EQ);
    cr = CMP_FIELD("cmpd cr0, %1, %2", 0x1234567800000005, 5);
    CHECK_EQ("cmpd gt", crf(cr, 0), GT);
    /* unsigned: 0x8000.. > 1 */
    cr = CMP_FIELD("cmpld cr3, %1, %2", 0x8000000000000000, 1);
    CHECK_EQ("cmpld gt", crf(cr, 3), GT);
    cr = CMP_FIELD("cmplw cr7, %1, %2", 0xffffffff00000001, 0x80000000);
    CHECK_EQ("cmplw lt", crf(cr, 7), LT);
    /* explicit L operand forms: cmp BF,L,RA,RB */
    cr = CMP_FIELD("cmp cr3, 1, %1, %2", -1, 0);
    CHECK_EQ("cmp L=1", crf(cr, 3), LT);
    cr = CMP_FIELD("cmp cr3, 0, %1, %2", 0xffffffff, 0xffffffffffffffff);
    CHECK_EQ("cmp L=0", crf(cr, 3), EQ);
    cr = CMP_FIELD("cmpl cr3, 0, %1, %2", 0xffffffff, 0x1);
    CHECK_EQ("cmpl L=0", crf(cr, 3), GT);

    /* SO is copied into the field */
    set_xer(SO);
    cr = CMP_FIELD("cmpd cr3, %1, %2", 2, 2);
    CHECK_EQ("cmpd SO", crf(cr, 3), EQ | CR_SO);
    cr = CMP_FIELD("cmplw cr7, %1, %2", 1, 2);
    CHECK_EQ("cmplw SO", crf(cr, 7), LT | CR_SO);
    set_xer(OV | CA | OV32 | CA32);
    cr = CMP_FIELD("cmpd cr3, %1, %2", 2, 2);
    CHECK_EQ("cmpd other XER bits", crf(cr, 3), EQ);

    /* immediates: cmpi against EXTS(SI), cmpli against EXTZ(UI) */
    set_xer(0);
    __asm__ volatile("cmpdi cr3, %1, -1\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(-1)) : "cr3");
    CHECK_EQ("cmpdi -1", crf(cr, 3), EQ);
    __asm__ volatile("cmpwi cr3, %1, -1\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(0xffffffff)) : "cr3");
    CHECK_EQ("cmpwi -1", crf(cr, 3), EQ);
    __asm__ volatile("cmpwi cr3, %1, 0x7fff\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(0x80000000)) : "cr3");
    CHECK_EQ("cmpwi neg word", crf(cr, 3), LT);
    __asm__ volatile("cmpldi cr3, %1, 0xffff\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(0x10000)) : "cr3");
    CHECK_EQ("cmpldi", crf(cr, 3), GT);
    __asm__ volatile("cmpldi cr3, %1, 0x8000\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(0x7fff)) : "cr3");
    CHECK_EQ("cmpldi zero-extended", crf(cr, 3), LT);
    __asm__ volatile("cmplwi cr3, %1, 0xffff\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(0xffffffff0000ffff)) : "cr3");
    CHECK_EQ("cmplwi low word", crf(cr, 3), EQ);
    set_xer(SO);
    __asm__ volatile("cmpwi cr0, %1, 5\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque(6)) : "cr0");
    CHECK_EQ("cmpwi SO", crf(cr, 0), GT | CR_SO);
    set_xer(0);
}

static void cmp_sweep(void)
{
    char name[48];

    set_xer(0);
    for (unsigned i = 0; i < NEDGE; i++) {
        for (unsigned j = 0; j < NEDGE; j++) {
            uint64_t a = opaque(edge[i]), b = opaque(edge[j]);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            int32_t wa = (int32_t)a, wb = (int32_t)b;
            uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
            uint64_t cr;

            cr = CMP_FIELD("cmpd cr3, %1, %2", a, b);
            rt_snprintf(name, sizeof(name), "cmpd %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), expect(sa < sb, sa > sb));
            cr = CMP_FIELD("cmpw cr3, %1, %2", a, b);
            rt_snprintf(name, sizeof(name), "cmpw %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), expect(wa < wb, wa > wb));
            cr = CMP_FIELD("cmpld cr3, %1, %2", a, b);
            rt_snprintf(name, sizeof(name), "cmpld %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), expect(a < b, a > b));
            cr = CMP_FIELD("cmplw cr3, %1, %2", a, b);
            rt_snprintf(name, sizeof(name), "cmplw %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), expect(ua < ub, ua > ub));
        }
    }
}

/* cmprb BF,L,RA,RB: is (RA)56:63 in [RB56:63, RB48:55] (or, L=1, in
   [RB40:47, RB32:39])?  The other bits of RA and RB do not matter. */
static unsigned cmprb_ref(uint64_t ra, uint64_t rb, int l)
{
    unsigned c = ra & 0xff;
    unsigned lo2 = rb & 0xff, hi2 = (rb >> 8) & 0xff;
    unsigned lo1 = (rb >> 16) & 0xff, hi1 = (rb >> 24) & 0xff;
    int in = (lo2 <= c && c <= hi2) || (l && lo1 <= c && c <= hi1);

    return in ? GT : 0;
}

static void cmprb_cases(void)
{
    static const uint64_t bytes[] = {
        0x00, 0x01, 0x2f, 0x30, 0x35, 0x39, 0x3a, 0x41, 0x5a, 0x61, 0x7a,
        0x80, 0xfe, 0xff, 0xabcdef0000000039,
        /* only (RA)56:63 counts: the byte above must not matter */
        0x4135, 0xff30, 0x3a41, 0x0100,
    };
    static const uint64_t ranges[] = {
        0x3930,             /* '0'..'9' */
        0x7a615a41,         /* 'a'..'z' | 'A'..'Z' */
        0x30393930,         /* an empty range (lo > hi) then '0'..'9' */
        0x0000ff00,         /* 0..255 */
        0x41413030,         /* single values */
        0x1234567800003039, /* an empty low range, high bytes ignored */
    };
    char name[48];
    uint64_t cr;

    /* SO is not copied */
    set_xer(SO);
    __asm__ volatile("cmprb cr3, 0, %1, %2\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque('5')), "r"(opaque(0x3930)) : "cr3");
    CHECK_EQ("cmprb digit", crf(cr, 3), GT);
    __asm__ volatile("cmprb cr3, 0, %1, %2\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque('a')), "r"(opaque(0x3930)) : "cr3");
    CHECK_EQ("cmprb not digit", crf(cr, 3), 0);
    __asm__ volatile("cmprb cr7, 1, %1, %2\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque('Q')), "r"(opaque(0x7a615a41)) : "cr7");
    CHECK_EQ("cmprb L=1 upper", crf(cr, 7), GT);
    __asm__ volatile("cmprb cr7, 0, %1, %2\n\tmfcr %0" : "=r"(cr)
                     : "r"(opaque('q')), "r"(opaque(0x7a615a41)) : "cr7");
    CHECK_EQ("cmprb L=0 ignores RB32:47", crf(cr, 7), 0);
    set_xer(0);

    for (unsigned i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
        for (unsigned j = 0; j < sizeof(ranges) / sizeof(ranges[0]); j++) {
            uint64_t a = opaque(bytes[i]), b = opaque(ranges[j]);

            __asm__ volatile("cmprb cr3, 0, %1, %2\n\tmfcr %0" : "=r"(cr)
                             : "r"(a), "r"(b) : "cr3");
            rt_snprintf(name, sizeof(name), "cmprb 0 %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), cmprb_ref(a, b, 0));
            __asm__ volatile("cmprb cr3, 1, %1, %2\n\tmfcr %0" : "=r"(cr)
                             : "r"(a), "r"(b) : "cr3");
            rt_snprintf(name, sizeof(name), "cmprb 1 %u,%u", i, j);
            CHECK_EQ(name, crf(cr, 3), cmprb_ref(a, b, 1));
        }
    }
}

/* cmpeqb BF,RA,RB: does any byte of RB equal (RA)56:63? */
static void cmpeqb_cases(void)
{
    static const struct {
        uint64_t ra, rb;
        unsigned gt;
    } t[] = {
        { 0x41, 0x0000000000000041, GT },
        { 0x41, 0x4100000000000000, GT },
        { 0x41, 0x4242424242424242, 0 },
        { 0x00, 0x0101010101010100, GT },
        { 0x00, 0x0101010101010101, 0 },
        { 0x00, 0xffffffffffffffff, 0 },
        { 0xff, 0xff00000000000000, GT },
        { 0x1234567800000080, 0x7f81017f81017f81, 0 },
        { 0x1234567800000080, 0x7f81018081017f81, GT },
        /* a borrow from a lower zero byte must not fake a match */
        { 0x01, 0x0200020202020202, 0 },
        { 0x01, 0x0000000000000100, GT },
    };
    char name[48];
    uint64_t cr;

    set_xer(SO);
    for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        __asm__ volatile("cmpeqb cr3, %1, %2\n\tmfcr %0" : "=r"(cr)
                         : "r"(opaque(t[i].ra)), "r"(opaque(t[i].rb))
                         : "cr3");
        rt_snprintf(name, sizeof(name), "cmpeqb %u", i);
        CHECK_EQ(name, crf(cr, 3), t[i].gt);
    }
    set_xer(0);
}

/* setb RT,BFA: -1 if LT, else 1 if GT, else 0 (EQ and SO do not matter) */
static void setb_cases(void)
{
    static const struct {
        uint32_t field;
        uint64_t rt;
    } t[] = {
        { 0x8, -1 }, { 0x4, 1 }, { 0x2, 0 }, { 0x1, 0 }, { 0xc, -1 },
        { 0x0, 0 },  { 0x5, 1 }, { 0xf, -1 },
    };
    char name[32];

    for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        uint64_t cr = (uint64_t)t[i].field << 12, rt; /* into CR4 */

        __asm__ volatile("mtcrf 0x08, %1\n\tsetb %0, cr4" : "=r"(rt)
                         : "r"(opaque(cr)) : "cr4");
        rt_snprintf(name, sizeof(name), "setb %x", t[i].field);
        CHECK_EQ(name, rt, t[i].rt);
    }
}

/* isel RT,RA,RB,BC: RT = CR[BC] ? (RA|0) : RB */
static void isel_cases(void)
{
    uint64_t a = opaque(0x1111), b = opaque(0x2222), r;

    __asm__ volatile("cmpdi cr1, %1, 0\n\tisel %0, %1, %2, 5" : "=&r"(r)
                     : "b"(a), "r"(b) : "cr1");
    CHECK_EQ("isel gt set", r, 0x1111);
    __asm__ volatile("cmpdi cr1, %1, 0\n\tisel %0, %1, %2, 4" : "=&r"(r)
                     : "b"(a), "r"(b) : "cr1");
    CHECK_EQ("isel lt clear", r, 0x2222);
    __asm__ volatile("cmpdi cr6, %1, 0x1111\n\tisel %0, %1, %2, 26" : "=&r"(r)
                     : "b"(a), "r"(b) : "cr6");
    CHECK_EQ("isel eq set", r, 0x1111);
    /* RA = 0 selects the value 0, not r0 */
    __asm__ volatile("li 0, 99\n\tcmpdi cr7, %1, 0x1111\n\t"
                     "isel %0, 0, %1, 30" : "=&r"(r) : "r"(a) : "cr7", "r0");
    CHECK_EQ("isel RA=0", r, 0);
    /* the SO bit of a field (bit 4n+3) */
    set_xer(SO);
    __asm__ volatile("cmpdi cr2, %1, 0\n\tisel %0, %1, %2, 11" : "=&r"(r)
                     : "b"(a), "r"(b) : "cr2");
    CHECK_EQ("isel so", r, 0x1111);
    set_xer(0);
    __asm__ volatile("cmpdi cr2, %1, 0\n\tisel %0, %1, %2, 11" : "=&r"(r)
                     : "b"(a), "r"(b) : "cr2");
    CHECK_EQ("isel no so", r, 0x2222);
    __asm__ volatile("cmpdi cr0, %1, 0\n\tisel %0, %2, %2, 0" : "=&r"(r)
                     : "b"(a), "b"(b) : "cr0");
    CHECK_EQ("isel RA=RB", r, 0x2222);
}

int main(void)
{
    cmp_cases();
    cmp_sweep();
    cmprb_cases();
    cmpeqb_cases();
    setb_cases();
    isel_cases();
    return 0;
}
