// Beast HTTP/1.1 server carrying a WebApp: one coroutine per connection,
// read timeouts, header/body limits and a connection cap; optional TLS, basic
// auth and extra headers from an exporter-toolkit web config file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "web/web_app.hpp"

namespace bambu {

struct HttpServerOptions {
  std::string listen_address = ":9593";  // "host:port", ":port" = all interfaces
  int read_timeout_s = 30;
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1024;
  std::size_t max_connections = 64;
  /// exporter-toolkit web config (TLS, basic auth, headers); empty = plain HTTP, no auth.
  /// Re-read for a new connection when it or a certificate it names changed.
  std::string web_config_file{};
  /// Called on the event loop for each failed TLS handshake with a client (plain HTTP on the
  /// TLS port, a refused TLS version or client certificate, a client gone mid-handshake).
  std::function<void()> on_tls_handshake_failure = nullptr;
};

class HttpServer {
 public:
  /// Binds immediately; throws std::runtime_error naming the address on failure, and
  /// WebConfigError (a std::runtime_error) naming the file and key of a bad web config.
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, const WebApp& app);
  ~HttpServer();
  std::uint16_t port() const;  // the bound port (useful with ":0")
  /// Stops accepting and closes connections idle between requests; a response
  /// being written is finished first. Call on the io_context thread (or when it
  /// is not running), like every other member.
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bambu
