#include "web/basic_auth.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <utility>

namespace bambu {
namespace {

/// A cost-10 bcrypt hash of a password nobody knows; checked for unknown users.
constexpr const char* kDummyHash = "$2y$10$Ek6VRItbtW0cMWwePVUrcux.VuH.JWByka.u2ilSEw33721J98qfC";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string Sha256(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    const int value = Base64Value(text[i]);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header) {
  constexpr std::string_view kScheme = "basic";
  if (header.size() <= kScheme.size() || header[kScheme.size()] != ' ') return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view encoded = header.substr(kScheme.size() + 1);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  const auto decoded = DecodeBase64(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool VerifyCryptHash(std::string_view password, const std::string& hash) {
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const std::string phrase(password);
  const char* result = crypt_r(phrase.c_str(), hash.c_str(), data.get());
  // libxcrypt returns a string starting with '*' on failure (bad setting).
  if (result == nullptr || result[0] == '*') return false;
  return ConstantTimeEqual(result, hash);
}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users)
    : users_(std::move(users)) {}

bool BasicAuthenticator::Allows(std::string_view authorization_header) {
  if (!enabled()) return true;
  const auto credentials = ParseBasicAuthorization(authorization_header);
  if (!credentials) return false;
  return Verify(*credentials);
}

std::uint64_t BasicAuthenticator::hash_computations() const {
  std::lock_guard lock(mutex_);
  return hash_computations_;
}

bool BasicAuthenticator::Verify(const BasicCredentials& credentials) {
  const auto user = users_.find(credentials.user);
  const bool known = user != users_.end();
  const std::string hash = known ? user->second : std::string(kDummyHash);
  std::string key = credentials.user;
  key += '\0';
  key += hash;
  key += '\0';
  key += Sha256(credentials.password);
  std::lock_guard lock(mutex_);
  if (const auto cached = cache_.find(key); cached != cache_.end()) return cached->second;
  ++hash_computations_;
  const bool matches = VerifyCryptHash(credentials.password, hash) && known;
  if (cache_.size() >= kCacheLimit) cache_.clear();
  cache_.emplace(std::move(key), matches);
  return matches;
}

}  // namespace bambu
