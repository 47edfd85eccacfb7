#pragma once
/// The `slate` command: talks to slated over its API, or works locally where no daemon is needed.

namespace slate::cli {

/// Exit codes of `slate`, as the README documents them.
enum ExitCode : int {
  kSuccess = 0,
  kFailed = 1,       ///< slated answered, and the answer is an error or a "no".
  kUnreachable = 2,  ///< slated is not running or not reachable at the URL.
  kUsage = 64,       ///< The command line is wrong.
};

/// Runs the command line; returns the process exit code.
int run(int argc, char** argv);

}  // namespace slate::cli
