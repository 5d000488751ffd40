#include "discovery/ssdp_notify.hpp"

#include <charconv>

#include "config/discovery_config.hpp"

namespace bambu {
namespace {

constexpr std::string_view kRequestLine = "NOTIFY * HTTP/1.1";

/// The headers this parser reads; every other header is skipped.
enum class Field : std::uint8_t {
  kUsn,
  kLocation,
  kNt,
  kModel,
  kName,
  kSignal,
  kConnect,
  kBind,
  kVersion,
  kCount
};

constexpr std::array<std::string_view, static_cast<std::size_t>(Field::kCount)> kFieldNames = {
    "usn",
    "location",
    "nt",
    "devmodel.bambu.com",
    "devname.bambu.com",
    "devsignal.bambu.com",
    "devconnect.bambu.com",
    "devbind.bambu.com",
    "devversion.bambu.com"};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != b[i]) return false;
  }
  return true;
}

std::optional<Field> FieldOf(std::string_view name) {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kFieldNames[i])) return static_cast<Field>(i);
  }
  return std::nullopt;
}

/// RFC 9110 token characters: what a header name may hold.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// Text only: no control bytes but CR, LF and tab, and well-formed UTF-8.
bool IsText(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\r' && byte != '\n' && byte != '\t') || byte == 0x7f) {
        return false;
      }
      continue;
    }
    std::size_t more = 0;
    if (byte >= 0xc2 && byte <= 0xdf) {
      more = 1;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      more = 2;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      more = 3;
    } else {
      return false;
    }
    if (i + more >= bytes.size()) return false;  // a sequence cut short
    for (std::size_t k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xc0) != 0x80) return false;
    }
    i += more;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsSerial(std::string_view serial) {
  if (serial.empty() || serial.size() > kMaxSerialBytes) return false;
  for (char c : serial) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

/// A short value for a label: printable, no quotes or backslashes (those would need escaping
/// in every consumer and no printer sends them).
bool IsPlainValue(std::string_view value) {
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '\t') return false;
  }
  return true;
}

std::optional<int> ParseSignal(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < -127 || value > 0) return std::nullopt;
  return value;
}

/// One line of `rest` (without its CR LF or LF); advances `rest` past it.
std::string_view NextLine(std::string_view& rest) {
  const auto newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

NotifyResult Reject(NotifyReject reason) { return {std::nullopt, reason}; }

/// Checks and copies the fields read into `out`.
std::optional<NotifyReject> Fill(
    const std::array<std::optional<std::string_view>, kFieldNames.size()>& values,
    Announcement& out) {
  auto value = [&](Field field) { return values[static_cast<std::size_t>(field)]; };
  if (auto nt = value(Field::kNt); nt && *nt != kBambuPrinterUrn) return NotifyReject::kNotPrinter;
  if (!value(Field::kUsn) || !value(Field::kLocation) || !value(Field::kModel)) {
    return NotifyReject::kMissingField;
  }
  std::string_view serial = *value(Field::kUsn);
  if (serial.size() >= 5 && EqualsIgnoreCase(serial.substr(0, 5), "uuid:")) serial.remove_prefix(5);
  if (!IsSerial(serial)) return NotifyReject::kBadSerial;
  if (!IsDottedIpv4(*value(Field::kLocation))) return NotifyReject::kBadAddress;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] && !IsPlainValue(*values[i])) return NotifyReject::kBadField;
  }
  if (auto signal = value(Field::kSignal)) {
    out.signal_dbm = ParseSignal(*signal);
    if (!out.signal_dbm) return NotifyReject::kBadField;
  }
  if (value(Field::kModel)->empty()) return NotifyReject::kMissingField;
  out.serial = serial;
  out.address = *value(Field::kLocation);
  out.model_code = *value(Field::kModel);
  out.name = value(Field::kName).value_or("");
  out.connect_mode = value(Field::kConnect).value_or("");
  out.bind_state = value(Field::kBind).value_or("");
  out.firmware = value(Field::kVersion).value_or("");
  return std::nullopt;
}

}  // namespace

std::string_view NotifyRejectLabel(NotifyReject reason) {
  switch (reason) {
    case NotifyReject::kOversized:
      return "oversized";
    case NotifyReject::kBinary:
      return "binary";
    case NotifyReject::kNotNotify:
      return "not_notify";
    case NotifyReject::kMalformedHeader:
      return "malformed_header";
    case NotifyReject::kTooManyHeaders:
      return "too_many_headers";
    case NotifyReject::kLineTooLong:
      return "line_too_long";
    case NotifyReject::kDuplicateHeader:
      return "duplicate_header";
    case NotifyReject::kNotPrinter:
      return "not_printer";
    case NotifyReject::kMissingField:
      return "missing_field";
    case NotifyReject::kBadSerial:
      return "bad_serial";
    case NotifyReject::kBadAddress:
      return "bad_address";
    case NotifyReject::kBadField:
      return "bad_field";
  }
  return "unknown";
}

NotifyResult ParseNotify(std::string_view datagram) {
  if (datagram.size() > kMaxDatagramBytes) return Reject(NotifyReject::kOversized);
  if (!IsText(datagram)) return Reject(NotifyReject::kBinary);
  std::string_view rest = datagram;
  if (NextLine(rest) != kRequestLine) return Reject(NotifyReject::kNotNotify);
  std::array<std::optional<std::string_view>, kFieldNames.size()> values;
  std::size_t lines = 0;
  while (!rest.empty()) {
    const std::string_view line = NextLine(rest);
    if (line.empty()) break;  // the blank line that ends the headers; no body is read
    if (++lines > kMaxHeaderLines) return Reject(NotifyReject::kTooManyHeaders);
    if (line.size() > kMaxLineBytes) return Reject(NotifyReject::kLineTooLong);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return Reject(NotifyReject::kMalformedHeader);
    const std::string_view name = line.substr(0, colon);
    for (char c : name) {
      if (!IsTokenChar(c)) return Reject(NotifyReject::kMalformedHeader);
    }
    const std::optional<Field> field = FieldOf(name);
    if (!field) continue;
    auto& slot = values[static_cast<std::size_t>(*field)];
    if (slot) return Reject(NotifyReject::kDuplicateHeader);
    slot = Trim(line.substr(colon + 1));
  }
  Announcement announcement;
  if (auto reject = Fill(values, announcement)) return Reject(*reject);
  return {std::move(announcement), NotifyReject::kMalformedHeader};
}

}  // namespace bambu
