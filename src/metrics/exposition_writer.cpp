#include "metrics/exposition_writer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace bambu {
namespace {

constexpr std::size_t kFirstSpecSlots = 128;
constexpr std::size_t kMinChunk = 4096;  // bytes of a family's chunk when nothing is known

std::string_view TypeName(prometheus::MetricType type) {
  switch (type) {
    case prometheus::MetricType::Counter:
      return "counter";
    case prometheus::MetricType::Gauge:
      return "gauge";
    case prometheus::MetricType::Summary:
      return "summary";
    case prometheus::MetricType::Histogram:
      return "histogram";
    default:
      return "untyped";
  }
}

char* Put(char* out, std::string_view text) {
  if (!text.empty()) std::memcpy(out, text.data(), text.size());  // data() may be null
  return out + text.size();
}

/// Bytes of the HELP and TYPE lines of `spec`, at most.
std::size_t HeaderBound(const FamilySpec& spec) {
  return 2 * spec.name.size() + spec.help.size() + 32;
}

/// Bytes of one sample line of `spec` with `labels`, at most.
std::size_t LineBound(const FamilySpec& spec, const LabelSet& labels) {
  std::size_t bytes = spec.name.size() + kMaxSampleValueBytes + 4;
  for (const auto& [name, text] : labels) bytes += name.size() + LabelValueBound(text) + 4;
  return bytes;
}

char* WriteHeader(char* out, const FamilySpec& spec) {
  out = Put(out, "# HELP ");
  out = Put(out, spec.name);
  *out++ = ' ';
  out = Put(out, spec.help);
  out = Put(out, "\n# TYPE ");
  out = Put(out, spec.name);
  *out++ = ' ';
  out = Put(out, TypeName(spec.type));
  *out++ = '\n';
  return out;
}

char* WriteLine(char* out, const FamilySpec& spec, const LabelSet& labels, double value) {
  out = Put(out, spec.name);
  char separator = '{';
  for (const auto& [name, text] : labels) {
    *out++ = separator;
    out = Put(out, name);
    *out++ = '=';
    *out++ = '"';
    out = WriteLabelValue(out, text);
    *out++ = '"';
    separator = ',';
  }
  if (!labels.empty()) *out++ = '}';
  *out++ = ' ';
  out = WriteSampleValue(out, value);
  *out++ = '\n';
  return out;
}

/// Slot of `spec` in a table of `slots` (a power of 2): its address, scrambled.
std::size_t HashSlot(const FamilySpec* spec, std::size_t slots) {
  const auto address = reinterpret_cast<std::uintptr_t>(spec);
  return static_cast<std::size_t>((address >> 3) * 0x9E3779B97F4A7C15ULL) & (slots - 1);
}

}  // namespace

ExpositionWriter::ExpositionWriter(FamilySizes* sizes) : sizes_(sizes) {}

ExpositionWriter::~ExpositionWriter() = default;

void ExpositionWriter::Add(const FamilySpec& spec, const LabelSet& labels, double value) {
  Family& family = FamilyOf(spec);
  family.cursor = WriteLine(Reserve(family, LineBound(spec, labels)), spec, labels, value);
  ++samples_;
}

ExpositionWriter::Family& ExpositionWriter::FamilyOf(const FamilySpec& spec) {
  if (!by_spec_.empty()) {
    for (std::size_t slot = HashSlot(&spec, by_spec_.size());;
         slot = (slot + 1) & (by_spec_.size() - 1)) {
      if (by_spec_[slot].spec == &spec) return families_[by_spec_[slot].family];
      if (by_spec_[slot].spec == nullptr) break;
    }
  }
  // A spec not seen yet; another spec object may name the same family.
  auto [it, inserted] = index_.try_emplace(spec.name, families_.size());
  if (inserted) NewFamily(spec);
  RememberSpec(&spec, it->second);
  return families_[it->second];
}

