#include "ftps_harness.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "broker_harness.hpp"

namespace bambu::test {
namespace {

namespace fs = std::filesystem;

void Require(int status, const std::string& what) {
  if (status != 0) throw std::runtime_error("ftps harness: " + what + " failed");
}

}  // namespace

FtpsServerHarness::FtpsServerHarness(FtpsServerOptions options) : options_(std::move(options)) {
  std::string pattern = (fs::temp_directory_path() / "bambu-ftps-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  ::chmod(dir_.c_str(), 0755);  // vsftpd serves as the unprivileged ftp user
  root_ = dir_ + "/root";
  fs::create_directories(root_ + "/cache");
  fs::create_directories(dir_ + "/empty");
  ca_file_ = dir_ + "/ca.pem";
  port_ = FreeLoopbackPort();
  pam_service_ = "bambu-ftps-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_);
  MakeCertificates();
  MakeUsers();
  WriteConfig();
  Start();
}

FtpsServerHarness::~FtpsServerHarness() {
  if (pid_ > 0) StopProcess(pid_, SIGTERM, 5.0);
  std::error_code ignored;
  fs::remove("/etc/pam.d/" + pam_service_, ignored);
  fs::remove_all(dir_, ignored);
}

void FtpsServerHarness::MakeCertificates() const {
  Require(
      RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                  "/CN=Test BBL FTPS CA", "-keyout", dir_ + "/ca.key", "-out", ca_file_}),
      "CA certificate");
  Require(RunCommand({"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj",
                      "/CN=" + options_.serial, "-keyout", dir_ + "/server.key", "-out",
                      dir_ + "/server.csr"}),
          "server key");
  Require(
      RunCommand({"openssl", "x509", "-req", "-in", dir_ + "/server.csr", "-CA", ca_file_, "-CAkey",
                  dir_ + "/ca.key", "-CAcreateserial", "-days", "2", "-out", dir_ + "/server.pem"}),
      "server certificate");
}

std::string FtpsServerHarness::MakeForeignCa() const {
  const std::string path = dir_ + "/foreign-ca.pem";
  Require(
      RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                  "/CN=Foreign CA", "-keyout", dir_ + "/foreign-ca.key", "-out", path}),
      "foreign CA");
  return path;
}

void FtpsServerHarness::MakeUsers() const {
  // pam_userdb reads <db>.db, a Berkeley DB hash of user -> password.
  const std::string script =
      "use DB_File; use Fcntl; tie my %users, 'DB_File', $ARGV[0], O_RDWR|O_CREAT, 0600, $DB_HASH "
      "or die $!; $users{'bblp'} = $ARGV[1]; untie %users;";
  Require(RunCommand({"perl", "-e", script, dir_ + "/users.db", options_.access_code}),
          "user database");
  WriteFile("/etc/pam.d/" + pam_service_, "auth required pam_userdb.so db=" + dir_ +
                                              "/users\naccount required pam_userdb.so db=" + dir_ +
                                              "/users\n");
}

void FtpsServerHarness::WriteConfig() const {
  const int passive_port = FreeLoopbackPort();
  std::ostringstream conf;
  conf << "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=" << port_ << "\n"
       << "background=NO\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=NO\n"
       << "guest_enable=YES\nguest_username=ftp\nvirtual_use_local_privs=YES\n"
       << "pam_service_name=" << pam_service_ << "\n"
       << "local_root=" << root_ << "\nchroot_local_user=YES\nallow_writeable_chroot=YES\n"
       << "secure_chroot_dir=" << dir_ << "/empty\nnopriv_user=ftp\n"
       << "ssl_enable=YES\nimplicit_ssl=YES\nssl_tlsv1=YES\nssl_sslv2=NO\nssl_sslv3=NO\n"
       << "require_ssl_reuse=YES\nforce_local_logins_ssl=YES\nforce_local_data_ssl=YES\n"
       << "rsa_cert_file=" << dir_ << "/server.pem\nrsa_private_key_file=" << dir_
       << "/server.key\n"
       << "pasv_enable=YES\npasv_address=127.0.0.1\npasv_min_port=" << passive_port
       << "\npasv_max_port=" << passive_port << "\n"
       << "seccomp_sandbox=NO\nisolate=NO\nisolate_network=NO\n"
       << "xferlog_enable=YES\nxferlog_std_format=NO\nsyslog_enable=NO\nlog_ftp_protocol=YES\n"
       << "vsftpd_log_file=" << dir_ << "/vsftpd.log\n";
  if (!options_.allow_rest) {
    conf << "cmds_allowed=USER,PASS,PBSZ,PROT,PWD,CWD,EPSV,PASV,TYPE,SIZE,MDTM,RETR,ABOR,QUIT,"
            "NOOP,FEAT,SYST,OPTS\n";
  }
  if (options_.max_rate_bytes > 0) conf << "local_max_rate=" << options_.max_rate_bytes << "\n";
  WriteFile(dir_ + "/vsftpd.conf", conf.str());
}

void FtpsServerHarness::Start() {
  pid_ = SpawnProcess({"vsftpd", dir_ + "/vsftpd.conf"}, dir_ + "/vsftpd.out");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!PortAccepts(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("vsftpd exited; see " + dir_ + "/vsftpd.out");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("vsftpd did not listen on port " + std::to_string(port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void FtpsServerHarness::PutFile(const std::string& path, const std::string& bytes) const {
  const fs::path file = root_ + path;
  fs::create_directories(file.parent_path());
  WriteFile(file.string(), bytes);
  ::chmod(file.c_str(), 0644);
}

void FtpsServerHarness::AppendFile(const std::string& path, const std::string& bytes) const {
  std::ofstream out(root_ + path, std::ios::binary | std::ios::app);
  out << bytes;
  if (!out) throw std::runtime_error("cannot append to " + root_ + path);
}

int FtpsServerHarness::LogLines(const std::string& text) const {
  std::ifstream in(dir_ + "/vsftpd.log");
  int count = 0;
  for (std::string line; std::getline(in, line);) count += line.find(text) != std::string::npos;
  return count;
}

}  // namespace bambu::test
