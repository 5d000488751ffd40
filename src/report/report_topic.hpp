// The MQTT topics of one printer, shared by the LAN and cloud sessions: reports
// arrive on device/{serial}/report, commands go to device/{serial}/request. A
// serial is one topic level. Pure: no MQTT library here.
#pragma once

#include <string>
#include <string_view>

namespace bambu {

/// Requests published to a printer's request topic: its module versions, and its whole state.
inline constexpr std::string_view kGetVersionRequest =
    R"({"info":{"sequence_id":"0","command":"get_version"}})";
inline constexpr std::string_view kPushAllRequest =
    R"({"pushing":{"sequence_id":"0","command":"pushall","version":1,"push_target":1}})";

/// True when `serial` can be one topic level: not empty, no '/', '+', '#' and no white space
/// (config serials and cloud device ids must pass; anything else could widen a subscription).
bool IsTopicLevel(std::string_view serial);

/// "device/{serial}/report": where a printer publishes its reports.
std::string ReportTopic(std::string_view serial);
/// "device/{serial}/request": where get_version and pushall go.
std::string RequestTopic(std::string_view serial);

/// The serial of a "device/{serial}/report" topic; empty for any other topic, and when the
/// serial level is empty or holds '/', '+' or '#' (never a real serial).
std::string_view SerialOfReportTopic(std::string_view topic);

}  // namespace bambu
