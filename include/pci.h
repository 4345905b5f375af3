/*
 * hw-pci: the pseries PCI host bridges (PHBs) and the devices on them.
 *
 * A pseries partition sees each PHB as a /pci@BUID node (LoPAPR "PCI Host
 * Bridge"; what Linux's arch/powerpc/platforms/pseries and
 * kernel/pci_dn.c read): the windows that map the bus's I/O, 32-bit and
 * 64-bit memory spaces into the partition's real address space
 * ("ranges"), the DMA window its TCE table maps ("ibm,dma-window", LIOBN
 * 0x80000000 | index << 8), the swizzled INTx map onto four XICS LSIs,
 * and one child node per device carrying its IDs and, in "reg", its BAR
 * sizes.  Linux probes the bus from those nodes (the partition has no
 * config-space scan of its own), assigns the BARs itself and reaches
 * config space only through RTAS (ibm,read-pci-config...).  Placement
 * follows QEMU's pseries so that guests see the same addresses:
 *
 *   BUID    0x800000020000000 + index
 *   I/O     0x200000000000 + index * 64 KiB              (64 KiB)
 *   MEM32   0x200000000000 + (index + 1) * 2 GiB         (bus 0x80000000)
 *   MEM64   0x200000000000 + (index + 1) * 1 TiB         (bus = real)
 *
 *   hw-pci/pci.c        config space: the registers every device has, BAR
 *                       sizing, capabilities, MSI-X table and PBA
 *   hw-pci/phb.c        the PHBs: creation from -device, the windows, MMIO
 *                       dispatch from the softmmu, INTx, MSI delivery, DMA
 *                       through the TCE windows, the device-tree nodes
 *   hw-pci/rtas-pci.c   the RTAS calls: config space, MSI, DDW, EEH
 *   hw-pci/virtio-*.c   virtio over PCI and the virtio devices
 *
 * Everything runs on the vCPU thread (MMIO and RTAS are vCPU exits).
 */
#ifndef POWERJIT_PCI_H
#define POWERJIT_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spapr-vio.h"
#include "spapr.h"

#define SPAPR_MAX_PHBS 31
#define SPAPR_PHB_BUID_BASE 0x800000020000000ull
#define SPAPR_PCI_BASE (1ull << 45)
#define SPAPR_PCI_IO_WIN_SIZE 0x10000ull
#define SPAPR_PCI_MEM32_BUS_BASE 0x80000000ull
#define SPAPR_PCI_MEM32_WIN_SIZE 0x80000000ull
#define SPAPR_PCI_MEM64_WIN_SIZE 0x10000000000ull
/* the bus address devices write MSI messages to (outside every DMA
   window); the data is the XICS source number */
#define SPAPR_PCI_MSI_WINDOW 0x40000000000ull
/* the default 32-bit DMA window: 1 GiB of 4 KiB TCEs from bus address 0 */
#define SPAPR_PCI_DMA32_SIZE 0x40000000ull
/* where a dynamic DMA window (ibm,create-pe-dma-window) starts */
#define SPAPR_PCI_DMA64_START 0x800000000000000ull
/* XICS sources: four LSIs per PHB, then the MSI pool */
#define SPAPR_IRQ_PCI_LSI 0x1200
#define SPAPR_IRQ_MSI 0x1300

#define PCI_SLOT_MAX 32
#define PCI_CONFIG_SIZE 256
#define PCI_NUM_BARS 6

/* config-space registers (PCI Local Bus 3.0, 6.1) */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_CLASS_DEVICE 0x0a
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_PARITY 0x40
#define PCI_COMMAND_SERR 0x100
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_INTERRUPT 0x08
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_VNDR 0x09
#define PCI_MSIX_FLAGS 2          /* message control, from the cap */
#define PCI_MSIX_FLAGS_QSIZE 0x7ff
#define PCI_MSIX_FLAGS_MASKALL 0x4000
#define PCI_MSIX_FLAGS_ENABLE 0x8000
#define PCI_MSIX_TABLE 4
#define PCI_MSIX_PBA 8
#define PCI_MSIX_CAP_SIZE 12
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_CTRL_MASKBIT 1

typedef enum PCIBarType {
    PCI_BAR_NONE,
    PCI_BAR_IO,
    PCI_BAR_MEM32,
    PCI_BAR_MEM64,      /* takes this BAR and the next */
} PCIBarType;

typedef struct PCIDevice PCIDevice;
typedef struct SpaprPhb SpaprPhb;

/* a BAR's registers: off is the offset in the BAR, size 1, 2, 4 or 8;
   values are little-endian register values (what a PCI device holds) */
typedef struct PCIBarOps {
    uint64_t (*read)(PCIDevice *d, uint64_t off, unsigned size);
    void (*write)(PCIDevice *d, uint64_t off, uint64_t val, unsigned size);
} PCIBarOps;

typedef struct PCIBar {
    PCIBarType type;
    uint64_t size;      /* a power of two, >= 16 (0: no BAR) */
    const PCIBarOps *ops;
} PCIBar;

