/*
 * system/options-compat.c: the options that real qemu-system-ppc64
 * command lines carry besides the machine itself (CI harnesses, libvirt,
 * distribution guides): displays, audio, USB, the boot order, naming,
 * sandboxing, memory backends.
 *
 * Each is accepted with QEMU's meaning where that meaning exists on a
 * serial-console pseries without those devices (-vga none, -display none,
 * -audiodev none, -boot order=...), or refused in one line that says why.
 * Messages follow qemu-system-ppc64 7.2 word for word where QEMU refuses
 * the same thing, so that what a harness greps for is there.
 */
#include <ctype.h>
#include <string.h>

#include "options.h"
#include "system/options-int.h"

/* ------------------------------------------------------------ displays */

/* -vga TYPE: the VGA cards QEMU knows; this machine has none of them */
static const char *const vga_types[] = {
    "std", "cirrus", "vmware", "qxl", "xenfb", "tcx", "cg3", "virtio",
};

bool opt_vga(OptCtx *c)
{
    if (strcmp(c->arg, "none") == 0) {
        return true;
    }
    if (is_help(c->arg)) {
        fprintf(c->out, "none                 no graphic card\n");
        c->exit_now = true;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vga_types); i++) {
        if (strcmp(c->arg, vga_types[i]) == 0) {
            return opt_error(c, "graphics cards are not supported (the "
                             "console is the serial vty; use -vga none)");
        }
    }
    return opt_error(c, "unknown vga type: %s", c->arg);
}

/* display back ends QEMU has; ours are none and curses (the console on
   the terminal, which for a machine whose only console is the vty is
   what -nographic gives) */
static const char *const display_unavailable[] = {
    "gtk", "sdl", "vnc", "spice-app", "egl-headless", "dbus", "cocoa",
};

bool opt_display(OptCtx *c)
{
    char *type = g_strdup(c->arg);
    char *comma = strchr(type, ',');
    bool ok = true;

    if (comma) {
        *comma = '\0';
    }
    if (is_help(type)) {
        fprintf(c->out, "Available display backend types:\nnone\ncurses\n");
        c->exit_now = true;
    } else if (strcmp(type, "none") == 0) {
        c->o->display_none = true;
    } else if (strcmp(type, "curses") == 0) {
        c->o->nographic = true;
    } else {
        ok = false;
        for (size_t i = 0; i < G_N_ELEMENTS(display_unavailable); i++) {
            if (strcmp(type, display_unavailable[i]) == 0) {
                opt_error(c, "Display '%s' is not available.", type);
            }
        }
        if (!c->err) {
            opt_error(c, "Parameter 'type' does not accept value '%s'", type);
        }
    }
    g_free(type);
    return ok;
}

/* -parallel DEV: pseries has no parallel port; QEMU ignores the option
   there, and so do we */
bool opt_parallel(OptCtx *c)
{
    if (strcmp(c->arg, "none") != 0 && strcmp(c->arg, "null") != 0) {
        opt_warn(c, "-parallel %s: this machine has no parallel port; "
                 "ignored", c->arg);
    }
    return true;
}

/* -audiodev DRIVER,id=ID: there is no sound device to play through, so any
   of QEMU's drivers is as good as none */
static const char *const audio_drivers[] = {
    "none", "alsa", "coreaudio", "dbus", "dsound", "jack", "oss", "pa",
    "pipewire", "sdl", "sndio", "spice", "wav",
};

