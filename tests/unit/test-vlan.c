/*
 * spapr-vlan (hw-spapr/vlan.c) driven directly: a machine struct with
 * 1 MiB of RAM, an interrupt controller and the VIO bus, one adapter
 * without a backend, the hcalls made as Linux's ibmveth makes them
 * (r3 = opcode, r4.. = arguments) and frames handed to the adapter as the
 * net thread hands them.
 *
 * Expected values: return codes and the descriptor, receive-queue and
 * H_ILLAN_ATTRIBUTES layouts are LoPAPR's as Linux's ibmveth.h spells
 * them (valid bit 0x80000000 of the high word, length in its low 24 bits;
 * queue entries: toggle 0x80000000, valid 0x40000000, offset, length,
 * correlator); the default MAC is QEMU's 52:54:00:12:34:56; checksums are
 * checked by summing the segment and pseudo header again here.
 */
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr-vlan.h"
#include "vio-fixture.h"


typedef VioFixture Fixture;

/* I/O space as the guest maps it: page i of the window -> RAM page i + 16,
   read-write, for the first 64 pages */
#define RAM_OF(ioba) ((ioba) + 16 * 4096)
#define BUF_LIST 0x0000
#define FILTER_LIST 0x1000
#define RXQ 0x2000
#define BUFS 0x4000

static void fixture_setup(Fixture *f, gconstpointer data)
{
    vio_fixture_init(f, &spapr_vlan_type);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vio_fixture_fini(f);
}

static void map_pages(Fixture *f, int first, int n, uint64_t perm)
{
    for (int i = first; i < first + n; i++) {
        uint64_t ioba = (uint64_t)i * 4096;
        g_assert_cmpint(HC(f, H_PUT_TCE, f->dev->liobn, ioba,
                           RAM_OF(ioba) | perm), ==, H_SUCCESS);
    }
}

static uint64_t bd(uint32_t len, uint32_t addr)
{
    return VLAN_BD_VALID | (uint64_t)len << 32 | addr;
}

static uint32_t ld32(Fixture *f, uint64_t ioba)
{
    const uint8_t *p = f->m.ram + RAM_OF(ioba);
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static const uint64_t MAC = 0x525400123456ull;

static void registered(Fixture *f, uint32_t rxq_entries)
{
    map_pages(f, 0, 64, SPAPR_TCE_READ | SPAPR_TCE_WRITE);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, f->dev->reg, BUF_LIST,
                       bd(rxq_entries * 16, RXQ), FILTER_LIST, MAC),
                    ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, f->dev->reg,
                       VLAN_MC_RECV_MODIFY | VLAN_MC_RECV_ENABLE |
                       VLAN_MC_FILTER_MODIFY, 0), ==, H_SUCCESS);
}

/* a frame to dst of len bytes, payload bytes i & 0xff */
static uint8_t *frame_to(uint64_t dst, size_t len)
{
    uint8_t *fr = g_malloc(len);

    for (size_t i = 0; i < len; i++) {
        fr[i] = (uint8_t)i;
    }
    for (int i = 0; i < 6; i++) {
        fr[i] = (uint8_t)(dst >> (40 - 8 * i));
    }
    fr[12] = 0x08;
    fr[13] = 0x00;
    return fr;
}

/* ------------------------------------------------------------ tests */

static void test_fdt(Fixture *f, gconstpointer data)
{
    uint8_t *fdt = g_malloc0(8192);
    static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    const void *p;
    int node, len;

    g_assert_cmpint(fdt_create_empty_tree(fdt, 8192), ==, 0);
    g_assert_cmpint(fdt_add_subnode(fdt, 0, "vdevice"), >=, 0);
    g_assert_cmpint(spapr_vio_fdt(&f->m, fdt), ==, 0);
    node = fdt_path_offset(fdt, "/vdevice/l-lan@71000001");
    g_assert_cmpint(node, >=, 0);
    g_assert_cmpstr(fdt_getprop(fdt, node, "device_type", NULL), ==,
                    "network");
    g_assert_cmpstr(fdt_getprop(fdt, node, "compatible", NULL), ==,
                    "IBM,l-lan");
    p = fdt_getprop(fdt, node, "local-mac-address", &len);
    g_assert_cmpint(len, ==, 6);
    g_assert_cmpmem(p, 6, mac, 6);
    p = fdt_getprop(fdt, node, "mac-address", &len);
    g_assert_cmpmem(p, len, mac, 6);
    p = fdt_getprop(fdt, node, "ibm,mac-address-filters", &len);
    g_assert_cmpint(len, ==, 4);
    g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)p), >, 0);
    g_assert_nonnull(fdt_getprop(fdt, node, "ibm,illan-options", &len));
    g_assert_nonnull(fdt_getprop(fdt, node, "ibm,my-dma-window", &len));
    g_free(fdt);
}

