#include "report/colour_text.hpp"

#include <algorithm>
#include <cctype>

namespace bambu {
namespace {

bool IsHexColor(std::string_view rgba) {
  return rgba.size() >= 6 && std::all_of(rgba.begin(), rgba.begin() + 6, [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

void AppendFormatted(std::string& out, std::string_view rgba) {
  out += '#';
  for (char c : rgba.substr(0, 6)) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
}

bool Shown(std::string_view rgba) {
  return !rgba.empty() && rgba != "00000000" && IsHexColor(rgba);
}

}  // namespace

std::string FormatColor(std::string_view rgba) {
  std::string out;
  if (Shown(rgba)) AppendFormatted(out, rgba);
  return out;
}

bool AppendColorToList(std::string& list, std::string_view rgba) {
  if (!Shown(rgba)) return false;
  if (!list.empty()) list += ',';
  AppendFormatted(list, rgba);
  return true;
}

}  // namespace bambu
