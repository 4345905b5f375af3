/*
 * hw-spapr/xics.c: XICS, the interrupt controller of a PAPR partition
 * (LoPAPR: "Interrupt Controller"; the hcall-interrupt function set; the
 * RTAS calls ibm,set-xive, ibm,get-xive, ibm,int-on, ibm,int-off).
 *
 * Two halves.  One interrupt presentation controller (ICP) per interrupt
 * server (= vCPU): it holds the CPPR (the priority the processor currently
 * accepts: an interrupt is presented only if more favoured, i.e.
 * numerically lower), the MFRR (the priority of a pending inter-processor
 * interrupt, 0xff = none) and the XISR (the source presented, 0 = none).
 * The XIRR register the guest reads and writes through hcalls is CPPR in
 * its top byte and XISR below.  One interrupt source controller (ICS) holds
 * the sources: for each its server, priority (0xff = masked), and whether
 * it is level (LSI) or edge/message (MSI) triggered.
 *
 * An ICP presents at most one interrupt; a source it cannot take now is
 * "rejected" back to the ICS, which resends it when the ICP's CPPR becomes
 * less favoured (EOI, H_CPPR).  The ICP's output (the processor's external
 * interrupt line, taken at 0x500 when MSR[EE]=1) is up while XISR is
 * non-zero.
 *
 * The state machine is thread-safe (one lock): sources are raised from
 * device threads (the console reader), presentation is driven from the
 * vCPU.  xics_output() is lock-free, for the exec loop's interrupt check.
 */
#ifndef POWERJIT_XICS_H
#define POWERJIT_XICS_H

#include <stdbool.h>
#include <stdint.h>

#include "spapr.h"

#define XICS_IRQ_BASE 0x1000  /* the ICS's first source number */
#define XICS_NR_IRQS 4096     /* sources XICS_IRQ_BASE.. +XICS_NR_IRQS-1 (as
                                 QEMU's pseries: the PCI MSI pool is
                                 0x1300-0x1fff) */
#define XICS_IPI 2            /* the XISR of an inter-processor interrupt */
#define XICS_PRIO_MASKED 0xff /* least favoured: never presented */

/* the XISR is the low 24 bits of the XIRR, the CPPR the top 8 */
#define XICS_XISR_MASK 0xffffffu
#define XICS_CPPR_SHIFT 24

typedef struct Xics Xics;

/* called (with the XICS lock held: do not call back into XICS) when a
   server's output goes up, so that the vCPU notices: it must be cheap and
   must not block */
typedef void (*XicsNotifyFn)(void *opaque, uint32_t server);

Xics *xics_new(uint32_t nr_servers, XicsNotifyFn notify, void *opaque);
void xics_free(Xics *x);
/* the state after power-on: every source masked (server 0, priority
   0xff) and idle, every ICP with CPPR 0, MFRR 0xff, nothing presented.
   Claims survive. */
void xics_reset(Xics *x);
uint32_t xics_nr_servers(const Xics *x);

/* ---------------------------------------------------------- sources */

/* gives a source to a device; lsi: level-triggered.  False if irq is out
   of range or already claimed. */
bool xics_claim(Xics *x, uint32_t irq, bool lsi);
bool xics_claimed(const Xics *x, uint32_t irq);
bool xics_is_lsi(const Xics *x, uint32_t irq);
/* a device's interrupt line: for an MSI a 1 is one event (0 does
   nothing); an LSI follows the level */
void xics_set_irq(Xics *x, uint32_t irq, int level);

/* RTAS statuses (LoPAPR, ibm,set-xive and friends): 0, or -3 for an
   unknown source or a bad server */
int xics_set_xive(Xics *x, uint32_t irq, uint32_t server, uint32_t priority);
int xics_get_xive(Xics *x, uint32_t irq, uint32_t *server,
                  uint32_t *priority);
int xics_int_off(Xics *x, uint32_t irq);
int xics_int_on(Xics *x, uint32_t irq);

/* ---------------------------------------------------------- presentation */

/* is server's external interrupt line up?  (lock-free) */
bool xics_output(const Xics *x, uint32_t server);
/* H_XIRR: returns the XIRR and accepts the interrupt presented (CPPR
   becomes its priority, XISR 0); with nothing presented returns CPPR << 24
   and changes nothing */
uint32_t xics_accept(Xics *x, uint32_t server);
/* H_IPOLL: the XIRR without accepting, and the MFRR */
uint32_t xics_poll(Xics *x, uint32_t server, uint8_t *mfrr);
/* H_CPPR */
void xics_set_cppr(Xics *x, uint32_t server, uint8_t cppr);
/* H_EOI: CPPR = xirr >> 24, end of interrupt for XISR = xirr & 0xffffff;
   false if that XISR is neither 0, the IPI, nor a claimed source (the
   CPPR is set all the same) */
bool xics_eoi(Xics *x, uint32_t server, uint32_t xirr);
/* H_IPI */
void xics_set_mfrr(Xics *x, uint32_t server, uint8_t mfrr);

/* ---------------------------------------------------------- the machine */

/* the hcalls (function set hcall-interrupt, and H_XIRR_X), rows of
   hcall.c's table */
int64_t h_eoi(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_cppr(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_ipi(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_ipoll(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_xirr(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_xirr_x(SpaprMachine *m, CPUPPCState *env, uint64_t *args);

/* the RTAS calls, rows of rtas.c's table */
void rtas_ibm_set_xive(SpaprMachine *m, CPUPPCState *env,
                       const SpaprRtasArgs *a);
void rtas_ibm_get_xive(SpaprMachine *m, CPUPPCState *env,
                       const SpaprRtasArgs *a);
void rtas_ibm_int_off(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a);
void rtas_ibm_int_on(SpaprMachine *m, CPUPPCState *env,
                     const SpaprRtasArgs *a);

/* the monitor's "info pic": each ICP (XIRR, pending priority, MFRR) and
   each claimed source (type, priority, state), in QEMU's layout */
struct _GString;
void xics_dump(Xics *x, struct _GString *out);

#endif
