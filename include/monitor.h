/*
 * system/monitor.c: the human monitor (HMP), -monitor DEV.
 */
#ifndef POWERJIT_MONITOR_H
#define POWERJIT_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct SpaprMachine;
typedef struct Monitor Monitor;

/* dev: stdio, unix:PATH[,server...] or tcp:[HOST]:PORT[,server...]; a
   thread of its own serves it.  NULL and *err on error. */
Monitor *monitor_start(struct SpaprMachine *m, const char *dev, char **err);
/* the monitor on a mux console (-serial mon:stdio, -nographic): Ctrl-A c
   switches to it and back */
struct Chardev;
Monitor *monitor_attach_mux(struct SpaprMachine *m, struct Chardev *con);
/* a monitor without input of its own (QMP's human-monitor-command) */
Monitor *monitor_new_detached(struct SpaprMachine *m);
/* after the machine's run loop has returned (before the console closes) */
void monitor_free(Monitor *mon);
/* runs one command line; its output goes to out */
void monitor_hmp_run(Monitor *mon, struct SpaprMachine *m, const char *line,
                     GString *out);

/* system/monitor-chardev.c: the chardevs as info chardev and
   query-chardev list them (QEMU's labels and filenames) */
typedef struct MonChardevs MonChardevs;
typedef struct MonChardevInfo {
    char *label;
    char *filename;
    bool frontend_open;
} MonChardevInfo;
/* a monitor, QMP server or gdbstub device (the -monitor/-qmp/-gdb text);
   label NULL: the next compat_monitorN.  *connected >= 0 while a client
   is connected (a socket's fd), NULL for stdio.  owner: for unregister,
   which its _free calls. */
void monitor_chardev_register(struct SpaprMachine *m, const char *label,
                              const char *dev, const int *connected,
                              const void *owner);
void monitor_chardev_unregister(struct SpaprMachine *m, const void *owner);
/* MonChardevInfo *, in creation order; free with g_ptr_array_unref */
GPtrArray *monitor_chardev_list(struct SpaprMachine *m);

/* system/monitor-block.c: the drives, as HMP info block and QMP
   query-block show them (QEMU 7.2's text and members) */
void monitor_block_hmp(struct SpaprMachine *m, GString *out);
void monitor_block_qmp(struct SpaprMachine *m, GString *out);
/* QMP query-blockstats: the same drives with their I/O counters */
void monitor_blockstats_qmp(struct SpaprMachine *m, GString *out);
/* system/monitor-net.c: HMP info network (QEMU 7.2's layout) */
void monitor_net_hmp(struct SpaprMachine *m, GString *out);
/* QMP query-rx-filter: the JSON array into out, or false + *err (QEMU's
   text) for a name that is no NIC or a NIC without a filter to show */
bool monitor_net_rx_filter_qmp(struct SpaprMachine *m, const char *name,
                               GString *out, char **err);
/* the spapr-vlan at reg: its netdev= as QEMU's qtree names it
   ("hub0port0" on hub 0) and MAC; false if none */
bool monitor_net_vlan(struct SpaprMachine *m, uint32_t reg, char **netdev,
                      uint8_t mac[6]);
/* system/monitor-qtree.c: HMP info qtree (the buses and devices) */
void monitor_qtree_hmp(struct SpaprMachine *m, GString *out);

#endif
