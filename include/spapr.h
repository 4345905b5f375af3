/*
 * hw-spapr: the pseries machine, the hypervisor side of a PAPR logical
 * partition.
 *
 * The machine owns guest RAM (one anonymous mapping), the vCPU, the console
 * and the boot images, and it is the CPU's hypervisor: `sc 1` reaches
 * spapr_hcall() through PPCHypervisorOps.  hcalls (hcall.c) and RTAS
 * services (rtas.c) are static tables; the device tree (fdt.c) is generated
 * from the machine and those tables, so what the guest is told and what is
 * implemented cannot drift apart.
 *
 * Guest memory layout at boot (addresses grow upwards):
 *
 *   0                the kernel's PT_LOAD segments (at their p_paddr)
 *   kernel end       the initrd, 64 KiB aligned
 *   ...              free (what the client's claim requests get)
 *   vof_base         the Open Firmware client interface entry code and the
 *                    client's initial stack (SPAPR_VOF_SIZE)
 *   fdt_base         the flattened device tree (SPAPR_FDT_MAX_SIZE room)
 *   rtas_base        the RTAS entry code (SPAPR_RTAS_SIZE)
 *   boot top         min(RAM size, SPAPR_BOOT_TOP_MAX)
 *
 * The kernel is entered as Open Firmware enters a client (IEEE 1275 PowerPC
 * binding, as Linux's prom_init expects): r1 = a stack, r3/r4 = the initrd's
 * address and size, r5 = the client interface entry (vof.c).  The device
 * tree in RAM is what firmware images (-bios) will be handed.
 */
#ifndef POWERJIT_SPAPR_H
#define POWERJIT_SPAPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chardev.h"
#include "cpu.h"
#include "elf-loader.h"

#include <glib.h>

#define SPAPR_DEFAULT_RAM_SIZE (512ull << 20) /* QEMU's pseries default */
#define SPAPR_MEMORY_BLOCK_SIZE (256ull << 20) /* RAM size granularity */
#define SPAPR_DEFAULT_CODE_SIZE (64ull << 20)  /* JIT code buffer */

/* boot placement: the device tree and RTAS sit at the top of the first
   GiB, which the guest can reach in real mode under either MMU */
#define SPAPR_BOOT_TOP_MAX (1ull << 30)
#define SPAPR_RTAS_SIZE 0x10000
#define SPAPR_FDT_MAX_SIZE (1ull << 20)
#define SPAPR_INITRD_ALIGN 0x10000
#define SPAPR_VOF_SIZE 0x10000

#define SPAPR_VTY_REG 0x71000000u /* unit address of the first vty */
#define SPAPR_TIMEBASE_FREQ 512000000u

/* hcall return codes (LoPAPR, hypervisor call return codes) */
#define H_SUCCESS 0
#define H_HARDWARE (-1)
#define H_FUNCTION (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)
#define H_CONSTRAINED 4
#define H_PENDING 17
#define H_RESOURCE (-16)
#define H_P2 (-55)
#define H_P3 (-56)
#define H_P4 (-57)
#define H_UNSUPPORTED_FLAG (-256) /* the first of -256..-511 */

/* hcall numbers (LoPAPR hypervisor call opcodes; from 0xf000 up the range
   is the implementation's: KVM and QEMU use 0xf000 for RTAS) */
#define H_GET_TERM_CHAR 0x54
#define H_PUT_TERM_CHAR 0x58
#define H_REGISTER_VPA 0xdc
#define H_CEDE 0xe0
#define H_CONFER 0xe4
#define H_PROD 0xe8
#define H_GET_PPP 0xec
#define H_SET_PPP 0xf0
#define H_PURR 0xf4
#define H_POLL_PENDING 0x1d8
#define H_SET_DABR 0x28
#define H_PAGE_INIT 0x2c
#define H_LOGICAL_CI_LOAD 0x3c
#define H_LOGICAL_CI_STORE 0x40
#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_IPOLL 0x70
#define H_XIRR 0x74
#define H_SET_XDABR 0x134
#define H_GET_CPU_CHARACTERISTICS 0x1c8
#define H_XIRR_X 0x2fc
#define H_RANDOM 0x300
#define H_SET_MODE 0x31c
#define H_REGISTER_PROC_TBL 0x37c
#define KVMPPC_H_RTAS 0xf000
/* QEMU's private hcalls for SLOF (hcall-fw.c) */
#define KVMPPC_H_LOGICAL_MEMOP 0xf001
#define KVMPPC_H_CAS 0xf002
#define KVMPPC_H_UPDATE_DT 0xf003
/* our private hcall behind the client interface entry (r4 = the client's
   argument array); 0xf001-0xf003 are left to the numbers SLOF uses */
