// What the catalogue records of a card's clips and a finished offload's destinations.

#include <algorithm>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "offload_fixture.hpp"

namespace slate::offload::testing {
namespace {

using slate::testing::write_file;

// Sets a file's modification time to `seconds` and `nanoseconds` past the epoch.
void set_mtime(const std::filesystem::path& file, std::time_t seconds, long nanoseconds) {
  const timespec times[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0) << file;
}

// A Sony card with the camera's default names: C0001, C0002 carry no camera letter and no reel.
void make_sony_card(const std::filesystem::path& card) {
  write_file(card / "PRIVATE/M4ROOT/CLIP/C0001.MP4", std::string(100'000, 'a'));
  write_file(card / "PRIVATE/M4ROOT/CLIP/C0001M01.XML", "<xml/>");
  write_file(card / "PRIVATE/M4ROOT/CLIP/C0002.MP4", std::string(50'000, 'b'));
  write_file(card / "PRIVATE/M4ROOT/CLIP/C0002M01.XML", "<xml/>");
}

using ClipRecords = OffloadTest;

TEST_F(ClipRecords, LetterlessClipsTakeTheirCameraAndReelFromTheRollGivenAtOffload) {
  make_sony_card(dir_ / "card");
  auto sony = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  sony.roll = "B002";
  const auto record = run(sony);
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  const auto clips = OffloadStore(*catalogue_).clips(record.id);
  ASSERT_EQ(clips.size(), 2u);
  for (const auto& clip : clips) {
    SCOPED_TRACE(clip.name);
    EXPECT_EQ(clip.maker, "sony");
    EXPECT_EQ(clip.camera, "B");
    EXPECT_EQ(clip.reel, "B002");
  }
}

TEST_F(ClipRecords, ALetterlessClipTakesTheCardsLabelWhenItReadsLikeARoll) {
  make_sony_card(dir_ / "card");
  auto sony = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  sony.roll = "";
  OffloadStore store(*catalogue_);
  const auto id = store.create(sony, "", "C014", "test");
  OffloadJob(environment(), id).run();
  const auto clips = store.clips(id);
  ASSERT_EQ(clips.size(), 2u);
  EXPECT_EQ(clips[0].camera, "C");
  EXPECT_EQ(clips[0].reel, "C014");
}

TEST_F(ClipRecords, AClipWhoseNameGivesItsCameraKeepsItWhateverTheRoll) {
  make_card(dir_ / "card");  // A002C006…, A002C007…
  auto arri = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  arri.roll = "B002";
  const auto record = run(arri);
  const auto clips = OffloadStore(*catalogue_).clips(record.id);
  const auto arri_clip = std::find_if(clips.begin(), clips.end(), [](const ClipView& clip) {
    return clip.name == "A002C006_141024_R2EC";
  });
  ASSERT_NE(arri_clip, clips.end());
  EXPECT_EQ(arri_clip->camera, "A");
  EXPECT_EQ(arri_clip->reel, "A002");
}

TEST_F(ClipRecords, ALetterlessClipWithNoRollToGoByStaysWithoutCamera) {
  make_sony_card(dir_ / "card");
  auto sony = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  sony.roll = "Day 3 stills";
  const auto record = run(sony);
  const auto clips = OffloadStore(*catalogue_).clips(record.id);
  ASSERT_EQ(clips.size(), 2u);
  EXPECT_EQ(clips[0].camera, "");
  EXPECT_EQ(clips[0].reel, "");
}

TEST_F(ClipRecords, AClipIsRecordedAtItsMediaFilesModificationTimeOnTheCard) {
  make_sony_card(dir_ / "card");
  // 2026-11-27T14:03:07.250Z for the media; its sidecar was written later.
  set_mtime(dir_ / "card/PRIVATE/M4ROOT/CLIP/C0001.MP4", 1'795'788'187, 250'000'000);
  set_mtime(dir_ / "card/PRIVATE/M4ROOT/CLIP/C0001M01.XML", 1'795'788'300, 0);
  auto sony = request(dir_ / "card", {dir_ / "a", dir_ / "b"});
  const auto record = run(sony);
  const auto clips = OffloadStore(*catalogue_).clips(record.id);
  ASSERT_EQ(clips.size(), 2u);
  EXPECT_EQ(clips[0].name, "C0001");
  EXPECT_EQ(clips[0].recorded_at, "2026-11-27T14:03:07.250Z");
  EXPECT_EQ(clips[1].recorded_at.size(), 24u) << clips[1].recorded_at;
}

using FinalFigures = OffloadTest;

TEST_F(FinalFigures, AFinishedOffloadsDestinationsCarryTheirFinalVerifiedFigures) {
  make_card(dir_ / "card");
  const auto record = run(request(dir_ / "card", {dir_ / "a", dir_ / "b"}));
  ASSERT_EQ(record.verdict, "safe") << record.reason;
  std::uint64_t bytes = 0;
  for (const auto& file : record.files) {
    bytes += file.file.size;
  }
  // In the listing, from the copies themselves: not the last progress message's figures.
  const auto listed = OffloadStore(*catalogue_).list(10);
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_EQ(listed[0].destinations.size(), 2u);
  for (const auto& destination : listed[0].destinations) {
    EXPECT_EQ(destination.files_verified, record.files.size());
    EXPECT_EQ(destination.files_failed, 0u);
    EXPECT_EQ(destination.bytes_verified, bytes);
  }
  // And in the offload.finished event, so a tablet replaces its progress figures with them.
  bool finished = false;
  for (const auto& event : catalogue_->reader()->events_after(0, 100000)) {
    if (event.kind == "offload.finished") {
      finished = true;
      const auto payload = nlohmann::json::parse(event.payload);
      ASSERT_EQ(payload["destinations"].size(), 2u);
      for (const auto& destination : payload["destinations"]) {
        EXPECT_EQ(destination["files_verified"], record.files.size());
        EXPECT_EQ(destination["bytes_verified"], bytes);
        EXPECT_EQ(destination["state"], "done");
      }
    }
  }
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace slate::offload::testing
