// HttpServer with an exporter-toolkit web config: a real TLS client verifying a test CA
// made with the openssl CLI, basic auth, headers, TLS versions, client certificates,
// certificate rotation and a bad reloaded config.
#include <crypt.h>
#include <doctest/doctest.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "io/http/http_server.hpp"
#include "metrics/exporter_collector.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"
#include "web/web_config.hpp"

namespace bambu {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;

constexpr const char* kAliceAuth = "Basic YWxpY2U6czNjcjN0";  // alice:s3cr3t
/// A series of the P1S fixture, as /metrics shows it.
constexpr const char* kHumidityLine =
    "bambu_ams_humidity_level{ams=\"0\",printer=\"p1s\",serial=\"01P00A000000001\"} 1\n";
constexpr const char* kWrongAuth = "Basic YWxpY2U6d3Jvbmc=";  // alice:wrong

/// Options set member by member, so new WebAppOptions fields need no change here.
WebAppOptions AppOptions() {
  WebAppOptions options;
  options.clock = ReadClocks;
  options.ready = [] { return true; };
  return options;
}

std::string BcryptHash(const std::string& password) {
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
  REQUIRE(crypt_gensalt_rn("$2y$", 10, nullptr, 0, salt.data(), static_cast<int>(salt.size())) !=
          nullptr);
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  return crypt_r(password.c_str(), salt.data(), data.get());
}

/// A scratch directory with a test CA, server and client certificates (openssl CLI).
class Pki {
 public:
  Pki() {
    dir_ = std::filesystem::temp_directory_path() /
           ("bambu_tls_auth_test_" + std::to_string(::getpid()) + "_" + std::to_string(count_++));
    std::filesystem::create_directories(dir_);
    Write("leaf.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    MakeCa("ca");
    MakeCa("client-ca");
    MakeLeaf("server", "ca", 1001);
    MakeLeaf("client", "client-ca", 3003);
    MakeLeaf("stranger", "ca", 4004);  // a client certificate from the wrong CA
  }
  ~Pki() { std::filesystem::remove_all(dir_); }
  Pki(const Pki&) = delete;
  Pki& operator=(const Pki&) = delete;

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& content) const {
    const std::string tmp = Path(name + ".tmp");
    std::ofstream(tmp, std::ios::binary) << content;
    std::filesystem::rename(tmp, Path(name));  // replaced atomically, as a deploy would
    return Path(name);
  }
  void MakeLeaf(const std::string& name, const std::string& ca, int serial) const {
    const std::string tmp = name + "-new";
    Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + tmp +
        ".key -out " + tmp + ".csr -subj /CN=" + name);
    Run("openssl x509 -req -in " + tmp + ".csr -CA " + ca + ".crt -CAkey " + ca +
        ".key -set_serial " + std::to_string(serial) + " -days 2 -extfile leaf.ext -out " + tmp +
        ".crt");
    std::filesystem::rename(Path(tmp + ".key"), Path(name + ".key"));
    std::filesystem::rename(Path(tmp + ".crt"), Path(name + ".crt"));
  }

 private:
  void MakeCa(const std::string& name) const {
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " +
        name + ".key -out " + name + ".crt -subj /CN=" + name + " -days 2");
  }
  void Run(const std::string& command) const {
    const std::string full = "cd '" + dir_.string() + "' && " + command + " >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(full.c_str()) == 0, command);
  }

  static inline int count_ = 0;
  std::filesystem::path dir_;
};

