#include "io/cloud/cloud_poller.hpp"

#include <doctest/doctest.h>

#include "broker_harness.hpp"
#include "fake_cloud_harness.hpp"

namespace bambu {
namespace {

constexpr const char* kBind = "/v1/iot-service/api/user/bind";

std::uint64_t Requests(const CloudStatus& status, const std::string& endpoint,
                       const std::string& code) {
  const auto it = status.requests.find(std::pair{endpoint, code});
  return it == status.requests.end() ? 0 : it->second;
}

std::uint64_t RequestsWithCode(const CloudStatus& status, const std::string& code) {
  std::uint64_t sum = 0;
  for (const auto& [key, count] : status.requests) {
    if (key.second == code) sum += count;
  }
  return sum;
}

double Grams(const GramTotals& totals, const std::string& serial, const std::string& ams,
             const std::string& slot, const std::string& type) {
  const auto it = totals.find({serial, ams, slot, type});
  return it == totals.end() ? -1 : it->second;
}

/// A poller with tiny intervals against the fake, recording its callbacks.
struct PollerRig {
  boost::asio::io_context io;
  CloudStatus status;
  std::string token_file;
  std::string uid;
  std::vector<std::string> tokens;
  std::vector<CloudDevice> devices;
  int device_polls = 0;
  std::shared_ptr<CloudPoller> poller;

