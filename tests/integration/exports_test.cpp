// Editorial deliverables through the real slated: a day shot from a shot list at each project
// rate (and once across midnight), its takes rolled, cut and marked, one camera card made with
// the project's media card tool and offloaded; then the ALE editorial merges into Avid, the CSV
// editor's log and the wrap check, as the HTTP API and the CLI hand them out, against what the
// offloaded clips hold as mediainfo reads them.
#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <thread>

#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/exports/ale.hpp>
#include <slate/testing/ale_lint.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

// A project rate as the config, the card tool and Avid each write it.
struct Rate {
  std::string project;  ///< [project] fps
  std::string card;     ///< make_media_card.py --rate
  std::string ale;      ///< the ALE's FPS
  core::FrameRate frame_rate;
  bool drop_frame;
};

const Rate k23976{"23.976", "23.976", "23.976", core::FrameRate::fps23_976, false};
const Rate k25{"25", "25", "25", core::FrameRate::fps25, false};
const Rate k2997df{"29.97", "29.97df", "29.97", core::FrameRate::fps29_97, true};

// A take of the day as it is rolled and marked. The day is shot in this order, a take every
// 20 s of timecode; the card holds one clip in each of the first four.
struct PlannedTake {
  std::string scene;
  std::string setup;
  std::string name;  ///< as the log writes it
  bool mos = false;
  bool wild = false;
  std::string status = "none";
  bool flagged = false;
  std::string notes;
};

const std::vector<PlannedTake> kDay = {
    {"1", "A", "1-A/1", false, false, "circled", false, "Anna\tlooks back\nbest for sound"},
    {"1", "A", "1-A/2", false, false, "ng", true, "Focus soft"},
    {"1", "B", "1-B/1", true, false, "hold", false, ""},
    {"2", "A", "2-A/1", false, false, "circled", true, "Print \"this\" one, said the director"},
    // Rolled on camera A, and the card has no clip of it: the wrap check names it.
    {"2", "A", "2-A/2", false, false, "none", false, ""},
    // Sound only: in the editor's log, never in the ALE.
    {"2", "A", "2/WT1", false, true, "none", false, "Train horn, 30 s"},
};
constexpr std::size_t kClips = 4;  // the first four takes have a clip each

struct PlannedSetup {
  std::string scene;
  std::string setup;
  std::string description;
};
const std::vector<PlannedSetup> kSetups = {{"1", "A", "Wide on the platform, the train pulls in"},
                                           {"1", "B", "Close on Anna's hands"},
                                           {"2", "A", "The guard's whistle"}};

std::string description_of(const PlannedTake& take) {
  for (const auto& setup : kSetups) {
    if (setup.scene == take.scene && setup.setup == take.setup) {
      return setup.description;
    }
  }
  return "(no setup " + take.scene + take.setup + ")";
}

// Text as an ALE value holds it: each TAB and newline a space.
std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n'; }, ' ');
  return text;
}

// A take's status as editorial reads it.
std::string status_words(const std::string& status) {
  static const std::map<std::string, std::string> words = {
      {"none", ""}, {"circled", "Circled"}, {"ng", "NG"}, {"hold", "Hold"}};
  return words.at(status);
}

// 2026-12-01 as Resolve and the camera labs write a Shoot Date: 20261201.
std::string compact(const json& date) {
  auto text = date.get<std::string>();
  std::erase(text, '-');
  return text;
}

