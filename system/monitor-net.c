/*
 * system/monitor-net.c: HMP `info network`, in QEMU 7.2's layout.
 *
 * QEMU prints each NIC with its backend under it:
 *
 *   NAME: index=0,type=nic,model=MODEL,macaddr=MAC
 *    \ NETDEV: index=0,type=TYPE,INFO
 *
 * a backend no NIC uses on a line of its own (backends are made before
 * the NICs, so these come first), and the old -net NICs and backends as
 * the ports of "hub 0" (the backend's port 1 listed before the NIC's port
 * 0) ahead of everything.  A NIC is named by its id=, else a VIO one by
 * its node ("l-lan@71000002"), a PCI one by model and number
 * ("virtio-net-pci.0"); a backend made by -nic or -net without id= gets
 * QEMU's "#netNNN" (a counter of QEMU's: ours count from 100 in steps of
 * 100).  The INFO of a backend: user "net=NETWORK,restrict=on|off"; socket
 * "socket: udp=HOST:PORT" or "socket: mcast=ADDR:PORT", and nothing for
 * listen= and connect=; tap "ifname=,script=,downscript=".
 *
 * Everything is read from the configuration and the machine's devices: a
 * NIC's default MAC is the next of QEMU's sequence in the order the
 * machine makes them (-nic and -net first, then -device).  What differs
 * from QEMU: a socket backend's text stays what it is before its peer
 * connects (QEMU's changes to "socket: connection from HOST:PORT" /
 * "connect to HOST:PORT"), and a tap shows the ifname= asked for (QEMU
 * shows the one the kernel gave).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "json.h"
#include "monitor.h"
#include "net.h"
#include "spapr-vio.h"
#include "spapr-vlan.h"
#include "spapr.h"
#include "system/net-internal.h"

typedef struct MonNic {
    uint32_t reg;       /* a VIO NIC's unit address, else 0 */
    char *name;
    char *model;
    char *netdev;
    uint8_t mac[6];
} MonNic;

static void mon_nic_free(gpointer p)
{
    MonNic *n = p;

    g_free(n->name);
    g_free(n->model);
    g_free(n->netdev);
    g_free(n);
}

static bool mon_nic_model(const char *driver)
{
    return strcmp(driver, "spapr-vlan") == 0 ||
           strcmp(driver, "virtio-net-pci") == 0;
}

/* the NICs in creation order, with their names and MACs */
static GPtrArray *mon_nics(SpaprMachine *m)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(mon_nic_free);
    const GPtrArray *lists[2] = { m->cfg->nics, m->cfg->devices };
    uint8_t next[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    size_t nvio = 0, vlan_seen = 0;
    SpaprVioDevice **vio = m->vio ? spapr_vio_devices(m, &nvio) : NULL;
    unsigned pci_seen = 0;

    for (int l = 0; l < 2; l++) {
        for (guint i = 0; lists[l] && i < lists[l]->len; i++) {
            char *e = NULL;
            SpaprDevProps *p = spapr_devprops_parse(
                g_ptr_array_index(lists[l], i), &e);
            const char *drv, *id, *mac, *nd;
            MonNic *n;

            if (!p) {
                g_free(e);
                continue;
            }
            drv = spapr_devprops_driver(p);
            if (!mon_nic_model(drv)) {
                spapr_devprops_free(p);
                continue;
            }
            id = spapr_devprops_take(p, "id");
            mac = spapr_devprops_take(p, "mac");
            nd = spapr_devprops_take(p, "netdev");
            n = g_new0(MonNic, 1);
            n->model = g_strdup(drv);
            n->netdev = g_strdup(nd);
            if (!mac || !net_parse_mac(mac, n->mac)) {
                /* QEMU's default sequence: 52:54:00:12:34:56 and up */
                memcpy(n->mac, next, 6);
                next[5]++;
                if (!next[5]) {
                    next[4]++;
                }
            }
            if (strcmp(drv, "spapr-vlan") == 0) {
                for (size_t k = 0, seen = 0; k < nvio; k++) {
                    if (vio[k]->type == &spapr_vlan_type &&
                        seen++ == vlan_seen) {
                        n->reg = vio[k]->reg;
                    }
                }
            }
            if (id) {
                n->name = g_strdup(id);
            } else if (strcmp(drv, "spapr-vlan") == 0) {
                n->name = g_strdup_printf("l-lan@%x", n->reg);
            } else {
                n->name = g_strdup_printf("%s.%u", drv, pci_seen);
            }
            vlan_seen += strcmp(drv, "spapr-vlan") == 0;
            pci_seen += strcmp(drv, "spapr-vlan") != 0;
            g_ptr_array_add(out, n);
            spapr_devprops_free(p);
        }
    }
    return out;
}

/* the ids the options layer made up: shown as QEMU's "#netNNN" */
static bool mon_netdev_auto(const char *id)
{
    return g_str_has_prefix(id, "nic.") || g_str_has_prefix(id, "net.") ||
           strcmp(id, "user.0") == 0;
}

