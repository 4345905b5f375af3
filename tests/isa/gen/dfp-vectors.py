#!/usr/bin/env python3
"""Writes dfp-vectors.h (on stdout): decimal floating point vectors for
tests/isa/fp-dfp-arith.c.  The build runs it (tests/isa/gen/gen.mk).

The results and flags come from Python's decimal module (libmpdec, an
implementation of the General Decimal Arithmetic specification, which
IEEE 754-2008's decimal arithmetic follows) in contexts with the
parameters of the Power ISA's DFP formats (Book I 5.5.1: short p=7
Emax=96, long p=16 Emax=384, extended p=34 Emax=6144; clamp=1, the
fold-down of large exponents).  The encodings are produced here from the
densely packed decimal table of IEEE 754-2008 3.5.2 (the ISA's 5.5.1.1),
written from the standard, not from powerjit's code.  What the
decimal module does not say is taken from the ISA's text and written
out below: the invalid-operation cause bits (5.5.10.1), the NaN result
(an SNaN before a QNaN, FRA before FRB, made quiet, its trailing digits
kept), FR (the magnitude was rounded up), FPRF (the class of the
result), drrnd's rule (5.6.4) and dctfix's saturation (5.6.6).

    make -f tests/isa/Makefile.inc build/isa/gen/dfp-vectors.h
"""
import decimal
import random
import sys
from decimal import Decimal as D
from fractions import Fraction

FMT = {  # p, emax, bias, width, ecbits
    32: (7, 96, 101, 32, 6),
    64: (16, 384, 398, 64, 8),
    128: (34, 6144, 6176, 128, 12),
}
ROUND = [decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN, decimal.ROUND_CEILING,
         decimal.ROUND_FLOOR, decimal.ROUND_HALF_UP, decimal.ROUND_HALF_DOWN,
         decimal.ROUND_UP, decimal.ROUND_05UP]

FX, FEX, VX, OX, UX, ZX, XX = 1 << 31, 1 << 30, 1 << 29, 1 << 28, 1 << 27, 1 << 26, 1 << 25
VXSNAN, VXISI, VXIDI, VXZDZ, VXIMZ = 1 << 24, 1 << 23, 1 << 22, 1 << 21, 1 << 20
FR, FI, VXCVI = 1 << 18, 1 << 17, 1 << 8
VX_ALL = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXCVI


def ctx(width, mode):
    p, emax, _, _, _ = FMT[width]
    return decimal.Context(prec=p, Emax=emax, Emin=1 - emax, clamp=1,
                           rounding=ROUND[mode], traps=[])


# IEEE 754-2008 Table 3.3 (DPD encoding): by the indicator bits a e i
# (the 8s bits of the three digits), the declet p q r s t u v w x y from
# the BCD bits a b c d, e f g h, i j k m
def declet(d1, d2, d3):
    a, b, c, d = (d1 >> 3) & 1, (d1 >> 2) & 1, (d1 >> 1) & 1, d1 & 1
    e, f, g, h = (d2 >> 3) & 1, (d2 >> 2) & 1, (d2 >> 1) & 1, d2 & 1
    i, j, k, m = (d3 >> 3) & 1, (d3 >> 2) & 1, (d3 >> 1) & 1, d3 & 1
    rows = {
        (0, 0, 0): (b, c, d, f, g, h, 0, j, k, m),
        (0, 0, 1): (b, c, d, f, g, h, 1, 0, 0, m),
        (0, 1, 0): (b, c, d, j, k, h, 1, 0, 1, m),
        (0, 1, 1): (b, c, d, 1, 0, h, 1, 1, 1, m),
        (1, 0, 0): (j, k, d, f, g, h, 1, 1, 0, m),
        (1, 0, 1): (f, g, d, 0, 1, h, 1, 1, 1, m),
        (1, 1, 0): (j, k, d, 0, 0, h, 1, 1, 1, m),
        (1, 1, 1): (0, 0, d, 1, 1, h, 1, 1, 1, m),
    }
    v = 0
    for bit in rows[(a, e, i)]:
        v = v << 1 | bit
    return v


