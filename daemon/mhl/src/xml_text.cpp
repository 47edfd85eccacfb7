#include "xml_text.hpp"

#include <stdexcept>

#include <slate/core/xml_text.hpp>
#include <slate/mhl/mhl.hpp>

namespace slate::mhl {

std::string xml_escape(std::string_view text) {
  try {
    return core::xml_escape(text);
  } catch (const std::invalid_argument& refusal) {
    throw MhlError(std::string(refusal.what()) + " (an ASC MHL generation is XML)");
  }
}

}  // namespace slate::mhl
