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
#include <stdio.h>

#include <glib.h>

#include "chardev.h"
#include "cpu.h"
#include "elf-loader.h"

#include <glib.h>

#define SPAPR_DEFAULT_RAM_SIZE (512ull << 20) /* QEMU's pseries default */
#define SPAPR_MEMORY_BLOCK_SIZE (256ull << 20) /* RAM size granularity */
#define SPAPR_DEFAULT_CODE_SIZE 0 /* JIT code buffer: accel_init decides */
#define SPAPR_MAX_CPUS 64                       /* -smp maxcpus limit */

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
#define H_BUSY 1
#define H_CLOSED 2
#define H_NOT_AVAILABLE 3
#define H_LONG_BUSY_ORDER_1_MSEC 9900 /* 9900..9905: retry after 10^n ms */
#define H_LONG_BUSY_ORDER_100_MSEC 9902
#define H_HARDWARE (-1)
#define H_FUNCTION (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)
#define H_CONSTRAINED 4
#define H_PENDING 17
#define H_NOT_FOUND (-7)
#define H_NO_MEM (-9)
#define H_AUTHORITY (-10)
#define H_PTEG_FULL (-6)
#define H_RESOURCE (-16)
#define H_P2 (-55)
#define H_P3 (-56)
#define H_P4 (-57)
#define H_UNSUPPORTED_FLAG (-256) /* the first of -256..-511 */

/* hcall numbers (LoPAPR hypervisor call opcodes; from 0xf000 up the range
   is the implementation's: KVM and QEMU use 0xf000 for RTAS) */
#define H_REMOVE 0x04
#define H_ENTER 0x08
#define H_READ 0x0c
#define H_CLEAR_MOD 0x10
#define H_CLEAR_REF 0x14
#define H_PROTECT 0x18
#define H_BULK_REMOVE 0x124
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
#define H_SET_SPRG0 0x24
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
#define H_RESIZE_HPT_PREPARE 0x36c
#define H_RESIZE_HPT_COMMIT 0x370
#define H_REGISTER_PROC_TBL 0x37c
#define KVMPPC_H_RTAS 0xf000
/* PowerVM's performance-counter calls (Linux's hv-24x7 and hv-gpci PMUs) */
#define H_GET_24X7_CATALOG_PAGE 0xf078
#define H_GET_24X7_DATA 0xf07c
#define H_GET_PERF_COUNTER_INFO 0xf080
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

/* the pseries capabilities (caps.c): values in SpaprCaps.val */
typedef enum SpaprCapId {
    SPAPR_CAP_HTM,
    SPAPR_CAP_VSX,
    SPAPR_CAP_DFP,
    SPAPR_CAP_CFPC,
    SPAPR_CAP_SBBC,
    SPAPR_CAP_IBS,
    SPAPR_CAP_HPT_MAXPAGESIZE, /* log2 of the size */
    SPAPR_CAP_NESTED_HV,
    SPAPR_CAP_LARGE_DECR,
    SPAPR_CAP_CCF_ASSIST,
    SPAPR_CAP_FWNMI,
    SPAPR_CAP_RPT_INVALIDATE,
    SPAPR_CAP_AIL_MODE_3,
    SPAPR_CAP_NUM
} SpaprCapId;

/* values of cap-cfpc, cap-sbbc, cap-ibs */
enum {
    SPAPR_CAP_BROKEN = 0,
    SPAPR_CAP_WORKAROUND = 1,
    SPAPR_CAP_FIXED = 2,     /* cfpc, sbbc */
    SPAPR_CAP_FIXED_IBS = 2, /* ibs */
    SPAPR_CAP_FIXED_CCD = 3,
    SPAPR_CAP_FIXED_NA = 4,
};

typedef struct SpaprCaps {
    uint8_t val[SPAPR_CAP_NUM]; /* booleans 0/1, modes, page-size shift */
    uint32_t given;             /* bit per SpaprCapId set on the command
                                   line */
} SpaprCaps;

/* CPU models a machine version can default to; POWER7 is not modelled */
typedef enum SpaprCpuModel {
    SPAPR_CPU_POWER7,
    SPAPR_CPU_POWER8,
    SPAPR_CPU_POWER9,
} SpaprCpuModel;

#define SPAPR_MACHINE_LATEST "pseries-7.2"

