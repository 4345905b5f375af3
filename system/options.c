/*
 * system/options.c: the command line (include/options.h).
 *
 * One table, powerjit_options[], lists every option with its argument name,
 * handler and help line; the parser, the -help text and the "invalid
 * option" check all read it.  Options of qemu-system-ppc64 that we do not
 * implement yet have rows too, so that they fail with "not yet supported"
 * rather than "invalid option".
 *
 * Values in QEMU's key=value form (-machine, -accel, -smp, -m) go through
 * keyval_parse(): items split at commas (",," is a literal comma), the
 * first item may leave out its key.  Names of machines, CPUs, accelerators
 * and capabilities are looked up in tables of their own.
 */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "log.h"
#include "options.h"
#include "spapr-compat.h"
#include "spapr-vio.h"
#include "system/options-int.h"

typedef struct OptionDef {
    const char *name;
    const char *metavar; /* NULL: the option takes no argument */
    OptFn fn;
    const char *help;    /* NULL: an alias, left out of -help */
} OptionDef;

bool opt_error(OptCtx *c, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (c->arg) {
        c->err = g_strdup_printf("%s %s: %s", c->opt, c->arg, msg);
    } else {
        c->err = g_strdup_printf("%s: %s", c->opt, msg);
    }
    g_free(msg);
    return false;
}

void opt_warn(OptCtx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(c->o->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void replace_str(char **dst, const char *src)
{
    g_free(*dst);
    *dst = g_strdup(src);
}

bool is_help(const char *s)
{
    return strcmp(s, "help") == 0 || strcmp(s, "?") == 0;
}

/* ------------------------------------------------------------ values */

void keyval_free(GArray *kvs)
{
    for (guint i = 0; i < kvs->len; i++) {
        g_free(g_array_index(kvs, KeyVal, i).key);
        g_free(g_array_index(kvs, KeyVal, i).value);
    }
    g_array_free(kvs, TRUE);
}

/* splits str into key=value items; NULL (and c->err) on error */
GArray *keyval_parse(OptCtx *c, const char *str, const char *implied_key)
{
    GArray *kvs = g_array_new(FALSE, FALSE, sizeof(KeyVal));
    GString *item = g_string_new(NULL);
    const char *p = str;

    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(item, ',');
            p += 2;
            continue;
        }
        if (*p != ',' && *p != '\0') {
            g_string_append_c(item, *p++);
            continue;
        }
        if (item->len > 0) {
            char *eq = strchr(item->str, '=');
            KeyVal kv;

            if (eq) {
                kv.key = g_strndup(item->str, (gsize)(eq - item->str));
                kv.value = g_strdup(eq + 1);
            } else if (kvs->len == 0 && implied_key) {
                kv.key = g_strdup(implied_key);
                kv.value = g_strdup(item->str);
            } else {
                opt_error(c, "expected '=' after parameter '%s'", item->str);
                g_string_free(item, TRUE);
                keyval_free(kvs);
                return NULL;
            }
            g_array_append_val(kvs, kv);
        }
        g_string_truncate(item, 0);
        if (*p == '\0') {
            break;
        }
        p++;
    }
    g_string_free(item, TRUE);
    return kvs;
}

bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

bool parse_uint(const char *s, uint64_t *out)
{
    char *end;

    if (!isdigit((unsigned char)*s)) {
        return false;
    }
    errno = 0;
    *out = strtoull(s, &end, 0);
    return errno == 0 && *end == '\0';
}

bool options_parse_size(const char *str, uint64_t unit, uint64_t *out)
{
    static const char suffixes[] = "BKMGTPE";
    const char *p = str;
    char *end;
    uint64_t ival;
    double frac = 0;

    if (!isdigit((unsigned char)*p)) {
        return false;
    }
    errno = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        ival = strtoull(p, &end, 16);
    } else {
        ival = strtoull(p, &end, 10);
        if (*end == '.') {
            const char *f = end + 1;
            double scale = 0.1;
            if (!isdigit((unsigned char)*f)) {
                return false;
            }
            for (; isdigit((unsigned char)*f); f++, scale /= 10) {
                frac += (*f - '0') * scale;
            }
            end = (char *)f;
        }
    }
    if (errno != 0) {
        return false;
    }
    if (*end != '\0') {
        const char *s = strchr(suffixes, toupper((unsigned char)*end));
        if (!s || end[1] != '\0') {
            return false;
        }
        unit = 1ull << (10 * (s - suffixes));
    }
    if (ival > UINT64_MAX / unit) {
        return false;
    }
    uint64_t whole = ival * unit;
    uint64_t part = (uint64_t)(frac * (double)unit);
    if (part > UINT64_MAX - whole) {
        return false;
    }
    *out = whole + part;
    return true;
}

