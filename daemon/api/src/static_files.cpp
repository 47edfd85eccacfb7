#include <algorithm>
#include <array>
#include <system_error>

#include <slate/api/static_files.hpp>

namespace slate::api {

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code error;
  root_ = std::filesystem::weakly_canonical(root, error);
  if (error) {
    root_ = std::move(root);
  }
}

std::string content_type_for(const std::filesystem::path& file) {
  static const std::array<std::pair<std::string_view, std::string_view>, 17> types = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".mp4", "video/mp4"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
  }};
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [ext, type] : types) {
    if (ext == extension) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

Response StaticFiles::serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = Response::error(405, "method_not_allowed",
                                    request.method + " is not allowed on " + request.path + ".");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  // request.path is absolute and free of "." and ".." (parse_target); drop the leading slashes so
  // that joining can never replace the root.
  std::string relative = request.path;
  relative.erase(0, relative.find_first_not_of('/'));
  std::filesystem::path candidate = root_ / relative;
  std::error_code error;
  if (std::filesystem::is_directory(candidate, error)) {
    candidate /= "index.html";
  }
  // A symlink inside the folder must not lead out of it.
  const auto resolved = std::filesystem::canonical(candidate, error);
  const auto not_found =
      Response::error(404, "not_found", "There is no file at " + request.path + ".");
  if (error) {
    return not_found;
  }
  const auto [root_end, inside] =
      std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
  if (root_end != root_.end() || !std::filesystem::is_regular_file(resolved, error)) {
    return not_found;
  }
  Response response;
  response.content_type = content_type_for(resolved);
  response.file = resolved;
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace slate::api
