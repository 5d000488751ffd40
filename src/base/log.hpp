// Minimal leveled logger, logfmt lines on stderr: ts=... level=... msg="..." key=value.
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace bambu::log {

enum class Level { kDebug, kInfo, kWarn, kError };

/// Parses "debug|info|warn|error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level& out);
void SetLevel(Level level);
bool Enabled(Level level);

using Field = std::pair<std::string_view, std::string>;
void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

/// One logfmt line without the trailing newline, e.g.
/// `ts=2026-11-28T07:00:00.123Z level=info msg="listening" address=:9593`.
/// Values are quoted when empty or containing spaces, quotes, '=' or control characters.
std::string FormatLine(std::chrono::system_clock::time_point ts, Level level, std::string_view msg,
                       std::initializer_list<Field> fields);

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

}  // namespace bambu::log
