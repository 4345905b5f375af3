/*
 * hw-spapr/vof-tree.c: the device-tree client services (IEEE 1275 device
 * tree services: finddevice, getprop, getproplen, nextprop, setprop, peer,
 * child, parent, package-to-path, canon).
 *
 * The client walks our live copy of the machine's flattened tree.  A
 * package handle is the node's phandle property (spapr_build_fdt gives
 * every node one), so handles survive the tree growing under setprop, and
 * the "phandle" properties Linux copies when it flattens the tree again
 * agree with the handles it was given.  Nodes carry no "name" property in
 * a flattened tree; getprop makes one up from the node name as Open
 * Firmware would have it (the part before '@').
 *
 * Handles and addresses come from the guest: a bad phandle makes peer,
 * child and parent return 0 (no node, which ends a client's walk) and the
 * other services -1.
 */
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "log.h"
#include "vof-internal.h"

/* ------------------------------------------------------------ helpers */

int vof_node(const SpaprVof *vof, uint32_t phandle)
{
    if (phandle == 0 || phandle == VOF_ERROR) {
        return -FDT_ERR_BADPHANDLE;
    }
    return fdt_node_offset_by_phandle(vof->fdt, phandle);
}

uint32_t vof_phandle(const SpaprVof *vof, int node)
{
    return node < 0 ? 0 : fdt_get_phandle(vof->fdt, node);
}

int vof_find_path(const SpaprVof *vof, const char *spec)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);

    if (len == 0) {
        return -FDT_ERR_BADPATH;
    }
    return fdt_path_offset_namelen(vof->fdt, spec, (int)len);
}

int vof_setprop(SpaprVof *vof, int node, const char *name, const void *val,
                uint32_t len)
{
    int r = fdt_setprop(vof->fdt, node, name, val, (int)len);

    while (r == -FDT_ERR_NOSPACE && vof->fdt_bufsize < VOF_MAX_FDT_SIZE) {
        size_t size = MIN(vof->fdt_bufsize * 2, (size_t)VOF_MAX_FDT_SIZE);
        void *bigger = g_malloc0(size);

        /* node offsets are relative to the structure block: they stay */
        r = fdt_open_into(vof->fdt, bigger, (int)size);
        if (r < 0) {
            g_free(bigger);
            return r;
        }
        g_free(vof->fdt);
        vof->fdt = bigger;
        vof->fdt_bufsize = size;
        r = fdt_setprop(vof->fdt, node, name, val, (int)len);
    }
    return r;
}

int vof_node_path(const SpaprVof *vof, int node, char *buf, size_t size)
{
    if (fdt_get_path(vof->fdt, node, buf, (int)size) < 0) {
        return -1;
    }
    return (int)strlen(buf);
}

/* the node of argument i as a phandle; logs a bad one */
static int vof_arg_node(VofCall *c, uint32_t i)
{
    int node = vof_node(c->vof, vof_arg(c, i));

    if (node < 0 && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: %s: bad package handle 0x%" PRIx32 "\n", c->service,
                   vof_arg(c, i));
    }
    return node;
}

/* a string argument (a guest address), logging a bad one */
static bool vof_arg_str(VofCall *c, uint32_t i, char *buf, size_t max)
{
    if (vof_read_str(c->m, vof_arg(c, i), buf, max)) {
        return true;
    }
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: %s: bad string at 0x%" PRIx32 "\n", c->service,
                   vof_arg(c, i));
    }
    return false;
}

/*
 * A property's value; for "name" on a node without one, the node's name
 * up to its unit address, made up in namebuf (VOF_MAX_PATH bytes).
 */
static const void *vof_getprop(const SpaprVof *vof, int node,
                               const char *name, int *len, char *namebuf)
{
    const void *val = fdt_getprop(vof->fdt, node, name, len);

    if (val || strcmp(name, "name") != 0) {
        return val;
    }
    const char *full = fdt_get_name(vof->fdt, node, NULL);
    if (!full) {
        return NULL;
    }
    size_t n = strcspn(full, "@");
    if (n >= VOF_MAX_PATH) {
        return NULL;
    }
    memcpy(namebuf, full, n);
    namebuf[n] = '\0';
    *len = (int)n + 1;
    return namebuf;
}

/* ------------------------------------------------------------ services */

/* finddevice: device-specifier -> phandle (or -1) */
void vof_service_finddevice(VofCall *c)
{
    char path[VOF_MAX_PATH];

    c->rets[0] = VOF_ERROR;
    if (vof_arg_str(c, 0, path, sizeof(path))) {
        int node = vof_find_path(c->vof, path);
        if (node >= 0) {
            c->rets[0] = vof_phandle(c->vof, node);
        }
    }
}

/* getprop: phandle, name, buf, buflen -> the property's size (or -1); at
   most buflen bytes of it are copied */
void vof_service_getprop(VofCall *c)
{
    char name[VOF_MAX_NAME], namebuf[VOF_MAX_PATH];
    int node = vof_arg_node(c, 0), len;
    const void *val;

    c->rets[0] = VOF_ERROR;
    if (node < 0 || !vof_arg_str(c, 1, name, sizeof(name))) {
        return;
    }
    val = vof_getprop(c->vof, node, name, &len, namebuf);
    if (!val) {
        return;
    }
    if (!vof_write_out(c->m, vof_arg(c, 2), vof_arg(c, 3), val,
                       (size_t)len)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("vof: getprop %s: buffer 0x%" PRIx32 " outside RAM\n",
                       name, vof_arg(c, 2));
        }
        return;
    }
    c->rets[0] = (uint32_t)len;
}

