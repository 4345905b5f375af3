/*
 * system/gdbstub.c: GDB's remote serial protocol (GDB manual, appendix
 * "GDB Remote Serial Protocol"), so that `gdb-multiarch vmlinux` with
 * `target remote :1234` debugs the guest (-s, -gdb DEV, -S).
 *
 * One thread of its own owns the listening socket and the connection.  It
 * touches guest state only while the vCPU is parked (system/runstate.c):
 * a connecting debugger stops the machine, as does Ctrl-C (a bare 0x03
 * byte), a breakpoint or the end of a single step; `c`, `s`, `vCont` and
 * `D` let it go.  While the guest runs, the thread waits in poll() for
 * the socket (Ctrl-C) and for an eventfd that the run state's notify
 * function writes when the vCPU parks; it then sends the stop reply.
 *
 * Breakpoints (Z0 software and Z1 hardware alike) are a list in the vCPU
 * that the translator consults (target-ppc/translate.c): a TB ends with a
 * debug exception in front of an instruction at a breakpoint address.
 * Setting or clearing one invalidates only the TBs that cover its address
 * (tb_invalidate_pc), so no flush, and with no breakpoint the translated
 * code is what it is without a debugger.  Watchpoints (Z2 write, Z3 read,
 * Z4 access) go to every vCPU's list (accel/tcg/watch.c: the slow path
 * checks the accesses to their pages, and a hit stops the guest after the
 * instruction); the stop reply names the hit.  Guest memory is read and written
 * through the MMU as the vCPU sees it now (data translation), or as real
 * addresses after `maintenance packet Qqemu.PhyMemMode:1`.
 *
 * One vCPU for now: thread id 1.  No multiprocess extensions.
 */
#include <errno.h>
#include <sys/socket.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "exec.h"
#include "gdb-regs.h"
#include "gdbstub.h"
#include "monitor.h"
#include "runstate.h"
#include "socket.h"
#include "spapr.h"

#define GDB_PACKET_SIZE 0x4000
/* gdb's signal numbers in stop replies */
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5

struct GdbStub {
    SpaprMachine *m;
    int listen_fd;
    int conn_fd;
    int stop_efd;      /* the vCPU parked (written by gdb_on_stop) */
    int quit_efd;      /* gdbstub_free: end the thread */
    char *unix_path;   /* to unlink */
    GThread *thread;
    bool no_ack;
    bool phys_mode;    /* Qqemu.PhyMemMode:1 */
    bool exited;       /* the machine is gone */
    GString *in;       /* the packet being received */
    /* the receiver: bytes read but not parsed, the parser's state */
    uint8_t rx_buf[4096];
    size_t rx_pos, rx_len;
    enum { GDB_RX_WAITING, GDB_RX_BODY, GDB_RX_SUM1, GDB_RX_SUM2 } rx_state;
    uint8_t rx_sum, rx_want;
    GString *out;
    char *xml;
    struct Monitor *hmp; /* qRcmd's monitor, made at the first one */
};

/* ------------------------------------------------------------ socket I/O */

