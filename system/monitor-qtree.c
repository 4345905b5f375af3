/*
 * system/monitor-qtree.c: HMP `info qtree`, the machine's buses and
 * devices in QEMU 7.2's layout:
 *
 *   bus: main-system-bus
 *     type System
 *     dev: spapr-pci-host-bridge, id ""
 *       index = 0 (0x0)
 *       bus: pci.0
 *         type PCI
 *         dev: MODEL, id "ID"
 *           addr = SS.F
 *           class NAME, addr 00:SS.F, pci id VVVV:DDDD (sub VVVV:SSSS)
 *           bus: virtio-bus ...
 *     dev: spapr-vio-bridge, id ""
 *       bus: spapr-vio
 *         type spapr-vio-bus
 *         dev: spapr-vty, id "vty@71000000"
 *           reg = 1895825408 (0x71000000)
 *           chardev = "serial0"
 *         dev: spapr-vscsi ... bus: v-scsi@REG.0 (type SCSI) with its
 *           scsi-hd / scsi-cd units (drive, channel, scsi-id, lun)
 *
 * A bus lists its devices newest first, as QEMU's does (the VIO bus in
 * descending unit address).  Only the properties that say which device
 * is which are shown (QEMU lists every property of every model: its
 * defaults would be ours to invent); the interrupt controller, which
 * QEMU lists as spapr-xive, is not a device here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "monitor.h"
#include "pci.h"
#include "spapr-hv.h"
#include "spapr-vio.h"
#include "spapr-vscsi.h"
#include "spapr.h"

#define IND(n) ((int)(n) * 2), ""

/* the class names QEMU prints for the PCI classes of our models */
static const struct {
    uint16_t cls;
    const char *name;
} pci_class_names[] = {
    { 0x0100, "SCSI controller" },
    { 0x0106, "SATA controller" },
    { 0x0108, "Class 0108" },
    { 0x0200, "Ethernet controller" },
    { 0x0780, "Class 0780" },
    { 0x0c03, "USB controller" },
};

static void qtree_reg(GString *o, int ind, uint32_t reg)
{
    g_string_append_printf(o, "%*sreg = %u (0x%x)\n", IND(ind), reg, reg);
}

/* the SCSI units of the v-scsi hba, newest first, as the adapter holds
   them */
static void qtree_scsi(GString *o, int ind, const SpaprVioDevice *hba)
{
    ScsiDevice *const *units;
    size_t n = spapr_vscsi_units(hba, &units);

    for (size_t i = n; i-- > 0;) {
        const ScsiDevice *sd = units[i];

        g_string_append_printf(o,
            "%*sdev: %s, id \"%s\"\n%*sdrive = \"%s\"\n"
            "%*schannel = 0 (0x0)\n%*sscsi-id = %u (0x%x)\n"
            "%*slun = %u (0x%x)\n", IND(ind),
            sd->cdrom ? "scsi-cd" : "scsi-hd",
            sd->qdev_id ? sd->qdev_id : "", IND(ind + 1),
            sd->drive ? sd->drive : "", IND(ind + 1), IND(ind + 1),
            sd->id, sd->id, IND(ind + 1), sd->lun, sd->lun);
    }
}

/* the chardev= of the k-th -device spapr-vty */
static char *qtree_vty_chardev(SpaprMachine *m, size_t k)
{
    const GPtrArray *devs = m->cfg->devices;
    size_t seen = 0;

    for (guint i = 0; devs && i < devs->len; i++) {
        char *e = NULL, *out = NULL;
        SpaprDevProps *p = spapr_devprops_parse(g_ptr_array_index(devs, i),
                                                &e);
        if (!p) {
            g_free(e);
            continue;
        }
        if (strcmp(spapr_devprops_driver(p), "spapr-vty") == 0 &&
            seen++ == k) {
            const char *c = spapr_devprops_take(p, "chardev");
            out = g_strdup(c ? c : "");
        }
        spapr_devprops_free(p);
        if (out) {
            return out;
        }
    }
    return g_strdup("");
}

static gint qtree_by_reg_desc(gconstpointer a, gconstpointer b)
{
    const SpaprVioDevice *x = *(SpaprVioDevice *const *)a;
    const SpaprVioDevice *y = *(SpaprVioDevice *const *)b;

    return x->reg < y->reg ? 1 : x->reg > y->reg ? -1 : 0;
}

