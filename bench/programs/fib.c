/* fib: the naive doubly recursive Fibonacci function, fib(n) = fib(n - 1) + fib(n - 2),
   which makes about 1.6^n calls: a benchmark of calls and returns. Prints fib(N).
   Default N = 36; native size: N = 44. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int64_t fib(int64_t n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    int64_t n = 36;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    printf("fib(%" PRId64 ") = %" PRId64 "\n", n, fib(n));
    return 0;
}