bool opt_audiodev(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "driver");
    bool ok = kvs != NULL, have_id = false, known = false;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "driver") == 0) {
            for (size_t j = 0; j < G_N_ELEMENTS(audio_drivers); j++) {
                known = known || strcmp(kv->value, audio_drivers[j]) == 0;
            }
            if (!known) {
                ok = opt_error(c, "Parameter 'driver' does not accept value "
                               "'%s'", kv->value);
            }
        } else if (strcmp(kv->key, "id") == 0) {
            have_id = true;
        }
    }
    if (ok && !known) {
        ok = opt_error(c, "Parameter 'driver' is missing");
    } else if (ok && !have_id) {
        ok = opt_error(c, "Parameter 'id' is missing");
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

bool opt_usb(OptCtx *c)
{
    return opt_error(c, "USB is not supported: this machine has no USB "
                     "controller");
}

/* -device NAME where NAME is decided here (the rest: options.c).  nvme and
   the USB devices are refused: neither an NVMe controller nor USB exists
   on this machine (storage is spapr-vscsi / virtio) */
bool opt_device_compat(OptCtx *c, bool *handled)
{
    size_t n = strcspn(c->arg, ",");
    char *name = g_strndup(c->arg, n);
    bool ok = false;

    *handled = true;
    if (strcmp(name, "nvme") == 0 || strcmp(name, "nvme-ns") == 0 ||
        strcmp(name, "nvme-subsys") == 0) {
        opt_error(c, "NVMe is not supported: there is no NVMe controller "
                  "(use -drive if=scsi or spapr-vscsi)");
    } else if (g_str_has_prefix(name, "usb-") ||
               strcmp(name, "qemu-xhci") == 0 ||
               strcmp(name, "nec-usb-xhci") == 0 ||
               strcmp(name, "pci-ohci") == 0) {
        opt_error(c, "USB is not supported: this machine has no USB "
                  "controller (device '%s')", name);
    } else {
        *handled = false;
        ok = true;
    }
    g_free(name);
    return ok;
}

/* ------------------------------------------------------------ console */

/* -echr N: the multiplexer's escape character, a number (0x14, 20) */
bool opt_echr(OptCtx *c)
{
    char *end;
    long v = strtol(c->arg, &end, 0);

    if (end == c->arg || *end != '\0' || v < 0 || v > 255) {
        return opt_error(c, "Bad argument to echr");
    }
    c->o->echr = (uint8_t)v;
    return true;
}

/* -msg timestamp=on|off[,guest-name=on|off] */
bool opt_msg(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, NULL);
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool b;

        if (strcmp(kv->key, "timestamp") != 0 &&
            strcmp(kv->key, "guest-name") != 0) {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        } else if (!parse_bool(kv->value, &b)) {
            ok = opt_error(c, "Parameter '%s' expects 'on' or 'off'",
                           kv->key);
        } else if (strcmp(kv->key, "timestamp") == 0) {
            c->o->msg_timestamp = b;
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* -uuid: 8-4-4-4-12 hexadecimal digits */
bool opt_uuid(OptCtx *c)
{
    static const int groups[] = { 8, 4, 4, 4, 12 };
    const char *p = c->arg;

    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
        for (int i = 0; i < groups[g]; i++, p++) {
            if (!isxdigit((unsigned char)*p)) {
                return opt_error(c, "failed to parse UUID string: wrong "
                                 "format");
            }
        }
        if (*p != (g + 1 < G_N_ELEMENTS(groups) ? '-' : '\0')) {
            return opt_error(c, "failed to parse UUID string: wrong format");
        }
        p++;
    }
    g_free(c->o->uuid);
    c->o->uuid = g_ascii_strdown(c->arg, -1);
    return true;
}

/* -overcommit mem-lock=on|off|on-fault,cpu-pm=on|off */
bool opt_overcommit(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, NULL);
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool b;

        if (strcmp(kv->key, "mem-lock") == 0 &&
            strcmp(kv->value, "on-fault") == 0) {
            c->o->mem_lock = true;
        } else if (strcmp(kv->key, "mem-lock") != 0 &&
                   strcmp(kv->key, "cpu-pm") != 0) {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        } else if (!parse_bool(kv->value, &b)) {
            ok = opt_error(c, "Parameter '%s' expects 'on' or 'off'",
                           kv->key);
        } else if (strcmp(kv->key, "mem-lock") == 0) {
            c->o->mem_lock = b;
        }
        /* cpu-pm: guest power management is H_CEDE, host-idle already */
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* -boot [order=]DRIVES[,once=DRIVES][,menu=on|off][,strict=on|off]
   [,splash=FILE][,splash-time=MS][,reboot-timeout=MS]: drives are letters
   a..p.  With -kernel the kernel is booted whatever the order says; with
   -bios the firmware reads the order from the device tree's
   qemu,boot-device (not yet written). */
static bool boot_drives(OptCtx *c, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p < 'a' || *p > 'p') {
            return opt_error(c, "Invalid boot device '%c'", *p);
        }
    }
    return true;
}

