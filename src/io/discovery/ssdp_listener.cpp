#include "io/discovery/ssdp_listener.hpp"

#include <sys/socket.h>

#include <array>
#include <stdexcept>
#include <utility>

#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/udp.hpp>

#include "base/log.hpp"
#include "config/discovery_config.hpp"
#include "discovery/ssdp_notify.hpp"

namespace bambu {
namespace {

namespace ip = boost::asio::ip;

/// `host:port` split; the config has validated it (config/discovery_config.hpp).
ip::udp::endpoint EndpointOf(const std::string& address) {
  const auto colon = address.rfind(':');
  return {ip::make_address_v4(address.substr(0, colon)),
          static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)))};
}

}  // namespace

struct SsdpListener::Impl : std::enable_shared_from_this<Impl> {
  struct Socket {
    explicit Socket(boost::asio::any_io_executor executor) : socket(executor) {}
    ip::udp::socket socket;
    ip::udp::endpoint sender;
    std::array<char, kMaxDatagramBytes + 1> buffer{};  // one more: an oversized one is seen
  };

  boost::asio::any_io_executor executor;
  SsdpListenerOptions options;
  DatagramHandler on_datagram;
  std::function<void()> on_error;
  std::vector<std::unique_ptr<Socket>> sockets;
  bool running = false;

  Impl(boost::asio::any_io_executor ex, SsdpListenerOptions o, DatagramHandler d,
       std::function<void()> e)
      : executor(std::move(ex)),
        options(std::move(o)),
        on_datagram(std::move(d)),
        on_error(std::move(e)) {}

  /// Opens, binds and (with multicast) joins the group; throws boost::system::system_error.
  std::unique_ptr<Socket> Open(const ip::udp::endpoint& endpoint) {
    auto socket = std::make_unique<Socket>(executor);
    ip::udp::socket& s = socket->socket;
    s.open(ip::udp::v4());
    s.set_option(ip::udp::socket::reuse_address(true));
    const int one = 1;
    if (::setsockopt(s.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
      log::Warn("discovery: SO_REUSEPORT refused", {{"address", endpoint.address().to_string()}});
    }
    s.set_option(boost::asio::socket_base::receive_buffer_size(kReceiveBufferBytes));
    s.bind(endpoint);
    if (options.multicast) Join(s, endpoint);
    return socket;
  }

  void Join(ip::udp::socket& socket, const ip::udp::endpoint& endpoint) {
    boost::system::error_code ec;
    socket.set_option(
        ip::multicast::join_group(ip::make_address_v4(std::string(kDiscoveryMulticastGroup))), ec);
    if (ec) {
      log::Warn("discovery: cannot join the multicast group; broadcasts are still heard",
                {{"group", std::string(kDiscoveryMulticastGroup)},
                 {"port", std::to_string(endpoint.port())},
                 {"err", ec.message()}});
    }
  }

  void Start() {
    const ip::udp::endpoint main = EndpointOf(options.listen_address);
    try {
      sockets.push_back(Open(main));
    } catch (const boost::system::system_error& error) {
      throw std::runtime_error("discovery: cannot listen on udp " + options.listen_address + ": " +
                               error.code().message());
    }
    if (options.multicast && main.port() != kDiscoveryMulticastPort) {
      try {
        sockets.push_back(Open({main.address(), kDiscoveryMulticastPort}));
      } catch (const boost::system::system_error& error) {
        log::Warn(
            "discovery: cannot listen on the multicast port",
            {{"port", std::to_string(kDiscoveryMulticastPort)}, {"err", error.code().message()}});
      }
    }
    running = true;
    for (auto& socket : sockets) Receive(*socket);
  }

  void Receive(Socket& socket) {
    socket.socket.async_receive_from(
        boost::asio::buffer(socket.buffer), socket.sender,
        [weak = weak_from_this(), &socket](const boost::system::error_code& ec, std::size_t n) {
          auto self = weak.lock();
          if (!self || !self->running || ec == boost::asio::error::operation_aborted) return;
          if (ec) {
            self->on_error();
            log::Debug("discovery: receive failed", {{"err", ec.message()}});
          } else {
            self->on_datagram(std::string_view(socket.buffer.data(), n),
                              socket.sender.address().to_string());
          }
          if (self->running) self->Receive(socket);
        });
  }

  void Stop() {
    running = false;
    for (auto& socket : sockets) {
      boost::system::error_code ignored;
      socket->socket.close(ignored);
    }
  }
};

SsdpListener::SsdpListener(boost::asio::any_io_executor executor, SsdpListenerOptions options,
                           DatagramHandler on_datagram, std::function<void()> on_error)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), std::move(on_datagram),
                                   std::move(on_error))) {}

SsdpListener::~SsdpListener() { impl_->Stop(); }

void SsdpListener::Start() { impl_->Start(); }

void SsdpListener::Stop() { impl_->Stop(); }

std::uint16_t SsdpListener::port() const {
  if (impl_->sockets.empty()) return 0;
  boost::system::error_code ec;
  const auto endpoint = impl_->sockets.front()->socket.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace bambu
