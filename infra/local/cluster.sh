#!/usr/bin/env bash
# The distributed shape on one machine: RabbitMQ on 127.0.0.1, two workers (RTDA_MODE=worker) and one front
# (RTDA_MODE=front), each its own JVM running the Quarkus app the Maven build writes. See infra/README.md.
#
#   infra/local/cluster.sh start     build if needed, start the workers, then the front; wait until all are ready
#   infra/local/cluster.sh status    pid, port and readiness of each process
#   infra/local/cluster.sh smoke     post readings for 16 streams to the front, then read their metrics back
#   infra/local/cluster.sh stop      stop the front, then the workers (SIGTERM; unacknowledged readings go back
#                                    to their queues)
#   infra/local/cluster.sh stop-worker N   stop worker N only (failover: its partitions move to the other worker)
#
# Settings (environment): RTDA_FRONT_PORT (8180), RTDA_WORKER_PORTS ("8181 8182"), RTDA_LOCAL_DIR (pid and log
# files, and each process's history and checkpoints in <name>/data; /tmp/rtda-local), RTDA_BROKER_PARTITIONS (8), RABBITMQ_HOST/PORT/USERNAME/PASSWORD (127.0.0.1, 5672,
# guest, guest), RTDA_LOCAL_API_KEY (the write key the front accepts; default local-dev-key),
# RTDA_LOCAL_RULES_FILE (a rules file every worker loads; rules run on the workers, not the front).
# Ports stay off the default HTTP port so the cluster can run beside ./rtda demo.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; break; fi
  done
fi
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
APP=functions/target/quarkus-app/quarkus-run.jar
DIR=${RTDA_LOCAL_DIR:-/tmp/rtda-local}
FRONT_PORT=${RTDA_FRONT_PORT:-8180}
read -r -a WORKER_PORTS <<< "${RTDA_WORKER_PORTS:-8181 8182}"
API_KEY=${RTDA_LOCAL_API_KEY:-local-dev-key}
export RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1} RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
export RABBITMQ_USERNAME=${RABBITMQ_USERNAME:-guest} RABBITMQ_PASSWORD=${RABBITMQ_PASSWORD:-guest}
export RTDA_BROKER_PARTITIONS=${RTDA_BROKER_PARTITIONS:-8}
export RTDA_SECURITY_API_KEYS
RTDA_SECURITY_API_KEYS=$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { [ -f "$DIR/$1.pid" ] && cat "$DIR/$1.pid"; }
alive() { local pid; pid=$(pid_of "$1") && kill -0 "$pid" 2>/dev/null; }

# Polls readiness until a deadline; fails with the log's tail when the process dies or the deadline passes.
wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + ${RTDA_START_TIMEOUT:-90}))
  until curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    if ! alive "$name"; then
      echo "cluster: $name exited during start-up; last lines of $DIR/$name.log:" >&2
      tail -n 30 "$DIR/$name.log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "cluster: $name not ready on port $port after ${RTDA_START_TIMEOUT:-90}s (see $DIR/$name.log)" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "cluster: $name ready on http://127.0.0.1:$port"
}

launch() {
  local name=$1 mode=$2 port=$3
  shift 3 # the rest: extra environment (NAME=value ...)
  if alive "$name"; then echo "cluster: $name already running (pid $(pid_of "$name"))"; return; fi
  if port_open "$port"; then echo "cluster: port $port is taken; set RTDA_FRONT_PORT/RTDA_WORKER_PORTS" >&2; exit 1; fi
  # Each process keeps its own history, checkpoints and alert outbox under $DIR/<name>: one ./data shared by
  # three JVMs (and ./rtda demo) lets only one hold H2's file lock, the front overwrite a worker's checkpoint,
  # and two workers append to one outbox journal.
  mkdir -p "$DIR/$name/data"
  env RTDA_MODE="$mode" RTDA_HISTORY_JDBC_URL="jdbc:h2:file:$DIR/$name/data/rtda-history" \
    RTDA_CHECKPOINT_DIRECTORY="$DIR/$name/data/checkpoints" RTDA_ALERTS_OUTBOX_DIR="$DIR/$name/data/outbox" "$@" \
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -jar "$APP" >"$DIR/$name.log" 2>&1 &
  echo $! > "$DIR/$name.pid"
  echo "cluster: started $name (RTDA_MODE=$mode, pid $!, log $DIR/$name.log)"
}

