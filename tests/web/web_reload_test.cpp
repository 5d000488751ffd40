// POST /-/reload: the route that re-reads the config through WebAppOptions::reload.
#include <doctest/doctest.h>

#include <string>

#include "state/fleet.hpp"
#include "web/web_app.hpp"

namespace bambu {
namespace {

WebApp AppWithReload(const Fleet& fleet, std::function<bool(std::string&)> reload) {
  WebAppOptions options;
  options.reload = std::move(reload);
  return WebApp(fleet, std::move(options), {});
}

}  // namespace

TEST_CASE("POST /-/reload answers 200 when the reload succeeds") {
  Fleet fleet;
  int calls = 0;
  WebApp app = AppWithReload(fleet, [&calls](std::string&) { return ++calls > 0; });
  WebResponse response = app.Handle({"POST", "/-/reload", ""});
  CHECK(response.status == 200);
  CHECK(response.body == "reloaded\n");
  CHECK(calls == 1);
}

TEST_CASE("POST /-/reload answers 500 with the config error") {
  Fleet fleet;
  WebApp app = AppWithReload(fleet, [](std::string& error) {
    error = "exporter.yaml: printers[0].port: must be a port number 1..65535, got \"x\"";
    return false;
  });
  WebResponse response = app.Handle({"POST", "/-/reload", ""});
  CHECK(response.status == 500);
  CHECK(response.body ==
        "failed to reload config: exporter.yaml: printers[0].port: must be a port number "
        "1..65535, got \"x\"\n");
}

TEST_CASE("GET and HEAD on /-/reload answer 405 and never reload") {
  Fleet fleet;
  int calls = 0;
  WebApp app = AppWithReload(fleet, [&calls](std::string&) { return ++calls > 0; });
  for (const char* method : {"GET", "HEAD"}) {
    WebResponse response = app.Handle({method, "/-/reload", ""});
    CHECK(response.status == 405);
    REQUIRE(response.headers.size() == 1);
    CHECK(response.headers[0].first == "Allow");
    CHECK(response.headers[0].second == "POST");
  }
  CHECK(calls == 0);
}

TEST_CASE("/-/reload is not found when the exporter offers no reload") {
  Fleet fleet;
  WebApp app(fleet, {}, {});
  CHECK(app.Handle({"POST", "/-/reload", ""}).status == 404);
}

}  // namespace bambu
