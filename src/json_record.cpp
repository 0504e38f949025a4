#include "winnow/json_record.hpp"

#include <simdjson.h>

#include <cstring>

namespace winnow {

namespace od = simdjson::ondemand;
static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

struct JsonRecordParser::Impl {
  od::parser parser;
};

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_token(std::string_view token) {
  while (!token.empty() && is_json_space(token.back())) token.remove_suffix(1);
  return token;
}

// Short reasons in our own words; simdjson's messages are written for its developers.
const char* describe(simdjson::error_code code) {
  switch (code) {
    case simdjson::INCORRECT_TYPE:
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid literal";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return "invalid number";
    case simdjson::STRING_ERROR: return "invalid string escape";
    case simdjson::UNCLOSED_STRING: return "unclosed string";
    case simdjson::UNESCAPED_CHARS: return "control character inside a string";
    case simdjson::DEPTH_ERROR: return "nested too deeply";
    case simdjson::TRAILING_CONTENT: return "trailing content after the JSON value";
    case simdjson::EMPTY: return "empty record";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unbalanced or misplaced braces, brackets or commas";
    default: return simdjson::error_message(code);
  }
}

RecordError from_simdjson(simdjson::error_code code, JsonRecord& out) {
  if (code == simdjson::UTF8_ERROR) return RecordError::invalid_utf8;
  out.detail = describe(code);
  return RecordError::malformed_json;
}

// JSON's number grammar, checked on the token itself: get_number() would refuse valid
// numbers too big for a double or a 64-bit integer, and those are not our business.
bool valid_json_number(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

simdjson::error_code number_error(std::string_view raw_token) {
  return valid_json_number(trim_token(raw_token)) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
}

// is_null() answers false, not an error, for a token like "nul" or "not".
simdjson::error_code null_error(simdjson::simdjson_result<bool> is_null) {
  bool yes = false;
  if (auto e = std::move(is_null).get(yes)) return e;
  return yes ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
}

// Deeper nesting is refused: the walk below recurses, and no news record nests this deep.
constexpr unsigned kMaxDepth = 256;

// Walks a value completely so that malformed atoms anywhere in the record are caught.
simdjson::error_code validate(od::value value, unsigned depth = 1);

simdjson::error_code validate_array(od::array array, unsigned depth) {
  for (auto element : array) {
    od::value v;
    if (auto e = element.get(v)) return e;
    if (auto e = validate(v, depth)) return e;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code validate_object(od::object object, unsigned depth) {
  for (auto field : object) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    if (auto e = validate(field.value(), depth)) return e;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code validate(od::value value, unsigned depth) {
  if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  switch (type) {
    case od::json_type::array: {
      od::array a;
      if (auto e = value.get_array().get(a)) return e;
      return validate_array(a, depth + 1);
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = value.get_object().get(o)) return e;
      return validate_object(o, depth + 1);
    }
    case od::json_type::string: return value.get_string().error();
    case od::json_type::number: return number_error(value.raw_json_token());
    case od::json_type::boolean: return value.get_bool().error();
    case od::json_type::null: return null_error(value.is_null());
  }
  return simdjson::TAPE_ERROR;
}

// A scalar field as text: strings decoded, numbers and others as their raw JSON.
simdjson::error_code scalar_text(od::value value, std::string& out) {
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == od::json_type::string) {
    std::string_view s;
    if (auto e = value.get_string().get(s)) return e;
    out.assign(s);
    return simdjson::SUCCESS;
  }
  if (type == od::json_type::null) {
    out.clear();
    return null_error(value.is_null());
  }
  if (type == od::json_type::number || type == od::json_type::boolean) {
    out.assign(trim_token(value.raw_json_token()));
    return validate(value);
  }
  out.clear();
  return validate(value);
}

// A document that is not an object: still tell malformed from merely unexpected.
simdjson::error_code validate_root(od::document& doc, od::json_type type) {
  switch (type) {
    case od::json_type::array: {
      od::array a;
      if (auto e = doc.get_array().get(a)) return e;
      return validate_array(a, 2);
    }
    case od::json_type::string: return doc.get_string().error();
    case od::json_type::number: {
      std::string_view token;
      if (auto e = doc.raw_json_token().get(token)) return e;
      return number_error(token);
    }
    case od::json_type::boolean: return doc.get_bool().error();
    case od::json_type::null: return null_error(doc.is_null());
    case od::json_type::object: return simdjson::SUCCESS;
  }
  return simdjson::TAPE_ERROR;
}

}  // namespace

void url_host(std::string_view url, std::string& host) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  if (scheme == std::string_view::npos && url.starts_with("//")) rest = url.substr(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (size_t colon = authority.rfind(':');
      colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  host.assign(authority);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (host.starts_with("www.")) host.erase(0, 4);
}

std::string url_host(std::string_view url) {
  std::string host;
  url_host(url, host);
  return host;
}

JsonRecordParser::JsonRecordParser(FieldNames names)
    : names_(std::move(names)), impl_(std::make_unique<Impl>()) {}

JsonRecordParser::~JsonRecordParser() = default;

RecordError JsonRecordParser::parse(std::string_view line, size_t capacity, JsonRecord& out) {
  out.text = {};
  out.text_begin = out.text_end = 0;
  out.id.clear();
  out.source.clear();
  out.url.clear();
  out.title.clear();
  out.author.clear();
  out.date.clear();
  out.detail.clear();
  if (std::memchr(line.data(), '\0', line.size()) != nullptr) return RecordError::nul_byte;

  // A byte-order mark is not JSON. The reader drops one that opens a file; skip any other.
  std::string_view json = line;
  if (json.starts_with("\xEF\xBB\xBF")) json.remove_prefix(3);
  od::document doc;
  if (auto e = impl_->parser.iterate(json.data(), json.size(), capacity - (line.size() - json.size()))
                   .get(doc)) {
    return from_simdjson(e, out);
  }
  od::json_type type;
  if (auto e = doc.type().get(type)) return from_simdjson(e, out);
  if (type != od::json_type::object) {
    if (auto e = validate_root(doc, type)) return from_simdjson(e, out);
    return RecordError::not_an_object;
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) return from_simdjson(e, out);

  bool have_text = false;
  RecordError text_error = RecordError::text_missing;
  for (auto field : object) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return from_simdjson(e, out);
    od::value value = field.value();
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == names_.text) {
      // JSON readers differ on which of two keys wins; cleaning one would let the other through.
      if (have_text) return RecordError::duplicate_text;
      have_text = true;
      od::json_type vt;
      if ((e = value.type().get(vt))) return from_simdjson(e, out);
      if (vt == od::json_type::string) {
        std::string_view token = trim_token(value.raw_json_token());
        out.text_begin = static_cast<size_t>(token.data() - line.data());
        out.text_end = out.text_begin + token.size();
        e = value.get_string().get(out.text);
        text_error = RecordError::none;
      } else {
        text_error = vt == od::json_type::null ? RecordError::text_null : RecordError::text_not_string;
        e = validate(value);
      }
    } else if (key == names_.id && out.id.empty()) {
      e = scalar_text(value, out.id);
    } else if (key == names_.source && out.source.empty()) {
      e = scalar_text(value, out.source);
    } else if (key == names_.url && out.url.empty()) {
      e = scalar_text(value, out.url);
    } else if (key == names_.title && out.title.empty()) {
      e = scalar_text(value, out.title);
    } else if (key == names_.author && out.author.empty()) {
      e = scalar_text(value, out.author);
    } else if (key == names_.date && out.date.empty()) {
      e = scalar_text(value, out.date);
    } else {
      e = validate(value);
    }
    if (e) return from_simdjson(e, out);
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    out.detail = "trailing content after the JSON object";
    return RecordError::malformed_json;
  }
  if (out.source.empty() && !out.url.empty()) url_host(out.url, out.source);
  return text_error;
}

}  // namespace winnow
