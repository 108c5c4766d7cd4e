#!/usr/bin/env bash
# Regenerates src/parser.c, src/grammar.json and src/node-types.json from grammar.js with the
# Debian-packaged tree-sitter CLI (fetched into a cache folder by scripts/tools.sh).
# --no-bindings: the bindings are ours and must not be rewritten.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
../scripts/tools.sh tree-sitter generate --no-bindings "$@"
