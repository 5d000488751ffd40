// gzip coding and Accept-Encoding negotiation.
#include "metrics/gzip.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gunzip.hpp"

namespace bambu {
namespace {

using testing::Gunzip;

}  // namespace

TEST_CASE("GzipCompress produces a gzip member that inflates to the input") {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text +=
        "bambu_tray_present{ams=\"0\",printer=\"p1s\",slot=\"" + std::to_string(i % 4) + "\"} 1\n";
  }
  const auto compressed = GzipCompress(text);
  REQUIRE(compressed.has_value());
  REQUIRE(compressed->size() > 10);
  CHECK(static_cast<unsigned char>((*compressed)[0]) == 0x1f);  // gzip magic
  CHECK(static_cast<unsigned char>((*compressed)[1]) == 0x8b);
  CHECK(compressed->size() < text.size() / 10);
  CHECK(Gunzip(*compressed) == text);
}

TEST_CASE("GzipCompress of an empty body is a valid empty gzip member") {
  const auto compressed = GzipCompress("");
  REQUIRE(compressed.has_value());
  CHECK(Gunzip(*compressed) == std::string());
}

TEST_CASE("GzipCompress of parts equals the joined input, across output growth steps") {
  // Random-looking text compresses poorly, so the output grows past several 64 KiB steps.
  std::string noise;
  std::uint32_t x = 12345;
  for (int i = 0; i < 400'000; ++i) {
    x = x * 1103515245U + 12345U;
    noise += static_cast<char>('!' + (x >> 16) % 90);
  }
  const std::vector<std::string_view> parts = {
      std::string_view(noise).substr(0, 1), std::string_view(),
      std::string_view(noise).substr(1, 70'000), std::string_view(noise).substr(70'001)};
  const auto compressed = GzipCompress(std::span<const std::string_view>(parts));
  REQUIRE(compressed.has_value());
  CHECK(compressed->size() > 200'000);
  CHECK(Gunzip(*compressed) == std::string(noise.substr(0, 70'001)) + noise.substr(70'001));
  CHECK(Gunzip(*GzipCompress(std::span<const std::string_view>())) == std::string());
}

TEST_CASE("GzipEncoder: answers in a row each inflate to their input, in arena parts") {
  GzipEncoder encoder;
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "line " + std::to_string(i * 7919 % 100003) + "\n";
  const std::string_view halves[] = {std::string_view(text).substr(0, text.size() / 2),
                                     std::string_view(text).substr(text.size() / 2)};
  std::size_t expected = 0;  // 0 first, then the size of the previous answer
  for (int answer = 0; answer < 3; ++answer) {
    const std::optional<ArenaText> gzipped = encoder.Compress(halves, expected);
    REQUIRE(gzipped.has_value());
    CHECK(gzipped->parts.size() >= 1);
    CHECK(testing::Gunzip(gzipped->Joined()) == text);
    expected = gzipped->size();
  }
  const std::string_view nothing[] = {std::string_view()};
  CHECK(testing::Gunzip(encoder.Compress(nothing)->Joined()) == "");
}

TEST_CASE("AcceptsGzip honours codings, q-values, * and identity") {
  CHECK(AcceptsGzip("gzip"));
  CHECK(AcceptsGzip("GZip"));
  CHECK(AcceptsGzip("x-gzip"));
  CHECK(AcceptsGzip("deflate, gzip"));
  CHECK(AcceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  CHECK(AcceptsGzip("gzip;q=0.001"));
  CHECK(AcceptsGzip("gzip ; Q=0.5"));
  CHECK(AcceptsGzip("*"));
  CHECK(AcceptsGzip("gzip, identity;q=0.5"));
  CHECK(AcceptsGzip("identity;q=0.5, *"));

  CHECK_FALSE(AcceptsGzip(""));
  CHECK_FALSE(AcceptsGzip("identity"));
  CHECK_FALSE(AcceptsGzip("deflate, br"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0"));
  CHECK_FALSE(AcceptsGzip("gzip; q=0.000"));
  CHECK_FALSE(AcceptsGzip("*;q=0"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0, *"));           // explicit gzip wins over *
  CHECK_FALSE(AcceptsGzip("gzip;q=0.5, identity"));  // identity ranked higher
  CHECK_FALSE(AcceptsGzip("gzip;q=abc"));            // malformed q counts as 0
  CHECK_FALSE(AcceptsGzip("gzipx"));
}

}  // namespace bambu