def encode(x, width):
    """the DPD encoding of Decimal x (finite: exponent in range)"""
    p, _, bias, w, ecb = FMT[width]
    sign, digits, exp = x.as_tuple()
    declets = (p - 1) // 3
    if x.is_nan():
        coef = int("".join(map(str, digits)) or "0")
        comb, ec = 0x1F, (1 << (ecb - 1)) if x.is_snan() else 0
    elif x.is_infinite():
        coef, comb, ec = 0, 0x1E, 0
    else:
        coef = int("".join(map(str, digits)))
        be = exp + bias
        assert 0 <= be <= 3 * (1 << ecb) - 1 and coef < 10 ** p, x
        lead = coef // 10 ** (p - 1)
        top = be >> ecb
        comb = (top << 3 | lead) if lead < 8 else (0x18 | top << 1 | (lead & 1))
        ec = be & ((1 << ecb) - 1)
    v = sign << (w - 1) | comb << (w - 6) | ec << (w - 6 - ecb)
    s = str(coef % 10 ** (p - 1)).rjust(p - 1, "0")
    for n in range(declets):
        t = s[3 * n:3 * n + 3]
        v |= declet(int(t[0]), int(t[1]), int(t[2])) << (10 * (declets - 1 - n))
    return v


def fprf(x, width):
    c = ctx(width, 0)
    if x.is_nan():
        return 0x11
    if x.is_infinite():
        return 0x09 if x.is_signed() else 0x05
    if x.is_zero():
        return 0x12 if x.is_signed() else 0x02
    if x.is_subnormal(c):
        return 0x18 if x.is_signed() else 0x14
    return 0x08 if x.is_signed() else 0x04


def quiet(x, width):
    """the QNaN a NaN operand gives in format width (trailing p-1 digits)"""
    p = FMT[width][0]
    sign, digits, _ = x.as_tuple()
    coef = int("".join(map(str, digits)) or "0") % 10 ** (p - 1)
    return D((sign, tuple(int(c) for c in str(coef)), "n"))


def nan_pick(ops, width):
    """(exc, result) for NaN operands, or None"""
    exc = VXSNAN if any(o.is_snan() for o in ops) else 0
    for kind in ("snan", "nan"):
        for o in ops:
            if (o.is_snan() if kind == "snan" else o.is_qnan()):
                return exc, quiet(o, width)
    return None


def default_qnan():
    return D("NaN")


def fr_of(res, exact):
    """FR: the rounded magnitude exceeds the exact one"""
    if res.is_infinite():
        return True
    return abs(Fraction(res)) > abs(exact)


def flags_of(c, res, exact, alter_frfi=True):
    f = 0
    if c.flags[decimal.Overflow]:
        f |= OX
    if c.flags[decimal.Underflow]:
        f |= UX
    if c.flags[decimal.Inexact]:
        f |= XX
        if alter_frfi:
            f |= FI
            if fr_of(res, exact):
                f |= FR
    if c.flags[decimal.DivisionByZero]:
        f |= ZX
    return f


def arith(op, a, b, width, mode):
    """dadd dsub dmul ddiv: (result Decimal, flags)"""
    n = nan_pick([a, b], width)
    if n:
        return n[1], n[0]
    c = ctx(width, mode)
    if op == "sub":
        b = b.copy_negate()
    if op in ("add", "sub"):
        if a.is_infinite() and b.is_infinite() and a.is_signed() != b.is_signed():
            return default_qnan(), VXISI
        r = c.add(a, b)
        exact = None if r.is_infinite() and (a.is_infinite() or b.is_infinite()) else \
            (Fraction(a) + Fraction(b) if a.is_finite() and b.is_finite() else None)
    elif op == "mul":
        if (a.is_infinite() and b.is_zero()) or (b.is_infinite() and a.is_zero()):
            return default_qnan(), VXIMZ
        r = c.multiply(a, b)
        exact = Fraction(a) * Fraction(b) if a.is_finite() and b.is_finite() else None
    else:
        if a.is_infinite() and b.is_infinite():
            return default_qnan(), VXIDI
        if a.is_zero() and b.is_zero():
            return default_qnan(), VXZDZ
        r = c.divide(a, b)
        exact = Fraction(a) / Fraction(b) if a.is_finite() and b.is_finite() and not b.is_zero() else None
    f = flags_of(c, r, exact) if exact is not None else \
        (ZX if c.flags[decimal.DivisionByZero] else 0)
    return r, f


