#include "winnow/evaluation.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "test_files.hpp"

namespace winnow {
namespace {

// A decision for text[start, end) (found by substring, so tests read naturally).
ParagraphDecision decide(std::string_view text, std::string_view piece, Label label) {
  size_t start = text.find(piece);
  EXPECT_NE(start, std::string_view::npos) << piece;
  return {{static_cast<uint32_t>(start), static_cast<uint32_t>(start + piece.size())}, label, ""};
}

std::vector<std::string_view> pieces(std::string_view text) {
  std::vector<std::string_view> out;
  for (const TextSpan& s : split_labeled_paragraphs(text)) out.push_back(s.in(text));
  return out;
}

// A page whose labels are given per "\n\n" paragraph: 'c' content, anything else not.
struct Page {
  std::string id, source, text;
  std::vector<bool> labels;

  LabeledPage view() const {
    return {id, source, text, split_labeled_paragraphs(text), labels};
  }
};

std::vector<bool> flags(std::string_view pattern) {
  std::vector<bool> out;
  for (char c : pattern) out.push_back(c == 'c');
  return out;
}

PageScore page_with(const std::string& id, const std::string& source, std::string_view truth,
                    std::string_view predicted) {
  std::string text;
  for (size_t i = 0; i < truth.size(); ++i) text += (i ? "\n\n" : "") + std::string("paragraph ") + char('a' + i);
  Page p{id, source, text, flags(truth)};
  return score_page(p.view(), flags(predicted));
}

// --- splitting and mapping -------------------------------------------------------------------

TEST(EvaluationSplit, SplitsExactlyOnBlankLineSeparators) {
  EXPECT_EQ(pieces("a\n\nb"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(pieces("a\n\n\n\nb"), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(pieces("a\n\n\nb"), (std::vector<std::string_view>{"a", "\nb"}));
  EXPECT_EQ(pieces("a\nb\n\n"), (std::vector<std::string_view>{"a\nb", ""}));
  EXPECT_EQ(pieces(""), (std::vector<std::string_view>{""}));
}

TEST(EvaluationMapping, CleanerSpansFinerThanLabeledBlocks) {
  std::string text = "Home\nNews\nSports\n\nA long line of article text.\nAnd its second line.";
  std::vector<ParagraphDecision> d = {
      decide(text, "Home", Label::navigation), decide(text, "News", Label::navigation),
      decide(text, "Sports", Label::navigation),
      decide(text, "A long line of article text.", Label::content),
      decide(text, "And its second line.", Label::content)};
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), d), (std::vector<bool>{false, true}));
}

TEST(EvaluationMapping, KeptWhenAtLeastHalfTheBytesAreInContent) {
  std::string text = "abcd\nefgh\n\nabcd\nefghi";
  auto labeled = split_labeled_paragraphs(text);
  // First block: 4 of 8 visible bytes kept, exactly half. Second: 4 of 9, under half.
  std::vector<ParagraphDecision> d = {
      {{0, 4}, Label::content, ""}, {{5, 9}, Label::ad, ""},
      {{11, 15}, Label::content, ""}, {{16, 21}, Label::ad, ""}};
  EXPECT_EQ(predict_content(text, labeled, d), (std::vector<bool>{true, false}));
}

TEST(EvaluationMapping, WhitespaceDoesNotCount) {
  // The removed line is short but padded with spaces: only its visible bytes weigh.
  std::string text = "Keep me\n          x          ";
  std::vector<ParagraphDecision> d = {decide(text, "Keep me", Label::content),
                                      {{8, static_cast<uint32_t>(text.size())}, Label::boilerplate, ""}};
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), d), (std::vector<bool>{true}));
  // A content span holding only whitespace keeps nothing.
  std::string spaced = "ab      cd";
  std::vector<ParagraphDecision> only_spaces = {{{2, 8}, Label::content, ""}};
  EXPECT_EQ(predict_content(spaced, split_labeled_paragraphs(spaced), only_spaces),
            (std::vector<bool>{false}));
}

TEST(EvaluationMapping, UncoveredAndBlankParagraphsAreNotKept) {
  std::string text = "one\n\n   \n\ntwo";
  std::vector<ParagraphDecision> d = {{{0, static_cast<uint32_t>(text.size())}, Label::content, ""}};
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), d),
            (std::vector<bool>{true, false, true}));
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), {}),
            (std::vector<bool>{false, false, false}));
}

