// WriteExposition: every source through one writer, a family written once whatever source
// adds to it, families sorted by name.
#include "metrics/collector.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kShared{"bambu_shared_total", MetricType::Counter, "Shared family."};
constexpr FamilySpec kFirst{"bambu_a_value", MetricType::Gauge, "Only the first source."};

class FixedSource final : public Collector {
 public:
  FixedSource(std::string source, double value) : source_(std::move(source)), value_(value) {}
  void Collect(Instant now, MetricSink& out) const override {
    out.Add(kShared, {{"source", source_}}, value_);
    if (source_ == "one") out.Add(kFirst, {}, now.unix_s);
  }

 private:
  std::string source_;
  double value_;
};

}  // namespace

TEST_CASE("WriteExposition writes a family that two sources add to once, sorted by name") {
  const Collectors sources = {std::make_shared<FixedSource>("one", 1),
                              std::make_shared<FixedSource>("two", 2)};
  ArenaText text;
  WriteExposition(sources, {.unix_s = 1700000000, .mono_s = 5}, text);
  REQUIRE(text.parts.size() == 2);
  CHECK(text.Joined() ==
        "# HELP bambu_a_value Only the first source.\n"
        "# TYPE bambu_a_value gauge\n"
        "bambu_a_value 1700000000\n"
        "# HELP bambu_shared_total Shared family.\n"
        "# TYPE bambu_shared_total counter\n"
        "bambu_shared_total{source=\"one\"} 1\n"
        "bambu_shared_total{source=\"two\"} 2\n");
}

TEST_CASE("WriteExposition with no source writes nothing") {
  ArenaText text;
  WriteExposition({}, {}, text);
  CHECK(text.parts.empty());
}

}  // namespace bambu
