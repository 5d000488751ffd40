// UDP sockets that hear the printers' SSDP announcements (docs/protocol.md §8) on the event
// loop. Listens only, never sends. SO_REUSEADDR and SO_REUSEPORT so Bambu Studio or another tool
// on the host can bind the same ports; broadcast datagrams reach every such socket. With
// `multicast`, also port 1990 and the group 239.255.255.250 (a failed join is logged, not
// fatal: a host without a multicast route still hears broadcasts). The kernel receive buffer is
// bounded (kReceiveBufferBytes): a flood beyond it is dropped by the kernel, never queued here.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace bambu {

struct SsdpListenerOptions {
  std::string listen_address = "0.0.0.0:2021";  // IPv4 "host:port"
  bool multicast = true;                        // also host:1990, and join 239.255.255.250
};

class SsdpListener {
 public:
  static constexpr int kReceiveBufferBytes = 256 * 1024;  // about 500 announcements

  /// `on_datagram(bytes, sender address)` runs on the executor for every datagram; bytes may be
  /// one longer than kMaxDatagramBytes (an oversized datagram, cut). `on_error` counts socket
  /// errors.
  using DatagramHandler = std::function<void(std::string_view bytes, const std::string& sender)>;
  SsdpListener(boost::asio::any_io_executor executor, SsdpListenerOptions options,
               DatagramHandler on_datagram, std::function<void()> on_error);
  ~SsdpListener();
  SsdpListener(const SsdpListener&) = delete;
  SsdpListener& operator=(const SsdpListener&) = delete;

  /// Binds the sockets and starts receiving. Throws std::runtime_error naming the address when
  /// the main port cannot be bound.
  void Start();
  void Stop();
  /// The bound port of the main socket (useful with port 0 in tests).
  std::uint16_t port() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bambu
