#include "io/cloud/https_client.hpp"

#include <openssl/ssl.h>
#include <zlib.h>

#include <chrono>
#include <memory>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace bambu {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

/// Slicer-like headers of protocol.md §2.2 (Cloudflare lets these through).
constexpr std::pair<std::string_view, std::string_view> kSlicerHeaders[] = {
    {"User-Agent", "bambu_network_agent/01.09.05.01"},
    {"X-BBL-Client-Name", "OrcaSlicer"},
    {"X-BBL-Client-Type", "slicer"},
    {"X-BBL-Client-Version", "01.09.05.51"},
    {"X-BBL-Language", "en-US"},
    {"X-BBL-OS-Type", "linux"},
    {"X-BBL-OS-Version", "6.2.0"},
    {"X-BBL-Agent-Version", "01.09.05.01"},
    {"X-BBL-Executable-info", "{}"},
    {"X-BBL-Agent-OS-Type", "linux"},
    {"Accept", "application/json"},
    {"Accept-Encoding", "gzip, deflate"},
};

std::chrono::steady_clock::duration Seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(s));
}

HttpsResponse Failure(std::string_view stage, const boost::system::error_code& ec) {
  HttpsResponse response;
  const bool timeout = ec == beast::error::timeout;
  response.error = std::string(stage) + ": " + (timeout ? std::string("timeout") : ec.message());
  return response;
}

HttpsResponse Failure(std::string text) {
  HttpsResponse response;
  response.error = std::move(text);
  return response;
}

bool IsIpAddress(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

struct HttpsClient::Impl {
  asio::any_io_executor executor;
  HttpsClientOptions options;
  ssl::context tls{ssl::context::tls_client};
  std::string host;
  std::string port = "443";
  std::string setup_error;  // bad URL / CA: every request fails with it

  void Setup() {
    auto url = boost::urls::parse_uri(options.base_url);
    if (!url || url->scheme() != "https" || url->host().empty()) {
      setup_error = "bad base URL (want https://host[:port]): " + options.base_url;
      return;
    }
    host = url->host_address();  // IPv6 without brackets; names as written
    if (url->has_port()) port = std::string(url->port());
    boost::system::error_code ec;
    tls.set_verify_mode(ssl::verify_peer, ec);
    if (options.ca_file.empty()) {
      tls.set_default_verify_paths(ec);
    } else {
      tls.load_verify_file(options.ca_file, ec);
    }
    if (ec) setup_error = "TLS trust store (" + options.ca_file + "): " + ec.message();
  }

  http::request<http::string_body> BuildRequest(const HttpsRequest& request) const {
    http::request<http::string_body> req;
    req.method(request.method == "POST" ? http::verb::post : http::verb::get);
    req.target(request.target);
    req.version(11);
    req.set(http::field::host, port == "443" ? host : host + ":" + port);
    for (const auto& [name, value] : kSlicerHeaders) req.set(name, value);
    if (!request.bearer_token.empty()) {
      req.set(http::field::authorization, "Bearer " + request.bearer_token);
    }
    if (request.method == "POST") {
      req.set(http::field::content_type, "application/json");
      req.body() = request.body;
    }
    req.keep_alive(false);
    req.prepare_payload();
    return req;
  }

  asio::awaitable<HttpsResponse> Send(HttpsRequest request) {
    if (!setup_error.empty()) co_return Failure(setup_error);
    if (request.method != "GET" && request.method != "POST") {
      co_return Failure("unsupported method " + request.method);
    }
    boost::system::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);

    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(host, port, token);
    if (ec) co_return Failure("resolve", ec);

    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    if (!IsIpAddress(host) && !SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
      co_return Failure("TLS: cannot set SNI host name");
    }
    stream.set_verify_callback(ssl::host_name_verification(host), ec);
    if (ec) co_return Failure("TLS verify setup", ec);

    auto& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.expires_after(Seconds(options.connect_timeout_s));
    co_await tcp_layer.async_connect(endpoints, token);
    if (ec) co_return Failure("connect", ec);
    co_await stream.async_handshake(ssl::stream_base::client, token);
    if (ec) co_return Failure("TLS handshake", ec);

    auto req = BuildRequest(request);
    tcp_layer.expires_after(Seconds(options.write_timeout_s));
    co_await http::async_write(stream, req, token);
    if (ec) co_return Failure("write", ec);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(options.body_limit);
    tcp_layer.expires_after(Seconds(options.read_timeout_s));
    co_await http::async_read(stream, buffer, parser, token);
    if (ec) co_return Failure("read", ec);
    tcp_layer.close();

    auto reply = parser.release();
    HttpsResponse response;
    response.status = static_cast<int>(reply.result_int());
    const auto encoding = reply[http::field::content_encoding];
    if (beast::iequals(encoding, "gzip") || beast::iequals(encoding, "deflate")) {
      auto inflated = InflateBody(reply.body(), options.body_limit);
      if (!inflated) co_return Failure("read: cannot inflate " + std::string(encoding) + " body");
      response.body = std::move(*inflated);
    } else {
      response.body = std::move(reply.body());
    }
    co_return response;
  }
};

HttpsClient::HttpsClient(asio::any_io_executor executor, HttpsClientOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->executor = std::move(executor);
  impl_->options = std::move(options);
  impl_->Setup();
}

HttpsClient::~HttpsClient() = default;

asio::awaitable<HttpsResponse> HttpsClient::Send(HttpsRequest request) {
  try {
    co_return co_await impl_->Send(std::move(request));
  } catch (const std::exception& e) {  // bad_alloc and the like: report, never propagate
    co_return Failure(std::string("internal: ") + e.what());
  }
}

const std::string& HttpsClient::host() const { return impl_->host; }

std::optional<std::string> InflateBody(const std::string& data, std::size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;
  std::string out;
  char chunk[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(chunk, sizeof(chunk) - zs.avail_out);
    if (out.size() > limit) rc = Z_MEM_ERROR;
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) rc = Z_BUF_ERROR;  // truncated
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace bambu
