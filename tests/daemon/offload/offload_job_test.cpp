#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <sys/mount.h>
#include <sys/stat.h>

#include <slate/mhl/mhl.hpp>
#include <slate/testing/process.hpp>

#include "offload_fixture.hpp"

namespace slate::offload {
namespace {

using slate::testing::read_file;
using slate::testing::write_file;
using testing::expect_same_tree;
using testing::make_card;
using testing::OffloadTest;
using testing::Tmpfs;

std::size_t count(const OffloadRecord& record, std::size_t destination, CopyState state) {
  std::size_t n = 0;
  for (const auto& copies : record.copies) {
    n += copies[destination].state == state ? std::size_t{1} : std::size_t{0};
  }
  return n;
}

std::size_t index_of(const OffloadRecord& record, const std::string& path) {
  for (std::size_t i = 0; i < record.files.size(); ++i) {
    if (record.files[i].file.relative_path == path) {
      return i;
    }
  }
  ADD_FAILURE() << "no file " << path;
  return 0;
}

constexpr const char* kFirstClip = "A002C006_141024_R2EC.mov";
constexpr const char* kSecondClip = "A002C007_141024_R2EC.mov";

/// A card reader that glitches on cue: reads of one file fail with EIO past a byte offset, a given
/// number of times (or for ever), and a hook runs when a file is opened.
class ScriptedCard : public SourceFiles {
 public:
  int open(const std::filesystem::path& file) override {
    if (on_open) {
      on_open(file);
    }
    const int fd = real_->open(file);
    if (fd >= 0) {
      names_[fd] = file.filename().string();
    }
    return fd;
  }
  ssize_t read_at(int fd, std::byte* buffer, std::size_t length, std::uint64_t offset) override {
    if (names_[fd] == failing_file && offset + length > fail_after && failures != 0) {
      --failures;
      errno = EIO;
      return -1;
    }
    const ssize_t got = real_->read_at(fd, buffer, length, offset);
    if (names_[fd] == flip_byte_of && offset == 0 && got > 1000) {
      buffer[1000] ^= std::byte{0x01};
    }
    return got;
  }
  void close(int fd) override {
    names_.erase(fd);
    real_->close(fd);
  }

  std::string failing_file;
  std::string flip_byte_of;  ///< Reads of this file give one byte flipped.
  std::uint64_t fail_after = 0;
  int failures = 0;  ///< -1: for ever.
  std::function<void(const std::filesystem::path&)> on_open;

