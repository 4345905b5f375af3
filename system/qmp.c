/*
 * system/qmp.c: the QEMU Machine Protocol (-qmp unix:PATH,server=on,
 * wait=off | tcp:HOST:PORT,server=on,wait=off, or -mon mode=control on
 * a -chardev socket: a listener, or fd=N, a socket the parent passed,
 * listening or connected), as QEMU's
 * docs/interop/qmp-spec describes it: a greeting, capabilities
 * negotiation, then {"execute": CMD, "arguments": {...}, "id": ...} in
 * and {"return": ...} / {"error": {"class", "desc"}} out, with events
 * {"event", "data", "timestamp"} in between.
 *
 * Commands are a table: name, the arguments each takes (name, JSON type,
 * required), handler.  Argument checking and every error text follow
 * QEMU's, so that clients which match on them (libvirt, Avocado, test
 * harnesses) behave the same.  One client at a time on a thread of its
 * own; events come from the vCPU thread (runstate_event) and share the
 * socket under a lock.  The input is framed by counting brackets outside
 * strings, as QEMU's JSON streamer does, so a value may span lines and a
 * malformed one costs only itself.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "json.h"
#include "monitor.h"
#include "options.h"
#include "qmp.h"
#include "runstate.h"
#include "socket.h"
#include "spapr-hv.h"
#include "spapr.h"
#include "virtio.h"

struct Qmp {
    SpaprMachine *m;
    int listen_fd;
    int conn_fd;        /* -1: no client */
    int passed_fd;      /* -chardev socket,fd=N connected: the one
                           session, else -1 */
    int quit_efd;
    char *unix_path;
    GThread *thread;
    GMutex write_lock;  /* conn_fd's writes: replies and events */
    bool negotiated;
    Monitor *hmp;       /* for human-monitor-command (x's last format) */
};

/* ------------------------------------------------------------ output */