/* -machine resize-hpt= (hcall-hpt-resize): DEFAULT is the machine
   version's (caps.c), resolved once the command line is read */
typedef enum SpaprResizeHpt {
    SPAPR_RESIZE_HPT_DEFAULT,
    SPAPR_RESIZE_HPT_DISABLED, /* not offered: the hcalls H_AUTHORITY */
    SPAPR_RESIZE_HPT_ENABLED,  /* offered to a client that wants it */
    SPAPR_RESIZE_HPT_REQUIRED, /* a client that does not list it in
                                  client-architecture-support is refused:
                                  the machine ends, as QEMU's does */
} SpaprResizeHpt;
/* a -drive (also -hda, -cdrom and the default CD-ROM) */
typedef enum SpaprDriveIf {
    SPAPR_DRIVE_IF_NONE,    /* for a -device's drive= */
    SPAPR_DRIVE_IF_SCSI,    /* a unit on a spapr-vscsi the machine adds */
    SPAPR_DRIVE_IF_PFLASH,  /* the NVRAM's backing file */
    SPAPR_DRIVE_IF_VIRTIO,  /* a virtio-blk-pci of its own */
} SpaprDriveIf;

typedef struct SpaprDriveSpec {
    char *id;           /* id= (NULL: none) */
    char *file;         /* NULL: no medium (an empty CD-ROM) */
    SpaprDriveIf iface;
    bool cdrom;         /* media=cdrom */
    bool readonly;
    bool snapshot;
    bool probed;        /* no format=: raw by guess */
    int format;         /* a BlockFormat (include/block.h) */
    bool blockdev_file; /* -blockdev driver=file (a format node may take it) */
    bool blockdev;      /* a -blockdev node (id: its node-name) */
    int cache;          /* a BlockCache (include/block.h) */
    int bus, unit;      /* if=scsi: adapter and scsi-id */
    struct BlockStats *stats; /* the guest's I/O (query-blockstats): the
                                 device's backend counts into it */
} SpaprDriveSpec;
/* -device spapr-rng and its backend (rng.c) */
typedef struct SpaprRngConfig {
    bool present;
    char *filename;     /* -object rng-random: read this file; NULL: the
                           host's getrandom() (rng-builtin, or no rng=) */
} SpaprRngConfig;

/* -action panic=: what a guest panic (RTAS ibm,os-term) does, as QEMU
   has it */
typedef enum SpaprPanicAction {
    SPAPR_PANIC_SHUTDOWN,     /* the default: GUEST_PANICKED, then a
                                 SHUTDOWN "guest-panic", exit status 0 */
    SPAPR_PANIC_EXIT_FAILURE, /* the same with exit status 1 */
    SPAPR_PANIC_PAUSE,        /* stopped in "guest-panicked" until a reset */
    SPAPR_PANIC_NONE,         /* the event only; the guest goes on */
} SpaprPanicAction;

