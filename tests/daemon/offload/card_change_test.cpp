// A card that changes while, or after, it is offloaded is never called safe; resume compares the
// card; what a crash leaves of the ASC MHL heals; a full drive leaves no part file.
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <slate/mhl/mhl.hpp>
#include <slate/offload/file_io.hpp>
#include <slate/testing/process.hpp>

#include "offload_fixture.hpp"

namespace slate::offload {
namespace {

using slate::testing::pseudo_random;
using slate::testing::read_file;
using slate::testing::write_file;
using testing::expect_same_tree;
using testing::make_card;
using testing::OffloadTest;
using testing::Tmpfs;

constexpr const char* kFirstClip = "A002C006_141024_R2EC.mov";
constexpr const char* kSecondClip = "A002C007_141024_R2EC.mov";

/// The real card, with a hook that runs before each read: what happens "during" the copy, made
/// deterministic.
class CardDuringCopy : public SourceFiles {
 public:
  std::function<void(const std::string& name, std::uint64_t offset)> before_read;
  /// The card stops answering on this file (as when pulled), for ever.
  std::string unreadable;

  int open(const std::filesystem::path& file) override {
    const int fd = real_->open(file);
    if (fd >= 0) {
      names_[fd] = file.filename().string();
    }
    return fd;
  }
  ssize_t read_at(int fd, std::byte* buffer, std::size_t length, std::uint64_t offset) override {
    if (names_[fd] == unreadable) {
      errno = EIO;
      return -1;
    }
    if (before_read) {
      before_read(names_[fd], offset);
    }
    return real_->read_at(fd, buffer, length, offset);
  }
  void close(int fd) override {
    names_.erase(fd);
    real_->close(fd);
  }

 private:
  std::shared_ptr<SourceFiles> real_ = posix_source_files();
  std::map<int, std::string> names_;
};

void append(const std::filesystem::path& file, const std::string& bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0) << file;
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

void overwrite_start(const std::filesystem::path& file, const std::string& bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0) << file;
  ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

std::vector<std::filesystem::path> superseded(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (!std::filesystem::exists(root / "_slate/superseded", error)) {
    return files;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "_slate")) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  return files;
}

class CardChange : public OffloadTest {
 protected:
  JobEnvironment with(std::shared_ptr<SourceFiles> card) {
    auto env = environment();
    env.source_files = std::move(card);
    return env;
  }
};

TEST_F(CardChange, AFileAppendedToDuringTheCopyIsNotSafeAndIsCopiedAgainNextTime) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  bool appended = false;
  card->before_read = [&](const std::string& name, std::uint64_t offset) {
    if (name == kSecondClip && offset >= 4 * 1024 * 1024 && !appended) {
      appended = true;
      append(dir_ / "card" / kSecondClip, std::string(4 * 1024 * 1024, 'x'));
    }
  };
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), with(card));
  ASSERT_TRUE(appended);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find(std::string(kSecondClip) +
                               " changed during the copy: 13,631,488 bytes now, 9,437,184 copied"),
            std::string::npos)
      << record.reason;
  for (const char* drive : {"a", "b"}) {
    // The copy of what the card no longer holds is moved aside, outside the card folder.
    EXPECT_FALSE(std::filesystem::exists(dir_ / drive / "A002" / kSecondClip)) << drive;
    const auto aside = superseded(dir_ / drive);
    ASSERT_EQ(aside.size(), 1u) << drive;
    EXPECT_EQ(aside[0].filename(), kSecondClip);
    EXPECT_EQ(std::filesystem::file_size(aside[0]), 9u * 1024 * 1024);
  }
  // Offloaded again, the card as it is now is copied whole and is safe.
  const auto again = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(again.verdict, "safe") << again.reason;
  expect_same_tree(dir_ / "card", dir_ / "a/A002");
  expect_same_tree(dir_ / "card", dir_ / "b/A002");
}

TEST_F(CardChange, AFileOverwrittenInPlaceDuringTheCopyIsNotSafe) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  bool rewritten = false;
  card->before_read = [&](const std::string& name, std::uint64_t offset) {
    if (name == kSecondClip && offset >= 4 * 1024 * 1024 && !rewritten) {
      rewritten = true;
      overwrite_start(dir_ / "card" / kSecondClip, pseudo_random(1024 * 1024, 99));
    }
  };
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), with(card));
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find(std::string(kSecondClip) + " changed during the copy: it was "
                                                          "rewritten"),
            std::string::npos)
      << record.reason;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a/A002" / kSecondClip));
}

TEST_F(CardChange, VerifyModeSourceCatchesAFileThatGrewToo) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  bool appended = false;
  card->before_read = [&](const std::string& name, std::uint64_t offset) {
    if (name == kSecondClip && offset >= 8 * 1024 * 1024 && !appended) {
      appended = true;
      append(dir_ / "card" / kSecondClip, "more");
    }
  };
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.verify = VerifyMode::source;
  const auto record = run(offload, with(card));
  ASSERT_TRUE(appended);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find(std::string(kSecondClip) + " changed during the copy"),
            std::string::npos)
      << record.reason;
}

TEST_F(CardChange, AClipShotOnTheCardBeforeTheVerdictIsNotSafe) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  card->before_read = [&](const std::string& name, std::uint64_t) {
    if (name == kSecondClip && !std::filesystem::exists(dir_ / "card/A002C008_141024_R2EC.mov")) {
      write_file(dir_ / "card/A002C008_141024_R2EC.mov", pseudo_random(70000, 8));
    }
  };
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), with(card));
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find("A002C008_141024_R2EC.mov is on the card but was not when the "
                               "offload began: it is on no destination"),
            std::string::npos)
      << record.reason;
}

