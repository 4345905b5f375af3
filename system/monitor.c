/*
 * system/monitor.c: the human monitor (HMP) in QEMU's command syntax, on
 * -monitor stdio|unix:PATH,server|tcp:HOST:PORT,server, or a -mon on a
 * -chardev socket (a listener, or a socket the parent passed with fd=N).
 *
 * Commands are a table (name, arguments, help, handler); `info` has a
 * table of its own.  Each monitor runs on a thread of its own and reads
 * whole lines.  Commands that read the vCPU or guest memory (info
 * registers, x, xp) park it for the moment they need it and let it go
 * again if it was running (system/runstate.c); stop and cont change the
 * run state itself.  The output formats follow QEMU's, so that scripts
 * written against it read ours: "VM status: running", the x/FMT dumps
 * ("%016x:" then the values), "unknown command: 'foo'".
 *
 * monitor_hmp_run executes one line into a string: QMP's
 * human-monitor-command uses it too.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "chardev.h"
#include "gdbstub.h"
#include "log.h"
#include "monitor.h"
#include "options.h"
#include "runstate.h"
#include "socket.h"
#include "spapr-hv.h"
#include "spapr.h"
#include "virtio.h"
#include "xics.h"

struct Monitor {
    SpaprMachine *m;
    int listen_fd;  /* -1 for stdio */
    int conn_fd;    /* the connected client, -1: none (atomic) */
    int passed_fd;  /* -chardev socket,fd=N connected: the one session,
                       else -1 */
    int quit_efd;
    char *unix_path;
    GThread *thread;    /* NULL on a mux console */
    Chardev *mux;       /* -serial mon:stdio: Ctrl-A c brings it up */
    GString *mux_line;
    bool mux_greeted;
    /* x/xp remember the last format, size and count, as QEMU's do */
    char last_fmt;
    int last_size;
};

typedef struct HmpCtx {
    Monitor *mon;
    SpaprMachine *m;
    GString *out;
    const char *cmd;  /* the command word as typed */
} HmpCtx;

typedef struct HmpCmd {
    const char *name;
    const char *args;
    const char *help;
    void (*fn)(HmpCtx *c, const char *args);
} HmpCmd;

/* ------------------------------------------------------------ helpers */

/* runs fn with the vCPU parked; false if the machine went away */
static bool hmp_parked(HmpCtx *c, void (*fn)(HmpCtx *c, void *arg),
                       void *arg)
{
    RunState *rs = c->m->runstate;
    bool was_stopped = runstate_stop_wanted(rs);

    if (!runstate_stop(rs, c->m)) {
        return false;
    }
    fn(c, arg);
    if (!was_stopped) {
        runstate_cont(rs);
    }
    return true;
}

/* an address: a number (0x... hex, else decimal) or $pc, $lr, $ctr,
   $rN; false if not understood */
static bool hmp_parse_addr(HmpCtx *c, const char *s, uint64_t *out)
{
    CPUPPCState *env = c->m->cpu;
    char *end;

    while (*s == ' ') {
        s++;
    }
    if (*s == '$') {
        s++;
        if (strcmp(s, "pc") == 0 || strcmp(s, "nip") == 0) {
            *out = env->nip;
        } else if (strcmp(s, "lr") == 0) {
            *out = env->lr;
        } else if (strcmp(s, "ctr") == 0) {
            *out = env->ctr;
        } else if (s[0] == 'r' && g_ascii_isdigit(s[1])) {
            unsigned long n = strtoul(s + 1, &end, 10);
            if (*end || n > 31) {
                return false;
            }
            *out = env->gpr[n];
        } else {
            return false;
        }
        return true;
    }
    if (!*s) {
        return false;
    }
    *out = g_ascii_strtoull(s, &end, 0);
    while (*end == ' ') {
        end++;
    }
    return *end == '\0' && end != s;
}

/* ------------------------------------------------------------ x, xp */

typedef struct HmpDump {
    const char *expr; /* read while parked: it may name a register */
    uint64_t addr;
    int count, size;
    char fmt;
    bool phys;
} HmpDump;