/* ------------------------------------------------------------ boot */

static bool opt_kernel(OptCtx *c)
{
    replace_str(&c->o->machine.kernel, c->arg);
    return true;
}

static bool opt_initrd(OptCtx *c)
{
    replace_str(&c->o->machine.initrd, c->arg);
    return true;
}

static bool opt_append(OptCtx *c)
{
    replace_str(&c->o->machine.append, c->arg);
    return true;
}

/* -L DIR: where firmware named without a directory is looked for */
static bool opt_data_dir(OptCtx *c)
{
    if (!c->o->machine.data_dirs) {
        c->o->machine.data_dirs = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(c->o->machine.data_dirs, g_strdup(c->arg));
    return true;
}

static bool opt_bios(OptCtx *c)
{
    if (c->arg[0] == '\0') {
        return opt_error(c, "empty file name");
    }
    replace_str(&c->o->machine.bios, c->arg);
    return true;
}

/* -rtc [base=utc|localtime|DATE][,clock=host|rt|vm][,driftfix=none|slew]
   (rtc.c says what each means here) */
typedef struct RtcName {
    const char *name;
    int value;
} RtcName;

static const RtcName rtc_bases[] = {
    { "utc", SPAPR_RTC_BASE_UTC },
    { "localtime", SPAPR_RTC_BASE_LOCALTIME },
};

static const RtcName rtc_clocks[] = {
    { "host", SPAPR_RTC_CLOCK_HOST },
    { "rt", SPAPR_RTC_CLOCK_RT },
    { "vm", SPAPR_RTC_CLOCK_VM },
};

/* QEMU's mc146818 lost-tick compensation: nothing on this machine uses it,
   and QEMU ignores it here too */
static const RtcName rtc_driftfixes[] = {
    { "none", 0 },
    { "slew", 0 },
};

static bool rtc_name(const RtcName *names, size_t n, const char *s, int *out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i].name, s) == 0) {
            *out = names[i].value;
            return true;
        }
    }
    return false;
}

static bool rtc_prop(OptCtx *c, const KeyVal *kv)
{
    SpaprConfig *mc = &c->o->machine;
    int v;

    if (strcmp(kv->key, "base") == 0) {
        if (rtc_name(rtc_bases, G_N_ELEMENTS(rtc_bases), kv->value, &v)) {
            mc->rtc_base = (SpaprRtcBase)v;
            return true;
        }
        if (!spapr_rtc_parse_date(kv->value, &mc->rtc_date)) {
            return opt_error(c, "invalid datetime format '%s' (valid "
                             "formats: '2006-06-17T16:01:21' or "
                             "'2006-06-17')", kv->value);
        }
        mc->rtc_base = SPAPR_RTC_BASE_DATE;
        return true;
    }
    if (strcmp(kv->key, "clock") == 0) {
        if (!rtc_name(rtc_clocks, G_N_ELEMENTS(rtc_clocks), kv->value, &v)) {
            return opt_error(c, "invalid option value '%s' for clock "
                             "(host, rt or vm)", kv->value);
        }
        mc->rtc_clock = (SpaprRtcClock)v;
        return true;
    }
    if (strcmp(kv->key, "driftfix") == 0) {
        if (!rtc_name(rtc_driftfixes, G_N_ELEMENTS(rtc_driftfixes),
                      kv->value, &v)) {
            return opt_error(c, "invalid option value '%s' for driftfix "
                             "(none or slew)", kv->value);
        }
        return true;
    }
    return opt_error(c, "invalid parameter '%s'", kv->key);
}

static bool opt_rtc(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, NULL);
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        ok = rtc_prop(c, &g_array_index(kvs, KeyVal, i));
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

static bool opt_no_reboot(OptCtx *c)
{
    c->o->machine.no_reboot = true;
    return true;
}

/* ------------------------------------------------------------ devices */

static bool opt_nographic(OptCtx *c)
{
    c->o->nographic = true;
    return true;
}

static bool opt_nodefaults(OptCtx *c)
{
    c->o->nodefaults = true;
    return true;
}


