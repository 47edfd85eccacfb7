#include <cctype>

#include <slate/api/trust_page.hpp>
#include <slate/core/xml_text.hpp>

namespace slate::api {

namespace {

// The host the tablet typed ("192.168.1.20:80" -> "192.168.1.20", "[fe80::1]" -> "[fe80::1]"),
// if it is a plain name or address: it is echoed into the page.
std::optional<std::string> typed_host(const Request& request) {
  const auto header = request.header("host");
  if (!header || header->empty() || header->size() > 255) {
    return std::nullopt;
  }
  std::string host = *header;
  if (host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else if (host.find(':') == host.rfind(':')) {
    host = host.substr(0, host.find(':'));
  }
  for (const char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
        c != '[' && c != ']') {
      return std::nullopt;
    }
  }
  return host;
}

std::string https_url_for(const std::string& host, unsigned port) {
  return "https://" + host + (port == 443 ? std::string() : ":" + std::to_string(port)) + "/";
}

Response file_response(std::string body, std::string content_type, std::string file_name) {
  Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + std::move(file_name) + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

std::string page(const TrustOffer& offer, const Request& request, bool across_network) {
  const auto name = core::xml_escape(offer.authority_name);
  const auto url = core::xml_escape(offer.https_url);
  std::string by_address;
  if (const auto host = typed_host(request)) {
    const auto alternative = https_url_for(*host, offer.https_port);
    if (alternative != offer.https_url) {
      by_address = "<p>If the tablet cannot find <b>" + url + "</b>, use <a href=\"" +
                   core::xml_escape(alternative) + "\">" + core::xml_escape(alternative) +
                   "</a>.</p>";
    }
  }
  const std::string lead =
      across_network
          ? "<p class=\"warn\">This tablet reached Slate over plain HTTP. Switch to HTTPS: only "
            "there does the app keep working when the Wi-Fi drops, and only there are the PIN and "
            "the log sent encrypted.</p>"
          : "<p>This connection is already secure. Another tablet can trust the box from "
            "here.</p>";
  return R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slate: switch to HTTPS</title>
<style>
body{font:18px/1.45 system-ui,sans-serif;margin:0 auto;max-width:44em;padding:1em 1.2em;
background:#111;color:#eee}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}a{color:#7cf}
.warn{background:#402;border-left:6px solid #f55;padding:.6em .8em}
.go{display:inline-block;background:#2a7;color:#fff;padding:.6em 1.1em;border-radius:.4em;
font-size:1.2em;text-decoration:none;margin:.3em 0}
.qr{background:#fff;width:13em;height:13em;padding:.3em;border-radius:.3em}
code{font-size:.8em;word-break:break-all}li{margin:.3em 0}
</style></head><body>
<h1>Switch to HTTPS</h1>
)" + lead +
         R"(
<h2>1. Trust the box</h2>
<p>Slate signs its own certificate, as <b>)" +
         name + R"(</b>. Each tablet trusts it once.</p>
<p><b>iPad (iPadOS)</b></p>
<ol>
<li>In Safari, <a href="/slate.mobileconfig">download the profile</a> and tap <i>Allow</i>.</li>
<li>Settings &rsaquo; General &rsaquo; VPN &amp; Device Management &rsaquo; <i>)" +
         name + R"(</i> &rsaquo; <i>Install</i>.</li>
<li>Settings &rsaquo; General &rsaquo; About &rsaquo; Certificate Trust Settings: turn on full trust
for <i>)" +
         name + R"(</i>.</li>
</ol>
<p><b>Android</b></p>
<ol>
<li><a href="/ca.crt">Download the certificate</a>.</li>
<li>Settings &rsaquo; Security &amp; privacy &rsaquo; More security settings &rsaquo; Encryption
&amp; credentials &rsaquo; Install a certificate &rsaquo; <i>CA certificate</i>, and choose
<i>slate-ca.crt</i>. Chrome trusts it from then on.</li>
</ol>
<p><b>A computer</b>: <a href="/ca.crt">download the certificate</a> and add it to the system's or
the browser's trusted authorities.</p>
<p>Before you trust it, check that its SHA-256 fingerprint is the one <code>slate pair</code>
prints on the box:<br><code>)" +
         core::xml_escape(offer.fingerprint) + R"(</code></p>
<h2>2. Open Slate over HTTPS</h2>
<p><a class="go" href=")" +
         url + "\">Open " + url + R"(</a></p>
)" + by_address +
         R"(<p>Or scan this code with the tablet's camera:</p>
<div class="qr">)" +
         offer.qr_svg + R"(</div>
<p>Then pair with the PIN from the DIT, as before.</p>
</body></html>
)";
}

}  // namespace

std::optional<Response> trust_response(const TrustOffer& offer, const Request& request,
                                       bool across_network) {
  const bool own_path = request.path == "/trust" || request.path == "/ca.crt" ||
                        request.path == "/ca.der" || request.path == "/slate.mobileconfig";
  if (!own_path && !across_network) {
    return std::nullopt;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    if (!own_path) {
      // A form or an API call sent in clear: refused, not redirected, so nothing is resent
      // without the user seeing the page first.
      return Response::error(403, "https_required",
                             "Slate takes changes over HTTPS only: open " + offer.https_url +
                                 " (the page /trust says how to trust the box first).");
    }
    auto refused = Response::error(405, "method_not_allowed",
                                   request.method + " is not allowed on " + request.path + ".");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  if (request.path == "/ca.crt") {
    return file_response(offer.ca_pem, "application/x-x509-ca-cert", "slate-ca.crt");
  }
  if (request.path == "/ca.der") {
    return file_response(offer.ca_der, "application/pkix-cert", "slate-ca.der");
  }
  if (request.path == "/slate.mobileconfig") {
    return file_response(offer.mobileconfig, "application/x-apple-aspen-config",
                         "slate.mobileconfig");
  }
  if (request.path == "/trust") {
    Response response;
    response.content_type = "text/html; charset=utf-8";
    response.body = page(offer, request, across_network);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }
  Response redirect;
  redirect.status = 302;
  redirect.content_type = "text/html; charset=utf-8";
  redirect.headers.emplace_back("Location", "/trust");
  redirect.headers.emplace_back("Cache-Control", "no-store");
  redirect.body = "<!doctype html><p>Slate is on <a href=\"/trust\">HTTPS</a>.</p>\n";
  return redirect;
}

}  // namespace slate::api