static void test_register(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;

    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, 0x1234, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_PARAMETER);
    /* nothing mapped yet */
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_PARAMETER);
    map_pages(f, 0, 8, SPAPR_TCE_READ | SPAPR_TCE_WRITE);
    /* unaligned lists, a list outside the window */
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST + 8,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), 0x40000000, MAC), ==, H_PARAMETER);
    /* the receive queue: not valid, a partial entry, past the mapping */
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ) & ~VLAN_BD_VALID, FILTER_LIST, MAC),
                    ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4095, RXQ), FILTER_LIST, MAC), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(7 * 4096, RXQ), FILTER_LIST, MAC), ==,
                    H_PARAMETER);
    /* the buffer list is written (the drop counter): read-only fails */
    map_pages(f, 0, 1, SPAPR_TCE_READ);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_PARAMETER);
    map_pages(f, 0, 1, SPAPR_TCE_READ | SPAPR_TCE_WRITE);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_RESOURCE);
    g_assert_cmpint(HC(f, H_FREE_LOGICAL_LAN, 0x1234), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_FREE_LOGICAL_LAN, ua), ==, H_SUCCESS);
    g_assert_cmpint(HC(f, H_FREE_LOGICAL_LAN, ua), ==, H_RESOURCE);
    g_assert_cmpint(HC(f, H_REGISTER_LOGICAL_LAN, ua, BUF_LIST,
                       bd(4096, RXQ), FILTER_LIST, MAC), ==, H_SUCCESS);
}

static void test_add_buffer(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;

    map_pages(f, 0, 64, SPAPR_TCE_READ | SPAPR_TCE_WRITE);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua, bd(2048, BUFS)), ==,
                    H_RESOURCE); /* not registered */
    registered(f, 256);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, 0x1234, bd(2048, BUFS)),
                    ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua,
                       bd(2048, BUFS) & ~VLAN_BD_VALID), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua, 0), ==, H_PARAMETER);
    /* too short for the correlator and a header */
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua, bd(16, BUFS)), ==,
                    H_PARAMETER);
    /* past the mapped pages, past the window */
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua,
                       bd(8192, 63 * 4096)), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua,
                       bd(2048, 0xfffff000)), ==, H_PARAMETER);
    /* a page the adapter may not write */
    map_pages(f, 40, 1, SPAPR_TCE_READ);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua, bd(2048, 40 * 4096)),
                    ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua, bd(2048, BUFS)), ==,
                    H_SUCCESS);
    /* H_ADD_LOGICAL_LAN_BUFFERS: one bad descriptor and none is added:
       the receive below finds only the one good buffer */
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFERS, ua,
                       bd(2048, BUFS + 2048), bd(2048, 40 * 4096)), ==,
                    H_PARAMETER);
    {
        uint8_t *fr = frame_to(MAC, 100);

        g_assert_true(spapr_vlan_receive(f->dev, fr, 100));
        g_assert_false(spapr_vlan_receive(f->dev, fr, 100));
        g_free(fr);
    }
    g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFERS, ua,
                       bd(2048, BUFS + 2048), 0, bd(2048, BUFS + 4096)), ==,
                    H_SUCCESS);
}

static void test_receive(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;
    uint8_t *fr;

    registered(f, 2);
    /* two buffers of 2 KiB, one of 256 bytes; correlators in their first
       8 bytes as ibmveth stores them */
    for (int i = 0; i < 3; i++) {
        uint32_t addr = BUFS + i * 4096;
        memcpy(f->m.ram + RAM_OF(addr), "CORREL0", 7);
        f->m.ram[RAM_OF(addr) + 7] = (uint8_t)('0' + i);
        g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua,
                           bd(i == 2 ? 256 : 2048, addr)), ==, H_SUCCESS);
    }
    /* someone else's unicast is not taken */
    fr = frame_to(0x525400999999ull, 60);
    g_assert_false(spapr_vlan_receive(f->dev, fr, 60));
    g_free(fr);

    /* a small frame goes into the smallest buffer that holds it */
    fr = frame_to(MAC, 200);
    g_assert_true(spapr_vlan_receive(f->dev, fr, 200));
    g_assert_cmphex(ld32(f, RXQ), ==, 0x80000000u | 0x40000000u | 8);
    g_assert_cmpuint(ld32(f, RXQ + 4), ==, 200);
    g_assert_cmpmem(f->m.ram + RAM_OF(RXQ + 8), 8, "CORREL02", 8);
    g_assert_cmpmem(f->m.ram + RAM_OF(BUFS + 2 * 4096 + 8), 200, fr, 200);
    g_free(fr);

    /* broadcast, into the first 2 KiB buffer */
    fr = frame_to(0xffffffffffffull, 1514);
    g_assert_true(spapr_vlan_receive(f->dev, fr, 1514));
    g_assert_cmphex(ld32(f, RXQ + 16), ==, 0xc0000008u);
    g_assert_cmpuint(ld32(f, RXQ + 20), ==, 1514);
    g_assert_cmpmem(f->m.ram + RAM_OF(RXQ + 24), 8, "CORREL00", 8);
    g_free(fr);

    /* a frame no buffer holds is dropped and counted in the last
       doubleword of the buffer list */
    fr = frame_to(MAC, 3000);
    g_assert_false(spapr_vlan_receive(f->dev, fr, 3000));
    g_assert_cmpuint(ld32(f, BUF_LIST + 4092), ==, 1);
    g_free(fr);

    /* the queue of two entries wrapped: the third has toggle 0 */
    fr = frame_to(MAC, 64);
    g_assert_true(spapr_vlan_receive(f->dev, fr, 64));
    g_assert_cmphex(ld32(f, RXQ), ==, 0x40000008u);
    g_assert_cmpmem(f->m.ram + RAM_OF(RXQ + 8), 8, "CORREL01", 8);
    /* no buffer left */
    g_assert_false(spapr_vlan_receive(f->dev, fr, 64));
    g_free(fr);
}