// A card pulled mid-copy, put back in the camera and shot on, then reinserted and resumed.
TEST_F(CardChange, ResumeCopiesNewClipsAndCopiesChangedOnesAgainMovingTheOldAside) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  card->unreadable = kSecondClip;
  const auto stopped = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), with(card));
  ASSERT_EQ(stopped.state, "interrupted") << stopped.reason;
  ASSERT_TRUE(std::filesystem::exists(dir_ / "a/A002" / kFirstClip));

  // In the camera: a new clip, and the first clip rewritten (a camera that reuses a name).
  write_file(dir_ / "card/A002C008_141024_R2EC.mov", pseudo_random(5 * 1024 * 1024, 8));
  const auto old_first = read_file(dir_ / "card" / kFirstClip);
  write_file(dir_ / "card" / kFirstClip, pseudo_random(2 * 1024 * 1024, 77));

  const auto resumed = resume(stopped.id, environment());
  EXPECT_EQ(resumed.verdict, "safe") << resumed.reason;
  EXPECT_EQ(resumed.files.size(), stopped.files.size() + 1);
  for (const char* drive : {"a", "b"}) {
    expect_same_tree(dir_ / "card", dir_ / drive / "A002");
    EXPECT_TRUE(mhl::verify_folder(dir_ / drive / "A002").ok()) << drive;
    const auto aside = superseded(dir_ / drive);
    ASSERT_EQ(aside.size(), 1u) << drive;
    EXPECT_TRUE(read_file(aside[0]) == old_first) << "the superseded copy is the old clip";
  }
  // The offload's clips include the new one.
  const auto clips = OffloadStore(*catalogue_).clips(stopped.id);
  EXPECT_TRUE(std::any_of(clips.begin(), clips.end(),
                          [](const ClipView& clip) { return clip.name.find("A002C008") == 0; }));
}

TEST_F(CardChange, ResumeRefusesACardThatLostFilesNamingThem) {
  make_card(dir_ / "card");
  auto card = std::make_shared<CardDuringCopy>();
  card->unreadable = kSecondClip;
  const auto stopped = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), with(card));
  ASSERT_EQ(stopped.state, "interrupted");
  std::filesystem::remove(dir_ / "card/Sidecar.txt");
  const auto resumed = resume(stopped.id, environment());
  EXPECT_EQ(resumed.state, "interrupted");
  EXPECT_EQ(resumed.verdict, "");
  EXPECT_NE(resumed.reason.find("are not on the card in the reader (Sidecar.txt)"),
            std::string::npos)
      << resumed.reason;
}

TEST_F(CardChange, AnEmptyAscmhlFolderAtTheDestinationIsNoDeadEnd) {
  make_card(dir_ / "card");
  std::filesystem::create_directories(dir_ / "a/A002/ascmhl");
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_TRUE(mhl::verify_folder(dir_ / "a/A002").ok());
}

TEST(AscMhlHeal, WhatACrashLeftOfAFirstGenerationIsClearedAndAForeignOneStaysRefused) {
  slate::testing::TempDir dir;
  mhl::GenerationInput input;
  input.folder = dir / "copy";
  input.started = std::chrono::system_clock::now();
  input.tool_version = "test";
  write_file(dir / "copy/clip.mov", "bytes");
  input.files.push_back({"clip.mov", 5, input.started,
                         hashing::hash_file(dir / "copy/clip.mov", {hashing::Algorithm::xxh64})});
  const auto first = mhl::write_generation(input);
  // As after a crash between the manifest and the chain: a manifest no chain names, and a
  // temporary file.
  std::filesystem::remove(dir / "copy/ascmhl/ascmhl_chain.xml");
  write_file(dir / "copy/ascmhl/.ascmhl_chain.xml.tmp", "<?xml");
  EXPECT_THROW(mhl::History::load(dir / "copy"), mhl::MhlError);
  const auto healed = mhl::heal_interrupted_write(dir / "copy");
  EXPECT_TRUE(healed.reset);
  EXPECT_EQ(healed.removed.size(), 2u);
  EXPECT_EQ(mhl::write_generation(input).number, 1);
  EXPECT_TRUE(mhl::verify_folder(dir / "copy").ok());

  // Another tool's manifest with no chain: a history that lost its chain, never cleared.
  write_file(dir / "other/clip.mov", "bytes");
  write_file(dir / "other/ascmhl/0001_other_2020-01-17_143000Z.mhl",
             "<hashlist><creatorinfo><tool version=\"1\">ascmhl.py</tool></creatorinfo>"
             "</hashlist>");
  try {
    mhl::heal_interrupted_write(dir / "other");
    ADD_FAILURE() << "a foreign history was cleared";
  } catch (const mhl::MhlError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("0001_other_2020-01-17_143000Z.mhl was not written "
                        "by Slate"),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "other/ascmhl/0001_other_2020-01-17_143000Z.mhl"));
  (void)first;
}

TEST(DestinationFile, AFullDriveLeavesNoPartFile) {
  slate::testing::TempDir dir;
  Tmpfs small(dir / "small", "1m");
  if (!small.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << small.error() << "); run as root";
  }
  EXPECT_THROW(DestinationFile(dir / "small/A001/clip.mov", 8 * 1024 * 1024), std::system_error);
  EXPECT_FALSE(std::filesystem::exists(dir / "small/A001/.clip.mov.part"));
}

}  // namespace
}  // namespace slate::offload
