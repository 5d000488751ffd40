#include "discovery/discovered_printers.hpp"

#include <utility>
#include <vector>

namespace bambu {

std::string_view WatchLabel(Watch watch) {
  switch (watch) {
    case Watch::kYes:
      return "yes";
    case Watch::kCloud:
      return "cloud";
    case Watch::kNoCode:
      return "no_code";
    case Watch::kAnotherShard:
      return "another_shard";
    case Watch::kNotConfigured:
      return "not_configured";
  }
  return "unknown";
}

DiscoveredPrinters::DiscoveredPrinters(std::size_t max_entries, double expire_after_s)
    : max_entries_(max_entries), expire_after_s_(expire_after_s) {}

Seen DiscoveredPrinters::Observe(Announcement announcement, std::string_view sender, Instant now) {
  auto it = printers_.find(announcement.serial);
  if (it == printers_.end()) {
    if (printers_.size() >= max_entries_ && !EvictOldestUnpinned()) return {SeenKind::kDropped, {}};
    DiscoveredPrinter printer;
    printer.first_seen = now;
    it = printers_.emplace(announcement.serial, std::move(printer)).first;
  }
  DiscoveredPrinter& printer = it->second;
  Seen seen{printer.announcements == 0 ? SeenKind::kNew : SeenKind::kSame, {}};
  if (seen.kind == SeenKind::kSame && printer.announcement.address != announcement.address) {
    seen = {SeenKind::kMoved, printer.announcement.address};
  }
  printer.announcement = std::move(announcement);
  printer.sender = sender;
  printer.last_seen = now;
  ++printer.announcements;
  return seen;
}

void DiscoveredPrinters::SetWatch(std::string_view serial, Watch watch) {
  auto it = printers_.find(serial);
  if (it == printers_.end()) return;
  it->second.watch = watch;
  it->second.pinned = watch == Watch::kYes || watch == Watch::kCloud;
}

void DiscoveredPrinters::Expire(Instant now) {
  std::vector<std::string> silent;
  for (const auto& [serial, printer] : printers_) {
    if (!printer.pinned && now.mono_s - printer.last_seen.mono_s >= expire_after_s_) {
      silent.push_back(serial);
    }
  }
  for (const std::string& serial : silent) printers_.erase(serial);
  expired_ += silent.size();
}

const DiscoveredPrinter* DiscoveredPrinters::Find(std::string_view serial) const {
  auto it = printers_.find(serial);
  return it == printers_.end() ? nullptr : &it->second;
}

bool DiscoveredPrinters::EvictOldestUnpinned() {
  auto oldest = printers_.end();
  for (auto it = printers_.begin(); it != printers_.end(); ++it) {
    if (it->second.pinned) continue;
    if (oldest == printers_.end() ||
        it->second.last_seen.mono_s < oldest->second.last_seen.mono_s) {
      oldest = it;
    }
  }
  if (oldest == printers_.end()) return false;
  printers_.erase(oldest);
  ++evicted_;
  return true;
}

}  // namespace bambu
