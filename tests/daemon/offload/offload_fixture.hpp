#pragma once
// What the offload tests share: synthetic cards, a catalogue, and a job run to its end.

#include <cerrno>
#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <sys/mount.h>

#include <slate/catalogue/catalogue.hpp>
#include <slate/hashing/hash.hpp>
#include <slate/offload/offload_job.hpp>
#include <slate/offload/offload_service.hpp>
#include <slate/offload/offload_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::offload::testing {

using slate::testing::pseudo_random;

/// An ARRI-like card: clips in a reel folder, a sidecar, and the awkward names cards do have.
inline void make_card(const std::filesystem::path& card, std::uint32_t seed = 1) {
  slate::testing::write_file(card / "A002C006_141024_R2EC.mov",
                             pseudo_random(3 * 1024 * 1024 + 7, seed));
  slate::testing::write_file(card / "A002C007_141024_R2EC.mov",
                             pseudo_random(9 * 1024 * 1024, seed + 1));
  slate::testing::write_file(card / "Sidecar.txt", "reel A002R2EC\n");
  slate::testing::write_file(card / "Clip Notes/take 1 — ünïcode.txt", "circled\n");
  slate::testing::write_file(card / ".hidden_index", pseudo_random(4097, seed + 2));
  slate::testing::write_file(card / "empty.bin", "");
}

/// A catalogue and a folder for a test's cards and destinations.
class OffloadTest : public ::testing::Test {
 protected:
  OffloadTest() : catalogue_(catalogue::Catalogue::open(dir_ / "catalogue.db")) {}

  JobEnvironment environment() {
    JobEnvironment env;
    env.catalogue = catalogue_.get();
    env.tool_version = "test";
    env.hostname = "test-host";
    env.progress_interval = std::chrono::milliseconds(20);
    env.read_backoff = std::chrono::milliseconds(1);
    env.free_space_margin = 0;
    return env;
  }

  OffloadRequest request(const std::filesystem::path& source,
                         std::vector<std::filesystem::path> destinations) {
    OffloadRequest request;
    request.source = source;
    for (auto& destination : destinations) {
      std::filesystem::create_directories(destination);
      request.destinations.push_back({destination, ""});
    }
    request.roll = "A002";
    request.path_template = "{roll}";
    return request;
  }

  /// Runs an offload to its end on this thread; returns its record.
  OffloadRecord run(const OffloadRequest& request, JobEnvironment env) {
    OffloadStore store(*catalogue_);
    const auto id = store.create(request, request.roll, "card", "test");
    OffloadJob(env, id).run();
    return store.load(id, true);
  }
  OffloadRecord run(const OffloadRequest& request) { return run(request, environment()); }

  OffloadRecord resume(std::int64_t id, JobEnvironment env) {
    OffloadJob(env, id).run();
    return OffloadStore(*catalogue_).load(id, true);
  }

  slate::testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
};

/// Every file of `card` is in `copy` with the same bytes and modification time, and nothing
/// half-written is left.
inline void expect_same_tree(const std::filesystem::path& card, const std::filesystem::path& copy) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(card)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    ++files;
    const auto relative = entry.path().lexically_relative(card);
    const auto target = copy / relative;
    ASSERT_TRUE(std::filesystem::exists(target)) << target;
    EXPECT_TRUE(slate::testing::read_file(target) == slate::testing::read_file(entry.path()))
        << relative << " differs from the card";
    EXPECT_EQ(std::filesystem::last_write_time(target),
              std::filesystem::last_write_time(entry.path()))
        << relative;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(copy)) {
    EXPECT_FALSE(entry.path().filename().string().ends_with(".part")) << entry.path();
  }
  EXPECT_GT(files, 0u);
}

/// A tmpfs mounted for a test (root only): a small drive to fill, or a card to pull.
class Tmpfs {
 public:
  Tmpfs(const std::filesystem::path& where, const std::string& size) : where_(where) {
    std::filesystem::create_directories(where);
    const std::string options = "size=" + size;
    mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) {
      ::umount2(where_.c_str(), MNT_DETACH);
    }
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  void detach() {
    if (mounted_ && ::umount2(where_.c_str(), MNT_DETACH) == 0) {
      mounted_ = false;
    }
  }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string error_;
};

}  // namespace slate::offload::testing
