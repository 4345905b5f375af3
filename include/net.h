/*
 * The network backends (-netdev) and the interface between them and the
 * guest's network adapters (spapr-vlan, virtio-net...).
 *
 *   system/net.c        the netdev set, the net thread, the frame queues,
 *                       the frontend API below
 *   system/net-slirp.c  -netdev user: libslirp (DHCP, DNS, TFTP,
 *                       hostfwd, guestfwd), run on the net thread
 *   system/options-net.c  -netdev, -nic, -net nic|user|none
 *
 * A frontend (an emulated adapter) attaches to a netdev by id and gets a
 * NetClient.  Frames are whole Ethernet frames without the FCS.
 *
 *   guest -> backend:  net_send() from any thread (an hcall, an MMIO
 *                      write); it may return before the frame is on the
 *                      wire; never blocks on the host network.
 *   backend -> guest:  ops->receive() on the net thread, never with a lock
 *                      of the net layer held, so it may take the
 *                      frontend's own lock (which its hcalls take too)
 *                      and may call net_send().  Before each frame the
 *                      layer asks ops->can_receive(); while it says no,
 *                      frames wait in the netdev's queue (bounded: beyond
 *                      NET_QUEUE_MAX frames the newest are dropped, as a
 *                      full NIC drops), and the frontend calls
 *                      net_client_ready() once it can take frames again
 *                      (the guest posted receive buffers).
 *
 * ops->receive may still refuse a frame (return false: it did not fit any
 * posted buffer); the frame is then dropped, not retried.
 */
#ifndef POWERJIT_NET_H
#define POWERJIT_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* the longest frame the layer carries (a 64 KiB payload plus headers) */
#define NET_FRAME_MAX (65536 + 256)
/* frames a netdev holds for a frontend that cannot receive */
#define NET_QUEUE_MAX 1024

typedef struct NetStack NetStack; /* every -netdev of a machine */
typedef struct Netdev Netdev;
typedef struct NetClient NetClient;

/* -netdev TYPE,id=ID,key=value...: the options as given, checked when
   the backend opens */
typedef struct NetdevSpec {
    char *type;         /* "user", "socket", "tap" */
    char *id;
    GPtrArray *keys;    /* char *, parallel to values (several hostfwd=) */
    GPtrArray *values;
} NetdevSpec;

NetdevSpec *netdev_spec_new(const char *type, const char *id);
void netdev_spec_add(NetdevSpec *s, const char *key, const char *value);
void netdev_spec_free(gpointer s);
/* the netdev types known (for -netdev help and the parser) */
bool netdev_type_known(const char *type);
extern const char *const netdev_type_names[];

typedef struct NetClientOps {
    /* may the frontend take a frame now (net thread) */
    bool (*can_receive)(void *opaque);
    /* a frame for the guest (net thread); false: dropped */
    bool (*receive)(void *opaque, const uint8_t *buf, size_t len);
} NetClientOps;

/* opens every backend of specs (NetdevSpec *), in order; NULL + *err
   (one line) when one cannot be opened.  The net thread starts with the
   first frontend attached. */
NetStack *net_stack_new(const GPtrArray *specs, char **err);
/* ends the net thread: no frontend is called after it returns (the
   machine stops it before it frees its adapters) */
void net_stack_stop(NetStack *ns);
void net_stack_free(NetStack *ns);
/* the netdev of that id, or NULL */
Netdev *net_stack_find(NetStack *ns, const char *id);

/* attaches a frontend to nd (one frontend per netdev); name is the
   frontend's, for messages ("spapr-vlan"); NULL + *err when nd already
   has one */
NetClient *net_client_attach(Netdev *nd, const char *name,
                             const NetClientOps *ops, void *opaque,
                             char **err);
void net_client_detach(NetClient *nc);
/* a frame from the guest (any thread) */
void net_send(NetClient *nc, const void *buf, size_t len);
/* the frontend can receive again: queued frames are delivered */
void net_client_ready(NetClient *nc);

/* -object filter-dump,id=,netdev=,file=[,maxlen=] as given */
typedef struct NetDumpSpec {
    char *id;
    char *netdev;
    char *file;
    uint32_t maxlen;    /* bytes kept of each frame */
} NetDumpSpec;
void net_dump_spec_free(gpointer p);

/* "52:54:00:12:34:56" (hex pairs separated by ':' or '-') */
bool net_parse_mac(const char *str, uint8_t mac[6]);
/* the next of QEMU's default MACs, 52:54:00:12:34:56 and up, for a NIC
   created without mac= (every NIC model draws from the same sequence) */
void net_stack_next_mac(NetStack *ns, uint8_t mac[6]);

/* -object filter-dump,id=,netdev=,file=[,maxlen=]: every frame of the
   netdev, both ways, appended to a pcap file; false + *err */
bool net_stack_add_dump(NetStack *ns, const char *netdev_id,
                        const char *file, uint32_t maxlen, char **err);

#endif