#define SPAPR_H_VOF_CLIENT 0xf005

/* RTAS call statuses (LoPAPR, RTAS call conventions) */
#define RTAS_OUT_SUCCESS 0
#define RTAS_OUT_HW_ERROR (-1)
#define RTAS_OUT_PARAM_ERROR (-3)

/* -rtc base=: what the guest's time-of-day clock reads at start-up */
typedef enum SpaprRtcBase {
    SPAPR_RTC_BASE_UTC,       /* the host's time in UTC (the default) */
    SPAPR_RTC_BASE_LOCALTIME, /* the host's local time, presented as UTC */
    SPAPR_RTC_BASE_DATE,      /* a fixed date (SpaprConfig.rtc_date) */
} SpaprRtcBase;

/* -rtc clock=: the host clock the guest's time-of-day advances with */
typedef enum SpaprRtcClock {
    SPAPR_RTC_CLOCK_HOST, /* the host's real-time clock (the default) */
    SPAPR_RTC_CLOCK_RT,   /* the host's monotonic clock */
    SPAPR_RTC_CLOCK_VM,   /* the guest's run time; the machine never pauses,
                             so this is the monotonic clock too */
} SpaprRtcClock;

/* -device spapr-rng and its backend (rng.c) */
typedef struct SpaprRngConfig {
    bool present;
    char *filename;     /* -object rng-random: read this file; NULL: the
                           host's getrandom() (rng-builtin, or no rng=) */
} SpaprRngConfig;

/* what the machine is built from (filled by system/options.c) */
typedef struct SpaprConfig {
    PPCModel cpu_model;
    uint64_t ram_size;
    char *kernel;       /* -kernel: required for now (no firmware yet) */
    char *initrd;
    char *append;
    char *bios;         /* -bios: a firmware image entered instead of the
                           built-in client interface (firmware.c) */
    SpaprRtcBase rtc_base;
    int64_t rtc_date;   /* SPAPR_RTC_BASE_DATE: seconds since the epoch */
    SpaprRtcClock rtc_clock;
    bool no_reboot;
    bool interp;        /* -accel tcg,interp=on */
    uint64_t code_size; /* -accel tcg,tb-size= */
    ChardevSpec console;
    SpaprRngConfig rng;
    GPtrArray *chardevs; /* -chardev: ChardevSpec *, by id; may be NULL */
    GPtrArray *devices; /* -device arguments (char *), in order; may be
                           NULL */
} SpaprConfig;

/* what client-architecture-support negotiated (the defaults until the
   client calls it) */
typedef struct SpaprCasResult {
    bool done;          /* the client called it */
    bool radix;         /* the radix MMU, else hash */
    bool gtse;          /* guest translation shootdown (tlbie) allowed */
    bool xive;          /* XIVE interrupt controller, else XICS */
    uint32_t cpu_version; /* the PVR the client runs with (maybe logical) */
} SpaprCasResult;

/* requests to the run loop, posted from hcalls, the console or signals */
enum {
    SPAPR_REQ_SHUTDOWN = 1 << 0, /* RTAS power-off */
    SPAPR_REQ_RESET = 1 << 1,    /* RTAS system-reboot */
    SPAPR_REQ_QUIT = 1 << 2,     /* Ctrl-A x, SIGINT/SIGTERM */
};

typedef struct SpaprMachine {
    const SpaprConfig *cfg;
    uint8_t *ram;
    uint64_t ram_size;
    CPUPPCState *cpu;
    Chardev *console;   /* NULL: no vty (-nodefaults, -serial none) */

    /* boot images, kept so that a reset reloads them */
    uint8_t *kernel_data;
    size_t kernel_len;
    uint8_t *initrd_data;
    size_t initrd_len;
    uint8_t *bios_data;  /* -bios (firmware.c) */
    size_t bios_len;
    uint64_t bios_entry; /* where the firmware starts */

    /* boot layout (spapr_layout) */
    ElfImage kernel;
    uint64_t initrd_base;
    uint64_t initrd_size;
    uint64_t vof_base;
    uint64_t fdt_base;
    uint64_t rtas_base;

    /* the Open Firmware client interface (vof.c); NULL until the first
       reset */
    struct SpaprVof *vof;
    SpaprCasResult cas;

    /* the interrupt controller (xics.c) and the rest of the hypervisor's
       own state: per-vCPU areas, idle wake-up, NVRAM (include/spapr-hv.h);
       NULL until spapr_hv_init() */
    struct Xics *xics;
    struct SpaprHv *hv;
    /* the VIO bus and its devices (vio.c, include/spapr-vio.h); NULL
       until spapr_vio_bus_init() */
    struct SpaprVioBus *vio;

    /* the time-of-day clock (rtc.c): the guest's time is the clock's
       reading plus this offset; kept across resets like a battery-backed
       clock */
    SpaprRtcClock rtc_clock;
    int64_t rtc_offset_ns;

    struct SpaprRng *rng; /* spapr-rng's file backend; NULL: getrandom()
                             (rng.c) */

    int request;        /* SPAPR_REQ_* bits, atomic */
    int quit_signal;    /* the signal behind SPAPR_REQ_QUIT, or 0 */
} SpaprMachine;