def quantize(b, te, ref_inf, width, mode):
    c = ctx(width, mode)
    if b.is_infinite() or ref_inf:
        if b.is_infinite() and ref_inf:
            return b, 0
        return default_qnan(), VXCVI
    r = b.quantize(D((0, (1,), te)), context=c)
    if c.flags[decimal.InvalidOperation]:
        return default_qnan(), VXCVI
    f = 0
    if c.flags[decimal.Inexact]:
        f = XX | FI | (FR if fr_of(r, Fraction(b)) else 0)
    return r, f


def reround(b, k, width, mode):
    p, emax, _, _, _ = FMT[width]
    n = nan_pick([b], width)
    if n:
        return n[1], n[0]
    if b.is_infinite():
        return b, 0
    nsd = len(b.as_tuple()[1]) if not b.is_zero() else 0
    if k == 0 or nsd <= k:
        return b, 0
    e = b.as_tuple()[2] + nsd - k
    big = decimal.Context(prec=100, Emax=99999, Emin=-99999, rounding=ROUND[mode], traps=[])
    r = b.quantize(D((0, (1,), e)), context=big)
    inexact = big.flags[decimal.Inexact]
    if len(r.as_tuple()[1]) > k:
        e += 1
        r = r.quantize(D((0, (1,), e)), context=decimal.Context(prec=100, Emax=99999, Emin=-99999, traps=[]))
    if e > emax - p + 1:
        return default_qnan(), VXCVI
    f = XX | FI | (FR if fr_of(r, Fraction(b)) else 0) if inexact else 0
    return r, f


def rint(b, exact_flag, width, mode):
    n = nan_pick([b], width)
    if n:
        return n[1], n[0]
    c = ctx(width, mode)
    if b.is_infinite():
        return b, 0
    r = b.to_integral_exact(context=c)
    f = 0
    if exact_flag and c.flags[decimal.Inexact]:
        f = XX | FI | (FR if fr_of(r, Fraction(b)) else 0)
    return r, f


def convert(b, src, dst, mode):
    n = nan_pick([b], dst)
    if n:
        return n[1], n[0]
    if b.is_infinite():
        return b, 0
    c = ctx(dst, mode)
    r = c.create_decimal(b)
    return r, flags_of(c, r, Fraction(b))


def ctfix(b, width, mode):
    if b.is_nan() or b.is_infinite():
        f = VXCVI | (VXSNAN if b.is_snan() else 0)
        return (1 << 63) if b.is_nan() or b.is_signed() else (1 << 63) - 1, f
    c = decimal.Context(prec=100000, Emax=999999, Emin=-999999, rounding=ROUND[mode], traps=[])
    r = b.to_integral_exact(context=c)
    v = int(r)
    if v > (1 << 63) - 1 or v < -(1 << 63):
        return (1 << 63) - 1 if v > 0 else 1 << 63, VXCVI
    f = 0
    if c.flags[decimal.Inexact]:
        f = XX | FI | (FR if abs(Fraction(v)) > abs(Fraction(b)) else 0)
    return v & ((1 << 64) - 1), f


# ------------------------------------------------------------ operands

