// Per-slot filament grams from the cloud task list (protocol.md §2.6), each task
// counted once, across restarts (state kept in a small JSON file).
//
// Counting rules:
// - status 2 (finished): every amsDetailMapping line adds its weight (g) to
//   finished_grams[{serial, ams, slot, filament_type, color}].
// - status 3 (failed/aborted): the lines add to failed_planned_grams instead. They
//   are slice estimates of the whole job, so for a failed job they are an upper
//   bound of what was used, kept apart from the finished totals.
// - any other status (running, ...): ignored, not marked counted, so it is counted
//   when it finishes.
// - a finished/failed task whose amsDetailMapping is still empty is not counted
//   yet (the cloud fills it in 15-60 s after the end); it is counted when a later
//   poll shows the mapping.
// - a line without a slot goes to ams="unknown", slot="unknown"; an empty
//   filamentType to "unknown"; lines of 0 g are skipped.
// The newest `max_ids` counted ids are remembered (insertion order).
#pragma once

#include <compare>
#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud_api.hpp"

namespace bambu {

struct FilamentSlotKey {
  std::string serial;
  std::string ams;   // unit id as text, or "unknown"
  std::string slot;  // slot id as text, or "unknown"
  std::string filament_type;
  std::string color;  // "#RRGGBB", "" when the task did not say (and in pre-colour state files)
  auto operator<=>(const FilamentSlotKey&) const = default;
};

using GramTotals = std::map<FilamentSlotKey, double>;

class TaskLedger {
 public:
  static constexpr std::size_t kDefaultMaxIds = 5000;
  explicit TaskLedger(std::size_t max_ids = kDefaultMaxIds);

  /// Folds one poll's tasks (any order); returns how many were newly counted.
  std::size_t Fold(const std::vector<CloudTask>& tasks);

  bool Counted(std::string_view task_id) const;
  std::size_t counted_count() const { return order_.size(); }
  const GramTotals& finished_grams() const { return finished_; }
  const GramTotals& failed_planned_grams() const { return failed_; }

  /// State as JSON: {"version":1,"counted":[ids oldest first],"finished":[...],"failed":[...]}.
  std::string ToJson() const;
  /// Replaces the state with `text`; false (state unchanged) with `error` set on bad input.
  bool FromJson(std::string_view text, std::string& error);

  /// Writes ToJson() to `path` atomically (temp file in the same dir, fsync, rename).
  bool Save(const std::string& path, std::string& error) const;
  /// Loads `path`; a missing file is not an error (empty ledger).
  bool Load(const std::string& path, std::string& error);

 private:
  void Remember(const std::string& task_id);
  void AddLines(const CloudTask& task, GramTotals& totals) const;

  std::size_t max_ids_;
  std::deque<std::string> order_;  // counted ids, oldest first
  std::set<std::string, std::less<>> ids_;
  GramTotals finished_;
  GramTotals failed_;
};

}  // namespace bambu
