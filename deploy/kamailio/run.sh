#!/usr/bin/env bash
# Start / stop Kamailio for Parley on loopback (tests, development) from the repository folder.
#
#   deploy/kamailio/run.sh start [options]   start in the background, print the WebSocket URL when ready
#   deploy/kamailio/run.sh fg    [options]   run in the foreground (logs to the terminal; Ctrl-C stops)
#   deploy/kamailio/run.sh stop  [--run-dir DIR]   stop the instance whose PID file is in DIR
#   deploy/kamailio/run.sh check [options]   only check the configuration with these options
#   deploy/kamailio/run.sh status [--run-dir DIR]   exit 0 if it runs and answers; else say why (log tail), exit 1
#
# Options (each also read from an environment variable; flag wins):
#   --db PATH          SQLite file written by the Parley service        PARLEY_KAMAILIO_DB
#                      (default: $PARLEY_DATA_DIR/parley.db, PARLEY_DATA_DIR defaulting to ./data)
#   --db-url URL       the service's PostgreSQL instead (postgres://user:pass@host:port/db)
#                                                                        PARLEY_DATABASE_URL (as the service)
#   --domain NAME      Parley SIP domain = digest realm                  PARLEY_DOMAIN (default localhost, as the service)
#   --addr IP          listen address                                    PARLEY_KAMAILIO_ADDR (default 127.0.0.1)
#   --port N           WebSocket port                                    PARLEY_KAMAILIO_PORT (default 8089)
#   --run-dir DIR      PID file, control socket, log                     PARLEY_KAMAILIO_RUN_DIR (default .tmp/kamailio)
#   --pike-density N   requests per source IP per 2 s before a ban (1-65535) PARLEY_KAMAILIO_PIKE_DENSITY (default 30)
#   --ban-seconds N    how long a flooding IP stays banned               PARLEY_KAMAILIO_BAN_SECONDS (default 60)
#   --workers N        TCP/WebSocket worker processes                    PARLEY_KAMAILIO_WORKERS (default 4)
#   --udp-port N       also plain SIP over UDP on ADDR:N (off by default) PARLEY_KAMAILIO_UDP_PORT
#   --udp-workers N    UDP worker processes (with --udp-port)            PARLEY_KAMAILIO_UDP_WORKERS (default 2)
#   --shm-mb N         shared memory in MiB (transactions, bindings)     PARLEY_KAMAILIO_SHM_MB (default 1024:
#                      ~0.3 MiB per call/s of peak load, measured; 1 GiB held 2,250 calls/s on 2 cores,
#                      Debian's 64 answered 500 from ~450 calls/s and then stopped serving, issue #15)
#   --pkg-mb N         private memory per process in MiB (parsing, SQL) PARLEY_KAMAILIO_PKG_MB (default 16)
#   --log-level N      0..3 (1 = warnings, 2 = info, 3 = debug)          PARLEY_KAMAILIO_LOG_LEVEL (default 1)
#   --timeout S        seconds to wait for readiness in `start`          PARLEY_KAMAILIO_START_TIMEOUT (default 10)
#
# `start` prints exactly one line on stdout when Kamailio answers HTTP on its socket:
#   ready ws://ADDR:PORT pid=PID log=RUN_DIR/kamailio.log
# (followed by ` udp=ADDR:N` with --udp-port) and exits 0; on failure it prints the log tail on stderr and exits 1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cfg="$here/kamailio.cfg"
kamailio_bin="${KAMAILIO_BIN:-$(command -v kamailio || echo /usr/sbin/kamailio)}"

cmd="${1:-}"
[[ -n "$cmd" ]] && shift

db="${PARLEY_KAMAILIO_DB:-${PARLEY_DATA_DIR:-$repo/data}/parley.db}"
db_url="${PARLEY_DATABASE_URL:-}"
domain="${PARLEY_DOMAIN:-localhost}"
addr="${PARLEY_KAMAILIO_ADDR:-127.0.0.1}"
port="${PARLEY_KAMAILIO_PORT:-8089}"
run_dir="${PARLEY_KAMAILIO_RUN_DIR:-$repo/.tmp/kamailio}"
pike_density="${PARLEY_KAMAILIO_PIKE_DENSITY:-30}"
ban_seconds="${PARLEY_KAMAILIO_BAN_SECONDS:-60}"
workers="${PARLEY_KAMAILIO_WORKERS:-4}"
udp_port="${PARLEY_KAMAILIO_UDP_PORT:-}"
udp_workers="${PARLEY_KAMAILIO_UDP_WORKERS:-2}"
shm_mb="${PARLEY_KAMAILIO_SHM_MB:-1024}"
pkg_mb="${PARLEY_KAMAILIO_PKG_MB:-16}"
log_level="${PARLEY_KAMAILIO_LOG_LEVEL:-1}"
timeout_s="${PARLEY_KAMAILIO_START_TIMEOUT:-10}"

