#include "state/tray_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "report/colour_text.hpp"
#include "state/ams_units.hpp"

namespace bambu {
namespace {

constexpr int kUnusedLowByte = 0xFF;   // print.mapping: a low byte 0xFF is no slot (65535)
constexpr int kAmsSlots = 4;           // slots per AMS in the flat global index
constexpr int kMaxFlatAmsIndex = 15;   // four AMS x four slots
constexpr int kA2lFlatOffset = 24;     // A2L "mixed" AMS lite: 24 + slot
constexpr int kNoTray = 255;           // tray_now: nothing loaded
constexpr int kTrayNowExternal = 254;  // tray_now: the external spool

bool AnyMapped(const std::optional<FilamentMapping>& list, auto decode) {
  return list && std::any_of(list->begin(), list->end(),
                             [&](int value) { return decode(value).has_value(); });
}

bool AnyMapped(const std::optional<AmsSlotMapping>& list) {
  return list && std::any_of(list->begin(), list->end(),
                             [](const AmsSlotRef& ref) { return DecodeAmsSlot(ref).has_value(); });
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// "#RRGGBB" of a plan colour ("#rrggbb" or "#RRGGBBAA" as the slicer wrote it).
std::string PlanColor(const std::string& color) {
  std::string_view hex = color;
  if (!hex.empty() && hex.front() == '#') hex.remove_prefix(1);
  return FormatColor(hex);
}

FilamentKey KeyOf(const PrinterState& state, const std::optional<TrayRef>& ref,
                  const PlanFilament& filament) {
  if (ref) {
    const TrayState* tray = FindTray(state, *ref);
    if (tray && HasFilamentType(*tray)) return {*tray->tray_type, TrayColor(*tray)};
  }
  return {filament.type, PlanColor(filament.color)};
}

/// The tray a filament's index selects under `rule`.
std::optional<TrayRef> FromSources(MappingRule rule, const MappingSources& sources,
                                   std::size_t index) {
  switch (rule) {
    case MappingRule::kMapping:
      if (index < sources.mapping->size()) return DecodeMappingValue((*sources.mapping)[index]);
      return std::nullopt;
    case MappingRule::kAmsMapping2:
      if (index < sources.ams_mapping2->size())
        return DecodeAmsSlot((*sources.ams_mapping2)[index]);
      return std::nullopt;
    case MappingRule::kAmsMapping:
      if (index < sources.ams_mapping->size()) {
        return DecodeAmsMappingValue((*sources.ams_mapping)[index]);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<MappingRule> ReportedRule(const MappingSources& sources) {
  if (AnyMapped(sources.mapping, DecodeMappingValue)) return MappingRule::kMapping;
  if (AnyMapped(sources.ams_mapping2)) return MappingRule::kAmsMapping2;
  if (AnyMapped(sources.ams_mapping, DecodeAmsMappingValue)) return MappingRule::kAmsMapping;
  return std::nullopt;
}

/// The tray loaded now by tray_now (P1/A1: the global index; 254 the external spool).
std::optional<TrayRef> ActiveTray(const PrinterState& state) {
  if (!state.tray_now || *state.tray_now == kNoTray) return std::nullopt;
  if (*state.tray_now == kTrayNowExternal) {
    if (state.external.empty()) return TrayRef{kExternalMainId, 0};
    return TrayRef{state.external.begin()->first, 0};
  }
  return DecodeAmsMappingValue(*state.tray_now);
}

/// The first loaded tray (AMS units by id, then external spools) of the filament's type and
/// colour.
std::optional<TrayRef> MatchingTray(const PrinterState& state, const PlanFilament& filament) {
  const std::string color = PlanColor(filament.color);
  const auto matches = [&](const TrayState& tray) {
    return HasFilamentType(tray) && EqualsIgnoringCase(*tray.tray_type, filament.type) &&
           !color.empty() && TrayColor(tray) == color;
  };
  for (const auto& [unit_id, unit] : state.units) {
    if (!IsUnitPresent(state, unit_id)) continue;
    for (const auto& [slot, tray] : unit.trays) {
      if (matches(tray)) return TrayRef{unit_id, slot};
    }
  }
  for (const auto& [id, tray] : state.external) {
    if (matches(tray)) return TrayRef{id, 0};
  }
  return std::nullopt;
}

}  // namespace

std::string_view MappingRuleLabel(MappingRule rule) {
  switch (rule) {
    case MappingRule::kMapping:
      return "mapping";
    case MappingRule::kAmsMapping2:
      return "ams_mapping2";
    case MappingRule::kAmsMapping:
      return "ams_mapping";
    case MappingRule::kActiveTray:
      return "active_tray";
    case MappingRule::kTypeColor:
      return "type_color";
    case MappingRule::kUnmapped:
      return "unmapped";
  }
  return "unmapped";
}

std::optional<TrayRef> DecodeMappingValue(int value) {
  if (value < 0 || value > 0xFFFF) return std::nullopt;
  const int unit = value >> 8;
  const int slot = value & 0xFF;
  if (slot == kUnusedLowByte) return std::nullopt;
  if (unit == kExternalDeputyId || unit == kExternalMainId) return TrayRef{unit, 0};
  return TrayRef{unit, slot};
}

std::optional<TrayRef> DecodeAmsSlot(const AmsSlotRef& ref) {
  if (ref.ams_id == kExternalDeputyId || ref.ams_id == kExternalMainId) {
    if (ref.slot_id == kUnusedLowByte) return std::nullopt;  // {255, 255}
    return TrayRef{ref.ams_id, 0};
  }
  if (ref.ams_id < 0 || ref.ams_id > kMaxUnitId || ref.slot_id < 0 || ref.slot_id > kMaxTrayId) {
    return std::nullopt;
  }
  return TrayRef{ref.ams_id, ref.slot_id};
}

std::optional<TrayRef> DecodeAmsMappingValue(int value) {
  if (value >= 0 && value <= kMaxFlatAmsIndex) return TrayRef{value / kAmsSlots, value % kAmsSlots};
  if (value >= kA2lFlatOffset && value < kA2lFlatOffset + kAmsSlots) {
    return TrayRef{kA2lUnitId, value - kA2lFlatOffset};
  }
  if (IsAmsHtId(value)) return TrayRef{value, 0};
  if (value == kExternalDeputyId || value == kExternalMainId) return TrayRef{value, 0};
  return std::nullopt;
}

const TrayState* FindTray(const PrinterState& state, const TrayRef& ref) {
  if (ref.external()) {
    const auto external = state.external.find(ref.unit);
    return external == state.external.end() ? nullptr : &external->second;
  }
  const auto unit = state.units.find(ref.unit);
  if (unit == state.units.end()) return nullptr;
  const auto tray = unit->second.trays.find(ref.slot);
  return tray == unit->second.trays.end() ? nullptr : &tray->second;
}

JobMapping MapPlan(const JobPlan& plan, const MappingSources& sources, const PrinterState& state) {
  std::vector<const PlanFilament*> used;
  for (const PlanFilament& filament : plan.filaments) {
    if (filament.used_g > 0 || filament.used_m > 0) used.push_back(&filament);
  }
  JobMapping result;
  std::vector<std::optional<TrayRef>> trays(used.size());
  if (const std::optional<MappingRule> rule = ReportedRule(sources)) {
    result.rule = *rule;
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (used[i]->id >= 1) trays[i] = FromSources(*rule, sources, used[i]->id - 1);
    }
  } else if (used.size() == 1 && ActiveTray(state)) {
    result.rule = MappingRule::kActiveTray;
    trays[0] = ActiveTray(state);
  } else {
    for (std::size_t i = 0; i < used.size(); ++i) {
      trays[i] = MatchingTray(state, *used[i]);
      if (trays[i]) result.rule = MappingRule::kTypeColor;
    }
  }
  // One entry per tray (filaments sharing a tray add up), then the unmapped filaments.
  std::map<TrayRef, PlannedTray> by_tray;
  std::vector<PlannedTray> unmapped;
  for (std::size_t i = 0; i < used.size(); ++i) {
    const PlanFilament& filament = *used[i];
    if (!trays[i]) {
      unmapped.push_back(
          {std::nullopt, KeyOf(state, std::nullopt, filament), filament.used_g, filament.used_m});
      continue;
    }
    auto [it, inserted] = by_tray.try_emplace(*trays[i]);
    if (inserted) it->second = {trays[i], KeyOf(state, trays[i], filament), 0, 0};
    it->second.grams += filament.used_g;
    it->second.metres += filament.used_m;
  }
  for (auto& [ref, tray] : by_tray) result.trays.push_back(std::move(tray));
  for (PlannedTray& tray : unmapped) result.trays.push_back(std::move(tray));
  return result;
}

}  // namespace bambu