class Exports : public ::testing::Test {
 protected:
  // Shoots the day at `rate`, the card's first clip at `first_clip_tc`, and waits until every
  // clip is probed and on its take.
  void shoot(const Rate& rate, const std::string& first_clip_tc) {
    rate_ = rate;
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(), "[project]\nname = \"Night Train\"\nfps = \"" + rate.project +
                         "\"\n[tether]\nautodetect = false\n[media]\nproxy_width = 320\n"
                         "proxy_height = 180\n[[destinations]]\nname = \"raid\"\npath = \"" +
                         (dir_ / "raid").string() +
                         "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" +
                         (dir_ / "shuttle").string() + "\"\n");
    std::string list = "Scene,Setup,Description,Cameras\n";
    for (const auto& setup : kSetups) {
      list += setup.scene + "," + setup.setup + ",\"" + setup.description + "\",A\n";
    }
    testing::write_file(dir_ / "list.csv", list);
    const auto imported = daemon_->slate({"shotlist", "import", (dir_ / "list.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    std::map<std::string, std::int64_t> setups;
    const auto scenes = get("/api/v1/scenes");
    for (const auto& scene : scenes["scenes"]) {
      for (const auto& setup : scene["setups"]) {
        setups[scene["number"].get<std::string>() + setup["letter"].get<std::string>()] =
            setup["id"].get<std::int64_t>();
      }
    }
    ASSERT_EQ(setups.size(), 3u) << imported.out << scenes;

    // The camera and the box share a clock jammed two minutes after the card's first clip: each
    // take is rolled and cut in the past, at the instants that clock read its timecodes.
    const auto nominal = core::nominal_fps(rate.frame_rate);
    const std::int64_t every = 20 * nominal;  // frames from one take to the next
    const auto first = core::Timecode::parse(first_clip_tc, rate.frame_rate);
    const auto jam_offset = static_cast<std::int64_t>(kDay.size()) * every;
    const auto jammed_at = std::chrono::system_clock::now();
    const auto jammed =
        send("POST", "/api/v1/timecode/jam", {{"timecode", (first + jam_offset).to_string()}});
    ASSERT_EQ(testing::status_of(jammed), 200) << jammed;
    const auto exact = core::exact(rate.frame_rate);
    const auto at = [&](std::int64_t frames_from_first) {
      const auto before_jam = std::chrono::nanoseconds(
          (jam_offset - frames_from_first) * 1'000'000'000 * exact.denominator / exact.numerator);
      return core::utc_text_ms(
          jammed_at - std::chrono::duration_cast<std::chrono::system_clock::duration>(before_jam));
    };
    for (std::size_t i = 0; i < kDay.size(); ++i) {
      const auto& planned = kDay[i];
      const auto slot = static_cast<std::int64_t>(i) * every;
      json roll = {{"at", at(slot - 4 * nominal)}};
      if (planned.mos) {
        roll["mos"] = true;
      }
      if (planned.wild) {
        roll["wild"] = true;
      }
      const auto rolled = send(
          "POST",
          "/api/v1/setups/" + std::to_string(setups.at(planned.scene + planned.setup)) + "/roll",
          roll);
      ASSERT_EQ(testing::status_of(rolled), 200) << rolled;
      const auto take = json::parse(testing::body_of(rolled));
      ASSERT_EQ(take["name"], planned.name) << take;
      const auto id = take["id"].dump();
      const auto cut =
          send("POST", "/api/v1/takes/" + id + "/cut", {{"at", at(slot + 6 * nominal)}});
      ASSERT_EQ(testing::status_of(cut), 200) << cut;
      json marks = json::object();
      if (planned.status != "none") {
        marks["status"] = planned.status;
      }
      if (planned.flagged) {
        marks["flagged"] = true;
      }
      if (!planned.notes.empty()) {
        marks["notes"] = planned.notes;
      }
      if (!marks.empty()) {
        const auto marked = send("PATCH", "/api/v1/takes/" + id, marks);
        ASSERT_EQ(testing::status_of(marked), 200) << marked;
      }
      take_ids_.push_back(take["id"].get<std::int64_t>());
    }

    const auto made =
        tool("make_media_card.py",
             {(dir_ / "card").string(), "--json", "--layout", "arri", "--roll", "A001", "--clips",
              std::to_string(kClips), "--frames", "48", "--gap-frames", std::to_string(every - 48),
              "--size", "320x180", "--rate", rate.card, "--start-tc", first_clip_tc});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    card_ = json::parse(made.out);
    ASSERT_EQ(card_["clips"].size(), kClips);
    const auto card = dir_ / "card" / fs::directory_iterator(dir_ / "card")->path().filename();
    const auto offload = daemon_->slate({"offload", card.string()});
    ASSERT_EQ(offload.exit_code, 0) << offload.out << offload.err;

    // Done when the card is safe, every clip probed and each on its take.
    bool done = false;
    json takes;
    for (int i = 0; i < 900 && !done; ++i) {
      std::this_thread::sleep_for(100ms);
      const auto offloads = get("/api/v1/offloads")["offloads"];
      const auto clips = get("/api/v1/clips")["clips"];
      takes = get("/api/v1/takes")["takes"];
      done = offloads.size() == 1 && offloads[0]["safe"] == true && clips.size() == kClips &&
             std::all_of(clips.begin(), clips.end(), [](const json& clip) {
               return clip["jobs"].value("probe", "") == "done";
             });
      for (std::size_t k = 0; k < kDay.size() && done; ++k) {
        done = takes.size() == kDay.size() && takes[k]["clips"].size() == (k < kClips ? 1u : 0u);
      }
    }
    ASSERT_TRUE(done) << takes.dump() << "\n" << get("/api/v1/unmatched-clips").dump();
    day_ = get("/api/v1/days")["days"][0];
    ASSERT_EQ(day_["current"], true) << day_;
  }

  // One of the project's test tools in tests/tools, run with the system's Python.
  static testing::CommandResult tool(const std::string& name,
                                     const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = {"/usr/bin/python3",
                                     std::string(SLATE_SOURCE_DIR) + "/tests/tools/" + name};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return testing::run_command(argv);
  }
  std::string fetch(const std::string& target) {
    return testing::raw_http(daemon_->port(), testing::get_request(target, daemon_->token()));
  }
  json get(const std::string& target) { return json::parse(testing::body_of(fetch(target))); }
  std::string send(const std::string& method, const std::string& target, const json& body) {
    const auto text = body.dump();
    return testing::raw_http(daemon_->port(), method + " " + target +
                                                  " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                                  "Authorization: Bearer " +
                                                  daemon_->token() + "\r\nContent-Length: " +
                                                  std::to_string(text.size()) + "\r\n\r\n" + text);
  }

  // What mediainfo reads from the offloaded copy of the card's clip `index`.
  struct Probed {
    std::string first_frame;
    std::int64_t frames = 0;
  };
  Probed probe(std::size_t index) {
    const auto name = fs::path(card_["clips"][index]["path"].get<std::string>()).filename();
    std::optional<fs::path> copy;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / "raid")) {
      if (entry.path().filename() == name) {
        copy = entry.path();
      }
    }
    EXPECT_TRUE(copy) << name << " is not on raid";
    if (!copy) {
      return {};
    }
    const auto info = testing::run_command({"/usr/bin/mediainfo", "--Output=JSON", copy->string()});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    Probed probed;
    const auto media = json::parse(info.out);
    for (const auto& track : media["media"]["track"]) {
      if (track.contains("TimeCode_FirstFrame") && probed.first_frame.empty()) {
        probed.first_frame = track["TimeCode_FirstFrame"].get<std::string>();
      }
      if (track["@type"] == "Video") {
        probed.frames = std::stoll(track["FrameCount"].get<std::string>());
      }
    }
    return probed;
  }

  // The ALE as GET /api/v1/exports/ale answers it; fails the test unless 200 and lint-clean.
  exports::Ale ale(const std::string& query = "") {
    const auto answer = fetch("/api/v1/exports/ale" + query);
    EXPECT_EQ(testing::status_of(answer), 200) << answer;
    const auto text = testing::body_of(answer);
    const auto problems = testing::lint_ale(text);
    EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems) << "\n" << text;
    try {
      return exports::read_ale(text);
    } catch (const exports::AleError& error) {
      ADD_FAILURE() << error.what() << "\n" << text;
      return {};
    }
  }

