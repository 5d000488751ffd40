#include "sim/sim_options.hpp"

#include <cstdio>
#include <optional>

namespace bambu::sim {
namespace {

int ParseInt(const std::string& flag, const std::string& text, long min, long max) {
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value < min || value > max) {
    throw UsageError(flag + ": expected a number in " + std::to_string(min) + ".." +
                     std::to_string(max) + ", got \"" + text + "\"");
  }
  return static_cast<int>(value);
}

Model ParseModelFlag(const std::string& flag, const std::string& text) {
  auto model = ParseModel(text);
  if (!model) throw UsageError(flag + ": unknown model \"" + text + "\" (X1C, P1S, A1, H2D)");
  return *model;
}

PrinterSpec ParsePrinter(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    throw UsageError("--printer: expected MODEL:SERIAL, got \"" + text + "\"");
  }
  return {ParseModelFlag("--printer", text.substr(0, colon)), text.substr(colon + 1)};
}

std::vector<std::string> SplitColons(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1) {
    parts.push_back(text.substr(start, colon - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

TrayRemain ParseLowTray(const std::string& text) {
  const std::string flag = "--low-tray";
  const std::vector<std::string> parts = SplitColons(text);
  if (parts.size() != 4 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    throw UsageError(flag + ": expected SERIAL:AMS:SLOT:REMAIN, got \"" + text + "\"");
  }
  return {parts[0], parts[1], parts[2], ParseInt(flag, parts[3], 0, 100)};
}

/// 1 to 8 hex digits, optionally after "0x".
std::uint32_t ParseHex32(const std::string& flag, const std::string& text) {
  const std::string digits = text.rfind("0x", 0) == 0 ? text.substr(2) : text;
  std::size_t used = 0;
  unsigned long value = 0;
  try {
    value = std::stoul(digits, &used, 16);
  } catch (const std::exception&) {
    used = 0;
  }
  if (digits.empty() || digits.size() > 8 || used != digits.size()) {
    throw UsageError(flag + ": expected 1 to 8 hex digits, got \"" + text + "\"");
  }
  return static_cast<std::uint32_t>(value);
}

HmsSpec ParseHms(const std::string& text) {
  const std::string flag = "--hms";
  const std::vector<std::string> parts = SplitColons(text);
  if (parts.size() != 3 || parts[0].empty()) {
    throw UsageError(flag + ": expected SERIAL:ATTR:CODE (hex), got \"" + text + "\"");
  }
  return {parts[0], ParseHex32(flag, parts[1]), ParseHex32(flag, parts[2])};
}

/// "P" + 6-digit index: P000001, P000002, ...
std::string SerialFor(const std::string& prefix, int index) {
  char digits[16];
  std::snprintf(digits, sizeof(digits), "%06d", index);
  return prefix + digits;
}

}  // namespace

const char* const kUsage =
    "usage: bambu_sim --broker URI [--cafile FILE | --insecure] [--username U --password P]\n"
    "                 --printer MODEL:SERIAL ... [--count N --model MODEL --serial-prefix P]\n"
    "                 [--interval-ms 1000] [--fixtures DIR] [--seed N] [--log-level info]\n"
    "                 [--low-tray SERIAL:AMS:SLOT:REMAIN ...] [--hms SERIAL:ATTR:CODE ...]\n"
    "MODEL: X1C, P1S, A1, H2D. X1C/H2D publish full reports, P1S/A1 deltas.\n"
    "A print advances 1 % per interval; its remaining time follows that clock.\n"
    "--low-tray: that loaded tray starts at REMAIN % (P1S/A1 also send it in their first delta).\n"
    "--hms: the printer reports that HMS entry (hex, e.g. 07002200:00020001 = AMS-1 A3 run out).\n"
    "Up to 16 printers use one MQTT client each; more share one client.\n";

Options ParseOptions(const std::vector<std::string>& args, const std::string& default_fixtures) {
  Options options;
  options.fixtures_dir = default_fixtures;
  int count = 0;
  std::optional<Model> count_model;
  std::string serial_prefix = "SIM";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(flag + ": missing value");
      return args[++i];
    };
    if (flag == "--help" || flag == "-h") {
      options.help = true;
    } else if (flag == "--broker") {
      options.broker = value();
    } else if (flag == "--cafile") {
      options.ca_file = value();
    } else if (flag == "--insecure") {
      options.insecure = true;
    } else if (flag == "--username") {
      options.username = value();
    } else if (flag == "--password") {
      options.password = value();
    } else if (flag == "--printer") {
      options.printers.push_back(ParsePrinter(value()));
    } else if (flag == "--low-tray") {
      options.low_trays.push_back(ParseLowTray(value()));
    } else if (flag == "--hms") {
      options.hms.push_back(ParseHms(value()));
    } else if (flag == "--interval-ms") {
      options.interval_ms = ParseInt(flag, value(), 10, 3600000);
    } else if (flag == "--fixtures") {
      options.fixtures_dir = value();
    } else if (flag == "--seed") {
      options.seed = static_cast<std::uint32_t>(ParseInt(flag, value(), 0, 2147483647));
    } else if (flag == "--count") {
      count = ParseInt(flag, value(), 1, 100000);
    } else if (flag == "--model") {
      count_model = ParseModelFlag(flag, value());
    } else if (flag == "--serial-prefix") {
      serial_prefix = value();
    } else if (flag == "--log-level") {
      options.log_level = value();
    } else {
      throw UsageError("unknown flag \"" + flag + "\"");
    }
  }
  if (options.help) return options;
  if (count > 0) {
    if (!count_model) throw UsageError("--count needs --model");
    for (int n = 1; n <= count; ++n) {
      options.printers.push_back({*count_model, SerialFor(serial_prefix, n)});
    }
  }
  if (options.broker.empty()) throw UsageError("--broker is required");
  if (options.printers.empty()) throw UsageError("at least one --printer (or --count) is required");
  return options;
}

}  // namespace bambu::sim
