// Asks the state stage every second which LAN printers' jobs need their plan read
// (TakePlanRequest), fetches those over FTPS off the event loop (PlanFetcher) and hands each
// result back (OnPlanFetched), logging a failure once per job with the printer's name.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/clock.hpp"
#include "config/config.hpp"
#include "io/ftps/plan_fetcher.hpp"
#include "state/fleet.hpp"

namespace bambu {

class PlanPoller {
 public:
  /// `fleet` must outlive this object. Everything but the transfers runs on `executor`'s thread.
  PlanPoller(boost::asio::any_io_executor executor, Fleet& fleet, std::function<Instant()> clock,
             std::chrono::steady_clock::duration period = std::chrono::seconds(1));
  ~PlanPoller();
  PlanPoller(const PlanPoller&) = delete;
  PlanPoller& operator=(const PlanPoller&) = delete;

  /// The printers to serve (those with job_plans on) and the limits; starts polling on the
  /// first call. The worker count is taken on the first call only (a change needs a restart).
  void Configure(const std::vector<PrinterConfig>& printers, const JobPlansConfig& plans);
  /// Aborts the fetch for `serial` (its printer was removed or changed).
  void Cancel(const std::string& serial);
  void Stop();

  /// One round now: what the timer does every period.
  void Poll();

 private:
  void Schedule();
  void Deliver(const std::string& serial, const PlanFetchResult& result, const std::string& detail);

  boost::asio::any_io_executor executor_;
  Fleet& fleet_;
  std::function<Instant()> clock_;
  std::chrono::steady_clock::duration period_;
  boost::asio::steady_timer timer_;
  std::unique_ptr<PlanFetcher> fetcher_;
  std::map<std::string, FtpsTarget, std::less<>> targets_;  // by serial
  PlanFetchOptions options_;
  int workers_ = 0;
  std::map<std::string, std::uint64_t, std::less<>> logged_job_;  // serial -> job_seq logged
  bool stopped_ = false;
};

/// The fetch limits that `plans` configures.
PlanFetchOptions PlanFetchOptionsOf(const JobPlansConfig& plans);

}  // namespace bambu
