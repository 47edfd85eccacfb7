// The box's TLS files as a tablet meets them: written to a real folder, then read back and
// verified with the openssl command line, the profile and SVG parsed with xmllint and the QR
// code scanned with zbarimg, so a fact holds for the files, not for what the code meant.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sys/stat.h>

#include <slate/pki/pki.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::pki {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using std::chrono::system_clock;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

const SubjectNames kNames{{"slate.local", "slate-a1b2.local"}, {"192.0.2.7", "2001:db8::7"}};
// A fixed day, so that openssl verifies at it (-attime) whatever the day the tests run.
const system_clock::time_point kNow = std::chrono::sys_days{2025y / 3 / 14} + 9h;

const std::string kOpenssl = "/usr/bin/openssl";
const std::string kXmllint = "/usr/bin/xmllint";

mode_t mode_of(const fs::path& file) {
  struct stat status {};
  EXPECT_EQ(::stat(file.c_str(), &status), 0) << file;
  return status.st_mode & 07777;
}

std::string epoch_seconds(system_clock::time_point time) {
  return std::to_string(system_clock::to_time_t(time));
}

// The certificates of a PEM chain, each as its own PEM text.
std::vector<std::string> split_chain(const std::string& pem) {
  static const std::string kEnd = "-----END CERTIFICATE-----\n";
  std::vector<std::string> certificates;
  for (std::size_t start = 0; start < pem.size();) {
    const auto end = pem.find(kEnd, start);
    if (end == std::string::npos) {
      break;
    }
    certificates.push_back(pem.substr(start, end + kEnd.size() - start));
    start = end + kEnd.size();
  }
  return certificates;
}

// `openssl verify` of the chain's first certificate against `ca_file`, at kNow, as a TLS server
// for `host` (a DNS name) or `ip`.
testing::CommandResult verify(const fs::path& folder, const fs::path& ca_file,
                              const std::string& chain_pem, const std::string& host,
                              const std::string& ip = {}) {
  const auto leaf = folder / "leaf-to-verify.pem";
  write_file(leaf, split_chain(chain_pem).at(0));
  std::vector<std::string> argv{kOpenssl,        "verify",  "-x509_strict",      "-purpose",
                                "sslserver",     "-attime", epoch_seconds(kNow), "-CAfile",
                                ca_file.string()};
  if (!host.empty()) {
    argv.insert(argv.end(), {"-verify_hostname", host});
  }
  if (!ip.empty()) {
    argv.insert(argv.end(), {"-verify_ip", ip});
  }
  argv.push_back(leaf.string());
  return run_command(argv);
}

std::string x509_text(const fs::path& folder, const std::string& pem, const std::string& what) {
  const auto file = folder / "certificate-to-read.pem";
  write_file(file, pem);
  return run_command({kOpenssl, "x509", "-noout", what == "-text" ? "-text" : "-ext", what, "-in",
                      file.string()})
      .out;
}

