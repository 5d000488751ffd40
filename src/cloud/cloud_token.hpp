// The cloud access token: the token file written by `bambu_exporter login`, its
// expiry (JWT "exp" claim, or the login's expiresIn), and the watch that ends a
// 401 pause when the file is replaced. The token itself is never logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

/// Token file format: the token on the first line, optionally
/// "expires_at=<unix seconds>" on a later line. A bare token also parses.
struct TokenFile {
  std::string token;
  std::optional<std::int64_t> expires_at;
};
TokenFile ParseTokenFile(std::string_view text);
std::string FormatTokenFile(const TokenFile& file);

/// The "exp" claim (Unix seconds) of a JWT; nullopt for opaque tokens or bad JWTs.
std::optional<std::int64_t> JwtExpiry(std::string_view token);

/// Expiry of `file`'s token: the JWT exp claim, else the file's expires_at.
std::optional<std::int64_t> TokenExpiry(const TokenFile& file);

/// Where the token comes from: a file (re-read on demand) or an inline value
/// (config / environment), which never changes.
class CloudTokenSource {
 public:
  CloudTokenSource(std::string inline_token, std::string path);

  /// The current token; nullopt with `error` set (naming the file, not the token)
  /// when it is missing, unreadable or empty.
  std::optional<TokenFile> Load(std::string& error) const;
  /// Remembers the file as it is now (after the server rejected its token).
  void MarkRejected();
  /// True when the file's content or mtime differ from the MarkRejected() snapshot.
  bool ChangedSinceRejected() const;

  const std::string& path() const { return path_; }

 private:
  struct Snapshot {
    bool readable = false;
    std::string content;
    std::int64_t mtime_ns = 0;
    bool operator==(const Snapshot&) const = default;
  };
  static Snapshot Take(const std::string& path);

  std::string inline_token_;
  std::string path_;
  Snapshot rejected_;
};

}  // namespace bambu
