/*
 * hw-spapr/ram.c: where guest RAM comes from.
 *
 * By default guest RAM is anonymous memory, reserved (no MAP_NORESERVE,
 * as QEMU's RAM is: a size the host cannot back is refused at start rather
 * than failing at first touch) but only touched pages cost host memory.
 * With -mem-path DIR (or -object memory-backend-file,mem-path=DIR) it is a
 * file instead: a directory gets a fresh file that is unlinked at once (on
 * hugetlbfs this gives the guest huge pages), any other path is opened or
 * created as the file itself.  The mapping is private unless share=on.
 *
 * What cannot work is said before the guest starts, never as a SIGBUS in
 * the middle of its boot: a missing directory, a file system with less
 * free space than the RAM (statvfs; on hugetlbfs that counts free huge
 * pages), a size that is not a multiple of the file system's page size.
 * -mem-prealloc (prealloc=on) allocates the whole file and populates the
 * mapping up front.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib.h>

#include "spapr.h"

static int ram_open_file(const char *path, bool *is_dir, char **err)
{
    struct stat st;
    int fd;

    *is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (*is_dir) {
        char *templ = g_build_filename(path, "powerjit_ram.XXXXXX", NULL);

        fd = mkstemp(templ);
        if (fd >= 0) {
            unlink(templ);
        }
        g_free(templ);
    } else {
        fd = open(path, O_RDWR | O_CREAT, 0600);
    }
    if (fd < 0) {
        *err = g_strdup_printf("can't open backing store %s for guest RAM: "
                               "%s", path, strerror(errno));
    }
    return fd;
}

static uint8_t *ram_map_file(const SpaprConfig *cfg, uint64_t size,
                             char **err)
{
    struct statvfs vfs;
    bool is_dir;
    int fd = ram_open_file(cfg->mem_path, &is_dir, err);
    int flags = cfg->mem_share ? MAP_SHARED : MAP_PRIVATE;
    void *p;

    if (fd < 0) {
        return NULL;
    }
    if (fstatvfs(fd, &vfs) == 0 && vfs.f_bsize > 0) {
        uint64_t avail = (uint64_t)vfs.f_bavail * vfs.f_bsize;
        struct stat st;
        uint64_t have = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : 0;

        if (size % vfs.f_bsize != 0) {
            *err = g_strdup_printf("-mem-path %s: the RAM size (%" PRIu64
                                   " MiB) is not a multiple of its page size "
                                   "(%lu KiB)", cfg->mem_path, size >> 20,
                                   (unsigned long)(vfs.f_bsize >> 10));
            goto fail;
        }
        if (have < size && avail < size - have) {
            *err = g_strdup_printf("-mem-path %s: only %" PRIu64 " MiB free "
                                   "there, the guest RAM needs %" PRIu64
                                   " MiB", cfg->mem_path, avail >> 20,
                                   size >> 20);
            goto fail;
        }
    }
    if (ftruncate(fd, (off_t)size) != 0) {
        *err = g_strdup_printf("-mem-path %s: cannot size the RAM file: %s",
                               cfg->mem_path, strerror(errno));
        goto fail;
    }
    if (cfg->mem_prealloc) {
        int e = posix_fallocate(fd, 0, (off_t)size);
        if (e != 0 && e != EOPNOTSUPP && e != EINVAL) {
            *err = g_strdup_printf("-mem-path %s: cannot preallocate %"
                                   PRIu64 " MiB: %s", cfg->mem_path,
                                   size >> 20, strerror(e));
            goto fail;
        }
        flags |= MAP_POPULATE;
    }
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (p == MAP_FAILED) {
        *err = g_strdup_printf("-mem-path %s: cannot map %" PRIu64 " MiB of "
                               "guest RAM: %s", cfg->mem_path, size >> 20,
                               strerror(errno));
        goto fail;
    }
    close(fd);
    return p;

fail:
    close(fd);
    return NULL;
}

uint8_t *spapr_ram_alloc(const SpaprConfig *cfg, uint64_t size, char **err)
{
    void *p;

    if (cfg->mem_path) {
        return ram_map_file(cfg, size, err);
    }
    p = mmap(NULL, size, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS |
                 (cfg->mem_prealloc ? MAP_POPULATE : 0),
             -1, 0);
    if (p == MAP_FAILED) {
        *err = g_strdup_printf("cannot allocate %" PRIu64 " MiB of guest "
                               "RAM: %s", size >> 20, strerror(errno));
        return NULL;
    }
    return p;
}

void spapr_ram_clear(const SpaprConfig *cfg, uint8_t *ram, uint64_t size)
{
    /* a private mapping drops its pages back to the (zero) file or zero
       page; a shared one would read its old contents back */
    if (cfg->mem_share || madvise(ram, size, MADV_DONTNEED) != 0) {
        memset(ram, 0, size);
    }
}
