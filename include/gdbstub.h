/*
 * system/gdbstub.c: the GDB remote-protocol server (-s, -gdb DEV).
 */
#ifndef POWERJIT_GDBSTUB_H
#define POWERJIT_GDBSTUB_H

struct SpaprMachine;
typedef struct GdbStub GdbStub;

/* listens on dev (tcp:[HOST]:PORT, unix:PATH[,server...], none) and
   serves debuggers on a thread of its own; NULL with *err on error (NULL
   without an error for "none") */
GdbStub *gdbstub_start(struct SpaprMachine *m, const char *dev, char **err);
/* after the machine's run loop has returned */
void gdbstub_free(GdbStub *g);

#endif
