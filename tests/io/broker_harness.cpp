#include "broker_harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bambu::test {
namespace {

namespace fs = std::filesystem;

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

void Require(int status, const std::string& what) {
  if (status != 0) throw std::runtime_error("broker harness: " + what + " failed");
}

// Lets the unprivileged mosquitto user read a secret file (README.md, Build pitfalls).
void ShareWithMosquitto(const std::string& path) {
  Require(RunCommand({"chgrp", "mosquitto", path}), "chgrp " + path);
  Require(::chmod(path.c_str(), 0640), "chmod " + path);
}

}  // namespace

int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind(127.0.0.1:0) failed");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool PortAccepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = Loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

pid_t SpawnProcess(const std::vector<std::string>& args, const std::string& log_path) {
  auto argv = Argv(args);  // built before fork: the child only makes async-signal-safe calls
  if (!log_path.empty()) {
    // Created before the fork, so a caller polling the log never finds it missing.
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) ::close(fd);
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork for " + args.front());
  if (pid == 0) {
    // Dies with the test process, even when it crashes (not kept across a setuid,
    // so mosquitto, which drops to its own user, is only stopped by the harness).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    if (!log_path.empty()) {
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int RunCommand(const std::vector<std::string>& args) {
  pid_t pid = SpawnProcess(args, "/dev/null");
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int StopProcess(pid_t pid, int signal, double timeout_s) {
  if (pid <= 0) return -1;
  ::kill(pid, signal);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

BrokerHarness::BrokerHarness(std::string serial, std::string user, std::string password,
                             std::string server_san)
    : serial_(std::move(serial)),
      user_(std::move(user)),
      password_(std::move(password)),
      server_san_(std::move(server_san)) {
  std::string pattern = (fs::temp_directory_path() / "bambu-broker-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  ::chmod(dir_.c_str(), 0755);  // mosquitto runs as its own user
  ca_file_ = dir_ + "/ca.pem";
  port_ = FreeLoopbackPort();
  MakeCertificates();
  SetPassword(password_);
  WriteConfig();
  Start();
}

BrokerHarness::~BrokerHarness() {
  Stop();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void BrokerHarness::MakeCertificates() {
  Require(RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                      "-subj", "/CN=Test BBL CA", "-keyout", dir_ + "/ca.key", "-out", ca_file_}),
          "CA certificate");
  Require(RunCommand({"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + serial_,
                      "-keyout", dir_ + "/server.key", "-out", dir_ + "/server.csr"}),
          "server key");
  std::vector<std::string> sign = {"openssl", "x509", "-req", "-in", dir_ + "/server.csr"};
  sign.insert(sign.end(), {"-CA", ca_file_, "-CAkey", dir_ + "/ca.key", "-CAcreateserial"});
  sign.insert(sign.end(), {"-days", "2", "-out", dir_ + "/server.pem"});
  if (!server_san_.empty()) {
    WriteFile(dir_ + "/server.ext", "subjectAltName=" + server_san_ + "\n");
    sign.insert(sign.end(), {"-extfile", dir_ + "/server.ext"});
  }
  Require(RunCommand(sign), "server certificate");
  ShareWithMosquitto(dir_ + "/server.key");
}

std::string BrokerHarness::MakeForeignCa() const {
  std::string path = dir_ + "/foreign-ca.pem";
  Require(
      RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                  "/CN=Foreign CA", "-keyout", dir_ + "/foreign-ca.key", "-out", path}),
      "foreign CA");
  return path;
}

void BrokerHarness::SetPassword(const std::string& password) {
  password_ = password;
  std::string path = dir_ + "/passwd";
  WriteFile(path, "");
  Require(RunCommand({"mosquitto_passwd", "-b", path, user_, password_}), "mosquitto_passwd");
  ShareWithMosquitto(path);
}

void BrokerHarness::WriteConfig() const {
  std::ostringstream conf;
  conf << "per_listener_settings true\n"
       << "persistence false\n"
       << "log_dest stderr\n";
  for (const std::string& address : listen_addresses_) {
    conf << "listener " << port_ << " " << address << "\n"
         << "allow_anonymous false\n"
         << "password_file " << dir_ << "/passwd\n"
         << "cafile " << ca_file_ << "\n"
         << "certfile " << dir_ << "/server.pem\n"
         << "keyfile " << dir_ << "/server.key\n";
  }
  WriteFile(dir_ + "/mosquitto.conf", conf.str());
}

void BrokerHarness::ListenAlso(const std::string& address) {
  Stop();
  listen_addresses_.push_back(address);
  WriteConfig();
  Start();
}

void BrokerHarness::Start() {
  if (pid_ > 0) return;
  pid_ = SpawnProcess({"mosquitto", "-c", dir_ + "/mosquitto.conf"}, dir_ + "/mosquitto.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!PortAccepts(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("mosquitto exited; see " + dir_ + "/mosquitto.log");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      Stop();
      throw std::runtime_error("mosquitto did not listen on port " + std::to_string(port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void BrokerHarness::Freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void BrokerHarness::Thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void BrokerHarness::Stop() {
  if (pid_ <= 0) return;
  Thaw();  // a stopped process would not see SIGTERM
  StopProcess(pid_, SIGTERM, 5.0);
  pid_ = -1;
}

void BrokerHarness::Restart() {
  Stop();
  Start();
}

int BrokerHarness::LogLines(const std::string& text) const {
  std::ifstream in(dir_ + "/mosquitto.log");
  int count = 0;
  for (std::string line; std::getline(in, line);) count += line.find(text) != std::string::npos;
  return count;
}

bool BrokerHarness::PublishFile(const std::string& topic, const std::string& file) const {
  return RunCommand({"mosquitto_pub", "--cafile", ca_file_, "--insecure", "-h", "127.0.0.1", "-p",
                     std::to_string(port_), "-u", user_, "-P", password_, "-t", topic, "-f",
                     file}) == 0;
}

bool BrokerHarness::Publish(const std::string& topic, const std::string& payload) const {
  std::string file = dir_ + "/publish.json";
  WriteFile(file, payload);
  return PublishFile(topic, file);
}

}  // namespace bambu::test
