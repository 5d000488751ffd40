#include "web/web_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <string_view>

#include "config/yaml_document.hpp"

namespace bambu {
namespace {

/// Response headers exporter-toolkit allows, with their allowed values (none = any).
constexpr std::string_view kNosniff[] = {"nosniff"};
constexpr std::string_view kFrameOptions[] = {"deny", "sameorigin"};

struct HeaderRule {
  std::string_view name;
  const std::string_view* values;
  std::size_t value_count;
};
constexpr HeaderRule kHeaderRules[] = {
    {"Strict-Transport-Security", nullptr, 0}, {"X-Content-Type-Options", kNosniff, 1},
    {"X-Frame-Options", kFrameOptions, 2},     {"X-XSS-Protection", nullptr, 0},
    {"Content-Security-Policy", nullptr, 0},
};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// Walks the YAML tree; every error names the source file and the key path.
class WebConfigParser {
 public:
  explicit WebConfigParser(std::string source) : source_(std::move(source)) {}

  WebConfig Parse(const YAML::Node& root) const {
    WebConfig config;
    config.source_path = source_;
    if (!root.IsDefined() || root.IsNull()) return config;  // an empty file: no TLS, no auth
    if (!root.IsMap()) Fail("(document)", "must be a mapping of keys");
    CheckKeys(root, "", {"tls_server_config", "http_server_config", "basic_auth_users"});
    if (IsSet(root["tls_server_config"])) config.tls = ParseTls(root["tls_server_config"]);
    if (IsSet(root["http_server_config"])) config.headers = ParseHttp(root["http_server_config"]);
    if (IsSet(root["basic_auth_users"])) config.basic_auth_users = ParseUsers(root);
    return config;
  }

  [[noreturn]] void Fail(const std::string& key, const std::string& problem) const {
    throw WebConfigError(source_ + ": " + key + ": " + problem);
  }

 private:
  static bool IsSet(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

  void RequireMap(const YAML::Node& node, const std::string& path) const {
    if (!node.IsMap()) Fail(path, "must be a mapping");
  }

  void CheckKeys(const YAML::Node& map, const std::string& path,
                 std::initializer_list<std::string_view> allowed) const {
    std::set<std::string, std::less<>> seen;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) Fail(path.empty() ? "(document)" : path, "keys must be strings");
      const std::string key = entry.first.Scalar();
      const std::string full = path.empty() ? key : path + "." + key;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        Fail(full, "unknown key");
      }
      if (!seen.insert(key).second) Fail(full, "duplicate key");
    }
  }

  std::string String(const YAML::Node& map, const std::string& path, const std::string& key) const {
    const YAML::Node node = map[key];
    if (!IsSet(node)) return {};
    if (!node.IsScalar()) Fail(path + "." + key, "must be a string");
    return node.Scalar();
  }

  /// Relative paths are relative to the config file's directory, as in exporter-toolkit.
  std::string FilePath(const std::string& value) const {
    if (value.empty() || std::filesystem::path(value).is_absolute()) return value;
    return (std::filesystem::path(source_).parent_path() / value).string();
  }

  TlsServerConfig ParseTls(const YAML::Node& node) const {
    const std::string path = "tls_server_config";
    RequireMap(node, path);
    CheckKeys(node, path,
              {"cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version",
               "max_version"});
    TlsServerConfig tls;
    tls.cert_file = FilePath(String(node, path, "cert_file"));
    tls.key_file = FilePath(String(node, path, "key_file"));
    tls.client_ca_file = FilePath(String(node, path, "client_ca_file"));
    if (tls.cert_file.empty()) Fail(path + ".cert_file", "required when TLS is configured");
    if (tls.key_file.empty()) Fail(path + ".key_file", "required when TLS is configured");
    tls.client_auth = ParseClientAuth(String(node, path, "client_auth_type"));
    const bool verifies = tls.client_auth == ClientAuth::kVerifyClientCertIfGiven ||
                          tls.client_auth == ClientAuth::kRequireAndVerifyClientCert;
    if (verifies && tls.client_ca_file.empty()) {
      Fail(path + ".client_ca_file", "required when client_auth_type verifies certificates");
    }
    if (!verifies && !tls.client_ca_file.empty()) {
      Fail(path + ".client_ca_file",
           "set, but client_auth_type does not verify client certificates "
           "(use RequireAndVerifyClientCert or VerifyClientCertIfGiven)");
    }
    if (auto min = String(node, path, "min_version"); !min.empty()) {
      tls.min_version = ParseVersion(min, path + ".min_version");
    }
    if (auto max = String(node, path, "max_version"); !max.empty()) {
      tls.max_version = ParseVersion(max, path + ".max_version");
    }
    if (tls.min_version > tls.max_version) {
      Fail(path + ".min_version", "is above max_version");
    }
    return tls;
  }

