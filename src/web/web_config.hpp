// The exporter-toolkit web configuration file (--web.config.file): TLS server
// settings, extra response headers and basic-auth users with bcrypt hashes.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bambu {

/// An invalid web config; the message names the file and the key.
class WebConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// client_auth_type values, as in Go's crypto/tls.
enum class ClientAuth {
  kNoClientCert,
  kRequestClientCert,           // asks for a certificate, accepts any or none
  kRequireAnyClientCert,        // requires a certificate, does not verify it
  kVerifyClientCertIfGiven,     // verifies a certificate when one is sent
  kRequireAndVerifyClientCert,  // requires a certificate signed by client_ca_file
};

enum class TlsVersion { kTls12, kTls13 };

struct TlsServerConfig {
  std::string cert_file;  // PEM chain; relative paths resolve against the config's directory
  std::string key_file;   // PEM private key
  ClientAuth client_auth = ClientAuth::kNoClientCert;
  std::string client_ca_file;  // PEM; empty when client certificates are not verified
  TlsVersion min_version = TlsVersion::kTls12;
  TlsVersion max_version = TlsVersion::kTls13;
};

struct WebConfig {
  std::string source_path;
  std::optional<TlsServerConfig> tls;                        // nullopt = plain HTTP
  std::vector<std::pair<std::string, std::string>> headers;  // added to every response
  std::map<std::string, std::string> basic_auth_users;       // user → bcrypt hash
};

/// Parses the YAML text; `source_name` names the file in errors and anchors relative paths.
/// Throws WebConfigError.
WebConfig ParseWebConfig(const std::string& yaml_text, const std::string& source_name);

/// Reads and parses `path`. Throws WebConfigError.
WebConfig LoadWebConfig(const std::string& path);

}  // namespace bambu
