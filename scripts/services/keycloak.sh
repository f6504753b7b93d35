#!/usr/bin/env bash
# A real Keycloak (dev mode, H2 file database) on loopback for tests and development, without
# Docker: the distribution comes once from Maven Central, then everything runs from the cache
# with no network. The realm in deploy/keycloak/ is imported on first start.
#   keycloak.sh start | stop [--clean] | status | env
# Env: KEYCLOAK_PORT (18080), KEYCLOAK_MGMT_PORT (19000, health), KEYCLOAK_DATA_DIR
#      (<repo>/tmp/keycloak), TIDINGS_CACHE (~/.cache/tidings), JAVA_HOME (else Temurin 25),
#      JAVA_OPTS_KC_HEAP (-Xms256m -Xmx768m), JAVA_OPTS_APPEND (more JVM options).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${KEYCLOAK_PORT:-18080}"
MGMT_PORT="${KEYCLOAK_MGMT_PORT:-19000}"
# Absolute and without symlinks, as kc.sh puts it on the command line that running_pid checks.
DATA_DIR="$(realpath -m "${KEYCLOAK_DATA_DIR:-$REPO_ROOT/tmp/keycloak}")"
CACHE_DIR="${TIDINGS_CACHE:-$HOME/.cache/tidings}"
VERSIONS=(26.7.3 26.5.6) # preferred first; the second only if the first cannot be fetched
REALM_FILE="$REPO_ROOT/deploy/keycloak/tidings-realm.json"
REALM=tidings
# Keycloak reads the import directory, the H2 database and its re-augmented build only from
# under its home (kc.home.dir), so each data dir gets a home of its own; see make_home.
KC_HOME="$DATA_DIR/home"
PID_FILE="$DATA_DIR/keycloak.pid"
LOG_FILE="$DATA_DIR/logs/keycloak.log"
OUT_FILE="$DATA_DIR/logs/keycloak.out" # kc.sh and JVM stdout/stderr: crashes before logging is up
ISSUER="http://127.0.0.1:$PORT/realms/$REALM"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

die() { echo "keycloak.sh: $*" >&2; exit 1; }
# shellcheck source=scripts/services/lib.sh
. "$REPO_ROOT/scripts/services/lib.sh"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid is ours only if that process still runs from this data dir's home: pids get reused
# after a reboot. It is kc.sh's shell at first and, once kc.sh has re-augmented and exec'd,
# the JVM itself; both name the home on their command line.
running_pid() { owned_pid "$PID_FILE" "$KC_HOME/bin/"; }

# Fetch the keycloak-quarkus-dist zip once and unpack it. The marker is written last, so a
# download cut short leaves no marker and is simply redone next time.
fetch() {
  local v="$1" dir="$CACHE_DIR/keycloak-$1"
  [ -f "$dir/.complete" ] && return 0
  # dependency:unpack needs a project to run in, not any dependency of it.
  maven_fetch "Keycloak $v" "$dir" dependency:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$v:zip" -DoutputDirectory="$dir/dist" <<EOF || return 1
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tidings.local</groupId><artifactId>keycloak-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
</project>
EOF
  [ -x "$dir/dist/keycloak-$v/bin/kc.sh" ] || { echo "keycloak.sh: no bin/kc.sh in the $v zip" >&2; rm -rf "$dir"; return 1; }
  touch "$dir/.complete"
}

# Prefer whatever version is already complete in the cache, so a warm start never goes online.
keycloak_dist() {
  local v
  for v in "${VERSIONS[@]}"; do
    [ -f "$CACHE_DIR/keycloak-$v/.complete" ] && { echo "$CACHE_DIR/keycloak-$v/dist/keycloak-$v"; return; }
  done
  for v in "${VERSIONS[@]}"; do
    fetch "$v" && { echo "$CACHE_DIR/keycloak-$v/dist/keycloak-$v"; return; }
    echo "keycloak.sh: could not fetch Keycloak $v" >&2
  done
  die "no Keycloak version could be fetched"
}