 private:
  std::shared_ptr<SourceFiles> real_ = posix_source_files();
  std::map<int, std::string> names_;
};

TEST_F(OffloadTest, TwoDestinationsVerifiedGiveASafeCardWithTheTreeAndTimesKept) {
  make_card(dir_ / "A002R2EC");
  const auto record = run(request(dir_ / "A002R2EC", {dir_ / "raid", dir_ / "shuttle"}));

  EXPECT_EQ(record.state, "finished");
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_EQ(record.files.size(), 6u);
  for (std::size_t d = 0; d < 2; ++d) {
    EXPECT_EQ(record.destinations[d].state, "done");
    EXPECT_EQ(count(record, d, CopyState::verified), 6u);
    expect_same_tree(dir_ / "A002R2EC", record.destinations[d].card_folder);
  }
  EXPECT_EQ(record.destinations[0].card_folder, dir_ / "raid" / "A002");
}

TEST_F(OffloadTest, TabletsHearOfEveryStepThroughTheEventLog) {
  make_card(dir_ / "card");
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  std::map<std::string, int> kinds;
  std::vector<std::string> order;
  for (const auto& event : catalogue_->reader()->events_after(0, 100000)) {
    ++kinds[event.kind];
    if (event.kind != "file.verified" && event.kind != "offload.progress") {
      order.push_back(event.kind);
    }
    const auto payload = nlohmann::json::parse(event.payload);
    if (event.kind == "offload.finished") {
      EXPECT_EQ(payload["verdict"], "safe");
    }
    if (event.kind == "card.safe") {
      EXPECT_EQ(payload["roll"], "A002");
      EXPECT_EQ(payload["destinations"].size(), 2u);
    }
  }
  EXPECT_EQ(kinds["file.verified"], 12);  // 6 files on 2 destinations
  EXPECT_EQ(order,
            (std::vector<std::string>{"offload.queued", "offload.preflight", "offload.started",
                                      "offload.sealing", "offload.finished", "card.safe"}));
}

TEST_F(OffloadTest, SourceDigestsInTheCatalogueMatchTheToolsOfTheTrade) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.hashes = {hashing::Algorithm::xxh64, hashing::Algorithm::md5};
  const auto record = run(offload);
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  for (const auto& file : record.files) {
    const auto path = dir_ / "card" / file.file.relative_path;
    const auto md5 = slate::testing::run_command({"/usr/bin/md5sum", path.string()});
    EXPECT_EQ(file.digests.at(hashing::Algorithm::md5), md5.out.substr(0, 32))
        << file.file.relative_path;
    EXPECT_EQ(file.digests.at(hashing::Algorithm::xxh64),
              hashing::hash_file(path, {hashing::Algorithm::xxh64}).at(hashing::Algorithm::xxh64));
  }
}

TEST_F(OffloadTest, AFinishedOffloadKeepsWhereItsTimeWentStageByStage) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.hashes = {hashing::Algorithm::xxh64, hashing::Algorithm::md5};
  const auto ran = run(offload);
  ASSERT_EQ(ran.verdict, "safe") << ran.reason;
  // As the catalogue keeps it, read afresh: every stage of this card took some time.
  const auto record = OffloadStore(*catalogue_).load(ran.id, false);
  const auto& stages = record.stages;
  EXPECT_GT(stages.copying, 0);
  EXPECT_GT(stages.read, 0);
  EXPECT_GT(stages.write, 0);
  EXPECT_GT(stages.sync, 0);
  EXPECT_GT(stages.read_back, 0);
  EXPECT_GT(stages.mhl, 0);
  ASSERT_EQ(stages.hash.size(), 2u);
  EXPECT_GT(stages.hash.at(hashing::Algorithm::xxh64), 0);
  EXPECT_GT(stages.hash.at(hashing::Algorithm::md5), 0);
  // And offload.finished carries them, for a tablet or a log reader.
  bool seen = false;
  for (const auto& event : catalogue_->reader()->events_after(0, 100000)) {
    if (event.kind == "offload.finished") {
      const auto payload = nlohmann::json::parse(event.payload);
      seen = true;
      EXPECT_GT(payload["stage_seconds"]["write"].get<double>(), 0) << event.payload;
      EXPECT_GT(payload["stage_seconds"]["hash"]["md5"].get<double>(), 0) << event.payload;
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(OffloadTest, EveryDestinationGetsAnAscMhlGenerationThatVerifies) {
  make_card(dir_ / "card");
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  for (const auto& destination : record.destinations) {
    EXPECT_TRUE(std::filesystem::exists(destination.manifest)) << destination.manifest;
    const auto history = mhl::History::load(destination.card_folder);
    ASSERT_EQ(history.latest_generation(), 1);
    EXPECT_EQ(history.generations()[0].files.size(), 6u);
    EXPECT_TRUE(mhl::verify_folder(destination.card_folder).ok());
  }
}

TEST_F(OffloadTest, ACardWithAnAscMhlHistoryIsContinuedOnEveryCopy) {
  make_card(dir_ / "card");
  const auto first = run(request(dir_ / "card", {dir_ / "travel1", dir_ / "travel2"}));
  ASSERT_EQ(first.verdict, "safe") << first.reason;
  // The travel drive's copy becomes the source of the next copy, as at a facility.
  auto second = request(first.destinations[0].card_folder, {dir_ / "server1", dir_ / "server2"});
  second.again = true;
  const auto record = run(second);
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  const auto history = mhl::History::load(record.destinations[0].card_folder);
  ASSERT_EQ(history.latest_generation(), 2);
  for (const auto& file : history.generations()[1].files) {
    ASSERT_FALSE(file.hashes.empty());
    EXPECT_EQ(file.hashes[0].action, mhl::HashAction::verified) << file.path;
  }
}

TEST_F(OffloadTest, OneDestinationIsNotEnoughToBeSafe) {
  make_card(dir_ / "card");
  const auto record = run(request(dir_ / "card", {dir_ / "only"}));
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find("1 verified destination(s); at least 2 required"), std::string::npos)
      << record.reason;
  EXPECT_EQ(count(record, 0, CopyState::verified), 6u);
}

TEST_F(OffloadTest, CopyWithoutVerificationIsNeverSafe) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.verify = VerifyMode::none;
  const auto record = run(offload);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find("without verification"), std::string::npos) << record.reason;
  EXPECT_EQ(count(record, 0, CopyState::copied), 6u);
  EXPECT_EQ(count(record, 0, CopyState::verified), 0u);
  expect_same_tree(dir_ / "card", dir_ / "a" / "A002");
}

