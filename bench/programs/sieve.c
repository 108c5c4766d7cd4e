/* sieve: the sieve of Eratosthenes over a buffer of N bytes, one per number, run 3 times;
   prints how many primes there are below N. Memory traffic and branches.
   Default N = 6000000; native size: N = 50000000. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define RUNS 3

/* The number of primes below n. */
static int64_t count_primes(int64_t n) {
    uint8_t *composite = calloc(n, 1);
    int64_t count = 0;
    for (int64_t i = 2; i < n; i++) {
        if (composite[i] == 0) {
            count += 1;
            for (int64_t j = i * i; j < n; j += i) {
                composite[j] = 1;
            }
        }
    }
    free(composite);
    return count;
}

int main(int argc, char **argv) {
    int64_t n = 6000000;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    for (int64_t run = 0; run < RUNS; run++) {
        int64_t count = count_primes(n);
        printf("run %" PRId64 ": %" PRId64 " primes below %" PRId64 "\n", run + 1, count, n);
    }
    return 0;
}
