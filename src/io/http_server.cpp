#include "io/http_server.hpp"

#include <charconv>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/registry.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/log.hpp"
#include "io/web_security.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kAwaitable = asio::as_tuple(asio::use_awaitable);

/// "host:port", ":port" (all IPv4 interfaces) or "[v6]:port" → endpoint; throws on bad input.
tcp::endpoint ResolveListenAddress(asio::io_context& ioc, const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("listen address needs a port: " + address);
  std::string host = address.substr(0, colon);
  const std::string port_text = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    throw std::runtime_error("invalid port in listen address: " + address);
  }
  if (host.empty()) return {tcp::v4(), static_cast<std::uint16_t>(port)};
  boost::system::error_code error;
  const auto ip = asio::ip::make_address(host, error);
  if (!error) return {ip, static_cast<std::uint16_t>(port)};
  tcp::resolver resolver(ioc);
  const auto results = resolver.resolve(host, port_text, tcp::resolver::passive, error);
  if (error || results.empty()) {
    throw std::runtime_error("cannot resolve listen address " + address + ": " + error.message());
  }
  return results.begin()->endpoint();
}

using SecurityPtr = std::shared_ptr<const WebSecurity>;

http::response<http::string_body> ToBeast(WebResponse web, unsigned version, bool keep_alive,
                                          const WebSecurity& security) {
  http::response<http::string_body> response{static_cast<http::status>(web.status), version};
  response.set(http::field::server, "bambu_exporter");
  response.set(http::field::content_type, web.content_type);
  for (const auto& [name, value] : web.headers) response.set(name, value);
  for (const auto& [name, value] : security.config.headers) response.set(name, value);
  response.keep_alive(keep_alive);
  if (web.head_only) {
    response.content_length(web.body.size());
  } else {
    response.body() = std::move(web.body);
    response.prepare_payload();
  }
  return response;
}

WebResponse ErrorResponse(int status, std::string body) {
  WebResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

/// Everything the listener and the sessions share; sessions keep it alive.
struct ServerState {
  ServerState(asio::io_context& ioc, HttpServerOptions opts, const WebApp& web_app)
      : options(std::move(opts)), app(web_app), acceptor(ioc) {}

  HttpServerOptions options;
  const WebApp& app;
  std::unique_ptr<WebSecurityWatcher> web_config;  // null without --web.config.file
  SecurityPtr open_security = OpenWebSecurity();
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  bool stopped = false;
  std::size_t connections = 0;
  std::unordered_set<beast::tcp_stream*> waiting;  // sessions waiting for a request

  void Bind();
  void CloseWaiting();
  /// TLS, auth and headers now (reloads a changed web config file). A connection keeps the
  /// TLS context it started with; auth and headers follow the file per request.
  SecurityPtr CurrentSecurity() { return web_config ? web_config->Current() : open_security; }
};

using ImplPtr = std::shared_ptr<ServerState>;

/// Counts a live connection for the connection cap.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::size_t& count) : count_(count) { ++count_; }
  ~ConnectionSlot() { --count_; }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::size_t& count_;
};

/// Registers a stream as waiting for a request while it is in scope (Stop closes those).
class WaitingRegistration {
 public:
  WaitingRegistration(std::unordered_set<beast::tcp_stream*>& set, beast::tcp_stream& stream)
      : set_(set), stream_(&stream) {
    set_.insert(stream_);
  }
  ~WaitingRegistration() { set_.erase(stream_); }
  WaitingRegistration(const WaitingRegistration&) = delete;
  WaitingRegistration& operator=(const WaitingRegistration&) = delete;

 private:
  std::unordered_set<beast::tcp_stream*>& set_;
  beast::tcp_stream* stream_;
};

/// 401 unless basic auth is off or the request carries a configured user's password;
/// then the app's answer. Every path is protected, as in exporter-toolkit.
WebResponse Answer(const ServerState& impl, const WebSecurity& security,
                   const http::request<http::empty_body>& request) {
  if (!security.auth->Allows(request[http::field::authorization])) {
    WebResponse response = ErrorResponse(401, "401 Unauthorized\n");
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"bambu_exporter\"");
    return response;
  }
  return impl.app.Handle({std::string(request.method_string()), std::string(request.target()),
                          std::string(request[http::field::accept_encoding])});
}

/// The response to a request whose read failed after its header arrived, or nullopt.
std::optional<WebResponse> ResponseToFailedRead(const ServerState& impl,
                                                const WebSecurity& security,
                                                const boost::system::error_code& ec,
                                                const http::request_parser<http::empty_body>& p) {
  if (ec == http::error::header_limit) return ErrorResponse(431, "431 header too large\n");
  if (!p.is_header_done()) return std::nullopt;
  if (ec == http::error::body_limit) return ErrorResponse(413, "413 body too large\n");
  if (ec == http::error::unexpected_body) return Answer(impl, security, p.get());
  return std::nullopt;
}

