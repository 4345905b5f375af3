/*
 * system/options-net.c: the network options in qemu-system-ppc64's
 * syntax.  They only collect: the backends are opened when the machine is
 * built (system/net.c), the NICs are VIO devices made from the strings
 * collected here (hw-spapr/vlan.c).
 *
 *   -netdev TYPE,id=ID[,...]     a backend (the type's keys: net-slirp.c)
 *   -nic [TYPE][,model=M][,mac=MAC][,backend keys]  a backend and its NIC
 *   -nic none                    no NIC at all
 *   -net nic[,model=M][,macaddr=MAC][,netdev=ID]   the old syntax: a NIC on
 *   -net user|socket|tap[,...]   "hub 0" with the -net backend
 *   -net none
 *   -object filter-dump,id=ID,netdev=ID,file=F[,maxlen=N]
 *
 * As in QEMU, any -netdev, -nic or -net (and -nodefaults) removes the
 * default NIC, which a plain -M pseries gets: spapr-vlan on user
 * networking.
 */
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "options.h"
#include "system/options-int.h"

/* the NIC models -nic and -net nic accept, and the -device name each
   becomes */
static const struct {
    const char *model;
    const char *device;
} nic_models[] = {
    { "spapr-vlan", "spapr-vlan" },
    { "ibmveth", "spapr-vlan" },
    { "virtio", "virtio-net-pci" }, /* hw-pci */
    { "virtio-net", "virtio-net-pci" },
};

static GPtrArray **net_specs(PowerjitOptions *o)
{
    if (!o->machine.netdevs) {
        o->machine.netdevs = g_ptr_array_new_with_free_func(
            netdev_spec_free);
    }
    return &o->machine.netdevs;
}

static bool netdev_id_taken(PowerjitOptions *o, const char *id)
{
    GPtrArray *a = o->machine.netdevs;

    for (guint i = 0; a && i < a->len; i++) {
        if (strcmp(((NetdevSpec *)g_ptr_array_index(a, i))->id, id) == 0) {
            return true;
        }
    }
    return false;
}

static void netdev_help(OptCtx *c)
{
    fprintf(c->out, "Available netdev backend types:\n");
    fprintf(c->out, "socket\ntap\nuser\n");
    c->exit_now = true;
}

/* the backend's keys from kvs[first...] into a new spec of type; keys in
   skip (NULL-terminated) are left for the caller */
static NetdevSpec *netdev_spec_from(OptCtx *c, GArray *kvs, guint first,
                                    const char *type, const char *id,
                                    const char *const *skip)
{
    NetdevSpec *s;

    if (!netdev_type_known(type)) {
        opt_error(c, "Parameter 'type' expects a netdev backend type");
        return NULL;
    }
    s = netdev_spec_new(type, id);
    for (guint i = first; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool skipped = strcmp(kv->key, "id") == 0;

        for (size_t j = 0; skip && skip[j] && !skipped; j++) {
            skipped = strcmp(kv->key, skip[j]) == 0;
        }
        if (!skipped) {
            netdev_spec_add(s, kv->key, kv->value);
        }
    }
    return s;
}

static const char *kv_get(GArray *kvs, const char *key)
{
    const char *v = NULL;

    for (guint i = 0; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        if (strcmp(kv->key, key) == 0) {
            v = kv->value;
        }
    }
    return v;
}

bool opt_netdev(OptCtx *c)
{
    GArray *kvs;
    const char *type, *id;
    NetdevSpec *s;

    if (is_help(c->arg)) {
        netdev_help(c);
        return true;
    }
    kvs = keyval_parse(c, c->arg, "type");
    if (!kvs) {
        return false;
    }
    c->o->net_given = true;
    type = kv_get(kvs, "type");
    id = kv_get(kvs, "id");
    if (!type) {
        keyval_free(kvs);
        return opt_error(c, "Parameter 'type' is missing");
    }
    if (is_help(type)) {
        keyval_free(kvs);
        netdev_help(c);
        return true;
    }
    if (!id) {
        keyval_free(kvs);
        return opt_error(c, "Parameter 'id' is missing");
    }
    if (netdev_id_taken(c->o, id)) {
        bool r = opt_error(c, "Duplicate ID '%s' for netdev", id);
        keyval_free(kvs);
        return r;
    }
    s = netdev_spec_from(c, kvs, 1, type, id, NULL);
    keyval_free(kvs);
    if (!s) {
        return false;
    }
    g_ptr_array_add(*net_specs(c->o), s);
    return true;
}

/* the -device string of a NIC of model on netdev (NULL: none), into
   machine.nics (-nic) or net_legacy_nics (-net nic) */
