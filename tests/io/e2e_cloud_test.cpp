// End to end, cloud mode: the fake Bambu cloud (REST over HTTPS) and a real mosquitto
// playing the cloud broker (user u_<uid>, the token as password) → bambu_exporter
// configured with only a `cloud:` section → GET /metrics. Every wait is a bounded poll.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "broker_harness.hpp"
#include "exporter_process.hpp"
#include "fake_cloud_harness.hpp"

namespace bambu {
namespace {

// The default fake account: token "tok-1", uid 1234567890, these two printers.
constexpr char kP1sSerial[] = "01P00A123456789";  // "Workshop P1S", online
constexpr char kA1Serial[] = "03919C461234567";   // no name, offline
constexpr char kP1sName[] = "Workshop P1S";
constexpr char kMqttUser[] = "u_1234567890";
/// The cloud broker's certificate names the host the exporter connects to, as a real one does.
constexpr char kBrokerSan[] = "IP:127.0.0.1,DNS:localhost";

using test::Fixture;
using test::HttpGet;
using test::Labels;
using test::PollMetrics;
using test::ReportTopic;
using test::Sample;
using test::WaitFor;

/// The config of an exporter on `port` with only a `cloud:` section (+ `printers_yaml`);
/// writes its trust store and token file into `dir`.
std::string CloudConfig(int port, const test::FakeCloud& cloud, const test::BrokerHarness& broker,
                        const std::string& dir, const std::string& printers_yaml) {
  // One trust store for both: the fake cloud's certificate and the broker's CA.
  const std::string ca_file = dir + "/cloud-ca.pem";
  test::WriteFile(ca_file, test::ReadFile(cloud.ca_file()) + test::ReadFile(broker.ca_file()));
  const std::string token_file = dir + "/cloud.token";
  test::WriteFile(token_file, "tok-1\n");
  return "listen_address: \"127.0.0.1:" + std::to_string(port) +
         "\"\ncloud:\n  token_file: " + token_file + "\n  api_base_url: " + cloud.base_url() +
         "\n  mqtt_broker: " + broker.uri() + "\n  ca_file: " + ca_file +
         "\n  devices_interval: 1s\n  tasks_interval: 2s\n" + printers_yaml;
}

/// bambu_exporter as a child process with only a `cloud:` section.
class CloudExporterProcess : public test::ExporterProcess {
 public:
  /// `printers_yaml`: an optional `printers:` section (LAN printers alongside the cloud).
  CloudExporterProcess(const test::FakeCloud& cloud, const test::BrokerHarness& broker,
                       const std::string& dir, const std::string& printers_yaml = "")
      : ExporterProcess(
            dir + "/exporter.yaml", dir + "/exp.log",
            [&](int port) { return CloudConfig(port, cloud, broker, dir, printers_yaml); }),
        token_file_(dir + "/cloud.token") {}
  const std::string& token_file() const { return token_file_; }

