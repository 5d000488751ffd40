// Candidate 3MF paths and the printed plate from real report values (docs/protocol.md §7.2):
// X1C cloud and X2D cloud jobs (plate G-code on the RAM disk), a P1 LAN job, a P2S job whose
// name ends in a space.
#include "jobs/job_file_candidates.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace bambu {
namespace {

using Paths = std::vector<std::string>;

TEST_CASE("job file candidates: an X1C cloud job names the RAM disk, so only subtask_name counts") {
  CHECK(JobFileCandidates("CyberBrick Gridfinity Organizer Box", "/data/Metadata/plate_2.gcode") ==
        Paths{"/cache/CyberBrick Gridfinity Organizer Box.gcode.3mf",
              "/CyberBrick Gridfinity Organizer Box.gcode.3mf",
              "/cache/CyberBrick Gridfinity Organizer Box.3mf",
              "/CyberBrick Gridfinity Organizer Box.3mf"});
}

TEST_CASE("job file candidates: a P1 LAN job adds the gcode_file name when it differs") {
  CHECK(JobFileCandidates("36mm", "36mm.gcode.3mf") ==
        Paths{"/cache/36mm.gcode.3mf", "/36mm.gcode.3mf", "/cache/36mm.3mf", "/36mm.3mf"});
  CHECK(JobFileCandidates("36mm", "/sdcard/other name.gcode.3mf") ==
        Paths{"/cache/36mm.gcode.3mf", "/36mm.gcode.3mf", "/cache/36mm.3mf", "/36mm.3mf",
              "/cache/other name.gcode.3mf", "/other name.gcode.3mf"});
}

TEST_CASE("job file candidates: a subtask_name ending in .3mf is taken as is") {
  CHECK(JobFileCandidates("Benchy.3mf", "") == Paths{"/cache/Benchy.3mf", "/Benchy.3mf"});
}

TEST_CASE("job file candidates: names are never trimmed (P2S sends a trailing space)") {
  CHECK(JobFileCandidates("Rear Dry Pod AMS 2 PRO ", "") ==
        Paths{"/cache/Rear Dry Pod AMS 2 PRO .gcode.3mf", "/Rear Dry Pod AMS 2 PRO .gcode.3mf",
              "/cache/Rear Dry Pod AMS 2 PRO .3mf", "/Rear Dry Pod AMS 2 PRO .3mf"});
  CHECK(JobFileCandidates("sensor_altanlås_v2_v3", "")[0] ==
        "/cache/sensor_altanlås_v2_v3.gcode.3mf");
}

TEST_CASE("job file candidates: nothing from empty names, control characters or Metadata paths") {
  CHECK(JobFileCandidates("", "").empty());
  CHECK(JobFileCandidates("", "/data/Metadata/plate_1.gcode").empty());
  CHECK(JobFileCandidates("evil\r\nDELE x", "").empty());
  CHECK(JobFileCandidates("Metadata", "").empty());
  CHECK(JobFileCandidates("", "/sdcard/part.3mf") == Paths{"/cache/part.3mf", "/part.3mf"});
}

TEST_CASE("job plate index: plate_idx, else plate_N.gcode, else 0") {
  CHECK(JobPlateIndex(3, "/data/Metadata/plate_1.gcode") == 3);
  CHECK(JobPlateIndex(std::nullopt, "/data/Metadata/plate_2.gcode") == 2);
  CHECK(JobPlateIndex(0, "/data/Metadata/plate_12.gcode") == 12);
  CHECK(JobPlateIndex(-1, "/data/Metadata/plate_3.gcode") == 3);
  CHECK(JobPlateIndex(std::nullopt, "36mm.gcode.3mf") == 0);
  CHECK(JobPlateIndex(std::nullopt, "") == 0);
  CHECK(JobPlateIndex(std::nullopt, "/data/Metadata/plate_.gcode") == 0);
  CHECK(JobPlateIndex(std::nullopt, "/data/Metadata/plate_x1.gcode") == 0);
  CHECK(JobPlateIndex(std::nullopt, "/data/Metadata/plate_0.gcode") == 0);
  CHECK(JobPlateIndex(std::nullopt, "/data/Metadata/plate_99999.gcode") == 0);
}

}  // namespace
}  // namespace bambu