TEST_F(OffloadTest, SourceModeReadsTheCardTwiceAndCatchesAFlakyReader) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.verify = VerifyMode::source;
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  // The second open of the clip (the re-read) gives different bytes, the file unchanged: a reader
  // that lies.
  int opens = 0;
  card->on_open = [&](const std::filesystem::path& file) {
    if (file.filename() == "A002C006_141024_R2EC.mov" && ++opens == 2) {
      card->flip_byte_of = "A002C006_141024_R2EC.mov";
    }
  };
  env.source_files = card;
  const auto record = run(offload, env);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_NE(record.reason.find("different bytes on a second read"), std::string::npos)
      << record.reason;
}

TEST_F(OffloadTest, APersistentReadErrorStopsTheOffloadNamingTheFileAndResumeFinishesIt) {
  make_card(dir_ / "card");
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  card->failing_file = "A002C007_141024_R2EC.mov";
  card->fail_after = 4 * 1024 * 1024;
  card->failures = -1;
  env.source_files = card;
  const auto stopped = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), env);

  EXPECT_EQ(stopped.state, "interrupted");
  EXPECT_NE(stopped.reason.find("A002C007_141024_R2EC.mov"), std::string::npos) << stopped.reason;
  EXPECT_NE(stopped.reason.find("Input/output error"), std::string::npos) << stopped.reason;
  // What was read before the error is verified (".hidden_index" and the first clip come first in
  // path order), and only that.
  EXPECT_EQ(count(stopped, 0, CopyState::verified), 2u);
  EXPECT_EQ(stopped.copies[index_of(stopped, kFirstClip)][0].state, CopyState::verified);
  EXPECT_NE(stopped.copies[index_of(stopped, kSecondClip)][0].state, CopyState::verified);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a/A002/A002C007_141024_R2EC.mov"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a/A002/.A002C007_141024_R2EC.mov.part"));

  const auto verified_copy = dir_ / "a/A002/A002C006_141024_R2EC.mov";
  struct stat before {};
  ::stat(verified_copy.c_str(), &before);
  const auto resumed = resume(stopped.id, environment());
  EXPECT_EQ(resumed.verdict, "safe") << resumed.reason;
  expect_same_tree(dir_ / "card", dir_ / "a" / "A002");
  struct stat after {};
  ::stat(verified_copy.c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino) << "a verified copy was written again";
}

TEST_F(OffloadTest, AReadGlitchIsRetriedAndTheCopyIsWhole) {
  make_card(dir_ / "card");
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  card->failing_file = "A002C007_141024_R2EC.mov";
  card->fail_after = 1024;
  card->failures = 2;
  env.source_files = card;
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), env);
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_EQ(card->failures, 0);
  expect_same_tree(dir_ / "card", dir_ / "b" / "A002");
}

TEST_F(OffloadTest, CancelStopsAndKeepsWhatIsVerified) {
  make_card(dir_ / "card");
  OffloadStore store(*catalogue_);
  const auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  const auto id = store.create(offload, "A002", "card", "test");
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  env.source_files = card;
  OffloadJob cancelling(env, id);
  card->on_open = [&](const std::filesystem::path& file) {
    if (file.filename() == "A002C007_141024_R2EC.mov") {
      cancelling.cancel();
    }
  };
  cancelling.run();
  const auto record = store.load(id, true);
  EXPECT_EQ(record.state, "cancelled");
  EXPECT_EQ(record.verdict, "");
  EXPECT_EQ(record.copies[index_of(record, kFirstClip)][0].state, CopyState::verified);
  EXPECT_NE(record.copies[index_of(record, kSecondClip)][0].state, CopyState::verified);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "a")) {
    EXPECT_FALSE(entry.path().filename().string().ends_with(".part")) << entry.path();
  }
}

// ---- preflight ----

class Preflight : public OffloadTest {
 protected:
  // What is in the destinations, to show that a refusal wrote nothing.
  static std::map<std::string, std::uintmax_t> contents(const OffloadRequest& offload) {
    std::map<std::string, std::uintmax_t> files;
    for (const auto& destination : offload.destinations) {
      std::error_code error;
      if (!std::filesystem::is_directory(destination.root, error)) {
        continue;
      }
      for (const auto& entry : std::filesystem::recursive_directory_iterator(destination.root)) {
        files[entry.path().string()] = entry.is_regular_file() ? entry.file_size() : 0;
      }
    }
    return files;
  }

