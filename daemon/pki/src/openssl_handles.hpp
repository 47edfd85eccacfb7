#pragma once
// OpenSSL's objects owned by unique_ptr, so that every early return and throw frees them.

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace slate::pki::detail {

template <auto free_function>
struct OpenSslFree {
  template <typename T>
  void operator()(T* object) const {
    free_function(object);
  }
};

using Key = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;
using Certificate = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using Bio = std::unique_ptr<BIO, OpenSslFree<BIO_free_all>>;
using BigNumber = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;
using GeneralNames = std::unique_ptr<GENERAL_NAMES, OpenSslFree<GENERAL_NAMES_free>>;
using GeneralName = std::unique_ptr<GENERAL_NAME, OpenSslFree<GENERAL_NAME_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, OpenSslFree<X509_EXTENSION_free>>;

}  // namespace slate::pki::detail