/* getproplen: phandle, name -> the property's size (or -1) */
void vof_service_getproplen(VofCall *c)
{
    char name[VOF_MAX_NAME], namebuf[VOF_MAX_PATH];
    int node = vof_arg_node(c, 0), len;

    c->rets[0] = VOF_ERROR;
    if (node >= 0 && vof_arg_str(c, 1, name, sizeof(name)) &&
        vof_getprop(c->vof, node, name, &len, namebuf)) {
        c->rets[0] = (uint32_t)len;
    }
}

/* nextprop: phandle, previous name ("" for the first), buf -> 1 and the
   next name in buf, 0 after the last, -1 on error */
void vof_service_nextprop(VofCall *c)
{
    char prev[VOF_MAX_NAME];
    int node = vof_arg_node(c, 0), off;
    bool found;

    c->rets[0] = VOF_ERROR;
    if (node < 0 || !vof_arg_str(c, 1, prev, sizeof(prev))) {
        return;
    }
    found = prev[0] == '\0';
    fdt_for_each_property_offset(off, c->vof->fdt, node) {
        const char *name;

        if (!fdt_getprop_by_offset(c->vof->fdt, off, &name, NULL)) {
            return;
        }
        if (!found) {
            found = strcmp(name, prev) == 0;
            continue;
        }
        size_t len = strlen(name) + 1;
        if (len > VOF_MAX_NAME ||
            !vof_write(c->m, vof_arg(c, 2), name, (uint32_t)len)) {
            return;
        }
        c->rets[0] = 1;
        return;
    }
    /* after the last property, or a previous name the node lacks */
    c->rets[0] = found ? 0 : VOF_ERROR;
}

/* setprop: phandle, name, buf, len -> len (or -1) */
void vof_service_setprop(VofCall *c)
{
    char name[VOF_MAX_NAME];
    int node = vof_arg_node(c, 0);
    uint32_t len = vof_arg(c, 3);

    c->rets[0] = VOF_ERROR;
    if (node < 0 || !vof_arg_str(c, 1, name, sizeof(name))) {
        return;
    }
    /* the phandle is the package handle: it must not change under us */
    if (strcmp(name, "phandle") == 0 || strcmp(name, "linux,phandle") == 0 ||
        len > VOF_MAX_PROP) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("vof: setprop %s (%" PRIu32 " bytes) refused\n", name,
                       len);
        }
        return;
    }
    void *val = g_malloc(len ? len : 1);
    if (vof_read(c->m, vof_arg(c, 2), val, len) &&
        vof_setprop(c->vof, node, name, val, len) == 0) {
        c->rets[0] = len;
    }
    g_free(val);
}

/* peer: phandle -> the next sibling's phandle, 0 if none; peer(0) is the
   root */
void vof_service_peer(VofCall *c)
{
    int node;

    c->rets[0] = 0;
    if (vof_arg(c, 0) == 0) {
        c->rets[0] = vof_phandle(c->vof, 0);
        return;
    }
    node = vof_arg_node(c, 0);
    if (node >= 0) {
        c->rets[0] = vof_phandle(c->vof, fdt_next_subnode(c->vof->fdt, node));
    }
}

/* child: phandle -> the first child's phandle, 0 if none */
void vof_service_child(VofCall *c)
{
    int node = vof_arg_node(c, 0);

    c->rets[0] = 0;
    if (node >= 0) {
        c->rets[0] = vof_phandle(c->vof, fdt_first_subnode(c->vof->fdt, node));
    }
}

/* parent: phandle -> the parent's phandle, 0 for the root */
void vof_service_parent(VofCall *c)
{
    int node = vof_arg_node(c, 0);

    c->rets[0] = 0;
    if (node > 0) {
        c->rets[0] = vof_phandle(c->vof, fdt_parent_offset(c->vof->fdt, node));
    }
}

/* writes a node's path to a client buffer: returns its length (without
   the NUL, which is copied too if it fits), or -1 */
static uint32_t vof_path_out(VofCall *c, int node, uint32_t buf,
                             uint32_t buflen)
{
    char path[VOF_MAX_PATH];
    int len = vof_node_path(c->vof, node, path, sizeof(path));

    if (len < 0 ||
        !vof_write_out(c->m, buf, buflen, path, (size_t)len + 1)) {
        return VOF_ERROR;
    }
    return (uint32_t)len;
}

/* package-to-path: phandle, buf, buflen -> the path's length (or -1) */
void vof_service_package_to_path(VofCall *c)
{
    int node = vof_arg_node(c, 0);

    c->rets[0] = VOF_ERROR;
    if (node >= 0) {
        c->rets[0] = vof_path_out(c, node, vof_arg(c, 1), vof_arg(c, 2));
    }
}

/* canon: device-specifier, buf, buflen -> the canonical path's length */
void vof_service_canon(VofCall *c)
{
    char spec[VOF_MAX_PATH];

    c->rets[0] = VOF_ERROR;
    if (vof_arg_str(c, 0, spec, sizeof(spec))) {
        int node = vof_find_path(c->vof, spec);
        if (node >= 0) {
            c->rets[0] = vof_path_out(c, node, vof_arg(c, 1), vof_arg(c, 2));
        }
    }
}
