// HttpServer: resolves and binds the listen address, accepts connections, keeps them within
// the connection limit (shedding the oldest waiting one) and hands each one to
// ServePlainConnection or ServeTlsConnection (http_connection.hpp).
#include "io/http/http_server.hpp"

#include <charconv>
#include <stdexcept>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log.hpp"
#include "io/http/http_connection.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr auto kAwaitable = asio::as_tuple(asio::use_awaitable);
// After a failed accept (e.g. out of file descriptors): a pause, so the loop never spins.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

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

/// The connection state plus the listening socket.
struct ServerState : HttpConnectionState {
  ServerState(asio::io_context& ioc, HttpServerOptions opts, const WebApp& web_app)
      : HttpConnectionState(std::move(opts), web_app), acceptor(ioc) {}

  tcp::acceptor acceptor;
  std::uint16_t port = 0;

  void Bind();
};

using ImplPtr = std::shared_ptr<ServerState>;

void Reject(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void CountShed(const ServerState& impl) {
  if (impl.options.on_connection_shed) impl.options.on_connection_shed();
}

/// Room for one more connection: at the limit a connection waiting for a request or a handshake
/// is closed (WaitingConnections::ShedOne). False when every connection is busy answering.
bool MakeRoom(ServerState& impl) {
  if (impl.connections < impl.options.max_connections) return true;
  if (!impl.waiting.ShedOne()) return false;
  CountShed(impl);
  log::Debug("http connection limit reached, closed a waiting connection",
             {{"max_connections", std::to_string(impl.options.max_connections)}});
  return true;
}

asio::awaitable<void> Listen(ImplPtr impl) {
  asio::steady_timer pause(impl->acceptor.get_executor());
  while (!impl->stopped) {
    auto [ec, socket] = co_await impl->acceptor.async_accept(kAwaitable);
    if (impl->stopped || ec == asio::error::operation_aborted) break;
    if (ec) {
      log::Debug("http accept failed", {{"error", ec.message()}});
      if (ec == asio::error::no_descriptors && impl->waiting.ShedOne()) CountShed(*impl);
      pause.expires_after(kAcceptRetryDelay);
      co_await pause.async_wait(kAwaitable);
      continue;
    }
    if (!MakeRoom(*impl)) {
      CountShed(*impl);
      log::Debug("http connection limit reached and every connection busy, closing the new one",
                 {{"max_connections", std::to_string(impl->options.max_connections)}});
      Reject(socket);
      continue;
    }
    // An answer in parts may end in a small write: without TCP_NODELAY it would wait for the
    // client's delayed ACK (40 ms on Linux) before leaving (Go's net/http sets it too).
    boost::system::error_code nodelay_error;
    socket.set_option(tcp::no_delay(true), nodelay_error);
    WebSecurityPtr security = impl->CurrentSecurity();
    if (security->tls) {
      asio::co_spawn(impl->acceptor.get_executor(),
                     ServeTlsConnection(impl, std::move(security), std::move(socket)),
                     asio::detached);
    } else {
      asio::co_spawn(impl->acceptor.get_executor(), ServePlainConnection(impl, std::move(socket)),
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

}  // namespace

struct HttpServer::Impl final : ServerState {
  using ServerState::ServerState;
};

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, const WebApp& app)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), app)) {
  if (!impl_->options.web_config_file.empty()) {
    impl_->web_config = std::make_unique<WebSecurityWatcher>(impl_->options.web_config_file);
  }
  impl_->Bind();
  const WebSecurityPtr security = impl_->CurrentSecurity();
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
  impl_->waiting.CloseAll();
}

}  // namespace bambu