 private:
  std::string token_file_;
};

}  // namespace

TEST_CASE("bambu_exporter cloud mode: discovery, cloud MQTT reports, task grams, 401") {
  test::FakeCloud cloud;
  test::BrokerHarness broker(kP1sSerial, kMqttUser, "tok-1", kBrokerSan);
  CloudExporterProcess exporter(cloud, broker, broker.dir());
  const std::string p1s_full = Fixture("rdiger36-spoolman_P1S-AMS_full.json");
  const Labels p1s = {{"printer", kP1sName}, {"serial", kP1sSerial}};

  // The P1S's full report over the cloud broker, repeated until the exporter has subscribed.
  std::string text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_tray_remaining_ratio", {{"printer", kP1sName}, {"slot", "0"}})
            .has_value();
      },
      40, [&] { broker.PublishFile(ReportTopic(kP1sSerial), p1s_full); });
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", kP1sName}, {"ams", "0"}, {"slot", "0"}}) == 0.83);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", kP1sName}, {"ams", "0"}, {"slot", "1"}}) == 1.0);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", kP1sName}, {"ams", "0"}}) == 1);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", p1s) == 15.0625);
  // The A1 was discovered (named after its serial) and is offline: bambu_up 0, no AMS series.
  CHECK(Sample(text, "bambu_up", {{"printer", kA1Serial}, {"transport", "cloud"}}) == 0);
  CHECK_FALSE(Sample(text, "bambu_ams_info", {{"serial", kA1Serial}}).has_value());
  // Bind-list metadata: the model feeds bambu_printer_info.
  CHECK(Sample(text, "bambu_printer_info", {{"serial", kP1sSerial}, {"model", "P1S"}}) == 1);
  CHECK(Sample(text, "bambu_printer_info", {{"serial", kA1Serial}, {"model", "A1"}}) == 1);
  CHECK(Sample(text, "bambu_cloud_up", {}) == 1);
  CHECK(Sample(text, "bambu_cloud_printer_online", p1s) == 1);
  // Exported from start-up, also without TLS on the exporter's own listener.
  CHECK(Sample(text, "bambu_exporter_http_tls_handshake_failures_total", {}) == 0);
  CHECK(Sample(text, "bambu_cloud_printer_online", {{"serial", kA1Serial}}) == 0);

  // Task grams, counted once although the task list is polled again and again.
  REQUIRE(WaitFor([&] { return cloud.CountRequests("/v1/user-service/my/tasks", 200) >= 3; }, 30));
  text = *HttpGet(exporter.port(), "/metrics");
  const Labels slot0 = {{"printer", kP1sName},
                        {"serial", kP1sSerial},
                        {"ams", "0"},
                        {"slot", "0"},
                        {"filament_type", "PLA"}};
  const Labels slot3 = {{"printer", kP1sName},
                        {"serial", kP1sSerial},
                        {"ams", "0"},
                        {"slot", "3"},
                        {"filament_type", "PLA"}};
  CHECK(Sample(text, "bambu_cloud_task_filament_grams_total", slot0) == 30.25);
  CHECK(Sample(text, "bambu_cloud_task_filament_grams_total", slot3) == 12.25);
  CHECK(Sample(text, "bambu_cloud_failed_task_filament_grams_total",
               {{"serial", kA1Serial}, {"ams", "0"}, {"slot", "1"}, {"filament_type", "PETG"}}) ==
        12.0);
  CHECK(Sample(text, "bambu_cloud_requests_total", {{"endpoint", "tasks"}, {"code", "200"}}) >= 3);
  CHECK(test::PromtoolAccepts(broker.dir(), text));

  // Presence events drive bambu_up of a cloud printer.
  text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 0;
      },
      15,
      [&] {
        broker.Publish(ReportTopic(kP1sSerial), R"({"event":{"event":"client.disconnected"}})");
      });
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 0);
  text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1;
      },
      15,
      [&] {
        broker.Publish(ReportTopic(kP1sSerial), R"({"event":{"event":"client.connected"}})");
      });
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1);

  // The token is revoked: 401, cloud_up 0, a loud log line, and the exporter keeps serving.
  cloud.Control(R"({"mode":"401"})");
  text = PollMetrics(
      exporter.port(), [](const std::string& t) { return Sample(t, "bambu_cloud_up", {}) == 0; },
      20);
  CHECK(Sample(text, "bambu_cloud_up", {}) == 0);
  CHECK(Sample(text, "bambu_cloud_requests_total", {{"code", "401"}}) >= 1);
  CHECK(exporter.Log().find("bambu_exporter login") != std::string::npos);
  CHECK(exporter.Log().find("tok-1") == std::string::npos);  // the token is never logged
  CHECK(Sample(text, "bambu_cloud_task_filament_grams_total", slot0) == 30.25);

  // A new token file (as `bambu_exporter login` writes it) ends the pause; the broker
  // accepts only the new token from now on.
  cloud.Control(R"({"mode":"normal","token":"tok-2"})");
  broker.SetPassword("tok-2");
  broker.Restart();
  test::WriteFile(exporter.token_file(), "tok-2\n");
  text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_cloud_up", {}) == 1 &&
               Sample(t, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1;
      },
      40,
      [&] {
        broker.Publish(ReportTopic(kP1sSerial), R"({"event":{"event":"client.connected"}})");
      });
  CHECK(Sample(text, "bambu_cloud_up", {}) == 1);
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1);
  CHECK(Sample(text, "bambu_cloud_task_filament_grams_total", slot0) == 30.25);
  CHECK(exporter.Log().find("tok-2") == std::string::npos);

  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter cloud mode: a broker certificate naming another host is refused") {
  test::FakeCloud cloud;
  // Signed by the trusted CA, but for another host: only the host name check can refuse it.
  test::BrokerHarness broker(kP1sSerial, kMqttUser, "tok-1", "DNS:mqtt.other.example");
  CloudExporterProcess exporter(cloud, broker, broker.dir());
  const Labels tls = {{"serial", kP1sSerial}, {"reason", "tls"}};
  const std::string p1s_full = Fixture("rdiger36-spoolman_P1S-AMS_full.json");

  // Discovery over REST works; every attempt on the broker fails its TLS handshake.
  std::string text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_mqtt_connect_failures_total", tls).value_or(0) >= 1;
      },
      40, [&] { broker.PublishFile(ReportTopic(kP1sSerial), p1s_full); });
  // From 0 at start-up; Paho reports the first refused attempt of a session (later automatic
  // retries are refused the same way, without a failure callback).
  CHECK(Sample(text, "bambu_mqtt_connect_failures_total", tls).value_or(0) >= 1);
  for (const std::string reason : {"bad_credentials", "unreachable", "other"}) {
    CAPTURE(reason);
    CHECK(Sample(text, "bambu_mqtt_connect_failures_total",
                 {{"serial", kP1sSerial}, {"reason", reason}}) == 0);
  }
  CHECK(Sample(text, "bambu_cloud_up", {}) == 1);
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 0);
  CHECK_FALSE(Sample(text, "bambu_tray_remaining_ratio", {{"serial", kP1sSerial}}).has_value());
  CHECK(Sample(text, "bambu_mqtt_messages_received_total", {{"serial", kP1sSerial}}) == 0);
  CHECK(exporter.Log().find("tls: certificate does not name the host") != std::string::npos);
  CHECK(exporter.Log().find("cloud broker connected") == std::string::npos);
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter cloud mode: printers leaving the device list lose their series") {
  test::FakeCloud cloud;
  test::BrokerHarness broker(kP1sSerial, kMqttUser, "tok-1", kBrokerSan);
  CloudExporterProcess exporter(cloud, broker, broker.dir());
  std::string text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_up", {{"serial", kA1Serial}}).has_value() &&
               Sample(t, "bambu_up", {{"serial", kP1sSerial}}) == 1;
      },
      40,
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S-AMS_full.json"));
      });
  REQUIRE(Sample(text, "bambu_up", {{"serial", kA1Serial}}).has_value());

  // The A1 is unbound from the account; only the P1S stays.
  cloud.Control(R"({"devices":[{"dev_id":"01P00A123456789","name":"Workshop P1S","online":true,
    "print_status":"SUCCESS","dev_model_name":"C12","dev_product_name":"P1S",
    "dev_access_code":"12345678"}]})");
  text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return !Sample(t, "bambu_up", {{"serial", kA1Serial}});
      },
      20);
  CHECK_FALSE(Sample(text, "bambu_up", {{"serial", kA1Serial}}).has_value());
  CHECK_FALSE(Sample(text, "bambu_printer_info", {{"serial", kA1Serial}}).has_value());
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1);
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter cloud mode: a printer configured for LAN keeps its LAN session") {
  test::FakeCloud cloud;
  test::BrokerHarness cloud_broker(kP1sSerial, kMqttUser, "tok-1", kBrokerSan);
  test::BrokerHarness lan_broker(kA1Serial);  // user bblp, access code 12345678
  const std::string lan_printer =
      "printers:\n  - name: garage-a1\n    serial: \"" + std::string(kA1Serial) +
      "\"\n    host: 127.0.0.1\n    port: " + std::to_string(lan_broker.port()) +
      "\n    access_code: \"" + lan_broker.password() +
      "\"\n    tls:\n      ca_file: " + lan_broker.ca_file() + "\n";
  CloudExporterProcess exporter(cloud, cloud_broker, cloud_broker.dir(), lan_printer);
  const std::string a1_full = Fixture("ha-bambulab_A1-AMSlite_full.json");

  std::string text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return Sample(t, "bambu_up", {{"printer", "garage-a1"}}) == 1 &&
               Sample(t, "bambu_printer_info", {{"printer", kP1sName}}).has_value() &&
               Sample(t, "bambu_cloud_printer_online", {{"serial", kA1Serial}}).has_value();
      },
      40,
      [&] {
        lan_broker.PublishFile(ReportTopic(kA1Serial), a1_full);
        cloud_broker.PublishFile(ReportTopic(kA1Serial), a1_full);  // not followed via the cloud
      });
  // One series per printer: the LAN name and transport win; the cloud adds the model.
  CHECK(Sample(text, "bambu_up",
               {{"printer", "garage-a1"}, {"serial", kA1Serial}, {"transport", "lan"}}) == 1);
  CHECK_FALSE(Sample(text, "bambu_up", {{"serial", kA1Serial}, {"transport", "cloud"}}));
  CHECK(Sample(text, "bambu_printer_info",
               {{"printer", "garage-a1"}, {"model", "A1"}, {"name", "garage-a1"}}) == 1);
  CHECK(Sample(text, "bambu_cloud_printer_online",
               {{"printer", "garage-a1"}, {"serial", kA1Serial}}) == 0);
  CHECK(Sample(text, "bambu_cloud_failed_task_filament_grams_total",
               {{"printer", "garage-a1"}, {"ams", "0"}, {"slot", "1"}}) == 12.0);
  CHECK(Sample(text, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}).has_value());
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter cloud mode: two shards split the account's printers") {
  // config/shard.hpp puts the A1 on shard 0 and the P1S on shard 1 of 2.
  test::FakeCloud cloud;
  test::BrokerHarness broker(kP1sSerial, kMqttUser, "tok-1", kBrokerSan);
  const std::string dir0 = broker.dir() + "/shard0";
  const std::string dir1 = broker.dir() + "/shard1";
  std::filesystem::create_directories(dir0);
  std::filesystem::create_directories(dir1);
  CloudExporterProcess shard0(cloud, broker, dir0, "shard: {index: 0, count: 2}\n");
  CloudExporterProcess shard1(cloud, broker, dir1, "shard: {index: 1, count: 2}\n");
  const std::string p1s_full = Fixture("rdiger36-spoolman_P1S-AMS_full.json");
  const Labels p1s_slot0 = {{"serial", kP1sSerial}, {"ams", "0"}, {"slot", "0"}};
  const Labels a1_slot1 = {{"serial", kA1Serial}, {"ams", "0"}, {"slot", "1"}};

  std::string text1 = PollMetrics(
      shard1.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_up", {{"serial", kP1sSerial}}) == 1 &&
               Sample(t, "bambu_cloud_task_filament_grams_total", p1s_slot0).has_value();
      },
      40, [&] { broker.PublishFile(ReportTopic(kP1sSerial), p1s_full); });
  std::string text0 = PollMetrics(
      shard0.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_cloud_printer_online", {{"serial", kA1Serial}}).has_value() &&
               Sample(t, "bambu_up", {{"serial", kA1Serial}}).has_value() &&
               Sample(t, "bambu_cloud_failed_task_filament_grams_total", a1_slot1).has_value();
      },
      20);
  // Shard 1: the P1S only, followed over the cloud broker.
  CHECK(Sample(text1, "bambu_up", {{"printer", kP1sName}, {"transport", "cloud"}}) == 1);
  CHECK(Sample(text1, "bambu_tray_remaining_ratio",
               {{"printer", kP1sName}, {"ams", "0"}, {"slot", "0"}}) == 0.83);
  CHECK(Sample(text1, "bambu_cloud_printer_online", {{"serial", kP1sSerial}}) == 1);
  CHECK_FALSE(Sample(text1, "bambu_up", {{"serial", kA1Serial}}).has_value());
  CHECK_FALSE(Sample(text1, "bambu_cloud_printer_online", {{"serial", kA1Serial}}).has_value());
  CHECK(Sample(text1, "bambu_cloud_task_filament_grams_total", p1s_slot0) == 30.25);
  CHECK_FALSE(Sample(text1, "bambu_cloud_failed_task_filament_grams_total", a1_slot1));
  // Shard 0: the offline A1 only, with its failed task's planned grams (PETG, slot 1).
  CHECK(Sample(text0, "bambu_up", {{"serial", kA1Serial}, {"transport", "cloud"}}) == 0);
  CHECK(Sample(text0, "bambu_cloud_printer_online", {{"serial", kA1Serial}}) == 0);
  CHECK_FALSE(Sample(text0, "bambu_up", {{"serial", kP1sSerial}}).has_value());
  CHECK_FALSE(Sample(text0, "bambu_cloud_printer_online", {{"serial", kP1sSerial}}).has_value());
  CHECK(Sample(text0, "bambu_cloud_failed_task_filament_grams_total", a1_slot1) == 12.0);
  CHECK_FALSE(Sample(text0, "bambu_cloud_task_filament_grams_total", p1s_slot0));
  // Account-level series are on both.
  CHECK(Sample(text0, "bambu_cloud_up", {}) == 1);
  CHECK(Sample(text1, "bambu_cloud_up", {}) == 1);
  CHECK(shard0.Log().find("cloud printer left to another shard") != std::string::npos);

  CHECK(shard0.Terminate() == 0);
  CHECK(shard1.Terminate() == 0);
}

}  // namespace bambu
