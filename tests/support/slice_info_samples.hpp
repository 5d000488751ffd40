// slice_info.config texts built from the structure Bambu Studio writes (docs/protocol.md §7.3),
// shared by the jobs, io and benchmark tests: an H2D project with four filaments on two nozzles
// (plate 1: filament 3 alone; plate 2: filaments 1, 2 and 4), a one-plate file, an entity bomb.
#pragma once

#include <string_view>

namespace bambu::test {

inline constexpr std::string_view kTwoPlateSliceInfo = R"(<?xml version="1.0" encoding="UTF-8"?>
<config>
  <header>
    <header_item key="X-BBL-Client-Type" value="slicer"/>
    <header_item key="X-BBL-Client-Version" value="02.02.01.60"/>
  </header>
  <plate>
    <metadata key="index" value="1"/>
    <metadata key="printer_model_id" value="O1D"/>
    <metadata key="prediction" value="1800"/>
    <metadata key="weight" value="12.50"/>
    <filament id="3" tray_info_idx="GFA01" type="PLA" color="#000000" used_m="4.19" used_g="12.50" group_id="0" nozzle_diameter="0.40" volume_type="Standard" used_for_object="true" used_for_support="false"/>
  </plate>
  <plate>
    <metadata key="index" value="2"/>
    <metadata key="extruder_type" value="0 0"/>
    <metadata key="printer_model_id" value="O1D"/>
    <metadata key="nozzle_diameters" value="0.4,0.4"/>
    <metadata key="prediction" value="7412"/>
    <metadata key="weight" value="61.37"/>
    <metadata key="label_object_enabled" value="true"/>
    <metadata key="filament_maps" value="2 1 2 2"/>
    <object identify_id="178" name="Bracket.stl" skipped="false" />
    <object identify_id="203" name="Bracket.stl" skipped="true" />
    <filament id="1" tray_info_idx="GFA00" type="PLA" color="#0A2989" used_m="14.02" used_g="41.85" group_id="1" nozzle_diameter="0.40" volume_type="Standard" used_for_object="true" used_for_support="false"/>
    <filament id="2" tray_info_idx="GFL99" type="PLA" color="#FFFFFF" used_m="4.91" used_g="14.66" group_id="0" nozzle_diameter="0.40" volume_type="Standard" used_for_object="true" used_for_support="false"/>
    <filament id="4" tray_info_idx="GFG99" type="PETG" color="#F72323" used_m="1.60" used_g="4.86" group_id="1" nozzle_diameter="0.40" volume_type="Standard" used_for_object="true" used_for_support="false"/>
    <warning msg="bed_temperature_too_high_than_filament" level="1" error_code="1000C001"/>
  </plate>
</config>
)";

// An older single-plate file (stops after label_object_enabled), plate 3 of a project.
inline constexpr std::string_view kOnePlateSliceInfo = R"(<?xml version="1.0" encoding="UTF-8"?>
<config>
  <header>
    <header_item key="X-BBL-Client-Type" value="slicer"/>
    <header_item key="X-BBL-Client-Version" value="01.09.07.52"/>
  </header>
  <plate>
    <metadata key="index" value="3"/>
    <metadata key="printer_model_id" value="C12"/>
    <metadata key="nozzle_diameters" value="0.4"/>
    <metadata key="timelapse_type" value="-1"/>
    <metadata key="prediction" value="2417"/>
    <metadata key="weight" value="7.03"/>
    <metadata key="outside" value="false"/>
    <metadata key="support_used" value="false"/>
    <metadata key="label_object_enabled" value="true"/>
    <object identify_id="75" name="Build Plate Cleaner Tray.stl" skipped="false" />
    <filament id="1" tray_info_idx="GFL99" type="PLA" color="#898989" used_m="2.36" used_g="7.03" />
  </plate>
</config>
)";

inline constexpr std::string_view kEntityBombSliceInfo = R"(<?xml version="1.0"?>
<!DOCTYPE config [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<config><plate><metadata key="index" value="1"/><filament id="1" type="&c;" used_g="1" used_m="1"/></plate></config>
)";

}  // namespace bambu::test
