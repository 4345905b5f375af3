/*
 * system/options-dev.c: the device options of the command line: -device
 * (spapr-rng by table, every other model to the VIO bus, which checks it
 * when the machine is built), -object (rng backends here, RAM backends in
 * options-compat.c), -chardev and -serial with the vtys they add.  The
 * rows of the option table are in options.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "options.h"
#include "pci.h"
#include "spapr-vio.h"
#include "system/options-int.h"

/* ------------------------------------------------------------ storage and
   devices (-device; the block options follow here) */

/* -device DRIVER[,prop=value...] of a VIO model: checked when the
   machine is built, which knows the device models (hw-spapr/vio.c) */
static bool device_collect_vio(OptCtx *c)
{
    SpaprConfig *cfg = &c->o->machine;

    if (!cfg->devices) {
        cfg->devices = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(cfg->devices, g_strdup(c->arg));
    return true;
}

/* ------------------------------------------------------------ devices and
   backends: -device, -object (issue 10: rng, consoles, network) */

typedef struct ObjectSpec {
    char *type;         /* "rng-random", "rng-builtin" */
    char *id;
    char *filename;     /* rng-random */
} ObjectSpec;

void object_spec_free(gpointer p)
{
    ObjectSpec *obj = p;

    g_free(obj->type);
    g_free(obj->id);
    g_free(obj->filename);
    g_free(obj);
}

static const ObjectSpec *object_find(PowerjitOptions *o, const char *id)
{
    for (guint i = 0; i < o->objects->len; i++) {
        const ObjectSpec *obj = g_ptr_array_index(o->objects, i);
        if (strcmp(obj->id, id) == 0) {
            return obj;
        }
    }
    return NULL;
}

/* the -object types and the properties each takes besides id */
typedef struct ObjectType {
    const char *name;
    const char *const props[2];
} ObjectType;

static const ObjectType object_types[] = {
    { "rng-random", { "filename" } },
    { "rng-builtin", { NULL } },
};

bool opt_object(OptCtx *c)
{
    GArray *kvs;
    ObjectSpec *obj;
    const ObjectType *t = NULL;
    bool ok, handled;

    /* help and the memory backends: options-compat.c */
    ok = opt_object_memory(c, &handled);
    if (handled) {
        return ok;
    }
    /* filter-dump: options-net.c */
    ok = opt_object_net(c, &handled);
    if (handled) {
        return ok;
    }
    kvs = keyval_parse(c, c->arg, "qom-type");
    ok = kvs != NULL;
    if (!ok) {
        return false;
    }
    obj = g_new0(ObjectSpec, 1);
    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "qom-type") == 0) {
            for (size_t j = 0; j < G_N_ELEMENTS(object_types); j++) {
                if (strcmp(kv->value, object_types[j].name) == 0) {
                    t = &object_types[j];
                }
            }
            if (!t) {
                ok = opt_error(c, "object type '%s' is not supported (rng-"
                               "random, rng-builtin)", kv->value);
            }
            replace_str(&obj->type, kv->value);
        } else if (strcmp(kv->key, "id") == 0) {
            replace_str(&obj->id, kv->value);
        } else if (t && t->props[0] && strcmp(kv->key, t->props[0]) == 0) {
            replace_str(&obj->filename, kv->value);
        } else {
            ok = opt_error(c, "Property '%s.%s' not found",
                           obj->type ? obj->type : "object", kv->key);
        }
    }
    keyval_free(kvs);
    if (ok && !obj->id) {
        ok = opt_error(c, "Parameter 'id' is missing");
    } else if (ok && object_find(c->o, obj->id)) {
        ok = opt_error(c, "attempt to add duplicate property '%s' to object",
                       obj->id);
    }
    if (ok && strcmp(obj->type, "rng-random") == 0 && !obj->filename) {
        obj->filename = g_strdup("/dev/urandom"); /* QEMU's default */
    }
    if (!ok) {
        object_spec_free(obj);
        return false;
    }
    g_ptr_array_add(c->o->objects, obj);
    return true;
}

