/*
 * hw-spapr/rng.c: -device spapr-rng (include/spapr-rng.h).
 *
 * H_RANDOM (LoPAPR: "H_RANDOM", hcall-random) returns H_SUCCESS with a
 * 64-bit random number in r4, or H_HARDWARE when the source fails.  The
 * backend is read on the vCPU thread: getrandom() never blocks once the
 * host's pool is initialised, and a file backend is a character device
 * such as /dev/urandom (or a FIFO a test feeds) that the user chose.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr-rng.h"

struct SpaprRng {
    int fd;             /* the rng-random file */
};

bool spapr_rng_init(SpaprMachine *m, char **err)
{
    const SpaprRngConfig *rc = &m->cfg->rng;
    int fd;

    if (!rc->present || !rc->filename) {
        return true;
    }
    fd = open(rc->filename, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = g_strdup_printf("Could not open '%s': %s", rc->filename,
                               strerror(errno));
        return false;
    }
    m->rng = g_new0(SpaprRng, 1);
    m->rng->fd = fd;
    return true;
}

void spapr_rng_free(SpaprMachine *m)
{
    if (m->rng) {
        close(m->rng->fd);
        g_free(m->rng);
        m->rng = NULL;
    }
}

int spapr_rng_fdt(const SpaprMachine *m, void *fdt)
{
    int pf, rng, r;

    if (!m->cfg || !m->cfg->rng.present) {
        return 0;
    }
    pf = fdt_add_subnode(fdt, 0, "ibm,platform-facilities");
    if (pf < 0) {
        return pf;
    }
    if ((r = fdt_setprop_string(fdt, pf, "device_type",
                                "ibm,platform-facilities")) < 0 ||
        (r = fdt_setprop_u32(fdt, pf, "#address-cells", 1)) < 0 ||
        (r = fdt_setprop_u32(fdt, pf, "#size-cells", 0)) < 0) {
        return r;
    }
    rng = fdt_add_subnode(fdt, pf, "ibm,random-v1");
    if (rng < 0) {
        return rng;
    }
    return fdt_setprop_string(fdt, rng, "compatible", "ibm,random");
}

/* fills buf from the file backend; false on an error or end of file */
static bool spapr_rng_read_fd(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

int64_t h_random(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t val;

    if (m->rng) {
        if (!spapr_rng_read_fd(m->rng->fd, &val, sizeof(val))) {
            return H_HARDWARE;
        }
    } else if (m->cfg && m->cfg->icount.on) {
        /* -icount: a deterministic stream (include/icount.h) */
        val = icount_random64(&m->icount_rng);
    } else if (getrandom(&val, sizeof(val), 0) != (ssize_t)sizeof(val)) {
        return H_HARDWARE;
    }
    args[0] = val;
    return H_SUCCESS;
}