def specials(width):
    p, emax, bias, _, _ = FMT[width]
    etop, etiny = emax - p + 1, -bias
    nines = int("9" * p)
    return [D(0), D("-0"), D("0E-3"), D((0, (0,), etop)), D((1, (0,), etiny)),
            D("Infinity"), D("-Infinity"), D("NaN"), D("-NaN7"), D("sNaN"), D("sNaN42"),
            D(1), D(-1), D("1.5"), D("2.5"), D("-2.5"), D("0.5"), D("9.5"), D("0.05"),
            D((0, tuple(map(int, str(nines))), etop)), D((1, tuple(map(int, str(nines))), etop)),
            D((0, (1,), 1 - emax)), D((0, (1,), etiny)), D((1, (5,), etiny)),
            D((0, tuple(map(int, str(nines))), etiny)), D((0, (1,), 0)),
            D((0, (5,) + (0,) * (p - 1), -p)), D((0, (1,) + (0,) * (p - 1), 0)),
            D("123456789"), D("-0.000123")]


def rnd_value(rng, width):
    p, emax, bias, _, _ = FMT[width]
    etop, etiny = emax - p + 1, -bias
    nd = rng.choice([1, 2, 3, p // 2, p - 1, p, p])
    digits = [rng.randrange(1, 10)] + [rng.choice([0, 9, rng.randrange(10)]) for _ in range(nd - 1)]
    if rng.random() < 0.2:
        digits[-1] = 5
    kind = rng.random()
    if kind < 0.6:
        e = rng.randrange(-2 * p, p)
    elif kind < 0.8:
        e = rng.choice([etop, etop - 1, etop - p, etiny, etiny + 1, etiny + p, 1 - emax - nd])
    else:
        e = rng.randrange(etiny, etop + 1)
    e = min(max(e, etiny), etop)
    return D((rng.randrange(2), tuple(digits), e))


def pick(rng, width):
    if rng.random() < 0.3:
        return rng.choice(specials(width))
    return rnd_value(rng, width)


# -------------------------------------------------------------- output

OPS = ["add", "sub", "mul", "div", "qua", "quai", "rrnd", "rintx", "rintn",
       "ctdp", "rsp", "cffix", "ctfix"]
TE = [-16, -2, 0, 3, 15]


def words(v, width):
    if width == 128:
        return (v >> 64) & ((1 << 64) - 1), v & ((1 << 64) - 1)
    return v, 0


def main():
    rng = random.Random(6)
    out = []

    def emit(op, q, mode, a, b, r, exc, rwidth, mask=0):
        f = exc
        if exc & VX_ALL:
            f |= VX
        if exc & (VX_ALL | OX | UX | ZX | XX):
            f |= FX
        out.append((OPS.index(op), q, mode, a, b, r, f, rwidth, mask))

    for q in (0, 1):
        width = 128 if q else 64
        for op in ("add", "sub", "mul", "div"):
            for _ in range(260 if q else 360):
                a, b = pick(rng, width), pick(rng, width)
                mode = rng.randrange(8)
                if op == "add" and rng.random() < 0.3:
                    b = D((1 - a.as_tuple()[0],) + a.as_tuple()[1:]) if a.is_finite() else b
                r, exc = arith(op, a, b, width, mode)
                emit(op, q, mode, encode(a, width), encode(b, width), encode(r, width),
                     exc | fprf(r, width) << 12, width, FR if exc & OX else 0)
        for _ in range(160):
            a, b = pick(rng, width), pick(rng, width)
            rmc = rng.randrange(4)
            mode = rng.randrange(8)
            m = mode if rmc == 3 else [0, 1, 4][rmc]
            n = nan_pick([a, b], width)
            if n:
                r, exc = n[1], n[0]
            else:
                r, exc = quantize(b, a.as_tuple()[2] if a.is_finite() else 0, a.is_infinite(), width, m)
            emit("qua", q, mode | rmc << 4, encode(a, width), encode(b, width), encode(r, width),
                 exc | fprf(r, width) << 12, width)
        for _ in range(100):
            b = pick(rng, width)
            te = rng.choice(TE)
            rmc = rng.randrange(4)
            mode = rng.randrange(8)
            m = mode if rmc == 3 else [0, 1, 4][rmc]
            n = nan_pick([b], width)
            r, exc = n[::-1] if n else quantize(b, te, False, width, m)
            emit("quai", q, mode | rmc << 4 | TE.index(te) << 8, 0, encode(b, width),
                 encode(r, width), exc | fprf(r, width) << 12, width)
        for _ in range(100):
            b = pick(rng, width)
            k = rng.choice([0, 1, 2, 5, 15, 16, 33, 34, 40])
            rmc = rng.randrange(4)
            mode = rng.randrange(8)
            m = mode if rmc == 3 else [0, 1, 4][rmc]
            r, exc = reround(b, k, width, m)
            emit("rrnd", q, mode | rmc << 4, k << 64 if q else k, encode(b, width), encode(r, width),
                 exc | fprf(r, width) << 12, width)
        for op in ("rintx", "rintn"):
            for _ in range(100):
                b = pick(rng, width)
                rr = rng.randrange(8)
                mode = rng.randrange(8)
                m = mode if rr == 3 else [0, 1, 4, None, 2, 3, 6, 5][rr]
                r, exc = rint(b, op == "rintx", width, m)
                emit(op, q, mode | rr << 4, 0, encode(b, width), encode(r, width),
                     exc | fprf(r, width) << 12, width)
        src = 64 if q else 32
        for _ in range(80):
            b = pick(rng, src)
            r, exc = convert(b, src, width, 0)
            emit("ctdp", q, rng.randrange(8), 0, encode(b, src), encode(r, width),
                 exc | fprf(r, width) << 12, width)
        dst = 64 if q else 32
        for _ in range(160):
            b = pick(rng, width)
            mode = rng.randrange(8)
            r, exc = convert(b, width, dst, mode)
            emit("rsp", q, mode, 0, encode(b, width), encode(r, dst),
                 exc | fprf(r, dst) << 12, dst, FR if exc & OX else 0)
        for _ in range(80):
            v = rng.choice([0, 1, -1, 2 ** 63 - 1, -2 ** 63, 10 ** 16, 10 ** 16 + 5,
                            rng.randrange(-2 ** 63, 2 ** 63), rng.randrange(-10 ** 17, 10 ** 17),
                            rng.randrange(-99999, 99999) * 10 ** rng.randrange(12)])
            mode = rng.randrange(8)
            c = ctx(width, mode)
            r = c.create_decimal(v)
            emit("cffix", q, mode, 0, v & ((1 << 64) - 1), encode(r, width),
                 flags_of(c, r, Fraction(v)) | fprf(r, width) << 12, width)
        for _ in range(120):
            b = pick(rng, width)
            if rng.random() < 0.4:
                b = D(rng.choice([2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 63 - 1])) + \
                    D(rng.choice(["0", "0.5", "-0.5", "0.4", "-0.6", "0.9"]))
                b = ctx(width, 0).create_decimal(b)
            mode = rng.randrange(8)
            r, exc = ctfix(b, width, mode)
            emit("ctfix", q, mode, 0, encode(b, width), r, exc, 64)

    print("/* generated by tests/isa/gen/dfp-vectors.py: do not edit */")
    print("static const struct dfp_vec dfp_vecs[] = {")
    for (op, q, mode, a, b, r, f, rw, mask) in out:
        aw = words(a, 128 if q else 64)
        # dctqpq and dcffixq: FRB is one FPR
        bw = words(b, 128 if q and OPS[op] not in ("ctdp", "cffix") else 64)
        if isinstance(r, D):
            r = encode(r, rw)
        rw_ = words(r, rw)
        print("    {%d, %d, 0x%x, {0x%xull, 0x%xull}, {0x%xull, 0x%xull}, {0x%xull, 0x%xull}, 0x%xull, 0x%xull},"
              % (op, q, mode, aw[0], aw[1], bw[0], bw[1], rw_[0], rw_[1], f, mask))
    print("};")


if __name__ == "__main__":
    main()
