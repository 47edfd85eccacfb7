// The slate command, run as an operator runs it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using testing::binary;
using testing::run_command;

TEST(SlateCli, StatusSummarisesARunningDaemon) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  const auto result = run_command({binary("slate").string(), "--server", daemon.url(), "status"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("slated " SLATE_VERSION " at " + daemon.url()), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("data dir " + daemon.data_dir().string()), std::string::npos)
      << result.out;
}

TEST(SlateCli, StatusJsonIsTheRawPayload) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  const auto result =
      run_command({binary("slate").string(), "status", "--json"}, {"SLATE_SERVER=" + daemon.url()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto status = nlohmann::json::parse(result.out);
  EXPECT_EQ(status["pid"], daemon.process().pid());
  EXPECT_EQ(status["service"], "slated");
}

TEST(SlateCli, ADaemonThatIsNotRunningGivesOneLineAndExitCode2) {
  testing::TempDir dir;
  std::string url;
  {
    testing::DaemonUnderTest daemon(dir.path());
    url = daemon.url();
  }  // Killed: nothing listens on its port now.
  const auto result = run_command({binary("slate").string(), "--server", url, "status"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "slated is not running at " + url + ": connection refused\n");
  EXPECT_EQ(result.out, "");
}

TEST(SlateCli, VersionAndUsage) {
  auto result = run_command({binary("slate").string(), "--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "slate " SLATE_VERSION "\n");
  result = run_command({binary("slate").string(), "no-such-command"});
  EXPECT_EQ(result.exit_code, 64);
  result = run_command({binary("slate").string(), "--server", "ftp://x", "status"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_NE(result.err.find("must start with http://"), std::string::npos) << result.err;
  result = run_command({binary("slated").string(), "--version"});
  EXPECT_EQ(result.out, "slated " SLATE_VERSION "\n");
}

}  // namespace
}  // namespace slate
