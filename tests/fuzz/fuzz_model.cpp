// Model files: SourceModel::load, load_for_cleaning, summary_of and the streaming merge on
// arbitrary bytes, and on a small valid model patched by the input with its checksum
// recomputed (see fuzz_files.hpp). A bad file must end in ModelError, nothing else.
// Input bit 3 (first byte) also runs the file merges.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_files.hpp"
#include "winnow/document_cleaner.hpp"
#include "winnow/model_learner.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/source_model.hpp"
#include "winnow/template_prints.hpp"

using namespace winnow;

namespace {

constexpr size_t kSizeField = 24;  // u64 file size in the model header

struct Doc {
  const char* source;
  const char* title;
  const char* text;
};

// Three documents of one source sharing a footer (counts reach kMinTemplateDocuments),
// and one of another source sharing a line with them (a cross-source entry).
const Doc kDocs[] = {
    {"daily.example", "Ferry adds evening crossings",
     "Ferry adds evening crossings\n\nThe county ferry will add two evening crossings on weekdays "
     "starting in April, the transit authority said.\n\nAdvertisement\n\nThe post Ferry adds evening "
     "crossings appeared first on Daily Example."},
    {"daily.example", "Storm fills the reservoir",
     "A storm that stalled over the valley dropped more rain than the region usually sees in a "
     "month.\n\nAdvertisement\n\nThe post Storm fills the reservoir appeared first on Daily Example."},
    {"daily.example", "Library opens late on Fridays",
     "The public library will stay open until 9 p.m. on Fridays from next month.\n\nShare this "
     "article\n\nThe post Library opens late on Fridays appeared first on Daily Example."},
    {"wire.example", "Markets close higher",
     "Stocks closed higher on Tuesday after a quiet session.\n\nAdvertisement\n\nShare this "
     "article"},
};

struct Valid {
  std::string path;
  std::string bytes;
  SourceModel model;
  std::vector<TemplatePrints> prints;  // of each kDocs entry, hashed as the model was
};

const Valid& valid() {
  static const Valid v = [] {
    Valid out;
    out.path = fuzz::scratch_path("valid.model");
    ModelLearner learner(out.model);
    TemplateHasher hasher(out.model.shingle_words(), out.model.seed());
    std::vector<TextSpan> spans;
    for (const Doc& d : kDocs) {
      learner.add(DocumentInput{d.text, d.title, d.source, {}, d.title, {}, {}});
      split_paragraphs(d.text, spans);
      out.prints.emplace_back();
      hasher.compute(d.text, spans, RecordFacts{d.title, {}, {}, {}}, out.prints.back());
    }
    out.model.save(out.path);
    out.bytes = fuzz::read_file(out.path);
    return out;
  }();
  return v;
}

// What the cleaner asks of a model, for every paragraph of the sample documents.
void query(const SourceModel& model, bool across_sources) {
  const Valid& v = valid();
  for (size_t d = 0; d < v.prints.size(); ++d) {
    const TemplatePrints& prints = v.prints[d];
    (void)model.source_documents(kDocs[d].source);
    for (size_t p = 0; p < prints.paragraphs.size(); ++p) {
      RepetitionEvidence e = model.evidence(kDocs[d].source, prints, p, 2, across_sources);
      if (!(e.shingle_recurrence >= 0.0f && e.shingle_recurrence <= 1.0f)) __builtin_trap();
      if (!across_sources) model.add_cross_evidence(kDocs[d].source, prints, p, e);
    }
  }
}

void exercise_full(const std::string& path) {
  SourceModel model = SourceModel::load(path);
  (void)model.documents();
  (void)model.sources();
  (void)model.entries();
  (void)model.memory_bytes();
  (void)model.planned_bytes();
  for (const SourceSummary& s : model.source_summaries()) (void)s.name.size();
  query(model, true);
  query(model, false);
  // A model that loaded saves and loads again.
  const std::string again = fuzz::scratch_path("again.model");
  model.save(again);
  try {
    const SourceModel reloaded = SourceModel::load(again);
    if (reloaded.entries() != model.entries() || reloaded.documents() != model.documents()) __builtin_trap();
  } catch (const ModelError&) {
    __builtin_trap();
  }
  try {
    model.merge(valid().model);  // throws when seeds or shingle lengths differ
    query(model, true);
  } catch (const ModelError&) {
  }
  // As learning in bounded memory does; what is left still saves and loads.
  (void)model.forget_rare(kMinTemplateDocuments);
  query(model, true);
  model.save(again);
  try {
    const SourceModel reloaded = SourceModel::load(again);
    if (reloaded.entries() != model.entries()) __builtin_trap();
  } catch (const ModelError&) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Valid& v = valid();
  const std::string path = fuzz::scratch_path("input.model");
  fuzz::write_file(path, fuzz::state_file_from(data, size, v.bytes, kSizeField));
  const bool merges = size > 0 && (data[0] & 8);

  try {
    exercise_full(path);
  } catch (const ModelError&) {
  }
  try {
    const SourceModel model = SourceModel::load_for_cleaning(path);
    query(model, true);
  } catch (const ModelError&) {
  }
  try {
    (void)SourceModel::summary_of(path);
  } catch (const ModelError&) {
  }
  if (merges) {
    const std::string merged = fuzz::scratch_path("merged.model");
    bool written = false;
    try {
      SourceModel::merge_files({path, v.path}, merged);
      written = true;
    } catch (const ModelError&) {
    }
    if (written) {
      try {
        (void)SourceModel::load(merged);  // what a merge writes loads
      } catch (const ModelError&) {
        __builtin_trap();
      }
    }
    try {
      const SourceModel model = SourceModel::merge_files_for_cleaning({v.path, path});
      query(model, true);
    } catch (const ModelError&) {
    }
  }
  return 0;
}