/* a device model: a row of the -device table (phb.c) */
typedef struct PCIDeviceType {
    const char *name;       /* "virtio-rng-pci" */
    const char *dt_name;    /* the node name before '@' */
    size_t priv_size;
    /* takes the model's -device properties (pci.c sets the rest up
       afterwards); props is NULL for a device the machine adds itself */
    bool (*realize)(PCIDevice *d, SpaprDevProps *props, char **err);
    void (*reset)(PCIDevice *d);
    void (*unrealize)(PCIDevice *d);
    /* config writes into the device-specific part (from 0x40), after the
       generic write has updated config[] */
    void (*config_write)(PCIDevice *d, uint32_t reg, uint32_t val,
                         unsigned size);
    /* work that arrived from another thread (SPAPR_REQ_IO): run on the
       vCPU thread by spapr_pci_poll() */
    void (*poll)(PCIDevice *d);
} PCIDeviceType;

/* which virtio-pci model a -device name asked for: NAME (transitional
   unless disable-legacy=on), NAME-transitional, NAME-non-transitional */
typedef enum PCIVirtioVariant {
    PCI_VIRTIO_DEFAULT,
    PCI_VIRTIO_TRANSITIONAL,
    PCI_VIRTIO_NON_TRANSITIONAL,
} PCIVirtioVariant;

struct PCIDevice {
    const PCIDeviceType *type;
    PCIVirtioVariant virtio_variant;
    SpaprPhb *phb;
    SpaprMachine *m;
    char *id;
    uint8_t devfn;
    uint8_t config[PCI_CONFIG_SIZE];
    uint8_t wmask[PCI_CONFIG_SIZE];   /* bits the guest may change */
    uint8_t w1cmask[PCI_CONFIG_SIZE]; /* bits a 1 clears */
    PCIBar bars[PCI_NUM_BARS];
    uint8_t cap_next;                 /* where the next capability goes */

    /* MSI-X (pci.c): the table and PBA live in bar msix_bar */
    uint8_t msix_cap;                 /* 0: none */
    uint16_t msix_nvec;
    uint8_t msix_bar;
    uint32_t msix_table_off, msix_pba_off;
    uint8_t *msix_table;              /* msix_nvec * 16 bytes, LE */
    uint64_t *msix_pba;               /* pending bits */
    /* the XICS sources ibm,change-msi gave the device */
    uint32_t msi_irq_base, msi_nr_irqs;

    uint32_t lsi;                     /* the XICS source of INTA */
    bool intx_level;
    void *priv;
};

/* ---------------------------------------------------------- pci.c */

void pci_config_init(PCIDevice *d, uint16_t vendor, uint16_t device,
                     uint32_t class_prog, uint8_t revision,
                     uint16_t subsys_vendor, uint16_t subsys);
void pci_set_bar(PCIDevice *d, unsigned bar, PCIBarType type, uint64_t size,
                 const PCIBarOps *ops);
/* appends a capability of len bytes with id; returns its offset (0 if
   the space is full) */
uint8_t pci_add_capability(PCIDevice *d, uint8_t id, uint8_t len);
/* an MSI-X capability with nvec vectors: the table at table_off and the
   PBA at pba_off of BAR bar (whose ops must route there: pci_msix_read,
   pci_msix_write) */
bool pci_msix_init(PCIDevice *d, uint16_t nvec, unsigned bar,
                   uint32_t table_off, uint32_t pba_off);
uint64_t pci_msix_read(PCIDevice *d, uint64_t off, unsigned size);
void pci_msix_write(PCIDevice *d, uint64_t off, uint64_t val, unsigned size);
bool pci_msix_enabled(const PCIDevice *d);
/* the i-th -device model of the PHB and its QEMU short name (or NULL),
   for -device help; NULL past the end */
const PCIDeviceType *pci_device_type_at(size_t i, const char **alias);
/* signals vector v (pending while masked) */
void pci_msix_notify(PCIDevice *d, unsigned v);
/* INTA's level */
void pci_set_irq(PCIDevice *d, bool level);
/* config space as RTAS reaches it: reg + size inside the space, size 1, 2
   or 4, aligned (the caller checks) */
uint32_t pci_config_read(PCIDevice *d, uint32_t reg, unsigned size);
void pci_config_write(PCIDevice *d, uint32_t reg, uint32_t val,
                      unsigned size);
/* the bus address bar decodes at (0 if it is off or unassigned) */
uint64_t pci_bar_addr(const PCIDevice *d, unsigned bar);
/* back to the power-on state */
void pci_device_reset(PCIDevice *d);
/* bus mastering on (DMA allowed) */
bool pci_bus_master(const PCIDevice *d);

