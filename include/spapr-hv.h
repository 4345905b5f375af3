/*
 * The pseries hypervisor's state beyond RAM and the CPU (SpaprMachine.hv),
 * and the services built on it:
 *   hw-spapr/hcall-misc.c  per-vCPU state (the areas of H_REGISTER_VPA,
 *                          H_PROD's latch, RTAS stop-self), the idle
 *                          wait of a ceded vCPU and what wakes it, and the
 *                          processor-related hcalls (H_CEDE, H_SET_MODE,
 *                          H_PAGE_INIT, H_RANDOM...);
 *   hw-spapr/rtas-misc.c   the NVRAM and the RTAS services that are not
 *                          the interrupt controller's (event-scan,
 *                          nvram-fetch, start-cpu...), and the device-tree
 *                          properties all of this adds.
 *
 * Life cycle: spapr_hv_init() once the CPU and the console exist (it also
 * creates the interrupt controller, m->xics), spapr_hv_reset() at every
 * machine reset, spapr_hv_free() at the end.  Every service copes with a
 * machine that has no m->hv or m->xics (unit tests build bare machines).
 */
#ifndef POWERJIT_SPAPR_HV_H
#define POWERJIT_SPAPR_HV_H

#include <stdbool.h>
#include <stdint.h>

#include "spapr.h"

/* the VIO device at unit address SPAPR_VTY_REG + n interrupts on source
   SPAPR_IRQ_VIO + n */
#define SPAPR_IRQ_VIO 0x1100
/* the EPOW event source (/event-sources/epow-events, events.c), QEMU's
   number for it */
#define SPAPR_IRQ_EPOW 0x1000
#define SPAPR_VTY_IRQ SPAPR_IRQ_VIO
/* the NVRAM, a VIO device without an interrupt (QEMU's spapr-nvram), at
   SpaprMachine.nvram_reg */
#define SPAPR_NVRAM_SIZE 0x10000

/* the hypervisor's view of one vCPU */
typedef struct SpaprVcpu {
    /* H_REGISTER_VPA: real addresses (0 = not registered) and sizes */
    uint64_t vpa, vpa_size;
    uint64_t slb_shadow, slb_shadow_size;
    uint64_t dtl, dtl_size;
    bool prodded;   /* an H_PROD came while not ceded: the next H_CEDE
                       returns at once */
    bool stopped;   /* RTAS stop-self: waits for start-cpu */
    bool undispatched; /* gave the processor up (H_CEDE): the VPA's
                          dispatch count is odd until it runs again */
    bool fwnmi_mce_held; /* FWNMI: a machine check's save area is in use
                            until ibm,nmi-interlock (fwnmi.c) */
} SpaprVcpu;

typedef struct SpaprHv {
    SpaprVcpu *vcpus;       /* indexed by cpu_index = interrupt server */
    uint32_t nr_vcpus;
    int wake_fd;            /* eventfd: written to wake the idle run loop */
    uint8_t *nvram;         /* SPAPR_NVRAM_SIZE bytes, kept across resets */
    struct BlockBackend *nvram_blk; /* -drive if=pflash, or NULL */
    struct SpaprEvents *events; /* the RTAS event queue (events.c) */
    /* ibm,nmi-register's handlers (real addresses; 0: not registered),
       atomic: read by the vCPU taking the interrupt (fwnmi.c) */
    uint64_t fwnmi_sreset, fwnmi_mce;
} SpaprHv;

/* ---------------------------------------------------------- hcall-misc.c */

/* creates m->hv and m->xics for m->cpu (which must exist) and claims the
   console's interrupt; false + *err on failure */
bool spapr_hv_init(SpaprMachine *m, char **err);
/* the power-on state: areas deregistered, sources masked, vCPUs running
   (the NVRAM keeps its contents) */
void spapr_hv_reset(SpaprMachine *m);
void spapr_hv_free(SpaprMachine *m);

/* the vCPU with this interrupt server number / cpu_index, or NULL */
CPUPPCState *spapr_cpu_by_index(SpaprMachine *m, uint64_t index);
SpaprVcpu *spapr_vcpu(SpaprMachine *m, uint64_t index);

/* the run loop's wait while every vCPU is halted: returns when woken
   (spapr_idle_wake) or when the decrementer of a vCPU that can take it
   goes off.  Costs no CPU while it waits. */
void spapr_idle_wait(SpaprMachine *m);
/* thread=multi: the run-loop thread sleeps until a request (or any
   spapr_idle_wake) */
