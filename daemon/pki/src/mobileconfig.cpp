// The CA as an Apple configuration profile, the one way an iPad takes a root certificate from
// Safari. The profile is not signed (signing needs a certificate the iPad already trusts, which
// is the very thing being installed), so iPadOS shows it as "Not Signed"; the person setting up
// the tablet installs it, then turns on full trust for it in Settings > General > About >
// Certificate Trust Settings.

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdexcept>

#include <slate/core/xml_text.hpp>
#include <slate/pki/pki.hpp>

namespace slate::pki {

namespace {

std::string xml_escaped(std::string_view text) {
  try {
    return core::xml_escape(text);
  } catch (const std::invalid_argument& refusal) {
    throw PkiError(std::string("cannot put it in the iPad profile: ") + refusal.what());
  }
}

// The same box gives the same UUIDs, so that a profile downloaded again replaces the one
// installed instead of sitting beside it. The bytes are the first 16 of a SHA-256, marked as an
// RFC 9562 version 8 (custom) UUID.
std::string stable_uuid(std::string_view seed) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (EVP_Digest(seed.data(), seed.size(), digest, nullptr, EVP_sha256(), nullptr) != 1) {
    throw PkiError("cannot take a SHA-256 for a profile UUID");
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x80);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uuid;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      uuid += '-';
    }
    uuid += kHex[digest[i] >> 4];
    uuid += kHex[digest[i] & 0xF];
  }
  return uuid;
}

std::string base64(const std::string& bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                   reinterpret_cast<const unsigned char*>(bytes.data()),
                                   static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(size));
  return text;
}

void add(std::string& plist, const char* indent, std::string_view key, std::string_view value) {
  plist += indent;
  plist += "<key>" + std::string(key) + "</key>\n";
  plist += indent;
  plist += "<string>" + xml_escaped(value) + "</string>\n";
}

}  // namespace

std::string mobileconfig(std::string_view ca_pem, std::string_view appliance_id,
                         std::string_view display_name) {
  const auto der = certificate_der(ca_pem);
  const std::string id(appliance_id);
  const std::string identifier = "local.slate." + id;

  std::string plist =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
      "<plist version=\"1.0\">\n"
      "<dict>\n"
      "  <key>PayloadContent</key>\n"
      "  <array>\n"
      "    <dict>\n";
  const char* inner = "      ";
  add(plist, inner, "PayloadCertificateFileName", "slate-ca.crt");
  plist += inner;
  plist += "<key>PayloadContent</key>\n";
  plist += inner;
  plist += "<data>" + base64(der) + "</data>\n";
  add(plist, inner, "PayloadDescription", "The certificate authority of the Slate box " + id);
  add(plist, inner, "PayloadDisplayName", "Slate " + id);
  add(plist, inner, "PayloadIdentifier", identifier + ".ca");
  add(plist, inner, "PayloadType", "com.apple.security.root");
  add(plist, inner, "PayloadUUID", stable_uuid("slate ca payload " + id));
  plist += inner;
  plist += "<key>PayloadVersion</key>\n";
  plist += inner;
  plist += "<integer>1</integer>\n";
  plist +=
      "    </dict>\n"
      "  </array>\n";
  const char* outer = "  ";
  add(plist, outer, "PayloadDescription",
      "Lets this iPad trust the Slate box at https://slate.local, so the tablet app works over "
      "HTTPS on the set's Wi-Fi.");
  add(plist, outer, "PayloadDisplayName", display_name);
  add(plist, outer, "PayloadIdentifier", identifier);
  plist +=
      "  <key>PayloadRemovalDisallowed</key>\n"
      "  <false/>\n";
  add(plist, outer, "PayloadType", "Configuration");
  add(plist, outer, "PayloadUUID", stable_uuid("slate profile " + id));
  plist +=
      "  <key>PayloadVersion</key>\n"
      "  <integer>1</integer>\n"
      "</dict>\n"
      "</plist>\n";
  return plist;
}

}  // namespace slate::pki
