/*
 * The pseries VIO bus (LoPAPR: "Virtual I/O"): virtual adapters under
 * /vdevice, each with a unit address, an XICS interrupt, a TCE table that
 * maps its I/O address space onto guest memory (function sets hcall-tce,
 * hcall-multi-tce) and optionally a command/response queue (CRQ, function
 * set hcall-vio).
 *
 *   hw-spapr/vio.c   the bus: the device-type table, creation with unit
 *                    addresses and interrupts, reset, the device-tree nodes
 *   hw-spapr/tce.c   TCE tables, the checked DMA helpers, H_PUT_TCE,
 *                    H_GET_TCE, H_STUFF_TCE, H_PUT_TCE_INDIRECT
 *   hw-spapr/crq.c   CRQs: H_REG_CRQ, H_FREE_CRQ, H_SEND_CRQ, H_ENABLE_CRQ,
 *                    H_VIO_SIGNAL, and the device's side (spapr_crq_send)
 *
 * A device model is a row of spapr_vio_types[] (vio.c) pointing at its
 * SpaprVioType.  The bus gives every device a unit address (the first
 * free from SPAPR_VTY_REG in creation order, after the console's vty and
 * the NVRAM, or reg=), an interrupt
 * source and a LIOBN equal to its unit address, and its own state block
 * (SpaprVioDevice.priv, type->priv_size bytes, zeroed).  The model then
 * talks to the guest only through the DMA helpers (never m->ram
 * directly: every guest-given I/O address must go through the TCE table)
 * and, if it has a CRQ, spapr_crq_send() and its crq_recv callback.
 *
 * All of it runs on the vCPU thread (hcalls), so no locking is needed.
 */
#ifndef POWERJIT_SPAPR_VIO_H
#define POWERJIT_SPAPR_VIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "spapr-hv.h"
#include "spapr.h"

/* the vty has SPAPR_VTY_IRQ; the devices take the next free sources */
#define SPAPR_VIO_FIRST_IRQ (SPAPR_IRQ_VIO + 2)

/* more hcall return codes (LoPAPR "hypervisor call return codes", the
   values of Linux's asm/hvcall.h) */
#define H_BUSY 1
#define H_CLOSED 2
#define H_PERMISSION (-11)
#define H_DROPPED (-12)

/* hcall numbers of the function sets hcall-tce, hcall-multi-tce and
   hcall-vio */
#define H_GET_TCE 0x1c
#define H_PUT_TCE 0x20
#define H_REG_CRQ 0xfc
#define H_FREE_CRQ 0x100
#define H_VIO_SIGNAL 0x104
#define H_SEND_CRQ 0x108
#define H_STUFF_TCE 0x138
#define H_PUT_TCE_INDIRECT 0x13c
#define H_ENABLE_CRQ 0x2b0

/* a TCE (LoPAPR "Translation Control Entry"): the real page number in
   bits 0:51, and in the low bits what the device may do with the page */
#define SPAPR_TCE_PAGE_SHIFT 12
#define SPAPR_TCE_PAGE_SIZE (1ull << SPAPR_TCE_PAGE_SHIFT)
#define SPAPR_TCE_READ 0x1ull  /* the device may read the page */
#define SPAPR_TCE_WRITE 0x2ull /* the device may write the page */
#define SPAPR_TCE_RPN_MASK (~(SPAPR_TCE_PAGE_SIZE - 1))
/* H_PUT_TCE_INDIRECT takes at most one 4 KiB page of TCEs */
#define SPAPR_TCE_INDIRECT_MAX 512

/* a CRQ entry is 16 bytes; byte 0 is the valid/format byte, 0 = free */
#define SPAPR_CRQ_ENTRY_SIZE 16
#define SPAPR_CRQ_VALID 0x80

/* H_VIO_SIGNAL mode bits: the device's interrupt on/off */
#define SPAPR_VIO_IRQ_ENABLE 0x1ull

typedef struct SpaprVioDevice SpaprVioDevice;
typedef struct SpaprVioBus SpaprVioBus;

/*
 * -device key=value properties.  The bus takes id= and reg=; a model's
 * realize takes its own with spapr_devprops_take(), and any key nobody
 * took is an error ("Property 'spapr-vscsi.foo' not found", as QEMU says).
 */
