/* mandelbrot: the N x N bitmap (one bit a pixel, rows padded to whole bytes) of the Mandelbrot
   set on [-1.5, 0.5] x [-1, 1] (50 iterations); prints its size and an FNV-1a hash of its bytes.
   Default N = 800; native size: N = 4000. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define ITERATIONS 50
#define LIMIT 4.0

int main(int argc, char **argv) {
    int64_t n = 800;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    int64_t row_bytes = (n + 7) / 8;
    int64_t size = row_bytes * n;
    uint8_t *bitmap = calloc(size, 1);
    int64_t at = 0;
    for (int64_t y = 0; y < n; y++) {
        double ci = 2.0 * (double)y / (double)n - 1.0;
        int64_t bits = 0;
        int64_t bit_count = 0;
        for (int64_t x = 0; x < n; x++) {
            double cr = 2.0 * (double)x / (double)n - 1.5;
            double zr = 0.0;
            double zi = 0.0;
            double tr = 0.0;
            double ti = 0.0;
            int64_t i = 0;
            while (i < ITERATIONS && tr + ti <= LIMIT) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
                i += 1;
            }
            bits = bits << 1;
            if (tr + ti <= LIMIT) {
                bits = bits | 1;
            }
            bit_count += 1;
            if (bit_count == 8 || x == n - 1) {
                bits = bits << (8 - bit_count);
                bitmap[at] = (uint8_t)bits;
                at += 1;
                bits = 0;
                bit_count = 0;
            }
        }
    }
    /* FNV-1a, 32 bits, over every byte of the bitmap. */
    int64_t checksum = 2166136261;
    for (int64_t k = 0; k < size; k++) {
        checksum = ((checksum ^ (int64_t)bitmap[k]) * 16777619) & 0xFFFFFFFF;
    }
    printf("bitmap %" PRId64 " x %" PRId64 ": %" PRId64 " bytes\n", n, n, size);
    printf("checksum (FNV-1a): %" PRId64 "\n", checksum);
    free(bitmap);
    return 0;
}
