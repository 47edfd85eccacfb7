#pragma once
// The box's HTTPS: the names it answers to, its certificate (made and renewed by slate_pki, kept
// in the data dir), and what plain HTTP offers a tablet that does not trust it yet.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <vector>

#include <slate/api/server.hpp>
#include <slate/api/trust_page.hpp>
#include <slate/app/config.hpp>
#include <slate/pki/pki.hpp>

namespace slate::app {

/// The IP address in a socket address (getsockname, getifaddrs); nullopt for another family.
std::optional<boost::asio::ip::address> address_of(const sockaddr* name);

class BoxTls {
 public:
  /// `folder`: where the CA and the server certificate live (data dir/tls).
  BoxTls(boost::asio::io_context& io, std::filesystem::path folder, std::string appliance_id,
         const ServerConfig& config);

  /// Makes or reuses the CA and the server certificate for the box's names and `listening` (an
  /// unspecified address stands for every interface's), gives the certificate to `server`, and
  /// checks again every minute: an address that comes (DHCP) or an end that nears gets a new
  /// certificate. Throws pki::PkiError naming the file.
  void start(api::ApiServer& server, std::vector<boost::asio::ip::address> listening);
  /// Once HTTPS listens on `https_port`: plain HTTP across the network offers the trust page,
  /// which sends tablets there.
  void offer_trust(std::uint16_t https_port);
  void stop();

  /// "https://slate.local/" (with the port when it is not 443).
  const std::string& https_url() const { return offer_.https_url; }
  const std::string& ca_fingerprint() const { return offer_.fingerprint; }

  /// The names a certificate for `listening` must carry, now.
  pki::SubjectNames names() const;

 private:
  void schedule_check();
  void check();

  boost::asio::steady_timer timer_;
  std::filesystem::path folder_;
  std::string appliance_id_;
  std::vector<std::string> configured_names_;
  std::vector<boost::asio::ip::address> listening_;
  api::ApiServer* server_ = nullptr;
  api::TrustOffer offer_;
  std::string chain_fingerprint_;
};

}  // namespace slate::app
