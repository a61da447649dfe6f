#!/usr/bin/env bash
# fanout on a cluster (issue 19, docs/cluster.md): throughput against the number of workers, and
# exactness when a worker is killed. Every part runs in its own process on this machine, loopback only:
#   - a Kafka broker (`fanout cluster broker`, KRaft, share groups on), in a temp dir;
#   - the replica with 50 ms per request (`fanout serve --latency 50ms`);
#   - 1, 2 and 3 worker processes at -c 64 each, then one worker at -c 192 for comparison: each set
#     first does a small warm-up job (so the JVMs have joined the share group and compiled the hot
#     code), then mirrors ids FROM..FROM+IDS-1 through `cluster submit hn mirror --chunk N` and
#     `cluster collect JOB --db ...`, timed from the submit to the end of the collect;
#   - a second run with 3 workers at -c 64 where one is `kill -9`ed halfway (at half the 3-worker
#     time of the first run): the collect must still end `N of N done, 0 failed`, and the database
#     is checked exact: every id of the range once (as an item or a recorded null), none missing,
#     none outside the range.
# Prints items/s per worker count, the CPU seconds each process used meanwhile (from /proc; on a
# small machine the CPU, not the latency, can be the limit) and the ratio 3 workers / 1 worker
# (goal: >= 2.7; the work is latency-bound: one worker's bound is 64 / 50 ms = 1,280 ids/s).
# Exits 1 if a collect fails or a store is not exact. docs/benchmarks.md ("Cluster") has figures.
#
#   fanout-bench/cluster-bench.sh                    # IDS=300000, DB=postgres
#   IDS=30000 DB=sqlite fanout-bench/cluster-bench.sh
#   NO_BUILD=1 PARTS="1 3" KILL=0 fanout-bench/cluster-bench.sh   # some worker counts, no kill run
#
# Settings (environment): IDS (300000), FROM (1), CHUNK (ids per work record, 500), LATENCY (50ms),
# C (-c per worker, 64), PARTS (worker sets: "1 2 3 192", where 192 is one worker at -c 192),
# KILL (1: the kill -9 run; halfway is half the 3-worker time, or an estimate when PARTS has no 3),
# DB (postgres or sqlite), NO_BUILD (set: use the jars as they are), WORKER_OPTS (more options for
# every worker, e.g. "--records 2"), WORKER_JAVA_OPTS (JVM options for them), JAR (another
# fanout-cluster.jar), KEEP (set: keep the temp dir with every process's log).
#
# DB=postgres (the default) makes a throwaway PostgreSQL cluster in the temp dir from Debian's
# binaries (/usr/lib/postgresql/*/bin; apt-get install postgresql), listening on 127.0.0.1 and a free
# port only; initdb refuses to run as root, so as uid 0 the server runs as `nobody` (runuser). The
# password is made up per run and reaches collect through PGPASSWORD, never the command line; each
# run collects into a fresh database, `--db postgresql://fanout@127.0.0.1:PORT/runN`. DB=sqlite
# collects into a fresh SQLite file per run. Everything is removed at the end.
#
# The jars: fanout-cluster/target/fanout-cluster.jar (fanout with the cluster commands) and, for the
# replica, fanout-cli/target/fanout.jar, both built here unless NO_BUILD is set. JDK 25:
# FANOUT_JAVA_HOME, JAVA_HOME or /usr/lib/jvm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
ids="${IDS:-300000}"
from="${FROM:-1}"
to=$((from + ids - 1))
chunk="${CHUNK:-500}"
latency="${LATENCY:-50ms}"
conc="${C:-64}"
parts="${PARTS:-1 2 3 192}"
kill_run="${KILL:-1}"
db_kind="${DB:-postgres}"
case "$db_kind" in postgres | sqlite) ;; *)
  echo "cluster-bench.sh: DB must be postgres or sqlite, got '$db_kind'" >&2
  exit 2
  ;;
esac

jdk=""
for c in "${FANOUT_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
  v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then jdk="$c"; break; fi
