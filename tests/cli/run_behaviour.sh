#!/usr/bin/env bash
# CLI behaviour that golden files cannot express: compression, pipes, output faults,
# determinism across thread counts, big records, the --stats accounting.
set -u
winnow=$(realpath "$1")
fixtures=$(realpath "$2")
source "$(dirname "$(realpath "$0")")/lib.sh"

sample=$fixtures/sample_feed.jsonl
# A larger feed: the sample repeated with distinct ids, so batches and threads really split it.
for i in $(seq 1 400); do sed "s/\"id\": \"/\"id\": \"$i-/" "$sample"; done > big.jsonl

check "version" bash -c "'$winnow' --version | grep -q '^winnow [0-9]'"
check "help" bash -c "'$winnow' --help | grep -q 'Usage: winnow COMMAND'"
check "clean help" bash -c "'$winnow' clean --help | grep -q -- '--on-error'"
"$winnow" bogus 2>/dev/null; check "unknown command exits 2" test $? = 2
"$winnow" clean --print-rules > bundled.rules
check "print-rules shows the format and the rules" grep -q '^ad line : advertisement$' bundled.rules
"$winnow" clean --rules-only --rules bundled.rules "$sample" > with_printed.jsonl
"$winnow" clean "$sample" > with_bundled.jsonl
check "printed rules are the bundled rules" cmp -s with_printed.jsonl with_bundled.jsonl
"$winnow" clean --threads 0 2>/dev/null </dev/null; check "bad thread count exits 2" test $? = 2

# Pass-through is byte for byte, from a file, from stdin, and with any thread count.
"$winnow" clean --no-strip big.jsonl > out1.jsonl
check "no-strip reproduces input" cmp -s big.jsonl out1.jsonl
"$winnow" clean --no-strip - < big.jsonl > stdin.jsonl
check "stdin input" cmp -s big.jsonl stdin.jsonl
"$winnow" clean -j 1 - < big.jsonl > j1.jsonl
"$winnow" clean -j 2 < big.jsonl > j2.jsonl
check "same bytes for -j 1 and -j 2 (stdin)" cmp -s j1.jsonl j2.jsonl
"$winnow" clean -j 1 big.jsonl > f1.jsonl
"$winnow" clean -j 2 big.jsonl > f2.jsonl
check "same bytes for -j 1 and -j 2 (two passes)" cmp -s f1.jsonl f2.jsonl
check "cleaning removes something from the sample" test "$(wc -c < f1.jsonl)" -lt "$(wc -c < big.jsonl)"

# Compression is recognised from the bytes, whatever the file is called.
gzip -c big.jsonl > feed.data
zstd -q -c big.jsonl > feed.jsonl.gz
"$winnow" clean --no-strip feed.data > gz.jsonl
check "gzip by magic bytes" cmp -s big.jsonl gz.jsonl
"$winnow" clean --no-strip feed.jsonl.gz > zst.jsonl
check "zstd by magic bytes" cmp -s big.jsonl zst.jsonl
zstd -q -c big.jsonl | "$winnow" clean --no-strip > zst_stdin.jsonl
check "zstd on stdin" cmp -s big.jsonl zst_stdin.jsonl
(gzip -c "$sample"; gzip -c "$sample") > two_members.gz
"$winnow" clean --no-strip two_members.gz > two.jsonl
check "multi-member gzip" cmp -s <(cat "$sample" "$sample") two.jsonl

# Truncated compressed input: every complete record comes out, the cut is reported.
head -c $(( $(wc -c < feed.data) / 2 )) feed.data > cut.gz
"$winnow" clean --no-strip --stats stats_cut.json cut.gz > cut.jsonl 2> cut.err
check "truncated gzip exits 1" test $? = 1
check "truncated gzip names the file" grep -q "^winnow: cut.gz:[0-9]*: truncated gzip" cut.err
check "truncated gzip keeps complete records" test "$(wc -l < cut.jsonl)" -gt 10
check "truncated gzip output is a prefix" cmp -s cut.jsonl <(head -c "$(wc -c < cut.jsonl)" big.jsonl)
check "truncated gzip accounted" accounts_for_all stats_cut.json
head -c $(( $(wc -c < feed.jsonl.gz) / 2 )) feed.jsonl.gz > cut.zst
"$winnow" clean cut.zst > /dev/null 2> cutz.err
check "truncated zstd exits 1" test $? = 1
check "truncated zstd reported" grep -q "truncated zstd" cutz.err

