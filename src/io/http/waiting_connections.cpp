#include "io/http/waiting_connections.hpp"

namespace bambu {
namespace {

using Waiting = std::map<WaitingConnections::Key, boost::beast::tcp_stream*>;

void Close(boost::beast::tcp_stream& stream) {
  boost::system::error_code ignored;
  stream.socket().close(ignored);  // its pending read or handshake ends with an error
}

/// The oldest entry without unread bytes, else the oldest.
Waiting::iterator Victim(Waiting& waiting) {
  for (auto it = waiting.begin(); it != waiting.end(); ++it) {
    boost::system::error_code ec;
    if (it->second->socket().available(ec) == 0 || ec) return it;
  }
  return waiting.begin();
}

}  // namespace

WaitingConnections::Key WaitingConnections::Add(const boost::asio::ip::address& client,
                                                boost::beast::tcp_stream& stream) {
  const Key key = ++next_;
  by_client_[client].emplace(key, &stream);
  return key;
}

void WaitingConnections::Remove(const boost::asio::ip::address& client, Key key) {
  auto it = by_client_.find(client);
  if (it == by_client_.end()) return;
  it->second.erase(key);
  if (it->second.empty()) by_client_.erase(it);
}

bool WaitingConnections::ShedOne() {
  auto most = by_client_.end();
  for (auto it = by_client_.begin(); it != by_client_.end(); ++it) {
    if (most == by_client_.end() || it->second.size() > most->second.size()) most = it;
  }
  if (most == by_client_.end()) return false;
  const auto victim = Victim(most->second);
  boost::beast::tcp_stream& stream = *victim->second;
  most->second.erase(victim);
  if (most->second.empty()) by_client_.erase(most);
  Close(stream);
  return true;
}

void WaitingConnections::CloseAll() {
  for (auto& [client, waiting] : by_client_) {
    for (auto& [key, stream] : waiting) Close(*stream);
  }
}

}  // namespace bambu
