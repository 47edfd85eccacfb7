#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
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

void apply_range(Response& response, const std::optional<std::string>& range) {
  if (!response.file || response.status != 200) {
    return;
  }
  response.headers.emplace_back("Accept-Ranges", "bytes");
  constexpr std::string_view kBytes = "bytes=";
  if (!range || !range->starts_with(kBytes) || range->find(',') != std::string::npos) {
    return;
  }
  std::error_code error;
  const auto size = std::filesystem::file_size(*response.file, error);
  if (error) {
    return;
  }
  const std::string_view spec = std::string_view(*range).substr(kBytes.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return;
  }
  const auto number = [](std::string_view text, std::uint64_t& value) {
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
    return failure == std::errc() && end == text.data() + text.size() && !text.empty();
  };
  std::uint64_t first = 0, last = 0;
  if (dash == 0) {  // the last n bytes
    std::uint64_t suffix = 0;
    if (!number(spec.substr(1), suffix) || suffix == 0) {
      return;
    }
    first = size - std::min(suffix, size);
    last = size - 1;
  } else {
    if (!number(spec.substr(0, dash), first)) {
      return;
    }
    if (dash + 1 == spec.size()) {
      last = size - 1;  // "bytes=a-": to the end
    } else if (!number(spec.substr(dash + 1), last) || last < first) {
      return;
    }
  }
  if (size == 0 || first >= size) {
    const auto file_name = response.file->filename().string();
    response = Response::error(416, "range_not_satisfiable",
                               "The range asked for is past the end of " + file_name + ".");
    response.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    return;
  }
  constexpr std::uint64_t kMaxSlice = 8 * 1024 * 1024;
  last = std::min({last, size - 1, first + kMaxSlice - 1});
  std::ifstream in(*response.file, std::ios::binary);
  std::string slice(static_cast<std::size_t>(last - first + 1), '\0');
  if (!in.seekg(static_cast<std::streamoff>(first)) ||
      !in.read(slice.data(), static_cast<std::streamsize>(slice.size()))) {
    return;  // the whole file, then
  }
  response.file.reset();
  response.status = 206;
  response.body = std::move(slice);
  response.headers.emplace_back(
      "Content-Range",
      "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
}

}  // namespace slate::api
