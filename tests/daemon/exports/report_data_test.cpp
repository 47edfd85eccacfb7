// What the PDF reports say, read from a real catalogue: the Daily Progress Report's counts (a
// scene is complete once every setup the shot list gives it has a circled take; pages of
// completed scenes only; minutes of picture all and circled), the Editor's Log grouped by scene
// and setup, and an offload report's reasons, copies, checksums and placeholders.
#include <ctime>
#include <fstream>
#include <gtest/gtest.h>

#include <slate/core/clock.hpp>
#include <slate/exports/report_data.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::exports {
namespace {

namespace fs = std::filesystem;
using production::RollRequest;
using production::Take;
using std::chrono::system_clock;

// Three days ago at hh:mm:ss local: every roll is in the past.
system_clock::time_point at(int hours, int minutes, int seconds) {
  const std::time_t now = std::time(nullptr) - 3 * 86400;
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = hours;
  local.tm_min = minutes;
  local.tm_sec = seconds;
  local.tm_isdst = -1;
  return system_clock::from_time_t(std::mktime(&local));
}

class ReportData : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    production::ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", "25"}, "2026-11-27");
    ASSERT_TRUE(
        production
            .import_shot_list("Scene,Setup,Description,Pages\n12,,The alley,1 3/8\n12,A,Wide,\n"
                              "12,B,Close on Mara,\n14,,The car,2/8\n14,A,Wide,\n",
                              false, "t")
            ->applied);
    day_ = production.current()->day->id;
    sql("UPDATE shooting_days SET started_at = '" + core::utc_text_ms(at(6, 0, 0)) + "'");
    takes_ = std::make_unique<production::TakeStore>(*catalogue_);
    settings_.data_dir = dir_.path();
    settings_.version = "9.9.9";
  }
  void sql(const std::string& statement) {
    catalogue_->write([&](catalogue::Transaction& tx) { tx.db().exec(statement); });
  }
  std::int64_t setup(const std::string& scene, const std::string& letter) {
    auto reader = catalogue_->reader();
    auto select = reader->db().prepare(
        "SELECT u.id FROM setups u JOIN scenes s ON s.id = u.scene_id WHERE s.number = ? AND "
        "u.letter = ?");
    select.bind(1, scene).bind(2, letter);
    EXPECT_TRUE(select.step()) << scene << letter;
    return select.column_int(0);
  }
  Take shoot(const std::string& scene, const std::string& letter, int minute, int seconds,
             production::TakeStatus status) {
    RollRequest request;
    request.at = at(10, minute, 0);
    auto take = takes_->roll(setup(scene, letter), request, "script", at(10, minute, 0));
    EXPECT_TRUE(take) << take.error().message;
    auto cut = takes_->cut(take->id, "script", at(10, minute, seconds));
    EXPECT_TRUE(cut) << cut.error().message;
    production::TakeChange change;
    change.status = status;
    change.notes = "note of " + scene + letter;
    auto changed = takes_->update(cut->id, change, "script");
    EXPECT_TRUE(changed) << changed.error().message;
    return *changed;
  }
  EditorialLog log() {
    auto reader = catalogue_->reader();
    Selection selection;
    selection.days = {day_};
    return read_editorial_log(*reader, selection);
  }
  reports::ProgressReport progress() {
    auto reader = catalogue_->reader();
    return progress_report_of(*reader, log(), settings_);
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<production::TakeStore> takes_;
  ReportSettings settings_;
  std::int64_t day_ = 0;
};

