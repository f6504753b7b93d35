#!/usr/bin/env bash
# The distributed topology on this machine (docs/operations.md, "Local cluster"):
#   scripts/cluster.sh up      Kafka, Keycloak (realm tidings), slapd (sample directory) via
#                              scripts/services; PostgreSQL database tidings_cluster; every
#                              service as its own process, two gateways, nginx as the origin
#   scripts/cluster.sh down    stops the Tidings processes and nginx (the brokers stay up)
#   scripts/cluster.sh status
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  up)
    node scripts/build/server.mjs all >/dev/null
    node -e "import('./scripts/build/web.mjs').then((w) => w.ensureWebBuilt())"
    ;;
  down | status) ;;
  *) echo "usage: $0 up | down | status" >&2; exit 2 ;;
esac
exec node scripts/run-ts.mjs scripts/cluster/cli.ts "$1"
