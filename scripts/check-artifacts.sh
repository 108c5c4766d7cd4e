#!/usr/bin/env bash
# CI check: the committed generated artefacts match their sources. Regenerates the parser
# (src/parser.c, grammar.json, node-types.json, tree_sitter/*.h) and the wasm module from
# grammar.js in a scratch folder and compares them byte for byte with what is committed,
# then runs the corpus and highlight tests with the tree-sitter CLI itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
grammar=$root/grammar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
cp "$grammar/grammar.js" "$grammar/package.json" "$work/"
cp "$grammar/src/scanner.c" "$work/src/"
(cd "$work" && "$root/scripts/tools.sh" tree-sitter generate --no-bindings)
bash "$grammar/scripts/wasm.sh" "$work/tree-sitter-zolt.wasm" "$work/src" >/dev/null

status=0
for file in src/parser.c src/grammar.json src/node-types.json src/tree_sitter/parser.h src/tree_sitter/alloc.h src/tree_sitter/array.h tree-sitter-zolt.wasm; do
  if ! cmp -s "$work/$file" "$grammar/$file"; then
    echo "check-artifacts: grammar/$file does not match grammar.js; run 'npm run grammar' and commit the result" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "check-artifacts: generated parser and wasm match grammar.js"

# The corpus and highlight tests through the CLI (npm test runs them through both runtimes).
(cd "$grammar" && "$root/scripts/tools.sh" tree-sitter test) >"$work/cli-test.log" 2>&1 || {
  cat "$work/cli-test.log" >&2
  echo "check-artifacts: 'tree-sitter test' failed" >&2
  status=1
}
if [ "$status" -eq 0 ]; then
  echo "check-artifacts: tree-sitter test: $(grep -c '✓' "$work/cli-test.log") cases and highlight files pass"
fi
exit "$status"
