#!/usr/bin/env bash
# bench/compare on two stand-in programs whose times are known: the pair ratios, the
# count of pairs each side won and the sign test follow, and no CPU time is no error.
# Usage: run_compare.sh BENCH_COMPARE   (exit 77, skipped, without GNU time)
set -u
compare=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time is missing"; exit 77; }
. "$(dirname "$0")/lib.sh"

printf '#!/bin/sh\nsleep 0.3\n' > slow && printf '#!/bin/sh\nsleep 0.05\n' > fast && chmod +x slow fast
out=$(bash "$compare" --runs 4 ./slow ./fast clean 2>&1)
echo "$out"
check "B wins every pair" grep -q 'B faster in 4 of 4, A in 0 (sign test p = 0.125)' <<< "$out"
check "pair ratio above 1" grep -Eq 'pairs: wall A/B median ([2-9]|[1-9][0-9])\.' <<< "$out"
check "no CPU time reads n/a" grep -q 'cpu n/a' <<< "$out"
out=$(bash "$compare" --runs 2 ./fast ./slow clean 2>&1)
check "A wins every pair" grep -q 'B faster in 0 of 2, A in 2 (sign test p = 0.500)' <<< "$out"
printf '#!/bin/sh\nexit 3\n' > broken && chmod +x broken
bash "$compare" --runs 1 ./fast ./broken clean > out.txt 2>&1
check "a failing command stops it" test $? -ne 0
check "and is named" grep -q 'failed: ./broken clean' out.txt
report run_compare
