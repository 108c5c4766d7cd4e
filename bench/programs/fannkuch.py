# fannkuch-redux: for every permutation of 1..N, count the pancake flips (reverse the first
# k elements, k the first element) until 1 is first; prints a checksum and the most flips.
# Default N = 9; native size: N = 11.
import sys


def fannkuch(n):
    """Walks the permutations of 0..n - 1 in the benchmark's order, flipping a copy of each.
    Returns the checksum and the largest flip count."""
    perm = [0] * n
    perm1 = [0] * n
    count = [0] * n
    for i in range(n):
        perm1[i] = i
    checksum = 0
    most = 0
    perm_count = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        for i in range(n):
            perm[i] = perm1[i]
        # Flip until 0 comes first.
        flips = 0
        k = perm[0]
        while k != 0:
            i = 0
            j = k
            while i < j:
                t = perm[i]
                perm[i] = perm[j]
                perm[j] = t
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        if flips > most:
            most = flips
        if perm_count % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        # The next permutation: rotate the first r + 1 elements until a counter is left.
        while True:
            if r == n:
                return checksum, most
            perm0 = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_count += 1


def main():
    n = 9
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    checksum, max_flips = fannkuch(n)
    print(checksum)
    print("Pfannkuchen(%d) = %d" % (n, max_flips))


if __name__ == "__main__":
    main()
