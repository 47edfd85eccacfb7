#pragma once
// What the ASC MHL reader and writer share: the history's names and text made safe for XML.

#include <string>
#include <string_view>

namespace slate::mhl {

/// Text made safe for XML element content and attribute values: markup characters and tab, line
/// feed and carriage return as references, so that a reader gets back exactly `text`. Throws
/// MhlError for text XML 1.0 cannot hold (invalid UTF-8, other control characters).
std::string xml_escape(std::string_view text);

/// The folder inside a tracked folder that holds its history, and the chain file in it.
inline constexpr std::string_view kHistoryFolder = "ascmhl";
inline constexpr std::string_view kChainFile = "ascmhl_chain.xml";

}  // namespace slate::mhl
