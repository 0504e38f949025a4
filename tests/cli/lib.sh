# Shared by the CLI test scripts: a scratch directory to work in and checks that count.
# Sourced after $winnow and $fixtures are set; the script runs inside the scratch directory.
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
cd "$work" || exit 1
passed=0
failed=0

check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}
stat_of() {  # stat_of STATS_FILE KEY -> the first number after "KEY":
  grep -o "\"$2\":[0-9]*" "$1" | head -1 | cut -d: -f2
}
accounts_for_all() {  # records_in == records_out + rejected + dropped
  local s=$1
  [ "$(stat_of "$s" records_in)" = "$(( $(stat_of "$s" records_out) + $(stat_of "$s" rejected) + $(stat_of "$s" dropped) ))" ]
}
report() {  # report NAME: the tally; the status is whether every check passed
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
