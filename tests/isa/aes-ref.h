/*
 * AES-128 from the text of FIPS-197, for the tests that check the vector
 * crypto instructions against it: the bare-metal tests/isa/vmx-crypto.c
 * and the host's tests/unit/test-vmx-crypto.c (which also checks the
 * AES-NI helpers).  Plain C; the includer provides uint8_t and memcpy
 * (<stdint.h>/<string.h> on the host, isatest.h bare-metal).
 *
 *   aes_gf_mul   multiplication in GF(2^8) modulo x^8+x^4+x^3+x+1 (4.2)
 *   aes_make_sbox the S-box from its definition (5.1.1: the inverse in
 *                GF(2^8), 0 for 0, then the affine map with c = 0x63)
 *   aes_key_expand the key schedule for Nk = 4 (5.2): rk[r] is round key r
 */
#ifndef TESTS_ISA_AES_REF_H
#define TESTS_ISA_AES_REF_H

static uint8_t aes_gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    for (int i = 0; i < 8; i++) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static void aes_make_sbox(uint8_t sbox[256])
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0, s;

        for (int y = 1; y < 256 && x; y++) {
            if (aes_gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        /* b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i */
        s = inv;
        for (int k = 1; k < 5; k++) {
            s ^= (uint8_t)(inv << k | inv >> (8 - k));
        }
        sbox[x] = s ^ 0x63;
    }
}

static void aes_key_expand(const uint8_t sbox[256], const uint8_t *key,
                           uint8_t rk[11][16])
{
    uint8_t w[44][4], rcon = 1;

    memcpy(w, key, 16);
    for (int i = 4; i < 44; i++) {
        uint8_t t[4];

        memcpy(t, w[i - 1], 4);
        if (i % 4 == 0) {
            uint8_t t0 = t[0];
            t[0] = sbox[t[1]] ^ rcon;
            t[1] = sbox[t[2]];
            t[2] = sbox[t[3]];
            t[3] = sbox[t0];
            rcon = aes_gf_mul(rcon, 2);
        }
        for (int k = 0; k < 4; k++) {
            w[i][k] = w[i - 4][k] ^ t[k];
        }
    }
    memcpy(rk, w, sizeof(w));
}

#endif
