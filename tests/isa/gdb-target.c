/*
 * The program tests/boot/gdbstub.sh debugs with gdb-multiarch, and an ISA
 * test of its own when no debugger is attached.
 *
 * It computes values the debugger reads back and compares with what the
 * host computes from the same formulas (the test script): gdb_sum (a
 * multiplicative hash of 0..999), gdb_buf[i] = gdb_sum ^ (i * 0x0101...),
 * and passes gdb_sum in r3 and 2.5 in f1 to gdb_stop_here, where the
 * debugger stops.  The debugger then writes gdb_attached = 1, gdb_poke =
 * 0x1122334455667788 (memory) and r3 = 0xfeedface (a register);
 * gdb_stop_here returns r3, and the program checks both when it sees
 * gdb_attached.  gdb_step_here is three `addi r3,r3,1` the debugger steps
 * through with stepi.
 */
#include "isatest.h"

volatile uint64_t gdb_sum;
volatile uint64_t gdb_buf[4];
volatile uint64_t gdb_attached;
volatile uint64_t gdb_poke;

uint64_t gdb_stop_here(uint64_t v, double d);
uint64_t gdb_step_here(uint64_t v);

__asm__(".text\n"
        ".globl gdb_stop_here\n"
        ".type gdb_stop_here, @function\n"
        "gdb_stop_here:\n"
        "    nop\n"
        "    blr\n"
        ".size gdb_stop_here, .-gdb_stop_here\n"
        ".globl gdb_step_here\n"
        ".type gdb_step_here, @function\n"
        "gdb_step_here:\n"
        "    addi 3, 3, 1\n"
        "    addi 3, 3, 1\n"
        "    addi 3, 3, 1\n"
        "    blr\n"
        ".size gdb_step_here, .-gdb_step_here\n");

static uint64_t opaque(uint64_t v)
{
    __asm__ volatile("" : "+r"(v));
    return v;
}

int main(void)
{
    uint64_t sum = 0, ret, stepped;

    for (uint64_t i = opaque(0); i < 1000; i++) {
        sum = (sum ^ i) * 0x9e3779b97f4a7c15ull + 1;
    }
    gdb_sum = sum;
    for (uint64_t i = 0; i < 4; i++) {
        gdb_buf[i] = sum ^ (i * 0x0101010101010101ull);
    }
    ret = gdb_stop_here(sum, 2.5);
    stepped = gdb_step_here(opaque(40));
    CHECK_EQ("step_here", stepped, 43);
    if (gdb_attached) {
        CHECK_EQ("register written by the debugger", ret, 0xfeedface);
        CHECK_EQ("memory written by the debugger", gdb_poke,
                 0x1122334455667788ull);
        rt_printf("gdb-target: the debugger's writes arrived\n");
    } else {
        CHECK_EQ("stop_here", ret, sum);
    }
    rt_printf("gdb-target: sum 0x%lx\n", (unsigned long)sum);
    return 0;
}
