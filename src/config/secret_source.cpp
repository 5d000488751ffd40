#include "config/secret_source.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bambu {

std::string ReadSecretFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw SecretError(path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw SecretError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string secret = buffer.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    throw SecretError(path + " is empty");
  }
  return secret;
}

std::string ReadSecretEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    throw SecretError("environment variable " + name + " is not set");
  }
  if (*value == '\0') {
    throw SecretError("environment variable " + name + " is empty");
  }
  return value;
}

}  // namespace bambu
