/*
 * Console backends (system/chardev.c): -serial parsing, the input ring and
 * the Ctrl-A escapes of a multiplexed console, whose meanings are QEMU's
 * documented ones (C-a x exits, C-a C-a sends C-a, C-a h prints help);
 * sockets passed by the parent (fd=N).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "chardev.h"
#include "socket.h"

static void test_parse(void)
{
    ChardevSpec s = { 0 };
    char *err = NULL;

    g_assert_true(chardev_parse("mon:stdio", &s, &err));
    g_assert_cmpint(s.kind, ==, CHARDEV_STDIO);
    g_assert_true(s.mux);
    g_assert_true(chardev_parse("file:/tmp/a,b", &s, &err));
    g_assert_cmpint(s.kind, ==, CHARDEV_FILE);
    g_assert_cmpstr(s.path, ==, "/tmp/a,b");
    g_assert_false(s.mux);
    g_assert_true(chardev_parse("null", &s, &err));
    g_assert_cmpint(s.kind, ==, CHARDEV_NULL);
    g_assert_null(s.path);

    g_assert_false(chardev_parse("tcp:localhost", &s, &err));
    g_assert_nonnull(strstr(err, "expected HOST:PORT"));
    g_clear_pointer(&err, g_free);
    g_assert_false(chardev_parse("stdio2", &s, &err));
    g_clear_pointer(&err, g_free);
    chardev_spec_clear(&s);
}

static int quit_events;

static void count_quit(void *opaque, ChardevEvent ev)
{
    if (ev == CHARDEV_EVENT_QUIT) {
        quit_events++;
    }
}

static size_t drain(Chardev *c, uint8_t *buf, size_t max)
{
    return chardev_read(c, buf, max);
}

static void test_mux_escapes(void)
{
    ChardevSpec spec = { .kind = CHARDEV_NULL, .mux = true };
    char *err = NULL;
    Chardev *c = chardev_open(&spec, &err);
    uint8_t buf[32];

    chardev_set_event_handler(c, count_quit, NULL);
    quit_events = 0;

    /* plain bytes, Ctrl-C included, reach the guest */
    chardev_feed(c, (const uint8_t *)"ab\x03", 3);
    g_assert_cmpuint(drain(c, buf, sizeof(buf)), ==, 3);
    g_assert_cmpmem(buf, 3, "ab\x03", 3);

    /* C-a C-a is one C-a; C-a h and unknown escapes are swallowed */
    chardev_feed(c, (const uint8_t *)"\x01\x01" "x\x01h\x01zy", 8);
    g_assert_cmpuint(drain(c, buf, sizeof(buf)), ==, 3);
    g_assert_cmpmem(buf, 3, "\x01xy", 3);
    g_assert_cmpint(quit_events, ==, 0);

    /* C-a x, even split across two reads */
    chardev_feed(c, (const uint8_t *)"\x01", 1);
    chardev_feed(c, (const uint8_t *)"x", 1);
    g_assert_cmpint(quit_events, ==, 1);
    g_assert_cmpuint(drain(c, buf, sizeof(buf)), ==, 0);
    chardev_close(c);
}

static void test_no_mux(void)
{
    ChardevSpec spec = { .kind = CHARDEV_NULL };
    char *err = NULL;
    Chardev *c = chardev_open(&spec, &err);
    uint8_t buf[8];

    chardev_set_event_handler(c, count_quit, NULL);
    quit_events = 0;
    chardev_feed(c, (const uint8_t *)"\x01x", 2);
    g_assert_cmpint(quit_events, ==, 0);
    g_assert_cmpuint(drain(c, buf, sizeof(buf)), ==, 2);
    g_assert_cmpmem(buf, 2, "\x01x", 2);
    chardev_close(c);
}

static void test_wait_input(void)
{
    ChardevSpec spec = { .kind = CHARDEV_NULL };
    char *err = NULL;
    Chardev *c = chardev_open(&spec, &err);
    gint64 t0 = g_get_monotonic_time();

    g_assert_false(chardev_wait_input(c, 20));
    g_assert_cmpint(g_get_monotonic_time() - t0, >=, 15000);
    chardev_feed(c, (const uint8_t *)"k", 1);
    g_assert_true(chardev_wait_input(c, 1000));
    chardev_close(c);
}

