/*
 * hw-spapr/vlan.c: spapr-vlan, the pseries virtual Ethernet adapter
 * (LoPAPR "Interpartition Logical LAN", function set hcall-lLAN), a VIO
 * model on a netdev (include/net.h).
 */
#ifndef POWERJIT_SPAPR_VLAN_H
#define POWERJIT_SPAPR_VLAN_H

#include "spapr-vio.h"

/* the hcalls (LoPAPR numbers, as in Linux's asm/hvcall.h) */
#define H_REGISTER_LOGICAL_LAN 0x114
#define H_FREE_LOGICAL_LAN 0x118
#define H_ADD_LOGICAL_LAN_BUFFER 0x11c
#define H_SEND_LOGICAL_LAN 0x120
#define H_MULTICAST_CTRL 0x130
#define H_CHANGE_LOGICAL_LAN_MAC 0x14c
#define H_ILLAN_ATTRIBUTES 0x244
#define H_ADD_LOGICAL_LAN_BUFFERS 0x248

/* a buffer descriptor (a register or a doubleword): flags and length in
   the high word, the I/O address in the low word */
#define VLAN_BD_VALID (1ull << 63)
#define VLAN_BD_TOGGLE (1ull << 62)
#define VLAN_BD_NO_CSUM (1ull << 57)  /* send: the TCP checksum is not set */
#define VLAN_BD_CSUM_GOOD (1ull << 56)
#define VLAN_BD_LEN(d) (((d) >> 32) & 0xffffff)
#define VLAN_BD_ADDR(d) ((d) & 0xffffffffull)

/* a receive-queue entry: flags and offset, length, the buffer's first 8
   bytes (the guest's correlator) */
#define VLAN_RXQ_TOGGLE 0x80000000u
#define VLAN_RXQ_VALID 0x40000000u
#define VLAN_RXQ_ENTRY 16
/* where a received frame starts in its buffer: after the correlator */
#define VLAN_RX_OFFSET 8

/* H_ILLAN_ATTRIBUTES bits (those Linux's ibmveth uses) */
#define VLAN_ATTR_RX_MULTI_BUFF 0x40000ull  /* H_ADD_LOGICAL_LAN_BUFFERS */
#define VLAN_ATTR_PADDED_PKT_CSUM 0x2000ull /* checksum offload offered */
#define VLAN_ATTR_IPV6_TCP_CSUM 0x4ull
#define VLAN_ATTR_IPV4_TCP_CSUM 0x2ull

/* H_MULTICAST_CTRL command bits */
#define VLAN_MC_RECV_MODIFY 0x80000ull
#define VLAN_MC_FILTER_MODIFY 0x40000ull
#define VLAN_MC_RECV_ENABLE 0x20000ull
#define VLAN_MC_FILTER_ENABLE 0x10000ull
#define VLAN_MC_OP_MASK 0x3ull
#define VLAN_MC_ADD 1
#define VLAN_MC_REMOVE 2
#define VLAN_MC_CLEAR 3

/* how many multicast addresses the filter holds (ibm,mac-address-filters) */
#define VLAN_MC_FILTERS 255
/* receive buffers the adapter holds at most, and distinct buffer sizes */
#define VLAN_MAX_BUFS 4096
#define VLAN_MAX_POOLS 16

extern const SpaprVioType spapr_vlan_type;

int64_t h_register_logical_lan(SpaprMachine *m, CPUPPCState *env,
                               uint64_t *args);
int64_t h_free_logical_lan(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args);
int64_t h_add_logical_lan_buffer(SpaprMachine *m, CPUPPCState *env,
                                 uint64_t *args);
int64_t h_add_logical_lan_buffers(SpaprMachine *m, CPUPPCState *env,
                                  uint64_t *args);
int64_t h_send_logical_lan(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args);
int64_t h_multicast_ctrl(SpaprMachine *m, CPUPPCState *env, uint64_t *args);
int64_t h_change_logical_lan_mac(SpaprMachine *m, CPUPPCState *env,
                                 uint64_t *args);
int64_t h_illan_attributes(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args);

/* for tests: a frame arriving from the network, as the net thread gives
   it; true if it was put in a buffer */
bool spapr_vlan_receive(SpaprVioDevice *dev, const uint8_t *buf, size_t len);

/* fills in the TCP checksum of an IPv4 or IPv6 TCP frame (what the
   adapter does for a frame sent with NO_CSUM); other frames unchanged */
void spapr_vlan_fill_tcp_csum(uint8_t *frame, size_t len);

#endif
