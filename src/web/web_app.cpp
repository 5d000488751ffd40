#include "web/web_app.hpp"

#include <chrono>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/serialize.hpp>

#include "base/build_info.hpp"
#include "base/clock.hpp"
#include "metrics/collector.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/fleet_collector.hpp"
#include "metrics/gzip.hpp"
#include "web/ams_json_view.hpp"
#include "web/landing_page.hpp"
#include "web/runbook_page.hpp"
#include "web/spool_inventory.hpp"

namespace bambu {
namespace {

constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kTextContentType = "text/plain; charset=utf-8";
constexpr std::string_view kHtmlContentType = "text/html; charset=utf-8";
constexpr std::string_view kJsonContentType = "application/json";
constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8";
constexpr std::string_view kPrintersPath = "/api/v1/printers";
constexpr std::string_view kSpoolsPath = "/api/v1/spools";
constexpr std::string_view kSpoolsCsvPath = "/api/v1/spools.csv";
constexpr std::string_view kReloadPath = "/-/reload";
constexpr std::string_view kRunbookPath = "/runbook";  // the alerts' runbook_url

WebResponse Text(int status, std::string body) {
  WebResponse response;
  response.status = status;
  response.content_type = kTextContentType;
  response.body = std::move(body);
  return response;
}

WebResponse Json(int status, const boost::json::value& body) {
  WebResponse response;
  response.status = status;
  response.content_type = kJsonContentType;
  response.body = boost::json::serialize(body);
  response.body += '\n';
  return response;
}

/// The path of a request target, without query or fragment.
std::string_view PathOf(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

/// "/api/v1/printers/{serial}/ams" → serial; nullopt for any other path.
std::optional<std::string_view> AmsSerialOf(std::string_view path) {
  constexpr std::string_view kSuffix = "/ams";
  if (!path.starts_with(kPrintersPath) || !path.ends_with(kSuffix)) return std::nullopt;
  path.remove_prefix(kPrintersPath.size());
  if (!path.starts_with('/')) return std::nullopt;
  path.remove_prefix(1);
  if (path.size() < kSuffix.size()) return std::nullopt;
  path.remove_suffix(kSuffix.size());
  if (path.empty() || path.find('/') != std::string_view::npos) return std::nullopt;
  return path;
}

bool IsKnownPath(std::string_view path) {
  return path == "/" || path == "/-/healthy" || path == "/-/ready" || path == kRunbookPath ||
         path == kPrintersPath || path == kSpoolsPath || path == kSpoolsCsvPath ||
         AmsSerialOf(path).has_value();
}

const PrinterEntry* FindPrinter(const Fleet& fleet, std::string_view serial) {
  for (const auto& printer : fleet.printers()) {
    if (printer->identity.serial == serial) return printer.get();
  }
  return nullptr;
}

}  // namespace

WebApp::WebApp(const Fleet& fleet, WebAppOptions options, Collectors sources)
    : fleet_(fleet), options_(std::move(options)) {
  collectors_.push_back(
      std::make_shared<FleetCollector>(fleet_, options_.stale_after_s, options_.keep_stale_series));
  collectors_.insert(collectors_.end(), sources.begin(), sources.end());
  if (!options_.clock) options_.clock = ReadClocks;
  if (!options_.ready) options_.ready = [] { return true; };
}

WebResponse WebApp::Handle(const WebRequest& request) const {
  if (options_.before_request) options_.before_request();
  WebResponse response = Route(request);
  response.head_only = request.method == "HEAD";  // every HEAD, errors included
  return response;
}

WebResponse WebApp::Route(const WebRequest& request) const {
  const std::string_view path = PathOf(request.target);
  const bool metrics = path == options_.metrics_path;
  if (!metrics && path == kReloadPath && options_.reload) return Reload(request.method);
  if (!metrics && !IsKnownPath(path)) return Text(404, "404 page not found\n");
  if (request.method != "GET" && request.method != "HEAD") {
    WebResponse response = Text(405, "405 method not allowed\n");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  if (metrics) return Metrics(request.accept_encoding);
  if (path == "/") {
    WebResponse response;
    response.content_type = kHtmlContentType;
    response.body = RenderLandingPage(fleet_, {.version = BuildVersion(),
                                               .metrics_path = options_.metrics_path,
                                               .now = options_.clock(),
                                               .stale_after_s = options_.stale_after_s});
    return response;
  }
  if (path == kRunbookPath) {
    WebResponse response;
    response.content_type = kHtmlContentType;
    response.body = RenderRunbookPage(RunbookMarkdown());
    return response;
  }
  if (path == "/-/healthy") return Text(200, "OK\n");
  if (path == "/-/ready") {
    return options_.ready() ? Text(200, "Ready\n") : Text(503, "Not ready\n");
  }
  if (path == kPrintersPath) {
    return Json(200, PrinterListJson(fleet_, options_.clock(), options_.stale_after_s));
  }
  if (path == kSpoolsPath || path == kSpoolsCsvPath) return Spools(path == kSpoolsCsvPath);
  return Ams(*AmsSerialOf(path));
}

WebResponse WebApp::Metrics(std::string_view accept_encoding) const {
  WebResponse response;
  response.content_type = kMetricsContentType;
  response.headers.emplace_back("Vary", "Accept-Encoding");
  // The text stays in its arena: sent part by part when plain, freed once compressed.
  WriteExposition(collectors_, options_.clock(), response.parts, &family_sizes_);
  if (AcceptsGzip(accept_encoding)) {
    std::optional<ArenaText> compressed = gzip_.Compress(response.parts.parts, gzip_bytes_);
    if (compressed) {
      gzip_bytes_ = compressed->size();
      response.parts = std::move(*compressed);
      response.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  return response;
}

WebResponse WebApp::Ams(std::string_view serial) const {
  const PrinterEntry* printer = FindPrinter(fleet_, serial);
  if (printer == nullptr) {
    return Json(404, boost::json::object{{"error", "unknown printer"}, {"serial", serial}});
  }
  return Json(200, AmsJson(*printer));
}

WebResponse WebApp::Spools(bool csv) const {
  const auto rows = CollectSpools(fleet_, options_.clock(), options_.stale_after_s);
  if (!csv) return Json(200, SpoolsJson(rows));
  WebResponse response;
  response.content_type = kCsvContentType;
  response.body = SpoolsCsv(rows);
  return response;
}

WebResponse WebApp::Reload(std::string_view method) const {
  if (method != "POST") {
    WebResponse response = Text(405, "405 method not allowed\n");
    response.headers.emplace_back("Allow", "POST");
    return response;
  }
  std::string error;
  if (!options_.reload(error)) return Text(500, "failed to reload config: " + error + "\n");
  return Text(200, "reloaded\n");
}

}  // namespace bambu
