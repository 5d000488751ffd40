// Command line of bambu_sim.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/sim_printer.hpp"

namespace bambu::sim {

struct PrinterSpec {
  Model model;
  std::string serial;
};

/// --low-tray SERIAL:AMS:SLOT:REMAIN: that tray starts with `remain` percent.
struct TrayRemain {
  std::string serial;
  std::string ams;   // unit id as in the report ("0", "1", "128")
  std::string slot;  // tray id within the unit ("0".."3")
  int remain = 0;    // percent, 0..100
};

/// --hms SERIAL:ATTR:CODE: the printer reports this HMS entry (attr and code in hex, as in
/// the display code AAAABBBB:CCCCDDDD; docs/protocol.md §5.20).
struct HmsSpec {
  std::string serial;
  std::uint32_t attr = 0;
  std::uint32_t code = 0;
};

struct Options {
  std::string broker;  // "ssl://127.0.0.1:8883" or "tcp://..."
  std::string ca_file;
  bool insecure = false;
  std::string username;
  std::string password;  // never logged
  std::vector<PrinterSpec> printers;
  std::vector<TrayRemain> low_trays;
  std::vector<HmsSpec> hms;
  int interval_ms = 1000;
  std::string fixtures_dir;
  std::uint32_t seed = 1;
  std::string log_level = "info";
  bool help = false;
};

/// Thrown on a bad command line; what() says which flag and why.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

extern const char* const kUsage;

/// Parses argv (without argv[0]); `default_fixtures` is used when --fixtures is absent.
Options ParseOptions(const std::vector<std::string>& args, const std::string& default_fixtures);

}  // namespace bambu::sim
