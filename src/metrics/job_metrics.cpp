#include "metrics/job_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kJobs{
    "bambu_print_jobs_total", MetricType::Counter,
    "Print jobs ended, by result (finished = FINISH, failed = FAILED, cancelled = FAILED with "
    "print_error 50348044 or a stop without FINISH) and filament_source: plan (the job's plan "
    "counted its grams) or remain (no plan: drops of remain on RFID spools)."};
constexpr FamilySpec kPlanFailures{
    "bambu_print_job_plan_failures_total", MetricType::Counter,
    "Print jobs left without a plan (slice_info of the job's 3MF), by the last fetch's reason; "
    "no_file is normal for jobs printed from internal storage."};
constexpr FamilySpec kPlanStatus{
    "bambu_print_job_plan_status", MetricType::Gauge,
    "The running job's plan, value 1: status waiting (not yet asked, or fetching is off), "
    "fetching, ready or failed (reason as in bambu_print_job_plan_failures_total)."};
constexpr FamilySpec kMappingInfo{
    "bambu_print_job_mapping_info", MetricType::Gauge,
    "The rule that mapped the running job's slicer filaments to trays, value 1: mapping, "
    "ams_mapping2, ams_mapping, active_tray, type_color or unmapped."};
constexpr FamilySpec kPlanGrams{"bambu_print_job_plan_grams", MetricType::Gauge,
                                "Filament the running job's plan uses in all, grams (sum of the "
                                "plate's used_g)."};
constexpr FamilySpec kPredicted{"bambu_print_job_predicted_seconds", MetricType::Gauge,
                                "The running job's predicted print time from its plan, seconds."};
constexpr FamilySpec kTrayPlanned{
    "bambu_print_job_tray_planned_grams", MetricType::Gauge,
    "Filament the running job's plan takes from a tray, grams (ams and slot empty: slicer "
    "filaments mapped to no tray, per material and colour)."};
constexpr FamilySpec kTrayNeeded{
    "bambu_print_job_tray_needed_grams", MetricType::Gauge,
    "Filament the running job still needs from a tray, grams: planned x (1 - progress)."};
constexpr FamilySpec kTrayHolds{
    "bambu_print_job_tray_available_grams", MetricType::Gauge,
    "What a tray the running job uses holds, grams: remain x tray_weight on Bambu RFID spools, "
    "else the configured third_party_spool_grams."};
constexpr FamilySpec kTrayShortfall{
    "bambu_print_job_tray_shortfall_grams", MetricType::Gauge,
    "Grams a tray lacks to finish the running job: max(0, needed - available); only where "
    "available is known."};
constexpr FamilySpec kTrayBackups{
    "bambu_print_job_tray_backup_spools", MetricType::Gauge,
    "Other loaded AMS trays feeding the same extruder with the same material and colour as a "
    "tray the running job uses (auto-refill switches to one when the tray runs out); 0 for "
    "external spools."};

/// Grams to the milligram: products of the plan's hundredths and a progress ratio carry
/// binary noise (4.513400000000001) that means nothing.
double Milligrams(double grams) { return std::round(grams * 1000) / 1000; }

constexpr JobResult kResults[] = {JobResult::kFinished, JobResult::kFailed, JobResult::kCancelled};
constexpr GramsSource kSources[] = {GramsSource::kPlan, GramsSource::kRemain};

void AddTray(MetricSink& out, const LabelSet& printer, const PlannedTray& planned, double progress,
             const PrinterView& view, std::optional<double> third_party_spool_g) {
  const TrayView* tray = planned.tray ? FindTrayView(view, *planned.tray) : nullptr;
  const std::string ams = planned.tray ? std::to_string(planned.tray->unit) : std::string();
  const std::string slot = planned.tray ? std::to_string(planned.tray->slot) : std::string();
  const LabelSet labels =
      printer.With({{"ams", ams},
                    {"slot", slot},
                    {"slot_name", tray ? std::string_view(tray->slot_name) : std::string_view()},
                    {"filament_type", planned.key.filament_type},
                    {"color", planned.key.color}});
  const double needed = Milligrams(planned.grams * (1 - progress));  // as JobNeedFrom
  out.Add(kTrayPlanned, labels, planned.grams);
  out.Add(kTrayNeeded, labels, needed);
  if (!tray) return;
  const std::optional<double> holds = TrayHolds(*tray, third_party_spool_g);
  AddIf(out, kTrayHolds, labels, holds);
  if (holds) out.Add(kTrayShortfall, labels, Milligrams(std::max(0.0, needed - *holds)));
  out.Add(kTrayBackups, labels, BackupSpools(view, *tray));
}

}  // namespace

