/*
 * accel/tcg/watch.c: debugger watchpoints (gdb's Z2 write, Z3 read, Z4
 * access), exact to the byte and to the instruction under the JIT.
 *
 * The cost is paid only where a watchpoint lies.  A TLB fill (softmmu.c
 * tlb_set) gives the load or store tag of a page that holds watched bytes
 * the TLB_WATCH flag; the inline fast path never matches a flagged tag, so
 * every access to such a page comes to the slow path (cpu_ld_mmu,
 * cpu_st_mmu, cpu_probe_access), which asks cpu_watch_check once the
 * access has been translated (a faulting access hits nothing) and before
 * any byte moves.  Other pages, and every page while no watchpoint is set,
 * keep their fast path: the only extra work elsewhere is one compare of
 * env->nb_watchpoints in the slow path and in a fill.
 *
 * A hit stops the guest after the accessing instruction, as gdb expects
 * of a remote target (its value check then sees the new value): the
 * instruction is abandoned before it has changed anything (nip restored
 * from the host return address, as for a fault), and the exec loop runs
 * it again as a debugger single step (cpu-exec.c cpu_exec_step: one
 * instruction, interrupts masked), during which watch_hit suppresses
 * further hits; the step ends in EXCP_DEBUG, and the gdbstub's stop reply
 * names the hit (watch:/rwatch:/awatch: ADDR).  Re-executing is safe: the
 * instruction's accesses before the hit (stmw's first words, say) only
 * happen again.
 *
 * The list changes only while the vCPU is stopped (the gdbstub parks every
 * vCPU first); a change flushes the vCPU's TLB so that fills see it.
 */
#include "accel/tcg/internal.h"

static bool watch_overlaps(const PPCWatchpoint *w, uint64_t addr,
                           uint64_t len)
{
    /* [w->addr, +w->len) and [addr, +len) meet; compared by last bytes,
       which do not wrap (checked at insertion; a page or an access ends
       at 2^64 at the latest) */
    return addr <= w->addr + (w->len - 1) && w->addr <= addr + (len - 1);
}

bool cpu_watch_insert(CPUPPCState *env, uint64_t addr, uint64_t len,
                      uint32_t kinds)
{
    if (len == 0 || addr + (len - 1) < addr || kinds == 0) {
        return false;
    }
    for (uint32_t i = 0; i < env->nb_watchpoints; i++) {
        PPCWatchpoint *w = &env->watchpoints[i];
        if (w->addr == addr && w->len == len && w->kinds == kinds) {
            return true;
        }
    }
    if (env->nb_watchpoints == PPC_MAX_WATCHPOINTS) {
        return false;
    }
    env->watchpoints[env->nb_watchpoints++] =
        (PPCWatchpoint){.addr = addr, .len = len, .kinds = kinds};
    tlb_flush(env);
    return true;
}

bool cpu_watch_remove(CPUPPCState *env, uint64_t addr, uint64_t len,
                      uint32_t kinds)
{
    for (uint32_t i = 0; i < env->nb_watchpoints; i++) {
        PPCWatchpoint *w = &env->watchpoints[i];
        if (w->addr == addr && w->len == len && w->kinds == kinds) {
            *w = env->watchpoints[--env->nb_watchpoints];
            tlb_flush(env);
            return true;
        }
    }
    return false;
}

void cpu_watch_remove_all(CPUPPCState *env)
{
    if (env->nb_watchpoints) {
        env->nb_watchpoints = 0;
        tlb_flush(env);
    }
    env->watch_hit = 0;
}

bool cpu_watch_page(const CPUPPCState *env, uint64_t page, bool store)
{
    uint32_t kind = store ? PPC_WATCH_WRITE : PPC_WATCH_READ;

    for (uint32_t i = 0; i < env->nb_watchpoints; i++) {
        const PPCWatchpoint *w = &env->watchpoints[i];
        if ((w->kinds & kind) && watch_overlaps(w, page, TARGET_PAGE_SIZE)) {
            return true;
        }
    }
    return false;
}

void cpu_watch_check(CPUPPCState *env, uint64_t ea, uint64_t size, bool store,
                     uintptr_t ra)
{
    uint32_t kind = store ? PPC_WATCH_WRITE : PPC_WATCH_READ;

    if (env->watch_hit) {
        return; /* the hit instruction's own re-execution */
    }
    for (uint32_t i = 0; i < env->nb_watchpoints; i++) {
        const PPCWatchpoint *w = &env->watchpoints[i];
        if (!(w->kinds & kind) || !watch_overlaps(w, ea, size)) {
            continue;
        }
        env->watch_hit = w->kinds;
        env->watch_hit_addr = ea > w->addr ? ea : w->addr;
        if (ra) {
            cpu_restore_state(env, ra);
        }
        /* (a step already under way starts over: same instruction) */
        env->singlestep = 1;
        env->exception_index = EXCP_NONE;
        cpu_loop_exit(env);
    }
}
