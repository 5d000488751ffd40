// The plan fetch against a real vsftpd (implicit TLS, session reuse required, user bblp and an
// access code; tests/io/ftps_harness.hpp) serving 3MF files built from the documented layout:
// found in /cache/ and in /, 550 everywhere, a wrong access code, a foreign CA, another
// printer's name, a stalled server, a file still growing, a server refusing REST.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "ftps_harness.hpp"
#include "io/ftps/plan_fetch_job.hpp"
#include "io/ftps/plan_fetcher.hpp"
#include "jobs/job_file_candidates.hpp"
#include "plan_archive.hpp"
#include "slice_info_samples.hpp"

namespace bambu {
namespace {

FtpsTarget TargetOf(const test::FtpsServerHarness& server) {
  return {"127.0.0.1",          server.port(),    server.serial(),
          server.access_code(), server.ca_file(), false};
}

PlanFetchOptions TestOptions() {
  PlanFetchOptions options;
  options.ftps.connect_timeout_s = 5;
  options.ftps.response_timeout_s = 5;
  options.ftps.operation_timeout_s = 30;
  options.ftps.stall_bytes_per_s = 4096;
  options.ftps.stall_time_s = 2;
  return options;
}

PlanFetchRequest RequestFor(std::string_view subtask, std::string_view gcode_file, int plate) {
  return {7, JobFileCandidates(subtask, gcode_file), plate};
}

PlanFetchResult Fetch(const FtpsTarget& target, const PlanFetchRequest& request,
                      const PlanFetchOptions& options = TestOptions()) {
  std::string detail;
  PlanFetchResult result = FetchPlan(target, request, options, nullptr, detail);
  MESSAGE("failure=" << PlanFailureLabel(result.failure) << " detail=" << detail
                     << " bytes=" << result.bytes_transferred);
  return result;
}

TEST_CASE("ftps fetch: an X1C cloud job's file in /cache/, plate 2, read whole when small") {
  test::FtpsServerHarness server;
  const std::string archive = test::PlanArchive(test::kTwoPlateSliceInfo, 20'000);
  server.PutFile("/cache/Garden Hose Healer: Male fitting.3mf", archive);
  const PlanFetchResult result =
      Fetch(TargetOf(server),
            RequestFor("Garden Hose Healer: Male fitting", "/data/Metadata/plate_2.gcode", 2));
  REQUIRE(result.failure == PlanFailure::kNone);
  CHECK(result.job_seq == 7);
  CHECK(result.path == "/cache/Garden Hose Healer: Male fitting.3mf");
  CHECK(result.file_size == archive.size());
  CHECK(result.bytes_transferred == archive.size());  // under 64 KiB: one read of it all
  REQUIRE(result.plan);
  CHECK(result.plan->plate == 2);
  CHECK(result.plan->weight_g == 61.37);
  CHECK(result.plan->filaments.size() == 3);
  CHECK(result.plan->filaments[2] == PlanFilament{4, "GFG99", "PETG", "#F72323", 4.86, 1.60});
}

TEST_CASE("ftps fetch: a P1 LAN job's file in /, a 2 MB archive read by two ranges") {
  test::FtpsServerHarness server;
  const std::string archive = test::PlanArchive(test::kOnePlateSliceInfo, 2'000'000);
  server.PutFile("/Rear Dry Pod AMS 2 PRO ß .gcode.3mf", archive);
  const PlanFetchResult result =
      Fetch(TargetOf(server), RequestFor("Rear Dry Pod AMS 2 PRO ß ", "", 0));
  REQUIRE(result.failure == PlanFailure::kNone);
  CHECK(result.path == "/Rear Dry Pod AMS 2 PRO ß .gcode.3mf");
  REQUIRE(result.plan);
  CHECK(result.plan->plate == 3);
  CHECK(result.plan->filaments[0].used_g == 7.03);
  // The zip's tail (65,578 bytes) and one 64 KiB block at the entry: 6.5 % of 2 MB.
  CHECK(result.bytes_transferred == 65578 + 65536);
  CHECK(server.LogLines("RETR Rear Dry Pod") == 2);
}

TEST_CASE("ftps fetch: 550 on every candidate is no_file") {
  test::FtpsServerHarness server;
  server.PutFile("/cache/other job.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 100));
  const PlanFetchResult result = Fetch(TargetOf(server), RequestFor("missing job", "", 0));
  CHECK(result.failure == PlanFailure::kNoFile);
  CHECK(result.path.empty());
  CHECK(result.bytes_transferred == 0);
  CHECK(server.LogLines("SIZE /") + server.LogLines("SIZE cache/") +
            server.LogLines("SIZE missing") >=
        4);
}

TEST_CASE("ftps fetch: a wrong access code is login") {
  test::FtpsServerHarness server;
  server.PutFile("/job.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 100));
  FtpsTarget target = TargetOf(server);
  target.access_code = "87654321";
  CHECK(Fetch(target, RequestFor("job", "", 0)).failure == PlanFailure::kLogin);
}

TEST_CASE("ftps fetch: a certificate from another CA, or for another serial, is tls") {
  test::FtpsServerHarness server;
  server.PutFile("/job.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 100));
  FtpsTarget foreign = TargetOf(server);
  foreign.ca_file = server.MakeForeignCa();
  CHECK(Fetch(foreign, RequestFor("job", "", 0)).failure == PlanFailure::kTls);
  FtpsTarget other_name = TargetOf(server);
  other_name.serial = "01P00A000000002";
  CHECK(Fetch(other_name, RequestFor("job", "", 0)).failure == PlanFailure::kTls);
  FtpsTarget insecure = foreign;
  insecure.insecure = true;  // encryption only: the same server then answers
  CHECK(Fetch(insecure, RequestFor("job", "", 0)).failure == PlanFailure::kNone);
}

// may_fail: vsftpd's rate limiter sent both ranges at full speed in 1 of 4 runs (2026-12-08), so
// this stall is not certain; it still runs and prints its result. To be replaced by a server that
// really stops mid-transfer.
TEST_CASE("ftps fetch: a server that stalls is timeout" * doctest::may_fail()) {
  // vsftpd at 300 bytes/s: it sends a burst, then holds the transfer's answer back.
  test::FtpsServerHarness server({.max_rate_bytes = 300});
  server.PutFile("/job.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 300'000));
  const PlanFetchResult result = Fetch(TargetOf(server), RequestFor("job", "", 0));
  CHECK(result.failure == PlanFailure::kTimeout);
  CHECK(result.path == "/job.3mf");
  CHECK(!result.plan);
}

TEST_CASE("ftps fetch: a file that grows while it is read is file_incomplete") {
  // The printer still writing the job's download: a kilobyte every 10 ms during the fetch.
  test::FtpsServerHarness server;
  server.PutFile("/job.gcode.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 300'000));
  std::atomic<bool> done{false};
  std::thread writer([&server, &done] {
    while (!done) {
      server.AppendFile("/job.gcode.3mf", test::Noise(1000));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const PlanFetchResult result = Fetch(TargetOf(server), RequestFor("job", "", 0));
  done = true;
  writer.join();
  CHECK(result.failure == PlanFailure::kFileIncomplete);
  CHECK(result.path == "/job.gcode.3mf");
  CHECK(!result.plan);
}

TEST_CASE("ftps fetch: a server refusing REST gives the plan from a capped whole download") {
  test::FtpsServerHarness server({.allow_rest = false});
  const std::string archive = test::PlanArchive(test::kTwoPlateSliceInfo, 300'000);
  server.PutFile("/cache/job.3mf", archive);
  const PlanFetchResult result = Fetch(TargetOf(server), RequestFor("job", "", 1));
  REQUIRE(result.failure == PlanFailure::kNone);
  REQUIRE(result.plan);
  CHECK(result.plan->plate == 1);
  CHECK(result.bytes_transferred == archive.size());
  CHECK(server.LogLines("REST") >= 1);
  PlanFetchOptions capped = TestOptions();
  capped.ftps.max_whole_bytes = 100'000;
  CHECK(Fetch(TargetOf(server), RequestFor("job", "", 1), capped).failure ==
        PlanFailure::kEntryTooLarge);
}

TEST_CASE("plan fetcher: results come back on the event loop, one fetch per printer") {
  test::FtpsServerHarness server;
  server.PutFile("/cache/job.3mf", test::PlanArchive(test::kTwoPlateSliceInfo, 1000));
  boost::asio::io_context loop;
  PlanFetcher fetcher(loop.get_executor(), 2);
  std::vector<PlanFetchResult> results;
  const std::thread::id loop_thread = std::this_thread::get_id();
  bool on_loop = true;
  auto done = [&](const PlanFetchResult& result, const std::string&) {
    on_loop = on_loop && std::this_thread::get_id() == loop_thread;
    results.push_back(result);
    if (results.size() == 2) loop.stop();
  };
  CHECK(fetcher.Submit("A", TargetOf(server), RequestFor("job", "", 2), TestOptions(), done));
  CHECK_FALSE(fetcher.Submit("A", TargetOf(server), RequestFor("job", "", 2), TestOptions(), done));
  CHECK(fetcher.Submit("B", TargetOf(server), RequestFor("nothing", "", 2), TestOptions(), done));
  auto guard = boost::asio::make_work_guard(loop);
  loop.run_for(std::chrono::seconds(30));
  REQUIRE(results.size() == 2);
  CHECK(on_loop);
  int plans = 0;
  int missing = 0;
  for (const PlanFetchResult& result : results) {
    plans += result.plan.has_value();
    missing += result.failure == PlanFailure::kNoFile;
  }
  CHECK(plans == 1);
  CHECK(missing == 1);
  CHECK(fetcher.pending() == 0);
}

TEST_CASE("plan fetcher: cancelling a stalled fetch delivers timeout, stopping delivers nothing") {
  test::FtpsServerHarness server({.max_rate_bytes = 100});
  server.PutFile("/job.3mf", test::PlanArchive(test::kOnePlateSliceInfo, 300'000));
  boost::asio::io_context loop;
  PlanFetcher fetcher(loop.get_executor(), 1);
  PlanFetchOptions slow = TestOptions();
  slow.ftps.stall_bytes_per_s = 1;  // never a stall: only the cancel ends it
  std::vector<PlanFetchResult> results;
  auto done = [&](const PlanFetchResult& result, const std::string&) {
    results.push_back(result);
    loop.stop();
  };
  REQUIRE(fetcher.Submit("A", TargetOf(server), RequestFor("job", "", 0), slow, done));
  std::thread canceller([&fetcher] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    fetcher.Cancel("A");
  });
  auto guard = boost::asio::make_work_guard(loop);
  loop.run_for(std::chrono::seconds(30));
  canceller.join();
  REQUIRE(results.size() == 1);
  CHECK(results[0].failure == PlanFailure::kTimeout);
  loop.restart();
  REQUIRE(fetcher.Submit("B", TargetOf(server), RequestFor("job", "", 0), slow, done));
  fetcher.Stop();
  loop.run_for(std::chrono::milliseconds(200));
  CHECK(results.size() == 1);
}

}  // namespace
}  // namespace bambu