bool opt_boot(OptCtx *c)
{
    static const char *const bools[] = { "menu", "strict" };
    static const char *const others[] = { "splash", "splash-time",
                                          "reboot-timeout" };
    GArray *kvs = keyval_parse(c, c->arg, "order");
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool known = false, b;

        if (strcmp(kv->key, "order") == 0 || strcmp(kv->key, "once") == 0) {
            ok = boot_drives(c, kv->value);
            continue;
        }
        for (size_t j = 0; j < G_N_ELEMENTS(bools); j++) {
            if (strcmp(kv->key, bools[j]) == 0) {
                known = true;
                if (!parse_bool(kv->value, &b)) {
                    ok = opt_error(c, "Parameter 'boot.%s' expects 'on' or "
                                   "'off'", kv->key);
                }
            }
        }
        for (size_t j = 0; j < G_N_ELEMENTS(others); j++) {
            known = known || strcmp(kv->key, others[j]) == 0;
        }
        if (ok && !known) {
            ok = opt_error(c, "Parameter 'boot.%s' is unexpected", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* -action KEY=VALUE,...: what the machine does on a guest reboot,
   shutdown or panic, and on a watchdog expiry (there is no watchdog
   device: watchdog= is checked and kept nowhere).  reboot=shutdown is
   -no-reboot, shutdown=pause is -no-shutdown. */
static bool action_value(OptCtx *c, const KeyVal *kv,
                         const char *const *names, size_t n, size_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(kv->value, names[i]) == 0) {
            *out = i;
            return true;
        }
    }
    return opt_error(c, "Parameter '%s' does not accept value '%s'",
                     kv->key, kv->value);
}

static const char *const watchdog_actions[] = {
    "reset", "shutdown", "poweroff", "pause", "debug", "none", "inject-nmi",
};

static bool action_prop(OptCtx *c, const KeyVal *kv)
{
    static const char *const reboot[] = { "reset", "shutdown" };
    static const char *const shutdown[] = { "poweroff", "pause" };
    static const char *const panic[] = { "pause", "shutdown",
                                         "exit-failure", "none" };
    static const SpaprPanicAction panic_act[] = {
        SPAPR_PANIC_PAUSE, SPAPR_PANIC_SHUTDOWN, SPAPR_PANIC_EXIT_FAILURE,
        SPAPR_PANIC_NONE,
    };
    SpaprConfig *mc = &c->o->machine;
    size_t v = 0;

    if (strcmp(kv->key, "reboot") == 0) {
        if (!action_value(c, kv, reboot, G_N_ELEMENTS(reboot), &v)) {
            return false;
        }
        mc->no_reboot = v == 1;
    } else if (strcmp(kv->key, "shutdown") == 0) {
        if (!action_value(c, kv, shutdown, G_N_ELEMENTS(shutdown), &v)) {
            return false;
        }
        mc->no_shutdown = v == 1;
    } else if (strcmp(kv->key, "panic") == 0) {
        if (!action_value(c, kv, panic, G_N_ELEMENTS(panic), &v)) {
            return false;
        }
        mc->panic_action = panic_act[v];
    } else if (strcmp(kv->key, "watchdog") == 0) {
        return action_value(c, kv, watchdog_actions,
                            G_N_ELEMENTS(watchdog_actions), &v);
    } else {
        return opt_error(c, "Invalid parameter '%s'", kv->key);
    }
    return true;
}

bool opt_action(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, NULL);
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        ok = action_prop(c, &g_array_index(kvs, KeyVal, i));
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* -watchdog-action ACTION: QEMU's spelling of -action watchdog= */
bool opt_watchdog_action(OptCtx *c)
{
    KeyVal kv = { .key = (char *)"watchdog", .value = (char *)c->arg };
    size_t v = 0;

    return action_value(c, &kv, watchdog_actions,
                        G_N_ELEMENTS(watchdog_actions), &v);
}

/* -sandbox on|off[,obsolete=...]: powerjit has no seccomp filter, so "on"
   is accepted with a warning (the guest cannot reach the host's system
   calls except through the emulator's own code) */
bool opt_sandbox(OptCtx *c)
{
    static const char *const keys[] = { "enable", "obsolete",
                                        "elevateprivileges", "spawn",
                                        "resourcecontrol" };
    GArray *kvs = keyval_parse(c, c->arg, "enable");
    bool ok = kvs != NULL, on = false;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool known = false;

        for (size_t j = 0; j < G_N_ELEMENTS(keys); j++) {
            known = known || strcmp(kv->key, keys[j]) == 0;
        }
        if (!known) {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        } else if (strcmp(kv->key, "enable") == 0 &&
                   !parse_bool(kv->value, &on)) {
            ok = opt_error(c, "Parameter 'enable' expects 'on' or 'off'");
        }
    }
    if (ok && on) {
        opt_warn(c, "-sandbox on: seccomp support is disabled in this "
                 "build; the sandbox is not enforced");
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* back ends of devices this machine does not have: one line naming what
   is missing, rather than QEMU's "invalid option" for an unknown one */
static const struct {
    const char *opt, *why;
} missing_backends[] = {
    { "tpmdev", "TPMs are not supported (no tpm-spapr device)" },
    { "numa", "NUMA nodes are not supported (the guest sees one node)" },
};

bool opt_missing_backend(OptCtx *c)
{
    const char *name = c->opt + strspn(c->opt, "-");

    for (size_t i = 0; i < G_N_ELEMENTS(missing_backends); i++) {
        if (strcmp(name, missing_backends[i].opt) == 0) {
            return opt_error(c, "%s", missing_backends[i].why);
        }
    }
    return opt_error(c, "not supported");
}

/* x86's options (-no-hpet, -no-acpi...): QEMU's verdict for this target */
bool opt_not_this_target(OptCtx *c)
{
    return opt_error(c, "Option not supported for this target");
}

/* -name NAME[,process=PNAME][,debug-threads=on|off][,guest=NAME] */
bool opt_name(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "guest");
    bool ok = kvs != NULL, b;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "guest") == 0) {
            g_free(c->o->guest_name);
            c->o->guest_name = g_strdup(kv->value);
            g_free(c->o->machine.name);
            c->o->machine.name = g_strdup(kv->value);
        } else if (strcmp(kv->key, "process") == 0) {
            g_free(c->o->process_name);
            c->o->process_name = g_strdup(kv->value);
        } else if (strcmp(kv->key, "debug-threads") == 0) {
            if (!parse_bool(kv->value, &b)) {
                ok = opt_error(c, "Parameter 'debug-threads' expects 'on' "
                               "or 'off'");
            }
        } else {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* ------------------------------------------------------------ -object */

static bool object_backend_prop(OptCtx *c, MemoryBackendSpec *b,
                                const KeyVal *kv)
{
    /* properties QEMU's host memory backends take that change nothing
       here (one NUMA node, no dump filtering, no KSM) */
    static const char *const ignored[] = {
        "merge", "dump", "host-nodes", "policy", "reserve", "prealloc-threads",
        "x-use-canonical-path-for-ramblock-id", "discard-data", "align",
        "readonly", "pmem", "offset",
    };
    bool *flag = NULL;

    if (strcmp(kv->key, "id") == 0) {
        g_free(b->id);
        b->id = g_strdup(kv->value);
        return true;
    }
    if (strcmp(kv->key, "size") == 0) {
        if (!options_parse_size(kv->value, 1, &b->size) || b->size == 0) {
            return opt_error(c, "Parameter 'size' expects a non-negative "
                             "number below 2^64");
        }
        return true;
    }
    if (strcmp(kv->key, "mem-path") == 0 && b->file) {
        g_free(b->mem_path);
        b->mem_path = g_strdup(kv->value);
        return true;
    }
    if (strcmp(kv->key, "share") == 0) {
        flag = &b->share;
    } else if (strcmp(kv->key, "prealloc") == 0) {
        flag = &b->prealloc;
    }
    if (flag) {
        if (!parse_bool(kv->value, flag)) {
            return opt_error(c, "Parameter '%s' expects 'on' or 'off'",
                             kv->key);
        }
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ignored); i++) {
        if (strcmp(kv->key, ignored[i]) == 0) {
            return true;
        }
    }
    return opt_error(c, "Invalid parameter '%s'", kv->key);
}

