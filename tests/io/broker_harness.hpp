// Test harness: a real mosquitto broker on 127.0.0.1 with a TLS + password
// listener, using a Bambu-like server certificate (CN = serial, no SAN unless
// asked for, as a cloud broker has) signed by a throw-away CA. Everything lives
// in a temp dir removed on destruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace bambu::test {

/// Returns a TCP port on 127.0.0.1 that nobody listens on right now.
int FreeLoopbackPort();
/// True when something accepts TCP connections on 127.0.0.1:port.
bool PortAccepts(int port);
/// Writes `text` to `path`; throws std::runtime_error on failure.
void WriteFile(const std::string& path, const std::string& text);
/// Reads a whole file; throws std::runtime_error on failure.
std::string ReadFile(const std::string& path);
/// Runs argv (no shell) and waits; returns the exit status (or -1).
int RunCommand(const std::vector<std::string>& argv);
/// Starts argv as a child process (stdout/stderr to `log_path` when not empty).
pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path = {});
/// Sends `signal` to `pid` and waits up to `timeout_s` for it to exit; then SIGKILLs.
/// Returns the exit status when it exited by itself, -1 otherwise.
int StopProcess(pid_t pid, int signal, double timeout_s);

class BrokerHarness {
 public:
  /// Creates certificates, password file and config; starts mosquitto. `server_san`: the
  /// server certificate's subjectAltName (e.g. "IP:127.0.0.1,DNS:localhost"); empty = none.
  explicit BrokerHarness(std::string serial = "01P00A000000001", std::string user = "bblp",
                         std::string password = "12345678", std::string server_san = {});
  ~BrokerHarness();
  BrokerHarness(const BrokerHarness&) = delete;
  BrokerHarness& operator=(const BrokerHarness&) = delete;

  void Start();    // starts mosquitto and waits until the port accepts (throws on timeout)
  void Stop();     // SIGTERM, bounded wait
  void Restart();  // Stop + Start on the same port
  /// SIGSTOP / SIGCONT: a broker (printer) that stops answering without closing a connection.
  void Freeze();
  void Thaw();
  /// Adds a listener on `address` (a 127.x address), same port and settings; restarts.
  void ListenAlso(const std::string& address);
  /// Replaces the password of `user` in the password file (takes effect on Restart).
  void SetPassword(const std::string& password);

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  const std::string& ca_file() const { return ca_file_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  std::string uri() const { return "ssl://127.0.0.1:" + std::to_string(port_); }
  bool running() const { return pid_ > 0; }

  /// Publishes `payload` to `topic` with mosquitto_pub (TLS, password); true on success.
  bool Publish(const std::string& topic, const std::string& payload) const;
  /// Publishes the contents of `file`.
  bool PublishFile(const std::string& topic, const std::string& file) const;

  /// Lines of mosquitto's log (this run and earlier ones) that contain `text`, e.g. "not
  /// authorised" for each refused CONNECT.
  int LogLines(const std::string& text) const;

  /// Creates another CA (not trusted by this broker) in the temp dir; returns its path.
  std::string MakeForeignCa() const;

 private:
  void MakeCertificates();
  void WriteConfig() const;

  std::string serial_;
  std::string user_;
  std::string password_;
  std::string server_san_;
  std::string dir_;
  std::string ca_file_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::vector<std::string> listen_addresses_ = {"127.0.0.1"};
};

}  // namespace bambu::test
