#!/usr/bin/env bash
# Golden CLI tests: each folder under the golden root is a case.
#   args           the command line after 'winnow' (one line; word-split by the shell)
#   expected.out   exact stdout;  expected.err  exact stderr (optional, default empty)
#   expected.rc    exit status (optional, default 0)
#   expected.FILE  exact content of FILE written by the command (optional, any number)
# The command runs inside a scratch copy of the case folder.
set -u
winnow=$(realpath "$1")
root=$2
failed=0
passed=0
for case_dir in "$root"/*/; do
  name=$(basename "$case_dir")
  work=$(mktemp -d)
  cp -r "$case_dir". "$work"/
  (
    cd "$work" || exit 99
    read -r args < args
    # shellcheck disable=SC2086
    "$winnow" $args > actual.out 2> actual.err
    echo $? > actual.rc
  )
  ok=1
  want_rc=$(cat "$work/expected.rc" 2>/dev/null || echo 0)
  if [ "$(cat "$work/actual.rc")" != "$want_rc" ]; then
    echo "FAIL $name: exit status $(cat "$work/actual.rc"), expected $want_rc"; ok=0
  fi
  [ -f "$work/expected.err" ] || : > "$work/expected.err"
  for expected in "$work"/expected.*; do
    suffix=${expected##*/expected.}
    [ "$suffix" = rc ] && continue
    case $suffix in out|err) actual="$work/actual.$suffix" ;; *) actual="$work/$suffix" ;; esac
    if ! cmp -s "$expected" "$actual"; then
      echo "FAIL $name: $suffix differs"; diff <(cat -A "$expected") <(cat -A "$actual" 2>&1) | head -20; ok=0
    fi
  done
  rm -rf "$work"
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "golden: $passed passed, $failed failed"
[ $failed = 0 ]
