#include "box_tls.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <cctype>
#include <cstring>
#include <ctime>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <slate/log/log.hpp>

namespace slate::app {

namespace asio = boost::asio;

namespace {

// Tablets look for the box here: Avahi publishes it, and the trust page sends them to it.
constexpr const char* kAdvertisedName = "slate.local";
// Addresses come and go with the set's Wi-Fi (DHCP); the end of a certificate nears slowly.
constexpr std::chrono::seconds kCheckEvery{60};

bool is_address(const std::string& name) {
  boost::system::error_code error;
  asio::ip::make_address(name, error);
  return !error;
}

// Every address of every interface, in the family of `unspecified` (:: takes both, as
// a dual-stack socket does). Link-local IPv6 is left out: a URL cannot name it without a zone.
std::vector<asio::ip::address> interface_addresses(const asio::ip::address& unspecified) {
  std::vector<asio::ip::address> found;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    return found;
  }
  for (auto* entry = list; entry; entry = entry->ifa_next) {
    const auto address = address_of(entry->ifa_addr);
    if (!address || (address->is_v6() && !unspecified.is_v6())) {
      continue;
    }
    if (!(address->is_v6() && address->to_v6().is_link_local())) {
      found.push_back(*address);
    }
  }
  ::freeifaddrs(list);
  return found;
}

std::string day_of(std::chrono::system_clock::time_point when) {
  const auto seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(std::move(value));
  }
}

}  // namespace

std::optional<asio::ip::address> address_of(const sockaddr* name) {
  if (!name || (name->sa_family != AF_INET && name->sa_family != AF_INET6)) {
    return std::nullopt;
  }
  asio::ip::tcp::endpoint endpoint;
  std::memcpy(endpoint.data(), name,
              name->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
  return endpoint.address();
}

BoxTls::BoxTls(asio::io_context& io, std::filesystem::path folder, std::string appliance_id,
               const ServerConfig& config)
    : timer_(io),
      folder_(std::move(folder)),
      appliance_id_(std::move(appliance_id)),
      configured_names_(config.names) {}

pki::SubjectNames BoxTls::names() const {
  pki::SubjectNames names;
  add_unique(names.dns, kAdvertisedName);
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0 && host[0] != '\0') {
    std::string name(host);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    add_unique(names.dns, name);
    if (name.find('.') == std::string::npos) {
      add_unique(names.dns, name + ".local");
    }
  }
  add_unique(names.dns, "localhost");
  for (const auto& name : configured_names_) {
    add_unique(is_address(name) ? names.addresses : names.dns, name);
  }
  for (const auto& address : listening_) {
    if (address.is_unspecified()) {
      for (const auto& each : interface_addresses(address)) {
        add_unique(names.addresses, each.to_string());
      }
    } else {
      add_unique(names.addresses, address.to_string());
    }
  }
  return names;
}

void BoxTls::start(api::ApiServer& server, std::vector<asio::ip::address> listening) {
  server_ = &server;
  listening_ = std::move(listening);
  const auto material =
      pki::ensure_tls(folder_, appliance_id_, names(), std::chrono::system_clock::now());
  if (material.ca_created) {
    log::notice("made the box's certificate authority \"" + material.ca.subject + "\" in " +
                material.files.ca_certificate.string() + " (SHA-256 " +
                material.ca.sha256_fingerprint + "); tablets trust it once, from /trust");
  }
  if (material.server_issued) {
    log::notice("issued the box's HTTPS certificate, valid until " +
                day_of(material.server.not_after));
  }
  server.set_certificate(material.server_chain_pem, material.server_key_pem);
  chain_fingerprint_ = material.server.sha256_fingerprint;
  offer_.authority_name = material.ca.subject;
  offer_.fingerprint = material.ca.sha256_fingerprint;
  offer_.ca_pem = material.ca_pem;
  offer_.ca_der = pki::certificate_der(material.ca_pem);
  offer_.mobileconfig = pki::mobileconfig(material.ca_pem, appliance_id_, material.ca.subject);
  schedule_check();
}

void BoxTls::offer_trust(std::uint16_t https_port) {
  offer_.https_url = std::string("https://") + kAdvertisedName +
                     (https_port == 443 ? std::string() : ":" + std::to_string(https_port)) + "/";
  offer_.https_port = https_port;
  offer_.qr_svg = pki::qr_svg(pki::qr_encode(offer_.https_url));
  server_->set_trust_handler([offer = offer_](const api::Request& request, bool across_network) {
    return api::trust_response(offer, request, across_network);
  });
}

void BoxTls::stop() {
  timer_.cancel();
}

void BoxTls::schedule_check() {
  timer_.expires_after(kCheckEvery);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      check();
      schedule_check();
    }
  });
}

void BoxTls::check() {
  try {
    const auto material =
        pki::ensure_tls(folder_, appliance_id_, names(), std::chrono::system_clock::now());
    if (material.server.sha256_fingerprint != chain_fingerprint_) {
      server_->set_certificate(material.server_chain_pem, material.server_key_pem);
      chain_fingerprint_ = material.server.sha256_fingerprint;
      log::notice(
          "renewed the box's HTTPS certificate for its names and addresses now, valid "
          "until " +
          day_of(material.server.not_after));
    }
  } catch (const std::exception& error) {
    // The certificate in use stays in use; tablets notice only once it ends.
    log::warning(std::string("could not renew the box's HTTPS certificate: ") + error.what());
  }
}

}  // namespace slate::app
