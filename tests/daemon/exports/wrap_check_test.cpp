// The wrap check on a real catalogue: a clean day (takes cut, every camera's clip on its take,
// cards safe) is complete, and a day built with one thing wrong finds that thing, named in words
// a script supervisor reads: the take "12A-A/1", the clip and its card and roll, the timecode.
#include <ctime>
#include <gtest/gtest.h>
#include <stdexcept>

#include <slate/core/clock.hpp>
#include <slate/exports/wrap_check.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::exports {
namespace {

using production::RollRequest;
using production::Take;
using std::chrono::system_clock;

// Today (or `days_later` days on) at hh:mm:ss, three days back so that every roll is in the past.
system_clock::time_point at(int hours, int minutes, int seconds, int days_later = 0) {
  const std::time_t now = std::time(nullptr) - 3 * 86400;
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_mday += days_later;
  local.tm_hour = hours;
  local.tm_min = minutes;
  local.tm_sec = seconds;
  local.tm_isdst = -1;
  return system_clock::from_time_t(std::mktime(&local));
}

// A clip as a card's offload and its probe leave it.
struct NewClip {
  std::string name;
  std::string camera;
  std::string start_tc = "10:00:00:00";   ///< "": the probe found none
  std::optional<int> audio_channels = 2;  ///< nullopt: the probe says nothing of sound
  bool probed = true;
  int width = 1920;            ///< 0: the probe found no picture
  std::string role = "media";  ///< "sidecar": a file that is not the clip's media
};

class WrapCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    production::ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", "25"}, "2026-11-27");
    ASSERT_TRUE(
        production.import_shot_list("Scene,Setup,Cameras\n12A,A,A+B\n12A,B,A\n", false, "t")
            ->applied);
    day_ = production.current()->day->id;
    sql("UPDATE shooting_days SET started_at = '" + core::utc_text_ms(at(6, 0, 0)) + "'");
    setup_a_ = setup("A");
    setup_b_ = setup("B");
    takes_ = std::make_unique<production::TakeStore>(*catalogue_);
  }

  void sql(const std::string& statement) {
    catalogue_->write([&](catalogue::Transaction& tx) { tx.db().exec(statement); });
  }
  std::int64_t setup(const std::string& letter) {
    auto reader = catalogue_->reader();
    auto select = reader->db().prepare("SELECT id FROM setups WHERE letter = ?");
    select.bind(1, letter);
    EXPECT_TRUE(select.step()) << letter;
    return select.column_int(0);
  }
  // Stamped `when`, as a tablet's roll sent later is: a take left rolling holds up no other.
  Take roll(std::int64_t setup_id, system_clock::time_point when, RollRequest request = {}) {
    request.at = request.at.value_or(when);
    auto rolled = takes_->roll(setup_id, request, "script", when);
    EXPECT_TRUE(rolled) << rolled.error().message;
    return rolled ? *rolled : Take{};
  }
  Take roll_and_cut(std::int64_t setup_id, system_clock::time_point from,
                    system_clock::time_point to, RollRequest request = {}) {
    const auto take = roll(setup_id, from, request);
    auto cut = takes_->cut(take.id, "script", to);
    EXPECT_TRUE(cut) << cut.error().message;
    return cut ? *cut : Take{};
  }
  // An offload of the card `roll` (its folder named so too), begun at `begun`.
  std::int64_t card(const std::string& roll, const std::string& state = "finished",
                    std::optional<std::string> verdict = "safe", const std::string& reason = "",
                    system_clock::time_point begun = at(12, 0, 0)) {
    return catalogue_->write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, "
              "min_destinations, path_template, state, verdict, reason, fingerprint, created_at) "
              "VALUES ('/media/' || ?1, ?1, ?1, 'xxh64', 'full', 2, '{roll}', ?2, ?3, ?4, "
              "'print-' || ?1, ?5)")
          .bind(1, roll)
          .bind(2, state)
          .bind(3, verdict)
          .bind(4, reason)
          .bind(5, core::utc_text(begun))  // offloads are stamped to the second
          .run();
      return tx.db().last_insert_rowid();
    });
  }
  // A clip on the card with its file, placed on `day` (-1: the test's day; 0: not known yet).
  std::int64_t clip(std::int64_t offload, const NewClip& made, std::int64_t day = -1) {
    return catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      db.prepare(
            "INSERT INTO offload_files (offload_id, position, relative_path, size, mtime_ns) "
            "VALUES (?, (SELECT count(*) FROM offload_files WHERE offload_id = ?1), ? || '.mov', "
            "1000, 0)")
          .bind(1, offload)
          .bind(2, made.name)
          .run();
      const auto file = db.last_insert_rowid();
      std::optional<std::string> probe;
      if (made.probed) {
        probe = "{\"width\":" + std::to_string(made.width) +
                (made.audio_channels ? ",\"audio_channels\":" + std::to_string(*made.audio_channels)
                                     : std::string()) +
                "}";
      }
      auto insert = db.prepare(
          "INSERT INTO clips (offload_id, position, name, maker, camera, reel, start_tc, end_tc, "
          "rate, frames, probe, shooting_day_id) VALUES (?, (SELECT count(*) FROM clips WHERE "
          "offload_id = ?1), ?, 'arri', ?, '', ?, ?, '25', 250, ?, ?)");
      insert.bind(1, offload).bind(2, made.name).bind(3, made.camera);
      if (made.probed) {
        insert.bind(4, made.start_tc).bind(5, made.start_tc.empty() ? "" : end_of(made.start_tc));
      } else {
        insert.bind_null(4).bind_null(5);
      }
      insert.bind(6, probe);
      const auto on_day = day < 0 ? day_ : day;
      if (on_day == 0) {
        insert.bind_null(7);
      } else {
        insert.bind(7, on_day);
      }
      insert.run();
      const auto id = db.last_insert_rowid();
      db.prepare("INSERT INTO clip_files (file_id, clip_id, role) VALUES (?, ?, ?)")
          .bind(1, file)
          .bind(2, id)
          .bind(3, made.role)
          .run();
      return id;
    });
  }
  static std::string end_of(const std::string& start_tc) {
    return start_tc.substr(0, 6) + "10:00";  // ten seconds on, for these tests' starts
  }
  void on(std::int64_t clip_id, const Take& take) {
    ASSERT_TRUE(takes_->assign(clip_id, take.id, "dit"));
  }
  // Take 12A-A/n with both its cameras' clips on it, on the cards A001 and B001.
  Take clean_take(int minute) {
    const auto take = roll_and_cut(setup_a_, at(10, minute, 0), at(10, minute, 30));
    const auto tc = "10:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00:00";
    on(clip(a001(), {"A001C00" + std::to_string(minute + 1), "A", tc}), take);
    on(clip(b001(), {"B001C00" + std::to_string(minute + 1), "B", tc}), take);
    return take;
  }
  std::int64_t a001() { return a001_ ? a001_ : (a001_ = card("A001")); }
  std::int64_t b001() { return b001_ ? b001_ : (b001_ = card("B001")); }

  std::vector<CheckItem> check(CheckOptions options = {}, std::int64_t day = 0) {
    auto reader = catalogue_->reader();
    return check_day(*reader, day ? day : day_, options);
  }
  static std::vector<CheckItem> of(const std::vector<CheckItem>& items, Finding finding) {
    std::vector<CheckItem> found;
    for (const auto& item : items) {
      if (item.finding == finding) {
        found.push_back(item);
      }
    }
    return found;
  }
  static std::string listed(const std::vector<CheckItem>& items) {
    std::string text;
    for (const auto& item : items) {
      text += std::string(to_string(item.finding)) + ": " + item.message + "\n";
    }
    return text;
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<production::TakeStore> takes_;
  std::int64_t day_ = 0, setup_a_ = 0, setup_b_ = 0, a001_ = 0, b001_ = 0;
};

