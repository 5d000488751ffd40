// gzip content coding for HTTP responses (RFC 1952 via zlib) and the
// Accept-Encoding negotiation that decides whether to use it (RFC 9110 §12.5.3).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "metrics/text_arena.hpp"

namespace bambu {

/// A gzip compressor kept from one answer to the next: zlib's 256 KiB of state is allocated
/// once and reset between answers instead of allocated, cleared and first touched per scrape.
class GzipEncoder {
 public:
  GzipEncoder();
  ~GzipEncoder();
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  /// The concatenation of `parts` as one gzip member, in parts of a new arena whose first
  /// region holds `expected_bytes` (e.g. the previous answer's size); nullopt when zlib fails.
  std::optional<ArenaText> Compress(std::span<const std::string_view> parts,
                                    std::size_t expected_bytes = 0);

 private:
  struct State;
  std::unique_ptr<State> state_;  // null when zlib could not be initialised
};

/// Compresses `data` into a gzip member; std::nullopt when zlib fails.
std::optional<std::string> GzipCompress(std::string_view data);

/// Compresses the concatenation of `parts` into one gzip member, without joining them.
std::optional<std::string> GzipCompress(std::span<const std::string_view> parts);

/// True when an Accept-Encoding header value lets us answer with gzip:
/// gzip (or "*" when gzip is not listed) has q > 0 and is not ranked below a
/// listed identity (or "*"). Ties go to gzip.
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace bambu
