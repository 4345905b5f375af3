/*
 * Unit tests of the host-accelerated vector crypto helpers of
 * target-ppc/helper-vmx-crypto.c (AES-NI for vcipher, vcipherlast,
 * vncipher, vncipherlast; PCLMULQDQ for vpmsumb/h/w/d) against the C
 * reference helpers, called directly on a vCPU:
 *   - FIPS-197 Appendix C.1 (AES-128): the key schedule of FIPS-197 5.2
 *     computed here from an S-box built from its definition (5.1.1: the
 *     inverse in GF(2^8) then the affine map), encryption with vcipher /
 *     vcipherlast and the equivalent decryption with vncipher /
 *     vncipherlast (Power ISA 3.0B Book I 6.11.5) through both versions,
 *     each compared with the published ciphertext and plaintext;
 *   - 20000 random operand pairs through each of the eight pairs, every
 *     result bit for bit equal, with the target also a source.
 * Skipped where the host lacks AES-NI or PCLMULQDQ (then the C versions
 * run and tests/isa/vmx-crypto.c covers them).
 */
#include <string.h>

#include <glib.h>

#include "target-ppc/internal.h"
#include "target-ppc/trans-vec.h"
#include "tests/isa/aes-ref.h"

#define RAM_SIZE (1u << 20)

typedef void (*Vx3Fn)(CPUPPCState *env, uint64_t t, uint64_t a, uint64_t b);

static uint8_t *ram;

static CPUPPCState *new_cpu(void)
{
    if (!ram) {
        ram = g_malloc0(RAM_SIZE);
    }
    return ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
}

static uint64_t rng_state = 0x13198a2e03707344ull;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* 16 bytes in the ISA's order <-> VSR n */
static void put(CPUPPCState *env, int n, const uint8_t *v)
{
    for (int dw = 0; dw < 2; dw++) {
        uint64_t x = 0;
        for (int i = 0; i < 8; i++) {
            x = x << 8 | v[8 * dw + i];
        }
        env->vsr[n][dw] = x;
    }
}

static void get(const CPUPPCState *env, int n, uint8_t *v)
{
    for (int i = 0; i < 16; i++) {
        v[i] = (uint8_t)(env->vsr[n][i / 8] >> (56 - 8 * (i % 8)));
    }
}

/* t = op(s, k) through the helper */
static void run(const TCGHelperInfo *info, uint8_t *t, const uint8_t *s,
                const uint8_t *k)
{
    CPUPPCState *env = new_cpu();

    put(env, 33, s);
    put(env, 34, k);
    ((Vx3Fn)info->func)(env, 35, 33, 34);
    get(env, 35, t);
    ppc_cpu_free(env);
}

/* --------------------------------------------- FIPS-197 from its text */

static uint8_t sbox[256];

static bool have_host(const TCGHelperInfo *generic)
{
    if (vmx_host_crypto_helper(generic) == generic) {
        g_test_skip("the host has no AES-NI / PCLMULQDQ");
        return false;
    }
    return true;
}

static void xor16(uint8_t *d, const uint8_t *k)
{
    for (int i = 0; i < 16; i++) {
        d[i] ^= k[i];
    }
}

static void test_fips197(void)
{
    static const uint8_t ct_want[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    uint8_t key[16], pt[16], rk[11][16], s[16];

    if (!have_host(&helper_info_vcipher)) {
        return;
    }
    aes_make_sbox(sbox);
    g_assert_cmpuint(sbox[0x53], ==, 0xed); /* FIPS-197 5.1.1's example */
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        pt[i] = (uint8_t)(0x11 * i);
    }
    aes_key_expand(sbox, key, rk);
    for (int host = 0; host < 2; host++) {
        const TCGHelperInfo *enc = &helper_info_vcipher;
        const TCGHelperInfo *enc_last = &helper_info_vcipherlast;
        const TCGHelperInfo *dec = &helper_info_vncipher;
        const TCGHelperInfo *dec_last = &helper_info_vncipherlast;

        if (host) {
            enc = vmx_host_crypto_helper(enc);
            enc_last = vmx_host_crypto_helper(enc_last);
            dec = vmx_host_crypto_helper(dec);
            dec_last = vmx_host_crypto_helper(dec_last);
        }
        memcpy(s, pt, 16);
        xor16(s, rk[0]);
        for (int r = 1; r < 10; r++) {
            run(enc, s, s, rk[r]);
        }
        run(enc_last, s, s, rk[10]);
        g_assert_cmpmem(s, 16, ct_want, 16);
        xor16(s, rk[10]);
        for (int r = 9; r >= 1; r--) {
            run(dec, s, s, rk[r]);
        }
        run(dec_last, s, s, rk[0]);
        g_assert_cmpmem(s, 16, pt, 16);
    }
}

/* every host helper equals its C reference on random operands, also
   with the target aliasing a source */
static void test_random(gconstpointer data)
{
    const TCGHelperInfo *generic = data, *host;
    CPUPPCState *env;

    if (!have_host(generic)) {
        return;
    }
    host = vmx_host_crypto_helper(generic);
    env = new_cpu();
    for (int i = 0; i < 20000; i++) {
        uint64_t a0 = rng(), a1 = rng(), b0 = rng(), b1 = rng();
        int t = i % 3 == 0 ? 33 : i % 3 == 1 ? 34 : 35;

        /* sparse operands now and then: few bits, edge carries */
        if (i % 7 == 0) {
            a0 &= rng();
            b1 &= rng();
        }
        for (int k = 0; k < 2; k++) {
            env->vsr[33][0] = a0;
            env->vsr[33][1] = a1;
            env->vsr[34][0] = b0;
            env->vsr[34][1] = b1;
            env->vsr[35][0] = env->vsr[35][1] = 0x5555aaaa5555aaaaull;
            ((Vx3Fn)(k ? host : generic)->func)(env, (uint64_t)t, 33, 34);
            env->vsr[36 + k][0] = env->vsr[t][0];
            env->vsr[36 + k][1] = env->vsr[t][1];
        }
        if (env->vsr[36][0] != env->vsr[37][0] ||
            env->vsr[36][1] != env->vsr[37][1]) {
            g_test_message("%s: a %016llx%016llx b %016llx%016llx: C "
                           "%016llx%016llx, host %016llx%016llx",
                           generic->name, (unsigned long long)a0,
                           (unsigned long long)a1, (unsigned long long)b0,
                           (unsigned long long)b1,
                           (unsigned long long)env->vsr[36][0],
                           (unsigned long long)env->vsr[36][1],
                           (unsigned long long)env->vsr[37][0],
                           (unsigned long long)env->vsr[37][1]);
            g_assert_not_reached();
        }
    }
    ppc_cpu_free(env);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *path;
        const TCGHelperInfo *info;
    } pairs[] = {
        {"/vmx-crypto/random/vcipher", &helper_info_vcipher},
        {"/vmx-crypto/random/vcipherlast", &helper_info_vcipherlast},
        {"/vmx-crypto/random/vncipher", &helper_info_vncipher},
        {"/vmx-crypto/random/vncipherlast", &helper_info_vncipherlast},
        {"/vmx-crypto/random/vpmsumb", &helper_info_vpmsumb},
        {"/vmx-crypto/random/vpmsumh", &helper_info_vpmsumh},
        {"/vmx-crypto/random/vpmsumw", &helper_info_vpmsumw},
        {"/vmx-crypto/random/vpmsumd", &helper_info_vpmsumd},
    };

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vmx-crypto/fips197", test_fips197);
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        g_test_add_data_func(pairs[i].path, pairs[i].info, test_random);
    }
    return g_test_run();
}
