#include <gtest/gtest.h>

#include <slate/offload/card.hpp>
#include <slate/offload/destination_template.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::offload {
namespace {

using slate::testing::TempDir;
using slate::testing::write_file;

TEST(CardScan, ListsEveryFileSortedWithSizesSkippingLinks) {
  TempDir dir;
  write_file(dir / "card/Clips/B.mov", "bb");
  write_file(dir / "card/Clips/A.mov", "a");
  write_file(dir / "card/.index", "");
  write_file(dir / "card/naïve take.mov", "ccc");
  std::filesystem::create_symlink("/etc/passwd", dir / "card/link");
  const auto files = scan_card(dir / "card");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].relative_path, ".index");
  EXPECT_EQ(files[1].relative_path, "Clips/A.mov");
  EXPECT_EQ(files[2].relative_path, "Clips/B.mov");
  EXPECT_EQ(files[2].size, 2u);
  EXPECT_EQ(files[3].relative_path, "naïve take.mov");
  EXPECT_EQ(total_size(files), 6u);
  EXPECT_GT(files[0].mtime_ns, 0);
}

TEST(CardScan, AMissingFolderIsAnErrorNamingIt) {
  TempDir dir;
  try {
    scan_card(dir / "gone");
    FAIL() << "no error";
  } catch (const std::system_error& error) {
    EXPECT_NE(std::string(error.what()).find((dir / "gone").string()), std::string::npos);
  }
}

TEST(CardFingerprint, ChangesWithANameASizeOrTheBytesAtEitherEnd) {
  TempDir dir;
  const std::string big(3 * 1024 * 1024, 'x');
  write_file(dir / "card/A.mov", big);
  const auto base = card_fingerprint(dir / "card", scan_card(dir / "card"));
  EXPECT_EQ(base, card_fingerprint(dir / "card", scan_card(dir / "card")));

  auto tail = big;
  tail.back() = 'y';
  write_file(dir / "card/A.mov", tail);
  EXPECT_NE(base, card_fingerprint(dir / "card", scan_card(dir / "card")));
  auto head = big;
  head.front() = 'y';
  write_file(dir / "card/A.mov", head);
  EXPECT_NE(base, card_fingerprint(dir / "card", scan_card(dir / "card")));
  write_file(dir / "card/A.mov", big);
  std::filesystem::rename(dir / "card/A.mov", dir / "card/B.mov");
  EXPECT_NE(base, card_fingerprint(dir / "card", scan_card(dir / "card")));
}

TEST(ProposedRoll, ComesFromReelAndMagazineFolderNames) {
  EXPECT_EQ(propose_roll("/media/A002R2EC", {}), "A002");
  EXPECT_EQ(propose_roll("/media/A001_0613XY.RDM", {}), "A001");
  EXPECT_EQ(propose_roll("/media/EOS_DIGITAL", {}), "EOS_DIGITAL");
}

TEST(DestinationTemplate, ExpandsTokens) {
  const TemplateValues values = {{"date", "2026-11-23"},
                                 {"roll", "A002"},
                                 {"project", "Night Run"},
                                 {"camera", "A"},
                                 {"label", "A002R2EC"}};
  EXPECT_EQ(expand_template("{date}/{roll}", values), "2026-11-23/A002");
  EXPECT_EQ(expand_template("{project}/Day/{camera}-cam/{label}", values),
            "Night Run/Day/A-cam/A002R2EC");
}

TEST(DestinationTemplate, ValuesCannotLeaveTheDestination) {
  EXPECT_EQ(expand_template("{roll}", {{"roll", "../../etc"}}), ".._.._etc");
  EXPECT_THROW(expand_template("{roll}", {{"roll", ".."}}), std::invalid_argument);
}

TEST(DestinationTemplate, RefusesMalformedTemplatesSayingWhy) {
  const TemplateValues values = {{"roll", "A002"}};
  auto refusal = [&](const std::string& text) {
    try {
      expand_template(text, values);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_NE(refusal("{reel}").find("unknown token {reel}"), std::string::npos);
  EXPECT_NE(refusal("{date}").find("uses {date}, which has no value"), std::string::npos);
  EXPECT_NE(refusal("{roll").find("without its '}'"), std::string::npos);
  EXPECT_NE(refusal("/abs/{roll}").find("must be a relative path"), std::string::npos);
  EXPECT_NE(refusal("a/../{roll}").find("'..'"), std::string::npos);
  EXPECT_NO_THROW(check_template("{project}/{day}/{roll}"));
  EXPECT_THROW(check_template("{nope}"), std::invalid_argument);
}

TEST(ProposedRoll, ComesFromTheCameraNamesOnTheCard) {
  TempDir dir;
  write_file(dir / "CARD1/XDROOT/Clip/A014C003_220314AB.MXF", "mxf");
  write_file(dir / "CARD1/XDROOT/Clip/A014C004_220314AB.MXF", "mxf");
  write_file(dir / "CARD1/XDROOT/MEDIAPRO.XML", "<xml/>");
  EXPECT_EQ(propose_roll(dir / "CARD1", scan_card(dir / "CARD1")), "A014");
  write_file(dir / "CARD2/notes.txt", "no camera wrote this");
  EXPECT_EQ(propose_roll(dir / "CARD2", scan_card(dir / "CARD2")), "CARD2");
}

}  // namespace
}  // namespace slate::offload
