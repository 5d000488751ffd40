#include "config/access_codes.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "config/secret_source.hpp"
#include "report/report_topic.hpp"

namespace bambu {
namespace {

constexpr std::size_t kMaxCodeBytes = 64;  // real codes are 8 characters
constexpr std::size_t kMaxLines = 100000;  // a file of codes, not a disk image
constexpr std::size_t kMaxLineBytes = 256;

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeBytes) return false;
  for (char c : code) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  return true;
}

void Insert(AccessCodes& codes, const std::string& serial, std::string code,
            const std::string& source, const std::string& where) {
  const auto [it, inserted] = codes.emplace(serial, AccessCode{std::move(code), source});
  if (!inserted) {
    throw SecretError(where + ": serial " + serial + " already has a code in " + it->second.source);
  }
}

void ReadDirectory(const std::string& dir, AccessCodes& codes) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw SecretError(dir + " is not a directory");
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw SecretError("cannot read " + dir + ": " + ec.message());
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    const std::string path = entry.path().string();
    if (!entry.is_regular_file(ec)) continue;  // subdirectories, sockets: not codes
    if (!IsTopicLevel(name)) {
      throw SecretError(path + ": a file name must be a printer serial (no spaces, '/', '+', '#')");
    }
    CheckPrivateFile(path);
    std::string code = ReadSecretFile(path);
    if (!IsCode(code)) throw SecretError(path + ": the code must be one word of at most 64 bytes");
    Insert(codes, name, std::move(code), path, path);
  }
}

void ReadCodeFile(const std::string& file, AccessCodes& codes) {
  CheckPrivateFile(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SecretError("cannot read " + file + ": " + std::strerror(errno));
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    const std::string where = file + ":" + std::to_string(++number);
    if (number > kMaxLines) throw SecretError(where + ": more than 100000 lines");
    if (line.size() > kMaxLineBytes) throw SecretError(where + ": line longer than 256 bytes");
    const std::string text = Trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    const auto colon = text.find(':');
    if (colon == std::string::npos) throw SecretError(where + ": expected \"SERIAL: CODE\"");
    const std::string serial = Trimmed(std::string_view(text).substr(0, colon));
    std::string code = Trimmed(std::string_view(text).substr(colon + 1));
    if (!IsTopicLevel(serial)) throw SecretError(where + ": not a printer serial");
    if (!IsCode(code)) throw SecretError(where + ": the code must be one word of at most 64 bytes");
    Insert(codes, serial, std::move(code), file, where);
  }
}

}  // namespace

void CheckPrivateFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw SecretError("cannot read " + path + ": " + std::strerror(errno));
  }
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw SecretError(path + " is open to group or others (mode " + mode +
                      "); make it private: chmod 600");
  }
}

AccessCodes LoadAccessCodes(const std::string& dir, const std::string& file) {
  AccessCodes codes;
  if (!dir.empty()) ReadDirectory(dir, codes);
  if (!file.empty()) ReadCodeFile(file, codes);
  return codes;
}

}  // namespace bambu