static void hmp_do_dump(HmpCtx *c, void *arg)
{
    HmpDump *d = arg;
    CPUPPCState *env = c->m->cpu;
    bool be = !(env->msr & MSR_BIT(MSR_LE));
    uint64_t addr;
    int per_line = d->fmt == 'i' ? 1 : 16 / d->size;

    if (!hmp_parse_addr(c, d->expr, &d->addr)) {
        g_string_append_printf(c->out, "invalid expression '%s'\n", d->expr);
        return;
    }
    addr = d->addr;

    if (d->fmt == 'i') {
        for (int i = 0; i < d->count; i++, addr += 4) {
            uint8_t b[4];
            uint32_t w;
            char text[128];
            if (!debug_memory_rw(c->m, addr, b, 4, false, d->phys)) {
                g_string_append_printf(c->out, "Cannot access memory\n");
                return;
            }
            w = be ? (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
                   : (uint32_t)b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];
            ppc_disas_insn(w, addr, !be, text, sizeof(text));
            g_string_append_printf(c->out, "0x%08" PRIx64 ":  %08x  %s\n",
                                   addr, w, text);
        }
        return;
    }
    for (int i = 0; i < d->count; i++) {
        uint8_t b[8];
        uint64_t v = 0;
        if (i % per_line == 0) {
            g_string_append_printf(c->out, "%s%016" PRIx64 ":",
                                   i ? "\n" : "", addr);
        }
        if (!debug_memory_rw(c->m, addr, b, (uint64_t)d->size, false,
                             d->phys)) {
            g_string_append_printf(c->out, "\nCannot access memory\n");
            return;
        }
        /* units read in the target's byte order, big-endian for
           qemu-system-ppc64 whatever MSR[LE] says (QEMU's xp/1gx of a
           little-endian 1 is 0x0100000000000000) */
        for (int k = 0; k < d->size; k++) {
            v |= (uint64_t)b[k] << (8 * (d->size - 1 - k));
        }
        switch (d->fmt) {
        case 'x':
            g_string_append_printf(c->out, " 0x%0*" PRIx64, d->size * 2, v);
            break;
        case 'o':
            g_string_append_printf(c->out, " %#*" PRIo64,
                                   (d->size * 8 + 2) / 3, v);
            break;
        case 'u':
            g_string_append_printf(c->out, " %*" PRIu64,
                                   (d->size * 80 + 32) / 33, v);
            break;
        case 'd': {
            int shift = 64 - 8 * d->size;
            int64_t sv = (int64_t)(v << shift) >> shift;
            g_string_append_printf(c->out, " %*" PRId64,
                                   (d->size * 80 + 32) / 33, sv);
            break;
        }
        case 'c':
            g_string_append_printf(c->out, " '%c'",
                                   v >= 0x20 && v < 0x7f ? (char)v : '.');
            break;
        }
        addr += (uint64_t)d->size;
    }
    g_string_append_c(c->out, '\n');
}

/* x/FMT ADDR and xp/FMT ADDR: FMT = [count][format][size] */
static void hmp_x(HmpCtx *c, const char *args)
{
    Monitor *mon = c->mon;
    HmpDump d = { .count = 1, .fmt = mon->last_fmt, .size = mon->last_size,
                  .phys = c->cmd[1] == 'p' };
    const char *slash = strchr(c->cmd, '/');
    char fmt[32];

    if (!slash && args[0] == '/') {
        /* "xp /2gx ADDR": the format as its own word, as QEMU takes it */
        size_t n = strcspn(args, " ");
        snprintf(fmt, sizeof(fmt), "%.*s", (int)MIN(n, sizeof(fmt) - 1),
                 args);
        slash = fmt;
        args += n;
        while (*args == ' ') {
            args++;
        }
    }
    if (slash) {
        const char *p = slash + 1;
        if (g_ascii_isdigit(*p)) {
            d.count = (int)strtol(p, (char **)&p, 10);
        }
        for (; *p; p++) {
            switch (*p) {
            case 'x': case 'd': case 'u': case 'o': case 'c': case 'i':
                d.fmt = *p;
                break;
            case 'b': d.size = 1; break;
            case 'h': d.size = 2; break;
            case 'w': d.size = 4; break;
            case 'g': d.size = 8; break;
            default:
                g_string_append_printf(c->out, "invalid char in format: "
                                       "'%c'\n", *p);
                return;
            }
        }
    }
    if (d.count < 1 || d.count > 4096) {
        g_string_append(c->out, "invalid count\n");
        return;
    }
    if (!args || !*args) {
        g_string_append_printf(c->out, "unexpected end of expression\n"
                               "Try \"help %.*s\" for more information\n",
                               (int)strcspn(c->cmd, "/"), c->cmd);
        return;
    }
    mon->last_fmt = d.fmt;
    mon->last_size = d.size;
    if (d.fmt == 'c') {
        d.size = 1;
    }
    d.expr = args;
    hmp_parked(c, hmp_do_dump, &d);
}