TEST_F(ReportData, AProgressReportCountsScenesCompleteOnlyOnceEverySetupHasACircledTake) {
  shoot("12", "A", 0, 10, production::TakeStatus::circled);
  const auto close = shoot("12", "B", 1, 20, production::TakeStatus::ng);
  shoot("14", "A", 2, 30, production::TakeStatus::circled);
  auto report = progress();
  EXPECT_EQ(report.masthead.production, "Night Run");
  EXPECT_EQ(report.masthead.unit, "Main unit");
  EXPECT_EQ(report.masthead.version, "9.9.9");
  EXPECT_EQ(report.day_number, 1);
  EXPECT_EQ(report.takes, 3);
  EXPECT_EQ(report.circled, 2);
  EXPECT_EQ(report.setups, 3);
  ASSERT_EQ(report.scenes.size(), 2u);
  EXPECT_EQ(report.scenes[0].number, "12");
  EXPECT_EQ(report.scenes[0].description, "The alley");
  EXPECT_FALSE(report.scenes[0].complete) << "12B has no circled take";
  EXPECT_EQ(report.scenes[0].pages, "1 3/8");
  EXPECT_TRUE(report.scenes[1].complete);
  EXPECT_EQ(report.scenes_complete, 1);
  EXPECT_EQ(report.scenes_part, 1);
  EXPECT_EQ(report.pages_shot, "2/8") << "only the completed scene's pages";
  EXPECT_EQ(report.minutes_all, "1.0");      // 10 + 20 + 30 s
  EXPECT_EQ(report.minutes_circled, "0.7");  // 10 + 30 s
  ASSERT_EQ(report.times.size(), 6u);
  EXPECT_EQ(report.times[1].label, "First roll");
  EXPECT_EQ(report.times[1].at, "10:00");
  EXPECT_EQ(report.times[4].label, "Last cut");
  EXPECT_EQ(report.times[4].at, "10:02");
  EXPECT_EQ(report.times[0].at, "") << "no call marked";

  production::TakeChange circle;
  circle.status = production::TakeStatus::circled;
  ASSERT_TRUE(takes_->update(close.id, circle, "script"));
  report = progress();
  EXPECT_TRUE(report.scenes[0].complete);
  EXPECT_EQ(report.pages_shot, "1 5/8");
  EXPECT_EQ(report.scenes_complete, 2);
}

TEST_F(ReportData, AProgressReportPrintsTheMarkedTimesTheDaysCardsAndTheOpenItems) {
  shoot("12", "A", 0, 10, production::TakeStatus::circled);
  sql("INSERT INTO day_marks (day_id, kind, at, marked_by, marked_at) VALUES (" +
      std::to_string(day_) + ", 'call', '" + core::utc_text_ms(at(7, 0, 0)) + "', 's', '" +
      core::utc_now() + "'), (" + std::to_string(day_) + ", 'wrap', '" +
      core::utc_text_ms(at(19, 30, 0)) + "', 's', '" + core::utc_now() + "')");
  sql("INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
      "path_template, state, verdict, reason, total_files, total_bytes, created_at) VALUES "
      "('/media/A001', 'A001', 'A001', 'xxh64', 'full', 2, '{roll}', 'finished', 'not_safe', "
      "'1 verified destination(s); at least 2 required; shuttle: the drive is full', 4, 4000, '" +
      core::utc_text(at(12, 0, 0)) + "')");
  const auto report = progress();
  EXPECT_EQ(report.times[0].label, "Call");
  EXPECT_EQ(report.times[0].at, "07:00");
  EXPECT_EQ(report.times[5].label, "Wrap");
  EXPECT_EQ(report.times[5].at, "19:30");
  ASSERT_EQ(report.cards.size(), 1u);
  EXPECT_EQ(report.cards[0].roll, "A001");
  EXPECT_FALSE(report.cards[0].safe);
  EXPECT_EQ(report.cards[0].verdict, "NOT SAFE: 1 verified destination(s)");
  EXPECT_EQ(report.bytes, 4000u);
  // The card is not safe, and 12A-A/1 has no clip: the wrap check's items, as worded.
  ASSERT_FALSE(report.open_items.empty());
  bool card_item = false;
  for (const auto& item : report.open_items) {
    card_item = card_item || item.find("A001") != std::string::npos;
  }
  EXPECT_TRUE(card_item);
}

