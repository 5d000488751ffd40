// Pretty-printed JSON for golden files: two-space indent, keys in the order
// the view inserts them (stable), one value per line so diffs read well, and
// doubles in their shortest form (Boost.JSON itself writes 26.2 as 2.62E1).
#pragma once

#include <array>
#include <charconv>
#include <string>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace bambu::test {

inline void AppendPrettyJson(std::string& out, const boost::json::value& value, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
  if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, item] : *object) {
      out += (first ? "" : ",\n") + inner + boost::json::serialize(boost::json::value(key)) + ": ";
      AppendPrettyJson(out, item, indent + 1);
      first = false;
    }
    out += "\n" + pad + "}";
  } else if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : *array) {
      out += (first ? "" : ",\n") + inner;
      AppendPrettyJson(out, item, indent + 1);
      first = false;
    }
    out += "\n" + pad + "]";
  } else if (value.is_double()) {
    std::array<char, 32> text{};  // shortest round-trip form: 26.2, not 2.62E1
    const auto end = std::to_chars(text.data(), text.data() + text.size(), value.get_double()).ptr;
    out.append(text.data(), end);
  } else {
    out += boost::json::serialize(value);  // other scalars, {} and []
  }
}

/// `value` pretty-printed, ending with a newline.
inline std::string PrettyJson(const boost::json::value& value) {
  std::string out;
  AppendPrettyJson(out, value, 0);
  out += '\n';
  return out;
}

}  // namespace bambu::test
