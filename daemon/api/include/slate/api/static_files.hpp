#pragma once

#include <filesystem>

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

/// The Content-Type for a file name, by its extension.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace slate::api
