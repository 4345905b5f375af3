/*
 * hw-spapr/vof-internal.h: what the client-interface files (vof.c,
 * vof-tree.c, vof-mem.c, vof-method.c) share.
 *
 * A call arrives as an IEEE 1275 argument array in guest RAM: big-endian
 * 32-bit cells service (the address of the service's name), nargs, nret,
 * then nargs arguments and room for nret returns.  vof.c reads it into a
 * VofCall, runs the service from a table, and writes the returns back; the
 * services see only VofCall and never touch the array themselves.
 */
#ifndef POWERJIT_VOF_INTERNAL_H
#define POWERJIT_VOF_INTERNAL_H

#include <glib.h>

#include "spapr.h"

/* the most argument and return cells a call may carry (Linux's prom_args
   has 10; call-method with its own arguments needs a few more) */
#define VOF_MAX_CELLS 16
/* IEEE 1275 handles are 32-bit cells; -1 is the error value */
#define VOF_ERROR 0xffffffffu
/* the longest service, property or method name we read (Linux allows 64
   bytes for a property name with its NUL) */
#define VOF_MAX_NAME 64
/* the longest device path we accept */
#define VOF_MAX_PATH 256
/* the live tree may grow by setprop up to this size; one property at most
   VOF_MAX_PROP bytes */
#define VOF_MAX_FDT_SIZE (16u << 20)
#define VOF_MAX_PROP (1u << 20)

typedef struct VofRange {
    uint64_t base;
    uint64_t size;
} VofRange;

/* an opened device (an ihandle) */
typedef enum VofDeviceKind {
    VOF_DEV_OTHER,      /* any node: can be asked for its package and path */
    VOF_DEV_CONSOLE,    /* the vty: read and write reach the console */
} VofDeviceKind;

typedef struct VofInstance {
    uint32_t ihandle;
    uint32_t phandle;
    VofDeviceKind kind;
} VofInstance;

struct SpaprVof {
    void *fdt;              /* the live tree (fdt_open_into'd) */
    size_t fdt_bufsize;
    GArray *claimed;        /* VofRange, sorted by base, disjoint */
    GArray *instances;      /* VofInstance */
    uint32_t next_ihandle;
    int64_t start_us;       /* host monotonic time at reset */
    bool quiesced;
};

typedef struct VofCall {
    SpaprMachine *m;
    SpaprVof *vof;
    const char *service;
    uint32_t nargs, nret;
    uint32_t args[VOF_MAX_CELLS];
    uint32_t rets[VOF_MAX_CELLS];
} VofCall;

typedef void (*VofServiceFn)(VofCall *c);

/* an argument (0 when the caller passed fewer) */
static inline uint32_t vof_arg(const VofCall *c, uint32_t i)
{
    return i < c->nargs ? c->args[i] : 0;
}

/* ---------------------------------------------------------- vof-mem.c */

/* guest memory through 32-bit client addresses; all bounds-checked */
bool vof_read(SpaprMachine *m, uint32_t addr, void *buf, uint32_t len);
bool vof_write(SpaprMachine *m, uint32_t addr, const void *buf,
               uint32_t len);
/* a NUL-terminated string of at most max-1 characters into buf[max] */
bool vof_read_str(SpaprMachine *m, uint32_t addr, char *buf, size_t max);
/* writes min(len, buflen) bytes of data to a client buffer; returns false
   if the buffer is not in RAM */
bool vof_write_out(SpaprMachine *m, uint32_t addr, uint32_t buflen,
                   const void *data, size_t len);

/* the allocator: marks [base, base+size) used; false if any of it already
   is or it is outside RAM */
bool vof_claim_range(SpaprMachine *m, SpaprVof *vof, uint64_t base,
                     uint64_t size);
void vof_service_claim(VofCall *c);
void vof_service_release(VofCall *c);

/* ---------------------------------------------------------- vof-tree.c */

/* node offset of a phandle in the live tree, or a negative libfdt error */
int vof_node(const SpaprVof *vof, uint32_t phandle);
uint32_t vof_phandle(const SpaprVof *vof, int node);
/* node of an IEEE 1275 device specifier: a path ("/vdevice/vty"), maybe
   with ":arguments", or an alias; negative if none */
int vof_find_path(const SpaprVof *vof, const char *spec);
/* sets a property of the live tree, growing it as needed */
int vof_setprop(SpaprVof *vof, int node, const char *name, const void *val,
                uint32_t len);
/* the node's full path into buf; returns its length or -1 */
int vof_node_path(const SpaprVof *vof, int node, char *buf, size_t size);

void vof_service_finddevice(VofCall *c);
void vof_service_getprop(VofCall *c);
void vof_service_getproplen(VofCall *c);
void vof_service_nextprop(VofCall *c);
void vof_service_setprop(VofCall *c);
void vof_service_peer(VofCall *c);
void vof_service_child(VofCall *c);
void vof_service_parent(VofCall *c);
void vof_service_package_to_path(VofCall *c);
void vof_service_canon(VofCall *c);

/* ---------------------------------------------------------- vof.c */

VofInstance *vof_instance(SpaprVof *vof, uint32_t ihandle);

/* ---------------------------------------------------------- vof-method.c */

/* call-method: method name, ihandle, arguments...; returns catch-result
   then the method's returns */
void vof_service_call_method(VofCall *c);

#endif
