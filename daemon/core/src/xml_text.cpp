#include <stdexcept>

#include <slate/core/xml_text.hpp>

namespace slate::core {
namespace {

/// The length of the UTF-8 sequence at the start of `text`, or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto continuation = [&](std::size_t i) {
    return i < text.size() && (byte(i) & 0xC0U) == 0x80U;
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80U) {
    return 1;
  }
  if (lead >= 0xC2U && lead <= 0xDFU) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xE0U && lead <= 0xEFU) {
    if (!continuation(1) || !continuation(2)) {
      return 0;
    }
    const bool overlong = lead == 0xE0U && byte(1) < 0xA0U;
    const bool surrogate = lead == 0xEDU && byte(1) >= 0xA0U;
    return overlong || surrogate ? 0 : 3;
  }
  if (lead >= 0xF0U && lead <= 0xF4U) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) {
      return 0;
    }
    const bool overlong = lead == 0xF0U && byte(1) < 0x90U;
    const bool too_large = lead == 0xF4U && byte(1) >= 0x90U;
    return overlong || too_large ? 0 : 4;
  }
  return 0;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20U) {
          throw std::invalid_argument("\"" + std::string(text) +
                                      "\" holds a control character, which XML cannot record");
        }
        const std::size_t length = utf8_length(text.substr(i));
        if (length == 0) {
          throw std::invalid_argument("\"" + std::string(text) +
                                      "\" is not valid UTF-8, which XML cannot record");
        }
        out.append(text.substr(i, length));
        i += length;
        continue;
    }
    ++i;
  }
  return out;
}

}  // namespace slate::core