/* ------------------------------------------------------------ debugging */

static bool opt_log_items(OptCtx *c)
{
    char *e = NULL;

    if (is_help(c->arg)) {
        log_list_categories(c->out);
        c->exit_now = true;
        return true;
    }
    if (!log_parse_mask(c->arg, &c->o->log_mask, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    if (strspn(c->arg, ",") == strlen(c->arg)) {
        /* QEMU refuses an empty list too (it prints the items, status 1) */
        return opt_error(c, "no log items given (-d help lists them)");
    }
    return true;
}

static bool opt_log_file(OptCtx *c)
{
    replace_str(&c->o->log_file, c->arg);
    return true;
}

/* -monitor stdio|unix:PATH,server|tcp:HOST:PORT,server|none */
static bool opt_monitor(OptCtx *c)
{
    g_free(c->o->monitor_dev);
    c->o->monitor_dev = NULL;
    c->o->monitor_none = strcmp(c->arg, "none") == 0 ||
                         strcmp(c->arg, "null") == 0;
    if (c->o->monitor_none) {
        return true;
    }
    if (strcmp(c->arg, "stdio") != 0 && !g_str_has_prefix(c->arg, "unix:") &&
        !g_str_has_prefix(c->arg, "tcp:")) {
        return opt_error(c, "expected stdio, unix:PATH,server, "
                            "tcp:HOST:PORT,server or none");
    }
    c->o->monitor_dev = g_strdup(c->arg);
    return true;
}

/* -qmp unix:PATH,server=on,wait=off|tcp:HOST:PORT,server=on,wait=off */
static bool opt_qmp(OptCtx *c)
{
    if (!g_str_has_prefix(c->arg, "unix:") &&
        !g_str_has_prefix(c->arg, "tcp:")) {
        return opt_error(c, "expected unix:PATH,server=on,wait=off or "
                            "tcp:HOST:PORT,server=on,wait=off");
    }
    g_free(c->o->qmp_dev);
    c->o->qmp_dev = g_strdup(c->arg);
    return true;
}

/* QEMU 8.1's -perfmap, ahead of the 7.2 command line (docs/architecture.md) */
static bool opt_perfmap(OptCtx *c)
{
    c->o->machine.perfmap = true;
    return true;
}

static bool opt_no_shutdown(OptCtx *c)
{
    c->o->machine.no_shutdown = true;
    return true;
}

static bool opt_daemonize(OptCtx *c)
{
    c->o->daemonize = true;
    return true;
}

static bool opt_pidfile(OptCtx *c)
{
    g_free(c->o->pidfile);
    c->o->pidfile = g_strdup(c->arg);
    return true;
}

/* -s is -gdb tcp::1234; -S starts with the vCPU stopped */
static bool opt_gdbstub(OptCtx *c)
{
    const char *dev = c->arg;

    if (strcmp(c->opt + strspn(c->opt, "-"), "S") == 0) {
        c->o->machine.start_stopped = true;
        return true;
    }
    if (!dev) {
        dev = "tcp::1234";
    } else if (!g_str_has_prefix(dev, "tcp:") &&
               !g_str_has_prefix(dev, "unix:") && strcmp(dev, "none") != 0) {
        return opt_error(c, "expected tcp::PORT, tcp:HOST:PORT, unix:PATH "
                            "or none");
    }
    g_free(c->o->gdb_dev);
    c->o->gdb_dev = g_strdup(dev);
    return true;
}

static bool opt_ignored(OptCtx *c)
{
    return true;
}


/* ------------------------------------------------------------ help */

static bool opt_help(OptCtx *c);

/* "powerjit emulator version 7.2.0 (powerjit 0.1.0)": scripts that parse
   QEMU's banner with "version X.Y.Z" read the QEMU release whose command
   line we follow; the name says it is not QEMU (docs/architecture.md) */
static bool opt_version(OptCtx *c)
{
    fprintf(c->out, "powerjit emulator version %s (powerjit %s; the "
            "qemu-system-ppc64 %s command line, not QEMU)\n",
            POWERJIT_QEMU_COMPAT_VERSION, POWERJIT_VERSION,
            POWERJIT_QEMU_COMPAT_VERSION);
    c->exit_now = true;
    return true;
}

static const OptionDef powerjit_options[] = {
    { "h", NULL, opt_help, "display this help and exit (also -help)" },
    { "help", NULL, opt_help, NULL },
    { "version", NULL, opt_version, "display version information and exit" },
    { "machine", "[type=]pseries[-X.Y][,accel=tcg][,cap-NAME=VALUE...]",
      opt_machine, "the machine (-machine help lists them, "
      "-machine pseries,help its properties; also -M)" },
    { "M", "MACHINE", opt_machine, NULL },
    { "accel", "tcg[,interp=on|off][,tb-size=MiB][,thread=single|multi]",
      opt_accel, "the accelerator; interp=on runs the IR interpreter" },
    { "enable-kvm", NULL, opt_enable_kvm, NULL },
    { "cpu", "MODEL", opt_cpu, "the CPU model (-cpu help lists them)" },
    { "m", "[size=]SIZE[,slots=N,maxmem=SIZE]", opt_memory,
      "guest RAM (default 512M; a plain number is MiB)" },
    { "mem-path", "DIR", opt_mem_path,
      "guest RAM in a file in DIR (hugetlbfs: huge pages)" },
    { "mem-prealloc", NULL, opt_mem_prealloc,
      "allocate all guest RAM at start" },
    { "smp", "[cpus=]N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]",
      opt_smp, "number of CPUs and their topology" },
    { "kernel", "FILE", opt_kernel, "the ppc64 ELF image to boot" },
    { "initrd", "FILE", opt_initrd, "an initial ram disk" },
    { "append", "CMDLINE", opt_append, "the kernel command line" },
    { "bios", "FILE", opt_bios,
      "a firmware image for QEMU's pseries (e.g. SLOF's slof.bin)" },
    { "L", "DIR", opt_data_dir,
      "look for firmware (-bios NAME, SLOF's slof.bin) in DIR first" },
    { "rtc", "[base=utc|localtime|DATE][,clock=host|rt|vm]", opt_rtc,
      "the time-of-day clock (DATE: 2006-06-17[T16:01:21])" },
    { "no-reboot", NULL, opt_no_reboot, "exit instead of rebooting" },
    { "nographic", NULL, opt_nographic,
      "no display; the console is on stdio (Ctrl-A h for help)" },
    { "display", "none|curses", opt_display,
      "the display: none, or curses (the console on the terminal)" },
    { "vga", "none", opt_vga, "the graphics card (only none)" },
    { "nodefaults", NULL, opt_nodefaults, "no default devices (no console)" },
    { "parallel", "none", opt_parallel, NULL },
    { "audiodev", "none,id=ID", opt_audiodev, NULL },
    { "usb", NULL, opt_usb, NULL },
    { "echr", "CHAR", opt_echr,
      "the console escape character, a number (default 1, Ctrl-A)" },
    { "msg", "timestamp=on|off", opt_msg, "timestamps on our messages" },
    { "uuid", "UUID", opt_uuid, "the machine's UUID" },
    { "overcommit", "mem-lock=on|off,cpu-pm=on|off", opt_overcommit,
      "mem-lock=on locks the emulator's memory (mlockall)" },
    { "boot", "[order=]DRIVES[,menu=on|off,strict=on|off]", opt_boot,
      "the boot order (with -kernel the kernel boots)" },
    { "sandbox", "on|off", opt_sandbox, NULL },
    { "action", "reboot=reset|shutdown,shutdown=poweroff|pause,"
                "panic=pause|shutdown|exit-failure|none,watchdog=ACTION",
      opt_action, "what a guest reboot, power-off or panic does" },
    { "watchdog-action", "ACTION", opt_watchdog_action, NULL },
    { "no-hpet", NULL, opt_not_this_target, NULL },
    { "no-acpi", NULL, opt_not_this_target, NULL },
    { "no-fd-bootchk", NULL, opt_not_this_target, NULL },
    { "win2k-hack", NULL, opt_not_this_target, NULL },
    { "rtc-td-hack", NULL, opt_not_this_target, NULL },
    { "no-kvm-pit-reinjection", NULL, opt_not_this_target, NULL },
    { "acpitable", "SPEC", opt_not_this_target, NULL },
    { "smbios", "SPEC", opt_not_this_target, NULL },
    { "fsdev", "local,id=ID,path=DIR,security_model=MODEL[,readonly=on]",
      opt_fsdev, "a host directory for virtio-9p-pci,fsdev=ID" },
    { "virtfs", "local,path=DIR,mount_tag=TAG,security_model=MODEL[,id=ID]",
      opt_virtfs, "-fsdev and -device virtio-9p-pci in one" },
    { "tpmdev", "SPEC", opt_missing_backend, NULL },
    { "numa", "SPEC", opt_missing_backend, NULL },
    { "d", "ITEM,...", opt_log_items, "log items (-d help lists them)" },
    { "D", "FILE", opt_log_file, "write the log to FILE (default stderr)" },
    /* debugging and control (system/gdbstub.c, system/runstate.c) */
    { "s", NULL, opt_gdbstub, "shorthand for -gdb tcp::1234" },
    { "icount", "[shift=]N|auto[,sleep=on|off][,align=on|off]", opt_icount,
      "guest time counts instructions, 2^N ns each: deterministic runs" },
    { "S", NULL, opt_gdbstub, "do not start the CPU (a debugger or the "
      "monitor lets it go)" },
    { "gdb", "tcp:[HOST]:PORT|unix:PATH", opt_gdbstub,
      "wait for a GDB connection on the socket" },
    { "monitor", "stdio|unix:PATH,server|tcp:HOST:PORT,server|none",
      opt_monitor, "the human monitor (HMP)" },
    { "name", "NAME[,process=PNAME]", opt_name,
      "the VM's name (info name); process= renames the emulator's process" },
    { "mon", "[chardev=]ID[,mode=readline|control][,pretty=on|off]",
      opt_mon, "a monitor on -chardev ID (a socket server, or the console's "
      "mux=on stdio)" },
    { "qmp", "unix:PATH,server=on,wait=off|tcp:HOST:PORT,server=on,wait=off",
      opt_qmp, "the QEMU Machine Protocol" },
    { "no-shutdown", NULL, opt_no_shutdown,
      "stop instead of exiting when the guest powers off" },
    { "pidfile", "FILE", opt_pidfile, "write the process id to FILE" },
    { "daemonize", NULL, opt_daemonize,
      "detach from the terminal once the machine is set up" },
    { "perfmap", NULL, opt_perfmap,
      "write /tmp/perf-PID.map (the JIT's code, for perf)" },
    { "no-user-config", NULL, opt_ignored, NULL },
    { "nodefconfig", NULL, opt_ignored, NULL },
    /* devices and their backends (issue 10) */
    { "chardev", "BACKEND,id=ID[,...]", opt_chardev,
      "a character device (-chardev help lists the backends)" },
    { "serial", "DEV", opt_serial,
      "a console: stdio, mon:stdio, file:PATH, pipe:PATH, pty, "
      "unix:PATH[,server=on,wait=off], tcp:[HOST]:PORT[,...], chardev:ID, "
      "null or none; the first is hvc0, more are hvc1..." },
    { "device", "DRIVER[,PROP=VALUE...]", opt_device,
      "a device (-device help lists them)" },
    { "object", "TYPE,id=ID[,PROP=VALUE...]", opt_object,
      "a backend object: rng-random[,filename=F], rng-builtin, "
      "memory-backend-ram|memory-backend-file,size=SIZE[,mem-path=DIR] "
      "(for -machine memory-backend=ID)" },
    { "drive", "[file=F][,if=none|scsi|pflash][,id=][,format=raw|qcow2]...",
      opt_drive, "a disk or CD-ROM image (media=cdrom, readonly=on, "
      "cache=, snapshot=on, index=)" },
    { "blockdev", "driver=file|raw|qcow2,node-name=N[,filename=|file=]...",
      opt_blockdev, "a block node (-device scsi-hd,drive=N takes it)" },
    /* the network (options-net.c) */
    { "netdev", "TYPE,id=ID[,...]", opt_netdev,
      "a network backend: user[,net=,host=,dhcpstart=,dns=,hostname=,"
      "hostfwd=,guestfwd=,tftp=,bootfile=,restrict=,ipv6=...]" },
    { "nic", "[TYPE][,model=spapr-vlan][,mac=MAC][,...]|none", opt_nic,
      "a NIC with its own backend" },
    { "net", "nic[,model=][,macaddr=][,netdev=]|user[,...]|none", opt_net,
      "the old NIC and backend syntax (hub 0)" },
    { "hda", "FILE", opt_hda_cdrom, "a disk image (scsi-id 0)" },
    { "cdrom", "FILE", opt_hda_cdrom, "a CD-ROM image (scsi-id 2)" },
    { "global", "spapr-nvram.drive=ID", opt_global,
      "the NVRAM's image is the -drive if=none,id=ID" },
    { "snapshot", NULL, opt_snapshot,
      "the guest's disk writes are discarded at exit" },
};

static bool opt_help(OptCtx *c)
{
    fprintf(c->out, "powerjit %s: a POWER (pseries) emulator that takes "
            "qemu-system-ppc64 %s command lines\n", POWERJIT_VERSION,
            POWERJIT_QEMU_COMPAT_VERSION);
    fprintf(c->out, "usage: powerjit [options]\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(powerjit_options); i++) {
        const OptionDef *d = &powerjit_options[i];
        char *lhs;

        if (!d->help) {
            continue;
        }
        lhs = d->metavar ? g_strdup_printf("-%s %s", d->name, d->metavar)
                         : g_strdup_printf("-%s", d->name);
        if (strlen(lhs) <= 22) {
            fprintf(c->out, "%-22s  %s\n", lhs, d->help);
        } else {
            fprintf(c->out, "%s\n%-22s  %s\n", lhs, "", d->help);
        }
        g_free(lhs);
    }
    c->exit_now = true;
    return true;
}

static const OptionDef *option_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(powerjit_options); i++) {
        if (strcmp(powerjit_options[i].name, name) == 0) {
            return &powerjit_options[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ parse */

void options_init(PowerjitOptions *o)
{
    memset(o, 0, sizeof(*o));
    o->machine.cpu_model = PPC_MODEL_POWER9;
    o->machine.ram_size = SPAPR_DEFAULT_RAM_SIZE;
    o->machine.code_size = SPAPR_DEFAULT_CODE_SIZE;
    o->machine.machine_version = SPAPR_MACHINE_LATEST;
    o->machine.smp_cpus = 1;
    o->machine.smp_max_cpus = 1;
    o->machine.smp_threads = 1;
    o->warnings = g_ptr_array_new_with_free_func(g_free);
    o->mem_backends = g_array_new(FALSE, TRUE, sizeof(MemoryBackendSpec));
    o->objects = g_ptr_array_new_with_free_func(object_spec_free);
}

void options_free(PowerjitOptions *o)
{
    g_free(o->accel_thread_arg);
    g_free(o->icount_arg);
    g_free(o->machine.kernel);
    g_free(o->machine.initrd);
    g_free(o->machine.append);
    g_free(o->machine.bios);
    g_free(o->machine.dumpdtb);
    if (o->machine.data_dirs) {
        g_ptr_array_free(o->machine.data_dirs, TRUE);
    }
    chardev_spec_clear(&o->machine.console);
    g_free(o->machine.rng.filename);
    if (o->machine.rng_objects) {
        g_hash_table_destroy(o->machine.rng_objects);
    }
    if (o->machine.fsdevs) {
        g_ptr_array_free(o->machine.fsdevs, TRUE);
    }
    g_free(o->rng_backend);
    if (o->objects) {
        g_ptr_array_free(o->objects, TRUE);
    }
    if (o->machine.devices) {
        g_ptr_array_free(o->machine.devices, TRUE);
    }
    if (o->machine.drives) {
        g_ptr_array_free(o->machine.drives, TRUE);
    }
    g_free(o->machine.nvram_drive);
    options_free_net(o);
    if (o->machine.chardevs) {
        g_ptr_array_free(o->machine.chardevs, TRUE);
    }
    if (o->serial_vtys) {
        g_ptr_array_free(o->serial_vtys, TRUE);
    }
    g_free(o->log_file);
    g_free(o->machine.mem_path);
    g_free(o->memory_backend);
    g_free(o->uuid);
    g_free(o->process_name);
    g_free(o->guest_name);
    if (o->mem_backends) {
        options_free_backends(o->mem_backends);
    }
    g_free(o->gdb_dev);
    g_free(o->monitor_dev);
    g_free(o->qmp_dev);
    if (o->mons) {
        options_free_monitors(o->mons);
    }
    g_free(o->pidfile);
    g_free(o->machine.name);
    if (o->warnings) {
        g_ptr_array_free(o->warnings, TRUE);
    }
    memset(o, 0, sizeof(*o));
}

/* what QEMU would do without -serial: -nographic puts the console on
   stdio with the Ctrl-A escapes; -display none sends it nowhere.  With no
   display option at all QEMU would open a window; we have none, so the
   console goes to stdio as with -nographic. */
static void options_default_console(PowerjitOptions *o)
{
    ChardevSpec *con = &o->machine.console;

    if (o->serial_given) {
        return;
    }
    chardev_spec_clear(con);
    if (o->nodefaults) {
        con->kind = CHARDEV_NONE;
    } else if ((o->display_none || o->daemonize) && !o->nographic) {
        /* no window to open, and no terminal for a daemon */
        con->kind = CHARDEV_NULL;
    } else {
        con->kind = CHARDEV_STDIO;
        con->mux = true;
    }
}



static bool options_finish(PowerjitOptions *o, char **err)
{
    return options_accel_finish(o, err) &&
           options_resolve_memory_backend(o, err) &&
           memory_finish(&o->machine, err) &&
           options_machine_finish(o, err);
}

OptionsResult options_parse(PowerjitOptions *o, int argc, char **argv,
                            FILE *out, char **err)
{
    OptCtx c = { .o = o, .out = out };

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *name = a + 1;
        const OptionDef *d;
        char *json_arg = NULL;
        bool ok;

        if (a[0] != '-' || a[1] == '\0') {
            *err = g_strdup_printf("%s: disk image arguments are not yet "
                                   "supported", a);
            return OPTIONS_ERROR;
        }
        if (*name == '-') {
            name++; /* --option is the same as -option */
        }
        d = option_find(name);
        if (!d) {
            *err = g_strdup_printf("%s: invalid option", a);
            return OPTIONS_ERROR;
        }
        c.opt = a;
        c.arg = NULL;
        if (d->metavar) {
            if (i + 1 >= argc) {
                *err = g_strdup_printf("%s: requires an argument", a);
                return OPTIONS_ERROR;
            }
            c.arg = argv[++i];
        }
        /* the JSON form of -object, -device...: read as its key=value list
           (options-json.c) */
        if (!options_json_arg(&c, d->name, &json_arg)) {
            *err = c.err;
            return OPTIONS_ERROR;
        }
        if (json_arg) {
            c.arg = json_arg;
        }
        ok = d->fn(&c);
        if (!ok && json_arg) {
            /* the message names the argument as it was typed */
            char *typed = g_strdup_printf("%s %s: ", a, json_arg);
            if (g_str_has_prefix(c.err, typed)) {
                char *e = g_strdup_printf("%s %s: %s", a, argv[i],
                                          c.err + strlen(typed));
                g_free(c.err);
                c.err = e;
            }
            g_free(typed);
        }
        g_free(json_arg);
        if (!ok) {
            *err = c.err;
            return OPTIONS_ERROR;
        }
        if (c.exit_now) {
            return OPTIONS_EXIT;
        }
    }

    if (!o->machine.kernel && o->machine.append) {
        *err = g_strdup("-append only allowed with -kernel option");
        return OPTIONS_ERROR;
    }
    if (!o->machine.kernel && o->machine.initrd) {
        *err = g_strdup("-initrd only allowed with -kernel option");
        return OPTIONS_ERROR;
    }
    if (!options_finish(o, err) || !options_finish_devices(o, err) ||
        !options_finish_net(o, err) || !options_finish_icount(o, err)) {
        return OPTIONS_ERROR;
    }
    options_default_console(o);
    if (!options_finish_consoles(o, err) ||
        !options_resolve_monitors(o, err)) {
        return OPTIONS_ERROR;
    }
    o->machine.console.escape = o->echr;
    options_default_cdrom(o);
    /* a daemon has no terminal (QEMU's messages) */
    if (o->daemonize && o->nographic) {
        *err = g_strdup("-nographic cannot be used with -daemonize");
        return OPTIONS_ERROR;
    }
    if (o->daemonize && o->machine.console.kind == CHARDEV_STDIO) {
        *err = g_strdup("-serial stdio: cannot use stdio with -daemonize");
        return OPTIONS_ERROR;
    }
    if (o->daemonize && o->monitor_dev &&
        strcmp(o->monitor_dev, "stdio") == 0) {
        *err = g_strdup("-monitor stdio: cannot use stdio with -daemonize");
        return OPTIONS_ERROR;
    }
    /* as QEMU: one stdio, one user */
    if (o->monitor_dev && strcmp(o->monitor_dev, "stdio") == 0 &&
        o->machine.console.kind == CHARDEV_STDIO) {
        *err = g_strdup("-monitor stdio: stdio is the console already (add "
                        "-serial none or -serial file:PATH)");
        return OPTIONS_ERROR;
    }
    return OPTIONS_RUN;
}