/* ------------------------------------------------------------ info */

static void hmp_info_status(HmpCtx *c, const char *args)
{
    RunState *rs = c->m->runstate;

    if (!runstate_stop_wanted(rs)) {
        g_string_append(c->out, "VM status: running\n");
    } else if (runstate_is_panicked(rs)) {
        g_string_append(c->out, "VM status: paused (guest-panicked)\n");
    } else if (runstate_is_shutdown(rs)) {
        g_string_append(c->out, "VM status: paused (shutdown)\n");
    } else if (runstate_is_prelaunch(rs)) {
        g_string_append(c->out, "VM status: paused (prelaunch)\n");
    } else if (runstate_reason(rs) == RUN_STOP_DEBUG) {
        g_string_append(c->out, "VM status: paused (debug)\n");
    } else {
        g_string_append(c->out, "VM status: paused\n");
    }
}

static void hmp_do_registers(HmpCtx *c, void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f) {
        return;
    }
    ppc_cpu_dump_state(c->m->cpu, f);
    fclose(f);
    g_string_append_len(c->out, buf, (gssize)len);
    free(buf);
}

static void hmp_info_registers(HmpCtx *c, const char *args)
{
    hmp_parked(c, hmp_do_registers, NULL);
}

static void hmp_do_cpus(HmpCtx *c, void *arg)
{
    /* QEMU's lines: '*' marks the monitor's CPU (the registers `info
       registers` shows, vCPU 0's); one thread for all of them without
       vCPU threads (the run loop's) */
    for (uint32_t i = 0; i < c->m->nr_cpus; i++) {
        g_string_append_printf(c->out, "%c CPU #%u: thread_id=%d\n",
                               c->m->cpus[i] == c->m->cpu ? '*' : ' ', i,
                               spapr_vcpu_thread_id(c->m, i));
    }
}

static void hmp_info_cpus(HmpCtx *c, const char *args)
{
    /* parked: the run loop runs, so the vCPU threads exist */
    hmp_parked(c, hmp_do_cpus, NULL);
}

static void hmp_info_version(HmpCtx *c, const char *args)
{
    g_string_append_printf(c->out, "%s (powerjit)\n", POWERJIT_VERSION);
}

static void hmp_info_name(HmpCtx *c, const char *args)
{
    if (c->m->cfg->name) {
        g_string_append_printf(c->out, "%s\n", c->m->cfg->name);
    }
}

/* what was loaded where, as QEMU lists its ROMs and images */
static void hmp_info_roms(HmpCtx *c, const char *args)
{
    const SpaprMachine *m = c->m;

    if (m->kernel_data) {
        g_string_append_printf(c->out, "addr=%016" PRIx64 " size=0x%06" PRIx64
                               " mem=ram name=\"%s ELF program headers\"\n",
                               m->kernel.low, m->kernel.high - m->kernel.low,
                               m->cfg->kernel);
    }
    if (m->initrd_data) {
        g_string_append_printf(c->out, "addr=%016" PRIx64 " size=0x%06" PRIx64
                               " mem=ram name=\"%s\"\n", m->initrd_base,
                               m->initrd_size, m->cfg->initrd);
    }
    if (m->bios_data) {
        g_string_append_printf(c->out, "addr=%016" PRIx64 " size=0x%06zx "
                               "mem=ram name=\"%s\"\n", m->bios_entry,
                               m->bios_len, m->bios_path);
    }
}

/* the guest's physical address space: RAM only (no MMIO yet) */
static void hmp_info_mtree(HmpCtx *c, const char *args)
{
    g_string_append_printf(c->out,
                           "address-space: memory\n"
                           "  0000000000000000-ffffffffffffffff (prio 0, i/o): "
                           "system\n"
                           "    0000000000000000-%016" PRIx64
                           " (prio 0, ram): ppc_spapr.ram\n\n",
                           c->m->ram_size - 1);
}

static void hmp_info_pic(HmpCtx *c, const char *args)
{
    if (c->m->xics) {
        xics_dump(c->m->xics, c->out);
    }
}

