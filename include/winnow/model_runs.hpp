// Learning in bounded memory: a learner whose tables outgrow their share saves them as a
// run (an ordinary model file) and starts again empty; the runs are merged at the end a
// record at a time (SourceModel::merge_files), so memory stays flat whatever the corpus.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "winnow/source_model.hpp"

namespace winnow {

class ModelRuns {
 public:
  // Makes a private directory for the runs under `parent` (empty: $TMPDIR, else /tmp).
  // Throws ModelError naming the directory and the reason.
  explicit ModelRuns(const std::string& parent);
  ~ModelRuns();  // removes the runs and their directory
  ModelRuns(const ModelRuns&) = delete;
  ModelRuns& operator=(const ModelRuns&) = delete;

  // Saves `model` as a run and empties it. Safe to call from several threads.
  void spill(SourceModel& model);
  size_t size() const;

  // The runs merged into a model file, or into a model for cleaning.
  void save_merged(const std::string& path) const;
  SourceModel merged_for_cleaning() const;

 private:
  std::string directory_;
  mutable std::mutex mutex_;
  std::vector<std::string> runs_;
};

}  // namespace winnow
