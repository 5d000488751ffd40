// Reading a YAML configuration file and parsing it with errors that name the
// file and the place: shared by the exporter config and the web config.
#pragma once

#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace bambu {

/// The whole file at `path`. Throws Error("<path>: is a directory") or
/// Error("<path>: cannot read: <reason>").
template <class Error>
std::string ReadYamlFile(const std::string& path);

/// Where a yaml-cpp exception happened: "line L, column C", or "(document)".
std::string YamlPlace(const YAML::Exception& error);

/// Loads `yaml_text` and returns parse(root). A YAML syntax error, or a
/// yaml-cpp conversion error escaping `parse`, becomes fail(YamlPlace(error),
/// "invalid YAML: <message>"); `fail` throws.
template <class Parse, class Fail>
auto ParseYamlText(const std::string& yaml_text, Parse&& parse, Fail&& fail) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& error) {
    fail(YamlPlace(error), "invalid YAML: " + error.msg);
  }
  try {
    return std::forward<Parse>(parse)(root);
  } catch (const YAML::Exception& error) {
    fail(YamlPlace(error), "invalid YAML: " + error.msg);
    throw;  // not reached: fail throws
  }
}

/// ParseYamlText for a parser object with Parse(const YAML::Node&) and a throwing
/// Fail(where, problem).
template <class Parser>
auto ParseYamlWith(Parser& parser, const std::string& yaml_text) {
  return ParseYamlText(
      yaml_text, [&](const YAML::Node& root) { return parser.Parse(root); },
      [&](const std::string& where, const std::string& problem) { parser.Fail(where, problem); });
}

/// Implementation of ReadYamlFile: empty `problem` on success.
std::string ReadWholeFile(const std::string& path, std::string& problem);

template <class Error>
std::string ReadYamlFile(const std::string& path) {
  std::string problem;
  std::string text = ReadWholeFile(path, problem);
  if (!problem.empty()) throw Error(path + ": " + problem);
  return text;
}

}  // namespace bambu