static void hmp_info_irq(HmpCtx *c, const char *args)
{
    g_string_append_printf(c->out, "IRQ statistics not available for "
                           "%s-machine.\n",
                           c->m->cfg->machine_version
                               ? c->m->cfg->machine_version
                               : SPAPR_MACHINE_LATEST);
}

/* info chardev: LABEL: filename=FILENAME, one a line (QEMU's text) */
static void hmp_info_chardev(HmpCtx *c, const char *args)
{
    GPtrArray *l = monitor_chardev_list(c->m);

    for (guint i = 0; i < l->len; i++) {
        const MonChardevInfo *ci = g_ptr_array_index(l, i);
        g_string_append_printf(c->out, "%s: filename=%s\n", ci->label,
                               ci->filename);
    }
    g_ptr_array_unref(l);
}

static void hmp_info_block(HmpCtx *c, const char *args)
{
    monitor_block_hmp(c->m, c->out);
}

static void hmp_info_network(HmpCtx *c, const char *args)
{
    monitor_net_hmp(c->m, c->out);
}

static void hmp_info_qtree(HmpCtx *c, const char *args)
{
    monitor_qtree_hmp(c->m, c->out);
}

/* info balloon / balloon MiB: virtio-balloon-pci (hw-pci/virtio-balloon.c),
   QEMU's texts */
static void hmp_info_balloon(HmpCtx *c, const char *args)
{
    uint64_t actual;

    if (!virtio_balloon_actual(c->m, &actual)) {
        g_string_append(c->out, "Error: No balloon device has been "
                                "activated\n");
        return;
    }
    g_string_append_printf(c->out, "balloon: actual=%" PRIu64 "\n",
                           actual >> 20);
}

static void hmp_balloon(HmpCtx *c, const char *args)
{
    char *end;
    long long mib;

    while (*args == ' ') {
        args++;
    }
    if (!*args) {
        g_string_append(c->out, "unexpected end of expression\n"
                                "Try \"help balloon\" for more "
                                "information\n");
        return;
    }
    mib = strtoll(args, &end, 0);
    if (end == args || (*end && *end != ' ')) {
        g_string_append_printf(c->out, "invalid char '%c' in expression\n"
                               "Try \"help balloon\" for more "
                               "information\n", end == args ? *args : *end);
        return;
    }
    if (mib < 0) {
        g_string_append(c->out, "enter a positive value\nTry \"help "
                                "balloon\" for more information\n");
        return;
    }
    if (mib == 0) {
        g_string_append(c->out, "Error: Parameter 'target' expects a "
                                "size\n");
        return;
    }
    if (!virtio_balloon_set_target(c->m, (uint64_t)mib << 20)) {
        g_string_append(c->out, "Error: No balloon device has been "
                                "activated\n");
    }
}

static const HmpCmd hmp_info_cmds[] = {
    { "status", "", "show the current VM status (running|paused)",
      hmp_info_status },
    { "registers", "", "show the cpu registers", hmp_info_registers },
    { "cpus", "", "show infos for each CPU", hmp_info_cpus },
    { "version", "", "show the version of powerjit", hmp_info_version },
    { "name", "", "show the current VM name", hmp_info_name },
    { "roms", "", "show roms", hmp_info_roms },
    { "chardev", "", "show the character devices", hmp_info_chardev },
    { "block", "", "show info of one block device or all block devices",
      hmp_info_block },
    { "network", "", "show the network state", hmp_info_network },
    { "qtree", "", "show device tree", hmp_info_qtree },
    { "mtree", "", "show memory tree", hmp_info_mtree },
    { "pic", "", "show PIC state", hmp_info_pic },
    { "irq", "", "show the interrupts statistics (if available)",
      hmp_info_irq },
    { "balloon", "", "show balloon information", hmp_info_balloon },
};

static void hmp_info(HmpCtx *c, const char *args)
{
    size_t n = strcspn(args, " ");

    for (size_t i = 0; i < G_N_ELEMENTS(hmp_info_cmds); i++) {
        if (n && strlen(hmp_info_cmds[i].name) == n &&
            strncmp(hmp_info_cmds[i].name, args, n) == 0) {
            hmp_info_cmds[i].fn(c, args + n);
            return;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_info_cmds); i++) {
        g_string_append_printf(c->out, "info %s  -- %s\n",
                               hmp_info_cmds[i].name, hmp_info_cmds[i].help);
    }
}

/* ------------------------------------------------------------ control */