/* what the machine is built from (filled by system/options.c) */
typedef struct SpaprConfig {
    PPCModel cpu_model;
    uint64_t ram_size;
    char *kernel;       /* -kernel: without it (and -bios) SLOF boots */
    char *initrd;
    char *append;
    char *bios;         /* -bios: a firmware image entered instead of the
                           built-in client interface (firmware.c) */
    GPtrArray *data_dirs; /* -L DIR..., searched for firmware by name
                             before SPAPR_DATA_DIR (NULL: none given) */
    char *dumpdtb;      /* -M dumpdtb=FILE: the device tree written there
                           at the first reset, then the emulator exits */
    bool vof;           /* -M x-vof=on: only the built-in client
                           interface, no SLOF when -kernel is absent */
    SpaprRtcBase rtc_base;
    int64_t rtc_date;   /* SPAPR_RTC_BASE_DATE: seconds since the epoch */
    SpaprRtcClock rtc_clock;
    bool no_reboot;     /* -no-reboot, -action reboot=shutdown */
    SpaprPanicAction panic_action; /* -action panic= */
    bool no_shutdown;   /* -no-shutdown: a guest power-off stops the
                           machine instead of ending the emulator */
    bool interp;        /* -accel tcg,interp=on */
    ICountConfig icount; /* -icount (system/options-icount.c) */
    uint64_t code_size; /* -accel tcg,tb-size= */
    bool perfmap;       /* -perfmap: /tmp/perf-PID.map of the TBs */
    /* -smp: vCPUs present at boot, the most there could be, threads per
       core (0 in any of them is taken as 1) */
    uint32_t smp_cpus, smp_max_cpus, smp_threads;
    bool mttcg;         /* -accel tcg,thread=multi */
    bool thread_given;  /* thread= was given (else: multi when smp > 1) */
    ChardevSpec console;
    const char *machine_version; /* "pseries-7.2"...: a static name */
    SpaprCaps caps;     /* -machine cap-*, the version's defaults */
    SpaprResizeHpt resize_hpt; /* -machine resize-hpt= */
    uint32_t max_compat_pvr; /* -machine max-cpu-compat= (a logical PVR,
                                include/spapr-compat.h), 0: none */
    char *mem_path;     /* -mem-path, a memory-backend-file: RAM is a file
                           there (a directory: a temporary file in it) */
    bool mem_share;     /* share=on: MAP_SHARED on the file */
    bool mem_prealloc;  /* -mem-prealloc, prealloc=on: touch all RAM */
    uint64_t maxmem;    /* -m maxmem= (0: none); hotplug is not offered */
    uint32_t mem_slots; /* -m slots= */
    char *name;         /* -name: the VM's name (info name) */
    bool start_stopped; /* -S: the vCPU waits for a debugger or the
                           monitor to let it go */
    SpaprRngConfig rng;
    GHashTable *rng_objects; /* -object rng-*: id -> file ("" for the
                                host's getrandom()); may be NULL */
    GPtrArray *chardevs; /* -chardev: ChardevSpec *, by id; may be NULL */
    GPtrArray *fsdevs;  /* -fsdev, -virtfs: FsdevSpec * (virtio-9p.h);
                           may be NULL */
    GPtrArray *devices; /* -device arguments (char *), in order; may be
                           NULL */
    /* the console came from a -device spapr-vty (options-dev.c, which
       took it out of devices): it stood before devices[console_dev_pos],
       with reg= console_dev_reg (0: none given) */
    bool console_from_device;
    guint console_dev_pos;
    uint32_t console_dev_reg;
    GPtrArray *drives;  /* SpaprDriveSpec *, in order; may be NULL */
    char *nvram_drive;  /* -global spapr-nvram.drive=ID, or NULL */
    /* the network (system/options-net.c): -netdev, -nic and -net
       backends (NetdevSpec *), the NICs they bring ("spapr-vlan,netdev=
       ID[,mac=]" -device strings, made before the -device ones, as QEMU
       makes them at machine init), -object filter-dump (NetDumpSpec *);
       each may be NULL */
    GPtrArray *netdevs;
    GPtrArray *nics;
    GPtrArray *net_dumps;
} SpaprConfig;

/* QEMU's pseries default for cap-hpt-max-page-size: 64 KiB (its POWER8
   and POWER9 trees offer 4K and 64K segments, no 16M pages) */
#define SPAPR_HPT_MAX_PAGE_SHIFT_DEFAULT 16

/* what client-architecture-support negotiated (the defaults until the
   client calls it) */
typedef struct SpaprCasResult {
    bool done;          /* the client called it */
    bool radix;         /* the radix MMU, else hash */
    bool gtse;          /* guest translation shootdown (tlbie) allowed */
    bool xive;          /* XIVE interrupt controller, else XICS */
    bool hpt_resize;    /* the client may resize the HPT (both asked) */
    uint32_t cpu_version; /* the PVR the client runs with (maybe logical) */
} SpaprCasResult;

/* requests to the run loop, posted from hcalls, the console or signals */
enum {
    SPAPR_REQ_SHUTDOWN = 1 << 0, /* RTAS power-off */
    SPAPR_REQ_RESET = 1 << 1,    /* RTAS system-reboot */
    SPAPR_REQ_QUIT = 1 << 2,     /* Ctrl-A x, SIGINT/SIGTERM */
    SPAPR_REQ_UNSUPPORTED = 1 << 5, /* the guest asked for something we
                                       cannot do: SpaprMachine.unsupported
                                       says what; exit status 1 */
    SPAPR_REQ_PAUSE = 1 << 3,    /* look at the run state (runstate.h) */
    SPAPR_REQ_RESET_HOST = 1 << 4, /* the monitor's system_reset (done
                                      even with -no-reboot) */
    SPAPR_REQ_IO = 1 << 6,       /* a device has work from another thread
                                    (block I/O done: blk_aio; host input:
                                    spapr_pci_poll()) */
};

