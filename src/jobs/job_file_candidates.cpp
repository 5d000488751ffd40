// Candidate 3MF paths and the printed plate of a job (docs/protocol.md §7.2).
#include "jobs/job_file_candidates.hpp"

#include <algorithm>
#include <array>

namespace bambu {
namespace {

constexpr std::string_view k3mf = ".3mf";
constexpr std::string_view kGcode3mf = ".gcode.3mf";
constexpr std::array<std::string_view, 2> kFolders = {"/cache/", "/"};
constexpr int kMaxPlate = 999;  // far above any plate count a slicer writes

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

/// The file names a job name stands for: itself when it names a 3MF, else both 3MF spellings.
void AppendNames(std::string_view stem, std::vector<std::string>& names) {
  if (stem.empty() || HasControlCharacter(stem)) return;
  std::vector<std::string> mine;
  if (stem.ends_with(k3mf)) {
    mine.emplace_back(stem);
  } else {
    mine.push_back(std::string(stem) + std::string(kGcode3mf));
    mine.push_back(std::string(stem) + std::string(k3mf));
  }
  for (std::string& name : mine) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
  }
}

std::string_view BaseName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<std::string> JobFileCandidates(std::string_view subtask_name,
                                           std::string_view gcode_file) {
  std::vector<std::string> names;
  AppendNames(subtask_name, names);
  if (gcode_file.find("Metadata") == std::string_view::npos) {
    AppendNames(BaseName(gcode_file), names);
  }
  std::vector<std::string> paths;
  for (const std::string& name : names) {
    if (name.find("Metadata") != std::string::npos) continue;
    for (std::string_view folder : kFolders) paths.push_back(std::string(folder) + name);
  }
  return paths;
}

int JobPlateIndex(std::optional<int> plate_idx, std::string_view gcode_file) {
  if (plate_idx && *plate_idx > 0 && *plate_idx <= kMaxPlate) return *plate_idx;
  constexpr std::string_view kPrefix = "plate_";
  constexpr std::string_view kSuffix = ".gcode";
  const std::string_view base = BaseName(gcode_file);
  if (!base.starts_with(kPrefix) || !base.ends_with(kSuffix)) return 0;
  const std::string_view digits =
      base.substr(kPrefix.size(), base.size() - kPrefix.size() - kSuffix.size());
  if (digits.empty() || digits.size() > 3) return 0;
  int plate = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    plate = plate * 10 + (c - '0');
  }
  return plate > 0 ? plate : 0;
}

}  // namespace bambu
