#!/usr/bin/env bash
# Local infrastructure for the Platform Orchestrator: a real single-node Apache Kafka 4.1 (KRaft,
# jars from Maven Central) and a real PostgreSQL server (Debian packages). No Docker.
#
#   scripts/infra.sh install            install what is missing (apt: postgresql, openjdk-17, maven;
#                                       Maven: Kafka jars into $ORCH_HOME/kafka/lib)
#   scripts/infra.sh start              start PostgreSQL and Kafka, wait until both are ready
#   scripts/infra.sh stop               stop both (only what this script started)
#   scripts/infra.sh status             one line per component; exit 0 if both run, 3 otherwise
#   scripts/infra.sh restart-kafka      stop + start Kafka only
#   scripts/infra.sh restart-postgres   stop + start PostgreSQL only
#
# Environment:
#   ORCH_HOME                   state folder (default: <repo>/.orch)
#   ORCH_PG_PORT                PostgreSQL port          (default 55432)
#   ORCH_KAFKA_PORT             Kafka broker port        (default 9092)
#   ORCH_KAFKA_CONTROLLER_PORT  Kafka controller port    (default 9093)
#   ORCH_KAFKA_VERSION          Kafka version(s) to install, tried in order (default: the pom's
#                               4.1.1, then 4.1.0)
#   ORCH_KAFKA_START_TIMEOUT    seconds to wait for Kafka      (default 90)
#   ORCH_PG_START_TIMEOUT       seconds to wait for PostgreSQL (default 60)
#
# Result: postgresql://orch:orch@127.0.0.1:55432/orch and Kafka bootstrap 127.0.0.1:9092.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO_ROOT="$(pwd -P)"

ORCH_HOME="${ORCH_HOME:-$REPO_ROOT/.orch}"
case "$ORCH_HOME" in
  /*) ;;
  *) ORCH_HOME="$REPO_ROOT/$ORCH_HOME" ;;
esac

PG_PORT="${ORCH_PG_PORT:-55432}"
KAFKA_PORT="${ORCH_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${ORCH_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_START_TIMEOUT="${ORCH_KAFKA_START_TIMEOUT:-90}"
PG_START_TIMEOUT="${ORCH_PG_START_TIMEOUT:-60}"
KAFKA_FALLBACK_VERSION="4.1.0"

PG_USER_NAME="orch"
PG_PASSWORD="orch"
PG_DB="orch"

LOG_DIR="$ORCH_HOME/logs"
PID_DIR="$ORCH_HOME/pids"
PG_DIR="$ORCH_HOME/pg"
PG_DATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run"
PG_LOG="$LOG_DIR/postgres.log"
PG_PIDFILE="$PID_DIR/postgres.pid"
KAFKA_DIR="$ORCH_HOME/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONF="$KAFKA_DIR/server.properties"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
KAFKA_FORMAT_STAMP="$KAFKA_DIR/formatted-with"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_PIDFILE="$PID_DIR/kafka.pid"
KAFKA_DEPLOY="$REPO_ROOT/deploy/local/kafka"
KAFKA_POM="$KAFKA_DEPLOY/pom.xml"

export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------------------------------------
# helpers

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # elapsed START_MS -> "1.23s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%02ds' $((d / 1000)) $(((d % 1000) / 10))
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# run a command as root (directly, or with sudo when this is not root)
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n env DEBIAN_FRONTEND=noninteractive "$@"
  else
    die "need root for: $* (run as root or install sudo)"
  fi
}

# port_open PORT: true if 127.0.0.1:PORT accepts a TCP connection
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# pid_alive PID: true if the process exists and is not a zombie (a stopped daemon whose parent
# is gone stays a zombie until init reaps it, and kill -0 still succeeds on it)
pid_alive() {
  local st
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  st="$(sed -n 's/.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null || true)"
  case "$st" in
    Z|X) return 1 ;;
  esac
  return 0
}

read_pidfile() { # read_pidfile FILE -> pid or empty
  local p=""
  [ -f "$1" ] && p="$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')"
  printf '%s' "$p"
}

tail_log() { # tail_log FILE [N]
  local f="$1" n="${2:-40}"
  if [ -f "$f" ]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" "$f" >&2 || true
    printf -- '-----\n' >&2
  else
    printf '(no log file %s)\n' "$f" >&2
  fi
}

java_major() { # java_major JAVA_BIN -> major version (8, 11, 17, ...) or 0
  local v
  v="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)"
  case "$v" in
    1.*) v="${v#1.}" ;;
  esac
  v="${v%%[.+-]*}"
  case "$v" in
    ''|*[!0-9]*) echo 0 ;;
    *) echo "$v" ;;
  esac
}

# find_java: print a java binary with version >= 17, or nothing
find_java() {
  local c
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && cands+=("$(command -v java)")
  for c in /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/java-*-openjdk-*/bin/java /usr/lib/jvm/*/bin/java; do
    cands+=("$c")
  done
  for c in "${cands[@]}"; do
    if [ -x "$c" ] && [ "$(java_major "$c")" -ge 17 ]; then
      printf '%s' "$c"
      return 0
    fi
  done
  return 0
}

# pg_bindir: newest /usr/lib/postgresql/*/bin holding a server, or nothing
pg_bindir() {
  local d best=""
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best="$d"
  done
  printf '%s' "$best"
}

