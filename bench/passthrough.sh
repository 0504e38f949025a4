#!/usr/bin/env bash
# Pass-through throughput of winnow against `cat` on the same generated feed, same run.
# Usage: bench/passthrough.sh [BUILD_DIR] [SIZE] [RUNS]   (defaults: build 1G 5)
# Prints medians (MB/s) and each as a ratio of the `cat FILE >/dev/null` floor.
set -euo pipefail
build=${1:-build}
size=${2:-1G}
runs=${3:-5}
feed=${TMPDIR:-/tmp}/winnow-bench-feed-$size.jsonl
[ -s "$feed" ] || "$build/bench/winnow_gen_feed" --seed 7 --bytes "$size" -o "$feed"
bytes=$(stat -c %s "$feed")
cat "$feed" > /dev/null  # warm the page cache

median_seconds() {  # median_seconds CMD... -> median wall seconds of $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p"
}

report() {  # report NAME SECONDS FLOOR_SECONDS
  awk -v name="$1" -v t="$2" -v floor="$3" -v bytes="$bytes" \
    'BEGIN { printf "%-38s %8.1f MB/s   %6.3f x cat\n", name, bytes / t / 1e6, floor / t }'
}

echo "feed: $feed ($bytes bytes), $runs runs each, $(nproc) cores"
floor=$(median_seconds cat "$feed")
report "cat FILE >/dev/null" "$floor" "$floor"
for threads in 1 2; do
  t=$(median_seconds "$build/winnow" clean --no-strip -j "$threads" "$feed")
  report "winnow clean --no-strip -j $threads" "$t" "$floor"
done
for threads in 1 2; do
  t=$(median_seconds "$build/winnow" clean -j "$threads" "$feed")
  report "winnow clean -j $threads (learn, strip)" "$t" "$floor"
done