std::optional<double> JobNeedFrom(const JobTracker& tracker, const TrayRef& ref) {
  if (!tracker.active() || !tracker.plan()) return std::nullopt;
  for (const PlannedTray& planned : tracker.mapping().trays) {
    if (planned.tray == ref) return Milligrams(planned.grams * (1 - tracker.progress()));
  }
  return std::nullopt;
}

const TrayView* FindTrayView(const PrinterView& view, const TrayRef& ref) {
  const auto same = [&](const TrayView& tray) {
    return tray.ams == ref.unit && tray.slot == ref.slot;
  };
  for (const UnitView& unit : view.units) {
    if (unit.id != ref.unit) continue;
    const auto it = std::find_if(unit.trays.begin(), unit.trays.end(), same);
    if (it != unit.trays.end()) return &*it;
  }
  const auto it = std::find_if(view.external.begin(), view.external.end(), same);
  return it == view.external.end() ? nullptr : &*it;
}

std::optional<double> TrayHolds(const TrayView& tray, std::optional<double> third_party_spool_g) {
  if (tray.remaining_grams) return tray.remaining_grams;
  if (tray.loaded && !tray.bambu_spool) return third_party_spool_g;
  return std::nullopt;
}

int BackupSpools(const PrinterView& view, const TrayView& except) {
  // Auto-refill switches between AMS trays feeding the same extruder, never to an external
  // spool (the refill groups of deploy/prometheus/bambu-recording.yml).
  if (!except.loaded || !except.tray || except.ams == kExternalDeputyId ||
      except.ams == kExternalMainId) {
    return 0;
  }
  const auto same = [&](const TrayView& tray) {
    return &tray != &except && tray.loaded && tray.tray && tray.extruder == except.extruder &&
           tray.color == except.color && tray.tray->tray_type == except.tray->tray_type;
  };
  int backups = 0;
  for (const UnitView& unit : view.units) {
    backups += static_cast<int>(std::count_if(unit.trays.begin(), unit.trays.end(), same));
  }
  return backups;
}

void AddJobCounters(MetricSink& out, const LabelSet& printer, const JobTracker& tracker) {
  const JobCounters& counters = tracker.counters();
  for (JobResult result : kResults) {
    for (GramsSource source : kSources) {
      const auto count =
          counters.ended[static_cast<std::size_t>(result)][static_cast<std::size_t>(source)];
      out.Add(kJobs,
              printer.With({{"result", JobResultLabel(result)},
                            {"filament_source", GramsSourceLabel(source)}}),
              static_cast<double>(count));
    }
  }
  for (std::size_t i = 1; i < kPlanFailureKinds; ++i) {  // kNone is no failure
    out.Add(kPlanFailures,
            printer.With({{"reason", PlanFailureLabel(static_cast<PlanFailure>(i))}}),
            static_cast<double>(counters.plan_failures[i]));
  }
}

void AddRunningJob(MetricSink& out, const LabelSet& printer, const JobTracker& tracker,
                   const PrinterView& view, std::optional<double> third_party_spool_g) {
  if (!tracker.active()) return;
  const bool failed = tracker.plan_state() == PlanState::kFailed;
  out.Add(kPlanStatus,
          printer.With({{"status", PlanStateLabel(tracker.plan_state())},
                        {"reason", failed ? PlanFailureLabel(tracker.failure()) : ""}}),
          1);
  if (!tracker.plan()) return;
  const JobPlan& plan = *tracker.plan();
  double total = 0;
  for (const PlanFilament& filament : plan.filaments) total += std::max(0.0, filament.used_g);
  out.Add(kPlanGrams, printer, total);
  AddIf(out, kPredicted, printer, plan.prediction_s);
  out.Add(kMappingInfo, printer.With({{"rule", MappingRuleLabel(tracker.mapping().rule)}}), 1);
  for (const PlannedTray& planned : tracker.mapping().trays) {
    AddTray(out, printer, planned, tracker.progress(), view, third_party_spool_g);
  }
}

}  // namespace bambu