/// Reads one request; answers it. Returns false when the connection must close.
/// `Stream` is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
asio::awaitable<bool> ServeOne(const ImplPtr& impl, Stream& stream, beast::flat_buffer& buffer) {
  const auto timeout = std::chrono::seconds(impl->options.read_timeout_s);
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  http::request_parser<http::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(impl->options.header_limit));
  parser.body_limit(impl->options.body_limit);
  tcp.expires_after(timeout);
  boost::system::error_code ec;
  {
    WaitingRegistration waiting(impl->waiting, tcp);
    std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, parser, kAwaitable);
  }
  const SecurityPtr security_now = impl->CurrentSecurity();
  const WebSecurity& security = *security_now;
  WebResponse web;
  bool keep_alive = false;
  if (ec) {
    auto response = ResponseToFailedRead(*impl, security, ec, parser);
    if (ec != http::error::end_of_stream) {
      log::Debug("http read ended", {{"error", ec.message()}});
    }
    if (!response) co_return false;
    web = std::move(*response);
  } else {
    const auto& request = parser.get();
    web = Answer(*impl, security, request);
    keep_alive = request.keep_alive() && !impl->stopped;
  }
  if (parser.is_header_done() && parser.get().method() == http::verb::head) web.head_only = true;
  auto response = ToBeast(std::move(web), parser.get().version(), keep_alive, security);
  tcp.expires_after(timeout);
  auto [write_error, written] = co_await http::async_write(stream, response, kAwaitable);
  if (write_error) {
    log::Debug("http write failed", {{"error", write_error.message()}});
    co_return false;
  }
  co_return keep_alive;
}

template <class Stream>
asio::awaitable<void> ServeAll(const ImplPtr& impl, Stream& stream) {
  beast::flat_buffer buffer;
  while (co_await ServeOne(impl, stream, buffer)) {
  }
}

void Close(beast::tcp_stream& stream) {
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

asio::awaitable<void> PlainSession(ImplPtr impl, tcp::socket socket) {
  ConnectionSlot slot(impl->connections);
  beast::tcp_stream stream(std::move(socket));
  try {
    co_await ServeAll(impl, stream);
  } catch (const std::exception& e) {
    log::Debug("http session failed", {{"error", e.what()}});
  }
  Close(stream);
}

/// TLS handshake, requests, then close_notify; each step bounded by the read timeout.
asio::awaitable<void> TlsSession(ImplPtr impl, SecurityPtr security, tcp::socket socket) {
  ConnectionSlot slot(impl->connections);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *security->tls);
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  const auto timeout = std::chrono::seconds(impl->options.read_timeout_s);
  try {
    boost::system::error_code ec;
    tcp.expires_after(timeout);
    {
      WaitingRegistration waiting(impl->waiting, tcp);
      std::tie(ec) = co_await stream.async_handshake(asio::ssl::stream_base::server, kAwaitable);
    }
    if (ec) {
      // Not counted when Stop() closed a connection still waiting for its handshake.
      if (impl->options.tls_handshake_failures != nullptr && !impl->stopped) {
        impl->options.tls_handshake_failures->Increment();
      }
      log::Debug("tls handshake failed", {{"error", ec.message()}});
    } else {
      co_await ServeAll(impl, stream);
      tcp.expires_after(timeout);
      WaitingRegistration waiting(impl->waiting, tcp);
      std::tie(ec) = co_await stream.async_shutdown(kAwaitable);
    }
  } catch (const std::exception& e) {
    log::Debug("https session failed", {{"error", e.what()}});
  }
  Close(tcp);
}

void Reject(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

asio::awaitable<void> Listen(ImplPtr impl) {
  while (!impl->stopped) {
    auto [ec, socket] = co_await impl->acceptor.async_accept(kAwaitable);
    if (impl->stopped || ec == asio::error::operation_aborted) break;
    if (ec) {
      log::Debug("http accept failed", {{"error", ec.message()}});
      continue;
    }
    if (impl->connections >= impl->options.max_connections) {
      log::Debug("http connection limit reached, closing",
                 {{"max_connections", std::to_string(impl->options.max_connections)}});
      Reject(socket);
      continue;
    }
    SecurityPtr security = impl->CurrentSecurity();
    if (security->tls) {
      asio::co_spawn(impl->acceptor.get_executor(),
                     TlsSession(impl, std::move(security), std::move(socket)), asio::detached);
    } else {
      asio::co_spawn(impl->acceptor.get_executor(), PlainSession(impl, std::move(socket)),
                     asio::detached);
    }
  }
}

void ServerState::Bind() {
  const tcp::endpoint endpoint = ResolveListenAddress(
      static_cast<asio::io_context&>(acceptor.get_executor().context()), options.listen_address);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + options.listen_address + ": " + ec.message());
  }
  port = acceptor.local_endpoint().port();
}

void ServerState::CloseWaiting() {
  for (beast::tcp_stream* stream : waiting) {
    boost::system::error_code ignored;
    stream->socket().close(ignored);
  }
}

}  // namespace

prometheus::Counter& AddTlsHandshakeFailureCounter(prometheus::Registry& registry) {
  return prometheus::BuildCounter()
      .Name("bambu_exporter_http_tls_handshake_failures_total")
      .Help(
          "TLS handshakes with HTTP clients that failed (plain HTTP on the TLS port, refused "
          "TLS version or client certificate, a client gone mid-handshake).")
      .Register(registry)
      .Add({});
}

struct HttpServer::Impl final : ServerState {
  using ServerState::ServerState;
};

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, const WebApp& app)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), app)) {
  if (!impl_->options.web_config_file.empty()) {
    impl_->web_config = std::make_unique<WebSecurityWatcher>(impl_->options.web_config_file);
  }
  impl_->Bind();
  const SecurityPtr security = impl_->CurrentSecurity();
  log::Info("http listening", {{"address", impl_->options.listen_address},
                               {"port", std::to_string(impl_->port)},
                               {"tls", security->tls ? "true" : "false"},
                               {"basic_auth", security->auth->enabled() ? "true" : "false"}});
  asio::co_spawn(ioc, Listen(impl_), asio::detached);
}

HttpServer::~HttpServer() { Stop(); }

std::uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->CloseWaiting();
}

}  // namespace bambu
