#include "winnow/batch_reader.hpp"

#include <algorithm>
#include <cstring>

#include "winnow/json_record.hpp"

namespace winnow {

namespace {

constexpr size_t kReadChunk = size_t{1} << 20;
constexpr int kLiveWaitMs = 10;

// Some editors open a file with a byte-order mark; it belongs to no record, so no record
// carries it into the output, where it would break the line for JSON readers.
void drop_bom(const PaddedBuffer& data, BatchItem& item) {
  if (item.line == 1 && item.length >= 3 && std::memcmp(data.data() + item.offset, "\xEF\xBB\xBF", 3) == 0) {
    item.offset += 3;
    item.length -= 3;
  }
}

}  // namespace

size_t BatchReader::read_size() const {
  return std::clamp(options_.batch_bytes, size_t{4096}, kReadChunk);
}

BatchReader::BatchReader(std::vector<std::string> paths, ReaderOptions options)
    : paths_(std::move(paths)), options_(options) {
  if (paths_.empty()) paths_.push_back("-");
  for (const std::string& p : paths_) names_.push_back(p == "-" ? "<stdin>" : p);
}

BatchReader::~BatchReader() = default;

bool BatchReader::next(Batch& batch) {
  batch.reset();
  while (true) {
    if (!source_ && !open_next_file(batch)) return !batch.items.empty();
    if (!source_) continue;  // the file failed to open; its failure item is in the batch
    bool full = false;
    switch (options_.format) {
      case InputFormat::jsonl: full = fill_jsonl(batch); break;
      case InputFormat::text: full = fill_text(batch); break;
      case InputFormat::warc: full = fill_warc(batch); break;
    }
    if (full) return true;
  }
}

bool BatchReader::open_next_file(Batch& batch) {
  if (next_file_ >= paths_.size()) return false;
  file_ = static_cast<uint32_t>(next_file_++);
  line_ = 0;
  counted_raw_ = 0;
  oversized_ = false;
  carry_.clear();
  try {
    source_ = open_input(paths_[file_]);
    if (options_.format == InputFormat::warc) {
      warc_ = std::make_unique<WarcReader>(*source_, options_.max_record_bytes);
    }
  } catch (const InputError& e) {
    fail_file(batch, e.what());
    batch.items.back().line = 0;  // the file as a whole, not a line of it
  }
  return true;
}

void BatchReader::close_file() {
  warc_.reset();
  source_.reset();
}

void BatchReader::fail_file(Batch& batch, const std::string& reason) {
  BatchItem item;
  item.kind = ItemKind::input_failure;
  item.file = file_;
  item.line = line_ + 1;
  item.message = reason;
  batch.items.push_back(std::move(item));
  close_file();
}

size_t BatchReader::read_more(Batch& batch, size_t want) {
  PaddedBuffer& data = batch.data;
  size_t old = data.size();
  data.resize(old + want);
  size_t n = 0;
  try {
    n = source_->read(data.data() + old, want);
  } catch (...) {
    data.resize(old);
    throw;
  }
  data.resize(old + n);
  batch.stats.bytes_in += n;
  uint64_t raw = source_->raw_bytes_read();
  batch.stats.compressed_bytes_in += source_->compression() == Compression::none ? 0 : raw - counted_raw_;
  counted_raw_ = raw;
  return n;
}

void BatchReader::take_lines(Batch& batch, size_t& scan_from, size_t& line_start) {
  const char* data = batch.data.data();
  size_t size = batch.data.size();
  while (scan_from < size) {
    const void* nl = std::memchr(data + scan_from, '\n', size - scan_from);
    if (nl == nullptr) break;
    size_t pos = static_cast<size_t>(static_cast<const char*>(nl) - data);
    BatchItem item;
    item.file = file_;
    item.line = ++line_;
    item.offset = line_start;
    item.length = pos - line_start;
    item.has_newline = true;
    // Whether an over-long line arrives whole or in pieces depends on read sizes; it is
    // the same bad record either way.
    if (item.length > options_.max_record_bytes) item.preset_error = RecordError::too_large;
    drop_bom(batch.data, item);
    batch.items.push_back(item);
    line_start = scan_from = pos + 1;
  }
  scan_from = size;
}

void BatchReader::finish_file_tail(Batch& batch, size_t line_start, bool truncated) {
  if (batch.data.size() > line_start) {
    BatchItem item;
    item.file = file_;
    item.line = ++line_;
    item.offset = line_start;
    item.length = batch.data.size() - line_start;
    item.add_newline = next_file_ < paths_.size();
    if (truncated) item.preset_error = RecordError::truncated_line;
    drop_bom(batch.data, item);
    batch.items.push_back(item);
  }
}

bool BatchReader::fill_jsonl(Batch& batch) {
  if (oversized_) {
    stream_oversized(batch);
    return true;
  }
  size_t line_start = batch.data.size();
  batch.data.append(carry_.data(), carry_.size());
  carry_.clear();
  size_t scan_from = line_start;
  while (true) {
    take_lines(batch, scan_from, line_start);
    size_t partial = batch.data.size() - line_start;
    if (partial > options_.max_record_bytes) {
      BatchItem item;
      item.kind = ItemKind::fragment;
      item.first_fragment = true;
      item.preset_error = RecordError::too_large;
      item.file = file_;
      item.line = ++line_;
      item.offset = line_start;
      item.length = partial;
      drop_bom(batch.data, item);
      batch.items.push_back(item);
      oversized_ = true;
      return true;
    }
    // Full, or a live pipe has had nothing more for a while: pass on the complete lines.
    // The short wait keeps a fast writer's stream in big batches.
    bool full = batch.data.size() >= options_.batch_bytes;
    if (line_start > 0 && !batch.items.empty() && (full || source_->would_block(kLiveWaitMs))) {
      carry_.assign(batch.data.data() + line_start, partial);
      batch.data.resize(line_start);
      return true;
    }
    try {
      if (read_more(batch, read_size()) == 0) {
        finish_file_tail(batch, line_start, false);
        close_file();
        return false;
      }
    } catch (const InputError& e) {
      finish_file_tail(batch, line_start, true);
      fail_file(batch, e.what());
      return false;
    }
  }
}

void BatchReader::stream_oversized(Batch& batch) {
  BatchItem item;
  item.kind = ItemKind::fragment;
  item.file = file_;
  item.line = line_;
  auto finish = [&](bool has_newline) {
    item.last_fragment = true;
    item.has_newline = has_newline;
    item.add_newline = !has_newline && next_file_ < paths_.size();
    oversized_ = false;
  };
  size_t n = 0;
  try {
    n = read_more(batch, kReadChunk);
  } catch (const InputError& e) {
    finish(false);
    item.length = batch.data.size();
    batch.items.push_back(item);
    fail_file(batch, e.what());
    return;
  }
  const char* data = batch.data.data();
  const void* nl = std::memchr(data, '\n', batch.data.size());
  if (nl != nullptr) {
    size_t pos = static_cast<size_t>(static_cast<const char*>(nl) - data);
    finish(true);
    item.length = pos;
    carry_.assign(data + pos + 1, batch.data.size() - pos - 1);
    batch.data.resize(pos);
  } else {
    item.length = batch.data.size();
    if (n == 0) {
      finish(false);
      close_file();
    }
  }
  batch.items.push_back(item);
}

bool BatchReader::fill_text(Batch& batch) {
  Document& doc = batch.add_document();
  doc.id = names_[file_];
  BatchItem item;
  item.kind = ItemKind::document;
  item.file = file_;
  item.line = 1;
  item.document = static_cast<uint32_t>(batch.document_count - 1);
  try {
    while (true) {
      size_t old = batch.data.size();
      if (read_more(batch, kReadChunk) == 0) break;
      doc.text.append(batch.data.data() + old, batch.data.size() - old);
      batch.data.resize(old);
      if (doc.text.size() > options_.max_record_bytes) {
        --batch.document_count;
        fail_file(batch, "file larger than --max-record-size; not processed");
        return false;
      }
    }
  } catch (const InputError& e) {
    --batch.document_count;
    fail_file(batch, e.what());
    return false;
  }
  batch.items.push_back(item);
  close_file();
  return batch.stats.bytes_in >= options_.batch_bytes;
}

bool BatchReader::fill_warc(Batch& batch) {
  size_t bytes = 0;
  try {
    while (warc_->next(warc_record_)) {
      if (warc_record_.type != "conversion") {
        ++batch.stats.skipped_warc_records;
        continue;
      }
      Document& doc = batch.add_document();
      doc.id = warc_record_.record_id;
      doc.url = warc_record_.target_uri;
      url_host(doc.url, doc.source);
      doc.date = warc_record_.date;
      std::swap(doc.text, warc_record_.body);
      bytes += doc.text.size();
      BatchItem item;
      item.kind = ItemKind::document;
      item.file = file_;
      item.line = warc_record_.line;
      item.document = static_cast<uint32_t>(batch.document_count - 1);
      batch.items.push_back(item);
      if (bytes >= options_.batch_bytes) {
        batch.stats.bytes_in += bytes;
        return true;
      }
    }
  } catch (const InputError& e) {
    batch.stats.bytes_in += bytes;
    if (e.kind() != InputError::Kind::corrupt) {
      fail_file(batch, e.what());
      return false;
    }
    // The reader skips a bad or oversized record and goes on with the next one.
    add_bad_warc_record(batch, e);
    return batch.stats.bytes_in >= options_.batch_bytes;
  }
  batch.stats.bytes_in += bytes;
  close_file();
  return false;
}

void BatchReader::add_bad_warc_record(Batch& batch, const InputError& e) {
  BatchItem item;
  item.kind = ItemKind::document;
  item.file = file_;
  item.line = 0;  // the reader's message says where
  std::string_view why = e.what();
  item.preset_error = why.find("exceeds") != std::string_view::npos ? RecordError::too_large
                                                                    : RecordError::malformed_json;
  item.message = e.what();
  batch.items.push_back(std::move(item));
}

}  // namespace winnow
