// Reading the keys of exporter.yaml: typed values out of YAML maps, and errors that name the
// file and the key ("exporter.yaml: printers[1].port: must be a port number 1..65535, got ...").
// Values are never echoed for keys that may hold secrets (String returns them, Fail says what
// is wrong).
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

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

  /// A scalar value; nullopt when absent or null. Never echoes the value.
  std::optional<std::string> String(const YAML::Node& map, const std::string& path,
                                    std::string_view key) const;
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
