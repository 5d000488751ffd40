// One simulated Bambu printer: state seeded from a real fixture, answers to
// pushall / get_version, and one report per tick (full on X1C/H2D, deltas on
// P1S/A1). Pure: no I/O besides loading fixtures; deterministic for a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

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
  // The active tray loses 1 % on each ams tick (every 10th), then a new spool (100 %) follows 0.

  SimPrinter(Model model, std::string serial, Fixtures fixtures, std::uint32_t seed);

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

 private:
  bool SendsDeltas() const { return model_ == Model::kP1S || model_ == Model::kA1; }
  std::string NextSequenceId();
  boost::json::object& Print();
  double Drift(double value, double step, double low, double high);
  void AdvancePrint(boost::json::object& delta);
  void AdvanceTemperatures(boost::json::object& delta);
  bool AdvanceActiveTray();
  boost::json::object AmsDelta(bool remain_changed);
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
};

}  // namespace bambu::sim
