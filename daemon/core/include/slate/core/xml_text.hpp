#pragma once
/// Text made safe for XML (and HTML): what the ASC MHL generations, the iPad profile and the trust
/// page write by hand.

#include <string>
#include <string_view>

namespace slate::core {

/// Text made safe for XML element content and attribute values: markup characters and tab, line
/// feed and carriage return as references, so that a reader gets back exactly `text`. Throws
/// std::invalid_argument, naming the text, for text XML 1.0 cannot hold (invalid UTF-8, other
/// control characters).
std::string xml_escape(std::string_view text);

}  // namespace slate::core