  // The name of the card's clip `index`, as the camera gave it: "A001C002_261127_R9VY".
  std::string clip_name(std::size_t index) const {
    return fs::path(card_["clips"][index]["path"].get<std::string>()).stem().string();
  }
  // The row of the clip named `name`; fails the test when there is none.
  static std::size_t row_of(const exports::Ale& ale, const std::string& name) {
    const auto column = ale.column("Name");
    for (std::size_t row = 0; column && row < ale.rows.size(); ++row) {
      if (ale.rows[row][*column] == name) {
        return row;
      }
    }
    ADD_FAILURE() << "no row for " << name;
    return ale.rows.size();
  }
  // The value of `column` in `row`, "(no column)" when the ALE has no such column.
  static std::string cell(const exports::Ale& ale, std::size_t row, const std::string& column) {
    const auto index = ale.column(column);
    if (row >= ale.rows.size()) {
      return "(no row)";
    }
    return index ? ale.rows[row].at(*index) : "(no column " + column + ")";
  }

  // Every clip a row, in the card's order, with what the offloaded file holds and what the log
  // says of its take.
  void expect_ale_rows_are_the_clips() {
    const auto log = ale();
    EXPECT_EQ(log.heading_value("FIELD_DELIM"), "TABS");
    EXPECT_EQ(log.heading_value("FPS"), rate_.ale);
    EXPECT_EQ(log.heading_value("VIDEO_FORMAT"), "CUSTOM");  // 320x180 is no Avid format
    EXPECT_EQ(log.heading_value("AUDIO_FORMAT"), "48kHz");
    ASSERT_EQ(log.rows.size(), kClips) << "one row per picture clip; a wild track has none";
    for (std::size_t clip = 0; clip < kClips; ++clip) {
      SCOPED_TRACE(clip_name(clip) + ", take " + kDay[clip].name);
      const auto& planned = kDay[clip];
      const auto file = fs::path(card_["clips"][clip]["path"].get<std::string>()).filename();
      const auto k = row_of(log, file.stem().string());
      const auto probed = probe(clip);
      ASSERT_EQ(probed.frames, 48);
      const auto start = core::Timecode::parse(probed.first_frame, rate_.frame_rate);
      EXPECT_EQ(start.drop_frame(), rate_.drop_frame) << probed.first_frame;
      EXPECT_EQ(cell(log, k, "Name"), file.stem().string());
      EXPECT_EQ(cell(log, k, "Source File"), file.string());
      EXPECT_EQ(cell(log, k, "Start"), probed.first_frame);
      EXPECT_EQ(cell(log, k, "End"), (start + probed.frames).to_string()) << "exclusive";
      const auto duration = cell(log, k, "Duration");
      EXPECT_EQ(core::Timecode::parse(duration, rate_.frame_rate).frames(), probed.frames)
          << duration;
      EXPECT_EQ(cell(log, k, "FPS"), rate_.ale);
      EXPECT_EQ(cell(log, k, "Tracks"), planned.mos ? "V" : "VA1A2");
      EXPECT_EQ(cell(log, k, "Scene"), planned.scene);
      EXPECT_EQ(cell(log, k, "Setup"), planned.setup);
      EXPECT_EQ(cell(log, k, "Take"), planned.name.substr(planned.name.find('/') + 1));
      EXPECT_EQ(cell(log, k, "DESCRIPT"), description_of(planned));
      EXPECT_EQ(cell(log, k, "Comments"), one_line(planned.notes));
      EXPECT_EQ(cell(log, k, "Circled"), planned.status == "circled" ? "Yes" : "");
      EXPECT_EQ(cell(log, k, "Take Status"), status_words(planned.status));
      EXPECT_EQ(cell(log, k, "Director Flag"), planned.flagged ? "Yes" : "");
      EXPECT_EQ(cell(log, k, "Camera"), "A");
      EXPECT_EQ(cell(log, k, "Camroll"), "A001");
      EXPECT_EQ(cell(log, k, "Tape"), "A001");
      EXPECT_EQ(cell(log, k, "Shoot Date"), compact(day_["date"]));
      EXPECT_EQ(cell(log, k, "Day"), "1");
      EXPECT_EQ(cell(log, k, "Unit"), "main");
      EXPECT_EQ(cell(log, k, "Image Size"), "320x180");
      EXPECT_NE(cell(log, k, "Codec").find("ProRes"), std::string::npos) << cell(log, k, "Codec");
      EXPECT_EQ(cell(log, k, "Checksum").rfind("xxh64:", 0), 0u) << cell(log, k, "Checksum");
    }
    // The note with a TAB and a newline in it reads as one line of words.
    EXPECT_EQ(cell(log, row_of(log, clip_name(0)), "Comments"), "Anna looks back best for sound");
  }

