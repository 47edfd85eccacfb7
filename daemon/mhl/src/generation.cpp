#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <slate/core/crash_point.hpp>
#include <slate/mhl/mhl.hpp>

#include "xml_text.hpp"

namespace slate::mhl {
namespace {

using hashing::Algorithm;

/// A folder of the tracked tree, with its directory hashes once computed.
struct Folder {
  std::map<std::string, Folder> folders;
  std::map<std::string, const FileEntry*> files;
  std::map<Algorithm, std::pair<hashing::Digest, hashing::Digest>> hashes;  ///< content, structure
};

const char* action_name(HashAction action) {
  switch (action) {
    case HashAction::original:
      return "original";
    case HashAction::verified:
      return "verified";
    case HashAction::failed:
      return "failed";
  }
  return "original";
}

hashing::Digest name_and_hash(Algorithm algorithm, const std::string& name,
                              const hashing::Digest& digest) {
  hashing::Hasher hasher(algorithm);
  hasher.update(name);
  hasher.update(hashing::digest_bytes(algorithm, digest));
  return hasher.finish();
}

// ASC MHL directory hashes (the specification's Appendix G): the content hash is the hash of the
// children's hashes, the structure hash the hash of each child's name hashed with its hash (a
// file's digest, a folder's structure hash).
void compute(Folder& folder, const std::vector<Algorithm>& algorithms) {
  for (auto& [name, child] : folder.folders) {
    compute(child, algorithms);
  }
  for (auto algorithm : algorithms) {
    std::vector<hashing::Digest> contents;
    std::vector<hashing::Digest> structures;
    for (const auto& [name, file] : folder.files) {
      const auto& digest = file->digests.at(algorithm);
      contents.push_back(digest);
      structures.push_back(name_and_hash(algorithm, name, digest));
    }
    for (const auto& [name, child] : folder.folders) {
      contents.push_back(child.hashes.at(algorithm).first);
      structures.push_back(name_and_hash(algorithm, name, child.hashes.at(algorithm).second));
    }
    folder.hashes[algorithm] = {hashing::hash_of_hashes(algorithm, std::move(contents)),
                                hashing::hash_of_hashes(algorithm, std::move(structures))};
  }
}

/// The tree of `files`, by path component. Throws std::invalid_argument for a path that is not
/// relative and inside the folder.
Folder tree_of(const std::vector<FileEntry>& files) {
  Folder tree;
  for (const auto& file : files) {
    std::vector<std::string> parts;
    for (const auto& part : std::filesystem::path(file.path)) {
      parts.push_back(part.string());
    }
    const bool inside = !parts.empty() && std::filesystem::path(file.path).is_relative() &&
                        std::none_of(parts.begin(), parts.end(), [](const std::string& part) {
                          return part.empty() || part == "." || part == "..";
                        });
    if (!inside) {
      throw std::invalid_argument("\"" + file.path + "\" is not a path inside the folder");
    }
    if (file.digests.empty()) {
      throw std::invalid_argument(file.path + " has no digest to record");
    }
    Folder* folder = &tree;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      folder = &folder->folders[parts[i]];
    }
    folder->files[parts.back()] = &file;
  }
  return tree;
}

/// The algorithms of the directory and root hashes: those every file has, in schema order.
std::vector<Algorithm> common_algorithms(const std::vector<FileEntry>& files) {
  std::vector<Algorithm> algorithms;
  for (auto algorithm : hashing::kAllAlgorithms) {
    const bool everywhere = std::all_of(files.begin(), files.end(), [&](const FileEntry& file) {
      return file.digests.contains(algorithm);
    });
    if (everywhere && !files.empty()) {
      algorithms.push_back(algorithm);
    }
  }
  if (algorithms.empty()) {
    algorithms.push_back(Algorithm::xxh64);  // An empty folder: the (empty) root hash.
  }
  return algorithms;
}

std::string folder_date(const std::filesystem::path& folder) {
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) {
    return iso_date(std::chrono::system_clock::now());
  }
  return iso_date(std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec));
}

