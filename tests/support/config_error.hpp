// The error a configuration text gets, for tests of config validation.
#pragma once

#include <string>

#include "config/config.hpp"

namespace bambu::test {

/// The message ParseConfig throws for `yaml` (as file "exporter.yaml"), or "" when it parses.
inline std::string ErrorOf(const std::string& yaml) {
  try {
    ParseConfig(yaml, "exporter.yaml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace bambu::test