TEST_F(ReportData, AnEditorsLogGroupsTakesBySceneAndSetupInTheOrderShot) {
  shoot("14", "A", 0, 30, production::TakeStatus::circled);
  shoot("12", "B", 1, 20, production::TakeStatus::ng);
  shoot("12", "A", 2, 10, production::TakeStatus::circled);
  shoot("14", "A", 3, 10, production::TakeStatus::none);
  const auto report = editors_log_of(log(), settings_);
  ASSERT_EQ(report.scenes.size(), 2u);
  EXPECT_EQ(report.scenes[0].number, "14") << "shot first";
  EXPECT_EQ(report.scenes[0].description, "The car");
  ASSERT_EQ(report.scenes[0].setups.size(), 1u);
  ASSERT_EQ(report.scenes[0].setups[0].takes.size(), 2u);
  EXPECT_EQ(report.scenes[0].setups[0].takes[0].name, "14-A/1");
  EXPECT_TRUE(report.scenes[0].setups[0].takes[0].circled);
  EXPECT_EQ(report.scenes[0].setups[0].takes[0].status, "Circled");
  EXPECT_EQ(report.scenes[0].setups[0].takes[0].notes, "note of 14A");
  EXPECT_EQ(report.scenes[0].setups[0].takes[0].duration, "00:00:30:00");
  EXPECT_EQ(report.scenes[0].setups[0].takes[1].name, "14-A/2");
  ASSERT_EQ(report.scenes[1].setups.size(), 2u);
  EXPECT_EQ(report.scenes[1].setups[0].name, "12B");
  EXPECT_EQ(report.scenes[1].setups[0].description, "Close on Mara");
  EXPECT_EQ(report.scenes[1].setups[0].takes[0].status, "NG");
  EXPECT_EQ(report.scenes[0].takes, 2);
  EXPECT_EQ(report.scenes[0].circled, 1);
  EXPECT_EQ(report.scenes[0].duration, "00:00:40");
  EXPECT_EQ(report.scenes[0].circled_duration, "00:00:30");
  EXPECT_EQ(report.takes, 4);
  EXPECT_EQ(report.circled, 2);
  EXPECT_EQ(report.duration, "00:01:10");
  EXPECT_EQ(report.day.substr(0, 9), "Day 1 \xC2\xB7 ");
}

