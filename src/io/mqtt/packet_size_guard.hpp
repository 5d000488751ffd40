// Bounds the MQTT packets Paho reads over TLS, whatever the broker announces. Paho 1.3.12 (Debian
// 12) reads a packet's fixed header, then allocates and fills a buffer of the whole announced
// remaining length (up to 256 MB) before any callback sees it; its MQTTAsync_SSLOptions has no
// hook to the SSL_CTX or SSL objects (ssl_ctx_callback came later). So the exporter interposes
// SSL_read (packet_size_guard.cpp): for reads made by Paho's library only, the decrypted bytes
// go through a small MQTT fixed-header parser per TLS connection, and a packet whose remaining
// length exceeds kMaxMqttPacketBytes shuts the connection's socket down at once: Paho sees the
// connection end after at most one TLS record of the packet, and the session reconnects with
// backoff (docs/security.md, "Bounded memory"). Plain tcp:// sessions (tests, bridges) are not
// guarded.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace bambu {

/// The largest MQTT packet accepted: a 4 MiB payload (MqttSession's message limit) plus topic
/// and header room.
inline constexpr std::uint64_t kMaxMqttPacketBytes = 4 * 1024 * 1024 + 64 * 1024;

/// What a refused packet announced, for its session: 0 while none was refused.
using RefusedPacketSize = std::atomic<std::uint64_t>;

/// Called on Paho's receive thread in the connected callback: ties the TLS connection that
/// just read the CONNACK to `refused`, which a later refusal on that connection sets. Returns
/// false when the last read on this thread was not a guarded TLS read (tcp://).
bool BindLastPahoConnection(std::shared_ptr<RefusedPacketSize> refused);

/// Packets refused since the process started (all sessions).
std::uint64_t RefusedPacketCount();

/// Incremental MQTT fixed-header reader (MQTT 3.1.1 §2.2): fed the bytes of a connection in
/// order, it says when a packet announces more than `max_bytes` of remaining length.
class MqttFrameReader {
 public:
  explicit MqttFrameReader(std::uint64_t max_bytes) : max_bytes_(max_bytes) {}
  /// Feeds `size` bytes; returns the announced remaining length of the first packet over the
  /// limit (or of a malformed length), 0 when every packet so far is within it.
  std::uint64_t Feed(const unsigned char* data, std::size_t size);

 private:
  enum class Stage : std::uint8_t { kType, kLength, kBody };
  std::uint64_t max_bytes_;
  Stage stage_ = Stage::kType;
  std::uint64_t length_ = 0;      // remaining length decoded so far
  std::uint64_t multiplier_ = 1;  // of the next length byte
  int length_bytes_ = 0;          // at most 4
  std::uint64_t body_left_ = 0;   // bytes of the current packet's body still to skip
};

}  // namespace bambu
