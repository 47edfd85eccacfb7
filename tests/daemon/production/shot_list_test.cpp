#include <cstddef>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/production/shot_list.hpp>

namespace slate::production {
namespace {

std::string all_errors(const ShotListParse& parse) {
  std::string text;
  for (const auto& error : parse.errors) {
    text += "\n  " + error.to_string();
  }
  return text.empty() ? "\n  (no errors)" : text;
}

// The parse has exactly one error, on `line` and `column`, whose reason contains `phrase`.
::testing::AssertionResult OnlyError(const ShotListParse& parse, std::size_t line,
                                     const std::string& column, const std::string& phrase) {
  if (parse.errors.size() != 1) {
    return ::testing::AssertionFailure()
           << "expected 1 error, got " << parse.errors.size() << ":" << all_errors(parse);
  }
  const auto& error = parse.errors.front();
  if (error.line != line || error.column != column ||
      error.reason.find(phrase) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "expected line " << line << ", column \"" << column << "\", reason with \"" << phrase
           << "\"; got:" << all_errors(parse);
  }
  return ::testing::AssertionSuccess();
}

// Some error (among others) is on `line` and `column` with `phrase` in its reason.
::testing::AssertionResult HasError(const ShotListParse& parse, std::size_t line,
                                    const std::string& column, const std::string& phrase) {
  for (const auto& error : parse.errors) {
    if (error.line == line && error.column == column &&
        error.reason.find(phrase) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no error on line " << line << ", column \"" << column
                                       << "\" with \"" << phrase << "\" in:" << all_errors(parse);
}

// ---------------------------------------------------------------------------------------------
// Malformed files.

TEST(ShotListErrors, SceneCellEmpty) {
  const auto parse = parse_shot_list("Scene,Setup\n12,A\n,B\n13,A\n");
  EXPECT_TRUE(OnlyError(parse, 3, "scene", "the scene is missing"));
}

TEST(ShotListErrors, SceneCellMissingFromAShortRow) {
  const auto parse = parse_shot_list("Setup,Scene\nA\n");
  EXPECT_TRUE(OnlyError(parse, 2, "scene", "the scene is missing"));
}

TEST(ShotListErrors, NoSceneColumn) {
  const auto parse = parse_shot_list("Setup,Description\nA,Wide\nB,Close\n");
  // One error for the header, not one per row.
  EXPECT_TRUE(OnlyError(parse, 1, "scene", "no scene column"));
}

TEST(ShotListErrors, BadPagesValue) {
  const auto parse = parse_shot_list("Scene,Setup,Pages\n12,A,1 3/8\n12,B,1 9/8\n");
  ASSERT_TRUE(OnlyError(parse, 3, "pages", "\"1 9/8\" is not a page count"));
  EXPECT_EQ(parse.errors[0].to_string(),
            "line 3, column pages: \"1 9/8\" is not a page count (whole pages and eighths, like "
            "1 3/8)");
}

TEST(ShotListErrors, TextsOverTheApisCapsAreRefusedWhereTheyAre) {
  const std::string description(2001, 'x'), location(201, 'y');
  const auto parse = parse_shot_list(
      "Scene,Setup,Description,Location\n12,A," + std::string(2000, 'x') + "," +
      std::string(200, 'y') + "\n12,B," + description + ",Alley\n12,C,Wide," + location + "\n");
  ASSERT_EQ(parse.errors.size(), 2u) << all_errors(parse);
  EXPECT_EQ(parse.errors[0].to_string(),
            "line 3, column description: a description holds at most 2000 bytes, as in the API; "
            "this one has 2001");
  EXPECT_EQ(parse.errors[1].line, 4u);
  EXPECT_EQ(parse.errors[1].column, "location");
}

TEST(ShotListErrors, EveryBadPagesForm) {
  for (const std::string value : {"-1", "3/4", "1 0/8", "8/8", "0/8", "1.5", "abc", "1 3", "13/8",
                                  "1 3/8 more", "1--3/8", "99999"}) {
    const auto parse = parse_shot_list("Scene,Pages\n12," + value + "\n");
    EXPECT_TRUE(OnlyError(parse, 2, "pages", "\"" + value + "\" is not a page count")) << value;
  }
}

TEST(ShotListErrors, SemicolonHeaderWithCommaRow) {
  const auto parse = parse_shot_list("Scene;Setup;Pages\n12;A;1\n13,B,2\n14;A;2/8\n");
  EXPECT_EQ(parse.delimiter, ';');
  ASSERT_TRUE(OnlyError(parse, 3, "scene", "\"13,B,2\" is not a scene number"));
  EXPECT_NE(parse.errors[0].reason.find("separates columns with ';', not ','"), std::string::npos)
      << parse.errors[0].reason;
}

TEST(ShotListErrors, SemicolonInsideACommaRowIsOneCellTooMany) {
  // The row's description holds a ',' without quotes: the row has one cell too many.
  const auto parse =
      parse_shot_list("Scene,Setup,Description\n12,A,Wide\n12,B,Close; then, a push in\n");
  EXPECT_EQ(parse.delimiter, ',');
  EXPECT_TRUE(OnlyError(parse, 3, "", "4 cells, but the header has 3"));
}

TEST(ShotListErrors, HeaderMixingDelimiters) {
  const auto parse = parse_shot_list("Scene;Setup;Pages,Notes\n12;A;1,x\n");
  EXPECT_EQ(parse.delimiter, ';');
  ASSERT_TRUE(OnlyError(parse, 1, "Pages,Notes", "unknown column \"Pages,Notes\""));
  EXPECT_NE(parse.errors[0].reason.find("separates them with ';'"), std::string::npos);
}

TEST(ShotListErrors, QuoteInTheMiddleOfAnUnquotedCell) {
  const auto parse =
      parse_shot_list("Scene,Setup,Description\n12,A,Wide\n12,B,Anna says \"no\"\n12,C,Tight\n");
  EXPECT_TRUE(OnlyError(parse, 3, "description", "broken quotes"));
  EXPECT_EQ(parse.rows.size(), 3u);
}

TEST(ShotListErrors, TextAfterAClosingQuote) {
  const auto parse = parse_shot_list("Scene,Setup,Description\n12,A,\"Wide\" shot\n");
  EXPECT_TRUE(OnlyError(parse, 2, "description", "broken quotes"));
}

TEST(ShotListErrors, UnterminatedQuote) {
  const auto parse = parse_shot_list(
      "Scene,Setup,Notes\n12,A,fine\n12,B,\"fine too\"\n13,A,\"starts here\nand runs\n14,A,to "
      "the end\n");
  EXPECT_TRUE(OnlyError(parse, 4, "notes", "a quote opened on line 4 is never closed"));
}

TEST(ShotListErrors, UnterminatedQuoteInTheHeader) {
  const auto parse = parse_shot_list("Scene,\"Setup\n12,A\n");
  EXPECT_TRUE(HasError(parse, 1, "", "a quote opened on line 1 is never closed"));
}

TEST(ShotListErrors, InvalidUtf8) {
  const auto parse = parse_shot_list("Scene,Setup,Description\n12,A,Caf\xC3\x28\n12,B,ok\n");
  ASSERT_TRUE(OnlyError(parse, 2, "description", "invalid UTF-8 at byte 9 of the line"));
  // Messages end up in JSON: the bad byte is not carried into them.
  EXPECT_EQ(parse.rows.size(), 2u);
}

TEST(ShotListErrors, InvalidUtf8Forms) {
  struct Case {
    std::string bytes;
    std::size_t byte;  // Where the bad sequence starts in `12,"…"`.
  };
  const std::vector<Case> cases = {
      {"\x80", 5},              // stray continuation byte
      {"\xC0\xAF", 5},          // overlong '/'
      {"\xED\xA0\x80", 5},      // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 5},  // beyond U+10FFFF
      {"\xFF", 5},              // never valid
      {"ab\xE2\x82", 7},        // truncated before the closing quote
  };
  for (const auto& c : cases) {
    const auto parse = parse_shot_list("Scene,Notes\n12,\"" + c.bytes + "\"\n");
    EXPECT_TRUE(OnlyError(parse, 2, "notes",
                          "invalid UTF-8 at byte " + std::to_string(c.byte) + " of the line"))
        << c.byte;
  }
  // Truncated at the very end of the file.
  EXPECT_TRUE(OnlyError(parse_shot_list("Scene,Notes\n12,ab\xE2\x82"), 2, "notes",
                        "invalid UTF-8 at byte 6 of the line"));
}

TEST(ShotListErrors, InvalidUtf8OnceALine) {
  // A Latin-1 file: one report per line, not per byte.
  const auto parse = parse_shot_list("Scene,Location\n12,Caf\xE9 Ren\xE9\n13,Ch\xE2teau\n");
  ASSERT_EQ(parse.errors.size(), 2u) << all_errors(parse);
  EXPECT_TRUE(HasError(parse, 2, "location", "invalid UTF-8 at byte 7 of the line"));
  EXPECT_TRUE(HasError(parse, 3, "location", "invalid UTF-8 at byte 6 of the line"));
}

TEST(ShotListErrors, InvalidUtf8InTheHeader) {
  const auto parse = parse_shot_list("Scene,Not\xC3\x28s\n12,x\n");
  EXPECT_TRUE(HasError(parse, 1, "", "invalid UTF-8 at byte 10 of the line"));
}

TEST(ShotListErrors, DuplicateSceneAndSetup) {
  const auto parse = parse_shot_list("Scene,Setup\n12,A\n12,B\n13,A\n12,a\n");
  ASSERT_TRUE(OnlyError(parse, 5, "", "duplicate scene 12 setup A (first on line 2)"));
  EXPECT_EQ(parse.errors[0].to_string(), "line 5: duplicate scene 12 setup A (first on line 2)");
}

TEST(ShotListErrors, DuplicateAfterNormalisation) {
  EXPECT_TRUE(OnlyError(parse_shot_list("Sc,Shot\n12pt2,b\n12PT2, B \n"), 3, "",
                        "duplicate scene 12PT2 setup B (first on line 2)"));
  EXPECT_TRUE(OnlyError(parse_shot_list("Scene\nOMIT 14\n14\n"), 3, "",
                        "duplicate scene 14 (first on line 2)"));
}

TEST(ShotListErrors, UnknownColumn) {
  const auto parse = parse_shot_list("Scene,Setup,Lens\n12,A,35mm\n");
  ASSERT_TRUE(OnlyError(parse, 1, "Lens", "unknown column \"Lens\""));
  EXPECT_EQ(parse.errors[0].to_string(), "line 1, column Lens: unknown column \"Lens\"");
}

TEST(ShotListErrors, DuplicateColumn) {
  const auto parse = parse_shot_list("Scene,Sc,Setup\n12,12,A\n");
  EXPECT_TRUE(OnlyError(parse, 1, "scene", "\"Scene\" and \"Sc\" both name the scene column"));
}

TEST(ShotListErrors, TooManyCells) {
  const auto parse =
      parse_shot_list("Scene,Setup,Pages,Cameras,Notes\n12,A,1,A,ok\n12,B,1,A,ok,extra,more\n");
  EXPECT_TRUE(OnlyError(parse, 3, "", "7 cells, but the header has 5"));
}

// One grammar reads "012" and "12" as one scene, as the catalogue always stored them: two rows of
// it with the same setup are a duplicate (the import's old grammar let both through).
TEST(ShotListErrors, LeadingZerosNameTheSameScene) {
  EXPECT_TRUE(OnlyError(parse_shot_list("Scene,Setup\n012,A\n12,A\n"), 3, "",
                        "duplicate scene 12 setup A (first on line 2)"));
}

TEST(ShotListErrors, SetupsSkipIAndO) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"I", "I"}, {"o", "O"}, {"AI", "AI"}, {"oa", "OA"}};
  for (const auto& [written, shown] : cases) {
    const auto parse = parse_shot_list("Scene,Setup\n12," + written + "\n");
    EXPECT_TRUE(
        OnlyError(parse, 2, "setup", "setup \"" + shown + "\" is not used: setups skip I and O"));
  }
}

TEST(ShotListErrors, SetupNotLetters) {
  for (const std::string value : {"A1", "ABC", "1", "A B", "É"}) {
    const auto parse = parse_shot_list("Scene,Setup\n12," + value + "\n");
    EXPECT_TRUE(OnlyError(parse, 2, "setup", "\"" + value + "\" is not a setup")) << value;
  }
}

TEST(ShotListErrors, SceneNotANumber) {
  // "12PT" and "12PT1234" were read with a grammar of the import's own: now parse_scene's is the
  // only one, which refuses a part without its number and reads a part of up to 6 digits.
  for (const std::string value : {"12-14", "12 14", "ABC", "12.5", "1234567", "12ABCD", "ABCD12",
                                  "#12", "12PTX", "12PT", "12PT1234567", "OMIT14", "OMIT 14 15"}) {
    const auto parse = parse_shot_list("Scene\n" + value + "\n");
    EXPECT_TRUE(OnlyError(parse, 2, "scene", "\"" + value + "\" is not a scene number")) << value;
  }
}

TEST(ShotListErrors, OmittedWithoutANumber) {
  EXPECT_TRUE(OnlyError(parse_shot_list("Scene\nOMITTED\n"), 2, "scene",
                        "\"OMITTED\" has no scene number"));
  EXPECT_TRUE(
      OnlyError(parse_shot_list("Scene\nomit\n"), 2, "scene", "\"omit\" has no scene number"));
}

TEST(ShotListErrors, OtherBadValues) {
  const auto parse = parse_shot_list(
      "Scene,Int/Ext,Day/Night,Cameras\n"
      "12,INSIDE,DAY,A\n"
      "13,INT,NOON,A\n"
      "14,EXT,NIGHT,A+1\n");
  ASSERT_EQ(parse.errors.size(), 3u) << all_errors(parse);
  EXPECT_TRUE(HasError(parse, 2, "int_ext", "\"INSIDE\" is not INT, EXT or INT/EXT"));
  EXPECT_TRUE(HasError(parse, 3, "day_night", "\"NOON\" is not DAY, NIGHT, DAWN, DUSK"));
  EXPECT_TRUE(HasError(parse, 4, "cameras", "\"1\" is not a camera"));
}

TEST(ShotListErrors, AllErrorsAreCollectedInOrder) {
  const auto parse = parse_shot_list(
      "Scene,Setup,Pages\n"
      ",A,1\n"
      "12,I,9/8\n"
      "13,A,1\n"
      "13,A,2\n");
  ASSERT_EQ(parse.errors.size(), 4u) << all_errors(parse);
  EXPECT_EQ(parse.errors[0].to_string(), "line 2, column scene: the scene is missing");
  EXPECT_EQ(parse.errors[1].line, 3u);
  EXPECT_EQ(parse.errors[1].column, "setup");
  EXPECT_EQ(parse.errors[2].line, 3u);
  EXPECT_EQ(parse.errors[2].column, "pages");
  EXPECT_EQ(parse.errors[3].to_string(), "line 5: duplicate scene 13 setup A (first on line 4)");
}

TEST(ShotListErrors, EmptyFile) {
  for (const std::string text : {"", "\xEF\xBB\xBF", "\n\n", "\r\n  \r\n"}) {
    EXPECT_TRUE(OnlyError(parse_shot_list(text), 1, "", "the file is empty"));
  }
}

TEST(ShotListErrors, ValueUnderAnUnnamedColumn) {
  const auto parse = parse_shot_list("Scene,,Setup\n12,,A\n13,oops,A\n");
  EXPECT_TRUE(OnlyError(parse, 3, "", "cell 2 has a value, but its column has no name"));
}

// ---------------------------------------------------------------------------------------------
// Good files.

TEST(ShotList, BomCrlfAndSemicolons) {
  const auto parse = parse_shot_list(
      "\xEF\xBB\xBFScene;Setup;Description;Pages\r\n"
      "12;A;Wide, slow push;1 3/8\r\n"
      "12;B;Caf\xC3\xA9 interior;3/8\r\n"
      "\r\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  EXPECT_EQ(parse.delimiter, ';');
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[0].line, 2u);
  EXPECT_EQ(parse.rows[0].scene, "12");
  EXPECT_EQ(parse.rows[0].setup, "A");
  EXPECT_EQ(parse.rows[0].description, "Wide, slow push");
  EXPECT_EQ(parse.rows[0].pages_eighths, 11);
  EXPECT_EQ(parse.rows[1].line, 3u);
  EXPECT_EQ(parse.rows[1].description, "Caf\xC3\xA9 interior");
  EXPECT_EQ(parse.rows[1].pages_eighths, 3);
}

TEST(ShotList, TabDelimited) {
  const auto parse = parse_shot_list(
      "Sc\tShot\tDesc\tCast\n"
      "4\tA\tTwo shot, favouring Ben\tAnna, Ben\n"
      "4\tB\tOver Anna\tBen\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  EXPECT_EQ(parse.delimiter, '\t');
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[0].description, "Two shot, favouring Ben");
  EXPECT_EQ(parse.rows[0].characters, (std::vector<std::string>{"Anna", "Ben"}));
  EXPECT_EQ(parse.rows[1].setup, "B");
}

TEST(ShotList, QuotedFields) {
  const auto parse = parse_shot_list(
      "Scene,Setup,Description,Notes\n"
      "12,A,\"Anna says \"\"no, never\"\"\",\"first line\n"
      "second line\"\n"
      "12,B,\"\",\"\"\"quoted\"\"\"\n"
      " 12 , \"C\" , plain ,\"a,b\"\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 3u);
  EXPECT_EQ(parse.rows[0].line, 2u);
  EXPECT_EQ(parse.rows[0].description, "Anna says \"no, never\"");
  EXPECT_EQ(parse.rows[0].notes, "first line\nsecond line");
  EXPECT_EQ(parse.rows[1].line, 4u);
  EXPECT_EQ(parse.rows[1].description, "");
  EXPECT_EQ(parse.rows[1].notes, "\"quoted\"");
  EXPECT_EQ(parse.rows[2].line, 5u);
  EXPECT_EQ(parse.rows[2].setup, "C");
  EXPECT_EQ(parse.rows[2].description, "plain");
  EXPECT_EQ(parse.rows[2].notes, "a,b");
}

TEST(ShotList, QuotedNewlineWithCrlf) {
  const auto parse = parse_shot_list("Scene,Notes\r\n1,\"a\r\nb\"\r\n2,c\r\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[0].notes, "a\nb");
  EXPECT_EQ(parse.rows[1].line, 4u);
}

TEST(ShotList, OldMacLineEnds) {
  const auto parse = parse_shot_list("Scene,Setup\r1,A\r2,B\r");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[1].line, 3u);
}

TEST(ShotList, HeaderAliases) {
  const std::vector<std::string> headers = {
      "scene,setup,description,int_ext,location,day_night,pages,cameras,characters,notes",
      "Sc,Shot,Desc,I/E,Location,D/N,Pgs,Cam,Cast,Note",
      "SC.,Slate,Action,INT/EXT,Location,Time,Page Count,Cams,Cast Members,Comments",
      "  Scene #  ,Setup #,Description,Int/Ext,location,Day/Night,Length,Camera,Cast,Notes",
      "Scene No,Setup,Desc,I/E,Location,D/N,Pages,Cameras,Characters,Notes",
      "\"Scene Number\",\"Shot\",\"Desc\",\"I/E\",\"Location\",\"D/N\",\"Pgs\",\"Cams\",\"Cast\","
      "\"Note\""};
  for (const auto& header : headers) {
    const auto parse =
        parse_shot_list(header + "\n12,A,Wide,I/E,Kitchen,N,1-3/8,A+B,\"Anna, Ben\",Rain\n");
    EXPECT_TRUE(parse.errors.empty()) << header << all_errors(parse);
    ASSERT_EQ(parse.rows.size(), 1u) << header;
    const auto& row = parse.rows[0];
    EXPECT_EQ(row.scene, "12");
    EXPECT_EQ(row.setup, "A");
    EXPECT_EQ(row.description, "Wide");
    EXPECT_EQ(row.int_ext, "INT/EXT");
    EXPECT_EQ(row.location, "Kitchen");
    EXPECT_EQ(row.day_night, "NIGHT");
    EXPECT_EQ(row.pages_eighths, 11);
    EXPECT_EQ(row.cameras, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(row.characters, (std::vector<std::string>{"Anna", "Ben"}));
    EXPECT_EQ(row.notes, "Rain");
  }
}

TEST(ShotList, ColumnsInAnyOrderAndShortRows) {
  const auto parse = parse_shot_list("Notes,Pages,Setup,Scene\n,,,12\nhi,1\n");
  ASSERT_EQ(parse.errors.size(), 1u) << all_errors(parse);
  EXPECT_TRUE(HasError(parse, 3, "scene", "the scene is missing"));
  EXPECT_EQ(parse.rows[0].scene, "12");
  EXPECT_FALSE(parse.rows[0].pages_eighths.has_value());
  EXPECT_EQ(parse.rows[1].notes, "hi");
  EXPECT_EQ(parse.rows[1].pages_eighths, 8);
}

TEST(ShotList, OmittedScenes) {
  const auto parse =
      parse_shot_list("Scene,Setup\nOMIT 14\nomitted 15\n16 OMITTED\nOMITTED  17A\n18\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 5u);
  EXPECT_EQ(parse.rows[0].scene, "14");
  EXPECT_TRUE(parse.rows[0].omitted);
  EXPECT_EQ(parse.rows[1].scene, "15");
  EXPECT_TRUE(parse.rows[1].omitted);
  EXPECT_EQ(parse.rows[2].scene, "16");
  EXPECT_TRUE(parse.rows[2].omitted);
  EXPECT_EQ(parse.rows[3].scene, "17A");
  EXPECT_TRUE(parse.rows[3].omitted);
  EXPECT_EQ(parse.rows[4].scene, "18");
  EXPECT_FALSE(parse.rows[4].omitted);
}

TEST(ShotList, SceneNumbersAreNormalised) {
  const auto parse = parse_shot_list("Scene\n12\n12a\na12\n12pt2\n101AB\n 7 \n012B\n12PT1234\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  std::vector<std::string> scenes;
  for (const auto& row : parse.rows) {
    scenes.push_back(row.scene);
  }
  EXPECT_EQ(scenes, (std::vector<std::string>{"12", "12A", "A12", "12PT2", "101AB", "7", "12B",
                                              "12PT1234"}));
}

TEST(ShotList, Cameras) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"A+B", {"A", "B"}}, {"A, B", {"A", "B"}}, {"AB", {"A", "B"}}, {"a/b/c", {"A", "B", "C"}},
      {"A B", {"A", "B"}}, {"A", {"A"}},         {"A+A", {"A"}},     {"", {}}};
  for (const auto& [cell, cameras] : cases) {
    const auto parse = parse_shot_list("Scene,Cameras\n12,\"" + cell + "\"\n");
    EXPECT_TRUE(parse.errors.empty()) << cell << all_errors(parse);
    ASSERT_EQ(parse.rows.size(), 1u);
    EXPECT_EQ(parse.rows[0].cameras, cameras) << cell;
  }
}

TEST(ShotList, IntExtAndDayNight) {
  const auto parse = parse_shot_list(
      "Scene,I/E,D/N\n1,int,day\n2,EXT.,N\n3,I/E,D\n4,INT./EXT.,CONT\n5,Int/Ext,dusk\n6,,dawn\n"
      "7,EXT,Continuous\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  std::vector<std::string> int_ext;
  std::vector<std::string> day_night;
  for (const auto& row : parse.rows) {
    int_ext.push_back(row.int_ext);
    day_night.push_back(row.day_night);
  }
  EXPECT_EQ(int_ext,
            (std::vector<std::string>{"INT", "EXT", "INT/EXT", "INT/EXT", "INT/EXT", "", "EXT"}));
  EXPECT_EQ(day_night, (std::vector<std::string>{"DAY", "NIGHT", "DAY", "CONTINUOUS", "DUSK",
                                                 "DAWN", "CONTINUOUS"}));
}

TEST(ShotList, CharactersSplitOnCommaOrSemicolon) {
  const auto parse = parse_shot_list("Scene,Cast\n1,\"Anna, Ben;; Carl ,\"\n2,Dora\n3,\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 3u);
  EXPECT_EQ(parse.rows[0].characters, (std::vector<std::string>{"Anna", "Ben", "Carl"}));
  EXPECT_EQ(parse.rows[1].characters, (std::vector<std::string>{"Dora"}));
  EXPECT_TRUE(parse.rows[2].characters.empty());
}

TEST(ShotList, BlankLinesAreSkippedAndLinesStillCount) {
  const auto parse = parse_shot_list("\nScene,Setup\n\n12,A\n,\n12,B\n\n\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[0].line, 4u);
  EXPECT_EQ(parse.rows[1].line, 6u);
}

TEST(ShotList, BlankRowsBeforeTheHeader) {
  const auto parse = parse_shot_list(";;\n\nScene;Setup\n12;A\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  EXPECT_EQ(parse.delimiter, ';');
  ASSERT_EQ(parse.rows.size(), 1u);
  EXPECT_EQ(parse.rows[0].line, 4u);
}

TEST(ShotList, NoFinalNewline) {
  const auto parse = parse_shot_list("Scene,Setup\n12,A\n12,B");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 2u);
  EXPECT_EQ(parse.rows[1].setup, "B");
}

TEST(ShotList, TrailingDelimitersFromASpreadsheet) {
  const auto parse = parse_shot_list("Scene,Setup,,\n12,A,,\n12,B,,\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  EXPECT_EQ(parse.rows.size(), 2u);
}

TEST(ShotList, DelimiterDetection) {
  EXPECT_EQ(parse_shot_list("Scene\n12\n").delimiter, ',');  // A tie: ',' first.
  EXPECT_EQ(parse_shot_list("Scene;Setup\n12;A\n").delimiter, ';');
  EXPECT_EQ(parse_shot_list("Scene\tSetup\n12\tA\n").delimiter, '\t');
  EXPECT_EQ(parse_shot_list("Scene,Setup;Notes\n").delimiter, ',');  // 1 known name each.
  EXPECT_EQ(parse_shot_list("Scene;Setup;Notes,Pages\n").delimiter, ';');
}

TEST(ShotList, SceneOnlyRowsAndSetupRows) {
  const auto parse = parse_shot_list("Scene,Setup,Pages\n12,,2 1/8\n12,A,\n12,B,\n");
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 3u);
  EXPECT_EQ(parse.rows[0].setup, "");
  EXPECT_EQ(parse.rows[0].pages_eighths, 17);
}

// A shot list shaped like a real export: 60 scenes, 200 setups, descriptions with commas and
// quotes, some notes over several lines, CRLF at the end of rows and LF inside cells.
TEST(ShotList, TwoHundredSetups) {
  std::string text = "Sc,Shot,Desc,I/E,Location,D/N,Pgs,Cams,Cast,Notes\r\n";
  std::size_t line = 2;
  struct Expected {
    std::size_t line;
    std::string scene;
    std::string setup;
    std::string description;
    std::string notes;
    int pages;
  };
  std::vector<Expected> expected;
  const std::vector<std::string> letters = {"A", "B", "C", "D"};
  for (int scene = 1; scene <= 60; ++scene) {
    const std::string number = std::to_string(scene) + (scene % 10 == 0 ? "A" : "");
    const int setups = scene <= 20 ? 4 : 3;
    for (int s = 0; s < setups; ++s) {
      const auto index = expected.size();
      const int pages = static_cast<int>(index % 40) + 1;
      std::string description =
          "Wide, on " + letters[static_cast<std::size_t>(s)] + ": Anna says \"not now\", leaves";
      std::string notes;
      if (index % 5 == 0) {
        notes = "Rain towers\nCheck continuity, cup in left hand";
      } else if (index % 7 == 0) {
        notes = "Quote: \"again\"";
      }
      std::string quoted_description = "\"";
      for (const char c : description) {
        quoted_description += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      quoted_description += "\"";
      std::string quoted_notes = "\"";
      for (const char c : notes) {
        quoted_notes += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      quoted_notes += "\"";
      text += number + "," + letters[static_cast<std::size_t>(s)] + "," + quoted_description + "," +
              (scene % 2 == 0 ? "INT" : "EXT") + ",\"Farmhouse, kitchen\"," +
              (scene % 3 == 0 ? "NIGHT" : "DAY") + "," + format_pages(pages) + ",A+B," +
              "\"Anna, Ben\"," + quoted_notes + "\r\n";
      expected.push_back(
          {line, number, letters[static_cast<std::size_t>(s)], description, notes, pages});
      line += notes.find('\n') == std::string::npos ? 1u : 2u;
    }
  }
  ASSERT_EQ(expected.size(), 200u);
  const auto parse = parse_shot_list(text);
  EXPECT_TRUE(parse.errors.empty()) << all_errors(parse);
  ASSERT_EQ(parse.rows.size(), 200u);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = parse.rows[i];
    const auto& want = expected[i];
    EXPECT_EQ(row.line, want.line) << i;
    EXPECT_EQ(row.scene, want.scene) << i;
    EXPECT_EQ(row.setup, want.setup) << i;
    EXPECT_EQ(row.description, want.description) << i;
    EXPECT_EQ(row.notes, want.notes) << i;
    EXPECT_EQ(row.pages_eighths, want.pages) << i;
    EXPECT_EQ(row.location, "Farmhouse, kitchen") << i;
    EXPECT_EQ(row.cameras, (std::vector<std::string>{"A", "B"})) << i;
    EXPECT_EQ(row.characters, (std::vector<std::string>{"Anna", "Ben"})) << i;
  }
}

// ---------------------------------------------------------------------------------------------
// Pages.

TEST(Pages, Forms) {
  EXPECT_EQ(parse_pages("1 3/8"), 11);
  EXPECT_EQ(parse_pages("3/8"), 3);
  EXPECT_EQ(parse_pages("4/8"), 4);
  EXPECT_EQ(parse_pages("2"), 16);
  EXPECT_EQ(parse_pages("1-3/8"), 11);
  EXPECT_EQ(parse_pages("1 - 3/8"), 11);
  EXPECT_EQ(parse_pages("  1   7/8 "), 15);
  EXPECT_EQ(parse_pages("0"), 0);
  EXPECT_EQ(parse_pages("0 1/8"), 1);
  EXPECT_EQ(parse_pages("120"), 960);
}

TEST(Pages, Refused) {
  for (const std::string_view text :
       {"",    " ",   "-1",   "-3/8",   "1 9/8",  "1 0/8",  "8/8", "0/8",   "3/4",     "1/2",
        "1.5", "1 3", "13/8", "1 3/8x", "1 3 /8", "1 3/ 8", "x",   "1/8/8", "1 1 1/8", "10000"}) {
    EXPECT_EQ(parse_pages(text), std::nullopt) << "\"" << text << "\"";
  }
}

TEST(Pages, Format) {
  EXPECT_EQ(format_pages(11), "1 3/8");
  EXPECT_EQ(format_pages(8), "1");
  EXPECT_EQ(format_pages(3), "3/8");
  EXPECT_EQ(format_pages(0), "0");
  EXPECT_EQ(format_pages(17), "2 1/8");
}

TEST(Pages, RoundTrip) {
  for (int eighths = 0; eighths <= 80; ++eighths) {
    const auto text = format_pages(eighths);
    EXPECT_EQ(parse_pages(text), eighths) << text;
  }
}

TEST(ShotListErrorText, ToString) {
  EXPECT_EQ((ShotListError{7, "pages", "bad"}).to_string(), "line 7, column pages: bad");
  EXPECT_EQ((ShotListError{7, "", "bad"}).to_string(), "line 7: bad");
}

}  // namespace
}  // namespace slate::production
