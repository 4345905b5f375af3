/*
 * system/options-drive.c: the storage options of the command line
 * (-drive, -hda, -cdrom, -snapshot, -global spapr-nvram.drive=) and QEMU's
 * default empty CD-ROM, turned into SpaprDriveSpecs for the machine
 * (hw-spapr/vscsi.c and the NVRAM take them from there).  The rows of the
 * option table are in options.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "options.h"
#include "spapr-vio.h"
#include "system/options-int.h"

/* -drive if=scsi: QEMU's index is bus * 7 + unit (7 units a bus) */
#define DRIVE_SCSI_UNITS 7

static void drive_spec_free(gpointer p)
{
    SpaprDriveSpec *d = p;

    g_free(d->id);
    g_free(d->file);
    g_free(d->stats);
    g_free(d);
}

static SpaprDriveSpec *drive_find_unit(PowerjitOptions *o, int bus, int unit)
{
    GPtrArray *drives = o->machine.drives;

    for (guint i = 0; drives && i < drives->len; i++) {
        SpaprDriveSpec *d = g_ptr_array_index(drives, i);

        if (d->iface == SPAPR_DRIVE_IF_SCSI && d->bus == bus &&
            d->unit == unit) {
            return d;
        }
    }
    return NULL;
}

static bool drive_onoff(OptCtx *c, const char *key, const char *v, bool *out)
{
    if (!v) {
        return true;
    }
    if (strcmp(v, "on") == 0) {
        *out = true;
    } else if (strcmp(v, "off") == 0) {
        *out = false;
    } else {
        return opt_error(c, "Parameter '%s' expects 'on' or 'off'", key);
    }
    return true;
}

static bool drive_int(OptCtx *c, const char *key, const char *v, int *out)
{
    char *end;
    long n;

    if (!v) {
        return true;
    }
    n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 1000) {
        return opt_error(c, "bad %s '%s'", key, v);
    }
    *out = (int)n;
    return true;
}

/* -drive [file=F][,if=none|scsi|pflash][,id=][,format=raw|qcow2]
   [,media=disk|cdrom][,readonly=on][,cache=][,snapshot=on]
   [,index=|bus=,unit=] (also the target of -hda and -cdrom) */