/// The manifest's XML, written as the reference implementation writes it.
struct ManifestWriter {
  const History& history;
  const std::filesystem::path& root;
  const std::vector<Algorithm>& algorithms;
  std::string hash_date;
  std::string xml;
  std::vector<std::string> failed;

  void directory_hashes(const Folder& folder, const std::string& indent) {
    for (const bool content : {true, false}) {
      const std::string kind = content ? "content" : "structure";
      xml += indent + "<" + kind + ">\n";
      for (auto algorithm : algorithms) {
        const auto& [content_hash, structure_hash] = folder.hashes.at(algorithm);
        const auto name = std::string(hashing::name(algorithm));
        xml += indent + "  <" + name + " hashdate=\"" + hash_date + "\">" +
               (content ? content_hash : structure_hash) + "</" + name + ">\n";
      }
      xml += indent + "</" + kind + ">\n";
    }
  }

  void file(const std::string& path, const FileEntry& entry) {
    xml += "    <hash>\n      <path size=\"" + std::to_string(entry.size) +
           "\" lastmodificationdate=\"" + iso_date(entry.last_modified) + "\">" + xml_escape(path) +
           "</path>\n";
    bool mismatch = false;
    for (const auto& [algorithm, digest] : entry.digests) {  // The enum's order: the schema's.
      const auto before = history.latest_hash(path, algorithm);
      const HashAction action = !before             ? HashAction::original
                                : *before == digest ? HashAction::verified
                                                    : HashAction::failed;
      mismatch = mismatch || action == HashAction::failed;
      const auto name = std::string(hashing::name(algorithm));
      xml += "      <" + name + " action=\"" + action_name(action) + "\" hashdate=\"" + hash_date +
             "\">" + xml_escape(digest) + "</" + name + ">\n";
    }
    xml += "    </hash>\n";
    if (mismatch) {
      failed.push_back(path);
    }
  }

  // Files and folders of a folder in name order; a folder's own entry after its contents, as the
  // reference implementation writes them.
  void entries(const Folder& folder, const std::string& prefix) {
    std::set<std::string> names;
    for (const auto& [name, entry] : folder.files) {
      names.insert(name);
    }
    for (const auto& [name, child] : folder.folders) {
      names.insert(name);
    }
    for (const auto& name : names) {
      const std::string path = prefix + name;
      if (const auto found = folder.files.find(name); found != folder.files.end()) {
        file(path, *found->second);
      }
      if (const auto found = folder.folders.find(name); found != folder.folders.end()) {
        entries(found->second, path + "/");
        xml += "    <directoryhash>\n      <path lastmodificationdate=\"" +
               folder_date(root / path) + "\">" + xml_escape(path) + "</path>\n";
        directory_hashes(found->second, "      ");
        xml += "    </directoryhash>\n";
      }
    }
  }
};

[[noreturn]] void fail(int code, const std::string& what) {
  throw std::system_error(code, std::generic_category(), what);
}

void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    fail(errno, "cannot open " + folder.string());
  }
  const int result = ::fsync(fd);
  const int code = errno;
  ::close(fd);
  if (result != 0 && code != EINVAL && code != ENOTSUP) {
    fail(code, "cannot sync " + folder.string());
  }
}

/// Replaces `file` with `bytes` so that a crash leaves either the old or the new file: a synced
/// temporary file renamed over it, then the folder synced.
void write_durably(const std::filesystem::path& file, const std::string& bytes,
                   std::string_view crash_point_name) {
  const auto temporary = file.parent_path() / ("." + file.filename().string() + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    fail(errno, "cannot write " + temporary.string());
  }
  const auto abandon = [&](int code, const std::string& what) {
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(code, what);
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      abandon(wrote < 0 ? errno : EIO, "cannot write " + temporary.string());
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) {
    abandon(errno, "cannot sync " + temporary.string());
  }
  if (::close(fd) != 0) {
    const int code = errno;
    ::unlink(temporary.c_str());
    fail(code, "cannot write " + temporary.string());
  }
  core::crash_point(crash_point_name);
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const int code = errno;
    ::unlink(temporary.c_str());
    fail(code, "cannot rename " + temporary.string() + " to " + file.string());
  }
  sync_folder(file.parent_path());
}

