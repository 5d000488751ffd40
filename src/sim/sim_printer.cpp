#include "sim/sim_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bambu::sim {
namespace json = boost::json;
namespace {

constexpr double kNozzleTargetC = 220;
constexpr double kBedTargetC = 55;

json::object LoadObject(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  json::value value = json::parse(text.str());
  if (!value.is_object()) throw std::runtime_error("fixture is not a JSON object: " + path);
  return value.as_object();
}

/// P1S shares the P1P board: project C12 instead of C11 (see state/printer_model.cpp).
void MakeP1sVersion(json::object& version) {
  for (auto& module : version["info"].as_object()["module"].as_array()) {
    auto& object = module.as_object();
    if (auto* project = object.if_contains("project_name"); project && *project == "C11") {
      *project = "C12";
    }
  }
}

double Round2(double value) { return std::round(value * 100) / 100; }

std::string Format1(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", value);
  return buffer;
}

/// A JSON value that may be a number or a numeric string, as printers send both.
double NumberOf(const json::value& value, double fallback) {
  if (value.is_number()) return value.to_number<double>();
  if (value.is_string()) {
    try {
      return std::stod(std::string(value.as_string()));
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

}  // namespace

std::optional<Model> ParseModel(std::string_view text) {
  if (text == "X1C") return Model::kX1C;
  if (text == "P1S") return Model::kP1S;
  if (text == "A1") return Model::kA1;
  if (text == "H2D") return Model::kH2D;
  return std::nullopt;
}

std::string_view ModelName(Model model) {
  switch (model) {
    case Model::kX1C:
      return "X1C";
    case Model::kP1S:
      return "P1S";
    case Model::kA1:
      return "A1";
    case Model::kH2D:
      return "H2D";
  }
  return "?";
}

Fixtures LoadFixtures(Model model, const std::string& dir) {
  std::string full;
  std::string version;
  switch (model) {
    case Model::kX1C:
      full = "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json";
      version = "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json";
      break;
    case Model::kP1S:
      full = "rdiger36-spoolman_P1S-AMS_full.json";
      version = "ha-bambulab_P1P-AMS_get_version.json";
      break;
    case Model::kA1:
      full = "ha-bambulab_A1-AMSlite_full.json";
      version = "ha-bambulab_A1-AMSlite_get_version.json";
      break;
    case Model::kH2D:
      full = "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json";
      version = "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_get_version.json";
      break;
  }
  Fixtures fixtures{LoadObject(dir + "/" + full), LoadObject(dir + "/" + version)};
  if (!fixtures.full.contains("print") || !fixtures.version.contains("info")) {
    throw std::runtime_error("fixture without print/info envelope in " + dir);
  }
  if (model == Model::kP1S) MakeP1sVersion(fixtures.version);
  return fixtures;
}

SimPrinter::SimPrinter(Model model, std::string serial, Fixtures fixtures, std::uint32_t seed,
                       int interval_ms, std::function<std::int64_t()> clock)
    : model_(model),
      serial_(std::move(serial)),
      report_(std::move(fixtures.full)),
      version_(std::move(fixtures.version)),
      rng_(seed),
      interval_ms_(interval_ms),
      clock_(std::move(clock)),
      job_(seed) {
  auto& print = Print();
  print["gcode_state"] = "RUNNING";
  job_.Start(clock_ ? clock_() : 0);
  job_.WriteTo(print);
  print["mc_percent"] = 0;
  print["mc_remaining_time"] = RemainingMinutes(0);
  print["nozzle_target_temper"] = kNozzleTargetC;
  print["bed_target_temper"] = kBedTargetC;
  // Print from the first tray of the first unit that tracks its remaining filament.
  auto* ams = print.if_contains("ams");
  if (ams == nullptr || !ams->is_object()) return;
  auto* units = ams->as_object().if_contains("ams");
  if (units == nullptr || !units->is_array()) return;
  for (auto& unit : units->as_array()) {
    for (auto& tray : unit.as_object()["tray"].as_array()) {
      const auto* remain = tray.as_object().if_contains("remain");
      if (remain == nullptr || !remain->is_number() || remain->to_number<double>() < 0) continue;
      active_unit_ = std::string(unit.as_object()["id"].as_string());
      active_slot_ = std::string(tray.as_object()["id"].as_string());
      int unit_id = std::stoi(active_unit_);
      int slot_id = std::stoi(active_slot_);
      if (model_ != Model::kH2D && unit_id < 4) {
        ams->as_object()["tray_now"] = std::to_string(unit_id * 4 + slot_id);
      }
      SetExtruderSlot(unit_id, slot_id);
      return;
    }
  }
}

json::object& SimPrinter::Print() { return report_["print"].as_object(); }

void SimPrinter::SetExtruderSlot(int unit_id, int slot_id) {
  // device.extruder (X1 fw 01.09+, H2*): `snow` of the current extruder (state bits 4-7) is
  // (ams_id << 8) | slot, and takes precedence over tray_now (protocol.md §5.6).
  auto* device = Print().if_contains("device");
  if (device == nullptr || !device->is_object()) return;
  auto* extruder = device->as_object().if_contains("extruder");
  if (extruder == nullptr || !extruder->is_object()) return;
  auto* info = extruder->as_object().if_contains("info");
  if (info == nullptr || !info->is_array()) return;
  const auto* state = extruder->as_object().if_contains("state");
  const int current = state ? (static_cast<int>(NumberOf(*state, 0)) >> 4) & 0xF : 0;
  for (auto& entry : info->as_array()) {
    auto& object = entry.as_object();
    if (static_cast<int>(NumberOf(object["id"], -1)) == current) {
      object["snow"] = unit_id * 256 + slot_id;
    }
  }
}

std::string SimPrinter::NextSequenceId() { return std::to_string(++sequence_); }

std::vector<std::string> SimPrinter::HandleRequest(std::string_view payload) {
  json::value request;
  try {
    request = json::parse(payload);
  } catch (const std::exception&) {
    return {};
  }
  if (!request.is_object()) return {};
  const auto& object = request.as_object();
  if (const auto* pushing = object.if_contains("pushing"); pushing && pushing->is_object()) {
    const auto* command = pushing->as_object().if_contains("command");
    if (command && *command == "pushall") return {FullReport()};
  }
  if (const auto* info = object.if_contains("info"); info && info->is_object()) {
    const auto* command = info->as_object().if_contains("command");
    if (command && *command == "get_version") return {VersionReport()};
  }
  return {};
}

std::string SimPrinter::FullReport() { return Wrap(Print(), 0); }

std::string SimPrinter::VersionReport() {
  json::object reply = version_;
  reply["info"].as_object()["sequence_id"] = NextSequenceId();
  return json::serialize(reply);
}

std::string SimPrinter::Wrap(json::object print, int msg) {
  print["command"] = "push_status";
  print["sequence_id"] = NextSequenceId();
  if (msg >= 0) {
    print["msg"] = msg;
  } else {
    print.erase("msg");
  }
  json::object report;
  report["print"] = std::move(print);
  return json::serialize(report);
}

double SimPrinter::Drift(double value, double step, double low, double high) {
  std::uniform_real_distribution<double> noise(-step, step);
  return Round2(std::clamp(value + noise(rng_), low, high));
}

int SimPrinter::RemainingMinutes(int percent) const {
  const long long remaining_ms = static_cast<long long>(100 - percent) * interval_ms_;
  return static_cast<int>((remaining_ms + 59999) / 60000);
}

void SimPrinter::AdvancePrint(json::object& delta) {
  auto& print = Print();
  int percent = static_cast<int>(NumberOf(print["mc_percent"], 0));
  percent = percent >= 100 ? 0 : percent + 1;  // a new job starts after 100 %
  if (percent == 0) {
    job_.Start(clock_ ? clock_() : 0);
    job_.WriteTo(print);
    job_.WriteTo(delta);
  }
  print["mc_percent"] = percent;
  print["mc_remaining_time"] = RemainingMinutes(percent);
  delta["mc_percent"] = print["mc_percent"];
  delta["mc_remaining_time"] = print["mc_remaining_time"];
}

void SimPrinter::AdvanceTemperatures(json::object& delta) {
  auto& print = Print();
  auto approach = [this](double value, double target) {
    return Drift(value + (target - value) * 0.3, 0.5, 0, 300);
  };
  print["nozzle_temper"] = approach(NumberOf(print["nozzle_temper"], 25), kNozzleTargetC);
  print["bed_temper"] = approach(NumberOf(print["bed_temper"], 25), kBedTargetC);
  std::uniform_int_distribution<int> wifi(60, 75);
  print["wifi_signal"] = "-" + std::to_string(wifi(rng_)) + "dBm";
  for (const char* key : {"nozzle_temper", "bed_temper", "wifi_signal"}) delta[key] = print[key];
}

bool SimPrinter::AdvanceActiveTray() {
  if (active_unit_.empty()) return false;
  for (auto& unit : Print()["ams"].as_object()["ams"].as_array()) {
    if (unit.as_object()["id"] != active_unit_.c_str()) continue;
    for (auto& tray : unit.as_object()["tray"].as_array()) {
      auto& object = tray.as_object();
      if (object["id"] != active_slot_.c_str()) continue;
      int remain = static_cast<int>(NumberOf(object["remain"], 0));
      object["remain"] = remain <= 0 ? 100 : remain - 1;  // empty → a new spool
      return true;
    }
  }
  return false;
}

json::object SimPrinter::AmsDelta(bool remain_changed) {
  // Change the active unit's sensors (or the first unit's) and report one tray.
  auto& units = Print()["ams"].as_object()["ams"].as_array();
  json::object* unit = units.empty() ? nullptr : &units.front().as_object();
  for (auto& candidate : units) {
    if (candidate.as_object()["id"] == active_unit_.c_str()) unit = &candidate.as_object();
  }
  json::object ams;
  if (unit == nullptr) return ams;
  json::object unit_delta;
  unit_delta["id"] = (*unit)["id"];
  int humidity = static_cast<int>(NumberOf((*unit)["humidity"], 0));
  if (humidity >= 1 && humidity <= 5) {
    const int captured =
        captured_humidity_.try_emplace(std::string((*unit)["id"].as_string()), humidity)
            .first->second;
    std::uniform_int_distribution<int> step(-1, 1);
    humidity =
        std::clamp(humidity + step(rng_), std::max(1, captured - 1), std::min(5, captured + 1));
    (*unit)["humidity"] = std::to_string(humidity);
  }
  double temp = NumberOf((*unit)["temp"], 0);
  if (temp > 0) (*unit)["temp"] = Format1(Drift(temp, 0.3, 15, 45));
  unit_delta["humidity"] = (*unit)["humidity"];
  unit_delta["temp"] = (*unit)["temp"];
  json::array trays;
  for (auto& tray : (*unit)["tray"].as_array()) {
    auto& object = tray.as_object();
    bool active = object["id"] == active_slot_.c_str();
    if (!object.contains("remain") || (remain_changed && !active)) continue;
    trays.push_back(json::object{{"id", object["id"]}, {"remain", object["remain"]}});
    break;
  }
  unit_delta["tray"] = std::move(trays);
  ams["ams"] = json::array{std::move(unit_delta)};
  return ams;
}

bool SimPrinter::SetTrayRemain(const std::string& ams, const std::string& slot, int remain) {
  auto* ams_object = Print().if_contains("ams");
  if (ams_object == nullptr || !ams_object->is_object()) return false;
  auto* units = ams_object->as_object().if_contains("ams");
  if (units == nullptr || !units->is_array()) return false;
  for (auto& unit : units->as_array()) {
    if (unit.as_object()["id"] != ams.c_str()) continue;
    for (auto& tray : unit.as_object()["tray"].as_array()) {
      auto& object = tray.as_object();
      if (object["id"] != slot.c_str() || !object.contains("remain")) continue;
      object["remain"] = remain;
      if (SendsDeltas()) {
        json::object tray_delta{{"id", slot}, {"remain", remain}};
        pending_units_.push_back(json::object{{"id", ams}, {"tray", json::array{tray_delta}}});
      }
      return true;
    }
  }
  return false;
}

void SimPrinter::AddHms(std::uint32_t attr, std::uint32_t code) {
  auto& print = Print();
  if (!print.contains("hms") || !print["hms"].is_array()) print["hms"] = json::array();
  print["hms"].as_array().push_back(json::object{{"attr", attr}, {"code", code}});
  hms_pending_ = SendsDeltas();
}

json::object SimPrinter::TakePendingTrays() {
  json::object ams;
  ams["ams"] = std::move(pending_units_);
  pending_units_ = json::array();
  return ams;
}

std::string SimPrinter::Tick() {
  ++ticks_;
  json::object delta;
  AdvancePrint(delta);
  AdvanceTemperatures(delta);
  if (ticks_ % kAmsDeltaEveryTicks == 0) {
    bool remain_changed = AdvanceActiveTray();
    delta["ams"] = AmsDelta(remain_changed);
  } else if (!pending_units_.empty()) {
    delta["ams"] = TakePendingTrays();
  }
  if (hms_pending_) {
    delta["hms"] = Print()["hms"];  // arrays are replaced whole (docs/protocol.md)
    hms_pending_ = false;
  }
  if (SendsDeltas()) return Wrap(std::move(delta), 1);
  return Wrap(Print(), model_ == Model::kH2D ? -1 : 0);  // H2D full reports carry no msg
}

}  // namespace bambu::sim
