// The PDF reports as a person gets them: read back with poppler's own tools (pdftotext, pdfinfo,
// pdffonts, pdfimages, pdftoppm), so a fact holds for the file, not for what the code meant to
// draw. Page 1 of each report is also rendered to build/test-output for a person to look at.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <jpeglib.h>
#include <regex>
#include <set>
#include <sstream>

#include <slate/reports/reports.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::reports {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

struct Rgb {
  unsigned char red, green, blue;
};

// A JPEG of `width` × `height`: a colour gradient (`seed` shifts it, so that no two are the
// same file), or one solid colour.
void write_jpeg(const fs::path& file, int width, int height, std::optional<Rgb> solid = {},
                int seed = 0) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 75, TRUE);
  jpeg_start_compress(&info, TRUE);
  std::vector<unsigned char> row(static_cast<std::size_t>(width) * 3);
  while (info.next_scanline < info.image_height) {
    const auto y = static_cast<int>(info.next_scanline);
    for (int x = 0; x < width; ++x) {
      const Rgb pixel = solid ? *solid
                              : Rgb{static_cast<unsigned char>(255 * x / width),
                                    static_cast<unsigned char>(255 * y / height),
                                    static_cast<unsigned char>(seed * 37 % 256)};
      std::copy_n(&pixel.red, 3, row.begin() + x * 3);
    }
    JSAMPROW rows[] = {row.data()};
    jpeg_write_scanlines(&info, rows, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  write_file(file, std::string(reinterpret_cast<char*>(buffer), size));
  std::free(buffer);
}

Masthead masthead() {
  return {"Night Train", "Main unit", "0.2.0", "2026-12-01 19:42"};
}

std::string hex(std::size_t length, std::size_t seed) {
  std::string digits;
  std::uint64_t state = seed * 2654435761u + 12345;
  while (digits.size() < length) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    digits += "0123456789abcdef"[(state >> 33) % 16];
  }
  return digits;
}

// C4 ids: "c4" and 88 base-58 characters.
std::string c4_id(std::size_t seed) {
  const std::string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::string id = "c4";
  const std::string digits = hex(88, seed + 7);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    id += alphabet[(static_cast<std::size_t>(digits[i]) * 7 + i) % alphabet.size()];
  }
  return id;
}

std::string timecode(int frames) {
  char text[48];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d:%02d", 1 + frames / 90000, frames / 1500 % 60,
                frames / 25 % 60, frames % 25);
  return text;
}

// A card of `clips` clips, each with three thumbnails of the two shapes in `folder`.
OffloadReport offload(std::size_t clips, const fs::path& folder, bool safe = true) {
  OffloadReport report;
  report.masthead = masthead();
  report.card = "A002_SSD";
  report.roll = "A002";
  report.camera = "A";
  report.layout = "ARRI";
  report.source = "/dev/sdb1 on /media/A002";
  report.started_at = "2026-12-01 18:42:00";
  report.finished_at = "2026-12-01 18:46:12";
  report.elapsed = "4 min 12 s";
  report.bytes = 12'400'000'000;
  report.files = static_cast<int>(clips);
  report.hashes = {"xxh64", "md5", "sha1", "c4"};
  report.verify_mode = "full";
  report.safe = safe;
  report.destinations_required = 2;
  report.destinations_verified = safe ? 3 : 1;
  for (const std::string name : {"RAID-1", "Shuttle A", "Shuttle B"}) {
    OffloadDestination destination;
    destination.name = name;
    destination.path = "/media/" + name + "/Night Train/Day 03/A002_SSD";
    destination.volume_label = name;
    destination.free_bytes = 1'200'000'000'000;
    destination.state = "verified";
    destination.files = destination.files_verified = static_cast<int>(clips);
    destination.bytes_verified = report.bytes;
    destination.manifest = "ascmhl/0001_A002_2026-12-01_184200Z.mhl";
    report.destinations.push_back(destination);
  }
  if (!safe) {
    report.reasons = {"Shuttle A: checksum mismatch on A002C003_141024_R2EC.mov (xxh64)",
                      "Shuttle B: the drive was unplugged before verification finished",
                      "Only 1 of 2 required destinations verified"};
    report.destinations[1].state = "failed";
    report.destinations[1].reason = "checksum mismatch on A002C003_141024_R2EC.mov";
    report.destinations[2].state = "copied, not verified";
    report.destinations[2].free_bytes.reset();
  }
  for (std::size_t i = 0; i < clips; ++i) {
    OffloadClip clip;
    char name[48];
    std::snprintf(name, sizeof name, "A002C%03zu_141024_R2EC", i + 1);
    clip.name = name;
    clip.file = clip.name + ".mov";
    // Distinct pictures: a 300-clip card has 900 thumbnails, not one drawn 900 times. The
    // middle one is upright (a phone's clip).
    for (int n = 0; n < 3; ++n) {
      const fs::path file = folder / (clip.name + "_" + std::to_string(n) + ".jpg");
      if (!fs::exists(file)) {
        write_jpeg(file, n == 1 ? 90 : 160, n == 1 ? 160 : 90, {}, static_cast<int>(i) * 3 + n);
      }
      clip.thumbnails.push_back(file);
    }
    const int start = static_cast<int>(i) * 400;
    clip.tc_in = timecode(start);
    clip.tc_out = timecode(start + 305);
    clip.duration = "00:00:12:05";
    clip.rate = "25";
    clip.resolution = "3840×2160";
    clip.codec = "ProRes 422 HQ";
    clip.audio_channels = 2;
    clip.size = 41'000'000'000 / (clips + 1);
    clip.checksums = {
        {"xxh64", hex(16, i)}, {"md5", hex(32, i)}, {"sha1", hex(40, i)}, {"c4", c4_id(i)}};
    clip.scene_take = "12A-" + std::to_string(i + 1);
    for (const auto& destination : report.destinations) {
      clip.copies.push_back({destination.name, "verified", true});
    }
    report.clips.push_back(clip);
  }
  return report;
}

