/*
 * Interrupt vectors for test programs: writes the entry stubs that
 * traps.S describes into low memory, and decides what an interrupt means:
 * the test's handler if it installed one, else a FAIL line and power-off.
 */
#include "isatest.h"
#include "ppc-asm.h"

#define VEC_FIRST 0x100
#define VEC_END 0x1000
#define VEC_STEP 0x20
#define TRAP_SCR 0x80

struct rt_trap_frame rt_trap_frame_area;
/* traps.S runs rt_trap_dispatch on this stack (top = + sizeof) */
uint64_t rt_trap_stack[2048] __attribute__((aligned(16)));

extern char rt_trap_other[], rt_trap_native[];
void rt_trap_dispatch(struct rt_trap_frame *frame);

static rt_trap_handler trap_handler;

void rt_set_trap_handler(rt_trap_handler handler)
{
    trap_handler = handler;
}

volatile struct rt_trap_record rt_trap;

static int record_and_skip(struct rt_trap_frame *f)
{
    rt_trap.count++;
    rt_trap.vector = f->vector;
    rt_trap.srr0 = f->srr0;
    rt_trap.srr1 = f->srr1;
    rt_trap.dar = f->dar;
    f->srr0 += 4;
    return 1;
}

void rt_catch_traps(void)
{
    rt_trap.count = 0;
    rt_trap.vector = rt_trap.srr0 = rt_trap.srr1 = rt_trap.dar = 0;
    rt_set_trap_handler(record_and_skip);
}

/* "b target" placed at address at (Power ISA 3.0 Book I 2.4, I-form) */
static uint32_t enc_branch(uintptr_t at, uintptr_t target)
{
    return 0x48000000u | ((uint32_t)(target - at) & 0x03fffffcu);
}

static uint32_t other_order(uint32_t w)
{
    return __builtin_bswap32(w);
}

void rt_traps_install(void)
{
    uintptr_t v;

    for (v = VEC_FIRST; v < VEC_END; v += VEC_STEP) {
        uint32_t *w = (uint32_t *)v;
        /* low memory is not a C object: hide the address from the compiler */
        __asm__("" : "+r"(w));
        w[0] = PPC_TDI_0_0_0x48;
        w[1] = enc_branch(v + 4, v + 20);
        w[2] = other_order(PPC_STD(20, TRAP_SCR, 0));
        w[3] = other_order(PPC_ADDI(20, 0, v));
        w[4] = other_order(enc_branch(v + 16, (uintptr_t)rt_trap_other));
        w[5] = PPC_STD(20, TRAP_SCR, 0);
        w[6] = PPC_ADDI(20, 0, v);
        w[7] = enc_branch(v + 28, (uintptr_t)rt_trap_native);
    }
    rt_sync_icache((void *)VEC_FIRST, (void *)VEC_END);
}

void rt_trap_dispatch(struct rt_trap_frame *frame)
{
    if (trap_handler && trap_handler(frame))
        return;
    rt_printf("\nISA-TEST FAIL unexpected interrupt 0x%lx at 0x%lx "
              "SRR1=0x%lx DAR=0x%lx DSISR=0x%lx LR=0x%lx\n",
              (unsigned long)frame->vector, (unsigned long)frame->srr0,
              (unsigned long)frame->srr1, (unsigned long)frame->dar,
              (unsigned long)frame->dsisr, (unsigned long)frame->lr);
    rt_poweroff();
}
