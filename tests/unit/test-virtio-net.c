/*
 * virtio-net-pci (hw-pci/virtio-net.c) driven directly: a machine with
 * 1 MiB of RAM, XICS, the default PHB and a virtio-net-pci in slot 0 on
 * a -netdev socket,udp= whose far end is a UDP socket of this test, so
 * that every frame the guest sends is seen here and every datagram sent
 * from here is a frame for the guest.
 *
 * Expected values: the header and feature layout of virtio 1.1 5.1
 * (virtio_net_hdr_v1: flags, gso_type, hdr_len, gso_size, csum_start,
 * csum_offset, num_buffers; NEEDS_CSUM 1; F_CSUM bit 0, F_MAC 5, F_STATUS
 * 16), the split ring of 2.6, and the UDP checksum of a datagram computed
 * by RFC 768's rule (the pseudo header summed here, independently of
 * the device's code).
 */
#include <arpa/inet.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "net.h"
#include "virtio-fixture.h"

#define QSIZE 8
#define BUF 0x40000u /* buffers, above the rings of queues 0 and 1 */

typedef struct Fixture {
    VirtioFixture v;
    int peer;              /* the far end of the netdev */
    struct sockaddr_in dev_addr;
} Fixture;

/* a UDP socket on 127.0.0.1, any port */
static int udp_socket(struct sockaddr_in *a)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    socklen_t l = sizeof(*a);

    g_assert_cmpint(fd, >=, 0);
    memset(a, 0, sizeof(*a));
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)a, sizeof(*a)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)a, &l), ==, 0);
    return fd;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    struct sockaddr_in peer_addr;
    GPtrArray *specs = g_ptr_array_new_with_free_func(netdev_spec_free);
    NetdevSpec *s = netdev_spec_new("socket", "n0");
    char *err = NULL, *v;
    int tmp;

    memset(f, 0, sizeof(*f));
    vf_machine_init(&f->v, 2, QSIZE);
    f->peer = udp_socket(&peer_addr);
    /* a free port for the device's end: taken and given back at once */
    tmp = udp_socket(&f->dev_addr);
    close(tmp);
    v = g_strdup_printf("127.0.0.1:%u", ntohs(peer_addr.sin_port));
    netdev_spec_add(s, "udp", v);
    g_free(v);
    v = g_strdup_printf("127.0.0.1:%u", ntohs(f->dev_addr.sin_port));
    netdev_spec_add(s, "localaddr", v);
    g_free(v);
    g_ptr_array_add(specs, s);

    f->v.m.net = net_stack_new(specs, &err);
    g_assert_null(err);
    g_assert_nonnull(f->v.m.net);
    g_ptr_array_unref(specs);
    /* the receive and transmit queues; each test negotiates its features */
    vf_device_add(&f->v, "virtio-net-pci,addr=0,netdev=n0,"
                         "mac=52:54:00:ab:cd:ef");
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    net_stack_stop(f->v.m.net);
    vf_fini(&f->v);
    net_stack_free(f->v.m.net);
    close(f->peer);
}

/* the next datagram at the peer within ms, or -1 */
static ssize_t peer_recv(Fixture *f, uint8_t *buf, size_t len, int ms)
{
    struct pollfd pfd = { .fd = f->peer, .events = POLLIN };

    if (poll(&pfd, 1, ms) != 1) {
        return -1;
    }
    return recv(f->peer, buf, len, 0);
}

/* an Ethernet + IPv4 + UDP frame of payload n bytes, its UDP checksum
   field holding the pseudo header's sum as Linux leaves it for
   NEEDS_CSUM; *full = the checksum RFC 768 gives for the datagram */
