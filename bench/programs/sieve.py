# sieve: the sieve of Eratosthenes over a buffer of N bytes, one per number, run 3 times;
# prints how many primes there are below N. Memory traffic and branches.
# Default N = 6000000; native size: N = 50000000.
import sys

RUNS = 3


def count_primes(n):
    """The number of primes below n."""
    composite = bytearray(n)
    count = 0
    for i in range(2, n):
        if composite[i] == 0:
            count += 1
            for j in range(i * i, n, i):
                composite[j] = 1
    return count


def main():
    n = 6000000
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    for run in range(RUNS):
        count = count_primes(n)
        print("run %d: %d primes below %d" % (run + 1, count, n))


if __name__ == "__main__":
    main()
