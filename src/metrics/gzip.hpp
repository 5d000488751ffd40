// gzip content coding for HTTP responses (RFC 1952 via zlib) and the
// Accept-Encoding negotiation that decides whether to use it (RFC 9110 §12.5.3).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bambu {

/// Compresses `data` into a gzip member; std::nullopt when zlib fails.
std::optional<std::string> GzipCompress(std::string_view data);

/// Compresses the concatenation of `parts` into one gzip member, without joining them.
std::optional<std::string> GzipCompress(std::span<const std::string_view> parts);

/// True when an Accept-Encoding header value lets us answer with gzip:
/// gzip (or "*" when gzip is not listed) has q > 0 and is not ranked below a
/// listed identity (or "*"). Ties go to gzip.
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace bambu
