// A Bambu printer's SSDP announcement (docs/protocol.md §8): one `NOTIFY * HTTP/1.1`
// datagram parsed strictly into an Announcement, or rejected with a reason that is counted.
// Bounded: datagrams above kMaxDatagramBytes, more than kMaxHeaderLines lines or a line above
// kMaxLineBytes are rejected before anything is copied. Header names are case-insensitive;
// headers this parser does not know are skipped.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bambu {

/// What a printer says about itself in one announcement.
struct Announcement {
  std::string serial;             // USN ("uuid:" prefix removed)
  std::string model_code;         // DevModel.bambu.com: "BL-P001", "C11", ...
  std::string name;               // DevName.bambu.com: the user-visible name; may be empty
  std::string address;            // Location: dotted IPv4, no scheme or port
  std::string connect_mode;       // DevConnect.bambu.com: "lan", "cloud"; "" when absent
  std::string bind_state;         // DevBind.bambu.com: "free", "occupied"; "" when absent
  std::string firmware;           // DevVersion.bambu.com; "" when absent
  std::optional<int> signal_dbm;  // DevSignal.bambu.com: Wi-Fi signal, dBm
};

/// Why a datagram was dropped (the `reason` label of bambu_discovery_packets_total).
enum class NotifyReject : std::uint8_t {
  kOversized,        // above kMaxDatagramBytes
  kBinary,           // control bytes or invalid UTF-8
  kNotNotify,        // first line is not "NOTIFY * HTTP/1.1" (M-SEARCH, replies, noise)
  kMalformedHeader,  // a line without "name: value", a name with invalid characters
  kTooManyHeaders,   // more than kMaxHeaderLines lines
  kLineTooLong,      // a line above kMaxLineBytes
  kDuplicateHeader,  // a header this parser reads, given twice
  kNotPrinter,       // NT is not the Bambu 3D printer URN
  kMissingField,     // no USN, Location or DevModel.bambu.com
  kBadSerial,        // USN not 1..32 letters and digits
  kBadAddress,       // Location not a dotted IPv4 address
  kBadField,         // signal not a number in -127..0, or a value with characters it may not hold
};
inline constexpr std::size_t kNotifyRejectKinds = 12;

/// The label text of `reason` ("oversized", "binary", ...).
std::string_view NotifyRejectLabel(NotifyReject reason);

inline constexpr std::size_t kMaxDatagramBytes = 2048;  // real ones are about 450 bytes
inline constexpr std::size_t kMaxHeaderLines = 32;      // real ones have 13 to 16
inline constexpr std::size_t kMaxLineBytes = 200;
inline constexpr std::size_t kMaxSerialBytes = 32;

/// The device type a Bambu printer announces in NT (docs/protocol.md §8).
inline constexpr std::string_view kBambuPrinterUrn = "urn:bambulab-com:device:3dprinter:1";

struct NotifyResult {
  std::optional<Announcement> announcement;              // set when accepted
  NotifyReject reject = NotifyReject::kMalformedHeader;  // meaningful when not accepted
};

/// Parses one datagram. Never throws.
NotifyResult ParseNotify(std::string_view datagram);

}  // namespace bambu
