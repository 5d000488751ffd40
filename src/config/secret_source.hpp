// Resolves secrets (access codes) kept outside exporter.yaml: a file or an
// environment variable. Error messages name the source, never the secret.
#pragma once

#include <stdexcept>
#include <string>

namespace bambu {

/// A secret that could not be read; what() never contains the secret itself.
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads the whole file and trims trailing "\n" / "\r\n". Throws SecretError
/// when the file cannot be read or is empty after trimming.
std::string ReadSecretFile(const std::string& path);

/// Returns the value of environment variable `name`. Throws SecretError when it
/// is unset or empty.
std::string ReadSecretEnv(const std::string& name);

}  // namespace bambu
