// Where a running job's 3MF may be on the printer's storage, and which plate it prints, from the
// report's subtask_name, gcode_file and plate_idx (docs/protocol.md §7.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bambu {

/// Candidate FTP paths of the job's 3MF, in the order to try: the names from `subtask_name` (as
/// is when it ends in ".3mf", else "<s>.gcode.3mf" then "<s>.3mf"), then the same from the base
/// name of `gcode_file` when that gives other names; each name in "/cache/" then "/". A
/// `gcode_file` naming the printer's RAM disk (a path containing "Metadata") gives nothing, and
/// names with control characters are skipped (they cannot travel in an FTP command). Names are
/// never trimmed: printers keep trailing spaces. Empty when neither field names a file.
std::vector<std::string> JobFileCandidates(std::string_view subtask_name,
                                           std::string_view gcode_file);

/// The 1-based plate the job prints: `plate_idx` when > 0, else N from "plate_N.gcode" in
/// `gcode_file`, else 0 (unknown: take the file's only plate).
int JobPlateIndex(std::optional<int> plate_idx, std::string_view gcode_file);

}  // namespace bambu
