// End to end: hostile reports over MQTT (oversized, deeply nested, invalid UTF-8, an array,
// wrong types, unknown and duplicate keys). The exporter stays up, counts each rejection by
// reason and keeps the printer's state.
#include <doctest/doctest.h>

#include <string>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Fixture;
using test::ReportTopic;
using test::Sample;

constexpr char kSerial[] = "01P00C3A0000041";

std::optional<double> Errors(const std::string& text, const std::string& reason) {
  return Sample(text, "bambu_report_errors_total", {{"printer", "h"}, {"reason", reason}});
}

/// A syntactically valid report just over the decoder's 1 MiB limit.
std::string OversizedReport() {
  return R"({"print":{"bed_temper":99,"padding":")" + std::string(1 << 20, 'x') + "\"}}";
}

/// An object nested 100 levels deep (the decoder's limit is 32).
std::string DeepReport() {
  std::string text;
  for (int i = 0; i < 100; ++i) text += R"({"print":)";
  text += "1";
  text += std::string(100, '}');
  return text;
}

}  // namespace

TEST_CASE("bambu_exporter counts hostile reports by reason and keeps the printer's state") {
  test::BrokerHarness broker;
  test::ExporterProcess exporter(broker.dir(), test::PrinterYaml("h", kSerial, broker));
  const int port = exporter.port();
  const test::Labels h = {{"printer", "h"}};
  const test::Labels slot0 = {{"printer", "h"}, {"ams", "0"}, {"slot", "0"}};

  std::string text = test::PollMetrics(
      port,
      [&](const std::string& t) {
        return Sample(t, "bambu_tray_remaining_ratio", slot0).has_value();
      },
      30,
      [&] {
        broker.PublishFile(ReportTopic(kSerial), Fixture("rdiger36-spoolman_P1S-AMS_full.json"));
      });
  REQUIRE(Sample(text, "bambu_tray_remaining_ratio", slot0) == 0.83);
  REQUIRE(Sample(text, "bambu_nozzle_temperature_celsius", h) == 15.0625);
  const double received = Sample(text, "bambu_mqtt_messages_received_total", h).value_or(0);

  const std::string topic = ReportTopic(kSerial);
  const std::string big_file = broker.dir() + "/oversized.json";
  test::WriteFile(big_file, OversizedReport());
  CHECK(broker.PublishFile(topic, big_file));
  CHECK(broker.Publish(topic, DeepReport()));
  CHECK(broker.Publish(topic, "{\"print\":{\"nozzle_temper\":99,\"x\":\"\xff\xfe\"}}"));
  CHECK(broker.Publish(topic, R"([{"print":{"nozzle_temper":99}}])"));
  CHECK(broker.Publish(topic, R"({"print":{"nozzle_temper":)"));
  // Accepted, but no usable value: wrong types, arrays where objects belong, unknown fields.
  CHECK(broker.Publish(topic, R"({"print":{"nozzle_temper":"hot","ams":{"ams":"none"},)"
                              R"("wifi_signal":[1],"unknown_field":{"a":[1,2,{"b":null}]}}})"));
  CHECK(broker.Publish(topic, R"({"print":{"ams":{"ams":[{"id":"0","tray":[{"id":"0",)"
                              R"("remain":"lots"}]}]},"unknown":1,"unknown":2}})"));
  CHECK(broker.Publish(topic, R"({"print":7})"));

  text = test::PollMetrics(
      port,
      [&](const std::string& t) {
        return Sample(t, "bambu_mqtt_messages_received_total", h) >= received + 8;
      },
      30);
  CHECK(Sample(text, "bambu_mqtt_messages_received_total", h) == received + 8);
  CHECK(Errors(text, "too_large") == 1);
  CHECK(Errors(text, "too_deep") == 1);
  CHECK(Errors(text, "invalid_json") == 2);  // invalid UTF-8, truncated JSON
  CHECK(Errors(text, "not_an_object") == 1);
  CHECK(Sample(text, "bambu_tray_remaining_ratio", slot0) == 0.83);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", h) == 15.0625);
  CHECK(Sample(text, "bambu_up", h) == 1);
  CHECK(test::HttpRequest(port, "GET", "/-/healthy").status == 200);
  CHECK(exporter.Terminate() == 0);
}

}  // namespace bambu