static void qtree_vio(SpaprMachine *m, GString *o)
{
    size_t n = 0;
    SpaprVioDevice **vio = m->vio ? spapr_vio_devices(m, &n) : NULL;
    GPtrArray *sorted = g_ptr_array_new();
    const int ind = 3;

    g_string_append(o, "  dev: spapr-vio-bridge, id \"\"\n"
                       "    bus: spapr-vio\n      type spapr-vio-bus\n");
    for (size_t i = 0; i < n; i++) {
        g_ptr_array_add(sorted, vio[i]);
    }
    g_ptr_array_sort(sorted, qtree_by_reg_desc);
    for (guint i = 0; i < sorted->len; i++) {
        const SpaprVioDevice *d = g_ptr_array_index(sorted, i);
        const char *type;
        uint32_t reg;

        type = d->type->name;
        reg = d->reg;
        if (d->id) {
            g_string_append_printf(o, "%*sdev: %s, id \"%s\"\n", IND(ind),
                                   type, d->id);
        } else {
            g_string_append_printf(o, "%*sdev: %s, id \"%s@%x\"\n",
                                   IND(ind), type, d->type->dt_name, reg);
        }
        qtree_reg(o, ind + 1, reg);
        if (strcmp(type, "spapr-vty") == 0) {
            /* which -device line: the vtys in creation order */
            size_t k = 0;
            for (size_t j = 0; j < n; j++) {
                if (vio[j] == d) {
                    break;
                }
                k += vio[j]->type == d->type;
            }
            char *c = qtree_vty_chardev(m, k);
            g_string_append_printf(o, "%*schardev = \"%s\"\n", IND(ind + 1),
                                   c);
            g_free(c);
        } else if (strcmp(type, "spapr-vlan") == 0) {
            char *nd = NULL;
            uint8_t mac[6];
            if (monitor_net_vlan(m, reg, &nd, mac)) {
                g_string_append_printf(
                    o, "%*smac = \"%02x:%02x:%02x:%02x:%02x:%02x\"\n"
                    "%*snetdev = \"%s\"\n", IND(ind + 1), mac[0], mac[1],
                    mac[2], mac[3], mac[4], mac[5], IND(ind + 1), nd);
                g_free(nd);
            }
        } else if (d->type == &spapr_vscsi_type) {
            /* the bus is named after the adapter's id= (QEMU's
               ID.0), else its node */
            if (d->id) {
                g_string_append_printf(o, "%*sbus: %s.0\n", IND(ind + 1),
                                       d->id);
            } else {
                g_string_append_printf(o, "%*sbus: %s@%x.0\n", IND(ind + 1),
                                       d->type->dt_name, reg);
            }
            g_string_append_printf(o, "%*stype SCSI\n", IND(ind + 2));
            qtree_scsi(o, ind + 2, d);
        }
    }
    /* the NVRAM and the first vty hold fixed unit addresses */
    g_string_append_printf(o, "%*sdev: spapr-nvram, id \"nvram@%x\"\n",
                           IND(ind), m->nvram_reg);
    qtree_reg(o, ind + 1, m->nvram_reg);
    g_string_append_printf(o, "%*sdrive = \"%s\"\n", IND(ind + 1),
                           m->cfg->nvram_drive ? m->cfg->nvram_drive : "");
    if (m->console) {
        g_string_append_printf(o, "%*sdev: spapr-vty, id \"vty@%x\"\n",
                               IND(ind), m->console_reg);
        qtree_reg(o, ind + 1, m->console_reg);
        g_string_append_printf(o, "%*schardev = \"%s\"\n", IND(ind + 1),
                               m->cfg->console.id ? m->cfg->console.id
                                                  : "serial0");
    }
    g_ptr_array_free(sorted, true);
}

static char *qtree_phb_id(SpaprMachine *m, const SpaprPhb *phb)
{
    GHashTableIter it;
    gpointer k, v;

    if (m->pci_ids) {
        g_hash_table_iter_init(&it, m->pci_ids);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (v == phb) {
                return g_strdup(k);
            }
        }
    }
    return g_strdup("");
}

