#include "certificates.hpp"

#include <arpa/inet.h>
#include <climits>
#include <ctime>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace slate::pki::detail {

namespace {

Bio memory_of(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    return nullptr;
  }
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string text_of(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string string_of(const ASN1_STRING* value) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<std::size_t>(ASN1_STRING_length(value)));
}

std::string common_name(const X509_NAME* name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) {
    return {};
  }
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, value);
  if (size < 0) {
    return {};
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return text;
}

std::chrono::system_clock::time_point time_of(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1) {
    return {};
  }
  return std::chrono::system_clock::from_time_t(::timegm(&parts));
}

std::string fingerprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &size) != 1) {
    throw PkiError("cannot take the SHA-256 fingerprint of a certificate");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned int i = 0; i < size; ++i) {
    if (i > 0) {
      text += ':';
    }
    text += kHex[digest[i] >> 4];
    text += kHex[digest[i] & 0xF];
  }
  return text;
}

std::optional<std::string> address_text(const ASN1_OCTET_STRING* bytes) {
  char text[INET6_ADDRSTRLEN] = {};
  const auto* data = ASN1_STRING_get0_data(bytes);
  const int size = ASN1_STRING_length(bytes);
  if ((size == 4 && ::inet_ntop(AF_INET, data, text, sizeof text)) ||
      (size == 16 && ::inet_ntop(AF_INET6, data, text, sizeof text))) {
    return std::string(text);
  }
  return std::nullopt;
}

}  // namespace

Key read_key(std::string_view pem) {
  const auto bio = memory_of(pem);
  Key key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  return key;
}

std::string key_pem(EVP_PKEY* key) {
  const Bio bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw PkiError("cannot write a private key as PEM");
  }
  return text_of(bio.get());
}

std::vector<Certificate> read_certificates(std::string_view pem) {
  std::vector<Certificate> certificates;
  if (const auto bio = memory_of(pem)) {
    while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      certificates.emplace_back(certificate);
    }
  }
  // The loop ends on "no start line": the end of the text, not a failure to report.
  ERR_clear_error();
  return certificates;
}

std::string certificate_pem(X509* certificate) {
  const Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) {
    throw PkiError("cannot write a certificate as PEM");
  }
  return text_of(bio.get());
}

CertificateInfo describe(X509* certificate) {
  CertificateInfo info;
  info.subject = common_name(X509_get_subject_name(certificate));
  info.issuer = common_name(X509_get_issuer_name(certificate));
  info.not_before = time_of(X509_get0_notBefore(certificate));
  info.not_after = time_of(X509_get0_notAfter(certificate));
  info.is_ca = (X509_get_extension_flags(certificate) & EXFLAG_CA) != 0;
  info.sha256_fingerprint = fingerprint(certificate);
  const GeneralNames names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      info.names.dns.push_back(string_of(name->d.dNSName));
    } else if (name->type == GEN_IPADD) {
      if (auto text = address_text(name->d.iPAddress)) {
        info.names.addresses.push_back(std::move(*text));
      }
    }
  }
  return info;
}

bool holds_key(X509* certificate, EVP_PKEY* key) {
  const bool holds = X509_check_private_key(certificate, key) == 1;
  ERR_clear_error();
  return holds;
}

bool issued_by(X509* certificate, X509* ca) {
  const bool issued = X509_check_issued(ca, certificate) == X509_V_OK &&
                      X509_verify(certificate, X509_get0_pubkey(ca)) == 1;
  ERR_clear_error();
  return issued;
}

std::optional<std::string> address_bytes(std::string_view text) {
  const std::string address(text);
  in_addr v4{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    return std::string(reinterpret_cast<const char*>(&v4), sizeof v4);
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    return std::string(reinterpret_cast<const char*>(&v6), sizeof v6);
  }
  return std::nullopt;
}

std::optional<std::string> canonical_address(std::string_view text) {
  const auto bytes = address_bytes(text);
  if (!bytes) {
    return std::nullopt;
  }
  char canonical[INET6_ADDRSTRLEN] = {};
  const int family = bytes->size() == 4 ? AF_INET : AF_INET6;
  if (!::inet_ntop(family, bytes->data(), canonical, sizeof canonical)) {
    return std::nullopt;
  }
  return std::string(canonical);
}

}  // namespace slate::pki::detail

namespace slate::pki {

CertificateInfo inspect_certificate(std::string_view pem) {
  auto certificates = detail::read_certificates(pem);
  if (certificates.empty()) {
    throw PkiError("not a PEM certificate");
  }
  return detail::describe(certificates.front().get());
}

std::string certificate_der(std::string_view pem) {
  auto certificates = detail::read_certificates(pem);
  if (certificates.empty()) {
    throw PkiError("not a PEM certificate");
  }
  const int size = i2d_X509(certificates.front().get(), nullptr);
  if (size <= 0) {
    throw PkiError("cannot write a certificate as DER");
  }
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509(certificates.front().get(), &out) != size) {
    throw PkiError("cannot write a certificate as DER");
  }
  return der;
}

}  // namespace slate::pki
