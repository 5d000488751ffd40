// The job_plans section and the per-printer job_plans / ftps_port keys of exporter.yaml.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "config_error.hpp"

namespace bambu {
namespace {

using test::ErrorOf;

std::string Printers(const std::string& extra = "") {
  return "printers:\n  - serial: SERIAL1\n    host: 192.168.1.50\n    access_code: \"12345678\"\n" +
         extra;
}

TEST_CASE("job plans config: defaults, on for every LAN printer on port 990") {
  const Config config = ParseConfig(Printers(), "exporter.yaml");
  CHECK(config.printers[0].job_plans);
  CHECK(config.printers[0].ftps_port == 990);
  CHECK(config.job_plans == JobPlansConfig{10, 120, 20, 4, 4 << 20, 64 << 20});
}

TEST_CASE("job plans config: every key read") {
  const Config config = ParseConfig(
      Printers("    job_plans: false\n    ftps_port: 2990\n") +
          "job_plans:\n  connect_timeout: 5s\n  transfer_timeout: 10m\n  stall_timeout: 1m\n"
          "  concurrency: 16\n  max_entry_bytes: 1048576\n  max_download_bytes: 0\n",
      "exporter.yaml");
  CHECK_FALSE(config.printers[0].job_plans);
  CHECK(config.printers[0].ftps_port == 2990);
  CHECK(config.job_plans == JobPlansConfig{5, 600, 60, 16, 1 << 20, 0});
}

TEST_CASE("job plans config: bad values name the file and the key") {
  CHECK(ErrorOf(Printers("    job_plans: maybe\n"))
            .starts_with("exporter.yaml: printers[0].job_plans:"));
  CHECK(ErrorOf(Printers("    ftps_port: 70000\n"))
            .starts_with("exporter.yaml: printers[0].ftps_port:"));
  CHECK(ErrorOf(Printers() + "job_plans:\n  concurrency: 0\n")
            .starts_with("exporter.yaml: job_plans.concurrency:"));
  CHECK(ErrorOf(Printers() + "job_plans:\n  concurrency: 65\n")
            .starts_with("exporter.yaml: job_plans.concurrency:"));
  CHECK(ErrorOf(Printers() + "job_plans:\n  stall_timeout: 0.5s\n")
            .starts_with("exporter.yaml: job_plans.stall_timeout:"));
  CHECK(ErrorOf(Printers() + "job_plans:\n  max_entry_bytes: 100\n")
            .starts_with("exporter.yaml: job_plans.max_entry_bytes:"));
  CHECK(ErrorOf(Printers() + "job_plans:\n  speed: 3\n") ==
        "exporter.yaml: job_plans.speed: unknown key");
  CHECK(ErrorOf(Printers() + "job_plans: yes\n") == "exporter.yaml: job_plans: must be a mapping");
}

}  // namespace
}  // namespace bambu