TEST_F(WrapCheck, ACleanDayIsComplete) {
  clean_take(0);
  clean_take(1);
  // A wild track is sound only: no picture clip is what it should have.
  RollRequest wild;
  wild.wild = true;
  roll_and_cut(setup_a_, at(10, 5, 0), at(10, 5, 20), wild);
  const auto items = check();
  EXPECT_TRUE(items.empty()) << listed(items);
  CheckOptions camera_audio;
  camera_audio.camera_audio = true;
  EXPECT_TRUE(check(camera_audio).empty()) << listed(check(camera_audio));
}

TEST_F(WrapCheck, ACardNotSafeNamesCardRollAndReason) {
  const auto take = clean_take(0);
  const auto a002 =
      card("A002", "interrupted", std::nullopt, "destination /mnt/shuttle2 went away");
  on(clip(a002, {"A002C001", "A", "10:00:00:00"}),
     roll_and_cut(setup_b_, at(11, 0, 0), at(11, 0, 30)));
  const auto c001 = card("C001", "finished", "not_safe", "2 files differ on /mnt/raid");
  clip(c001, {"C001C001", "C", "10:00:00:00"});
  on(clip(c001, {"C001C002", "C", "10:00:00:00"}), take);
  const auto items = of(check(), Finding::card_not_safe);
  ASSERT_EQ(items.size(), 2u) << listed(check());
  EXPECT_EQ(items[0].offload_id, a002);
  EXPECT_EQ(items[0].message,
            "The card A002 (roll A002) is not safe to format: its offload was interrupted: "
            "destination /mnt/shuttle2 went away");
  EXPECT_FALSE(items[0].take_id);
  EXPECT_FALSE(items[0].clip_id);
  EXPECT_EQ(items[1].offload_id, c001);
  EXPECT_EQ(items[1].message,
            "The card C001 (roll C001) is not safe to format: its offload finished not safe: 2 "
            "files differ on /mnt/raid");
}