static void qmp_send(Qmp *q, GString *msg)
{
    g_string_append(msg, "\r\n");
    g_mutex_lock(&q->write_lock);
    if (q->conn_fd >= 0) {
        const char *p = msg->str;
        size_t len = msg->len;
        while (len) {
            ssize_t n = send(q->conn_fd, p, len, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            p += n;
            len -= (size_t)n;
        }
    }
    g_mutex_unlock(&q->write_lock);
}

static void qmp_event_sink(void *opaque, const char *name, const char *data)
{
    Qmp *q = opaque;
    gint64 now = g_get_real_time();
    GString *s;

    if (!q->negotiated) {
        return;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "{\"timestamp\": {\"seconds\": %" G_GINT64_FORMAT
                           ", \"microseconds\": %" G_GINT64_FORMAT "}, "
                           "\"event\": \"%s\"", now / G_USEC_PER_SEC,
                           now % G_USEC_PER_SEC, name);
    if (data) {
        g_string_append_printf(s, ", \"data\": %s", data);
    }
    g_string_append_c(s, '}');
    qmp_send(q, s);
    g_string_free(s, true);
}

/* ------------------------------------------------------------ commands */

typedef struct QmpCall {
    Qmp *q;
    JsonNode *args;   /* an object, maybe empty */
    GString *ret;     /* the return value's JSON, if no error */
    const char *err_class;
    char *err_desc;
} QmpCall;

static void qmp_error(QmpCall *c, const char *cls, char *desc)
{
    c->err_class = cls;
    c->err_desc = desc;
}

static void qmp_ret_empty(QmpCall *c)
{
    g_string_append(c->ret, "{}");
}

static void qmp_capabilities(QmpCall *c)
{
    if (c->q->negotiated) {
        qmp_error(c, "CommandNotFound", g_strdup("Capabilities negotiation "
                  "is already complete, command ignored"));
        return;
    }
    c->q->negotiated = true;
    qmp_ret_empty(c);
}

static void qmp_query_status(QmpCall *c)
{
    RunState *rs = c->q->m->runstate;
    bool running = !runstate_stop_wanted(rs);
    const char *status = running ? "running"
                         : runstate_is_panicked(rs) ? "guest-panicked"
                         : runstate_is_shutdown(rs) ? "shutdown"
                         : runstate_is_prelaunch(rs) ? "prelaunch"
                         : runstate_reason(rs) == RUN_STOP_DEBUG ? "debug"
                                                                 : "paused";

    g_string_append_printf(c->ret, "{\"status\": \"%s\", \"singlestep\": "
                           "false, \"running\": %s}", status,
                           running ? "true" : "false");
}

static void qmp_query_version(QmpCall *c)
{
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(POWERJIT_VERSION, "%u.%u.%u", &major, &minor, &micro);
    g_string_append_printf(c->ret, "{\"qemu\": {\"micro\": %u, \"minor\": "
                           "%u, \"major\": %u}, \"package\": \"powerjit\"}",
                           micro, minor, major);
}

static void qmp_query_name(QmpCall *c)
{
    const char *name = c->q->m->cfg->name;

    g_string_append(c->ret, "{");
    if (name) {
        g_string_append(c->ret, "\"name\": ");
        json_append_string(c->ret, name);
    }
    g_string_append(c->ret, "}");
}

/* query-chardev: [{"frontend-open", "filename", "label"}...], the
   members in QEMU's order (system/monitor-chardev.c) */
static void qmp_query_chardev(QmpCall *c)
{
    GPtrArray *l = monitor_chardev_list(c->q->m);

    g_string_append(c->ret, "[");
    for (guint i = 0; i < l->len; i++) {
        const MonChardevInfo *ci = g_ptr_array_index(l, i);
        g_string_append_printf(c->ret, "%s{\"frontend-open\": %s, "
                               "\"filename\": ", i ? ", " : "",
                               ci->frontend_open ? "true" : "false");
        json_append_string(c->ret, ci->filename);
        g_string_append(c->ret, ", \"label\": ");
        json_append_string(c->ret, ci->label);
        g_string_append(c->ret, "}");
    }
    g_string_append(c->ret, "]");
    g_ptr_array_unref(l);
}

static void qmp_query_block(QmpCall *c)
{
    monitor_block_qmp(c->q->m, c->ret);
}

static void qmp_query_rx_filter(QmpCall *c)
{
    JsonNode *name = json_get(c->args, "name");
    GString *out = g_string_new(NULL);
    char *err = NULL;

    if (monitor_net_rx_filter_qmp(c->q->m, name ? name->str : NULL, out,
                                  &err)) {
        g_string_append(c->ret, out->str);
    } else {
        qmp_error(c, "GenericError", err);
    }
    g_string_free(out, true);
}

static void qmp_query_blockstats(QmpCall *c)
{
    monitor_blockstats_qmp(c->q->m, c->ret);
}

/* no KVM here, ever */
static void qmp_query_kvm(QmpCall *c)
{
    g_string_append(c->ret, "{\"enabled\": false, \"present\": false}");
}

static const char *const cpu_type_of[] = {
    [SPAPR_CPU_POWER7] = "power7_v2.3-powerpc64-cpu",
    [SPAPR_CPU_POWER8] = "power8_v2.0-powerpc64-cpu",
    [SPAPR_CPU_POWER9] = "power9_v2.0-powerpc64-cpu",
};

/* QEMU's fields; the values are this machine's (no CPU hotplug, no NUMA
   memory, SPAPR_MAX_CPUS vCPUs) */
static void qmp_query_machines(QmpCall *c)
{
    const SpaprMachineVersion *v;

    g_string_append_c(c->ret, '[');
    for (size_t i = 0; (v = spapr_machine_version_at(i)); i++) {
        bool latest = strcmp(v->name, SPAPR_MACHINE_LATEST) == 0;
        g_string_append_printf(
            c->ret, "%s{\"hotpluggable-cpus\": false, \"name\": \"%s\", "
            "\"numa-mem-supported\": false, \"default-cpu-type\": \"%s\", "
            "%s\"cpu-max\": %d, \"deprecated\": false, "
            "\"default-ram-id\": \"ppc_spapr.ram\"%s}", i ? ", " : "", v->name,
            cpu_type_of[v->default_cpu], latest ? "\"is-default\": true, " : "",
            SPAPR_MAX_CPUS, latest ? ", \"alias\": \"pseries\"" : "");
    }
    g_string_append_c(c->ret, ']');
}

/* the -cpu names and their QOM type names, as QEMU spells them */
static void qmp_query_cpu_definitions(QmpCall *c)
{
    static const char *const type_of[] = {
        [PPC_MODEL_POWER8] = "power8_v2.0-powerpc64-cpu",
        [PPC_MODEL_POWER9] = "power9_v2.0-powerpc64-cpu",
    };
    const char *name;
    PPCModel model;

    g_string_append_c(c->ret, '[');
    for (size_t i = 0; (name = ppc_model_name_at(i, &model)); i++) {
        g_string_append_printf(c->ret, "%s{\"name\": \"%s\", \"typename\": "
                               "\"%s\", \"static\": false, "
                               "\"deprecated\": false}", i ? ", " : "", name,
                               type_of[model]);
    }
    g_string_append_c(c->ret, ']');
}

/* balloon / query-balloon: virtio-balloon-pci (hw-pci/virtio-balloon.c) */
static void qmp_balloon(QmpCall *c)
{
    const JsonNode *v = json_get(c->args, "value");

    if (!v->is_int || v->i <= 0) {
        qmp_error(c, "GenericError",
                  g_strdup("Parameter 'target' expects a size"));
    } else if (!virtio_balloon_set_target(c->q->m, (uint64_t)v->i)) {
        qmp_error(c, "DeviceNotActive",
                  g_strdup("No balloon device has been activated"));
    } else {
        qmp_ret_empty(c);
    }
}

static void qmp_query_balloon(QmpCall *c)
{
    uint64_t actual;

    if (!virtio_balloon_actual(c->q->m, &actual)) {
        qmp_error(c, "DeviceNotActive",
                  g_strdup("No balloon device has been activated"));
        return;
    }
    g_string_append_printf(c->ret, "{\"actual\": %" PRIu64 "}", actual);
}

static void qmp_inject_nmi(QmpCall *c)
{
    spapr_machine_nmi(c->q->m);
    qmp_ret_empty(c);
}

/* no display: QEMU's answer without a console */
static void qmp_screendump(QmpCall *c)
{
    qmp_error(c, "GenericError",
              g_strdup("There is no console to take a screendump from"));
}

static void qmp_query_cpus_fast(QmpCall *c)
{
    g_string_append_printf(c->ret, "[{\"thread-id\": %d, \"props\": "
                           "{\"core-id\": 0, \"node-id\": 0}, \"qom-path\": "
                           "\"/machine/unattached/device[1]/thread[0]\", "
                           "\"cpu-index\": 0, \"target\": \"ppc64\"}]",
                           (int)getpid());
}

static void qmp_query_commands(QmpCall *c);

static void qmp_stop(QmpCall *c)
{
    runstate_stop(c->q->m->runstate, c->q->m);
    qmp_ret_empty(c);
}

static void qmp_cont(QmpCall *c)
{
    if (!runstate_cont(c->q->m->runstate)) {
        qmp_error(c, "GenericError", g_strdup("Resetting the Virtual "
                  "Machine is required"));
        return;
    }
    qmp_ret_empty(c);
}

static void qmp_system_reset(QmpCall *c)
{
    spapr_machine_request(c->q->m, SPAPR_REQ_RESET_HOST);
    qmp_ret_empty(c);
}

static void qmp_system_powerdown(QmpCall *c)
{
    if (!spapr_events_powerdown(c->q->m)) {
        qmp_error(c, "GenericError",
                  g_strdup("the machine has no event source"));
        return;
    }
    qmp_ret_empty(c);
}

static void qmp_quit(QmpCall *c)
{
    c->q->m->quit_reason = "host-qmp-quit";
    qmp_ret_empty(c);
    spapr_machine_request(c->q->m, SPAPR_REQ_QUIT);
}

static void qmp_hmp(QmpCall *c)
{
    JsonNode *cl = json_get(c->args, "command-line");
    GString *out = g_string_new(NULL), *crlf = g_string_new(NULL);

    monitor_hmp_run(c->q->hmp, c->q->m, cl->str, out);
    /* QEMU's monitor output has \r\n line ends */
    for (gsize i = 0; i < out->len; i++) {
        if (out->str[i] == '\n') {
            g_string_append_c(crlf, '\r');
        }
        g_string_append_c(crlf, out->str[i]);
    }
    json_append_string(c->ret, crlf->str);
    g_string_free(out, true);
    g_string_free(crlf, true);
}

typedef struct QmpArg {
    const char *name;
    JsonType type;
    bool required;
} QmpArg;

typedef struct QmpCmd {
    const char *name;
    void (*fn)(QmpCall *c);
    QmpArg args[4]; /* ended by a NULL name */
} QmpCmd;

static const QmpCmd qmp_cmds[] = {
    { "qmp_capabilities", qmp_capabilities,
      { { "enable", JSON_ARRAY, false } } },
    { "query-status", qmp_query_status, { { NULL } } },
    { "query-version", qmp_query_version, { { NULL } } },
    { "query-name", qmp_query_name, { { NULL } } },
    { "query-cpus-fast", qmp_query_cpus_fast, { { NULL } } },
    { "query-commands", qmp_query_commands, { { NULL } } },
    { "query-kvm", qmp_query_kvm, { { NULL } } },
    { "query-chardev", qmp_query_chardev, { { NULL } } },
    { "query-block", qmp_query_block, { { NULL } } },
    { "query-blockstats", qmp_query_blockstats, { { NULL } } },
    { "query-rx-filter", qmp_query_rx_filter,
      { { "name", JSON_STRING, false } } },
    { "query-machines", qmp_query_machines, { { NULL } } },
    { "query-cpu-definitions", qmp_query_cpu_definitions, { { NULL } } },
    { "inject-nmi", qmp_inject_nmi, { { NULL } } },
    { "balloon", qmp_balloon, { { "value", JSON_NUMBER, true } } },
    { "query-balloon", qmp_query_balloon, { { NULL } } },
    { "screendump", qmp_screendump,
      { { "filename", JSON_STRING, true }, { "device", JSON_STRING, false },
        { "head", JSON_NUMBER, false } } },
    { "stop", qmp_stop, { { NULL } } },
    { "cont", qmp_cont, { { NULL } } },
    { "system_reset", qmp_system_reset, { { NULL } } },
    { "system_powerdown", qmp_system_powerdown, { { NULL } } },
    { "quit", qmp_quit, { { NULL } } },
    { "human-monitor-command", qmp_hmp,
      { { "command-line", JSON_STRING, true },
        { "cpu-index", JSON_NUMBER, false } } },
};

static void qmp_query_commands(QmpCall *c)
{
    g_string_append_c(c->ret, '[');
    for (size_t i = 0; i < G_N_ELEMENTS(qmp_cmds); i++) {
        g_string_append_printf(c->ret, "%s{\"name\": \"%s\"}", i ? ", " : "",
                               qmp_cmds[i].name);
    }
    g_string_append_c(c->ret, ']');
}

static const char *qmp_type_name(JsonType t)
{
    switch (t) {
    case JSON_STRING: return "string";
    case JSON_NUMBER: return "int";
    case JSON_BOOL: return "boolean";
    case JSON_ARRAY: return "array";
    default: return "object";
    }
}

/* QEMU's checks of the arguments against the command's schema */
static bool qmp_check_args(QmpCall *c, const QmpCmd *cmd)
{
    for (guint i = 0; i < c->args->keys->len; i++) {
        const char *key = g_ptr_array_index(c->args->keys, i);
        const QmpArg *a = cmd->args;
        while (a->name && strcmp(a->name, key) != 0) {
            a++;
        }
        if (!a->name) {
            qmp_error(c, "GenericError",
                      g_strdup_printf("Parameter '%s' is unexpected", key));
            return false;
        }
        if (((JsonNode *)g_ptr_array_index(c->args->items, i))->type !=
            a->type) {
            qmp_error(c, "GenericError",
                      g_strdup_printf("Invalid parameter type for '%s', "
                                      "expected: %s", key,
                                      qmp_type_name(a->type)));
            return false;
        }
    }
    for (const QmpArg *a = cmd->args; a->name; a++) {
        if (a->required && !json_get(c->args, a->name)) {
            qmp_error(c, "GenericError",
                      g_strdup_printf("Parameter '%s' is missing", a->name));
            return false;
        }
    }
    return true;
}

/* one input value: checks the envelope, runs the command, replies */
static void qmp_dispatch(Qmp *q, JsonNode *req)
{
    QmpCall c = { .q = q, .ret = g_string_new(NULL) };
    JsonNode *id = NULL, *exec = NULL, *args = NULL, *empty = NULL;
    GString *reply = g_string_new(NULL);

    if (req->type != JSON_OBJECT) {
        qmp_error(&c, "GenericError",
                  g_strdup("QMP input must be a JSON object"));
        goto out;
    }
    for (guint i = 0; i < req->keys->len; i++) {
        const char *key = g_ptr_array_index(req->keys, i);
        JsonNode *v = g_ptr_array_index(req->items, i);
        if (strcmp(key, "execute") == 0) {
            exec = v;
        } else if (strcmp(key, "arguments") == 0) {
            args = v;
        } else if (strcmp(key, "id") == 0) {
            id = v;
        } else {
            qmp_error(&c, "GenericError", g_strdup_printf(
                          "QMP input member '%s' is unexpected", key));
            goto out;
        }
    }
    if (!exec) {
        qmp_error(&c, "GenericError",
                  g_strdup("QMP input lacks member 'execute'"));
        goto out;
    }
    if (exec->type != JSON_STRING) {
        qmp_error(&c, "GenericError",
                  g_strdup("QMP input member 'execute' must be a string"));
        goto out;
    }
    if (args && args->type != JSON_OBJECT) {
        qmp_error(&c, "GenericError",
                  g_strdup("QMP input member 'arguments' must be an object"));
        goto out;
    }
    if (!q->negotiated && strcmp(exec->str, "qmp_capabilities") != 0) {
        qmp_error(&c, "CommandNotFound", g_strdup("Expecting capabilities "
                  "negotiation with 'qmp_capabilities'"));
        goto out;
    }
    c.args = args ? args : (empty = json_parse("{}", 2, &c.err_desc));
    for (size_t i = 0; i < G_N_ELEMENTS(qmp_cmds); i++) {
        if (strcmp(qmp_cmds[i].name, exec->str) == 0) {
            if (qmp_check_args(&c, &qmp_cmds[i])) {
                qmp_cmds[i].fn(&c);
            }
            goto out;
        }
    }
    qmp_error(&c, "CommandNotFound",
              g_strdup_printf("The command %s has not been found", exec->str));
out:
    if (c.err_class) {
        g_string_append_printf(reply, "{\"error\": {\"class\": \"%s\", "
                               "\"desc\": ", c.err_class);
        json_append_string(reply, c.err_desc);
        g_string_append_c(reply, '}');
    } else {
        g_string_append_printf(reply, "{\"return\": %s", c.ret->str);
    }
    if (id) {
        g_string_append(reply, ", \"id\": ");
        json_append(reply, id);
    }
    g_string_append_c(reply, '}');
    qmp_send(q, reply);
    g_string_free(reply, true);
    g_string_free(c.ret, true);
    g_free(c.err_desc);
    json_free(empty);
}

static void qmp_reply_error(Qmp *q, const char *desc)
{
    GString *s = g_string_new("{\"error\": {\"class\": \"GenericError\", "
                              "\"desc\": ");
    json_append_string(s, desc);
    g_string_append(s, "}}");
    qmp_send(q, s);
    g_string_free(s, true);
}

/* ------------------------------------------------------------ framing */

typedef struct QmpFramer {
    GString *buf;
    int depth;
    bool in_str, esc;
} QmpFramer;

/* feeds one byte; true when buf holds a complete value (or a line of
   garbage outside any value) */
static bool qmp_frame_byte(QmpFramer *f, char ch)
{
    if (f->buf->len == 0 && f->depth == 0 &&
        (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')) {
        return false;
    }
    g_string_append_c(f->buf, ch);
    if (f->in_str) {
        if (f->esc) {
            f->esc = false;
        } else if (ch == '\\') {
            f->esc = true;
        } else if (ch == '"') {
            f->in_str = false;
        }
        return false;
    }
    switch (ch) {
    case '"':
        f->in_str = true;
        return false;
    case '{':
    case '[':
        f->depth++;
        return false;
    case '}':
    case ']':
        return --f->depth <= 0;
    case '\n':
        return f->depth <= 0;
    }
    return f->buf->len > 65536; /* a runaway value */
}

static void qmp_session(Qmp *q)
{
    QmpFramer f = { .buf = g_string_new(NULL) };
    char buf[4096];
    unsigned major = 0, minor = 0, micro = 0;
    GString *greet = g_string_new(NULL);

    sscanf(POWERJIT_VERSION, "%u.%u.%u", &major, &minor, &micro);
    g_string_printf(greet, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": "
                    "%u, \"minor\": %u, \"major\": %u}, \"package\": "
                    "\"powerjit\"}, \"capabilities\": [\"oob\"]}}", micro,
                    minor, major);
    qmp_send(q, greet);
    g_string_free(greet, true);
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = q->conn_fd, .events = POLLIN },
            { .fd = q->quit_efd, .events = POLLIN },
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
        n = recv(q->conn_fd, buf, sizeof(buf), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            char *err = NULL;
            JsonNode *req;

            if (!qmp_frame_byte(&f, buf[i])) {
                continue;
            }
            req = json_parse(f.buf->str, f.buf->len, &err);
            if (req) {
                qmp_dispatch(q, req);
                json_free(req);
            } else {
                qmp_reply_error(q, err);
                g_free(err);
            }
            g_string_truncate(f.buf, 0);
            f.depth = 0;
            f.in_str = f.esc = false;
        }
    }
    g_string_free(f.buf, true);
}

