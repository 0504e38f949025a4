#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after another, on a scratch copy of its seed
# corpus (the repository's corpus is never written to). Prints one line per target and
# exits non-zero if any target crashed, leaked, timed out or ran out of memory.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR was configured with -DWINNOW_FUZZ=ON (see tests/fuzz/CMakeLists.txt). Logs,
# the grown corpora and crash artifacts stay under the scratch directory it prints.
set -uo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_json_record fuzz_paragraphs fuzz_rules fuzz_model fuzz_index)

# Longest input per target: records and pages need room; state files are a few KB.
max_len() {
  case $1 in
    fuzz_json_record | fuzz_paragraphs) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/winnow-fuzz-run.XXXXXX")
echo "fuzz scratch directory: $scratch (logs, corpora, artifacts)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=0
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/$target
  if [[ ! -x $binary ]]; then
    echo "$target: not built ($binary missing)"
    failed=1
    continue
  fi
  corpus=$scratch/corpus/$target
  artifacts=$scratch/artifacts/$target
  log=$scratch/$target.log
  mkdir -p "$corpus" "$artifacts"
  cp -r "$here/corpus/$target/." "$corpus/"
  (cd "$scratch" && "$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$(max_len "$target")" -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1)
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [[ $status -ne 0 && $crashes -eq 0 ]]; then crashes=1; fi  # died without an artifact
  echo "$target: runs=${runs:-?} exec/s=${speed:-?} cov=${cov:-?} ft=${ft:-?} crashes=$crashes exit=$status"
  if [[ $crashes -ne 0 ]]; then
    failed=1
    echo "  log: $log"
    find "$artifacts" -type f -printf '  artifact: %p\n'
  fi
done
exit $failed