TEST_F(WrapCheck, ACardStillCopyingIsNotSafeYet) {
  clean_take(0);
  card("A002", "copying", std::nullopt);
  const auto items = of(check(), Finding::card_not_safe);
  ASSERT_EQ(items.size(), 1u) << listed(check());
  EXPECT_EQ(items[0].message,
            "The card A002 (roll A002) is not safe to format: its offload is "
            "still copying");
}

TEST_F(WrapCheck, ACardIsOfTheDayOfItsClipsElseOfTheDayItWasBegunOn) {
  clean_take(0);
  production::ProductionStore production(*catalogue_);
  const auto next = production.add_day({"2026-11-28"}, "t", at(6, 0, 0, 1))->id;
  // Offloaded the next morning, but its clips were shot on the first day.
  const auto late = card("A002", "finished", "not_safe", "1 file differs", at(7, 0, 0, 1));
  clip(late, {"A002C001", "A", "18:00:00:00"}, day_);
  // Refused before any clip was read: of the day it was begun on.
  const auto refused =
      card("A003", "refused", std::nullopt, "cannot read the card", at(8, 0, 0, 1));
  const auto first = of(check(), Finding::card_not_safe);
  ASSERT_EQ(first.size(), 1u) << listed(check());
  EXPECT_EQ(first[0].offload_id, late);
  const auto second = of(check({}, next), Finding::card_not_safe);
  ASSERT_EQ(second.size(), 1u) << listed(check({}, next));
  EXPECT_EQ(second[0].offload_id, refused);
  EXPECT_EQ(second[0].message,
            "The card A003 (roll A003) is not safe to format: its offload was "
            "refused: cannot read the card");
}

TEST_F(WrapCheck, ACardOffloadedAgainSafelyIsSafe) {
  clean_take(0);
  const auto failed = card("A002", "finished", "not_safe", "1 file differs");
  on(clip(failed, {"A002C001", "A", "10:00:00:00"}),
     roll_and_cut(setup_b_, at(11, 0, 0), at(11, 0, 30)));
  EXPECT_EQ(of(check(), Finding::card_not_safe).size(), 1u);
  card("A002");
  card("A002", "duplicate", std::nullopt, "already offloaded (offload 3, safe)");
  const auto items = check();
  EXPECT_TRUE(items.empty()) << listed(items);
}

