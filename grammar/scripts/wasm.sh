#!/usr/bin/env bash
# Builds tree-sitter-zolt.wasm (for web-tree-sitter) from src/parser.c and src/scanner.c with
# Debian's clang-14 + lld-14 + wasi-libc, fetched into a cache folder by scripts/tools.sh.
# The odd target triple is deliberate: with a wasi triple clang-14 ignores -shared and the
# module gets no dylink.0 section, which web-tree-sitter needs. Output is byte-for-byte
# reproducible, so CI can compare it with the committed file.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tools=$here/../scripts/tools.sh
sysroot=$("$tools" wasi-sysroot)
out=${1:-$here/tree-sitter-zolt.wasm}   # where to write
src=${2:-$here/src}                      # which generated sources to compile
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cd "$src"
"$tools" clang --target=wasm32-unknown-emscripten -D__wasi__ -isystem "$sysroot" \
  -fPIC -Os -fno-exceptions -fvisibility=hidden -nostdlib -I . \
  -Wl,--shared -Wl,--experimental-pic -Wl,--no-entry -Wl,--allow-undefined \
  -Wl,--export=tree_sitter_zolt -o "$tmp" parser.c scanner.c
mv "$tmp" "$out"
trap - EXIT
echo "wrote $out ($(stat -c %s "$out") bytes)"
