// The label tables of the typed session values: every enum value once, in label order (the
// order the samples are written in).
#include "metrics/session_labels.hpp"

#include <doctest/doctest.h>

#include <set>

namespace bambu {
namespace {

template <class Enum, std::size_t N>
void CheckTable(const std::array<Labelled<Enum>, N>& table, std::size_t enum_values) {
  std::set<Enum> values;
  for (std::size_t i = 0; i < N; ++i) {
    values.insert(table[i].value);
    CHECK_FALSE(table[i].label.empty());
    if (i > 0) CHECK(table[i - 1].label < table[i].label);
  }
  CHECK(values.size() == enum_values);
}

}  // namespace

TEST_CASE("session label tables: every value once, sorted by label") {
  CheckTable(kConnectFailureLabels, kConnectFailureKinds);
  CheckTable(kSessionStateLabels, 5);
  CHECK(TransportLabel(Transport::kLan) == "lan");
  CHECK(TransportLabel(Transport::kCloud) == "cloud");
}

}  // namespace bambu