TEST_F(WrapCheck, AClipOnNoTakeSaysWhy) {
  clean_take(0);
  const auto lost = clip(a001(), {"A001C009", "A", "11:30:00:00"});
  sql("UPDATE clips SET match_reason = 'no take overlaps' WHERE id = " + std::to_string(lost));
  const auto items = of(check(), Finding::clip_on_no_take);
  ASSERT_EQ(items.size(), 1u) << listed(check());
  EXPECT_EQ(items[0].clip_id, lost);
  EXPECT_EQ(items[0].clip, "A001C009");
  EXPECT_EQ(items[0].offload_id, a001());
  EXPECT_FALSE(items[0].take_id);
  EXPECT_EQ(items[0].message,
            "A001C009 (card A001, roll A001) is on no take: no take of camera A "
            "was rolling from 11:30:00:00 to 11:30:10:00");
}

TEST_F(WrapCheck, AClipTakenOffItsTakeByHandIsOnNoTake) {
  clean_take(0);
  const auto spare = clip(a001(), {"A001C009", "A", "10:00:00:00"});
  ASSERT_TRUE(takes_->assign(spare, std::nullopt, "dit"));
  const auto items = of(check(), Finding::clip_on_no_take);
  ASSERT_EQ(items.size(), 1u) << listed(check());
  EXPECT_EQ(items[0].message,
            "A001C009 (card A001, roll A001) is on no take: it was taken off its take by hand");
}

TEST_F(WrapCheck, AMissingCameraIsNamedWithItsTake) {
  const auto take = roll_and_cut(setup_a_, at(10, 0, 0), at(10, 0, 30));
  on(clip(a001(), {"A001C001", "A", "10:00:00:00"}), take);
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::camera_missing);
  EXPECT_EQ(items[0].take_id, take.id);
  EXPECT_EQ(items[0].take, "12A-A/1");
  EXPECT_FALSE(items[0].clip_id);
  EXPECT_EQ(items[0].message,
            "No clip of camera B is on 12A-A/1 (rolled at 10:00:00:00, cut at 10:00:30:00)");
}

TEST_F(WrapCheck, AFalseStartStillRolledPictureButEndsWithoutACut) {
  const auto take = roll(setup_a_, at(10, 0, 0));
  on(clip(a001(), {"A001C001", "A", "10:00:00:00"}), take);
  production::TakeChange false_start;
  false_start.status = production::TakeStatus::false_start;
  ASSERT_TRUE(takes_->update(take.id, false_start, "script"));
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::camera_missing);
  EXPECT_EQ(items[0].message,
            "No clip of camera B is on 12A-A/1, a false start (rolled at 10:00:00:00, never cut)");
}

TEST_F(WrapCheck, AMosTakeWithSoundOnItsClip) {
  RollRequest mos;
  mos.mos = true;
  const auto take = roll_and_cut(setup_b_, at(10, 0, 0), at(10, 0, 30), mos);
  const auto loud = clip(a001(), {"A001C001", "A", "10:00:00:00", 2});
  on(loud, take);
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::mos_with_audio);
  EXPECT_EQ(items[0].take, "12A-B/1");
  EXPECT_EQ(items[0].clip_id, loud);
  EXPECT_EQ(items[0].message,
            "12A-B/1 is MOS but its clip A001C001 (card A001, roll A001) records "
            "sound on 2 audio channels");
  // Where the cameras record scratch sound they record it on MOS takes too.
  CheckOptions camera_audio;
  camera_audio.camera_audio = true;
  EXPECT_TRUE(check(camera_audio).empty()) << listed(check(camera_audio));
}