static void test_file_output(void)
{
    char *dir = g_dir_make_tmp("powerjit-chardev-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out", NULL);
    ChardevSpec spec = { .kind = CHARDEV_FILE, .path = path };
    char *err = NULL, *text;
    Chardev *c;

    g_assert_true(g_file_set_contents(path, "old contents", -1, NULL));
    c = chardev_open(&spec, &err);
    g_assert_nonnull(c);
    chardev_write(c, "line 1\n", 7);
    chardev_write(c, "line 2\n", 7);
    /* written through: visible before the backend is closed */
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "line 1\nline 2\n");
    g_free(text);
    chardev_close(c);

    spec.path = (char *)"/nonexistent/dir/out";
    g_assert_null(chardev_open(&spec, &err));
    g_assert_nonnull(strstr(err, "/nonexistent/dir/out"));
    g_free(err);

    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

/* -chardev socket,fd=N: a socket the parent passed, with QEMU 7.2's
   texts for what is refused (a reference run of qemu-system-ppc64);
   a socketpair end is a connected stream, unix: with an empty path */
static void test_socket_fd(void)
{
    ChardevSpec s = { 0 };
    char *err = NULL, *opt, *name;
    int sv[2], pp[2], lfd;
    bool listening;
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    char want[96];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    opt = g_strdup_printf("socket,id=mon,fd=%d", sv[0]);
    g_assert_true(chardev_parse_opts(opt, &s, &err));
    g_assert_true(s.has_fd);
    g_assert_cmpint(s.fd, ==, sv[0]);
    g_assert_false(s.server);
    g_free(opt);
    g_assert_false(socket_fd_listening(sv[0]));
    name = socket_fd_name(sv[0]);
    g_assert_cmpstr(name, ==, "unix:");
    g_free(name);
    opt = g_strdup_printf("fd:%d", sv[1]);
    g_assert_cmpint(socket_from_fd(opt, &listening, &err), ==, sv[1]);
    g_assert_false(listening);
    g_free(opt);

    g_assert_false(chardev_parse_opts("socket,id=mon,fd=x", &s, &err));
    g_assert_cmpstr(err, ==, "chardev 'mon': Unable to parse FD number x");
    g_clear_pointer(&err, g_free);
    /* a pipe is not a socket */
    g_assert_cmpint(pipe(pp), ==, 0);
    opt = g_strdup_printf("socket,id=mon,fd=%d", pp[0]);
    g_assert_false(chardev_parse_opts(opt, &s, &err));
    snprintf(want, sizeof(want), "chardev 'mon': File descriptor '%d' is "
             "not a socket", pp[0]);
    g_assert_cmpstr(err, ==, want);
    g_clear_pointer(&err, g_free);
    g_free(opt);
    close(pp[0]);
    close(pp[1]);
    opt = g_strdup_printf("socket,id=mon,fd=%d,path=/tmp/x", sv[0]);
    g_assert_false(chardev_parse_opts(opt, &s, &err));
    g_assert_nonnull(strstr(err, "None or one of 'path', 'fd' or 'host' "
                                 "option required."));
    g_clear_pointer(&err, g_free);
    g_free(opt);
    g_assert_cmpint(socket_from_fd("fd:12x", &listening, &err), ==, -1);
    g_clear_pointer(&err, g_free);

    /* a listener: tcp:127.0.0.1:PORT as info chardev names it */
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    g_assert_true(socket_fd_listening(lfd));
    getsockname(lfd, (struct sockaddr *)&sin, &len);
    snprintf(want, sizeof(want), "tcp:127.0.0.1:%u", ntohs(sin.sin_port));
    name = socket_fd_name(lfd);
    g_assert_cmpstr(name, ==, want);
    g_free(name);
    close(lfd);
    close(sv[0]);
    close(sv[1]);
    chardev_spec_clear(&s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/parse", test_parse);
    g_test_add_func("/chardev/mux-escapes", test_mux_escapes);
    g_test_add_func("/chardev/no-mux", test_no_mux);
    g_test_add_func("/chardev/wait-input", test_wait_input);
    g_test_add_func("/chardev/file-output", test_file_output);
    g_test_add_func("/chardev/socket-fd", test_socket_fd);
    return g_test_run();
}
