# spectral-norm: the spectral norm of the N x N matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
# by 10 rounds of the power method on A^T A; prints it. Float arithmetic and calls.
# Default N = 500; native size: N = 5000.
import sys
from math import sqrt


def eval_a(i, j):
    """The element of A at row i, column j."""
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mul_av(v, out):
    """out = A v"""
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(i, j) * v[j]
        out[i] = total


def mul_atv(v, out):
    """out = A^T v"""
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(j, i) * v[j]
        out[i] = total


def mul_atav(v, out, tmp):
    """out = A^T A v, with `tmp` for the intermediate A v."""
    mul_av(v, tmp)
    mul_atv(tmp, out)


def main():
    n = 500
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    u = [0.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for i in range(n):
        u[i] = 1.0
    for _ in range(10):
        mul_atav(u, v, tmp)
        mul_atav(v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print("%.9f" % sqrt(vbv / vv))


if __name__ == "__main__":
    main()
