#!/usr/bin/env bash
# Bad input, case by case: each asserts the exit status, the message, and that every
# record is accounted for (records_in = records_out + rejected + dropped).
set -u
winnow=$(realpath "$1")
fixtures=$(realpath "$2")
source "$(dirname "$(realpath "$0")")/lib.sh"

# expect NAME STATUS MESSAGE RECORDS_IN FILE [OPTIONS...]
# Cleans FILE; checks the status, that stderr matches MESSAGE (an ERE; empty: stderr is
# empty), the records counted in, and the accounting. Leaves NAME.out, .err and .stats.
expect() {
  local name=$1 status=$2 message=$3 records=$4 file=$5
  shift 5
  "$winnow" clean --stats "$name.stats" "$@" "$file" > "$name.out" 2> "$name.err"
  local got=$?
  check "$name: exits $status (got $got)" test "$got" = "$status"
  if [ -n "$message" ]; then
    check "$name: says '$message'" grep -qE -- "$message" "$name.err"
  else
    check "$name: says nothing" test ! -s "$name.err"
  fi
  check "$name: $records records in" test "$(stat_of "$name.stats" records_in)" = "$records"
  check "$name: every record accounted for" accounts_for_all "$name.stats"
}
# expect_skipped NAME FILE COUNT: with --on-error skip, COUNT raw lines reach the rejects.
expect_skipped() {
  local name=$1 file=$2 count=$3
  "$winnow" clean -q --on-error skip --rejects "$name.rej" --stats "$name.skip.stats" "$file" > /dev/null
  check "$name: $count lines in the rejects" test "$(wc -l < "$name.rej")" = "$count"
  check "$name: rejects counted" test "$(stat_of "$name.skip.stats" rejected)" = "$count"
  check "$name: accounted when skipped" accounts_for_all "$name.skip.stats"
}
good='{"id":"g","text":"The council met on Tuesday to discuss the new harbour wall."}'

# Empty and blank input.
: > empty.jsonl
expect empty 0 "" 0 empty.jsonl
check "empty: no output" test ! -s empty.out
printf '  \n\t\n\n' > blank.jsonl
expect blank 0 "" 0 blank.jsonl
check "blank: blank lines counted" test "$(stat_of blank.stats blank_lines)" = 3

# A byte-order mark opening the file is dropped, so the output is plain JSON lines.
printf '\xef\xbb\xbf%s\n' "$good" > bom.jsonl
expect bom 0 "" 1 bom.jsonl
check "bom: the mark is not written" test "$(head -c 1 bom.out)" = "{"
check "bom: the record is cleaned" test "$(stat_of bom.stats records_out)" = 1

# CRLF line ends: the record parses; the carriage return stays where it was.
printf '%s\r\n%s\r\n' "$good" "$good" > crlf.jsonl
expect crlf 0 "" 2 crlf.jsonl --no-strip
check "crlf: bytes unchanged" cmp -s crlf.jsonl crlf.out

# Records that are not objects, duplicate and deep keys, text of the wrong type.
printf '[1,2]\n42\n"a string"\n%s\n' "$good" > shapes.jsonl
expect shapes 0 "shapes.jsonl:1: record is not a JSON object; record kept unchanged" 4 shapes.jsonl
check "shapes: each is counted" test "$(stat_of shapes.stats not_an_object)" = 3
check "shapes: kept unchanged" cmp -s shapes.jsonl shapes.out
expect_skipped shapes shapes.jsonl 3
printf '{"text":"first","text":"second"}\n' > dupkey.jsonl
expect dupkey 0 "dupkey.jsonl:1: text field appears more than once" 1 dupkey.jsonl
check "dupkey: counted" test "$(stat_of dupkey.stats duplicate_text)" = 1
{ printf '{"a":'; printf '[%.0s' $(seq 10000); printf ']%.0s' $(seq 10000); printf ',"text":"deep"}\n'; } > deep.jsonl
expect deep 0 "deep.jsonl:1: malformed JSON \(nested too deeply\)" 1 deep.jsonl
printf '{"text":null}\n{"text":7}\n{"text":{"body":"x"}}\n{"id":"none"}\n' > types.jsonl
expect types 0 "types.jsonl:1: text field is null" 4 types.jsonl
check "types: a number is named" grep -q "types.jsonl:2: text field is not a string" types.err
check "types: an object is named" grep -q "types.jsonl:3: text field is not a string" types.err
check "types: a missing field is named" grep -q "types.jsonl:4: text field missing" types.err
expect_skipped types types.jsonl 4
expect types_fail 3 "types.jsonl:1: text field is null" 1 types.jsonl --on-error fail
check "types_fail: nothing written" test ! -s types_fail.out

# Invalid UTF-8: an overlong slash, a UTF-16 surrogate, a cut sequence; NUL bytes.
printf '{"text":"over \xc0\xaf long"}\n{"text":"half \xed\xa0\x80 pair"}\n{"text":"cut \xe2\x82"}\n%s\n' "$good" > utf8.jsonl
expect utf8 0 "utf8.jsonl:1: invalid UTF-8" 4 utf8.jsonl
check "utf8: each is counted" test "$(stat_of utf8.stats invalid_utf8)" = 3
check "utf8: the surrogate is named" grep -q "utf8.jsonl:2: invalid UTF-8" utf8.err
check "utf8: the cut sequence is named" grep -q "utf8.jsonl:3: invalid UTF-8" utf8.err
printf '{"text":"a \0 b"}\n%s\n' "$good" > nul.jsonl
expect nul 0 "nul.jsonl:1: NUL byte in record" 2 nul.jsonl
check "nul: kept byte for byte" cmp -s nul.jsonl nul.out