done
[ -n "$jdk" ] || { echo "cluster-bench.sh: needs a JDK 25 or newer under /usr/lib/jvm (or FANOUT_JAVA_HOME)" >&2; exit 2; }
java="$jdk/bin/java"
jar="${JAR:-$here/fanout-cluster/target/fanout-cluster.jar}"
if [ -z "${NO_BUILD:-}" ]; then
  echo "cluster-bench.sh: building fanout-cluster.jar..." >&2
  ./mvnw -q -B -o -DskipTests -pl fanout-cluster -am package >&2
fi
cli_jar="$here/fanout-cli/target/fanout.jar" # the replica (fanout-cluster.jar has no `serve`)
[ -f "$jar" ] && [ -f "$cli_jar" ] || { echo "cluster-bench.sh: no $jar or $cli_jar (run without NO_BUILD to build it)" >&2; exit 2; }

pg_bin=""
if [ "$db_kind" = postgres ]; then
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || {
    echo "cluster-bench.sh: DB=postgres needs PostgreSQL's server binaries under /usr/lib/postgresql/*/bin" \
      "(apt-get install postgresql), or run with DB=sqlite" >&2
    exit 2
  }
  command -v psql >/dev/null || { echo "cluster-bench.sh: DB=postgres needs psql (apt-get install postgresql-client)" >&2; exit 2; }
else
  command -v sqlite3 >/dev/null || { echo "cluster-bench.sh: DB=sqlite needs sqlite3 (apt-get install sqlite3)" >&2; exit 2; }
fi

work="$(mktemp -d)"
chmod 755 "$work" # the PostgreSQL server may run as another user
pids=()      # the broker, the replica
workers=()   # the running workers
pg_up=""
as_pg() { # runs a PostgreSQL server binary, as nobody when we are root (initdb refuses root)
  if [ "$(id -u)" -eq 0 ]; then PATH="$PATH:/usr/sbin:/sbin" runuser -u nobody -- "$@"; else "$@"; fi
}
stop_workers() {
  for p in ${workers[@]+"${workers[@]}"}; do kill "$p" 2>/dev/null || true; done
  for p in ${workers[@]+"${workers[@]}"}; do wait "$p" 2>/dev/null || true; done
  workers=()
}
cleanup() {
  stop_workers
  for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
  for p in ${pids[@]+"${pids[@]}"}; do wait "$p" 2>/dev/null || true; done
  [ -z "$pg_up" ] || as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "cluster-bench.sh: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fanout() { "$java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }
fanout_bg() { exec "$java" ${JAVA_OPTS_BG:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; } # with &: $! is the JVM
now() { date +%s.%N; }
wait_for() { # $1 = file, $2 = pattern, $3 = pid, $4 = what: waits up to 120 s for the line
  for _ in $(seq 1 1200); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "cluster-bench.sh: $4 did not start; its output:" >&2
  cat "$1" "${1%.out}.err" 2>/dev/null >&2 || true
  exit 1
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

# The broker: the controller takes PORT+1, so two free ports side by side.
for _ in $(seq 1 50); do
  kport="$(free_port)"
  python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $kport + 1))" 2>/dev/null && break
done
fanout_bg cluster broker --dir "$work/kafka" --port "$kport" >"$work/broker.out" 2>"$work/broker.err" &
pids+=($!)
wait_for "$work/broker.out" "^127.0.0.1:$kport" "$!" "the broker"
kafka="127.0.0.1:$kport"

# The replica: the synthetic world has 1,000,000 ids by default; a larger range gets a larger world,
# so every id of the range is one the replica knows (an item, or one of its few null ids).
world=1000000
[ "$to" -le "$world" ] || world="$to"
"$java" --enable-native-access=ALL-UNNAMED -jar "$cli_jar" serve --port 0 --latency "$latency" --data "synthetic:1:$world" >"$work/replica.out" 2>"$work/replica.err" &
pids+=($!)
wait_for "$work/replica.out" '^Serving' "$!" "the replica"
api="$(sed -n 's|^Serving Hacker News API replica at \(http://[0-9.:]*/v0\)$|\1|p' "$work/replica.out")"
echo "== broker $kafka, replica $api (latency $latency), ids $from..$to in records of $chunk, DB=$db_kind"

