/*
 * hw-spapr/elf-loader.c: ppc64 ELF images into guest RAM
 * (include/elf-loader.h).
 *
 * Header fields are read by offset (offsetof the <elf.h> structs) through
 * byte-order-aware accessors rather than by casting the file to a struct:
 * the image may be big- or little-endian and its headers need not be
 * aligned in our buffer.  Validation is a separate pass over every header
 * before anything is copied, so a bad image leaves RAM untouched.
 *
 * Addresses: a segment goes to p_paddr with the top four bits cleared.  In
 * real mode the CPU ignores those bits of an effective address, so an image
 * whose physical and virtual addresses are both 0xc000... loads where it
 * will run; a vmlinux (virtual 0xc000..., physical 0) loads at 0.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "elf-loader.h"

#define REAL_ADDR_MASK 0x0fffffffffffffffull

typedef struct ElfReader {
    const uint8_t *p;
    size_t len;
    bool be;
} ElfReader;

static uint64_t elf_get(const ElfReader *r, size_t off, int size)
{
    uint64_t v = 0;

    for (int i = 0; i < size; i++) {
        int shift = r->be ? 8 * (size - 1 - i) : 8 * i;
        v |= (uint64_t)r->p[off + i] << shift;
    }
    return v;
}

#define EHDR(r, field)                                                       \
    elf_get((r), offsetof(Elf64_Ehdr, field), sizeof(((Elf64_Ehdr *)0)->field))
#define PHDR(r, base, field)                                                 \
    elf_get((r), (base) + offsetof(Elf64_Phdr, field),                       \
            sizeof(((Elf64_Phdr *)0)->field))

/* names for the e_machine values people most often pass by mistake */
static const struct {
    uint16_t machine;
    const char *name;
} elf_machine_names[] = {
    { EM_386, "i386" },
    { EM_PPC, "32-bit PowerPC" },
    { EM_ARM, "arm" },
    { EM_X86_64, "x86-64" },
    { EM_AARCH64, "aarch64" },
    { EM_RISCV, "riscv" },
    { EM_S390, "s390" },
};

static char *elf_describe_machine(uint16_t machine)
{
    for (size_t i = 0; i < G_N_ELEMENTS(elf_machine_names); i++) {
        if (elf_machine_names[i].machine == machine) {
            return g_strdup(elf_machine_names[i].name);
        }
    }
    return g_strdup_printf("machine %u", machine);
}

static bool elf_check_header(const ElfReader *r, char **err)
{
    const uint8_t *id = r->p;

    if (r->len < 4 || memcmp(id, ELFMAG, SELFMAG) != 0) {
        *err = g_strdup("not an ELF file");
        return false;
    }
    if (r->len < sizeof(Elf64_Ehdr)) {
        *err = g_strdup_printf("truncated ELF file (%zu bytes, shorter than "
                               "its header)", r->len);
        return false;
    }
    if (id[EI_CLASS] != ELFCLASS64) {
        *err = g_strdup("not a 64-bit ELF file (a ppc64 image is needed)");
        return false;
    }
    if (id[EI_VERSION] != EV_CURRENT) {
        *err = g_strdup_printf("unsupported ELF version %u", id[EI_VERSION]);
        return false;
    }
    uint16_t machine = EHDR(r, e_machine);
    if (machine != EM_PPC64) {
        char *name = elf_describe_machine(machine);
        *err = g_strdup_printf("not a ppc64 ELF file (it is for %s)", name);
        g_free(name);
        return false;
    }
    uint16_t type = EHDR(r, e_type);
    if (type != ET_EXEC && type != ET_DYN) {
        *err = g_strdup_printf("not an executable ELF file (e_type %u)", type);
        return false;
    }
    if (EHDR(r, e_phentsize) != sizeof(Elf64_Phdr)) {
        *err = g_strdup_printf("bad program header size %" PRIu64,
                               EHDR(r, e_phentsize));
        return false;
    }
    uint64_t phnum = EHDR(r, e_phnum);
    uint64_t phoff = EHDR(r, e_phoff);
    if (phnum == 0 || phnum == PN_XNUM) {
        *err = g_strdup_printf("unsupported program header count %" PRIu64,
                               phnum);
        return false;
    }
    if (phoff > r->len || phnum * sizeof(Elf64_Phdr) > r->len - phoff) {
        *err = g_strdup("truncated ELF file (program headers beyond the end "
                        "of the file)");
        return false;
    }
    return true;
}

static bool elf_check_segment(const ElfReader *r, size_t ph, uint64_t ram_size,
                              char **err)
{
    uint64_t offset = PHDR(r, ph, p_offset);
    uint64_t filesz = PHDR(r, ph, p_filesz);
    uint64_t memsz = PHDR(r, ph, p_memsz);
    uint64_t paddr = PHDR(r, ph, p_paddr) & REAL_ADDR_MASK;

    if (filesz > memsz) {
        *err = g_strdup_printf("bad segment: file size 0x%" PRIx64
                               " larger than memory size 0x%" PRIx64,
                               filesz, memsz);
        return false;
    }
    if (offset > r->len || filesz > r->len - offset) {
        *err = g_strdup_printf("truncated ELF file (segment at offset 0x%"
                               PRIx64 " size 0x%" PRIx64 " beyond the end "
                               "of the file)", offset, filesz);
        return false;
    }
    if (paddr > ram_size || memsz > ram_size - paddr) {
        *err = g_strdup_printf("segment at 0x%" PRIx64 " size 0x%" PRIx64
                               " does not fit in %" PRIu64 " MiB of RAM",
                               paddr, memsz, ram_size >> 20);
        return false;
    }
    return true;
}

