// README's "Rights by role" table is the rights table of the code, role by role and right by
// right.
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

#include <slate/api/rights.hpp>
#include <slate/auth/roles.hpp>

namespace slate::api {
namespace {

std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::stringstream stream(row);
  std::string cell;
  std::getline(stream, cell, '|');  // before the first bar; nothing follows the last
  while (std::getline(stream, cell, '|')) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

// role -> right -> held, as README's table says.
std::map<std::string, std::map<std::string, bool>> readme_table() {
  std::ifstream readme(std::string(SLATE_SOURCE_DIR) + "/README.md");
  std::string line;
  while (std::getline(readme, line) && line != "### Rights by role") {
  }
  EXPECT_EQ(line, "### Rights by role") << "README.md has no \"### Rights by role\" section";
  while (std::getline(readme, line) && !line.starts_with("| role")) {
  }
  const auto header = cells_of(line);
  std::getline(readme, line);  // | --- | …
  std::map<std::string, std::map<std::string, bool>> table;
  while (std::getline(readme, line) && line.starts_with("|")) {
    const auto cells = cells_of(line);
    EXPECT_EQ(cells.size(), header.size()) << line;
    auto role = cells.at(0);
    std::erase(role, '`');
    for (std::size_t i = 1; i < cells.size() && i < header.size(); ++i) {
      EXPECT_TRUE(cells[i].empty() || cells[i] == "✓") << line;
      table[role][header[i]] = cells[i] == "✓";
    }
  }
  return table;
}

TEST(RightsByRole, ReadmeTableIsTheCodesTable) {
  const auto table = readme_table();
  ASSERT_EQ(table.size(), auth::kRoles.size());
  for (const auto role : auth::kRoles) {
    SCOPED_TRACE(std::string(role));
    ASSERT_TRUE(table.contains(std::string(role)));
    const auto& row = table.at(std::string(role));
    EXPECT_EQ(row.size(), kRights.size());
    for (const auto right : kRights) {
      const auto name = std::string(to_string(right));
      ASSERT_TRUE(row.contains(name)) << name;
      EXPECT_EQ(row.at(name), role_has(role, right)) << name;
    }
  }
}

TEST(RightsByRole, AScriptSupervisorLogsButNeitherStartsDaysNorOffloads) {
  EXPECT_TRUE(role_has("script", Right::log));
  EXPECT_TRUE(role_has("script", Right::mark));
  EXPECT_FALSE(role_has("script", Right::days));
  EXPECT_FALSE(role_has("script", Right::offload));
  EXPECT_FALSE(role_has("script", Right::settings));
}

TEST(RightsByRole, AnUnknownRoleHoldsNothing) {
  EXPECT_FALSE(is_role("producer"));
  for (const auto right : kRights) {
    EXPECT_FALSE(role_has("producer", right));
  }
  EXPECT_TRUE(rights_of("producer").empty());
  EXPECT_EQ(rights_of("viewer"), (std::vector<Right>{Right::open, Right::read}));
}

}  // namespace
}  // namespace slate::api