TEST_F(WrapCheck, SoundMissingOnlyWhereTheCamerasRecordSound) {
  const auto take = roll_and_cut(setup_b_, at(10, 0, 0), at(10, 0, 30));
  const auto silent = clip(a001(), {"A001C001", "A", "10:00:00:00", 0});
  on(silent, take);
  const auto unknown = roll_and_cut(setup_b_, at(10, 1, 0), at(10, 1, 30));
  on(clip(a001(), {"A001C002", "A", "10:01:00:00", std::nullopt}), unknown);
  EXPECT_TRUE(check().empty()) << listed(check());
  CheckOptions camera_audio;
  camera_audio.camera_audio = true;
  const auto items = check(camera_audio);
  ASSERT_EQ(items.size(), 1u) << listed(items)
                              << "a probe that says nothing of sound is not judged";
  EXPECT_EQ(items[0].finding, Finding::sound_missing);
  EXPECT_EQ(items[0].clip_id, silent);
  EXPECT_EQ(items[0].take_id, take.id);
  EXPECT_EQ(items[0].message,
            "12A-B/1 has sound but its clip A001C001 (card A001, roll A001) has "
            "no audio channels; the cameras record scratch sound");
}

TEST_F(WrapCheck, SoundMissingIsNotJudgedOnAClipNotProbedYet) {
  const auto take = roll_and_cut(setup_b_, at(10, 0, 0), at(10, 0, 30));
  on(clip(a001(), {"A001C001", "A", "", 0, false}), take);
  CheckOptions camera_audio;
  camera_audio.camera_audio = true;
  const auto items = check(camera_audio);
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::clip_without_timecode);
  EXPECT_EQ(items[0].message,
            "A001C001 (card A001, roll A001) is not probed yet: its timecode is not known");
}

TEST_F(WrapCheck, AWildTrackWithAPictureClip) {
  RollRequest wild;
  wild.wild = true;
  const auto track = roll_and_cut(setup_a_, at(10, 0, 0), at(10, 0, 20), wild);
  const auto picture = clip(a001(), {"A001C001", "A", "10:00:00:00"});
  on(picture, track);
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::wild_track_with_picture);
  EXPECT_EQ(items[0].take, "12A/WT1");
  EXPECT_EQ(items[0].clip_id, picture);
  EXPECT_EQ(items[0].message,
            "Wild track 12A/WT1 has a picture clip on it: A001C001 (card A001, "
            "roll A001); a wild track is sound only");
}

TEST_F(WrapCheck, TwoClipsOfOneCameraOnOneTakeAreBothNamed) {
  const auto take = clean_take(0);
  on(clip(b001(), {"B001C007", "B", "10:00:05:00"}), take);
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::two_clips_one_camera);
  EXPECT_EQ(items[0].take_id, take.id);
  EXPECT_EQ(items[0].message, "2 clips of camera B are on 12A-A/1: B001C001 and B001C007");
}

TEST_F(WrapCheck, ATakeNeverCutAndOneStillRolling) {
  const auto forgotten = roll(setup_b_, at(10, 0, 0));
  on(clip(a001(), {"A001C001", "A", "10:00:00:00"}), forgotten);
  const auto rolling = roll(setup_a_, at(10, 5, 0));
  const auto items = of(check(), Finding::never_cut);
  ASSERT_EQ(items.size(), 2u) << listed(check());
  EXPECT_EQ(items[0].take_id, forgotten.id);
  EXPECT_EQ(items[0].message,
            "12A-B/1 rolled at 10:00:00:00 and was never cut, though later takes "
            "rolled: its clips cannot be matched by timecode");
  EXPECT_EQ(items[1].take_id, rolling.id);
  EXPECT_EQ(items[1].message,
            "12A-A/1 is still rolling (rolled at 10:05:00:00): cut it, or its "
            "clips cannot be matched by timecode");
  // The take still rolling (on cameras A and B) has no clips yet: no camera of it is missing.
  const auto all = check();
  EXPECT_EQ(all.size(), 2u) << listed(all);
}