static void hmp_stop(HmpCtx *c, const char *args)
{
    runstate_stop(c->m->runstate, c->m);
}

static void hmp_cont(HmpCtx *c, const char *args)
{
    if (!runstate_cont(c->m->runstate)) {
        g_string_append(c->out, "Resetting the Virtual Machine is required\n");
    }
}

static void hmp_system_reset(HmpCtx *c, const char *args)
{
    spapr_machine_request(c->m, SPAPR_REQ_RESET_HOST);
}

static void hmp_system_powerdown(HmpCtx *c, const char *args)
{
    if (!spapr_events_powerdown(c->m)) {
        g_string_append(c->out, "system_powerdown: the machine has no "
                        "event source\n");
    }
}

static void hmp_nmi(HmpCtx *c, const char *args)
{
    spapr_machine_nmi(c->m);
}

/* log ITEM1[,...] / log none: the -d categories, now */
static void hmp_log(HmpCtx *c, const char *args)
{
    uint32_t mask = 0;
    char *err = NULL;

    if (!*args) {
        g_string_append(c->out, "Parameter 'items' is missing\n");
        return;
    }
    if (strcmp(args, "none") != 0 && !log_parse_mask(args, &mask, &err)) {
        g_string_append(c->out, "Invalid log mask\n");
        g_free(err);
        return;
    }
    /* vCPU threads read the mask while they run: an atomic store
       (log_set_mask), no exclusive section needed; a TB translated under
       the old mask keeps its logging (QEMU's does too) */
    log_set_mask(mask);
}

/* logfile FILE: the -D file, now */
static void hmp_logfile(HmpCtx *c, const char *args)
{
    char *err = NULL;

    if (!*args) {
        g_string_append(c->out, "Parameter 'filename' is missing\n");
    } else if (!log_set_file(args, &err)) {
        g_string_append_printf(c->out, "%s\n", err);
        g_free(err);
    }
}

static void hmp_screendump(HmpCtx *c, const char *args)
{
    g_string_append(c->out, "Error: There is no console to take a "
                    "screendump from\n");
}

/* no keyboard on this machine: QEMU drops the keys without a word */
static void hmp_sendkey(HmpCtx *c, const char *args)
{
}

static void hmp_quit(HmpCtx *c, const char *args)
{
    c->m->quit_reason = "host-qmp-quit";
    spapr_machine_request(c->m, SPAPR_REQ_QUIT);
}

/* gdbserver [DEV]: start the gdbstub on DEV (tcp::1234), stop it with
   none */
static void hmp_gdbserver(HmpCtx *c, const char *args)
{
    gdbstub_monitor_command(c->m, args, c->out);
}

static void hmp_help(HmpCtx *c, const char *args);

static const HmpCmd hmp_cmds[] = {
    { "help|?", "[cmd]", "show the help", hmp_help },
    { "info", "[subcommand]", "show various information about the system "
      "state", hmp_info },
    { "x", "/fmt addr", "virtual memory dump starting at 'addr'", hmp_x },
    { "xp", "/fmt addr", "physical memory dump starting at 'addr'", hmp_x },
    { "stop", "", "stop emulation", hmp_stop },
    { "cont|c", "", "resume emulation", hmp_cont },
    { "system_reset", "", "reset the system", hmp_system_reset },
    { "system_powerdown", "", "send system power down event",
      hmp_system_powerdown },
    { "nmi", "", "inject an NMI (a system reset interrupt)", hmp_nmi },
    { "log", "item1[,...]", "activate logging of the specified items",
      hmp_log },
    { "logfile", "filename", "output logs to 'filename'", hmp_logfile },
    { "gdbserver", "[device]", "start gdbserver on given device (default "
      "'tcp::1234'), stop with 'none'", hmp_gdbserver },
    { "screendump", "filename", "save screen as an image", hmp_screendump },
    { "sendkey", "keys", "send keys to the VM (none here: no keyboard)",
      hmp_sendkey },
    { "balloon", "target", "request VM to change its memory allocation (in "
      "MB)", hmp_balloon },
    { "quit|q", "", "quit the emulator", hmp_quit },
};

/* "cont|c" matches "cont" and "c" */
static bool hmp_name_matches(const char *names, const char *word, size_t n)
{
    for (const char *p = names; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && strncmp(p, word, n) == 0) {
            return true;
        }
        p += len + (p[len] == '|');
    }
    return false;
}

