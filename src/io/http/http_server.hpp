// Beast HTTP/1.1 server carrying a WebApp: one coroutine per connection, a short deadline
// for each request head (and TLS handshake), header/body limits, and a connection limit that
// idle clients cannot exhaust: at the limit the oldest connection still waiting for a request
// or a handshake is closed to make room, so a scrape or /-/healthy always gets in (docs/
// security.md, "HTTP server"). Optional TLS, basic auth and extra headers from an
// exporter-toolkit web config file.
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
  // A request head (with its small body), or a TLS handshake, must arrive within this many
  // seconds of the connection starting to wait for it (accepted, or its last answer written).
  int head_timeout_s = 10;
  int write_timeout_s = 30;  // writing one answer
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1024;
  // Open connections. At the limit a new one closes the oldest connection waiting for a request
  // or a handshake; only when every connection is busy answering is the new one refused.
  std::size_t max_connections = 256;
  /// exporter-toolkit web config (TLS, basic auth, headers); empty = plain HTTP, no auth.
  /// Re-read for a new connection when it or a certificate it names changed.
  std::string web_config_file{};
  /// Called on the event loop for each failed TLS handshake with a client (plain HTTP on the
  /// TLS port, a refused TLS version or client certificate, a client gone mid-handshake).
  std::function<void()> on_tls_handshake_failure = nullptr;
  /// Called on the event loop for each connection the connection limit closes: the oldest one
  /// waiting for a request or a handshake, or a new one while every connection is busy.
  std::function<void()> on_connection_shed = nullptr;
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