static gpointer qmp_thread(gpointer opaque)
{
    Qmp *q = opaque;

    if (q->passed_fd >= 0) {
        /* one session on the parent's connection (QEMU's functional
           tests and libvirt's socketpair); nobody comes back after it */
        g_mutex_lock(&q->write_lock);
        __atomic_store_n(&q->conn_fd, q->passed_fd, __ATOMIC_RELAXED);
        g_mutex_unlock(&q->write_lock);
        qmp_session(q);
        g_mutex_lock(&q->write_lock);
        __atomic_store_n(&q->conn_fd, -1, __ATOMIC_RELAXED);
        q->negotiated = false;
        g_mutex_unlock(&q->write_lock);
        ppc_disas_thread_exit();
        return NULL;
    }
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = q->listen_fd, .events = POLLIN },
            { .fd = q->quit_efd, .events = POLLIN },
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
        fd = accept(q->listen_fd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        g_mutex_lock(&q->write_lock);
        __atomic_store_n(&q->conn_fd, fd, __ATOMIC_RELAXED);
        q->negotiated = false;
        g_mutex_unlock(&q->write_lock);
        qmp_session(q);
        g_mutex_lock(&q->write_lock);
        __atomic_store_n(&q->conn_fd, -1, __ATOMIC_RELAXED);
        q->negotiated = false;
        g_mutex_unlock(&q->write_lock);
        close(fd);
    }
    ppc_disas_thread_exit(); /* human-monitor-command x/i */
    return NULL;
}

