#include "winnow/model_runs.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace winnow {

ModelRuns::ModelRuns(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string pattern = base + "/winnow-runs-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw ModelError(base + ": cannot make a directory for model runs: " + std::strerror(errno));
  }
  directory_ = pattern;
}

ModelRuns::~ModelRuns() {
  for (const std::string& run : runs_) ::unlink(run.c_str());
  ::rmdir(directory_.c_str());
}

void ModelRuns::spill(SourceModel& model) {
  std::string path;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    path = directory_ + "/run-" + std::to_string(runs_.size()) + ".model";
    runs_.push_back(path);  // listed first, so it is removed even if saving fails
  }
  model.save(path);
  model = SourceModel(model.seed(), model.shingle_words());
}

size_t ModelRuns::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return runs_.size();
}

void ModelRuns::save_merged(const std::string& path) const { SourceModel::merge_files(runs_, path); }

SourceModel ModelRuns::merged_for_cleaning() const { return SourceModel::merge_files_for_cleaning(runs_); }

}  // namespace winnow