static void backend_clear(MemoryBackendSpec *b)
{
    g_free(b->id);
    g_free(b->mem_path);
}

/* -object secret,id=ID,data=D|file=F[,format=raw|base64][,keyid=,iv=]:
   libvirt's master key (masterKey0) comes on every line it generates.
   Nothing here decrypts with it (no block encryption, no TLS), so it is
   checked as QEMU checks it and not kept. */
static bool object_secret(OptCtx *c, GArray *kvs)
{
    static const char *const formats[] = { "raw", "base64" };
    const char *data = NULL, *file = NULL;
    bool have_id = false;

    for (guint i = 1; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool known = false;

        if (strcmp(kv->key, "id") == 0) {
            have_id = true;
        } else if (strcmp(kv->key, "data") == 0) {
            data = kv->value;
        } else if (strcmp(kv->key, "file") == 0) {
            file = kv->value;
        } else if (strcmp(kv->key, "format") == 0) {
            for (size_t j = 0; j < G_N_ELEMENTS(formats); j++) {
                known = known || strcmp(kv->value, formats[j]) == 0;
            }
            if (!known) {
                return opt_error(c, "Parameter 'format' does not accept "
                                 "value '%s'", kv->value);
            }
        } else if (strcmp(kv->key, "keyid") != 0 &&
                   strcmp(kv->key, "iv") != 0) {
            return opt_error(c, "Invalid parameter '%s'", kv->key);
        }
    }
    if (!have_id) {
        return opt_error(c, "Parameter 'id' is missing");
    }
    if (data && file) {
        c->err = g_strdup("'file' and 'data' are mutually exclusive");
        return false;
    }
    if (!data && !file) {
        c->err = g_strdup("Either 'file' or 'data' must be provided");
        return false;
    }
    if (file) {
        GError *gerr = NULL;
        gchar *bytes = NULL;

        if (!g_file_get_contents(file, &bytes, NULL, &gerr)) {
            c->err = g_strdup_printf("Unable to read %s: %s", file,
                                     gerr->message);
            g_error_free(gerr);
            return false;
        }
        g_free(bytes);
    }
    return true;
}

