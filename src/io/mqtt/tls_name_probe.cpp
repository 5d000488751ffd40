#include "io/mqtt/tls_name_probe.hpp"

#include <openssl/ssl.h>

#include <exception>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "base/log.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct HostPort {
  std::string host;
  std::string port;
};

/// "ssl://host:port", "mqtts://[v6]:port" → host and port; nullopt for anything else.
std::optional<HostPort> SplitUri(const std::string& uri) {
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  const std::string rest = uri.substr(scheme + 3);
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  HostPort result{rest.substr(0, colon), rest.substr(colon + 1)};
  if (result.host.size() >= 2 && result.host.front() == '[' && result.host.back() == ']') {
    result.host = result.host.substr(1, result.host.size() - 2);
  }
  return result;
}

bool IsIpAddress(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

/// Calls `done`; nothing escapes into Asio.
void Deliver(const std::function<void(CertificateName)>& done, CertificateName name) noexcept {
  try {
    done(name);
  } catch (const std::exception& e) {
    log::Error("tls name probe handler failed", {{"error", e.what()}});
  } catch (...) {
    log::Error("tls name probe handler failed", {});
  }
}

asio::awaitable<CertificateName> Probe(HostPort target, std::string ca_file,
                                       std::chrono::seconds timeout) {
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  const auto executor = co_await asio::this_coro::executor;
  ssl::context tls(ssl::context::tls_client);
  tls.set_verify_mode(ssl::verify_peer, ec);
  if (!ec && ca_file.empty()) tls.set_default_verify_paths(ec);
  if (!ec && !ca_file.empty()) tls.load_verify_file(ca_file, ec);
  if (ec) co_return CertificateName::kUnknown;

  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(target.host, target.port, token);
  if (ec) co_return CertificateName::kUnknown;
  beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
  if (!IsIpAddress(target.host))
    SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str());
  bool other_host = false;  // the chain verified at depth 0, the name did not
  stream.set_verify_callback(
      [check = ssl::host_name_verification(target.host), &other_host](
          bool preverified, ssl::verify_context& context) {
        const bool ok = check(preverified, context);
        if (preverified && !ok) other_host = true;
        return ok;
      },
      ec);
  if (ec) co_return CertificateName::kUnknown;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(timeout);
  co_await tcp_layer.async_connect(endpoints, token);
  if (ec) co_return CertificateName::kUnknown;
  co_await stream.async_handshake(ssl::stream_base::client, token);
  tcp_layer.close();
  if (!ec) co_return CertificateName::kNamesHost;
  co_return other_host ? CertificateName::kOtherHost : CertificateName::kUnknown;
}

}  // namespace

void ProbeCertificateName(asio::any_io_executor executor, const std::string& uri,
                          const std::string& ca_file, std::chrono::seconds timeout,
                          std::function<void(CertificateName)> done) {
  auto target = SplitUri(uri);
  if (!target) {
    asio::post(executor, [done = std::move(done)] { Deliver(done, CertificateName::kUnknown); });
    return;
  }
  asio::co_spawn(executor, Probe(std::move(*target), ca_file, timeout),
                 [done = std::move(done)](std::exception_ptr error, CertificateName name) {
                   Deliver(done, error ? CertificateName::kUnknown : name);
                 });
}

}  // namespace bambu