static void hmp_help(HmpCtx *c, const char *args)
{
    size_t n = strcspn(args, " ");

    for (size_t i = 0; i < G_N_ELEMENTS(hmp_cmds); i++) {
        if (n == 0 || hmp_name_matches(hmp_cmds[i].name, args, n)) {
            g_string_append_printf(c->out, "%s %s -- %s\n", hmp_cmds[i].name,
                                   hmp_cmds[i].args, hmp_cmds[i].help);
        }
    }
}

void monitor_hmp_run(Monitor *mon, SpaprMachine *m, const char *line,
                     GString *out)
{
    char *cmd = g_strstrip(g_strdup(line));
    char *args = cmd + strcspn(cmd, " ");
    size_t n = strcspn(cmd, " /");
    HmpCtx c = { .mon = mon, .m = m, .out = out, .cmd = cmd };

    if (*args) {
        *args++ = '\0';
        while (*args == ' ') {
            args++;
        }
    }
    if (!*cmd) {
        g_free(cmd);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_cmds); i++) {
        if (hmp_name_matches(hmp_cmds[i].name, cmd, n) &&
            (cmd[n] == '\0' || hmp_cmds[i].fn == hmp_x)) {
            hmp_cmds[i].fn(&c, args);
            g_free(cmd);
            return;
        }
    }
    g_string_append_printf(out, "unknown command: '%.*s'\n", (int)n, cmd);
    g_free(cmd);
}

/* ------------------------------------------------------------ transport */

static bool mon_write(int fd, const char *s, size_t len)
{
    while (len) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        s += n;
        len -= (size_t)n;
    }
    return true;
}

/*
 * The line editor of a monitor on a socket, which echoes as QEMU's
 * readline does there (a client that shows the session, or matches on
 * it, sees the same bytes): after each byte that changes the line, the
 * cursor goes back to the line's start ("\x1b[D" per column), the whole
 * line is printed again and cleared to its end ("\x1b[K"); a cursor move
 * is "\x1b[D" / "\x1b[C" per column.  CR and LF each end a line ("\r\n"
 * echoed, so CR LF is a command and an empty line), backspace deletes
 * before the cursor, ESC [ D / ESC [ C move it; other escape sequences
 * (history, home/end) and control bytes are swallowed.
 */
typedef struct MonLine {
    GString *buf;
    size_t cursor;      /* in buf */
    GString *shown;     /* what the peer's screen holds */
    size_t shown_cursor;
    int esc;            /* 0, 1 after ESC, 2 inside ESC [ */
} MonLine;

static void mon_line_refresh(MonLine *l, GString *echo)
{
    if (!g_string_equal(l->buf, l->shown)) {
        for (size_t i = 0; i < l->shown_cursor; i++) {
            g_string_append(echo, "\x1b[D");
        }
        g_string_append_len(echo, l->buf->str, (gssize)l->buf->len);
        g_string_append(echo, "\x1b[K");
        g_string_assign(l->shown, l->buf->str);
        l->shown_cursor = l->buf->len;
    }
    for (; l->shown_cursor > l->cursor; l->shown_cursor--) {
        g_string_append(echo, "\x1b[D");
    }
    for (; l->shown_cursor < l->cursor; l->shown_cursor++) {
        g_string_append(echo, "\x1b[C");
    }
}

/* one input byte; true when it ends the line (then l->buf holds it) */
static bool mon_line_byte(MonLine *l, uint8_t ch, GString *echo)
{
    if (l->esc == 1) {
        l->esc = ch == '[' ? 2 : 0;
        return false;
    }
    if (l->esc == 2) {
        if (ch >= 0x40 && ch <= 0x7e) { /* the final byte */
            l->esc = 0;
            if (ch == 'D' && l->cursor > 0) {
                l->cursor--;
            } else if (ch == 'C' && l->cursor < l->buf->len) {
                l->cursor++;
            }
            mon_line_refresh(l, echo);
        }
        return false;
    }
    if (ch == '\r' || ch == '\n') {
        g_string_append(echo, "\r\n");
        return true;
    }
    if (ch == 0x1b) {
        l->esc = 1;
    } else if (ch == 0x7f || ch == '\b') {
        if (l->cursor > 0) {
            g_string_erase(l->buf, (gssize)--l->cursor, 1);
        }
    } else if (ch >= 0x20) {
        g_string_insert_c(l->buf, (gssize)l->cursor++, (char)ch);
    }
    mon_line_refresh(l, echo);
    return false;
}

