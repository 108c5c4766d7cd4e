# fib: the naive doubly recursive Fibonacci function, fib(n) = fib(n - 1) + fib(n - 2),
# which makes about 1.6^n calls: a benchmark of calls and returns. Prints fib(N).
# Default N = 36; native size: N = 44.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = 36
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    print("fib(%d) = %d" % (n, fib(n)))


if __name__ == "__main__":
    main()
