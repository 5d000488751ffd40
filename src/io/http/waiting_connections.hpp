// The HTTP connections waiting for a request head or a TLS handshake, grouped by client address,
// and which of them makes room at the connection limit: the oldest waiting connection of the
// address that holds the most, skipping one whose bytes wait unread (a client that is talking
// and only waits for the event loop). A LAN neighbour that opens hundreds of silent sockets
// only ever evicts its own (docs/security.md, "HTTP server").
#pragma once

#include <cstdint>
#include <map>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace bambu {

class WaitingConnections {
 public:
  using Key = std::uint64_t;

  /// `stream` (from `client`) starts waiting; the key removes it again.
  Key Add(const boost::asio::ip::address& client, boost::beast::tcp_stream& stream);
  /// It stopped waiting; nothing happens when it was shed meanwhile.
  void Remove(const boost::asio::ip::address& client, Key key);
  /// Closes one waiting connection (see above); false when none waits.
  bool ShedOne();
  /// Closes every waiting connection (the server stops).
  void CloseAll();

 private:
  std::map<boost::asio::ip::address, std::map<Key, boost::beast::tcp_stream*>> by_client_;
  Key next_ = 0;  // keys grow with the start of the wait: lower is older
};

}  // namespace bambu