bool opt_object_memory(OptCtx *c, bool *handled)
{
    GArray *kvs;
    MemoryBackendSpec b = { 0 };
    const char *type;
    bool ok;

    *handled = true;
    kvs = keyval_parse(c, c->arg, "qom-type");
    ok = kvs != NULL;
    if (!ok) {
        return false;
    }
    type = kvs->len ? g_array_index(kvs, KeyVal, 0).value : "";
    if (is_help(type)) {
        fprintf(c->out, "List of user creatable objects:\n"
                "  memory-backend-file\n  memory-backend-ram\n"
                "  rng-builtin\n  rng-random\n  secret\n");
        c->exit_now = true;
        keyval_free(kvs);
        return true;
    }
    if (strcmp(type, "secret") == 0) {
        ok = object_secret(c, kvs);
        keyval_free(kvs);
        return ok;
    }
    if (strcmp(type, "memory-backend-ram") != 0 &&
        strcmp(type, "memory-backend-file") != 0) {
        *handled = false;
        keyval_free(kvs);
        return true;
    }
    b.file = strcmp(type, "memory-backend-file") == 0;
    for (guint i = 1; ok && i < kvs->len; i++) {
        ok = object_backend_prop(c, &b, &g_array_index(kvs, KeyVal, i));
    }
    keyval_free(kvs);
    if (ok && !b.id) {
        ok = opt_error(c, "Parameter 'id' is missing");
    } else if (ok && b.size == 0) {
        ok = opt_error(c, "Parameter 'size' is missing");
    } else if (ok && b.file && !b.mem_path) {
        ok = opt_error(c, "Parameter 'mem-path' is missing");
    }
    for (guint i = 0; ok && i < c->o->mem_backends->len; i++) {
        if (strcmp(g_array_index(c->o->mem_backends, MemoryBackendSpec,
                                 i).id, b.id) == 0) {
            ok = opt_error(c, "attempt to add duplicate property '%s' to "
                           "object (type 'container')", b.id);
        }
    }
    if (!ok) {
        backend_clear(&b);
        return false;
    }
    g_array_append_val(c->o->mem_backends, b);
    return true;
}