static bool nic_add(OptCtx *c, const char *model, const char *netdev,
                    const char *mac, bool legacy)
{
    GPtrArray **list = legacy ? &c->o->net_legacy_nics : &c->o->machine.nics;
    const char *device = NULL;
    GString *dev;

    if (!model) {
        model = "spapr-vlan";
    }
    if (is_help(model)) {
        fprintf(c->out, "Supported NIC models:\n");
        for (size_t i = 0; i < G_N_ELEMENTS(nic_models); i++) {
            fprintf(c->out, "%s\n", nic_models[i].model);
        }
        c->exit_now = true;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(nic_models); i++) {
        if (strcmp(model, nic_models[i].model) == 0) {
            device = nic_models[i].device;
        }
    }
    /* any other model is a -device name (a PCI NIC, once there is one):
       the machine says if it exists */
    dev = g_string_new(device ? device : model);
    if (netdev) {
        g_string_append_printf(dev, ",netdev=%s", netdev);
    }
    if (mac) {
        g_string_append_printf(dev, ",mac=%s", mac);
    }
    if (!*list) {
        *list = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(*list, g_string_free(dev, FALSE));
    return true;
}

bool opt_nic(OptCtx *c)
{
    static const char *const nic_keys[] = { "model", "mac", NULL };
    GArray *kvs = keyval_parse(c, c->arg, "type");
    const char *type, *model;
    NetdevSpec *s;
    char *id;
    bool ok;

    if (!kvs) {
        return false;
    }
    c->o->net_given = true;
    type = kv_get(kvs, "type");
    model = kv_get(kvs, "model");
    if (type && strcmp(type, "none") == 0) {
        keyval_free(kvs);
        return true;
    }
    if (model && is_help(model)) {
        ok = nic_add(c, model, NULL, NULL, false);
        keyval_free(kvs);
        return ok;
    }
    if (!type) {
        type = "user";
    }
    id = kv_get(kvs, "id") ? g_strdup(kv_get(kvs, "id"))
                           : g_strdup_printf("nic.%u", c->o->nb_nic_opts);
    c->o->nb_nic_opts++;
    if (netdev_id_taken(c->o, id)) {
        ok = opt_error(c, "Duplicate ID '%s' for netdev", id);
        g_free(id);
        keyval_free(kvs);
        return ok;
    }
    s = netdev_spec_from(c, kvs, kv_get(kvs, "type") ? 1 : 0, type, id,
                         nic_keys);
    ok = s != NULL;
    if (ok) {
        g_ptr_array_add(*net_specs(c->o), s);
        ok = nic_add(c, model, id, kv_get(kvs, "mac"), false);
    }
    g_free(id);
    keyval_free(kvs);
    return ok;
}

/* -net nic|user|...: NICs and backends on hub 0, paired at the end */
bool opt_net(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "type");
    const char *type;
    bool ok = true;

    if (!kvs) {
        return false;
    }
    c->o->net_given = true;
    type = kv_get(kvs, "type");
    if (!type) {
        ok = opt_error(c, "Parameter 'type' is missing");
    } else if (strcmp(type, "none") == 0) {
        /* no NIC */
    } else if (strcmp(type, "nic") == 0) {
        const char *netdev = kv_get(kvs, "netdev");

        for (guint i = 1; ok && i < kvs->len; i++) {
            const char *k = g_array_index(kvs, KeyVal, i).key;
            if (strcmp(k, "model") && strcmp(k, "macaddr") &&
                strcmp(k, "netdev") && strcmp(k, "name") &&
                strcmp(k, "id") && strcmp(k, "vectors")) {
                ok = opt_error(c, "Invalid parameter '%s'", k);
            }
        }
        if (ok) {
            ok = nic_add(c, kv_get(kvs, "model"), netdev,
                         kv_get(kvs, "macaddr"), true);
            if (ok && !netdev && c->o->net_legacy_nics) {
                /* on hub 0: paired with a -net backend at the end */
                c->o->net_hub_nics++;
                c->o->net_hub_nic_index = c->o->net_legacy_nics->len - 1;
            }
        }
    } else if (is_help(type)) {
        netdev_help(c);
    } else {
        static const char *const skip[] = { "name", NULL };
        const char *name = kv_get(kvs, "name");
        char *id = kv_get(kvs, "id") ? g_strdup(kv_get(kvs, "id"))
                   : name ? g_strdup(name)
                          : g_strdup_printf("net.%u", c->o->nb_nic_opts);
        NetdevSpec *s;

        c->o->nb_nic_opts++;
        if (netdev_id_taken(c->o, id)) {
            ok = opt_error(c, "Duplicate ID '%s' for netdev", id);
        } else if ((s = netdev_spec_from(c, kvs, 1, type, id, skip))) {
            g_ptr_array_add(*net_specs(c->o), s);
            c->o->net_hub_backends++;
            replace_str(&c->o->net_hub_backend, id);
        } else {
            ok = false;
        }
        g_free(id);
    }
    keyval_free(kvs);
    return ok;
}

