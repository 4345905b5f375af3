/*
 * tests/boot/mmu-stress.c: a static ppc64le Linux program that
 * linux-mmu-stress.sh runs inside the guest, in radix and in hash mode
 * (built with powerpc64le-linux-gnu-gcc -static, appended to the
 * initramfs).  It works the MMU the way many processes do: page faults on
 * fresh anonymous memory, copy-on-write after fork, mprotect taking rights
 * away and giving them back, munmap, and memory shared between processes.
 *
 *   mmu-stress PROCS ROUNDS PAGES
 *
 * PROCS children at once, each ROUNDS times over PAGES pages (the page
 * size from sysconf):
 *   - mmap anonymous, check it reads as zeros, fill every page with a
 *     pattern of (child, round, page);
 *   - fork a grandchild that checks the pattern (copy-on-write sharing)
 *     and overwrites it; the parent's copy must stay its own;
 *   - mprotect PROT_READ: the data is still there, a store to each of a
 *     few pages takes SIGSEGV; mprotect PROT_NONE: a load takes SIGSEGV;
 *     mprotect PROT_READ|PROT_WRITE: stores work again;
 *   - munmap: a load of the old address takes SIGSEGV;
 *   - a MAP_SHARED page written by a grandchild is seen by the parent.
 * Prints one line per check class, each with a count the host computes
 * from the arguments alone:
 *   zero N       fresh pages that read as zeros (PROCS*ROUNDS*PAGES)
 *   pattern N    pages whose pattern survived fork, mprotect and the
 *                grandchild's writes (PROCS*ROUNDS*PAGES)
 *   cow N        grandchildren that saw the parent's data and whose
 *                writes the parent did not see (PROCS*ROUNDS)
 *   segv N       faults taken where protection said so: 3 stores to a
 *                read-only mapping, 1 load of PROT_NONE, 1 load after
 *                munmap per round (5*PROCS*ROUNDS)
 *   shared N     MAP_SHARED writes seen across fork (PROCS*ROUNDS)
 *   errors 0     anything else that went wrong
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Counts {
    long zero, pattern, cow, segv, shared, errors;
} Counts;

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t faults;

static void on_segv(int sig)
{
    (void)sig;
    faults++;
    siglongjmp(fault_jmp, 1);
}

/* true if the store (write=1) or load at p faulted */
static int faults_at(volatile uint64_t *p, int write)
{
    sig_atomic_t before = faults;

    if (sigsetjmp(fault_jmp, 1) == 0) {
        if (write) {
            *p = 1;
        } else {
            (void)*p;
        }
    }
    return faults != before;
}

static uint64_t pattern(int child, int round, long page, long word)
{
    return ((uint64_t)child << 48) ^ ((uint64_t)round << 32) ^
           ((uint64_t)page << 12) ^ (uint64_t)word ^ 0x5a5a000000000000ull;
}

static void run_child(int child, int rounds, long pages, Counts *c)
{
    long psz = sysconf(_SC_PAGESIZE), words = psz / 8;
    size_t len = (size_t)(pages * psz);

    for (int r = 0; r < rounds; r++) {
        uint64_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            c->errors++;
            return;
        }
        for (long p = 0; p < pages; p++) {
            int zero = 1;
            for (long w = 0; w < words; w++) {
                zero &= m[p * words + w] == 0;
            }
            c->zero += zero;
            for (long w = 0; w < words; w++) {
                m[p * words + w] = pattern(child, r, p, w);
            }
        }

        /* copy-on-write: the grandchild sees the data, then writes its
           own; exit status 0 = it saw everything */
        pid_t g = fork();
        if (g == 0) {
            int ok = 1;
            for (long p = 0; p < pages; p++) {
                ok &= m[p * words + 1] == pattern(child, r, p, 1);
                m[p * words + 1] = ~0ull;
            }
            _exit(ok ? 0 : 1);
        }
        int st;
        if (g < 0 || waitpid(g, &st, 0) != g) {
            c->errors++;
        } else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
            c->cow++;
        }

        /* read-only: loads work, stores fault */
        if (mprotect(m, len, PROT_READ) != 0) {
            c->errors++;
        }
        for (int k = 0; k < 3; k++) {
            long p = (k * (pages - 1)) / 2;
            c->segv += faults_at(&m[p * words + 2], 1);
        }
        /* no access: a load faults */
        if (mprotect(m, len, PROT_NONE) != 0) {
            c->errors++;
        }
        c->segv += faults_at(&m[(pages / 2) * words], 0);
        /* rights back: the data is the parent's own, and stores work */
        if (mprotect(m, len, PROT_READ | PROT_WRITE) != 0) {
            c->errors++;
        }
        for (long p = 0; p < pages; p++) {
            int ok = 1;
            for (long w = 0; w < words; w++) {
                ok &= m[p * words + w] == pattern(child, r, p, w);
            }
            c->pattern += ok;
        }
        m[0] = 42;
        if (m[0] != 42) {
            c->errors++;
        }
        if (munmap(m, len) != 0) {
            c->errors++;
        }
        c->segv += faults_at(m, 0);

        /* shared memory across fork */
        volatile uint64_t *s = mmap(NULL, (size_t)psz, PROT_READ | PROT_WRITE,
                                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (s == MAP_FAILED) {
            c->errors++;
            continue;
        }
        g = fork();
        if (g == 0) {
            s[3] = pattern(child, r, 7, 3);
            _exit(0);
        }
        if (g < 0 || waitpid(g, &st, 0) != g) {
            c->errors++;
        } else if (s[3] == pattern(child, r, 7, 3)) {
            c->shared++;
        }
        munmap((void *)s, (size_t)psz);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: mmu-stress PROCS ROUNDS PAGES\n");
        return 2;
    }
    int procs = atoi(argv[1]), rounds = atoi(argv[2]);
    long pages = atol(argv[3]);
    Counts total = { 0 };
    struct sigaction sa = { .sa_handler = on_segv };

    if (procs < 1 || rounds < 1 || pages < 3) {
        fprintf(stderr, "mmu-stress: bad arguments\n");
        return 2;
    }
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    /* the children report their counts through a shared page */
    Counts *res = mmap(NULL, sizeof(Counts) * (size_t)procs,
                       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                       -1, 0);
    if (res == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memset(res, 0, sizeof(Counts) * (size_t)procs);
    for (int i = 0; i < procs; i++) {
        pid_t p = fork();
        if (p == 0) {
            run_child(i, rounds, pages, &res[i]);
            _exit(0);
        }
        if (p < 0) {
            total.errors++;
        }
    }
    for (int i = 0; i < procs; i++) {
        int st;
        if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            total.errors++;
        }
    }
    for (int i = 0; i < procs; i++) {
        total.zero += res[i].zero;
        total.pattern += res[i].pattern;
        total.cow += res[i].cow;
        total.segv += res[i].segv;
        total.shared += res[i].shared;
        total.errors += res[i].errors;
    }
    printf("zero %ld\npattern %ld\ncow %ld\nsegv %ld\nshared %ld\n"
           "errors %ld\n",
           total.zero, total.pattern, total.cow, total.segv, total.shared,
           total.errors);
    return 0;
}
