# shellcheck shell=bash
# Shared by the service scripts (kafka.sh, keycloak.sh, ldap.sh): process ownership, a
# polite-then-firm stop, and one start/stop at a time. Sourced, not run.

# Prints the pid in PID_FILE if that process is still ours — its command line contains
# MARKER (a fixed string). A pid alone proves nothing: pids are reused after a reboot.
owned_pid() {
  local pid_file="$1" marker="$2" pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# SIGTERM, wait up to SECONDS for a clean shutdown, then SIGKILL (the whole process group when
# asked: a launcher script must not leave its JVM behind), and wait until it is gone.
terminate() {
  local pid="$1" seconds="$2" name="$3" scope="${4:-process}"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((seconds * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name: SIGKILL $pid after $seconds s" >&2
    if [ "$scope" = group ]; then kill -KILL -- "-$pid" 2>/dev/null || true; else kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# One start/stop at a time per data dir: parallel test set-ups would otherwise race to launch
# two servers. Holds the lock on fd 9 until the script exits.
lock_data_dir() {
  mkdir -p "$1"
  exec 9>"$1/.lock"
  flock 9
}

# Runs one Maven goal against a generated pom in DIR (read from stdin), for the scripts that
# fetch their server from Maven Central: LABEL names it in messages. The caller writes DIR's
# `.complete` marker after checking the result, so a download cut short is simply redone.
maven_fetch() {
  local label="$1" dir="$2" out
  shift 2
  command -v mvn >/dev/null || { echo "mvn is needed once to fetch $label" >&2; return 1; }
  rm -rf "$dir" && mkdir -p "$dir"
  cat >"$dir/pom.xml"
  echo "fetching $label from Maven Central into $dir" >&2
  # -U: retry even if ~/.m2 remembers an earlier failed attempt. Maven's output (escape codes
  # even with -q) only matters when it fails.
  if ! out="$(mvn -q -B -U -f "$dir/pom.xml" "$@" 2>&1)"; then
    tail -n 20 <<<"$out" >&2
    rm -rf "$dir"
    return 1
  fi
}