# start-dev re-augments (rewrites lib/quarkus/) and keeps data/ (H2, import, tmp) under the
# home, so running from the cache would write into it. The home is a copy of the small parts
# of the dist, with the 170 MB of jars (lib/lib, read only at run time) linked to the cache.
# bin/ must be a real copy: kc.sh derives the home from its own resolved path.
make_home() {
  local dist="$1" vdir f
  vdir="$(dirname "$(dirname "$dist")")"
  if [ -f "$KC_HOME/.dist" ] && [ "$(cat "$KC_HOME/.dist")" = "$dist" ]; then return; fi
  # A new or changed dist: rebuild everything but data/, whose H2 database Keycloak migrates.
  mkdir -p "$KC_HOME"
  for f in "$KC_HOME"/* "$KC_HOME"/.dist; do [ "$f" = "$KC_HOME/data" ] || rm -rf "$f"; done
  for f in "$dist"/*; do [ "$(basename "$f")" = lib ] || cp -a "$f" "$KC_HOME/"; done
  mkdir -p "$KC_HOME/lib"
  for f in "$dist"/lib/*; do [ "$(basename "$f")" = lib ] || cp -a "$f" "$KC_HOME/lib/"; done
  ln -s "$dist/lib/lib" "$KC_HOME/lib/lib"
  # The dist ships a production build; re-augmenting it for dev mode takes ~30 s of the two
  # cores. A dev build saved by an earlier start (save_dev_build) is taken instead. It holds
  # no absolute paths, and should it not match this configuration, Keycloak notices (it
  # compares the build-time options) and re-augments by itself.
  if [ -f "$vdir/.dev-build-complete" ]; then cp -a "$vdir/dev-build/." "$KC_HOME/lib/quarkus/"; fi
  echo "$dist" >"$KC_HOME/.dist"
}

# Keep this home's dev-mode build for the next fresh home (after `stop --clean`, in CI). Only
# once per version, only from a server that came up, and the marker last, as for the fetch.
save_dev_build() {
  local dist="$1" vdir tmp
  vdir="$(dirname "$(dirname "$dist")")"
  [ -f "$vdir/.dev-build-complete" ] && return 0
  diff -rq "$dist/lib/quarkus" "$KC_HOME/lib/quarkus" >/dev/null 2>&1 && return 0 # not re-augmented
  tmp="$vdir/dev-build.$$"
  rm -rf "$tmp" "$vdir/dev-build"
  if ! { cp -a "$KC_HOME/lib/quarkus" "$tmp" && mv "$tmp" "$vdir/dev-build" && touch "$vdir/.dev-build-complete"; }; then
    rm -rf "$tmp"
    echo "keycloak.sh: could not save the dev build in $vdir (not fatal)" >&2
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + 180)) url="$ISSUER/.well-known/openid-configuration"
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    # The HTTP port opens before start-up is over (server-async-bootstrap) and the realm is
    # imported after that, so only the realm's discovery document says it is usable.
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null)" = 200 ]; then
      echo "OIDC_ISSUER=$ISSUER"
      return 0
    fi
    sleep 1
  done
  echo "keycloak.sh: Keycloak did not serve $url; last lines of $LOG_FILE:" >&2
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  [ -s "$OUT_FILE" ] && { echo "--- $OUT_FILE:" >&2; tail -n 40 "$OUT_FILE" >&2; }
  exit 1
}

start() {
  local pid dist
  if pid="$(running_pid)"; then wait_ready "$pid"; return; fi # already up (or coming up)
  for p in "$PORT" "$MGMT_PORT"; do
    port_open "$p" && die "127.0.0.1:$p is taken by a process this script did not start"
  done
  command -v curl >/dev/null || die "curl is needed to tell when Keycloak is ready"
  [ -f "$REALM_FILE" ] || die "no realm file at $REALM_FILE"
  dist="$(keycloak_dist)"
  "$JAVA_HOME/bin/java" -version >/dev/null 2>&1 || die "no working java in JAVA_HOME=$JAVA_HOME"
  make_home "$dist"
  mkdir -p "$KC_HOME/data/import" "$DATA_DIR/logs"
  # --import-realm reads only <home>/data/import and skips a realm that already exists, so
  # an edited realm file takes effect after `stop --clean`; say so rather than drift silently.
  if [ -f "$KC_HOME/data/import/$REALM-realm.json" ] && ! cmp -s "$REALM_FILE" "$KC_HOME/data/import/$REALM-realm.json" &&
    [ -d "$KC_HOME/data/h2" ]; then
    echo "keycloak.sh: $REALM_FILE changed since the realm was imported; run 'stop --clean' to re-import" >&2
  fi
  cp "$REALM_FILE" "$KC_HOME/data/import/$REALM-realm.json"
  rm -f "$LOG_FILE"
  # setsid: a Ctrl-C aimed at the caller (say, a test run) must not take Keycloak down. kc.sh
  # runs the JVM as its child (and execs it after a re-augmentation); $! is kc.sh, the leader
  # of a new process group holding only it and its JVM. fd 9 (the lock) is closed so Keycloak
  # does not hold it forever. JAVA_OPTS is dropped: when set, kc.sh ignores JAVA_OPTS_KC_HEAP
  # and the heap cap with it (JAVA_OPTS_APPEND is the way to add JVM options).
  # --hostname pins the issuer to 127.0.0.1:PORT however the server is reached (localhost,
  # ::1), so tokens always carry the one `iss` that Tidings is configured with.
  env -u JAVA_OPTS JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms256m -Xmx768m}" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    setsid nohup "$KC_HOME/bin/kc.sh" start-dev --import-realm \
    --http-host=127.0.0.1 --http-port="$PORT" \
    --hostname="http://127.0.0.1:$PORT" \
    --health-enabled=true --http-management-port="$MGMT_PORT" \
    --log=file --log-file="$LOG_FILE" \
    >"$OUT_FILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PID_FILE"
  wait_ready "$!"
  save_dev_build "$dist"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    # kc.sh passes TERM on to its JVM; Quarkus then shuts down within a few seconds.
    # The whole group when forced: killing only kc.sh would leave its JVM without a parent.
    terminate "$pid" 30 keycloak.sh group
  fi
  rm -f "$PID_FILE"
  if [ "${1:-}" = "--clean" ]; then rm -rf "$DATA_DIR"; fi
}

cmd="${1:-}"
case "$cmd" in
  start | stop)
    lock_data_dir "$DATA_DIR"
    if [ "$cmd" = start ]; then start; else stop "${2:-}"; fi
    ;;
  status) if running_pid >/dev/null && port_open "$PORT"; then echo "OIDC_ISSUER=$ISSUER"; else exit 3; fi ;;
  env) echo "OIDC_ISSUER=$ISSUER" ;;
  *) echo "usage: $0 start | stop [--clean] | status | env" >&2; exit 2 ;;
esac
