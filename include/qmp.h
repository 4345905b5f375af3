/*
 * system/qmp.c: the QEMU Machine Protocol server (-qmp DEV).
 */
#ifndef POWERJIT_QMP_H
#define POWERJIT_QMP_H

struct SpaprMachine;
typedef struct Qmp Qmp;

/* dev: unix:PATH,server=on,wait=off or tcp:[HOST]:PORT,server=on,...;
   NULL and *err on error */
Qmp *qmp_start(struct SpaprMachine *m, const char *dev, char **err);
/* after the machine's run loop has returned (its SHUTDOWN event is out) */
void qmp_free(Qmp *q);

#endif
