// HttpServer on 127.0.0.1 with a real Beast client: routes, HEAD, keep-alive,
// limits, read timeout, connection cap; the /metrics body through promtool.
#include "io/http/http_server.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gunzip.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;

Instant Now() { return ReadClocks(); }

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fleet with one live P1S, a WebApp and an HttpServer running on its own thread.
class ServerHarness {
 public:
  /// `printers` P1S printers (serials 01P00A000000001, ...), one by default.
  explicit ServerHarness(HttpServerOptions options = {}, int printers = 1)
      : app_(fleet_, AppOptions(), {}) {
    const std::string report = ReadFixture("rdiger36-spoolman_P1S-AMS_full.json");
    for (int i = 1; i <= printers; ++i) {
      char serial[32];
      std::snprintf(serial, sizeof serial, "01P00A%09d", i);
      PrinterEntry& printer = fleet_.Add(
          {i == 1 ? std::string("p1s") : "p1s-" + std::to_string(i), serial, Transport::kLan});
      REQUIRE(fleet_.Ingest(printer, report, Now()));
      OnSessionConnected(printer, test::At(0));
    }
    options.listen_address = "127.0.0.1:0";
    options.on_connection_shed = [this] { ++shed_; };
    server_ = std::make_unique<HttpServer>(ioc_, options, app_);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~ServerHarness() {
    asio::post(ioc_, [this] { server_->Stop(); });
    ioc_.stop();
    thread_.join();
  }
  ServerHarness(const ServerHarness&) = delete;
  ServerHarness& operator=(const ServerHarness&) = delete;

  std::uint16_t port() const { return server_->port(); }
  /// GET `target` answered in process by a WebApp of its own over the same fleet, as one string.
  std::string InProcess(const std::string& target) const {
    const WebApp app(fleet_, AppOptions(), {});
    return app.Handle({"GET", target, ""}).JoinedBody();
  }
  /// Connections the limit closed (HttpServerOptions::on_connection_shed).
  int Shed() const { return shed_; }
  /// Stop() on the io_context thread, as the exporter's signal handler does.
  void Stop() {
    asio::post(ioc_, [this] { server_->Stop(); });
  }

 private:
  static WebAppOptions AppOptions() {
    return {.stale_after_s = 300, .clock = Now, .ready = [] { return true; }};
  }

  Fleet fleet_;
  WebApp app_;
  std::atomic<int> shed_ = 0;
  asio::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

/// A blocking client connection; reads give up after 10 s instead of hanging the test.
class Client {
 public:
  /// Connects to 127.0.0.1:port from `from` (another loopback address plays another host).
  explicit Client(std::uint16_t port, const char* from = "127.0.0.1") : socket_(ioc_) {
    socket_.open(tcp::v4());
    socket_.bind({asio::ip::make_address(from), 0});
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{10, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  Response Request(http::verb method, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    http::write(socket_, request);
    http::response_parser<http::string_body> parser;
    parser.skip(method == http::verb::head);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  void SendRaw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  /// Reads until the server closes; returns the error that ended the read.
  boost::system::error_code ReadUntilClosed(std::string* received = nullptr) {
    char chunk[4096];
    boost::system::error_code ec;
    for (;;) {
      const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
      if (received != nullptr) received->append(chunk, n);
      if (ec) return ec;
    }
  }

  void Close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

bool IsClosedByPeer(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

/// Runs `promtool check metrics` on `text`; returns its exit status and output.
std::pair<int, std::string> PromtoolCheck(const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto stem = "bambu_http_test_" + std::to_string(::getpid());
  const auto input = dir / (stem + ".prom");
  const auto output = dir / (stem + ".out");
  std::ofstream(input, std::ios::binary) << text;
  const std::string command =
      "promtool check metrics < '" + input.string() + "' > '" + output.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(output);
  std::ostringstream out;
  out << in.rdbuf();
  std::filesystem::remove(input);
  std::filesystem::remove(output);
  return {status, out.str()};
}

}  // namespace

TEST_CASE("GET /metrics over HTTP: content type, AMS series, promtool-clean") {
  ServerHarness server;
  Client client(server.port());
  const Response response = client.Request(http::verb::get, "/metrics");
  CHECK(response.result_int() == 200);
  CHECK(response[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(response[http::field::vary] == "Accept-Encoding");
  CHECK(response.body().find("bambu_up{") != std::string::npos);
  CHECK(response.body().find("bambu_tray_remaining_ratio{ams=\"0\"") != std::string::npos);
  const auto [status, output] = PromtoolCheck(response.body());
  INFO("promtool: " << output);
  CHECK(status == 0);
}

TEST_CASE("GET /metrics with Accept-Encoding: gzip is gzip-encoded") {
  ServerHarness server;
  Client client(server.port());
  const Response plain = client.Request(http::verb::get, "/metrics");
  const Response gzipped =
      client.Request(http::verb::get, "/metrics", {{"Accept-Encoding", "gzip"}});
  CHECK(gzipped.result_int() == 200);
  CHECK(gzipped[http::field::content_encoding] == "gzip");
  REQUIRE(gzipped.body().size() > 2);
  CHECK(static_cast<unsigned char>(gzipped.body()[0]) == 0x1f);
  CHECK(gzipped.body().size() < plain.body().size());
}

TEST_CASE("GET /metrics of 300 printers: the body in many parts arrives whole, plain and gzip") {
  ServerHarness server({}, 300);
  const std::string expected = server.InProcess("/metrics");
  REQUIRE(expected.size() > 1000000);  // many family chunks, many socket writes
  Client client(server.port());
  for (int round = 0; round < 2; ++round) {  // the second one with the sizes of the first
    const Response plain = client.Request(http::verb::get, "/metrics");
    CHECK(plain.result_int() == 200);
    CHECK(std::stoul(std::string(plain[http::field::content_length])) == expected.size());
    CHECK(plain.body() == expected);
    const Response gzipped =
        client.Request(http::verb::get, "/metrics", {{"Accept-Encoding", "gzip"}});
    CHECK(gzipped[http::field::content_encoding] == "gzip");
    CHECK(std::stoul(std::string(gzipped[http::field::content_length])) == gzipped.body().size());
    CHECK(testing::Gunzip(gzipped.body()) == expected);
  }
  const Response head = client.Request(http::verb::head, "/metrics");
  CHECK(std::stoul(std::string(head[http::field::content_length])) == expected.size());
  CHECK(client.Request(http::verb::get, "/-/healthy").body() == "OK\n");
}

TEST_CASE("HEAD /metrics: Content-Length of the body, no body, connection stays usable") {
  ServerHarness server;
  Client client(server.port());
  const Response head = client.Request(http::verb::head, "/metrics");
  CHECK(head.result_int() == 200);
  REQUIRE(head.has_content_length());
  CHECK(std::stoul(std::string(head[http::field::content_length])) > 0);
  CHECK(head.body().empty());
  // Had the server sent a body after the HEAD header, this response would not parse.
  const Response next = client.Request(http::verb::get, "/-/healthy");
  CHECK(next.result_int() == 200);
  CHECK(next.body() == "OK\n");
}

TEST_CASE("HEAD of an unknown path: 404 without a body") {
  ServerHarness server;
  Client client(server.port());
  const Response head = client.Request(http::verb::head, "/nope");
  CHECK(head.result_int() == 404);
  CHECK(head.body().empty());
  CHECK(client.Request(http::verb::get, "/-/healthy").result_int() == 200);
}

TEST_CASE("Stop closes idle keep-alive connections and refuses new ones") {
  ServerHarness server;
  Client idle(server.port());
  REQUIRE(idle.Request(http::verb::get, "/-/healthy").result_int() == 200);
  server.Stop();
  CHECK(IsClosedByPeer(idle.ReadUntilClosed()));
  bool refused = false;
  for (int attempt = 0; attempt < 50 && !refused; ++attempt) {
    try {
      Client late(server.port());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } catch (const boost::system::system_error&) {
      refused = true;
    }
  }
  CHECK(refused);
}

TEST_CASE("keep-alive: two requests on one connection, 404 and 405 with Allow") {
  ServerHarness server;
  Client client(server.port());
  const Response first = client.Request(http::verb::get, "/api/v1/printers");
  CHECK(first.result_int() == 200);
  CHECK(first[http::field::content_type] == "application/json");
  CHECK(first.keep_alive());
  const Response second = client.Request(http::verb::get, "/");
  CHECK(second.result_int() == 200);
  CHECK(second[http::field::content_type] == "text/html; charset=utf-8");
  const Response missing = client.Request(http::verb::get, "/does-not-exist");
  CHECK(missing.result_int() == 404);
  const Response post = client.Request(http::verb::post, "/metrics");
  CHECK(post.result_int() == 405);
  CHECK(post[http::field::allow] == "GET, HEAD");
}

TEST_CASE("a request with a body gets its answer, then the connection closes") {
  ServerHarness server;
  Client client(server.port());
  client.SendRaw("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nx=1");
  std::string received;
  CHECK(IsClosedByPeer(client.ReadUntilClosed(&received)));
  CHECK(received.starts_with("HTTP/1.1 405 "));
  CHECK(received.find("Allow: GET, HEAD") != std::string::npos);
}

TEST_CASE("a header over the limit gets 431 or a closed connection") {
  ServerHarness server({.header_limit = 1024});
  Client client(server.port());
  client.SendRaw("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') +
                 "\r\n\r\n");
  std::string received;
  const auto ec = client.ReadUntilClosed(&received);
  CHECK(IsClosedByPeer(ec));
  if (!received.empty()) CHECK(received.starts_with("HTTP/1.1 431 "));
}

TEST_CASE("a client that sends half a request is disconnected after the head timeout") {
  ServerHarness server({.head_timeout_s = 1});
  Client slow(server.port());
  slow.SendRaw("GET /metrics HTTP/1.1\r\nHost: x\r\n");  // no blank line: never complete
  std::string received;
  CHECK(IsClosedByPeer(slow.ReadUntilClosed(&received)));
  CHECK(received.empty());
  // The server still serves others.
  Client client(server.port());
  CHECK(client.Request(http::verb::get, "/-/healthy").result_int() == 200);
}

TEST_CASE("at the connection limit the oldest waiting connection makes room for a new one") {
  ServerHarness server({.head_timeout_s = 60, .max_connections = 4});
  // Four silent connections fill the limit, oldest first (each one answered once, so it is
  // known to be accepted and waiting for its next request).
  std::vector<std::unique_ptr<Client>> silent;
  for (int i = 0; i < 4; ++i) {
    silent.push_back(std::make_unique<Client>(server.port()));
    REQUIRE(silent.back()->Request(http::verb::get, "/-/healthy").result_int() == 200);
  }
  // Every new connection is served and stays open; each closes the oldest silent one in turn.
  std::vector<std::unique_ptr<Client>> scrapes;
  for (int i = 0; i < 3; ++i) {
    scrapes.push_back(std::make_unique<Client>(server.port()));
    CHECK(scrapes.back()->Request(http::verb::get, "/metrics").result_int() == 200);
    CHECK(IsClosedByPeer(silent[i]->ReadUntilClosed()));
  }
  CHECK(server.Shed() == 3);
  // The newest silent connection was never shed.
  CHECK(silent[3]->Request(http::verb::get, "/-/healthy").result_int() == 200);
}

TEST_CASE("at the limit the client address holding the most waiting connections loses one") {
  ServerHarness server({.head_timeout_s = 60, .max_connections = 6});
  // A scraper's idle keep-alive connection, older than everything the neighbour opens.
  Client scraper(server.port());
  REQUIRE(scraper.Request(http::verb::get, "/-/healthy").result_int() == 200);
  std::vector<std::unique_ptr<Client>> neighbour;
  for (int i = 0; i < 40; ++i) {
    neighbour.push_back(std::make_unique<Client>(server.port(), "127.0.0.2"));
    REQUIRE(neighbour.back()->Request(http::verb::get, "/-/healthy").result_int() == 200);
  }
  CHECK(server.Shed() == 40 + 1 - 6);
  // The oldest connection was the scraper's, and it is still served.
  CHECK(scraper.Request(http::verb::get, "/metrics").result_int() == 200);
}

TEST_CASE("a hundred silent connections over the limit never keep /-/healthy from answering") {
  ServerHarness server({.max_connections = 8});
  std::vector<std::unique_ptr<Client>> silent;
  int answered = 0;
  for (int i = 0; i < 100; ++i) {
    silent.push_back(std::make_unique<Client>(server.port()));
    if (i % 10 == 9) {
      Client health(server.port());
      answered += health.Request(http::verb::get, "/-/healthy").result_int() == 200;
    }
  }
  CHECK(answered == 10);
  CHECK(server.Shed() >= 100 - 8);
}

TEST_CASE("binding an address in use throws, naming the address") {
  ServerHarness server;
  Fleet fleet;
  WebApp app(fleet, {}, {});
  asio::io_context ioc;
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  try {
    HttpServer clash(ioc, {.listen_address = address}, app);
    FAIL("bind succeeded on a port in use");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(address) != std::string::npos);
  }
  CHECK_THROWS_AS(HttpServer(ioc, {.listen_address = "127.0.0.1:99999"}, app), std::runtime_error);
  CHECK_THROWS_AS(HttpServer(ioc, {.listen_address = "no-port"}, app), std::runtime_error);
}

TEST_CASE("IPv6 loopback in brackets and the all-interfaces form ':0' both bind") {
  Fleet fleet;
  WebApp app(fleet, {}, {});
  asio::io_context ioc;
  HttpServer any(ioc, {.listen_address = ":0"}, app);
  CHECK(any.port() != 0);
  try {
    HttpServer v6(ioc, {.listen_address = "[::1]:0"}, app);
    CHECK(v6.port() != 0);
  } catch (const std::runtime_error& e) {
    MESSAGE("no IPv6 loopback here: " << e.what());
  }
}

}  // namespace bambu