// A report's PDF on disk, read back with poppler-utils.
class Pdf {
 public:
  Pdf(const Document& document, const fs::path& file) : file_(file) {
    write_file(file_, document.pdf);
  }

  int pages() const {
    const auto info = tool({"/usr/bin/pdfinfo", file_.string()});
    std::smatch match;
    static const std::regex pages_line("Pages:\\s+(\\d+)");
    return std::regex_search(info, match, pages_line) ? std::stoi(match[1]) : -1;
  }
  /// One page's text as laid out; 0: every page. Read once: pdftotext ends each page with a
  /// form feed.
  std::string text(int page = 0) const {
    if (pages_text_.empty()) {
      std::string page_text;
      for (const char c : tool({"/usr/bin/pdftotext", "-layout", file_.string(), "-"})) {
        if (c == '\f') {
          pages_text_.push_back(page_text);
          page_text.clear();
        } else {
          page_text += c;
        }
      }
    }
    if (page == 0) {
      std::string all;
      for (const auto& text : pages_text_) {
        all += text + "\n";
      }
      return all;
    }
    return static_cast<std::size_t>(page) <= pages_text_.size()
               ? pages_text_[static_cast<std::size_t>(page - 1)]
               : std::string();
  }
  /// Each word drawn and the box it was drawn in, in points from the page's top left.
  struct Word {
    std::string text;
    double left = 0, top = 0, right = 0, bottom = 0;
  };
  std::vector<Word> words(int page) const {
    const auto html = tool({"/usr/bin/pdftotext", "-bbox", "-f", std::to_string(page), "-l",
                            std::to_string(page), file_.string(), "-"});
    static const std::regex word(
        "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
        "yMax=\"([0-9.]+)\">([^<]*)</word>");
    std::vector<Word> found;
    for (std::sregex_iterator match(html.begin(), html.end(), word), end; match != end; ++match) {
      found.push_back({(*match)[5], std::stod((*match)[1]), std::stod((*match)[2]),
                       std::stod((*match)[3]), std::stod((*match)[4])});
    }
    return found;
  }
  /// The text in the order it was drawn, each run of whitespace one space: a wrapped paragraph
  /// reads as it was written.
  std::string flowing_text() const {
    return normalised(tool({"/usr/bin/pdftotext", "-raw", file_.string(), "-"}));
  }
  std::string fonts() const { return tool({"/usr/bin/pdffonts", file_.string()}); }
  std::string images() const { return tool({"/usr/bin/pdfimages", "-list", file_.string()}); }

  /// Page 1 as a PNG in build/test-output, for a person to look at.
  void keep_preview(const std::string& name) const {
    const fs::path folder = SLATE_TEST_OUTPUT_DIR;
    fs::create_directories(folder);
    tool({"/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
          file_.string(), (folder / name).string()});
  }

