/*
 * system/options-int.h: what the files of the command-line parser share
 * (system/options.c holds the option table and the parser,
 * system/options-machine.c the machine, CPU, memory and -smp options,
 * system/options-compat.c the options that qemu-system-ppc64 command
 * lines carry for devices this machine does not have).
 */
#ifndef POWERJIT_OPTIONS_INT_H
#define POWERJIT_OPTIONS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "options.h"

typedef struct OptCtx {
    PowerjitOptions *o;
    FILE *out;
    const char *opt;    /* the option as typed ("-M", "--machine") */
    const char *arg;    /* its argument, or NULL */
    char *err;
    bool exit_now;      /* a help text was printed */
} OptCtx;

typedef bool (*OptFn)(OptCtx *c);

typedef struct KeyVal {
    char *key;
    char *value;
} KeyVal;

/* sets c->err to "OPTION ARG: message" and returns false */
bool G_GNUC_PRINTF(2, 3) opt_error(OptCtx *c, const char *fmt, ...);
void G_GNUC_PRINTF(2, 3) opt_warn(OptCtx *c, const char *fmt, ...);
bool is_help(const char *s);
void replace_str(char **dst, const char *src); /* g_free, g_strdup */
/* QEMU's key=value,... lists: ",," is a comma; the first item may leave
   out implied_key; NULL (and c->err) on error */
GArray *keyval_parse(OptCtx *c, const char *str, const char *implied_key);
void keyval_free(GArray *kvs);
bool parse_bool(const char *s, bool *out); /* on/off/yes/no/true/false */
bool parse_uint(const char *s, uint64_t *out); /* strtoull base 0, whole */

/* options-machine.c: -machine, -accel, -enable-kvm, -cpu, -m, -smp */
bool opt_machine(OptCtx *c);
bool opt_accel(OptCtx *c);
bool opt_enable_kvm(OptCtx *c);
bool opt_cpu(OptCtx *c);
bool opt_memory(OptCtx *c);
bool opt_mem_path(OptCtx *c);
bool opt_mem_prealloc(OptCtx *c);
bool opt_smp(OptCtx *c);
/* after the whole command line: -m against the machine's limits, the
   machine version's defaults under what was given, -accel kvm's fallback */
bool memory_finish(const SpaprConfig *mc, char **err);
bool options_machine_finish(PowerjitOptions *o, char **err);
bool options_accel_finish(PowerjitOptions *o, char **err);

/* options-compat.c */
bool opt_vga(OptCtx *c);
bool opt_display(OptCtx *c);
bool opt_parallel(OptCtx *c);
bool opt_audiodev(OptCtx *c);
bool opt_usb(OptCtx *c);
bool opt_echr(OptCtx *c);
bool opt_msg(OptCtx *c);
bool opt_uuid(OptCtx *c);
bool opt_overcommit(OptCtx *c);
bool opt_boot(OptCtx *c);
bool opt_sandbox(OptCtx *c);
bool opt_action(OptCtx *c);
bool opt_watchdog_action(OptCtx *c);
bool opt_not_this_target(OptCtx *c);
bool opt_missing_backend(OptCtx *c); /* -tpmdev, -numa */
bool opt_name(OptCtx *c);
bool opt_mon(OptCtx *c);
/* after the consoles: each -mon becomes the QMP or HMP device */
bool options_resolve_monitors(PowerjitOptions *o, char **err);
void options_free_monitors(GArray *mons);
/* -object help, memory-backend-*: *handled false for other types */
bool opt_object_memory(OptCtx *c, bool *handled);
bool opt_device_compat(OptCtx *c, bool *handled);
/* after the whole command line: -machine memory-backend= */
bool options_resolve_memory_backend(PowerjitOptions *o, char **err);
void options_free_backends(GArray *backends);

/* options-json.c: the JSON form of -object/-device/-netdev/-blockdev/
   -audiodev.  *converted (g_free) is the key=value list to parse instead
   of c->arg, or NULL when the option or its argument is not JSON; false
   (and c->err) when the JSON is bad */
bool options_json_arg(OptCtx *c, const char *name, char **converted);
char *options_json_to_keyval(const char *arg, const char *type_key,
                             char **err);

/* options-drive.c: the storage options */
bool opt_drive(OptCtx *c);
bool opt_blockdev(OptCtx *c);
bool opt_hda_cdrom(OptCtx *c);
bool opt_snapshot(OptCtx *c);
bool opt_global(OptCtx *c);
void options_default_cdrom(PowerjitOptions *o);

/* options-dev.c: -device, -object, -chardev, -serial */
void object_spec_free(gpointer p);
bool opt_object(OptCtx *c);
bool opt_chardev(OptCtx *c);
bool opt_serial(OptCtx *c);
bool options_finish_consoles(PowerjitOptions *o, char **err);
bool opt_device(OptCtx *c);
bool options_finish_devices(PowerjitOptions *o, char **err);

/* options-fsdev.c: -fsdev, -virtfs (include/virtio-9p.h) */
bool opt_fsdev(OptCtx *c);
bool opt_virtfs(OptCtx *c);

/* options-icount.c: -icount, and its checks against the whole line */
bool opt_icount(OptCtx *c);
bool options_finish_icount(PowerjitOptions *o, char **err);

/* options-net.c: -netdev, -nic, -net, -object filter-dump */
bool opt_netdev(OptCtx *c);
bool opt_nic(OptCtx *c);
bool opt_net(OptCtx *c);
bool opt_object_net(OptCtx *c, bool *handled);
bool options_finish_net(PowerjitOptions *o, char **err);
void options_free_net(PowerjitOptions *o);

#endif