static bool drive_add(OptCtx *c, const char *spec)
{
    char *full = g_strconcat("drive,", spec, NULL);
    char *e = NULL;
    SpaprDevProps *p = spapr_devprops_parse(full, &e);
    SpaprDriveSpec *d;
    const char *v, *format;
    int index = -1, bus = -1, unit = -1;
    bool ok = false;

    g_free(full);
    if (!p) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    d = g_new0(SpaprDriveSpec, 1);
    d->stats = g_new0(BlockStats, 1);
    d->iface = SPAPR_DRIVE_IF_SCSI; /* pseries's default interface */
    d->cache = BLOCK_CACHE_WRITEBACK;
    d->snapshot = c->o->snapshot;
    if ((v = spapr_devprops_take(p, "file")) && *v) {
        d->file = g_strdup(v);
    }
    if ((v = spapr_devprops_take(p, "id"))) {
        d->id = g_strdup(v);
    }
    if ((v = spapr_devprops_take(p, "if"))) {
        if (strcmp(v, "none") == 0) {
            d->iface = SPAPR_DRIVE_IF_NONE;
        } else if (strcmp(v, "scsi") == 0) {
            d->iface = SPAPR_DRIVE_IF_SCSI;
        } else if (strcmp(v, "pflash") == 0) {
            d->iface = SPAPR_DRIVE_IF_PFLASH;
        } else if (strcmp(v, "virtio") == 0) {
            d->iface = SPAPR_DRIVE_IF_VIRTIO; /* a virtio-blk-pci (hw-pci) */
        } else {
            opt_error(c, "unsupported bus type '%s'", v);
            goto out;
        }
    }
    if ((v = spapr_devprops_take(p, "media"))) {
        if (strcmp(v, "cdrom") == 0) {
            d->cdrom = true;
        } else if (strcmp(v, "disk") != 0) {
            opt_error(c, "'%s' invalid media", v);
            goto out;
        }
    }
    format = spapr_devprops_take(p, "format");
    if (format && !blk_parse_format(format, (BlockFormat *)&d->format)) {
        opt_error(c, "Unknown driver '%s'", format);
        goto out;
    }
    if ((v = spapr_devprops_take(p, "cache")) &&
        !blk_parse_cache(v, (BlockCache *)&d->cache)) {
        opt_error(c, "invalid cache option '%s'", v);
        goto out;
    }
    if (!drive_onoff(c, "readonly", spapr_devprops_take(p, "readonly"),
                     &d->readonly) ||
        !drive_onoff(c, "snapshot", spapr_devprops_take(p, "snapshot"),
                     &d->snapshot) ||
        !drive_int(c, "index", spapr_devprops_take(p, "index"), &index) ||
        !drive_int(c, "bus", spapr_devprops_take(p, "bus"), &bus) ||
        !drive_int(c, "unit", spapr_devprops_take(p, "unit"), &unit)) {
        goto out;
    }
    if (!spapr_devprops_check_taken(p, &e)) {
        /* QEMU words it "Invalid parameter 'x'" */
        opt_error(c, "%s", e);
        g_free(e);
        goto out;
    }
    if (d->iface == SPAPR_DRIVE_IF_NONE && !d->id) {
        /* QEMU names it; a device can only find it by id */
        d->id = g_strdup_printf("none%u",
                                c->o->machine.drives ?
                                c->o->machine.drives->len : 0);
    }
    if (d->iface == SPAPR_DRIVE_IF_PFLASH && (!d->file || d->cdrom)) {
        opt_error(c, "if=pflash needs a file and media=disk");
        goto out;
    }
    if (d->cdrom && d->iface == SPAPR_DRIVE_IF_SCSI) {
        d->readonly = true;
    }
    if (d->file && !format) {
        /* a qcow2 image says what it is; raw is a guess, which QEMU
           warns about */
        d->format = blk_probe_file(d->file);
    }
    if (d->file && !format && d->format == BLOCK_FORMAT_RAW) {
        opt_warn(c, "Image format was not specified for '%s' and probing "
                 "guessed raw. Automatically detecting the format is "
                 "dangerous for raw images, write operations on block 0 "
                 "will be restricted. Specify the 'raw' format explicitly "
                 "to remove the restrictions.", d->file);
        d->probed = true;
    }
    if (d->iface == SPAPR_DRIVE_IF_SCSI) {
        if (index >= 0 && (bus >= 0 || unit >= 0)) {
            opt_error(c, "index cannot be used with bus and unit");
            goto out;
        }
        if (index >= 0) {
            bus = index / DRIVE_SCSI_UNITS;
            unit = index % DRIVE_SCSI_UNITS;
        }
        bus = bus < 0 ? 0 : bus;
        if (unit < 0) {
            for (unit = 0; drive_find_unit(c->o, bus, unit); unit++) {
            }
        }
        if (bus > 7 || unit >= 64) {
            opt_error(c, "bus %d unit %d is out of range", bus, unit);
            goto out;
        }
        if (drive_find_unit(c->o, bus, unit)) {
            opt_error(c, "drive with bus=%d, unit=%d exists", bus, unit);
            goto out;
        }
        d->bus = bus;
        d->unit = unit;
    }
    if (d->id && c->o->machine.drives) {
        for (guint i = 0; i < c->o->machine.drives->len; i++) {
            SpaprDriveSpec *o = g_ptr_array_index(c->o->machine.drives, i);

            if (o->id && strcmp(o->id, d->id) == 0) {
                opt_error(c, "Duplicate ID '%s' for drive", d->id);
                goto out;
            }
        }
    }
    if (!c->o->machine.drives) {
        c->o->machine.drives = g_ptr_array_new_with_free_func(drive_spec_free);
    }
    g_ptr_array_add(c->o->machine.drives, d);
    d = NULL;
    ok = true;
out:
    if (d) {
        drive_spec_free(d);
    }
    spapr_devprops_free(p);
    return ok;
}

bool opt_drive(OptCtx *c)
{
    return drive_add(c, c->arg);
}

