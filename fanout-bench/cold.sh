#!/usr/bin/env bash
# Issue 16: fanout as a user runs it, cold (a fresh process each time, through ./fanout), side by side
# with its peers in one run, alternating so that a busy moment of the machine hits every program alike.
#
#   fanout-bench/cold.sh                      # RUNS=5 of each; prints medians and ratios to each peer
#   RUNS=3 PARTS="crawl version" fanout-bench/cold.sh   # some parts only: crawl gather first version
#   FANOUT_JAVA_OPTS=-XX:TieredStopAtLevel=1 fanout-bench/cold.sh   # fanout with other JVM settings
#   PEERS=0 fanout-bench/cold.sh              # fanout only (fanout-bench/jit-table.sh runs it so)
#
# fanout runs as a user gets it, with its background process (docs/decisions/0015): a "first run"
# finds none running (it is stopped before) and runs in-process, starting one as it exits; a "later
# run" goes to that one (its first command) at once, before its warm-up (decision 0015) is done, and
# "a run after that" to it again once its warm-up is done (the wait is printed). Its socket is in a directory
# of this run's own (FANOUT_DAEMON_DIR), stopped at the end.
#
# crawl:   `./fanout hn comments` on the catalog's story 500 of `./fanout serve --latency 50ms`, against
#          the talk's crawler and a tuned aiohttp crawler (fanout-bench/peers); the bound is
#          (depth + 1) x 50 ms. Figures: the whole process (wall) and the crawl as each program reports it.
# gather:  `./fanout fetch --mode gather -c 1000` of 1,000 URLs answering after 200 ms (DelayServer, in
#          its own JVM) against an aiohttp gather of the same URLs (peers/gather.py).
# first:   time from launch to the first request's arrival at a loopback server (peers/first_request.py)
#          for `./fanout fetch URL` and a one-GET aiohttp script (peers/one_get.py).
# three:   `./fanout fetch` of three URLs answering after 100, 200 and 300 ms (the replica's /delay/N):
#          whole process minus the slowest URL's 300 ms (goal: at most 250 ms).
# version: wall time of `./fanout --version` and `./fanout --help`, launcher included.
# long:    (not in the default PARTS) a long cold run where compiled code matters: the 100,000-comment
#          thread at zero latency (`./fanout serve --latency 0`), -Xmx256m, in items per second.
#
# The Python peers run on /usr/bin/python3, as `fanout bench` runs them (it needs python3-aiohttp and
# python3-async-timeout: apt-get install -y python3-aiohttp python3-async-timeout); without aiohttp
# they are skipped. Ratios are fanout / peer: below 1 means fanout took less time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${RUNS:-5}"
parts="${PARTS:-crawl gather first three version}"
py=/usr/bin/python3
java="${FANOUT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
peers="$here/fanout-bench/peers"

./fanout --version >/dev/null # builds fanout.jar and its start-up cache when the sources changed
[ "${COMPILE:-1}" = 0 ] || ./mvnw -B -o -q -pl fanout-bench -am compile -DskipTests >/dev/null # COMPILE=0: already compiled
cp="fanout-bench/target/classes:fanout-cli/target/fanout.jar"
have_py=1
[ "${PEERS:-1}" = 0 ] && have_py=2
[ "$have_py" = 2 ] || "$py" -c 'import aiohttp, async_timeout' 2>/dev/null || {
  have_py=0
  echo "(Python peers skipped: $py cannot import aiohttp and async_timeout)"
}