/* ------------------------------------------------------------ set-up */

Qmp *qmp_start(SpaprMachine *m, const char *dev, char **err)
{
    Qmp *q = g_new0(Qmp, 1);
    char *e = NULL;

    q->listen_fd = q->passed_fd = -1;
    if (g_str_has_prefix(dev, "fd:")) {
        bool listening;
        int fd = socket_from_fd(dev, &listening, &e);
        *(listening ? &q->listen_fd : &q->passed_fd) = fd;
    } else {
        q->listen_fd = socket_listen(dev, &q->unix_path, &e);
    }
    if (q->listen_fd < 0 && q->passed_fd < 0) {
        *err = g_strdup_printf("-qmp %s: %s", dev, e);
        g_free(e);
        g_free(q);
        return NULL;
    }
    q->m = m;
    q->conn_fd = -1;
    q->quit_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    g_mutex_init(&q->write_lock);
    q->hmp = monitor_new_detached(m);
    monitor_chardev_register(m, NULL, dev, &q->conn_fd, q);
    runstate_set_event_sink(m->runstate, qmp_event_sink, q);
    q->thread = g_thread_new("qmp", qmp_thread, q);
    return q;
}

void qmp_free(Qmp *q)
{
    uint64_t one = 1;

    if (!q) {
        return;
    }
    if (write(q->quit_efd, &one, sizeof(one)) < 0) {
        /* cannot fail on a fresh eventfd */
    }
    g_thread_join(q->thread);
    monitor_chardev_unregister(q->m, q);
    runstate_set_event_sink(q->m->runstate, NULL, NULL);
    close(q->quit_efd);
    if (q->listen_fd >= 0) {
        close(q->listen_fd);
    }
    if (q->passed_fd >= 0) {
        close(q->passed_fd);
    }
    if (q->unix_path) {
        unlink(q->unix_path);
        g_free(q->unix_path);
    }
    monitor_free(q->hmp);
    g_mutex_clear(&q->write_lock);
    g_free(q);
}
