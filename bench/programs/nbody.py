# nbody: the Sun and the four gas giants, integrated for N steps of 0.01 years with the
# symplectic Euler method; prints the system's energy before and after. Float arithmetic.
# Default N = 400000; native size: N = 20000000.
import sys
from math import sqrt

PI = 3.141592653589793
SOLAR_MASS = 4.0 * PI * PI
DAYS_PER_YEAR = 365.24
DT = 0.01


class Body:
    __slots__ = ("x", "y", "z", "vx", "vy", "vz", "mass")

    def __init__(self, x, y, z, vx, vy, vz, mass):
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx
        self.vy = vy
        self.vz = vz
        self.mass = mass


def planet(x, y, z, vx, vy, vz, mass):
    """A body whose velocity is given in AU per day and mass in solar masses."""
    return Body(
        x,
        y,
        z,
        vx * DAYS_PER_YEAR,
        vy * DAYS_PER_YEAR,
        vz * DAYS_PER_YEAR,
        mass * SOLAR_MASS,
    )


def offset_momentum(bodies):
    """Gives the Sun the velocity that makes the total momentum zero."""
    px = 0.0
    py = 0.0
    pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    bodies[0].vx = -px / SOLAR_MASS
    bodies[0].vy = -py / SOLAR_MASS
    bodies[0].vz = -pz / SOLAR_MASS


def energy(bodies):
    """Kinetic plus potential energy of the system."""
    e = 0.0
    n = len(bodies)
    for i in range(n):
        bi = bodies[i]
        e += 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
        for j in range(i + 1, n):
            bj = bodies[j]
            dx = bi.x - bj.x
            dy = bi.y - bj.y
            dz = bi.z - bj.z
            e -= bi.mass * bj.mass / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies, dt):
    """One time step: the velocities of every pair, then every position."""
    n = len(bodies)
    for i in range(n):
        bi = bodies[i]
        for j in range(i + 1, n):
            bj = bodies[j]
            dx = bi.x - bj.x
            dy = bi.y - bj.y
            dz = bi.z - bj.z
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            mi = bi.mass * mag
            mj = bj.mass * mag
            bi.vx -= dx * mj
            bi.vy -= dy * mj
            bi.vz -= dz * mj
            bj.vx += dx * mi
            bj.vy += dy * mi
            bj.vz += dz * mi
    for i in range(n):
        b = bodies[i]
        b.x += dt * b.vx
        b.y += dt * b.vy
        b.z += dt * b.vz


def main():
    n = 400000
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    bodies = [
        # the Sun
        planet(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
        # Jupiter
        planet(
            4.84143144246472090e+00,
            -1.16032004402742839e+00,
            -1.03622044471123109e-01,
            1.66007664274403694e-03,
            7.69901118419740425e-03,
            -6.90460016972063023e-05,
            9.54791938424326609e-04,
        ),
        # Saturn
        planet(
            8.34336671824457987e+00,
            4.12479856412430479e+00,
            -4.03523417114321381e-01,
            -2.76742510726862411e-03,
            4.99852801234917238e-03,
            2.30417297573763929e-05,
            2.85885980666130812e-04,
        ),
        # Uranus
        planet(
            1.28943695621391310e+01,
            -1.51111514016986312e+01,
            -2.23307578892655734e-01,
            2.96460137564761618e-03,
            2.37847173959480950e-03,
            -2.96589568540237556e-05,
            4.36624404335156298e-05,
        ),
        # Neptune
        planet(
            1.53796971148509165e+01,
            -2.59193146099879641e+01,
            1.79258772950371181e-01,
            2.68067772490389322e-03,
            1.62824170038242295e-03,
            -9.51592254519715870e-05,
            5.15138902046611451e-05,
        ),
    ]
    offset_momentum(bodies)
    print("%.9f" % energy(bodies))
    for _ in range(n):
        advance(bodies, DT)
    print("%.9f" % energy(bodies))


if __name__ == "__main__":
    main()
