// A mutex-guarded queue, one cancel flag per task, results posted with asio::post; handlers
// hold the shared state weakly and check `stopped`, so a result never reaches a dead runtime.
#include "io/ftps/plan_fetcher.hpp"

#include <boost/asio/post.hpp>

namespace bambu {

struct PlanFetcher::Task {
  std::string key;
  FtpsTarget target;
  PlanFetchRequest request;
  PlanFetchOptions options;
  Done done;
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

struct PlanFetcher::Shared {
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<Task> queue;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>, std::less<>> active;  // by key
  std::atomic<bool> stopped{false};
};

PlanFetcher::PlanFetcher(boost::asio::any_io_executor executor, int workers)
    : executor_(std::move(executor)), shared_(std::make_shared<Shared>()) {
  InitFtps();
  const int count = workers < 1 ? 1 : workers;
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { Work(); });
}

PlanFetcher::~PlanFetcher() { Stop(); }

bool PlanFetcher::Submit(const std::string& key, FtpsTarget target, PlanFetchRequest request,
                         PlanFetchOptions options, Done done) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->stopped || shared_->active.contains(key)) return false;
  Task task{key, std::move(target), std::move(request), std::move(options), std::move(done)};
  shared_->active.emplace(key, task.cancel);
  shared_->queue.push_back(std::move(task));
  shared_->wake.notify_one();
  return true;
}

void PlanFetcher::Cancel(const std::string& key) {
  std::lock_guard lock(shared_->mutex);
  const auto it = shared_->active.find(key);
  if (it != shared_->active.end()) it->second->store(true);
}

void PlanFetcher::Stop() {
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopped.exchange(true)) return;
    for (auto& [key, cancel] : shared_->active) cancel->store(true);
  }
  shared_->wake.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

std::size_t PlanFetcher::pending() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->active.size();
}

void PlanFetcher::Work() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(shared_->mutex);
      shared_->wake.wait(lock, [&] { return shared_->stopped || !shared_->queue.empty(); });
      if (shared_->stopped) return;
      task = std::move(shared_->queue.front());
      shared_->queue.pop_front();
    }
    std::string detail;
    PlanFetchResult result;
    if (task.cancel->load()) {
      result.job_seq = task.request.job_seq;
      result.failure = PlanFailure::kTimeout;
      detail = "cancelled";
    } else {
      result = FetchPlan(task.target, task.request, task.options, task.cancel.get(), detail);
    }
    {
      std::lock_guard lock(shared_->mutex);
      shared_->active.erase(task.key);
    }
    std::weak_ptr<Shared> weak = shared_;
    boost::asio::post(executor_, [weak, done = std::move(task.done), result = std::move(result),
                                  detail = std::move(detail)] {
      const std::shared_ptr<Shared> shared = weak.lock();
      if (!shared || shared->stopped) return;
      done(result, detail);
    });
  }
}

}  // namespace bambu