std::size_t ExpositionWriter::NewFamily(const FamilySpec& spec) {
  if (arena_ == nullptr) {
    std::size_t expected = 0;
    if (sizes_ != nullptr) {
      for (const auto& [name, bytes] : *sizes_) expected += bytes;
    }
    arena_ = std::make_unique<TextArena>(expected);
  }
  Family family;
  family.spec = &spec;
  if (sizes_ != nullptr) {
    if (auto known = sizes_->find(spec.name); known != sizes_->end()) {
      family.first_chunk = known->second + known->second / 16;  // room for a little growth
    }
  }
  families_.push_back(family);
  Family& added = families_.back();
  added.cursor = WriteHeader(Reserve(added, HeaderBound(spec)), spec);
  return families_.size() - 1;
}

void ExpositionWriter::RememberSpec(const FamilySpec* spec, std::size_t family) {
  if (2 * (specs_ + 1) > by_spec_.size()) {
    std::vector<SpecSlot> old = std::move(by_spec_);
    by_spec_.assign(std::max(kFirstSpecSlots, 2 * old.size()), SpecSlot{});
    specs_ = 0;
    for (const SpecSlot& slot : old) {
      if (slot.spec != nullptr) RememberSpec(slot.spec, slot.family);
    }
  }
  std::size_t slot = HashSlot(spec, by_spec_.size());
  while (by_spec_[slot].spec != nullptr) slot = (slot + 1) & (by_spec_.size() - 1);
  by_spec_[slot] = {spec, family};
  ++specs_;
}

char* ExpositionWriter::Reserve(Family& family, std::size_t bytes) {
  if (static_cast<std::size_t>(family.limit - family.cursor) >= bytes) return family.cursor;
  if (family.cursor != family.start) {
    family.chunks.emplace_back(family.start,
                               static_cast<std::size_t>(family.cursor - family.start));
    family.bytes += family.chunks.back().size();
  }
  // The first chunk holds the family's size at the last scrape; later ones half of what the
  // family holds already, so that a family needs few chunks.
  const std::size_t preferred = family.bytes == 0 && family.first_chunk > 0
                                    ? family.first_chunk
                                    : std::max(kMinChunk, family.bytes / 2);
  const std::span<char> chunk = arena_->Allocate(bytes, preferred);
  family.start = family.cursor = chunk.data();
  family.limit = chunk.data() + chunk.size();
  return family.cursor;
}

void ExpositionWriter::Finish(ArenaText& out) {
  std::sort(families_.begin(), families_.end(),
            [](const Family& a, const Family& b) { return a.spec->name < b.spec->name; });
  out.parts.clear();
  for (Family& family : families_) {
    if (family.cursor != family.start) {
      family.chunks.emplace_back(family.start,
                                 static_cast<std::size_t>(family.cursor - family.start));
      family.bytes += family.chunks.back().size();
    }
    RecordSize(family.spec->name, family.bytes);
    out.parts.insert(out.parts.end(), family.chunks.begin(), family.chunks.end());
  }
  out.arena = std::move(arena_);
  Clear();
}

void ExpositionWriter::Finish(std::vector<std::string>& parts) {
  std::sort(families_.begin(), families_.end(),
            [](const Family& a, const Family& b) { return a.spec->name < b.spec->name; });
  for (Family& family : families_) {
    ArenaText one;
    one.parts = std::move(family.chunks);
    one.parts.emplace_back(family.start, static_cast<std::size_t>(family.cursor - family.start));
    RecordSize(family.spec->name, one.size());
    parts.push_back(one.Joined());
  }
  Clear();
}

void ExpositionWriter::Finish(std::string& out) {
  ArenaText text;
  Finish(text);
  out.reserve(out.size() + text.size());
  for (const std::string_view part : text.parts) out += part;
}

void ExpositionWriter::RecordSize(std::string_view name, std::size_t bytes) {
  if (sizes_ == nullptr) return;
  if (auto known = sizes_->find(name); known != sizes_->end()) {
    known->second = bytes;
  } else {
    sizes_->emplace(std::string(name), bytes);
  }
}

void ExpositionWriter::Clear() {
  arena_.reset();
  families_.clear();
  index_.clear();
  by_spec_.clear();
  specs_ = 0;
  samples_ = 0;
}

void AppendJoined(std::string& out, const std::vector<std::string>& parts) {
  std::size_t size = out.size();
  for (const std::string& part : parts) size += part.size();
  out.reserve(size);
  for (const std::string& part : parts) out += part;
}

}  // namespace bambu
