// Runs plan fetches off the event loop: a few worker threads (the fleet-wide concurrency), at
// most one fetch per printer, results posted back to the event loop. Cancelling a printer
// aborts its transfer; stopping drops every pending result.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "io/ftps/plan_fetch_job.hpp"

namespace bambu {

class PlanFetcher {
 public:
  /// Called on the event loop with the fetch's result and, on failure, a text for the log.
  using Done = std::function<void(const PlanFetchResult& result, const std::string& detail)>;

  /// `workers`: fetches running at once across the fleet (>= 1).
  PlanFetcher(boost::asio::any_io_executor executor, int workers);
  ~PlanFetcher();
  PlanFetcher(const PlanFetcher&) = delete;
  PlanFetcher& operator=(const PlanFetcher&) = delete;

  /// Queues a fetch for printer `key`; false (nothing queued) while one for `key` is queued or
  /// running. `done` runs on the event loop, unless Stop() came first.
  bool Submit(const std::string& key, FtpsTarget target, PlanFetchRequest request,
              PlanFetchOptions options, Done done);
  /// Aborts the fetch of `key`, queued or running; its `done` still runs (with kTimeout when the
  /// transfer was cut), so the printer's state never waits for a result that cannot come.
  void Cancel(const std::string& key);
  /// Aborts everything, joins the workers; no `done` runs afterwards. Idempotent.
  void Stop();

  /// Fetches queued or running.
  std::size_t pending() const;

 private:
  struct Task;
  struct Shared;
  void Work();

  boost::asio::any_io_executor executor_;
  std::shared_ptr<Shared> shared_;
  std::vector<std::thread> workers_;
};

}  // namespace bambu