/* -device spapr-rng[,rng=ID]: the backend is resolved once every -object
   has been read (options_finish_devices) */
static bool device_spapr_rng(OptCtx *c, GArray *kvs)
{
    SpaprRngConfig *rc = &c->o->machine.rng;

    if (rc->present) {
        return opt_error(c, "only one spapr-rng is supported");
    }
    rc->present = true;
    for (guint i = 1; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "rng") == 0) {
            replace_str(&c->o->rng_backend, kv->value);
        } else if (strcmp(kv->key, "id") != 0) {
            return opt_error(c, "Property 'spapr-rng.%s' not found",
                             kv->key);
        }
    }
    return true;
}

/* -chardev BACKEND,id=ID,...: kept by id for -serial chardev:ID and
   -device spapr-vty,chardev=ID (opened by the device that uses it) */
static void chardev_spec_free(gpointer p)
{
    chardev_spec_clear(p);
    g_free(p);
}

static ChardevSpec *options_chardev(PowerjitOptions *o, const char *id)
{
    GPtrArray *a = o->machine.chardevs;

    for (guint i = 0; a && i < a->len; i++) {
        ChardevSpec *s = g_ptr_array_index(a, i);
        if (strcmp(s->id, id) == 0) {
            return s;
        }
    }
    return NULL;
}

static void options_add_chardev(PowerjitOptions *o, ChardevSpec *spec)
{
    if (!o->machine.chardevs) {
        o->machine.chardevs = g_ptr_array_new_with_free_func(
            chardev_spec_free);
    }
    g_ptr_array_add(o->machine.chardevs, spec);
}

