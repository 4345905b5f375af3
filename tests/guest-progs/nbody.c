/* n-body simulation with sqrt (correctly rounded everywhere) */
#include <math.h>
#include "progs.h"

#define NB 5

typedef struct { double x, y, z, vx, vy, vz, m; } Body;

static Body bodies[NB] = {
    {0, 0, 0, 0, 0, 0, 39.47841760435743},
    {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.0377},
    {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.0113},
    {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
    {15.37, -25.91, 0.17, 0.979, 0.594, -0.034, 0.0020},
};

static double energy(void)
{
    double e = 0;

    for (int i = 0; i < NB; i++) {
        Body *b = &bodies[i];
        e += 0.5 * b->m * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y,
                   dz = b->z - bodies[j].z;
            e -= b->m * bodies[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    long steps = prog_scale(argc, argv) * 40000;
    double dt = 0.01;
    uint64_t h = prog_mix(PROG_FNV0, prog_dbits(energy()));

    for (long s = 0; s < steps; s++) {
        for (int i = 0; i < NB; i++) {
            for (int j = i + 1; j < NB; j++) {
                double dx = bodies[i].x - bodies[j].x;
                double dy = bodies[i].y - bodies[j].y;
                double dz = bodies[i].z - bodies[j].z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                bodies[i].vx -= dx * bodies[j].m * mag;
                bodies[i].vy -= dy * bodies[j].m * mag;
                bodies[i].vz -= dz * bodies[j].m * mag;
                bodies[j].vx += dx * bodies[i].m * mag;
                bodies[j].vy += dy * bodies[i].m * mag;
                bodies[j].vz += dz * bodies[i].m * mag;
            }
        }
        for (int i = 0; i < NB; i++) {
            bodies[i].x += dt * bodies[i].vx;
            bodies[i].y += dt * bodies[i].vy;
            bodies[i].z += dt * bodies[i].vz;
        }
    }
    h = prog_mix(h, prog_dbits(energy()));
    for (int i = 0; i < NB; i++) {
        h = prog_mix(h, prog_dbits(bodies[i].x));
        h = prog_mix(h, (uint64_t)(int64_t)(bodies[i].vy * 1e6));
    }
    printf("nbody %016llx\n", (unsigned long long)h);
    return 0;
}
