// HTTPS on the box, through the real slated: its own CA and server certificate verify with
// openssl, curl trusting the CA reaches the API at slate.local, plain HTTP on a set's name offers
// only the trust page and the CA, TLS before 1.2 is refused, a restart keeps the CA, and the
// packaged service's ports come from systemd's socket activation.
#include <fstream>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;
using testing::run_command;

constexpr const char* kTlsKeys = "tls = true\ntls_listen = \"127.0.0.1:0\"\n";

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string first_pem(const std::string& chain) {
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----\n";
  return chain.substr(0, chain.find(kEnd) + kEnd.size());
}

std::string shell(const std::string& command) {
  return run_command({"/bin/sh", "-c", command}).out;
}

std::string plain_get(std::uint16_t port, const std::string& host, const std::string& target,
                      const std::string& method = "GET") {
  return testing::raw_http(port, method + " " + target + " HTTP/1.1\r\nHost: " + host +
                                     "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

std::string header_of(const std::string& response, const std::string& name) {
  const auto end = response.find("\r\n\r\n");
  std::istringstream lines(response.substr(0, end));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name.size() + 1 &&
        strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 && line[name.size()] == ':') {
      auto value = line.substr(name.size() + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (!value.empty() && value.back() == '\r') {
        value.pop_back();
      }
      return value;
    }
  }
  return {};
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class Tls : public ::testing::Test {
 protected:
  std::filesystem::path tls_dir() const { return daemon_->data_dir() / "tls"; }
  std::string curl_https(const std::string& path, bool trust_ca = true) const {
    const auto port = std::to_string(daemon_->https_port());
    std::vector<std::string> argv = {
        "/usr/bin/curl", "--silent", "--show-error", "--fail",
        "--max-time",    "10",       "--resolve",    "slate.local:" + port + ":127.0.0.1"};
    if (trust_ca) {
      argv.insert(argv.end(), {"--cacert", (tls_dir() / "ca.crt").string()});
    }
    argv.push_back("https://slate.local:" + port + path);
    const auto result = run_command(argv);
    last_curl_exit_ = result.exit_code;
    return result.out + result.err;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_ = std::make_unique<testing::DaemonUnderTest>(
      dir_.path(), "", std::vector<std::string>{}, kTlsKeys);
  mutable int last_curl_exit_ = -1;
};

TEST_F(Tls, TheBoxsCaAndServerCertificateVerifyAndNameTheBox) {
  ASSERT_NE(daemon_->https_port(), 0) << "slated did not say where HTTPS listens";
  for (const char* key : {"ca.key", "server.key"}) {
    struct stat info {};
    ASSERT_EQ(::stat((tls_dir() / key).c_str(), &info), 0) << key;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << key << " must be readable by slated only";
  }
  const auto leaf = dir_.path() / "leaf.pem";
  testing::write_file(leaf, first_pem(read_file(tls_dir() / "server.crt")));
  const auto verified = run_command(
      {"/usr/bin/openssl", "verify", "-CAfile", (tls_dir() / "ca.crt").string(), leaf.string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find(": OK"), std::string::npos) << verified.out;

  const auto extensions =
      shell("openssl x509 -noout -ext subjectAltName,extendedKeyUsage -in " + leaf.string());
  EXPECT_NE(extensions.find("DNS:slate.local"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("IP Address:127.0.0.1"), std::string::npos) << extensions;
  EXPECT_NE(extensions.find("TLS Web Server Authentication"), std::string::npos) << extensions;
  // iPadOS refuses a server certificate valid for more than 397 days.
  EXPECT_EQ(run_command({"/usr/bin/openssl", "x509", "-noout", "-checkend",
                         std::to_string(396 * 86400), "-in", leaf.string()})
                .exit_code,
            0);
  EXPECT_NE(run_command({"/usr/bin/openssl", "x509", "-noout", "-checkend",
                         std::to_string(398 * 86400), "-in", leaf.string()})
                .exit_code,
            0)
      << "the server certificate outlives iPadOS's 397 days";
  const auto ca = shell("openssl x509 -noout -subject -ext basicConstraints -in " +
                        (tls_dir() / "ca.crt").string());
  EXPECT_NE(ca.find("CA:TRUE"), std::string::npos) << ca;
  EXPECT_NE(ca.find("Slate "), std::string::npos) << ca;
}

TEST_F(Tls, CurlTrustingTheBoxsCaReachesTheApiAtSlateLocal) {
  const auto answer = curl_https("/api/v1/status");
  ASSERT_EQ(last_curl_exit_, 0) << answer;
  const auto status = json::parse(answer);
  EXPECT_EQ(status["service"], "slated");
  EXPECT_EQ(status["https"]["url"],
            "https://slate.local:" + std::to_string(daemon_->https_port()) + "/");
  // The tablet app itself comes over HTTPS too.
  EXPECT_NE(curl_https("/").find("<html"), std::string::npos);
  EXPECT_EQ(last_curl_exit_, 0);
  // Without the CA, curl (like a tablet) refuses the box's certificate.
  const auto refused = curl_https("/api/v1/status", false);
  EXPECT_EQ(last_curl_exit_, 60) << refused;
}

TEST_F(Tls, PlainHttpOnASetNameOffersOnlyTheTrustPageAndTheCa) {
  const auto port = daemon_->port();
  const auto host = "slate.local:" + std::to_string(port);
  for (const char* target : {"/", "/index.html", "/api/v1/status", "/api/v1/takes"}) {
    const auto answer = plain_get(port, host, target);
    EXPECT_EQ(testing::status_of(answer), 302) << target << "\n" << answer;
    EXPECT_EQ(header_of(answer, "Location"), "/trust") << target;
  }
  // A change sent in clear is refused, not redirected and replayed.
  const auto pairing = plain_get(port, host, "/api/v1/pairing", "POST");
  EXPECT_EQ(testing::status_of(pairing), 403) << pairing;
  EXPECT_NE(pairing.find("https_required"), std::string::npos);

  const auto page = plain_get(port, host, "/trust");
  ASSERT_EQ(testing::status_of(page), 200) << page;
  const auto https_url = "https://slate.local:" + std::to_string(daemon_->https_port()) + "/";
  EXPECT_NE(page.find("href=\"" + https_url + "\""), std::string::npos) << page;
  EXPECT_NE(page.find("/slate.mobileconfig"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos) << "no QR code";
  const auto fingerprint =
      json::parse(curl_https("/api/v1/status"))["https"]["ca_fingerprint"].get<std::string>();
  EXPECT_NE(page.find(fingerprint), std::string::npos) << "the page must show the CA's fingerprint";

  const auto ca = plain_get(port, host, "/ca.crt");
  ASSERT_EQ(testing::status_of(ca), 200);
  EXPECT_EQ(testing::body_of(ca), read_file(tls_dir() / "ca.crt"));
  EXPECT_EQ(header_of(ca, "Content-Type"), "application/x-x509-ca-cert");
  const auto profile = plain_get(port, host, "/slate.mobileconfig");
  ASSERT_EQ(testing::status_of(profile), 200);
  EXPECT_EQ(header_of(profile, "Content-Type"), "application/x-apple-aspen-config");
  EXPECT_NE(testing::body_of(profile).find("com.apple.security.root"), std::string::npos);

  // The same over an address of the box: the page offers HTTPS on that address too.
  const auto by_address = plain_get(port, "192.0.2.7:" + std::to_string(port), "/trust");
  EXPECT_NE(
      by_address.find("href=\"https://192.0.2.7:" + std::to_string(daemon_->https_port()) + "/\""),
      std::string::npos)
      << by_address;
  // On the box itself (loopback to loopback, named as such) plain HTTP stays whole: the CLI and
  // the demo use it.
  const auto local = plain_get(port, "127.0.0.1:" + std::to_string(port), "/api/v1/status");
  EXPECT_EQ(testing::status_of(local), 200) << local;
  EXPECT_EQ(testing::status_of(plain_get(port, "localhost", "/")), 200);
}

TEST_F(Tls, PairPrintsTheHttpsAddressTheCasFingerprintAndAQrCode) {
  const auto printed = daemon_->slate({"pair", "--role", "script"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("On the tablet open https://slate.local:" +
                             std::to_string(daemon_->https_port()) + "/"),
            std::string::npos)
      << printed.out;
  EXPECT_NE(printed.out.find("http://slate.local:" + std::to_string(daemon_->port()) + "/trust"),
            std::string::npos)
      << printed.out;
  const auto fingerprint =
      shell("openssl x509 -noout -fingerprint -sha256 -in " + (tls_dir() / "ca.crt").string());
  const auto hex = fingerprint.substr(fingerprint.find('=') + 1, 95);
  EXPECT_NE(printed.out.find(hex), std::string::npos) << fingerprint << "\n" << printed.out;
  // The code: lines of full blocks and half blocks, each as wide as the first.
  std::istringstream lines(printed.out);
  std::string line;
  std::size_t code_lines = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("\u2588\u2588")) {
      ++code_lines;
    }
  }
  EXPECT_GE(code_lines, 10u) << printed.out;
}

TEST_F(Tls, TlsBeforeVersion12IsRefusedWhateverOpenSslAllows) {
  // Debian's OpenSSL configuration, and OpenSSL 3's own security level, already refuse TLS 1.1.
  // A box whose system configuration allows it again (an old device to serve elsewhere) must
  // still refuse it: with this configuration, for slated and for the client, only slated's own
  // rule stands.
  daemon_.reset();
  const auto permissive = dir_.path() / "openssl-permissive.cnf";
  testing::write_file(permissive,
                      "openssl_conf = init\n[init]\nssl_conf = ssl_sect\n[ssl_sect]\n"
                      "system_default = system_default_sect\n[system_default_sect]\n"
                      "MinProtocol = TLSv1\nCipherString = DEFAULT@SECLEVEL=0\n");
  const std::string env = "OPENSSL_CONF=" + permissive.string();
  testing::TempDir other;
  daemon_ = std::make_unique<testing::DaemonUnderTest>(other.path(), "",
                                                       std::vector<std::string>{env}, kTlsKeys);
  const auto connect = "127.0.0.1:" + std::to_string(daemon_->https_port());
  const auto handshake = [&](const char* version) {
    return run_command({"/bin/sh", "-c",
                        "openssl s_client -connect " + connect + " " + version +
                            " -cipher 'DEFAULT:@SECLEVEL=0' </dev/null 2>&1"},
                       {env});
  };
  const auto modern = handshake("-tls1_2");
  ASSERT_EQ(modern.exit_code, 0) << modern.out;
  EXPECT_NE(modern.out.find("Protocol  : TLSv1.2"), std::string::npos) << modern.out;
  for (const char* old : {"-tls1_1", "-tls1"}) {
    const auto refused = handshake(old);
    EXPECT_NE(refused.exit_code, 0) << old << "\n" << refused.out;
    // No session: the server answered with "protocol version" and no cipher was agreed.
    EXPECT_NE(refused.out.find("Cipher is (NONE)"), std::string::npos) << old << "\n"
                                                                       << refused.out;
  }
}

TEST_F(Tls, ARestartKeepsTheCaAndANewNameGetsANewServerCertificate) {
  const auto ca_before = read_file(tls_dir() / "ca.crt");
  const auto server_before = read_file(tls_dir() / "server.crt");
  daemon_.reset();
  daemon_ = std::make_unique<testing::DaemonUnderTest>(dir_.path(), "", std::vector<std::string>{},
                                                       kTlsKeys);
  EXPECT_EQ(read_file(tls_dir() / "ca.crt"), ca_before) << "tablets trust this CA: keep it";
  EXPECT_EQ(read_file(tls_dir() / "server.crt"), server_before) << "nothing changed to reissue for";
  daemon_.reset();
  daemon_ = std::make_unique<testing::DaemonUnderTest>(
      dir_.path(), "", std::vector<std::string>{},
      std::string(kTlsKeys) + "names = [\"slate-b.local\"]\n");
  EXPECT_EQ(read_file(tls_dir() / "ca.crt"), ca_before);
  const auto server_after = read_file(tls_dir() / "server.crt");
  EXPECT_NE(server_after, server_before);
  const auto leaf = dir_.path() / "leaf.pem";
  testing::write_file(leaf, first_pem(server_after));
  EXPECT_NE(shell("openssl x509 -noout -ext subjectAltName -in " + leaf.string())
                .find("DNS:slate-b.local"),
            std::string::npos);
  EXPECT_NE(curl_https("/api/v1/status").find("slated"), std::string::npos);
}

// The packaged service gets ports 80 and 443 from slated-http.socket and slated-https.socket;
// systemd-socket-activate passes sockets the same way.
TEST(TlsSocketActivation, SlatedServesTheSocketsSystemdPassesByName) {
  testing::TempDir dir;
  const auto http_port = free_port();
  const auto https_port = free_port();
  const auto config = dir.path() / "slated.toml";
  testing::write_file(config,
                      "[server]\nlisten = \"127.0.0.1:1\"\ntls = true\n"
                      "[storage]\ndata_dir = \"" +
                          (dir.path() / "data").string() + "\"\n");
  testing::ChildProcess activator(
      {"/usr/bin/systemd-socket-activate", "-l", "127.0.0.1:" + std::to_string(http_port), "-l",
       "127.0.0.1:" + std::to_string(https_port), "--fdname=http:https",
       testing::binary("slated").string(), "--config", config.string()});
  // Both sockets bound ("Listening on 127.0.0.1:PORT as 4."), then the first connection starts
  // slated and waits in the socket's queue until it accepts.
  ASSERT_TRUE(activator.wait_for_line(
      [&](const std::string& text) {
        return text.find("Listening on 127.0.0.1:" + std::to_string(https_port)) !=
               std::string::npos;
      },
      std::chrono::seconds(10)))
      << activator.stderr_text();
  const auto local = plain_get(http_port, "127.0.0.1", "/api/v1/status");
  ASSERT_EQ(testing::status_of(local), 200) << local << activator.stderr_text();
  const auto line = activator.wait_for_line(
      [](const std::string& text) { return text.find("listening on") != std::string::npos; },
      std::chrono::seconds(10));
  ASSERT_TRUE(line) << activator.stderr_text();
  EXPECT_NE(line->find("https://127.0.0.1:" + std::to_string(https_port)), std::string::npos)
      << *line;
  const auto secure =
      run_command({"/usr/bin/curl", "--silent", "--fail", "--max-time", "10", "--cacert",
                   (dir.path() / "data" / "tls" / "ca.crt").string(), "--resolve",
                   "slate.local:" + std::to_string(https_port) + ":127.0.0.1",
                   "https://slate.local:" + std::to_string(https_port) + "/api/v1/status"});
  EXPECT_EQ(secure.exit_code, 0) << secure.err;
  EXPECT_NE(secure.out.find("slated"), std::string::npos);
}

}  // namespace
}  // namespace slate