# A 200 MB record passes unchanged in bounded memory; so does one of a million paragraphs.
{
  printf '%s\n{"id":"huge","text":"' "$good"
  yes 'Word' | tr '\n' ' ' | head -c $((200 << 20))
  printf '"}\n%s\n' "$good"
} > huge.jsonl
expect huge 0 "huge.jsonl:2: record larger than --max-record-size; record kept unchanged" 3 huge.jsonl
check "huge: output is the input" cmp -s huge.jsonl huge.out
expect_skipped huge huge.jsonl 1
rm -f huge.jsonl huge.out huge.rej
{ printf '{"id":"many","text":"'; yes 'x\n\n' | head -n 1000000 | tr -d '\n'; printf '"}\n%s\n' "$good"; } > paras.jsonl
expect paras 0 "paras.jsonl:1: more paragraphs than --max-paragraphs; record kept unchanged" 2 paras.jsonl
check "paras: output is the input" cmp -s paras.jsonl paras.out
expect paras_raised 0 "" 2 paras.jsonl --max-paragraphs 2000000
check "paras_raised: cleaned under a higher limit" test "$(stat_of paras_raised.stats total)" = 1000001

# A last line without a newline is a record; a newline is added only when more follows.
printf '%s\n%s' "$good" "$good" > nonl.jsonl
expect nonl 0 "" 2 nonl.jsonl --no-strip
check "nonl: bytes unchanged" cmp -s nonl.jsonl nonl.out
"$winnow" clean --no-strip nonl.jsonl nonl.jsonl > nonl2.out
check "nonl: a newline between files" test "$(wc -l < nonl2.out)" = 3
printf '%s\n{"text":"cut' "$good" > cutline.jsonl
expect cutline 0 "cutline.jsonl:2: input ends inside this record" 2 cutline.jsonl

# Truncated compressed input: the complete records come out, the cut is named.
# (zstd cuts only between blocks of 128 KiB: the file spans several.)
seq 1 20000 | sed 's/.*/{"id":"&","text":"Report number & from the harbour desk."}/' > many.jsonl
gzip -c many.jsonl > whole.gz
zstd -q -c many.jsonl > whole.zst
head -c $(( $(wc -c < whole.gz) / 2 )) whole.gz > cut.gz
head -c $(( $(wc -c < whole.zst) / 2 )) whole.zst > cut.zst
for kind in gz zst; do
  "$winnow" clean --no-strip --stats "cut_$kind.stats" "cut.$kind" > "cut_$kind.out" 2> "cut_$kind.err"
  check "cut_$kind: exits 1" test $? = 1
  check "cut_$kind: names file, line and reason" grep -qE "^winnow: cut.$kind:[0-9]+: truncated (gzip|zstd)" "cut_$kind.err"
  check "cut_$kind: records before the cut come out" test "$(wc -l < "cut_$kind.out")" -gt 100
  check "cut_$kind: they are a prefix of the input" cmp -s "cut_$kind.out" <(head -c "$(wc -c < "cut_$kind.out")" many.jsonl)
  check "cut_$kind: accounted" accounts_for_all "cut_$kind.stats"
done

# Directories and unreadable files are named; the other inputs are still cleaned.
mkdir adir
printf '%s\n' "$good" > one.jsonl
"$winnow" clean --stats dir.stats one.jsonl adir one.jsonl > dir.out 2> dir.err
check "dir: exits 1" test $? = 1
check "dir: named" grep -q "^winnow: adir: is a directory" dir.err
check "dir: the other files are cleaned" test "$(wc -l < dir.out)" = 2
check "dir: accounted" accounts_for_all dir.stats
if [ "$(id -u)" != 0 ]; then
  printf '%s\n' "$good" > locked.jsonl
  chmod 000 locked.jsonl
  "$winnow" clean locked.jsonl > /dev/null 2> locked.err
  check "unreadable: exits 1" test $? = 1
  check "unreadable: named" grep -q "^winnow: locked.jsonl: cannot open: Permission denied" locked.err
else
  echo "SKIP unreadable file (running as root)"
fi

# State files: corrupt, truncated, of another version or kind are refused, never used.
"$winnow" learn -q "$fixtures/sample_feed.jsonl" -o good.model
"$winnow" clean -q --index good.index "$fixtures/sample_feed.jsonl" > /dev/null
refused() {  # refused NAME OPTION FILE MESSAGE
  "$winnow" clean "$2" "$3" one.jsonl > "$1.out" 2> "$1.err"
  check "$1: exits 1" test $? = 1
  check "$1: says '$4'" grep -qE -- "^winnow: $3: $4" "$1.err"
  check "$1: writes no record" test ! -s "$1.out"
}
patch_byte() {  # patch_byte FILE OFFSET OCTAL_BYTE
  printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
for kind in model:1 index:3; do  # each kind of state file, with the format version this winnow reads
  name=${kind%:*}
  cp "good.$name" "flipped.$name"; patch_byte "flipped.$name" 130 132
  refused "corrupt_$name" "--$name" "flipped.$name" "checksum mismatch"
  head -c 60 "good.$name" > "short.$name"
  refused "short_$name" "--$name" "short.$name" "truncated"
  cp "good.$name" "v9.$name"; patch_byte "v9.$name" 8 011
  refused "version_$name" "--$name" "v9.$name" "$name format version 9; this winnow reads version ${kind#*:}"
done
refused index_as_model --model good.index "not a winnow model file"
check "a refused index is left as it was" bash -c "cmp -s v9.index <(head -c 8 good.index; printf '\\011'; tail -c +10 good.index)"
refused dir_model --model adir "is a directory"

report "bad input"
