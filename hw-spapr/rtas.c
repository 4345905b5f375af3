/*
 * hw-spapr/rtas.c: Run-Time Abstraction Services (LoPAPR: RTAS).
 *
 * RTAS is firmware the OS calls at one entry point with the real address
 * of an argument buffer: big-endian 32-bit words token, nargs, nret, then
 * nargs arguments and nret return values (the first is the status).  Our
 * "firmware" is the dozen instructions of spapr_rtas_entry_code(), which
 * pass that address to the hypervisor in the private hcall KVMPPC_H_RTAS;
 * the services themselves run here, from spapr_rtas_calls[].  The device
 * tree's /rtas node names every row of that table with its token.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "pci.h"
#include "spapr-hv.h"
#include "spapr-vio.h"
#include "spapr.h"
#include "xics.h"

/* real-mode addressing ignores the top four bits of an address */
#define REAL_ADDR_MASK 0x0fffffffffffffffull
#define RTAS_TOKEN_BASE 0x2000
#define RTAS_HEADER_SIZE 12 /* token, nargs, nret */

static uint32_t rtas_arg(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i)
{
    return spapr_ram_ld32(m, a->args + 4ull * i);
}

static void rtas_ret(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i,
                     int32_t val)
{
    spapr_ram_st32(m, a->rets + 4ull * i, (uint32_t)val);
}

/* the call's argument counts must be exactly what the service takes */
static bool rtas_check_counts(SpaprMachine *m, const SpaprRtasArgs *a,
                              uint32_t nargs, uint32_t nret, const char *name)
{
    if (a->nargs == nargs && a->nret == nret) {
        return true;
    }
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("RTAS %s: nargs %" PRIu32 " nret %" PRIu32 " (expected %"
                   PRIu32 ", %" PRIu32 ")\n", name, a->nargs, a->nret, nargs,
                   nret);
    }
    if (a->nret > 0) {
        rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
    }
    return false;
}

/* the same, for the services outside this file (xics.c, rtas-misc.c) */
uint32_t spapr_rtas_arg(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i)
{
    return rtas_arg(m, a, i);
}

void spapr_rtas_ret(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i,
                    int32_t val)
{
    rtas_ret(m, a, i, val);
}

bool spapr_rtas_check_counts(SpaprMachine *m, const SpaprRtasArgs *a,
                             uint32_t nargs, uint32_t nret, const char *name)
{
    return rtas_check_counts(m, a, nargs, nret, name);
}