/* ---------------------------------------------------------- spapr.c */

/* maps RAM, creates the CPU and the console, loads the boot images; on
   error returns NULL and *err says why */
SpaprMachine *spapr_machine_new(const SpaprConfig *cfg, char **err);
void spapr_machine_free(SpaprMachine *m);
/* places initrd, FDT and RTAS after the loaded kernel (m->kernel) */
bool spapr_layout(SpaprMachine *m, char **err);
/* (re)loads everything into RAM and puts the CPU at the entry point */
bool spapr_machine_reset(SpaprMachine *m, char **err);
/* runs until power-off or quit; returns the process exit status */
int spapr_machine_run(SpaprMachine *m);
/* posts a request and kicks the vCPU (thread- and signal-safe) */
void spapr_machine_request(SpaprMachine *m, int req);

/* guest physical memory for the hypervisor: range checks and big-endian
   words (PAPR data structures are big-endian whatever the guest's mode) */
bool spapr_ram_valid(const SpaprMachine *m, uint64_t addr, uint64_t len);
uint32_t spapr_ram_ld32(const SpaprMachine *m, uint64_t addr);
void spapr_ram_st32(SpaprMachine *m, uint64_t addr, uint32_t val);

/* ---------------------------------------------------------- caps.c */

/* checks a -machine cap-NAME=VALUE option (name includes "cap-").  The
   capabilities are accepted and not acted on yet; *warning is set (else
   NULL) where a TCG machine cannot provide what was asked. */
bool spapr_cap_check(const char *name, const char *value, char **warning,
                     char **err);

/* ---------------------------------------------------------- hcall.c */

extern const PPCHypervisorOps spapr_hypervisor_ops;
/* r3 = opcode, r4.. = arguments; status to r3, results to r4.. */
void spapr_hcall(SpaprMachine *m, CPUPPCState *env);
/* the ibm,hypertas-functions value: the function sets whose every call is
   implemented, as a NUL-separated string list; *len includes the NULs */
char *spapr_hypertas_functions(size_t *len);

/* ---------------------------------------------------------- rtas.c */

typedef struct SpaprRtasArgs {
    uint32_t token;
    uint32_t nargs;
    uint32_t nret;
    uint64_t args;      /* real address of the first argument */
    uint64_t rets;      /* real address of the first return value */
} SpaprRtasArgs;

typedef void (*SpaprRtasFn)(SpaprMachine *m, CPUPPCState *env,
                            const SpaprRtasArgs *a);

typedef struct SpaprRtasCall {
    const char *name;   /* the property name under /rtas */
    uint32_t token;
    SpaprRtasFn fn;
} SpaprRtasCall;

extern const SpaprRtasCall spapr_rtas_calls[];
extern const size_t spapr_rtas_nb_calls;

/* the KVMPPC_H_RTAS hcall: runs the call whose argument buffer is at the
   real address args_addr; returns the hcall status */
int64_t spapr_rtas_call(SpaprMachine *m, CPUPPCState *env,
                        uint64_t args_addr);
/* for services: argument i, return value i (big-endian words), and the
   check that the call passed exactly nargs/nret (else status -3) */
uint32_t spapr_rtas_arg(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i);
void spapr_rtas_ret(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i,
                    int32_t val);
bool spapr_rtas_check_counts(SpaprMachine *m, const SpaprRtasArgs *a,
                             uint32_t nargs, uint32_t nret, const char *name);
/* writes the RTAS entry code (runs in either byte order) to buf; returns
   its size, or 0 if size is too small */
size_t spapr_rtas_entry_code(uint8_t *buf, size_t size);
/* the code shared by the RTAS and client interface entries: passes r3 to
   the hcall `opcode` (as its r4) and returns with blr, runnable in either
   byte order and in 32- or 64-bit mode; returns its size, or 0 if size is
   too small */
size_t spapr_hcall_stub(uint8_t *buf, size_t size, uint16_t opcode);

