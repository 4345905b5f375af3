/*
 * The ELF loader (hw-spapr/elf-loader.c).  Images are built here from
 * glibc's <elf.h> structs (byte-swapped field by field for big-endian), so
 * the layout under test comes from the system's ELF definitions, not from
 * the loader's own offsets.  A rejected image must leave RAM untouched.
 */
#include <elf.h>
#include <string.h>

#include <glib.h>

#include "elf-loader.h"

#define RAM_SIZE (4u << 20)
#define RAM_FILL 0xa5

typedef struct Seg {
    uint32_t type;
    uint64_t vaddr, paddr, filesz, memsz;
} Seg;

typedef struct ElfSpec {
    bool be;
    uint8_t cls;
    uint16_t type;
    uint16_t machine;
    uint16_t phentsize;
    uint64_t entry;
    const Seg *segs;
    int nsegs;
} ElfSpec;

static uint16_t e16(const ElfSpec *s, uint16_t v)
{
    return s->be ? GUINT16_SWAP_LE_BE(v) : v;
}

static uint32_t e32(const ElfSpec *s, uint32_t v)
{
    return s->be ? GUINT32_SWAP_LE_BE(v) : v;
}

static uint64_t e64(const ElfSpec *s, uint64_t v)
{
    return s->be ? GUINT64_SWAP_LE_BE(v) : v;
}

/* the byte every segment i carries in its file part */
static uint8_t seg_byte(int i)
{
    return (uint8_t)(0x11 * (i + 1));
}

/* an ELF file: header, program headers, then each segment's bytes */
static GByteArray *make_elf(const ElfSpec *s)
{
    GByteArray *f = g_byte_array_new();
    Elf64_Ehdr eh;
    uint64_t offset = sizeof(Elf64_Ehdr) + s->nsegs * sizeof(Elf64_Phdr);

    memset(&eh, 0, sizeof(eh));
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = s->cls ? s->cls : ELFCLASS64;
    eh.e_ident[EI_DATA] = s->be ? ELFDATA2MSB : ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = e16(s, s->type ? s->type : ET_EXEC);
    eh.e_machine = e16(s, s->machine ? s->machine : EM_PPC64);
    eh.e_version = e32(s, EV_CURRENT);
    eh.e_entry = e64(s, s->entry);
    eh.e_phoff = e64(s, sizeof(Elf64_Ehdr));
    eh.e_ehsize = e16(s, sizeof(Elf64_Ehdr));
    eh.e_phentsize = e16(s, s->phentsize ? s->phentsize : sizeof(Elf64_Phdr));
    eh.e_phnum = e16(s, (uint16_t)s->nsegs);
    g_byte_array_append(f, (const guint8 *)&eh, sizeof(eh));

    for (int i = 0; i < s->nsegs; i++) {
        Elf64_Phdr ph;

        memset(&ph, 0, sizeof(ph));
        ph.p_type = e32(s, s->segs[i].type ? s->segs[i].type : PT_LOAD);
        ph.p_flags = e32(s, PF_R | PF_X);
        ph.p_offset = e64(s, offset);
        ph.p_vaddr = e64(s, s->segs[i].vaddr);
        ph.p_paddr = e64(s, s->segs[i].paddr);
        ph.p_filesz = e64(s, s->segs[i].filesz);
        ph.p_memsz = e64(s, s->segs[i].memsz);
        ph.p_align = e64(s, 0x10000);
        g_byte_array_append(f, (const guint8 *)&ph, sizeof(ph));
        offset += s->segs[i].filesz;
    }
    for (int i = 0; i < s->nsegs; i++) {
        for (uint64_t j = 0; j < s->segs[i].filesz; j++) {
            uint8_t b = seg_byte(i);
            g_byte_array_append(f, &b, 1);
        }
    }
    return f;
}

static uint8_t *new_ram(void)
{
    uint8_t *ram = g_malloc(RAM_SIZE);
    memset(ram, RAM_FILL, RAM_SIZE);
    return ram;
}

static bool ram_untouched(const uint8_t *ram)
{
    for (size_t i = 0; i < RAM_SIZE; i++) {
        if (ram[i] != RAM_FILL) {
            return false;
        }
    }
    return true;
}

/* loading data[0..len) must fail with a one-line message containing what,
   and without writing RAM */
