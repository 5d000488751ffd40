#include "io/http/web_security.hpp"

#include <openssl/ssl.h>
#include <sys/stat.h>

#include <utility>

#include "base/log.hpp"

namespace bambu {
namespace {

namespace ssl = boost::asio::ssl;

int OpenSslVersion(TlsVersion version) {
  return version == TlsVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
}

[[noreturn]] void FailFile(const WebConfig& config, const std::string& key, const std::string& file,
                           const std::string& problem) {
  throw WebConfigError(config.source_path + ": tls_server_config." + key + ": " + file + ": " +
                       problem);
}

void ConfigureClientAuth(ssl::context& context, const WebConfig& config) {
  const TlsServerConfig& tls = *config.tls;
  const auto accept_any = [](bool, ssl::verify_context&) { return true; };
  if (!tls.client_ca_file.empty()) {
    boost::system::error_code ec;
    context.load_verify_file(tls.client_ca_file, ec);
    if (ec) FailFile(config, "client_ca_file", tls.client_ca_file, ec.message());
    SSL_CTX_set_client_CA_list(context.native_handle(),
                               SSL_load_client_CA_file(tls.client_ca_file.c_str()));
  }
  switch (tls.client_auth) {
    case ClientAuth::kNoClientCert:
      context.set_verify_mode(ssl::verify_none);
      break;
    case ClientAuth::kRequestClientCert:
      context.set_verify_mode(ssl::verify_peer);
      context.set_verify_callback(accept_any);
      break;
    case ClientAuth::kRequireAnyClientCert:
      context.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
      context.set_verify_callback(accept_any);
      break;
    case ClientAuth::kVerifyClientCertIfGiven:
      context.set_verify_mode(ssl::verify_peer);
      break;
    case ClientAuth::kRequireAndVerifyClientCert:
      context.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
      break;
  }
}

std::shared_ptr<ssl::context> BuildTlsContext(const WebConfig& config) {
  const TlsServerConfig& tls = *config.tls;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, OpenSslVersion(tls.min_version));
  SSL_CTX_set_max_proto_version(native, OpenSslVersion(tls.max_version));
  static constexpr unsigned char kSessionContext[] = "bambu_exporter";
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof(kSessionContext) - 1);
  boost::system::error_code ec;
  context->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) FailFile(config, "cert_file", tls.cert_file, "cannot load certificate: " + ec.message());
  context->use_private_key_file(tls.key_file, ssl::context::pem, ec);
  if (ec) FailFile(config, "key_file", tls.key_file, "cannot load private key: " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    FailFile(config, "key_file", tls.key_file, "does not match cert_file");
  }
  ConfigureClientAuth(*context, config);
  return context;
}

/// "mtime size inode;" of a file, or "missing;" — changes when the file is replaced.
std::string FileStamp(const std::string& path) {
  struct stat info {};
  if (path.empty()) return ";";
  if (::stat(path.c_str(), &info) != 0) return "missing;";
  return std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + " " +
         std::to_string(info.st_size) + " " + std::to_string(info.st_ino) + ";";
}

}  // namespace

std::shared_ptr<const WebSecurity> BuildWebSecurity(WebConfig config) {
  auto security = std::make_shared<WebSecurity>();
  if (config.tls) security->tls = BuildTlsContext(config);
  security->auth = std::make_shared<BasicAuthenticator>(config.basic_auth_users);
  security->config = std::move(config);
  return security;
}

std::shared_ptr<const WebSecurity> OpenWebSecurity() { return BuildWebSecurity(WebConfig{}); }

WebSecurityWatcher::WebSecurityWatcher(std::string path) : path_(std::move(path)) {
  current_ = BuildWebSecurity(LoadWebConfig(path_));
  fingerprint_ = Fingerprint();
}

std::shared_ptr<const WebSecurity> WebSecurityWatcher::Current() {
  const std::string now = Fingerprint();
  if (now == fingerprint_) return current_;
  fingerprint_ = now;
  try {
    current_ = BuildWebSecurity(LoadWebConfig(path_));
    fingerprint_ = Fingerprint();  // the new config may name other files
    log::Info("web config reloaded", {{"file", path_}});
  } catch (const WebConfigError& error) {
    log::Error("web config reload failed, keeping the previous one", {{"err", error.what()}});
  }
  return current_;
}

std::string WebSecurityWatcher::Fingerprint() const {
  std::string stamp = FileStamp(path_);
  if (const auto& tls = current_->config.tls) {
    stamp += FileStamp(tls->cert_file) + FileStamp(tls->key_file) + FileStamp(tls->client_ca_file);
  }
  return stamp;
}

}  // namespace bambu