  static std::string normalised(const std::string& text) {
    std::string result;
    for (const char c : text) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!result.empty() && result.back() != ' ') {
          result += ' ';
        }
      } else {
        result += c;
      }
    }
    return result;
  }

  static std::string tool(const std::vector<std::string>& argv) {
    const auto result = run_command(argv);
    EXPECT_EQ(result.exit_code, 0) << argv.front() << ": " << result.err;
    return result.out;
  }

  const fs::path& file() const { return file_; }

 private:
  fs::path file_;
  mutable std::vector<std::string> pages_text_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Offload report.

TEST(ReportsOffload, PagesAreTheLayoutsForAnyNumberOfClipsOnBothPapers) {
  TempDir folder;
  for (const bool safe : {true, false}) {
    for (const Paper paper : {Paper::a4, Paper::letter}) {
      for (const std::size_t clips : {std::size_t{1}, std::size_t{30}, std::size_t{300}}) {
        const auto report = offload(clips, folder.path(), safe);
        const auto layout = offload_layout(report, paper);
        const auto document = render_offload_report(report, paper);
        const Pdf pdf(document, folder / "report.pdf");
        SCOPED_TRACE(std::to_string(clips) + " clips, safe " + std::to_string(safe) + ", " +
                     (paper == Paper::a4 ? "A4" : "Letter"));
        EXPECT_GT(layout.per_page, layout.first_page);
        EXPECT_EQ(pdf.pages(), layout.pages_for(clips));
        EXPECT_EQ(document.pages, layout.pages_for(clips));
        for (int page = 2; page <= pdf.pages(); ++page) {
          const auto text = pdf.text(page);
          EXPECT_TRUE(contains(text, "Checksums") && contains(text, "Timecode")) << page;
        }
      }
    }
  }
}

TEST(ReportsOffload, PagesForCountsTheRowsPastPageOne) {
  const OffloadLayout layout{3, 8};
  EXPECT_EQ(layout.pages_for(0), 1);
  EXPECT_EQ(layout.pages_for(3), 1);
  EXPECT_EQ(layout.pages_for(4), 2);
  EXPECT_EQ(layout.pages_for(11), 2);
  EXPECT_EQ(layout.pages_for(12), 3);
  EXPECT_EQ((OffloadLayout{0, 8}).pages_for(1), 2);
}

TEST(ReportsOffload, EveryClipNameChecksumAndTimecodeIsInTheText) {
  TempDir folder;
  const auto report = offload(30, folder.path());
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");
  const auto text = pdf.text();
  for (const auto& clip : report.clips) {
    EXPECT_TRUE(contains(text, clip.name)) << clip.name;
    EXPECT_TRUE(contains(text, clip.tc_in)) << clip.tc_in;
    EXPECT_TRUE(contains(text, clip.tc_out)) << clip.tc_out;
    for (const auto& [algorithm, digest] : clip.checksums) {
      EXPECT_TRUE(contains(text, digest)) << algorithm << " " << digest;
    }
  }
  EXPECT_TRUE(contains(text, "SAFE TO FORMAT"));
  EXPECT_TRUE(contains(text, "12.4 GB (12,400,000,000 bytes)"));
  pdf.keep_preview("offload-safe");
}

TEST(ReportsOffload, EveryChecksumFitsItsColumnOnOneLine) {
  TempDir folder;
  const auto report = offload(3, folder.path());
  const Pdf pdf(render_offload_report(report, Paper::letter), folder / "report.pdf");
  const auto words = pdf.words(1);
  const auto copies_head = std::find_if(words.begin(), words.end(),
                                        [](const auto& word) { return word.text == "Copies"; });
  ASSERT_NE(copies_head, words.end());
  for (const auto& clip : report.clips) {
    for (const auto& [algorithm, digest] : clip.checksums) {
      const auto word = std::find_if(words.begin(), words.end(),
                                     [&](const auto& found) { return found.text == digest; });
      ASSERT_NE(word, words.end()) << algorithm << " " << digest;
      EXPECT_LT(word->right, copies_head->left) << algorithm << " runs into the copies";
      EXPECT_GT(word->bottom - word->top, 2.5) << algorithm << " is too small to read";
    }
  }
}

