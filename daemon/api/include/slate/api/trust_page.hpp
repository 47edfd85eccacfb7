#pragma once
/// The page that takes a tablet from plain HTTP to HTTPS: how to trust the box's own certificate
/// authority on iPadOS and Android, the CA itself (PEM, DER, an iPad profile), and the HTTPS
/// address as a link and a QR code.

#include <optional>
#include <string>
#include <vector>

#include <slate/api/http.hpp>

namespace slate::api {

struct TrustOffer {
  /// "https://slate.local/", the address tablets are sent to; the QR code encodes it.
  std::string https_url;
  /// The HTTPS port, for the address the tablet itself used ("https://192.168.1.20/").
  unsigned https_port = 443;
  std::string authority_name;  ///< The CA's name, as the tablet's settings show it.
  std::string fingerprint;     ///< The CA's SHA-256 fingerprint, to check it is this box's.
  std::string ca_pem;
  std::string ca_der;
  std::string mobileconfig;
  std::string qr_svg;  ///< The QR code of https_url.
};

/// GET /trust (the page), /ca.crt (PEM), /ca.der, /slate.mobileconfig; with `across_network`,
/// everything else is redirected (302) to /trust: a tablet that does not trust the CA yet would
/// only see a certificate error if sent to HTTPS straight away. nullopt: not one of its paths.
std::optional<Response> trust_response(const TrustOffer& offer, const Request& request,
                                       bool across_network);

}  // namespace slate::api
