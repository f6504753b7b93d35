#!/usr/bin/env bash
# Debian packages the test suite needs (README "Prerequisites" lists the same):
#   postgresql-client  pg_isready, psql
#   maven + a JDK      scripts/services/kafka.sh fetches and runs the real Kafka broker
set -euo pipefail
missing=()
dpkg -s postgresql-client >/dev/null 2>&1 || missing+=(postgresql-client)
command -v mvn >/dev/null || missing+=(maven)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
