// A print job's plan as the slicer wrote it into the job's 3MF (Metadata/slice_info.config, one
// <plate>), and what fetching it from the printer gave. Shared by the reader (jobs/, io/ftps/)
// and the accounting in state/ (docs/protocol.md, "Print job files").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bambu {

/// One <filament> of the printed plate.
struct PlanFilament {
  int id = 0;                 // slicer filament number, 1-based, project-wide
  std::string tray_info_idx;  // filament preset id, e.g. "GFA00"; may be empty
  std::string type;           // "PLA", "PETG", ...
  std::string color;          // "#RRGGBB" as written; may be empty
  double used_g = 0;          // grams the plate uses of it (slicer estimate)
  double used_m = 0;          // metres
  bool operator==(const PlanFilament&) const = default;
};

/// One printable instance (<object>) of the plate.
struct PlanObject {
  std::int64_t identify_id = 0;  // what print.s_obj / skip_objects name
  std::string name;
  bool skipped = false;
  bool operator==(const PlanObject&) const = default;
};

struct JobPlan {
  int plate = 0;                        // the plate's <metadata key="index">, 1-based
  std::optional<double> prediction_s;   // predicted print time, seconds
  std::optional<double> weight_g;       // whole plate, grams
  std::vector<PlanFilament> filaments;  // in file order
  std::vector<PlanObject> objects;
  std::vector<int> filament_maps;  // per project filament: logical extruder, 1-based
  bool operator==(const JobPlan&) const = default;
};

/// Why no plan came back. Each has a fixed label (PlanFailureLabel) used as a counter reason.
enum class PlanFailure : std::uint8_t {
  kNone,            // a plan came back
  kNoFile,          // no candidate path exists on the printer's storage (550 everywhere)
  kFileIncomplete,  // the file is still growing, or shorter than its SIZE
  kLogin,           // the access code was refused (530)
  kTls,             // handshake or certificate check failed
  kTimeout,         // connect or transfer deadline passed, or the server stalled
  kTransfer,        // any other FTP or socket failure
  kNotZip,          // no readable zip central directory
  kEntryMissing,    // the archive has no Metadata/slice_info.config
  kEntryTooLarge,   // the entry (or a ranged read) exceeds the configured cap
  kBadXml,          // slice_info.config is not well-formed, or uses DTD entities
  kPlateMissing,    // no <plate> with the job's index (and not exactly one plate)
  kBadValues,       // negative, absurd or unparsable grams, metres or ids
};
inline constexpr std::size_t kPlanFailureKinds = 13;

/// The counter label of a failure: "no_file", "file_incomplete", "login", "tls", "timeout",
/// "transfer", "not_zip", "entry_missing", "entry_too_large", "bad_xml", "plate_missing",
/// "bad_values" ("none" for kNone).
std::string_view PlanFailureLabel(PlanFailure failure);

/// What the state stage asks the FTPS edge to fetch for a printer's current job.
struct PlanFetchRequest {
  std::uint64_t job_seq = 0;       // the tracker's job number; echoed in the result
  std::vector<std::string> paths;  // candidate paths on the printer, tried in order
  int plate = 0;                   // the plate to read; 0 = the only plate in the file
  bool operator==(const PlanFetchRequest&) const = default;
};

/// What the fetch gave.
struct PlanFetchResult {
  std::uint64_t job_seq = 0;
  std::optional<JobPlan> plan;  // set when failure == kNone
  PlanFailure failure = PlanFailure::kNone;
  std::string path;                     // the path found (empty when none was)
  std::uint64_t file_size = 0;          // bytes of the file on the printer (0 when unknown)
  std::uint64_t bytes_transferred = 0;  // bytes read over the data connections
};

}  // namespace bambu
