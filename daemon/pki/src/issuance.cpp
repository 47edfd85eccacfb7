// Issuing the box's CA and its server certificate. The choices follow what iPadOS and Chrome
// demand of a certificate they are told to trust: SHA-256, the names in subjectAltName (the
// common name is ignored), serverAuth, and a server certificate of at most 397 days.

#include <algorithm>
#include <openssl/err.h>

#include "certificates.hpp"

namespace slate::pki::detail {

namespace {

using std::chrono::system_clock;

// A tablet whose clock is a little behind the box's still accepts a certificate issued just now.
constexpr auto kClockSkew = std::chrono::hours(1);
// iPadOS rejects a server certificate valid for longer (Apple's rule since September 2020).
constexpr std::chrono::days kLongestServerLifetime{397};

[[noreturn]] void fail(const std::string& what) {
  ERR_clear_error();
  throw PkiError("cannot " + what);
}

Certificate new_certificate(EVP_PKEY* key, system_clock::time_point not_before,
                            system_clock::time_point not_after) {
  Certificate certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) {
    fail("make a certificate");
  }
  // A random positive serial of 128 bits: unique without keeping a counter, and more than the
  // 64 bits of entropy CAs are held to.
  const BigNumber serial(BN_new());
  if (!serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()))) {
    fail("draw a certificate serial");
  }
  if (!ASN1_TIME_set(X509_getm_notBefore(certificate.get()), system_clock::to_time_t(not_before)) ||
      !ASN1_TIME_set(X509_getm_notAfter(certificate.get()), system_clock::to_time_t(not_after)) ||
      X509_set_pubkey(certificate.get(), key) != 1) {
    fail("set a certificate's validity and key");
  }
  return certificate;
}

void set_common_name(X509_NAME* name, std::string_view text, const char* field = "CN") {
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(text.data()),
                                 static_cast<int>(text.size()), -1, 0) != 1) {
    fail("set a certificate's name " + std::string(text));
  }
}

// `issuer` is the certificate whose key identifier authorityKeyIdentifier takes: the CA's.
void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  const Extension extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
    fail(std::string("add the extension ") + OBJ_nid2sn(nid) + " = " + value);
  }
}

// Built entry by entry rather than from "DNS:…,IP:…" text, so that no name can inject another.
void add_subject_alt_names(X509* certificate, const SubjectNames& names) {
  const GeneralNames entries(sk_GENERAL_NAME_new_null());
  if (!entries) {
    fail("make a subjectAltName");
  }
  auto push = [&](int type, ASN1_STRING* value) {
    GeneralName entry(GENERAL_NAME_new());
    if (!entry) {
      ASN1_STRING_free(value);
      fail("make a subjectAltName");
    }
    GENERAL_NAME_set0_value(entry.get(), type, value);
    if (sk_GENERAL_NAME_push(entries.get(), entry.get()) <= 0) {
      fail("make a subjectAltName");
    }
    static_cast<void>(entry.release());
  };
  auto string_of = [](int type, std::string_view bytes) {
    ASN1_STRING* value = ASN1_STRING_type_new(type);
    if (!value || ASN1_STRING_set(value, bytes.data(), static_cast<int>(bytes.size())) != 1) {
      ASN1_STRING_free(value);
      fail("make a subjectAltName");
    }
    return value;
  };
  for (const auto& dns : names.dns) {
    push(GEN_DNS, string_of(V_ASN1_IA5STRING, dns));
  }
  for (const auto& address : names.addresses) {
    const auto bytes = address_bytes(address);
    if (!bytes) {
      throw PkiError("not an IP address for a server certificate: " + address);
    }
    push(GEN_IPADD, string_of(V_ASN1_OCTET_STRING, *bytes));
  }
  if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, entries.get(), 0, X509V3_ADD_DEFAULT) !=
      1) {
    fail("add a subjectAltName");
  }
}

void sign(X509* certificate, EVP_PKEY* key) {
  if (X509_sign(certificate, key, EVP_sha256()) <= 0) {
    fail("sign a certificate");
  }
}

}  // namespace

Key make_key() {
  const KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_group_name(context.get(), "P-256") != 1 ||
      EVP_PKEY_generate(context.get(), &key) != 1) {
    fail("make an EC P-256 key");
  }
  return Key(key);
}

Certificate issue_ca(EVP_PKEY* key, std::string_view appliance_id, system_clock::time_point now,
                     std::chrono::days lifetime) {
  auto ca = new_certificate(key, now - kClockSkew, now + lifetime);
  X509_NAME* name = X509_get_subject_name(ca.get());
  set_common_name(name, "Slate " + std::string(appliance_id));
  set_common_name(name, "Slate", "O");
  if (X509_set_issuer_name(ca.get(), name) != 1) {
    fail("name a CA's issuer");
  }
  // pathlen:0: the box's CA signs server certificates only, never another CA.
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  sign(ca.get(), key);
  return ca;
}

Certificate issue_server(EVP_PKEY* key, const SubjectNames& names, X509* ca, EVP_PKEY* ca_key,
                         system_clock::time_point now, std::chrono::days lifetime) {
  if (names.dns.empty() && names.addresses.empty()) {
    throw PkiError("a server certificate needs a DNS name or an address");
  }
  auto server =
      new_certificate(key, now - kClockSkew, now + std::min(lifetime, kLongestServerLifetime));
  set_common_name(X509_get_subject_name(server.get()),
                  names.dns.empty() ? names.addresses.front() : names.dns.front());
  if (X509_set_issuer_name(server.get(), X509_get_subject_name(ca)) != 1) {
    fail("name a server certificate's issuer");
  }
  add_extension(server.get(), ca, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(server.get(), ca, NID_key_usage, "critical,digitalSignature");
  add_extension(server.get(), ca, NID_ext_key_usage, "serverAuth");
  add_extension(server.get(), ca, NID_subject_key_identifier, "hash");
  add_extension(server.get(), ca, NID_authority_key_identifier, "keyid:always");
  add_subject_alt_names(server.get(), names);
  sign(server.get(), ca_key);
  return server;
}

}  // namespace slate::pki::detail