TEST(ReportsOffload, NotSafeGivesEveryReasonOnPageOne) {
  TempDir folder;
  const auto report = offload(30, folder.path(), false);
  const Pdf pdf(render_offload_report(report, Paper::letter), folder / "report.pdf");
  const auto page_one = Pdf::normalised(pdf.text(1));
  EXPECT_TRUE(contains(page_one, "NOT SAFE"));
  EXPECT_FALSE(contains(page_one, "SAFE TO FORMAT"));
  EXPECT_TRUE(contains(page_one, "Destinations verified: 1 · required: 2"));
  for (const auto& reason : report.reasons) {
    EXPECT_TRUE(contains(pdf.flowing_text(), reason)) << reason;
    // On page 1, whatever wrapping did to it.
    EXPECT_TRUE(contains(page_one, reason.substr(0, 20))) << reason;
  }
  EXPECT_TRUE(contains(page_one, "checksum mismatch on A002C003_141024_R2EC.mov"));
  pdf.keep_preview("offload-not-safe");
}

TEST(ReportsOffload, MoreReasonsThanAPageHoldsRunOverAndAreAllPrinted) {
  TempDir folder;
  auto report = offload(30, folder.path(), false);
  for (int i = 0; i < 60; ++i) {
    report.reasons.push_back("A002C" + std::to_string(100 + i) +
                             "_141024_R2EC.mov: the copy on Shuttle A does not match the card");
  }
  const auto layout = offload_layout(report, Paper::a4);
  EXPECT_GT(layout.lead_pages, 1);
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");
  EXPECT_EQ(pdf.pages(), layout.pages_for(report.clips.size()));
  EXPECT_TRUE(contains(pdf.text(1), "NOT SAFE"));
  const auto text = pdf.flowing_text();
  for (const auto& reason : report.reasons) {
    EXPECT_TRUE(contains(text, reason)) << reason;
  }
  for (const auto& clip : report.clips) {
    EXPECT_TRUE(contains(text, clip.name)) << clip.name;
  }
}

TEST(ReportsOffload, SafeSaysSafeToFormatAndNotNotSafe) {
  TempDir folder;
  const Pdf pdf(render_offload_report(offload(1, folder.path()), Paper::a4), folder / "r.pdf");
  EXPECT_TRUE(contains(pdf.text(1), "SAFE TO FORMAT"));
  EXPECT_FALSE(contains(pdf.text(), "NOT SAFE"));
}

TEST(ReportsOffload, FailedAndWarnedClipsComeFirstInCardOrder) {
  TempDir folder;
  auto report = offload(6, folder.path());
  report.clips[4].failed = true;
  report.clips[1].warnings = {"Timecode jumps at 01:00:04:00"};
  report.clips[2].failed = true;
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");
  const auto text = pdf.text();
  std::vector<std::size_t> at;
  for (const std::size_t clip : {2u, 4u, 1u, 0u, 3u, 5u}) {
    at.push_back(text.find(report.clips[clip].name + "  ·"));
  }
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end()));
  EXPECT_TRUE(contains(text, "Timecode jumps at 01:00:04:00"));
}

TEST(ReportsOffload, FontsAreEmbeddedAndEveryPageIsText) {
  TempDir folder;
  const Pdf pdf(render_offload_report(offload(30, folder.path()), Paper::a4), folder / "r.pdf");
  std::istringstream fonts(pdf.fonts());
  std::string line;
  int listed = 0;
  std::getline(fonts, line);
  const auto emb = line.find("emb");
  ASSERT_NE(emb, std::string::npos);
  std::getline(fonts, line);  // -----
  while (std::getline(fonts, line)) {
    ++listed;
    EXPECT_EQ(line.substr(emb, 3), "yes") << line;
  }
  EXPECT_GE(listed, 2);  // Sans and Sans Mono at least
  const int pages = pdf.pages();
  for (int page = 1; page <= pages; ++page) {
    const auto text = pdf.text(page);
    EXPECT_TRUE(contains(text, "Night Train")) << page;
    EXPECT_TRUE(contains(text, "Offload report — A002")) << page;
    EXPECT_TRUE(contains(text, "Slate 0.2.0")) << page;
    EXPECT_TRUE(contains(text, "Page " + std::to_string(page) + " of " + std::to_string(pages)));
  }
}

