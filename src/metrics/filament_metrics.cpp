#include "metrics/filament_metrics.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kUsedGrams{
    "bambu_filament_used_grams_total", MetricType::Counter,
    "Filament used while printing, grams, per material (tray_type) and colour: drops of remain "
    "(whole percent) x tray_weight on Bambu RFID spools; 0 from the first load of a new "
    "material and colour."};

constexpr FamilySpec kSpoolUsedGrams{
    "bambu_spool_filament_used_grams_total", MetricType::Counter,
    "Filament used from one identified spool (tray_uuid) on this printer while it is loaded, "
    "grams, counted as bambu_filament_used_grams_total."};
constexpr FamilySpec kJobInfo{"bambu_print_job_info", MetricType::Gauge,
                              "The current or last print job, value 1: job_name (subtask_name), "
                              "task_id and subtask_id as the printer reports them."};
constexpr FamilySpec kJobStart{"bambu_print_job_start_timestamp_seconds", MetricType::Gauge,
                               "Unix time the job started: gcode_start_time, else when the "
                               "exporter saw it begin."};
constexpr FamilySpec kJobGrams{"bambu_print_job_filament_used_grams", MetricType::Gauge,
                               "Filament used by the job so far, grams, from the filament "
                               "counters (since the exporter started, for a job it joined late)."};

}  // namespace

void AddFilamentCounters(MetricSink& out, const LabelSet& printer, const FilamentUsage& usage) {
  for (const auto& [key, grams] : usage.grams_by_material()) {
    out.Add(kUsedGrams, printer.With({{"filament_type", key.filament_type}, {"color", key.color}}),
            grams);
  }
  for (const FilamentUsage::LoadedSpool& spool : usage.LoadedSpools()) {
    out.Add(kSpoolUsedGrams,
            printer.With({{"tray_uuid", spool.uuid},
                          {"filament_type", spool.key->filament_type},
                          {"color", spool.key->color}}),
            spool.grams);
  }
}

void AddPrintJob(MetricSink& out, const LabelSet& printer, const PrintJob& job) {
  if (!job.known()) return;
  out.Add(
      kJobInfo,
      printer.With(
          {{"job_name", job.name()}, {"task_id", job.task_id()}, {"subtask_id", job.subtask_id()}}),
      1);
  AddIf(out, kJobStart, printer, job.start_unix());
  out.Add(kJobGrams, printer, job.grams());
}

}  // namespace bambu