TEST_F(WrapCheck, AClipWithoutTimecode) {
  const auto take = roll_and_cut(setup_b_, at(10, 0, 0), at(10, 0, 30));
  // The probe found no timecode: it writes '' (and a clip from elsewhere may hold NULL).
  const auto blank = clip(a001(), {"A001C001", "A", ""});
  on(blank, take);
  const auto null = clip(a001(), {"A001C002", "A", ""});
  sql("UPDATE clips SET start_tc = NULL, end_tc = NULL, match_reason = 'no timecode' WHERE id = " +
      std::to_string(null));
  const auto items = check();
  ASSERT_EQ(items.size(), 3u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::clip_without_timecode);
  EXPECT_EQ(items[0].clip_id, blank);
  EXPECT_EQ(items[0].message,
            "A001C001 (card A001, roll A001) has no timecode: editorial must "
            "sync it by slate or sound");
  EXPECT_EQ(items[1].finding, Finding::clip_on_no_take);
  EXPECT_EQ(items[1].message,
            "A001C002 (card A001, roll A001) is on no take: it has no timecode "
            "to match it by");
  EXPECT_EQ(items[2].finding, Finding::clip_without_timecode);
  EXPECT_EQ(items[2].clip_id, null);
}

TEST_F(WrapCheck, AClipNotProbedYetIsOfTheDayItsCardWasBegunOn) {
  clean_take(0);
  const auto waiting =
      clip(card("A002", "sealing", std::nullopt), {"A002C001", "A", "", 0, false}, 0);
  const auto items = check();
  ASSERT_EQ(items.size(), 2u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::card_not_safe);
  EXPECT_EQ(items[1].finding, Finding::clip_without_timecode);
  EXPECT_EQ(items[1].clip_id, waiting);
  EXPECT_EQ(items[1].message,
            "A002C001 (card A002, roll A002) is not probed yet: its timecode is "
            "not known, so it is on no take");
}

TEST_F(WrapCheck, AClipWhoseProbeFailedSaysWhy) {
  clean_take(0);
  const auto broken = clip(a001(), {"A001C009", "A", "", 2, false});
  sql("INSERT INTO media_jobs (clip_id, kind, state, reason, created_at) VALUES (" +
      std::to_string(broken) +
      ", 'probe', 'failed', 'MediaInfo cannot read the file', '2026-11-27T12:00:00Z')");
  const auto items = check();
  ASSERT_EQ(items.size(), 1u) << listed(items);
  EXPECT_EQ(items[0].finding, Finding::clip_without_timecode);
  EXPECT_EQ(items[0].message,
            "A001C009 (card A001, roll A001) could not be probed (MediaInfo "
            "cannot read the file): its timecode is not known, so it is on no "
            "take");
}

TEST_F(WrapCheck, OnlyPictureClipsAreJudged) {
  clean_take(0);
  NewClip sidecars{"A001C009", "A", "11:00:00:00"};
  sidecars.role = "sidecar";
  clip(a001(), sidecars);
  NewClip sound{"A001C010", "A", "11:00:00:00"};
  sound.width = 0;
  clip(a001(), sound);
  // A still, as a tethered camera hands it over: one picture, no timecode, no take to be on.
  const auto still = clip(a001(), {"IMG_0001", "A", ""});
  sql("UPDATE clips SET frames = 0 WHERE id = " + std::to_string(still));
  const auto items = check();
  EXPECT_TRUE(items.empty()) << listed(items);
}

TEST_F(WrapCheck, UndoneTakesAreNeverItems) {
  clean_take(0);
  roll(setup_b_, at(11, 0, 0));  // never cut, no clip of camera A: both items, were it live
  ASSERT_TRUE(takes_->undo("script"));
  const auto items = check();
  EXPECT_TRUE(items.empty()) << listed(items);
}

