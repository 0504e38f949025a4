// Turns input files into batches of records: JSONL lines, whole text files, or WARC documents.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "winnow/batch.hpp"
#include "winnow/byte_source.hpp"
#include "winnow/warc_reader.hpp"

namespace winnow {

enum class InputFormat { jsonl, text, warc };

struct ReaderOptions {
  InputFormat format = InputFormat::jsonl;
  size_t max_record_bytes = size_t{256} << 20;
  size_t batch_bytes = size_t{2} << 20;  // big enough to amortize hand-offs between threads
};

// Reads the files one after another ("-" is stdin). A file that cannot be opened or read
// to its end becomes an input_failure item at its place in the stream, so its message
// is printed in order and the run goes on with the next file.
class BatchReader {
 public:
  BatchReader(std::vector<std::string> paths, ReaderOptions options);
  ~BatchReader();

  // Fills `batch` (after reset) with the next records; false when all input is consumed.
  bool next(Batch& batch);

  // Name for messages: the path, or "<stdin>" for "-".
  const std::string& display_name(uint32_t file) const { return names_[file]; }
  const std::vector<std::string>& display_names() const { return names_; }

 private:
  bool open_next_file(Batch& batch);
  void close_file();
  bool fill_jsonl(Batch& batch);
  bool fill_text(Batch& batch);
  bool fill_warc(Batch& batch);
  size_t read_size() const;
  size_t read_more(Batch& batch, size_t want);
  void take_lines(Batch& batch, size_t& scan_from, size_t& line_start);
  void finish_file_tail(Batch& batch, size_t line_start, bool truncated);
  void stream_oversized(Batch& batch);
  void fail_file(Batch& batch, const std::string& reason);
  void add_bad_warc_record(Batch& batch, const InputError& e);

  std::vector<std::string> paths_;
  std::vector<std::string> names_;
  ReaderOptions options_;
  size_t next_file_ = 0;
  uint32_t file_ = 0;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<WarcReader> warc_;
  WarcRecord warc_record_;
  std::string carry_;        // a partial line left over from the previous batch
  uint64_t line_ = 0;        // lines completed in the current file
  uint64_t counted_raw_ = 0; // compressed bytes already attributed to a batch
  bool oversized_ = false;   // inside a line over the size limit, streaming it through
};

}  // namespace winnow