TEST(ReportsOffload, ALongNameIsShortenedInItsCellAndPrintedInFull) {
  TempDir folder;
  auto report = offload(1, folder.path());
  auto& clip = report.clips.front();
  clip.name = "A002C001_141024_R2EC_THE_VERY_LONG_NAME_OF_A_CLIP_RENAMED_ON_SET";
  clip.file = clip.name + ".mov";
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");
  EXPECT_TRUE(contains(Pdf::normalised(pdf.text()), clip.name + " · " + clip.file));
  // Cairo keeps the elided characters as the ellipsis's actual text, so the name's cell reads in
  // full too: what shows it was shortened is that it ends before the timecode column begins.
  const auto words = pdf.words(1);
  const auto timecode_head = std::find_if(words.begin(), words.end(),
                                          [](const auto& word) { return word.text == "Timecode"; });
  ASSERT_NE(timecode_head, words.end());
  const auto cell = std::find_if(words.begin(), words.end(), [&](const auto& word) {
    return word.text.starts_with("A002C001_141024_R2EC_THE");
  });
  ASSERT_NE(cell, words.end());
  EXPECT_LT(cell->right, timecode_head->left) << cell->text;
  const auto detail =
      std::find_if(cell + 1, words.end(), [&](const auto& word) { return word.text == clip.name; });
  ASSERT_NE(detail, words.end());
  EXPECT_GT(detail->top, cell->top);
  EXPECT_GT(detail->right, timecode_head->left) << "the detail line runs under the columns";
}

TEST(ReportsOffload, MissingOrBrokenThumbnailsArePlaceholders) {
  TempDir folder;
  auto report = offload(3, folder.path());
  report.clips[0].thumbnails = {folder / "nowhere.jpg"};
  write_file(folder / "broken.jpg", "not a jpeg at all");
  report.clips[1].thumbnails = {folder / "broken.jpg"};
  report.clips[2].thumbnails.clear();
  report.clips[2].placeholder = "RAW";
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");
  const auto text = pdf.text();
  EXPECT_TRUE(contains(text, "No preview"));
  EXPECT_TRUE(contains(text, "RAW"));
  EXPECT_EQ(pdf.pages(), 1);
}

// The bounding box of the pixels near `colour` in a P6 PPM.
struct Extent {
  int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
  double aspect() const {
    return static_cast<double>(right - left + 1) / static_cast<double>(bottom - top + 1);
  }
};

Extent extent_of(const std::string& ppm, Rgb colour) {
  std::istringstream in(ppm);
  std::string magic;
  int width = 0, height = 0, maximum = 0;
  in >> magic >> width >> height >> maximum;
  in.get();
  const auto start = static_cast<std::size_t>(in.tellg());
  Extent extent;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto at = start + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                               static_cast<std::size_t>(x)) *
                                  3;
      const auto near = [&](std::size_t channel, unsigned char value) {
        return std::abs(static_cast<unsigned char>(ppm[at + channel]) - value) < 40;
      };
      if (near(0, colour.red) && near(1, colour.green) && near(2, colour.blue)) {
        extent.left = std::min(extent.left, x);
        extent.right = std::max(extent.right, x);
        extent.top = std::min(extent.top, y);
        extent.bottom = std::max(extent.bottom, y);
      }
    }
  }
  return extent;
}

TEST(ReportsOffload, ThumbnailsKeepTheirShapeAndAreStoredAsJpeg) {
  TempDir folder;
  auto report = offload(1, folder.path());
  const Rgb magenta{255, 0, 255}, cyan{0, 255, 255};
  write_jpeg(folder / "landscape.jpg", 160, 90, magenta);
  write_jpeg(folder / "portrait.jpg", 90, 160, cyan);
  report.clips[0].thumbnails = {folder / "landscape.jpg", folder / "portrait.jpg"};
  const Pdf pdf(render_offload_report(report, Paper::a4), folder / "report.pdf");

  const auto images = pdf.images();
  EXPECT_TRUE(std::regex_search(images, std::regex("\\s160\\s+90\\s+rgb\\s+3\\s+8\\s+jpeg")))
      << images;
  EXPECT_TRUE(std::regex_search(images, std::regex("\\s90\\s+160\\s+rgb\\s+3\\s+8\\s+jpeg")))
      << images;

  Pdf::tool({"/usr/bin/pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-singlefile",
             pdf.file().string(), (folder / "page").string()});
  const auto ppm = read_file(folder / "page.ppm");
  const auto landscape = extent_of(ppm, magenta);
  const auto portrait = extent_of(ppm, cyan);
  ASSERT_GE(landscape.right, 0);
  ASSERT_GE(portrait.right, 0);
  EXPECT_NEAR(landscape.aspect(), 16.0 / 9.0, 0.08);
  EXPECT_NEAR(portrait.aspect(), 9.0 / 16.0, 0.04);
}

