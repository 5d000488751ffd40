// WebApp routes without a network: status codes, headers, bodies.
#include "web/web_app.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>

#include <boost/json/parse.hpp>

#include "base/build_info.hpp"
#include "gunzip.hpp"
#include "metrics/exporter_collector.hpp"
#include "test_clock.hpp"
#include "web_test_fleet.hpp"

namespace bambu {
namespace {

struct Harness {
  Fleet fleet;
  bool ready = false;
  ExporterCounters counters{.http_tls_handshake_failures = 3};
  WebApp app;

  explicit Harness(std::string metrics_path = "/metrics")
      : app(fleet,
            {.metrics_path = std::move(metrics_path),
             .stale_after_s = 300,
             .keep_stale_series = false,
             .clock = [] { return test::At(testing::kNow); },
             .ready = [this] { return ready; }},
            {std::make_shared<ExporterCollector>(counters)}) {
    testing::AddWorkshopPrinter(fleet);
  }

  WebResponse Get(std::string target, std::string accept_encoding = "") const {
    return app.Handle({"GET", std::move(target), std::move(accept_encoding)});
  }
};

std::optional<std::string> Header(const WebResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("GET /metrics: text format 0.0.4 with self metrics and fleet metrics") {
  const Harness h;
  const WebResponse response = h.Get("/metrics");
  const std::string body = response.JoinedBody();
  CHECK(response.status == 200);
  CHECK(response.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(Header(response, "Vary") == "Accept-Encoding");
  CHECK_FALSE(Header(response, "Content-Encoding").has_value());
  CHECK_FALSE(response.head_only);
  CHECK(body.find("\nbambu_exporter_http_tls_handshake_failures_total 3\n") != std::string::npos);
  CHECK(body.find(std::string("\nbambu_exporter_build_info{revision=\"") + BuildRevision() +
                  "\",version=\"" + BuildVersion() + "\"} 1\n") != std::string::npos);
  CHECK(body.find("bambu_up{") != std::string::npos);
  CHECK(body.find("# TYPE bambu_tray_present gauge") != std::string::npos);
  CHECK(body.back() == '\n');
}

TEST_CASE("/metrics is gzip-encoded when Accept-Encoding allows it, and round-trips") {
  const Harness h;
  const std::string plain = h.Get("/metrics").JoinedBody();
  const WebResponse gzipped = h.Get("/metrics", "gzip, deflate");
  CHECK(Header(gzipped, "Content-Encoding") == "gzip");
  CHECK(Header(gzipped, "Vary") == "Accept-Encoding");
  CHECK(gzipped.BodySize() < plain.size());
  const std::optional<std::string> inflated = testing::Gunzip(gzipped.JoinedBody());
  REQUIRE(inflated.has_value());
  CHECK(*inflated == plain);

  const WebResponse refused = h.Get("/metrics", "gzip;q=0");
  CHECK_FALSE(Header(refused, "Content-Encoding").has_value());
  CHECK(refused.JoinedBody() == plain);
  CHECK_FALSE(Header(h.Get("/metrics", "identity"), "Content-Encoding").has_value());
}

TEST_CASE("HEAD /metrics keeps the body for Content-Length and marks head_only") {
  const Harness h;
  const WebResponse response = h.app.Handle({"HEAD", "/metrics", ""});
  CHECK(response.status == 200);
  CHECK(response.head_only);
  CHECK(response.JoinedBody() == h.Get("/metrics").JoinedBody());
}

TEST_CASE("health, readiness and unknown paths") {
  Harness h;
  CHECK(h.Get("/-/healthy").status == 200);
  CHECK(h.Get("/-/healthy").body == "OK\n");
  CHECK(h.Get("/-/ready").status == 503);
  h.ready = true;
  CHECK(h.Get("/-/ready").status == 200);
  CHECK(h.Get("/-/ready").body == "Ready\n");

  const WebResponse missing = h.Get("/nope");
  CHECK(missing.status == 404);
  CHECK(missing.content_type == "text/plain; charset=utf-8");
  CHECK(h.Get("/metrics/").status == 404);
  CHECK(h.Get("/api/v1/printers/x/y/ams").status == 404);
  CHECK(h.Get("/metrics?foo=bar").status == 200);  // queries are ignored for routing
}

TEST_CASE("/runbook: the built-in runbook as HTML, each alert section under its id") {
  Harness h;
  const WebResponse page = h.Get("/runbook");
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body.find("<h2 id=\"bambutraylow\">BambuTrayLow</h2>") != std::string::npos);
  CHECK(h.Get("/runbook/").status == 404);
}

TEST_CASE("other methods on a known path: 405 with Allow") {
  const Harness h;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    const WebResponse response = h.app.Handle({method, "/metrics", ""});
    CHECK(response.status == 405);
    CHECK(Header(response, "Allow") == "GET, HEAD");
  }
  CHECK(h.app.Handle({"POST", "/unknown", ""}).status == 404);
  CHECK(h.app.Handle({"HEAD", "/unknown", ""}).head_only);  // no body after a HEAD, ever
  CHECK(h.app.Handle({"HEAD", "/-/healthy", ""}).head_only);
  CHECK_FALSE(h.app.Handle({"GET", "/unknown", ""}).head_only);
}

TEST_CASE("landing page: links, printer table, trays, and escaped printer strings") {
  const Harness h;
  const WebResponse response = h.Get("/");
  CHECK(response.status == 200);
  CHECK(response.content_type == "text/html; charset=utf-8");
  const std::string& html = response.body;
  CHECK(html.find("<title>bambu_exporter</title>") != std::string::npos);
  CHECK(html.find(std::string("Version ") + BuildVersion()) != std::string::npos);
  CHECK(html.find("href=\"/metrics\"") != std::string::npos);
  CHECK(html.find("href=\"/api/v1/printers\"") != std::string::npos);
  CHECK(html.find("href=\"/-/healthy\"") != std::string::npos);
  CHECK(html.find("<td>Workshop &amp; Co</td>") != std::string::npos);
  CHECK(html.find("<td>01P00A000000001</td>") != std::string::npos);
  CHECK(html.find("<td>P1S</td>") != std::string::npos);
  CHECK(html.find("<td class=\"up\">up</td>") != std::string::npos);
  CHECK(html.find("12 s ago") != std::string::npos);
  CHECK(html.find("AMS-1 &middot; humidity level 2 (28 %)") != std::string::npos);
  CHECK(html.find("<tr><td>A1</td>") != std::string::npos);  // slot names as on the printer
  CHECK(html.find("<tr><td>Ext</td>") != std::string::npos);
  CHECK(html.find("25.5 &deg;C") != std::string::npos);
  CHECK(html.find("style=\"background:#5E43B7\"") != std::string::npos);
  CHECK(html.find("style=\"background:linear-gradient(90deg,#FF0000,#00FF00)\"") !=
        std::string::npos);
  CHECK(html.find("83 % (830 g)") != std::string::npos);
  CHECK(html.find("active</td>") != std::string::npos);
  CHECK(html.find(">empty</td>") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("TPU") != std::string::npos);  // external spool
}

TEST_CASE("--web.telemetry-path moves /metrics and the landing page links the new path") {
  const Harness h("/bambu/metrics");
  const WebResponse metrics = h.Get("/bambu/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.JoinedBody() == Harness().Get("/metrics").JoinedBody());
  CHECK(h.Get("/metrics").status == 404);
  CHECK(h.app.Handle({"POST", "/bambu/metrics", ""}).status == 405);
  const std::string html = h.Get("/").body;
  CHECK(html.find("href=\"/bambu/metrics\">Metrics</a>") != std::string::npos);
  CHECK(html.find("href=\"/metrics\"") == std::string::npos);
  CHECK(h.Get("/-/healthy").status == 200);

  // The root as telemetry path serves metrics there, the landing page gives way.
  const Harness root("/");
  CHECK(root.Get("/").content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(root.Get("/metrics").status == 404);
}

TEST_CASE("GET /api/v1/printers lists printers as JSON") {
  const Harness h;
  const WebResponse response = h.Get("/api/v1/printers");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  const boost::json::value list = boost::json::parse(response.body);
  REQUIRE(list.as_array().size() == 1);
  CHECK(list.at(0).at("serial") == "01P00A000000001");
  CHECK(list.at(0).at("up") == true);
}

TEST_CASE("GET /api/v1/printers/{serial}/ams: the AMS view, or 404 for an unknown serial") {
  const Harness h;
  const WebResponse response = h.Get("/api/v1/printers/01P00A000000001/ams?pretty=1");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  const boost::json::value ams = boost::json::parse(response.body);
  CHECK(ams.at("device_id") == "01P00A000000001");
  CHECK(ams.at("ams_units").at(0).at("humidity") == 2);

  const WebResponse missing = h.Get("/api/v1/printers/NOPE/ams");
  CHECK(missing.status == 404);
  CHECK(missing.content_type == "application/json");
  const boost::json::value error = boost::json::parse(missing.body);
  CHECK(error.at("error") == "unknown printer");
  CHECK(error.at("serial") == "NOPE");
}

}  // namespace bambu
