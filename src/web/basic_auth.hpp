// HTTP basic authentication against bcrypt hashes (exporter-toolkit semantics):
// bcrypt via libxcrypt's crypt_r, constant-time comparison, a cache of verified
// credentials so scrapes do not pay bcrypt each time, and the same bcrypt cost
// for unknown users (a fixed dummy hash) so user names cannot be probed by timing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

struct BasicCredentials {
  std::string user;
  std::string password;
};

/// Standard base64 (RFC 4648, padded); nullopt on any invalid character or length.
std::optional<std::string> DecodeBase64(std::string_view text);

/// "Basic <base64(user:password)>" (scheme case-insensitive) → credentials; nullopt when malformed.
std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header);

/// Equality of two byte strings in time that depends only on their lengths.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

/// True when `password` hashes to `hash` (any crypt(5) hash libxcrypt knows, e.g. $2y$ bcrypt).
bool VerifyCryptHash(std::string_view password, const std::string& hash);

/// Checks Authorization headers against a user → bcrypt hash table. Thread-safe.
class BasicAuthenticator {
 public:
  static constexpr std::size_t kCacheLimit = 1024;  // entries; the cache is cleared when full

  explicit BasicAuthenticator(std::map<std::string, std::string> users);

  /// True when users are configured (else every request is allowed).
  bool enabled() const { return !users_.empty(); }
  /// True when the header carries a configured user and its password.
  bool Allows(std::string_view authorization_header);
  /// Number of bcrypt computations so far (cache misses); for tests and metrics.
  std::uint64_t hash_computations() const;

 private:
  bool Verify(const BasicCredentials& credentials);

  std::map<std::string, std::string> users_;
  mutable std::mutex mutex_;           // serialises bcrypt and guards the cache
  std::map<std::string, bool> cache_;  // user, hash, SHA-256(password) → result
  std::uint64_t hash_computations_ = 0;
};

}  // namespace bambu
