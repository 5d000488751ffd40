// HTTP routes of the exporter, independent of the server that carries them:
// /metrics (or the --web.telemetry-path), /, /-/healthy, /-/ready, /-/reload (POST),
// /api/v1/printers[/{serial}/ams], /api/v1/spools[.csv].
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "metrics/collector.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/gzip.hpp"
#include "metrics/text_arena.hpp"
#include "state/fleet.hpp"

namespace bambu {

struct WebRequest {
  std::string method;           // "GET", "HEAD", ...
  std::string target;           // path and query, e.g. "/metrics"
  std::string accept_encoding;  // Accept-Encoding header, may be empty
};

struct WebResponse {
  int status = 200;
  std::string content_type;
  // The body is `body` followed by every part of `parts` (/metrics: the text of each family,
  // or the gzip output, without a joined copy); already encoded (gzip when Content-Encoding
  // says so).
  std::string body;
  ArenaText parts;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  bool head_only = false;  // HEAD: send headers and Content-Length of the body, no body

  std::size_t BodySize() const { return body.size() + parts.size(); }
  /// The whole body as one string (tests, small answers).
  std::string JoinedBody() const { return body + parts.Joined(); }
};

struct WebAppOptions {
  std::string metrics_path = "/metrics";  // --web.telemetry-path; checked before every other route
  double stale_after_s = 300;
  bool keep_stale_series = false;
  std::function<Instant()> clock;  // both clocks (base/clock.hpp); unset: ReadClocks
  // POST /-/reload: re-reads the config; false with `error` set when rejected. Unset: 404.
  std::function<bool(std::string& error)> reload = nullptr;
  std::function<bool()> ready;  // /-/ready answers 200 when true
  // Called before each request is answered, so it sees every report received until then (the
  // MQTT edge hands its waiting messages over). Unset: nothing.
  std::function<void()> before_request = nullptr;
};

class WebApp {
 public:
  /// /metrics collects `fleet` and then every collector of `sources` (cloud mode, the
  /// exporter's own series, the process), through one exposition writer.
  WebApp(const Fleet& fleet, WebAppOptions options, Collectors sources = {});
  WebResponse Handle(const WebRequest& request) const;

 private:
  WebResponse Route(const WebRequest& request) const;           // status, headers, body
  WebResponse Metrics(std::string_view accept_encoding) const;  // /metrics, gzip when accepted
  WebResponse Ams(std::string_view serial) const;               // /api/v1/printers/{serial}/ams
  WebResponse Spools(bool csv) const;                           // /api/v1/spools[.csv]
  WebResponse Reload(std::string_view method) const;            // /-/reload

  const Fleet& fleet_;
  WebAppOptions options_;
  Collectors collectors_;  // the fleet first, then `sources`
  // Kept from one scrape to the next; the app runs on one thread, the event loop's.
  mutable FamilySizes family_sizes_;    // family text sizes of the last scrape (arena sizes)
  mutable GzipEncoder gzip_;            // zlib state, reset per answer
  mutable std::size_t gzip_bytes_ = 0;  // size of the last gzip answer (its arena's size)
};

}  // namespace bambu