TEST(ReportsOffload, ThreeHundredClipsWithNineHundredThumbnailsStaySmall) {
  TempDir folder;
  const auto report = offload(300, folder.path());
  const auto document = render_offload_report(report, Paper::a4);
  EXPECT_LT(document.pdf.size(), 2'000'000u);
  // Sharper: the pictures cost what their files do, plus a little for each image's dictionary.
  std::uintmax_t jpeg_bytes = 0;
  for (const auto& clip : report.clips) {
    for (const auto& file : clip.thumbnails) {
      jpeg_bytes += fs::file_size(file);
    }
  }
  auto without_pictures = report;
  for (auto& clip : without_pictures.clips) {
    clip.thumbnails.clear();
  }
  const auto text_only = render_offload_report(without_pictures, Paper::a4).pdf.size();
  EXPECT_LT(document.pdf.size(), text_only + jpeg_bytes + 900 * 400);
  const Pdf pdf(document, folder / "report.pdf");
  const auto images = pdf.images();
  std::size_t jpegs = 0;
  for (std::size_t at = images.find(" jpeg "); at != std::string::npos;
       at = images.find(" jpeg ", at + 1)) {
    ++jpegs;
  }
  EXPECT_EQ(jpegs, 900u);
  EXPECT_TRUE(contains(pdf.text(pdf.pages()), report.clips.back().name));
}

TEST(ReportsOffload, MetadataNamesTheReportAndSlate) {
  TempDir folder;
  const Pdf pdf(render_offload_report(offload(1, folder.path()), Paper::letter), folder / "r.pdf");
  const auto info = Pdf::tool({"/usr/bin/pdfinfo", pdf.file().string()});
  EXPECT_TRUE(contains(info, "Offload report — A002")) << info;
  EXPECT_TRUE(contains(info, "Slate 0.2.0")) << info;
  EXPECT_TRUE(contains(info, "792 x 612 pts")) << info;
}

TEST(ReportsPaper, ParsesA4AndLetterOnly) {
  EXPECT_EQ(parse_paper("a4"), Paper::a4);
  EXPECT_EQ(parse_paper("letter"), Paper::letter);
  EXPECT_EQ(parse_paper("A5"), std::nullopt);
  EXPECT_EQ(parse_paper(""), std::nullopt);
}

// Editor's Log.

const std::string kLongNote =
    "Anna drops the letter on the second beat instead of the third, which the director liked "
    "better; keep an eye on continuity of the envelope, it was torn on the left in 12A-2 and on "
    "the right here. Boom dipped into frame top left around the middle of the take, probably "
    "fixable with a reframe. The kettle whistle came in early and overlaps the line about the "
    "train, so sound will want a wild track of the kitchen before we strike the set. Focus "
    "buzzed on the push in but settled before the close up, which is the part editorial needs.";

EditorsLog editors_log(int scenes, int setups_per_scene, int takes_per_setup) {
  EditorsLog log;
  log.masthead = masthead();
  log.day = "Day 3 · Tuesday 2026-12-01";
  int frame = 0;
  for (int s = 0; s < scenes; ++s) {
    LoggedScene scene;
    scene.number = std::to_string(10 + s);
    scene.description = "INT. KITCHEN - NIGHT. Anna finds the letter.";
    for (int u = 0; u < setups_per_scene; ++u) {
      LoggedSetup setup;
      setup.name = scene.number + std::string(1, static_cast<char>('A' + u));
      setup.description = "MCU Anna, 50 mm";
      for (int t = 0; t < takes_per_setup; ++t) {
        LoggedTake take;
        take.name = setup.name + "-" + std::to_string(t + 1);
        take.circled = t % 3 == 2;
        take.status = take.circled ? "Circled" : "Kept";
        take.director_pick = t % 5 == 4;
        take.flags = t % 4 == 0 ? "MOS" : "";
        take.rolled_at = timecode(frame);
        take.cut_at = timecode(frame + 1800);
        take.duration = "00:01:12";
        take.clips = {{"A", "A002C" + std::to_string(100 + frame / 2000) + "_141024_R2EC", "A002",
                       "A002", timecode(frame), timecode(frame + 1800)},
                      {"B", "B001C" + std::to_string(100 + frame / 2000) + "_141024_X9TB", "B001",
                       "B001", timecode(frame), timecode(frame + 1800)}};
        take.notes = t % 2 ? "Good for performance; soft focus at the end." : "";
        frame += 2000;
        setup.takes.push_back(take);
        ++scene.takes;
        scene.circled += take.circled ? 1 : 0;
      }
      scene.setups.push_back(setup);
    }
    scene.duration = "00:12:40";
    scene.circled_duration = "00:03:10";
    log.takes += scene.takes;
    log.circled += scene.circled;
    log.scenes.push_back(scene);
  }
  log.duration = "03:40:00";
  log.circled_duration = "01:10:00";
  return log;
}

