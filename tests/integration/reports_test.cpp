// The PDF reports through the real slated: the demo day logged and its card of real clips
// offloaded to two drives, probed and thumbnailed; the card's offload report lands beside the
// card folder on both drives, says what is on the card and that it is safe, leaves the card folder
// verifying and its ASC MHL valid; a NOT SAFE card's report says why on page 1; the day's Editor's
// Log and Daily Progress Report come from the API and the CLI and go to the drives at wrap.
#include <fstream>
#include <gtest/gtest.h>
#include <regex>

#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// pdftotext's words of the pages `first` to `last` (0: to the end), spaces collapsed.
std::string pdf_text(const fs::path& pdf, int first = 1, int last = 0) {
  std::vector<std::string> command = {"/usr/bin/pdftotext", "-f", std::to_string(first)};
  if (last > 0) {
    command.insert(command.end(), {"-l", std::to_string(last)});
  }
  command.insert(command.end(), {pdf.string(), "-"});
  const auto result = testing::run_command(command);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return std::regex_replace(result.out, std::regex("\\s+"), " ");
}

int pdf_pages(const fs::path& pdf) {
  const auto info = testing::run_command({"/usr/bin/pdfinfo", pdf.string()});
  std::smatch pages;
  return std::regex_search(info.out, pages, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(pages[1])
                                                                            : 0;
}

// Every font pdffonts lists is embedded (and there is at least one: the text is text).
void expect_fonts_embedded(const fs::path& pdf) {
  const auto fonts = testing::run_command({"/usr/bin/pdffonts", pdf.string()});
  ASSERT_EQ(fonts.exit_code, 0) << fonts.err;
  std::istringstream lines(fonts.out);
  std::string line;
  int listed = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with("name") || line.starts_with("----")) {
      continue;
    }
    ++listed;
    EXPECT_TRUE(std::regex_search(line, std::regex("\\s(yes)\\s+(yes|no)\\s+(yes|no)\\s+\\d+")))
        << "not embedded: " << line;
  }
  EXPECT_GT(listed, 0) << fonts.out;
}