/* on hub 0: the -net backends and the default NIC's */
static bool mon_netdev_hub(const char *id)
{
    return g_str_has_prefix(id, "net.") || strcmp(id, "user.0") == 0;
}

static void mon_netdev_name(GString *out, const NetdevSpec *s, guint i)
{
    if (mon_netdev_auto(s->id)) {
        g_string_append_printf(out, "#net%03u", 100 * (i + 1) % 1000);
    } else {
        g_string_append(out, s->id);
    }
}

/* "index=0,type=TYPE,INFO" */
static void mon_netdev_info(GString *out, const NetdevSpec *s)
{
    const char *v;

    g_string_append_printf(out, "index=0,type=%s,", s->type);
    if (strcmp(s->type, "user") == 0) {
        /* net=ADDR[/MASK]: the network's address (ADDR & MASK) */
        struct in_addr a = { .s_addr = htonl(0x0a000200) };
        unsigned bits = 24;
        const char *r = netdev_spec_get(s, "restrict");
        char buf[INET_ADDRSTRLEN];
        if ((v = netdev_spec_get(s, "net"))) {
            char *addr = g_strndup(v, strcspn(v, "/"));
            const char *slash = strchr(v, '/');
            if (inet_pton(AF_INET, addr, &a) == 1 && slash) {
                bits = (unsigned)atoi(slash + 1);
                if (strchr(slash + 1, '.')) {
                    struct in_addr mask;
                    bits = inet_pton(AF_INET, slash + 1, &mask) == 1
                               ? (unsigned)__builtin_popcount(mask.s_addr)
                               : 24;
                }
            } else if (!slash) {
                bits = 24;
            }
            g_free(addr);
        }
        if (bits && bits <= 32) {
            uint32_t mask = bits == 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
            a.s_addr = htonl(ntohl(a.s_addr) & mask);
        }
        inet_ntop(AF_INET, &a, buf, sizeof(buf));
        g_string_append_printf(out, "net=%s,restrict=%s", buf,
                               r && (strcmp(r, "on") == 0 ||
                                     strcmp(r, "yes") == 0)
                                   ? "on"
                                   : "off");
    } else if (strcmp(s->type, "socket") == 0) {
        if ((v = netdev_spec_get(s, "udp"))) {
            g_string_append_printf(out, "socket: udp=%s", v);
        } else if ((v = netdev_spec_get(s, "mcast"))) {
            g_string_append_printf(out, "socket: mcast=%s", v);
        }
    } else if (strcmp(s->type, "tap") == 0) {
        const char *ifname = netdev_spec_get(s, "ifname");
        const char *script = netdev_spec_get(s, "script");
        const char *down = netdev_spec_get(s, "downscript");
        g_string_append_printf(out, "ifname=%s,script=%s,downscript=%s",
                               ifname ? ifname : "tap0",
                               script ? script : "/etc/qemu-ifup",
                               down ? down : "/etc/qemu-ifdown");
    }
}

static void mon_nic_line(GString *out, const MonNic *n)
{
    g_string_append_printf(out, "%s: index=0,type=nic,model=%s,macaddr="
                           "%02x:%02x:%02x:%02x:%02x:%02x\n", n->name,
                           n->model, n->mac[0], n->mac[1], n->mac[2],
                           n->mac[3], n->mac[4], n->mac[5]);
}

void monitor_net_hmp(SpaprMachine *m, GString *out)
{
    const GPtrArray *nds = m->cfg->netdevs;
    GPtrArray *nics = mon_nics(m);
    int hub_nd = -1;
    const MonNic *hub_nic = NULL;

    for (guint i = 0; nds && i < nds->len; i++) {
        const NetdevSpec *s = g_ptr_array_index(nds, i);
        if (mon_netdev_hub(s->id)) {
            hub_nd = (int)i;
        }
    }
    if (hub_nd >= 0) {
        const NetdevSpec *s = g_ptr_array_index(nds, (guint)hub_nd);
        for (guint k = 0; k < nics->len; k++) {
            const MonNic *n = g_ptr_array_index(nics, k);
            if (n->netdev && strcmp(n->netdev, s->id) == 0) {
                hub_nic = n;
            }
        }
        g_string_append(out, "hub 0\n \\ hub0port1: ");
        mon_netdev_name(out, s, (guint)hub_nd);
        g_string_append(out, ": ");
        mon_netdev_info(out, s);
        g_string_append_c(out, '\n');
        if (hub_nic) {
            g_string_append(out, " \\ hub0port0: ");
            mon_nic_line(out, hub_nic);
        }
    }
    /* backends no NIC took */
    for (guint i = 0; nds && i < nds->len; i++) {
        const NetdevSpec *s = g_ptr_array_index(nds, i);
        bool used = (int)i == hub_nd;
        for (guint k = 0; !used && k < nics->len; k++) {
            const MonNic *n = g_ptr_array_index(nics, k);
            used = n->netdev && strcmp(n->netdev, s->id) == 0;
        }
        if (!used) {
            mon_netdev_name(out, s, i);
            g_string_append(out, ": ");
            mon_netdev_info(out, s);
            g_string_append_c(out, '\n');
        }
    }
    for (guint k = 0; k < nics->len; k++) {
        const MonNic *n = g_ptr_array_index(nics, k);
        if (n == hub_nic) {
            continue;
        }
        mon_nic_line(out, n);
        for (guint i = 0; n->netdev && nds && i < nds->len; i++) {
            const NetdevSpec *s = g_ptr_array_index(nds, i);
            if (strcmp(s->id, n->netdev) == 0) {
                g_string_append(out, " \\ ");
                mon_netdev_name(out, s, i);
                g_string_append(out, ": ");
                mon_netdev_info(out, s);
                g_string_append_c(out, '\n');
            }
        }
    }
    g_ptr_array_unref(nics);
}