# A closed output pipe ends the run quietly.
"$winnow" clean big.jsonl big.jsonl big.jsonl 2> pipe.err | head -n 1 > /dev/null
check "closed pipe exit status" test "${PIPESTATUS[0]}" = 0
check "closed pipe is quiet" test ! -s pipe.err

# Output faults: a full disk is an error; -o never leaves a half-written file.
"$winnow" clean -o /dev/full big.jsonl 2> full.err
check "/dev/full exits 4" test $? = 4
check "/dev/full message" grep -q "^winnow: /dev/full: write failed" full.err
"$winnow" clean -o result.jsonl big.jsonl
check "-o writes the file" cmp -s f1.jsonl result.jsonl
check "-o leaves no temporary file" test -z "$(ls | grep winnow-tmp)"
printf '{"text":"a"}\n{"text":5}\n' > one_bad.jsonl
"$winnow" clean --on-error fail -o failed.jsonl one_bad.jsonl 2>/dev/null
check "failed run exits 3" test $? = 3
check "failed run leaves no output file" test ! -e failed.jsonl
check "failed run leaves no temporary file" test -z "$(ls | grep winnow-tmp)"
cp f1.jsonl previous.jsonl
"$winnow" clean --on-error fail -o previous.jsonl one_bad.jsonl 2>/dev/null
check "failed run leaves the previous -o file as it was" cmp -s f1.jsonl previous.jsonl
# Every file winnow writes reports a full disk the same way.
for args in "--on-error skip --rejects /dev/full one_bad.jsonl" "--stats /dev/full big.jsonl" \
            "--dups drop --dropped /dev/full $sample"; do
  # shellcheck disable=SC2086
  "$winnow" clean -q $args > /dev/null 2> full.err
  check "/dev/full as $args: exits 4" test $? = 4
  check "/dev/full as $args: named" grep -q "^winnow: /dev/full: write failed: No space left on device" full.err
done
"$winnow" learn -q -o /dev/full big.jsonl 2> full.err
check "learn -o /dev/full exits 4" test $? = 4
"$winnow" dups -q -o /dev/full "$sample" 2> full.err
check "dups -o /dev/full exits 4" test $? = 4

# Records of 64 MiB pass under a raised --max-record-size; longer records are streamed, not lost.
{
  printf '{"id":"small","text":"short"}\n{"id":"huge","text":"'
  yes 'Word' | tr '\n' ' ' | head -c $((64 << 20))
  printf '"}\n{"id":"after","text":"tail"}\n'
} > huge.jsonl
"$winnow" clean --max-record-size 65M --stats huge_stats.json huge.jsonl > huge_out.jsonl
check "64 MiB record passes" cmp -s huge.jsonl huge_out.jsonl
check "64 MiB record is not an error" test "$(stat_of huge_stats.json total)" != "" -a "$(grep -o '"errors":{"total":[0-9]*' huge_stats.json | cut -d: -f3)" = 0
"$winnow" clean --max-record-size 1M --on-error skip --rejects huge_rejects.jsonl --stats skip_stats.json huge.jsonl > skip_out.jsonl 2> skip.err
check "oversized record goes to rejects whole" cmp -s huge_rejects.jsonl <(sed -n 2p huge.jsonl)
check "oversized record skipped" test "$(wc -l < skip_out.jsonl)" = 2
check "oversized record warned" grep -q "huge.jsonl:2: record larger than --max-record-size" skip.err
check "oversized accounted" accounts_for_all skip_stats.json
"$winnow" clean -q --max-record-size 1M --on-error skip --rejects stdin_rejects.jsonl < huge.jsonl > stdin_skip.jsonl
check "oversized record on stdin goes the same way" cmp -s skip_out.jsonl stdin_skip.jsonl
check "oversized record on stdin reaches rejects whole" cmp -s huge_rejects.jsonl stdin_rejects.jsonl