/// A WebApp with one connected printer behind an HttpServer that reads `web_config_file`, on its
/// own thread.
class Server {
 public:
  explicit Server(const std::string& web_config_file)
      : app_(fleet_, AppOptions(), {std::make_shared<ExporterCollector>(counters_)}) {
    PrinterEntry& printer = fleet_.Add({"p1s", "01P00A000000001", Transport::kLan});
    std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/rdiger36-spoolman_P1S-AMS_full.json");
    const std::string report((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(fleet_.Ingest(printer, report, ReadClocks()));
    OnSessionConnected(printer, test::At(0));
    server_ = std::make_unique<HttpServer>(
        ioc_,
        HttpServerOptions{
            .listen_address = "127.0.0.1:0",
            .web_config_file = web_config_file,
            .on_tls_handshake_failure = [this] { ++counters_.http_tls_handshake_failures; }},
        app_);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~Server() {
    asio::post(ioc_, [this] { server_->Stop(); });
    ioc_.stop();
    thread_.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  std::uint16_t port() const { return server_->port(); }

 private:
  Fleet fleet_;
  ExporterCounters counters_;  // updated on the server's loop thread
  WebApp app_;
  asio::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

struct ClientOptions {
  std::string authorization{};
  int max_version = 0;  // e.g. TLS1_2_VERSION; 0 = library default
  std::string cert_file{};
  std::string key_file{};
};

/// What a TLS client saw: the response (nullopt when the handshake or request failed)
/// and the serial number of the server certificate.
struct Outcome {
  std::optional<Response> response;
  long serial = -1;
};

/// GET /metrics over TLS, verifying the server against `ca_file` and the name 127.0.0.1.
Outcome TlsGet(std::uint16_t port, const std::string& ca_file, const ClientOptions& options) {
  asio::io_context ioc;
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(ca_file);
  context.set_verify_mode(ssl::verify_peer);
  if (options.max_version != 0) {
    SSL_CTX_set_max_proto_version(context.native_handle(), options.max_version);
  }
  if (!options.cert_file.empty()) {
    context.use_certificate_chain_file(options.cert_file);
    context.use_private_key_file(options.key_file, ssl::context::pem);
  }
  beast::ssl_stream<tcp::socket> stream(ioc, context);
  stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  timeval timeout{10, 0};
  setsockopt(stream.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
             sizeof timeout);
  Outcome outcome;
  boost::system::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return outcome;
  if (X509* cert = SSL_get_peer_certificate(stream.native_handle())) {
    outcome.serial = ASN1_INTEGER_get(X509_get_serialNumber(cert));
    X509_free(cert);
  }
  http::request<http::empty_body> request{http::verb::get, "/metrics", 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(false);
  if (!options.authorization.empty())
    request.set(http::field::authorization, options.authorization);
  http::write(stream, request, ec);
  if (ec) return outcome;
  beast::flat_buffer buffer;
  Response response;
  http::read(stream, buffer, response, ec);
  if (ec) return outcome;
  outcome.response = std::move(response);
  stream.shutdown(ec);
  return outcome;
}

/// The value of bambu_exporter_http_tls_handshake_failures_total in a /metrics body; -1 without.
double TlsFailuresIn(const std::string& body) {
  const std::string line = "\nbambu_exporter_http_tls_handshake_failures_total ";
  const auto at = body.find(line);
  return at == std::string::npos ? -1 : std::strtod(body.c_str() + at + line.size(), nullptr);
}

/// The counter as GET /metrics shows it now; -1 when the scrape failed.
double TlsFailures(std::uint16_t port, const std::string& ca_file,
                   const ClientOptions& options = {}) {
  const Outcome outcome = TlsGet(port, ca_file, options);
  if (!outcome.response || outcome.response->result_int() != 200) return -1;
  return TlsFailuresIn(outcome.response->body());
}

/// The server counts a failed handshake after the client has seen it fail: scrapes (at most
/// 100 times) until the counter reaches `want`, and returns the last value seen.
double AwaitTlsFailures(std::uint16_t port, const std::string& ca_file, double want,
                        const ClientOptions& options = {}) {
  double seen = -1;
  for (int i = 0; i < 100 && seen < want; ++i) seen = TlsFailures(port, ca_file, options);
  return seen;
}

std::string TlsConfig(const Pki& pki, const std::string& extra = "") {
  return "tls_server_config:\n  cert_file: " + pki.Path("server.crt") +
         "\n  key_file: " + pki.Path("server.key") + "\n" + extra;
}

}  // namespace

TEST_CASE("HTTPS with basic auth: 200 with the password, 401 without or wrong, headers") {
  Pki pki;
  const std::string web = pki.Write("web.yml", TlsConfig(pki) +
                                                   "http_server_config:\n  headers:\n"
                                                   "    X-Content-Type-Options: nosniff\n"
                                                   "basic_auth_users:\n  alice: '" +
                                                   BcryptHash("s3cr3t") + "'\n");
  Server server(web);
  const std::string ca = pki.Path("ca.crt");

  const Outcome ok = TlsGet(server.port(), ca, {.authorization = kAliceAuth});
  REQUIRE(ok.response.has_value());
  CHECK(ok.serial == 1001);
  CHECK(ok.response->result_int() == 200);
  CHECK(ok.response->body().find(kHumidityLine) != std::string::npos);
  CHECK((*ok.response)[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  CHECK((*ok.response)["X-Content-Type-Options"] == "nosniff");

  for (const char* authorization : {"", kWrongAuth, "Basic bWFsbG9yeTpzM2NyM3Q=", "Bearer x"}) {
    CAPTURE(authorization);
    const Outcome denied = TlsGet(server.port(), ca, {.authorization = authorization});
    REQUIRE(denied.response.has_value());
    CHECK(denied.response->result_int() == 401);
    CHECK((*denied.response)[http::field::www_authenticate] == "Basic realm=\"bambu_exporter\"");
    CHECK((*denied.response)["X-Content-Type-Options"] == "nosniff");
    CHECK(denied.response->body() == "401 Unauthorized\n");
  }
}

TEST_CASE("HTTPS keep-alive: a changed user list applies to the next request on the connection") {
  Pki pki;
  const std::string web = pki.Write(
      "web.yml", TlsConfig(pki) + "basic_auth_users:\n  alice: '" + BcryptHash("s3cr3t") + "'\n");
  Server server(web);
  asio::io_context ioc;
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(pki.Path("ca.crt"));
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<tcp::socket> stream(ioc, context);
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), server.port()});
  timeval timeout{10, 0};
  setsockopt(stream.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
             sizeof timeout);
  stream.handshake(ssl::stream_base::client);
  beast::flat_buffer buffer;
  const auto get = [&] {
    http::request<http::empty_body> request{http::verb::get, "/-/healthy", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, kAliceAuth);
    http::write(stream, request);
    Response response;
    http::read(stream, buffer, response);
    return response.result_int();
  };
  CHECK(get() == 200);
  pki.Write("web.yml",
            TlsConfig(pki) + "basic_auth_users:\n  bob: '" + BcryptHash("s3cr3t") + "'\n");
  CHECK(get() == 401);  // same connection, alice is no longer a user
}

TEST_CASE("HTTPS: a plain-HTTP client gets no HTTP answer, a TLS 1.2 client is refused at TLS13") {
  Pki pki;
  Server server(pki.Write("web.yml", TlsConfig(pki, "  min_version: TLS13\n")));
  const std::string ca = pki.Path("ca.crt");
  CHECK(TlsFailures(server.port(), ca) == 0);  // exported from start-up
  {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    timeval timeout{10, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    http::request<http::empty_body> request{http::verb::get, "/metrics", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    beast::flat_buffer buffer;
    Response response;
    boost::system::error_code ec;
    http::read(socket, buffer, response, ec);
    CHECK(ec);  // a TLS alert or a closed connection, never an HTTP response
  }
  CHECK(AwaitTlsFailures(server.port(), ca, 1) == 1);
  CHECK_FALSE(TlsGet(server.port(), ca, {.max_version = TLS1_2_VERSION}).response.has_value());
  CHECK(AwaitTlsFailures(server.port(), ca, 2) == 2);
  const Outcome tls13 = TlsGet(server.port(), ca, {});
  REQUIRE(tls13.response.has_value());
  CHECK(tls13.response->result_int() == 200);  // no basic_auth_users: open
  // Successful handshakes (every scrape above) are not counted.
  CHECK(TlsFailuresIn(tls13.response->body()) == 2);
}

TEST_CASE("HTTPS with RequireAndVerifyClientCert: no cert or a foreign cert fails, ours passes") {
  Pki pki;
  Server server(pki.Write("web.yml", TlsConfig(pki,
                                               "  client_auth_type: RequireAndVerifyClientCert\n"
                                               "  client_ca_file: " +
                                                   pki.Path("client-ca.crt") + "\n")));
  const std::string ca = pki.Path("ca.crt");
  const ClientOptions ours = {.cert_file = pki.Path("client.crt"),
                              .key_file = pki.Path("client.key")};
  CHECK(TlsFailures(server.port(), ca, ours) == 0);
  CHECK_FALSE(TlsGet(server.port(), ca, {}).response.has_value());
  CHECK_FALSE(TlsGet(server.port(), ca,
                     {.cert_file = pki.Path("stranger.crt"), .key_file = pki.Path("stranger.key")})
                  .response.has_value());
  const Outcome ok = TlsGet(server.port(), ca, ours);
  REQUIRE(ok.response.has_value());
  CHECK(ok.response->result_int() == 200);
  // Both refused certificates failed the server's handshake; no scrape with ours did.
  CHECK(AwaitTlsFailures(server.port(), ca, 2, ours) == 2);
  CHECK(TlsFailures(server.port(), ca, ours) == 2);
}

TEST_CASE(
    "HTTPS certificate rotation: a new connection sees the new serial, a bad config is "
    "ignored") {
  Pki pki;
  const std::string web = pki.Write("web.yml", TlsConfig(pki));
  Server server(web);
  const std::string ca = pki.Path("ca.crt");
  CHECK(TlsGet(server.port(), ca, {}).serial == 1001);

  pki.MakeLeaf("server", "ca", 2002);  // new key and certificate, renamed into place
  CHECK(TlsGet(server.port(), ca, {}).serial == 2002);

  pki.Write("web.yml", TlsConfig(pki) + "basic_auth_users: {alice: not-a-hash}\n");
  const Outcome kept = TlsGet(server.port(), ca, {});
  REQUIRE(kept.response.has_value());
  CHECK(kept.serial == 2002);
  CHECK(kept.response->result_int() == 200);  // the last good config: no auth
}

TEST_CASE("a bad web config file stops the server from starting, naming file and key") {
  Pki pki;
  const std::string web = pki.Write("web.yml", TlsConfig(pki, "  client_auth_type: Maybe\n"));
  asio::io_context ioc;
  Fleet fleet;
  WebApp app(fleet, AppOptions(), {});
  CHECK_THROWS_WITH_AS(
      HttpServer(ioc, {.listen_address = "127.0.0.1:0", .web_config_file = web}, app),
      doctest::Contains((web + ": tls_server_config.client_auth_type: expected").c_str()),
      WebConfigError);
  pki.Write("web.yml", "tls_server_config:\n  cert_file: " + pki.Path("server.crt") +
                           "\n  key_file: " + pki.Path("client.key") + "\n");
  CHECK_THROWS_WITH_AS(
      HttpServer(ioc, {.listen_address = "127.0.0.1:0", .web_config_file = web}, app),
      doctest::Contains(
          (web + ": tls_server_config.key_file: " + pki.Path("client.key") + ": ").c_str()),
      WebConfigError);
}

}  // namespace bambu

namespace bambu {

TEST_CASE("bambu_exporter --web.config.file: a bad file exits 1 naming the file and the key") {
  Pki pki;
  const std::string config = pki.Write("exporter.yaml",
                                       "printers:\n  - serial: 00M09A350100123\n"
                                       "    host: 127.0.0.1\n    access_code: '12345678'\n");
  const std::string output = pki.Path("out.txt");
  const auto run = [&](const std::string& web) {
    const std::string command = std::string(BAMBU_BINARY_DIR) + "/bambu_exporter --config.file='" +
                                config + "' --web.config.file='" + web + "' --config.check > '" +
                                output + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(output);
    return std::make_pair(WEXITSTATUS(status), std::string(std::istreambuf_iterator<char>(in), {}));
  };
  const std::string web = pki.Write("web.yml", TlsConfig(pki, "  min_version: TLS11\n"));
  const auto [bad_status, bad_output] = run(web);
  CHECK(bad_status == 1);
  CHECK(bad_output ==
        web + ": tls_server_config.min_version: TLS11 is not supported; use TLS12 or TLS13\n");
  pki.Write("web.yml", "tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n");
  const auto [missing_status, missing_output] = run(web);
  CHECK(missing_status == 1);
  CHECK(missing_output.starts_with(web + ": tls_server_config.cert_file: " +
                                   pki.Path("missing.crt") + ": cannot load certificate"));
  pki.Write("web.yml", TlsConfig(pki));
  const auto [good_status, good_output] = run(web);
  CHECK(good_status == 0);
  CHECK(good_output == "config OK: 1 printers\n");
}

}  // namespace bambu
