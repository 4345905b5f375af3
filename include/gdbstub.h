/*
 * system/gdbstub.c: the GDB remote-protocol server (-s, -gdb DEV).
 */
#ifndef POWERJIT_GDBSTUB_H
#define POWERJIT_GDBSTUB_H

#include <glib.h>

struct SpaprMachine;
typedef struct GdbStub GdbStub;

/* listens on dev (tcp:[HOST]:PORT, unix:PATH[,server...], none) and
   serves debuggers on a thread of its own; NULL with *err on error (NULL
   without an error for "none") */
GdbStub *gdbstub_start(struct SpaprMachine *m, const char *dev, char **err);
/* after the machine's run loop has returned */
void gdbstub_free(GdbStub *g);
/* HMP gdbserver [DEV]: ends the machine's stub (m->gdb) and, unless dev
   is "none", starts one on dev (NULL: QEMU's default tcp::1234); QEMU's
   reply text goes to out */
void gdbstub_monitor_command(struct SpaprMachine *m, const char *dev,
                             GString *out);

#endif