// Page 1 as PNG in the test output folder, for a person to look at; it renders.
void render_page_one(const fs::path& pdf, const std::string& name) {
  const fs::path folder = SLATE_TEST_OUTPUT_DIR;
  fs::create_directories(folder);
  const auto rendered =
      testing::run_command({"/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                            "-singlefile", pdf.string(), (folder / name).string()});
  EXPECT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_GT(fs::file_size(folder / (name + ".png")), 10'000u);
}

class Reports : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    fs::create_directories(dir_ / "incoming");
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(),
        "[project]\nname = \"Night Run\"\n[tether]\nautodetect = false\n"
        "[cards]\nauto_offload = true\nsettle_seconds = 1\nwatch_folders = [\"" +
            (dir_ / "incoming").string() +
            "\"]\n[[destinations]]\nname = \"raid\"\n"
            "path = \"" +
            (dir_ / "raid").string() + "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" +
            (dir_ / "shuttle").string() + "\"\n");
    ASSERT_EQ(daemon_->slate({"shotlist", "import", SLATE_SOURCE_DIR "/daemon/demo/shotlist.csv"})
                  .exit_code,
              0);
  }
  std::string send(const std::string& method, const std::string& target, const json& body) {
    const auto text = body.dump();
    return testing::raw_http(daemon_->port(), method + " " + target +
                                                  " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                                  "Authorization: Bearer " +
                                                  daemon_->token() + "\r\nContent-Length: " +
                                                  std::to_string(text.size()) + "\r\n\r\n" + text);
  }
  json get(const std::string& target) {
    return json::parse(testing::body_of(
        testing::raw_http(daemon_->port(), testing::get_request(target, daemon_->token()))));
  }
  // The demo day: two takes logged, and the card they were shot on offloaded to both drives.
  json log_demo_day() {
    const auto token_file = dir_ / "token";
    testing::write_file(token_file, daemon_->token());
    const auto logged =
        testing::run_command({"/usr/bin/python3", SLATE_SOURCE_DIR "/tests/tools/demo_day.py",
                              daemon_->url(), token_file.string(), (dir_ / "incoming").string()});
    EXPECT_EQ(logged.exit_code, 0) << logged.err;
    json offloads;
    for (int i = 0; i < 900; ++i) {
      offloads = get("/api/v1/offloads")["offloads"];
      if (offloads.size() == 1 && offloads[0]["verdict"].is_string()) {
        break;
      }
      std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(offloads.size(), 1u);
    return offloads.empty() ? json::object() : offloads[0];
  }
  // Waits for the offload.report_ready event of an offload; its payload.
  json report_ready(std::int64_t offload_id) {
    catalogue::CatalogueReader catalogue(daemon_->data_dir() / "catalogue.db");
    for (int i = 0; i < 900; ++i) {
      auto row = catalogue.db().prepare(
          "SELECT payload FROM events WHERE kind = 'offload.report_ready' AND entity = ? ORDER BY "
          "sequence DESC LIMIT 1");
      row.bind(1, "offload/" + std::to_string(offload_id));
      if (row.step()) {
        return json::parse(row.column_text(0));
      }
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "no report for offload " << offload_id;
    return json::object();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(Reports, ACardsOffloadReportIsOnBothDrivesWithEveryClipChecksumAndTheVerdict) {
  const auto offload = log_demo_day();
  ASSERT_EQ(offload.value("verdict", ""), "safe") << offload.dump(2);
  const auto id = offload["id"].get<std::int64_t>();
  const auto ready = report_ready(id);
  ASSERT_EQ(ready["written"].size(), 2u) << ready.dump(2);
  EXPECT_EQ(ready["failed"].size(), 0u) << ready.dump(2);

  const auto detail = get("/api/v1/offloads/" + std::to_string(id));
  const auto roll = detail["roll"].get<std::string>();
  const auto card_folder = fs::path(detail["destinations"][0]["card_folder"].get<std::string>());
  const auto date = card_folder.parent_path().filename().string();
  const auto clips = get("/api/v1/clips?offload=" + std::to_string(id))["clips"];
  ASSERT_FALSE(clips.empty());
  for (const char* drive : {"raid", "shuttle"}) {
    SCOPED_TRACE(drive);
    // Beside the card folder, in the folder above {roll}: never inside what the ASC MHL covers.
    const auto pdf = dir_ / drive / date / "_slate" / (roll + "_offload.pdf");
    ASSERT_TRUE(fs::exists(pdf)) << pdf;
    EXPECT_EQ(read_text(pdf).substr(0, 5), "%PDF-");
    const auto text = pdf_text(pdf);
    const auto first_page = pdf_text(pdf, 1, 1);
    EXPECT_NE(first_page.find("SAFE TO FORMAT"), std::string::npos) << first_page;
    EXPECT_EQ(text.find("NOT SAFE"), std::string::npos);
    EXPECT_NE(text.find("Night Run"), std::string::npos);
    for (const auto& clip : clips) {
      const auto name = clip["name"].get<std::string>();
      EXPECT_NE(text.find(name), std::string::npos) << name;
      EXPECT_NE(text.find(clip["start_tc"].get<std::string>()), std::string::npos) << name;
    }
    catalogue::CatalogueReader catalogue(daemon_->data_dir() / "catalogue.db");
    auto digests = catalogue.db().prepare(
        "SELECT relative_path, json_extract(digests, '$.xxh64') FROM offload_files WHERE "
        "offload_id = ? AND relative_path LIKE '%.mov'");
    digests.bind(1, id);
    int checked = 0;
    while (digests.step()) {
      ++checked;
      EXPECT_NE(text.find(digests.column_text(1)), std::string::npos) << digests.column_text(0);
    }
    EXPECT_EQ(checked, static_cast<int>(clips.size()));
    expect_fonts_embedded(pdf);
    // The card folder is exactly the card: it verifies, and its ASC MHL is valid.
    const auto verified = daemon_->slate({"verify", (dir_ / drive / date / roll).string()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    for (const auto& manifest : fs::directory_iterator(dir_ / drive / date / roll / "ascmhl")) {
      const auto schema =
          manifest.path().filename() == "ascmhl_chain.xml" ? "ASCMHLDirectory.xsd" : "ASCMHL.xsd";
      const auto linted = testing::run_command(
          {"/usr/bin/xmllint", "--noout", "--schema",
           std::string(SLATE_FIXTURES_DIR) + "/ascmhl/" + schema, manifest.path().string()});
      EXPECT_EQ(linted.exit_code, 0) << linted.err;
    }
  }
  // The strip of each clip is in it: three pictures a clip.
  const auto images =
      testing::run_command({"/usr/bin/pdfimages", "-list",
                            (dir_ / "raid" / date / "_slate" / (roll + "_offload.pdf")).string()});
  EXPECT_GE(static_cast<std::size_t>(std::count(images.out.begin(), images.out.end(), '\n')),
            2 + 3 * clips.size())
      << images.out;
  render_page_one(dir_ / "raid" / date / "_slate" / (roll + "_offload.pdf"), "offload_report");

  // The DIT view's download and the CLI give the kept report.
  const auto answer = testing::raw_http(
      daemon_->port(),
      testing::get_request("/api/v1/offloads/" + std::to_string(id) + "/report.pdf",
                           daemon_->token()));
  EXPECT_EQ(testing::status_of(answer), 200);
  EXPECT_NE(answer.find("Content-Type: application/pdf"), std::string::npos);
  EXPECT_EQ(testing::body_of(answer),
            read_text(dir_ / "shuttle" / date / "_slate" / (roll + "_offload.pdf")));
  const auto saved = daemon_->slate(
      {"report", "offload", std::to_string(id), "-o", (dir_ / "report.pdf").string()});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_EQ(read_text(dir_ / "report.pdf"), testing::body_of(answer));
  // No token, no report; an unknown offload is named.
  EXPECT_EQ(testing::status_of(testing::raw_http(
                daemon_->port(), testing::get_request("/api/v1/offloads/1/report.pdf", ""))),
            401);
  const auto unknown = daemon_->slate({"report", "offload", "999", "-o", "-"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("No offload 999"), std::string::npos) << unknown.err;
}

TEST_F(Reports, ANotSafeCardsReportGivesEveryReasonOnPageOne) {
  // One drive where two are required: copied and verified, and not safe.
  const auto made =
      testing::run_command({"/usr/bin/python3", SLATE_SOURCE_DIR "/tests/tools/make_media_card.py",
                            (dir_ / "B007").string(), "--roll", "B007", "--clips", "2", "--frames",
                            "24", "--size", "320x180"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto offloaded =
      daemon_->slate({"offload", (dir_ / "B007").string(), "--to", (dir_ / "raid").string()});
  EXPECT_EQ(offloaded.exit_code, 1) << offloaded.out;
  const auto offloads = get("/api/v1/offloads")["offloads"];
  ASSERT_EQ(offloads.size(), 1u);
  const auto id = offloads[0]["id"].get<std::int64_t>();
  const auto ready = report_ready(id);
  ASSERT_EQ(ready["written"].size(), 1u) << ready.dump(2);
  const fs::path pdf = ready["written"][0].get<std::string>();
  EXPECT_EQ(pdf.filename(), "B007_offload.pdf");
  const auto first_page = pdf_text(pdf, 1, 1);
  EXPECT_NE(first_page.find("NOT SAFE"), std::string::npos) << first_page;
  EXPECT_NE(first_page.find("at least 2 required"), std::string::npos) << first_page;
  EXPECT_EQ(first_page.find("SAFE TO FORMAT"), std::string::npos) << first_page;
  render_page_one(pdf, "offload_report_not_safe");
}

TEST_F(Reports, TheDaysEditorsLogAndProgressReportComeFromTheApiTheCliAndGoToTheDrivesAtWrap) {
  const auto offload = log_demo_day();
  ASSERT_EQ(offload.value("verdict", ""), "safe");
  json takes;
  for (int i = 0; i < 900; ++i) {
    takes = get("/api/v1/takes")["takes"];
    if (takes.size() == 2 && takes[0]["clips"].size() == 1 && takes[1]["clips"].size() == 1) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(takes.size(), 2u);
  // A circled take with a long note: the log prints it whole.
  const std::string note =
      "Lovely performance from Anna, but the boom dipped into the top of frame at the very end "
      "of the take, just after she turns; editorial should cut before the turn or reframe.";
  const auto marked = send("PATCH", "/api/v1/takes/" + takes[0]["id"].dump(),
                           {{"status", "circled"}, {"notes", note}});
  ASSERT_EQ(testing::status_of(marked), 200) << marked;

  const auto log_file = dir_ / "log.pdf";
  const auto saved =
      daemon_->slate({"report", "day", "--kind", "editors-log", "-o", log_file.string()});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const auto log = pdf_text(log_file);
  EXPECT_NE(log.find("Editor"), std::string::npos) << log;
  for (const auto& take : takes) {
    EXPECT_NE(log.find(take["clips"][0]["name"].get<std::string>()), std::string::npos) << log;
  }
  EXPECT_NE(log.find("12-A/1"), std::string::npos) << log;
  EXPECT_NE(log.find(note), std::string::npos) << log;
  expect_fonts_embedded(log_file);
  render_page_one(log_file, "editors_log");

  const auto answer = testing::raw_http(
      daemon_->port(), testing::get_request("/api/v1/reports/day?kind=progress", daemon_->token()));
  ASSERT_EQ(testing::status_of(answer), 200);
  const auto progress_file = dir_ / "progress.pdf";
  testing::write_file(progress_file, testing::body_of(answer));
  const auto progress = pdf_text(progress_file);
  EXPECT_NE(progress.find("Daily Progress Report"), std::string::npos) << progress;
  EXPECT_NE(progress.find(offload["roll"].get<std::string>()), std::string::npos) << progress;
  EXPECT_NE(progress.find("SAFE TO FORMAT"), std::string::npos) << progress;
  // The wrap check's open item: camera B rolled on 12-A/1 and no B card came.
  EXPECT_NE(progress.find("No clip of camera B is on 12-A/1"), std::string::npos) << progress;
  expect_fonts_embedded(progress_file);
  render_page_one(progress_file, "progress_report");
  EXPECT_EQ(testing::status_of(testing::raw_http(
                daemon_->port(),
                testing::get_request("/api/v1/reports/day?kind=minutes", daemon_->token()))),
            400);
  EXPECT_EQ(testing::status_of(testing::raw_http(
                daemon_->port(), testing::get_request("/api/v1/reports/day?kind=progress&day=99",
                                                      daemon_->token()))),
            404);

  // Wrap: both reports go beside the card folders with the ALE and the CSV.
  ASSERT_EQ(daemon_->slate({"day", "new"}).exit_code, 0);
  const auto date = get("/api/v1/days")["days"][0]["date"].get<std::string>();
  for (const char* drive : {"raid", "shuttle"}) {
    const auto folder = dir_ / drive / date / "_slate";
    const auto name = "Night_Run_day01_" + date;
    for (int i = 0; i < 300 && !fs::exists(folder / (name + "_progress.pdf")); ++i) {
      std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(fs::exists(folder / (name + ".ale"))) << drive;
    EXPECT_GT(pdf_pages(folder / (name + "_editors-log.pdf")), 0) << drive;
    EXPECT_GT(pdf_pages(folder / (name + "_progress.pdf")), 0) << drive;
  }
}

}  // namespace
}  // namespace slate