std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(PkiTls, FirstStartMakesACaAndAServerCertificateThatVerifies) {
  TempDir dir;
  const auto folder = dir / "data" / "tls";
  // Even with nothing masked, the keys are the owner's alone: their mode is set at creation.
  const mode_t previous = ::umask(0);
  const auto tls = ensure_tls(folder, "a1b2", kNames, kNow);
  ::umask(previous);

  EXPECT_TRUE(tls.ca_created);
  EXPECT_TRUE(tls.server_issued);
  const auto files = tls_files_in(folder);
  EXPECT_EQ(files_in(folder),
            (std::vector<std::string>{"ca.crt", "ca.key", "server.crt", "server.key"}));
  EXPECT_EQ(mode_of(folder), 0700u);
  EXPECT_EQ(mode_of(files.ca_key), 0600u);
  EXPECT_EQ(mode_of(files.server_key), 0600u);
  EXPECT_EQ(read_file(files.ca_certificate), tls.ca_pem);
  EXPECT_EQ(read_file(files.server_certificate), tls.server_chain_pem);
  EXPECT_EQ(read_file(files.server_key), tls.server_key_pem);

  const auto chain = split_chain(read_file(files.server_certificate));
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[1], read_file(files.ca_certificate));
  const auto by_name = verify(dir.path(), files.ca_certificate, chain[0], "slate.local");
  EXPECT_EQ(by_name.exit_code, 0) << by_name.out << by_name.err;
  EXPECT_NE(by_name.out.find(": OK"), std::string::npos) << by_name.out;
  const auto by_v4 = verify(dir.path(), files.ca_certificate, chain[0], "", "192.0.2.7");
  EXPECT_EQ(by_v4.exit_code, 0) << by_v4.out << by_v4.err;
  const auto by_v6 = verify(dir.path(), files.ca_certificate, chain[0], "", "2001:db8::7");
  EXPECT_EQ(by_v6.exit_code, 0) << by_v6.out << by_v6.err;
  const auto other_host = verify(dir.path(), files.ca_certificate, chain[0], "example.com");
  EXPECT_NE(other_host.exit_code, 0) << "a name the certificate does not carry verified";

  EXPECT_TRUE(tls.ca.is_ca);
  EXPECT_EQ(tls.ca.subject, "Slate a1b2");
  EXPECT_EQ(tls.ca.issuer, "Slate a1b2");
  EXPECT_GE(tls.ca.not_after - tls.ca.not_before, std::chrono::days(3650));
  EXPECT_LE(tls.ca.not_after - tls.ca.not_before, std::chrono::days(3650) + 1h);
  const auto ca_text = x509_text(dir.path(), tls.ca_pem, "-text");
  EXPECT_NE(ca_text.find("O = Slate"), std::string::npos) << ca_text;
  EXPECT_NE(ca_text.find("Basic Constraints: critical\n                CA:TRUE, pathlen:0"),
            std::string::npos)
      << ca_text;
  EXPECT_NE(ca_text.find("Key Usage: critical\n                Certificate Sign, CRL Sign"),
            std::string::npos)
      << ca_text;
  EXPECT_NE(ca_text.find("Subject Key Identifier"), std::string::npos) << ca_text;
  EXPECT_NE(ca_text.find("prime256v1"), std::string::npos) << ca_text;

  EXPECT_FALSE(tls.server.is_ca);
  EXPECT_EQ(tls.server.subject, "slate.local");
  EXPECT_EQ(tls.server.issuer, "Slate a1b2");
  EXPECT_EQ(tls.server.not_before, kNow - 1h);
  EXPECT_EQ(tls.server.not_after, kNow + std::chrono::days(397));
  EXPECT_LE(tls.server.not_after - tls.server.not_before, std::chrono::days(397) + 1h);
  EXPECT_EQ(tls.server.names.dns, kNames.dns);
  EXPECT_EQ(tls.server.names.addresses, kNames.addresses);
  const auto extensions = x509_text(dir.path(), chain[0], "subjectAltName,extendedKeyUsage");
  EXPECT_NE(extensions.find("DNS:slate.local"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("DNS:slate-a1b2.local"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("IP Address:192.0.2.7"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("IP Address:2001:DB8:0:0:0:0:0:7"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("TLS Web Server Authentication"), std::string::npos) << extensions;
  const auto server_text = x509_text(dir.path(), chain[0], "-text");
  EXPECT_NE(server_text.find("Basic Constraints: critical\n                CA:FALSE"),
            std::string::npos)
      << server_text;
  EXPECT_NE(server_text.find("Key Usage: critical\n                Digital Signature"),
            std::string::npos)
      << server_text;
  EXPECT_NE(server_text.find("Authority Key Identifier"), std::string::npos) << server_text;
  EXPECT_NE(server_text.find("ecdsa-with-SHA256"), std::string::npos) << server_text;
  EXPECT_NE(server_text.find("prime256v1"), std::string::npos) << server_text;
  // A 128-bit serial, positive: 16 bytes, or 17 with the zero byte that keeps it positive.
  const std::regex serial("Serial Number:\\s*\\n\\s*((?:[0-9a-f]{2}:){15,16}[0-9a-f]{2})\\n");
  std::smatch found;
  ASSERT_TRUE(std::regex_search(server_text, found, serial)) << server_text;
  const auto bytes = (found[1].str().size() + 1) / 3;
  EXPECT_TRUE(bytes == 16 || (bytes == 17 && found[1].str().starts_with("00:"))) << found[1];
}

TEST(PkiTls, ASecondStartWithTheSameNamesKeepsBothCertificates) {
  TempDir dir;
  const auto first = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto second = ensure_tls(dir / "tls", "a1b2", kNames, kNow + 1h);
  EXPECT_FALSE(second.ca_created);
  EXPECT_FALSE(second.server_issued);
  EXPECT_EQ(second.ca.sha256_fingerprint, first.ca.sha256_fingerprint);
  EXPECT_EQ(second.server.sha256_fingerprint, first.server.sha256_fingerprint);
  EXPECT_EQ(second.server_key_pem, first.server_key_pem);
  EXPECT_EQ(second.server_chain_pem, first.server_chain_pem);
}

TEST(PkiTls, DnsNamesMatchInAnyCaseAndAddressesInAnySpelling) {
  TempDir dir;
  ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const SubjectNames respelled{{"SLATE.Local"}, {"2001:DB8:0:0::7", "192.0.2.7"}};
  EXPECT_FALSE(ensure_tls(dir / "tls", "a1b2", respelled, kNow).server_issued);
}

TEST(PkiTls, ANewAddressIssuesTheServerCertificateAgainUnderTheSameCa) {
  TempDir dir;
  const auto first = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto old_ca = read_file(first.files.ca_certificate);
  write_file(dir / "old-ca.crt", old_ca);

  auto names = kNames;
  names.addresses.push_back("198.51.100.20");
  const auto second = ensure_tls(dir / "tls", "a1b2", names, kNow);
  EXPECT_FALSE(second.ca_created);
  EXPECT_TRUE(second.server_issued);
  EXPECT_EQ(second.ca.sha256_fingerprint, first.ca.sha256_fingerprint);
  EXPECT_EQ(read_file(second.files.ca_certificate), old_ca);
  EXPECT_NE(second.server.sha256_fingerprint, first.server.sha256_fingerprint);
  const auto result =
      verify(dir.path(), dir / "old-ca.crt", second.server_chain_pem, "", "198.51.100.20");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  // And the new address stays: a third start with it issues nothing.
  EXPECT_FALSE(ensure_tls(dir / "tls", "a1b2", names, kNow).server_issued);
}

TEST(PkiTls, ANewDnsNameIssuesTheServerCertificateAgain) {
  TempDir dir;
  ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  auto names = kNames;
  names.dns.push_back("dit-cart.local");
  const auto second = ensure_tls(dir / "tls", "a1b2", names, kNow);
  EXPECT_TRUE(second.server_issued);
  EXPECT_EQ(second.server.names.dns.back(), "dit-cart.local");
}

TEST(PkiTls, ACertificateEndingWithinRenewBeforeIsRenewed) {
  TempDir dir;
  const auto first = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto later = ensure_tls(dir / "tls", "a1b2", kNames, kNow + std::chrono::days(100));
  EXPECT_FALSE(later.server_issued);
  EXPECT_EQ(later.server.sha256_fingerprint, first.server.sha256_fingerprint);

  const auto renewal_day = kNow + std::chrono::days(380);
  const auto renewed = ensure_tls(dir / "tls", "a1b2", kNames, renewal_day);
  EXPECT_TRUE(renewed.server_issued);
  EXPECT_FALSE(renewed.ca_created);
  EXPECT_EQ(renewed.server.not_after, renewal_day + std::chrono::days(397));
}

TEST(PkiTls, AServerLifetimePastAppleRuleIsCutTo397Days) {
  TempDir dir;
  IssuePolicy policy;
  policy.server_lifetime = std::chrono::days(825);
  const auto tls = ensure_tls(dir / "tls", "a1b2", kNames, kNow, policy);
  EXPECT_EQ(tls.server.not_after, kNow + std::chrono::days(397));
}

TEST(PkiTls, ACaWithoutItsKeyIsRefusedNotReplaced) {
  TempDir dir;
  const auto first = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto ca = read_file(first.files.ca_certificate);
  fs::remove(first.files.ca_key);
  try {
    ensure_tls(dir / "tls", "a1b2", kNames, kNow);
    FAIL() << "a CA without its key was accepted";
  } catch (const PkiError& error) {
    EXPECT_NE(std::string(error.what()).find("ca.key"), std::string::npos) << error.what();
  }
  EXPECT_EQ(read_file(first.files.ca_certificate), ca);
  EXPECT_FALSE(fs::exists(first.files.ca_key));
}

TEST(PkiTls, ACaWithAnotherCaKeyIsRefusedNotReplaced) {
  TempDir dir;
  const auto mine = ensure_tls(dir / "mine", "a1b2", kNames, kNow);
  const auto other = ensure_tls(dir / "other", "c3d4", kNames, kNow);
  fs::copy_file(other.files.ca_key, mine.files.ca_key, fs::copy_options::overwrite_existing);
  try {
    ensure_tls(dir / "mine", "a1b2", kNames, kNow);
    FAIL() << "a CA with another CA's key was accepted";
  } catch (const PkiError& error) {
    EXPECT_NE(std::string(error.what()).find("ca.key"), std::string::npos) << error.what();
  }
  EXPECT_EQ(read_file(mine.files.ca_certificate), mine.ca_pem);
}

TEST(PkiTls, AServerCertificateOfAnotherCaIsIssuedAgain) {
  TempDir dir;
  const auto mine = ensure_tls(dir / "mine", "a1b2", kNames, kNow);
  const auto other = ensure_tls(dir / "other", "c3d4", kNames, kNow);
  fs::copy_file(other.files.server_certificate, mine.files.server_certificate,
                fs::copy_options::overwrite_existing);
  fs::copy_file(other.files.server_key, mine.files.server_key,
                fs::copy_options::overwrite_existing);

  const auto again = ensure_tls(dir / "mine", "a1b2", kNames, kNow);
  EXPECT_TRUE(again.server_issued);
  EXPECT_FALSE(again.ca_created);
  EXPECT_EQ(again.server.issuer, "Slate a1b2");
  const auto result =
      verify(dir.path(), mine.files.ca_certificate, again.server_chain_pem, "slate.local");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(PkiTls, AServerCertificateOfAnotherCaFollowedByThisCaIsIssuedAgain) {
  TempDir dir;
  const auto mine = ensure_tls(dir / "mine", "a1b2", kNames, kNow);
  const auto other = ensure_tls(dir / "other", "c3d4", kNames, kNow);
  // The other box's certificate and key, then this box's CA as if it had issued them.
  write_file(mine.files.server_certificate,
             split_chain(other.server_chain_pem).at(0) + read_file(mine.files.ca_certificate));
  fs::copy_file(other.files.server_key, mine.files.server_key,
                fs::copy_options::overwrite_existing);

  const auto again = ensure_tls(dir / "mine", "a1b2", kNames, kNow);
  EXPECT_TRUE(again.server_issued);
  EXPECT_EQ(again.server.issuer, "Slate a1b2");
}

TEST(PkiTls, AServerKeyThatIsMissingOrNotItsOwnIssuesTheCertificateAgain) {
  TempDir dir;
  const auto first = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  fs::remove(first.files.server_key);
  const auto missing = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  EXPECT_TRUE(missing.server_issued);
  EXPECT_EQ(mode_of(missing.files.server_key), 0600u);

  // The key of another certificate: a power cut between writing the key and the certificate.
  const auto other = ensure_tls(dir / "other", "a1b2", kNames, kNow);
  fs::copy_file(other.files.server_key, first.files.server_key,
                fs::copy_options::overwrite_existing);
  EXPECT_TRUE(ensure_tls(dir / "tls", "a1b2", kNames, kNow).server_issued);

  write_file(first.files.server_certificate, "not a certificate\n");
  EXPECT_TRUE(ensure_tls(dir / "tls", "a1b2", kNames, kNow).server_issued);
}

TEST(PkiTls, AnAddressThatIsNotOneIsRefused) {
  TempDir dir;
  const SubjectNames names{{"slate.local"}, {"192.0.2.300"}};
  EXPECT_THROW(ensure_tls(dir / "tls", "a1b2", names, kNow), PkiError);
}

TEST(PkiCertificate, InspectAndDerReadTheFirstCertificateOfAChain) {
  TempDir dir;
  const auto tls = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto info = inspect_certificate(tls.server_chain_pem);
  EXPECT_EQ(info.subject, "slate.local");
  EXPECT_EQ(info.sha256_fingerprint, tls.server.sha256_fingerprint);

  write_file(dir / "ca.der", certificate_der(tls.ca_pem));
  const auto fingerprint =
      run_command({kOpenssl, "x509", "-inform", "DER", "-in", (dir / "ca.der").string(), "-noout",
                   "-fingerprint", "-sha256"});
  EXPECT_EQ(fingerprint.exit_code, 0) << fingerprint.err;
  EXPECT_NE(fingerprint.out.find(tls.ca.sha256_fingerprint), std::string::npos)
      << fingerprint.out << " vs " << tls.ca.sha256_fingerprint;

  EXPECT_THROW(inspect_certificate("not a certificate"), PkiError);
  EXPECT_THROW(certificate_der(""), PkiError);
}

// --- The iPad profile ---

// The value of an XPath expression, without the newline xmllint ends it with.
std::string xpath(const fs::path& file, const std::string& expression) {
  auto value = run_command({kXmllint, "--xpath", expression, file.string()}).out;
  if (!value.empty() && value.back() == '\n') {
    value.pop_back();
  }
  return value;
}

std::vector<std::string> uuids_of(const std::string& profile) {
  const std::regex uuid("<key>PayloadUUID</key>\\s*<string>([^<]*)</string>");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(profile.begin(), profile.end(), uuid);
       it != std::sregex_iterator(); ++it) {
    found.push_back((*it)[1]);
  }
  return found;
}

TEST(PkiProfile, IsAnXmlPlistWithTheCaAsARootPayload) {
  TempDir dir;
  const auto tls = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto profile = mobileconfig(tls.ca_pem, "a1b2", "Slate on cart A");
  write_file(dir / "slate.mobileconfig", profile);
  const auto lint = run_command({kXmllint, "--noout", (dir / "slate.mobileconfig").string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;

  write_file(dir / "ca.der", certificate_der(tls.ca_pem));
  auto base64 = run_command({kOpenssl, "base64", "-A", "-in", (dir / "ca.der").string()}).out;
  ASSERT_FALSE(base64.empty());
  base64.erase(base64.find_last_not_of('\n') + 1);
  EXPECT_NE(profile.find("<data>" + base64 + "</data>"), std::string::npos) << profile;

  const auto file = dir / "slate.mobileconfig";
  auto value = [&](const std::string& dict, const std::string& key) {
    return xpath(file, "string(" + dict + "/key[.='" + key + "']/following-sibling::*[1])");
  };
  const std::string top = "/plist/dict";
  const std::string payload = "/plist/dict/array/dict";
  EXPECT_EQ(value(top, "PayloadType"), "Configuration");
  EXPECT_EQ(value(top, "PayloadVersion"), "1");
  EXPECT_EQ(value(top, "PayloadIdentifier"), "local.slate.a1b2");
  EXPECT_EQ(value(top, "PayloadDisplayName"), "Slate on cart A");
  EXPECT_NE(value(top, "PayloadDescription").find("https://slate.local"), std::string::npos);
  EXPECT_EQ(xpath(file, "count(/plist/dict/array/dict)"), "1");
  EXPECT_EQ(value(payload, "PayloadType"), "com.apple.security.root");
  EXPECT_EQ(value(payload, "PayloadCertificateFileName"), "slate-ca.crt");
  EXPECT_EQ(value(payload, "PayloadVersion"), "1");
}

TEST(PkiProfile, UuidsAreStableForOneBoxAndDifferForAnother) {
  TempDir dir;
  const auto tls = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const auto first = uuids_of(mobileconfig(tls.ca_pem, "a1b2", "Slate"));
  const auto again = uuids_of(mobileconfig(tls.ca_pem, "a1b2", "Another name"));
  const auto other = uuids_of(mobileconfig(tls.ca_pem, "c3d4", "Slate"));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_NE(first[0], first[1]);
  EXPECT_EQ(again, first);
  ASSERT_EQ(other.size(), 2u);
  EXPECT_NE(other[0], first[0]);
  EXPECT_NE(other[1], first[1]);
  const std::regex uuid("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
  for (const auto& each : first) {
    EXPECT_TRUE(std::regex_match(each, uuid)) << each;
  }
}

TEST(PkiProfile, TheDisplayNameIsEscaped) {
  TempDir dir;
  const auto tls = ensure_tls(dir / "tls", "a1b2", kNames, kNow);
  const std::string name = "Camera & <Sound> \"cart\"";
  const auto profile = mobileconfig(tls.ca_pem, "a1b2", name);
  EXPECT_NE(profile.find("Camera &amp; &lt;Sound&gt;"), std::string::npos) << profile;
  const auto file = dir / "slate.mobileconfig";
  write_file(file, profile);
  const auto lint = run_command({kXmllint, "--noout", file.string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  EXPECT_EQ(
      xpath(file, "string(/plist/dict/key[.='PayloadDisplayName']/following-sibling::string[1])"),
      name);
}

// --- QR codes ---

const std::string kUrl = "https://slate.local/";

// UTF-8 code points, not bytes: the half blocks are three bytes each.
std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(start, text.size()) << "the last line does not end with a newline";
  return lines;
}

// An image of `light(x, y)` on a side of `side` modules, `scale` pixels each, as a binary PGM.
void write_pgm(const fs::path& file, int side, int scale,
               const std::function<bool(int, int)>& light) {
  std::ofstream out(file, std::ios::binary);
  const int pixels = side * scale;
  out << "P5\n" << pixels << " " << pixels << "\n255\n";
  for (int y = 0; y < pixels; ++y) {
    for (int x = 0; x < pixels; ++x) {
      out.put(light(x / scale, y / scale) ? static_cast<char>(255) : static_cast<char>(0));
    }
  }
}

TEST(PkiQr, AUrlIsACodeOfAStandardSize) {
  const auto code = qr_encode(kUrl);
  EXPECT_GE(code.width, 21);
  EXPECT_EQ((code.width - 17) % 4, 0);
  EXPECT_EQ(code.modules.size(), static_cast<std::size_t>(code.width * code.width));
  // The finder pattern's corner: dark at the top left, light just inside its ring.
  EXPECT_TRUE(code.dark(0, 0));
  EXPECT_FALSE(code.dark(1, 1));
  EXPECT_TRUE(code.dark(3, 3));
}

TEST(PkiQr, TextTooLongForACodeIsRefused) {
  EXPECT_THROW(qr_encode(std::string(8000, 'a')), PkiError);
}

TEST(PkiQr, TheSvgIsWellFormedWithOnePathAndTheQuietZone) {
  TempDir dir;
  const auto code = qr_encode(kUrl);
  const auto svg = qr_svg(code);
  write_file(dir / "qr.svg", svg);
  const auto lint = run_command({kXmllint, "--noout", (dir / "qr.svg").string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err << svg;
  const auto side = std::to_string(code.width + 8);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#fff\""), std::string::npos);
  std::size_t paths = 0;
  for (auto at = svg.find("<path"); at != std::string::npos; at = svg.find("<path", at + 1)) {
    ++paths;
  }
  EXPECT_EQ(paths, 1u);
  EXPECT_NE(svg.find("M4 4h7v1h-7z"), std::string::npos) << "the finder pattern's top row";
}

TEST(PkiQr, TheTerminalDrawingIsTheCodeTwoRowsALineWithItsQuietZone) {
  const auto code = qr_encode(kUrl);
  const int side = code.width + 4;
  const auto lines = lines_of(qr_terminal(code));
  ASSERT_EQ(lines.size(), static_cast<std::size_t>((side + 1) / 2));
  // Read the drawing back, module by module: light ones are drawn, dark ones are spaces.
  for (std::size_t row = 0; row < lines.size(); ++row) {
    EXPECT_EQ(code_points(lines[row]), static_cast<std::size_t>(side)) << "line " << row;
    std::size_t at = 0;
    for (int x = 0; x < side; ++x) {
      bool top = false;
      bool bottom = false;
      if (lines[row].compare(at, 3, "█") == 0) {
        top = bottom = true;
        at += 3;
      } else if (lines[row].compare(at, 3, "▀") == 0) {
        top = true;
        at += 3;
      } else if (lines[row].compare(at, 3, "▄") == 0) {
        bottom = true;
        at += 3;
      } else {
        ASSERT_EQ(lines[row][at], ' ') << "line " << row << " column " << x;
        at += 1;
      }
      auto expected_light = [&](int y) {
        const int cx = x - 2;
        const int cy = y - 2;
        if (y >= side) {
          return false;
        }
        return cx < 0 || cy < 0 || cx >= code.width || cy >= code.width || !code.dark(cx, cy);
      };
      const int y = static_cast<int>(row) * 2;
      EXPECT_EQ(top, expected_light(y)) << "module " << x << "," << y;
      EXPECT_EQ(bottom, expected_light(y + 1)) << "module " << x << "," << y + 1;
    }
  }
}

TEST(PkiQr, ACameraReadsTheUrlBack) {
  const std::string zbarimg = "/usr/bin/zbarimg";
  if (!fs::exists(zbarimg)) {
    GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  }
  TempDir dir;
  const auto code = qr_encode(kUrl);
  const int quiet = 4;
  write_pgm(dir / "qr.pgm", code.width + 2 * quiet, 6, [&](int x, int y) {
    const int cx = x - quiet;
    const int cy = y - quiet;
    return cx < 0 || cy < 0 || cx >= code.width || cy >= code.width || !code.dark(cx, cy);
  });
  const auto scanned = run_command({zbarimg, "--raw", "-q", (dir / "qr.pgm").string()});
  EXPECT_EQ(scanned.exit_code, 0) << scanned.err;
  EXPECT_EQ(scanned.out, kUrl + "\n");
}

TEST(PkiQr, ACameraReadsTheTerminalDrawingOnADarkTerminal) {
  const std::string zbarimg = "/usr/bin/zbarimg";
  if (!fs::exists(zbarimg)) {
    GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  }
  TempDir dir;
  // The drawing as a dark terminal shows it: blocks in light text, the rest its dark background,
  // which goes on around the drawing (a margin of 4 modules here).
  std::vector<std::vector<bool>> light;
  for (const auto& line : lines_of(qr_terminal(qr_encode(kUrl)))) {
    std::vector<bool> top;
    std::vector<bool> bottom;
    for (std::size_t at = 0; at < line.size();) {
      const bool space = line[at] == ' ';
      top.push_back(!space && line.compare(at, 3, "▄") != 0);
      bottom.push_back(!space && line.compare(at, 3, "▀") != 0);
      at += space ? 1 : 3;
    }
    light.push_back(top);
    light.push_back(bottom);
  }
  const int margin = 4;
  const int side = static_cast<int>(light.size()) + 2 * margin;
  write_pgm(dir / "terminal.pgm", side, 6, [&](int x, int y) {
    const auto row = static_cast<std::size_t>(y - margin);
    const auto column = static_cast<std::size_t>(x - margin);
    return y >= margin && x >= margin && row < light.size() && column < light[row].size() &&
           light[row][column];
  });
  const auto scanned = run_command({zbarimg, "--raw", "-q", (dir / "terminal.pgm").string()});
  EXPECT_EQ(scanned.exit_code, 0) << scanned.err;
  EXPECT_EQ(scanned.out, kUrl + "\n");
}

}  // namespace
}  // namespace slate::pki
