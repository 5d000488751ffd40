// The SSL_read interposer behind packet_size_guard.hpp. The executable defines SSL_read, so
// Paho's calls (and the exporter's own) reach it first; it calls OpenSSL's SSL_read and, when
// the caller is Paho's library, feeds the bytes read to the connection's MqttFrameReader (kept
// in the SSL object's ex_data, freed with it).
#include "io/mqtt/packet_size_guard.hpp"

#include <dlfcn.h>
#include <link.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>

namespace bambu {
namespace {

/// Per TLS connection read by Paho: its frame reader and the session it belongs to.
struct GuardedConnection {
  MqttFrameReader reader{kMaxMqttPacketBytes};
  std::shared_ptr<RefusedPacketSize> refused;  // set by BindLastPahoConnection
  bool shut = false;
};

thread_local GuardedConnection* last_read = nullptr;  // Paho's receive thread: the last read
std::atomic<std::uint64_t> refused_total{0};

using SslRead = int (*)(SSL*, void*, int);

struct Range {
  std::uintptr_t begin = 0;
  std::uintptr_t end = 0;
};

/// The address range of the loaded Paho library (libpaho-mqtt3as), from its program headers.
Range PahoRange() {
  Range range;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        if (info->dlpi_name == nullptr ||
            std::string_view(info->dlpi_name).find("libpaho-mqtt3as") == std::string_view::npos) {
          return 0;
        }
        auto* out = static_cast<Range*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type != PT_LOAD) continue;
          const std::uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
          const std::uintptr_t end = begin + segment.p_memsz;
          if (out->begin == 0 || begin < out->begin) out->begin = begin;
          if (end > out->end) out->end = end;
        }
        return 1;
      },
      &range);
  return range;
}

struct Interposer {
  SslRead real_read = reinterpret_cast<SslRead>(dlsym(RTLD_NEXT, "SSL_read"));
  Range paho = PahoRange();
  int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr,
                                   [](void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
                                     delete static_cast<GuardedConnection*>(ptr);
                                   });
  bool FromPaho(const void* caller) const {
    const auto address = reinterpret_cast<std::uintptr_t>(caller);
    return address >= paho.begin && address < paho.end;
  }
};

const Interposer& Instance() {
  static const Interposer instance;
  return instance;
}

GuardedConnection& ConnectionOf(SSL* ssl, int index) {
  auto* connection = static_cast<GuardedConnection*>(SSL_get_ex_data(ssl, index));
  if (connection == nullptr) {
    connection = new GuardedConnection();
    SSL_set_ex_data(ssl, index, connection);
  }
  return *connection;
}

/// Ends the connection: its socket shut down, so Paho's next read fails and frees the packet.
void Refuse(SSL* ssl, GuardedConnection& connection, std::uint64_t announced) {
  connection.shut = true;
  refused_total.fetch_add(1, std::memory_order_relaxed);
  if (connection.refused) connection.refused->store(announced);
  const int fd = SSL_get_fd(ssl);
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace

std::uint64_t MqttFrameReader::Feed(const unsigned char* data, std::size_t size) {
  std::size_t i = 0;
  while (i < size) {
    switch (stage_) {
      case Stage::kType:
        ++i;
        stage_ = Stage::kLength;
        length_ = 0;
        multiplier_ = 1;
        length_bytes_ = 0;
        break;
      case Stage::kLength: {
        const unsigned char byte = data[i++];
        length_ += (byte & 0x7Fu) * multiplier_;
        multiplier_ *= 128;
        ++length_bytes_;
        if (length_ > max_bytes_) return length_;
        if ((byte & 0x80u) == 0) {
          body_left_ = length_;
          stage_ = body_left_ == 0 ? Stage::kType : Stage::kBody;
        } else if (length_bytes_ == 4) {
          return length_ + 1;  // a fifth length byte: malformed (§2.2.3)
        }
        break;
      }
      case Stage::kBody: {
        const std::uint64_t skip = std::min<std::uint64_t>(body_left_, size - i);
        i += skip;
        body_left_ -= skip;
        if (body_left_ == 0) stage_ = Stage::kType;
        break;
      }
    }
  }
  return 0;
}

bool BindLastPahoConnection(std::shared_ptr<RefusedPacketSize> refused) {
  if (last_read == nullptr) return false;
  last_read->refused = std::move(refused);
  return true;
}

std::uint64_t RefusedPacketCount() { return refused_total.load(std::memory_order_relaxed); }

}  // namespace bambu

/// The interposed OpenSSL entry point (see the file comment). Never throws.
extern "C" int SSL_read(SSL* ssl, void* buffer, int size) {
  const bambu::Interposer& interposer = bambu::Instance();
  const int read = interposer.real_read(ssl, buffer, size);
  if (read <= 0 || !interposer.FromPaho(__builtin_return_address(0))) return read;
  bambu::GuardedConnection& connection = bambu::ConnectionOf(ssl, interposer.index);
  bambu::last_read = &connection;
  if (connection.shut) return read;
  const std::uint64_t announced = connection.reader.Feed(static_cast<const unsigned char*>(buffer),
                                                         static_cast<std::size_t>(read));
  if (announced != 0) bambu::Refuse(ssl, connection, announced);
  return read;
}