if [ "$db_kind" = postgres ]; then
  mkdir "$work/pg"
  [ "$(id -u)" -ne 0 ] || chown nobody "$work/pg"
  export PGPASSWORD="bench-$RANDOM$RANDOM$RANDOM"
  printf '%s\n' "$PGPASSWORD" >"$work/pg/pw"
  [ "$(id -u)" -ne 0 ] || chown nobody "$work/pg/pw"
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U fanout --pwfile="$work/pg/pw" -A scram-sha-256 \
    -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
  rm -f "$work/pg/pw"
  pgport="$(free_port)"
  # synchronous_commit=off: a commit is not flushed to disk at once, as the SQLite mirror's
  # synchronous=NORMAL; the measurement is of the cluster, not of the disk.
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $pgport -c unix_socket_directories=$work/pg -c synchronous_commit=off" \
    start >/dev/null || { cat "$work/pg/log" >&2; exit 1; }
  pg_up=1
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport (temp cluster)"
fi

psql_run() { psql -X -q -A -t -h 127.0.0.1 -p "$pgport" -U fanout "$@"; }
db_for() { # $1 = run name: prints the --db value of a fresh database
  if [ "$db_kind" = postgres ]; then
    psql_run -d postgres -c "CREATE DATABASE $1" >/dev/null
    echo "postgresql://fanout@127.0.0.1:$pgport/$1"
  else
    echo "$work/$1.db"
  fi
}
db_query() { # $1 = run name, $2 = SQL: prints the one-line answer
  if [ "$db_kind" = postgres ]; then
    psql_run -d "$1" -F ' ' -c "$2"
  else
    sqlite3 -separator ' ' "$work/$1.db" "$2"
  fi
}
check_exact() { # $1 = run name: every id of from..to once, as an item or a recorded null
  local q counts
  q="SELECT (SELECT count(*) FROM items), (SELECT count(DISTINCT id) FROM items),
    (SELECT count(*) FROM missing), (SELECT count(DISTINCT id) FROM missing),
    (SELECT count(*) FROM items WHERE id < $from OR id > $to) + (SELECT count(*) FROM missing WHERE id < $from OR id > $to),
    (SELECT count(*) FROM items i JOIN missing m ON m.id = i.id),
    (SELECT count(DISTINCT id) FROM (SELECT id FROM items UNION SELECT id FROM missing) u WHERE id BETWEEN $from AND $to)"
  counts="$(db_query "$1" "$(echo "$q" | tr '\n' ' ')")"
  read -r items ditems nulls dnulls outside both covered <<<"$counts"
  echo "   database: $items item rows ($ditems distinct ids), $nulls null ids ($dnulls distinct), $outside outside the range, $both both, $covered of $ids ids covered"
  [ "$items" = "$ditems" ] && [ "$nulls" = "$dnulls" ] && [ "$outside" = 0 ] && [ "$both" = 0 ] &&
    [ "$covered" = "$ids" ] && [ $((items + nulls)) = "$ids" ]
}

start_workers() { # $1 = count, $2 = -c; waits until each says it is taking work
  local i
  for i in $(seq 1 "$1"); do
    JAVA_OPTS_BG="${WORKER_JAVA_OPTS:-}" fanout_bg worker --kafka "$kafka" --api "$api" -c "$2" --name "w$i-c$2" ${WORKER_OPTS:-} \
      >"$work/w$i.out" 2>"$work/w$i.err" &
    workers+=($!)
  done
  for i in $(seq 1 "$1"); do wait_for "$work/w$i.err" 'taking work' "${workers[$((i - 1))]}" "worker $i"; done
}
submit() { # $1 = from, $2 = to: prints the job id; its CPU seconds go to $work/cpu
  /usr/bin/time -a -o "$work/cpu" -f '%U %S' \
    "$java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$jar" \
    cluster submit hn mirror --from "$1" --to "$2" --chunk "$chunk" --kafka "$kafka" 2>/dev/null
}
collect() { # $1 = job, $2 = --db value, $3 = log; its CPU seconds go to $work/cpu
  /usr/bin/time -a -o "$work/cpu" -f '%U %S' \
    "$java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$jar" \
    cluster collect "$1" --db "$2" --kafka "$kafka" --timeout 30m 2>"$3"
}
warm_up() { # a small job through the workers just started: they have joined and are compiled
  local job db
  job="$(submit 1 $((chunk * 8)))"
  db="$(db_for "warm$RANDOM")"
  collect "$job" "$db" "$work/warm.err" || { echo "cluster-bench.sh: the warm-up job failed:" >&2; cat "$work/warm.err" >&2; exit 1; }
}