static void mon_line_reset(MonLine *l)
{
    g_string_truncate(l->buf, 0);
    g_string_truncate(l->shown, 0);
    l->cursor = l->shown_cursor = 0;
    l->esc = 0;
}

/* runs the line, writes its output (\r\n line ends) and the prompt */
static void mon_run_line(Monitor *mon, int out_fd, const char *line,
                         GString *out)
{
    g_string_truncate(out, 0);
    monitor_hmp_run(mon, mon->m, line, out);
    /* a terminal wants \r\n */
    for (gsize k = 0; k < out->len; k++) {
        if (out->str[k] == '\n') {
            g_string_insert_c(out, (gssize)k++, '\r');
        }
    }
    g_string_append(out, "(qemu) ");
    mon_write(out_fd, out->str, out->len);
}

/* one session: banner, then a prompt and a command per line until EOF;
   echo: a socket (the line editor above), else stdio, whose terminal
   echoes for itself */
static void mon_session(Monitor *mon, int in_fd, int out_fd, bool echo)
{
    GString *line = g_string_new(NULL), *out = g_string_new(NULL);
    GString *shown = g_string_new(NULL);
    MonLine ed = { .buf = g_string_new(NULL), .shown = g_string_new(NULL) };
    char buf[512];
    char *banner = g_strdup_printf("powerjit %s monitor - type 'help' for "
                                   "more information\r\n(qemu) ",
                                   POWERJIT_VERSION);

    mon_write(out_fd, banner, strlen(banner));
    g_free(banner);
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = in_fd, .events = POLLIN },
            { .fd = mon->quit_efd, .events = POLLIN },
        };
        ssize_t n;

        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (pfd[1].revents) {
            break;
        }
        n = read(in_fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            if (echo) {
                g_string_truncate(shown, 0);
                bool done = mon_line_byte(&ed, (uint8_t)buf[i], shown);
                mon_write(out_fd, shown->str, shown->len);
                if (done) {
                    mon_run_line(mon, out_fd, ed.buf->str, out);
                    mon_line_reset(&ed);
                }
                continue;
            }
            if (buf[i] != '\n') {
                if (buf[i] != '\r') {
                    g_string_append_c(line, buf[i]);
                }
                continue;
            }
            mon_run_line(mon, out_fd, line->str, out);
            g_string_truncate(line, 0);
        }
    }
    g_string_free(line, true);
    g_string_free(out, true);
    g_string_free(shown, true);
    g_string_free(ed.buf, true);
    g_string_free(ed.shown, true);
}

static gpointer mon_thread(gpointer opaque)
{
    Monitor *mon = opaque;

    if (mon->passed_fd >= 0) {
        /* one session on the parent's connection; when its peer goes,
           nobody can come back (QEMU's client socket without
           reconnect=) */
        __atomic_store_n(&mon->conn_fd, mon->passed_fd, __ATOMIC_RELAXED);
        mon_session(mon, mon->passed_fd, mon->passed_fd, true);
        __atomic_store_n(&mon->conn_fd, -1, __ATOMIC_RELAXED);
        ppc_disas_thread_exit();
        return NULL;
    }
    if (mon->listen_fd < 0) {
        mon_session(mon, 0, 1, false);
        ppc_disas_thread_exit();
        return NULL;
    }
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = mon->listen_fd, .events = POLLIN },
            { .fd = mon->quit_efd, .events = POLLIN },
        };
        int fd;

        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (pfd[1].revents) {
            break;
        }
        fd = accept(mon->listen_fd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        __atomic_store_n(&mon->conn_fd, fd, __ATOMIC_RELAXED);
        mon_session(mon, fd, fd, true);
        __atomic_store_n(&mon->conn_fd, -1, __ATOMIC_RELAXED);
        close(fd);
    }
    ppc_disas_thread_exit();
    return NULL;
}

/* ------------------------------------------------------------ mux console */

static void mux_puts(Monitor *mon, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            chardev_write(mon->mux, "\r\n", 2);
        } else {
            chardev_write(mon->mux, &s[i], 1);
        }
    }
}

/* the console's input while the monitor has the focus (raw terminal: we
   echo, and take backspace) */
