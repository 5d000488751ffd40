// One simulated Bambu printer: state seeded from a real fixture, answers to
// pushall / get_version, and one report per tick (full on X1C/H2D, deltas on
// P1S/A1). Pure: no I/O besides loading fixtures; deterministic for a seed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "sim/sim_job.hpp"

namespace bambu::sim {

enum class Model { kX1C, kP1S, kA1, kH2D };

std::optional<Model> ParseModel(std::string_view text);
std::string_view ModelName(Model model);

/// The payloads a model starts from: a full report and a get_version reply.
struct Fixtures {
  boost::json::object full;     // {"print": {...}}
  boost::json::object version;  // {"info": {...}}
};

/// Loads the model's fixture files from `dir`; throws std::runtime_error.
Fixtures LoadFixtures(Model model, const std::string& dir);

class SimPrinter {
 public:
  static constexpr int kAmsDeltaEveryTicks = 10;  // P1S/A1: an ams delta every 10th tick
  // The humidity index of the active unit wanders at most one step from the captured value.
  // The active tray loses 1 % on each ams tick (every 10th), then a new spool (100 %) follows 0.
  // The print advances 1 % per tick, so a job lasts 100 ticks (and uses 10 % of a spool); its
  // remaining time (mc_remaining_time, minutes, rounded up) follows that clock, so the burn rate
  // and the time left agree as on a real printer. Each job gets a new name, ids and start time
  // (SimJob).

  /// `interval_ms`: the time between two ticks; `clock`: Unix seconds for job start times (the
  /// start time is 0 without one).
  SimPrinter(Model model, std::string serial, Fixtures fixtures, std::uint32_t seed,
             int interval_ms = 1000, std::function<std::int64_t()> clock = {});

  Model model() const { return model_; }
  const std::string& serial() const { return serial_; }
  std::string report_topic() const { return "device/" + serial_ + "/report"; }
  std::string request_topic() const { return "device/" + serial_ + "/request"; }

  /// Replies to a request payload: pushall → full report, get_version → version.
  /// Anything else (or invalid JSON) → no reply.
  std::vector<std::string> HandleRequest(std::string_view payload);
  /// Advances the simulation one interval; returns the report to publish.
  std::string Tick();
  /// The current state as a full report (msg 0).
  std::string FullReport();
  /// The get_version reply.
  std::string VersionReport();
  /// Sets a loaded tray's remaining percent (P1S/A1: also sent in the next delta). False when
  /// the unit or tray does not exist or the tray is empty.
  bool SetTrayRemain(const std::string& ams, const std::string& slot, int remain);
  /// Adds an entry to print.hms (P1S/A1: also sent in the next delta, the whole array).
  void AddHms(std::uint32_t attr, std::uint32_t code);

 private:
  bool SendsDeltas() const { return model_ == Model::kP1S || model_ == Model::kA1; }
  std::string NextSequenceId();
  boost::json::object& Print();
  void SetExtruderSlot(int unit_id, int slot_id);
  double Drift(double value, double step, double low, double high);
  int RemainingMinutes(int percent) const;
  void AdvancePrint(boost::json::object& delta);
  void AdvanceTemperatures(boost::json::object& delta);
  bool AdvanceActiveTray();
  boost::json::object AmsDelta(bool remain_changed);
  boost::json::object TakePendingTrays();
  std::string Wrap(boost::json::object print, int msg);

  Model model_;
  std::string serial_;
  boost::json::object report_;   // {"print": {...}}: the full current state
  boost::json::object version_;  // {"info": {...}}
  std::mt19937 rng_;
  std::uint64_t sequence_ = 1000;
  std::uint64_t ticks_ = 0;
  std::string active_unit_;  // unit id of the tray being printed from ("" when none)
  std::string active_slot_;  // tray id within that unit
  int interval_ms_;
  std::function<std::int64_t()> clock_;
  SimJob job_;
  bool hms_pending_ = false;          // P1S/A1: hms changed, not yet sent
  boost::json::array pending_units_;  // P1S/A1: trays set by SetTrayRemain, not yet sent
  std::map<std::string, int> captured_humidity_;  // unit id -> humidity index of the fixture
};

}  // namespace bambu::sim
