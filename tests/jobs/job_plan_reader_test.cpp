// 3MF archives built in memory (libzip) from the documented layout (docs/protocol.md §7.3),
// read through a RangeSource that records every range asked: the plan comes back from the
// zip's tail and the one entry; bad archives give their failure.
#include "jobs/job_plan_reader.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "jobs/zip_writer.hpp"
#include "plan_archive.hpp"
#include "slice_info_samples.hpp"

namespace bambu {
namespace {

/// A memory file that records the ranges read.
class RecordingSource final : public RangeSource {
 public:
  explicit RecordingSource(std::string bytes) : memory_(std::move(bytes)) {}
  std::uint64_t Size() const override { return memory_.Size(); }
  PlanFailure Read(std::uint64_t offset, std::size_t length, std::string& out) override {
    reads.emplace_back(offset, length);
    return memory_.Read(offset, length, out);
  }
  std::vector<std::pair<std::uint64_t, std::size_t>> reads;

 private:
  MemoryRangeSource memory_;
};

using test::PlanArchive;

const ZipReadLimits kLimits;

TEST_CASE("job plan reader: a 5 MB archive gives plate 2 from two ranged reads") {
  const std::string bytes = PlanArchive(test::kTwoPlateSliceInfo, 5'000'000);
  REQUIRE(bytes.size() > 5'000'000);
  RecordingSource source(bytes);
  const JobPlanRead result = ReadJobPlan(source, 2, kLimits);
  REQUIRE(result.read.failure == PlanFailure::kNone);
  REQUIRE(result.read.plan);
  CHECK(result.read.plan->plate == 2);
  CHECK(result.read.plan->filaments.size() == 3);
  CHECK(result.read.plan->filaments[0].used_g == 41.85);
  // The tail libzip searches for the end of central directory record (65,578 bytes: the
  // longest comment plus the end records) and one 64 KiB block at the entry.
  REQUIRE(source.reads.size() == 2);
  CHECK(source.reads[0].first == bytes.size() - 65578);
  CHECK(source.reads[0].second == 65578);
  CHECK(source.reads[1].second == 65536);
  CHECK(result.bytes_read == 65578 + 65536);
}

TEST_CASE("job plan reader: a small archive is read once") {
  const std::string bytes = PlanArchive(test::kOnePlateSliceInfo, 1000);
  RecordingSource source(bytes);
  const JobPlanRead result = ReadJobPlan(source, 0, kLimits);
  REQUIRE(result.read.plan);
  CHECK(result.read.plan->plate == 3);
  CHECK(source.reads.size() == 1);
  CHECK(result.bytes_read == bytes.size());
}

TEST_CASE("job plan reader: not a zip, truncated, entry missing") {
  MemoryRangeSource text(std::string(5000, 'x'));
  CHECK(ReadJobPlan(text, 1, kLimits).read.failure == PlanFailure::kNotZip);
  MemoryRangeSource empty("");
  CHECK(ReadJobPlan(empty, 1, kLimits).read.failure == PlanFailure::kNotZip);
  const std::string bytes = PlanArchive(test::kTwoPlateSliceInfo, 200'000);
  MemoryRangeSource truncated(bytes.substr(0, bytes.size() / 2));
  CHECK(ReadJobPlan(truncated, 1, kLimits).read.failure == PlanFailure::kNotZip);
  MemoryRangeSource no_entry(WriteZip({{"3D/3dmodel.model", "<model/>", true}}));
  CHECK(ReadJobPlan(no_entry, 1, kLimits).read.failure == PlanFailure::kEntryMissing);
}

TEST_CASE("job plan reader: zip bombs are refused by size and by ratio") {
  // 8 MiB of spaces: over the 4 MiB entry cap.
  MemoryRangeSource big(WriteZip({{"Metadata/slice_info.config", std::string(8 << 20, ' ')}}));
  CHECK(ReadJobPlan(big, 1, kLimits).read.failure == PlanFailure::kEntryTooLarge);
  // 1 MiB that deflates ~1000:1: within the size cap, over the 200:1 ratio.
  MemoryRangeSource dense(WriteZip({{"Metadata/slice_info.config", std::string(1 << 20, ' ')}}));
  CHECK(ReadJobPlan(dense, 1, kLimits).read.failure == PlanFailure::kEntryTooLarge);
}

TEST_CASE("job plan reader: the total read cap holds for a stored entry larger than it") {
  std::string padded(test::kTwoPlateSliceInfo);
  padded.insert(padded.find("</config>"), std::string(3 << 20, ' '));
  MemoryRangeSource stored(WriteZip({{"Metadata/slice_info.config", padded, false}}));
  ZipReadLimits limits;
  limits.max_read_bytes = 1 << 20;
  CHECK(ReadJobPlan(stored, 2, limits).read.failure == PlanFailure::kEntryTooLarge);
  limits.max_read_bytes = 4 << 20;
  CHECK(ReadJobPlan(stored, 2, limits).read.failure == PlanFailure::kNone);
}

TEST_CASE("job plan reader: XML failures come through") {
  MemoryRangeSource bomb(
      WriteZip({{"Metadata/slice_info.config", std::string(test::kEntityBombSliceInfo)}}));
  CHECK(ReadJobPlan(bomb, 1, kLimits).read.failure == PlanFailure::kBadXml);
  MemoryRangeSource plate(PlanArchive(test::kTwoPlateSliceInfo, 100));
  CHECK(ReadJobPlan(plate, 4, kLimits).read.failure == PlanFailure::kPlateMissing);
}

/// A source whose reads fail as a stalled transfer would.
class FailingSource final : public RangeSource {
 public:
  std::uint64_t Size() const override { return 1'000'000; }
  PlanFailure Read(std::uint64_t, std::size_t, std::string&) override {
    return PlanFailure::kTimeout;
  }
};

TEST_CASE("job plan reader: a source failure is reported as itself, not as a bad zip") {
  FailingSource source;
  CHECK(ReadJobPlan(source, 1, kLimits).read.failure == PlanFailure::kTimeout);
}

}  // namespace
}  // namespace bambu
