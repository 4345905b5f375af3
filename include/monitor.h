/*
 * system/monitor.c: the human monitor (HMP), -monitor DEV.
 */
#ifndef POWERJIT_MONITOR_H
#define POWERJIT_MONITOR_H

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

#endif
