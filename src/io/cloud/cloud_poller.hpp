// Polls the Bambu cloud REST API on the event loop (protocol.md §2): the uid
// once (preference), the bind list every devices_interval, the task list every
// tasks_interval (folded into status.ledger, saved to state_file).
// - 401: polling pauses, cloud_up 0, logged at error level; resumes when the
//   token file changes (checked every token_check_interval).
// - 403/429/5xx/other HTTP errors and transport errors: exponential backoff
//   (the endpoint's interval doubling per consecutive failure, capped, jittered
//   ±20 %), reset on success.
// - a 200 reply that is not the documented JSON: counted as "invalid_json", skipped.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "cloud/cloud_api.hpp"
#include "cloud/cloud_token.hpp"
#include "io/cloud/https_client.hpp"
#include "metrics/cloud_metrics.hpp"

namespace bambu {

struct CloudPollerOptions {
  HttpsClientOptions http;  // base_url ("https://api.bambulab.com"), ca_file, timeouts
  std::string token;        // used when token_file is empty (inline / env token); never logged
  std::string token_file;   // read at start and re-read after a 401
  double devices_interval_s = 300;
  double tasks_interval_s = 600;
  double token_check_interval_s = 30;
  double max_backoff_s = 3600;
  int tasks_limit = 50;    // hits per tasks request
  std::string state_file;  // TaskLedger state; empty = not persisted
};

struct CloudPollerCallbacks {
  std::function<void(const std::string& token)> on_token;  // at start and after a token change
  std::function<void(const std::string& uid)> on_uid;      // when the uid is first known / changes
  std::function<void(const std::vector<CloudDevice>& devices)> on_devices;  // every bind poll
};

class CloudPoller : public std::enable_shared_from_this<CloudPoller> {
 public:
  /// `status` is owned by the caller (event-loop thread) and must outlive the poller.
  static std::shared_ptr<CloudPoller> Create(boost::asio::any_io_executor executor,
                                             CloudPollerOptions options, CloudStatus& status,
                                             CloudPollerCallbacks callbacks);
  ~CloudPoller();

  void Start();  // loads the ledger state and starts the poll loop
  void Stop();   // no callback runs afterwards

 private:
  CloudPoller(boost::asio::any_io_executor executor, CloudPollerOptions options,
              CloudStatus& status, CloudPollerCallbacks callbacks);
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bambu