  PollerRig(const test::FakeCloud& fake, const std::string& state_file = {},
            double read_timeout_s = 5) {
    token_file = fake.dir() + "/token";
    test::WriteFile(token_file, "tok-1\n");
    CloudPollerOptions options;
    options.http.base_url = fake.base_url();
    options.http.ca_file = fake.ca_file();
    options.http.read_timeout_s = read_timeout_s;
    options.token_file = token_file;
    options.devices_interval_s = 0.1;
    options.tasks_interval_s = 0.1;
    options.token_check_interval_s = 0.05;
    options.max_backoff_s = 0.4;
    options.state_file = state_file;
    CloudPollerCallbacks callbacks;
    callbacks.on_token = [this](const std::string& t) { tokens.push_back(t); };
    callbacks.on_uid = [this](const std::string& u) { uid = u; };
    callbacks.on_devices = [this](const std::vector<CloudDevice>& d) {
      devices = d;
      ++device_polls;
    };
    poller = CloudPoller::Create(io.get_executor(), options, status, callbacks);
    poller->Start();
  }
  ~PollerRig() {
    poller->Stop();
    io.restart();
    io.run_for(std::chrono::milliseconds(100));
  }
  bool RunUntil(const std::function<bool()>& done) { return test::RunIoUntil(io, done); }
  /// Waits for `n` more successful bind polls (proof that polling goes on).
  bool MoreBindPolls(int n) {
    const int target = device_polls + n;
    return RunUntil([&] { return device_polls >= target; });
  }
};

}  // namespace

TEST_CASE("cloud poller: uid, devices and tasks, the ledger survives a restart") {
  test::FakeCloud fake;
  const std::string state_file = fake.dir() + "/cloud_tasks.json";
  {
    PollerRig rig(fake, state_file);
    REQUIRE(rig.RunUntil([&] { return rig.status.ledger.counted_count() == 2; }));
    CHECK(rig.uid == "1234567890");
    REQUIRE(rig.tokens.size() == 1);
    CHECK(rig.tokens[0] == "tok-1");
    REQUIRE(rig.devices.size() == 2);
    CHECK(rig.devices[0].serial == "01P00A123456789");
    CHECK(rig.devices[0].model == "P1S");
    CHECK(rig.devices[0].online);
    CHECK(rig.devices[1].serial == "03919C461234567");
    CHECK(rig.devices[1].model == "A1");
    CHECK_FALSE(rig.devices[1].online);
    CHECK(rig.status.up());
    CHECK(Requests(rig.status, "preference", "200") == 1);
    CHECK(Requests(rig.status, "bind", "200") >= 1);
    CHECK(Requests(rig.status, "tasks", "200") >= 1);
    const auto& done = rig.status.ledger.finished_grams();
    CHECK(Grams(done, "01P00A123456789", "0", "0", "PLA") == doctest::Approx(30.25));
    CHECK(Grams(done, "01P00A123456789", "0", "3", "PLA") == doctest::Approx(12.25));
    CHECK(Grams(rig.status.ledger.failed_planned_grams(), "03919C461234567", "0", "1", "PETG") ==
          doctest::Approx(12.0));
    REQUIRE(rig.MoreBindPolls(2));  // tasks polled again meanwhile: still counted once
    CHECK(Grams(done, "01P00A123456789", "0", "0", "PLA") == doctest::Approx(30.25));
    CHECK(fake.CountRequests(kBind) >= 3);
  }
  // A new exporter process: same state file, same task list → no double count.
  PollerRig again(fake, state_file);
  const auto tasks_before = fake.CountRequests("/v1/user-service/my/tasks", 200);
  REQUIRE(again.RunUntil(
      [&] { return Requests(again.status, "tasks", "200") >= 2 && again.device_polls >= 1; }));
  CHECK(fake.CountRequests("/v1/user-service/my/tasks", 200) >= tasks_before + 2);
  CHECK(again.status.ledger.counted_count() == 2);
  CHECK(Grams(again.status.ledger.finished_grams(), "01P00A123456789", "0", "0", "PLA") ==
        doctest::Approx(30.25));
}

TEST_CASE("cloud poller: 401 pauses polling until the token file changes") {
  test::FakeCloud fake;
  PollerRig rig(fake);
  REQUIRE(rig.RunUntil([&] { return rig.status.up() && rig.device_polls >= 1; }));
  fake.Control(R"({"token":"tok-2"})");  // the server now rejects tok-1
  REQUIRE(rig.RunUntil([&] { return rig.status.token_rejected; }));
  CHECK_FALSE(rig.status.up());
  CHECK(RequestsWithCode(rig.status, "401") == 1);
  const int answered = fake.CountRequests(kBind) + fake.CountRequests("/v1/user-service/my/tasks");
  // Many token checks later, still paused: no request reached the server.
  int checks = 0;
  rig.RunUntil([&] { return ++checks > 30; });
  CHECK(rig.status.token_rejected);
  CHECK(RequestsWithCode(rig.status, "401") == 1);
  CHECK(fake.CountRequests(kBind) + fake.CountRequests("/v1/user-service/my/tasks") == answered);
  // `bambu_exporter login` wrote a new token.
  test::WriteFile(rig.token_file, "tok-2\nexpires_at=1800000000\n");
  REQUIRE(rig.MoreBindPolls(2));
  CHECK(rig.status.up());
  CHECK_FALSE(rig.status.token_rejected);
  REQUIRE(rig.tokens.size() == 2);
  CHECK(rig.tokens[1] == "tok-2");
  REQUIRE(rig.status.token_expiry_unix.has_value());
  CHECK(*rig.status.token_expiry_unix == 1800000000);
  CHECK(Requests(rig.status, "preference", "200") == 2);  // uid fetched again for the new token
  CHECK(rig.uid == "1234567890");
  CHECK(RequestsWithCode(rig.status, "401") == 1);
}

TEST_CASE("cloud poller: Cloudflare 403, 429, 500, timeouts and bad JSON back off or skip") {
  test::FakeCloud fake;
  PollerRig rig(fake, {}, /*read_timeout_s=*/1.5);
  REQUIRE(rig.RunUntil([&] { return rig.status.up() && rig.device_polls >= 1; }));

  for (const std::string code : {"403", "429", "500"}) {
    CAPTURE(code);
    fake.Control(R"({"mode":")" + code + R"(","count":2})");
    REQUIRE(rig.RunUntil([&] { return RequestsWithCode(rig.status, code) == 2; }));
    CHECK_FALSE(rig.status.up());
    REQUIRE(rig.MoreBindPolls(2));  // recovered, and polling goes on
    CHECK(rig.status.up());
    CHECK(RequestsWithCode(rig.status, code) == 2);
  }
  CHECK(fake.CountRequests(kBind, 403) + fake.CountRequests("/v1/user-service/my/tasks", 403) == 2);

  // A reply slower than the read timeout: a transport error.
  fake.Control(R"({"mode":"slow","count":1,"slow_s":5})");
  REQUIRE(rig.RunUntil([&] { return RequestsWithCode(rig.status, "error") == 1; }));
  REQUIRE(rig.MoreBindPolls(2));
  CHECK(RequestsWithCode(rig.status, "error") == 1);

  // Malformed JSON: counted and skipped.
  fake.Control(R"({"mode":"malformed","count":1})");
  REQUIRE(rig.RunUntil([&] { return RequestsWithCode(rig.status, "invalid_json") == 1; }));
  REQUIRE(rig.MoreBindPolls(2));
  CHECK(rig.status.up());

  // gzip-encoded replies are inflated: the device list still parses.
  rig.devices.clear();
  fake.Control(R"({"mode":"gzip","count":4})");
  REQUIRE(rig.MoreBindPolls(3));
  CHECK(rig.devices.size() == 2);
  CHECK(RequestsWithCode(rig.status, "invalid_json") == 1);
  CHECK(RequestsWithCode(rig.status, "error") == 1);
  CHECK(RequestsWithCode(rig.status, "401") == 0);
}

TEST_CASE("https client: bearer token, gzip, certificate checks") {
  test::FakeCloud fake;
  HttpsClientOptions options;
  options.base_url = fake.base_url();
  options.ca_file = fake.ca_file();
  HttpsRequest request;
  request.target = "/v1/iot-service/api/user/bind";
  request.bearer_token = "tok-1";

  fake.Control(R"({"mode":"gzip","count":1})");
  HttpsResponse response = test::SendBlocking(options, request);
  REQUIRE(response.transport_ok());
  CHECK(response.status == 200);
  const auto devices = ParseBindList(response.body);
  REQUIRE(devices.ok());
  CHECK(devices.value->size() == 2);

  request.bearer_token = "wrong";
  CHECK(test::SendBlocking(options, request).status == 401);

  // Trusting the system store only: the self-signed fake fails verification.
  HttpsClientOptions system_trust = options;
  system_trust.ca_file.clear();
  response = test::SendBlocking(system_trust, request);
  CHECK(response.status == 0);
  CHECK(response.error.find("TLS handshake") != std::string::npos);

  HttpsClientOptions bad_url = options;
  bad_url.base_url = "http://127.0.0.1:1";
  CHECK(test::SendBlocking(bad_url, request).error.find("bad base URL") != std::string::npos);
  CHECK(fake.CountRequests(kBind, 200) == 1);
}

}  // namespace bambu
