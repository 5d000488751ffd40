#include "metrics/cloud_metrics.hpp"
#include "metric_family_builder.hpp"

#include <prometheus/text_serializer.h>

#include <doctest/doctest.h>

namespace bambu {
namespace {

std::string Text(const CloudStatus& status, const PrinterNameFn& names = nullptr) {
  return prometheus::TextSerializer().Serialize(CloudFamilies(status, names));
}

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

CloudStatus SampleStatus() {
  CloudStatus status;
  status.last_poll_ok = true;
  CloudDevice p1s;
  p1s.serial = "01P00A123456789";
  p1s.name = "Workshop P1S";
  p1s.online = true;
  CloudDevice a1;
  a1.serial = "03919C461234567";
  a1.online = false;
  status.devices = {p1s, a1};
  status.CountRequest("bind", "200");
  status.CountRequest("bind", "200");
  status.CountRequest("tasks", "429");
  status.CountRequest("preference", "error");
  CloudTask done;
  done.id = "1";
  done.device_id = "01P00A123456789";
  done.status = kTaskStatusFinished;
  done.filaments = {{0, 2, "PLA", 21.25}, {1, 0, "PETG", 3.5}};
  CloudTask failed = done;
  failed.id = "2";
  failed.status = kTaskStatusFailed;
  failed.filaments = {{0, 2, "PLA", 8}};
  status.ledger.Fold({failed, done});
  return status;
}

}  // namespace

TEST_CASE("cloud metrics: up, requests, online, grams") {
  const std::string text = Text(SampleStatus());
  CHECK(Has(text, "bambu_cloud_up 1"));
  CHECK(Has(text, "bambu_cloud_requests_total{code=\"200\",endpoint=\"bind\"} 2"));
  CHECK(Has(text, "bambu_cloud_requests_total{code=\"429\",endpoint=\"tasks\"} 1"));
  CHECK(Has(text, "bambu_cloud_requests_total{code=\"error\",endpoint=\"preference\"} 1"));
  CHECK(Has(text,
            "bambu_cloud_printer_online{printer=\"Workshop P1S\",serial=\"01P00A123456789\"} 1"));
  CHECK(
      Has(text,
          "bambu_cloud_printer_online{printer=\"03919C461234567\",serial=\"03919C461234567\"} 0"));
  CHECK(Has(text,
            "bambu_cloud_task_filament_grams_total{ams=\"0\",filament_type=\"PLA\",printer="
            "\"Workshop P1S\",serial=\"01P00A123456789\",slot=\"2\"} 21.25"));
  CHECK(Has(text,
            "bambu_cloud_task_filament_grams_total{ams=\"1\",filament_type=\"PETG\",printer="
            "\"Workshop P1S\",serial=\"01P00A123456789\",slot=\"0\"} 3.5"));
  CHECK(Has(text,
            "bambu_cloud_failed_task_filament_grams_total{ams=\"0\",filament_type=\"PLA\","
            "printer=\"Workshop P1S\",serial=\"01P00A123456789\",slot=\"2\"} 8"));
  CHECK(Has(text, "# TYPE bambu_cloud_task_filament_grams_total counter"));
  CHECK(Has(text, "# TYPE bambu_cloud_printer_online gauge"));
  CHECK(text.find("bambu_cloud_token_expiry_timestamp_seconds") == std::string::npos);
}

TEST_CASE("cloud metrics: a rejected token or a failed poll means down, expiry when known") {
  CloudStatus status = SampleStatus();
  status.token_rejected = true;
  status.token_expiry_unix = 1767225600;
  std::string text = Text(status);
  CHECK(Has(text, "bambu_cloud_up 0"));
  CHECK(Has(text, "bambu_cloud_token_expiry_timestamp_seconds 1767225600"));
  status.token_rejected = false;
  status.last_poll_ok = false;
  CHECK(Has(Text(status), "bambu_cloud_up 0"));
}

TEST_CASE("cloud metrics: printer label from the given name function") {
  const std::string text = Text(SampleStatus(), [](std::string_view serial) {
    return serial == "01P00A123456789" ? std::string("p1s") : std::string(serial);
  });
  CHECK(Has(text, "bambu_cloud_printer_online{printer=\"p1s\",serial=\"01P00A123456789\"} 1"));
  CHECK(text.find("Workshop P1S") == std::string::npos);
}

TEST_CASE("cloud metrics: an empty status has only bambu_cloud_up") {
  CloudStatus status;
  const auto families = CloudFamilies(status);
  REQUIRE(families.size() == 1);
  CHECK(families[0].name == "bambu_cloud_up");
  CHECK(families[0].metric.at(0).gauge.value == 0);
}

}  // namespace bambu
