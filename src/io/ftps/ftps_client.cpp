// libcurl easy handle per client: one control connection reused across commands while the
// server keeps it, the TLS session cached by the handle and resumed on each data connection.
#include "io/ftps/ftps_client.hpp"

#include <curl/curl.h>

#include <cstring>

namespace bambu {
namespace {

/// Where a RETR's bytes go: `out`, at most `cap` of them.
struct Sink {
  std::string* out = nullptr;
  std::uint64_t cap = 0;
  bool over = false;
};

std::size_t WriteToSink(char* data, std::size_t size, std::size_t count, void* user) {
  Sink& sink = *static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  if (sink.out == nullptr) return bytes;
  if (sink.out->size() + bytes > sink.cap) {
    sink.over = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  sink.out->append(data, bytes);
  return bytes;
}

int CheckCancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel != nullptr && cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

/// The failure a libcurl result stands for (docs/protocol.md §7.1: 550 = no such file).
PlanFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return PlanFailure::kNone;
    case CURLE_REMOTE_FILE_NOT_FOUND:
    case CURLE_FTP_COULDNT_RETR_FILE:
      return PlanFailure::kNoFile;
    case CURLE_LOGIN_DENIED:
      return PlanFailure::kLogin;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return PlanFailure::kTls;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_ABORTED_BY_CALLBACK:
      return PlanFailure::kTimeout;
    case CURLE_PARTIAL_FILE:
      return PlanFailure::kFileIncomplete;
    default:
      return PlanFailure::kTransfer;
  }
}

long Milliseconds(double seconds) { return static_cast<long>(seconds * 1000); }

}  // namespace

struct FtpsClient::Handle {
  CURL* curl = curl_easy_init();
  curl_slist* connect_to = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
    curl_slist_free_all(connect_to);
  }
};

void InitFtps() { curl_global_init(CURL_GLOBAL_DEFAULT); }

FtpsClient::FtpsClient(FtpsTarget target, FtpsLimits limits, const std::atomic<bool>* cancel)
    : target_(std::move(target)),
      limits_(limits),
      cancel_(cancel),
      handle_(std::make_unique<Handle>()) {
  CURL* curl = handle_->curl;
  if (curl == nullptr) return;
  // The URL names the serial (SNI and the certificate's name); the socket goes to the host.
  const bool ipv6 = target_.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + target_.host + "]" : target_.host;
  const std::string port = std::to_string(target_.port);
  handle_->connect_to =
      curl_slist_append(nullptr, (target_.serial + ":" + port + ":" + host + ":" + port).c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, handle_->connect_to);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "ftps");
  curl_easy_setopt(curl, CURLOPT_USERNAME, "bblp");
  curl_easy_setopt(curl, CURLOPT_PASSWORD, target_.access_code.c_str());
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  // TLS 1.2 only: some firmware fails 1.3 or loses session reuse with it (§7.1).
  curl_easy_setopt(
      curl, CURLOPT_SSLVERSION,
      static_cast<long>(CURL_SSLVERSION_TLSv1_2) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_2));
  curl_easy_setopt(curl, CURLOPT_SSL_SESSIONID_CACHE, 1L);
  curl_easy_setopt(curl, CURLOPT_CAINFO, target_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, target_.insecure ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, target_.insecure ? 0L : 2L);
  curl_easy_setopt(curl, CURLOPT_FTP_FILEMETHOD, static_cast<long>(CURLFTPMETHOD_NOCWD));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, Milliseconds(limits_.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT,
                   static_cast<long>(limits_.response_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, Milliseconds(limits_.operation_timeout_s));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, limits_.stall_bytes_per_s);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, limits_.stall_time_s);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &WriteToSink);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &CheckCancel);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, cancel_);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, handle_->error);
}

FtpsClient::~FtpsClient() = default;

void FtpsClient::Prepare(const std::string& path) {
  // Each segment percent-encoded: names carry spaces, '#', '%' and non-ASCII (§7.1).
  std::string url = "ftps://" + target_.serial + ":" + std::to_string(target_.port);
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) {
      char* escaped =
          curl_easy_escape(handle_->curl, path.data() + start, static_cast<int>(slash - start));
      url += "/";
      url += escaped != nullptr ? escaped : "";
      curl_free(escaped);
    }
    start = slash + 1;
  }
  curl_easy_setopt(handle_->curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle_->curl, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(handle_->curl, CURLOPT_RANGE, nullptr);
  handle_->error[0] = '\0';
  last_error_.clear();
}

PlanFailure FtpsClient::Perform(std::string* out, std::uint64_t cap) {
  Sink sink{out, cap, false};
  curl_easy_setopt(handle_->curl, CURLOPT_WRITEDATA, &sink);
  const CURLcode code = curl_easy_perform(handle_->curl);
  curl_off_t received = 0;
  if (curl_easy_getinfo(handle_->curl, CURLINFO_SIZE_DOWNLOAD_T, &received) == CURLE_OK) {
    bytes_transferred_ += static_cast<std::uint64_t>(received);
  }
  if (code == CURLE_OK) return PlanFailure::kNone;
  last_error_ = handle_->error[0] != '\0' ? handle_->error : curl_easy_strerror(code);
  if (code == CURLE_FTP_COULDNT_USE_REST) rest_refused_ = true;
  if (sink.over) return PlanFailure::kEntryTooLarge;
  return Classify(code);
}

PlanFailure FtpsClient::Size(const std::string& path, std::uint64_t& size) {
  if (handle_->curl == nullptr) return PlanFailure::kTransfer;
  Prepare(path);
  curl_easy_setopt(handle_->curl, CURLOPT_NOBODY, 1L);
  const PlanFailure failure = Perform(nullptr, 0);
  if (failure != PlanFailure::kNone) return failure;
  curl_off_t length = -1;
  curl_easy_getinfo(handle_->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length < 0) {
    last_error_ = "no SIZE answer";
    return PlanFailure::kTransfer;
  }
  size = static_cast<std::uint64_t>(length);
  return PlanFailure::kNone;
}

PlanFailure FtpsClient::ReadRange(const std::string& path, std::uint64_t offset,
                                  std::uint64_t length, std::string& out) {
  if (handle_->curl == nullptr) return PlanFailure::kTransfer;
  if (length == 0) {
    out.clear();
    return PlanFailure::kNone;
  }
  Prepare(path);
  const std::string range = std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  curl_easy_setopt(handle_->curl, CURLOPT_RANGE, range.c_str());
  out.clear();
  const PlanFailure failure = Perform(&out, length);
  if (failure != PlanFailure::kNone) return failure;
  // A data connection closed early gives a short read without an error (§7.1).
  return out.size() == length ? PlanFailure::kNone : PlanFailure::kFileIncomplete;
}

PlanFailure FtpsClient::ReadWhole(const std::string& path, std::string& out) {
  if (handle_->curl == nullptr) return PlanFailure::kTransfer;
  Prepare(path);
  out.clear();
  return Perform(&out, limits_.max_whole_bytes);
}

}  // namespace bambu
