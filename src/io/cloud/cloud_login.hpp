// The interactive `bambu_exporter login` flow (protocol.md §2.3): account and
// password → token, or → e-mail code → token; the token is written to a file
// with mode 0600 ("<token>\nexpires_at=<unix>\n", see cloud/cloud_token.hpp TokenFile).
#pragma once

#include <iosfwd>
#include <string>

namespace bambu {

struct LoginOptions {
  std::string base_url = "https://api.bambulab.com";  // "https://api.bambulab.cn" for China
  std::string ca_file;     // empty = system trust store (tests: the fake's CA)
  std::string token_file;  // where the token goes (replaced atomically, mode 0600)
  std::string account;     // e-mail; asked for when empty
  double timeout_s = 30;   // per request
  int max_code_attempts = 5;
};

/// Runs the login dialogue on `in`/`out` (the password is read without echo when
/// `in` is std::cin on a terminal). Returns 0 when the token file was written,
/// 1 otherwise. Never prints the password or the token.
int RunLogin(const LoginOptions& options, std::istream& in, std::ostream& out);

/// Writes `text` to `path` with mode 0600: a new temp file (O_CREAT|O_EXCL, 0600)
/// in the same directory, fsync, rename over `path`. False with `error` on failure.
bool WritePrivateFile(const std::string& path, const std::string& text, std::string& error);

}  // namespace bambu