/* ---------------------------------------------------------- firmware.c */

/*
 * -bios: a firmware image written for QEMU's pseries (SLOF, bare-metal
 * programs), booted with QEMU's conventions: the image at 0, entered at
 * SPAPR_FW_ENTRY big-endian in real mode with MSR = 0 (as QEMU after a
 * reset) and r3 = the device tree,
 * a -kernel ELF preloaded at SPAPR_FW_KERNEL_ADDR and named in /chosen.
 */
#define SPAPR_FW_ENTRY 0x100
#define SPAPR_FW_KERNEL_ADDR 0x400000 /* also the most a firmware may take
                                         when a kernel follows it */

/* reads the -bios file into m->bios_data (machine creation) */
bool spapr_firmware_read(SpaprMachine *m, char **err);
/* loads the firmware and the kernel into RAM and sets m->kernel and
   m->bios_entry (machine reset) */
bool spapr_firmware_load(SpaprMachine *m, char **err);
/* adds what the firmware reads to the device tree: /chosen's
   qemu,boot-kernel and initrd cells, memory reservations; a libfdt
   error */
int spapr_firmware_fdt(const SpaprMachine *m, void *fdt);
/* puts the vCPU at the firmware's entry (after ppc_cpu_reset) */
void spapr_firmware_enter(SpaprMachine *m, CPUPPCState *env);

/* the private hcalls SLOF makes (hcall-fw.c) */
int64_t h_logical_memop(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_cas(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_update_dt(SpaprMachine *m, CPUPPCState *env, uint64_t *args);

/* ---------------------------------------------------------- rtc.c */

/* parses an -rtc base= date, 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS' (UTC),
   into seconds since the epoch */
bool spapr_rtc_parse_date(const char *str, int64_t *secs);
/* sets the clock from m->cfg's -rtc settings (a NULL cfg: host UTC) */
void spapr_rtc_init(SpaprMachine *m);
/* the guest's time of day, in nanoseconds since the epoch */
int64_t spapr_rtc_now_ns(const SpaprMachine *m);
/* the RTAS services get-time-of-day and set-time-of-day */
void rtas_get_time_of_day(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a);
void rtas_set_time_of_day(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a);

/* ---------------------------------------------------------- fdt.c */

/* builds the flattened device tree for the current layout; returns a
   g_malloc'ed blob of *size bytes, or NULL with *err */
void *spapr_build_fdt(SpaprMachine *m, size_t *size, char **err);
/* gives every node of fdt without a phandle one (above the largest in
   use); returns 0 or a libfdt error */
int spapr_fdt_assign_phandles(void *fdt);

/* phandles fixed by the machine, so that properties can refer to them */
#define SPAPR_PHANDLE_XICS 0x1000

/* ---------------------------------------------------------- vof*.c */

/*
 * The built-in Open Firmware client interface (IEEE 1275 client services
 * over the device tree, a memory allocator, the console, and the methods
 * ibm,client-architecture-support and instantiate-rtas).
 */
typedef struct SpaprVof SpaprVof;


/* (re)starts the client interface for a boot from the machine's device
   tree fdt: a private live copy, the boot images claimed, /chosen's stdout
   and stdin, the entry code at m->vof_base.  On error returns false and
   sets *err. */
bool spapr_vof_reset(SpaprMachine *m, const void *fdt, char **err);
void spapr_vof_free(SpaprVof *vof);
/* SPAPR_H_VOF_CLIENT: runs the client service whose argument array is at
   the real address args_addr; returns the hcall status for r3 (0, or -1
   if the call could not be made: unknown service, bad array) */
int64_t spapr_vof_client_call(SpaprMachine *m, CPUPPCState *env,
                              uint64_t args_addr);
/* client-architecture-support (vof-method.c), shared with the firmware's
   KVMPPC_H_CAS: reads the client's vector at the real address addr and
   decides; false with *why if the vector is unusable */
bool spapr_cas_negotiate(SpaprMachine *m, uint32_t addr, SpaprCasResult *r,
                         const char **why);
/* the agreed option vector 5 as /chosen's ibm,architecture-vec-5 holds
   it; returns its length (0 if size is too small) */
size_t spapr_cas_vec5(const SpaprCasResult *r, uint8_t *buf, size_t size);
/* the client's entry point and initial stack pointer */
uint64_t spapr_vof_entry(const SpaprMachine *m);
uint64_t spapr_vof_stack(const SpaprMachine *m);
/* the live device tree (for tests and the future -M dumpdtb) */
const void *spapr_vof_fdt(const SpaprVof *vof);

#endif
