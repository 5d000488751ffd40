// SameText: equality of texts by word loads, against std::string_view's ==.
#include "state/same_text.hpp"

#include <doctest/doctest.h>

#include <string>

namespace bambu {

TEST_CASE("SameText: equal texts of 0 to 40 characters, and each one-character difference") {
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('A' + i % 26);
    const std::string b = a;  // another buffer
    CHECK(SameText(a, b));
    for (std::size_t i = 0; i < n; ++i) {
      std::string c = a;
      c[i] = '0';
      CHECK_FALSE(SameText(a, c));
      CHECK_FALSE(SameText(c, a));
    }
    CHECK_FALSE(SameText(a, a + "A"));  // a prefix is not the text
    CHECK_FALSE(SameText(a + "A", a));
  }
}

TEST_CASE("SameText: the texts of trays") {
  CHECK(SameText("PLA", "PLA"));
  CHECK_FALSE(SameText("PLA", "PLB"));
  CHECK_FALSE(SameText("PLA", "PA"));
  CHECK(SameText("GFA00", "GFA00"));
  CHECK_FALSE(SameText("GFA00", "GFA01"));
  CHECK(SameText("000000FF", "000000FF"));
  CHECK_FALSE(SameText("000000FF", "000001FF"));
  CHECK(SameText("EED2E539AAC54C6BAD2559AA9C822F09", "EED2E539AAC54C6BAD2559AA9C822F09"));
  CHECK_FALSE(SameText("EED2E539AAC54C6BAD2559AA9C822F09", "EED2E539AAC54C6BAD2559AA9C822F08"));
  CHECK(SameText("", ""));
  CHECK_FALSE(SameText("", "A"));
}

}  // namespace bambu
