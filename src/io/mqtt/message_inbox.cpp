#include "io/mqtt/message_inbox.hpp"

#include <exception>
#include <utility>

#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>

#include "base/log.hpp"
#include "io/mqtt/mqtt_session.hpp"

namespace bambu {

boost::asio::execution_context::id MessageInbox::id;

MessageInbox::MessageInbox(boost::asio::execution_context& context)
    : boost::asio::execution_context::service(context) {}

MessageInbox& MessageInbox::Of(const boost::asio::any_io_executor& executor) {
  boost::asio::execution_context& context =
      boost::asio::query(executor, boost::asio::execution::context);
  auto& inbox = boost::asio::use_service<MessageInbox>(context);
  std::lock_guard lock(inbox.mutex_);
  if (!inbox.timer_) {
    inbox.executor_ = executor;
    inbox.timer_ = std::make_unique<boost::asio::steady_timer>(executor);
  }
  return inbox;
}

void MessageInbox::Push(std::weak_ptr<MqttSession> session,
                        std::shared_ptr<std::atomic<bool>> alive, std::string_view topic,
                        std::string_view payload) {
  bool arm = false;
  bool flush = false;
  boost::asio::any_io_executor executor;
  {
    std::lock_guard lock(mutex_);
    if (!timer_) return;  // shut down
    if (pending_.used == pending_.slots.size()) pending_.slots.emplace_back();
    Slot& slot = pending_.slots[pending_.used++];
    slot.session = std::move(session);
    slot.alive = std::move(alive);
    slot.topic.assign(topic);
    slot.payload.assign(payload);
    arm = !std::exchange(timer_armed_, true);
    flush = pending_.used >= kMaxBatch && !std::exchange(flush_posted_, true);
    if (arm || flush) executor = executor_;
  }
  if (arm) boost::asio::post(executor, [this] { ArmTimer(); });
  if (flush) boost::asio::post(executor, [this] { Drain(); });
}

std::size_t MessageInbox::Drain() {
  if (in_drain_) return 0;
  in_drain_ = true;
  {
    std::lock_guard lock(mutex_);
    std::swap(pending_, draining_);
    flush_posted_ = false;
  }
  const std::size_t count = draining_.used;
  for (std::size_t i = 0; i < count; ++i) {
    Slot& slot = draining_.slots[i];
    if (slot.alive && slot.alive->load()) {
      if (auto session = slot.session.lock()) {
        try {
          session->Deliver(slot.topic, slot.payload);
        } catch (const std::exception& e) {
          log::Error("mqtt message handler failed", {{"error", e.what()}});
        }
      }
    }
    slot.session.reset();  // a stopped session is not kept alive by its last message
    slot.alive.reset();
  }
  draining_.used = 0;
  if (draining_.slots.size() > kKeptSlots) draining_.slots.resize(kKeptSlots);
  in_drain_ = false;
  return count;
}

void MessageInbox::ArmTimer() {
  if (!timer_) return;
  timer_->expires_after(kBatchWindow);
  timer_->async_wait([this](const boost::system::error_code& error) { OnTimer(error); });
}

void MessageInbox::OnTimer(const boost::system::error_code& error) {
  if (error) return;  // cancelled: the context is shutting down
  const std::size_t delivered = Drain();
  {
    std::lock_guard lock(mutex_);
    // Messages keep coming: keep the timer running. A quiet window: stop until the next one.
    if (delivered == 0 && pending_.used == 0) {
      timer_armed_ = false;
      return;
    }
  }
  ArmTimer();
}

void MessageInbox::shutdown() {
  std::lock_guard lock(mutex_);
  timer_.reset();
  pending_ = {};
  draining_ = {};
}

void DrainMqttInbox(const boost::asio::any_io_executor& executor) {
  MessageInbox::Of(executor).Drain();
}

}  // namespace bambu
