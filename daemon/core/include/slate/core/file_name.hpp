#pragma once
/// File names as people and JSON see them. A card's file system may hold names that are not UTF-8
/// (`caf\xE9.mov` from a FAT card written by a Latin-1 camera); Slate reads and writes them as the
/// bytes they are, and shows them everywhere (JSON, events, ASC MHL, logs, `slate verify`) in one
/// reversible form: valid UTF-8 as it is, a backslash as `\\`, and every other byte as `\xHH`.

#include <optional>
#include <string>
#include <string_view>

namespace slate::core {

/// The printable, reversible form of a name's bytes; always valid UTF-8.
std::string printable_name(std::string_view bytes);

/// The bytes a printable name stands for; nothing when `text` is not a printable name (a lone
/// backslash, `\x` without two hex digits, an unknown escape).
std::optional<std::string> name_bytes(std::string_view text);

/// Whether `bytes` is valid UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool is_utf8(std::string_view bytes);

}  // namespace slate::core