# --stats accounts for every record, and writes to stderr with '-'.
cat "$sample" > mixed.jsonl
printf '{"text":null}\nnot json\n{"text":"ok"}\n' >> mixed.jsonl
"$winnow" clean -q --on-error skip --rejects rej.jsonl --stats - mixed.jsonl > /dev/null 2> stats.json
check "stats to stderr" grep -q '"records_in":8' stats.json
check "stats accounting" accounts_for_all stats.json
check "rejects hold the bad lines" test "$(wc -l < rej.jsonl)" = 2
check "stats has throughput" grep -q '"mb_per_s":' stats.json

# Learning: a model learned once gives what two-pass clean learns itself, and models
# learned on shards merge into the same model in any order.
"$winnow" learn -q big.jsonl -o all.model
check "learn writes a model" test -s all.model
"$winnow" clean --model all.model big.jsonl > with_model.jsonl
check "clean --model equals two-pass clean" cmp -s f1.jsonl with_model.jsonl
head -n 1000 big.jsonl > part1.jsonl
tail -n +1001 big.jsonl > part2.jsonl
"$winnow" learn -q part1.jsonl -o p1.model
"$winnow" learn -q part2.jsonl -o p2.model
"$winnow" merge -q p1.model p2.model -o m12.model
"$winnow" merge -q p2.model p1.model -o m21.model
check "merge is commutative" cmp -s m12.model m21.model
check "merged shards equal the whole" cmp -s m12.model all.model
# Past --max-memory, learning spills runs and merges them into the same model.
mkdir -p runs.tmp
"$winnow" learn -q -j 2 --max-memory 4K --temp-dir runs.tmp big.jsonl -o spilled.model
check "a model learned in runs equals the one learned whole" cmp -s spilled.model all.model
check "the runs are removed" test -z "$(ls -A runs.tmp)"
"$winnow" clean -q --max-memory 4K --temp-dir runs.tmp --dups off big.jsonl > spilled.jsonl
"$winnow" clean -q --dups off big.jsonl > whole.jsonl
check "two-pass clean learning in runs cleans alike" cmp -s spilled.jsonl whole.jsonl
"$winnow" learn -q --max-memory lots big.jsonl -o never.model 2> memory.err
check "a bad --max-memory exits 2" test $? = 2
check "a bad --max-memory is explained" grep -q -- "--max-memory: not a size" memory.err
"$winnow" learn -q --max-memory 4K --temp-dir /nonexistent/dir big.jsonl -o never.model 2> tempdir.err
check "an unusable --temp-dir is named" grep -q "/nonexistent/dir: cannot make a directory" tempdir.err
"$winnow" learn -q --seed 9 part1.jsonl -o seeded.model
"$winnow" merge -q p1.model seeded.model -o mixed.model 2> mixed.err
check "models with other seeds do not merge" test $? = 1
check "the model with another seed is named" grep -q "^winnow: seeded.model: learned with seed 9" mixed.err
check "a refused merge writes nothing" test ! -e mixed.model
"$winnow" clean -q --seed 5 --model p1.model big.jsonl > /dev/null 2> seed.err
check "a model learned with another seed is refused" test $? = 1
check "the seed mismatch is explained" grep -q "^winnow: p1.model: learned with seed 0, not --seed 5" seed.err
"$winnow" learn -q --seed 9 big.jsonl -o seed9.model
"$winnow" clean --seed 9 big.jsonl > seed9_two_pass.jsonl
"$winnow" clean --model seed9.model big.jsonl > seed9_model.jsonl
check "two-pass --seed equals a model learned with it" cmp -s seed9_two_pass.jsonl seed9_model.jsonl
"$winnow" clean -q --model seed9.model --index seed9.index "$sample" > /dev/null
"$winnow" clean -q --index seed9.index "$sample" > /dev/null 2> seed_index.err
check "an index keeps the model's seed" grep -q "seed 128/9, this run asks for 128/0" seed_index.err
cp p1.model self.model
"$winnow" merge -q self.model p2.model -o self.model
check "merge may write over one of its inputs" cmp -s self.model all.model
printf 'not a model at all' > bogus.model
"$winnow" clean --model bogus.model big.jsonl > /dev/null 2> bogus.err
check "a bad model is refused" test $? = 1
check "a bad model is named" grep -q "^winnow: bogus.model: " bogus.err
head -c 100 all.model > short.model
"$winnow" clean --model short.model big.jsonl > /dev/null 2> short.err
check "a truncated model is refused" grep -q "truncated" short.err
# Repetition: a line in every document of a source goes, with the count as its reason.
for i in $(seq 1 12); do
  w=$(printf '%s' "$i" | tr 0-9 a-j)  # a word of its own for each article
  printf '{"id":"r%s","source":"rep.example","text":"Reporting on the %s affair went on through the night in the harbour district, where officials said the ferry would run again soon.\\n\\nThis line is printed under every single story of this site, whatever it is about, every day.\\n\\nThe harbour master said a decision on the %s ferry would follow next week."}\n' "$i" "$w" "$w"
