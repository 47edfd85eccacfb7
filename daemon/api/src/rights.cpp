#include <slate/api/rights.hpp>
#include <slate/auth/roles.hpp>

namespace slate::api {

namespace {

struct RoleRights {
  std::string_view role;
  std::array<bool, kRights.size()> holds;  // in the order of kRights
};

// The table README's "Rights by role" reproduces (a test compares the two). The director marks and
// never rolls; the script supervisor logs but does not start days (the DIT runs the box's day);
// the camera team offloads.
//                                        open  read  mark   log   days  offload settings
constexpr std::array kTable = {
    RoleRights{"dit", {true, true, true, true, true, true, true}},
    RoleRights{"script", {true, true, true, true, false, false, false}},
    RoleRights{"director", {true, true, true, false, false, false, false}},
    RoleRights{"camera", {true, true, false, false, false, true, false}},
    RoleRights{"viewer", {true, true, false, false, false, false, false}},
};

// Every role pairing knows has its row here, in the same order: one list of roles, one of rights.
constexpr bool table_covers_every_role() {
  if (kTable.size() != auth::kRoles.size()) {
    return false;
  }
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    if (kTable[i].role != auth::kRoles[i]) {
      return false;
    }
  }
  return true;
}
static_assert(table_covers_every_role(), "the rights table needs a row for each of auth::kRoles");

}  // namespace

std::string_view to_string(Right right) {
  switch (right) {
    case Right::open:
      return "open";
    case Right::read:
      return "read";
    case Right::mark:
      return "mark";
    case Right::log:
      return "log";
    case Right::days:
      return "days";
    case Right::offload:
      return "offload";
    case Right::settings:
      return "settings";
  }
  return "settings";
}

std::optional<Right> parse_right(std::string_view text) {
  for (const auto right : kRights) {
    if (to_string(right) == text) {
      return right;
    }
  }
  return std::nullopt;
}

bool is_role(std::string_view role) {
  return auth::is_role(role);
}

std::vector<Right> rights_of(std::string_view role) {
  std::vector<Right> held;
  for (const auto right : kRights) {
    if (role_has(role, right)) {
      held.push_back(right);
    }
  }
  return held;
}

bool role_has(std::string_view role, Right right) {
  for (const auto& entry : kTable) {
    if (entry.role == role) {
      return entry.holds[static_cast<std::size_t>(right)];
    }
  }
  return false;
}

}  // namespace slate::api
