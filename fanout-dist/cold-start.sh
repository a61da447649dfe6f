#!/usr/bin/env bash
# The release archive's launcher against the repository's, cold, as docs/decisions/0018 quotes them:
# wall time of `--version`, and launch to the first request's arrival at a loopback server
# (fanout-bench/peers/first_request.py) for `fanout fetch URL`, alternating, RUNS times each.
#
#   ./mvnw -B -DskipTests -pl fanout-dist -am package    # builds the archive (and fanout.jar)
#   RUNS=5 fanout-dist/cold-start.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'exec 3>&- 2>/dev/null; kill $server 2>/dev/null; rm -rf "$work"' EXIT
tar -xzf "$here"/fanout-dist/target/fanout-*-linux-x64.tar.gz -C "$work"
archive=("$work"/fanout-*/bin/fanout)
repo="$here/fanout"
"$repo" --version >/dev/null # builds fanout.jar and its start-up cache first, when stale

mkfifo "$work/in"
/usr/bin/python3 "$here/fanout-bench/peers/first_request.py" <"$work/in" >"$work/server.log" &
server=$!
exec 3>"$work/in"
until grep -q '^listening' "$work/server.log"; do sleep 0.1; done
port="$(sed -n 's/^listening //p' "$work/server.log")"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for name in archive repo; do : >"$work/$name.version"; : >"$work/$name.first"; done
for _ in $(seq "$runs"); do
  for name in archive repo; do
    if [ "$name" = archive ]; then fanout="${archive[0]}"; else fanout="$repo"; fi
    start="$(date +%s.%N)"
    "$fanout" --version >/dev/null
    echo "$(date +%s.%N) - $start" | bc >>"$work/$name.version"
    before="$(grep -c '^request' "$work/server.log" || true)"
    start="$(date +%s.%N)"
    "$fanout" fetch --no-progress "http://127.0.0.1:$port/" >/dev/null
    arrived="$(grep '^request' "$work/server.log" | sed -n "$((before + 1))p" | cut -d' ' -f2)"
    echo "$arrived - $start" | bc >>"$work/$name.first"
  done
done
printf '%-8s %12s %16s   (medians of %s runs, seconds)\n' launcher --version first-request "$runs"
for name in archive repo; do
  printf '%-8s %12.3f %16.3f\n' "$name" "$(median <"$work/$name.version")" "$(median <"$work/$name.first")"
done
