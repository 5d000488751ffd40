// A Beast body type for a WebResponse body given in parts (a string, then the views of an
// ArenaText): the parts go to the socket as one buffer sequence, without being joined, and the
// Content-Length is their total size.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include "metrics/text_arena.hpp"

namespace bambu {

struct PartsBody {
  /// The body: `head`, then every part of `rest`.
  struct value_type {
    std::string head;
    ArenaText rest;
  };

  static std::uint64_t size(const value_type& body) { return body.head.size() + body.rest.size(); }

  /// Serializes the body in one step: a buffer per non-empty part.
  class writer {
   public:
    using const_buffers_type = std::vector<boost::asio::const_buffer>;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
        : body_(body) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (done_) return boost::none;
      done_ = true;
      const_buffers_type buffers;
      buffers.reserve(body_.rest.parts.size() + 1);
      if (!body_.head.empty()) buffers.emplace_back(body_.head.data(), body_.head.size());
      for (const auto& part : body_.rest.parts) {
        if (!part.empty()) buffers.emplace_back(part.data(), part.size());
      }
      if (buffers.empty()) return boost::none;
      return std::make_pair(std::move(buffers), false);
    }

   private:
    const value_type& body_;
    bool done_ = false;
  };
};

}  // namespace bambu
