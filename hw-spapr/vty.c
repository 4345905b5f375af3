/*
 * hw-spapr/vty.c: more virtual terminals, -device spapr-vty,chardev=ID
 * (and every -serial after the first), as VIO devices (include/spapr-vio.h).
 *
 * A vty is a VIO adapter without DMA or a CRQ (LoPAPR: "Virtual Terminal",
 * function set hcall-term): node "vty@REG", device_type "serial",
 * compatible "hvterm1"; the guest writes with H_PUT_TERM_CHAR and reads
 * with H_GET_TERM_CHAR on its unit address (hcall.c), and input raises
 * the device's interrupt.  Linux's hvc_vio numbers them hvc0 (the console,
 * the machine's own vty@71000000), then hvc1, hvc2... in probe order.
 */
#include <string.h>

#include <glib.h>

#include "spapr-vio.h"
#include "spapr-vty.h"
#include "xics.h"

typedef struct SpaprVty {
    Chardev *chr;
    char *chardev_id;
} SpaprVty;

/* input from the chardev's reader thread: the device's interrupt */
static void spapr_vty_event(void *opaque, ChardevEvent ev)
{
    SpaprVioDevice *dev = opaque;

    if (ev == CHARDEV_EVENT_QUIT) {
        spapr_machine_request(dev->m, SPAPR_REQ_QUIT);
    } else if (ev == CHARDEV_EVENT_INPUT && dev->m->xics) {
        xics_set_irq(dev->m->xics, dev->irq, 1);
    }
}

const ChardevSpec *spapr_config_chardev(const SpaprConfig *cfg,
                                        const char *id)
{
    for (guint i = 0; cfg->chardevs && i < cfg->chardevs->len; i++) {
        const ChardevSpec *s = g_ptr_array_index(cfg->chardevs, i);
        if (s->id && strcmp(s->id, id) == 0) {
            return s;
        }
    }
    return NULL;
}

static bool spapr_vty_realize(SpaprVioDevice *dev, SpaprDevProps *props,
                              char **err)
{
    SpaprVty *vty = dev->priv;
    const char *id = props ? spapr_devprops_take(props, "chardev") : NULL;
    const ChardevSpec *spec;
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(dev->m, &n);

    if (!id) {
        *err = g_strdup("spapr-vty: Property 'chardev' is required");
        return false;
    }
    spec = spapr_config_chardev(dev->m->cfg, id);
    if (!spec) {
        *err = g_strdup_printf("Property 'spapr-vty.chardev' can't find "
                               "value '%s'", id);
        return false;
    }
    /* one front end per chardev (QEMU: "Device 'ID' is in use") */
    bool used = dev->m->cfg->console.id &&
                strcmp(dev->m->cfg->console.id, id) == 0;
    for (size_t i = 0; i < n && !used; i++) {
        if (devs[i] != dev && devs[i]->type == &spapr_vty_type) {
            const SpaprVty *o = devs[i]->priv;
            used = o->chardev_id && strcmp(o->chardev_id, id) == 0;
        }
    }
    if (used) {
        *err = g_strdup_printf("Property 'spapr-vty.chardev' can't take "
                               "value '%s': Device '%s' is in use", id, id);
        return false;
    }
    vty->chardev_id = g_strdup(id);
    vty->chr = chardev_open(spec, err);
    if (!vty->chr) {
        return false;
    }
    chardev_set_event_handler(vty->chr, spapr_vty_event, dev);
    return true;
}

static void spapr_vty_unrealize(SpaprVioDevice *dev)
{
    SpaprVty *vty = dev->priv;

    chardev_close(vty->chr);
    g_free(vty->chardev_id);
}

const SpaprVioType spapr_vty_type = {
    .name = "spapr-vty",
    .dt_name = "vty",
    .dt_type = "serial",
    .dt_compat = "hvterm1",
    .priv_size = sizeof(SpaprVty),
    .realize = spapr_vty_realize,
    .unrealize = spapr_vty_unrealize,
};

Chardev *spapr_vty_chardev(SpaprMachine *m, uint64_t reg)
{
    SpaprVioDevice *dev;

    if (m->console && (reg == m->console_reg || reg == 0)) {
        return m->console;
    }
    dev = spapr_vio_find(m, reg);
    if (dev && dev->type == &spapr_vty_type) {
        return ((SpaprVty *)dev->priv)->chr;
    }
    return NULL;
}
