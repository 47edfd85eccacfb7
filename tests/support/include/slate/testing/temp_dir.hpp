#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace slate::testing {

/// A fresh folder under /tmp, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Writes `text` to `file`, creating folders as needed.
void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

/// Deterministic bytes that do not compress: the same seed gives the same card.
std::string pseudo_random(std::size_t size, std::uint32_t seed);

}  // namespace slate::testing