/// The name of the folder itself, also when given as "/travel_01/A002R2EC/".
std::string folder_name(const std::filesystem::path& folder) {
  auto normal = folder.lexically_normal();
  if (normal.filename().empty()) {
    normal = normal.parent_path();
  }
  return normal.filename().string();
}

std::string manifest_name(int number, const std::string& folder,
                          std::chrono::system_clock::time_point started) {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(started));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M%SZ", &tm);
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04d", number);
  return std::string(prefix) + "_" + folder + "_" + stamp + ".mhl";
}

std::string chain_xml(const History& history, int number, const std::string& manifest,
                      const std::string& c4) {
  std::string chain =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\">\n";
  auto add = [&](int sequence, const std::string& file, const std::string& id) {
    chain += "  <hashlist sequencenr=\"" + std::to_string(sequence) + "\">\n    <path>" +
             xml_escape(file) + "</path>\n    <c4>" + xml_escape(id) + "</c4>\n  </hashlist>\n";
  };
  for (const auto& generation : history.generations()) {
    add(generation.number, generation.file_name, generation.c4);
  }
  add(number, manifest, c4);
  chain += "</ascmhldirectory>\n";
  return chain;
}

}  // namespace

namespace {

std::unique_lock<std::mutex> lock_history(const std::filesystem::path& folder) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::unique_ptr<std::mutex>> locks;
  std::mutex* lock = nullptr;
  {
    std::lock_guard guard(registry_mutex);
    auto& entry = locks[std::filesystem::absolute(folder).lexically_normal().string()];
    if (!entry) {
      entry = std::make_unique<std::mutex>();
    }
    lock = entry.get();
  }
  return std::unique_lock(*lock);
}

}  // namespace

