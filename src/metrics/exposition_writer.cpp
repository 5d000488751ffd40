#include "metrics/exposition_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace bambu {
namespace {

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

void AppendLabels(std::string& out, const LabelSet& labels) {
  if (labels.empty()) return;
  char separator = '{';
  for (const auto& [name, text] : labels) {
    out += separator;
    out += name;
    out += "=\"";
    AppendLabelValue(out, text);
    out += '"';
    separator = ',';
  }
  out += '}';
}

}  // namespace

void AppendLabelValue(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\' && c != '"' && c != '\n') continue;
    out.append(text.substr(plain, i - plain));
    out += '\\';
    out += c == '\n' ? 'n' : c;
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

void AppendSampleValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "Nan";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Inf" : "+Inf";
    return;
  }
  char buffer[32];
  std::to_chars_result result;
  // Integral values below 1e15 print the same under %.16g; the integer path is faster.
  // -0 keeps the general path, which writes "-0" as the stream does.
  if (std::abs(value) < 1e15 && value == std::trunc(value) &&
      !(value == 0 && std::signbit(value))) {
    result = std::to_chars(buffer, buffer + sizeof(buffer), static_cast<std::int64_t>(value));
  } else {
    result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general, 16);
  }
  out.append(buffer, result.ptr);
}

void ExpositionWriter::Add(const FamilySpec& spec, const LabelSet& labels, double value) {
  auto [it, inserted] = index_.try_emplace(spec.name, families_.size());
  if (inserted) {
    std::string header;
    if (sizes_ != nullptr) {
      if (auto known = sizes_->find(std::string(spec.name)); known != sizes_->end()) {
        header.reserve(known->second + known->second / 16);  // room for a little growth
      }
    }
    header.append("# HELP ").append(spec.name).append(" ").append(spec.help).append("\n");
    header.append("# TYPE ").append(spec.name).append(" ").append(TypeName(spec.type));
    header.append("\n");
    families_.push_back({&spec, std::move(header)});
  }
  std::string& text = families_[it->second].text;
  text += spec.name;
  AppendLabels(text, labels);
  text += ' ';
  AppendSampleValue(text, value);
  text += '\n';
  ++samples_;
}

void ExpositionWriter::Finish(std::vector<std::string>& parts) {
  std::sort(families_.begin(), families_.end(),
            [](const Family& a, const Family& b) { return a.spec->name < b.spec->name; });
  for (Family& family : families_) {
    if (sizes_ != nullptr) (*sizes_)[std::string(family.spec->name)] = family.text.size();
    parts.push_back(std::move(family.text));
  }
  families_.clear();
  index_.clear();
  samples_ = 0;
}

void ExpositionWriter::Finish(std::string& out) {
  std::vector<std::string> parts;
  Finish(parts);
  AppendJoined(out, parts);
}

void AppendJoined(std::string& out, const std::vector<std::string>& parts) {
  std::size_t size = out.size();
  for (const std::string& part : parts) size += part.size();
  out.reserve(size);
  for (const std::string& part : parts) out += part;
}

}  // namespace bambu
