// Test harness: a real vsftpd on 127.0.0.1 as a Bambu printer serves its storage: implicit TLS,
// TLS session reuse required on data connections, a server certificate with CN = serial signed
// by a throw-away CA, the virtual user bblp whose password is the access code (PAM pam_userdb
// over a Berkeley DB file written with perl's DB_File). Everything lives in a temp dir (and one
// /etc/pam.d service file) removed on destruction.
#pragma once

#include <sys/types.h>

#include <string>

namespace bambu::test {

struct FtpsServerOptions {
  std::string serial = "01P00A000000001";
  std::string access_code = "12345678";
  bool allow_rest = true;   // false: REST is refused (550), as some servers do
  long max_rate_bytes = 0;  // bytes/s of each transfer; 0 = unlimited
};

class FtpsServerHarness {
 public:
  explicit FtpsServerHarness(FtpsServerOptions options = {});
  ~FtpsServerHarness();
  FtpsServerHarness(const FtpsServerHarness&) = delete;
  FtpsServerHarness& operator=(const FtpsServerHarness&) = delete;

  /// Writes `bytes` at `path` under the served root (e.g. "/cache/job.3mf").
  void PutFile(const std::string& path, const std::string& bytes) const;
  /// Appends `bytes` to a served file (a file still being written).
  void AppendFile(const std::string& path, const std::string& bytes) const;
  /// Creates another CA the server's certificate does not chain to; returns its path.
  std::string MakeForeignCa() const;
  /// Commands vsftpd logged (log_ftp_protocol) that contain `text`, e.g. "REST".
  int LogLines(const std::string& text) const;

  int port() const { return port_; }
  const std::string& ca_file() const { return ca_file_; }
  const std::string& serial() const { return options_.serial; }
  const std::string& access_code() const { return options_.access_code; }
  const std::string& root() const { return root_; }

 private:
  void MakeCertificates() const;
  void MakeUsers() const;
  void WriteConfig() const;
  void Start();

  FtpsServerOptions options_;
  std::string dir_;
  std::string root_;
  std::string ca_file_;
  std::string pam_service_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace bambu::test
