#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iterator>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits>

#include <slate/mhl/mhl.hpp>

#include "xml_text.hpp"

namespace slate::mhl {
namespace {

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in && !in.eof()) {
    throw MhlError("cannot read " + file.string());
  }
  return bytes;
}

/// A parsed XML file. libxml2 reads it with no network access and no external entities.
class XmlDocument {
 public:
  XmlDocument(const std::filesystem::path& file, const std::string& bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      throw MhlError(file.string() + " is too large to be an ASC MHL file");
    }
    xmlResetLastError();
    doc_ = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), file.c_str(), nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc_) {
      std::string reason;
      if (const xmlError* error = xmlGetLastError(); error && error->message) {
        reason = " (line " + std::to_string(error->line) + ": " + error->message;
        while (!reason.empty() && reason.back() == '\n') {
          reason.pop_back();
        }
        reason += ")";
      }
      throw MhlError(file.string() + " is not well-formed XML" + reason);
    }
  }
  ~XmlDocument() { xmlFreeDoc(doc_); }
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  xmlNode* root() const { return xmlDocGetRootElement(doc_); }

 private:
  xmlDoc* doc_ = nullptr;
};

std::string_view name_of(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

std::vector<xmlNode*> children(const xmlNode* node, std::string_view name = {}) {
  std::vector<xmlNode*> result;
  for (xmlNode* child = node ? node->children : nullptr; child; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && (name.empty() || name_of(child) == name)) {
      result.push_back(child);
    }
  }
  return result;
}

xmlNode* child(const xmlNode* node, std::string_view name) {
  const auto found = children(node, name);
  return found.empty() ? nullptr : found.front();
}

/// The text of an element exactly as written (paths: a name may begin or end with a space).
std::string text_of(const xmlNode* node) {
  if (!node) {
    return {};
  }
  xmlChar* text = xmlNodeGetContent(node);
  std::string result = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return result;
}

/// The text of an element holding a value (a digest, a date, a number), without the whitespace a
/// manifest may wrap it in (the specification's own examples do).
std::string value_of(const xmlNode* node) {
  std::string result = text_of(node);
  result.erase(std::remove_if(result.begin(), result.end(),
                              [](unsigned char c) { return std::isspace(c) != 0; }),
               result.end());
  return result;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string result = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return result;
}

template <typename Number>
Number parse_number(const std::filesystem::path& file, const std::string& what,
                    const std::string& text) {
  Number number{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw MhlError(file.string() + ": " + what + " \"" + text + "\" is not a number");
  }
  return number;
}

HashAction parse_action(const std::filesystem::path& file, const std::string& text) {
  if (text.empty() || text == "original") {
    return HashAction::original;
  }
  if (text == "verified") {
    return HashAction::verified;
  }
  if (text == "failed") {
    return HashAction::failed;
  }
  throw MhlError(file.string() + ": unknown hash action \"" + text + "\"");
}

Generation read_manifest(const std::filesystem::path& file, const std::string& bytes) {
  const XmlDocument document(file, bytes);
  const xmlNode* root = document.root();
  if (!root || name_of(root) != "hashlist") {
    throw MhlError(file.string() + " is not an ASC MHL manifest (no <hashlist>)");
  }
  Generation generation;
  generation.creation_date = value_of(child(child(root, "creatorinfo"), "creationdate"));
  generation.process = value_of(child(child(root, "processinfo"), "process"));
  for (const xmlNode* hash : children(child(root, "hashes"), "hash")) {
    FileRecord record;
    const xmlNode* path = child(hash, "path");
    if (!path) {
      throw MhlError(file.string() + ": a <hash> without a <path>");
    }
    record.path = text_of(path);
    if (const auto size = attribute(path, "size"); !size.empty()) {
      record.size = parse_number<std::uint64_t>(file, "the size of " + record.path, size);
    }
    record.last_modified = attribute(path, "lastmodificationdate");
    for (const xmlNode* value : children(hash)) {
      if (const auto algorithm = hashing::parse_algorithm(name_of(value))) {
        record.hashes.push_back({*algorithm, value_of(value),
                                 parse_action(file, attribute(value, "action")),
                                 attribute(value, "hashdate")});
      }
    }
    generation.files.push_back(std::move(record));
  }
  return generation;
}

}  // namespace

