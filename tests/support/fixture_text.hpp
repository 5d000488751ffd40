// The bytes of a file in tests/fixtures/, for tests that decode a real payload themselves.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace bambu::test {

/// tests/fixtures/<name>; fails the test when the file is missing.
inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace bambu::test
