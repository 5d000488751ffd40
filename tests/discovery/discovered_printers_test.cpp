// The bounded table of announced printers: moves, eviction, expiry, pinning.
#include <doctest/doctest.h>

#include <string>

#include "discovery/discovered_printers.hpp"

namespace bambu {
namespace {

/// Both clocks at `seconds`.
Instant At(double seconds) { return {seconds, seconds}; }

Announcement At(const std::string& serial, const std::string& address) {
  Announcement a;
  a.serial = serial;
  a.address = address;
  a.model_code = "C12";
  return a;
}

}  // namespace

TEST_CASE("discovered printers: new, same, moved") {
  DiscoveredPrinters table;
  CHECK(table.Observe(At("S1", "10.0.0.1"), "10.0.0.1", At(100)).kind == SeenKind::kNew);
  CHECK(table.Observe(At("S1", "10.0.0.1"), "10.0.0.1", At(101)).kind == SeenKind::kSame);
  const Seen moved = table.Observe(At("S1", "10.0.0.7"), "10.0.0.7", At(102));
  CHECK(moved.kind == SeenKind::kMoved);
  CHECK(moved.old_address == "10.0.0.1");
  const DiscoveredPrinter* printer = table.Find("S1");
  REQUIRE(printer);
  CHECK(printer->announcement.address == "10.0.0.7");
  CHECK(printer->first_seen.unix_s == 100);
  CHECK(printer->last_seen.mono_s == 102);
  CHECK(printer->announcements == 3);
}

TEST_CASE("discovered printers: 10,000 fake serials keep the table at its bound, watched kept") {
  DiscoveredPrinters table(64, 600);
  table.Observe(At("REAL1", "10.0.0.1"), "10.0.0.1", At(0));
  table.SetWatch("REAL1", Watch::kYes);
  for (int i = 0; i < 10000; ++i) {
    table.Observe(At("FAKE" + std::to_string(i), "10.9.9.9"), "10.9.9.9", At(1 + i * 0.0001));
  }
  CHECK(table.printers().size() == 64);
  CHECK(table.evicted() == 10000 - 63);
  CHECK(table.Find("REAL1") != nullptr);
  CHECK(table.Find("FAKE9999") != nullptr);  // the newest stay, the oldest went
  CHECK(table.Find("FAKE0") == nullptr);
}

TEST_CASE("discovered printers: a table full of watched printers drops new serials") {
  DiscoveredPrinters table(2, 600);
  table.Observe(At("A", "10.0.0.1"), "10.0.0.1", At(0));
  table.Observe(At("B", "10.0.0.2"), "10.0.0.2", At(0));
  table.SetWatch("A", Watch::kYes);
  table.SetWatch("B", Watch::kCloud);
  CHECK(table.Observe(At("C", "10.0.0.3"), "10.0.0.3", At(1)).kind == SeenKind::kDropped);
  CHECK(table.printers().size() == 2);
  CHECK(table.Find("C") == nullptr);
}

TEST_CASE("discovered printers: unwatched printers expire after their silence, watched stay") {
  DiscoveredPrinters table(16, 600);
  table.Observe(At("A", "10.0.0.1"), "10.0.0.1", At(0));
  table.Observe(At("B", "10.0.0.2"), "10.0.0.2", At(0));
  table.Observe(At("C", "10.0.0.3"), "10.0.0.3", At(300));
  table.SetWatch("B", Watch::kYes);
  table.SetWatch("A", Watch::kNoCode);
  table.Expire(At(599));
  CHECK(table.printers().size() == 3);
  table.Expire(At(600));
  CHECK(table.Find("A") == nullptr);
  CHECK(table.Find("B") != nullptr);
  CHECK(table.Find("C") != nullptr);
  CHECK(table.expired() == 1);
}

TEST_CASE("discovered printers: watch labels") {
  CHECK(WatchLabel(Watch::kYes) == "yes");
  CHECK(WatchLabel(Watch::kCloud) == "cloud");
  CHECK(WatchLabel(Watch::kNoCode) == "no_code");
  CHECK(WatchLabel(Watch::kAnotherShard) == "another_shard");
  CHECK(WatchLabel(Watch::kNotConfigured) == "not_configured");
}

}  // namespace bambu
