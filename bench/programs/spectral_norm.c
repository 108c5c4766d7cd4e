/* spectral-norm: the spectral norm of the N x N matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
   by 10 rounds of the power method on A^T A; prints it. Float arithmetic and calls.
   Default N = 500; native size: N = 5000. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The element of A at row i, column j. */
static double eval_a(int64_t i, int64_t j) {
    return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A v */
static void mul_av(const double *v, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        double total = 0.0;
        for (int64_t j = 0; j < n; j++) {
            total += eval_a(i, j) * v[j];
        }
        out[i] = total;
    }
}

/* out = A^T v */
static void mul_atv(const double *v, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        double total = 0.0;
        for (int64_t j = 0; j < n; j++) {
            total += eval_a(j, i) * v[j];
        }
        out[i] = total;
    }
}

/* out = A^T A v, with `tmp` for the intermediate A v. */
static void mul_atav(const double *v, double *out, double *tmp, int64_t n) {
    mul_av(v, tmp, n);
    mul_atv(tmp, out, n);
}

int main(int argc, char **argv) {
    int64_t n = 500;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    double *u = calloc(n, sizeof(double));
    double *v = calloc(n, sizeof(double));
    double *tmp = calloc(n, sizeof(double));
    for (int64_t i = 0; i < n; i++) {
        u[i] = 1.0;
    }
    for (int step = 0; step < 10; step++) {
        mul_atav(u, v, tmp, n);
        mul_atav(v, u, tmp, n);
    }
    double vbv = 0.0;
    double vv = 0.0;
    for (int64_t i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    printf("%.9f\n", sqrt(vbv / vv));
    free(tmp);
    free(v);
    free(u);
    return 0;
}
