#include "metrics/metric_sink.hpp"

#include <stdexcept>

namespace bambu {

LabelSet::LabelSet(std::initializer_list<Label> labels) {
  for (const Label& label : labels) Insert(label);
}

LabelSet LabelSet::With(std::initializer_list<Label> extra) const {
  LabelSet out = *this;
  for (const Label& label : extra) out.Insert(label);
  return out;
}

void LabelSet::Insert(const Label& label) {
  if (size_ == kMaxLabels) throw std::length_error("LabelSet: more than 12 labels");
  std::size_t at = size_;
  while (at > 0 && labels_[at - 1].first > label.first) {
    labels_[at] = labels_[at - 1];
    --at;
  }
  labels_[at] = label;
  ++size_;
}

}  // namespace bambu
