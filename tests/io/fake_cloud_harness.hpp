// Test harness: tests/io/fake_bambu_cloud.py on 127.0.0.1 (port 0) with a
// throw-away self-signed certificate (SAN IP:127.0.0.1) made with the openssl
// CLI; everything lives in a temp dir removed on destruction.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "io/cloud/https_client.hpp"

namespace bambu::test {

/// The account served by default: token "tok-1", uid 1234567890, two printers
/// (P1S online, A1 offline), one finished and one failed task.
std::string DefaultCloudAccount();

class FakeCloud {
 public:
  explicit FakeCloud(const std::string& account_json = DefaultCloudAccount());
  ~FakeCloud();
  FakeCloud(const FakeCloud&) = delete;
  FakeCloud& operator=(const FakeCloud&) = delete;

  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::string& ca_file() const { return cert_file_; }
  const std::string& dir() const { return dir_; }

  /// POSTs `json` to /__control; throws std::runtime_error when it is not accepted.
  void Control(const std::string& json) const;
  /// API requests the fake answered with `path` (exact) and `status` (0 = any).
  int CountRequests(const std::string& path, int status = 0) const;

 private:
  std::string dir_;
  std::string cert_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

/// One request on a private io_context.
HttpsResponse SendBlocking(const HttpsClientOptions& options, const HttpsRequest& request);

/// Runs `io` in short slices until `done()` or `timeout_s` (a safety net, not a measurement).
bool RunIoUntil(boost::asio::io_context& io, const std::function<bool()>& done,
                double timeout_s = 30);

}  // namespace bambu::test
