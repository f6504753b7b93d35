#!/usr/bin/env bash
# Debian packages the test suite needs (README "Prerequisites" lists the same):
#   postgresql-client  pg_isready, psql
#   maven + a JDK      scripts/services/kafka.sh fetches and runs the real Kafka broker
#   chromium           the browser the end-to-end tests drive (Playwright downloads none)
#   fonts-wqy-microhei a CJK font, so the web client's zh-CN screenshots show Chinese, not boxes
#   slapd ldap-utils   scripts/services/ldap.sh runs its own slapd (ldapsearch/ldapadd probe and
#                      fill it); Debian's own slapd service is kept from starting, see below
#   docker-compose     validates deploy/compose.yaml as Docker reads it (no engine needed)
#   nginx              the local cluster's one public origin (scripts/cluster.sh, the topology
#                      e2e tests) with deploy/nginx/nginx.conf; its own service is kept from starting too
#   coturn             the TURN relay of voice/video calls: scripts/services/turn.sh runs its own
#                      turnserver on loopback; Debian's coturn service is kept from starting too
# Keycloak needs Java 21+: the machine's Temurin 25 JDK (/usr/lib/jvm/temurin-25-jdk-amd64);
# Debian 12 has no Java 21 package, so it is checked here, not installed.
set -euo pipefail
missing=()
dpkg -s postgresql-client >/dev/null 2>&1 || missing+=(postgresql-client)
command -v mvn >/dev/null || missing+=(maven)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list :lang=zh | grep -q . || missing+=(fonts-wqy-microhei)
dpkg -s slapd >/dev/null 2>&1 || missing+=(slapd) # /usr/sbin is not on every PATH
command -v ldapsearch >/dev/null || missing+=(ldap-utils)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Validates deploy/compose.yaml (tools/deploy/manifests.spec.ts) where Docker's compose plugin is missing.
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/bin/turnserver ] || missing+=(coturn)
if [ -z "${JAVA_HOME:-}" ] && [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  echo "warning: no Temurin 25 JDK at /usr/lib/jvm/temurin-25-jdk-amd64 and JAVA_HOME unset — Keycloak tests need Java 21+" >&2
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
# slapd's postinst would start a system slapd on port 389 with a stock database, nginx's a web
# server on port 80, coturn's a TURN server on 3478. The tests need none of them (they run
# their own on other ports), so a policy-rc.d refuses those starts (exit 101), letting every
# other service's through (0); one already in place (Docker images) is kept.
policy=/usr/sbin/policy-rc.d
own_services=(slapd nginx coturn)
wants_policy=
for service in "${own_services[@]}"; do
  if [[ " ${missing[*]} " == *" $service "* ]]; then wants_policy=1; fi
done
if [ -n "$wants_policy" ] && [ ! -e "$policy" ]; then
  # shellcheck disable=SC2016 # the $1 is policy-rc.d's own argument, not this script's
  printf '#!/bin/sh\ncase "$1" in slapd | nginx | coturn) exit 101 ;; esac\nexit 0\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# ...and not at the next boot either.
for service in "${own_services[@]}"; do
  if [[ " ${missing[*]} " == *" $service "* ]]; then update-rc.d "$service" disable >/dev/null 2>&1 || true; fi
done
