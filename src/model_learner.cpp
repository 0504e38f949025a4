#include "winnow/model_learner.hpp"

#include "winnow/paragraphs.hpp"

namespace winnow {

ModelLearner::ModelLearner(SourceModel& model)
    : model_(model), hasher_(model.shingle_words(), model.seed()) {}

void ModelLearner::add(const DocumentInput& doc) {
  split_paragraphs(doc.text, spans_);
  hasher_.compute(doc.text, spans_, RecordFacts{doc.title, doc.author, doc.url, doc.date}, prints_);
  model_.add_document(doc.source, prints_);
}

}  // namespace winnow
