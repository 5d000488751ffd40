#include "io/cloud/cloud_login.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "cloud/cloud_api.hpp"
#include "cloud/cloud_token.hpp"
#include "io/cloud/https_client.hpp"

namespace bambu {
namespace asio = boost::asio;
namespace json = boost::json;
namespace {

constexpr std::string_view kLoginPath = "/v1/user-service/user/login";
constexpr std::string_view kSendCodePath = "/v1/user-service/user/sendemail/code";
constexpr std::int64_t kCodeExpired = 1;
constexpr std::int64_t kCodeWrong = 2;

/// Reads one line after `prompt`; no echo when `secret` and `in` is a terminal. nullopt on EOF.
std::optional<std::string> Ask(std::istream& in, std::ostream& out, std::string_view prompt,
                               bool secret) {
  out << prompt << std::flush;
  const bool hide = secret && &in == &std::cin && ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (hide && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(in, line));
  if (hide) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    out << "\n";
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string FormatUtcDate(std::int64_t unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M UTC", &tm);
  return text;
}

class LoginDialogue {
 public:
  LoginDialogue(const LoginOptions& options, std::istream& in, std::ostream& out)
      : options_(options),
        in_(in),
        out_(out),
        client_(ioc_.get_executor(), ClientOptions(options)) {}

  int Run() {
    if (options_.token_file.empty()) return Fail("no token file given");
    account_ = options_.account;
    if (account_.empty()) {
      auto account = Ask(in_, out_, "Bambu Lab account e-mail: ", false);
      if (!account || account->empty()) return Fail("no account given");
      account_ = *account;
    }
    auto password = Ask(in_, out_, "Password: ", true);
    if (!password) return Fail("no password given");
    HttpsResponse response = Post(
        kLoginPath, json::object{{"account", account_}, {"password", *password}, {"apiError", ""}});
    if (!response.transport_ok())
      return Fail("cannot reach " + options_.base_url + ": " + response.error);
    if (response.status != 200) return Fail(HttpFailure("login", response));
    const auto reply = ParseLoginReply(response.body);
    if (!reply.ok()) return Fail("unexpected login reply: " + reply.error.message);
    if (!reply.value->access_token.empty()) return Save(*reply.value);
    if (reply.value->login_type == "tfa") {
      out_ << "This account uses two-factor authentication (authenticator app), which the "
              "exporter cannot complete. Falling back to a code sent by e-mail.\n";
    } else if (reply.value->login_type != "verifyCode") {
      return Fail("unsupported login type \"" + reply.value->login_type + "\"");
    }
    return CodeLogin();
  }

 private:
  static HttpsClientOptions ClientOptions(const LoginOptions& options) {
    HttpsClientOptions client;
    client.base_url = options.base_url;
    client.ca_file = options.ca_file;
    client.connect_timeout_s = client.write_timeout_s = client.read_timeout_s = options.timeout_s;
    return client;
  }

  int Fail(const std::string& why) {
    out_ << "Login failed: " << why << "\n";
    return 1;
  }

  static std::string HttpFailure(std::string_view what, const HttpsResponse& response) {
    const CloudError error = CloudEnvelopeError(response.body);
    std::string text = std::string(what) + " answered HTTP " + std::to_string(response.status);
    if (error.kind == CloudErrorKind::kApiError) text += " (" + error.message + ")";
    return text;
  }

  HttpsResponse Post(std::string_view target, const json::object& body) {
    HttpsRequest request;
    request.method = "POST";
    request.target = std::string(target);
    request.body = json::serialize(body);
    std::optional<HttpsResponse> result;
    asio::co_spawn(
        ioc_, client_.Send(std::move(request)),
        [&result](std::exception_ptr, HttpsResponse response) { result = std::move(response); });
    ioc_.restart();
    ioc_.run();
    if (!result) {
      HttpsResponse failed;
      failed.error = "internal: request did not complete";
      return failed;
    }
    return std::move(*result);
  }

  bool SendCode() {
    const HttpsResponse response =
        Post(kSendCodePath, json::object{{"email", account_}, {"type", "codeLogin"}});
    if (!response.transport_ok()) {
      Fail("cannot reach " + options_.base_url + ": " + response.error);
      return false;
    }
    if (response.status != 200) {
      Fail(HttpFailure("sending the e-mail code", response));
      return false;
    }
    out_ << "A login code was sent to " << account_ << ".\n";
    return true;
  }

  int CodeLogin() {
    if (!SendCode()) return 1;
    for (int attempt = 0; attempt < options_.max_code_attempts; ++attempt) {
      auto code = Ask(in_, out_, "Code from the e-mail: ", false);
      if (!code) return Fail("no code given");
      const HttpsResponse response =
          Post(kLoginPath, json::object{{"account", account_}, {"code", *code}});
      if (!response.transport_ok())
        return Fail("cannot reach " + options_.base_url + ": " + response.error);
      if (response.status == 200) {
        const auto reply = ParseLoginReply(response.body);
        if (!reply.ok() || reply.value->access_token.empty()) {
          return Fail("unexpected login reply: " + reply.error.message);
        }
        return Save(*reply.value);
      }
      const CloudError error = CloudEnvelopeError(response.body);
      if (response.status == 400 && error.code == kCodeExpired) {
        out_ << "The code has expired; sending a new one.\n";
        if (!SendCode()) return 1;
        continue;
      }
      if (response.status == 400 && error.code == kCodeWrong) {
        out_ << "Wrong code; try again.\n";
        continue;
      }
      return Fail(HttpFailure("login", response));
    }
    return Fail("too many wrong codes");
  }

  int Save(const LoginReply& reply) {
    TokenFile file;
    file.token = reply.access_token;
    file.expires_at = JwtExpiry(reply.access_token);
    if (!file.expires_at && reply.expires_in_s && *reply.expires_in_s > 0) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      file.expires_at =
          std::chrono::duration_cast<std::chrono::seconds>(now).count() + *reply.expires_in_s;
    }
    std::string error;
    if (!WritePrivateFile(options_.token_file, FormatTokenFile(file), error)) return Fail(error);
    out_ << "Token written to " << options_.token_file;
    if (file.expires_at) out_ << " (valid until " << FormatUtcDate(*file.expires_at) << ")";
    out_ << ".\n";
    return 0;
  }

  const LoginOptions& options_;
  std::istream& in_;
  std::ostream& out_;
  asio::io_context ioc_;
  HttpsClient client_;
  std::string account_;
};

}  // namespace

bool WritePrivateFile(const std::string& path, const std::string& text, std::string& error) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  ::unlink(tmp.c_str());  // a stale temp file of an earlier, killed run
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot write " + path + ": " + std::strerror(ok ? errno : saved_errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

int RunLogin(const LoginOptions& options, std::istream& in, std::ostream& out) {
  try {
    LoginDialogue dialogue(options, in, out);
    return dialogue.Run();
  } catch (const std::exception& e) {
    out << "Login failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace bambu