static size_t udp_frame(uint8_t *fr, size_t n, uint16_t *full)
{
    static const uint8_t ip_src[4] = { 10, 0, 2, 15 };
    static const uint8_t ip_dst[4] = { 10, 0, 2, 2 };
    size_t ulen = 8 + n;
    uint32_t pseudo = 0, sum;

    memset(fr, 0, 42 + n);
    memset(fr, 0xff, 6);
    memcpy(fr + 6, "\x52\x54\x00\xab\xcd\xef", 6);
    fr[12] = 0x08;
    fr[14] = 0x45;
    fr[16] = (uint8_t)((20 + ulen) >> 8);
    fr[17] = (uint8_t)(20 + ulen);
    fr[22] = 64;
    fr[23] = 17;
    memcpy(fr + 26, ip_src, 4);
    memcpy(fr + 30, ip_dst, 4);
    fr[34] = 0x30;
    fr[35] = 0x39;
    fr[36] = 0x00;
    fr[37] = 0x45;
    fr[38] = (uint8_t)(ulen >> 8);
    fr[39] = (uint8_t)ulen;
    for (size_t i = 0; i < n; i++) {
        fr[42 + i] = (uint8_t)(i * 7 + 1);
    }
    /* the pseudo header: addresses, protocol, UDP length */
    for (int i = 0; i < 4; i += 2) {
        pseudo += (uint32_t)(ip_src[i] << 8 | ip_src[i + 1]);
        pseudo += (uint32_t)(ip_dst[i] << 8 | ip_dst[i + 1]);
    }
    pseudo += 17 + (uint32_t)ulen;
    while (pseudo >> 16) {
        pseudo = (pseudo & 0xffff) + (pseudo >> 16);
    }
    /* the whole datagram with the pseudo header, checksum field 0 */
    sum = pseudo;
    for (size_t i = 34; i < 42 + n; i += 2) {
        sum += (uint32_t)(fr[i] << 8 | (i + 1 < 42 + n ? fr[i + 1] : 0));
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    *full = (uint16_t)~sum ? (uint16_t)~sum : 0xffff;
    fr[40] = (uint8_t)(pseudo >> 8);
    fr[41] = (uint8_t)pseudo;
    return 42 + n;
}

static void test_config(Fixture *f, gconstpointer data)
{
    const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

    /* features: CSUM, MAC, STATUS offered; no GSO, no MRG_RXBUF */
    g_assert_cmphex(vf_offered_lo(&f->v) & 0xffffff,
                    ==, 1u << 0 | 1u << 5 | 1u << 16);
    for (unsigned i = 0; i < 6; i++) {
        g_assert_cmphex(vf_dev_read(&f->v, i, 1), ==, mac[i]);
    }
    /* status: LINK_UP */
    g_assert_cmphex(vf_dev_read(&f->v, 6, 2), ==, 1);
    /* past the config: zero, not a crash */
    g_assert_cmphex(vf_dev_read(&f->v, 7, 4), ==, 0);
}

/* transmit: the header split from the frame over two descriptors, the
   checksum finished by the device; then malformed frames are dropped
   with their buffers given back, and the device goes on */
static void test_transmit(Fixture *f, gconstpointer data)
{
    uint8_t fr[256], got[2048];
    uint8_t *hdr = f->v.m.ram + BUF;
    uint16_t full;
    size_t len = udp_frame(fr, 33, &full);
    ssize_t n;

    vf_driver_init(&f->v, 1u << 0 | 1u << 5 | 1u << 16);
    memset(hdr, 0, 12);
    hdr[0] = 1;                          /* NEEDS_CSUM */
    pci_set_word(hdr + 6, 34);           /* csum_start: the UDP header */
    pci_set_word(hdr + 8, 6);            /* csum_offset: its checksum */
    memcpy(f->v.m.ram + BUF + 0x100, fr, len);
    vf_set_desc(&f->v, 1, 0, BUF, 12, 1, 1);
    vf_set_desc(&f->v, 1, 1, BUF + 0x100, (uint32_t)len, 0, 0);
    vf_kick(&f->v, 1, 0);
    g_assert_cmpuint(vf_used_idx(&f->v, 1), ==, 1);
    n = peer_recv(f, got, sizeof(got), 10000);
    g_assert_cmpint(n, ==, (ssize_t)len);
    g_assert_cmphex(got[40] << 8 | got[41], ==, full);
    g_assert_true(memcmp(got, fr, 40) == 0);
    g_assert_true(memcmp(got + 42, fr + 42, len - 42) == 0);

    /* shorter than the header; a GSO request; a checksum field past the
       end: each completed, nothing sent */
    vf_set_desc(&f->v, 1, 2, BUF, 11, 0, 0);
    vf_kick(&f->v, 1, 2);
    hdr[0] = 0;
    hdr[1] = 1;                          /* GSO_TCPV4 */
    vf_set_desc(&f->v, 1, 3, BUF, 12 + 60, 0, 0);
    vf_kick(&f->v, 1, 3);
    hdr[0] = 1;
    hdr[1] = 0;
    pci_set_word(hdr + 6, 50);
    pci_set_word(hdr + 8, 9);            /* 59 + 2 > 60 */
    vf_set_desc(&f->v, 1, 4, BUF, 12 + 60, 0, 0);
    vf_kick(&f->v, 1, 4);
    g_assert_cmpuint(vf_used_idx(&f->v, 1), ==, 4);
    g_assert_false(vf_status(&f->v) & VIRTIO_STATUS_NEEDS_RESET);

    /* a plain frame after them still goes out, and is the next one the
       peer sees (one net thread, one socket: frames keep their order) */
    hdr[0] = 0;
    memset(hdr + 12, 0x77, 60);
    vf_set_desc(&f->v, 1, 5, BUF, 12 + 60, 0, 0);
    vf_kick(&f->v, 1, 5);
    g_assert_cmpint(peer_recv(f, got, sizeof(got), 10000), ==, 60);
    g_assert_cmpuint(got[0], ==, 0x77);
    g_assert_cmpuint(got[59], ==, 0x77);

    /* a buffer outside RAM: the device needs a reset, nothing sent */
    vf_set_desc(&f->v, 1, 6, VF_RAM - 8, 64, 0, 0);
    vf_kick(&f->v, 1, 6);
    g_assert_true(vf_status(&f->v) & VIRTIO_STATUS_NEEDS_RESET);
    g_assert_cmpuint(vf_used_idx(&f->v, 1), ==, 5);
}

/* polls the device (the run loop's SPAPR_REQ_IO) until queue 0 has used
   entries, 10 s at most */
static bool rx_wait(Fixture *f, uint16_t want)
{
    for (int i = 0; i < 10000; i++) {
        if (__atomic_exchange_n(&f->v.m.request, 0, __ATOMIC_SEQ_CST) &
            SPAPR_REQ_IO) {
            spapr_pci_poll(&f->v.m);
        }
        if (vf_used_idx(&f->v, 0) == want) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

/* receive: a datagram from the peer lands after a 12-byte header with
   num_buffers 1; a buffer too small for the next one gets it dropped
   (given back with length 0) */
static void test_receive(Fixture *f, gconstpointer data)
{
    uint8_t fr[300];

    for (size_t i = 0; i < sizeof(fr); i++) {
        fr[i] = (uint8_t)(i ^ 0x5a);
    }
    vf_driver_init(&f->v, 1u << 5 | 1u << 16);
    /* a device-writable buffer, split in two descriptors */
    vf_set_desc(&f->v, 0, 0, BUF, 100, 2 | 1, 1);
    vf_set_desc(&f->v, 0, 1, BUF + 0x1000, 1600, 2, 0);
    vf_kick(&f->v, 0, 0);
    g_assert_cmpint(sendto(f->peer, fr, 200, 0,
                           (struct sockaddr *)&f->dev_addr,
                           sizeof(f->dev_addr)), ==, 200);
    g_assert_true(rx_wait(f, 1));
    g_assert_cmpuint(vf_used_id(&f->v, 0, 0), ==, 0);
    g_assert_cmpuint(vf_used_len(&f->v, 0, 0), ==, 212);
    for (unsigned i = 0; i < 10; i++) {
        g_assert_cmpuint(f->v.m.ram[BUF + i], ==, 0);
    }
    g_assert_cmpuint(pci_get_word(f->v.m.ram + BUF + 10), ==, 1);
    g_assert_true(memcmp(f->v.m.ram + BUF + 12, fr, 88) == 0);
    g_assert_true(memcmp(f->v.m.ram + BUF + 0x1000, fr + 88, 112) == 0);

    /* 100 bytes cannot take a 300-byte frame and its header */
    memset(f->v.m.ram + BUF + 0x2000, 0xee, 100);
    vf_set_desc(&f->v, 0, 2, BUF + 0x2000, 100, 2, 0);
    vf_kick(&f->v, 0, 2);
    g_assert_cmpint(sendto(f->peer, fr, 300, 0,
                           (struct sockaddr *)&f->dev_addr,
                           sizeof(f->dev_addr)), ==, 300);
    g_assert_true(rx_wait(f, 2));
    g_assert_cmpuint(vf_used_id(&f->v, 0, 1), ==, 2);
    g_assert_cmpuint(vf_used_len(&f->v, 0, 1), ==, 0);
    g_assert_cmpuint(f->v.m.ram[BUF + 0x2000], ==, 0xee);
    g_assert_false(vf_status(&f->v) & VIRTIO_STATUS_NEEDS_RESET);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4u << 20, false);
#define ADD(name, fn) \
    g_test_add("/virtio-net/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("config", test_config);
    ADD("transmit", test_transmit);
    ADD("receive", test_receive);
    return g_test_run();
}