ticks() { # CPU time of a process so far, in clock ticks (user + system)
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_mark() { # remembers the CPU times of the broker, the replica and the workers
  local p
  marks=()
  for p in ${pids[@]+"${pids[@]}"} ${workers[@]+"${workers[@]}"}; do marks+=("$(ticks "$p")"); done
}
cpu_report() { # $1 = seconds of wall time: prints the CPU each part used since cpu_mark
  local p i=0 hz all=() line="   CPU s:"
  hz="$(getconf CLK_TCK)"
  for p in ${pids[@]+"${pids[@]}"} ${workers[@]+"${workers[@]}"}; do
    all+=("$(echo "scale=1; ($(ticks "$p") - ${marks[$i]}) / $hz" | bc)")
    i=$((i + 1))
  done
  line+=" broker ${all[0]}, replica ${all[1]}, workers"
  for i in $(seq 2 $((${#all[@]} - 1))); do line+=" ${all[$i]}"; done
  echo "$line, submit+collect $(cat "$work/cpu" | awk '{s += $1 + $2} END {print s}') (of $(printf '%.0f' "$(echo "$1 * $(nproc)" | bc)") core-seconds)"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A rate
declare -A secs
run=0
for part in $parts; do
  if [ "$part" = 192 ]; then n=1; c=192; label="1 worker -c 192"; else n="$part"; c="$conc"; label="$n worker(s) -c $conc"; fi
  start_workers "$n" "$c"
  warm_up
  run=$((run + 1))
  name="run$run"
  db="$(db_for "$name")"
  : >"$work/cpu"
  cpu_mark
  t0="$(now)"
  job="$(submit "$from" "$to")"
  collect "$job" "$db" "$work/$name.err" || { echo "cluster-bench.sh: $label: collect failed:" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
  t1="$(now)"
  s="$(echo "$t1 - $t0" | bc)"
  secs[$part]="$s"
  rate[$part]="$(echo "$ids / $s" | bc)"
  echo "$label: $ids ids in $(printf '%.1f' "$s") s = ${rate[$part]} ids/s ($(tail -n1 "$work/$name.err")); load $(cut -d' ' -f1 /proc/loadavg)"
  cpu_report "$s"
  check_exact "$name" || { echo "cluster-bench.sh: $label: the database is NOT exact" >&2; exit 1; }
  stop_workers
done
if [ -n "${rate[1]:-}" ] && [ -n "${rate[3]:-}" ]; then
  echo "3 workers / 1 worker: $(echo "scale=2; ${rate[3]} / ${rate[1]}" | bc) (goal >= 2.7)"
fi

if [ "$kill_run" = 1 ]; then
  # Halfway: half the 3-worker time of the first run (or an estimate from the latency bound).
  half="${secs[3]:-$(echo "$ids * 0.05 / 64 / 3" | bc)}"
  half="$(echo "$half / 2" | bc)"
  start_workers 3 "$conc"
  warm_up
  run=$((run + 1))
  name="kill$run"
  db="$(db_for "$name")"
  t0="$(now)"
  job="$(submit "$from" "$to")"
  collect "$job" "$db" "$work/$name.err" &
  collector=$!
  sleep "$half"
  victim="${workers[1]}"
  kill -9 "$victim"
  { wait "$victim"; } 2>/dev/null || true # reaped here, without bash's "Killed" line
  echo "kill -9 of worker 2 (pid $victim) after ${half} s"
  ok=0
  wait "$collector" || ok=$?
  t1="$(now)"
  echo "3 workers, one killed halfway: collect exit $ok, $(tail -n1 "$work/$name.err"), $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s"
  [ "$ok" = 0 ] || { tail -5 "$work/$name.err" >&2; exit 1; }
  fanout cluster status "$job" --kafka "$kafka" | sed 's/^/   /'
  check_exact "$name" && echo "   exact: every id once, none missing" || { echo "cluster-bench.sh: NOT exact after the kill" >&2; exit 1; }
  stop_workers
fi
