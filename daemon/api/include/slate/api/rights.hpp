#pragma once
/// What a request may do, and which roles may do it. Each route declares the one right it needs
/// where it is added (Router::add); this table is the only place a role's rights are written, and
/// the box serves it to tablets (GET /api/v1/session) so that the browser keeps no copy of its own.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace slate::api {

enum class Right {
  open,      ///< Anyone, before pairing: the health check and the pairing itself.
  read,      ///< Every paired role: listings, clips, proxies, the event stream.
  mark,      ///< Marks on takes (circle, flag, notes) and undoing one's own change.
  log,       ///< The script supervisor's log: roll, cut, scenes, setups, the shot list, clips.
  days,      ///< Starting a shooting day and choosing the current one.
  offload,   ///< Cards, tethered cameras, offloads and media jobs.
  settings,  ///< The project's settings, pairing PINs and paired devices.
};

inline constexpr std::array kRights = {Right::open, Right::read,    Right::mark,    Right::log,
                                       Right::days, Right::offload, Right::settings};

/// "open", "read", "mark", …: as README's table and GET /api/v1/session name them.
std::string_view to_string(Right right);
std::optional<Right> parse_right(std::string_view text);

/// dit, script, director, camera, viewer.
bool is_role(std::string_view role);
/// Whether a paired device of this role holds the right.
bool role_has(std::string_view role, Right right);
/// The rights a role holds, in the order of kRights (what GET /api/v1/session lists).
std::vector<Right> rights_of(std::string_view role);

}  // namespace slate::api
