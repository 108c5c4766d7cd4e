#!/bin/sh
# Checks that the C and Python twins of every benchmark print the same bytes.
#
#   bench/programs/check-twins.sh           compile each NAME.c with gcc -O2 -Wall -Werror, run it
#                                           and NAME.py at the default N, diff both with NAME.out
#   bench/programs/check-twins.sh --quick   the same at a small N, diffing C with Python (NAME.out
#                                           holds the default N's output only)
#
# Also runs `zolt check` on every NAME.zolt (it must report no errors and no warnings), with
# the checker of this checkout or the zolt.js that $ZOLT names.
# Exits non-zero on any difference or failure.

set -u
cd "$(dirname "$0")" || exit 2

quick=0
case "${1:-}" in
    --quick) quick=1 ;;
    "") ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

PROGRAMS="nbody fannkuch spectral_norm mandelbrot fib sieve binary_trees"

# The small N of --quick for each program (mandelbrot's is not a multiple of 8 on purpose).
quick_n() {
    case "$1" in
        nbody) echo 1000 ;;
        fannkuch) echo 7 ;;
        spectral_norm) echo 100 ;;
        mandelbrot) echo 203 ;;
        fib) echo 20 ;;
        sieve) echo 100000 ;;
        binary_trees) echo 8 ;;
    esac
}

ZOLT="${ZOLT:-../../server/bin/zolt.js}"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

failures=0
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}

for name in $PROGRAMS; do
    if [ -f "$ZOLT" ]; then
        report=$(node "$ZOLT" check "$name.zolt" 2>&1)
        case "$report" in
            *"0 errors, 0 warnings in 1 file"*) ;;
            *) fail "$name.zolt: zolt check:"; echo "$report" ;;
        esac
    fi

    if ! gcc -O2 -Wall -Werror -o "$tmp/$name" "$name.c" -lm; then
        fail "$name.c does not compile cleanly"
        continue
    fi

    if [ "$quick" = 1 ]; then
        n=$(quick_n "$name")
        "$tmp/$name" "$n" > "$tmp/$name.c.out" || fail "$name.c exited with status $?"
        python3 "$name.py" "$n" > "$tmp/$name.py.out" || fail "$name.py exited with status $?"
        if diff "$tmp/$name.c.out" "$tmp/$name.py.out" > "$tmp/$name.diff"; then
            echo "ok   $name (N = $n): C and Python agree"
        else
            fail "$name (N = $n): C and Python differ"
            cat "$tmp/$name.diff"
        fi
    else
        "$tmp/$name" > "$tmp/$name.c.out" || fail "$name.c exited with status $?"
        python3 "$name.py" > "$tmp/$name.py.out" || fail "$name.py exited with status $?"
        ok=1
        for lang in c py; do
            if ! diff "$name.out" "$tmp/$name.$lang.out" > "$tmp/$name.diff"; then
                fail "$name.$lang differs from $name.out"
                cat "$tmp/$name.diff"
                ok=0
            fi
        done
        [ "$ok" = 1 ] && echo "ok   $name (default N): C and Python match $name.out"
    fi
done

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all twins agree"
