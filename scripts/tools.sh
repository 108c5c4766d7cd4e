#!/usr/bin/env bash
# Installs the grammar tool chain into a private cache folder, without root and without
# touching the system: the tree-sitter CLI from Debian trixie (run under trixie's own loader,
# because it needs a newer glibc than bookworm has), and clang-14 + lld-14 + wasi-libc from
# bookworm for building the grammar's WebAssembly module.
#
#   scripts/tools.sh tree-sitter ARGS...   run the tree-sitter CLI
#   scripts/tools.sh clang ARGS...         run clang-14 (wasm-ld beside it)
#   scripts/tools.sh wasi-sysroot          print the wasi-libc include folder
#
# ZOLT_TOOLS (default ~/.cache/zolt-tools) is the cache; delete it to start over.
set -euo pipefail

TOOLS=${ZOLT_TOOLS:-$HOME/.cache/zolt-tools}
TRIXIE=$TOOLS/trixie     # tree-sitter CLI and the libc it runs under
BOOKWORM=$TOOLS/bookworm # clang, lld, wasi-libc

fetch_debs() { # fetch_debs DEST APT_OPTIONS... -- PACKAGES...
  local dest=$1; shift
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local work; work=$(mktemp -d "$TOOLS/.fetch.XXXXXX")
  (cd "$work" && apt-get "${opts[@]}" download "$@" >/dev/null 2>&1) || {
    echo "tools.sh: apt-get download $* failed" >&2; rm -rf "$work"; return 1; }
  mkdir -p "$work/root"
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
  rm -rf "$dest" && mv "$work/root" "$dest" && rm -rf "$work"
}

ensure_trixie() {
  [ -x "$TRIXIE/usr/bin/tree-sitter" ] && return 0
  mkdir -p "$TOOLS/apt-trixie/lists/partial" "$TOOLS/apt-trixie/cache/archives/partial"
  local list=$TOOLS/apt-trixie/sources.list
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' >"$list"
  local opts=(-o "Dir::Etc::sourcelist=$list" -o "Dir::Etc::sourceparts=-"
              -o "Dir::State::Lists=$TOOLS/apt-trixie/lists" -o "Dir::Cache=$TOOLS/apt-trixie/cache"
              -o "APT::Sandbox::User=root")
  echo "tools.sh: fetching tree-sitter-cli from Debian trixie into $TRIXIE" >&2
  apt-get "${opts[@]}" update >/dev/null 2>&1 || { echo "tools.sh: apt-get update (trixie) failed" >&2; return 1; }
  fetch_debs "$TRIXIE" "${opts[@]}" -- tree-sitter-cli libc6 libgcc-s1
}

ensure_bookworm() {
  [ -x "$BOOKWORM/usr/lib/llvm-14/bin/clang" ] && return 0
  echo "tools.sh: fetching clang-14, lld-14 and wasi-libc from Debian bookworm into $BOOKWORM" >&2
  fetch_debs "$BOOKWORM" -o "APT::Sandbox::User=root" -- \
    clang-14 libclang-cpp14 libllvm14 libclang-common-14-dev lld-14 wasi-libc
}

mkdir -p "$TOOLS"
cmd=${1:-}; shift || true
case "$cmd" in
  tree-sitter)
    ensure_trixie
    lib=$TRIXIE/usr/lib/x86_64-linux-gnu
    exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$TRIXIE/usr/bin/tree-sitter" "$@" ;;
  clang)
    ensure_bookworm
    export LD_LIBRARY_PATH=$BOOKWORM/usr/lib/x86_64-linux-gnu:$BOOKWORM/usr/lib/llvm-14/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    # Debian's clang looks for the linker by its versioned name on PATH.
    export PATH=$BOOKWORM/usr/lib/llvm-14/bin:$PATH
    [ -e "$BOOKWORM/usr/lib/llvm-14/bin/wasm-ld-14" ] || ln -s wasm-ld "$BOOKWORM/usr/lib/llvm-14/bin/wasm-ld-14"
    exec "$BOOKWORM/usr/lib/llvm-14/bin/clang" "$@" ;;
  wasi-sysroot)
    ensure_bookworm
    echo "$BOOKWORM/usr/include/wasm32-wasi" ;;
  *)
    echo "usage: scripts/tools.sh tree-sitter|clang|wasi-sysroot [ARGS...]" >&2; exit 2 ;;
esac
