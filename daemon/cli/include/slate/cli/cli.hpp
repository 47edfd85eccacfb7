#pragma once
/// The `slate` command: talks to slated over its API, or works locally where no daemon is needed.

namespace slate::cli {

/// Exit codes of `slate`, as the README documents them.
enum ExitCode : int {
  kSuccess = 0,
  kFailed = 1,       ///< slated answered with an error or a "no" (a card not safe, a failed check).
  kUnreachable = 2,  ///< slated is not running or not reachable at the URL.
  kAlreadyOffloaded = 3,  ///< slate offload: this card was offloaded safely before; not copied.
  kUsage = 64,            ///< The command line is wrong.
};

/// Runs the command line; returns the process exit code.
int run(int argc, char** argv);

}  // namespace slate::cli
