#include "metrics/filament_metrics.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kUsedGrams{
    "bambu_filament_used_grams_total", MetricType::Counter,
    "Filament used while printing, grams, per material (tray_type) and colour: drops of remain "
    "(whole percent) x tray_weight on Bambu RFID spools; 0 from the first load of a new "
    "material and colour."};

}  // namespace

void AddFilamentCounters(MetricSink& out, const LabelSet& printer, const FilamentUsage& usage) {
  for (const auto& [key, grams] : usage.grams_by_material()) {
    out.Add(kUsedGrams, printer.With({{"filament_type", key.filament_type}, {"color", key.color}}),
            grams);
  }
}

}  // namespace bambu
