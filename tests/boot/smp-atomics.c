/*
 * tests/boot/smp-atomics.c: a static ppc64le Linux program that
 * linux-smp.sh runs inside the guest on every CPU at once (built with
 * powerpc64le-linux-gnu-gcc -static, appended to the initramfs).
 *
 *   smp-atomics THREADS ITERATIONS ROUNDS
 *
 * Each line it prints is a check whose expected value the host computes
 * from the arguments alone:
 *   add32 N      __atomic_fetch_add on a 32-bit counter (lwarx/stwcx.)
 *   add64 N      the same on 64 bits (ldarx/stdcx.)
 *   add16 N      on a halfword (lharx/sthcx.), modulo 2^16
 *   add8 N       on a byte (lbarx/stbcx.), modulo 2^8
 *   cas128 N     a 16-byte compare-and-swap loop (lqarx/stqcx.)
 *   mutex N      a plain counter under a pthread mutex
 *   mp-forbidden K   message passing: the writer stores data, lwsync,
 *                    flag; the reader loads flag, lwsync, data.  K counts
 *                    the times the reader saw a flag newer than the data,
 *                    which Power ISA Book II 1.7 forbids: K must be 0.
 *   mp-seen S    how many reads found the flag moved (S > 0: the test
 *                really raced)
 * Threads are pinned one per CPU when there are as many CPUs.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned nthreads;
static unsigned long iters, rounds;

static uint32_t c32;
static uint64_t c64;
static uint16_t c16;
static uint8_t c8;
static __int128 c128 __attribute__((aligned(16)));
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long plain;
static pthread_barrier_t start;

static volatile unsigned long mp_data, mp_flag;
static unsigned long mp_bad, mp_seen;

static void pin(unsigned i)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(i, &set);
    sched_setaffinity(0, sizeof(set), &set); /* best effort */
}

/* one phase per kind of atomic, every thread on the same word at once
   (the barrier starts each phase together): the most contention */
static void *adder(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    pin(i);
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        __atomic_fetch_add(&c32, 1, __ATOMIC_RELAXED);
    }
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        __atomic_fetch_add(&c64, 1, __ATOMIC_RELAXED);
    }
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        __atomic_fetch_add(&c16, 1, __ATOMIC_RELAXED);
    }
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        __atomic_fetch_add(&c8, 1, __ATOMIC_RELAXED);
    }
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        __int128 old = __atomic_load_n(&c128, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&c128, &old, old + 1, false,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED)) {
        }
    }
    pthread_barrier_wait(&start);
    for (unsigned long k = 0; k < iters; k++) {
        pthread_mutex_lock(&lock);
        plain++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

#define LWSYNC() __asm__ volatile("lwsync" ::: "memory")

static void *mp_writer(void *arg)
{
    pin(0);
    pthread_barrier_wait(&start);
    for (unsigned long k = 1; k <= rounds; k++) {
        mp_data = k;
        LWSYNC();
        mp_flag = k;
    }
    return NULL;
}

static void *mp_reader(void *arg)
{
    unsigned long last = 0;

    pin(1);
    pthread_barrier_wait(&start);
    while (last < rounds) {
        unsigned long f = mp_flag;
        LWSYNC();
        unsigned long d = mp_data;
        if (d < f) {
            mp_bad++;
        }
        if (f != last) {
            mp_seen++;
            last = f;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[64];

    if (argc != 4) {
        fprintf(stderr, "usage: %s THREADS ITERATIONS ROUNDS\n", argv[0]);
        return 2;
    }
    nthreads = (unsigned)strtoul(argv[1], NULL, 0);
    iters = strtoul(argv[2], NULL, 0);
    rounds = strtoul(argv[3], NULL, 0);
    if (nthreads < 1 || nthreads > 64) {
        return 2;
    }

    pthread_barrier_init(&start, NULL, nthreads);
    for (unsigned i = 0; i < nthreads; i++) {
        pthread_create(&t[i], NULL, adder, (void *)(uintptr_t)i);
    }
    for (unsigned i = 0; i < nthreads; i++) {
        pthread_join(t[i], NULL);
    }
    printf("add32 %lu\n", (unsigned long)c32);
    printf("add64 %lu\n", (unsigned long)c64);
    printf("add16 %lu\n", (unsigned long)c16);
    printf("add8 %lu\n", (unsigned long)c8);
    printf("cas128 %lu\n", (unsigned long)c128);
    printf("mutex %lu\n", plain);

    pthread_barrier_destroy(&start);
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&t[0], NULL, mp_writer, NULL);
    pthread_create(&t[1], NULL, mp_reader, NULL);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    printf("mp-forbidden %lu\n", mp_bad);
    printf("mp-seen %s\n", mp_seen > 0 ? "yes" : "no");
    return 0;
}
