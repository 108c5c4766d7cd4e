#!/usr/bin/env bash
# Builds the grammar variants the parse benchmark compares against into bench/.variants/ (not
# committed): `no-scanner.wasm`, block comments as a regular token instead of the external
# scanner. Needs the grammar tools (scripts/tools.sh fetches them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$root/bench/.variants"
node -e '
  const fs = require("fs");
  let s = fs.readFileSync(process.argv[1], "utf8");
  s = s.replace("  externals: $ => [$.block_comment],\n", "");
  s = s.replace("    doc_comment: _ =>", "    block_comment: _ => token(seq(\"/*\", /[^*]*\\*+([^/*][^*]*\\*+)*/, \"/\")),\n\n    doc_comment: _ =>");
  fs.writeFileSync(process.argv[2], s);
' "$root/grammar/grammar.js" "$work/grammar.js"
(cd "$work" && "$root/scripts/tools.sh" tree-sitter generate --no-bindings >/dev/null)
sysroot=$("$root/scripts/tools.sh" wasi-sysroot)
(cd "$work/src" && "$root/scripts/tools.sh" clang --target=wasm32-unknown-emscripten -D__wasi__ -isystem "$sysroot" \
  -fPIC -Os -fno-exceptions -fvisibility=hidden -nostdlib -I . \
  -Wl,--shared -Wl,--experimental-pic -Wl,--no-entry -Wl,--allow-undefined \
  -Wl,--export=tree_sitter_zolt -o "$root/bench/.variants/no-scanner.wasm" parser.c)
echo "wrote bench/.variants/no-scanner.wasm"
