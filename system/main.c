/*
 * system/main.c: the powerjit program: parse the command line, build the
 * pseries machine, run it, exit with its status.
 *
 * Exit status: 0 when the guest powers off (or the user quits with Ctrl-A x
 * or a signal), 1 for a bad command line or a machine that cannot start;
 * every such error is one line on stderr.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP ask the run loop to stop, so that the
 * terminal and the log are put in order on the way out; a second one while
 * the first is pending ends the process at once.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "gdbstub.h"
#include "log.h"
#include "monitor.h"
#include "options.h"
#include "qmp.h"
#include "spapr.h"

/* the machine the signal handler stops: a handler has no other way in */
static SpaprMachine *signal_machine;

static void main_signal(int sig)
{
    SpaprMachine *m = signal_machine;

    if (!m || __atomic_load_n(&m->request, __ATOMIC_SEQ_CST) &
                  SPAPR_REQ_QUIT) {
        chardev_restore_terminal();
        _exit(1);
    }
    m->quit_signal = sig;
    spapr_machine_request(m, SPAPR_REQ_QUIT);
}

static void main_install_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = main_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    /* a console on a closed pipe loses its output, not the emulator */
    signal(SIGPIPE, SIG_IGN);
}

/* -msg timestamp=on: QEMU's ISO 8601 UTC time with microseconds before
   each message */
static void main_msg(const PowerjitOptions *o, const char *kind,
                     const char *msg)
{
    if (o->msg_timestamp) {
        GDateTime *now = g_date_time_new_now_utc();
        char *t = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S");

        fprintf(stderr, "%s.%06dZ ", t, g_date_time_get_microsecond(now));
        g_free(t);
        g_date_time_unref(now);
    }
    fprintf(stderr, "powerjit: %s%s\n", kind, msg);
}

/* what the command line asks of the process itself */
/*
 * -daemonize, as QEMU does it: fork before any thread exists; the parent
 * waits on a pipe and exits 0 once the child says it is set up (machine,
 * monitors, pidfile), or 1 if the child ends first (its error went to the
 * terminal, which it still has until then).  The child leaves the
 * session, and main_daemon_ready() moves it to / with /dev/null for its
 * standard files.
 */
static int main_daemon_fd = -1;

static bool main_daemonize(void)
{
    int fds[2];
    char c;

    if (pipe(fds) != 0) {
        fprintf(stderr, "powerjit: -daemonize: pipe: %s\n", strerror(errno));
        return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "powerjit: -daemonize: fork: %s\n", strerror(errno));
        return false;
    }
    if (pid > 0) {
        close(fds[1]);
        ssize_t n;
        do {
            n = read(fds[0], &c, 1);
        } while (n < 0 && errno == EINTR);
        _exit(n == 1 && c == 0 ? 0 : 1);
    }
    close(fds[0]);
    setsid();
    main_daemon_fd = fds[1];
    return true;
}

static void main_daemon_ready(void)
{
    char ok = 0;
    int null_fd;

    if (main_daemon_fd < 0) {
        return;
    }
    if (chdir("/") != 0) {
        /* stays where it was */
    }
    null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) {
            close(null_fd);
        }
    }
    if (write(main_daemon_fd, &ok, 1) != 1) {
        /* the parent is gone: nobody to tell */
    }
    close(main_daemon_fd);
    main_daemon_fd = -1;
}

static void main_process_options(PowerjitOptions *o)
{
    if (o->process_name) {
        /* the kernel keeps 15 bytes and a NUL */
        prctl(PR_SET_NAME, o->process_name, 0, 0, 0);
    }
    if (o->mem_lock && mlockall(MCL_CURRENT | MCL_FUTURE) != 0) {
        char *w = g_strdup_printf("-overcommit mem-lock=on: mlockall: %s",
                                  g_strerror(errno));
        main_msg(o, "warning: ", w);
        g_free(w);
    }
}