kafka_installed() {
  [ -f "$KAFKA_LIB/.complete" ] && compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" >/dev/null
}

kafka_version() {
  local j
  j="$(compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" | head -n1 || true)"
  j="${j##*/kafka_2.13-}"
  printf '%s' "${j%.jar}"
}

# Put a .gitignore into ORCH_HOME so the state folder never shows up in git status.
init_home() {
  mkdir -p "$ORCH_HOME" "$LOG_DIR" "$PID_DIR"
  [ -f "$ORCH_HOME/.gitignore" ] || printf '*\n' >"$ORCH_HOME/.gitignore"
}

# ---------------------------------------------------------------------------------------------
# install

cmd_install() {
  local t0 pkgs=() java
  t0="$(now_ms)"
  init_home

  [ -n "$(pg_bindir)" ] || pkgs+=(postgresql)
  java="$(find_java)"
  [ -n "$java" ] || pkgs+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || pkgs+=(maven)

  if [ "${#pkgs[@]}" -gt 0 ]; then
    log "apt-get install: ${pkgs[*]}"
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${pkgs[@]}"
    [ -n "$(pg_bindir)" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin after install"
    java="$(find_java)"
    [ -n "$java" ] || die "no java >= 17 found after install"
    command -v mvn >/dev/null 2>&1 || die "mvn not found after install"
  else
    log "system packages present: postgresql ($(pg_bindir)), java >= 17 ($java), maven ($(command -v mvn))"
  fi

  if kafka_installed; then
    log "Kafka jars present: $KAFKA_LIB (kafka $(kafka_version))"
  else
    install_kafka_jars "$java"
  fi
  log "install done in $(elapsed "$t0")"
}

install_kafka_jars() {
  local java="$1" tmp v ok=""
  local -a versions=()
  if [ -n "${ORCH_KAFKA_VERSION:-}" ]; then
    read -r -a versions <<<"$ORCH_KAFKA_VERSION" # a list is tried in order
  else
    versions=("" "$KAFKA_FALLBACK_VERSION") # "" = the pom's version (4.1.1)
  fi
  mkdir -p "$KAFKA_DIR"
  tmp="$KAFKA_DIR/lib.tmp"
  for v in "${versions[@]}"; do
    rm -rf "$tmp"
    log "downloading Kafka ${v:-(pom version)} jars with Maven into $KAFKA_LIB ..."
    local -a args=(-q -B dependency:copy-dependencies "-DoutputDirectory=$tmp" -DincludeScope=runtime -f "$KAFKA_POM")
    [ -n "$v" ] && args+=("-Dkafka.version=$v")
    if JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$java")")")}" mvn "${args[@]}" >"$LOG_DIR/maven.log" 2>&1 \
       && compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null; then
      ok=1
      break
    fi
    log "Maven failed for Kafka ${v:-(pom version)}:"
    tail_log "$LOG_DIR/maven.log" 20
  done
  [ -n "$ok" ] || die "could not download the Kafka jars from Maven Central (see $LOG_DIR/maven.log)"
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
  log "Kafka $(kafka_version): $(ls "$KAFKA_LIB"/*.jar | wc -l) jars in $KAFKA_LIB"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# as_pg CMD...: run a command as the OS user that owns the cluster (postgres when we are root)
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Unix-socket paths are limited to ~107 bytes; fall back to a short folder under /tmp if needed.
pg_socket_dir() {
  local sock="$PG_RUN/.s.PGSQL.$PG_PORT"
  if [ "${#sock}" -le 100 ]; then
    printf '%s' "$PG_RUN"
  else
    printf '/tmp/orch-pg-%s' "$(printf '%s' "$PG_RUN" | md5sum | cut -c1-12)"
  fi
}

# make every ancestor of $1 traversable (o+x) for the postgres user
pg_make_traversable() {
  local d="$1"
  local -a chain=()
  while [ "$d" != "/" ] && [ -n "$d" ]; do
    chain=("$d" "${chain[@]}")
    d="$(dirname "$d")"
  done
  for d in "${chain[@]}"; do # from the top down
    if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
      log "chmod o+x $d (so that the postgres user can reach $PG_DIR)"
      chmod o+x "$d"
    fi
  done
}

pg_prepare_dirs() {
  local sockdir
  sockdir="$(pg_socket_dir)"
  mkdir -p "$PG_DIR" "$PG_RUN" "$LOG_DIR" "$PID_DIR"
  [ "$sockdir" = "$PG_RUN" ] || mkdir -p "$sockdir"
  touch "$PG_LOG"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (run: scripts/infra.sh install)"
    chown postgres:postgres "$PG_DIR" "$PG_RUN" "$sockdir" "$PG_LOG"
    if [ -d "$PG_DATA" ] && [ "$(stat -c %U "$PG_DATA")" != postgres ]; then
      chown -R postgres:postgres "$PG_DATA"
    fi
    pg_make_traversable "$(dirname "$PG_DIR")"
  fi
  chmod 700 "$PG_DIR"
}

pg_pid() { read_pidfile "$PG_DATA/postmaster.pid" 2>/dev/null || true; }

# true if our postmaster runs. Not "pg_ctl status": it takes a zombie postmaster (killed, not yet
# reaped by init) for a live one.
pg_running() {
  pid_alive "$(pg_pid)"
}

# pids of live processes whose working folder is our data dir (every postgres process chdirs there)
pg_dir_pids() {
  local p real
  real="$(readlink -f "$PG_DATA" 2>/dev/null || printf '%s' "$PG_DATA")"
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/cwd" 2>/dev/null || true)" = "$real" ] || continue
    pid_alive "${p#/proc/}" && printf '%s\n' "${p#/proc/}"
  done
  return 0
}

