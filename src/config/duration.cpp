#include "config/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <utility>

namespace bambu {
namespace {

/// One "<number><unit>" term of a duration; returns its length or 0.
std::size_t ParseDurationTerm(std::string_view text, double& seconds) {
  double number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || number < 0 || !std::isfinite(number)) return 0;
  std::string_view rest(ptr, text.data() + text.size() - ptr);
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
  for (const auto& [unit, scale] : kUnits) {
    if (rest.substr(0, unit.size()) == unit) {
      seconds += number * scale;
      return static_cast<std::size_t>(ptr - text.data()) + unit.size();
    }
  }
  return 0;
}

}  // namespace

bool ParseDuration(std::string_view text, double& seconds_out) {
  if (text.empty()) return false;
  double plain = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), plain);
  if (ec == std::errc() && ptr == text.data() + text.size()) {
    if (plain < 0 || !std::isfinite(plain)) return false;
    seconds_out = plain;
    return true;
  }
  double seconds = 0;
  while (!text.empty()) {
    const std::size_t used = ParseDurationTerm(text, seconds);
    if (used == 0) return false;
    text.remove_prefix(used);
  }
  if (!std::isfinite(seconds)) return false;
  seconds_out = seconds;
  return true;
}

}  // namespace bambu
