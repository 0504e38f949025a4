// Feeds documents into a SourceModel: split, mask, hash, count.
#pragma once
#include <vector>

#include "winnow/document_cleaner.hpp"
#include "winnow/source_model.hpp"
#include "winnow/template_prints.hpp"

namespace winnow {

// One per worker; its model is merged with the other workers' at the end.
class ModelLearner {
 public:
  // Hashes with the model's own seed and shingle length.
  explicit ModelLearner(SourceModel& model);
  void add(const DocumentInput& doc);

 private:
  SourceModel& model_;
  TemplateHasher hasher_;
  TemplatePrints prints_;
  std::vector<TextSpan> spans_;
};

}  // namespace winnow
