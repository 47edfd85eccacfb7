// The day's deliverables made from an editorial log: the ALE as Avid merges it (checked by the
// lint on every ALE made here), the CSV editor's log as a spreadsheet reads it, the names they are
// saved under, and their delivery onto the destinations at wrap, an absent drive's included.
#include <ctime>
#include <fstream>
#include <gtest/gtest.h>

#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/deliverables.hpp>
#include <slate/exports/wrap_delivery.hpp>
#include <slate/production/production_store.hpp>
#include <slate/testing/ale_lint.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::exports {
namespace {

namespace fs = std::filesystem;

EditorialTake take_of(const std::string& scene, const std::string& setup, int number) {
  EditorialTake take;
  take.take.id = number;
  take.take.scene = scene;
  take.take.setup = setup;
  take.take.number = number;
  take.take.rate = "23.976";
  take.take.roll_tc = "10:00:00:00";
  take.take.cut_tc = "10:00:05:00";
  take.name = production::TakeName{scene, setup, number, false}.to_string();
  take.day_number = 3;
  take.day_date = "2026-12-01";
  take.unit = "main";
  return take;
}

EditorialClip clip_of(const std::string& name, const std::string& start, std::int64_t frames,
                      const std::string& rate, std::optional<std::size_t> take) {
  EditorialClip clip;
  clip.id = static_cast<std::int64_t>(take.value_or(99)) + 1;
  clip.name = name;
  clip.source_file = name + ".mov";
  clip.camera = "A";
  clip.reel = "A003";
  clip.tape = "A003R1AB";
  clip.roll = "A003";
  clip.start_tc = start;
  clip.frames = frames;
  clip.rate = rate;
  clip.drop_frame = start.find(';') != std::string::npos;
  clip.width = 1920;
  clip.height = 1080;
  clip.codec = "ProRes 422 HQ";
  clip.audio_channels = 2;
  clip.audio_sample_rate = 48000;
  clip.checksum = "xxh64:0123456789abcdef";
  clip.shoot_date = "2026-12-01";
  clip.day_number = 3;
  clip.unit = "main";
  clip.take = take;
  return clip;
}

// A day with every kind of take and clip an ALE must get right.
EditorialLog a_day() {
  EditorialLog log;
  log.project = "Night Run";
  log.project_fps = "23.976";
  log.days = {{7, 3, "2026-12-01", "main"}};
  auto circled = take_of("12A", "A", 1);
  circled.take.status = production::TakeStatus::circled;
  circled.take.flagged = true;
  circled.take.notes = "Plane overhead\tat the end\nkeep the head";
  circled.setup_description = "Wide, crane down";
  auto mos = take_of("12A", "B", 2);
  mos.take.mos = true;
  auto wild = take_of("12A", "", 1);
  wild.take.wild = true;
  wild.name = "12A/WT1";
  auto night = take_of("14", "A", 1);
  night.take.roll_tc = "23:59:50:00";
  night.take.cut_tc = "00:00:10:00";
  log.takes = {circled, mos, wild, night};
  log.clips = {
      clip_of("A003C001_261201_R1AB", "10:00:00:00", 96, "23.976", 0),
      clip_of("A003C002_261201_R1AB", "10:01:00:00", 48, "23.976", 1),
      clip_of("A003C003_261201_R1AB", "10:02:00:00", 48, "23.976", 2),  // on the wild track
      clip_of("A003C004_261201_R1AB", "23:59:58:00", 96, "23.976", 3),
      clip_of("A003C005_ANAMORPHIC_FLASHBACK_NIGHT_EXT", "01:00:00;00", 60, "29.97", std::nullopt),
      clip_of("IMG_0001", "", 0, "", std::nullopt),  // the stills camera's shot
  };
  log.clips.back().still = true;
  log.clips.back().width = 6000;
  log.clips.back().height = 4000;
  log.clips.back().start_tc.reset();
  return log;
}

std::vector<std::string> column(const Ale& ale, const std::string& name) {
  std::vector<std::string> values;
  const auto index = ale.column(name);
  EXPECT_TRUE(index) << name;
  for (const auto& row : ale.rows) {
    values.push_back(index ? row.at(*index) : "");
  }
  return values;
}

TEST(Deliverables, TheAleOfADayFollowsAvidsRules) {
  const auto ale = ale_of(a_day(), {});
  const auto text = write_ale(ale);
  EXPECT_EQ(testing::lint_ale(text), std::vector<std::string>{}) << text;
  EXPECT_EQ(ale.heading_value("FPS"), "23.976");
  EXPECT_EQ(ale.heading_value("VIDEO_FORMAT"), "1080");
  EXPECT_EQ(ale.heading_value("AUDIO_FORMAT"), "48kHz");
  // The wild track's clip has no row (a wild track is sound only), nor the still; the still's
  // size does not make the format CUSTOM.
  EXPECT_EQ(column(ale, "Source File"),
            (std::vector<std::string>{"A003C001_261201_R1AB.mov", "A003C002_261201_R1AB.mov",
                                      "A003C004_261201_R1AB.mov",
                                      "A003C005_ANAMORPHIC_FLASHBACK_NIGHT_EXT.mov"}));
  EXPECT_EQ(column(ale, "Start"),
            (std::vector<std::string>{"10:00:00:00", "10:01:00:00", "23:59:58:00", "01:00:00;00"}));
  // End is the frame after the last; past midnight it reads 00:…; drop-frame keeps its ';'.
  EXPECT_EQ(column(ale, "End"),
            (std::vector<std::string>{"10:00:04:00", "10:01:02:00", "00:00:02:00", "01:00:02;00"}));
  EXPECT_EQ(column(ale, "Duration"),
            (std::vector<std::string>{"00:00:04:00", "00:00:02:00", "00:00:04:00", "00:00:02;00"}));
  EXPECT_EQ(column(ale, "FPS"), (std::vector<std::string>{"23.976", "23.976", "23.976", "29.97"}));
  EXPECT_EQ(column(ale, "Tracks"), (std::vector<std::string>{"VA1A2", "V", "VA1A2", "VA1A2"}));
  EXPECT_EQ(column(ale, "Scene"), (std::vector<std::string>{"12A", "12A", "14", ""}));
  EXPECT_EQ(column(ale, "Take"), (std::vector<std::string>{"1", "2", "1", ""}));
  EXPECT_EQ(column(ale, "Setup"), (std::vector<std::string>{"A", "B", "A", ""}));
  EXPECT_EQ(column(ale, "Circled"), (std::vector<std::string>{"Yes", "", "", ""}));
  EXPECT_EQ(column(ale, "Take Status"), (std::vector<std::string>{"Circled", "", "", ""}));
  EXPECT_EQ(column(ale, "Director Flag"), (std::vector<std::string>{"Yes", "", "", ""}));
  EXPECT_EQ(column(ale, "Comments")[0], "Plane overhead at the end keep the head");
  EXPECT_EQ(column(ale, "DESCRIPT")[0], "Wide, crane down");
  EXPECT_EQ(column(ale, "Tape")[0], "A003R1AB");
  EXPECT_EQ(column(ale, "Camroll")[0], "A003");
  EXPECT_EQ(column(ale, "Shoot Date")[0], "20261201");
  EXPECT_EQ(column(ale, "Day")[0], "3");
  EXPECT_EQ(column(ale, "Checksum")[0], "xxh64:0123456789abcdef");
  EXPECT_EQ(column(ale, "Image Size")[0], "1920x1080");
  EXPECT_EQ(column(ale, "Codec")[0], "ProRes 422 HQ");
  // Avid keeps 32 characters of a name; the file name keeps the whole.
  EXPECT_EQ(column(ale, "Name")[3], "A003C005_ANAMORPHIC_FLASHBACK_NI");
  EXPECT_EQ(text.find("\t\n"), std::string::npos);
}

TEST(Deliverables, VideoFormatIsTheClipsSizeUnlessTheEditorSaysOtherwise) {
  EXPECT_EQ(video_format_of(1920, 1080), "1080");
  EXPECT_EQ(video_format_of(1440, 1080), "1080");
  EXPECT_EQ(video_format_of(1280, 720), "720");
  EXPECT_EQ(video_format_of(720, 486), "NTSC");
  EXPECT_EQ(video_format_of(720, 576), "PAL");
  EXPECT_EQ(video_format_of(4096, 2160), "CUSTOM");
  auto log = a_day();
  for (auto& clip : log.clips) {
    clip.width = 3840;
    clip.height = 2160;
  }
  EXPECT_EQ(ale_of(log, {}).heading_value("VIDEO_FORMAT"), "CUSTOM");
  EXPECT_EQ(ale_of(log, {"1080"}).heading_value("VIDEO_FORMAT"), "1080");
  EXPECT_EQ(ale_fps("29.97"), "29.97");
  EXPECT_EQ(ale_fps("23.98"), "23.976");
}

TEST(Deliverables, TheEditorsLogIsOneQuotedRowPerTakeWithAByteOrderMark) {
  auto log = a_day();
  log.takes[1].take.notes = "=HYPERLINK(\"x\")";
  log.takes[1].take.kind = production::TakeKind::pickup;
  const auto csv = editors_log_csv(log);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> lines;
  for (std::size_t start = 3; start < csv.size();) {
    const auto end = csv.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CR LF";
    lines.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  // Header and the four takes (the wild track's row too); the circled take's notes keep their
  // TAB and line break inside quotes.
  ASSERT_EQ(lines.size(), 5u) << csv;
  EXPECT_EQ(lines[0].substr(0, 40), "Day,Date,Unit,Scene,Setup,Take,Number,St");
  EXPECT_EQ(lines[1],
            "3,2026-12-01,main,12A,A,12A-A/1,1,Circled,Yes,,10:00:00:00,10:00:05:00,00:00:05:00,"
            "23.976,A: A003C001_261201_R1AB (A003),,,,,,\"Plane overhead\tat the end\nkeep the "
            "head\",\"Wide, crane down\"");
  // MOS and pickup; a note a spreadsheet would run as a formula is kept as text.
  EXPECT_NE(lines[2].find(",Yes,,Yes,,,\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos)
      << lines[2];
  EXPECT_EQ(lines[3].substr(0, 38), "3,2026-12-01,main,12A,,12A/WT1,WT1,,,,");
  // A take across midnight lasts twenty seconds, not a day less.
  EXPECT_NE(lines[4].find(",23:59:50:00,00:00:10:00,00:00:20:00,"), std::string::npos) << lines[4];
}

TEST(Deliverables, FilesAreNamedForTheProjectAndTheDay) {
  auto log = a_day();
  EXPECT_EQ(deliverable_name(log, "ale"), "Night_Run_day03_2026-12-01.ale");
  log.project = "L'été / Part 2: \"Rain\"";
  log.days.push_back({8, 4, "2026-12-02", "main"});
  EXPECT_EQ(deliverable_name(log, "csv"), "L_t_Part_2_Rain_day03-04_2026-12-01.csv");
  log.project = "...";
  log.days = {{9, 1, "2026-12-03", "second"}};
  EXPECT_EQ(deliverable_name(log, "ale"), "Slate_second_day01_2026-12-03.ale");
}

TEST(Deliverables, TheirFolderIsTheTemplatesAboveTheCard) {
  EXPECT_EQ(deliverables_folder("/mnt/raid/2026-12-01/A003", "{date}/{roll}"),
            "/mnt/raid/2026-12-01/_slate");
  EXPECT_EQ(deliverables_folder("/mnt/raid/Run/2026-12-01/A/A003_x",
                                "{project}/{date}/{camera}/"
                                "{roll}_{label}"),
            "/mnt/raid/Run/2026-12-01/_slate");
  EXPECT_EQ(deliverables_folder("/mnt/raid/A003", "{roll}"), "/mnt/raid/_slate");
  EXPECT_EQ(deliverables_folder("/mnt/raid", "{project}/{date}/{roll}", "Night Run", "2026-12-01"),
            "/mnt/raid/Night Run/2026-12-01/_slate");
  EXPECT_EQ(deliverables_folder("/mnt/raid", "{roll}", "Night Run", "2026-12-01"),
            "/mnt/raid/_slate");
}

// A catalogue with a shooting day whose card was offloaded to `raid` and `shuttle`; the delivery
// also knows a third drive, `spare`, that no card of the day went to.
class WrapDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    production::ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", "25"}, "2026-12-01");
    day_ = production.current()->day->id;
    catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      db.exec(
          "INSERT INTO offloads (id, source, card_name, roll, hashes, verify_mode, "
          "min_destinations, path_template, state, verdict, created_at) VALUES (1, '/media/A003', "
          "'A003', 'A003', 'xxh64', 'full', 2, '{date}/{roll}', 'finished', 'safe', "
          "'2026-12-01T10:00:00Z')");
      for (const auto* drive : {"raid", "shuttle"}) {
        db.prepare(
              "INSERT INTO offload_destinations (offload_id, position, root, card_folder, state) "
              "VALUES (1, (SELECT count(*) FROM offload_destinations), ?, ?, 'done')")
            .bind(1, (dir_ / drive).string())
            .bind(2, (dir_ / drive / "2026-12-01" / "A003").string())
            .run();
      }
      db.prepare(
            "INSERT INTO clips (offload_id, position, name, maker, camera, reel, shooting_day_id) "
            "VALUES (1, 0, 'A003C001', 'arri', 'A', 'A003', ?)")
          .bind(1, day_)
          .run();
    });
  }
  DeliveryOptions options() const {
    DeliveryOptions options;
    options.destinations = {dir_ / "raid", dir_ / "spare"};
    options.path_template = "{date}/{roll}";
    options.background = false;  // the test asks for each pass itself
    return options;
  }
  std::string state_of(const fs::path& folder) {
    auto reader = catalogue_->reader();
    auto row = reader->db().prepare("SELECT state FROM day_deliveries WHERE folder = ?");
    row.bind(1, folder.string());
    return row.step() ? row.column_text(0) : "none";
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::int64_t day_ = 0;
};

TEST_F(WrapDeliveryTest, TheDaysAleAndCsvGoBesideItsCardsAndToAnAbsentDriveWhenItIsBack) {
  fs::create_directories(dir_ / "raid");
  WrapDelivery delivery(*catalogue_, options());
  EXPECT_EQ(delivery.deliver(day_), 1);
  const auto on_raid = dir_ / "raid" / "2026-12-01" / "_slate";
  const auto ale = on_raid / "Night_Run_day01_2026-12-01.ale";
  ASSERT_TRUE(fs::exists(ale));
  ASSERT_TRUE(fs::exists(on_raid / "Night_Run_day01_2026-12-01.csv"));
  EXPECT_FALSE(fs::exists(on_raid / "Night_Run_day01_2026-12-01.ale.partial"));
  std::ifstream in(ale);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(testing::lint_ale(text), std::vector<std::string>{}) << text;
  EXPECT_NE(text.find("A003C001"), std::string::npos) << text;
  EXPECT_EQ(state_of(on_raid), "written");

  // The shuttle drive and the spare were not plugged in: nothing is made in their place.
  const auto on_shuttle = dir_ / "shuttle" / "2026-12-01" / "_slate";
  const auto on_spare = dir_ / "spare" / "2026-12-01" / "_slate";
  EXPECT_FALSE(fs::exists(dir_ / "shuttle"));
  EXPECT_EQ(state_of(on_shuttle), "pending");
  EXPECT_EQ(state_of(on_spare), "pending");
  EXPECT_EQ(delivery.deliver_pending(), 0);

  fs::create_directories(dir_ / "shuttle");
  EXPECT_EQ(delivery.deliver_pending(), 1);
  EXPECT_TRUE(fs::exists(on_shuttle / "Night_Run_day01_2026-12-01.ale"));
  EXPECT_EQ(state_of(on_shuttle), "written");
  EXPECT_EQ(delivery.deliver_pending(), 0) << "a written delivery is not written again";
  fs::create_directories(dir_ / "spare");
  EXPECT_EQ(delivery.deliver_pending(), 1);
  EXPECT_TRUE(fs::exists(on_spare / "Night_Run_day01_2026-12-01.csv"));
}

TEST_F(WrapDeliveryTest, WhatWaitsForADriveOutlivesARestart) {
  {
    WrapDelivery delivery(*catalogue_, options());
    EXPECT_EQ(delivery.deliver(day_), 0);
  }
  fs::create_directories(dir_ / "raid");
  WrapDelivery after_restart(*catalogue_, options());
  EXPECT_EQ(after_restart.deliver_pending(), 1);
  EXPECT_TRUE(
      fs::exists(dir_ / "raid" / "2026-12-01" / "_slate" / "Night_Run_day01_2026-12-01.ale"));
}

TEST_F(WrapDeliveryTest, AtTheConfiguredWrapTimeTheCurrentDayGoesOutOncePerDate) {
  fs::create_directories(dir_ / "raid");
  auto timed = options();
  timed.wrap_at = std::chrono::hours(19);
  WrapDelivery delivery(*catalogue_, timed);
  const auto today_at = [](int hours, int minutes) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    local.tm_hour = hours;
    local.tm_min = minutes;
    local.tm_sec = 0;
    local.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&local));
  };
  const auto ale = dir_ / "raid" / "2026-12-01" / "_slate" / "Night_Run_day01_2026-12-01.ale";
  EXPECT_FALSE(delivery.wrap_if_due(today_at(18, 59)));
  EXPECT_FALSE(fs::exists(ale));
  EXPECT_TRUE(delivery.wrap_if_due(today_at(19, 0)));
  EXPECT_TRUE(fs::exists(ale)) << "the day that is still current went out";
  EXPECT_FALSE(delivery.wrap_if_due(today_at(21, 0))) << "once a date";
  EXPECT_TRUE(delivery.wrap_if_due(today_at(19, 0) + std::chrono::hours(24)));
}

}  // namespace
}  // namespace slate::exports
