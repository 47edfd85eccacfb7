#include "whole_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <slate/core/whole_file.hpp>
#include <slate/pki/pki.hpp>

namespace slate::pki::detail {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& file, int error) {
  throw PkiError("cannot " + what + " " + file.string() + ": " + std::strerror(error));
}

}  // namespace

void write_whole(const fs::path& file, const std::string& text, mode_t mode) {
  try {
    core::write_whole_file(file, text, {mode, true});
  } catch (const std::system_error& error) {
    throw PkiError(error.what());
  }
}

std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return std::nullopt;
  }
  return text.str();
}

void make_private_folder(const fs::path& folder) {
  std::error_code error;
  if (fs::is_directory(folder, error)) {
    return;
  }
  if (folder.has_parent_path()) {
    fs::create_directories(folder.parent_path(), error);
    if (error) {
      throw PkiError("cannot make " + folder.parent_path().string() + ": " + error.message());
    }
  }
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    fail("make", folder, errno);
  }
}

}  // namespace slate::pki::detail
