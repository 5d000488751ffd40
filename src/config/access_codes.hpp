// Access codes by serial, kept outside exporter.yaml: a directory of files named by serial
// (each holding one code) and/or one file of `SERIAL: CODE` lines. Read when the config is
// loaded (and on every reload). Like the token file, a code file must not be readable by group
// or others (mode 0600 or 0400). Errors name the file and the line, never a code.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace bambu {

struct AccessCode {
  std::string code;    // never logged
  std::string source;  // the file it came from (a path is safe to print)
};

/// Codes by serial.
using AccessCodes = std::map<std::string, AccessCode, std::less<>>;

/// Reads `dir` (files named by serial; names starting with '.' are skipped, as Kubernetes puts
/// its bookkeeping there) and then `file`; either may be empty. A serial in both, or twice in
/// the file, is an error. Throws SecretError.
AccessCodes LoadAccessCodes(const std::string& dir, const std::string& file);

/// Throws SecretError when `path` grants any permission to group or others.
void CheckPrivateFile(const std::string& path);

}  // namespace bambu
