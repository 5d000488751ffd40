#include "io/plan_poller.hpp"

#include "base/log.hpp"
#include "state/plan_fetch.hpp"

namespace bambu {

PlanFetchOptions PlanFetchOptionsOf(const JobPlansConfig& plans) {
  PlanFetchOptions options;
  options.ftps.connect_timeout_s = plans.connect_timeout_s;
  options.ftps.response_timeout_s = plans.connect_timeout_s;
  options.ftps.operation_timeout_s = plans.transfer_timeout_s;
  options.ftps.stall_time_s = plans.stall_timeout_s;
  options.ftps.max_whole_bytes = static_cast<std::uint64_t>(plans.max_download_bytes);
  options.zip.max_entry_bytes = static_cast<std::uint64_t>(plans.max_entry_bytes);
  // The compressed entry is at most its own size; plus the zip's tail and block rounding.
  options.zip.max_read_bytes = options.zip.max_entry_bytes + (256u << 10);
  return options;
}

PlanPoller::PlanPoller(boost::asio::any_io_executor executor, Fleet& fleet,
                       std::function<Instant()> clock, std::chrono::steady_clock::duration period)
    : executor_(executor),
      fleet_(fleet),
      clock_(std::move(clock)),
      period_(period),
      timer_(executor) {}

PlanPoller::~PlanPoller() { Stop(); }

void PlanPoller::Configure(const std::vector<PrinterConfig>& printers,
                           const JobPlansConfig& plans) {
  targets_.clear();
  for (const PrinterConfig& printer : printers) {
    if (!printer.job_plans) continue;
    targets_[printer.serial] = {printer.host,        printer.ftps_port,   printer.serial,
                                printer.access_code, printer.tls.ca_file, printer.tls.insecure};
  }
  options_ = PlanFetchOptionsOf(plans);
  if (stopped_) return;
  if (!fetcher_) {
    workers_ = plans.concurrency;
    fetcher_ = std::make_unique<PlanFetcher>(executor_, workers_);
    Schedule();
  } else if (plans.concurrency != workers_) {
    log::Warn(
        "job_plans.concurrency change needs a restart",
        {{"running", std::to_string(workers_)}, {"configured", std::to_string(plans.concurrency)}});
  }
}

void PlanPoller::Cancel(const std::string& serial) {
  if (fetcher_) fetcher_->Cancel(serial);
}

void PlanPoller::Stop() {
  stopped_ = true;
  timer_.cancel();
  if (fetcher_) fetcher_->Stop();
}

void PlanPoller::Schedule() {
  timer_.expires_after(period_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || stopped_) return;
    Poll();
    Schedule();
  });
}

void PlanPoller::Poll() {
  if (!fetcher_ || stopped_) return;
  const double now = clock_().mono_s;  // the state's job timing is monotonic
  for (const auto& [serial, target] : targets_) {
    PrinterEntry* printer = fleet_.Find(serial);
    if (printer == nullptr) continue;
    std::optional<PlanFetchRequest> request = TakePlanRequest(*printer, now);
    if (!request) continue;
    const std::uint64_t job_seq = request->job_seq;
    const bool queued =
        fetcher_->Submit(serial, target, std::move(*request), options_,
                         [this, serial](const PlanFetchResult& result, const std::string& detail) {
                           Deliver(serial, result, detail);
                         });
    if (!queued) {  // one still running for this printer: the state asks again later
      PlanFetchResult busy;
      busy.job_seq = job_seq;
      busy.failure = PlanFailure::kTransfer;
      Deliver(serial, busy, "a fetch for this printer is still running");
    }
  }
}

void PlanPoller::Deliver(const std::string& serial, const PlanFetchResult& result,
                         const std::string& detail) {
  PrinterEntry* printer = fleet_.Find(serial);
  if (printer == nullptr) return;
  OnPlanFetched(*printer, result, clock_().mono_s);
  if (result.failure == PlanFailure::kNone) return;  // the state stage logs the plan it took
  // The transfer's own words, once per job (the state stage logs when it gives up).
  auto [logged, first] = logged_job_.try_emplace(serial, result.job_seq);
  if (!first && logged->second == result.job_seq) return;
  logged->second = result.job_seq;
  log::Info("job plan fetch failed", {{"printer", printer->identity.name},
                                      {"reason", std::string(PlanFailureLabel(result.failure))},
                                      {"path", result.path},
                                      {"detail", detail}});
}

}  // namespace bambu
