// A list of at most N trivially copyable values held inline: the report's per-filament mapping
// arrays (print.mapping, the project_file echo's ams_mapping and ams_mapping2; protocol.md §7.4)
// decode into it without allocating, and the merged state copies it as plain bytes.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

namespace bambu {

template <class T, std::size_t N>
struct FixedList {
  static_assert(std::is_trivially_copyable_v<T>);
  static constexpr std::size_t kCapacity = N;

  std::array<T, N> items{};  // [0, count) hold the values; the rest stay value-initialized
  std::size_t count = 0;
  bool overflow = false;  // more values arrived than fit (they were dropped)

  /// Appends `value`; false (and `overflow` set) when the list is full.
  constexpr bool push_back(const T& value) {
    if (count == N) {
      overflow = true;
      return false;
    }
    items[count++] = value;
    return true;
  }
  constexpr std::size_t size() const { return count; }
  constexpr bool empty() const { return count == 0; }
  constexpr const T& operator[](std::size_t i) const { return items[i]; }
  constexpr const T* begin() const { return items.data(); }
  constexpr const T* end() const { return items.data() + count; }
  bool operator==(const FixedList&) const = default;
};

}  // namespace bambu
