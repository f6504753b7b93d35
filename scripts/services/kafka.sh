#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft broker+controller) on loopback for tests and
# development, without Docker: the jars come once from Maven Central, then everything runs
# from the cache with no network.
#   kafka.sh start | stop [--clean] | status | env
# Env: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), KAFKA_DATA_DIR (<repo>/tmp/kafka),
#      TIDINGS_CACHE (~/.cache/tidings), JAVA_HOME (else `java` on PATH, needs 17+).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/tmp/kafka}"
CACHE_DIR="${TIDINGS_CACHE:-$HOME/.cache/tidings}"
VERSIONS=(4.4.0 4.3.1) # preferred first; the second only if the first cannot be fetched
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/logs/server.log"
OUT_FILE="$DATA_DIR/logs/kafka.out" # JVM stdout/stderr: crashes before log4j is up land here
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "kafka.sh: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# shellcheck source=scripts/services/lib.sh
. "$REPO_ROOT/scripts/services/lib.sh"

# Ours only while it is still a Kafka JVM.
running_pid() { owned_pid "$PID_FILE" 'kafka.Kafka'; }

# Fetch kafka_2.13 and its runtime closure once. The marker is written last, so a download
# cut short leaves no marker and is simply redone next time.
fetch() {
  local v="$1" dir="$CACHE_DIR/kafka-$1"
  [ -f "$dir/.complete" ] && return 0
  # log4j-slf4j-impl routes Kafka's slf4j 1.7 logging to log4j2 (which Kafka 4 configures);
  # being nearer in Maven's tree it also aligns log4j-api/-core on one version.
  maven_fetch "Kafka $v" "$dir" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir/libs" <<EOF || return 1
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tidings.local</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$v</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.25.5</version></dependency>
  </dependencies>
</project>
EOF
  touch "$dir/.complete"
}

# Prefer whatever version is already complete in the cache, so a warm start never goes online.
kafka_libs() {
  local v
  for v in "${VERSIONS[@]}"; do
    [ -f "$CACHE_DIR/kafka-$v/.complete" ] && { echo "$CACHE_DIR/kafka-$v/libs"; return; }
  done
  for v in "${VERSIONS[@]}"; do
    fetch "$v" && { echo "$CACHE_DIR/kafka-$v/libs"; return; }
    echo "kafka.sh: could not fetch Kafka $v" >&2
  done
  die "no Kafka version could be fetched"
}

write_config() {
  mkdir -p "$DATA_DIR/config" "$DATA_DIR/logs" "$DATA_DIR/data"
  # Static voters (not controller.quorum.bootstrap.servers + format --standalone): the voter
  # set then lives in this file, so changing KAFKA_CONTROLLER_PORT never strands old data.
  cat >"$DATA_DIR/config/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/data
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=10
group.initial.rebalance.delay.ms=0
# Test-sized storage: small segments, a day / 64 MiB per partition, small cleaner buffer.
log.segment.bytes=16777216
log.retention.hours=24
log.retention.bytes=67108864
log.retention.check.interval.ms=60000
log.cleaner.dedupe.buffer.size=16777216
EOF
  # Kafka 4 logs through log4j2; a size-capped rolling file keeps a long-lived dev broker tidy.
  cat >"$DATA_DIR/config/log4j2.properties" <<EOF
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $LOG_FILE
appender.file.filePattern = $LOG_FILE.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + 90))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    # The port opens before the broker has caught up with the metadata log; the log line
    # says it can actually serve requests.
    if port_open && grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null; then
      echo "KAFKA_BROKERS=127.0.0.1:$PORT"
      return 0
    fi
    sleep 0.5
  done
  echo "kafka.sh: broker did not come up on 127.0.0.1:$PORT; last lines of $LOG_FILE:" >&2
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  [ -s "$OUT_FILE" ] && { echo "--- $OUT_FILE:" >&2; tail -n 40 "$OUT_FILE" >&2; }
  exit 1
}

start() {
  local pid libs cid
  if pid="$(running_pid)"; then wait_ready "$pid"; return; fi # already up (or coming up)
  port_open && die "127.0.0.1:$PORT is taken by a process this script did not start"
  libs="$(kafka_libs)"
  "$JAVA" -version >/dev/null 2>&1 || die "no working java (set JAVA_HOME; Kafka 4 needs 17+)"
  write_config
  if [ ! -f "$DATA_DIR/data/meta.properties" ]; then
    # A cluster id is 16 random bytes in unpadded base64url; one starting with '-' would be
    # read as an option, so draw again.
    cid=-
    while [[ "$cid" == -* ]]; do cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)"; done
    "$JAVA" -cp "$libs/*" -Dlog4j2.configurationFile="$DATA_DIR/config/log4j2.properties" \
      kafka.tools.StorageTool format --config "$DATA_DIR/config/server.properties" \
      --cluster-id "$cid" --ignore-formatted >>"$OUT_FILE" 2>&1 ||
      { tail -n 40 "$OUT_FILE" >&2; die "formatting $DATA_DIR/data failed"; }
  fi
  rm -f "$LOG_FILE" # so the readiness grep sees only this run's "started" line
  # setsid: a Ctrl-C aimed at the caller (say, a test run) must not take the broker down.
  # Without job control the child is no group leader, so setsid execs in place and $! is the
  # JVM's pid. fd 9 (the lock) is closed so the broker does not hold it forever.
  setsid nohup "$JAVA" -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DATA_DIR/config/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$DATA_DIR/config/server.properties" \
    >"$OUT_FILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PID_FILE"
  wait_ready "$!"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    # A controlled shutdown flushes logs and takes a few seconds; only then force it.
    terminate "$pid" 20 kafka.sh
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
  status) if running_pid >/dev/null && port_open; then echo "KAFKA_BROKERS=127.0.0.1:$PORT"; else exit 3; fi ;;
  env) echo "KAFKA_BROKERS=127.0.0.1:$PORT" ;;
  *) echo "usage: $0 start | stop [--clean] | status | env" >&2; exit 2 ;;
esac
