#include <algorithm>
#include <gtest/gtest.h>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <slate/production/numbering.hpp>

namespace slate::production {
namespace {

SceneNumber scene(const std::string& text) {
  const std::optional<SceneNumber> parsed = parse_scene(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(SceneNumber{});
}

TEST(ParseScene, PlainNumber) {
  const SceneNumber s = scene("12");
  EXPECT_EQ(s.text, "12");
  EXPECT_FALSE(s.omitted);
  EXPECT_EQ(s.prefix, "");
  EXPECT_EQ(s.number, 12);
  EXPECT_EQ(s.suffix, "");
}

TEST(ParseScene, LetterSuffix) {
  const SceneNumber s = scene("12A");
  EXPECT_EQ(s.text, "12A");
  EXPECT_EQ(s.prefix, "");
  EXPECT_EQ(s.number, 12);
  EXPECT_EQ(s.suffix, "A");
  EXPECT_EQ(scene("12AB").suffix, "AB");
}

TEST(ParseScene, LetterPrefix) {
  const SceneNumber s = scene("A12");
  EXPECT_EQ(s.text, "A12");
  EXPECT_EQ(s.prefix, "A");
  EXPECT_EQ(s.number, 12);
  EXPECT_EQ(s.suffix, "");
}

TEST(ParseScene, PrefixAndSuffixTogether) {
  const SceneNumber s = scene("a12b");
  EXPECT_EQ(s.text, "A12B");
  EXPECT_EQ(s.prefix, "A");
  EXPECT_EQ(s.suffix, "B");
}

TEST(ParseScene, PartIsUpperCased) {
  const SceneNumber s = scene("12pt2");
  EXPECT_EQ(s.text, "12PT2");
  EXPECT_EQ(s.number, 12);
  EXPECT_EQ(s.suffix, "PT2");
  EXPECT_EQ(scene("12Pt10").text, "12PT10");
}

TEST(ParseScene, LowerCaseIsUpperCased) {
  EXPECT_EQ(scene("12a").text, "12A");
  EXPECT_EQ(scene("b7").text, "B7");
}

TEST(ParseScene, SurroundingSpaceIsTrimmed) {
  EXPECT_EQ(scene("  12A \t").text, "12A");
}

TEST(ParseScene, LeadingZerosAreTheSameScene) {
  EXPECT_EQ(scene("012").text, "12");
  EXPECT_EQ(scene("012").number, 12);
}

TEST(ParseScene, OmittedForms) {
  for (const std::string text : {"OMIT 14", "OMITTED 14", "14 OMIT", "14 OMITTED", "omit 14",
                                 "Omitted  14", "  14   omit  "}) {
    const SceneNumber s = scene(text);
    EXPECT_EQ(s.text, "14") << text;
    EXPECT_TRUE(s.omitted) << text;
    EXPECT_EQ(s.number, 14) << text;
  }
  const SceneNumber lettered = scene("OMIT 14a");
  EXPECT_EQ(lettered.text, "14A");
  EXPECT_TRUE(lettered.omitted);
}

TEST(ParseScene, GarbageIsRefused) {
  for (const std::string text : {"",
                                 "   ",
                                 "A",
                                 "ABC",
                                 "OMIT",
                                 "OMIT ",
                                 "12-14",
                                 "12 14",
                                 "12 A",
                                 "1 2",
                                 "12.5",
                                 "#12",
                                 "12/13",
                                 "12A2",
                                 "12PT",
                                 "12PTX",
                                 "12PTA",
                                 "12APT2",
                                 "SCENE12",
                                 "12CONT",
                                 "OMIT14",
                                 "OMIT OMIT 14",
                                 "14 OMIT OMIT",
                                 "1234567",
                                 "12PT1234567",
                                 "１２"}) {
    EXPECT_FALSE(parse_scene(text).has_value()) << '"' << text << '"';
  }
}

TEST(SceneBefore, SortsIntoScriptOrder) {
  const std::vector<std::string> expected = {"1",     "2",      "A12", "B12",  "AA12", "12",
                                             "12A",   "12B",    "12Z", "12AA", "12AB", "12PT2",
                                             "12PT3", "12PT10", "13",  "A14",  "14",   "100"};
  std::vector<std::string> shuffled = expected;
  std::mt19937 random(20261127);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    std::vector<SceneNumber> scenes;
    for (const std::string& text : shuffled) {
      scenes.push_back(scene(text));
    }
    std::sort(scenes.begin(), scenes.end(), scene_before);
    std::vector<std::string> sorted;
    for (const SceneNumber& s : scenes) {
      sorted.push_back(s.text);
    }
    EXPECT_EQ(sorted, expected);
  }
}

TEST(SceneBefore, IsStrict) {
  const SceneNumber twelve = scene("12");
  EXPECT_FALSE(scene_before(twelve, twelve));
  // Omitting a scene does not move it: it keeps its place in the script.
  EXPECT_FALSE(scene_before(scene("OMIT 12"), twelve));
  EXPECT_FALSE(scene_before(twelve, scene("OMIT 12")));
  EXPECT_TRUE(scene_before(scene("OMIT 12"), scene("12A")));
}

TEST(SetupLetters, SkipIAndO) {
  const std::string expected = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  ASSERT_EQ(expected.size(), 24U);
  for (int index = 0; index < 24; ++index) {
    EXPECT_EQ(setup_letter(index), std::string(1, expected[static_cast<std::size_t>(index)]));
  }
  EXPECT_EQ(setup_letter(7), "H");
  EXPECT_EQ(setup_letter(8), "J");
  EXPECT_EQ(setup_letter(12), "N");
  EXPECT_EQ(setup_letter(13), "P");
  EXPECT_EQ(setup_letter(23), "Z");
}

TEST(SetupLetters, DoubleLettersAfterZ) {
  EXPECT_EQ(setup_letter(24), "AA");
  EXPECT_EQ(setup_letter(25), "AB");
  EXPECT_EQ(setup_letter(24 + 8), "AJ");
  EXPECT_EQ(setup_letter(24 + 23), "AZ");
  EXPECT_EQ(setup_letter(48), "BA");
  EXPECT_EQ(setup_letter(24 + 24 * 24 - 1), "ZZ");
  EXPECT_EQ(setup_letter(24 + 24 * 24), "AAA");
}

TEST(SetupLetters, NegativeIndexHasNoLetter) {
  EXPECT_EQ(setup_letter(-1), "");
}

TEST(SetupLetters, RoundTrip) {
  for (int index = 0; index <= 1000; ++index) {
    const std::string letters = setup_letter(index);
    EXPECT_EQ(letters.find_first_of("IO"), std::string::npos) << letters;
    EXPECT_EQ(setup_index(letters), index) << letters;
  }
}

TEST(SetupLetters, IndexAcceptsLowerCase) {
  EXPECT_EQ(setup_index("a"), 0);
  EXPECT_EQ(setup_index("j"), 8);
  EXPECT_EQ(setup_index("aB"), 25);
}

TEST(SetupLetters, IndexRefusesLettersNotUsed) {
  for (const std::string letters :
       {"", "I", "O", "i", "o", "AI", "OA", "A1", "1", " A", "A ", "A-B", "Ä", "AAAAAAAAAAAA"}) {
    EXPECT_EQ(setup_index(letters), std::nullopt) << '"' << letters << '"';
  }
}

TEST(NextSetup, FollowsTheHighestUsed) {
  EXPECT_EQ(next_setup({}), "A");
  EXPECT_EQ(next_setup({"A", "B", "D"}), "E");
  EXPECT_EQ(next_setup({"D", "A", "B"}), "E");
  EXPECT_EQ(next_setup({"H"}), "J");
  EXPECT_EQ(next_setup({"N"}), "P");
  EXPECT_EQ(next_setup({"Z"}), "AA");
  EXPECT_EQ(next_setup({"AZ"}), "BA");
  EXPECT_EQ(next_setup({"c"}), "D");
}

TEST(NextSetup, IgnoresLettersThatAreNotSetups) {
  EXPECT_EQ(next_setup({"I", "O", "", "?"}), "A");
  EXPECT_EQ(next_setup({"B", "O"}), "C");
}

TEST(NextTake, StartsAtOne) {
  EXPECT_EQ(next_take({}, 0), 1);
}

TEST(NextTake, FollowsTheHighest) {
  EXPECT_EQ(next_take({1, 2, 3}, 3), 4);
  EXPECT_EQ(next_take({1, 2, 3}, 0), 4);
  EXPECT_EQ(next_take({3, 1, 2}, 0), 4);
}

TEST(NextTake, DeletedNumbersAreNotReused) {
  // Take 3 was deleted: the next take is still 4.
  EXPECT_EQ(next_take({1, 2}, 3), 4);
  // Every take deleted.
  EXPECT_EQ(next_take({}, 5), 6);
}

TEST(NextTake, PickupsContinueTheCount) {
  // Takes 1 to 4, then a pickup: it is take 5, and a series after it goes on from there.
  std::vector<int> takes = {1, 2, 3, 4};
  const int pickup = next_take(takes, 4);
  EXPECT_EQ(pickup, 5);
  takes.push_back(pickup);
  EXPECT_EQ(next_take(takes, pickup), 6);
}

TEST(SceneNumberProblem, SaysWhyInASentenceThatQuotesTheText) {
  EXPECT_EQ(scene_number_problem("12A"), "");
  EXPECT_EQ(scene_number_problem("  "), "the scene is missing");
  EXPECT_EQ(scene_number_problem("omit"),
            "\"omit\" has no scene number (write the omitted scene as OMIT 14)");
  EXPECT_EQ(scene_number_problem("12pt"),
            "\"12pt\" is not a scene number: a part is written with its number, like 12PT2");
  EXPECT_EQ(scene_number_problem(" 12-14 "),
            "\"12-14\" is not a scene number (like 12, 12A, A12, 12PT2 or OMIT 14)");
}

TEST(SceneNumberProblem, AgreesWithParseScene) {
  for (const std::string text :
       {"12", "12PT2", "OMIT 14", "", "12PT", "12-14", "OMIT", "SCENE12"}) {
    EXPECT_EQ(parse_scene(text).has_value(), scene_number_problem(text).empty()) << text;
  }
}

TEST(ParseCameras, LettersAreUpperCasedRepeatsDroppedOrderKept) {
  const auto cameras = parse_cameras(std::vector<std::string>{"b", "A", "B", " c "});
  ASSERT_TRUE(cameras);
  EXPECT_EQ(*cameras, (std::vector<std::string>{"B", "A", "C"}));
  EXPECT_TRUE(parse_cameras(std::vector<std::string>{}))
      << "a setup may have no cameras of its own";
}

TEST(ParseCameras, AnythingButOneLetterIsRefusedByName) {
  for (const std::string wrong : {"", "1", "AB", "CAM1", "É", "A-"}) {
    const auto cameras = parse_cameras(std::vector<std::string>{"A", wrong});
    ASSERT_FALSE(cameras) << wrong;
    EXPECT_EQ(cameras.error().kind, Refusal::Kind::invalid);
    EXPECT_EQ(cameras.error().message,
              "\"" + wrong + "\" is not a camera: a camera is one letter, A to Z");
  }
  EXPECT_FALSE(parse_cameras(std::vector<std::string>(27, "A"))) << "more than 26 named";
}

TEST(ParseCameras, AShotListCellIsReadTheSameWay) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"A+B", {"A", "B"}}, {"A, B", {"A", "B"}}, {"ab", {"A", "B"}}, {"a/b/c", {"A", "B", "C"}},
      {"A&B", {"A", "B"}}, {"A B", {"A", "B"}},  {"A+A", {"A"}},     {"", {}}};
  for (const auto& [cell, expected] : cases) {
    const auto cameras = parse_cameras(std::string_view(cell));
    ASSERT_TRUE(cameras) << cell;
    EXPECT_EQ(*cameras, expected) << cell;
  }
  const auto wrong = parse_cameras(std::string_view("A+1"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "\"1\" is not a camera: cameras are letters, like A, A+B or AB");
}

}  // namespace
}  // namespace slate::production