/* display-character: one argument, the character, written to the console */
static void rtas_display_character(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a)
{
    if (!rtas_check_counts(m, a, 1, 1, "display-character")) {
        return;
    }
    if (!m->console) {
        rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
        return;
    }
    uint8_t ch = (uint8_t)rtas_arg(m, a, 0);
    chardev_write(m->console, &ch, 1);
    rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* power-off: two arguments (the power-on mask, which we ignore); the
   emulator ends with status 0 once the vCPU is back in the run loop */
static void rtas_power_off(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a)
{
    if (!rtas_check_counts(m, a, 2, 1, "power-off")) {
        return;
    }
    rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_machine_request(m, SPAPR_REQ_SHUTDOWN);
}

/* system-reboot: no arguments; the run loop resets the machine (or, with
   -no-reboot, ends the emulator) */
static void rtas_system_reboot(SpaprMachine *m, CPUPPCState *env,
                               const SpaprRtasArgs *a)
{
    if (!rtas_check_counts(m, a, 0, 1, "system-reboot")) {
        return;
    }
    rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_machine_request(m, SPAPR_REQ_RESET);
}

const SpaprRtasCall spapr_rtas_calls[] = {
    { "display-character", RTAS_TOKEN_BASE + 1, rtas_display_character },
    { "get-time-of-day", RTAS_TOKEN_BASE + 2, rtas_get_time_of_day },
    { "power-off", RTAS_TOKEN_BASE + 3, rtas_power_off },
    { "system-reboot", RTAS_TOKEN_BASE + 4, rtas_system_reboot },
    /* the time-of-day clock (rtc.c) */
    { "set-time-of-day", RTAS_TOKEN_BASE + 5, rtas_set_time_of_day },
    /* the interrupt controller (xics.c) */
    { "ibm,set-xive", RTAS_TOKEN_BASE + 0x10, rtas_ibm_set_xive },
    { "ibm,get-xive", RTAS_TOKEN_BASE + 0x11, rtas_ibm_get_xive },
    { "ibm,int-off", RTAS_TOKEN_BASE + 0x12, rtas_ibm_int_off },
    { "ibm,int-on", RTAS_TOKEN_BASE + 0x13, rtas_ibm_int_on },
    /* rtas-misc.c */
    { "event-scan", RTAS_TOKEN_BASE + 0x20, rtas_event_scan },
    { "check-exception", RTAS_TOKEN_BASE + 0x21, rtas_check_exception },
    { "set-indicator", RTAS_TOKEN_BASE + 0x22, rtas_set_indicator },
    { "get-sensor-state", RTAS_TOKEN_BASE + 0x23, rtas_get_sensor_state },
    { "query-cpu-stopped-state", RTAS_TOKEN_BASE + 0x24,
      rtas_query_cpu_stopped_state },
    { "start-cpu", RTAS_TOKEN_BASE + 0x25, rtas_start_cpu },
    { "stop-self", RTAS_TOKEN_BASE + 0x26, rtas_stop_self },
    { "ibm,os-term", RTAS_TOKEN_BASE + 0x27, rtas_ibm_os_term },
    { "ibm,get-system-parameter", RTAS_TOKEN_BASE + 0x28,
      rtas_ibm_get_system_parameter },
    { "nvram-fetch", RTAS_TOKEN_BASE + 0x29, rtas_nvram_fetch },
    { "nvram-store", RTAS_TOKEN_BASE + 0x2a, rtas_nvram_store },
    /* FWNMI (fwnmi.c) */
    { "ibm,nmi-register", RTAS_TOKEN_BASE + 0x2b, rtas_ibm_nmi_register },
    { "ibm,nmi-interlock", RTAS_TOKEN_BASE + 0x2c, rtas_ibm_nmi_interlock },
    /* the VIO bus (vio.c) */
    { "ibm,set-tce-bypass", RTAS_TOKEN_BASE + 0x30,
      rtas_ibm_set_tce_bypass },
    /* the PCI host bridges (hw-pci/rtas-pci.c) */
    { "read-pci-config", RTAS_TOKEN_BASE + 0x40, rtas_read_pci_config },
    { "write-pci-config", RTAS_TOKEN_BASE + 0x41, rtas_write_pci_config },
    { "ibm,read-pci-config", RTAS_TOKEN_BASE + 0x42,
      rtas_ibm_read_pci_config },
    { "ibm,write-pci-config", RTAS_TOKEN_BASE + 0x43,
      rtas_ibm_write_pci_config },
    { "ibm,change-msi", RTAS_TOKEN_BASE + 0x44, rtas_ibm_change_msi },
    { "ibm,query-interrupt-source-number", RTAS_TOKEN_BASE + 0x45,
      rtas_ibm_query_interrupt_source_number },
    { "ibm,query-pe-dma-window", RTAS_TOKEN_BASE + 0x46,
      rtas_ibm_query_pe_dma_window },
    { "ibm,create-pe-dma-window", RTAS_TOKEN_BASE + 0x47,
      rtas_ibm_create_pe_dma_window },
    { "ibm,remove-pe-dma-window", RTAS_TOKEN_BASE + 0x48,
      rtas_ibm_remove_pe_dma_window },
    { "ibm,reset-pe-dma-window", RTAS_TOKEN_BASE + 0x49,
      rtas_ibm_reset_pe_dma_window },
    { "ibm,set-eeh-option", RTAS_TOKEN_BASE + 0x4a, rtas_pci_eeh },
    { "ibm,get-config-addr-info2", RTAS_TOKEN_BASE + 0x4b, rtas_pci_eeh },
    { "ibm,read-slot-reset-state2", RTAS_TOKEN_BASE + 0x4c, rtas_pci_eeh },
    { "ibm,set-slot-reset", RTAS_TOKEN_BASE + 0x4d, rtas_pci_eeh },
    { "ibm,configure-pe", RTAS_TOKEN_BASE + 0x4e, rtas_pci_eeh },
    { "ibm,slot-error-detail", RTAS_TOKEN_BASE + 0x4f, rtas_pci_eeh },
};
const size_t spapr_rtas_nb_calls = G_N_ELEMENTS(spapr_rtas_calls);

int64_t spapr_rtas_call(SpaprMachine *m, CPUPPCState *env, uint64_t args_addr)
{
    uint64_t addr = args_addr & REAL_ADDR_MASK;
    SpaprRtasArgs a;

    if (!spapr_ram_valid(m, addr, RTAS_HEADER_SIZE)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS: argument buffer 0x%" PRIx64 " outside RAM\n",
                       args_addr);
        }
        return H_PARAMETER;
    }
    a.token = spapr_ram_ld32(m, addr);
    a.nargs = spapr_ram_ld32(m, addr + 4);
    a.nret = spapr_ram_ld32(m, addr + 8);
    /* both counts are 32-bit: the sum cannot overflow 64 bits */
    uint64_t len = RTAS_HEADER_SIZE + 4 * ((uint64_t)a.nargs + a.nret);
    if (!spapr_ram_valid(m, addr, len)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS: argument buffer 0x%" PRIx64 " (nargs %" PRIu32
                       " nret %" PRIu32 ") outside RAM\n", args_addr,
                       a.nargs, a.nret);
        }
        return H_PARAMETER;
    }
    a.args = addr + RTAS_HEADER_SIZE;
    a.rets = a.args + 4ull * a.nargs;

    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        if (spapr_rtas_calls[i].token == a.token) {
            spapr_rtas_calls[i].fn(m, env, &a);
            return H_SUCCESS;
        }
    }
    if (log_enabled(LOG_UNIMP)) {
        log_printf("RTAS: unknown token 0x%" PRIx32 "\n", a.token);
    }
    if (a.nret > 0) {
        rtas_ret(m, &a, 0, RTAS_OUT_PARAM_ERROR);
    }
    return H_PARAMETER;
}

/* the RTAS entry point: the caller's r3 (the argument buffer's real
   address) becomes KVMPPC_H_RTAS's argument */
size_t spapr_rtas_entry_code(uint8_t *buf, size_t size)
{
    return spapr_hcall_stub(buf, size, KVMPPC_H_RTAS);
}
