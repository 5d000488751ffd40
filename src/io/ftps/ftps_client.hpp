// A blocking FTPS client for one printer's storage (libcurl): implicit TLS, user bblp and the
// access code, TLS 1.2 only, the printer's certificate checked against the Bambu CAs with the
// serial as the name, the TLS session resumed on data connections, passive mode
// (docs/protocol.md §7.1). Runs on a worker thread, never on the event loop.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "jobs/job_plan.hpp"

namespace bambu {

/// Where a printer's FTPS server is and how it is trusted.
struct FtpsTarget {
  std::string host;  // address or name to connect to
  int port = 990;
  std::string serial;       // the name the server certificate must carry (CN)
  std::string access_code;  // the password of user bblp; never logged
  std::string ca_file;      // PEM bundle of trusted CAs
  bool insecure = false;    // skip certificate verification (encryption only)
};

/// Deadlines and caps of a printer's transfers.
struct FtpsLimits {
  double connect_timeout_s = 10;                // TCP + TLS + login
  double response_timeout_s = 15;               // one FTP command's answer
  double operation_timeout_s = 120;             // one whole command with its transfer
  long stall_bytes_per_s = 512;                 // slower than this ...
  long stall_time_s = 20;                       // ... for this long is a stall
  std::uint64_t max_whole_bytes = 64ull << 20;  // a whole download, where REST is refused
};

class FtpsClient {
 public:
  /// `cancel`, when set, aborts a running transfer (kTimeout) once it turns true.
  FtpsClient(FtpsTarget target, FtpsLimits limits, const std::atomic<bool>* cancel = nullptr);
  ~FtpsClient();
  FtpsClient(const FtpsClient&) = delete;
  FtpsClient& operator=(const FtpsClient&) = delete;

  /// SIZE of `path` (absolute, e.g. "/cache/job.3mf"): kNoFile on 550, kLogin, kTls, ...
  PlanFailure Size(const std::string& path, std::uint64_t& size);
  /// `length` bytes of `path` from `offset` (REST + RETR). A server that refuses REST gives
  /// kTransfer and rest_refused() true.
  PlanFailure ReadRange(const std::string& path, std::uint64_t offset, std::uint64_t length,
                        std::string& out);
  /// The whole file, at most FtpsLimits::max_whole_bytes (kEntryTooLarge beyond).
  PlanFailure ReadWhole(const std::string& path, std::string& out);

  bool rest_refused() const { return rest_refused_; }
  /// Bytes received on data connections so far.
  std::uint64_t bytes_transferred() const { return bytes_transferred_; }
  /// libcurl's text for the last failure (no secrets), for logs.
  const std::string& last_error() const { return last_error_; }

 private:
  struct Handle;
  void Prepare(const std::string& path);
  PlanFailure Perform(std::string* sink, std::uint64_t cap);

  FtpsTarget target_;
  FtpsLimits limits_;
  const std::atomic<bool>* cancel_;
  std::unique_ptr<Handle> handle_;
  bool rest_refused_ = false;
  std::uint64_t bytes_transferred_ = 0;
  std::string last_error_;
};

/// libcurl's process-wide setup; call once on the main thread before any FtpsClient.
void InitFtps();

}  // namespace bambu