static SpaprDriveSpec *drive_find_id(PowerjitOptions *o, const char *id,
                                     guint *index)
{
    GPtrArray *drives = o->machine.drives;

    for (guint i = 0; drives && i < drives->len; i++) {
        SpaprDriveSpec *d = g_ptr_array_index(drives, i);

        if (d->id && strcmp(d->id, id) == 0) {
            *index = i;
            return d;
        }
    }
    return NULL;
}

/* -blockdev driver=file,filename=F,node-name=N[,read-only=on]
   -blockdev driver=raw|qcow2,file=N|file.driver=file,file.filename=F,
             node-name=M[,read-only=on][,cache.direct=][,cache.no-flush=]
   Each node is a drive (if=none, id = its node name) that -device
   scsi-hd,drive=NODE takes; a format node takes its file node's file
   (the file node is then used up, as in QEMU one node has one parent
   that writes).  The JSON form arrives as this list (options-json.c). */
bool opt_blockdev(OptCtx *c)
{
    char *full = g_strconcat("blockdev,", c->arg, NULL);
    char *e = NULL;
    SpaprDevProps *p = spapr_devprops_parse(full, &e);
    SpaprDriveSpec *d;
    const char *driver, *node, *file, *v;
    guint idx;
    bool ok = false, no_flush = false, direct = false;

    g_free(full);
    if (!p) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    d = g_new0(SpaprDriveSpec, 1);
    d->stats = g_new0(BlockStats, 1);
    d->iface = SPAPR_DRIVE_IF_NONE;
    d->blockdev = true;
    d->cache = BLOCK_CACHE_WRITEBACK;
    d->snapshot = c->o->snapshot;
    driver = spapr_devprops_take(p, "driver");
    node = spapr_devprops_take(p, "node-name");
    if (!driver) {
        opt_error(c, "Parameter 'driver' is missing");
        goto out;
    }
    if (strcmp(driver, "file") == 0 || strcmp(driver, "host_device") == 0) {
        d->format = BLOCK_FORMAT_RAW;
        if (!(file = spapr_devprops_take(p, "filename")) || !*file) {
            opt_error(c, "Parameter 'filename' is missing");
            goto out;
        }
        d->file = g_strdup(file);
        d->blockdev_file = true;
    } else if (blk_parse_format(driver, (BlockFormat *)&d->format)) {
        const char *fdrv = spapr_devprops_take(p, "file.driver");
        const char *fname = spapr_devprops_take(p, "file.filename");

        file = spapr_devprops_take(p, "file");
        if (fname && (!fdrv || strcmp(fdrv, "file") == 0)) {
            d->file = g_strdup(fname);
        } else if (file) {
            SpaprDriveSpec *f = drive_find_id(c->o, file, &idx);

            if (!f || !f->blockdev_file) {
                opt_error(c, "Cannot find device='' nor node-name='%s'",
                          file);
                goto out;
            }
            d->file = g_strdup(f->file);
            d->readonly |= f->readonly;
            g_ptr_array_remove_index(c->o->machine.drives, idx);
        } else {
            opt_error(c, "Parameter 'file' is missing");
            goto out;
        }
    } else {
        opt_error(c, "Unknown driver '%s'", driver);
        goto out;
    }
    if (!drive_onoff(c, "read-only", spapr_devprops_take(p, "read-only"),
                     &d->readonly) ||
        !drive_onoff(c, "cache.direct", spapr_devprops_take(p,
                                                            "cache.direct"),
                     &direct) ||
        !drive_onoff(c, "cache.no-flush",
                     spapr_devprops_take(p, "cache.no-flush"), &no_flush)) {
        goto out;
    }
    d->cache = no_flush ? BLOCK_CACHE_UNSAFE
                        : direct ? BLOCK_CACHE_NONE : BLOCK_CACHE_WRITEBACK;
    /* accepted, no effect here */
    spapr_devprops_take(p, "auto-read-only");
    spapr_devprops_take(p, "discard");
    spapr_devprops_take(p, "detect-zeroes");
    spapr_devprops_take(p, "aio");
    if ((v = spapr_devprops_take(p, "locking")) && strcmp(v, "on") != 0 &&
        strcmp(v, "auto") != 0) {
        opt_error(c, "locking=%s is not supported", v);
        goto out;
    }
    if (!spapr_devprops_check_taken(p, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        goto out;
    }
    if (node) {
        if (drive_find_id(c->o, node, &idx)) {
            opt_error(c, "Duplicate nodes with node-name='%s'", node);
            goto out;
        }
        d->id = g_strdup(node);
    } else {
        d->id = g_strdup_printf("#block%u", c->o->machine.drives ?
                                c->o->machine.drives->len : 0);
    }
    if (!c->o->machine.drives) {
        c->o->machine.drives = g_ptr_array_new_with_free_func(drive_spec_free);
    }
    g_ptr_array_add(c->o->machine.drives, d);
    d = NULL;
    ok = true;
out:
    if (d) {
        drive_spec_free(d);
    }
    spapr_devprops_free(p);
    return ok;
}

/* -hda F: -drive file=F,index=0,media=disk; -cdrom F: index=2,media=cdrom
   (a file name with commas is escaped for the key=value parser) */
bool opt_hda_cdrom(OptCtx *c)
{
    bool cd = strcmp(c->opt + strspn(c->opt, "-"), "cdrom") == 0;
    GString *s = g_string_new("file=");
    bool ok;

    for (const char *p = c->arg; *p; p++) {
        g_string_append(s, *p == ',' ? ",," : (char[]){ *p, 0 });
    }
    g_string_append(s, cd ? ",index=2,media=cdrom" : ",index=0,media=disk");
    if (cd) {
        c->o->cdrom_given = true;
    }
    ok = drive_add(c, s->str);
    g_string_free(s, TRUE);
    return ok;
}

/* -snapshot: every drive writes to a temporary overlay (the drives given
   before it too) */
bool opt_snapshot(OptCtx *c)
{
    GPtrArray *drives = c->o->machine.drives;

    c->o->snapshot = true;
    for (guint i = 0; drives && i < drives->len; i++) {
        ((SpaprDriveSpec *)g_ptr_array_index(drives, i))->snapshot = true;
    }
    return true;
}

/* -global DRIVER.PROP=VALUE: only spapr-nvram.drive=ID, which backs the
   NVRAM with an if=none drive (the same as -drive if=pflash) */
bool opt_global(OptCtx *c)
{
    const char *v = c->arg;
    const char *prefix = "spapr-nvram.drive=";

    if (strncmp(v, prefix, strlen(prefix)) != 0 || !v[strlen(prefix)]) {
        return opt_error(c, "not yet supported (only "
                         "spapr-nvram.drive=ID)");
    }
    g_free(c->o->machine.nvram_drive);
    c->o->machine.nvram_drive = g_strdup(v + strlen(prefix));
    return true;
}

/* QEMU's pseries defaults: an empty CD-ROM at index 2 on a v-scsi, unless
   -nodefaults, -cdrom, a drive at that index, or a -device scsi-hd or
   scsi-cd (QEMU's vl.c default_list: either clears default_cdrom) */
void options_default_cdrom(PowerjitOptions *o)
{
    const GPtrArray *devs = o->machine.devices;
    SpaprDriveSpec *d;

    if (o->nodefaults || o->cdrom_given || drive_find_unit(o, 0, 2)) {
        return;
    }
    for (guint i = 0; devs && i < devs->len; i++) {
        const char *dev = g_ptr_array_index(devs, i);
        size_t n = strcspn(dev, ",");
        if ((n == 7 && (strncmp(dev, "scsi-hd", 7) == 0 ||
                        strncmp(dev, "scsi-cd", 7) == 0))) {
            return;
        }
    }
    d = g_new0(SpaprDriveSpec, 1);
    d->stats = g_new0(BlockStats, 1);
    d->iface = SPAPR_DRIVE_IF_SCSI;
    d->cdrom = true;
    d->readonly = true;
    d->unit = 2;
    if (!o->machine.drives) {
        o->machine.drives = g_ptr_array_new_with_free_func(drive_spec_free);
    }
    g_ptr_array_add(o->machine.drives, d);
}
