#!/usr/bin/env bash
# Issue 16: the table of JVM settings that decision 0014 chooses from. For each setting, fanout alone
# (no peers) through fanout-bench/cold.sh, as a user runs it: the 500-comment crawl at 50 ms (whole
# process), the 1,000-URL gather, --version, and a long run (100,000 comments at zero latency, items/s).
#
#   fanout-bench/jit-table.sh                 # RUNS=3 per setting
#   SETTINGS="default|-XX:TieredStopAtLevel=1" fanout-bench/jit-table.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
settings="${SETTINGS:-default|-XX:TieredStopAtLevel=1|-XX:+UseSerialGC|-XX:CICompilerCount=2|-XX:TieredStopAtLevel=1 -XX:+UseSerialGC|no-aot|-Xms64m -Xmn32m}"
IFS='|' read -r -a list <<<"$settings"
(cd "$here" && ./fanout --version >/dev/null && ./mvnw -B -o -q -pl fanout-bench -am compile -DskipTests >/dev/null)
for s in "${list[@]}"; do
  opts="$s" aot=1
  [ "$s" = default ] && opts=""
  [ "$s" = no-aot ] && opts="" aot=0 # FANOUT_AOT=0: without the start-up cache (default CDS only)
  echo "== $s"
  COMPILE=0 FANOUT_AOT="$aot" FANOUT_JAVA_OPTS="$opts" PEERS=0 RUNS="${RUNS:-3}" PARTS="${PARTS:-crawl gather version long}" "$here/fanout-bench/cold.sh" |
    grep -E '^  (fanout hn comments|fanout fetch|\./fanout --version)|^long:' || true
done