static void test_send(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;

    map_pages(f, 0, 64, SPAPR_TCE_READ | SPAPR_TCE_WRITE);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(60, BUFS)), ==,
                    H_RESOURCE); /* not registered */
    registered(f, 16);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, 0x1234, bd(60, BUFS)), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua,
                       bd(60, BUFS) & ~VLAN_BD_VALID), ==, H_PARAMETER);
    /* shorter than an Ethernet header; larger than any frame */
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(10, BUFS)), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(0xffffff, BUFS),
                       bd(0xffffff, BUFS)), ==, H_PARAMETER);
    /* outside the window; a page the adapter may not read */
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(60, 0xfffffff0)), ==,
                    H_PARAMETER);
    map_pages(f, 41, 1, SPAPR_TCE_WRITE);
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(60, 41 * 4096)), ==,
                    H_PERMISSION);
    /* gathered from two descriptors */
    g_assert_cmpint(HC(f, H_SEND_LOGICAL_LAN, ua, bd(14, BUFS),
                       bd(46, BUFS + 100)), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], ==, 0);
}

static void test_attributes(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;

    g_assert_cmpint(HC(f, H_ILLAN_ATTRIBUTES, 0x1234, 0, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_ILLAN_ATTRIBUTES, ua, 0, 0), ==, H_SUCCESS);
    g_assert_true(f->env->gpr[4] & VLAN_ATTR_PADDED_PKT_CSUM);
    g_assert_false(f->env->gpr[4] & VLAN_ATTR_IPV4_TCP_CSUM);
    g_assert_cmpint(HC(f, H_ILLAN_ATTRIBUTES, ua, 0,
                       VLAN_ATTR_IPV4_TCP_CSUM | VLAN_ATTR_IPV6_TCP_CSUM),
                    ==, H_SUCCESS);
    g_assert_true(f->env->gpr[4] & VLAN_ATTR_IPV4_TCP_CSUM);
    g_assert_true(f->env->gpr[4] & VLAN_ATTR_IPV6_TCP_CSUM);
    g_assert_cmpint(HC(f, H_ILLAN_ATTRIBUTES, ua, VLAN_ATTR_IPV6_TCP_CSUM,
                       0), ==, H_SUCCESS);
    g_assert_false(f->env->gpr[4] & VLAN_ATTR_IPV6_TCP_CSUM);
    /* large send is not offered: asking for it (0x10000) fails */
    g_assert_cmpint(HC(f, H_ILLAN_ATTRIBUTES, ua, 0, 0x10000), ==,
                    H_PARAMETER);
}