# After a crash or kill -9 of the postmaster: let its orphaned children exit (they notice the
# postmaster's death), kill those that don't, and remove the stale lock file, so that a new
# postmaster can start (it refuses while a zombie holds the pid in postmaster.pid).
pg_cleanup_stale() {
  local i left lock sockdir
  # the socket lock file holds the postmaster's pid too, and is checked the same way
  sockdir="$(pg_socket_dir)"
  for lock in "$sockdir"/.s.PGSQL.*.lock; do
    [ -f "$lock" ] || continue
    if ! pid_alive "$(read_pidfile "$lock")"; then
      rm -f "$lock" "${lock%.lock}"
    fi
  done
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  log "postgres: stale postmaster.pid (pid $(pg_pid) is gone); cleaning up"
  for ((i = 0; i < 100; i++)); do
    left="$(pg_dir_pids)"
    [ -n "$left" ] || break
    sleep 0.1
  done
  if [ -n "$left" ]; then
    local -a leftover
    mapfile -t leftover <<<"$left"
    log "postgres: SIGKILL leftover processes of the old server: ${leftover[*]}"
    kill -KILL "${leftover[@]}" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PG_DATA/postmaster.pid"
}

pg_ready() {
  local bin
  bin="$(pg_bindir)"
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

pg_write_conf() {
  local sockdir
  sockdir="$(pg_socket_dir)"
  as_pg tee "$PG_DATA/orch.conf" >/dev/null <<EOF
# written by scripts/infra.sh on every start; do not edit
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sockdir'
max_connections = 200
fsync = on
password_encryption = 'scram-sha-256'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
}

pg_initdb() {
  local bin="$1"
  log "initdb $PG_DATA"
  as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 \
    || { tail_log "$PG_LOG"; die "initdb failed"; }
  # our settings live in orch.conf (rewritten on every start)
  printf "\ninclude_if_exists = 'orch.conf'\n" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

pg_bootstrap_sql() {
  local bin="$1" sockdir
  sockdir="$(pg_socket_dir)"
  as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<EOF
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER_NAME') THEN
    CREATE ROLE $PG_USER_NAME LOGIN CREATEDB SUPERUSER PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER_NAME LOGIN CREATEDB SUPERUSER PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER_NAME'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB') \gexec
EOF
}

start_postgres() {
  local bin t0 pid
  bin="$(pg_bindir)"
  [ -n "$bin" ] || die "PostgreSQL server not installed (run: scripts/infra.sh install)"
  t0="$(now_ms)"
  init_home

  if pg_running; then
    pid="$(pg_pid)"
    printf '%s\n' "$pid" >"$PG_PIDFILE"
    if pg_ready; then
      log "postgres: already running (pid $pid) on 127.0.0.1:$PG_PORT"
      return 0
    fi
    log "postgres: running (pid $pid) but not ready on 127.0.0.1:$PG_PORT yet; waiting"
  else
    if port_open "$PG_PORT"; then
      die "port 127.0.0.1:$PG_PORT is taken by another process (not our PostgreSQL in $PG_DATA); set ORCH_PG_PORT"
    fi
    pg_prepare_dirs
    pg_cleanup_stale
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      pg_initdb "$bin"
    fi
    pg_write_conf
    printf '\n===== %s start (scripts/infra.sh) =====\n' "$(date -u +%FT%TZ)" >>"$PG_LOG"
    log "postgres: starting (data $PG_DATA, log $PG_LOG)"
    local out
    if ! out="$(as_pg "$bin/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" -s 2>&1)"; then
      tail_log "$PG_LOG"
      [ -z "$out" ] || printf '%s\n' "$out" >&2
      die "PostgreSQL did not start within ${PG_START_TIMEOUT}s (pg_ctl failed)"
    fi
  fi

  local deadline=$(( $(date +%s) + PG_START_TIMEOUT ))
  until pg_ready; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail_log "$PG_LOG"
      die "PostgreSQL not accepting connections on 127.0.0.1:$PG_PORT after ${PG_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  pg_bootstrap_sql "$bin" || { tail_log "$PG_LOG"; die "could not create role/database '$PG_DB'"; }
  pid="$(pg_pid)"
  printf '%s\n' "$pid" >"$PG_PIDFILE"
  log "postgres: ready in $(elapsed "$t0") (pid $pid): postgresql://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
}

stop_postgres() {
  local bin pid
  bin="$(pg_bindir)"
  if [ -n "$bin" ] && pg_running; then
    pid="$(pg_pid)"
    log "postgres: stopping (pid $pid)"
    if ! as_pg "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 -s >/dev/null 2>&1; then
      log "postgres: fast shutdown did not finish in 30 s; immediate shutdown"
      as_pg "$bin/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 -s >/dev/null 2>&1 || true
    fi
    if pid_alive "$pid"; then
      log "postgres: still alive; SIGKILL $pid"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "postgres: stopped"
  else
    log "postgres: not running"
    pg_cleanup_stale
  fi
  rm -f "$PG_PIDFILE"
}

status_postgres() {
  local pid
  if pg_running; then
    pid="$(pg_pid)"
    if pg_ready; then
      echo "postgres: running pid=$pid addr=127.0.0.1:$PG_PORT dsn=postgresql://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
      return 0
    fi
    echo "postgres: not-ready pid=$pid addr=127.0.0.1:$PG_PORT (process runs, no connections accepted)"
    return 1
  fi
  echo "postgres: stopped addr=127.0.0.1:$PG_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Kafka

# kafka_pid: pid from our pid file if that process is our broker (guards against pid reuse)
kafka_pid() {
  local pid
  pid="$(read_pidfile "$KAFKA_PIDFILE")"
  if pid_alive "$pid" && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -F "kafka.Kafka $KAFKA_CONF" >/dev/null; then
    printf '%s' "$pid"
  fi
}

kafka_write_conf() {
  local esc_data
  [ -f "$KAFKA_DEPLOY/server.properties.tmpl" ] || die "missing $KAFKA_DEPLOY/server.properties.tmpl"
  esc_data="$(printf '%s' "$KAFKA_DATA" | sed -e 's/[\\&|]/\\&/g')"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@DATA_DIR@|$esc_data|g" \
      "$KAFKA_DEPLOY/server.properties.tmpl" >"$KAFKA_CONF.tmp"
  mv "$KAFKA_CONF.tmp" "$KAFKA_CONF"
}

kafka_format() {
  local java="$1" cid
  local -a tool=("$java" -Xmx256m "-Dlog4j2.configurationFile=$KAFKA_DEPLOY/tools-log4j2.yaml" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool)
  if [ -f "$KAFKA_DATA/meta.properties" ]; then
    if [ -f "$KAFKA_FORMAT_STAMP" ] && [ "$(cat "$KAFKA_FORMAT_STAMP")" != "controller=127.0.0.1:$KAFKA_CONTROLLER_PORT" ]; then
      log "WARNING: $KAFKA_DATA was formatted with $(cat "$KAFKA_FORMAT_STAMP"), now controller port $KAFKA_CONTROLLER_PORT;"
      log "         if Kafka does not come up, stop it and delete $KAFKA_DIR/data (all topics are lost)"
    fi
    return 0
  fi
  if [ -s "$KAFKA_CLUSTER_ID_FILE" ]; then
    cid="$(cat "$KAFKA_CLUSTER_ID_FILE")"
  else
    cid="$("${tool[@]}" random-uuid 2>>"$KAFKA_LOG" | tail -n1)"
    [ -n "$cid" ] || { tail_log "$KAFKA_LOG"; die "kafka-storage random-uuid failed"; }
    printf '%s\n' "$cid" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  log "kafka: formatting $KAFKA_DATA (cluster id $cid, --standalone)"
  mkdir -p "$KAFKA_DATA"
  "${tool[@]}" format -t "$cid" -c "$KAFKA_CONF" --standalone -g >>"$KAFKA_LOG" 2>&1 \
    || { tail_log "$KAFKA_LOG"; die "kafka-storage format failed"; }
  printf 'controller=127.0.0.1:%s\n' "$KAFKA_CONTROLLER_PORT" >"$KAFKA_FORMAT_STAMP"
}

start_kafka() {
  local java pid t0
  t0="$(now_ms)"
  init_home
  pid="$(kafka_pid)"
  if [ -n "$pid" ] && port_open "$KAFKA_PORT"; then
    log "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi

  if [ -z "$pid" ]; then
    rm -f "$KAFKA_PIDFILE"
    kafka_installed || die "Kafka jars missing in $KAFKA_LIB (run: scripts/infra.sh install)"
    java="$(find_java)"
    [ -n "$java" ] || die "no java >= 17 found (run: scripts/infra.sh install)"
    local p
    for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      if port_open "$p"; then
        die "port 127.0.0.1:$p is taken by another process (not our Kafka); set ORCH_KAFKA_PORT / ORCH_KAFKA_CONTROLLER_PORT"
      fi
    done
    mkdir -p "$KAFKA_DIR" "$KAFKA_DATA"
    kafka_write_conf
    printf '\n===== %s start (scripts/infra.sh) =====\n' "$(date -u +%FT%TZ)" >>"$KAFKA_LOG"
    kafka_format "$java"
    log "kafka: starting $(kafka_version) (data $KAFKA_DATA, log $KAFKA_LOG)"
    # setsid: own session, so that the caller's Ctrl-C / hang-up does not reach the broker.
    # nohup and setsid exec (no fork here), so $! is the JVM's pid.
    (
      cd "$KAFKA_DIR"
      exec nohup setsid "$java" \
        -Xms512m -Xmx512m \
        -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
        -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -XX:+ExitOnOutOfMemoryError \
        -Djava.awt.headless=true \
        "-Dkafka.logs.dir=$LOG_DIR" \
        "-Dlog4j2.configurationFile=$KAFKA_DEPLOY/log4j2.yaml" \
        -cp "$KAFKA_LIB/*" \
        kafka.Kafka "$KAFKA_CONF"
    ) >>"$KAFKA_LOG" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
  else
    log "kafka: running (pid $pid) but port $KAFKA_PORT not open yet; waiting"
  fi

  local deadline=$(( $(date +%s) + KAFKA_START_TIMEOUT ))
  until port_open "$KAFKA_PORT"; do
    if ! pid_alive "$pid"; then
      tail_log "$KAFKA_LOG"
      rm -f "$KAFKA_PIDFILE"
      die "Kafka exited during startup (see $KAFKA_LOG)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail_log "$KAFKA_LOG"
      die "Kafka not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s (pid $pid still running, "scripts/infra.sh stop" ends it; see $KAFKA_LOG)"
    fi
    sleep 0.3
  done
  log "kafka: ready in $(elapsed "$t0") (pid $pid): bootstrap 127.0.0.1:$KAFKA_PORT"
}

stop_kafka() {
  local pid i
  pid="$(kafka_pid)"
  if [ -z "$pid" ]; then
    log "kafka: not running"
    rm -f "$KAFKA_PIDFILE"
    return 0
  fi
  log "kafka: stopping (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "kafka: still alive after 30 s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      pid_alive "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$KAFKA_PIDFILE"
  log "kafka: stopped"
}

status_kafka() {
  local pid
  pid="$(kafka_pid)"
  if [ -n "$pid" ]; then
    if port_open "$KAFKA_PORT"; then
      echo "kafka: running pid=$pid bootstrap=127.0.0.1:$KAFKA_PORT controller=127.0.0.1:$KAFKA_CONTROLLER_PORT version=$(kafka_version)"
      return 0
    fi
    echo "kafka: not-ready pid=$pid bootstrap=127.0.0.1:$KAFKA_PORT (process runs, port closed)"
    return 1
  fi
  echo "kafka: stopped bootstrap=127.0.0.1:$KAFKA_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------

cmd_start() {
  local t0
  t0="$(now_ms)"
  start_postgres
  start_kafka
  log "all ready in $(elapsed "$t0")"
  echo "PostgreSQL: postgresql://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
  echo "Kafka:      127.0.0.1:$KAFKA_PORT"
  echo "Logs:       $LOG_DIR"
}

cmd_stop() {
  stop_kafka
  stop_postgres
}

cmd_status() {
  local rc=0
  status_postgres || rc=3
  status_kafka || rc=3
  return "$rc"
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart-kafka) stop_kafka; start_kafka ;;
    restart-postgres) stop_postgres; start_postgres ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