bool elf_load(const uint8_t *file, size_t file_len, uint8_t *ram,
              uint64_t ram_size, ElfImage *out, char **err)
{
    ElfReader r = { .p = file, .len = file_len };

    if (file_len > EI_DATA) {
        if (file[EI_DATA] == ELFDATA2MSB) {
            r.be = true;
        } else if (file[EI_DATA] != ELFDATA2LSB &&
                   memcmp(file, ELFMAG, SELFMAG) == 0) {
            *err = g_strdup_printf("unknown ELF byte order %u",
                                   file[EI_DATA]);
            return false;
        }
    }
    if (!elf_check_header(&r, err)) {
        return false;
    }

    uint64_t phoff = EHDR(&r, e_phoff);
    uint64_t phnum = EHDR(&r, e_phnum);
    uint64_t entry = EHDR(&r, e_entry);
    bool entry_found = false;
    ElfImage img = { .low = UINT64_MAX, .little_endian = !r.be };

    for (uint64_t i = 0; i < phnum; i++) {
        size_t ph = phoff + i * sizeof(Elf64_Phdr);
        uint64_t memsz = PHDR(&r, ph, p_memsz);

        if (PHDR(&r, ph, p_type) != PT_LOAD || memsz == 0) {
            continue;
        }
        if (!elf_check_segment(&r, ph, ram_size, err)) {
            return false;
        }
        uint64_t paddr = PHDR(&r, ph, p_paddr) & REAL_ADDR_MASK;
        uint64_t vaddr = PHDR(&r, ph, p_vaddr);
        img.low = MIN(img.low, paddr);
        img.high = MAX(img.high, paddr + memsz);
        if (!entry_found && entry >= vaddr && entry - vaddr < memsz) {
            img.entry = paddr + (entry - vaddr);
            entry_found = true;
        }
    }
    if (img.low == UINT64_MAX) {
        *err = g_strdup("no loadable segment in the ELF file");
        return false;
    }
    if (!entry_found) {
        *err = g_strdup_printf("entry point 0x%" PRIx64 " is outside every "
                               "loadable segment", entry);
        return false;
    }

    for (uint64_t i = 0; i < phnum; i++) {
        size_t ph = phoff + i * sizeof(Elf64_Phdr);
        uint64_t memsz = PHDR(&r, ph, p_memsz);

        if (PHDR(&r, ph, p_type) != PT_LOAD || memsz == 0) {
            continue;
        }
        uint64_t paddr = PHDR(&r, ph, p_paddr) & REAL_ADDR_MASK;
        uint64_t filesz = PHDR(&r, ph, p_filesz);
        memcpy(ram + paddr, file + PHDR(&r, ph, p_offset), filesz);
        memset(ram + paddr + filesz, 0, memsz - filesz);
    }
    *out = img;
    return true;
}

/*
 * The images are mapped, not copied into the heap.  The machine keeps them
 * for every reset but reads them only while it copies them to RAM; in
 * between, elf_file_drop_pages gives their pages back to the page cache,
 * so a 45 MB vmlinux does not stay resident next to its copy in guest RAM.
 * An empty file gets a one-byte dummy (data is never NULL on success).
 */
static uint8_t elf_empty_file[1];

static bool elf_file_error(const char *path, const char *what, int fd,
                           const char *why, char **err)
{
    *err = g_strdup_printf("could not load %s '%s': %s", what, path, why);
    if (fd >= 0) {
        close(fd);
    }
    return false;
}

bool elf_read_file(const char *path, const char *what, uint8_t **data,
                   size_t *len, char **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *p;

    if (fd < 0 || fstat(fd, &st) != 0) {
        return elf_file_error(path, what, fd, strerror(errno), err);
    }
    if (!S_ISREG(st.st_mode)) {
        return elf_file_error(path, what, fd, "not a regular file", err);
    }
    if (st.st_size == 0) {
        close(fd);
        *data = elf_empty_file;
        *len = 0;
        return true;
    }
    if ((uint64_t)st.st_size > SIZE_MAX) {
        return elf_file_error(path, what, fd, "file too large", err);
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        return elf_file_error(path, what, fd, strerror(errno), err);
    }
    close(fd);
    *data = p;
    *len = (size_t)st.st_size;
    return true;
}

void elf_file_drop_pages(const uint8_t *data, size_t len)
{
    if (data && len) {
        /* a clean private file mapping: the next read faults the bytes
           back in from the file */
        madvise((void *)data, len, MADV_DONTNEED);
    }
}

void elf_free_file(uint8_t *data, size_t len)
{
    if (data && len) {
        munmap(data, len);
    }
}