bool options_resolve_memory_backend(PowerjitOptions *o, char **err)
{
    SpaprConfig *mc = &o->machine;
    const MemoryBackendSpec *b = NULL;

    if (!o->memory_backend) {
        return true;
    }
    for (guint i = 0; i < o->mem_backends->len; i++) {
        const MemoryBackendSpec *x =
            &g_array_index(o->mem_backends, MemoryBackendSpec, i);
        if (strcmp(x->id, o->memory_backend) == 0) {
            b = x;
        }
    }
    if (!b) {
        *err = g_strdup_printf("Memory backend '%s' not found",
                               o->memory_backend);
        return false;
    }
    if (o->ram_size_given && mc->ram_size != b->size) {
        *err = g_strdup("Machine memory size does not match the size of the "
                        "memory backend");
        return false;
    }
    mc->ram_size = b->size;
    if (b->file) {
        g_free(mc->mem_path);
        mc->mem_path = g_strdup(b->mem_path);
    }
    mc->mem_share = b->share;
    mc->mem_prealloc = mc->mem_prealloc || b->prealloc;
    return true;
}

void options_free_backends(GArray *backends)
{
    for (guint i = 0; i < backends->len; i++) {
        backend_clear(&g_array_index(backends, MemoryBackendSpec, i));
    }
    g_array_free(backends, TRUE);
}

/* ------------------------------------------------------------ -mon */

/* -mon [chardev=]ID[,mode=readline|control][,pretty=on|off]: checked here,
   resolved once every -chardev is known (QEMU too creates the chardevs
   first, whatever the order on the command line) */
bool opt_mon(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "chardev");
    MonitorSpec m = { 0 };
    bool ok = kvs != NULL, b;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "chardev") == 0) {
            replace_str(&m.chardev, kv->value);
        } else if (strcmp(kv->key, "mode") == 0) {
            if (strcmp(kv->value, "control") == 0) {
                m.control = true;
            } else if (strcmp(kv->value, "readline") == 0) {
                m.control = false;
            } else {
                ok = opt_error(c, "Parameter 'mode' does not accept value "
                               "'%s'", kv->value);
            }
        } else if (strcmp(kv->key, "pretty") == 0) {
            if (!parse_bool(kv->value, &b)) {
                ok = opt_error(c, "Parameter 'pretty' expects 'on' or "
                               "'off'");
            }
        } else if (strcmp(kv->key, "id") != 0) {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    if (ok && !m.chardev) {
        ok = opt_error(c, "Parameter 'chardev' is missing");
    }
    if (!ok) {
        g_free(m.chardev);
        return false;
    }
    m.arg = g_strdup(c->arg);
    if (!c->o->mons) {
        c->o->mons = g_array_new(FALSE, TRUE, sizeof(MonitorSpec));
    }
    g_array_append_val(c->o->mons, m);
    return true;
}