bool opt_chardev(OptCtx *c)
{
    ChardevSpec *spec = g_new0(ChardevSpec, 1);
    char *e = NULL;

    if (is_help(c->arg)) {
        fprintf(c->out, "Available chardev backend types:\n  null\n  stdio\n"
                "  file\n  pipe\n  pty\n  socket\n  ringbuf\n");
        c->exit_now = true;
        g_free(spec);
        return true;
    }
    if (!chardev_parse_opts(c->arg, spec, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        g_free(spec);
        return false;
    }
    if (options_chardev(c->o, spec->id)) {
        opt_error(c, "Duplicate ID '%s' for chardev", spec->id);
        chardev_spec_free(spec);
        return false;
    }
    options_add_chardev(c->o, spec);
    return true;
}

/* -serial DEV: the first is the console (hvc0, the machine's vty); each
   further one is a spapr-vty (hvc1...) on a chardev named serialN */
bool opt_serial(OptCtx *c)
{
    ChardevSpec spec = { 0 };
    char *e = NULL;

    if (!chardev_parse(c->arg, &spec, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    if (!c->o->serial_given) {
        chardev_spec_clear(&c->o->machine.console);
        c->o->machine.console = spec;
        c->o->serial_given = true;
        c->o->nb_serials = 1;
        return true;
    }
    if (spec.kind == CHARDEV_NONE && !spec.id) {
        return true; /* -serial none: no device */
    }
    if (!spec.id) {
        ChardevSpec *named = g_new0(ChardevSpec, 1);
        *named = spec;
        named->id = g_strdup_printf("serial%u", c->o->nb_serials);
        if (options_chardev(c->o, named->id)) {
            chardev_spec_free(named);
            return opt_error(c, "Duplicate ID 'serial%u' for chardev",
                             c->o->nb_serials);
        }
        options_add_chardev(c->o, named);
        spec.id = g_strdup(named->id);
        spec.path = spec.host = spec.port = spec.logfile = NULL;
    }
    if (!c->o->serial_vtys) {
        c->o->serial_vtys = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(c->o->serial_vtys,
                    g_strdup_printf("spapr-vty,chardev=%s", spec.id));
    c->o->nb_serials++;
    chardev_spec_clear(&spec);
    return true;
}

/* -nodefaults (or -serial none) and -device spapr-vty,chardev=ID without
   reg= or with reg=0x71000000: that vty is the console, hvc0; it keeps
   its place among the -device ones for its unit address (vio.c) */
static bool options_vty_console(PowerjitOptions *o, char **err)
{
    GPtrArray *devs = o->machine.devices;
    OptCtx c = { .o = o, .opt = "-device" };

    if (o->machine.console.kind != CHARDEV_NONE || o->machine.console.id ||
        !devs) {
        return true;
    }
    for (guint i = 0; i < devs->len; i++) {
        const char *str = g_ptr_array_index(devs, i);
        GArray *kvs;
        const char *driver = NULL, *chr = NULL, *reg = NULL;
        bool other = false;

        c.arg = str;
        kvs = keyval_parse(&c, str, "driver");
        if (!kvs) {
            g_free(c.err);
            continue; /* the VIO bus reports it */
        }
        for (guint k = 0; k < kvs->len; k++) {
            const KeyVal *kv = &g_array_index(kvs, KeyVal, k);
            if (!strcmp(kv->key, "driver")) {
                driver = kv->value;
            } else if (!strcmp(kv->key, "chardev")) {
                chr = kv->value;
            } else if (!strcmp(kv->key, "reg")) {
                reg = kv->value;
            } else if (strcmp(kv->key, "id") != 0) {
                other = true;
            }
        }
        bool console = driver && !strcmp(driver, "spapr-vty") && chr &&
                       !other &&
                       (!reg || strtoull(reg, NULL, 0) == SPAPR_VTY_REG);
        if (console) {
            ChardevSpec *spec = options_chardev(o, chr);
            if (!spec) {
                *err = g_strdup_printf("-device %s: Property 'spapr-vty."
                                       "chardev' can't find value '%s'",
                                       str, chr);
                keyval_free(kvs);
                return false;
            }
            chardev_spec_copy(&o->machine.console, spec);
            o->machine.console_from_device = true;
            o->machine.console_dev_pos = i;
            o->machine.console_dev_reg =
                reg ? (uint32_t)strtoull(reg, NULL, 0) : 0;
            g_ptr_array_remove_index(devs, i);
        }
        keyval_free(kvs);
        if (console) {
            break;
        }
    }
    return true;
}

/* after the whole command line: -serial chardev:ID, and the vtys of the
   extra -serial options, created before the -device ones (QEMU's order) */
bool options_finish_consoles(PowerjitOptions *o, char **err)
{
    ChardevSpec *con = &o->machine.console;

    if (con->kind == CHARDEV_NONE && con->id) {
        const ChardevSpec *spec = options_chardev(o, con->id);
        if (!spec) {
            *err = g_strdup_printf("-serial chardev:%s: chardev '%s' not "
                                   "found", con->id, con->id);
            return false;
        }
        chardev_spec_copy(con, spec);
    }
    if (o->serial_vtys) {
        if (!o->machine.devices) {
            o->machine.devices = g_ptr_array_new_with_free_func(g_free);
        }
        for (guint i = 0; i < o->serial_vtys->len; i++) {
            g_ptr_array_insert(o->machine.devices, (gint)i,
                               g_strdup(g_ptr_array_index(o->serial_vtys,
                                                          i)));
        }
    }
    return options_vty_console(o, err);
}

typedef struct DeviceModel {
    const char *name;
    bool (*add)(OptCtx *c, GArray *kvs); /* kvs[0] is the driver */
    const char *desc;
} DeviceModel;

static const DeviceModel device_models[] = {
    { "spapr-rng", device_spapr_rng,
      "random numbers for the guest (H_RANDOM), rng=ID optional" },
};

bool opt_device(OptCtx *c)
{
    GArray *kvs;
    const KeyVal *drv;
    bool ok = false, handled;

    /* nvme and USB: refused by options-compat.c */
    if (!opt_device_compat(c, &handled) || handled) {
        return false;
    }
    /* -device NAME,help: what the model is (its properties: docs) */
    if (g_str_has_suffix(c->arg, ",help") || g_str_has_suffix(c->arg, ",?")) {
        char *name = g_strndup(c->arg, strcspn(c->arg, ","));
        const char *desc = NULL, *alias;

        for (size_t i = 0; i < G_N_ELEMENTS(device_models); i++) {
            if (strcmp(name, device_models[i].name) == 0) {
                desc = device_models[i].desc;
            }
        }
        if (!desc && spapr_vio_type_find(name)) {
            desc = "a device on the VIO bus (README.md lists its "
                   "properties)";
        }
        for (size_t i = 0; !desc && pci_device_type_at(i, &alias); i++) {
            const PCIDeviceType *pt = pci_device_type_at(i, &alias);
            if (strcmp(name, pt->name) == 0 ||
                (alias && strcmp(name, alias) == 0)) {
                desc = "a device on the PHB's PCI bus (README.md lists its "
                       "properties)";
            }
        }
        if (desc) {
            fprintf(c->out, "%s: %s\n", name, desc);
            c->exit_now = true;
        } else {
            opt_error(c, "Device '%s' not found", name);
        }
        g_free(name);
        return desc != NULL;
    }
    kvs = keyval_parse(c, c->arg, "driver");
    if (!kvs) {
        return false;
    }
    drv = kvs->len ? &g_array_index(kvs, KeyVal, 0) : NULL;
    if (!drv || strcmp(drv->key, "driver") != 0) {
        ok = opt_error(c, "Parameter 'driver' is missing");
    } else if (is_help(drv->value)) {
        const SpaprVioType *vt;
        const PCIDeviceType *pt;
        const char *alias;

        fprintf(c->out, "Devices:\n");
        for (size_t i = 0; (vt = spapr_vio_type_at(i)); i++) {
            fprintf(c->out, "name \"%s\", bus spapr-vio-bus\n", vt->name);
        }
        for (size_t i = 0; (pt = pci_device_type_at(i, &alias)); i++) {
            fprintf(c->out, "name \"%s\", bus PCI", pt->name);
            if (alias) {
                fprintf(c->out, ", alias \"%s\"", alias);
            }
            fprintf(c->out, "\n");
        }
        for (size_t i = 0; i < G_N_ELEMENTS(device_models); i++) {
            fprintf(c->out, "name \"%s\", desc \"%s\"\n",
                    device_models[i].name, device_models[i].desc);
        }
        c->exit_now = true;
        ok = true;
    } else {
        const DeviceModel *dm = NULL;
        for (size_t i = 0; i < G_N_ELEMENTS(device_models); i++) {
            if (strcmp(drv->value, device_models[i].name) == 0) {
                dm = &device_models[i];
            }
        }
        /* the rest are the VIO bus's, which checks them */
        ok = dm ? dm->add(c, kvs) : device_collect_vio(c);
    }
    keyval_free(kvs);
    return ok;
}

/* after the whole command line: what -device properties refer to */
bool options_finish_devices(PowerjitOptions *o, char **err)
{
    if (o->rng_backend) {
        const ObjectSpec *obj = object_find(o, o->rng_backend);
        if (!obj || !g_str_has_prefix(obj->type, "rng-")) {
            *err = g_strdup_printf("-device spapr-rng: Property "
                                   "'spapr-rng.rng' can't find value '%s'",
                                   o->rng_backend);
            return false;
        }
        replace_str(&o->machine.rng.filename, obj->filename);
    }
    /* the rng backends, by id, for the devices that name them
       (virtio-rng-pci,rng=ID): the file, "" for the host's getrandom() */
    for (guint i = 0; o->objects && i < o->objects->len; i++) {
        const ObjectSpec *obj = g_ptr_array_index(o->objects, i);

        if (!g_str_has_prefix(obj->type, "rng-")) {
            continue;
        }
        if (!o->machine.rng_objects) {
            o->machine.rng_objects = g_hash_table_new_full(
                g_str_hash, g_str_equal, g_free, g_free);
        }
        g_hash_table_insert(o->machine.rng_objects, g_strdup(obj->id),
                            g_strdup(obj->filename ? obj->filename : ""));
    }
    return true;
}