TEST(EvaluationMapping, CoarserCleanerSpansAlsoMap) {
  std::string text = "first\n\nsecond\n\nthird";
  std::vector<ParagraphDecision> d = {decide(text, "first\n\nsecond", Label::content),
                                      decide(text, "third", Label::footer)};
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), d),
            (std::vector<bool>{true, true, false}));
}

TEST(EvaluationMapping, SpansPastTheTextAreClamped) {
  std::string text = "abc";
  std::vector<ParagraphDecision> d = {{{1, 99}, Label::content, ""}};
  EXPECT_EQ(predict_content(text, split_labeled_paragraphs(text), d), (std::vector<bool>{true}));
}

// --- metrics ---------------------------------------------------------------------------------

TEST(EvaluationMetrics, CountsAndRatios) {
  Confusion c;
  c.add(true, true, 3);    // TP 3
  c.add(false, true);      // FP 1
  c.add(true, false, 2);   // FN 2
  c.add(false, false, 7);  // TN 7
  EXPECT_EQ(c.tp, 3u);
  EXPECT_EQ(c.fp, 1u);
  EXPECT_EQ(c.fn, 2u);
  EXPECT_EQ(c.tn, 7u);
  EXPECT_DOUBLE_EQ(c.precision(), 0.75);
  EXPECT_DOUBLE_EQ(c.recall(), 0.6);
  EXPECT_DOUBLE_EQ(c.f1(), 2 * 0.75 * 0.6 / (0.75 + 0.6));
}

TEST(EvaluationMetrics, UndefinedRatiosAreZero) {
  Confusion nothing_kept;
  nothing_kept.add(true, false, 4);
  EXPECT_EQ(nothing_kept.precision(), 0.0);
  EXPECT_EQ(nothing_kept.recall(), 0.0);
  EXPECT_EQ(nothing_kept.f1(), 0.0);

  Confusion no_content_labels;  // everything correctly removed: still 0 by definition
  no_content_labels.add(false, false, 5);
  EXPECT_EQ(no_content_labels.precision(), 0.0);
  EXPECT_EQ(no_content_labels.recall(), 0.0);
  EXPECT_EQ(no_content_labels.f1(), 0.0);

  Confusion empty;
  EXPECT_EQ(empty.f1(), 0.0);
}

TEST(EvaluationScore, PageCountsParagraphsAndCharacters) {
  // Labels: content, content, boilerplate, boilerplate, content(blank, not scored).
  Page p{"p1", "s", "Alpha beta\n\nGamma\n\nMenu\n\nAdvertisement\n\n  ",
         {true, true, false, false, true}};
  PageScore s = score_page(p.view(), flags("cxccx"));
  EXPECT_EQ(s.paragraphs.tp, 1u);  // Alpha beta
  EXPECT_EQ(s.paragraphs.fn, 1u);  // Gamma
  EXPECT_EQ(s.paragraphs.fp, 2u);  // Menu, Advertisement
  EXPECT_EQ(s.paragraphs.tn, 0u);
  EXPECT_EQ(s.blank, 1u);
  EXPECT_EQ(s.characters.tp, 9u);  // "Alphabeta": the space is not counted
  EXPECT_EQ(s.characters.fn, 5u);
  EXPECT_EQ(s.characters.fp, 4u + 13u);
  EXPECT_EQ(s.removed_content, (std::vector<std::string>{"Gamma"}));
  EXPECT_EQ(s.kept_boilerplate, (std::vector<std::string>{"Menu", "Advertisement"}));
}

TEST(EvaluationScore, CharactersAreCodePoints) {
  Page p{"p", "s", "caf\xC3\xA9 \xE6\x97\xA5", {true}};  // "café 日": 5 characters, 7 bytes
  EXPECT_EQ(score_page(p.view(), {true}).characters.tp, 5u);
}

TEST(EvaluationScore, KeepsOnlyTheFirstExamples) {
  Page p{"p", "s", "a\n\nb\n\nc\n\nd", {true, true, true, false}};
  PageScore s = score_page(p.view(), flags("xxxc"), 2);
  EXPECT_EQ(s.removed_content, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.kept_boilerplate, (std::vector<std::string>{"d"}));
}