TEST(ReportsEditorsLog, ThreeHundredTakesRunOverPagesWithHeadersAndTotals) {
  TempDir folder;
  const auto log = editors_log(10, 3, 10);
  const Pdf pdf(render_editors_log(log, Paper::a4), folder / "log.pdf");
  const int pages = pdf.pages();
  ASSERT_GT(pages, 1);
  for (int page = 1; page <= pages; ++page) {
    const auto text = pdf.text(page);
    EXPECT_TRUE(contains(text, "Editor's Log — Day 3 · Tuesday 2026-12-01")) << page;
    EXPECT_TRUE(contains(text, "Roll / cut") && contains(text, "Notes")) << page;
    EXPECT_TRUE(contains(text, "Page " + std::to_string(page) + " of " + std::to_string(pages)));
  }
  const auto text = pdf.text();
  EXPECT_TRUE(contains(text, "(continued)"));
  for (const auto& scene : log.scenes) {
    EXPECT_TRUE(contains(text, "Scene " + scene.number + " total: 30 takes · " +
                                   std::to_string(scene.circled) + " circled"));
    for (const auto& setup : scene.setups) {
      for (const auto& take : setup.takes) {
        EXPECT_TRUE(contains(text, take.circled ? "◉ " + take.name : take.name + " ")) << take.name;
      }
    }
  }
  EXPECT_TRUE(contains(text, "Day total: 300 takes · 90 circled"));
  EXPECT_TRUE(contains(text, "★ Director"));
  pdf.keep_preview("editors-log");
}

TEST(ReportsEditorsLog, ASceneOverAPageBreakIsContinuedByName) {
  TempDir folder;
  const Pdf pdf(render_editors_log(editors_log(1, 1, 40), Paper::letter), folder / "log.pdf");
  ASSERT_GT(pdf.pages(), 1);
  EXPECT_TRUE(contains(pdf.text(2), "Scene 10 (continued)"));
  EXPECT_TRUE(contains(pdf.text(2), "Setup 10A (continued)"));
}

TEST(ReportsEditorsLog, ALongNoteIsPrintedWordForWord) {
  TempDir folder;
  auto log = editors_log(1, 1, 3);
  log.scenes[0].setups[0].takes[1].notes = kLongNote;
  ASSERT_GE(kLongNote.size(), 500u);
  const Pdf pdf(render_editors_log(log, Paper::a4), folder / "log.pdf");
  EXPECT_TRUE(contains(pdf.flowing_text(), kLongNote)) << pdf.flowing_text();
  // The text layer would hold it even behind an ellipsis (Cairo keeps what was elided as the
  // ellipsis's actual text): what shows it is printed is that it wraps, inside the page.
  const auto words = pdf.words(1);
  const auto notes_head = std::find_if(words.begin(), words.end(),
                                       [](const auto& word) { return word.text == "Notes"; });
  ASSERT_NE(notes_head, words.end());
  std::set<double> lines;
  for (const auto& word : words) {
    if (word.left >= notes_head->left - 1 && word.top > notes_head->bottom) {
      lines.insert(std::round(word.top));
      EXPECT_LE(word.right, 842 - 27) << word.text;
    }
  }
  EXPECT_GE(lines.size(), 10u) << "600 characters in a column a quarter of the page wide";
}

TEST(ReportsEditorsLog, ATakeTallerThanAPageIsSplitNotLost) {
  TempDir folder;
  auto log = editors_log(1, 1, 2);
  std::string notes;
  for (int i = 0; i < 16; ++i) {
    notes += kLongNote + " ";
  }
  notes += "The last words of the note.";
  log.scenes[0].setups[0].takes[0].notes = notes;
  const Pdf pdf(render_editors_log(log, Paper::a4), folder / "log.pdf");
  EXPECT_GT(pdf.pages(), 1);
  EXPECT_TRUE(contains(pdf.flowing_text(), "The last words of the note."));
}

// Daily Progress Report.

