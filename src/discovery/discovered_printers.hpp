// The printers heard on the network: the latest announcement of each serial, when it was first
// and last heard, and whether this exporter watches it. Bounded: at most `max_entries` serials.
// When full, a new serial evicts the unwatched one heard longest ago; watched printers (pinned)
// are never evicted, so a flood of fake serials cannot push out a printer being followed. An
// unwatched serial silent for `expire_after_s` is forgotten.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "discovery/ssdp_notify.hpp"

namespace bambu {

/// Whether the exporter watches an announced printer: the `watched` label.
enum class Watch : std::uint8_t {
  kYes,            // a LAN session follows it
  kCloud,          // the cloud account's session follows it
  kNoCode,         // no access code for its serial
  kAnotherShard,   // another shard's (shard: section)
  kNotConfigured,  // has a code but no printers: entry, and auto_add is off
};
std::string_view WatchLabel(Watch watch);

struct DiscoveredPrinter {
  Announcement announcement;  // the latest one
  std::string sender;         // the datagram's source address
  Instant first_seen;
  Instant last_seen;
  std::uint64_t announcements = 0;
  Watch watch = Watch::kNoCode;
  bool pinned = false;  // watched: never evicted or expired
};

enum class SeenKind : std::uint8_t {
  kNew,      // a serial not in the table
  kSame,     // same address as before
  kMoved,    // a new address (`old_address` says which it had)
  kDropped,  // the table is full of watched printers; counted, not stored
};

struct Seen {
  SeenKind kind = SeenKind::kNew;
  std::string old_address;
};

class DiscoveredPrinters {
 public:
  // A large farm holds a few hundred printers; an entry is about 0.5 KB, so 1,024 entries keep
  // the table under about 0.5 MB whatever arrives.
  static constexpr std::size_t kDefaultMaxEntries = 1024;

  explicit DiscoveredPrinters(std::size_t max_entries = kDefaultMaxEntries,
                              double expire_after_s = 600);

  /// Records `announcement` heard from `sender` at `now`.
  Seen Observe(Announcement announcement, std::string_view sender, Instant now);
  /// Sets the watch state of `serial` (pinned when kYes or kCloud); no-op when unknown.
  void SetWatch(std::string_view serial, Watch watch);
  /// Forgets unpinned serials silent for expire_after_s (monotonic clock).
  void Expire(Instant now);

  const DiscoveredPrinter* Find(std::string_view serial) const;
  const std::map<std::string, DiscoveredPrinter, std::less<>>& printers() const {
    return printers_;
  }
  std::size_t max_entries() const { return max_entries_; }
  std::uint64_t evicted() const { return evicted_; }
  std::uint64_t expired() const { return expired_; }

 private:
  bool EvictOldestUnpinned();

  std::size_t max_entries_;
  double expire_after_s_;
  std::map<std::string, DiscoveredPrinter, std::less<>> printers_;  // by serial
  std::uint64_t evicted_ = 0;
  std::uint64_t expired_ = 0;
};

}  // namespace bambu