static void expect_reject(const uint8_t *data, size_t len, const char *what)
{
    uint8_t *ram = new_ram();
    ElfImage img;
    char *err = NULL;

    g_assert_false(elf_load(data, len, ram, RAM_SIZE, &img, &err));
    g_assert_nonnull(err);
    g_assert_null(strchr(err, '\n'));
    if (!strstr(err, what)) {
        g_error("error '%s' does not mention '%s'", err, what);
    }
    g_assert_true(ram_untouched(ram));
    g_free(err);
    g_free(ram);
}

static void expect_reject_spec(const ElfSpec *s, const char *what)
{
    GByteArray *f = make_elf(s);
    expect_reject(f->data, f->len, what);
    g_byte_array_free(f, TRUE);
}

static void test_load_le_exec(void)
{
    /* linked at 0x400000, loaded (physical) at 0x10000; 0x200 of bss */
    static const Seg segs[] = {
        { 0, 0x400000, 0x10000, 0x100, 0x300 },
    };
    ElfSpec s = { .entry = 0x400040, .segs = segs, .nsegs = 1 };
    GByteArray *f = make_elf(&s);
    uint8_t *ram = new_ram();
    ElfImage img;
    char *err = NULL;

    g_assert_true(elf_load(f->data, f->len, ram, RAM_SIZE, &img, &err));
    g_assert_null(err);
    g_assert_true(img.little_endian);
    g_assert_cmphex(img.entry, ==, 0x10040);
    g_assert_cmphex(img.low, ==, 0x10000);
    g_assert_cmphex(img.high, ==, 0x10300);
    g_assert_cmpuint(ram[0xffff], ==, RAM_FILL);
    g_assert_cmpuint(ram[0x10000], ==, seg_byte(0));
    g_assert_cmpuint(ram[0x100ff], ==, seg_byte(0));
    g_assert_cmpuint(ram[0x10100], ==, 0);  /* bss zeroed */
    g_assert_cmpuint(ram[0x102ff], ==, 0);
    g_assert_cmpuint(ram[0x10300], ==, RAM_FILL);
    g_byte_array_free(f, TRUE);
    g_free(ram);
}

static void test_load_be_dyn(void)
{
    /* a vmlinux-like image: virtual 0xc000..., physical 0, two segments */
    static const Seg segs[] = {
        { 0, 0xc000000000000000ull, 0, 0x800, 0x800 },
        { 0, 0xc000000000010000ull, 0x10000, 0x40, 0x1000 },
    };
    ElfSpec s = { .be = true, .type = ET_DYN,
                  .entry = 0xc000000000000100ull, .segs = segs, .nsegs = 2 };
    GByteArray *f = make_elf(&s);
    uint8_t *ram = new_ram();
    ElfImage img;
    char *err = NULL;

    g_assert_true(elf_load(f->data, f->len, ram, RAM_SIZE, &img, &err));
    g_assert_false(img.little_endian);
    g_assert_cmphex(img.entry, ==, 0x100);
    g_assert_cmphex(img.low, ==, 0);
    g_assert_cmphex(img.high, ==, 0x11000);
    g_assert_cmpuint(ram[0x7ff], ==, seg_byte(0));
    g_assert_cmpuint(ram[0x800], ==, RAM_FILL);
    g_assert_cmpuint(ram[0x10000], ==, seg_byte(1));
    g_assert_cmpuint(ram[0x10040], ==, 0);
    g_byte_array_free(f, TRUE);
    g_free(ram);
}

static void test_load_real_address_mask(void)
{
    /* physical 0xc000000000020000: real mode ignores the top nibble */
    static const Seg segs[] = {
        { 0, 0xc000000000020000ull, 0xc000000000020000ull, 0x10, 0x10 },
    };
    ElfSpec s = { .entry = 0xc000000000020000ull, .segs = segs, .nsegs = 1 };
    GByteArray *f = make_elf(&s);
    uint8_t *ram = new_ram();
    ElfImage img;
    char *err = NULL;

    g_assert_true(elf_load(f->data, f->len, ram, RAM_SIZE, &img, &err));
    g_assert_cmphex(img.entry, ==, 0x20000);
    g_assert_cmpuint(ram[0x20000], ==, seg_byte(0));
    g_byte_array_free(f, TRUE);
    g_free(ram);
}

static const Seg one_seg[] = { { 0, 0x1000, 0x1000, 0x100, 0x100 } };