ProgressReport progress(int scenes, int cards) {
  ProgressReport report;
  report.masthead = masthead();
  report.date = "Tuesday 2026-12-01";
  report.day_number = 3;
  report.schedule_days = 40;
  report.unit = "Main unit";
  report.times = {{"Call", "07:00"},     {"First roll", "08:12"},
                  {"Lunch", "13:00"},    {"Back from lunch", "14:00"},
                  {"Last cut", "19:02"}, {"Wrap", ""}};
  for (int s = 0; s < scenes; ++s) {
    report.scenes.push_back({std::to_string(100 + s), "EXT. PLATFORM - DAY. The train pulls in.",
                             s % 2 == 0, 3, 10, 3, "1 3/8"});
  }
  report.scenes_complete = (scenes + 1) / 2;
  report.scenes_part = scenes / 2;
  report.setups = 3 * scenes;
  report.takes = 10 * scenes;
  report.circled = 3 * scenes;
  report.minutes_all = "42.5";
  report.minutes_circled = "12.1";
  report.pages_shot = "4 6/8";
  for (int c = 0; c < cards; ++c) {
    char roll[24];
    std::snprintf(roll, sizeof roll, "A%03d", c + 1);
    const bool safe = c % 7 != 3;
    report.cards.push_back({roll, "A", 40, 250'000'000'000, safe,
                            safe ? "SAFE TO FORMAT" : "NOT SAFE: Shuttle B not verified"});
    report.bytes += 250'000'000'000;
  }
  report.open_items = {"Take 12A-3 has no clip from camera B",
                       "Card A004 is not safe to format: Shuttle B not verified",
                       "Take 14-2 is still rolling"};
  return report;
}

TEST(ReportsProgress, PrintsTheDayTimesCardsAndOpenItems) {
  TempDir folder;
  const auto report = progress(4, 8);
  const Pdf pdf(render_progress_report(report, Paper::a4), folder / "dpr.pdf");
  const auto text = pdf.text();
  EXPECT_TRUE(contains(text, "Daily Progress Report"));
  EXPECT_TRUE(contains(text, "Day 3 of 40"));
  EXPECT_TRUE(contains(text, "Tuesday 2026-12-01"));
  for (const auto& mark : report.times) {
    EXPECT_TRUE(contains(text, mark.label)) << mark.label;
    EXPECT_TRUE(contains(text, mark.at.empty() ? "—" : mark.at)) << mark.label;
  }
  for (const auto& card : report.cards) {
    EXPECT_TRUE(contains(text, card.roll));
  }
  EXPECT_TRUE(contains(text, "NOT SAFE: Shuttle B not verified"));
  EXPECT_TRUE(contains(text, "SAFE TO FORMAT"));
  EXPECT_TRUE(contains(text, "2.0 TB (2,000,000,000,000 bytes)"));
  for (const auto& item : report.open_items) {
    EXPECT_TRUE(contains(text, item)) << item;
  }
  EXPECT_TRUE(contains(text, "42.5"));
  EXPECT_TRUE(contains(text, "4 6/8"));
  pdf.keep_preview("progress-report");
}

TEST(ReportsProgress, NothingOpenSaysSo) {
  TempDir folder;
  auto report = progress(2, 1);
  report.open_items.clear();
  const Pdf pdf(render_progress_report(report, Paper::letter), folder / "dpr.pdf");
  EXPECT_TRUE(contains(pdf.text(), "Wrap check: nothing open."));
}

TEST(ReportsProgress, ALongDayRunsOverPagesWithTheTableHeaderRepeated) {
  TempDir folder;
  const auto report = progress(300, 60);
  const Pdf pdf(render_progress_report(report, Paper::a4), folder / "dpr.pdf");
  const int pages = pdf.pages();
  ASSERT_GT(pages, 2);
  int continued = 0;
  for (int page = 2; page <= pages; ++page) {
    const auto text = pdf.text(page);
    EXPECT_TRUE(contains(text, "Night Train")) << page;
    EXPECT_TRUE(contains(text, "Page " + std::to_string(page) + " of " + std::to_string(pages)));
    continued += contains(text, "Scenes (continued)") || contains(text, "Cards (continued)");
  }
  EXPECT_GE(continued, pages - 2);
  const auto text = pdf.text();
  for (const auto& scene : report.scenes) {
    EXPECT_TRUE(contains(text, scene.number + " ")) << scene.number;
  }
  EXPECT_TRUE(contains(text, "60 cards"));
}

}  // namespace
}  // namespace slate::reports
