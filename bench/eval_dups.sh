#!/usr/bin/env bash
# Duplicate and passage detection on a generated feed, against the generator's truth:
# copies linked to their original (exact, light, heavy edits), planted quotes found with
# their spans, precision of the reported pairs (neither planted nor truly similar are
# false), and recall against a brute-force sample. `winnow clean` runs with its default
# options, plus any in $WINNOW_CLEAN_ARGS (say, --max-memory 256M); bench/eval_dups.cpp
# documents every figure and option.
# Usage: bench/eval_dups.sh [BUILD_DIR] [SIZE] [winnow_eval_dups options...]   (defaults: build 50M)
set -euo pipefail
build=${1:-build}
size=${2:-50M}
shift $(( $# < 2 ? $# : 2 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/winnow_gen_feed" --seed 11 --bytes "$size" -o "$work/feed.jsonl" --truth "$work/truth.jsonl"
read -r -a clean_args <<< "${WINNOW_CLEAN_ARGS:-}"
"$build/winnow" clean "${clean_args[@]}" "$work/feed.jsonl" -o "$work/out.jsonl"
echo "generated feed of $size, seed 11 (winnow clean ${clean_args[*]:-with default options})" >&2
"$build/bench/winnow_eval_dups" --truth "$work/truth.jsonl" "$work/out.jsonl" "$@"
