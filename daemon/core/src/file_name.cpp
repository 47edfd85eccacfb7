#include <slate/core/file_name.hpp>

namespace slate::core {
namespace {

// The length of the valid UTF-8 sequence at `at`, or 0 when the byte there starts none.
std::size_t utf8_sequence(std::string_view bytes, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;   // No overlong forms.
    high = lead == 0xED ? 0x9F : 0xBF;  // No surrogates.
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;  // Nothing past U+10FFFF.
  } else {
    return 0;
  }
  if (at + length > bytes.size()) {
    return 0;
  }
  if (byte(at + 1) < low || byte(at + 1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

}  // namespace

std::string printable_name(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    if (bytes[at] == '\\') {
      text += "\\\\";
      ++at;
      continue;
    }
    if (const auto length = utf8_sequence(bytes, at); length > 0) {
      text.append(bytes.substr(at, length));
      at += length;
      continue;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto value = static_cast<unsigned char>(bytes[at]);
    text += "\\x";
    text += kHex[value >> 4];
    text += kHex[value & 0xF];
    ++at;
  }
  return text;
}

std::optional<std::string> name_bytes(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\\') {
      bytes += text[at];
      continue;
    }
    if (at + 1 < text.size() && text[at + 1] == '\\') {
      bytes += '\\';
      ++at;
      continue;
    }
    if (at + 3 < text.size() && text[at + 1] == 'x' && hex_value(text[at + 2]) >= 0 &&
        hex_value(text[at + 3]) >= 0) {
      bytes += static_cast<char>(hex_value(text[at + 2]) * 16 + hex_value(text[at + 3]));
      at += 3;
      continue;
    }
    return std::nullopt;
  }
  return bytes;
}

bool is_utf8(std::string_view bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const auto length = utf8_sequence(bytes, at);
    if (length == 0) {
      return false;
    }
    at += length;
  }
  return true;
}

}  // namespace slate::core