void spapr_request_wait(SpaprMachine *m);
/* wakes spapr_idle_wait (thread- and async-signal-safe; does nothing
   without m->hv), and with thread=multi every vCPU thread and the
   run-loop thread's spapr_request_wait */
void spapr_idle_wake(SpaprMachine *m);
/* wakes whoever runs env once it has something to do (an interrupt, a
   prod, start-cpu): its own thread with thread=multi (no other vCPU, nor
   the run-loop thread, which waits for requests only), the run loop
   without */
void spapr_idle_wake_cpu(SpaprMachine *m, CPUPPCState *env);
/* the run loop, before it runs env: a vCPU that gave the processor up
   and now has work is dispatched again (the VPA's dispatch count becomes
   even) */
void spapr_vcpu_dispatch(SpaprMachine *m, CPUPPCState *env);
/* console input arrived: raises the vty's interrupt (chardev thread) */
void spapr_vty_input(SpaprMachine *m);

int64_t h_cede(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_confer(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_prod(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_register_vpa(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_get_ppp(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_set_ppp(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_purr(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_poll_pending(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_set_mode(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_set_sprg0(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_set_dabr(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_set_xdabr(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_page_init(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_logical_ci_load(SpaprMachine *m, CPUPPCState *env,
                          uint64_t *args);
int64_t h_logical_ci_store(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args);
int64_t h_get_cpu_characteristics(SpaprMachine *m, CPUPPCState *env,
                                  uint64_t *args);

/* ---------------------------------------------------------- rtas-misc.c */

/* -drive if=pflash: the NVRAM's contents come from and go to d's file
   (which must be SPAPR_NVRAM_SIZE bytes); false + *err */
bool spapr_nvram_attach(SpaprMachine *m, const SpaprDriveSpec *d,
                        char **err);
/* an empty NVRAM as firmware formats it: one CHRP free-space partition */
void spapr_nvram_format(uint8_t *nvram, size_t size);
/* the device-tree additions of these services: the vty's interrupt,
   the NVRAM node, /rtas properties; returns 0 or a libfdt error */
int spapr_hv_fdt(SpaprMachine *m, void *fdt);

void rtas_event_scan(SpaprMachine *m, CPUPPCState *env,
                     const SpaprRtasArgs *a);
void rtas_check_exception(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a);
void rtas_set_indicator(SpaprMachine *m, CPUPPCState *env,
                        const SpaprRtasArgs *a);
void rtas_get_sensor_state(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a);
void rtas_query_cpu_stopped_state(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a);
void rtas_start_cpu(SpaprMachine *m, CPUPPCState *env,
                    const SpaprRtasArgs *a);
void rtas_stop_self(SpaprMachine *m, CPUPPCState *env,
                    const SpaprRtasArgs *a);
/* fwnmi.c: LoPAPR 7.3.14 */
void rtas_ibm_nmi_register(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a);
void rtas_ibm_nmi_interlock(SpaprMachine *m, CPUPPCState *env,
                            const SpaprRtasArgs *a);
/* PPCHypervisorOps.nmi_delivered (opaque: the machine) */
void spapr_fwnmi_delivered(void *opaque, CPUPPCState *env, int excp);
void rtas_ibm_os_term(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a);
void rtas_ibm_get_system_parameter(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a);
void rtas_nvram_fetch(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a);
void rtas_nvram_store(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a);

/* the monitor's nmi and QMP's inject-nmi: a system reset interrupt on
   every vCPU that is not stopped (RTAS stop-self); any thread */
void spapr_machine_nmi(SpaprMachine *m);

/* ---------------------------------------------------------- events.c */

typedef struct SpaprEvents SpaprEvents;
/* the event queue and its interrupt source (spapr_hv_init calls it) */
void spapr_events_init(SpaprMachine *m);
void spapr_events_reset(SpaprMachine *m); /* drops what is queued */
void spapr_events_free(SpaprMachine *m);
/* the monitor's system_powerdown: queues an EPOW "system shutdown,
   normal" event, raises its interrupt and sends QMP's POWERDOWN; false
   if the machine has no event queue.  Callable from any thread. */
bool spapr_events_powerdown(SpaprMachine *m);
/* get-sensor-state for the EPOW sensor: false if token/index is not it */
bool spapr_events_sensor(SpaprMachine *m, uint32_t token, uint32_t index,
                         uint32_t *state);
/* /event-sources */
int spapr_events_fdt(SpaprMachine *m, void *fdt);

#endif
