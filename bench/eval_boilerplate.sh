#!/usr/bin/env bash
# Boilerplate quality on generated feeds, against the generator's ground truth:
#   1. a feed with site templates, ads, comments, related blocks (many documents per source):
#      share of boilerplate paragraphs removed, share of content paragraphs removed;
#   2. the same articles with no boilerplate at all: content paragraphs removed.
# Usage: bench/eval_boilerplate.sh [BUILD_DIR] [SIZE]   (defaults: build 50M)
set -euo pipefail
build=${1:-build}
size=${2:-50M}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# paragraph counts from `winnow eval --json`: tp fp fn tn
counts() { grep -o '"paragraphs": {[^}]*}' "$1" | grep -o '"\(tp\|fp\|fn\|tn\)": [0-9]*' | awk '{print $2}' | xargs; }

run() {  # run NAME GENERATOR-FLAGS...
  local name=$1; shift
  "$build/bench/winnow_gen_feed" --seed 11 --bytes "$size" "$@" -o "$work/feed.jsonl" --truth "$work/truth.jsonl"
  "$build/winnow" learn -q "$work/feed.jsonl" -o "$work/model"
  "$build/winnow" eval --json --worst 0 --model "$work/model" --truth "$work/truth.jsonl" "$work/feed.jsonl" > "$work/eval.json"
  read -r tp fp fn tn <<< "$(counts "$work/eval.json")"
  awk -v name="$name" -v tp="$tp" -v fp="$fp" -v fn="$fn" -v tn="$tn" 'BEGIN {
    printf "%-22s content paragraphs %8d, removed %6d (%.3f%%)", name, tp + fn, fn, 100 * fn / (tp + fn)
    if (tn + fp > 0) printf "; boilerplate paragraphs %8d, removed %8d (%.2f%%)", tn + fp, tn, 100 * tn / (tn + fp)
    printf "\n" }'
}

echo "generated feeds of $size, seed 11 (winnow learn, then winnow eval --model)"
run "with boilerplate"
run "without boilerplate" --content-only
