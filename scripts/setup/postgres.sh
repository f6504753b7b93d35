#!/usr/bin/env bash
# The tests use the local PostgreSQL on 127.0.0.1:5432 (trust auth). Start the machine's
# cluster if it is installed but stopped; otherwise say what is missing.
set -euo pipefail
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432; set TEST_POSTGRES_URL to an admin URL" >&2
exit 1
