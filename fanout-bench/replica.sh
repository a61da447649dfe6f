#!/usr/bin/env bash
# Replica benchmarks (issue 3, acceptance 5 and 6), each against `fanout serve` in its own process:
#   1. --latency 50ms: 10,000 concurrent requests over h2c (one connection) and 5,000 over HTTP/1.1
#      (5,000 connections), timed by dev.fanout.bench.ReplicaLoadBench (Jetty client); goal < 1.5 s each.
#   2. zero latency: wrk -t2 -c64 -d10s on one item (HTTP/1.1 keep-alive); goal >= 30,000 req/s.
#      Also h2load over h2c when installed.
# Usage: fanout-bench/replica.sh [--walk-all]   (--walk-all also runs CatalogTest walking every story over HTTP)
# REPLICA_JAVA_OPTS="-Dreplica.dispatch=true" runs handlers on pool threads instead of inline (A/B knob).
# Installs Debian's wrk when missing (apt-get). Prints the figures; docs/replica.md records them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jdk=""
for c in "${FANOUT_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
  v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then jdk="$c"; break; fi
done
[ -n "$jdk" ] || { echo "replica.sh: needs a JDK 25 or newer under /usr/lib/jvm (or FANOUT_JAVA_HOME)" >&2; exit 2; }
java="$jdk/bin/java"

if ! command -v wrk >/dev/null 2>&1; then
  echo "replica.sh: installing wrk (Debian package)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

echo "replica.sh: building fanout.jar and fanout-bench.jar..." >&2
./mvnw -q -B -o -DskipTests -pl fanout-cli,fanout-bench -am package >&2
cp="$here/fanout-bench/target/fanout-bench.jar"
ulimit -n 20000 2>/dev/null || true

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT
start_server() { # args: serve options; sets $base
  local out; out="$(mktemp)"
  "$java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR ${REPLICA_JAVA_OPTS:-} -jar "$here/fanout-cli/target/fanout.jar" \
    serve --port 0 "$@" >"$out" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do grep -q '^Serving' "$out" && break; sleep 0.05; done
  base="$(sed -n 's|^Serving Hacker News API replica at \(http://[0-9.:]*\)/v0$|\1|p' "$out")"
  [ -n "$base" ] || { echo "replica.sh: the replica did not start:" >&2; cat "$out" >&2; exit 1; }
  echo "== replica $* at $base (pid $server_pid)"
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

start_server --latency 50ms
"$java" -Dslf4j.internal.verbosity=ERROR -cp "$cp" dev.fanout.bench.ReplicaLoadBench "$base" h2c 10000 3
"$java" -Dslf4j.internal.verbosity=ERROR -cp "$cp" dev.fanout.bench.ReplicaLoadBench "$base" h1 5000 3
stop_server

start_server
url="$base/v0/item/100.json"
wrk -t2 -c64 -d3s "$url" >/dev/null   # warm-up (JIT)
echo "== wrk -t2 -c64 -d10s $url"
wrk -t2 -c64 -d10s --latency "$url"
if command -v h2load >/dev/null 2>&1; then
  echo "== h2load -c64 -m10 -n300000 (h2c prior knowledge) $url"
  h2load -c64 -m10 -n300000 "$url" | grep -E 'finished in|requests:|status codes'
fi
stop_server

if [ "${1:-}" = "--walk-all" ]; then
  echo "== CatalogTest with every story walked over HTTP"
  ./mvnw -q -B -o -pl fanout-replica -am verify -Dtest=CatalogTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dreplica.walkAll=true -DargLine="--enable-native-access=ALL-UNNAMED -Dreplica.walkAll=true"
  echo "CatalogTest passed"
fi