bool is_ignored(const std::filesystem::path& relative_path) {
  for (const auto& part : relative_path) {
    if (part == kHistoryFolder) {
      return true;
    }
  }
  return relative_path.filename() == ".DS_Store";
}

std::string iso_date(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const std::time_t since_epoch = std::chrono::system_clock::to_time_t(seconds);
  std::tm tm{};
  gmtime_r(&since_epoch, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return text;
}

History History::load(const std::filesystem::path& folder) {
  History history;
  const auto ascmhl = folder / kHistoryFolder;
  std::error_code error;
  if (!std::filesystem::exists(ascmhl, error)) {
    return history;
  }
  const auto chain_file = ascmhl / kChainFile;
  if (!std::filesystem::exists(chain_file, error)) {
    throw MhlError(chain_file.string() + " is missing: the ASC MHL history cannot be trusted");
  }
  const XmlDocument chain(chain_file, read_bytes(chain_file));
  const xmlNode* root = chain.root();
  if (!root || name_of(root) != "ascmhldirectory") {
    throw MhlError(chain_file.string() + " is not an ASC MHL chain (no <ascmhldirectory>)");
  }
  for (const xmlNode* entry : children(root, "hashlist")) {
    const std::string name = text_of(child(entry, "path"));
    const std::string c4 = value_of(child(entry, "c4"));
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      throw MhlError(chain_file.string() + ": a generation with a bad path \"" + name + "\"");
    }
    const auto manifest = ascmhl / name;
    if (!std::filesystem::exists(manifest, error)) {
      throw MhlError(chain_file.string() + " names " + name + ", which is missing");
    }
    // The C4 and the records come from the same bytes: what was checked is what is read.
    const std::string bytes = read_bytes(manifest);
    const auto actual = hashing::c4_of(bytes);
    if (actual != c4) {
      throw MhlError(manifest.string() + " does not match its C4 in " + chain_file.string() +
                     " (recorded " + c4 + ", found " + actual + "): the manifest was changed");
    }
    Generation generation = read_manifest(manifest, bytes);
    const auto number = attribute(entry, "sequencenr");
    generation.number = number.empty() ? static_cast<int>(history.generations_.size()) + 1
                                       : parse_number<int>(chain_file, "sequencenr", number);
    generation.file_name = name;
    generation.c4 = c4;
    history.generations_.push_back(std::move(generation));
  }
  std::stable_sort(history.generations_.begin(), history.generations_.end(),
                   [](const Generation& a, const Generation& b) { return a.number < b.number; });
  for (std::size_t g = 0; g < history.generations_.size(); ++g) {
    const auto& files = history.generations_[g].files;
    for (std::size_t f = 0; f < files.size(); ++f) {
      history.records_[files[f].path].emplace_back(g, f);
    }
  }
  return history;
}

const FileRecord* History::latest_record(const std::string& path) const {
  const auto found = records_.find(path);
  if (found == records_.end()) {
    return nullptr;
  }
  const auto [generation, file] = found->second.back();
  return &generations_[generation].files[file];
}

std::optional<hashing::Digest> History::latest_hash(const std::string& path,
                                                    hashing::Algorithm algorithm) const {
  const auto found = records_.find(path);
  if (found == records_.end()) {
    return std::nullopt;
  }
  for (auto at = found->second.rbegin(); at != found->second.rend(); ++at) {
    for (const auto& hash : generations_[at->first].files[at->second].hashes) {
      if (hash.algorithm == algorithm) {
        return hash.digest;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> History::known_paths() const {
  std::vector<std::string> paths;
  paths.reserve(records_.size());
  for (const auto& [path, where] : records_) {
    paths.push_back(path);
  }
  return paths;
}

}  // namespace slate::mhl
