#!/usr/bin/env bash
# Debian packages the test suite needs (README "Prerequisites" lists the same):
#   postgresql-client  pg_isready, psql
#   maven + a JDK      scripts/services/kafka.sh fetches and runs the real Kafka broker
#   chromium           the browser the end-to-end tests drive (Playwright downloads none)
# Keycloak needs Java 21+: the machine's Temurin 25 JDK (/usr/lib/jvm/temurin-25-jdk-amd64);
# Debian 12 has no Java 21 package, so it is checked here, not installed.
set -euo pipefail
missing=()
dpkg -s postgresql-client >/dev/null 2>&1 || missing+=(postgresql-client)
command -v mvn >/dev/null || missing+=(maven)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ -z "${JAVA_HOME:-}" ] && [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  echo "warning: no Temurin 25 JDK at /usr/lib/jvm/temurin-25-jdk-amd64 and JAVA_HOME unset — Keycloak tests need Java 21+" >&2
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