done > rep.jsonl
"$winnow" clean --annotate rep.jsonl > rep_out.jsonl
check "repeated line found" grep -q '"reason":"repeated in 12 of 12 documents of rep.example"' rep_out.jsonl
"$winnow" clean rep.jsonl > rep_clean.jsonl
check "repeated line removed" test "$(grep -c 'printed under every single story' rep_clean.jsonl)" = 0
check "article kept" test "$(grep -c 'harbour master said' rep_clean.jsonl)" = 12

# Duplicates: flagged by default, dropped on request, never lost, same for any -j.
# (The sample carries two stories republished by other sites.)
"$winnow" clean "$sample" > flagged.jsonl
check "copies are flagged" test "$(grep -c '"dup_of":' flagged.jsonl)" = 2
"$winnow" clean --dups drop --dropped dropped1.jsonl --stats drop1.stats -j 1 "$sample" > kept1.jsonl
"$winnow" clean --dups drop --dropped dropped2.jsonl -j 2 "$sample" > kept2.jsonl
check "drop accounts for every record" accounts_for_all drop1.stats
check "dropped file holds the dropped records" test "$(wc -l < dropped1.jsonl)" = "$(stat_of drop1.stats dropped)"
check "something was dropped" test "$(stat_of drop1.stats dropped)" -gt 0
check "kept and dropped make the whole input" test "$(( $(wc -l < kept1.jsonl) + $(wc -l < dropped1.jsonl) ))" = "$(wc -l < "$sample")"
check "drop is the same for -j 1 and -j 2" bash -c "cmp -s kept1.jsonl kept2.jsonl && cmp -s dropped1.jsonl dropped2.jsonl"
"$winnow" clean --dups drop big.jsonl > /dev/null 2> nodrop.err; check "drop needs --dropped" test $? = 2
"$winnow" clean --dups maybe big.jsonl > /dev/null 2>&1; check "bad --dups exits 2" test $? = 2
"$winnow" clean --threshold 1.5 big.jsonl > /dev/null 2>&1; check "bad --threshold exits 2" test $? = 2
"$winnow" clean --dups off big.jsonl > nodups.jsonl
check "--dups off adds nothing" test "$(grep -c '"dup_of":' nodups.jsonl)" = 0

