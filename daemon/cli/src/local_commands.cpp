// Commands that work on files directly, with no daemon: on the box, on a laptop, at the lab.
#include <iostream>

#include <slate/mhl/mhl.hpp>

#include "commands.hpp"

namespace slate::cli {

int verify(const std::string& folder) {
  mhl::VerifyReport report;
  try {
    report = mhl::verify_folder(folder);
  } catch (const std::exception& error) {
    std::cerr << "slate verify: " << error.what() << "\n";
    return kFailed;
  }
  for (const auto& path : report.missing) {
    std::cout << "missing: " << path << " (in the ASC MHL history, not on disk)\n";
  }
  for (const auto& change : report.changed) {
    std::cout << "changed: " << change.path << " (" << hashing::name(change.algorithm)
              << " expected " << change.expected << ", found " << change.actual;
    if (change.actual_size != change.expected_size) {
      std::cout << "; " << change.actual_size << " bytes, " << change.expected_size << " expected";
    }
    std::cout << ")\n";
  }
  for (const auto& path : report.added) {
    std::cout << "new: " << path << " (not in the ASC MHL history)\n";
  }
  if (report.ok()) {
    std::cout << "verified: all " << report.matched << " files match their ASC MHL history\n";
    return kSuccess;
  }
  std::cout << report.matched << " matched, " << report.missing.size() << " missing, "
            << report.changed.size() << " changed, " << report.added.size() << " new\n";
  return kFailed;
}

int hash(const std::vector<std::string>& files, const std::string& algorithms) {
  std::vector<hashing::Algorithm> chosen;
  try {
    chosen = hashing::parse_algorithm_list(algorithms);
  } catch (const std::invalid_argument& error) {
    std::cerr << "slate hash: " << error.what() << "\n";
    return kUsage;
  }
  int result = kSuccess;
  for (const auto& file : files) {
    try {
      const auto digests = hashing::hash_file(file, chosen);
      for (auto algorithm : chosen) {
        if (chosen.size() > 1) {
          std::cout << hashing::name(algorithm) << " ";
        }
        std::cout << digests.at(algorithm) << "  " << file << "\n";
      }
    } catch (const std::system_error& error) {
      std::cerr << "slate hash: " << error.what() << "\n";
      result = kFailed;
    }
  }
  return result;
}

}  // namespace slate::cli
