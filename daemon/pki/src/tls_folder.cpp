// The folder of TLS files the box serves HTTPS from: its CA, made once and kept for as long as
// the box lives (every tablet that trusts it would have to be set up again), and the server
// certificate, issued again whenever it no longer fits.

#include <algorithm>
#include <cctype>

#include "certificates.hpp"
#include "whole_file.hpp"

namespace slate::pki {

namespace fs = std::filesystem;
using std::chrono::system_clock;

namespace {

constexpr mode_t kKeyMode = 0600;
constexpr mode_t kCertificateMode = 0644;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct Ca {
  detail::Certificate certificate;
  detail::Key key;
  std::string pem;
};

// An existing CA is used or refused, never replaced: a CA whose key is lost or does not match
// is a fault for a person to look at, since replacing it would untrust every tablet in silence.
std::optional<Ca> existing_ca(const TlsFiles& files) {
  std::error_code error;
  if (!fs::exists(files.ca_certificate, error)) {
    return std::nullopt;
  }
  auto pem = detail::read_whole(files.ca_certificate);
  if (!pem) {
    throw PkiError("cannot read the CA certificate " + files.ca_certificate.string());
  }
  auto certificates = detail::read_certificates(*pem);
  if (certificates.empty()) {
    throw PkiError("not a certificate: " + files.ca_certificate.string());
  }
  const auto key_pem = detail::read_whole(files.ca_key);
  if (!key_pem) {
    throw PkiError("the CA key " + files.ca_key.string() + " is missing or unreadable, and " +
                   files.ca_certificate.string() + " needs it");
  }
  auto key = detail::read_key(*key_pem);
  if (!key) {
    throw PkiError("not a private key: " + files.ca_key.string());
  }
  if (!detail::holds_key(certificates.front().get(), key.get())) {
    throw PkiError("the CA key " + files.ca_key.string() + " does not match " +
                   files.ca_certificate.string());
  }
  // The CA's own PEM, rewritten: what the server chain ends with, whatever else ca.crt holds.
  auto own_pem = detail::certificate_pem(certificates.front().get());
  return Ca{std::move(certificates.front()), std::move(key), std::move(own_pem)};
}

Ca new_ca(const TlsFiles& files, std::string_view appliance_id, system_clock::time_point now,
          const IssuePolicy& policy) {
  auto key = detail::make_key();
  auto certificate = detail::issue_ca(key.get(), appliance_id, now, policy.ca_lifetime);
  auto pem = detail::certificate_pem(certificate.get());
  // The key first: a power cut between the two leaves a key without a certificate, which the
  // next start replaces, rather than a certificate without its key, which it must refuse.
  detail::write_whole(files.ca_key, detail::key_pem(key.get()), kKeyMode);
  detail::write_whole(files.ca_certificate, pem, kCertificateMode);
  return Ca{std::move(certificate), std::move(key), std::move(pem)};
}

bool names_all(const CertificateInfo& info, const SubjectNames& names) {
  std::vector<std::string> dns;
  for (const auto& name : info.names.dns) {
    dns.push_back(lower(name));
  }
  for (const auto& name : names.dns) {
    if (std::find(dns.begin(), dns.end(), lower(name)) == dns.end()) {
      return false;
    }
  }
  for (const auto& address : names.addresses) {
    const auto wanted = detail::canonical_address(address);
    if (!wanted || std::find(info.names.addresses.begin(), info.names.addresses.end(), *wanted) ==
                       info.names.addresses.end()) {
      return false;
    }
  }
  return true;
}

struct Server {
  std::string chain_pem;
  std::string key_pem;
  CertificateInfo info;
};

// The server certificate in place, if it still fits: this CA's, with its key, the CA after it,
// valid now and for longer than renew_before, and naming every one of `names`.
std::optional<Server> fitting_server(const TlsFiles& files, const Ca& ca, const SubjectNames& names,
                                     system_clock::time_point now, const IssuePolicy& policy) {
  auto chain_pem = detail::read_whole(files.server_certificate);
  auto key_pem = detail::read_whole(files.server_key);
  if (!chain_pem || !key_pem) {
    return std::nullopt;
  }
  const auto chain = detail::read_certificates(*chain_pem);
  const auto key = detail::read_key(*key_pem);
  if (chain.size() != 2 || !key || !detail::holds_key(chain[0].get(), key.get()) ||
      !detail::issued_by(chain[0].get(), ca.certificate.get()) ||
      X509_cmp(chain[1].get(), ca.certificate.get()) != 0) {
    return std::nullopt;
  }
  auto info = detail::describe(chain[0].get());
  if (now < info.not_before || info.not_after - policy.renew_before <= now ||
      !names_all(info, names)) {
    return std::nullopt;
  }
  return Server{std::move(*chain_pem), std::move(*key_pem), std::move(info)};
}

Server new_server(const TlsFiles& files, const Ca& ca, const SubjectNames& names,
                  system_clock::time_point now, const IssuePolicy& policy) {
  auto key = detail::make_key();
  auto certificate = detail::issue_server(key.get(), names, ca.certificate.get(), ca.key.get(), now,
                                          policy.server_lifetime);
  Server server{detail::certificate_pem(certificate.get()) + ca.pem, detail::key_pem(key.get()),
                detail::describe(certificate.get())};
  // The key first: a power cut between the two leaves a certificate that does not match its key,
  // which the next start issues again.
  detail::write_whole(files.server_key, server.key_pem, kKeyMode);
  detail::write_whole(files.server_certificate, server.chain_pem, kCertificateMode);
  return server;
}

}  // namespace

TlsFiles tls_files_in(const fs::path& folder) {
  return {folder / "ca.crt", folder / "ca.key", folder / "server.crt", folder / "server.key"};
}

TlsMaterial ensure_tls(const fs::path& folder, std::string_view appliance_id,
                       const SubjectNames& names, system_clock::time_point now,
                       const IssuePolicy& policy) {
  for (const auto& address : names.addresses) {
    if (!detail::canonical_address(address)) {
      throw PkiError("not an IP address for a server certificate: " + address);
    }
  }
  detail::make_private_folder(folder);
  TlsMaterial material;
  material.files = tls_files_in(folder);
  auto ca = existing_ca(material.files);
  if (!ca) {
    ca = new_ca(material.files, appliance_id, now, policy);
    material.ca_created = true;
  }
  auto server = fitting_server(material.files, *ca, names, now, policy);
  if (!server) {
    server = new_server(material.files, *ca, names, now, policy);
    material.server_issued = true;
  }
  material.ca = detail::describe(ca->certificate.get());
  material.ca_pem = std::move(ca->pem);
  material.server = std::move(server->info);
  material.server_chain_pem = std::move(server->chain_pem);
  material.server_key_pem = std::move(server->key_pem);
  return material;
}

}  // namespace slate::pki
