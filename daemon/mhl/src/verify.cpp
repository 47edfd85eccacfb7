#include <algorithm>
#include <set>
#include <system_error>

#include <slate/core/file_name.hpp>
#include <slate/mhl/mhl.hpp>

namespace slate::mhl {
namespace {

/// The files of `folder` that ASC MHL tracks, relative and '/'-separated. Symbolic links are not
/// followed. Throws MhlError when a folder cannot be read.
std::set<std::string> files_on_disk(const std::filesystem::path& folder) {
  std::set<std::string> files;
  std::error_code error;
  std::filesystem::recursive_directory_iterator walk(folder, error);
  const std::filesystem::recursive_directory_iterator end;
  for (; !error && walk != end; walk.increment(error)) {
    const auto relative = walk->path().lexically_relative(folder);
    if (is_ignored(relative)) {
      if (walk->is_directory(error)) {
        walk.disable_recursion_pending();
      }
      continue;
    }
    if (walk->is_regular_file(error) && !walk->is_symlink(error)) {
      // As the manifest records it: the printable form of the name's bytes.
      files.insert(core::printable_name(relative.generic_string()));
    }
  }
  if (error) {
    throw MhlError("cannot read " + folder.string() + ": " + error.message());
  }
  return files;
}

}  // namespace

VerifyReport verify_folder(const std::filesystem::path& folder) {
  const History history = History::load(folder);
  if (history.empty()) {
    throw MhlError(folder.string() +
                   " has no ASC MHL history (no ascmhl/ folder) to verify against");
  }
  std::set<std::string> on_disk = files_on_disk(folder);

  VerifyReport report;
  for (const auto& path : history.known_paths()) {
    if (!on_disk.erase(path)) {
      report.missing.push_back(path);
      continue;
    }
    const FileRecord* record = history.latest_record(path);
    if (!record || record->hashes.empty()) {
      continue;
    }
    // Of the hashes last recorded for the file, the first in schema order (the enum's).
    const auto recorded = std::min_element(
        record->hashes.begin(), record->hashes.end(),
        [](const RecordedHash& a, const RecordedHash& b) { return a.algorithm < b.algorithm; });
    const auto file = folder / core::name_bytes(path).value_or(path);
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    VerifyReport::Changed change{path, recorded->algorithm, recorded->digest,
                                 {},   record->size,        error ? 0 : size};
    try {
      change.actual = hashing::hash_file(file, {recorded->algorithm}).at(recorded->algorithm);
    } catch (const std::system_error& failure) {
      change.actual = std::string("(unreadable: ") + failure.what() + ")";
    }
    if (change.actual == change.expected) {
      ++report.matched;
    } else {
      report.changed.push_back(std::move(change));
    }
  }
  report.added.assign(on_disk.begin(), on_disk.end());
  return report;
}

}  // namespace slate::mhl