static void test_reject_garbage(void)
{
    static const uint8_t garbage[] = "this is not an ELF file at all......";

    expect_reject(garbage, sizeof(garbage), "not an ELF file");
    expect_reject(garbage, 0, "not an ELF file");
}

static void test_reject_truncated(void)
{
    ElfSpec s = { .entry = 0x1000, .segs = one_seg, .nsegs = 1 };
    GByteArray *f = make_elf(&s);

    /* inside the ELF header, inside the program headers, inside the data */
    expect_reject(f->data, 40, "truncated");
    expect_reject(f->data, sizeof(Elf64_Ehdr) + 10, "truncated");
    expect_reject(f->data, f->len - 1, "truncated");
    g_byte_array_free(f, TRUE);
}

static void test_reject_wrong_arch(void)
{
    ElfSpec s = { .entry = 0x1000, .segs = one_seg, .nsegs = 1 };

    s.machine = EM_X86_64;
    expect_reject_spec(&s, "x86-64");
    s.machine = EM_PPC;
    expect_reject_spec(&s, "not a ppc64 ELF");
    s.machine = 0;
    s.cls = ELFCLASS32;
    expect_reject_spec(&s, "64-bit");
}

static void test_reject_bad_headers(void)
{
    ElfSpec s = { .entry = 0x1000, .segs = one_seg, .nsegs = 1 };

    s.type = ET_REL;
    expect_reject_spec(&s, "not an executable");
    s.type = 0;
    s.phentsize = 32;
    expect_reject_spec(&s, "program header size");
    s.phentsize = 0;
    s.entry = 0x5000;
    expect_reject_spec(&s, "entry point");
    s.nsegs = 0;
    s.entry = 0x1000;
    expect_reject_spec(&s, "program header count");
}

static void test_reject_bad_segments(void)
{
    static const Seg too_big[] = {
        { 0, 0x1000, RAM_SIZE - 0x10, 0x10, 0x100 },
    };
    static const Seg wraps[] = {
        { 0, 0x1000, 0x0fffffffffffff00ull, 0x10, 0x200 },
    };
    static const Seg file_gt_mem[] = { { 0, 0x1000, 0x1000, 0x100, 0x80 } };
    static const Seg no_load[] = { { PT_NOTE, 0x1000, 0x1000, 0x10, 0x10 } };
    ElfSpec s = { .entry = 0x1000, .nsegs = 1 };

    s.segs = too_big;
    expect_reject_spec(&s, "does not fit");
    s.segs = wraps;
    expect_reject_spec(&s, "does not fit");
    s.segs = file_gt_mem;
    expect_reject_spec(&s, "larger than memory size");
    s.segs = no_load;
    expect_reject_spec(&s, "no loadable segment");
}

static void test_read_file(void)
{
    uint8_t *data;
    size_t len;
    char *err = NULL;

    g_assert_false(elf_read_file("/nonexistent/vmlinux", "kernel", &data,
                                 &len, &err));
    g_assert_nonnull(strstr(err, "could not load kernel "
                                 "'/nonexistent/vmlinux'"));
    g_assert_nonnull(strstr(err, "No such file"));
    g_free(err);
    err = NULL;

    /* the test binary itself: a host (x86-64) ELF, not a ppc64 one */
    g_assert_true(elf_read_file("/proc/self/exe", "kernel", &data, &len,
                                &err));
    expect_reject(data, len, "not a ppc64 ELF");
    /* dropping the pages keeps the bytes readable */
    elf_file_drop_pages(data, len);
    g_assert_cmpmem(data, 4, "\177ELF", 4);
    elf_free_file(data, len);

    g_assert_false(elf_read_file("/proc/self", "kernel", &data, &len, &err));
    g_assert_nonnull(strstr(err, "not a regular file"));
    g_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/elf/load/le-exec", test_load_le_exec);
    g_test_add_func("/elf/load/be-dyn", test_load_be_dyn);
    g_test_add_func("/elf/load/real-address-mask",
                    test_load_real_address_mask);
    g_test_add_func("/elf/reject/garbage", test_reject_garbage);
    g_test_add_func("/elf/reject/truncated", test_reject_truncated);
    g_test_add_func("/elf/reject/wrong-arch", test_reject_wrong_arch);
    g_test_add_func("/elf/reject/bad-headers", test_reject_bad_headers);
    g_test_add_func("/elf/reject/bad-segments", test_reject_bad_segments);
    g_test_add_func("/elf/read-file", test_read_file);
    return g_test_run();
}