die() { echo "run.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --db-url) db_url="$2"; shift 2 ;;
    --domain) domain="$2"; shift 2 ;;
    --addr) addr="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    --pike-density) pike_density="$2"; shift 2 ;;
    --ban-seconds) ban_seconds="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --udp-port) udp_port="$2"; shift 2 ;;
    --udp-workers) udp_workers="$2"; shift 2 ;;
    --shm-mb) shm_mb="$2"; shift 2 ;;
    --pkg-mb) pkg_mb="$2"; shift 2 ;;
    --log-level) log_level="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done

case "$run_dir" in /*) ;; *) run_dir="$(pwd)/$run_dir" ;; esac
pid_file="$run_dir/kamailio.pid"
log_file="$run_dir/kamailio.log"

# Values end up inside the config as preprocessor tokens: accept only safe characters.
validate() {
  [[ "$domain" =~ ^[A-Za-z0-9.-]+$ ]] || die "bad domain '$domain'"
  [[ "$addr" =~ ^[0-9.]+$ ]] || die "bad address '$addr' (IPv4 literal)"
  for n in "$port" "$pike_density" "$ban_seconds" "$workers" "$log_level" "$udp_workers" "$shm_mb" "$pkg_mb" ${udp_port:+"$udp_port"}; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: '$n'"
  done
  # pike keeps its density in an unsigned short: a larger value silently wraps (1000000 → 16960).
  ((pike_density >= 1 && pike_density <= 65535)) || die "--pike-density must be 1-65535 (pike stores it in 16 bits)"
  # Below this Kamailio runs out of shared memory at a few hundred calls/s and stops serving (issue #15).
  ((shm_mb >= 128)) || die "--shm-mb $shm_mb is too small: Kamailio needs ~0.3 MiB per call/s of peak load (128 minimum; default 1024)"
  ((pkg_mb >= 8)) || die "--pkg-mb $pkg_mb is too small (8 minimum; default 16)"
  [[ "$db" != *'"'* && "$run_dir" != *'"'* ]] || die "bad path"
  case "$db" in /*) ;; *) db="$(pwd)/$db" ;; esac
  if [[ -n "$db_url" ]]; then
    # Kamailio's db_postgres spells the scheme postgres:// (the service also takes postgresql://).
    db_url="${db_url/#postgresql:\/\//postgres://}"
    [[ "$db_url" =~ ^postgres://[^\"\ ]+$ ]] || die "--db-url must be postgres://user:pass@host:port/db"
  fi
}

# The database settings for the config: PostgreSQL when a URL is given, else the SQLite file.
db_defines() {
  if [[ -n "$db_url" ]]; then
    printf '%s\n' -A WITH_POSTGRES -A "DBURL=\"$db_url\"" -A "SQLCON=\"parley=>$db_url\""
  else
    printf '%s\n' -A "DB_FILE=\"$db\"" -A "DBURL=\"sqlite:///$db\"" -A "SQLCON=\"parley=>sqlite:///$db\""
  fi
}

# The kamailio command line: config + one -A define per setting (see the top of kamailio.cfg).
kamailio_args() {
  printf '%s\n' -f "$cfg" \
    -A "LISTEN_ADDR=$addr" -A "WS_PORT=$port" \
    -A "PARLEY_DOMAIN=\"$domain\""
  db_defines
  printf '%s\n' -A "CTL_SOCKET=\"unix:$run_dir/kamailio_ctl\"" \
    -A "PIKE_DENSITY=$pike_density" -A "BAN_SECONDS=$ban_seconds" \
    -A "TCP_WORKERS=$workers" -A "LOG_LEVEL=$log_level"
  if [[ -n "$udp_port" ]]; then
    printf '%s\n' -A "UDP_PORT=$udp_port" -A "UDP_WORKERS=$udp_workers"
  fi
  # Shared memory (-m, MiB): every transaction and binding lives there. Private memory per process (-M).
  printf '%s\n' -m "$shm_mb" -M "$pkg_mb"
}

# Kamailio maps its shared memory lazily: a host without that much memory would start fine and then fail
# at the peak (500s, then a dead or silent process). Refuse to start instead. Needed: shm + pkg per process
# (workers + UDP workers + ~8 helpers: main, timers, ctl, tcp main, ...).
check_memory() {
  local processes=$((workers + 8 + ${udp_port:+udp_workers} + 0))
  local need=$((shm_mb + pkg_mb * processes))
  local available
  available=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || echo "")
  [[ -z "$available" ]] && return 0
  ((need <= available)) || die "needs ${need} MiB (--shm-mb $shm_mb + --pkg-mb $pkg_mb x $processes processes) but only ${available} MiB are available: lower --shm-mb (~0.3 MiB per call/s of peak load) or free memory"
}

# Kamailio's db_sqlite sets no busy timeout: any lock it meets fails the query at once, and the REGISTER
# or INVITE that needed it gets 401/407/500 ("database is locked" in the log). With the service's file in
# WAL mode readers never wait for the writer; in the rollback-journal mode (a file not yet opened by the
# service, or converted by a tool) every service write locks Kamailio's readers out. Bytes 18-19 of the
# SQLite header are 2 2 in WAL mode (https://www.sqlite.org/fileformat2.html#database_header).
check_wal() {
  [[ -n "$db_url" ]] && return 0
  local versions
  versions=$(od -An -tu1 -j18 -N2 "$db" 2>/dev/null | tr -s ' ' | sed 's/^ //')
  [[ "$versions" == "2 2" ]] || die "$db is not in WAL mode (header says '$versions'): Kamailio's reads would fail with 'database is locked' whenever the service writes; start the Parley service on it first (it switches the file to WAL)"
  [[ -w "$(dirname "$db")" || ( -w "$db-shm" && -r "$db-wal" ) ]] || die "Kamailio needs write access to $db-shm (or the folder) to read a WAL database"
}

# Why the process at PID is gone or useless: the log lines that explain it.
explain_death() {
  echo "run.sh: kamailio (pid ${1:-?}) is not serving; log tail:" >&2
  grep -E 'no more (shm|pkg) memory|out of memory|ERROR|CRITICAL|ALERT' "$log_file" 2>/dev/null | tail -n 5 >&2 || true
  tail -n 20 "$log_file" >&2 2>/dev/null || true
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Ready = a worker answers an HTTP request on the socket (xhttp replies 404 to a plain GET).
answers_http() {
  local line=""
  { exec 3<>"/dev/tcp/$addr/$port"; } 2>/dev/null || return 1
  printf 'GET /ready HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$addr" >&3 || true
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ "$line" == HTTP/1.1* ]]
}

start() {
  validate
  [[ -n "$db_url" || -f "$db" ]] || die "no SQLite DB at $db: start the Parley service once (it creates the subscriber table)"
  check_wal
  check_memory
  mkdir -p "$run_dir"
  if pid="$(running_pid)"; then die "already running (pid $pid, run dir $run_dir)"; fi
  mapfile -t args < <(kamailio_args)
  # -DD: do not daemonize (the PID we get is the main process); -E: log to stderr → log file;
  # -Y: runtime dir (control socket); -P: PID file. setsid: own process group, so a terminal's
  # Ctrl-C does not reach it and `stop` is the one way to end it.
  setsid "$kamailio_bin" "${args[@]}" -DD -E -Y "$run_dir" -P "$pid_file" \
    </dev/null >"$log_file" 2>&1 &
  local child=$! deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$child" 2>/dev/null; then
      echo "run.sh: kamailio exited during start; log tail:" >&2
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if answers_http; then
      echo "$addr $port" >"$run_dir/endpoint"
      echo "ready ws://$addr:$port pid=$child log=$log_file${udp_port:+ udp=$addr:$udp_port}"
      return 0
    fi
    sleep 0.1
  done
  echo "run.sh: not ready after ${timeout_s}s; log tail:" >&2
  tail -n 30 "$log_file" >&2
  kill -TERM "$child" 2>/dev/null || true
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "not running"
    return 0
  fi
  kill -TERM "$pid"
  # Kamailio's main process stops its workers, then exits.
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; echo "stopped pid=$pid"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  echo "killed pid=$pid"
}

# Alive, answering, and not out of memory: for monitoring (cron, systemd ExecStartPost, CI after a load run).
status() {
  local pid
  if ! pid="$(running_pid)"; then
    explain_death "$(cat "$pid_file" 2>/dev/null)"
    exit 1
  fi
  if grep -qE 'no more (shm|pkg) memory|out of memory' "$log_file" 2>/dev/null; then
    echo "run.sh: kamailio (pid $pid) ran out of memory: raise --shm-mb/--pkg-mb and restart" >&2
    explain_death "$pid"
    exit 1
  fi
  # The address `start` was given (status is usually called with --run-dir only).
  [[ -f "$run_dir/endpoint" ]] && read -r addr port <"$run_dir/endpoint"
  if ! answers_http; then
    explain_death "$pid"
    exit 1
  fi
  echo "running pid=$pid"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  fg)
    validate
    [[ -n "$db_url" || -f "$db" ]] || die "no SQLite DB at $db"
    check_wal
    check_memory
    mkdir -p "$run_dir"
    mapfile -t args < <(kamailio_args)
    exec "$kamailio_bin" "${args[@]}" -DD -E -Y "$run_dir" -P "$pid_file"
    ;;
  check)
    validate
    mapfile -t args < <(kamailio_args)
    exec "$kamailio_bin" "${args[@]}" -c
    ;;
  *) die "usage: run.sh start|fg|stop|check [options] (try --help)" ;;
esac
