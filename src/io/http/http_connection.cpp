// Serving one HttpServer connection (see http_connection.hpp): read, auth, answer, write.
#include "io/http/http_connection.hpp"

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "base/log.hpp"
#include "io/http/parts_body.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using ImplPtr = std::shared_ptr<HttpConnectionState>;

constexpr auto kAwaitable = asio::as_tuple(asio::use_awaitable);

http::response<PartsBody> ToBeast(WebResponse web, unsigned version, bool keep_alive,
                                  const WebSecurity& security) {
  http::response<PartsBody> response{static_cast<http::status>(web.status), version};
  response.set(http::field::server, "bambu_exporter");
  response.set(http::field::content_type, web.content_type);
  for (const auto& [name, value] : web.headers) response.set(name, value);
  for (const auto& [name, value] : security.config.headers) response.set(name, value);
  response.keep_alive(keep_alive);
  if (web.head_only) {
    response.content_length(web.BodySize());
  } else {
    response.body() = {std::move(web.body), std::move(web.parts)};
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

/// Registers a stream as waiting for a request or a handshake while it is in scope: Stop closes
/// those, and the connection limit may shed it (waiting_connections.hpp).
class WaitingRegistration {
 public:
  WaitingRegistration(HttpConnectionState& state, beast::tcp_stream& stream)
      : waiting_(state.waiting), client_(ClientOf(stream)), key_(waiting_.Add(client_, stream)) {}
  ~WaitingRegistration() { waiting_.Remove(client_, key_); }
  WaitingRegistration(const WaitingRegistration&) = delete;
  WaitingRegistration& operator=(const WaitingRegistration&) = delete;

 private:
  static asio::ip::address ClientOf(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    const tcp::endpoint peer = stream.socket().remote_endpoint(ec);
    return ec ? asio::ip::address() : peer.address();
  }

  WaitingConnections& waiting_;
  asio::ip::address client_;
  WaitingConnections::Key key_;
};

/// 401 unless basic auth is off or the request carries a configured user's password;
/// then the app's answer. Every path is protected, as in exporter-toolkit.
WebResponse Answer(const HttpConnectionState& impl, const WebSecurity& security,
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
std::optional<WebResponse> ResponseToFailedRead(const HttpConnectionState& impl,
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
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  http::request_parser<http::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(impl->options.header_limit));
  parser.body_limit(impl->options.body_limit);
  tcp.expires_after(std::chrono::seconds(impl->options.head_timeout_s));
  boost::system::error_code ec;
  {
    WaitingRegistration waiting(*impl, tcp);
    std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, parser, kAwaitable);
  }
  const WebSecurityPtr security_now = impl->CurrentSecurity();
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
  tcp.expires_after(std::chrono::seconds(impl->options.write_timeout_s));
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

}  // namespace

asio::awaitable<void> ServePlainConnection(ImplPtr impl, tcp::socket socket) {
  ConnectionSlot slot(impl->connections);
  beast::tcp_stream stream(std::move(socket));
  try {
    co_await ServeAll(impl, stream);
  } catch (const std::exception& e) {
    log::Debug("http session failed", {{"error", e.what()}});
  }
  Close(stream);
}

asio::awaitable<void> ServeTlsConnection(ImplPtr impl, WebSecurityPtr security,
                                         tcp::socket socket) {
  ConnectionSlot slot(impl->connections);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *security->tls);
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  const auto timeout = std::chrono::seconds(impl->options.head_timeout_s);
  try {
    boost::system::error_code ec;
    tcp.expires_after(timeout);
    {
      WaitingRegistration waiting(*impl, tcp);
      std::tie(ec) = co_await stream.async_handshake(asio::ssl::stream_base::server, kAwaitable);
    }
    if (ec) {
      // Not counted when Stop() closed a connection still waiting for its handshake.
      if (impl->options.on_tls_handshake_failure && !impl->stopped) {
        impl->options.on_tls_handshake_failure();
      }
      log::Debug("tls handshake failed", {{"error", ec.message()}});
    } else {
      co_await ServeAll(impl, stream);
      tcp.expires_after(timeout);
      WaitingRegistration waiting(*impl, tcp);
      std::tie(ec) = co_await stream.async_shutdown(kAwaitable);
    }
  } catch (const std::exception& e) {
    log::Debug("https session failed", {{"error", e.what()}});
  }
  Close(tcp);
}

}  // namespace bambu
