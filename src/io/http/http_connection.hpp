// One accepted connection of HttpServer: optional TLS handshake (counted when it fails), then
// requests read with a timeout and header/body limits, basic auth, the WebApp's answer and the
// web config's extra headers, until the client or the server ends it. The listener (bind,
// accept, connection cap) is in http_server.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "io/http/http_server.hpp"
#include "io/http/waiting_connections.hpp"
#include "io/http/web_security.hpp"
#include "web/web_app.hpp"

namespace bambu {

using WebSecurityPtr = std::shared_ptr<const WebSecurity>;

/// What the listener and its connections share; every connection keeps it alive.
struct HttpConnectionState {
  HttpConnectionState(HttpServerOptions opts, const WebApp& web_app)
      : options(std::move(opts)), app(web_app) {}

  HttpServerOptions options;
  const WebApp& app;
  std::unique_ptr<WebSecurityWatcher> web_config;  // null without --web.config.file
  WebSecurityPtr open_security = OpenWebSecurity();
  bool stopped = false;
  std::size_t connections = 0;  // live, for the limit
  WaitingConnections waiting;   // waiting for a request or a TLS handshake
  /// TLS, auth and headers now (reloads a changed web config file). A connection keeps the
  /// TLS context it started with; auth and headers follow the file per request.
  WebSecurityPtr CurrentSecurity() { return web_config ? web_config->Current() : open_security; }
};

/// Serves plain HTTP on `socket` until the connection ends; never throws.
boost::asio::awaitable<void> ServePlainConnection(std::shared_ptr<HttpConnectionState> state,
                                                  boost::asio::ip::tcp::socket socket);

/// TLS handshake with `security`'s context, requests, then close_notify; each step bounded by
/// the read timeout; never throws.
boost::asio::awaitable<void> ServeTlsConnection(std::shared_ptr<HttpConnectionState> state,
                                                WebSecurityPtr security,
                                                boost::asio::ip::tcp::socket socket);

}  // namespace bambu
