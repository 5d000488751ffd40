#include "core/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace bambu {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper
constexpr int kMemLevel = 8;

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// Parses a qvalue ("0", "0.5", "1.000"); malformed values count as 0.
double ParseQValue(std::string_view text) {
  text = Trim(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return 0;
  return std::min(value, 1.0);
}

/// One "coding;q=x" element: its coding and weight (1 when no q is given).
struct Coding {
  std::string_view name;
  double q = 1;
};

Coding ParseCoding(std::string_view element) {
  Coding coding;
  const auto semicolon = element.find(';');
  coding.name = Trim(element.substr(0, semicolon));
  std::string_view params =
      semicolon == std::string_view::npos ? std::string_view{} : element.substr(semicolon + 1);
  while (!params.empty()) {
    const auto next = params.find(';');
    const std::string_view param = Trim(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const auto equals = param.find('=');
    if (equals != std::string_view::npos && EqualsIgnoreCase(Trim(param.substr(0, equals)), "q")) {
      coding.q = ParseQValue(param.substr(equals + 1));
    }
  }
  return coding;
}

}  // namespace

std::optional<std::string> GzipCompress(std::string_view data) {
  if (data.size() > std::numeric_limits<uInt>::max()) return std::nullopt;
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip_q;
  std::optional<double> identity_q;
  std::optional<double> any_q;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const Coding coding = ParseCoding(accept_encoding.substr(0, comma));
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    if (EqualsIgnoreCase(coding.name, "gzip") || EqualsIgnoreCase(coding.name, "x-gzip")) {
      gzip_q = std::max(gzip_q.value_or(0), coding.q);
    } else if (EqualsIgnoreCase(coding.name, "identity")) {
      identity_q = coding.q;
    } else if (coding.name == "*") {
      any_q = coding.q;
    }
  }
  const double gzip = gzip_q.value_or(any_q.value_or(0));
  // An unlisted identity is acceptable but not preferred over a listed gzip.
  const double identity = identity_q.value_or(any_q.value_or(0));
  return gzip > 0 && gzip >= identity;
}

}  // namespace bambu
