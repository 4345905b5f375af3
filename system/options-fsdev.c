/*
 * system/options-fsdev.c: the 9p file-sharing options, as
 * qemu-system-ppc64 7.2 takes them and with its messages:
 *
 *   -fsdev local,id=ID,path=DIR,security_model=MODEL[,readonly=on]
 *   -virtfs local,path=DIR,mount_tag=TAG,security_model=MODEL[,id=ID]
 *          [,readonly=on]
 *
 * MODEL is none, passthrough or mapped-xattr (also "mapped");
 * mapped-file is refused (not implemented).  -virtfs is an -fsdev (id=,
 * or the mount tag as its id) plus "-device virtio-9p-pci,fsdev=ID,
 * mount_tag=TAG" at its place among the -device options.  The directory
 * is opened when the device is made (hw-pci/virtio-9p.c), as QEMU does.
 * writeout=immediate, fmode=/dmode= (mapped models) and multidevs= are
 * accepted; the server always writes through and numbers files by inode.
 */
#include <string.h>

#include <glib.h>

#include "options-int.h"
#include "virtio-9p.h"

#define SM_VALID "security_model=[passthrough|mapped-xattr|mapped-file|none]"

void fsdev_spec_free(gpointer p)
{
    FsdevSpec *f = p;

    g_free(f->id);
    g_free(f->path);
    g_free(f);
}

const FsdevSpec *fsdev_find(GPtrArray *fsdevs, const char *id)
{
    for (guint i = 0; fsdevs && i < fsdevs->len; i++) {
        const FsdevSpec *f = g_ptr_array_index(fsdevs, i);

        if (strcmp(f->id, id) == 0) {
            return f;
        }
    }
    return NULL;
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

static const char *const fsdev_keys[] = {
    "fsdriver", "id", "path", "security_model", "readonly", "writeout",
    "fmode", "dmode", "multidevs",
};

static bool known_key(const char *key, bool virtfs)
{
    if (virtfs && strcmp(key, "mount_tag") == 0) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(fsdev_keys); i++) {
        if (strcmp(key, fsdev_keys[i]) == 0) {
            return true;
        }
    }
    return g_str_has_prefix(key, "throttling.");
}

static bool parse_sm(OptCtx *c, const char *sm, FsdevSecurityModel *out)
{
    if (!sm) {
        return opt_error(c, "security_model property not set (valid "
                            "options are: " SM_VALID ")");
    }
    if (strcmp(sm, "none") == 0) {
        *out = FSDEV_SM_NONE;
    } else if (strcmp(sm, "passthrough") == 0) {
        *out = FSDEV_SM_PASSTHROUGH;
    } else if (strcmp(sm, "mapped-xattr") == 0 || strcmp(sm, "mapped") == 0) {
        *out = FSDEV_SM_MAPPED_XATTR;
    } else if (strcmp(sm, "mapped-file") == 0) {
        return opt_error(c, "security_model=mapped-file is not supported "
                            "(mapped-xattr keeps the same attributes in "
                            "xattrs)");
    } else {
        return opt_error(c, "invalid security_model property '%s' (valid "
                            "options are: " SM_VALID ")", sm);
    }
    return true;
}

/* the fsdev in kvs (implied key fsdriver); virtfs: the -virtfs form */
static bool fsdev_add(OptCtx *c, GArray *kvs, bool virtfs)
{
    PowerjitOptions *o = c->o;
    const char *driver = kv_get(kvs, "fsdriver");
    const char *id = kv_get(kvs, "id"), *path = kv_get(kvs, "path");
    const char *tag = kv_get(kvs, "mount_tag");
    const char *sm = kv_get(kvs, "security_model");
    const char *rdo = kv_get(kvs, "readonly"), *md = kv_get(kvs, "multidevs");
    FsdevSecurityModel model = FSDEV_SM_NONE;
    bool readonly = false;

    for (guint i = 0; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (!known_key(kv->key, virtfs)) {
            return opt_error(c, "Invalid parameter '%s'", kv->key);
        }
    }
    if (rdo && !parse_bool(rdo, &readonly)) {
        return opt_error(c, "Parameter 'readonly' expects 'on' or 'off'");
    }
    if (virtfs) {
        if (!driver || !tag) {
            return opt_error(c, "Usage: -virtfs fsdriver,mount_tag=tag");
        }
        if (!id) {
            id = tag;
        }
    } else if (!id) {
        return opt_error(c, "fsdev: No id specified");
    }
    if (!driver || strcmp(driver, "local") != 0) {
        return opt_error(c, "fsdev: fsdriver %s not found",
                         driver ? driver : "(null)");
    }
    if (!parse_sm(c, sm, &model)) {
        return false;
    }
    if (!path) {
        return opt_error(c, "path property not set");
    }
    if ((kv_get(kvs, "fmode") || kv_get(kvs, "dmode")) &&
        model != FSDEV_SM_MAPPED_XATTR) {
        return opt_error(c, "%s is only valid for mapped security modes",
                         kv_get(kvs, "fmode") ? "fmode" : "dmode");
    }
    if (md && strcmp(md, "remap") != 0 && strcmp(md, "forbid") != 0 &&
        strcmp(md, "warn") != 0) {
        return opt_error(c, "invalid multidevs property '%s' (valid "
                            "options are: multidevs=[remap|forbid|warn])",
                         md);
    }
    if (fsdev_find(o->machine.fsdevs, id)) {
        return opt_error(c, "Duplicate ID '%s' for fsdev", id);
    }
    FsdevSpec *f = g_new0(FsdevSpec, 1);
    f->id = g_strdup(id);
    f->path = g_strdup(path);
    f->sm = model;
    f->readonly = readonly;
    if (!o->machine.fsdevs) {
        o->machine.fsdevs = g_ptr_array_new_with_free_func(fsdev_spec_free);
    }
    g_ptr_array_add(o->machine.fsdevs, f);
    if (virtfs) {
        SpaprConfig *cfg = &o->machine;
        gchar **parts = g_strsplit(id, ",", -1);
        gchar **tparts = g_strsplit(tag, ",", -1);
        char *ide = g_strjoinv(",,", parts), *tage = g_strjoinv(",,", tparts);

        if (!cfg->devices) {
            cfg->devices = g_ptr_array_new_with_free_func(g_free);
        }
        g_ptr_array_add(cfg->devices,
                        g_strdup_printf("virtio-9p-pci,fsdev=%s,mount_tag=%s",
                                        ide, tage));
        g_strfreev(parts);
        g_strfreev(tparts);
        g_free(ide);
        g_free(tage);
    }
    return true;
}

static bool fsdev_opt(OptCtx *c, bool virtfs)
{
    GArray *kvs = keyval_parse(c, c->arg, "fsdriver");
    bool ok;

    if (!kvs) {
        return false;
    }
    ok = fsdev_add(c, kvs, virtfs);
    keyval_free(kvs);
    return ok;
}

bool opt_fsdev(OptCtx *c)
{
    return fsdev_opt(c, false);
}

bool opt_virtfs(OptCtx *c)
{
    return fsdev_opt(c, true);
}