static bool gdb_send_raw(GdbStub *g, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(g->conn_fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static void gdb_put_packet(GdbStub *g, const char *data)
{
    GString *s = g_string_new("$");
    uint8_t sum = 0;

    for (const char *p = data; *p; p++) {
        /* '#', '$', '}' and '*' travel escaped: '}' then the byte ^ 0x20 */
        if (*p == '#' || *p == '$' || *p == '}' || *p == '*') {
            g_string_append_c(s, '}');
            g_string_append_c(s, *p ^ 0x20);
            sum += (uint8_t)'}' + (uint8_t)(*p ^ 0x20);
        } else {
            g_string_append_c(s, *p);
            sum += (uint8_t)*p;
        }
    }
    g_string_append_printf(s, "#%02x", sum);
    gdb_send_raw(g, s->str, s->len);
    g_string_free(s, true);
}

typedef enum GdbInput {
    GDB_IN_PACKET,  /* g->in holds a packet */
    GDB_IN_BREAK,   /* Ctrl-C */
    GDB_IN_CLOSED,  /* the connection went away (or the stub is ending) */
    GDB_IN_STOPPED, /* the vCPU parked (only while waiting for it) */
} GdbInput;

static void gdb_drain_efd(int fd)
{
    uint64_t v;

    if (read(fd, &v, sizeof(v)) < 0) {
        /* nothing was pending */
    }
}

/*
 * Feeds one received byte to the packet parser, whose state lives in the
 * stub so that a packet may arrive in any number of pieces.  Returns
 * GDB_IN_PACKET or GDB_IN_BREAK when c completes one, else -1.
 * Packets are acknowledged here unless QStartNoAckMode was agreed on.
 */
static int gdb_parse_byte(GdbStub *g, uint8_t c)
{
    switch (g->rx_state) {
    case GDB_RX_WAITING:
        if (c == 0x03) {
            return GDB_IN_BREAK;
        }
        if (c == '$') {
            g_string_truncate(g->in, 0);
            g->rx_sum = 0;
            g->rx_state = GDB_RX_BODY;
        }
        return -1; /* '+', '-' and noise between packets */
    case GDB_RX_BODY:
        if (c == '#') {
            g->rx_state = GDB_RX_SUM1;
        } else {
            g->rx_sum += c;
            if (g->in->len < GDB_PACKET_SIZE) {
                g_string_append_c(g->in, (char)c);
            }
        }
        return -1;
    case GDB_RX_SUM1:
        g->rx_want = (uint8_t)(g_ascii_xdigit_value((char)c) << 4);
        g->rx_state = GDB_RX_SUM2;
        return -1;
    case GDB_RX_SUM2:
        g->rx_want |= (uint8_t)g_ascii_xdigit_value((char)c);
        g->rx_state = GDB_RX_WAITING;
        if (g->no_ack) {
            return GDB_IN_PACKET;
        }
        if (g->rx_want == g->rx_sum) {
            gdb_send_raw(g, "+", 1);
            return GDB_IN_PACKET;
        }
        gdb_send_raw(g, "-", 1);
        return -1;
    }
    return -1;
}

/*
 * Waits for the next packet, a Ctrl-C, or (running) the vCPU's stop.
 * Every wait is a poll() on the connection and the stub's eventfds, never
 * a blocking read: a debugger that sends half a packet and goes quiet
 * still sees the guest's stop, and the stub still ends when asked.
 */
static GdbInput gdb_next_input(GdbStub *g, bool running)
{
    for (;;) {
        struct pollfd pfd[3] = {
            { .fd = g->conn_fd, .events = POLLIN },
            { .fd = g->quit_efd, .events = POLLIN },
            { .fd = g->stop_efd, .events = POLLIN },
        };
        ssize_t n;

        while (g->rx_pos < g->rx_len) {
            int r = gdb_parse_byte(g, g->rx_buf[g->rx_pos++]);
            if (r >= 0) {
                return (GdbInput)r;
            }
        }
        if (poll(pfd, running ? 3 : 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return GDB_IN_CLOSED;
        }
        if (pfd[1].revents) {
            return GDB_IN_CLOSED;
        }
        if (running && pfd[2].revents) {
            gdb_drain_efd(g->stop_efd);
            return GDB_IN_STOPPED;
        }
        if (!pfd[0].revents) {
            continue;
        }
        n = recv(g->conn_fd, g->rx_buf, sizeof(g->rx_buf), MSG_DONTWAIT);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            return GDB_IN_CLOSED;
        }
        g->rx_pos = 0;
        g->rx_len = (size_t)n;
    }
}

/* ------------------------------------------------------------ helpers */

static void gdb_hex(GString *s, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        g_string_append_printf(s, "%02x", buf[i]);
    }
}

/* hex text into bytes; false on a bad digit or odd length */
static bool gdb_unhex(const char *p, size_t nbytes, uint8_t *buf)
{
    for (size_t i = 0; i < nbytes; i++) {
        int hi = g_ascii_xdigit_value(p[2 * i]);
        int lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* "ADDR,LEN" with an optional terminator; returns what follows or NULL */
static const char *gdb_addr_len(const char *p, uint64_t *addr, uint64_t *len)
{
    char *end;

    *addr = g_ascii_strtoull(p, &end, 16);
    if (end == p || *end != ',') {
        return NULL;
    }
    p = end + 1;
    *len = g_ascii_strtoull(p, &end, 16);
    if (end == p) {
        return NULL;
    }
    return end;
}

static bool gdb_bp_insert(CPUPPCState *env, uint64_t addr)
{
    if (ppc_breakpoint_at(env, addr)) {
        return true;
    }
    if (env->nb_breakpoints == PPC_MAX_BREAKPOINTS) {
        return false;
    }
    env->breakpoints[env->nb_breakpoints++] = addr;
    tb_invalidate_pc(addr);
    return true;
}

static bool gdb_bp_remove(CPUPPCState *env, uint64_t addr)
{
    for (uint32_t i = 0; i < env->nb_breakpoints; i++) {
        if (env->breakpoints[i] == addr) {
            env->breakpoints[i] = env->breakpoints[--env->nb_breakpoints];
            tb_invalidate_pc(addr);
            return true;
        }
    }
    return false;
}

static void gdb_bp_remove_all(CPUPPCState *env)
{
    while (env->nb_breakpoints) {
        gdb_bp_remove(env, env->breakpoints[0]);
    }
}

/* ------------------------------------------------------------ commands */

typedef enum GdbAction {
    GDB_STAY,     /* stopped: wait for the next packet */
    GDB_RESUME,   /* the vCPU runs: wait for its stop */
    GDB_DETACH,   /* close the connection, the guest goes on */
    GDB_KILL,     /* end the emulator */
} GdbAction;

/*
 * T SIG thread:01; and, after a watchpoint's hit, the hit as the protocol
 * names it: "watch:ADDR;" (write), "rwatch:" (read) or "awatch:" (access),
 * ADDR being the first watched byte the access touched.  The hit is
 * reported once.
 */
static void gdb_stop_reply(GdbStub *g, int sig)
{
    char buf[80];
    int n = snprintf(buf, sizeof(buf), "T%02xthread:01;", sig);

    for (uint32_t i = 0; i < g->m->nr_cpus; i++) {
        CPUPPCState *env = g->m->cpus[i];
        uint32_t hit = env->watch_hit;
        if (hit) {
            const char *name = hit == PPC_WATCH_WRITE  ? "watch"
                               : hit == PPC_WATCH_READ ? "rwatch"
                                                       : "awatch";
            snprintf(buf + n, sizeof(buf) - (size_t)n, "%s:%" PRIx64 ";",
                     name, env->watch_hit_addr);
            env->watch_hit = 0;
            break;
        }
    }
    gdb_put_packet(g, buf);
}

static void gdb_cmd_read_regs(GdbStub *g)
{
    uint8_t buf[16];

    g_string_truncate(g->out, 0);
    for (int n = 0; n < ppc_gdb_num_regs(); n++) {
        gdb_hex(g->out, buf, (size_t)ppc_gdb_read_reg(g->m->cpu, n, buf));
    }
    gdb_put_packet(g, g->out->str);
}

static void gdb_cmd_write_regs(GdbStub *g, const char *p)
{
    CPUPPCState *env = g->m->cpu;
    uint8_t buf[16];
    size_t len = strlen(p);

    for (int n = 0; n < ppc_gdb_num_regs(); n++) {
        int size = ppc_gdb_read_reg(env, n, buf);
        if (len < 2 * (size_t)size) {
            break;
        }
        if (!gdb_unhex(p, (size_t)size, buf)) {
            gdb_put_packet(g, "E22");
            return;
        }
        ppc_gdb_write_reg(env, n, buf);
        p += 2 * size;
        len -= 2 * (size_t)size;
    }
    gdb_put_packet(g, "OK");
}

static void gdb_cmd_reg(GdbStub *g, const char *p, bool write)
{
    CPUPPCState *env = g->m->cpu;
    uint8_t buf[16];
    char *end;
    int n = (int)g_ascii_strtoull(p, &end, 16), size;

    size = ppc_gdb_read_reg(env, n, buf);
    if (end == p || size == 0) {
        gdb_put_packet(g, write ? "E22" : "E14");
        return;
    }
    if (write) {
        if (*end != '=' || strlen(end + 1) < 2 * (size_t)size ||
            !gdb_unhex(end + 1, (size_t)size, buf)) {
            gdb_put_packet(g, "E22");
            return;
        }
        ppc_gdb_write_reg(env, n, buf);
        gdb_put_packet(g, "OK");
        return;
    }
    g_string_truncate(g->out, 0);
    gdb_hex(g->out, buf, (size_t)size);
    gdb_put_packet(g, g->out->str);
}

static void gdb_cmd_mem(GdbStub *g, char cmd, const char *p)
{
    uint64_t addr, len;
    uint8_t *buf;
    bool ok;

    p = gdb_addr_len(p, &addr, &len);
    if (!p || len > GDB_PACKET_SIZE) {
        gdb_put_packet(g, "E22");
        return;
    }
    buf = g_malloc(len ? len : 1);
    if (cmd == 'm') {
        ok = debug_memory_rw(g->m, addr, buf, len, false, g->phys_mode);
        if (ok) {
            g_string_truncate(g->out, 0);
            gdb_hex(g->out, buf, len);
            gdb_put_packet(g, g->out->str);
        }
    } else if (cmd == 'M') {
        ok = *p == ':' && strlen(p + 1) >= 2 * len &&
             gdb_unhex(p + 1, len, buf) && debug_memory_rw(g->m, addr, buf, len, true, g->phys_mode);
        if (ok) {
            gdb_put_packet(g, "OK");
        }
    } else {
        /* X: binary data, '}' escapes (the packet's bytes as received) */
        const char *end = g->in->str + g->in->len;
        uint64_t n = 0;
        ok = *p++ == ':';
        while (ok && p < end && n < len) {
            buf[n++] = *p == '}' && p + 1 < end ? (uint8_t)(*++p ^ 0x20)
                                                : (uint8_t)*p;
            p++;
        }
        ok = ok && n == len && debug_memory_rw(g->m, addr, buf, len, true, g->phys_mode);
        if (ok) {
            gdb_put_packet(g, "OK");
        }
    }
    if (!ok) {
        gdb_put_packet(g, "E14");
    }
    g_free(buf);
}

/* gdb's Z2/Z3/Z4 types as watchpoint kinds (index type - 2) */
static const uint32_t gdb_watch_kinds[3] = {
    PPC_WATCH_WRITE,
    PPC_WATCH_READ,
    PPC_WATCH_READ | PPC_WATCH_WRITE,
};

/* a watchpoint goes to every vCPU: any of them may touch the variable */
static bool gdb_watch_change(GdbStub *g, uint64_t addr, uint64_t len,
                             uint32_t kinds, bool insert)
{
    bool ok = true;

    for (uint32_t i = 0; i < g->m->nr_cpus; i++) {
        CPUPPCState *env = g->m->cpus[i];
        if (insert) {
            ok = cpu_watch_insert(env, addr, len, kinds) && ok;
        } else {
            cpu_watch_remove(env, addr, len, kinds);
        }
    }
    if (insert && !ok) {
        /* all or nothing */
        gdb_watch_change(g, addr, len, kinds, false);
    }
    return ok;
}

/* Z/z TYPE,ADDR,KIND: 0 software and 1 hardware breakpoints (KIND is the
   instruction's size), 2 write, 3 read and 4 access watchpoints (KIND is
   the length in bytes) */
static void gdb_cmd_breakpoint(GdbStub *g, const char *p, bool insert)
{
    uint64_t addr, kind;
    char type = p[0];

    if (type < '0' || type > '4' || p[1] != ',') {
        gdb_put_packet(g, ""); /* not a type we know */
        return;
    }
    if (!gdb_addr_len(p + 2, &addr, &kind)) {
        gdb_put_packet(g, "E22");
        return;
    }
    if (type >= '2') {
        uint32_t kinds = gdb_watch_kinds[type - '2'];
        if (kind == 0 || kind > TARGET_PAGE_SIZE || addr + (kind - 1) < addr) {
            gdb_put_packet(g, "E22");
        } else if (insert) {
            gdb_put_packet(g, gdb_watch_change(g, addr, kind, kinds, true)
                                  ? "OK"
                                  : "E28");
        } else {
            gdb_watch_change(g, addr, kind, kinds, false);
            gdb_put_packet(g, "OK");
        }
        return;
    }
    if (insert) {
        gdb_put_packet(g, gdb_bp_insert(g->m->cpu, addr) ? "OK" : "E28");
    } else {
        gdb_bp_remove(g->m->cpu, addr);
        gdb_put_packet(g, "OK");
    }
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void gdb_cmd_xfer_features(GdbStub *g, const char *p)
{
    uint64_t off, len;
    size_t total = strlen(g->xml);
    const char *colon = strchr(p, ':');

    if (!colon || strncmp(p, "target.xml", (size_t)(colon - p)) != 0 ||
        colon - p != 10) {
        gdb_put_packet(g, "E00");
        return;
    }
    if (!gdb_addr_len(colon + 1, &off, &len)) {
        gdb_put_packet(g, "E00");
        return;
    }
    if (len > GDB_PACKET_SIZE - 8) {
        len = GDB_PACKET_SIZE - 8;
    }
    g_string_truncate(g->out, 0);
    if (off >= total) {
        g_string_append_c(g->out, 'l');
    } else {
        size_t n = MIN((size_t)len, total - (size_t)off);
        g_string_append_c(g->out, off + n < total ? 'm' : 'l');
        g_string_append_len(g->out, g->xml + off, (gssize)n);
    }
    gdb_put_packet(g, g->out->str);
}

/* qRcmd,HEX ("monitor CMD" in gdb): the command runs in the human
   monitor; its output comes back in O packets, then OK */
static void gdb_cmd_rcmd(GdbStub *g, const char *hex)
{
    size_t n = strlen(hex) / 2;
    char *line = g_malloc0(n + 1);

    if (strlen(hex) % 2 || !gdb_unhex(hex, n, (uint8_t *)line) ||
        memchr(line, '\0', n)) {
        g_free(line);
        gdb_put_packet(g, "E01");
        return;
    }
    if (!g->hmp) {
        g->hmp = monitor_new_detached(g->m);
    }
    GString *out = g_string_new(NULL);
    monitor_hmp_run(g->hmp, g->m, line, out);
    /* each O packet carries at most half a packet of text */
    const size_t chunk = GDB_PACKET_SIZE / 2 - 8;
    for (size_t off = 0; off < out->len; off += chunk) {
        g_string_truncate(g->out, 0);
        g_string_append_c(g->out, 'O');
        gdb_hex(g->out, (const uint8_t *)out->str + off,
                MIN(chunk, out->len - off));
        gdb_put_packet(g, g->out->str);
    }
    g_string_free(out, true);
    g_free(line);
    gdb_put_packet(g, "OK");
}

static void gdb_cmd_query(GdbStub *g, const char *p)
{
    if (g_str_has_prefix(p, "qSupported")) {
        char buf[160];
        snprintf(buf, sizeof(buf), "PacketSize=%x;qXfer:features:read+;"
                 "vContSupported+;swbreak+;hwbreak+;QStartNoAckMode+",
                 GDB_PACKET_SIZE);
        gdb_put_packet(g, buf);
    } else if (g_str_has_prefix(p, "qXfer:features:read:")) {
        gdb_cmd_xfer_features(g, p + strlen("qXfer:features:read:"));
    } else if (strcmp(p, "qAttached") == 0) {
        gdb_put_packet(g, "1");
    } else if (strcmp(p, "qC") == 0) {
        gdb_put_packet(g, "QC01");
    } else if (strcmp(p, "qfThreadInfo") == 0) {
        gdb_put_packet(g, "m01");
    } else if (strcmp(p, "qsThreadInfo") == 0) {
        gdb_put_packet(g, "l");
    } else if (g_str_has_prefix(p, "qThreadExtraInfo")) {
        g_string_truncate(g->out, 0);
        gdb_hex(g->out, (const uint8_t *)"CPU#0 [running]", 15);
        gdb_put_packet(g, g->out->str);
    } else if (strcmp(p, "QStartNoAckMode") == 0) {
        gdb_put_packet(g, "OK");
        g->no_ack = true;
    } else if (g_str_has_prefix(p, "Qqemu.PhyMemMode:")) {
        g->phys_mode = p[strlen("Qqemu.PhyMemMode:")] == '1';
        gdb_put_packet(g, "OK");
    } else if (g_str_has_prefix(p, "qRcmd,")) {
        gdb_cmd_rcmd(g, p + strlen("qRcmd,"));
    } else if (strcmp(p, "qqemu.PhyMemMode") == 0) {
        gdb_put_packet(g, g->phys_mode ? "1" : "0");
    } else {
        gdb_put_packet(g, "");
    }
}

/* resume for c/s: optional new pc */
static GdbAction gdb_resume(GdbStub *g, const char *addr, bool step)
{
    CPUPPCState *env = g->m->cpu;

    if (addr && *addr) {
        env->nip = g_ascii_strtoull(addr, NULL, 16);
    }
    env->singlestep = step ? 1 : 0;
    for (uint32_t i = 0; i < g->m->nr_cpus; i++) {
        g->m->cpus[i]->watch_hit = 0; /* reported, or superseded */
    }
    return GDB_RESUME;
}

/* vCont;ACTION[:THREAD];...: the first action for thread 1 or all wins */
static GdbAction gdb_cmd_vcont(GdbStub *g, const char *p)
{
    gchar **acts = g_strsplit(p, ";", -1);
    GdbAction act = GDB_STAY;

    for (int i = 0; acts[i] && act == GDB_STAY; i++) {
        const char *a = acts[i], *tid = strchr(a, ':');
        if (tid && g_ascii_strtoll(tid + 1, NULL, 16) != 1 &&
            strcmp(tid + 1, "-1") != 0) {
            continue;
        }
        if (a[0] == 'c' || a[0] == 'C') {
            act = gdb_resume(g, NULL, false);
        } else if (a[0] == 's' || a[0] == 'S') {
            act = gdb_resume(g, NULL, true);
        }
    }
    g_strfreev(acts);
    if (act == GDB_STAY) {
        gdb_put_packet(g, "E22");
    }
    return act;
}

static GdbAction gdb_handle_packet(GdbStub *g)
{
    const char *p = g->in->str;

    switch (p[0]) {
    case '?':
        gdb_stop_reply(g, GDB_SIGTRAP);
        return GDB_STAY;
    case 'g':
        gdb_cmd_read_regs(g);
        return GDB_STAY;
    case 'G':
        gdb_cmd_write_regs(g, p + 1);
        return GDB_STAY;
    case 'p':
    case 'P':
        gdb_cmd_reg(g, p + 1, p[0] == 'P');
        return GDB_STAY;
    case 'm':
    case 'M':
    case 'X':
        gdb_cmd_mem(g, p[0], p + 1);
        return GDB_STAY;
    case 'c':
        return gdb_resume(g, p + 1, false);
    case 's':
        return gdb_resume(g, p + 1, true);
    case 'C':
    case 'S': {
        /* signal;addr: the signal is not delivered to a system guest */
        const char *semi = strchr(p, ';');
        return gdb_resume(g, semi ? semi + 1 : NULL, p[0] == 'S');
    }
    case 'Z':
    case 'z':
        gdb_cmd_breakpoint(g, p + 1, p[0] == 'Z');
        return GDB_STAY;
    case 'H':
    case 'T':
        gdb_put_packet(g, "OK");
        return GDB_STAY;
    case 'D':
        gdb_put_packet(g, "OK");
        return GDB_DETACH;
    case 'k':
        return GDB_KILL;
    case 'q':
    case 'Q':
        gdb_cmd_query(g, p);
        return GDB_STAY;
    case 'v':
        if (strcmp(p, "vCont?") == 0) {
            gdb_put_packet(g, "vCont;c;C;s;S");
            return GDB_STAY;
        }
        if (g_str_has_prefix(p, "vCont;")) {
            return gdb_cmd_vcont(g, p + 6);
        }
        if (g_str_has_prefix(p, "vKill")) {
            gdb_put_packet(g, "OK");
            return GDB_KILL;
        }
        gdb_put_packet(g, "");
        return GDB_STAY;
    default:
        gdb_put_packet(g, "");
        return GDB_STAY;
    }
}

/* ------------------------------------------------------------ the thread */

static void gdb_on_stop(void *opaque, RunStopReason why)
{
    GdbStub *g = opaque;
    uint64_t one = 1;

    if (why == RUN_STOP_EXIT) {
        __atomic_store_n(&g->exited, true, __ATOMIC_SEQ_CST);
    }
    if (write(g->stop_efd, &one, sizeof(one)) < 0) {
        /* the counter is saturated: a wake-up is pending anyway */
    }
}

/* drops the debugger's state; resume: the guest runs again */
static void gdb_release(GdbStub *g, bool resume)
{
    if (!__atomic_load_n(&g->exited, __ATOMIC_SEQ_CST)) {
        gdb_bp_remove_all(g->m->cpu);
        for (uint32_t i = 0; i < g->m->nr_cpus; i++) {
            cpu_watch_remove_all(g->m->cpus[i]);
        }
        g->m->cpu->singlestep = 0;
        if (resume) {
            runstate_cont(g->m->runstate);
        }
    }
}

/* one debugger connection, from its first packet to its end */
static void gdb_serve(GdbStub *g)
{
    RunState *rs = g->m->runstate;
    bool running = false;
    /* a machine that was stopped (-S, the monitor's stop) stays so when
       the debugger goes without detaching, as QEMU's does; D resumes */
    bool was_stopped = runstate_stop_wanted(rs);
    bool detached = false;

    g->no_ack = false;
    g->phys_mode = false;
    g->rx_pos = g->rx_len = 0;
    g->rx_state = GDB_RX_WAITING;
    /* a debugger that connects finds the guest stopped */
    if (!runstate_stop(rs, g->m)) {
        return;
    }
    gdb_drain_efd(g->stop_efd);
    for (;;) {
        GdbInput in = gdb_next_input(g, running);
        GdbAction act;

        if (in == GDB_IN_CLOSED) {
            break;
        }
        if (in == GDB_IN_BREAK) {
            if (running) {
                runstate_stop_async(rs, g->m);
            }
            continue;
        }
        if (in == GDB_IN_STOPPED) {
            if (__atomic_load_n(&g->exited, __ATOMIC_SEQ_CST)) {
                gdb_put_packet(g, "W00");
                return;
            }
            running = false;
            gdb_stop_reply(g, runstate_reason(rs) == RUN_STOP_DEBUG
                                  ? GDB_SIGTRAP
                                  : GDB_SIGINT);
            continue;
        }
        if (running) {
            continue; /* only Ctrl-C means something while it runs */
        }
        act = gdb_handle_packet(g);
        if (act == GDB_RESUME) {
            gdb_drain_efd(g->stop_efd);
            running = true;
            runstate_cont(rs);
        } else if (act == GDB_DETACH) {
            detached = true;
            break;
        } else if (act == GDB_KILL) {
            spapr_machine_request(g->m, SPAPR_REQ_QUIT);
            runstate_cont(rs);
            return;
        }
    }
    /* gone while the guest ran: it goes on as it was */
    gdb_release(g, detached || running || !was_stopped);
}

static gpointer gdb_thread(gpointer opaque)
{
    GdbStub *g = opaque;

    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = g->listen_fd, .events = POLLIN },
            { .fd = g->quit_efd, .events = POLLIN },
        };
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (pfd[1].revents) {
            break;
        }
        int fd = accept(g->listen_fd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        __atomic_store_n(&g->conn_fd, fd, __ATOMIC_RELAXED);
        gdb_serve(g);
        close(fd);
        __atomic_store_n(&g->conn_fd, -1, __ATOMIC_RELAXED);
        if (__atomic_load_n(&g->exited, __ATOMIC_SEQ_CST)) {
            break;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ set-up */

GdbStub *gdbstub_start(SpaprMachine *m, const char *dev, char **err)
{
    GdbStub *g;
    int fd;

    if (strcmp(dev, "none") == 0) {
        return NULL;
    }
    g = g_new0(GdbStub, 1);
    fd = socket_listen(dev, &g->unix_path, err);
    if (fd < 0) {
        char *e = *err;
        *err = g_strdup_printf("-gdb %s: %s", dev, e);
        g_free(e);
        g_free(g);
        return NULL;
    }
    g->m = m;
    g->listen_fd = fd;
    g->conn_fd = -1;
    g->stop_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    g->quit_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    g->in = g_string_new(NULL);
    g->out = g_string_new(NULL);
    g->xml = ppc_gdb_target_xml();
    runstate_set_notify(m->runstate, gdb_on_stop, g);
    monitor_chardev_register(m, "gdb", dev, &g->conn_fd, g);
    g->thread = g_thread_new("gdbstub", gdb_thread, g);
    return g;
}

void gdbstub_free(GdbStub *g)
{
    uint64_t one = 1;

    if (!g) {
        return;
    }
    if (write(g->quit_efd, &one, sizeof(one)) < 0) {
        /* cannot happen on a fresh eventfd */
    }
    g_thread_join(g->thread);
    monitor_chardev_unregister(g->m, g);
    runstate_set_notify(g->m->runstate, NULL, NULL);
    close(g->listen_fd);
    close(g->stop_efd);
    close(g->quit_efd);
    if (g->unix_path) {
        unlink(g->unix_path);
        g_free(g->unix_path);
    }
    g_string_free(g->in, true);
    g_string_free(g->out, true);
    g_free(g->xml);
    monitor_free(g->hmp);
    g_free(g);
}

/* QEMU's gdbserver: the old stub (and its debugger's connection) goes
   first, so the new one may take the same port; "none" only ends it */
void gdbstub_monitor_command(SpaprMachine *m, const char *dev, GString *out)
{
    GdbStub *old = __atomic_load_n(&m->gdb, __ATOMIC_ACQUIRE);
    GdbStub *g;
    char *err = NULL;

    if (!dev || !*dev) {
        dev = "tcp::1234";
    }
    if (old && old->thread == g_thread_self()) {
        /* qRcmd from the debugger the stub serves: it cannot end itself */
        g_string_append(out, "gdbserver: not from the debugger's own "
                             "connection\n");
        return;
    }
    old = __atomic_exchange_n(&m->gdb, NULL, __ATOMIC_ACQ_REL);
    gdbstub_free(old);
    if (strcmp(dev, "none") == 0) {
        g_string_append(out, "Disabled gdbserver\n");
        return;
    }
    g = gdbstub_start(m, dev, &err);
    if (!g) {
        g_string_append_printf(out, "%s\nCould not open gdbserver on device "
                               "'%s'\n", err ? err : "", dev);
        g_free(err);
        return;
    }
    __atomic_store_n(&m->gdb, g, __ATOMIC_RELEASE);
    g_string_append_printf(out, "Waiting for gdb connection on device "
                           "'%s'\n", dev);
}
