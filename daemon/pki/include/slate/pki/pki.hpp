#pragma once
/// The box's own certificate authority and the server certificate it issues itself, so that
/// tablets on the set's Wi-Fi reach the box over HTTPS (a secure context: service worker, offline
/// app, no PIN or token in clear) once they trust the CA. Typed values in, PEM and files out: no
/// HTTP, no JSON.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace slate::pki {

/// A certificate or key that cannot be made, read or written. The message names the file.
class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The names a server certificate must carry: DNS names and IP addresses (textual, v4 or v6).
struct SubjectNames {
  std::vector<std::string> dns;
  std::vector<std::string> addresses;
};

/// What a certificate says, read back from it.
struct CertificateInfo {
  std::string subject;  ///< The common name.
  std::string issuer;   ///< The issuer's common name.
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  SubjectNames names;  ///< Its subjectAltName entries.
  bool is_ca = false;
  std::string sha256_fingerprint;  ///< "AB:CD:…", as iPadOS and Android show it.
};

/// Where the files live, all in one folder of the data dir (keys mode 0600).
struct TlsFiles {
  std::filesystem::path ca_certificate;  ///< ca.crt
  std::filesystem::path ca_key;          ///< ca.key
  /// server.crt: the server's certificate, then the CA's.
  std::filesystem::path server_certificate;
  std::filesystem::path server_key;  ///< server.key
};
TlsFiles tls_files_in(const std::filesystem::path& folder);

/// What ensure_tls() leaves in place.
struct TlsMaterial {
  TlsFiles files;
  std::string ca_pem;
  std::string server_chain_pem;  ///< The server certificate then the CA certificate.
  std::string server_key_pem;
  CertificateInfo ca;
  CertificateInfo server;
  bool ca_created = false;     ///< This call made the CA (first start).
  bool server_issued = false;  ///< This call issued a new server certificate.
};

/// The rules a server certificate is issued by: iPadOS accepts at most 397 days.
struct IssuePolicy {
  std::chrono::days server_lifetime{397};  ///< A longer one is cut to 397 days.
  std::chrono::days ca_lifetime{3650};
  /// A server certificate this close to its end is renewed.
  std::chrono::days renew_before{30};
};

/// Makes the CA (EC P-256, "Slate <appliance_id>", 10 years) in `folder` when there is none, and
/// issues a server certificate (EC P-256, serverAuth, the SANs in `names`) when there is none,
/// when it ends within policy.renew_before of `now`, when it does not name every one of `names`,
/// or when it was not issued by this CA. Files are written whole (temporary file, fsync, rename);
/// keys mode 0600. Throws PkiError naming the file that cannot be read or written.
TlsMaterial ensure_tls(const std::filesystem::path& folder, std::string_view appliance_id,
                       const SubjectNames& names, std::chrono::system_clock::time_point now,
                       const IssuePolicy& policy = {});

/// Reads the first certificate of PEM text. Throws PkiError when it is not one.
CertificateInfo inspect_certificate(std::string_view pem);

/// The CA as an Apple configuration profile (.mobileconfig, an XML plist with one
/// com.apple.security.root payload), which an iPad installs from Safari. `identifier` is stable
/// for one box (its appliance id), so a profile downloaded again replaces the first.
std::string mobileconfig(std::string_view ca_pem, std::string_view appliance_id,
                         std::string_view display_name);

/// The DER bytes of the first certificate of PEM text (what Android's "install a certificate"
/// takes as .crt as well as PEM). Throws PkiError when it is not one.
std::string certificate_der(std::string_view pem);

/// A QR code (libqrencode, error correction M) as a square of modules, true for dark.
struct QrCode {
  int width = 0;
  std::vector<bool> modules;  ///< width * width, row by row.
  bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * width + x)]; }
};
/// Throws PkiError when the text is too long for a QR code.
QrCode qr_encode(std::string_view text);
/// The code for a terminal: two rows per line with half blocks (▀ ▄ █), dark on light, with a
/// quiet zone of 2 modules; scans from a phone in a dark or light terminal.
std::string qr_terminal(const QrCode& code);
/// The code as an SVG image (one path, quiet zone of 4 modules), for the trust page.
std::string qr_svg(const QrCode& code);

}  // namespace slate::pki
