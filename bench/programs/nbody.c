/* nbody: the Sun and the four gas giants, integrated for N steps of 0.01 years with the
   symplectic Euler method; prints the system's energy before and after. Float arithmetic.
   Default N = 400000; native size: N = 20000000. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define DT 0.01
#define NBODIES 5

typedef struct {
    double x;
    double y;
    double z;
    double vx;
    double vy;
    double vz;
    double mass;
} Body;

/* A body whose velocity is given in AU per day and mass in solar masses. */
static Body planet(double x, double y, double z, double vx, double vy, double vz, double mass) {
    Body b = {
        .x = x,
        .y = y,
        .z = z,
        .vx = vx * DAYS_PER_YEAR,
        .vy = vy * DAYS_PER_YEAR,
        .vz = vz * DAYS_PER_YEAR,
        .mass = mass * SOLAR_MASS,
    };
    return b;
}

/* Gives the Sun the velocity that makes the total momentum zero. */
static void offset_momentum(Body *bodies, int64_t n) {
    double px = 0.0;
    double py = 0.0;
    double pz = 0.0;
    for (int64_t i = 0; i < n; i++) {
        Body *b = &bodies[i];
        px += b->vx * b->mass;
        py += b->vy * b->mass;
        pz += b->vz * b->mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

/* Kinetic plus potential energy of the system. */
static double energy(Body *bodies, int64_t n) {
    double e = 0.0;
    for (int64_t i = 0; i < n; i++) {
        Body *bi = &bodies[i];
        e += 0.5 * bi->mass * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
        for (int64_t j = i + 1; j < n; j++) {
            Body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            e -= bi->mass * bj->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

/* One time step: the velocities of every pair, then every position. */
static void advance(Body *bodies, int64_t n, double dt) {
    for (int64_t i = 0; i < n; i++) {
        Body *bi = &bodies[i];
        for (int64_t j = i + 1; j < n; j++) {
            Body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            double mi = bi->mass * mag;
            double mj = bj->mass * mag;
            bi->vx -= dx * mj;
            bi->vy -= dy * mj;
            bi->vz -= dz * mj;
            bj->vx += dx * mi;
            bj->vy += dy * mi;
            bj->vz += dz * mi;
        }
    }
    for (int64_t i = 0; i < n; i++) {
        Body *b = &bodies[i];
        b->x += dt * b->vx;
        b->y += dt * b->vy;
        b->z += dt * b->vz;
    }
}

int main(int argc, char **argv) {
    int64_t n = 400000;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    Body bodies[NBODIES] = {
        /* the Sun */
        planet(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
        /* Jupiter */
        planet(
            4.84143144246472090e+00,
            -1.16032004402742839e+00,
            -1.03622044471123109e-01,
            1.66007664274403694e-03,
            7.69901118419740425e-03,
            -6.90460016972063023e-05,
            9.54791938424326609e-04
        ),
        /* Saturn */
        planet(
            8.34336671824457987e+00,
            4.12479856412430479e+00,
            -4.03523417114321381e-01,
            -2.76742510726862411e-03,
            4.99852801234917238e-03,
            2.30417297573763929e-05,
            2.85885980666130812e-04
        ),
        /* Uranus */
        planet(
            1.28943695621391310e+01,
            -1.51111514016986312e+01,
            -2.23307578892655734e-01,
            2.96460137564761618e-03,
            2.37847173959480950e-03,
            -2.96589568540237556e-05,
            4.36624404335156298e-05
        ),
        /* Neptune */
        planet(
            1.53796971148509165e+01,
            -2.59193146099879641e+01,
            1.79258772950371181e-01,
            2.68067772490389322e-03,
            1.62824170038242295e-03,
            -9.51592254519715870e-05,
            5.15138902046611451e-05
        ),
    };
    offset_momentum(bodies, NBODIES);
    printf("%.9f\n", energy(bodies, NBODIES));
    for (int64_t step = 0; step < n; step++) {
        advance(bodies, NBODIES, DT);
    }
    printf("%.9f\n", energy(bodies, NBODIES));
    return 0;
}