  // The editor's log read back with Python's csv module: the BOM Excel needs, a row per take in
  // shooting order (the wild track too), notes as typed.
  void expect_csv_is_the_takes() {
    const auto answer = fetch("/api/v1/exports/csv");
    ASSERT_EQ(testing::status_of(answer), 200) << answer;
    EXPECT_NE(answer.find("Content-Type: text/csv; charset=utf-8"), std::string::npos) << answer;
    EXPECT_NE(answer.find("filename=\"" + name("csv") + "\""), std::string::npos) << answer;
    const auto text = testing::body_of(answer);
    EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
    testing::write_file(dir_ / "log.csv", text);
    const auto read = tool("check_editors_log.py", {(dir_ / "log.csv").string()});
    ASSERT_EQ(read.exit_code, 0) << read.err << "\n" << text;
    const auto csv = json::parse(read.out);
    EXPECT_TRUE(csv["bom"].get<bool>());
    EXPECT_EQ(csv["line_ends"], "crlf") << "RFC 4180";
    const auto& rows = csv["rows"];
    ASSERT_EQ(rows.size(), kDay.size()) << read.out;
    const auto& header = csv["header"];
    const auto field = [&](std::size_t row, const std::string& column) {
      const auto found = std::find(header.begin(), header.end(), json(column));
      return found == header.end()
                 ? "(no column " + column + ")"
                 : rows[row][static_cast<std::size_t>(found - header.begin())].get<std::string>();
    };
    const auto takes = get("/api/v1/takes")["takes"];
    for (std::size_t k = 0; k < kDay.size(); ++k) {
      SCOPED_TRACE("CSV row " + std::to_string(k) + ", take " + kDay[k].name);
      const auto& planned = kDay[k];
      EXPECT_EQ(field(k, "Take"), planned.name);
      EXPECT_EQ(field(k, "Scene"), planned.scene);
      EXPECT_EQ(field(k, "Setup"), planned.wild ? "" : planned.setup);
      EXPECT_EQ(field(k, "Day"), "1");
      EXPECT_EQ(field(k, "Date"), day_["date"]);
      EXPECT_EQ(field(k, "Status"), status_words(planned.status));
      EXPECT_EQ(field(k, "Director Flag"), planned.flagged ? "Yes" : "");
      EXPECT_EQ(field(k, "MOS"), planned.mos ? "Yes" : "");
      EXPECT_EQ(field(k, "Wild Track"), planned.wild ? "Yes" : "");
      EXPECT_EQ(field(k, "Notes"), planned.notes) << "the log keeps a note as typed";
      EXPECT_EQ(field(k, "Description"), description_of(planned));
      EXPECT_EQ(field(k, "Number"), planned.name.substr(planned.name.find('/') + 1));
      EXPECT_EQ(field(k, "Rate"), rate_.project);
      EXPECT_EQ(field(k, "Roll TC"), takes[k]["roll_tc"]);
      EXPECT_EQ(field(k, "Cut TC"), takes[k]["cut_tc"]);
      // Cut minus roll, the short way round midnight: about the 10 s each take ran.
      const auto roll =
          core::Timecode::parse(takes[k]["roll_tc"].get<std::string>(), rate_.frame_rate);
      const auto cut =
          core::Timecode::parse(takes[k]["cut_tc"].get<std::string>(), rate_.frame_rate);
      const auto ran =
          (cut - roll + core::Timecode::frames_per_day(rate_.frame_rate, rate_.drop_frame)) %
          core::Timecode::frames_per_day(rate_.frame_rate, rate_.drop_frame);
      EXPECT_EQ(field(k, "Duration"),
                core::Timecode::from_frames(ran, rate_.frame_rate, rate_.drop_frame).to_string());
      EXPECT_NEAR(static_cast<double>(ran), 10.0 * core::nominal_fps(rate_.frame_rate), 2.0);
      const auto clips = field(k, "Clips");
      if (k < kClips) {
        EXPECT_NE(clips.find(clip_name(k)), std::string::npos) << clips;
      } else {
        EXPECT_EQ(clips, "");
      }
    }
    // The CLI hands out the same file.
    const auto printed = daemon_->slate({"export", "csv", "-o", "-"});
    EXPECT_EQ(printed.exit_code, 0) << printed.err;
    EXPECT_EQ(printed.out, text);
  }