int main(int argc, char **argv)
{
    PowerjitOptions opts;
    SpaprMachine *m;
    Monitor *mon = NULL;
    Qmp *qmp = NULL;
    char *err = NULL;
    int status;

    options_init(&opts);
    switch (options_parse(&opts, argc, argv, stdout, &err)) {
    case OPTIONS_ERROR:
        main_msg(&opts, "", err);
        g_free(err);
        options_free(&opts);
        return 1;
    case OPTIONS_EXIT:
        options_free(&opts);
        return 0;
    case OPTIONS_RUN:
        break;
    }
    for (guint i = 0; i < opts.warnings->len; i++) {
        main_msg(&opts, "warning: ", g_ptr_array_index(opts.warnings, i));
    }
    if (opts.daemonize && opts.pidfile && !g_path_is_absolute(opts.pidfile)) {
        /* removed at exit, after the daemon's chdir("/") */
        char *abs = g_canonicalize_filename(opts.pidfile, NULL);
        g_free(opts.pidfile);
        opts.pidfile = abs;
    }
    if (opts.daemonize && !main_daemonize()) {
        options_free(&opts);
        return 1;
    }
    main_process_options(&opts);

    log_set_mask(opts.log_mask);
    if (opts.log_file && !log_set_file(opts.log_file, &err)) {
        fprintf(stderr, "powerjit: -D: %s\n", err);
        g_free(err);
        options_free(&opts);
        return 1;
    }

    main_install_signals();
    m = spapr_machine_new(&opts.machine, &err);
    if (!m) {
        main_msg(&opts, "", err);
        g_free(err);
        options_free(&opts);
        return 1;
    }
    if (m->dtb_dumped) {
        /* QEMU's words; the tree is the one of the first reset */
        fprintf(stderr, "powerjit: info: dtb dumped to %s. Exiting.\n",
                opts.machine.dumpdtb);
        spapr_machine_free(m);
        options_free(&opts);
        return 0;
    }
    if (opts.gdb_dev) {
        m->gdb = gdbstub_start(m, opts.gdb_dev, &err);
        if (!m->gdb && err) {
            fprintf(stderr, "powerjit: %s\n", err);
            g_free(err);
            spapr_machine_free(m);
            options_free(&opts);
            return 1;
        }
    }
    if (opts.monitor_dev) {
        mon = monitor_start(m, opts.monitor_dev, &err);
        if (!mon) {
            fprintf(stderr, "powerjit: %s\n", err);
            g_free(err);
            gdbstub_free(m->gdb);
            spapr_machine_free(m);
            options_free(&opts);
            return 1;
        }
    }
    if (opts.qmp_dev) {
        qmp = qmp_start(m, opts.qmp_dev, &err);
        if (!qmp) {
            fprintf(stderr, "powerjit: %s\n", err);
            g_free(err);
            monitor_free(mon);
            gdbstub_free(m->gdb);
            spapr_machine_free(m);
            options_free(&opts);
            return 1;
        }
    }
    if (!mon && !opts.monitor_none && m->console &&
        opts.machine.console.mux) {
        mon = monitor_attach_mux(m, m->console);
    }
    chardev_setup_done(m->console);
    if (opts.pidfile) {
        char *pid = g_strdup_printf("%d\n", (int)getpid());
        GError *gerr = NULL;
        if (!g_file_set_contents(opts.pidfile, pid, -1, &gerr)) {
            fprintf(stderr, "powerjit: -pidfile %s: %s\n", opts.pidfile,
                    gerr->message);
            g_error_free(gerr);
            g_free(pid);
            qmp_free(qmp);
            monitor_free(mon);
            gdbstub_free(m->gdb);
            spapr_machine_free(m);
            options_free(&opts);
            return 1;
        }
        g_free(pid);
    }
    signal_machine = m;
    main_daemon_ready();

    status = spapr_machine_run(m);
    if (opts.pidfile) {
        unlink(opts.pidfile);
    }

    signal_machine = NULL;
    qmp_free(qmp);
    monitor_free(mon);
    gdbstub_free(m->gdb);
    spapr_machine_free(m);
    log_flush();
    fflush(stdout);
    options_free(&opts);
    return status;
}