namespace {

bool is_temporary(const std::string& name) {
  return name.size() > 5 && name.front() == '.' && name.ends_with(".tmp");
}

// Whether a manifest is one Slate wrote: its creator is the tool "Slate".
bool written_by_slate(const std::filesystem::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  std::string head(8192, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto creator = head.find("<creatorinfo>");
  const auto tool = head.find("\">Slate</tool>", creator == std::string::npos ? 0 : creator);
  return creator != std::string::npos && tool != std::string::npos &&
         head.find("</creatorinfo>", creator) > tool;
}

}  // namespace

HealReport heal_interrupted_write(const std::filesystem::path& folder) {
  HealReport report;
  const auto ascmhl = folder / kHistoryFolder;
  std::error_code error;
  if (!std::filesystem::is_directory(std::filesystem::symlink_status(ascmhl, error))) {
    return report;
  }
  std::vector<std::filesystem::path> unchained;
  std::vector<std::filesystem::path> foreign;
  for (const auto& entry : std::filesystem::directory_iterator(ascmhl)) {
    const auto name = entry.path().filename().string();
    if (is_temporary(name) && entry.is_regular_file()) {
      // A temporary file is never read: it was cut short before its rename.
      std::filesystem::remove(entry.path());
      report.removed.push_back(entry.path());
    } else if (name.ends_with(".mhl") && entry.is_regular_file() &&
               written_by_slate(entry.path())) {
      unchained.push_back(entry.path());
    } else if (name != kChainFile) {
      foreign.push_back(entry.path());
    }
  }
  if (std::filesystem::exists(ascmhl / kChainFile, error)) {
    return report;  // History::load judges the chain; remove_unchained_manifests what it leaves.
  }
  // No chain: no generation was ever recorded here. What Slate left of its first one is cleared;
  // anything another tool wrote means a history that lost its chain, and stays refused.
  if (!foreign.empty()) {
    throw MhlError((ascmhl / kChainFile).string() + " is missing and " + foreign.front().string() +
                   " was not written by Slate: the ASC MHL history cannot be trusted");
  }
  for (const auto& manifest : unchained) {
    std::filesystem::remove(manifest);
    report.removed.push_back(manifest);
  }
  std::filesystem::remove(ascmhl);  // Empty now: the folder has no history.
  sync_folder(folder);
  report.reset = true;
  return report;
}

void remove_unchained_manifests(const std::filesystem::path& folder, const History& history) {
  const auto ascmhl = folder / kHistoryFolder;
  std::error_code error;
  if (history.empty() || !std::filesystem::is_directory(ascmhl, error)) {
    return;
  }
  std::set<std::string> chained;
  for (const auto& generation : history.generations()) {
    chained.insert(generation.file_name);
  }
  bool removed = false;
  for (const auto& entry : std::filesystem::directory_iterator(ascmhl)) {
    const auto name = entry.path().filename().string();
    // Numbered past the chain's last and written by Slate: a generation cut short before its
    // chain was written. Another tool's files are left alone.
    if (name.ends_with(".mhl") && !chained.contains(name) && entry.is_regular_file() &&
        std::atoi(name.c_str()) > history.latest_generation() && written_by_slate(entry.path())) {
      std::filesystem::remove(entry.path());
      removed = true;
    }
  }
  if (removed) {
    sync_folder(ascmhl);
  }
}

GenerationResult write_generation(const GenerationInput& input) {
  if (input.process != "in-place" && input.process != "transfer" && input.process != "flatten") {
    throw std::invalid_argument("\"" + input.process +
                                "\" is not an ASC MHL process (in-place, transfer or flatten)");
  }
  // Two offloads into one folder (a tethered camera's roll, two cards with one roll) would read
  // the same chain and both write generation N: one history is written by one writer at a time.
  const auto folder_lock = lock_history(input.folder);
  heal_interrupted_write(input.folder);
  const History history = History::load(input.folder);
  remove_unchained_manifests(input.folder, history);
  const std::vector<Algorithm> algorithms = common_algorithms(input.files);
  Folder tree = tree_of(input.files);
  compute(tree, algorithms);

  GenerationResult result;
  result.number = history.latest_generation() + 1;
  const std::string date = iso_date(input.started);
  ManifestWriter writer{history, input.folder, algorithms, date, {}, {}};
  std::string& xml = writer.xml;
  xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
      "  <creatorinfo>\n    <creationdate>" +
      date + "</creationdate>\n    <hostname>" + xml_escape(input.hostname) +
      "</hostname>\n    <tool version=\"" + xml_escape(input.tool_version) +
      "\">Slate</tool>\n  </creatorinfo>\n"
      "  <processinfo>\n    <process>" +
      input.process +
      "</process>\n"
      "    <roothash>\n";
  writer.directory_hashes(tree, "      ");
  xml +=
      "    </roothash>\n    <ignore>\n      <pattern>.DS_Store</pattern>\n"
      "      <pattern>ascmhl</pattern>\n      <pattern>ascmhl/</pattern>\n    </ignore>\n"
      "  </processinfo>\n";
  if (!input.files.empty()) {  // The schema wants at least one entry in a <hashes>.
    xml += "  <hashes>\n";
    writer.entries(tree, "");
    xml += "  </hashes>\n";
  }
  xml += "</hashlist>\n";
  result.failed = std::move(writer.failed);

  const auto ascmhl = input.folder / kHistoryFolder;
  std::error_code error;
  if (std::filesystem::create_directory(ascmhl, error)) {
    sync_folder(input.folder);
  } else if (error) {
    throw std::system_error(error, "cannot create " + ascmhl.string());
  }
  core::crash_point("mhl.folder_created");
  const auto name = manifest_name(result.number, folder_name(input.folder), input.started);
  result.manifest = ascmhl / name;
  // The manifest first, then the chain that names it: a crash between the two leaves a manifest
  // no chain names, which the next write clears away (heal_interrupted_write).
  write_durably(result.manifest, xml, "mhl.manifest_temporary");
  core::crash_point("mhl.manifest_written");
  write_durably(ascmhl / kChainFile, chain_xml(history, result.number, name, hashing::c4_of(xml)),
                "mhl.chain_temporary");
  core::crash_point("mhl.chain_written");
  return result;
}

}  // namespace slate::mhl
