// What the web config file means for the HTTP server: a TLS context, the basic-auth
// users and the extra headers; re-read when the file or a certificate it names changes.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "web/basic_auth.hpp"
#include "web/web_config.hpp"

namespace bambu {

struct WebSecurity {
  WebConfig config;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null = plain HTTP
  std::shared_ptr<BasicAuthenticator> auth;        // never null; disabled without users
};

/// Builds the TLS context (certificate, key, client CA, versions) and the authenticator.
/// Throws WebConfigError naming the file and the key whose file cannot be used.
std::shared_ptr<const WebSecurity> BuildWebSecurity(WebConfig config);

/// Plain HTTP, no authentication, no extra headers.
std::shared_ptr<const WebSecurity> OpenWebSecurity();

/// The web config file, reloaded when it or a file it names changes (mtime, size, inode).
class WebSecurityWatcher {
 public:
  /// Loads `path`; throws WebConfigError.
  explicit WebSecurityWatcher(std::string path);
  /// The security for a new connection. Reloads first when a file changed; a bad new
  /// config is logged and the last good one kept.
  std::shared_ptr<const WebSecurity> Current();

 private:
  std::string Fingerprint() const;

  std::string path_;
  std::shared_ptr<const WebSecurity> current_;
  std::string fingerprint_;  // of the files at the last load attempt
};

}  // namespace bambu
