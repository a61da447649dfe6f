#!/usr/bin/env bash
# Issue 4, acceptance 5: the comment crawler's speed and memory, the replica in its own process.
#
#   fanout-bench/hn-bench.sh                 # cold (one CLI run each, as a user runs it) and warm figures
#   RUNS=10 WARMUP=10 fanout-bench/hn-bench.sh  # warm runs measured after warm-up rounds
#                                            # (WARMUP0 for the zero-latency part, default 2)
#   PROTO=h2 fanout-bench/hn-bench.sh        # one protocol: h2 (HTTPS, ALPN), h2c, or http1
#
# Both HTTP/2 flavours run by default: h2 over TLS is what the real API speaks; h2c (HTTP/2 without
# TLS, --h2c) shows the same crawl without the encryption. -c 4096 multiplexes over one connection.
# Over plain http1, -c 4096 means 4096 connections opened at once; on a loaded 2-core box the replica
# may reset some of them (reported as INCOMPLETE, "Reset xN", never as a count).
#
# Cold: `./fanout hn comments ID -c 4096 --format jsonl` against `./fanout serve --latency 50ms`, for
# the catalog's 10000 and wide10000 threads; the bound is 1.1 x (depth + 1) x 50 ms. Then, with zero
# latency, the 100000-comment thread with -Xmx256m (items/s = fetches / elapsed). Warm: HnCrawlBench
# crawls the same stories several times in one JVM. Prints every figure; exits 1 if a count is wrong.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${RUNS:-5}"
warmup="${WARMUP:-10}"
protos="${PROTO:-h2c h2}"
java="${FANOUT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

./fanout --version >/dev/null                       # builds fanout.jar when the sources changed
./mvnw -B -o -q -pl fanout-bench -am compile -DskipTests >/dev/null
cp="fanout-bench/target/classes:fanout-cli/target/fanout.jar"

pids=()
bad=0
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_replica() { # $1 = latency; sets base
  local log; log="$(mktemp)"
  ./fanout serve --port 0 --latency "$1" ${TLS:+--tls} >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    base="$(sed -n 's#^Serving Hacker News API replica at \(https*://[^ ]*\)/v0.*#\1#p' "$log" | head -n1)"
    cert="$(sed -n 's#^Certificate (PEM, for --cacert): \(.*\)$#\1#p' "$log" | head -n1)"
    if [ -n "$base" ]; then
      tls_args=(); [ -n "$cert" ] && tls_args=(--cacert "$cert")
      [ -n "$H2C" ] && tls_args=(--h2c)
      return 0
    fi
    sleep 0.1
  done
  echo "replica did not start:"; cat "$log"; exit 2
}

catalog_field() { # $1 = base, $2 = story name, $3 = field
  curl -s ${cert:+--cacert "$cert"} "$1/__catalog" | "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.fanout.bench.HnCatalogField "$2" "$3"
}

cold() { # $1 = base, $2 = name, $3 = latency ms, $4 = -c
  local id depth fetches line elapsed
  id="$(catalog_field "$1" "$2" id)"; depth="$(catalog_field "$1" "$2" depth)"; fetches="$(catalog_field "$1" "$2" fetches)"
  local start end
  start=$(date +%s%N)
  line="$(./fanout hn comments "$id" -c "$4" --api "$1/v0" --format jsonl --no-progress "${tls_args[@]}")" || true
  end=$(date +%s%N)
  elapsed="$(echo "$line" | sed -n 's/.*"elapsed_ms":\([0-9]*\).*/\1/p')"
  got="$(echo "$line" | sed -n 's/.*"fetches":\([0-9]*\).*/\1/p')"
  echo "cold $2 (latency ${3}ms, -c $4): fetches $got (catalog $fetches), depth $depth, crawl ${elapsed} ms, process $(( (end - start) / 1000000 )) ms$(
    [ "$3" -gt 0 ] && awk -v e="$elapsed" -v d="$depth" -v l="$3" 'BEGIN { b = 1.1 * (d + 1) * l; printf ", bound %.0f ms: %s", b, (e <= b ? "within" : "OVER") }'
    [ "$3" -eq 0 ] && awk -v e="$elapsed" -v f="$got" 'BEGIN { printf ", %.0f items/s", f / (e / 1000) }')"
  if [ "$got" != "$fetches" ] || ! echo "$line" | grep -q '"complete":true'; then
    echo "  NOT EXACT/COMPLETE: $(echo "$line" | cut -c1-300)"; bad=1
  fi
}

for proto in $protos; do
  case "$proto" in
    h2) TLS=1; H2C="" ;;
    h2c) TLS=""; H2C=1 ;;
    http1) TLS=""; H2C="" ;;
    *) echo "PROTO must be h2, h2c or http1: $proto" >&2; exit 2 ;;
  esac
  bench_args=(--runs "$runs" --warmup "$warmup")
  [ -n "$H2C" ] && bench_args+=(--h2c)

  echo "== $proto: 50 ms latency, -c 4096"
  start_replica 50ms
  cold "$base" 10000 50 4096
  cold "$base" wide10000 50 4096
  "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.fanout.bench.HnCrawlBench \
    --base "$base" --latency-ms 50 -c 4096 "${bench_args[@]}" ${cert:+--cacert "$cert"} 10000 wide10000 || bad=1
  cleanup; pids=()

  echo "== $proto: zero latency, -c 256 (the default), -Xmx256m for the 100000-comment thread"
  start_replica 0
  FANOUT_JAVA_OPTS="-Xmx256m" cold "$base" 100000 0 256
  cold "$base" 10000 0 256
  "$java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$cp" dev.fanout.bench.HnCrawlBench \
    --base "$base" -c 256 --runs "$runs" --warmup "${WARMUP0:-2}" ${H2C:+--h2c} ${cert:+--cacert "$cert"} 100000 10000 || bad=1
  cleanup; pids=()
done
exit "$bad"