TEST_F(WrapCheck, EveryKindInItsOrder) {
  const auto never_cut = roll(setup_b_, at(9, 0, 0));  // rolled first, never cut
  on(clip(a001(), {"A001C001", "A", "09:00:00:00"}), never_cut);
  const auto missing_b = roll_and_cut(setup_a_, at(10, 0, 0), at(10, 0, 30));
  on(clip(a001(), {"A001C002", "A", "10:00:00:00"}), missing_b);
  RollRequest mos;
  mos.mos = true;
  const auto loud = roll_and_cut(setup_b_, at(10, 1, 0), at(10, 1, 30), mos);
  on(clip(a001(), {"A001C003", "A", "10:01:00:00", 2}), loud);
  const auto silent = roll_and_cut(setup_b_, at(10, 2, 0), at(10, 2, 30));
  on(clip(a001(), {"A001C004", "A", "10:02:00:00", 0}), silent);
  RollRequest wild;
  wild.wild = true;
  const auto track = roll_and_cut(setup_a_, at(10, 3, 0), at(10, 3, 20), wild);
  on(clip(a001(), {"A001C008", "A", "10:03:00:00"}), track);
  const auto doubled = clean_take(4);
  on(clip(b001(), {"B001C009", "B", "10:04:05:00"}), doubled);
  clip(a001(), {"A001C010", "A", "12:00:00:00"});
  clip(a001(), {"A001C011", "A", ""});
  card("A002", "interrupted", std::nullopt, "the card was pulled");
  const auto found = [](const std::vector<CheckItem>& items) {
    std::vector<std::pair<Finding, std::string>> named;
    for (const auto& item : items) {
      EXPECT_FALSE(item.message.empty());
      named.emplace_back(item.finding, item.take.empty() ? item.clip : item.take);
    }
    return named;
  };
  // Cameras without sound of their own: a MOS take's clip with sound is an item, a take's clip
  // without sound is not (the sound is on the recorder).
  const auto items = check();
  EXPECT_EQ(found(items), (std::vector<std::pair<Finding, std::string>>{
                              {Finding::card_not_safe, ""},
                              {Finding::never_cut, "12A-B/1"},
                              {Finding::camera_missing, "12A-A/1"},
                              {Finding::mos_with_audio, "12A-B/2"},
                              {Finding::wild_track_with_picture, "12A/WT1"},
                              {Finding::two_clips_one_camera, "12A-A/2"},
                              {Finding::clip_on_no_take, "A001C010"},
                              {Finding::clip_on_no_take, "A001C011"},
                              {Finding::clip_without_timecode, "A001C011"},
                          }))
      << listed(items);
  // Cameras that record scratch sound: the other way round.
  CheckOptions camera_audio;
  camera_audio.camera_audio = true;
  const auto with_sound = check(camera_audio);
  EXPECT_EQ(found(with_sound), (std::vector<std::pair<Finding, std::string>>{
                                   {Finding::card_not_safe, ""},
                                   {Finding::never_cut, "12A-B/1"},
                                   {Finding::camera_missing, "12A-A/1"},
                                   {Finding::sound_missing, "12A-B/3"},
                                   {Finding::wild_track_with_picture, "12A/WT1"},
                                   {Finding::two_clips_one_camera, "12A-A/2"},
                                   {Finding::clip_on_no_take, "A001C010"},
                                   {Finding::clip_on_no_take, "A001C011"},
                                   {Finding::clip_without_timecode, "A001C011"},
                               }))
      << listed(with_sound);
}

TEST_F(WrapCheck, FindingsAreNamedAsTheApiNamesThem) {
  EXPECT_EQ(to_string(Finding::clip_on_no_take), "clip_on_no_take");
  EXPECT_EQ(to_string(Finding::camera_missing), "camera_missing");
  EXPECT_EQ(to_string(Finding::mos_with_audio), "mos_with_audio");
  EXPECT_EQ(to_string(Finding::sound_missing), "sound_missing");
  EXPECT_EQ(to_string(Finding::wild_track_with_picture), "wild_track_with_picture");
  EXPECT_EQ(to_string(Finding::two_clips_one_camera), "two_clips_one_camera");
  EXPECT_EQ(to_string(Finding::never_cut), "never_cut");
  EXPECT_EQ(to_string(Finding::card_not_safe), "card_not_safe");
  EXPECT_EQ(to_string(Finding::clip_without_timecode), "clip_without_timecode");
}

TEST_F(WrapCheck, AnUnknownDayThrows) {
  try {
    check({}, 999);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "no shooting day 999");
  }
}

}  // namespace
}  // namespace slate::exports
