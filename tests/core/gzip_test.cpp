// gzip coding and Accept-Encoding negotiation.
#include "core/gzip.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

namespace bambu {
namespace {

/// Inflates a gzip member with zlib; nullopt when it is not valid gzip.
std::optional<std::string> Gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[4096];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

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