  // "<project>_day01_<date>.<extension>", with the project's space made safe.
  std::string name(const std::string& extension) const {
    return "Night_Train_day01_" + day_["date"].get<std::string>() + "." + extension;
  }

  // The built day has two things to say at wrap: the MOS take's clip records sound (the card's
  // clips all do), and 2-A/2 rolled camera A with no clip of it.
  void expect_check_finds_what_the_day_lacks() {
    const auto answer = fetch("/api/v1/check");
    ASSERT_EQ(testing::status_of(answer), 200) << answer;
    const auto check = json::parse(testing::body_of(answer));
    EXPECT_EQ(check["day"]["id"], day_["id"]);
    EXPECT_EQ(check["day"]["number"], 1);
    EXPECT_EQ(check["day"]["date"], day_["date"]);
    EXPECT_EQ(check["complete"], false);
    ASSERT_EQ(check["items"].size(), 2u) << check.dump(1);
    EXPECT_EQ(check["items"][0]["kind"], "mos_with_audio");
    EXPECT_EQ(check["items"][0]["take_id"], take_ids_[2]);
    EXPECT_EQ(check["items"][0]["take"], "1-B/1");
    EXPECT_EQ(check["items"][0]["clip"], clip_name(2));
    EXPECT_EQ(check["items"][1]["kind"], "camera_missing");
    EXPECT_EQ(check["items"][1]["take_id"], take_ids_[4]);
    EXPECT_EQ(check["items"][1]["take"], "2-A/2");
    for (const auto& item : check["items"]) {
      EXPECT_NE(item["message"].get<std::string>().find(item["take"].get<std::string>()),
                std::string::npos)
          << item;
    }
    // The CLI says the same, and exits 1: there is something to look at.
    const auto printed = daemon_->slate({"check"});
    EXPECT_EQ(printed.exit_code, 1) << printed.err;
    EXPECT_NE(
        printed.out.find("Day 1 (" + day_["date"].get<std::string>() + "): 2 items to look at"),
        std::string::npos)
        << printed.out;
    EXPECT_NE(
        printed.out.find("camera_missing: " + check["items"][1]["message"].get<std::string>()),
        std::string::npos)
        << printed.out;
    EXPECT_NE(printed.out.find("mos_with_audio: "), std::string::npos) << printed.out;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
  Rate rate_ = k23976;
  json card_;
  json day_;
  std::vector<std::int64_t> take_ids_;
};

TEST_F(Exports, At23976EachClipIsARowWithItsTimecodeAndMarksAndTheLogHasEveryTake) {
  shoot(k23976, "14:00:00:00");
  if (HasFatalFailure()) {
    return;
  }
  expect_ale_rows_are_the_clips();
  expect_csv_is_the_takes();
  expect_check_finds_what_the_day_lacks();
}

TEST_F(Exports, At25TheAleDownloadsUnderItsNameAndItsParametersChooseWhatItHolds) {
  shoot(k25, "09:30:00:00");
  if (HasFatalFailure()) {
    return;
  }
  expect_ale_rows_are_the_clips();
  expect_csv_is_the_takes();
  expect_check_finds_what_the_day_lacks();

  const auto answer = fetch("/api/v1/exports/ale");
  ASSERT_EQ(testing::status_of(answer), 200) << answer;
  EXPECT_NE(answer.find("Content-Type: text/plain; charset=utf-8"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Content-Disposition: attachment; filename=\"" + name("ale") + "\""),
            std::string::npos)
      << answer;
  // The CLI writes the same ALE.
  const auto written = daemon_->slate({"export", "ale", "-o", (dir_ / "day1.ale").string()});
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  EXPECT_EQ(testing::read_file(dir_ / "day1.ale"), testing::body_of(answer));

  // VIDEO_FORMAT as the editor's Avid project has it.
  EXPECT_EQ(ale("?video_format=PAL").heading_value("VIDEO_FORMAT"), "PAL");
  EXPECT_EQ(ale("?video_format=1080&day=" + day_["id"].dump()).heading_value("VIDEO_FORMAT"),
            "1080");
  const auto by_cli = daemon_->slate({"export", "ale", "--video-format", "720", "-o", "-"});
  ASSERT_EQ(by_cli.exit_code, 0) << by_cli.err;
  EXPECT_EQ(exports::read_ale(by_cli.out).heading_value("VIDEO_FORMAT"), "720");
  // Circled takes only: the clips of 1-A/1 and 2-A/1.
  const auto circled = ale("?circled=true");
  ASSERT_EQ(circled.rows.size(), 2u);
  EXPECT_EQ(cell(circled, row_of(circled, clip_name(0)), "Scene"), "1");
  EXPECT_EQ(cell(circled, row_of(circled, clip_name(3)), "Scene"), "2");
  EXPECT_EQ(ale("?roll=A001").rows.size(), kClips);
  EXPECT_EQ(ale("?roll=B007").rows.size(), 0u);

  // Refused with why: a format Avid has not, a day that is no number, a day there is not.
  for (const auto* target : {"/api/v1/exports/ale?video_format=4K", "/api/v1/exports/ale?day=abc",
                             "/api/v1/exports/csv?day=abc", "/api/v1/check?day=abc"}) {
    const auto refused = fetch(target);
    EXPECT_EQ(testing::status_of(refused), 400) << target << "\n" << refused;
    EXPECT_EQ(json::parse(testing::body_of(refused))["error"]["code"], "bad_request") << target;
  }
  for (const auto* target :
       {"/api/v1/exports/ale?day=999", "/api/v1/exports/csv?day=999", "/api/v1/check?day=999"}) {
    const auto unknown = fetch(target);
    EXPECT_EQ(testing::status_of(unknown), 404) << target << "\n" << unknown;
    EXPECT_EQ(json::parse(testing::body_of(unknown))["error"]["code"], "not_found") << target;
  }
}

TEST_F(Exports, At2997DropFrameTimecodeIsWrittenWithSemicolonsAsProbed) {
  // The second clip starts past 10:01:00, a minute whose frames ;00 and ;01 are dropped.
  shoot(k2997df, "10:00:50;00");
  if (HasFatalFailure()) {
    return;
  }
  expect_ale_rows_are_the_clips();
  const auto log = ale();
  const auto second = row_of(log, clip_name(1));
  EXPECT_EQ(cell(log, second, "Start"), "10:01:10;02");
  EXPECT_EQ(cell(log, second, "End"), "10:01:11;20");
  expect_csv_is_the_takes();
  expect_check_finds_what_the_day_lacks();
}

TEST_F(Exports, AClipAcrossMidnightEndsPastIt) {
  // At 23.976, 20 s a take: the second clip runs from 23:59:59:00 into the next day.
  shoot(k23976, "23:59:39:00");
  if (HasFatalFailure()) {
    return;
  }
  expect_ale_rows_are_the_clips();
  const auto log = ale();
  const auto across = row_of(log, clip_name(1));
  EXPECT_EQ(cell(log, across, "Start"), "23:59:59:00");
  EXPECT_EQ(cell(log, across, "End"), "00:00:01:00");
  EXPECT_EQ(cell(log, across, "Duration"), "00:00:02:00");
  EXPECT_EQ(cell(log, across, "Take"), "2");
  expect_csv_is_the_takes();
  expect_check_finds_what_the_day_lacks();
}

}  // namespace
}  // namespace slate
