/*
 * hw-spapr/elf-loader.c: loads a ppc64 ELF image (vmlinux, or a bare-metal
 * test program) of either byte order into guest RAM.
 *
 * The file is untrusted input: every header field, offset and size is
 * checked against the file and against RAM before a byte is copied, and a
 * bad image is one clear error, never a crash.
 */
#ifndef POWERJIT_ELF_LOADER_H
#define POWERJIT_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ElfImage {
    uint64_t entry;     /* real address of the entry point */
    uint64_t low;       /* lowest real address loaded */
    uint64_t high;      /* one past the highest (bss included) */
    bool little_endian;
} ElfImage;

/*
 * Validates the image in file[0..file_len) and copies its PT_LOAD segments
 * to their physical addresses (p_paddr) in ram, zero-filling the part of
 * each segment beyond its file bytes.  The entry point is e_entry
 * translated through the segment that contains it (a vmlinux links at
 * 0xc000... but loads at 0).  On error nothing has been written and *err
 * says why.
 */
bool elf_load(const uint8_t *file, size_t file_len, uint8_t *ram,
              uint64_t ram_size, ElfImage *out, char **err);

/*
 * Maps a whole regular file read-only (for -kernel, -initrd, -bios); what
 * names it in the error.  Free with elf_free_file, not g_free.  The file
 * must not be truncated while the machine runs (a reset reads it again).
 */
bool elf_read_file(const char *path, const char *what, uint8_t **data,
                   size_t *len, char **err);
/* drops the resident pages of a file from elf_read_file; its bytes stay
   readable (faulted back in from the file) */
void elf_file_drop_pages(const uint8_t *data, size_t len);
void elf_free_file(uint8_t *data, size_t len);

#endif
