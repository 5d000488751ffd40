// A periodic job on an Asio steady_timer owned by a shared object: the job runs
// every `period` while the object lives and the job returns true. The handler
// holds only a weak_ptr, so the object can go away with a wait pending.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include <boost/asio/steady_timer.hpp>

namespace bambu {

/// Runs tick(*owner) every `period` on `timer` (a member of *owner) until `owner` is gone,
/// the timer is cancelled, or tick returns false.
template <class Owner, class Tick>
void RepeatEvery(boost::asio::steady_timer& timer, std::chrono::steady_clock::duration period,
                 std::weak_ptr<Owner> owner, Tick tick) {
  timer.expires_after(period);
  timer.async_wait([&timer, period, owner = std::move(owner),
                    tick = std::move(tick)](const boost::system::error_code& ec) mutable {
    if (ec) return;
    auto self = owner.lock();  // `timer` lives as long as its owner
    if (!self || !tick(*self)) return;
    RepeatEvery(timer, period, std::move(owner), std::move(tick));
  });
}

}  // namespace bambu
