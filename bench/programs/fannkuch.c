/* fannkuch-redux: for every permutation of 1..N, count the pancake flips (reverse the first
   k elements, k the first element) until 1 is first; prints a checksum and the most flips.
   Default N = 9; native size: N = 11. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int64_t checksum;
    int64_t max_flips;
} Result;

/* Walks the permutations of 0..n - 1 in the benchmark's order, flipping a copy of each. */
static Result fannkuch(int64_t n) {
    int64_t *perm = calloc(n, sizeof(int64_t));
    int64_t *perm1 = calloc(n, sizeof(int64_t));
    int64_t *count = calloc(n, sizeof(int64_t));
    for (int64_t i = 0; i < n; i++) {
        perm1[i] = i;
    }
    int64_t checksum = 0;
    int64_t most = 0;
    int64_t perm_count = 0;
    int64_t r = n;
    while (1) {
        while (r != 1) {
            count[r - 1] = r;
            r -= 1;
        }
        for (int64_t i = 0; i < n; i++) {
            perm[i] = perm1[i];
        }
        /* Flip until 0 comes first. */
        int64_t flips = 0;
        int64_t k = perm[0];
        while (k != 0) {
            int64_t i = 0;
            int64_t j = k;
            while (i < j) {
                int64_t t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                i += 1;
                j -= 1;
            }
            flips += 1;
            k = perm[0];
        }
        if (flips > most) {
            most = flips;
        }
        if (perm_count % 2 == 0) {
            checksum += flips;
        } else {
            checksum -= flips;
        }
        /* The next permutation: rotate the first r + 1 elements until a counter is left. */
        while (1) {
            if (r == n) {
                free(count);
                free(perm1);
                free(perm);
                Result result = {checksum, most};
                return result;
            }
            int64_t perm0 = perm1[0];
            for (int64_t i = 0; i < r; i++) {
                perm1[i] = perm1[i + 1];
            }
            perm1[r] = perm0;
            count[r] -= 1;
            if (count[r] > 0) {
                break;
            }
            r += 1;
        }
        perm_count += 1;
    }
}

int main(int argc, char **argv) {
    int64_t n = 9;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    Result result = fannkuch(n);
    printf("%" PRId64 "\n", result.checksum);
    printf("Pfannkuchen(%" PRId64 ") = %" PRId64 "\n", n, result.max_flips);
    return 0;
}