typedef struct SpaprDevProps SpaprDevProps;

/* splits "driver,key=value,..." (a lone "key" means "key=on"; ",," is a
   literal comma); false + *err on a malformed string */
SpaprDevProps *spapr_devprops_parse(const char *str, char **err);
void spapr_devprops_free(SpaprDevProps *p);
const char *spapr_devprops_driver(const SpaprDevProps *p);
/* the value of key (NULL if absent), which is then taken */
const char *spapr_devprops_take(SpaprDevProps *p, const char *key);
/* false + *err naming the first key not taken */
bool spapr_devprops_check_taken(const SpaprDevProps *p, char **err);

typedef struct SpaprVioType {
    const char *name;       /* the -device name: "spapr-vscsi" */
    const char *dt_name;    /* the node name before '@': "v-scsi" */
    const char *dt_type;    /* device_type: "vscsi" */
    const char *dt_compat;  /* compatible: "IBM,v-scsi" */
    uint64_t dma_window;    /* bytes of I/O address space its TCE table
                               maps (from 0), a multiple of 4 KiB; 0 = no
                               DMA */
    bool has_crq;           /* the CRQ hcalls apply to it */
    size_t priv_size;       /* the model's state, SpaprVioDevice.priv */

    /* all optional.  realize: after the bus has set reg, irq and the TCE
       table; takes the model's properties (props may be NULL for a
       device the machine adds by default); false + *err */
    bool (*realize)(SpaprVioDevice *dev, SpaprDevProps *props, char **err);
    /* machine reset, after the bus has cleared the TCEs and the CRQ */
    void (*reset)(SpaprVioDevice *dev);
    /* frees what realize allocated (priv itself is the bus's) */
    void (*unrealize)(SpaprVioDevice *dev);
    /* adds model properties to the device's node; a libfdt error */
    int (*fdt)(SpaprVioDevice *dev, void *fdt, int node);
    /* H_SEND_CRQ: a 16-byte message from the guest, as it is in memory;
       returns the hcall status (H_SUCCESS once accepted) */
    int64_t (*crq_recv)(SpaprVioDevice *dev, const uint8_t *msg);
} SpaprVioType;

/* the guest's CRQ for a device (H_REG_CRQ): a ring of 16-byte entries in
   the device's I/O address space */
typedef struct SpaprCrq {
    uint64_t ioba;          /* 0 and size 0: not registered */
    uint64_t size;          /* bytes */
    uint64_t next;          /* the offset of the next entry to fill */
} SpaprCrq;

struct SpaprVioDevice {
    const SpaprVioType *type;
    SpaprMachine *m;
    char *id;               /* id= (NULL if none) */
    uint32_t reg;           /* unit address */
    uint32_t irq;           /* XICS source */
    uint32_t liobn;         /* the TCE table's logical I/O bus number */
    uint64_t *tce;          /* nb_tce entries, host order */
    uint32_t nb_tce;
    SpaprCrq crq;
    bool irq_enabled;       /* H_VIO_SIGNAL */
    bool tce_bypass;        /* ibm,set-tce-bypass: I/O address = real */
    void *priv;             /* type->priv_size bytes for the model */
};

/* ---------------------------------------------------------- vio.c */

/* the models -device knows, or NULL */
const SpaprVioType *spapr_vio_type_find(const char *name);
/* the i-th -device model of the VIO bus (-device help), NULL past the end */
const SpaprVioType *spapr_vio_type_at(size_t i);
/* creates the bus (m->vio) with no devices; needs m->xics */
void spapr_vio_bus_init(SpaprMachine *m);
/* the console's vty (a -device spapr-vty under -nodefaults) takes its unit
   address at its place among the devices: reg, or the next free one */
bool spapr_vio_console_reg(SpaprMachine *m, uint32_t reg, char **err);
/* is the unit address taken (the console, the NVRAM or a device)? */
bool spapr_vio_find_any(SpaprMachine *m, uint32_t reg);
void spapr_vio_bus_free(SpaprMachine *m);
/* creates a device of type: reg 0 picks the next free unit address; false
   + *err on a clash or a failing realize.  props: see SpaprVioType. */
