/*
 * Smoke test for the runtime and the basic fixed-point path: arithmetic,
 * logic, shifts, multiply/divide and carries, with expected values that the
 * C compiler's constant folding (the host) computes from the same
 * expressions the guest evaluates at run time.
 */
#include "isatest.h"

/* values the compiler cannot see through */
static uint64_t opaque(uint64_t v)
{
    __asm__ volatile("" : "+r"(v));
    return v;
}

static uint64_t addc_carry(uint64_t a, uint64_t b)
{
    uint64_t sum, ca;
    __asm__("addc %0, %2, %3\n\t"
            "li %1, 0\n\t"
            "addze %1, %1"
            : "=&r"(sum), "=&r"(ca)
            : "r"(a), "r"(b)
            : "xer");
    return ca;
}

int main(void)
{
    uint64_t a = opaque(0x123456789abcdef0ull), b = opaque(0x0fedcba987654321ull);
    int64_t s = (int64_t)opaque((uint64_t)-12345);
    uint64_t fib[2] = { 0, 1 };
    unsigned i;

    rt_printf("smoke: %s-endian, entered %s, MSR at entry 0x%lx\n",
              __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big",
              rt_boot.entered_swapped ? "in the other byte order" : "as built",
              (unsigned long)rt_boot.entry_msr);

    CHECK_EQ("add", a + b, 0x123456789abcdef0ull + 0x0fedcba987654321ull);
    CHECK_EQ("subf", a - b, 0x123456789abcdef0ull - 0x0fedcba987654321ull);
    CHECK_EQ("and", a & b, 0x123456789abcdef0ull & 0x0fedcba987654321ull);
    CHECK_EQ("or", a | b, 0x123456789abcdef0ull | 0x0fedcba987654321ull);
    CHECK_EQ("xor", a ^ b, 0x123456789abcdef0ull ^ 0x0fedcba987654321ull);
    CHECK_EQ("sld", a << opaque(13), 0x123456789abcdef0ull << 13);
    CHECK_EQ("srd", a >> opaque(7), 0x123456789abcdef0ull >> 7);
    CHECK_EQ("srad", (uint64_t)(s >> opaque(3)), (uint64_t)(-12345ll >> 3));
    CHECK_EQ("mulld", a * b, 0x123456789abcdef0ull * 0x0fedcba987654321ull);
    CHECK_EQ("mulhdu", (uint64_t)(((unsigned __int128)a * b) >> 64),
             (uint64_t)(((unsigned __int128)0x123456789abcdef0ull *
                         0x0fedcba987654321ull) >> 64));
    CHECK_EQ("divdu", a / opaque(1000003), 0x123456789abcdef0ull / 1000003);
    CHECK_EQ("divd", (uint64_t)(s / (int64_t)opaque(7)), (uint64_t)(-12345ll / 7));
    CHECK_EQ("modd", (uint64_t)(s % (int64_t)opaque(7)), (uint64_t)(-12345ll % 7));
    CHECK_EQ("cntlzd", __builtin_clzll(opaque(0x00f0000000000000ull)), 8);
    CHECK_EQ("popcntd", __builtin_popcountll(a), __builtin_popcountll(0x123456789abcdef0ull));
    CHECK_EQ("extsw", (uint64_t)(int64_t)(int32_t)opaque(0x80000001u),
             0xffffffff80000001ull);
    CHECK_EQ("addc carry", addc_carry(opaque(~0ull), opaque(1)), 1);
    CHECK_EQ("addc no carry", addc_carry(opaque(5), opaque(6)), 0);
    for (i = 0; i < 90; i++) {
        uint64_t n = fib[0] + fib[1];
        fib[0] = fib[1];
        fib[1] = n;
    }
    CHECK_EQ("fib(91)", fib[1], 4660046610375530309ull);
    CHECK("compare", (int64_t)opaque((uint64_t)-1) < (int64_t)opaque(1));
    return 0;
}
