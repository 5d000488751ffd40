// ExpositionWriter: the text it writes equals prometheus-cpp's TextSerializer
// for the same samples, including the values and label texts that need care.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "metric_family_builder.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics_test_util.hpp"

namespace bambu {
namespace {

constexpr FamilySpec kGauge{"test_gauge", prometheus::MetricType::Gauge, "A gauge, in units."};
constexpr FamilySpec kCounter{"test_events_total", prometheus::MetricType::Counter,
                              "Events, \"quoted\" help."};
constexpr FamilySpec kUntyped{"test_a_untyped", prometheus::MetricType::Untyped, "Untyped."};

/// Feeds the same samples to both sinks; returns {writer text, TextSerializer text}.
template <class Feed>
std::pair<std::string, std::string> BothTexts(Feed&& feed) {
  ExpositionWriter writer;
  MetricFamilyBuilder builder;
  feed(writer);
  feed(builder);
  std::string text;
  writer.Finish(text);
  return {text, test::Serialize(builder.Take())};
}

TEST_CASE("values are written as prometheus-cpp writes them") {
  const double values[] = {0,
                           -0.0,
                           1,
                           -1,
                           0.83,
                           12.25,
                           1.8e9,
                           1e15,
                           1e16,
                           1e21,
                           -1e15,
                           1e-7,
                           0.1 + 0.2,
                           3.14159265358979,
                           999999999999999.0,
                           123456789012345678.0,
                           std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max()};
  const auto [text, expected] = BothTexts([&](MetricSink& sink) {
    for (double value : values) sink.Add(kGauge, {}, value);
  });
  CHECK(text == expected);
  CHECK(text.find("test_gauge 0.83\n") != std::string::npos);
  CHECK(text.find("test_gauge Nan\n") != std::string::npos);
  CHECK(text.find("test_gauge -0\n") != std::string::npos);
}

TEST_CASE("label values are escaped and labels sorted by name") {
  const std::string hostile = "a\\b\"c\nd}{=,é";
  const auto [text, expected] = BothTexts([&](MetricSink& sink) {
    sink.Add(kGauge, {{"serial", "S1"}, {"printer", hostile}}, 1);
    sink.Add(kGauge, LabelSet{{"serial", "S2"}}.With({{"ams", "0"}, {"slot", ""}}), 2);
  });
  CHECK(text == expected);
  CHECK(text.find(R"(test_gauge{printer="a\\b\"c\nd}{=,é",serial="S1"} 1)") != std::string::npos);
  CHECK(text.find(R"(test_gauge{ams="0",serial="S2",slot=""} 2)") != std::string::npos);
}

TEST_CASE("families are sorted by name, samples keep their order, types are named") {
  const auto [text, expected] = BothTexts([&](MetricSink& sink) {
    sink.Add(kGauge, {{"n", "2"}}, 2);
    sink.Add(kCounter, {}, 5);
    sink.Add(kGauge, {{"n", "1"}}, 1);
    sink.Add(kUntyped, {}, 7);
  });
  CHECK(text == expected);
  CHECK(text ==
        "# HELP test_a_untyped Untyped.\n"
        "# TYPE test_a_untyped untyped\n"
        "test_a_untyped 7\n"
        "# HELP test_events_total Events, \"quoted\" help.\n"
        "# TYPE test_events_total counter\n"
        "test_events_total 5\n"
        "# HELP test_gauge A gauge, in units.\n"
        "# TYPE test_gauge gauge\n"
        "test_gauge{n=\"2\"} 2\n"
        "test_gauge{n=\"1\"} 1\n");
}

TEST_CASE("Finish clears the writer for the next scrape") {
  ExpositionWriter writer;
  writer.Add(kGauge, {}, 1);
  CHECK(writer.samples() == 1);
  std::string first;
  writer.Finish(first);
  CHECK(writer.samples() == 0);
  std::string second;
  writer.Finish(second);
  CHECK(second.empty());
  CHECK(first == "# HELP test_gauge A gauge, in units.\n# TYPE test_gauge gauge\ntest_gauge 1\n");
}

TEST_CASE("Finish into parts gives one string per family, each with its header") {
  ExpositionWriter writer;
  writer.Add(kGauge, {}, 1);
  writer.Add(kCounter, {}, 2);
  std::vector<std::string> parts{"# self\n"};
  writer.Finish(parts);
  REQUIRE(parts.size() == 3);
  CHECK(parts[1].starts_with("# HELP test_events_total "));
  CHECK(parts[2] ==
        "# HELP test_gauge A gauge, in units.\n# TYPE test_gauge gauge\ntest_gauge 1\n");
  std::string joined = ">";
  AppendJoined(joined, parts);
  CHECK(joined == ">" + parts[0] + parts[1] + parts[2]);
}

TEST_CASE("family sizes: recorded at Finish, used to reserve, output unchanged") {
  FamilySizes sizes;
  const auto write = [&] {
    ExpositionWriter writer(&sizes);
    for (int i = 0; i < 100; ++i) writer.Add(kGauge, {{"n", std::to_string(i)}}, i);
    writer.Add(kCounter, {}, 5);
    std::vector<std::string> parts;
    writer.Finish(parts);
    return parts;
  };
  const std::vector<std::string> first = write();
  REQUIRE(first.size() == 2);
  CHECK(sizes.at("test_events_total") == first[0].size());
  CHECK(sizes.at("test_gauge") == first[1].size());
  const std::vector<std::string> second = write();
  CHECK(second == first);
}

TEST_CASE("text over many arena chunks: same as TextSerializer, as one string or as parts") {
  const std::string hostile = "x\\\"\ny";
  const auto feed = [&](MetricSink& sink) {
    for (int i = 0; i < 20000; ++i) {
      const std::string n = std::to_string(i);
      sink.Add(kGauge, {{"n", n}, {"name", i % 7 == 0 ? std::string_view(hostile) : "plain"}},
               i * 0.25);
      if (i % 3 == 0) sink.Add(kCounter, {{"n", n}}, i);
    }
  };
  const auto [text, expected] = BothTexts(feed);
  CHECK(text == expected);
  FamilySizes sizes;
  for (int scrape = 0; scrape < 2; ++scrape) {  // without, then with the sizes of the first
    ExpositionWriter writer(&sizes);
    feed(writer);
    ArenaText parts;
    writer.Finish(parts);
    CHECK(parts.parts.size() > (scrape == 0 ? 2U : 1U));  // 1st: several chunks per family
    CHECK(parts.Joined() == expected);
  }
}

TEST_CASE("a label set holds at most 12 labels") {
  LabelSet labels;
  for (int i = 0; i < 12; ++i) labels = labels.With({{"l", "v"}});
  CHECK(labels.size() == 12);
  CHECK_THROWS_AS(labels.With({{"m", "v"}}), std::length_error);
}

}  // namespace
}  // namespace bambu