/* little-endian helpers on config[] */
static inline void pci_set_word(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint16_t pci_get_word(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t pci_get_long(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* ---------------------------------------------------------- phb.c */

/* a TCE window of a PHB: nb entries of 2^page_shift bytes from bus
   address bus_offset */
typedef struct SpaprTceTable {
    uint32_t liobn;
    uint64_t bus_offset;
    unsigned page_shift;
    uint64_t *tce;
    uint64_t nb;        /* 0: the window does not exist */
} SpaprTceTable;

struct SpaprPhb {
    SpaprMachine *m;
    uint32_t index;
    uint64_t buid;
    uint64_t io_base, mem32_base, mem64_base;
    uint32_t lsi_base;
    SpaprTceTable dma32, dma64;  /* the default and the dynamic window */
    PCIDevice *slots[PCI_SLOT_MAX]; /* devfn = slot << 3, function 0 */
};

/* the machine's PCI state (m->pci) */
typedef struct SpaprPci {
    SpaprPhb *phbs[SPAPR_MAX_PHBS];
    /* the MSI pool: a bit per source from SPAPR_IRQ_MSI */
    uint8_t *msi_used;
    uint32_t msi_count;
} SpaprPci;

/* -device NAME is a PHB or a PCI device */
bool spapr_pci_driver_known(const char *driver);
bool spapr_pci_device_add(SpaprMachine *m, SpaprDevProps *props, char **err);
/* the default PHB (index 0) unless -nodefaults removed it; called before
   the -device arguments */
bool spapr_pci_init(SpaprMachine *m, bool default_phb, char **err);
void spapr_pci_free(SpaprMachine *m);
void spapr_pci_reset(SpaprMachine *m);
/* SPAPR_REQ_IO: the devices' work from other threads (the run loop) */
void spapr_pci_poll(SpaprMachine *m);
int spapr_pci_fdt(SpaprMachine *m, void *fdt);
/* a real address in some PHB's windows: the access (value as the bytes
   are in memory, little-endian) */
bool spapr_pci_mmio(SpaprMachine *m, uint64_t pa, unsigned size, bool write,
                    uint64_t *val);
/* [pa, pa+len) lies inside one window of a PHB (H_ENTER's I/O pages) */
bool spapr_pci_window(SpaprMachine *m, uint64_t pa, uint64_t len);
SpaprPhb *spapr_pci_find_phb(SpaprMachine *m, uint64_t buid);
PCIDevice *spapr_pci_find_dev(SpaprMachine *m, uint64_t buid,
                              uint32_t config_addr);
/* the TCE table behind a LIOBN (H_PUT_TCE...), or NULL */
SpaprTceTable *spapr_pci_find_tce(SpaprMachine *m, uint64_t liobn);
/* a device's DMA: the whole range is translated and checked before a byte
   moves; false if any of it is not mapped with the right permission (or
   bus mastering is off) */
bool pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len);
bool pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf,
                   uint64_t len);
/* the host pointer of a piece that stays in one TCE page and in RAM (for
   the ring walker); NULL if not mapped.  *avail = bytes valid from it */
uint8_t *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t len, bool write,
                     uint64_t *avail);
/* MSI message delivery: a write of data to bus address addr */
void spapr_pci_msi_write(PCIDevice *d, uint64_t addr, uint32_t data);

/* ---------------------------------------------------------- rtas-pci.c */

void rtas_read_pci_config(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a);
void rtas_write_pci_config(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a);
void rtas_ibm_read_pci_config(SpaprMachine *m, CPUPPCState *env,
                              const SpaprRtasArgs *a);
void rtas_ibm_write_pci_config(SpaprMachine *m, CPUPPCState *env,
                               const SpaprRtasArgs *a);
void rtas_ibm_change_msi(SpaprMachine *m, CPUPPCState *env,
                         const SpaprRtasArgs *a);
void rtas_ibm_query_interrupt_source_number(SpaprMachine *m,
                                            CPUPPCState *env,
                                            const SpaprRtasArgs *a);
void rtas_ibm_query_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a);
void rtas_ibm_create_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a);
void rtas_ibm_remove_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a);
void rtas_ibm_reset_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a);
/* the PHB node's ibm,ddw-applicable and ibm,ddw-extensions */
int spapr_pci_fdt_ddw(SpaprMachine *m, void *fdt, int node);
void rtas_pci_eeh(SpaprMachine *m, CPUPPCState *env, const SpaprRtasArgs *a);
/* frees the MSI sources of a device (change-msi with 0, reset) */
void spapr_pci_msi_release(PCIDevice *d);

/* ---------------------------------------------------------- virtio-pci */

extern const PCIDeviceType virtio_rng_pci_type;
extern const PCIDeviceType virtio_blk_pci_type;
extern const PCIDeviceType virtio_serial_pci_type;
extern const PCIDeviceType virtio_scsi_pci_type;
extern const PCIDeviceType virtio_net_pci_type;
extern const PCIDeviceType virtio_9p_pci_type;
extern const PCIDeviceType virtio_balloon_pci_type;
/* -device scsi-hd|scsi-cd: is it for a virtio-scsi-pci (bus=ID.0 naming
   one, or no bus= and no spapr-vscsi to take it)?  Then add it there. */
bool virtio_scsi_owns(SpaprMachine *m, const char *bus, bool vscsi_exists);
bool virtio_scsi_unit_add(SpaprMachine *m, SpaprDevProps *props, char **err);
/* -device virtconsole / virtserialport on a virtio-serial-pci */
bool virtio_serial_port_add(SpaprMachine *m, SpaprDevProps *props,
                            char **err);

#endif