static void test_multicast_and_mac(Fixture *f, gconstpointer data)
{
    uint64_t ua = f->dev->reg;
    uint64_t group = 0x01005e000001ull;
    uint8_t *fr;

    registered(f, 16);
    for (int i = 0; i < 4; i++) {
        g_assert_cmpint(HC(f, H_ADD_LOGICAL_LAN_BUFFER, ua,
                           bd(2048, BUFS + i * 4096)), ==, H_SUCCESS);
    }
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, 0x1234, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, 0x100000, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, VLAN_MC_ADD, MAC), ==,
                    H_PARAMETER); /* not a group address */
    /* filtering on, the table empty: the group is not received */
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, VLAN_MC_FILTER_MODIFY |
                       VLAN_MC_FILTER_ENABLE, 0), ==, H_SUCCESS);
    fr = frame_to(group, 60);
    g_assert_false(spapr_vlan_receive(f->dev, fr, 60));
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, VLAN_MC_ADD, group), ==,
                    H_SUCCESS);
    g_assert_true(spapr_vlan_receive(f->dev, fr, 60));
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, VLAN_MC_REMOVE, group), ==,
                    H_SUCCESS);
    g_assert_cmpint(HC(f, H_MULTICAST_CTRL, ua, VLAN_MC_REMOVE, group), ==,
                    H_NOT_FOUND);
    g_assert_false(spapr_vlan_receive(f->dev, fr, 60));
    g_free(fr);

    /* a new MAC: frames to it are taken, to the old one no more */
    g_assert_cmpint(HC(f, H_CHANGE_LOGICAL_LAN_MAC, 0x1234, MAC), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_CHANGE_LOGICAL_LAN_MAC, ua, group), ==,
                    H_PARAMETER);
    g_assert_cmpint(HC(f, H_CHANGE_LOGICAL_LAN_MAC, ua, 0x020000000042ull),
                    ==, H_SUCCESS);
    fr = frame_to(MAC, 60);
    g_assert_false(spapr_vlan_receive(f->dev, fr, 60));
    g_free(fr);
    fr = frame_to(0x020000000042ull, 60);
    g_assert_true(spapr_vlan_receive(f->dev, fr, 60));
    g_free(fr);
}

/* the one's complement sum of the pseudo header and the segment: 0xffff
   when the checksum in it is right (RFC 1071) */
static uint32_t fold(uint32_t s)
{
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return s;
}

static uint32_t sum16(const uint8_t *p, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i < n; i += 2) {
        s += (uint32_t)p[i] << 8 | (i + 1 < n ? p[i + 1] : 0);
    }
    return s;
}

static void test_tcp_csum(void)
{
    uint8_t f4[14 + 20 + 20 + 7] = { 0 }, f6[14 + 40 + 20 + 5] = { 0 };
    size_t l4len = 27;

    /* IPv4: 10.0.2.15 -> 10.0.2.2, TCP, 27 bytes of segment */
    f4[12] = 0x08;
    f4[14] = 0x45;
    f4[16] = 0;
    f4[17] = 20 + 27;
    f4[14 + 9] = 6;
    memcpy(f4 + 14 + 12, (uint8_t[]){ 10, 0, 2, 15, 10, 0, 2, 2 }, 8);
    for (size_t i = 34; i < sizeof(f4); i++) {
        f4[i] = (uint8_t)(i * 7);
    }
    f4[34 + 12] = 0x50;
    spapr_vlan_fill_tcp_csum(f4, sizeof(f4));
    g_assert_cmphex(fold(sum16(f4 + 26, 8) + 6 + l4len +
                         sum16(f4 + 34, l4len)), ==, 0xffff);

    /* IPv6: fec0::15 -> fec0::2 */
    f6[12] = 0x86;
    f6[13] = 0xdd;
    f6[14] = 0x60;
    f6[14 + 5] = 25;
    f6[14 + 6] = 6;
    f6[14 + 8] = 0xfe;
    f6[14 + 9] = 0xc0;
    f6[14 + 23] = 0x15;
    f6[14 + 24] = 0xfe;
    f6[14 + 25] = 0xc0;
    f6[14 + 39] = 0x02;
    for (size_t i = 54; i < sizeof(f6); i++) {
        f6[i] = (uint8_t)(i * 13);
    }
    spapr_vlan_fill_tcp_csum(f6, sizeof(f6));
    g_assert_cmphex(fold(sum16(f6 + 22, 32) + 6 + 25 +
                         sum16(f6 + 54, 25)), ==, 0xffff);

    /* UDP is left alone */
    f4[14 + 9] = 17;
    f4[34 + 16] = 0x12;
    f4[34 + 17] = 0x34;
    spapr_vlan_fill_tcp_csum(f4, sizeof(f4));
    g_assert_cmphex(f4[34 + 16] << 8 | f4[34 + 17], ==, 0x1234);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* DMA writes invalidate translated code: the TB cache must exist */
    accel_init(4u << 20, false);
#define ADD(name, fn)                                                        \
    g_test_add("/vlan/" name, Fixture, NULL, fixture_setup, fn,              \
               fixture_teardown)
    ADD("fdt", test_fdt);
    ADD("register", test_register);
    ADD("add-buffer", test_add_buffer);
    ADD("receive", test_receive);
    ADD("send", test_send);
    ADD("attributes", test_attributes);
    ADD("multicast-and-mac", test_multicast_and_mac);
    g_test_add_func("/vlan/tcp-checksum", test_tcp_csum);
    return g_test_run();
}
