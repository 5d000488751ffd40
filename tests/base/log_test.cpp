#include "base/log.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

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

TEST_CASE("log: JSON line with ts, level, msg and the fields as strings") {
  using bambu::log::Level;
  CHECK(bambu::log::FormatJsonLine(kTs, Level::kInfo, "listening", {{"address", ":9593"}}) ==
        R"({"ts":"2026-11-28T07:00:00.123Z","level":"info","msg":"listening","address":":9593"})");
  CHECK(bambu::log::FormatJsonLine(kTs, Level::kWarn, "mqtt lost", {}) ==
        R"({"ts":"2026-11-28T07:00:00.123Z","level":"warn","msg":"mqtt lost"})");
}

TEST_CASE("log: JSON escapes quotes, backslashes and control characters and keeps UTF-8") {
  using bambu::log::Level;
  const std::string line = bambu::log::FormatJsonLine(
      kTs, Level::kError, "bad \"report\"",
      {{"path", "C:\\x"}, {"text", "a\nb\tc\x01"}, {"name", "Drucker Ü 🖨"}, {"empty", ""}});
  CHECK(line == R"({"ts":"2026-11-28T07:00:00.123Z","level":"error","msg":"bad \"report\"",)"
                R"("path":"C:\\x","text":"a\nb\tc\u0001","name":"Drucker Ü 🖨","empty":""})");
  const boost::json::object parsed = boost::json::parse(line).as_object();
  CHECK(parsed.at("msg").as_string() == "bad \"report\"");
  CHECK(parsed.at("text").as_string() == "a\nb\tc\x01");
  CHECK(parsed.at("name").as_string() == "Drucker Ü 🖨");
}

TEST_CASE("log: JSON replaces bytes that are not UTF-8, so the line stays valid JSON") {
  using bambu::log::Level;
  // A lone continuation byte, a truncated 2-byte sequence, an overlong "/" and a surrogate.
  const std::string line = bambu::log::FormatJsonLine(kTs, Level::kInfo, "m",
                                                      {{"v", std::string("a\x80"
                                                                         "b\xC3"
                                                                         "\xC0\xAF"
                                                                         "\xED\xA0\x80")}});
  CHECK(line.find(R"("v":"a\ufffdb\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd")") != std::string::npos);
  CHECK(boost::json::parse(line).as_object().at("v").as_string() ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("log: formats parse") {
  bambu::log::Format format = bambu::log::Format::kLogfmt;
  CHECK(bambu::log::ParseFormat("json", format));
  CHECK(format == bambu::log::Format::kJson);
  CHECK(bambu::log::ParseFormat("logfmt", format));
  CHECK(format == bambu::log::Format::kLogfmt);
  CHECK_FALSE(bambu::log::ParseFormat("JSON", format));
  CHECK_FALSE(bambu::log::ParseFormat("text", format));
  CHECK(format == bambu::log::Format::kLogfmt);
}
