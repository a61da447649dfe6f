#!/usr/bin/env bash
# `fanout fetch --output-dir` against the same fetch without saving (issue 17): 1,000 URLs of 100 KiB
# each from a loopback replica (`fanout serve`, its own process), every run a fresh `fanout.jar` JVM
# as a user starts it, alternating the two commands; prints each time, the medians and their ratio
# (the goal: saving within 1.3x). docs/decisions/0017 records the figures.
# Usage: fanout-bench/output-dir.sh [RUNS]   (default 5 runs of each, after one warm-up of each)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-5}"
jdk=""
for c in "${FANOUT_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
  v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then jdk="$c"; break; fi
done
[ -n "$jdk" ] || { echo "output-dir.sh: needs a JDK 25 or newer under /usr/lib/jvm (or FANOUT_JAVA_HOME)" >&2; exit 2; }
java="$jdk/bin/java"
jar="$here/fanout-cli/target/fanout.jar"
if [ -z "${NO_BUILD:-}" ]; then
  echo "output-dir.sh: building fanout.jar..." >&2
  ./mvnw -q -B -o -DskipTests -pl fanout-cli -am package >&2
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$java" -Dslf4j.internal.verbosity=ERROR -jar "$jar" serve --port 0 >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do grep -q '^Serving' "$work/serve.out" && break; sleep 0.05; done
base="$(sed -n 's|^Serving Hacker News API replica at \(http://[0-9.:]*\)/v0$|\1|p' "$work/serve.out")"
[ -n "$base" ] || { echo "output-dir.sh: the replica did not start:" >&2; cat "$work/serve.out" >&2; exit 1; }
for i in $(seq 1 1000); do echo "$base/bytes/102400?i=$i"; done >"$work/urls.txt"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "== 1,000 URLs x 100 KiB from $base, fanout fetch -c 64 --format jsonl"
fetch() { # args: extra options; prints seconds
  local t0 t1
  t0="$(date +%s.%N)"
  "$java" -Dslf4j.internal.verbosity=ERROR -jar "$jar" fetch --no-progress --format jsonl -i "$work/urls.txt" "$@" \
    >"$work/out.jsonl" 2>/dev/null || { echo "output-dir.sh: fetch $* failed" >&2; exit 1; }
  t1="$(date +%s.%N)"
  [ "$(grep -c '"status":200' "$work/out.jsonl")" -eq 1000 ] || { echo "output-dir.sh: not 1000 answers" >&2; exit 1; }
  echo "$t1 - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
fetch >/dev/null
rm -rf "$work/saved"; fetch --output-dir "$work/saved" >/dev/null
plain=(); saving=()
for r in $(seq 1 "$runs"); do
  plain+=("$(fetch)")
  rm -rf "$work/saved"
  saving+=("$(fetch --output-dir "$work/saved")")
  [ "$(find "$work/saved" -type f | wc -l)" -eq 1000 ] || { echo "output-dir.sh: not 1000 files" >&2; exit 1; }
done
p="$(printf '%s\n' "${plain[@]}" | median)"
s="$(printf '%s\n' "${saving[@]}" | median)"
echo "without saving (s):   ${plain[*]}   median $p"
echo "--output-dir (s):     ${saving[*]}   median $s"
echo "ratio: $(echo "scale=2; $s / $p" | bc)x (goal: within 1.3x)"