TEST_F(ReportData, AnOffloadReportGivesEveryReasonEachCopysStateChecksumsAndPlaceholders) {
  sql("INSERT INTO offloads (id, source, card_name, roll, hashes, verify_mode, min_destinations, "
      "path_template, state, verdict, reason, total_files, total_bytes, created_at, started_at, "
      "finished_at) VALUES (7, '/nowhere/A002R1', 'A002R1', 'A002', 'xxh64,md5', 'full', 2, "
      "'{roll}', 'finished', 'not_safe', 'A002C002.braw failed on shuttle (short write); 1 "
      "verified destination(s); at least 2 required', 3, 3000, '2026-11-27T10:00:00Z', "
      "'2026-11-27T10:00:00Z', '2026-11-27T10:04:12Z')");
  sql("INSERT INTO offload_destinations (id, offload_id, position, name, root, card_folder, "
      "state, reason, manifest) VALUES (1, 7, 0, 'raid', '/nowhere/raid', '/nowhere/raid/A002', "
      "'done', '', '/nowhere/raid/A002/ascmhl/0001_A002.mhl'), (2, 7, 1, 'shuttle', "
      "'/nowhere/shuttle', '/nowhere/shuttle/A002', 'failed', 'short write', '')");
  sql("INSERT INTO offload_files (id, offload_id, position, relative_path, size, mtime_ns, "
      "digests) VALUES (1, 7, 0, 'A002C001.mov', 1000, 0, '{\"xxh64\":\"00aa11bb22cc33dd\","
      "\"md5\":\"0123456789abcdef0123456789abcdef\"}'), (2, 7, 1, 'A002C002.braw', 1000, 0, "
      "'{}'), (3, 7, 2, 'A002C003.mov', 1000, 0, '{}')");
  sql("INSERT INTO offload_copies (file_id, destination_id, state, reason) VALUES (1, 1, "
      "'verified', ''), (1, 2, 'verified', ''), (2, 1, 'verified', ''), (2, 2, 'failed', 'short "
      "write'), (3, 1, 'verified', ''), (3, 2, 'verified', '')");
  sql("INSERT INTO clips (id, offload_id, position, name, maker, camera, reel, start_tc, end_tc, "
      "rate, frames, probe) VALUES (21, 7, 0, 'A002C001', 'arri', 'A', 'A002', '10:00:00:00', "
      "'10:00:09:24', '25', 250, '{\"width\":1920,\"height\":1080,\"video_codec\":\"ProRes\","
      "\"video_profile\":\"422 HQ\",\"audio_channels\":2}'), (22, 7, 1, 'A002C002', 'blackmagic', "
      "'A', 'A002', NULL, NULL, NULL, NULL, NULL), (23, 7, 2, 'A002C003', 'arri', 'A', 'A002', "
      "NULL, NULL, NULL, NULL, NULL)");
  sql("INSERT INTO clip_files (file_id, clip_id, role) VALUES (1, 21, 'media'), (2, 22, "
      "'media'), (3, 23, 'media')");
  sql("INSERT INTO media_jobs (clip_id, kind, state, reason, created_at) VALUES (21, 'probe', "
      "'done', '', 'x'), (21, 'thumbnail', 'done', '', 'x'), (23, 'probe', 'failed', 'the file "
      "is empty', 'x')");
  fs::create_directories(dir_ / "previews" / "21");
  for (const char* frame : {"strip-1.jpg", "strip-2.jpg", "strip-3.jpg"}) {
    std::ofstream(dir_ / "previews" / "21" / frame) << "jpeg";
  }

  const auto report = offload_report_of(*catalogue_, 7, settings_);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->safe);
  EXPECT_EQ(report->reasons,
            (std::vector<std::string>{"A002C002.braw failed on shuttle (short write)",
                                      "1 verified destination(s)", "at least 2 required"}));
  EXPECT_EQ(report->hashes, (std::vector<std::string>{"xxh64", "md5"}));
  EXPECT_EQ(report->destinations_required, 2);
  EXPECT_EQ(report->destinations_verified, 1);
  EXPECT_EQ(report->elapsed, "4 min 12 s");
  EXPECT_EQ(report->camera, "A");
  EXPECT_EQ(report->layout, "ARRI");
  ASSERT_EQ(report->destinations.size(), 2u);
  EXPECT_EQ(report->destinations[0].state, "verified");
  EXPECT_EQ(report->destinations[0].path, "/nowhere/raid/A002");
  EXPECT_EQ(report->destinations[0].manifest, "ascmhl/0001_A002.mhl");
  EXPECT_FALSE(report->destinations[0].free_bytes) << "a drive that is not there";
  EXPECT_EQ(report->destinations[1].state, "failed");
  EXPECT_EQ(report->destinations[1].reason, "short write");

  ASSERT_EQ(report->clips.size(), 3u);
  const auto& good = report->clips[0];
  EXPECT_EQ(good.name, "A002C001");
  EXPECT_EQ(good.file, "A002C001.mov");
  EXPECT_EQ(good.tc_in, "10:00:00:00");
  EXPECT_EQ(good.tc_out, "10:00:09:24");
  EXPECT_EQ(good.duration, "00:00:10:00");
  EXPECT_EQ(good.resolution,
            "1920\xC3\x97"
            "1080");
  EXPECT_EQ(good.codec, "ProRes 422 HQ");
  EXPECT_EQ(good.audio_channels, 2);
  EXPECT_EQ(good.checksums,
            (std::vector<std::pair<std::string, std::string>>{
                {"xxh64", "00aa11bb22cc33dd"}, {"md5", "0123456789abcdef0123456789abcdef"}}));
  EXPECT_EQ(good.thumbnails.size(), 3u);
  EXPECT_FALSE(good.failed);
  ASSERT_EQ(good.copies.size(), 2u);
  EXPECT_TRUE(good.copies[0].ok && good.copies[1].ok);

  const auto& raw = report->clips[1];
  EXPECT_TRUE(raw.failed);
  EXPECT_EQ(raw.copies[1].state, "failed: short write");
  EXPECT_FALSE(raw.copies[1].ok);
  EXPECT_TRUE(raw.thumbnails.empty());
  EXPECT_EQ(raw.placeholder, "RAW");

  const auto& empty = report->clips[2];
  EXPECT_EQ(empty.placeholder, "Unreadable");
  ASSERT_EQ(empty.warnings.size(), 1u);
  EXPECT_EQ(empty.warnings[0], "cannot be read: the file is empty");

  EXPECT_FALSE(offload_report_of(*catalogue_, 8, settings_));
  EXPECT_EQ(offload_report_name("A002"), "A002_offload.pdf");
  EXPECT_EQ(offload_report_name("../x"), ".._x_offload.pdf");
}

}  // namespace
}  // namespace slate::exports
