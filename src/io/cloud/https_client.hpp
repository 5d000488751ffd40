// HTTPS client for the Bambu cloud REST API (protocol.md §2): Beast over
// OpenSSL on an Asio executor, one connection per request (Connection: close).
// Certificate chain and host name are verified (SNI sent for names); timeouts on
// connect, write and read; body size limited; gzip/deflate replies inflated.
// Nothing throws: every failure is a transport error string in the result.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace bambu {

struct HttpsClientOptions {
  std::string base_url;  // "https://host[:port]" (port 443 by default)
  std::string ca_file;   // PEM trust store; empty = the system default paths
  double connect_timeout_s = 10;
  double write_timeout_s = 10;
  double read_timeout_s = 30;                // whole reply
  std::size_t body_limit = 8 * 1024 * 1024;  // bytes, before and after inflating
};

struct HttpsRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string target;          // path and query, e.g. "/v1/iot-service/api/user/bind"
  std::string body;            // JSON (POST)
  std::string bearer_token;    // Authorization: Bearer <token> when not empty; never logged
};

struct HttpsResponse {
  int status = 0;     // HTTP status; 0 on a transport error
  std::string body;   // decoded (inflated) body
  std::string error;  // transport error ("connect: ...", "read: timeout", ...); empty when ok
  bool transport_ok() const { return error.empty(); }
};

class HttpsClient {
 public:
  /// Never throws; a bad base URL or CA file makes every request fail with that error.
  HttpsClient(boost::asio::any_io_executor executor, HttpsClientOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  /// One request on a fresh connection. The client must outlive the coroutine.
  boost::asio::awaitable<HttpsResponse> Send(HttpsRequest request);

  const std::string& host() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Inflates a gzip or zlib stream (zlib windowBits 15+32); nullopt when it is
/// corrupt or inflates beyond `limit` bytes.
std::optional<std::string> InflateBody(const std::string& data, std::size_t limit);

}  // namespace bambu