/* the backend property (drive=, netdev=, chardev=) of the -device or
   -nic line of a PCI device: by its id=, else the k-th line of its
   model; NULL if none */
static char *qtree_pci_backend(SpaprMachine *m, const PCIDevice *d,
                               unsigned k)
{
    const GPtrArray *lists[2] = { m->cfg->nics, m->cfg->devices };
    static const char *const keys[] = { "drive", "netdev", "chardev" };
    unsigned seen = 0;

    for (int l = 0; l < 2; l++) {
        for (guint i = 0; lists[l] && i < lists[l]->len; i++) {
            char *e = NULL, *out = NULL;
            SpaprDevProps *p = spapr_devprops_parse(
                g_ptr_array_index(lists[l], i), &e);
            const char *id;
            bool match;

            if (!p) {
                g_free(e);
                continue;
            }
            id = spapr_devprops_take(p, "id");
            match = strcmp(spapr_devprops_driver(p), d->type->name) == 0 &&
                    (d->id ? id && strcmp(id, d->id) == 0 : seen++ == k);
            for (size_t j = 0; match && !out && j < G_N_ELEMENTS(keys);
                 j++) {
                const char *v = spapr_devprops_take(p, keys[j]);
                if (v) {
                    out = g_strdup_printf("%s = \"%s\"", keys[j], v);
                }
            }
            spapr_devprops_free(p);
            if (match) {
                return out;
            }
        }
    }
    return NULL;
}

static void qtree_pci(SpaprMachine *m, GString *o)
{
    for (int i = SPAPR_MAX_PHBS; m->pci && i-- > 0;) {
        const SpaprPhb *phb = m->pci->phbs[i];
        char *id;

        if (!phb) {
            continue;
        }
        id = qtree_phb_id(m, phb);
        g_string_append_printf(o, "  dev: spapr-pci-host-bridge, id \"%s\"\n"
                               "    index = %u (0x%x)\n    bus: pci.%u\n"
                               "      type PCI\n", id, phb->index,
                               phb->index, phb->index);
        g_free(id);
        for (int s = PCI_SLOT_MAX; s-- > 0;) {
            const PCIDevice *d = phb->slots[s];
            const char *cname = NULL;
            uint16_t cls;
            char buf[16];

            if (!d) {
                continue;
            }
            cls = pci_get_word(d->config + 0x0a);
            for (size_t k = 0; k < G_N_ELEMENTS(pci_class_names); k++) {
                if (pci_class_names[k].cls == cls) {
                    cname = pci_class_names[k].name;
                }
            }
            if (!cname) {
                snprintf(buf, sizeof(buf), "Class %04x", cls);
                cname = buf;
            }
            g_string_append_printf(
                o, "      dev: %s, id \"%s\"\n        addr = %02x.%x\n"
                "        class %s, addr 00:%02x.%x, pci id %04x:%04x "
                "(sub %04x:%04x)\n", d->type->name, d->id ? d->id : "",
                d->devfn >> 3, d->devfn & 7, cname, d->devfn >> 3,
                d->devfn & 7, pci_get_word(d->config + 0x00),
                pci_get_word(d->config + 0x02),
                pci_get_word(d->config + 0x2c),
                pci_get_word(d->config + 0x2e));
            if (g_str_has_prefix(d->type->name, "virtio-") &&
                g_str_has_suffix(d->type->name, "-pci")) {
                size_t len = strlen(d->type->name) - 4;
                unsigned k = 0;
                char *be;
                /* the devices of this model before it (slot order is
                   creation order) */
                for (int t = 0; t < s; t++) {
                    k += phb->slots[t] && !phb->slots[t]->id &&
                         phb->slots[t]->type == d->type;
                }
                be = qtree_pci_backend(m, d, k);
                g_string_append_printf(o, "        bus: virtio-bus\n"
                                       "          type virtio-pci-bus\n"
                                       "          dev: %.*s-device, id \"\"\n",
                                       (int)len, d->type->name);
                if (be) {
                    g_string_append_printf(o, "            %s\n", be);
                    g_free(be);
                }
            }
        }
    }
}

void monitor_qtree_hmp(SpaprMachine *m, GString *out)
{
    g_string_append(out, "bus: main-system-bus\n  type System\n");
    qtree_pci(m, out);
    qtree_vio(m, out);
}
