// Received MQTT messages waiting for the event loop (docs/architecture.md, "Threading").
// Paho's receive thread appends each message here under a short lock instead of posting one
// handler per message; the loop thread takes them in batches: on a timer that runs while
// messages arrive (kBatchWindow after the first one), before every session event and before
// every web request (DrainMqttInbox). One wake-up of the loop thread serves a whole batch. Slots
// and their strings are reused (up to kKeptSlots), so a message costs no allocation in steady
// traffic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace bambu {

class MqttSession;

class MessageInbox : public boost::asio::execution_context::service {
 public:
  // How long the first message of a batch may wait for the loop thread, at most.
  static constexpr auto kBatchWindow = std::chrono::milliseconds(250);
  // A batch this long is handed over at once (bounds the memory a flood can hold).
  static constexpr std::size_t kMaxBatch = 1024;
  // Slots kept (with their string capacity) after a drain; a larger batch frees the rest, so a
  // burst (every printer's full report at once) does not stay resident.
  static constexpr std::size_t kKeptSlots = 64;

  static boost::asio::execution_context::id id;

  explicit MessageInbox(boost::asio::execution_context& context);

  /// The inbox of `executor`'s execution context, created on first use.
  static MessageInbox& Of(const boost::asio::any_io_executor& executor);

  /// Any thread: queues one message for `session`; dropped at delivery if `alive` is false by
  /// then or the session is gone.
  void Push(std::weak_ptr<MqttSession> session, std::shared_ptr<std::atomic<bool>> alive,
            std::string_view topic, std::string_view payload);

  /// Loop thread: delivers every queued message, in arrival order. Returns how many.
  std::size_t Drain();

 private:
  struct Slot {
    std::weak_ptr<MqttSession> session;
    std::shared_ptr<std::atomic<bool>> alive;
    std::string topic;
    std::string payload;
  };
  /// Slots in use first; the rest keep their string capacity for later messages.
  struct Batch {
    std::vector<Slot> slots;
    std::size_t used = 0;
  };

  void shutdown() override;
  void ArmTimer();                                       // loop thread
  void OnTimer(const boost::system::error_code& error);  // loop thread

  std::mutex mutex_;
  boost::asio::any_io_executor executor_;  // set by the first Of()
  std::unique_ptr<boost::asio::steady_timer> timer_;
  Batch pending_;              // guarded by mutex_: filled by Push
  bool timer_armed_ = false;   // guarded by mutex_: a drain is scheduled
  bool flush_posted_ = false;  // guarded by mutex_: a full batch was posted for draining
  Batch draining_;             // loop thread only
  bool in_drain_ = false;      // loop thread only: Drain() re-entered from a handler
};

/// Loop thread: delivers the messages waiting in `executor`'s inbox (before reading state).
void DrainMqttInbox(const boost::asio::any_io_executor& executor);

}  // namespace bambu