start() {
  mkdir -p "$DIR"
  if ! port_open "$RABBITMQ_PORT"; then
    echo "cluster: RabbitMQ is not listening on $RABBITMQ_HOST:$RABBITMQ_PORT; start it (rabbitmq-server -detached)" >&2
    exit 1
  fi
  if [ ! -f "$APP" ]; then
    echo "cluster: building $APP"
    ./mvnw -B -ntp -q package -DskipTests -Dcheckstyle.skip -pl functions -am
  fi
  # Workers first: they declare and consume the partition queues the front publishes to.
  local i=0
  for port in "${WORKER_PORTS[@]}"; do
    # Each worker is the active consumer of its share of the partitions (p mod workers == i) and the standby
    # of the rest, so the two split the load and fail over to each other.
    launch "worker-$i" worker "$port" RTDA_BROKER_WORKER_INDEX="$i" RTDA_BROKER_WORKER_COUNT="${#WORKER_PORTS[@]}" \
      ${RTDA_LOCAL_RULES_FILE:+RTDA_RULES_FILE="$RTDA_LOCAL_RULES_FILE"}
    i=$((i + 1))
  done
  i=0
  for port in "${WORKER_PORTS[@]}"; do
    wait_ready "worker-$i" "$port"
    i=$((i + 1))
  done
  launch front front "$FRONT_PORT"
  wait_ready front "$FRONT_PORT"
  echo "cluster: front http://127.0.0.1:$FRONT_PORT  (writes need X-API-Key: $API_KEY)"
}

stop_one() {
  local name=$1 pid deadline
  pid=$(pid_of "$name") || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster: $name (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "$pid"
    fi
    echo "cluster: stopped $name"
  fi
  rm -f "$DIR/$name.pid"
}

stop() {
  stop_one front
  local i=0
  for _ in "${WORKER_PORTS[@]}"; do stop_one "worker-$i"; i=$((i + 1)); done
}

status() {
  local i=0 line
  line() {
    local name=$1 port=$2 state=stopped
    if alive "$name"; then
      state="running (pid $(pid_of "$name"))"
      curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && state="$state, ready" || state="$state, not ready"
    fi
    printf '%-10s port %-5s %s\n' "$name" "$port" "$state"
  }
  line front "$FRONT_PORT"
  for port in "${WORKER_PORTS[@]}"; do line "worker-$i" "$port"; i=$((i + 1)); done
}

# Posts 16 streams x 50 readings to the front and waits until the front reports each stream's count.
smoke() {
  local streams=16 per=50 body s n deadline
  body=$(for ((s = 0; s < streams; s++)); do for ((n = 0; n < per; n++)); do
    printf '{"stream":"local.s%02d","ts":%d,"value":%d}\n' "$s" $((1700000000000 + n * 1000)) $((s * 10 + n % 7))
  done; done)
  curl -fsS -X POST "http://127.0.0.1:$FRONT_PORT/api/v1/readings" -H "X-API-Key: $API_KEY" \
    -H 'Content-Type: application/x-ndjson' --data-binary "$body"
  echo
  deadline=$((SECONDS + 30))
  for ((s = 0; s < streams; s++)); do
    local id count=""
    id=$(printf 'local.s%02d' "$s")
    until [ "$count" = "$per" ]; do
      count=$(curl -fsS "http://127.0.0.1:$FRONT_PORT/api/v1/streams/$id/metrics" 2>/dev/null \
        | grep -o '"count":[0-9]*' | cut -d: -f2 || true)
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "cluster: smoke failed: $id has count '${count:-none}', expected $per" >&2
        exit 1
      fi
      [ "$count" = "$per" ] || sleep 0.2
    done
  done
  echo "cluster: smoke passed: $streams streams x $per readings analysed and answered through the front"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  smoke) smoke ;;
  stop-worker) stop_one "worker-${2:?worker number, e.g. 0}" ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