# winnow dups: the same relations as pairs or clusters, the same for any -j.
"$winnow" dups -j 1 "$sample" > pairs1.jsonl
"$winnow" dups -j 2 "$sample" > pairs2.jsonl
check "dups writes a pair per flagged copy" test "$(grep -c '"a":.*"b":.*"kind":"near"' pairs1.jsonl)" = 2
check "dups is the same for -j 1 and -j 2" cmp -s pairs1.jsonl pairs2.jsonl
"$winnow" dups --clusters "$sample" > clusters.jsonl
check "clusters name their canonical" grep -q '{"canonical":"rv-001","size":2,"members":\["rv-001","gz-007"\]}' clusters.jsonl
# A later record dated earlier leads its cluster when --date-field is given.
sed 's/\("id": "gz-007".*"date": \)"2026-03-04"/\1"Sat, 28 Feb 2026 09:00:00 GMT"/' "$sample" > dated.jsonl
check "dated fixture changed" bash -c "! cmp -s dated.jsonl '$sample'"
"$winnow" dups --clusters --date-field date dated.jsonl > dated_clusters.jsonl
check "earliest date leads the cluster" grep -q '{"canonical":"gz-007","size":2' dated_clusters.jsonl
"$winnow" dups --clusters dated.jsonl > undated_clusters.jsonl
check "without --date-field the first read leads" grep -q '{"canonical":"rv-001","size":2' undated_clusters.jsonl
"$winnow" clean --date-field date --dups drop --dropped dated_dropped.jsonl dated.jsonl > dated_kept.jsonl
check "an earlier copy is kept and says so" grep -q '"id": "gz-007".*"earlier":true' dated_kept.jsonl

# --index: a second run sees the first run's records; only complete runs update it.
head -n 2 "$sample" > day1.jsonl
tail -n 3 "$sample" > day2.jsonl
"$winnow" clean --index day.index day1.jsonl > /dev/null
"$winnow" clean --index day.index day2.jsonl > day2.jsonl.out
check "day 2 copies point at day 1 records" test "$(grep -o '"dup_of":"[a-z0-9-]*"' day2.jsonl.out | sort | tr -d '\n')" = '"dup_of":"rv-001""dup_of":"rv-002"'
"$winnow" index stats day.index > index.stats; check "index stats runs" test $? = 0
check "index counts both days" grep -q '"documents":5,' index.stats
cp day.index day.before
{ cat day2.jsonl; echo '{"id": broken'; } > day3.jsonl
"$winnow" clean -q --on-error fail --index day.index day3.jsonl > /dev/null 2> day3.err
check "failed run leaves the index as it was" cmp -s day.index day.before
check "failed run says the index was not updated" grep -q 'day.index: not updated' day3.err
"$winnow" clean --index day.index --threshold 0.9 day2.jsonl > /dev/null 2> mismatch.err
check "index built with other options exits 1" test $? = 1
check "mismatch is explained" grep -q 'day.index: built with --threshold' mismatch.err
cp day.index broken.index
printf 'X' | dd of=broken.index bs=1 seek=200 conv=notrunc 2>/dev/null
"$winnow" clean --index broken.index day2.jsonl > /dev/null 2> broken.err
check "corrupt index exits 1" test $? = 1
check "corrupt index is named with the reason" grep -q 'broken.index: checksum mismatch' broken.err
"$winnow" clean --index big.index --dups off big.jsonl > /dev/null 2>&1; check "--index with --dups off exits 2" test $? = 2
# Past --max-memory the oldest records are matched as exact copies only, and said so.
"$winnow" clean -q --max-memory 1K --stats bounded.json big.jsonl > /dev/null 2> bounded.err
check "a tiny --max-memory still runs" test $? = 0
check "a tiny --max-memory is warned about" bash -c "'$winnow' clean --max-memory 1K big.jsonl 2>&1 >/dev/null | grep -q 'leaves the duplicate index less than'"
check "stats count the records matched as exact copies only" grep -q '"index_exact_only":' bounded.json

# A live pipe: records come out while the writer is still busy, not when it closes.
{ head -n 2 "$sample"; sleep 6; } | timeout 3 "$winnow" clean -q --model all.model > live.jsonl
check "records flow through a live pipe" test "$(wc -l < live.jsonl)" = 2

# Evaluation on labeled records.
"$winnow" eval "$fixtures/eval/labeled_sample.jsonl" > eval.txt
check "eval runs" grep -q "by paragraph" eval.txt

report "behaviour"
