/*
 * include/bytes-be.h: big-endian integers in byte buffers (SCSI CDBs and
 * their data, SRP information units, qcow2 metadata, RTAS argument
 * buffers in guest RAM), at any alignment.
 */
#ifndef POWERJIT_BYTES_BE_H
#define POWERJIT_BYTES_BE_H

#include <stdint.h>

static inline uint16_t ld_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ld_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline uint64_t ld_be64(const uint8_t *p)
{
    return (uint64_t)ld_be32(p) << 32 | ld_be32(p + 4);
}

static inline void st_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void st_be32(uint8_t *p, uint32_t v)
{
    st_be16(p, (uint16_t)(v >> 16));
    st_be16(p + 2, (uint16_t)v);
}

static inline void st_be64(uint8_t *p, uint64_t v)
{
    st_be32(p, (uint32_t)(v >> 32));
    st_be32(p + 4, (uint32_t)v);
}

#endif