bool monitor_net_vlan(SpaprMachine *m, uint32_t reg, char **netdev,
                      uint8_t mac[6])
{
    GPtrArray *nics = mon_nics(m);
    bool found = false;

    for (guint k = 0; k < nics->len && !found; k++) {
        const MonNic *n = g_ptr_array_index(nics, k);
        if (n->reg == reg && strcmp(n->model, "spapr-vlan") == 0) {
            found = true;
            memcpy(mac, n->mac, 6);
            *netdev = !n->netdev ? g_strdup("")
                      : mon_netdev_hub(n->netdev) ? g_strdup("hub0port0")
                                                  : g_strdup(n->netdev);
        }
    }
    g_ptr_array_unref(nics);
    return found;
}

/*
 * QMP query-rx-filter [name=NIC]: the receive filter of the NICs that
 * have one to report.  QEMU's virtio-net does; its spapr-vlan does not
 * ("doesn't support rx-filter querying"), and neither does ours.
 * virtio-net-pci here offers no control queue (no VIRTIO_NET_F_CTRL_RX,
 * _CTRL_VLAN, _CTRL_MAC_ADDR), so the guest cannot change its filter:
 * it takes every frame, as QEMU's device does from a reset until a
 * driver narrows it down, and the answer is that state: promiscuous,
 * unicast and multicast "normal", every VLAN (4095 down to 0, QEMU's
 * order), empty MAC tables, and broadcast-allowed false as QEMU 7.2
 * reports it in that state.
 */
bool monitor_net_rx_filter_qmp(SpaprMachine *m, const char *name,
                               GString *out, char **err)
{
    const GPtrArray *nds = m->cfg->netdevs;
    GPtrArray *nics = mon_nics(m);
    bool found = false, first = true;

    g_string_append_c(out, '[');
    for (guint k = 0; k < nics->len; k++) {
        const MonNic *n = g_ptr_array_index(nics, k);

        if (name && strcmp(name, n->name) != 0) {
            continue;
        }
        found = true;
        if (strcmp(n->model, "virtio-net-pci") != 0) {
            if (name) {
                *err = g_strdup_printf("net client(%s) doesn't support "
                                       "rx-filter querying", name);
                break;
            }
            continue;
        }
        g_string_append_printf(out, "%s{\"promiscuous\": true, \"name\": ",
                               first ? "" : ", ");
        json_append_string(out, n->name);
        g_string_append_printf(out, ", \"main-mac\": \"%02x:%02x:%02x:%02x:"
                               "%02x:%02x\", \"unicast\": \"normal\", "
                               "\"vlan\": \"all\", \"vlan-table\": [",
                               n->mac[0], n->mac[1], n->mac[2], n->mac[3],
                               n->mac[4], n->mac[5]);
        for (int v = 4095; v >= 0; v--) {
            g_string_append_printf(out, v == 4095 ? "%d" : ", %d", v);
        }
        g_string_append(out, "], \"unicast-table\": [], \"multicast\": "
                             "\"normal\", \"multicast-overflow\": false, "
                             "\"unicast-overflow\": false, "
                             "\"multicast-table\": [], "
                             "\"broadcast-allowed\": false}");
        first = false;
    }
    g_string_append_c(out, ']');
    if (name && !found && !*err) {
        bool backend = false;
        for (guint i = 0; nds && i < nds->len; i++) {
            const NetdevSpec *s = g_ptr_array_index(nds, i);
            GString *shown = g_string_new(NULL);
            mon_netdev_name(shown, s, i);
            backend |= strcmp(shown->str, name) == 0;
            g_string_free(shown, true);
        }
        *err = backend ? g_strdup_printf("net client(%s) isn't a NIC", name)
                       : g_strdup_printf("invalid net client name: %s",
                                         name);
    }
    g_ptr_array_unref(nics);
    return *err == NULL;
}