SpaprVioDevice *spapr_vio_create(SpaprMachine *m, const SpaprVioType *type,
                                 uint32_t reg, SpaprDevProps *props,
                                 char **err);
/* -device STR for a VIO model (the bus takes id= and reg=); false + *err */
bool spapr_vio_add(SpaprMachine *m, SpaprDevProps *props, char **err);
/* the device at a unit address / with a LIOBN / with an id (of any type
   when type is NULL), or NULL */
SpaprVioDevice *spapr_vio_find(SpaprMachine *m, uint64_t reg);
SpaprVioDevice *spapr_vio_find_liobn(SpaprMachine *m, uint64_t liobn);
SpaprVioDevice *spapr_vio_find_id(SpaprMachine *m, const char *id,
                                  const SpaprVioType *type);
/* the devices in creation order: *n of them */
SpaprVioDevice **spapr_vio_devices(SpaprMachine *m, size_t *n);
/* machine reset: TCEs cleared, CRQs freed, interrupts off, type->reset */
void spapr_vio_reset(SpaprMachine *m);
/* the device nodes under /vdevice; returns 0 or a libfdt error */
int spapr_vio_fdt(SpaprMachine *m, void *fdt);
/* RTAS ibm,set-tce-bypass (unit address, enable): QEMU's call for SLOF,
   which then uses real addresses as I/O addresses (no TCEs) until the
   next reset */
void rtas_ibm_set_tce_bypass(SpaprMachine *m, CPUPPCState *env,
                             const SpaprRtasArgs *a);
/* raises the device's interrupt if the guest enabled it (H_VIO_SIGNAL) */
void spapr_vio_irq_pulse(SpaprVioDevice *dev);

/* ---------------------------------------------------------- tce.c */

/*
 * DMA between the device and guest memory through its TCE table.  The
 * whole range [ioba, ioba + len) is checked before a byte moves: every
 * page must be inside the window and mapped with the permission the
 * direction needs (read: the device reads guest memory; write: it writes
 * guest memory), onto RAM.  Returns H_SUCCESS, H_PARAMETER (outside the
 * window, unmapped, or mapped outside RAM) or H_PERMISSION (mapped without
 * the permission); on an error nothing was read or written.
 */
int64_t spapr_vio_dma_read(SpaprVioDevice *dev, uint64_t ioba, void *buf,
                           uint64_t len);
int64_t spapr_vio_dma_write(SpaprVioDevice *dev, uint64_t ioba,
                            const void *buf, uint64_t len);
/* fills [ioba, ioba + len) with byte c (a device writing guest memory) */
int64_t spapr_vio_dma_fill(SpaprVioDevice *dev, uint64_t ioba, uint8_t c,
                           uint64_t len);
/* the checks of a transfer without the transfer: to_guest for the device
   writing guest memory */
int64_t spapr_vio_dma_check(SpaprVioDevice *dev, uint64_t ioba, uint64_t len,
                            bool to_guest);
/* big-endian loads and stores of PAPR structures in I/O space */
int64_t spapr_vio_dma_ld32(SpaprVioDevice *dev, uint64_t ioba,
                           uint32_t *val);
int64_t spapr_vio_dma_ld64(SpaprVioDevice *dev, uint64_t ioba,
                           uint64_t *val);
int64_t spapr_vio_dma_st32(SpaprVioDevice *dev, uint64_t ioba, uint32_t val);
int64_t spapr_vio_dma_st64(SpaprVioDevice *dev, uint64_t ioba, uint64_t val);

int64_t h_put_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_get_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_stuff_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_put_tce_indirect(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args);

/* ---------------------------------------------------------- crq.c */

/* queues a 16-byte message (byte 0 must have SPAPR_CRQ_VALID set) on the
   guest's CRQ and raises the interrupt.  Returns H_SUCCESS, H_CLOSED (no
   CRQ registered), H_DROPPED (the queue is full: the next entry is still
   the guest's) or a DMA error. */
int64_t spapr_crq_send(SpaprVioDevice *dev, const uint8_t *msg);

int64_t h_reg_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_free_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_send_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_enable_crq(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_vio_signal(SpaprMachine *m, CPUPPCState *env, uint64_t *args);

#endif
