# mandelbrot: the N x N bitmap (one bit a pixel, rows padded to whole bytes) of the Mandelbrot
# set on [-1.5, 0.5] x [-1, 1] (50 iterations); prints its size and an FNV-1a hash of its bytes.
# Default N = 800; native size: N = 4000.
import sys

ITERATIONS = 50
LIMIT = 4.0


def main():
    n = 800
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    row_bytes = (n + 7) // 8
    bitmap = bytearray(row_bytes * n)
    at = 0
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        bits = 0
        bit_count = 0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            zr = 0.0
            zi = 0.0
            tr = 0.0
            ti = 0.0
            i = 0
            while i < ITERATIONS and tr + ti <= LIMIT:
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                i += 1
            bits = bits << 1
            if tr + ti <= LIMIT:
                bits = bits | 1
            bit_count += 1
            if bit_count == 8 or x == n - 1:
                bits = bits << (8 - bit_count)
                bitmap[at] = bits
                at += 1
                bits = 0
                bit_count = 0
    # FNV-1a, 32 bits, over every byte of the bitmap.
    checksum = 2166136261
    for b in bitmap:
        checksum = ((checksum ^ b) * 16777619) & 0xFFFFFFFF
    print("bitmap %d x %d: %d bytes" % (n, n, len(bitmap)))
    print("checksum (FNV-1a): %d" % checksum)


if __name__ == "__main__":
    main()
