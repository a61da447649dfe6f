#!/usr/bin/env bash
# Benchmark of `fanout hn mirror` (issue 5, acceptance 6): a range of ids from a zero-latency replica
# running in its own process, into a fresh SQLite file, with the mirror's heap bounded by -Xmx256m.
#
#   fanout-bench/mirror-bench.sh [IDS=1000000] [CONCURRENCY=256]
#   VERIFY=1 fanout-bench/mirror-bench.sh 50000   # acceptance 1: then compare every id
#
# Prints the mirror's summary (items/s, elapsed, requests) and its peak RSS. Needs the jar
# (fanout-cli/target/fanout.jar; built here when missing) and a JDK 25 (JAVA or the Temurin 25 path).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ids="${1:-1000000}"
concurrency="${2:-256}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
jar="$here/fanout-cli/target/fanout.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -B -o -q -pl fanout-cli -am package -DskipTests)
fi
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$java" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$jar" serve --port "$port" --data "synthetic:${SEED:-1}" >"$work/replica.log" 2>&1 &
replica=$!
trap 'kill $replica 2>/dev/null || true; rm -rf "$work"' EXIT
up=false
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/v0/maxitem.json" >/dev/null 2>&1; then up=true; break; fi
  kill -0 "$replica" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" != true ]; then
  echo "the replica did not start; its log:" >&2
  cat "$work/replica.log" >&2
  exit 2
fi
echo "replica pid $replica on port $port; mirroring ids 1..$ids with -c $concurrency, -Xmx256m" >&2
/usr/bin/time -f "peak RSS %M KiB, %e s wall, %P CPU" \
  "$java" --enable-native-access=ALL-UNNAMED -Xmx256m -jar "$jar" hn mirror --db "$work/bench.db" \
  --from 1 --to "$ids" --api "http://127.0.0.1:$port/v0" -c "$concurrency" --no-progress
ls -l "$work/bench.db" | awk '{print "database " $5 " bytes"}'
if [ "${VERIFY:-0}" = 1 ]; then
  # Acceptance 1: every id compared with what the replica serves (the synthetic world of the same seed).
  [ -d "$here/fanout-bench/target/classes/dev/fanout/bench" ] || (cd "$here" && ./mvnw -B -o -q -pl fanout-bench -am compile)
  "$java" --enable-native-access=ALL-UNNAMED -cp "$here/fanout-bench/target/classes:$jar" \
    dev.fanout.bench.MirrorVerify "$work/bench.db" "${SEED:-1}" 1 "$ids"
fi
