/*
 * system/options.c: the command line, in qemu-system-ppc64's syntax
 * (single-dash options, key=value lists for -machine, -accel, -smp, -m).
 *
 * Parsing has no side effects: it fills PowerjitOptions (the machine's
 * SpaprConfig among it) and collects warnings; main() acts on the result.
 * Every bad value is one error message, which main prints as
 * "powerjit: MESSAGE" before exiting with status 1.
 */
#ifndef POWERJIT_OPTIONS_H
#define POWERJIT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "spapr.h"

#define POWERJIT_VERSION "0.1.0"
/* the qemu-system-ppc64 release whose command line (machine types,
   options, messages) powerjit follows; -version prints it first, so that
   scripts reading QEMU's version number see the level of compatibility */
#define POWERJIT_QEMU_COMPAT_VERSION "7.2.0"

/* -object memory-backend-ram|memory-backend-file */
typedef struct MemoryBackendSpec {
    char *id;
    bool file;         /* memory-backend-file */
    uint64_t size;
    char *mem_path;    /* file: required */
    bool share;
    bool prealloc;
} MemoryBackendSpec;

/* -mon chardev=ID,mode=readline|control: a monitor on a -chardev */
typedef struct MonitorSpec {
    char *chardev;
    char *arg;           /* as typed, for the messages */
    bool control;        /* mode=control: QMP; else the human monitor */
} MonitorSpec;

typedef struct PowerjitOptions {
    SpaprConfig machine;
    bool machine_given;  /* -machine with a type */
    bool cpu_given;      /* -cpu */
    bool ram_size_given; /* -m with a size */
    bool accel_kvm;      /* -accel kvm, -enable-kvm: refused unless tcg
                            follows as a fallback */
    bool accel_tcg;      /* -accel tcg */
    char *accel_thread_arg; /* "-accel ARG" of the one that gave thread= */
    char *icount_arg;    /* "-icount ARG" as typed, for later errors */
    char *memory_backend; /* -machine memory-backend=ID */
    GArray *mem_backends; /* MemoryBackendSpec */
    uint8_t echr;        /* -echr: the mux escape character, 0: Ctrl-A */
    bool msg_timestamp;  /* -msg timestamp=on: our messages get a time */
    char *uuid;          /* -uuid (canonical text form) */
    bool mem_lock;       /* -overcommit mem-lock=on: mlockall */
    char *process_name;  /* -name ...,process=: prctl(PR_SET_NAME) */
    char *guest_name;    /* -name NAME */
    bool serial_given;
    bool nographic;
    bool daemonize;      /* -daemonize: detach once set up (main.c) */
    bool display_none;
    bool nodefaults;
    bool snapshot;       /* -snapshot */
    bool cdrom_given;    /* -cdrom: no default CD-ROM */
    uint32_t log_mask;   /* -d */
    char *log_file;      /* -D */
    char *gdb_dev;       /* -gdb, -s: where the gdbstub listens */
    char *monitor_dev;   /* -monitor: the HMP monitor's device */
    char *qmp_dev;       /* -qmp */
    char *pidfile;       /* -pidfile */
    bool monitor_none;   /* -monitor none: not even on a mux console */
    GArray *mons;        /* -mon: MonitorSpec, resolved after parsing */
    GPtrArray *warnings; /* char *: printed as "powerjit: warning: ..." */
    GPtrArray *objects;  /* -object: ObjectSpec * (options.c) */
    char *rng_backend;   /* -device spapr-rng,rng=ID until resolved */
    unsigned nb_serials; /* -serial options with a device */
    GPtrArray *serial_vtys; /* the -device strings of -serial 2, 3... */
    /* the network options (options-net.c) */
    bool net_given;      /* -netdev, -nic or -net: no default NIC */
    unsigned nb_nic_opts; /* -nic and -net backends, for their ids */
    unsigned net_hub_nics, net_hub_backends; /* -net nic / -net BACKEND */
    guint net_hub_nic_index; /* its string in net_legacy_nics */
    /* the NICs of -net nic, which join machine.nics after every -nic's
       (QEMU makes the -nic ones first, so they draw the first default
       MACs and VIO addresses) */
    GPtrArray *net_legacy_nics;
    char *net_hub_backend; /* the id of the -net backend */
} PowerjitOptions;

typedef enum OptionsResult {
    OPTIONS_RUN,   /* start the machine */
    OPTIONS_EXIT,  /* a help or version text was printed: exit 0 */
    OPTIONS_ERROR, /* *err says what is wrong: exit 1 */
} OptionsResult;

void options_init(PowerjitOptions *o);
void options_free(PowerjitOptions *o);
/* parses argv[1..argc-1]; help and version texts go to out */
OptionsResult options_parse(PowerjitOptions *o, int argc, char **argv,
                            FILE *out, char **err);
/* parses a size in QEMU's syntax: a number with an optional fraction and
   suffix B, K, M, G, T, P or E (any case); no suffix means unit bytes */
bool options_parse_size(const char *str, uint64_t unit, uint64_t *out);

#endif
