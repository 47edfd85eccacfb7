#pragma once
// Keys and certificates in and out of PEM, read back as CertificateInfo, and issued: what
// ensure_tls() does with OpenSSL, apart from the files.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/pki/pki.hpp>

#include "openssl_handles.hpp"

namespace slate::pki::detail {

/// A fresh EC P-256 key: what every browser and iPadOS accept, and small enough for the box.
Key make_key();
std::string key_pem(EVP_PKEY* key);
/// Null when the text is not a private key.
Key read_key(std::string_view pem);

/// Every certificate of PEM text, in order; empty when it holds none or is not PEM.
std::vector<Certificate> read_certificates(std::string_view pem);
std::string certificate_pem(X509* certificate);
CertificateInfo describe(X509* certificate);

/// Whether `key` is the private half of the certificate's public key.
bool holds_key(X509* certificate, EVP_PKEY* key);
/// Whether `ca` issued and signed `certificate`.
bool issued_by(X509* certificate, X509* ca);

/// The 4 or 16 bytes of a textual IPv4 or IPv6 address; nullopt when it is not one.
std::optional<std::string> address_bytes(std::string_view text);
/// The address as inet_ntop writes it, so that "2001:DB8:0::1" and "2001:db8::1" are one.
std::optional<std::string> canonical_address(std::string_view text);

/// A self-signed CA: "Slate <appliance_id>", CA:TRUE pathlen:0, keyCertSign and cRLSign.
Certificate issue_ca(EVP_PKEY* key, std::string_view appliance_id,
                     std::chrono::system_clock::time_point now, std::chrono::days lifetime);

/// A server certificate for `names` (serverAuth), signed by the CA.
Certificate issue_server(EVP_PKEY* key, const SubjectNames& names, X509* ca, EVP_PKEY* ca_key,
                         std::chrono::system_clock::time_point now, std::chrono::days lifetime);

}  // namespace slate::pki::detail