static void mux_input(void *opaque, int byte)
{
    Monitor *mon = opaque;

    if (byte == CHARDEV_MONITOR_FOCUS) {
        char *s = mon->mux_greeted
                      ? g_strdup("\n(qemu) ")
                      : g_strdup_printf("\npowerjit %s monitor - type 'help' "
                                        "for more information\n(qemu) ",
                                        POWERJIT_VERSION);
        mon->mux_greeted = true;
        mux_puts(mon, s, strlen(s));
        g_free(s);
        return;
    }
    if (byte < 0) {
        mux_puts(mon, "\n", 1);
        return;
    }
    if (byte == '\r' || byte == '\n') {
        GString *out = g_string_new(NULL);
        mux_puts(mon, "\n", 1);
        monitor_hmp_run(mon, mon->m, mon->mux_line->str, out);
        /* the console's reader thread is not ours to end: close its
           disassembler handles now */
        ppc_disas_thread_exit();
        g_string_truncate(mon->mux_line, 0);
        mux_puts(mon, out->str, out->len);
        mux_puts(mon, "(qemu) ", 7);
        g_string_free(out, true);
    } else if (byte == 0x7f || byte == '\b') {
        if (mon->mux_line->len) {
            g_string_truncate(mon->mux_line, mon->mux_line->len - 1);
            mux_puts(mon, "\b \b", 3);
        }
    } else if (byte >= 0x20 && byte < 0x7f) {
        char ch = (char)byte;
        g_string_append_c(mon->mux_line, ch);
        mux_puts(mon, &ch, 1);
    }
}

Monitor *monitor_new_detached(SpaprMachine *m)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->passed_fd = -1;
    mon->m = m;
    mon->last_fmt = 'x';
    mon->last_size = 4;
    mon->listen_fd = -1;
    mon->quit_efd = -1;
    return mon;
}

Monitor *monitor_attach_mux(SpaprMachine *m, Chardev *con)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->passed_fd = -1;
    mon->m = m;
    mon->last_fmt = 'x';
    mon->last_size = 4;
    mon->listen_fd = -1;
    mon->quit_efd = -1;
    mon->mux = con;
    mon->mux_line = g_string_new(NULL);
    chardev_set_monitor(con, mux_input, mon);
    return mon;
}

Monitor *monitor_start(SpaprMachine *m, const char *dev, char **err)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->m = m;
    mon->last_fmt = 'x';
    mon->last_size = 4;
    mon->listen_fd = -1;
    mon->passed_fd = -1;
    if (g_str_has_prefix(dev, "fd:")) {
        char *e = NULL;
        bool listening;
        int fd = socket_from_fd(dev, &listening, &e);
        if (fd < 0) {
            *err = g_strdup_printf("-mon: %s", e);
            g_free(e);
            g_free(mon);
            return NULL;
        }
        if (listening) {
            mon->listen_fd = fd;
        } else {
            mon->passed_fd = fd;
        }
    } else if (strcmp(dev, "stdio") != 0) {
        char *e = NULL;
        mon->listen_fd = socket_listen(dev, &mon->unix_path, &e);
        if (mon->listen_fd < 0) {
            *err = g_strdup_printf("-monitor %s: %s", dev, e);
            g_free(e);
            g_free(mon);
            return NULL;
        }
    }
    mon->conn_fd = -1;
    monitor_chardev_register(m, NULL, dev,
                             mon->listen_fd >= 0 || mon->passed_fd >= 0
                                 ? &mon->conn_fd
                                 : NULL,
                             mon);
    mon->quit_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    mon->thread = g_thread_new("monitor", mon_thread, mon);
    return mon;
}

void monitor_free(Monitor *mon)
{
    uint64_t one = 1;

    if (!mon) {
        return;
    }
    if (mon->mux) {
        chardev_set_monitor(mon->mux, NULL, NULL);
        g_string_free(mon->mux_line, true);
    }
    if (!mon->thread) {
        g_free(mon);
        return;
    }
    monitor_chardev_unregister(mon->m, mon);
    if (write(mon->quit_efd, &one, sizeof(one)) < 0) {
        /* cannot fail on a fresh eventfd */
    }
    g_thread_join(mon->thread);
    close(mon->quit_efd);
    if (mon->listen_fd >= 0) {
        close(mon->listen_fd);
    }
    if (mon->passed_fd >= 0) {
        close(mon->passed_fd);
    }
    if (mon->unix_path) {
        unlink(mon->unix_path);
        g_free(mon->unix_path);
    }
    g_free(mon);
}
