#pragma once

#include <filesystem>
#include <optional>

#include <slate/api/http.hpp>

namespace slate::api {

/// Serves the files of one folder (the tablet UI) and nothing outside it, symlinks included.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  /// GET or HEAD of a checked request path; "/" and folders give their index.html.
  Response serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

/// Answers a Range request (`bytes=a-b`, `bytes=a-`, `bytes=-n`) on a file response: 206 with the
/// slice (at most 8 MiB of it; players ask again for the rest) and Content-Range, or 416 for a
/// range past the end. Every file response says it accepts ranges; Safari plays video only then.
/// A malformed or multi-part Range is ignored, and the whole file is sent, as RFC 9110 allows.
void apply_range(Response& response, const std::optional<std::string>& range);

/// The Content-Type for a file name, by its extension.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace slate::api
