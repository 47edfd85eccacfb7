// QR codes of the box's address, for a tablet's camera: on the console at first start, and on
// the trust page.

#include <qrencode.h>

#include <slate/pki/pki.hpp>

namespace slate::pki {

namespace {

constexpr int kTerminalQuietZone = 2;  // Terminals are narrow; 2 modules scan in practice.
constexpr int kSvgQuietZone = 4;       // What the QR standard asks for.

}  // namespace

QrCode qr_encode(std::string_view text) {
  // Byte mode over the exact bytes: a URL reads back as it was given, NUL or not.
  QRcode* encoded =
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M);
  if (!encoded) {
    throw PkiError("cannot make a QR code of " + std::to_string(text.size()) +
                   " bytes (too long for one)");
  }
  QrCode code;
  code.width = encoded->width;
  const auto count =
      static_cast<std::size_t>(encoded->width) * static_cast<std::size_t>(encoded->width);
  code.modules.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    code.modules[i] = (encoded->data[i] & 1) != 0;  // Bit 0 is the module's colour.
  }
  QRcode_free(encoded);
  return code;
}

std::string qr_terminal(const QrCode& code) {
  // The light modules are drawn (full and half blocks, in the terminal's text colour) and the dark
  // ones left as spaces (its background). On the usual dark background with light text, that
  // reads dark on light as a QR code should; on a light terminal it comes out inverted, which
  // iPadOS's and Android's cameras read as well. The rows past the bottom edge are background.
  const int side = code.width + 2 * kTerminalQuietZone;
  auto light = [&](int x, int y) {
    if (y >= side) {
      return false;
    }
    const int cx = x - kTerminalQuietZone;
    const int cy = y - kTerminalQuietZone;
    const bool inside = cx >= 0 && cy >= 0 && cx < code.width && cy < code.width;
    return !inside || !code.dark(cx, cy);
  };
  std::string text;
  for (int y = 0; y < side; y += 2) {
    for (int x = 0; x < side; ++x) {
      const bool top = light(x, y);
      const bool bottom = light(x, y + 1);
      text += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    text += '\n';
  }
  return text;
}

std::string qr_svg(const QrCode& code) {
  const auto side = std::to_string(code.width + 2 * kSvgQuietZone);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
                    "\" width=\"" + side + "\" height=\"" + side +
                    "\" shape-rendering=\"crispEdges\">\n<rect width=\"" + side + "\" height=\"" +
                    side + "\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"";
  // One rectangle per run of dark modules in a row.
  for (int y = 0; y < code.width; ++y) {
    for (int x = 0; x < code.width;) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < code.width && code.dark(x, y)) {
        ++x;
      }
      svg += "M" + std::to_string(start + kSvgQuietZone) + " " + std::to_string(y + kSvgQuietZone) +
             "h" + std::to_string(x - start) + "v1h-" + std::to_string(x - start) + "z";
    }
  }
  svg += "\"/>\n</svg>\n";
  return svg;
}

}  // namespace slate::pki