TEST(EvaluationScore, RejectsMismatchedSizes) {
  Page p{"p", "s", "a\n\nb", {true, false}};
  EXPECT_THROW(score_page(p.view(), {true}), std::invalid_argument);
}

TEST(EvaluationSnippet, CollapsesWhitespaceAndCutsAtCharacters) {
  EXPECT_EQ(snippet("  one\n two\t\tthree  "), "one two three");
  EXPECT_EQ(snippet("abcdef", 3), "abc...");
  EXPECT_EQ(snippet("abc", 3), "abc");
  EXPECT_EQ(snippet("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9\xC3\xA9...");  // never cuts inside é
  EXPECT_EQ(snippet(std::string(150, 'x')).size(), 103u);
}

// --- the report ------------------------------------------------------------------------------

TEST(EvaluationReport, MicroAveragesAndGroupsBySource) {
  EvalReport r;
  r.add_page(page_with("1", "b.example", "ccb", "ccc"));  // TP 2, FP 1
  r.add_page(page_with("2", "a.example", "cb", "xx"));    // FN 1, TN 1
  r.add_page(page_with("3", "b.example", "cbbb", "cxxx")); // TP 1, TN 3
  EXPECT_EQ(r.pages(), 3u);
  EXPECT_EQ(r.paragraphs().tp, 3u);
  EXPECT_EQ(r.paragraphs().fp, 1u);
  EXPECT_EQ(r.paragraphs().fn, 1u);
  EXPECT_EQ(r.paragraphs().tn, 4u);
  EXPECT_DOUBLE_EQ(r.paragraphs().f1(), 6.0 / 8.0);

  ASSERT_EQ(r.sources().size(), 2u);
  auto it = r.sources().begin();
  EXPECT_EQ(it->first, "a.example");  // sorted by name
  EXPECT_EQ(it->second.pages, 1u);
  EXPECT_EQ(it->second.paragraphs.fn, 1u);
  ++it;
  EXPECT_EQ(it->first, "b.example");
  EXPECT_EQ(it->second.pages, 2u);
  EXPECT_EQ(it->second.paragraphs.tp, 3u);
  EXPECT_EQ(it->second.paragraphs.fp, 1u);
  EXPECT_EQ(it->second.paragraphs.tn, 3u);
}

std::vector<std::string> worst_ids(const EvalReport& r) {
  std::vector<std::string> ids;
  for (const PageScore& p : r.worst()) ids.push_back(p.id);
  return ids;
}

TEST(EvaluationReport, WorstPagesByF1ThenIdWhateverTheInputOrder) {
  std::vector<PageScore> pages = {
      page_with("perfect", "s", "cb", "cx"),   // F1 1
      page_with("zulu", "s", "cc", "cx"),      // F1 2/3
      page_with("alpha", "s", "cc", "xc"),     // F1 2/3
      page_with("lost", "s", "cc", "xx"),      // F1 0
      page_with("noisy", "s", "cbbb", "cccc"), // F1 0.4
  };
  std::vector<size_t> order = {0, 1, 2, 3, 4};
  do {
    EvalReport r(3);
    for (size_t i : order) r.add_page(pages[i]);
    EXPECT_EQ(worst_ids(r), (std::vector<std::string>{"lost", "noisy", "alpha"}));
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(EvaluationReport, WorstZeroListsNothing) {
  EvalReport r(0);
  r.add_page(page_with("1", "s", "c", "x"));
  EXPECT_TRUE(r.worst().empty());
  EXPECT_EQ(r.to_text().find("worst"), std::string::npos);
}

TEST(EvaluationReport, TextShowsFiguresAndExamples) {
  EvalReport r;
  Page p{"page-7", "news.example", "Real story text.\n\nSubscribe now", {true, false}};
  r.add_page(score_page(p.view(), flags("xc")));
  std::string text = r.to_text();
  EXPECT_NE(text.find("pages evaluated: 1"), std::string::npos) << text;
  EXPECT_NE(text.find("news.example"), std::string::npos) << text;
  EXPECT_NE(text.find("page-7"), std::string::npos) << text;
  EXPECT_NE(text.find("removed content:  \"Real story text.\""), std::string::npos) << text;
  EXPECT_NE(text.find("kept boilerplate: \"Subscribe now\""), std::string::npos) << text;
  EXPECT_EQ(text, r.to_text());  // deterministic
}

TEST(EvaluationReport, JsonIsOneValidObject) {
  EvalReport r;
  r.add_page(page_with("q\"1", "b", "ccb", "ccc"));
  r.add_page(page_with("2", "a", "cb", "xx"));
  r.add_skipped_record();
  std::string json = r.to_json();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(int64_t(root["pages"]), 2);
  EXPECT_EQ(int64_t(root["records_skipped"]), 1);
  EXPECT_EQ(int64_t(root["paragraphs"]["tp"]), 2);
  EXPECT_EQ(int64_t(root["paragraphs"]["fn"]), 1);
  EXPECT_EQ(std::string_view(root["sources"].at(0)["source"]), "a");
  EXPECT_EQ(std::string_view(root["worst"].at(0)["id"]), "2");
  EXPECT_EQ(std::string_view(root["worst"].at(0)["removed_content"].at(0)), "paragraph a");
}

// --- reading labeled records -----------------------------------------------------------------

class LabeledRecordTest : public ::testing::Test {
 protected:
  std::string parse(const std::string& line) {
    buffer_ = line;
    buffer_.append(64, '\0');
    return parser_.parse(std::string_view(buffer_.data(), line.size()), record_);
  }

  LabeledRecordParser parser_{FieldNames{}};
  LabeledRecord record_;
  std::string buffer_;
};

TEST_F(LabeledRecordTest, ReadsFieldsAndLabels) {
  ASSERT_EQ(parse(R"({"id":7,"url":"https://www.Example.org/a","title":"T","author":"A","date":"D",)"
                  R"("text":"x\n\ny\n\nz","labels":["content","navigation","boilerplate"]})"), "");
  EXPECT_EQ(record_.id, "7");
  EXPECT_EQ(record_.source, "example.org");  // from the url host
  EXPECT_EQ(record_.title, "T");
  EXPECT_EQ(record_.author, "A");
  EXPECT_EQ(record_.date, "D");
  EXPECT_EQ(record_.text, "x\n\ny\n\nz");
  EXPECT_EQ(record_.content, (std::vector<bool>{true, false, false}));  // only "content" is content
}

TEST_F(LabeledRecordTest, LabelCountMustMatchParagraphCount) {
  EXPECT_EQ(parse(R"({"text":"a\n\nb\n\n\n\nc","labels":["content","content","content"]})"),
            "3 labels for 4 paragraphs");
  EXPECT_EQ(parse(R"({"text":"a","labels":[]})"), "0 labels for 1 paragraphs");
}

TEST_F(LabeledRecordTest, ExplainsBadRecords) {
  EXPECT_EQ(parse(R"({"text":"a"})"), "no labels array");
  EXPECT_EQ(parse(R"({"text":"a","labels":[1]})"), "labels must be strings");
  EXPECT_EQ(parse(R"({"labels":["content"]})"), "text field missing");
  EXPECT_EQ(parse(R"([1,2])"), "record is not a JSON object");
  EXPECT_EQ(parse(R"({"text":"a",)").rfind("malformed JSON", 0), 0u);
}

TEST_F(LabeledRecordTest, HonoursCustomFieldNames) {
  FieldNames f;
  f.text = "body";
  f.title = "headline";
  LabeledRecordParser custom(f);
  std::string line = R"({"body":"b","headline":"H","text":"ignored","labels":["content"]})";
  buffer_ = line + std::string(64, '\0');
  ASSERT_EQ(custom.parse(std::string_view(buffer_.data(), line.size()), record_), "");
  EXPECT_EQ(record_.text, "b");
  EXPECT_EQ(record_.title, "H");
}

// --- whole inputs, with stand-in classifiers -------------------------------------------------

// Keeps everything: one content decision over the whole text.
void keep_all(const DocumentInput& doc, std::vector<ParagraphDecision>& out) {
  out = {{{0, static_cast<uint32_t>(doc.text.size())}, Label::content, "test"}};
}

TEST(EvaluationInputs, SkipsBadRecordsWithFileAndLine) {
  testing::TempDir dir;
  std::string path = dir.write("l.jsonl",
      R"({"id":"a","source":"s","text":"x\n\ny","labels":["content","boilerplate"]})" "\n"
      R"({"id":"b","source":"s","text":"x\n\ny\n\nz","labels":["content"]})" "\n"
      "\n"
      R"({"id":"c","text":)" "\n"
      R"({"source":"t","text":"w","labels":["content"]})" "\n");
  EvalReport report;
  std::ostringstream warnings;
  evaluate_inputs({path}, FieldNames{}, keep_all, report, warnings);
  std::string expected_first = "winnow: " + path + ":2: 1 labels for 3 paragraphs; record skipped\n";
  std::string second = warnings.str().substr(std::min(expected_first.size(), warnings.str().size()));
  EXPECT_EQ(warnings.str().substr(0, expected_first.size()), expected_first) << warnings.str();
  EXPECT_EQ(second.rfind("winnow: " + path + ":4: malformed JSON (", 0), 0u) << warnings.str();
  EXPECT_TRUE(second.ends_with("); record skipped\n")) << warnings.str();
  EXPECT_EQ(std::count(second.begin(), second.end(), '\n'), 1);
  EXPECT_EQ(report.pages(), 2u);
  EXPECT_EQ(report.skipped_records(), 2u);
  EXPECT_EQ(report.paragraphs().tp, 2u);
  EXPECT_EQ(report.paragraphs().fp, 1u);
  ASSERT_EQ(report.worst().size(), 2u);
  EXPECT_EQ(report.worst()[0].id, "a");          // F1 2/3
  EXPECT_EQ(report.worst()[1].id, path + ":5");  // no id: known by its place
}

TEST(EvaluationInputs, CountsUnreadableInputs) {
  EvalReport report;
  std::ostringstream warnings;
  evaluate_inputs({"/nonexistent/labels.jsonl"}, FieldNames{}, keep_all, report, warnings);
  EXPECT_EQ(report.input_failures(), 1u);
  EXPECT_EQ(report.pages(), 0u);
  EXPECT_EQ(warnings.str().rfind("winnow: /nonexistent/labels.jsonl: ", 0), 0u) << warnings.str();
}

TEST(EvaluationInputs, ClassifierNeverSeesLabels) {
  testing::TempDir dir;
  std::string path = dir.write("l.jsonl",
      R"({"id":"a","url":"http://u.example/1","title":"Ti","author":"Au","date":"Da",)"
      R"("text":"x","labels":["content"]})" "\n");
  std::string seen_text, seen_title;
  auto spy = [&](const DocumentInput& doc, std::vector<ParagraphDecision>& out) {
    seen_text = doc.text;
    seen_title = std::string(doc.title) + "|" + std::string(doc.author) + "|" +
                 std::string(doc.date) + "|" + std::string(doc.source) + "|" + std::string(doc.id);
    out.clear();
  };
  EvalReport report;
  std::ostringstream warnings;
  evaluate_inputs({path}, FieldNames{}, spy, report, warnings);
  EXPECT_EQ(seen_text, "x");
  EXPECT_EQ(seen_title, "Ti|Au|Da|u.example|a");
  EXPECT_EQ(report.paragraphs().fn, 1u);
}

// The bundled sample: every record well formed, and the metrics follow the stand-in exactly.
TEST(EvaluationInputs, LabeledSampleFixture) {
  std::string path = std::string(WINNOW_FIXTURES) + "/eval/labeled_sample.jsonl";
  EvalReport report;
  std::ostringstream warnings;
  evaluate_inputs({path}, FieldNames{}, keep_all, report, warnings);
  EXPECT_EQ(warnings.str(), "");
  EXPECT_EQ(report.pages(), 9u);
  EXPECT_EQ(report.sources().size(), 3u);
  EXPECT_EQ(report.blank_paragraphs(), 1u);
  EXPECT_EQ(report.paragraphs().tp, 33u);  // keeping all: every content paragraph kept
  EXPECT_EQ(report.paragraphs().fn, 0u);
  EXPECT_EQ(report.paragraphs().fp, 125u - 33u - 1u);
  EXPECT_DOUBLE_EQ(report.paragraphs().recall(), 1.0);
}

}  // namespace
}  // namespace winnow
