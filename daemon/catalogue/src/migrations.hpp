#pragma once

#include <string_view>
#include <vector>

namespace slate::catalogue {

/// One numbered SQL file of schemas/sql, compiled in.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// Every migration, in version order.
const std::vector<Migration>& migrations();

}  // namespace slate::catalogue
