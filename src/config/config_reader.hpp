// Reading the keys of exporter.yaml: typed values out of YAML maps, and errors that name the
// file and the key ("exporter.yaml: printers[1].port: must be a port number 1..65535, got ...").
// Values are never echoed for keys that may hold secrets (String returns them, Fail says what
// is wrong).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

/// Longest string any config key takes (paths, URLs, secrets): PATH_MAX.
inline constexpr std::size_t kMaxConfigStringBytes = 4096;
/// Strings that become labels and log fields on every line and series: a printer's name, serial
/// and host. Bambu serials are 15 characters; a DNS name is at most 253.
inline constexpr std::size_t kMaxNameBytes = 128;
inline constexpr std::size_t kMaxSerialBytes = 64;
inline constexpr std::size_t kMaxHostBytes = 253 + 16;  // room for "ssl://" and ":port"

class ConfigReader {
 public:
  explicit ConfigReader(std::string source) : source_(std::move(source)) {}

  /// Throws ConfigError("<source>: <key>: <problem>").
  [[noreturn]] void Fail(const std::string& key, const std::string& problem) const;

  const std::string& source() const { return source_; }

  /// "path.key", or "key" at the top level.
  static std::string Join(const std::string& path, std::string_view key);

  /// Rejects keys outside `allowed` and repeated keys.
  void CheckKeys(const YAML::Node& map, const std::string& path,
                 std::initializer_list<std::string_view> allowed) const;

  /// A scalar value of at most `max_bytes` bytes; nullopt when absent or null. Never echoes the
  /// value.
  std::optional<std::string> String(const YAML::Node& map, const std::string& path,
                                    std::string_view key,
                                    std::size_t max_bytes = kMaxConfigStringBytes) const;
  /// A label or log text (name, serial, host): at most `max_bytes`, no control characters.
  std::optional<std::string> LabelString(const YAML::Node& map, const std::string& path,
                                         std::string_view key, std::size_t max_bytes) const;
  /// A non-empty scalar; "required" when absent or empty.
  std::string RequiredString(const YAML::Node& map, const std::string& path,
                             std::string_view key) const;
  std::optional<bool> Bool(const YAML::Node& map, const std::string& path,
                           std::string_view key) const;
  /// A positive duration in seconds ("90s", "5m", "1h", plain seconds).
  std::optional<double> Duration(const YAML::Node& map, const std::string& path,
                                 std::string_view key) const;
  /// A duration of whole seconds in [min_s, max_s].
  std::optional<int> WholeSeconds(const YAML::Node& map, const std::string& path,
                                  std::string_view key, int min_s, int max_s) const;
  std::optional<int> Port(const YAML::Node& map, const std::string& path,
                          std::string_view key) const;
  /// A whole number in [min, max]; nullopt when absent or null.
  std::optional<int> Integer(const YAML::Node& map, const std::string& path, std::string_view key,
                             int min, int max) const;

 private:
  std::string source_;
};

}  // namespace bambu
