// Equality of two short texts (filament ids, colours, types) without a call to memcmp: texts
// of up to 16 characters are compared in two loads of each, longer ones by memcmp.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace bambu {

namespace same_text_detail {

template <typename T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// `a` and `b` of the same length n, 1 <= n <= 16: the first and last bytes of each, compared in
/// two (possibly overlapping) loads of a width that fits n.
inline bool SameShort(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    return Load<std::uint64_t>(a) == Load<std::uint64_t>(b) &&
           Load<std::uint64_t>(a + n - 8) == Load<std::uint64_t>(b + n - 8);
  }
  if (n >= 4) {
    return Load<std::uint32_t>(a) == Load<std::uint32_t>(b) &&
           Load<std::uint32_t>(a + n - 4) == Load<std::uint32_t>(b + n - 4);
  }
  // 1 to 3 characters: the first, the middle and the last (which overlap when n < 3).
  return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
}

}  // namespace same_text_detail

/// a == b.
inline bool SameText(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n == 0) return true;
  if (n <= 16) return same_text_detail::SameShort(a.data(), b.data(), n);
  return std::memcmp(a.data(), b.data(), n) == 0;
}

}  // namespace bambu
