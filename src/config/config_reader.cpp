#include "config/config_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "config/config.hpp"
#include "config/duration.hpp"

namespace bambu {
namespace {

constexpr std::string_view kDurationHint = "must be a duration such as \"90s\", \"5m\" or \"1h\"";

/// "90s", "5m", "1h30m": the shortest duration text for whole seconds.
std::string DurationText(int seconds) {
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

/// `text` as a whole number in [min, max], else nullopt.
std::optional<int> WholeNumber(const std::string& text, int min, int max) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

void ConfigReader::Fail(const std::string& key, const std::string& problem) const {
  throw ConfigError(source_ + ": " + key + ": " + problem);
}

std::string ConfigReader::Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

void ConfigReader::CheckKeys(const YAML::Node& map, const std::string& path,
                             std::initializer_list<std::string_view> allowed) const {
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) Fail(path.empty() ? "(document)" : path, "keys must be strings");
    const std::string key = entry.first.Scalar();
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (!known) Fail(Join(path, key), "unknown key");
    if (!seen.insert(key).second) Fail(Join(path, key), "duplicate key");
  }
}

std::optional<std::string> ConfigReader::String(const YAML::Node& map, const std::string& path,
                                                std::string_view key, std::size_t max_bytes) const {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  if (!node.IsScalar()) Fail(Join(path, key), "must be a string");
  if (node.Scalar().size() > max_bytes) {
    Fail(Join(path, key), "too long: at most " + std::to_string(max_bytes) + " bytes, got " +
                              std::to_string(node.Scalar().size()));
  }
  return node.Scalar();
}

std::optional<std::string> ConfigReader::LabelString(const YAML::Node& map, const std::string& path,
                                                     std::string_view key,
                                                     std::size_t max_bytes) const {
  std::optional<std::string> value = String(map, path, key, max_bytes);
  if (value && std::any_of(value->begin(), value->end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      })) {
    Fail(Join(path, key), "must not contain control characters (newlines, tabs, ...)");
  }
  return value;
}

std::string ConfigReader::RequiredString(const YAML::Node& map, const std::string& path,
                                         std::string_view key) const {
  auto value = String(map, path, key);
  if (!value || value->empty()) Fail(Join(path, key), "required");
  return *value;
}

std::optional<bool> ConfigReader::Bool(const YAML::Node& map, const std::string& path,
                                       std::string_view key) const {
  auto text = String(map, path, key);
  if (!text) return std::nullopt;
  bool value = false;
  if (!YAML::convert<bool>::decode(map[std::string(key)], value)) {
    Fail(Join(path, key), "must be true or false, got \"" + *text + "\"");
  }
  return value;
}

std::optional<double> ConfigReader::Duration(const YAML::Node& map, const std::string& path,
                                             std::string_view key) const {
  auto text = String(map, path, key);
  if (!text) return std::nullopt;
  double seconds = 0;
  if (!ParseDuration(*text, seconds) || seconds <= 0) {
    Fail(Join(path, key), std::string(kDurationHint) + ", got \"" + *text + "\"");
  }
  return seconds;
}

std::optional<int> ConfigReader::Port(const YAML::Node& map, const std::string& path,
                                      std::string_view key) const {
  auto text = String(map, path, key);
  if (!text) return std::nullopt;
  const std::optional<int> port = WholeNumber(*text, 1, 65535);
  if (!port) Fail(Join(path, key), "must be a port number 1..65535, got \"" + *text + "\"");
  return port;
}

std::optional<int> ConfigReader::Integer(const YAML::Node& map, const std::string& path,
                                         std::string_view key, int min, int max) const {
  auto text = String(map, path, key);
  if (!text) return std::nullopt;
  const std::optional<int> value = WholeNumber(*text, min, max);
  if (!value) {
    Fail(Join(path, key), "must be a whole number " + std::to_string(min) + ".." +
                              std::to_string(max) + ", got \"" + *text + "\"");
  }
  return value;
}

std::optional<int> ConfigReader::WholeSeconds(const YAML::Node& map, const std::string& path,
                                              std::string_view key, int min_s, int max_s) const {
  auto text = String(map, path, key);
  if (!text) return std::nullopt;
  double seconds = 0;
  const bool parsed = ParseDuration(*text, seconds);
  // The range first: converting a value outside int's range to int is undefined.
  if (!parsed || !(seconds >= min_s && seconds <= max_s) || seconds != std::trunc(seconds)) {
    Fail(Join(path, key), "must be a whole number of seconds from " + DurationText(min_s) + " to " +
                              DurationText(max_s) + ", got \"" + *text + "\"");
  }
  return static_cast<int>(seconds);
}

}  // namespace bambu