  ClientAuth ParseClientAuth(const std::string& text) const {
    if (text.empty() || text == "NoClientCert") return ClientAuth::kNoClientCert;
    if (text == "RequestClientCert") return ClientAuth::kRequestClientCert;
    if (text == "RequireAnyClientCert") return ClientAuth::kRequireAnyClientCert;
    if (text == "VerifyClientCertIfGiven") return ClientAuth::kVerifyClientCertIfGiven;
    if (text == "RequireAndVerifyClientCert") return ClientAuth::kRequireAndVerifyClientCert;
    Fail("tls_server_config.client_auth_type",
         "expected NoClientCert, RequestClientCert, RequireAnyClientCert, "
         "VerifyClientCertIfGiven or RequireAndVerifyClientCert, got \"" +
             text + "\"");
  }

  TlsVersion ParseVersion(const std::string& text, const std::string& key) const {
    if (text == "TLS12") return TlsVersion::kTls12;
    if (text == "TLS13") return TlsVersion::kTls13;
    if (text == "TLS10" || text == "TLS11")
      Fail(key, text + " is not supported; use TLS12 or TLS13");
    Fail(key, "expected TLS12 or TLS13, got \"" + text + "\"");
  }

  std::vector<std::pair<std::string, std::string>> ParseHttp(const YAML::Node& node) const {
    const std::string path = "http_server_config";
    RequireMap(node, path);
    CheckKeys(node, path, {"headers"});
    std::vector<std::pair<std::string, std::string>> headers;
    const YAML::Node map = node["headers"];
    if (!IsSet(map)) return headers;
    RequireMap(map, path + ".headers");
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) Fail(path + ".headers", "header names must be strings");
      const std::string name = entry.first.Scalar();
      const std::string key = path + ".headers." + name;
      if (!entry.second.IsScalar()) Fail(key, "must be a string");
      const std::string value = entry.second.Scalar();
      CheckHeader(name, value, key);
      for (const auto& [seen, unused] : headers) {
        if (EqualsIgnoringCase(seen, name)) Fail(key, "duplicate header");
      }
      headers.emplace_back(name, value);
    }
    return headers;
  }

  void CheckHeader(const std::string& name, const std::string& value,
                   const std::string& key) const {
    for (const HeaderRule& rule : kHeaderRules) {
      if (!EqualsIgnoringCase(rule.name, name)) continue;
      if (rule.value_count == 0) return;
      for (std::size_t i = 0; i < rule.value_count; ++i) {
        if (EqualsIgnoringCase(rule.values[i], value)) return;
      }
      std::string allowed;
      for (std::size_t i = 0; i < rule.value_count; ++i) {
        allowed += (i == 0 ? "" : " or ") + std::string(rule.values[i]);
      }
      Fail(key, "value must be " + allowed);
    }
    Fail(key,
         "header not allowed; allowed: Strict-Transport-Security, X-Content-Type-Options, "
         "X-Frame-Options, X-XSS-Protection, Content-Security-Policy");
  }

  std::map<std::string, std::string> ParseUsers(const YAML::Node& root) const {
    const std::string path = "basic_auth_users";
    const YAML::Node node = root[path];
    RequireMap(node, path);
    std::map<std::string, std::string> users;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) Fail(path, "user names must be strings");
      const std::string user = entry.first.Scalar();
      const std::string key = path + "." + user;
      if (user.empty()) Fail(path, "a user name is empty");
      if (user.find(':') != std::string::npos) Fail(key, "user names cannot contain ':'");
      if (!entry.second.IsScalar()) Fail(key, "must be a bcrypt hash string");
      const std::string hash = entry.second.Scalar();
      if (!IsBcryptHash(hash)) Fail(key, "must be a bcrypt hash ($2a$, $2b$ or $2y$)");
      if (!users.emplace(user, hash).second) Fail(key, "duplicate user");
    }
    return users;
  }

  /// "$2y$10$" + 53 characters of salt and hash.
  static bool IsBcryptHash(std::string_view hash) {
    if (hash.size() != 60 || !hash.starts_with("$2") || hash[3] != '$' || hash[6] != '$') {
      return false;
    }
    const char variant = hash[2];
    return (variant == 'a' || variant == 'b' || variant == 'y') && std::isdigit(hash[4]) &&
           std::isdigit(hash[5]);
  }

  std::string source_;
};

}  // namespace

WebConfig ParseWebConfig(const std::string& yaml_text, const std::string& source_name) {
  WebConfigParser parser(source_name);
  return ParseYamlWith(parser, yaml_text);
}

WebConfig LoadWebConfig(const std::string& path) {
  return ParseWebConfig(ReadYamlFile<WebConfigError>(path), path);
}

}  // namespace bambu
