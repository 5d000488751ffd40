#include "config/yaml_document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bambu {

std::string YamlPlace(const YAML::Exception& error) {
  if (error.mark.is_null()) return "(document)";
  return "line " + std::to_string(error.mark.line + 1) + ", column " +
         std::to_string(error.mark.column + 1);
}

std::string ReadWholeFile(const std::string& path, std::string& problem) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problem = "is a directory";
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = std::string("cannot read: ") + std::strerror(errno);
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  problem.clear();
  return text.str();
}

}  // namespace bambu
