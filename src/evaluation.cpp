#include "winnow/evaluation.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <tuple>

#include "winnow/batch_reader.hpp"
#include "winnow/json_escape.hpp"
#include "winnow/json_record.hpp"
#include "winnow/record_error.hpp"

namespace winnow {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_lead_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

double ratio(uint64_t numerator, uint64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

struct VisibleSize {
  uint64_t bytes = 0;  // non-whitespace bytes
  uint64_t chars = 0;  // non-whitespace code points
};

VisibleSize visible_size(std::string_view s) {
  VisibleSize v;
  for (char c : s) {
    if (is_space(c)) continue;
    ++v.bytes;
    if (is_lead_byte(c)) ++v.chars;
  }
  return v;
}

// Marks the bytes of `text` that lie in spans the cleaner labeled content.
std::vector<uint8_t> content_bytes(size_t text_size, const std::vector<ParagraphDecision>& decisions) {
  std::vector<uint8_t> kept(text_size, 0);
  for (const ParagraphDecision& d : decisions) {
    if (d.label != Label::content) continue;
    size_t end = std::min<size_t>(d.span.end, text_size);
    for (size_t i = d.span.start; i < end; ++i) kept[i] = 1;
  }
  return kept;
}

}  // namespace

void Confusion::add(bool labeled_content, bool kept, uint64_t weight) {
  if (labeled_content) {
    (kept ? tp : fn) += weight;
  } else {
    (kept ? fp : tn) += weight;
  }
}

void Confusion::add(const Confusion& other) {
  tp += other.tp;
  fp += other.fp;
  fn += other.fn;
  tn += other.tn;
}

double Confusion::precision() const { return ratio(tp, tp + fp); }
double Confusion::recall() const { return ratio(tp, tp + fn); }
// One division of integers, so pages with equal F1 compare equal when ranking them.
double Confusion::f1() const { return ratio(2 * tp, 2 * tp + fp + fn); }

std::vector<TextSpan> split_labeled_paragraphs(std::string_view text) {
  std::vector<TextSpan> out;
  size_t start = 0;
  while (true) {
    size_t sep = text.find("\n\n", start);
    size_t end = sep == std::string_view::npos ? text.size() : sep;
    out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
    if (sep == std::string_view::npos) return out;
    start = sep + 2;
  }
}

std::vector<bool> predict_content(std::string_view text, const std::vector<TextSpan>& labeled,
                                  const std::vector<ParagraphDecision>& decisions) {
  std::vector<uint8_t> kept = content_bytes(text.size(), decisions);
  std::vector<bool> out;
  out.reserve(labeled.size());
  for (const TextSpan& span : labeled) {
    uint64_t visible = 0, visible_kept = 0;
    for (size_t i = span.start; i < span.end && i < text.size(); ++i) {
      if (is_space(text[i])) continue;
      ++visible;
      visible_kept += kept[i];
    }
    out.push_back(visible > 0 && 2 * visible_kept >= visible);
  }
  return out;
}

std::string snippet(std::string_view paragraph, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool pending_space = false;
  for (char c : paragraph) {
    // Control characters would garble a terminal: shown as spaces like the whitespace.
    if (is_space(c) || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      pending_space = !out.empty();
      continue;
    }
    if (is_lead_byte(c)) {
      if (chars + (pending_space ? 1 : 0) >= max_chars) return out + "...";
      if (pending_space) {
        out += ' ';
        ++chars;
        pending_space = false;
      }
      ++chars;
    }
    out += c;
  }
  return out;
}

PageScore score_page(const LabeledPage& page, const std::vector<bool>& predicted, size_t examples) {
  if (page.content.size() != page.paragraphs.size() || predicted.size() != page.paragraphs.size()) {
    throw std::invalid_argument("score_page: one label and one prediction per paragraph needed");
  }
  PageScore s;
  s.id = page.id;
  s.source = page.source;
  for (size_t i = 0; i < page.paragraphs.size(); ++i) {
    std::string_view text = page.paragraphs[i].in(page.text);
    VisibleSize size = visible_size(text);
    if (size.bytes == 0) {
      ++s.blank;
      continue;
    }
    bool truth = page.content[i], kept = predicted[i];
    s.paragraphs.add(truth, kept);
    s.characters.add(truth, kept, size.chars);
    if (truth && !kept && s.removed_content.size() < examples) s.removed_content.push_back(snippet(text));
    if (!truth && kept && s.kept_boilerplate.size() < examples) s.kept_boilerplate.push_back(snippet(text));
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// EvalReport

namespace {

bool ranks_before(const PageScore& a, uint64_t a_order, const PageScore& b, uint64_t b_order) {
  double fa = a.paragraphs.f1(), fb = b.paragraphs.f1();
  return std::tie(fa, a.id, a.source, a_order) < std::tie(fb, b.id, b.source, b_order);
}

}  // namespace

void EvalReport::add_page(PageScore page) {
  ++pages_;
  blank_ += page.blank;
  paragraphs_.add(page.paragraphs);
  characters_.add(page.characters);
  SourceScore& source = sources_[page.source];
  ++source.pages;
  source.paragraphs.add(page.paragraphs);
  source.characters.add(page.characters);
  keep_if_worst(std::move(page));
}

// Keeps only the worst N pages, so memory stays bounded however large the labeled set.
void EvalReport::keep_if_worst(PageScore page) {
  uint64_t order = pages_;
  size_t pos = worst_.size();
  while (pos > 0 && ranks_before(page, order, worst_[pos - 1], worst_order_[pos - 1])) --pos;
  if (pos >= worst_limit_) return;
  worst_.insert(worst_.begin() + static_cast<std::ptrdiff_t>(pos), std::move(page));
  worst_order_.insert(worst_order_.begin() + static_cast<std::ptrdiff_t>(pos), order);
  if (worst_.size() > worst_limit_) {
    worst_.pop_back();
    worst_order_.pop_back();
  }
}

namespace {

std::string fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

// Appends `s` padded with spaces to `width` bytes; numbers go right, names left.
void append_cell(std::string& out, std::string_view s, size_t width, bool right) {
  size_t pad = s.size() < width ? width - s.size() : 0;
  if (right) out.append(pad, ' ');
  out += s;
  if (!right) out.append(pad, ' ');
}

void append_score_row(std::string& out, std::string_view name, const Confusion& c) {
  append_cell(out, name, 16, false);
  append_cell(out, fixed(c.precision(), 3), 10, true);
  append_cell(out, fixed(c.recall(), 3), 8, true);
  append_cell(out, fixed(c.f1(), 3), 8, true);
  append_cell(out, std::to_string(c.tp), 11, true);
  append_cell(out, std::to_string(c.fp), 11, true);
  append_cell(out, std::to_string(c.fn), 11, true);
  append_cell(out, std::to_string(c.tn), 11, true);
  out += '\n';
}

std::string_view shown_source(const std::string& source) {
  return source.empty() ? std::string_view("(none)") : std::string_view(source);
}

void append_totals_text(std::string& out, const EvalReport& r) {
  const Confusion& p = r.paragraphs();
  out += "pages evaluated: " + std::to_string(r.pages()) +
         "  (records skipped: " + std::to_string(r.skipped_records()) +
         ", unreadable inputs: " + std::to_string(r.input_failures()) + ")\n";
  out += "paragraphs scored: " + std::to_string(p.tp + p.fp + p.fn + p.tn) +
         "  (labeled content: " + std::to_string(p.tp + p.fn) +
         ", blank, not scored: " + std::to_string(r.blank_paragraphs()) + ")\n\n";
  out += "content           precision  recall      F1         TP         FP         FN         TN\n";
  append_score_row(out, "  by paragraph", p);
  append_score_row(out, "  by character", r.characters());
}

void append_sources_text(std::string& out, const EvalReport& r) {
  size_t width = 6;
  for (const auto& [name, score] : r.sources()) width = std::max(width, shown_source(name).size());
  out += "\nper source, by paragraph\n  ";
  append_cell(out, "source", width, false);
  out += "   pages  paragraphs  precision  recall      F1\n";
  for (const auto& [name, s] : r.sources()) {
    const Confusion& c = s.paragraphs;
    out += "  ";
    append_cell(out, shown_source(name), width, false);
    append_cell(out, std::to_string(s.pages), 8, true);
    append_cell(out, std::to_string(c.tp + c.fp + c.fn + c.tn), 12, true);
    append_cell(out, fixed(c.precision(), 3), 11, true);
    append_cell(out, fixed(c.recall(), 3), 8, true);
    append_cell(out, fixed(c.f1(), 3), 8, true);
    out += '\n';
  }
}

void append_examples_text(std::string& out, std::string_view what, const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    out += "      ";
    out += what;
    out += " \"" + item + "\"\n";
  }
}

void append_worst_text(std::string& out, const EvalReport& r) {
  if (r.worst().empty()) return;
  out += "\nworst " + std::to_string(r.worst().size()) + " pages by paragraph F1\n";
  for (const PageScore& page : r.worst()) {
    const Confusion& c = page.paragraphs;
    out += "  F1 " + fixed(c.f1(), 3) + "  P " + fixed(c.precision(), 3) + "  R " +
           fixed(c.recall(), 3) + "  TP " + std::to_string(c.tp) + " FP " + std::to_string(c.fp) +
           " FN " + std::to_string(c.fn) + "  " + page.id + "  (" +
           std::string(shown_source(page.source)) + ")\n";
    append_examples_text(out, "removed content: ", page.removed_content);
    append_examples_text(out, "kept boilerplate:", page.kept_boilerplate);
  }
}

void append_json_confusion(std::string& out, const Confusion& c) {
  out += "{\"count\": " + std::to_string(c.tp + c.fp + c.fn + c.tn) +
         ", \"tp\": " + std::to_string(c.tp) + ", \"fp\": " + std::to_string(c.fp) +
         ", \"fn\": " + std::to_string(c.fn) + ", \"tn\": " + std::to_string(c.tn) +
         ", \"precision\": " + fixed(c.precision(), 4) + ", \"recall\": " + fixed(c.recall(), 4) +
         ", \"f1\": " + fixed(c.f1(), 4) + "}";
}

void append_json_strings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_sources_json(std::string& out, const EvalReport& r) {
  out += "  \"sources\": [";
  bool first = true;
  for (const auto& [name, s] : r.sources()) {
    out += first ? "\n    {\"source\": " : ",\n    {\"source\": ";
    first = false;
    append_json_string(out, name);
    out += ", \"pages\": " + std::to_string(s.pages) + ", \"paragraphs\": ";
    append_json_confusion(out, s.paragraphs);
    out += ", \"characters\": ";
    append_json_confusion(out, s.characters);
    out += '}';
  }
  out += first ? "],\n" : "\n  ],\n";
}

void append_worst_json(std::string& out, const EvalReport& r) {
  out += "  \"worst\": [";
  bool first = true;
  for (const PageScore& page : r.worst()) {
    out += first ? "\n    {\"id\": " : ",\n    {\"id\": ";
    first = false;
    append_json_string(out, page.id);
    out += ", \"source\": ";
    append_json_string(out, page.source);
    out += ", \"paragraphs\": ";
    append_json_confusion(out, page.paragraphs);
    out += ", \"removed_content\": ";
    append_json_strings(out, page.removed_content);
    out += ", \"kept_boilerplate\": ";
    append_json_strings(out, page.kept_boilerplate);
    out += '}';
  }
  out += first ? "]\n" : "\n  ]\n";
}

}  // namespace

std::string EvalReport::to_text() const {
  std::string out;
  append_totals_text(out, *this);
  append_sources_text(out, *this);
  append_worst_text(out, *this);
  return out;
}

std::string EvalReport::to_json() const {
  std::string out = "{\n";
  out += "  \"pages\": " + std::to_string(pages_) + ",\n";
  out += "  \"records_skipped\": " + std::to_string(skipped_records_) + ",\n";
  out += "  \"input_failures\": " + std::to_string(input_failures_) + ",\n";
  out += "  \"blank_paragraphs\": " + std::to_string(blank_) + ",\n";
  out += "  \"paragraphs\": ";
  append_json_confusion(out, paragraphs_);
  out += ",\n  \"characters\": ";
  append_json_confusion(out, characters_);
  out += ",\n";
  append_sources_json(out, *this);
  append_worst_json(out, *this);
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading labeled records

struct LabeledRecordParser::Impl {
  simdjson::dom::parser parser;
  simdjson::dom::parser truth_parser;  // a sidecar line, parsed while the record is alive
};

LabeledRecordParser::LabeledRecordParser(FieldNames fields)
    : fields_(std::move(fields)), impl_(std::make_unique<Impl>()) {}

LabeledRecordParser::~LabeledRecordParser() = default;

namespace {

namespace dom = simdjson::dom;

std::string json_error(simdjson::error_code e) {
  switch (e) {
    case simdjson::UTF8_ERROR: return record_error_reason(RecordError::invalid_utf8);
    case simdjson::UNCLOSED_STRING: return "malformed JSON (unclosed string)";
    case simdjson::EMPTY: return "malformed JSON (empty record)";
    default: return std::string("malformed JSON (") + simdjson::error_message(e) + ")";
  }
}

// A scalar field as text: strings decoded, numbers and booleans as written; else empty.
std::string scalar_field(dom::object object, const std::string& key) {
  dom::element value;
  if (object.at_key(key).get(value)) return {};
  if (value.is_string()) return std::string(value.get_string().value_unsafe());
  if (value.is_number() || value.is_bool()) return simdjson::minify(value);
  return {};
}

std::string read_text(dom::object object, const std::string& key, std::string_view& text) {
  dom::element value;
  if (object.at_key(key).get(value)) return record_error_reason(RecordError::text_missing);
  if (value.is_null()) return record_error_reason(RecordError::text_null);
  if (!value.is_string()) return record_error_reason(RecordError::text_not_string);
  text = value.get_string().value_unsafe();
  return {};
}

std::string read_labels(dom::object object, std::vector<bool>& content) {
  dom::array labels;
  if (object.at_key("labels").get_array().get(labels)) return "no labels array";
  for (dom::element label : labels) {
    std::string_view name;
    if (label.get_string().get(name)) return "labels must be strings";
    content.push_back(name == "content");
  }
  return {};
}

}  // namespace

// Labels from a sidecar line {"id": ..., "labels": [...]} that must name the same record.
std::string LabeledRecordParser::truth_labels(std::string_view truth, const std::string& id,
                                              std::vector<bool>& content) {
  dom::element root;
  dom::object object;
  if (auto e = impl_->truth_parser.parse(truth.data(), truth.size()).get(root)) {
    return "truth line: " + json_error(e);
  }
  if (root.get_object().get(object)) return "truth line is not a JSON object";
  std::string truth_id = scalar_field(object, "id");
  if (truth_id != id) return "truth line names record '" + truth_id + "', not '" + id + "'";
  return read_labels(object, content);
}

std::string LabeledRecordParser::parse(std::string_view line, LabeledRecord& out,
                                       std::string_view truth) {
  out = LabeledRecord{};
  dom::element root;
  // The caller's buffer is padded, so simdjson need not copy the line.
  if (auto e = impl_->parser.parse(line.data(), line.size(), false).get(root)) return json_error(e);
  dom::object object;
  if (root.get_object().get(object)) return record_error_reason(RecordError::not_an_object);
  if (std::string why = read_text(object, fields_.text, out.text); !why.empty()) return why;
  out.id = scalar_field(object, fields_.id);
  std::string why = truth.empty() ? read_labels(object, out.content)
                                  : truth_labels(truth, out.id, out.content);
  if (!why.empty()) return why;
  out.paragraphs = split_labeled_paragraphs(out.text);
  if (out.content.size() != out.paragraphs.size()) {
    return std::to_string(out.content.size()) + " labels for " +
           std::to_string(out.paragraphs.size()) + " paragraphs";
  }
  out.source = scalar_field(object, fields_.source);
  out.url = scalar_field(object, fields_.url);
  out.title = scalar_field(object, fields_.title);
  out.author = scalar_field(object, fields_.author);
  out.date = scalar_field(object, fields_.date);
  if (out.source.empty()) out.source = url_host(out.url);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Running the cleaner over labeled inputs

namespace {

class InputEvaluator {
 public:
  InputEvaluator(const std::vector<std::string>& inputs, const FieldNames& fields,
                 const Classifier& classify, EvalReport& report, std::ostream& warnings,
                 const std::string& truth)
      : reader_(inputs, ReaderOptions{}), parser_(fields), classify_(classify),
        report_(report), warnings_(warnings) {
    if (!truth.empty()) truth_ = std::make_unique<BatchReader>(std::vector<std::string>{truth}, ReaderOptions{});
  }

  void run() {
    while (reader_.next(batch_)) {
      for (const BatchItem& item : batch_.items) handle(item);
    }
  }

 private:
  void handle(const BatchItem& item) {
    switch (item.kind) {
      case ItemKind::input_failure:
        report_.add_input_failure();
        warn(item, item.message);
        break;
      case ItemKind::fragment:
        if (item.first_fragment) skip(item, too_large_reason());
        break;
      case ItemKind::line: handle_line(item); break;
      case ItemKind::document: break;  // only text and WARC input give documents
    }
  }

  void handle_line(const BatchItem& item) {
    std::string_view raw(batch_.data.data() + item.offset, item.length);
    std::string why;
    if (item.preset_error != RecordError::none) {
      why = record_error_reason(item.preset_error);
    } else if (is_blank_line(raw)) {
      return;
    } else if (truth_ && !next_truth()) {
      why = "no truth line left for this record";
    } else {
      why = parser_.parse(raw, record_, truth_line_);
    }
    if (!why.empty()) {
      skip(item, why);
      return;
    }
    if (record_.id.empty()) record_.id = location(item);  // as `clean` names records without one
    evaluate();
  }

  static std::string too_large_reason() {
    return "record larger than " + std::to_string(ReaderOptions{}.max_record_bytes >> 20) + " MiB";
  }

  void evaluate() {
    DocumentInput doc{record_.text, record_.id, record_.source, record_.url,
                      record_.title, record_.author, record_.date};
    classify_(doc, decisions_);
    std::vector<bool> predicted = predict_content(record_.text, record_.paragraphs, decisions_);
    LabeledPage page{record_.id, record_.source, record_.text, std::move(record_.paragraphs),
                     std::move(record_.content)};
    report_.add_page(score_page(page, predicted));
  }

  // The next non-blank line of the truth sidecar, which runs in step with the records.
  bool next_truth() {
    while (true) {
      if (truth_next_ < truth_batch_.items.size()) {
        const BatchItem& t = truth_batch_.items[truth_next_++];
        if (t.kind != ItemKind::line) continue;
        truth_line_.assign(truth_batch_.data.data() + t.offset, t.length);
        if (!is_blank_line(truth_line_)) return true;
        continue;
      }
      if (!truth_->next(truth_batch_)) return false;
      truth_next_ = 0;
    }
  }

  std::string location(const BatchItem& item) const {
    std::string where = reader_.display_name(item.file);
    if (item.line > 0) where += ":" + std::to_string(item.line);
    return where;
  }

  void warn(const BatchItem& item, const std::string& reason) {
    warnings_ << "winnow: " << location(item) << ": " << reason << '\n';
  }

  void skip(const BatchItem& item, const std::string& reason) {
    report_.add_skipped_record();
    warn(item, reason + "; record skipped");
  }

  BatchReader reader_;
  LabeledRecordParser parser_;
  const Classifier& classify_;
  EvalReport& report_;
  std::ostream& warnings_;
  Batch batch_;
  LabeledRecord record_;
  std::vector<ParagraphDecision> decisions_;
  std::unique_ptr<BatchReader> truth_;
  Batch truth_batch_;
  size_t truth_next_ = 0;
  std::string truth_line_;
};

}  // namespace

void evaluate_inputs(const std::vector<std::string>& inputs, const FieldNames& fields,
                     const Classifier& classify, EvalReport& report, std::ostream& warnings,
                     const std::string& truth) {
  InputEvaluator(inputs, fields, classify, report, warnings, truth).run();
}

}  // namespace winnow
