#pragma once
/// The roles a tablet is paired with. What each role may do is the HTTP layer's rights table
/// (slate/api/rights.hpp); only the names live here, where pairing needs them.

#include <array>
#include <string_view>

namespace slate::auth {

/// dit, script, director, camera, viewer: in the order README's "Rights by role" lists them.
inline constexpr std::array<std::string_view, 5> kRoles = {"dit", "script", "director", "camera",
                                                           "viewer"};

constexpr bool is_role(std::string_view role) {
  for (const auto known : kRoles) {
    if (known == role) {
      return true;
    }
  }
  return false;
}

}  // namespace slate::auth
