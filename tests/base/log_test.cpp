#include "base/log.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace {

// 2026-11-28T07:00:00.123Z
const std::chrono::system_clock::time_point kTs{std::chrono::milliseconds(1795849200123)};

}  // namespace

TEST_CASE("log: logfmt line with timestamp, level, quoted message and fields") {
  using bambu::log::Level;
  CHECK(bambu::log::FormatLine(kTs, Level::kInfo, "listening", {{"address", ":9593"}}) ==
        "ts=2026-11-28T07:00:00.123Z level=info msg=\"listening\" address=:9593");
  CHECK(bambu::log::FormatLine(kTs, Level::kWarn, "mqtt lost",
                               {{"cause", "connection reset"}, {"printer", "x1c"}}) ==
        "ts=2026-11-28T07:00:00.123Z level=warn msg=\"mqtt lost\" cause=\"connection reset\" "
        "printer=x1c");
}

TEST_CASE("log: values with quotes, '=', newlines or nothing are quoted and escaped") {
  using bambu::log::Level;
  CHECK(bambu::log::FormatLine(kTs, Level::kError, "bad \"report\"",
                               {{"a", "k=v"}, {"b", "say \"hi\""}, {"c", ""}, {"d", "x\ny"}}) ==
        "ts=2026-11-28T07:00:00.123Z level=error msg=\"bad \\\"report\\\"\" a=\"k=v\" "
        "b=\"say \\\"hi\\\"\" c=\"\" d=\"x\\ny\"");
}

TEST_CASE("log: levels parse and filter") {
  using bambu::log::Level;
  Level level = Level::kInfo;
  CHECK(bambu::log::ParseLevel("debug", level));
  CHECK(level == Level::kDebug);
  CHECK(bambu::log::ParseLevel("error", level));
  CHECK(level == Level::kError);
  CHECK_FALSE(bambu::log::ParseLevel("WARN", level));
  CHECK(level == Level::kError);

  bambu::log::SetLevel(Level::kWarn);
  CHECK_FALSE(bambu::log::Enabled(Level::kInfo));
  CHECK(bambu::log::Enabled(Level::kWarn));
  CHECK(bambu::log::Enabled(Level::kError));
  bambu::log::SetLevel(Level::kInfo);
  CHECK(bambu::log::Enabled(Level::kInfo));
  CHECK_FALSE(bambu::log::Enabled(Level::kDebug));
}
