#include "cloud/cloud_token.hpp"

#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace bambu {
namespace {

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

/// base64url (or base64) without or with padding; nullopt on a bad character.
std::optional<std::string> Base64UrlDecode(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const int v = Base64Value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

TokenFile ParseTokenFile(std::string_view text) {
  TokenFile file;
  bool first = true;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (first) {
      file.token = std::string(line);
      first = false;
      continue;
    }
    constexpr std::string_view kExpires = "expires_at=";
    if (line.starts_with(kExpires)) file.expires_at = ParseInt(line.substr(kExpires.size()));
  }
  return file;
}

std::string FormatTokenFile(const TokenFile& file) {
  std::string text = file.token + "\n";
  if (file.expires_at) text += "expires_at=" + std::to_string(*file.expires_at) + "\n";
  return text;
}

std::optional<std::int64_t> JwtExpiry(std::string_view token) {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return std::nullopt;
  const auto payload = Base64UrlDecode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload) return std::nullopt;
  boost::system::error_code ec;
  const boost::json::value claims = boost::json::parse(*payload, ec);
  if (ec || !claims.is_object()) return std::nullopt;
  const boost::json::value* exp = claims.as_object().if_contains("exp");
  if (exp == nullptr || !exp->is_number()) return std::nullopt;
  const auto value = exp->to_number<std::int64_t>(ec);
  if (ec) return std::nullopt;
  return value;
}

std::optional<std::int64_t> TokenExpiry(const TokenFile& file) {
  if (auto exp = JwtExpiry(file.token)) return exp;
  return file.expires_at;
}

CloudTokenSource::CloudTokenSource(std::string inline_token, std::string path)
    : inline_token_(std::move(inline_token)), path_(std::move(path)) {}

std::optional<TokenFile> CloudTokenSource::Load(std::string& error) const {
  TokenFile file;
  if (path_.empty()) {
    file.token = std::string(Trim(inline_token_));
  } else {
    const Snapshot snap = Take(path_);
    if (!snap.readable) {
      error = "cannot read cloud token file " + path_;
      return std::nullopt;
    }
    file = ParseTokenFile(snap.content);
  }
  if (file.token.empty()) {
    error = path_.empty() ? "cloud token is empty" : "cloud token file " + path_ + " is empty";
    return std::nullopt;
  }
  return file;
}

void CloudTokenSource::MarkRejected() {
  if (!path_.empty()) rejected_ = Take(path_);
}

bool CloudTokenSource::ChangedSinceRejected() const {
  return !path_.empty() && !(Take(path_) == rejected_);
}

CloudTokenSource::Snapshot CloudTokenSource::Take(const std::string& path) {
  Snapshot snap;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return snap;
  snap.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  std::ifstream in(path, std::ios::binary);
  if (!in) return snap;
  std::ostringstream text;
  text << in.rdbuf();
  snap.readable = true;
  snap.content = text.str();
  return snap;
}

}  // namespace bambu
