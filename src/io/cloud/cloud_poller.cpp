#include "io/cloud/cloud_poller.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log.hpp"

namespace bambu {
namespace asio = boost::asio;
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kPreferencePath = "/v1/design-user-service/my/preference";
constexpr std::string_view kBindPath = "/v1/iot-service/api/user/bind";
constexpr std::string_view kTasksPath = "/v1/user-service/my/tasks";

Clock::duration Seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

bool MentionsCloudflare(const std::string& body) {
  std::string lower(body.substr(0, 4096));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("cloudflare") != std::string::npos;
}

enum class Outcome { kOk, kRejected, kFailed };

}  // namespace

struct CloudPoller::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::any_io_executor ex, CloudPollerOptions opts, CloudStatus& st, CloudPollerCallbacks cb)
      : options(std::move(opts)),
        status(st),
        callbacks(std::move(cb)),
        token_source(options.token, options.token_file),
        client(ex, options.http),
        timer(ex),
        rng(std::random_device{}()) {}

  CloudPollerOptions options;
  CloudStatus& status;
  CloudPollerCallbacks callbacks;
  CloudTokenSource token_source;
  HttpsClient client;
  asio::steady_timer timer;
  std::mt19937 rng;
  bool stopped = false;
  std::string token;
  std::string uid;
  bool uid_stale = true;  // fetch the uid (again): at start and after a token change
  int failures = 0;       // consecutive failed requests
  Clock::time_point next_devices{};
  Clock::time_point next_tasks{};

  asio::awaitable<void> Sleep(Clock::duration d) {
    boost::system::error_code ec;
    timer.expires_after(d);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  /// Reads the token (file or inline); false when there is none.
  bool LoadToken() {
    std::string error;
    const auto file = token_source.Load(error);
    if (!file) {
      log::Error("no cloud token; cloud polling is paused until the token file changes",
                 {{"error", error}});
      return false;
    }
    const bool changed = file->token != token;
    token = file->token;
    if (const auto expiry = TokenExpiry(*file)) {
      status.token_expiry_unix = static_cast<double>(*expiry);
    } else {
      status.token_expiry_unix.reset();
    }
    if (changed && callbacks.on_token) callbacks.on_token(token);
    return true;
  }

  void PauseForToken() {
    status.token_rejected = true;
    status.last_poll_ok = false;
    token_source.MarkRejected();
  }

  /// After a 401: true (and the new token loaded) once the token file changed.
  bool TokenReplaced() {
    if (!token_source.ChangedSinceRejected()) return false;
    token_source.MarkRejected();  // a later change is noticed again if this one is no good
    if (!LoadToken()) return false;
    log::Info("cloud token file changed; polling resumes", {{"path", token_source.path()}});
    return true;
  }

  double BackoffSeconds(double base) {
    const double doubled = base * std::pow(2.0, std::min(failures, 30));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return std::min(doubled, options.max_backoff_s) * jitter(rng);
  }

  /// GET `target`; counts every non-200 result. kOk means HTTP 200 with `body` set.
  asio::awaitable<Outcome> Get(std::string_view endpoint, std::string target, std::string& body) {
    HttpsRequest request;
    request.target = std::move(target);
    request.bearer_token = token;
    HttpsResponse response = co_await client.Send(std::move(request));
    if (stopped) co_return Outcome::kFailed;
    if (!response.transport_ok()) {
      status.CountRequest(endpoint, "error");
      log::Warn("cloud request failed",
                {{"endpoint", std::string(endpoint)}, {"error", response.error}});
      co_return Outcome::kFailed;
    }
    if (response.status == 200) {
      body = std::move(response.body);
      co_return Outcome::kOk;
    }
    status.CountRequest(endpoint, std::to_string(response.status));
    if (response.status == 401) {
      log::Error(
          "cloud token rejected (401): run `bambu_exporter login` to get a new token; cloud "
          "polling is paused until the token file changes",
          {{"endpoint", std::string(endpoint)}, {"token_file", options.token_file}});
      co_return Outcome::kRejected;
    }
    const bool cloudflare = MentionsCloudflare(response.body);
    log::Warn(cloudflare ? "cloud request blocked by Cloudflare" : "cloud request failed",
              {{"endpoint", std::string(endpoint)}, {"status", std::to_string(response.status)}});
    co_return Outcome::kFailed;
  }

  /// Counts a 200 reply as "200" or, when it did not parse, "invalid_json".
  bool Parsed(std::string_view endpoint, const CloudError& error) {
    if (error.kind == CloudErrorKind::kInvalidJson || error.kind == CloudErrorKind::kWrongShape) {
      status.CountRequest(endpoint, "invalid_json");
      log::Warn("cloud reply is not the expected JSON; skipped",
                {{"endpoint", std::string(endpoint)}, {"error", error.message}});
      return false;
    }
    status.CountRequest(endpoint, "200");
    if (error.kind == CloudErrorKind::kApiError) {
      log::Warn("cloud API error", {{"endpoint", std::string(endpoint)}, {"error", error.message}});
      return false;
    }
    return true;
  }

  /// Records one poll's outcome; returns when the endpoint should be polled next.
  Clock::time_point Settle(Outcome outcome, bool parsed_ok, double interval_s) {
    const auto now = Clock::now();
    if (outcome == Outcome::kRejected) {
      PauseForToken();
      return now;
    }
    if (outcome == Outcome::kOk && parsed_ok) {
      failures = 0;
      status.last_poll_ok = true;
      return now + Seconds(interval_s);
    }
    status.last_poll_ok = false;
    if (outcome == Outcome::kOk) return now + Seconds(interval_s);  // bad JSON: skip, no backoff
    ++failures;
    const double delay = BackoffSeconds(interval_s);
    char retry[32];
    std::snprintf(retry, sizeof(retry), "%.1f", delay);
    log::Info("cloud poll backs off", {{"retry_in_s", retry}});
    return now + Seconds(delay);
  }

  asio::awaitable<void> PollUid() {
    std::string body;
    const Outcome outcome = co_await Get("preference", std::string(kPreferencePath), body);
    if (stopped) co_return;
    bool ok = false;
    if (outcome == Outcome::kOk) {
      auto parsed = ParsePreferenceUid(body);
      ok = Parsed("preference", parsed.error);
      if (ok) uid_stale = false;
      if (ok && *parsed.value != uid) {
        uid = *parsed.value;
        log::Info("cloud account found", {{"mqtt_user", CloudMqttUsername(uid)}});
        if (callbacks.on_uid) callbacks.on_uid(uid);
      }
    }
    const auto next = Settle(outcome, ok, options.devices_interval_s);
    if (!ok) next_devices = next;  // retry the uid then
  }

  asio::awaitable<void> PollDevices() {
    std::string body;
    const Outcome outcome = co_await Get("bind", std::string(kBindPath), body);
    if (stopped) co_return;
    bool ok = false;
    if (outcome == Outcome::kOk) {
      auto parsed = ParseBindList(body);
      ok = Parsed("bind", parsed.error);
      if (ok) {
        status.devices = std::move(*parsed.value);
        if (callbacks.on_devices) callbacks.on_devices(status.devices);
      }
    }
    next_devices = Settle(outcome, ok, options.devices_interval_s);
  }

  asio::awaitable<void> PollTasks() {
    std::string body;
    const std::string target =
        std::string(kTasksPath) + "?limit=" + std::to_string(options.tasks_limit);
    const Outcome outcome = co_await Get("tasks", target, body);
    if (stopped) co_return;
    bool ok = false;
    if (outcome == Outcome::kOk) {
      auto parsed = ParseTasks(body);
      ok = Parsed("tasks", parsed.error);
      if (ok && status.ledger.Fold(*parsed.value) > 0) SaveLedger();
    }
    next_tasks = Settle(outcome, ok, options.tasks_interval_s);
  }

  void SaveLedger() {
    if (options.state_file.empty()) return;
    std::string error;
    if (!status.ledger.Save(options.state_file, error)) {
      log::Error("cannot save cloud task state", {{"error", error}});
    }
  }

  void LoadLedger() {
    if (options.state_file.empty()) return;
    std::string error;
    if (!status.ledger.Load(options.state_file, error)) {
      log::Error("cannot load cloud task state; starting empty", {{"error", error}});
    }
  }

  asio::awaitable<void> Run() {
    auto self = shared_from_this();  // keeps the state alive while the loop runs
    LoadLedger();
    if (!LoadToken()) PauseForToken();
    while (!stopped) {
      if (status.token_rejected) {
        co_await Sleep(Seconds(options.token_check_interval_s));
        if (stopped) co_return;
        if (TokenReplaced()) {
          status.token_rejected = false;
          failures = 0;
          uid_stale = true;  // the new token may belong to another account
          next_devices = next_tasks = Clock::now();
        }
        continue;
      }
      const auto now = Clock::now();
      if (uid_stale) {
        if (now < next_devices) {
          co_await Sleep(next_devices - now);
        } else {
          co_await PollUid();
        }
        continue;
      }
      if (now >= next_devices) co_await PollDevices();
      if (stopped) co_return;
      if (!status.token_rejected && Clock::now() >= next_tasks) co_await PollTasks();
      if (stopped || status.token_rejected) continue;
      const auto wake = std::min(next_devices, next_tasks);
      if (wake > Clock::now()) co_await Sleep(wake - Clock::now());
    }
  }
};

CloudPoller::CloudPoller(asio::any_io_executor executor, CloudPollerOptions options,
                         CloudStatus& status, CloudPollerCallbacks callbacks)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), status,
                                   std::move(callbacks))) {}

std::shared_ptr<CloudPoller> CloudPoller::Create(asio::any_io_executor executor,
                                                 CloudPollerOptions options, CloudStatus& status,
                                                 CloudPollerCallbacks callbacks) {
  return std::shared_ptr<CloudPoller>(
      new CloudPoller(std::move(executor), std::move(options), status, std::move(callbacks)));
}

CloudPoller::~CloudPoller() { Stop(); }

void CloudPoller::Start() {
  auto impl = impl_;
  asio::co_spawn(impl->timer.get_executor(), impl->Run(), [](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::Error("cloud poller stopped by an internal error", {{"error", e.what()}});
    } catch (...) {
      log::Error("cloud poller stopped by an unknown internal error");
    }
  });
}

void CloudPoller::Stop() {
  impl_->stopped = true;
  impl_->timer.cancel();
}

}  // namespace bambu
