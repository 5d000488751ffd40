// slice_info.config as Bambu Studio writes it (docs/protocol.md §7.3): an H2D project of four
// filaments on two nozzles, plates 1 and 2, filament 3 unused on plate 2; and the bad inputs.
#include "jobs/slice_info.hpp"

#include <doctest/doctest.h>

#include <string>

#include "slice_info_samples.hpp"

namespace bambu {
namespace {

TEST_CASE("slice info: the plate whose index is the job's plate, every field") {
  const PlanRead read = ParseSliceInfo(test::kTwoPlateSliceInfo, 2);
  REQUIRE(read.failure == PlanFailure::kNone);
  REQUIRE(read.plan);
  const JobPlan& plan = *read.plan;
  CHECK(plan.plate == 2);
  CHECK(plan.prediction_s == 7412.0);
  CHECK(plan.weight_g == 61.37);
  CHECK(plan.filament_maps == std::vector<int>{2, 1, 2, 2});
  CHECK(plan.filaments == std::vector<PlanFilament>{{1, "GFA00", "PLA", "#0A2989", 41.85, 14.02},
                                                    {2, "GFL99", "PLA", "#FFFFFF", 14.66, 4.91},
                                                    {4, "GFG99", "PETG", "#F72323", 4.86, 1.60}});
  CHECK(plan.objects ==
        std::vector<PlanObject>{{178, "Bracket.stl", false}, {203, "Bracket.stl", true}});
}

TEST_CASE("slice info: plate 1 of the same file") {
  const PlanRead read = ParseSliceInfo(test::kTwoPlateSliceInfo, 1);
  REQUIRE(read.plan);
  CHECK(read.plan->plate == 1);
  CHECK(read.plan->weight_g == 12.5);
  CHECK(read.plan->prediction_s == 1800.0);
  CHECK(read.plan->filaments ==
        std::vector<PlanFilament>{{3, "GFA01", "PLA", "#000000", 12.5, 4.19}});
  CHECK(read.plan->objects.empty());
  CHECK(read.plan->filament_maps.empty());
}

TEST_CASE("slice info: plate 0 takes the only plate, and refuses to guess among several") {
  const PlanRead only = ParseSliceInfo(test::kOnePlateSliceInfo, 0);
  REQUIRE(only.plan);
  CHECK(only.plan->plate == 3);
  CHECK(only.plan->filaments.size() == 1);
  CHECK(only.plan->filaments[0].used_g == 7.03);
  CHECK(ParseSliceInfo(test::kTwoPlateSliceInfo, 0).failure == PlanFailure::kPlateMissing);
}

TEST_CASE("slice info: a plate not in the file is plate_missing, even when the file has one") {
  CHECK(ParseSliceInfo(test::kTwoPlateSliceInfo, 5).failure == PlanFailure::kPlateMissing);
  CHECK(ParseSliceInfo(test::kOnePlateSliceInfo, 2).failure == PlanFailure::kPlateMissing);
  CHECK(ParseSliceInfo("<config><header/></config>", 0).failure == PlanFailure::kPlateMissing);
}

TEST_CASE("slice info: malformed XML, a DOCTYPE with an entity bomb, a foreign root") {
  CHECK(
      ParseSliceInfo("<config><plate><metadata key=\"index\" value=\"1\"/></config>", 1).failure ==
      PlanFailure::kBadXml);
  CHECK(ParseSliceInfo("", 0).failure == PlanFailure::kBadXml);
  CHECK(ParseSliceInfo(test::kEntityBombSliceInfo, 1).failure == PlanFailure::kBadXml);
  CHECK(ParseSliceInfo("<html><plate/></html>", 0).failure == PlanFailure::kBadXml);
}

std::string WithFilament(std::string_view attributes) {
  return "<config><plate><metadata key=\"index\" value=\"1\"/><filament " +
         std::string(attributes) + "/></plate></config>";
}

TEST_CASE("slice info: negative, absurd or unparsable amounts are bad_values") {
  CHECK(ParseSliceInfo(WithFilament(R"(id="1" used_g="-3.5" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  CHECK(ParseSliceInfo(WithFilament(R"(id="1" used_g="1e9" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  CHECK(ParseSliceInfo(WithFilament(R"(id="1" used_g="nan" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  CHECK(ParseSliceInfo(WithFilament(R"(id="1" used_g="12,5" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  CHECK(ParseSliceInfo(WithFilament(R"(id="0" used_g="1.00" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  CHECK(ParseSliceInfo(WithFilament(R"(id="1" used_m="1.00")"), 1).failure ==
        PlanFailure::kBadValues);
  const PlanRead fine = ParseSliceInfo(WithFilament(R"(id="1" used_g="0.00" used_m="0.00")"), 1);
  REQUIRE(fine.plan);
  CHECK(fine.plan->filaments == std::vector<PlanFilament>{{1, "", "", "", 0.0, 0.0}});
  CHECK(ParseSliceInfo("<config><plate><metadata key=\"index\" value=\"1\"/>"
                       "<metadata key=\"weight\" value=\"-1\"/></plate></config>",
                       1)
            .failure == PlanFailure::kBadValues);
}

}  // namespace
}  // namespace bambu
