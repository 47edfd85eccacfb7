#include <algorithm>
#include <cstddef>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/exports/ale.hpp>
#include <slate/testing/ale_lint.hpp>

namespace slate::exports {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The six sample ALEs, copied from ../shared/standards/ale (other tools' output; see the README).
std::string sample(const std::string& name) {
  std::ifstream file(std::string(SLATE_FIXTURES_DIR) + "/ale/" + name, std::ios::binary);
  EXPECT_TRUE(file) << name;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string cell(const Ale& ale, std::size_t row, std::string_view column) {
  const std::optional<std::size_t> at = ale.column(column);
  EXPECT_TRUE(at.has_value()) << column;
  return at && row < ale.rows.size() ? ale.rows[row].at(*at) : std::string("(none)");
}

void expect_same(const Ale& actual, const Ale& expected) {
  EXPECT_EQ(actual.heading, expected.heading);
  EXPECT_EQ(actual.columns, expected.columns);
  EXPECT_EQ(actual.rows, expected.rows);
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string replaced_everywhere(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// An ALE shaped like a day's export from Slate: the columns, with clips at 25, 23.976,
// 29.97 drop-frame and one rolling through midnight, and a MOS clip (Tracks V).
Ale day_export() {
  Ale ale;
  ale.heading = {
      {"FIELD_DELIM", "TABS"}, {"VIDEO_FORMAT", "1080"}, {"AUDIO_FORMAT", "48kHz"}, {"FPS", "25"}};
  ale.columns = {"Name",          "Tracks",      "Start",    "End",      "Duration",    "FPS",
                 "Tape",          "Source File", "Camroll",  "Camera",   "Scene",       "Take",
                 "Shoot Date",    "DESCRIPT",    "Comments", "Circled",  "Take Status", "Setup",
                 "Director Flag", "Unit",        "Day",      "Checksum", "Image Size",  "Codec"};
  // What the day's clips share; a column named by neither this nor the clip is left empty.
  const std::map<std::string, std::string> shared{{"Tape", "A001"},
                                                  {"Camroll", "A001"},
                                                  {"Camera", "A"},
                                                  {"Shoot Date", "20261201"},
                                                  {"DESCRIPT", "wide"},
                                                  {"Circled", "Yes"},
                                                  {"Take Status", "good"},
                                                  {"Setup", "A"},
                                                  {"Unit", "main"},
                                                  {"Day", "1"},
                                                  {"Checksum", "xxh64:0123456789abcdef"},
                                                  {"Image Size", "1920x1080"},
                                                  {"Codec", "ProRes 422 HQ"}};
  const auto clip = [&](std::map<std::string, std::string> values) {
    values.insert(shared.begin(), shared.end());
    values["Source File"] = values["Name"] + ".mov";
    std::vector<std::string> row;
    for (const std::string& column : ale.columns) {
      row.push_back(values[column]);
    }
    return row;
  };
  ale.rows = {
      clip({{"Name", "A001C001"},
            {"Tracks", "VA1A2"},
            {"Start", "10:00:00:00"},
            {"End", "10:00:10:00"},
            {"Duration", "00:00:10:00"},
            {"FPS", "25"},
            {"Scene", "12"},
            {"Take", "1"},
            {"Comments", "good for performance"}}),
      clip({{"Name", "A001C002"},
            {"Tracks", "V"},
            {"Start", "11:59:58:20"},
            {"End", "12:00:01:04"},
            {"Duration", "00:00:02:08"},
            {"FPS", "23.976"},
            {"Scene", "12"},
            {"Take", "2"},
            {"Comments", "MOS"}}),
      // One frame from the last of minute 0 to the first of minute 1, which starts at ;02.
      clip({{"Name", "A001C003"},
            {"Tracks", "VA1A2A3A4"},
            {"Start", "10:00:59;29"},
            {"End", "10:01:00;02"},
            {"Duration", "00:00:00;01"},
            {"FPS", "29.97"},
            {"Scene", "12A"},
            {"Take", "1"}}),
      clip({{"Name", "A001C004"},
            {"Tracks", "VA1"},
            {"Start", "23:59:50:00"},
            {"End", "00:00:05:00"},
            {"Duration", "00:00:15:00"},
            {"FPS", "25"},
            {"Scene", "14"},
            {"Take", "1"},
            {"Comments", "rolled through midnight"}}),
  };
  return ale;
}

// --- ale_value, Ale's look-ups, AleError ---------------------------------------------------------

TEST(AleValue, ReplacesEachTabCrAndLfWithOneSpace) {
  EXPECT_EQ(ale_value("a\tb\rc\nd"), "a b c d");
  // A Windows line break is one break: one space, not two.
  EXPECT_EQ(ale_value("line one\r\nline two"), "line one line two");
  EXPECT_EQ(ale_value("\n\n"), "  ");
  EXPECT_EQ(ale_value("\r\r\n"), "  ");
  EXPECT_EQ(ale_value("Szene 12 – gut"), "Szene 12 – gut");
  EXPECT_EQ(ale_value(""), "");
}

TEST(Ale, HeadingValueIgnoresCase) {
  Ale ale;
  ale.heading = {{"FIELD_DELIM", "TABS"}, {"fps", "23.976"}};
  EXPECT_EQ(ale.heading_value("FPS"), "23.976");
  EXPECT_EQ(ale.heading_value("Field_Delim"), "TABS");
  EXPECT_EQ(ale.heading_value("VIDEO_FORMAT"), std::nullopt);
}

TEST(Ale, ColumnIsMatchedExactlyAsSpelled) {
  Ale ale;
  ale.columns = {"Name", "Tracks", "Source File"};
  EXPECT_EQ(ale.column("Source File"), 2U);
  // Avid merges on exact column names, so "name" is another column than "Name".
  EXPECT_EQ(ale.column("name"), std::nullopt);
  EXPECT_EQ(ale.column("Source file"), std::nullopt);
}

TEST(AleError, MessageNamesTheLine) {
  const AleError error(12, "something is wrong");
  EXPECT_EQ(error.line(), 12U);
  EXPECT_STREQ(error.what(), "line 12: something is wrong");
}

// --- write_ale ----------------------------------------------------------------------------------

TEST(WriteAle, WritesTheSectionsAsAvidReadsThem) {
  Ale ale;
  ale.heading = {{"FIELD_DELIM", "TABS"}, {"FPS", "25"}};
  ale.columns = {"Name", "Tracks", "Comments"};
  ale.rows = {{"A001C001", "V", ""}, {"A001C002", "VA1", "note"}};
  EXPECT_EQ(write_ale(ale),
            "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\n"
            "Column\nName\tTracks\tComments\n\n"
            "Data\nA001C001\tV\t\nA001C002\tVA1\tnote\n");
}

TEST(WriteAle, OutputPassesTheLint) {
  EXPECT_THAT(testing::lint_ale(write_ale(day_export())), IsEmpty());
}

TEST(WriteAle, ReplacesTabCrAndLfInsideEveryValue) {
  Ale ale = day_export();
  ale.heading.emplace_back("TAPE", "A001\tB");
  ale.columns.back() = "Co\ndec";
  ale.rows[0][ale.column("Comments").value()] = "take\tfrom the top\r\nthen\rthe\nend";
  const std::string text = write_ale(ale);
  EXPECT_THAT(text, HasSubstr("\nTAPE\tA001 B\n"));
  EXPECT_THAT(text, HasSubstr("\tCo dec\n"));
  EXPECT_THAT(text, HasSubstr("\ttake from the top then the end\t"));
  EXPECT_THAT(testing::lint_ale(text), IsEmpty());
  const Ale back = read_ale(text);
  EXPECT_EQ(back.rows.size(), ale.rows.size());
  EXPECT_EQ(cell(back, 0, "Comments"), "take from the top then the end");
}

TEST(WriteAle, ThrowsForARowShorterOrLongerThanTheColumns) {
  Ale ale = day_export();
  ale.rows[1].pop_back();
  EXPECT_THROW(write_ale(ale), std::invalid_argument);
  ale.rows[1].push_back("");
  ale.rows[1].push_back("one too many");
  EXPECT_THROW(write_ale(ale), std::invalid_argument);
}

TEST(WriteAle, ReadAleGivesBackWhatWasWritten) {
  const Ale ale = day_export();
  expect_same(read_ale(write_ale(ale)), ale);
}

// --- read_ale: what other tools write -----------------------------------------------------------

constexpr std::string_view kSmall =
    "Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\nName\tTracks\tStart\n\nData\n"
    "A001C001\tV\t10:00:00:00\nA001C002\tVA1\t10:01:00:00\n";

TEST(ReadAle, TakesCrLfAndLoneCrLineEnds) {
  const Ale lf = read_ale(kSmall);
  expect_same(read_ale(replaced_everywhere(std::string(kSmall), "\n", "\r\n")), lf);
  expect_same(read_ale(replaced_everywhere(std::string(kSmall), "\n", "\r")), lf);
  ASSERT_EQ(lf.rows.size(), 2U);
  EXPECT_EQ(lf.rows[1], (std::vector<std::string>{"A001C002", "VA1", "10:01:00:00"}));
}

TEST(ReadAle, TakesAByteOrderMarkAndSectionNamesInAnyCase) {
  std::string text = "\xEF\xBB\xBF" + std::string(kSmall);
  text =
      replaced(replaced(replaced(text, "Heading", "HEADING"), "Column", "column"), "Data", "DATA");
  const Ale ale = read_ale(text);
  EXPECT_EQ(ale.heading.front().first, "FIELD_DELIM");
  EXPECT_EQ(ale.rows.size(), 2U);
}

TEST(ReadAle, TakesBlankLinesAnywhere) {
  const Ale ale = read_ale(
      "\n\nHeading\n\nFIELD_DELIM\tTABS\n\n\nFPS\t25\nColumn\n\nName\tTracks\n"
      "Data\n\nA001C001\tV\n\n\nA001C002\tVA1\n\n");
  EXPECT_EQ(ale.heading.size(), 2U);
  EXPECT_EQ(ale.rows.size(), 2U);
}

TEST(ReadAle, TakesSeveralHeadingPairsOnOneLine) {
  const Ale ale = read_ale(
      "Heading\nFIELD_DELIM\tTABS\tVIDEO_FORMAT\t1080\tFPS\t23.98\nTAPE\tA001\n\n"
      "Column\nName\n\nData\nA001C001\n");
  EXPECT_EQ(
      ale.heading,
      (std::vector<std::pair<std::string, std::string>>{
          {"FIELD_DELIM", "TABS"}, {"VIDEO_FORMAT", "1080"}, {"FPS", "23.98"}, {"TAPE", "A001"}}));
}

TEST(ReadAle, DropsATrailingTabOnTheColumnLineAndOnRows) {
  const Ale ale = read_ale(
      "Heading\nFPS\t25\n\nColumn\nName\tTracks\t\n\nData\nA001C001\tV\t\nA001C002\tVA1\t\t\t\n");
  EXPECT_EQ(ale.columns, (std::vector<std::string>{"Name", "Tracks"}));
  EXPECT_EQ(ale.rows,
            (std::vector<std::vector<std::string>>{{"A001C001", "V"}, {"A001C002", "VA1"}}));
}

TEST(ReadAle, ALineOfSpacesIsBlankButALineOfTabsIsARow) {
  const Ale ale = read_ale("Heading\nFPS\t25\n   \nColumn\n \nName\tTracks\n\nData\n\t\n  \n");
  EXPECT_EQ(ale.columns.size(), 2U);
  EXPECT_EQ(ale.rows, (std::vector<std::vector<std::string>>{{"", ""}}));
}

TEST(ReadAle, PadsARowShorterThanTheColumns) {
  const Ale ale =
      read_ale("Heading\nFPS\t25\n\nColumn\nName\tTracks\tComments\n\nData\nA001C001\n");
  EXPECT_EQ(ale.rows, (std::vector<std::vector<std::string>>{{"A001C001", "", ""}}));
}

TEST(ReadAle, KeepsValuesAsWritten) {
  // Spaces are part of a value (sample2's Camroll is "XA007   "); only the line end goes.
  const Ale ale = read_ale("Heading\nFPS\t25\n\nColumn\nName\tCamroll\n\nData\n  A 1 \tXA007   \n");
  EXPECT_EQ(ale.rows.at(0), (std::vector<std::string>{"  A 1 ", "XA007   "}));
}

// Each error names the line where the text stops being an ALE.
template <typename Expect>
void expect_ale_error(std::string_view text, std::size_t line, Expect message) {
  try {
    read_ale(text);
    ADD_FAILURE() << "read_ale took:\n" << text;
  } catch (const AleError& error) {
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_THAT(error.what(), message);
  }
}

TEST(ReadAle, RefusesTextWithoutData) {
  expect_ale_error("Heading\nFPS\t25\n\nColumn\nName\tTracks\n", 5,
                   AllOf(StartsWith("line 5: "), HasSubstr("no Data section")));
  expect_ale_error("", 1, HasSubstr("no Heading section"));
}

TEST(ReadAle, RefusesTextWithoutHeadingOrColumn) {
  expect_ale_error("Column\nName\n\nData\nA001C001\n", 1,
                   AllOf(StartsWith("line 1: "), HasSubstr("Column before Heading")));
  expect_ale_error("Heading\nFPS\t25\n\nData\nA001C001\n", 4,
                   AllOf(StartsWith("line 4: "), HasSubstr("Data before Column")));
  expect_ale_error("FPS\t25\nHeading\n", 1,
                   AllOf(StartsWith("line 1: "), HasSubstr("before Heading")));
}

TEST(ReadAle, RefusesSectionsOutOfOrder) {
  // kSmall's ten lines, a blank one, then Column on line 12.
  expect_ale_error(std::string(kSmall) + "\nColumn\nName\n", 12,
                   AllOf(StartsWith("line 12: "), HasSubstr("Column again, after Data")));
  expect_ale_error("Heading\nFPS\t25\nColumn\nName\nHeading\nData\n", 5,
                   AllOf(StartsWith("line 5: "), HasSubstr("Heading again, after Column")));
}

TEST(ReadAle, RefusesARowWithAValuePastTheLastColumn) {
  expect_ale_error(
      "Heading\nFPS\t25\n\nColumn\nName\tTracks\n\nData\nA001C001\tV\t\tnote\n", 8,
      AllOf(StartsWith("line 8: "), HasSubstr("value 4 \"note\" is past the last of 2")));
}

TEST(ReadAle, RefusesAnEmptyColumnNameBetweenNames) {
  expect_ale_error("Heading\nFPS\t25\n\nColumn\nName\t\tStart\n\nData\n", 5,
                   AllOf(StartsWith("line 5: "), HasSubstr("column 2 of 3 has no name")));
}

TEST(ReadAle, RefusesAHeadingLineWithAnOddNumberOfFields) {
  expect_ale_error("Heading\nFIELD_DELIM\tTABS\nFPS\t25\tVIDEO_FORMAT\n\nColumn\nName\n\nData\n", 3,
                   AllOf(StartsWith("line 3: "), HasSubstr("3 fields")));
}

TEST(ReadAle, RefusesAColumnSectionWithoutNames) {
  expect_ale_error("Heading\nFPS\t25\n\nColumn\n\nData\nA001C001\n", 6,
                   AllOf(StartsWith("line 6: "), HasSubstr("Data before any column names")));
  expect_ale_error("Heading\nFPS\t25\n\nColumn\n\t\t\n\nData\n", 5,
                   AllOf(StartsWith("line 5: "), HasSubstr("names no column")));
}

TEST(ReadAle, RefusesASecondColumnLine) {
  expect_ale_error("Heading\nFPS\t25\n\nColumn\nName\nTracks\n\nData\n", 6,
                   AllOf(StartsWith("line 6: "), HasSubstr("second column line")));
}

TEST(ReadAle, CountsCrLfAsOneLineEnd) {
  expect_ale_error("Heading\r\nFPS\t25\r\n\r\nColumn\r\nName\r\n\r\nData\r\nA\tB\r\n", 8,
                   StartsWith("line 8: "));
}

// --- read_ale: the six samples ------------------------------------------------------------------
// Row and column counts were counted apart from read_ale, with awk on each file, CRs removed:
//   tr -d '\r' < F | awk -F'\t' '/^Column$/{c=1;next} c==1 && $0!=""{print NF; c=2}
//                                /^Data$/{d=1;next} d && $0!=""{n++} END{print n}'
// (NF of the column line, less one where the line ends in a TAB; non-blank lines after Data).

TEST(ReadAleSamples, MediaComposerExport) {
  const Ale ale = read_ale(sample("sample.ale"));
  EXPECT_EQ(ale.columns.size(), 129U);
  EXPECT_EQ(ale.rows.size(), 4U);
  EXPECT_EQ(ale.heading_value("FPS"), "24");
  EXPECT_EQ(ale.heading_value("AUDIO_FORMAT"), "48khz");
  EXPECT_EQ(ale.columns.front(), "Color");
  EXPECT_EQ(cell(ale, 0, "Name"), "test_017056");
  EXPECT_EQ(cell(ale, 3, "Name"), "Something");
  EXPECT_EQ(cell(ale, 0, "Duration"), "00:00:04:03");
  EXPECT_EQ(cell(ale, 0, "End"), "01:00:04:03");
}

TEST(ReadAleSamples, CrLfWithTheHeadingOnOneLine) {
  const Ale ale = read_ale(sample("sample2.ale"));
  EXPECT_EQ(ale.columns.size(), 32U);
  EXPECT_EQ(ale.rows.size(), 2U);
  EXPECT_EQ(ale.heading.size(), 4U);
  EXPECT_EQ(ale.heading_value("FPS"), "23.98");
  EXPECT_EQ(ale.heading_value("VIDEO_FORMAT"), "1080");
  EXPECT_EQ(ale.heading_value("AUDIO_FORMAT"), "48Khz");
  EXPECT_EQ(cell(ale, 0, "Name"), "19A-1xa");
  EXPECT_EQ(cell(ale, 0, "Camroll"), "XA007   ");
  // The first row stops after 30 of the 32 values: the last two are padded.
  EXPECT_EQ(cell(ale, 0, "COMMENTS"), "");
  EXPECT_EQ(cell(ale, 1, "Start"), "04:00:46:16");
}

TEST(ReadAleSamples, Uhd) {
  const Ale ale = read_ale(sample("sampleUHD.ale"));
  EXPECT_EQ(ale.columns.size(), 7U);
  EXPECT_EQ(ale.rows.size(), 1U);
  EXPECT_EQ(ale.heading_value("VIDEO_FORMAT"), "CUSTOM");
  EXPECT_EQ(cell(ale, 0, "Image Size"), "4096 x 2304");
  EXPECT_EQ(cell(ale, 0, "FPS"), "23.98");
}

TEST(ReadAleSamples, ResolveExportWithBlankLinesAndTrailingTabs) {
  const Ale ale = read_ale(sample("sample_blanks.ale"));
  // awk counts 38 fields on the column line; the 38th is the empty one after its trailing TAB.
  EXPECT_EQ(ale.columns.size(), 37U);
  EXPECT_EQ(ale.rows.size(), 1U);
  EXPECT_EQ(ale.columns.back(), "RESOLVE_SIZING");
  EXPECT_EQ(ale.heading_value("FPS"), "25");
  EXPECT_EQ(cell(ale, 0, "Name"), "A020C003_150905_E2XZ.mov");
  EXPECT_EQ(cell(ale, 0, "Tape"), "A020E2XZ");
  EXPECT_EQ(cell(ale, 0, "ASC_SAT"), "1.0680");
}

TEST(ReadAleSamples, CdlColumns) {
  const Ale ale = read_ale(sample("sample_cdl.ale"));
  EXPECT_EQ(ale.columns.size(), 17U);
  EXPECT_EQ(ale.rows.size(), 4U);
  EXPECT_EQ(ale.heading_value("FPS"), "23.976");
  EXPECT_EQ(ale.heading_value("FILM_FORMAT"), "35mm,4perf");
  EXPECT_EQ(ale.heading_value("AUDIO_FORMAT"), std::nullopt);
  EXPECT_EQ(cell(ale, 2, "Start"), "17:40:25:06");
  EXPECT_EQ(cell(ale, 2, "Duration"), "00:00:02:20");
}

TEST(ReadAleSamples, ArriDayWithoutBlankLines) {
  const Ale ale = read_ale(sample("sample_no_blanks.ale"));
  EXPECT_EQ(ale.columns.size(), 245U);
  EXPECT_EQ(ale.rows.size(), 6U);
  EXPECT_EQ(ale.heading_value("FPS"), "25");
  EXPECT_EQ(cell(ale, 0, "Name"), "469C-4-1");
  EXPECT_EQ(cell(ale, 3, "Tracks"), "VA1A2A3A4A5");
  EXPECT_EQ(cell(ale, 0, "Soundroll"), "20230511_DAY019_MU");
  EXPECT_EQ(cell(ale, 0, "circleTake"), "false");
}

TEST(ReadAleSamples, TwoAreWrittenBackByteForByte) {
  // The two samples already written as Slate writes (LF, one blank line between sections, no
  // trailing TAB) come back unchanged through read_ale and write_ale.
  for (const char* name : {"sampleUHD.ale", "sample_cdl.ale"}) {
    const std::string text = sample(name);
    EXPECT_EQ(write_ale(read_ale(text)), text) << name;
  }
}

// --- lint_ale: one minimally broken ALE per rule ------------------------------------------------

// Lines: 1 Heading, 2-5 headings, 6 blank, 7 Column, 8 names, 9 blank, 10 Data, 11 the row.
constexpr std::string_view kClean =
    "Heading\n"
    "FIELD_DELIM\tTABS\n"
    "VIDEO_FORMAT\t1080\n"
    "AUDIO_FORMAT\t48kHz\n"
    "FPS\t25\n"
    "\n"
    "Column\n"
    "Name\tTracks\tStart\tEnd\tDuration\tCircled\n"
    "\n"
    "Data\n"
    "A001C001\tVA1A2\t10:00:00:00\t10:00:10:00\t00:00:10:00\tYes\n";

std::vector<std::string> lint_changed(std::string_view from, std::string_view to) {
  return testing::lint_ale(replaced(std::string(kClean), from, to));
}

TEST(LintAle, CleanAleHasNoProblem) {
  EXPECT_THAT(testing::lint_ale(kClean), IsEmpty());
  // An empty field is a value, not a stray TAB.
  EXPECT_THAT(lint_changed("\tYes\n", "\t\n"), IsEmpty());
}

TEST(LintAle, StrayTabAtTheEndOfARow) {
  EXPECT_THAT(
      lint_changed("\tYes\n", "\tYes\t\n"),
      ElementsAre(AllOf(StartsWith("line 11: "), HasSubstr("stray TAB at the end of the row"),
                        HasSubstr("7 fields for 6 columns"))));
}

TEST(LintAle, StrayTabAtTheEndOfTheColumnLine) {
  const std::string text = replaced(replaced(std::string(kClean), "\tCircled\n", "\tCircled\t\n"),
                                    "\tYes\n", "\tYes\t\n");
  EXPECT_THAT(
      testing::lint_ale(text),
      ElementsAre(AllOf(StartsWith("line 8: "), HasSubstr("stray TAB at the end of the column"))));
}

TEST(LintAle, DoubleTabInARow) {
  EXPECT_THAT(lint_changed("\tYes\n", "\t\tYes\n"),
              ElementsAre(AllOf(StartsWith("line 11: "), HasSubstr("7 fields for 6 columns"))));
}

TEST(LintAle, NameLongerThan32Characters) {
  const std::string name33(33, 'N');
  EXPECT_THAT(lint_changed("A001C001", name33),
              ElementsAre("line 11: Name \"" + name33 + "\" is 33 characters; Avid keeps 32"));
  EXPECT_THAT(lint_changed("A001C001", std::string(32, 'N')), IsEmpty());
  // Characters, not bytes: 32 two-byte letters fit.
  std::string accented;
  for (int i = 0; i < 32; ++i) {
    accented += "é";
  }
  EXPECT_THAT(lint_changed("A001C001", accented), IsEmpty());
  EXPECT_THAT(lint_changed("A001C001", accented + "é"),
              ElementsAre(HasSubstr("is 33 characters; Avid keeps 32")));
}

TEST(LintAle, EmptyName) {
  EXPECT_THAT(lint_changed("A001C001", ""), ElementsAre("line 11: Name is empty"));
}

TEST(LintAle, TracksMustCountAudioFromA1) {
  EXPECT_THAT(
      lint_changed("\tVA1A2\t", "\tVA2\t"),
      ElementsAre(AllOf(StartsWith("line 11: Tracks \"VA2\""), HasSubstr("A1 comes before A2"))));
  EXPECT_THAT(lint_changed("\tVA1A2\t", "\tVA1A3\t"), ElementsAre(HasSubstr("A2 comes before A3")));
  EXPECT_THAT(lint_changed("\tVA1A2\t", "\tVA1A1\t"), ElementsAre(HasSubstr("A2 comes before A1")));
  for (const std::string_view tracks : {"V", "A1", "A1A2", "VA1A2A3A4A5A6A7A8A9A10A11A12"}) {
    EXPECT_THAT(lint_changed("\tVA1A2\t", "\t" + std::string(tracks) + "\t"), IsEmpty()) << tracks;
  }
}

TEST(LintAle, TracksMustBeVAndANumbers) {
  for (const std::string_view tracks : {"VA", "AV", "VV", "V A1", "VA01", "VA1B", "va1"}) {
    EXPECT_THAT(lint_changed("\tVA1A2\t", "\t" + std::string(tracks) + "\t"),
                ElementsAre(AllOf(StartsWith("line 11: "), HasSubstr("is not V, A1A2… or VA1A2…"))))
        << tracks;
  }
  EXPECT_THAT(lint_changed("\tVA1A2\t", "\t\t"), ElementsAre(HasSubstr("Tracks is empty")));
}

TEST(LintAle, StartPlusDurationMustBeEnd) {
  EXPECT_THAT(lint_changed("\t10:00:10:00\t", "\t10:00:11:00\t"),
              ElementsAre("line 11: Start 10:00:00:00 + Duration 00:00:10:00 is 10:00:10:00, not "
                          "End 10:00:11:00 (at 25 fps)"));
}

TEST(LintAle, StartAndEndMustBeThere) {
  EXPECT_THAT(lint_changed("\t10:00:00:00\t", "\t\t"), ElementsAre("line 11: Start is empty"));
  EXPECT_THAT(lint_changed("\t10:00:10:00\t", "\t\t"), ElementsAre("line 11: End is empty"));
}

TEST(LintAle, EmptyDurationIsLeftToAvid) {
  // Avid works an empty Duration out from Start and End (sample2.ale leaves it empty).
  EXPECT_THAT(lint_changed("\t00:00:10:00\t", "\t\t"), IsEmpty());
}

TEST(LintAle, ClipAcrossMidnightPasses) {
  const std::string text = replaced(std::string(kClean), "10:00:00:00\t10:00:10:00\t00:00:10:00",
                                    "23:59:59:00\t00:00:01:00\t00:00:02:00");
  EXPECT_THAT(testing::lint_ale(text), IsEmpty());
}

TEST(LintAle, DropFrameOnlyAtTheDropFrameRates) {
  EXPECT_THAT(lint_changed("\t10:00:00:00\t", "\t10:00:00;00\t"),
              ElementsAre(AllOf(StartsWith("line 11: Start \"10:00:00;00\" is drop-frame"),
                                HasSubstr("not at 25 fps"))));
  // At 29.97 drop-frame the count skips 10:01:00;00 and ;01: one frame on is 10:01:00;02.
  const std::string drop_frame =
      replaced(replaced(std::string(kClean), "FPS\t25", "FPS\t29.97"),
               "10:00:00:00\t10:00:10:00\t00:00:10:00", "10:00:59;29\t10:01:00;02\t00:00:00;01");
  EXPECT_THAT(testing::lint_ale(drop_frame), IsEmpty());
  // 29.97 non-drop is a rate of its own and keeps ':'.
  EXPECT_THAT(testing::lint_ale(replaced(std::string(kClean), "FPS\t25", "FPS\t29.97")), IsEmpty());
}

TEST(LintAle, DropFrameAndNonDropMixed) {
  const std::string text = replaced(replaced(std::string(kClean), "FPS\t25", "FPS\t29.97"),
                                    "\t10:00:10:00\t", "\t10:00:10;00\t");
  EXPECT_THAT(testing::lint_ale(text),
              ElementsAre(AllOf(StartsWith("line 11: "), HasSubstr("mix drop-frame"))));
}

TEST(LintAle, TimecodeMustExistAtTheRate) {
  EXPECT_THAT(
      lint_changed("\t10:00:10:00\t", "\t10:00:10:25\t"),
      ElementsAre(AllOf(StartsWith("line 11: End "), HasSubstr("frames must be 00 to 24"))));
  EXPECT_THAT(lint_changed("\t10:00:00:00\t", "\t1:00:00:00\t"),
              ElementsAre(HasSubstr("is not HH:MM:SS:FF or HH:MM:SS;FF")));
  // Other spellings of drop-frame that Slate's own parser takes, but Avid does not.
  const std::string at_29_97 = replaced(std::string(kClean), "FPS\t25", "FPS\t29.97");
  for (const std::string_view start :
       {"10;00;00;00", "10:00:00.00", "10:00:00,00", "10:00:00:0a"}) {
    EXPECT_THAT(
        testing::lint_ale(replaced(at_29_97, "\t10:00:00:00\t", "\t" + std::string(start) + "\t")),
        ElementsAre("line 11: Start \"" + std::string(start) +
                    "\" is not HH:MM:SS:FF or HH:MM:SS;FF"))
        << start;
  }
  const std::string missing_frame =
      replaced(replaced(std::string(kClean), "FPS\t25", "FPS\t29.97"),
               "10:00:00:00\t10:00:10:00\t00:00:10:00", "10:01:00;00\t10:01:00;01\t00:00:00;01");
  EXPECT_THAT(testing::lint_ale(missing_frame),
              ElementsAre(HasSubstr("Start 10:01:00;00: frames 00 and 01 do not exist"),
                          HasSubstr("End 10:01:00;01: frames 00 and 01 do not exist")));
}

TEST(LintAle, ClipFpsColumnWinsOverTheHeading) {
  // A 29.97 DF clip in a 25 fps ALE: its own FPS decides what its timecode may be.
  const std::string text =
      replaced(replaced(std::string(kClean), "\tCircled\n", "\tCircled\tFPS\n"),
               "10:00:00:00\t10:00:10:00\t00:00:10:00\tYes\n",
               "10:00:59;29\t10:01:00;02\t00:00:00;01\tYes\t29.97\n");
  EXPECT_THAT(testing::lint_ale(text), IsEmpty());
  EXPECT_THAT(testing::lint_ale(replaced(text, "\t29.97\n", "\t25\n")),
              Contains(HasSubstr("drop-frame, which exists only at 29.97 and 59.94")));
  EXPECT_THAT(testing::lint_ale(replaced(text, "\t29.97\n", "\t29.970\n")),
              Contains(HasSubstr("line 11: FPS \"29.970\" must be one of")));
}

TEST(LintAle, MisspeltHeadingFpsStillCountsTheTimecodes) {
  // "23.98" is reported, and the clip is still checked at 23.976: frame 23 exists, 24 does not.
  const std::string text = replaced(std::string(kClean), "FPS\t25", "FPS\t23.98");
  EXPECT_THAT(testing::lint_ale(replaced(text, "\t10:00:10:00\t", "\t10:00:10:24\t")),
              ElementsAre(StartsWith("line 5: FPS \"23.98\" must be one of"),
                          HasSubstr("line 11: End 10:00:10:24: frames must be 00 to 23")));
}

TEST(LintAle, Fps47952CountsLike48) {
  const std::string text = replaced(std::string(kClean), "FPS\t25", "FPS\t47.952");
  EXPECT_THAT(
      testing::lint_ale(replaced(text, "10:00:10:00\t00:00:10:00", "10:00:10:47\t00:00:10:47")),
      IsEmpty());
  EXPECT_THAT(testing::lint_ale(replaced(text, "\t10:00:10:00\t", "\t10:00:10:47\t")),
              ElementsAre(HasSubstr("is 10:00:10:00, not End 10:00:10:47 (at 47.952 fps)")));
}

TEST(LintAle, RequiredHeadings) {
  EXPECT_THAT(lint_changed("FPS\t25\n", ""), ElementsAre("line 1: Heading has no FPS"));
  EXPECT_THAT(lint_changed("FIELD_DELIM\tTABS\n", ""),
              ElementsAre("line 1: Heading has no FIELD_DELIM"));
  EXPECT_THAT(lint_changed("VIDEO_FORMAT\t1080\n", ""),
              ElementsAre("line 1: Heading has no VIDEO_FORMAT"));
  EXPECT_THAT(lint_changed("AUDIO_FORMAT\t48kHz\n", ""),
              ElementsAre("line 1: Heading has no AUDIO_FORMAT"));
}

TEST(LintAle, HeadingValues) {
  EXPECT_THAT(lint_changed("TABS", "COMMAS"),
              ElementsAre("line 2: FIELD_DELIM \"COMMAS\" must be TABS"));
  EXPECT_THAT(lint_changed("1080", "1080i"),
              ElementsAre(StartsWith("line 3: VIDEO_FORMAT \"1080i\" must be one of 1080, 720")));
  EXPECT_THAT(
      lint_changed("48kHz", "48000"),
      ElementsAre("line 4: AUDIO_FORMAT \"48000\" must be a sample rate in kHz like 48kHz"));
  EXPECT_THAT(lint_changed("48kHz", "48khz"), IsEmpty());
  EXPECT_THAT(lint_changed("48kHz", "44.1kHz"), IsEmpty());
  EXPECT_THAT(lint_changed("FPS\t25", "FPS\t23.98"),
              ElementsAre(StartsWith("line 5: FPS \"23.98\" must be one of 23.976, 24, 25")));
  for (const std::string_view format : {"720", "NTSC", "PAL", "CUSTOM"}) {
    EXPECT_THAT(lint_changed("1080", format), IsEmpty()) << format;
  }
}

TEST(LintAle, OneHeadingPairPerLine) {
  EXPECT_THAT(
      lint_changed("FIELD_DELIM\tTABS\nVIDEO_FORMAT\t1080\n",
                   "FIELD_DELIM\tTABS\tVIDEO_FORMAT\t1080\n"),
      ElementsAre("line 2: a heading line has 4 fields; Avid wants one NAME TAB VALUE per line"));
}

TEST(LintAle, RequiredColumns) {
  EXPECT_THAT(
      lint_changed("\tEnd\tDuration\tCircled\n\nData\nA001C001\tVA1A2\t10:00:00:00\t10:00:10:00\t",
                   "\tDuration\tCircled\n\nData\nA001C001\tVA1A2\t10:00:00:00\t"),
      ElementsAre(
          AllOf(StartsWith("line 8: no End column"), HasSubstr("Name, Tracks, Start, End"))));
}

TEST(LintAle, ColumnNamesPresentAndOnce) {
  EXPECT_THAT(lint_changed("\tCircled\n", "\tDuration\n"),
              ElementsAre("line 8: column \"Duration\" appears twice"));
  EXPECT_THAT(lint_changed("\tCircled\n", "\t\n"),
              ElementsAre("line 8: a stray TAB at the end of the column line"));
  EXPECT_THAT(lint_changed("\tDuration\t", "\t\t"), ElementsAre("line 8: column 5 has no name"));
}

TEST(LintAle, CustomColumnNamesUpTo14Characters) {
  EXPECT_THAT(lint_changed("\tCircled\n", "\tCircled Take 1\n"), IsEmpty());
  EXPECT_THAT(
      lint_changed("\tCircled\n", "\tCircled Takes 1\n"),
      ElementsAre("line 8: custom column \"Circled Takes 1\" is 15 characters; Avid keeps 14"));
  // Avid's own columns are not custom, whatever their length.
  EXPECT_THAT(lint_changed("\tCircled\n", "\tAudio Bit Depth\n"), IsEmpty());
  EXPECT_THAT(lint_changed("\tCircled\n", "\tVendor Asset Description\n"), IsEmpty());
}

TEST(LintAle, LfLineEndsOnly) {
  EXPECT_THAT(
      testing::lint_ale(replaced_everywhere(std::string(kClean), "\n", "\r\n")),
      ElementsAre(
          "line 1: a CR in the line end (11 lines have one); Avid wants LF line ends only"));
  EXPECT_THAT(lint_changed("Circled\n", "Circled\r\n"),
              ElementsAre(StartsWith("line 8: a CR in the line end (1 line has one)")));
}

TEST(LintAle, SectionLinesExactlyAndInOrder) {
  EXPECT_THAT(lint_changed("Column\n", "COLUMN\n"),
              ElementsAre("line 7: the section line \"COLUMN\" must read exactly \"Column\""));
  EXPECT_THAT(lint_changed("Data\n", "Data \n"),
              ElementsAre("line 10: the section line \"Data \" must read exactly \"Data\""));
  EXPECT_THAT(lint_changed("\nData\n", "\nInfo\n"), ElementsAre("line 11: no Data section"));
  EXPECT_THAT(testing::lint_ale("Column\nName\n\nHeading\nFPS\t25\n\nData\n"),
              ElementsAre("line 4: the sections must be Heading, Column, Data in that order"));
  EXPECT_THAT(testing::lint_ale("\n" + std::string(kClean)),
              ElementsAre("line 1: text before Heading; an ALE starts with the line \"Heading\""));
}

TEST(LintAle, OneBlankLineBetweenSections) {
  EXPECT_THAT(lint_changed("\n\nData\n", "\nData\n"),
              ElementsAre("line 9: no blank line before Data; Avid wants one between sections"));
  EXPECT_THAT(lint_changed("FPS\t25\n\n", "FPS\t25\n"),
              ElementsAre("line 6: no blank line before Column; Avid wants one between sections"));
  EXPECT_THAT(lint_changed("FPS\t25\n\n", "\nFPS\t25\n\n"),
              ElementsAre("line 5: blank line inside the Heading section"));
  EXPECT_THAT(lint_changed("Column\n", "Column\n\n"),
              ElementsAre("line 8: blank line inside the Column section"));
  EXPECT_THAT(testing::lint_ale(std::string(kClean) + "\n"),
              ElementsAre(StartsWith("line 12: blank line in the Data section")));
}

TEST(LintAle, ValidUtf8) {
  EXPECT_THAT(lint_changed("A001C001", "A001\xFF"), ElementsAre("line 11: not valid UTF-8"));
  // An overlong '/' and a surrogate are no UTF-8 either.
  EXPECT_THAT(lint_changed("A001C001", "A\xC0\xAF"), ElementsAre("line 11: not valid UTF-8"));
  EXPECT_THAT(lint_changed("A001C001", "A\xED\xA0\x80"), ElementsAre("line 11: not valid UTF-8"));
  EXPECT_THAT(lint_changed("A001C001", "A\xE0\x80\xAF"), ElementsAre("line 11: not valid UTF-8"));
  EXPECT_THAT(lint_changed("A001C001", "A\xF0\x80\x80\xAF"),
              ElementsAre("line 11: not valid UTF-8"));
  // Past U+10FFFF, and a sequence cut short by the TAB after it.
  EXPECT_THAT(lint_changed("A001C001", "A\xF4\x90\x80\x80"),
              ElementsAre("line 11: not valid UTF-8"));
  EXPECT_THAT(lint_changed("A001C001", "A\xE2\x80"), ElementsAre("line 11: not valid UTF-8"));
  EXPECT_THAT(lint_changed("A001C001", "Szene 12 \xE2\x80\x93 gut \xF0\x9F\x8E\xAC"), IsEmpty());
}

// --- lint_ale on the samples: other tools' output, with what each breaks of Avid's rules ---------

std::size_t count_with(const std::vector<std::string>& problems, std::string_view part) {
  return static_cast<std::size_t>(std::count_if(
      problems.begin(), problems.end(),
      [&](const std::string& problem) { return problem.find(part) != std::string::npos; }));
}

// Long column names were listed apart from the lint with awk (length($i) > 14 on the column
// line), then those in the lint's list of Avid's standard columns left out.

TEST(LintAleSamples, MediaComposerExport) {
  // Media Composer's own export breaks one rule as the lint reads it: each clip's FPS is "24.00",
  // which is not how the FPS heading spells a rate. Its 21 column names longer than 14 characters
  // are Media Composer's own columns, in the lint's standard list.
  const std::vector<std::string> problems = testing::lint_ale(sample("sample.ale"));
  EXPECT_THAT(problems, ElementsAre(StartsWith("line 11: FPS \"24.00\" must be one of"),
                                    StartsWith("line 12: FPS \"24.00\" must be one of"),
                                    StartsWith("line 13: FPS \"24.00\" must be one of"),
                                    StartsWith("line 14: FPS \"24.00\" must be one of")));
}

TEST(LintAleSamples, CrLfWithTheHeadingOnOneLine) {
  // CRLF line ends, all four headings on one line, FPS spelt "23.98", and a first row that stops
  // two values short. Its timecodes are right.
  EXPECT_THAT(testing::lint_ale(sample("sample2.ale")),
              ElementsAre(StartsWith("line 1: a CR in the line end (9 lines have one)"),
                          "line 2: a heading line has 8 fields; Avid wants one NAME TAB VALUE per "
                          "line",
                          StartsWith("line 2: FPS \"23.98\" must be one of"),
                          "line 8: 30 fields for 32 columns"));
}

TEST(LintAleSamples, Uhd) {
  // No Tracks column, and the clip's FPS spelt "23.98".
  EXPECT_THAT(testing::lint_ale(sample("sampleUHD.ale")),
              ElementsAre(StartsWith("line 8: no Tracks column"),
                          StartsWith("line 11: FPS \"23.98\" must be one of")));
}

TEST(LintAleSamples, ResolveExportWithBlankLinesAndTrailingTabs) {
  // Blank lines everywhere (nine inside Heading and Column, two in Data), a trailing TAB on the
  // column line (its one row has the matching empty field), and six custom column names longer
  // than 14 characters ("Audio Bit Depth" is Avid's own).
  const std::vector<std::string> problems = testing::lint_ale(sample("sample_blanks.ale"));
  EXPECT_EQ(count_with(problems, "blank line inside the Heading section"), 6U);
  EXPECT_EQ(count_with(problems, "blank line inside the Column section"), 3U);
  EXPECT_EQ(count_with(problems, "blank line in the Data section"), 2U);
  EXPECT_THAT(problems, Contains("line 15: a stray TAB at the end of the column line"));
  EXPECT_EQ(count_with(problems, "line 15: custom column "), 6U);
  EXPECT_EQ(problems.size(), 18U);
}

TEST(LintAleSamples, CdlColumns) {
  // No AUDIO_FORMAT, and two column names longer than 14 characters. (Its VIDEO_FORMAT is PAL at
  // FPS 23.976, an odd pair the lint does not judge.)
  EXPECT_THAT(testing::lint_ale(sample("sample_cdl.ale")),
              ElementsAre("line 1: Heading has no AUDIO_FORMAT",
                          StartsWith("line 8: custom column \"UNC First Frame\" is 15"),
                          StartsWith("line 8: custom column \"R3D.HighlightRollOff\" is 20")));
}

TEST(LintAleSamples, ArriDayWithoutBlankLines) {
  // No blank line between the sections, and 81 of ARRI's metadata column names are longer than
  // 14 characters. Its Tracks and timecodes are right.
  const std::vector<std::string> problems = testing::lint_ale(sample("sample_no_blanks.ale"));
  EXPECT_THAT(problems, Contains("line 6: no blank line before Column; Avid wants one between "
                                 "sections"));
  EXPECT_THAT(problems, Contains("line 8: no blank line before Data; Avid wants one between "
                                 "sections"));
  EXPECT_EQ(count_with(problems, "line 7: custom column "), 81U);
  EXPECT_EQ(problems.size(), 83U);
}

}  // namespace
}  // namespace slate::exports
