#!/usr/bin/env bash
# SIGKILL at random moments while `clean --index` updates an index and while `learn -o`
# replaces a model: what is left must be the old file or the new one, whole and loadable.
# Usage: run_kill.sh WINNOW FIXTURES [ROUNDS]   (ROUNDS per command, default 10)
set -u
winnow=$(realpath "$1")
fixtures=$(realpath "$2")
rounds=${3:-10}
source "$(dirname "$(realpath "$0")")/lib.sh"

# Two days of a feed big enough that a run lasts a good fraction of a second.
sample=$fixtures/sample_feed.jsonl
repeat() {  # repeat TIMES PREFIX: the sample TIMES over, ids made unique with PREFIX
  awk -v times="$1" -v prefix="$2" '{ line[NR] = $0 }
    END { for (i = 1; i <= times; i++) for (j = 1; j <= NR; j++) {
      l = line[j]; sub(/"id": "/, "\"id\": \"" prefix i "-", l); print l } }' "$sample"
}
repeat 3000 a > day1.jsonl
repeat 3000 b | sed 's/ the / a /' > day2.jsonl

# The two states each file may be left in, made by runs that were not interrupted.
"$winnow" clean -q --index old.index day1.jsonl > /dev/null
cp old.index new.index
start=$(date +%s%N)
"$winnow" clean -q --index new.index day2.jsonl > /dev/null
index_ms=$(( ($(date +%s%N) - start) / 1000000 ))
"$winnow" learn -q day1.jsonl -o old.model
start=$(date +%s%N)
"$winnow" learn -q --max-memory 64K day2.jsonl -o new.model  # spills runs: more to interrupt
learn_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "the two index states differ" bash -c "! cmp -s old.index new.index"
check "the two models differ" bash -c "! cmp -s old.model new.model"

# kill_at MS COMMAND...: starts COMMAND, sends SIGKILL after a random part of MS (a little
# past it now and then, so complete runs are seen too).
kill_at() {
  local ms=$1; shift
  local delay=$(( RANDOM % (ms + ms / 5 + 1) ))
  "$@" > /dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

old_left=0
new_left=0
for round in $(seq 1 "$rounds"); do
  cp old.index live.index
  kill_at "$index_ms" "$winnow" clean -q --index live.index day2.jsonl
  if cmp -s live.index old.index; then old_left=$((old_left + 1))
  elif cmp -s live.index new.index; then new_left=$((new_left + 1))
  else check "index round $round: the old or the new index, nothing else" false
  fi
  check "index round $round: loads" bash -c "'$winnow' index stats live.index > /dev/null"

  cp old.model live.model
  mkdir -p runs
  kill_at "$learn_ms" "$winnow" learn -q --max-memory 64K --temp-dir runs day2.jsonl -o live.model
  if cmp -s live.model old.model; then old_left=$((old_left + 1))
  elif cmp -s live.model new.model; then new_left=$((new_left + 1))
  else check "learn round $round: the old or the new model, nothing else" false
  fi
  check "learn round $round: loads" bash -c "'$winnow' clean -q --model live.model day1.jsonl > /dev/null"
  rm -rf runs
done
echo "kill: a full index run takes ${index_ms} ms, learning ${learn_ms} ms; $((rounds * 2)) runs killed; $old_left left the old file, $new_left the new one"
# What a killed run leaves beside the file is never taken for it: only complete files load.
check "temporary files are named as such" bash -c "! ls | grep -v -E '^(day[12]\\.jsonl|(old|new|live)\\.(index|model)|.*\\.winnow-tmp-.*)\$'"

report "kill"
