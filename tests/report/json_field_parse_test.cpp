// Numbers sent as strings: AsDouble parses integral text on a fast path that
// must give exactly what the floating-point parse gives.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "report/json_field_parse.hpp"

namespace bambu {
namespace {

double FloatParse(const std::string& text) {
  double d = 0;
  std::from_chars(text.data(), text.data() + text.size(), d);
  return d;
}

}  // namespace

TEST_CASE("AsDouble of numeric strings matches the floating-point parse") {
  for (const std::string text :
       {"0", "1000", "220", "-68", "12.5", "1e3", "0.83", "9007199254740993", "-9007199254740993",
        "9223372036854775807", "99999999999999999999", "-9223372036854775808", "007"}) {
    CAPTURE(text);
    const auto value = AsDouble(JsonScalar::String(text));
    REQUIRE(value.has_value());
    CHECK(*value == FloatParse(text));
  }
  const auto negative_zero = AsDouble(JsonScalar::String("-0"));
  REQUIRE(negative_zero.has_value());
  CHECK(std::signbit(*negative_zero));
  for (const std::string bad : {"", "-", "12a", " 12", "+5", "1e999", "nan", "0x10"}) {
    CAPTURE(bad);
    CHECK_FALSE(AsDouble(JsonScalar::String(bad)).has_value());
  }
}

TEST_CASE("short decimals (\"26.3\"): the one-division path gives what from_chars gives") {
  for (int i = 0; i <= 20000; ++i) {
    const std::string whole = std::to_string(i / 100);
    const std::string cents = std::to_string(100 + i % 100).substr(1);
    for (const std::string& text :
         {whole + "." + cents, "-" + whole + "." + cents, whole + "." + cents.substr(0, 1)}) {
      CAPTURE(text);
      CHECK(AsDouble(JsonScalar::String(text)) == FloatParse(text));
    }
  }
  for (const std::string text :
       {"26.3", "0.1", "0.3", "1.7976931348623", "99999999999999.9", "0.000000000000001",
        "123456789012.345", "9007199254740.993", "999999999999999.9", "0.0000000000000001",
        "1234567890123456.7", "007.50", "1.", ".5", "1.5e2", "-0.00"}) {
    CAPTURE(text);
    CHECK(AsDouble(JsonScalar::String(text)) == FloatParse(text));
  }
  const auto negative_zero = AsDouble(JsonScalar::String("-0.0"));
  REQUIRE(negative_zero.has_value());
  CHECK(*negative_zero == 0.0);
  CHECK(std::signbit(*negative_zero));
  CHECK(AsDouble(JsonScalar::String("26.3")) == 26.3);
  CHECK(AsDouble(JsonScalar::String("-0.83")) == -0.83);
  for (const std::string bad : {"1.2.3", "-.", ".", "1.x", "1..2", "--1.5", "1.5 "}) {
    CAPTURE(bad);
    CHECK_FALSE(AsDouble(JsonScalar::String(bad)).has_value());
  }
}

TEST_CASE("one-digit strings (ids, tray_now, humidity) are their digit, other characters fail") {
  for (int digit = 0; digit <= 9; ++digit) {
    const std::string text(1, static_cast<char>('0' + digit));
    CAPTURE(text);
    CHECK(AsInt64(JsonScalar::String(text)) == digit);
    CHECK(AsWireId(JsonScalar::String(text)) == digit);
    CHECK(AsInt(JsonScalar::String(text)) == digit);
  }
  for (const std::string bad : {"-", "/", ":", "a", " ", "."}) {
    CAPTURE(bad);
    CHECK_FALSE(AsInt64(JsonScalar::String(bad)).has_value());
  }
  CHECK(AsWireId(JsonScalar::String("12")) == 12);
}

TEST_CASE("integers as strings: the short-integer path and from_chars agree at 18/19 digits") {
  for (const std::string text : {"999999999999999999", "-999999999999999999", "1000000000000000000",
                                 "-1000000000000000000", "0000000000000000001", "5", "-5"}) {
    CAPTURE(text);
    std::int64_t expected = 0;
    std::from_chars(text.data(), text.data() + text.size(), expected);
    CHECK(AsInt64(JsonScalar::String(text)) == expected);
    CHECK(AsDouble(JsonScalar::String(text)) == FloatParse(text));
    CHECK(AsDbm(JsonScalar::String(text + "dBm")) == FloatParse(text));
  }
  CHECK(AsInt64(JsonScalar::String("-0")) == 0);
  CHECK(AsInt64(JsonScalar::String("5.0")) == 5);
  CHECK(AsInt64(JsonScalar::String("99999999999999999999")) == std::nullopt);
  CHECK(AsWireId(JsonScalar::String("128")) == 128);
}

TEST_CASE("AsDbm: \"-67dBm\", \"-67\", \"-67.5DBM\" and numbers; anything else is unusable") {
  CHECK(AsDbm(JsonScalar::String("-67dBm")) == -67.0);
  CHECK(AsDbm(JsonScalar::String("-67")) == -67.0);
  CHECK(AsDbm(JsonScalar::String("-67.5DBM")) == -67.5);
  CHECK(AsDbm(JsonScalar::String("-67DbM")) == -67.0);
  CHECK(AsDbm(JsonScalar::String("-6e1dbm")) == -60.0);
  CHECK(AsDbm(JsonScalar::Int(-70)) == -70.0);
  const auto negative_zero = AsDbm(JsonScalar::String("-0dBm"));
  REQUIRE(negative_zero.has_value());
  CHECK(std::signbit(*negative_zero));
  for (const std::string bad :
       {"", "dBm", "-67 dBm", "-67dB", "-67dBmx", "--67", "abc", "-67dbn", "-67Dbl"}) {
    CAPTURE(bad);
    CHECK_FALSE(AsDbm(JsonScalar::String(bad)).has_value());
  }
}

TEST_CASE("AsDbm: the two-digit form \"-DDdBm\" gives what the general parse gives") {
  CHECK(AsDbm(JsonScalar::String("-07DBM")) == -7.0);
  CHECK(AsDbm(JsonScalar::String("-99dbm")) == -99.0);
  CHECK(AsDbm(JsonScalar::String("+67dBm")) == std::nullopt);
  const auto negative_zero = AsDbm(JsonScalar::String("-00dBm"));
  REQUIRE(negative_zero.has_value());
  CHECK(*negative_zero == 0.0);
  CHECK(std::signbit(*negative_zero));
  for (const std::string bad :
       {"-6xdBm", "-x6dBm", "-67dBn", "-67xBm", "-67dxm", "-/7dBm", "-6:dBm", "-67d\x02m"}) {
    CAPTURE(bad);
    CHECK_FALSE(AsDbm(JsonScalar::String(bad)).has_value());
  }
  for (int level = 0; level <= 99; ++level) {
    const std::string digits = (level < 10 ? "0" : "") + std::to_string(level);
    CAPTURE(digits);
    CHECK(AsDbm(JsonScalar::String("-" + digits + "dBm")) == -static_cast<double>(level));
  }
}

TEST_CASE("AsRfidTag: a tag_uid with a non-'0' character marks an RFID spool") {
  CHECK(AsRfidTag(JsonScalar::String("5A4D3C2B1A000000")) == true);
  CHECK(AsRfidTag(JsonScalar::String("0000000000000001")) == true);
  CHECK(AsRfidTag(JsonScalar::String("0000000000000000")) == false);
  CHECK(AsRfidTag(JsonScalar::String("")) == false);
  CHECK_FALSE(AsRfidTag(JsonScalar::Int(0)).has_value());
}

}  // namespace bambu