typedef struct SpaprMachine {
    const SpaprConfig *cfg;
    uint8_t *ram;
    uint64_t ram_size;
    CPUPPCState *cpu;   /* the boot vCPU, cpus[0] */
    /* -smp: cpus[i] has cpu_index = interrupt server number = i; core i /
       smp_threads, thread i % smp_threads */
    CPUPPCState *cpus[SPAPR_MAX_CPUS];
    uint32_t nr_cpus;
    uint32_t smp_threads;
    uint32_t max_cpus;
    /* round-robin scheduling of several vCPUs on the run-loop thread
       (spapr-smp.c); NULL with one vCPU */
    struct SpaprSched *sched;
    /* thread=multi (spapr-smp.c): one host thread per vCPU, and the
       machine lock around hcalls, RTAS and device work */
    bool threaded;
    struct SpaprThreads *threads;
    GMutex lock;
    Chardev *console;   /* NULL: no vty (-nodefaults, -serial none) */
    /* the unit addresses of the console's vty (0 while it has none) and
       of the NVRAM, numbered as QEMU numbers its VIO bus (vio.c) */
    uint32_t console_reg, nvram_reg;

    /* boot images, kept so that a reset reloads them */
    uint8_t *kernel_data;
    size_t kernel_len;
    uint8_t *initrd_data;
    size_t initrd_len;
    uint8_t *bios_data;  /* -bios (firmware.c) */
    size_t bios_len;
    bool dtb_dumped;     /* -M dumpdtb=FILE is written */
    char *bios_path;     /* the firmware file found for -bios NAME, or the
                            default slof.bin when there is no -kernel */
    uint64_t bios_entry; /* where the firmware starts */

    /* boot layout (spapr_layout) */
    ElfImage kernel;
    uint64_t initrd_base;
    uint64_t initrd_size;
    uint64_t vof_base;
    uint64_t fdt_base;
    uint64_t rtas_base;
    uint64_t rtas_guest_base; /* where the guest instantiated RTAS
                                 (instantiate-rtas; else rtas_base) */

    /* the Open Firmware client interface (vof.c); NULL until the first
       reset */
    struct SpaprVof *vof;
    SpaprCasResult cas;

    /* the hashed page table (hcall-hpt.c): 2^hpt_shift bytes */
    uint8_t *hpt;
    unsigned hpt_shift;
    /* the table H_RESIZE_HPT_PREPARE built for a COMMIT (hcall-hpt.c);
       NULL: none */
    uint8_t *hpt_pending;
    unsigned hpt_pending_shift;

    /* the interrupt controller (xics.c) and the rest of the hypervisor's
       own state: per-vCPU areas, idle wake-up, NVRAM (include/spapr-hv.h);
       NULL until spapr_hv_init() */
    struct Xics *xics;
    struct SpaprHv *hv;
    /* the VIO bus and its devices (vio.c, include/spapr-vio.h); NULL
       until spapr_vio_bus_init() */
    struct SpaprVioBus *vio;
    GHashTable *drives_claimed; /* ids of the drives a device took */
    /* the devices' block I/O completions (include/block.h), polled by the
       run loop on SPAPR_REQ_IO */
    struct BlockAioCtx *blk_aio;
    /* the PCI host bridges and their devices (hw-pci, include/pci.h);
       NULL until spapr_pci_init(); pci_ids: PHB id= -> SpaprPhb * */
    struct SpaprPci *pci;
    GHashTable *pci_ids;

    /* the time-of-day clock (rtc.c): the guest's time is the clock's
       reading plus this offset; kept across resets like a battery-backed
       clock */
    SpaprRtcClock rtc_clock;
    int64_t rtc_offset_ns;

    struct RunState *runstate; /* running or stopped (system/runstate.c) */
    struct SpaprRng *rng; /* spapr-rng's file backend; NULL: getrandom()
                             (rng.c) */
    uint64_t icount_rng;  /* -icount: the generator that stands in for
                             getrandom() (include/icount.h) */
    struct NetStack *net; /* the -netdev backends (include/net.h) */
    /* the monitors', QMP's and the gdbstub's devices, for info chardev
       (system/monitor-chardev.c); NULL while there is none */
    struct MonChardevs *mon_chardevs;
    /* the gdbstub (system/gdbstub.c; -gdb, -s, HMP gdbserver), NULL:
       none; swapped atomically by the monitor's gdbserver */
    struct GdbStub *gdb;

    int request;        /* SPAPR_REQ_* bits, atomic */
    int quit_signal;    /* the signal behind SPAPR_REQ_QUIT, or 0 */
    const char *unsupported; /* SPAPR_REQ_UNSUPPORTED: why (static) */
    /* QMP's SHUTDOWN reason for SPAPR_REQ_QUIT ("host-qmp-quit"...);
       NULL: host-signal */
    const char *quit_reason;
    /* SPAPR_REQ_SHUTDOWN's SHUTDOWN reason ("guest-panic") and exit
       status; NULL: a power-off, "guest-shutdown", 0 */
    const char *shutdown_reason;
    int shutdown_status;
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
/* spapr-smp.c: checks cfg's -smp against the CPU model; fills m's vCPU
   topology fields (false + *err if it cannot be built) */
bool spapr_smp_check(SpaprMachine *m, const SpaprConfig *cfg, char **err);
/* the round-robin run loop of several vCPUs; 0 on a stop */
bool spapr_sched_start(SpaprMachine *m, char **err);
void spapr_sched_stop(SpaprMachine *m);
/* one pass over the vCPUs; false if every one is halted or stopped */
bool spapr_sched_run_once(SpaprMachine *m);
/* gives up the rest of env's time slice (H_CONFER) */
void spapr_sched_yield(SpaprMachine *m, CPUPPCState *env);
/* thread=multi: the vCPU threads; stop joins them */
bool spapr_threads_start(SpaprMachine *m, char **err);
void spapr_threads_stop(SpaprMachine *m);
/* the vCPU that checkstopped, or NULL */
CPUPPCState *spapr_threads_checkstop(SpaprMachine *m);
/* the host thread id that runs vCPU index (the main thread's without
   vCPU threads; 0 before the threads start: the run loop starts them) */
int spapr_vcpu_thread_id(SpaprMachine *m, uint32_t index);
/* every vCPU back to its thread's loop (after a stop or a reset) */
void spapr_threads_kick_all(SpaprMachine *m);
/* PPCHypervisorOps for the doorbells (spapr-smp.c): the thread tid of
   env's core (NULL if none), and a kick of env */
CPUPPCState *spapr_core_thread(void *opaque, CPUPPCState *env, uint32_t tid);
void spapr_cpu_kick(void *opaque, CPUPPCState *env);
/* the machine lock: hcalls, RTAS, device and timer work */
void spapr_machine_lock(SpaprMachine *m);
void spapr_machine_unlock(SpaprMachine *m);
/* inside an hcall (lock held): every other vCPU out of generated code
   until _end, so that their registers may change (no-op with one
   thread) */
void spapr_smp_exclusive_begin(SpaprMachine *m);
void spapr_smp_exclusive_end(SpaprMachine *m);
/* posts a request and kicks the vCPU (thread- and signal-safe) */
void spapr_machine_request(SpaprMachine *m, int req);

/* guest physical memory for the hypervisor: range checks and big-endian
   words (PAPR data structures are big-endian whatever the guest's mode) */
bool spapr_ram_valid(const SpaprMachine *m, uint64_t addr, uint64_t len);
uint32_t spapr_ram_ld32(const SpaprMachine *m, uint64_t addr);
void spapr_ram_st32(SpaprMachine *m, uint64_t addr, uint32_t val);

/* ---------------------------------------------------------- ram.c */

/* guest RAM: anonymous memory, or a file (cfg->mem_path); NULL and *err
   when it cannot be had */
uint8_t *spapr_ram_alloc(const SpaprConfig *cfg, uint64_t size, char **err);
/* zeroes it for a reset */
void spapr_ram_clear(const SpaprConfig *cfg, uint8_t *ram, uint64_t size);

/* ---------------------------------------------------------- caps.c */

/* the machine version (-machine pseries-X.Y) with its defaults */
typedef struct SpaprMachineVersion {
    const char *name;          /* "pseries-7.2" */
    SpaprCpuModel default_cpu; /* the CPU without -cpu */
    SpaprCaps caps;            /* the default capabilities */
    SpaprResizeHpt resize_hpt; /* resize-hpt=default means this */
} SpaprMachineVersion;

/* "pseries" is the newest version; NULL for an unknown name */
const SpaprMachineVersion *spapr_machine_version_find(const char *name);
void spapr_machine_version_list(FILE *out);       /* -machine help */
/* the i-th version, oldest first; NULL past the end */
const SpaprMachineVersion *spapr_machine_version_at(size_t i);
void spapr_caps_list(FILE *out, const char *name); /* -machine NAME,help */
/* sets cap-NAME (name includes "cap-") from a command-line value */
bool spapr_caps_set(SpaprCaps *caps, const char *machine, const char *name,
                    const char *value,
                    char **err);
/* the checks that need the whole command line: refuses what TCG cannot do
   on this CPU, adds QEMU's warnings for what it only warns about */
bool spapr_caps_finish(const SpaprCaps *caps, SpaprCpuModel cpu,
                       GPtrArray *warnings, char **err);
/* log2 of the largest hash page size the guest may be offered (12 = 4 KiB,
   16 = 64 KiB, 24 = 16 MiB): ibm,segment-page-sizes must not list larger
   actual page sizes, and H_ENTER must refuse them */
unsigned spapr_caps_hpt_max_page_shift(const SpaprCaps *caps);
/* resize-hpt=VALUE (QEMU's names: default, disabled, enabled, required);
   false for any other value */
bool spapr_resize_hpt_parse(const char *value, SpaprResizeHpt *out);

/* ---------------------------------------------------------- hcall.c */

extern const PPCHypervisorOps spapr_hypervisor_ops;
/* r3 = opcode, r4.. = arguments; status to r3, results to r4.. */
void spapr_hcall(SpaprMachine *m, CPUPPCState *env);
/* the ibm,hypertas-functions value: the function sets whose every call is
   implemented, as a NUL-separated string list; *len includes the NULs */
char *spapr_hypertas_functions(const SpaprMachine *m, size_t *len);

/* ---------------------------------------------------------- hcall-hpt.c */
/* log2 of the HPT size for ram_size (ibm,pft-size) */
unsigned spapr_hpt_shift(uint64_t ram_size);
bool spapr_hpt_init(SpaprMachine *m, char **err);
void spapr_hpt_reset(SpaprMachine *m); /* all entries invalid */
void spapr_hpt_free(SpaprMachine *m);
/* the largest page an HPTE may map (cap-hpt-max-page-size), log2 */
unsigned spapr_hpt_max_page_shift(const SpaprMachine *m);
int64_t h_enter(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_remove(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_bulk_remove(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_read(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_clear_ref(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_clear_mod(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_protect(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
/* hcall-hpt-resize (hcall-hpt-resize.c) */
int64_t h_resize_hpt_prepare(SpaprMachine *m, CPUPPCState *env,
                             uint64_t *args);
int64_t h_resize_hpt_commit(SpaprMachine *m, CPUPPCState *env,
                            uint64_t *args);
/* the pending table of a PREPARE dropped (a reset, the machine's end) */
void spapr_hpt_resize_cancel(SpaprMachine *m);

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

/* where firmware named without a directory is looked for after the -L
   directories: Debian's qemu-system-data installs SLOF there */
#define SPAPR_DATA_DIR "/usr/share/qemu"
#define SPAPR_DEFAULT_FIRMWARE "slof.bin"

/* finds the firmware (-bios NAME, or SLOF when neither -kernel nor -bios is
   given, as QEMU's pseries boots from its disks through SLOF) and reads it
   into m->bios_data; true with nothing to do for a -kernel boot on the
   built-in client interface (machine creation) */
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
/* the agreement takes effect: m->cas, and every vCPU's PCR for the
   agreed processor level (include/spapr-compat.h) */
void spapr_cas_apply(SpaprMachine *m, const SpaprCasResult *r);
/* the client's entry point and initial stack pointer */
uint64_t spapr_vof_entry(const SpaprMachine *m);
uint64_t spapr_vof_stack(const SpaprMachine *m);
/* the live device tree (for tests and the future -M dumpdtb) */
const void *spapr_vof_fdt(const SpaprVof *vof);

#endif