/* -object filter-dump,id=ID,netdev=ID,file=F[,maxlen=N][,queue=all] */
bool opt_object_net(OptCtx *c, bool *handled)
{
    GArray *kvs;
    NetDumpSpec *d;
    bool ok = true;

    *handled = g_str_has_prefix(c->arg, "filter-dump,") ||
               g_str_has_prefix(c->arg, "qom-type=filter-dump,");
    if (!*handled) {
        return true;
    }
    kvs = keyval_parse(c, c->arg, "qom-type");
    if (!kvs) {
        return false;
    }
    d = g_new0(NetDumpSpec, 1);
    d->maxlen = 65536; /* QEMU's default snapshot length */
    for (guint i = 1; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        char *end;

        if (!strcmp(kv->key, "id")) {
            replace_str(&d->id, kv->value);
        } else if (!strcmp(kv->key, "netdev")) {
            replace_str(&d->netdev, kv->value);
        } else if (!strcmp(kv->key, "file")) {
            replace_str(&d->file, kv->value);
        } else if (!strcmp(kv->key, "maxlen")) {
            unsigned long v = strtoul(kv->value, &end, 0);
            if (*end || !kv->value[0] || v == 0 || v > 0xffffffffu) {
                ok = opt_error(c, "Parameter 'maxlen' expects a positive "
                               "number");
            }
            d->maxlen = (uint32_t)v;
        } else if (!strcmp(kv->key, "queue")) {
            if (strcmp(kv->value, "all")) {
                ok = opt_error(c, "filter-dump: only queue=all is "
                               "supported");
            }
        } else {
            ok = opt_error(c, "Property 'filter-dump.%s' not found",
                           kv->key);
        }
    }
    keyval_free(kvs);
    if (ok && !d->id) {
        ok = opt_error(c, "Parameter 'id' is missing");
    } else if (ok && !d->netdev) {
        ok = opt_error(c, "Parameter 'netdev' is missing");
    } else if (ok && !d->file) {
        ok = opt_error(c, "Parameter 'file' is missing");
    }
    if (!ok) {
        net_dump_spec_free(d);
        return false;
    }
    if (!c->o->machine.net_dumps) {
        c->o->machine.net_dumps = g_ptr_array_new_with_free_func(
            net_dump_spec_free);
    }
    g_ptr_array_add(c->o->machine.net_dumps, d);
    return true;
}

/* after the whole command line: hub 0 pairs its NIC with its backend;
   without any network option the machine gets QEMU's default NIC */
bool options_finish_net(PowerjitOptions *o, char **err)
{
    if (o->net_hub_nics > 1 || o->net_hub_backends > 1) {
        *err = g_strdup("-net: several NICs or backends on one hub are not "
                        "supported (use -nic, or -netdev with -device)");
        return false;
    }
    if (o->net_hub_nics == 1) {
        char **slot = (char **)&g_ptr_array_index(o->net_legacy_nics,
                                                  o->net_hub_nic_index);
        if (o->net_hub_backend) {
            char *with = g_strdup_printf("%s,netdev=%s", *slot,
                                         o->net_hub_backend);
            g_free(*slot);
            *slot = with;
        } else {
            g_ptr_array_add(o->warnings, g_strdup(
                "hub 0 is not connected to host network"));
        }
    } else if (o->net_hub_backends == 1) {
        g_ptr_array_add(o->warnings, g_strdup("hub 0 with no nics"));
    }
    if (o->net_legacy_nics) {
        if (!o->machine.nics) {
            o->machine.nics = g_ptr_array_new_with_free_func(g_free);
        }
        for (guint i = 0; i < o->net_legacy_nics->len; i++) {
            g_ptr_array_add(o->machine.nics,
                            g_steal_pointer(&o->net_legacy_nics->pdata[i]));
        }
        g_ptr_array_free(o->net_legacy_nics, TRUE);
        o->net_legacy_nics = NULL;
    }
    if (!o->net_given && !o->nodefaults) {
        NetdevSpec *s = netdev_spec_new("user", "user.0");

        if (!o->machine.netdevs) {
            o->machine.netdevs = g_ptr_array_new_with_free_func(
                netdev_spec_free);
        }
        g_ptr_array_add(o->machine.netdevs, s);
        if (!o->machine.nics) {
            o->machine.nics = g_ptr_array_new_with_free_func(g_free);
        }
        g_ptr_array_add(o->machine.nics,
                        g_strdup("spapr-vlan,netdev=user.0"));
    }
    return true;
}

void options_free_net(PowerjitOptions *o)
{
    SpaprConfig *m = &o->machine;

    if (m->netdevs) {
        g_ptr_array_free(m->netdevs, TRUE);
    }
    if (m->nics) {
        g_ptr_array_free(m->nics, TRUE);
    }
    if (m->net_dumps) {
        g_ptr_array_free(m->net_dumps, TRUE);
    }
    if (o->net_legacy_nics) {
        g_ptr_array_free(o->net_legacy_nics, TRUE);
    }
    g_free(o->net_hub_backend);
}