work="$(mktemp -d)"
pids=()
cleanup() {
  ./fanout daemon stop >/dev/null 2>&1 || true
  for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export FANOUT_DAEMON_DIR="$work/d"
no_daemon() { # stops this run's background process and waits until it is gone
  ./fanout daemon stop >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do ./fanout daemon status >/dev/null 2>&1 || return 0; sleep 0.1; done
}
warmed_up() { # waits until the background process says its warm-up is done; records how long
  local t0 t1
  t0="$(now_us)"
  for _ in $(seq 1 600); do
    ./fanout daemon status 2>/dev/null | grep -q '^warm-up: done' && break
    sleep 0.1
  done
  t1="$(now_us)"
  record warmup.wait $(((t1 - t0) / 1000))
}
daemon_up() { # waits for the background process a first run started
  for _ in $(seq 1 100); do ./fanout daemon status >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "  (no background process came up)"
}

now_us() { echo "${EPOCHREALTIME/./}"; }
record() { echo "$2" >>"$work/$1"; }      # $1 = figure name, $2 = milliseconds
median() { # $1 = figure name: prints its median, or nothing
  [ -f "$work/$1" ] || return 0
  sort -n "$work/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
line() { # $1 = label, $2 = figure, [$3 = peer figure, $4 = peer label]...
  local m p label="$1" fig="$2"
  m="$(median "$fig")"
  [ -n "$m" ] || return 0
  printf '  %-44s %7.0f ms' "$label" "$m"
  shift 2
  while [ $# -ge 2 ]; do
    p="$(median "$1")"
    [ -n "$p" ] && awk -v a="$m" -v b="$p" -v n="$2" 'BEGIN { printf "   %.2fx %s", a / b, n }'
    shift 2
  done
  printf '   (n=%s)\n' "$(wc -l <"$work/$fig")"
}
wait_for() { # $1 = file, $2 = sed expression printing the value: waits up to 60 s, prints the value
  local v
  for _ in $(seq 1 600); do
    v="$(sed -n "$2" "$1" | head -n1)"
    [ -n "$v" ] && { echo "$v"; return 0; }
    sleep 0.1
  done
  echo "did not start:" >&2
  cat "$1" >&2
  exit 2
}
has() { case " $parts " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

echo "# fanout-bench/cold.sh: $runs runs each, $(nproc) CPUs, ${FANOUT_JAVA_OPTS:+FANOUT_JAVA_OPTS=$FANOUT_JAVA_OPTS, }$(date -u +%FT%TZ)"

if has crawl; then
  ./fanout serve --port 0 --latency 50ms >"$work/serve.log" 2>&1 &
  pids+=($!)
  base="$(wait_for "$work/serve.log" 's#^Serving Hacker News API replica at \(http://[^ ]*\)/v0.*#\1#p')"
  catalog() { curl -s "$base/__catalog" | "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.fanout.bench.HnCatalogField 500 "$1"; }
  id="$(catalog id)"
  depth="$(catalog depth)"
  comments="$(catalog comments)"
  for i in $(seq 1 "$runs"); do
    no_daemon
    for run in first later again; do
      [ "$run" = later ] && daemon_up
      [ "$run" = again ] && warmed_up
      t0="$(now_us)"
      out="$(./fanout hn comments "$id" --api "$base/v0" --format jsonl --no-progress 2>/dev/null)" || true
      t1="$(now_us)"
      record "fanout.$run.wall" $(((t1 - t0) / 1000))
      record "fanout.$run.crawl" "$(echo "$out" | sed -n 's/.*"elapsed_ms":\([0-9]*\).*/\1/p')"
      echo "$out" | grep -q "\"comments\":$comments," || echo "  fanout $run run $i: not $comments comments: $(echo "$out" | cut -c1-200)"
    done
    if [ "$have_py" = 1 ]; then
      for peer in talk tuned; do
        extra=()
        [ "$peer" = tuned ] && extra=(256)
        t0="$(now_us)"
        out="$("$py" "$peers/${peer}_crawler.py" "$base/v0" "$id" ${extra[@]+"${extra[@]}"} 2>&1)" || true
        t1="$(now_us)"
        record "$peer.wall" $(((t1 - t0) / 1000))
        record "$peer.crawl" "$(echo "$out" | sed -n 's/^Gathering comments took: \([0-9.]*\) seconds/\1/p' | awk '{ printf "%.0f", $1 * 1000 }')"
        echo "$out" | grep -q "^$comments comments" || echo "  $peer run $i: not $comments comments: $(echo "$out" | head -c 200)"
      done
    fi
  done
  kill "${pids[-1]}" 2>/dev/null || true
  echo "crawl: story 500 of fanout serve --latency 50ms ($comments comments, depth $depth; bound (depth + 1) x 50 ms = $(((depth + 1) * 50)) ms)"
  line "fanout hn comments, first run, whole process" fanout.first.wall talk.wall talk tuned.wall tuned
  line "fanout hn comments, first run, crawl" fanout.first.crawl talk.crawl talk tuned.crawl tuned
  line "fanout hn comments, later run, whole process" fanout.later.wall talk.wall talk tuned.wall tuned
  line "fanout hn comments, later run, crawl" fanout.later.crawl talk.crawl talk tuned.crawl tuned
  line "(waited for the daemon's warm-up before it)" warmup.wait
  line "fanout hn comments, run after that, whole process" fanout.again.wall talk.wall talk tuned.wall tuned
  line "fanout hn comments, run after that, crawl" fanout.again.crawl talk.crawl talk tuned.crawl tuned
  line "talk's code (aiohttp), whole process" talk.wall
  line "talk's code (aiohttp), crawl" talk.crawl
  line "tuned aiohttp, whole process" tuned.wall
  line "tuned aiohttp, crawl" tuned.crawl
fi

if has long; then
  ./fanout serve --port 0 --latency 0 >"$work/serve0.log" 2>&1 &
  pids+=($!)
  base0="$(wait_for "$work/serve0.log" 's#^Serving Hacker News API replica at \(http://[^ ]*\)/v0.*#\1#p')"
  catalog0() { curl -s "$base0/__catalog" | "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.fanout.bench.HnCatalogField 100000 "$1"; }
  id0="$(catalog0 id)"
  fetches0="$(catalog0 fetches)"
  for i in $(seq 1 "$runs"); do
    out="$(FANOUT_JAVA_OPTS="-Xmx256m ${FANOUT_JAVA_OPTS:-}" ./fanout hn comments "$id0" --api "$base0/v0" --format jsonl --no-progress)" || true
    ms="$(echo "$out" | sed -n 's/.*"elapsed_ms":\([0-9]*\).*/\1/p')"
    got="$(echo "$out" | sed -n 's/.*"fetches":\([0-9]*\).*/\1/p')"
    [ "$got" = "$fetches0" ] || echo "  long run $i: $got fetches, the catalog says $fetches0"
    [ -n "$ms" ] && [ "$ms" -gt 0 ] && record long.rate "$(awk -v f="$got" -v m="$ms" 'BEGIN { printf "%.0f", f / (m / 1000) }')"
  done
  kill "${pids[-1]}" 2>/dev/null || true
  m="$(median long.rate)"
  [ -n "$m" ] && echo "long: the 100,000-comment thread at zero latency, -Xmx256m: $m items/s (median, n=$(wc -l <"$work/long.rate"))"
fi

if has gather; then
  mkfifo "$work/delay.in"
  "$java" -cp "$cp" -Dslf4j.internal.verbosity=ERROR dev.fanout.bench.DelayServer <"$work/delay.in" >"$work/delay.log" 2>/dev/null &
  pids+=($!)
  exec 7>"$work/delay.in"
  http="$(wait_for "$work/delay.log" 's#^listening \(http://[^ ]*\).*#\1#p')"
  url="$http/delay/200"
  for _ in $(seq 1 1000); do echo "$url"; done >"$work/urls.txt"
  for i in $(seq 1 "$runs"); do
    no_daemon
    for run in first later again; do
      [ "$run" = later ] && daemon_up
      [ "$run" = again ] && warmed_up
      t0="$(now_us)"
      out="$(./fanout fetch --no-progress --mode gather -c 1000 --retries 0 -i "$work/urls.txt" 2>/dev/null)" || true
      t1="$(now_us)"
      record "gather.fanout.$run" $(((t1 - t0) / 1000))
      ok="$(echo "$out" | grep -c ' 200 OK ' || true)"
      [ "$ok" = 1000 ] || echo "  fanout gather $run run $i: $ok of 1000 OK"
    done
    if [ "$have_py" = 1 ]; then
      t0="$(now_us)"
      out="$("$py" "$peers/gather.py" "$url" 1000 2>&1)" || true
      t1="$(now_us)"
      record gather.aiohttp $(((t1 - t0) / 1000))
      echo "$out" | grep -q '^1000 of 1000 OK' || echo "  aiohttp gather run $i: $(echo "$out" | head -c 200)"
    fi
  done
  exec 7>&-
  echo "gather: 1,000 URLs answering after 200 ms, whole process"
  line "fanout fetch --mode gather -c 1000, first run" gather.fanout.first gather.aiohttp "aiohttp gather"
  line "fanout fetch --mode gather -c 1000, later run" gather.fanout.later gather.aiohttp "aiohttp gather"
  line "fanout fetch --mode gather -c 1000, run after that" gather.fanout.again gather.aiohttp "aiohttp gather"
  line "aiohttp gather (one ClientSession)" gather.aiohttp
fi

if has first; then
  mkfifo "$work/first.in"
  "$py" "$peers/first_request.py" <"$work/first.in" >"$work/first.log" 2>/dev/null &
  pids+=($!)
  exec 8>"$work/first.in"
  port="$(wait_for "$work/first.log" 's#^listening \([0-9]*\)$#\1#p')"
  arrival() { # $1 = requests seen before: waits for the next one and prints its arrival (us)
    for _ in $(seq 1 100); do
      [ "$(grep -c '^request ' "$work/first.log")" -gt "$1" ] && break
      sleep 0.05
    done
    grep '^request ' "$work/first.log" | sed -n "$(($1 + 1))p" | awk '{ printf "%.0f", $2 * 1000000 }'
  }
  for i in $(seq 1 "$runs"); do
    no_daemon
    for run in first later again; do
      [ "$run" = later ] && daemon_up
      [ "$run" = again ] && warmed_up
      seen="$(grep -c '^request ' "$work/first.log" || true)"
      t0="$(now_us)"
      ./fanout fetch --no-progress "http://127.0.0.1:$port/first" >/dev/null 2>&1 || true
      record "first.fanout.$run" $((($(arrival "$seen") - t0) / 1000))
    done
    if [ "$have_py" = 1 ]; then
      seen="$(grep -c '^request ' "$work/first.log" || true)"
      t0="$(now_us)"
      "$py" "$peers/one_get.py" "http://127.0.0.1:$port/first" >/dev/null || true
      record first.aiohttp $((($(arrival "$seen") - t0) / 1000))
    fi
  done
  exec 8>&-
  echo "first request: launch to the request's arrival at a loopback server"
  line "./fanout fetch URL, first run" first.fanout.first first.aiohttp "aiohttp one GET"
  line "./fanout fetch URL, later run" first.fanout.later first.aiohttp "aiohttp one GET"
  line "./fanout fetch URL, run after that" first.fanout.again first.aiohttp "aiohttp one GET"
  line "aiohttp one GET" first.aiohttp
fi

if has three; then
  ./fanout serve --port 0 --latency 0 >"$work/serve3.log" 2>&1 &
  pids+=($!)
  base3="$(wait_for "$work/serve3.log" 's#^Serving Hacker News API replica at \(http://[^ ]*\)/v0.*#\1#p')"
  for i in $(seq 1 "$runs"); do
    no_daemon
    for run in first later again; do
      [ "$run" = later ] && daemon_up
      [ "$run" = again ] && warmed_up
      t0="$(now_us)"
      ./fanout fetch --no-progress "$base3/delay/100" "$base3/delay/200" "$base3/delay/300" >/dev/null 2>&1 || true
      t1="$(now_us)"
      record "three.$run" $(((t1 - t0) / 1000 - 300))
    done
  done
  kill "${pids[-1]}" 2>/dev/null || true
  echo "three URLs (100, 200, 300 ms): whole process minus the slowest URL (goal 250 ms)"
  line "./fanout fetch of 3 URLs, first run" three.first
  line "./fanout fetch of 3 URLs, later run" three.later
  line "./fanout fetch of 3 URLs, run after that" three.again
fi

if has version; then
  for i in $(seq 1 "$runs"); do
    t0="$(now_us)"
    ./fanout --version >/dev/null
    t1="$(now_us)"
    record version $(((t1 - t0) / 1000))
    t0="$(now_us)"
    ./fanout --help >/dev/null
    t1="$(now_us)"
    record help $(((t1 - t0) / 1000))
  done
  echo "start-up: wall time, launcher included (goal 150 ms)"
  line "./fanout --version" version
  line "./fanout --help" help
fi