/* a listening socket's address in the -qmp/-monitor syntax, or NULL */
static char *mon_socket_addr(const ChardevSpec *s)
{
    /* fd=N: a listener or a connected stream the parent passed */
    if (s->kind == CHARDEV_SOCKET && s->has_fd) {
        return g_strdup_printf("fd:%d", s->fd);
    }
    if (s->kind != CHARDEV_SOCKET || !s->server) {
        return NULL;
    }
    if (s->path) {
        return g_strdup_printf("unix:%s,server=on,wait=off", s->path);
    }
    return g_strdup_printf("tcp:%s:%s,server=on,wait=off",
                           s->host ? s->host : "", s->port);
}

static bool mon_resolve(PowerjitOptions *o, const MonitorSpec *m, char **err)
{
    const ChardevSpec *s = NULL;
    ChardevSpec *con = &o->machine.console;
    char *addr;

    for (guint i = 0; o->machine.chardevs && i < o->machine.chardevs->len;
         i++) {
        const ChardevSpec *x = g_ptr_array_index(o->machine.chardevs, i);
        if (x->id && strcmp(x->id, m->chardev) == 0) {
            s = x;
        }
    }
    if (!s) {
        *err = g_strdup_printf("-mon %s: chardev \"%s\" not found",
                               m->arg, m->chardev);
        return false;
    }
    /* the human monitor on the console's own mux=on chardev: the Ctrl-A c
       monitor of -serial mon:stdio */
    if (!m->control && con->id && strcmp(con->id, m->chardev) == 0) {
        if (!s->mux) {
            *err = g_strdup_printf("-mon %s: Device '%s' is in use "
                                   "(the console's chardev needs mux=on)",
                                   m->arg, m->chardev);
            return false;
        }
        con->mux = true;
        o->monitor_none = false;
        return true;
    }
    addr = mon_socket_addr(s);
    if (!addr && s->kind == CHARDEV_SOCKET) {
        *err = g_strdup_printf("-mon %s: a monitor on a client "
                               "socket (the emulator connecting out) is not "
                               "yet supported (use server=on,wait=off, "
                               "or fd=N)",
                               m->arg);
        return false;
    }
    if (!addr && !m->control && s->kind == CHARDEV_STDIO) {
        addr = g_strdup("stdio");
    }
    if (!addr) {
        *err = g_strdup_printf("-mon %s: a %s on this chardev is not "
                               "supported (use -chardev socket,...,"
                               "server=on,wait=off)", m->arg,
                               m->control ? "QMP monitor" : "monitor");
        return false;
    }
    if (m->control) {
        if (o->qmp_dev) {
            *err = g_strdup_printf("-mon %s: only one QMP monitor "
                                   "is supported", m->arg);
            g_free(addr);
            return false;
        }
        o->qmp_dev = addr;
    } else {
        if (o->monitor_dev) {
            *err = g_strdup_printf("-mon %s: only one human monitor "
                                   "is supported", m->arg);
            g_free(addr);
            return false;
        }
        o->monitor_dev = addr;
    }
    return true;
}

bool options_resolve_monitors(PowerjitOptions *o, char **err)
{
    for (guint i = 0; o->mons && i < o->mons->len; i++) {
        if (!mon_resolve(o, &g_array_index(o->mons, MonitorSpec, i), err)) {
            return false;
        }
    }
    return true;
}

void options_free_monitors(GArray *mons)
{
    for (guint i = 0; i < mons->len; i++) {
        g_free(g_array_index(mons, MonitorSpec, i).chardev);
        g_free(g_array_index(mons, MonitorSpec, i).arg);
    }
    g_array_free(mons, TRUE);
}
