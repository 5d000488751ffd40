// Minimal leveled logger on stderr, one line per entry: logfmt (ts=... level=... msg="..."
// key=value) or JSON ({"ts":...,"level":...,"msg":...,"key":"value"}).
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace bambu::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kLogfmt, kJson };

/// Parses "debug|info|warn|error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level& out);
void SetLevel(Level level);
bool Enabled(Level level);

/// Parses "logfmt|json"; returns false on anything else.
bool ParseFormat(std::string_view text, Format& out);
/// The format of the lines Write() emits (default logfmt).
void SetFormat(Format format);

using Field = std::pair<std::string_view, std::string>;
void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

/// One logfmt line without the trailing newline, e.g.
/// `ts=2026-11-28T07:00:00.123Z level=info msg="listening" address=:9593`.
/// Values are quoted when empty or containing spaces, quotes, '=' or control characters.
std::string FormatLine(std::chrono::system_clock::time_point ts, Level level, std::string_view msg,
                       std::initializer_list<Field> fields);

/// One JSON object without the trailing newline, e.g.
/// `{"ts":"2026-11-28T07:00:00.123Z","level":"info","msg":"listening","address":":9593"}`.
/// Every value is a string; control characters are escaped and bytes that are not UTF-8
/// become U+FFFD, so each line is valid JSON.
std::string FormatJsonLine(std::chrono::system_clock::time_point ts, Level level,
                           std::string_view msg, std::initializer_list<Field> fields);

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