  void expect_refused(const OffloadRequest& offload, const std::string& message,
                      JobEnvironment env) {
    const auto before = contents(offload);
    const auto record = run(offload, env);
    EXPECT_EQ(record.state, "refused");
    EXPECT_NE(record.reason.find(message), std::string::npos) << record.reason;
    EXPECT_EQ(contents(offload), before) << "written despite the refusal";
  }
  void expect_refused(const OffloadRequest& offload, const std::string& message) {
    expect_refused(offload, message, environment());
  }
};

TEST_F(Preflight, AMissingCardIsRefused) {
  expect_refused(request(dir_ / "no-card", {dir_ / "a", dir_ / "b"}), "cannot read the card");
}

TEST_F(Preflight, AMissingDestinationIsRefused) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a"});
  offload.destinations.push_back({dir_ / "unplugged", ""});
  expect_refused(offload, "destination " + (dir_ / "unplugged").string() +
                              " does not exist or is not a folder");
}

TEST_F(Preflight, ADestinationInsideTheCardIsRefused) {
  make_card(dir_ / "card");
  expect_refused(request(dir_ / "card", {dir_ / "a", dir_ / "card" / "backup"}),
                 "is inside the card");
}

TEST_F(Preflight, TheSameDestinationTwiceIsRefused) {
  make_card(dir_ / "card");
  expect_refused(request(dir_ / "card", {dir_ / "a", dir_ / "a/../a"}), "is given twice");
}

TEST_F(Preflight, TooLittleFreeSpaceIsRefusedWithTheFigures) {
  make_card(dir_ / "card");
  auto env = environment();
  env.free_space_margin = std::uint64_t{1} << 60;
  expect_refused(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), "free; the card needs", env);
}

TEST_F(Preflight, ADifferentFileAlreadyThereIsNeverOverwritten) {
  make_card(dir_ / "card");
  write_file(dir_ / "a/A002/Sidecar.txt", "someone else's sidecar\n");
  expect_refused(request(dir_ / "card", {dir_ / "a", dir_ / "b"}),
                 "already exists and differs from the card's Sidecar.txt");
  EXPECT_EQ(read_file(dir_ / "a/A002/Sidecar.txt"), "someone else's sidecar\n");
  // Same size, different bytes: still refused.
  write_file(dir_ / "a/A002/Sidecar.txt", "reel A002R2EX\n");
  expect_refused(request(dir_ / "card", {dir_ / "a", dir_ / "b"}),
                 "already exists and differs from the card's Sidecar.txt");
}

TEST_F(Preflight, AnIdenticalFileAlreadyThereIsKeptAndCounted) {
  make_card(dir_ / "card");
  std::filesystem::create_directories(dir_ / "a/A002");
  std::filesystem::copy_file(dir_ / "card/A002C006_141024_R2EC.mov",
                             dir_ / "a/A002/A002C006_141024_R2EC.mov");
  struct stat before {};
  ::stat((dir_ / "a/A002/A002C006_141024_R2EC.mov").c_str(), &before);
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_EQ(record.copies[index_of(record, kFirstClip)][0].reason, "already there");
  struct stat after {};
  ::stat((dir_ / "a/A002/A002C006_141024_R2EC.mov").c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST_F(Preflight, ATemplateTokenWithNoValueIsRefused) {
  make_card(dir_ / "card");
  auto offload = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  offload.path_template = "{day}/{roll}";
  expect_refused(offload, "uses {day}, which has no value");
}

TEST_F(OffloadTest, AnOffloadedCardIsReportedAndNotCopiedAgainUnlessAsked) {
  make_card(dir_ / "card");
  const auto first = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  ASSERT_EQ(first.verdict, "safe");
  auto again = request(dir_ / "card", {dir_ / "c", dir_ / "d"});
  const auto duplicate = run(again);
  EXPECT_EQ(duplicate.state, "duplicate");
  EXPECT_NE(duplicate.reason.find("already offloaded on " + first.finished_at + " to " +
                                  (dir_ / "a/A002").string()),
            std::string::npos)
      << duplicate.reason;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "c/A002"));
  again.again = true;
  EXPECT_EQ(run(again).verdict, "safe");
}

// ---- awkward cards ----

TEST_F(OffloadTest, AnEmptyCardIsSafeWithNothingToCopy) {
  std::filesystem::create_directories(dir_ / "empty-card");
  const auto record = run(request(dir_ / "empty-card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_TRUE(record.files.empty());
}

TEST_F(OffloadTest, VeryLongPathsAreCopied) {
  std::filesystem::path deep = dir_ / "card";
  for (int i = 0; i < 12; ++i) {
    deep /= std::string(40, static_cast<char>('a' + i));
  }
  write_file(deep / (std::string(200, 'x') + ".mov"), "deep");
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  expect_same_tree(dir_ / "card", dir_ / "b/A002");
}

TEST_F(OffloadTest, ACardOfFiveThousandSmallFilesIsCopiedWhole) {
  for (int i = 0; i < 5000; ++i) {
    write_file(dir_ / "card" / ("DCIM/" + std::to_string(100 + i / 1000) + "CANON") /
                   ("IMG_" + std::to_string(i) + ".JPG"),
               testing::pseudo_random(static_cast<std::size_t>(100 + i % 700),
                                      static_cast<std::uint32_t>(i)));
  }
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  EXPECT_EQ(record.verdict, "safe") << record.reason;
  EXPECT_EQ(count(record, 1, CopyState::verified), 5000u);
  EXPECT_TRUE(mhl::verify_folder(dir_ / "b/A002").ok());
}

// ---- real file systems ----

/// A tmpfs of its own, or a reason to skip.
TEST_F(OffloadTest, AFullDriveFailsThatDestinationWhileTheOtherCompletes) {
  Tmpfs small(dir_ / "small", "20m");
  if (!small.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << small.error() << "); run as root";
  }
  make_card(dir_ / "card");
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  // Another program fills the drive after preflight, as happens on set.
  card->on_open = [&](const std::filesystem::path& file) {
    if (file.filename() == "A002C007_141024_R2EC.mov" &&
        !std::filesystem::exists(dir_ / "small/filler")) {
      write_file(dir_ / "small/filler", std::string(13 * 1024 * 1024, 'f'));
    }
  };
  env.source_files = card;
  const auto record = run(request(dir_ / "card", {dir_ / "small", dir_ / "big"}), env);
  EXPECT_EQ(record.verdict, "not_safe");
  EXPECT_EQ(record.destinations[0].state, "failed");
  EXPECT_NE(record.destinations[0].reason.find("the drive is full"), std::string::npos)
      << record.destinations[0].reason;
  EXPECT_EQ(record.destinations[1].state, "done");
  expect_same_tree(dir_ / "card", dir_ / "big/A002");
  EXPECT_NE(record.reason.find((dir_ / "small").string()), std::string::npos) << record.reason;
  EXPECT_EQ(count(record, 0, CopyState::verified) + count(record, 0, CopyState::failed) +
                count(record, 0, CopyState::pending),
            6u);
  EXPECT_LT(count(record, 0, CopyState::verified), 6u);
}

TEST_F(OffloadTest, ACardPulledMidCopyStopsTheOffloadAndNothingUnreadIsVerified) {
  Tmpfs card_volume(dir_ / "card", "64m");
  if (!card_volume.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << card_volume.error() << "); run as root";
  }
  make_card(dir_ / "card");
  auto env = environment();
  auto card = std::make_shared<ScriptedCard>();
  card->on_open = [&](const std::filesystem::path& file) {
    if (file.filename() == "A002C007_141024_R2EC.mov") {
      card_volume.detach();  // The card leaves the reader.
    }
  };
  env.source_files = card;
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}), env);
  EXPECT_EQ(record.state, "interrupted");
  EXPECT_NE(record.reason.find("the card stopped answering"), std::string::npos) << record.reason;
  EXPECT_EQ(record.verdict, "");
  for (std::size_t i = 0; i < record.files.size(); ++i) {
    if (record.copies[i][0].state == CopyState::verified) {
      const auto copy = dir_ / "a/A002" / record.files[i].file.relative_path;
      EXPECT_EQ(hashing::hash_file(copy, {hashing::Algorithm::xxh64}),
                (hashing::Digests{{hashing::Algorithm::xxh64,
                                   record.files[i].digests.at(hashing::Algorithm::xxh64)}}));
    }
  }
  EXPECT_NE(record.copies[index_of(record, kSecondClip)][0].state, CopyState::verified);
}

}  // namespace
}  // namespace slate::offload
