#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <ostream>
#include <string>
#include <vector>

#include <slate/hashing/hash.hpp>
#include <slate/mhl/mhl.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::hashing {
// Readable failure messages: "xxh64", not the enum's bytes.
void PrintTo(Algorithm algorithm, std::ostream* out) {
  *out << name(algorithm);
}
}  // namespace slate::hashing

namespace slate::mhl {

void PrintTo(HashAction action, std::ostream* out) {
  *out << (action == HashAction::original   ? "original"
           : action == HashAction::verified ? "verified"
                                            : "failed");
}

namespace {

namespace fs = std::filesystem;
using hashing::Algorithm;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

/// The ASC MHL specification, schemas and the reference implementation's scenarios.
fs::path standards() {
  return fs::path(SLATE_FIXTURES_DIR) / "ascmhl";
}

fs::path example(const std::string& scenario) {
  return standards() / "examples" / scenario;
}

std::chrono::system_clock::time_point utc(int year, unsigned month, unsigned day, int hour,
                                          int minute, int second) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} +
         hours{hour} + minutes{minute} + seconds{second};
}

const auto kFirstDay = utc(2020, 1, 16, 9, 15, 0);
const auto kNextDay = utc(2020, 1, 17, 14, 30, 0);

/// The files of `folder` that ASC MHL tracks, hashed now, as an offload hands them over.
std::vector<FileEntry> entries_of(const fs::path& folder,
                                  const std::vector<Algorithm>& algorithms) {
  std::vector<FileEntry> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const auto relative = entry.path().lexically_relative(folder);
    if (!entry.is_regular_file() || is_ignored(relative)) {
      continue;
    }
    files.push_back({relative.generic_string(), entry.file_size(),
                     std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                         std::chrono::file_clock::to_sys(entry.last_write_time())),
                     hashing::hash_file(entry.path(), algorithms)});
  }
  return files;
}

GenerationInput input_for(const fs::path& folder, const std::vector<Algorithm>& algorithms,
                          std::chrono::system_clock::time_point started = kNextDay) {
  GenerationInput input;
  input.folder = folder;
  input.started = started;
  input.process = "transfer";
  input.tool_version = "1.0.0";
  input.hostname = "slate-test";
  input.files = entries_of(folder, algorithms);
  return input;
}

/// A copy of `from` (its files and its ascmhl/ history) at `to`.
void copy_folder(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

/// xmllint's verdict on `file` against one of the standard's schemas: empty when it validates.
std::string schema_errors(const std::string& schema, const fs::path& file) {
  const auto result = run_command(
      {"/usr/bin/xmllint", "--noout", "--schema", (standards() / schema).string(), file.string()});
  return result.exit_code == 0 ? std::string() : result.err + result.out;
}

/// The message of the MhlError `action` throws; empty when it throws none.
std::string mhl_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const MhlError& error) {
    return error.what();
  }
  return {};
}

/// A small card: nested folders, an empty file, names XML must escape, a name in Unicode.
void write_card(const fs::path& card) {
  write_file(card / "Clips" / "A001C001_230101_R1AB.mov", "frame data 1");
  write_file(card / "Clips" / "Sub Folder" / "Ünïcödé clip ✓.mov", "frame data 2");
  write_file(card / "Sound" / "Tom & Jerry <take 2>.wav", "audio");
  write_file(card / "empty.txt", "");
  write_file(card / ".DS_Store", "finder");
}

std::vector<std::string> actions_in(const Generation& generation) {
  std::vector<std::string> actions;
  for (const auto& file : generation.files) {
    for (const auto& hash : file.hashes) {
      actions.push_back(hash.action == HashAction::original   ? "original"
                        : hash.action == HashAction::verified ? "verified"
                                                              : "failed");
    }
  }
  return actions;
}

const std::vector<Algorithm> kEveryAlgorithm = {Algorithm::xxh64, Algorithm::md5,
                                                Algorithm::sha1,  Algorithm::c4,
                                                Algorithm::xxh3,  Algorithm::xxh128};

TEST(MhlGeneration, ValidatesAgainstTheXsd) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);

  const auto result = write_generation(input_for(card, kEveryAlgorithm));

  EXPECT_EQ(schema_errors("ASCMHL.xsd", result.manifest), "");
  EXPECT_EQ(schema_errors("ASCMHLDirectory.xsd", card / "ascmhl" / "ascmhl_chain.xml"), "");
}

TEST(MhlGeneration, RecordsNamesWithMarkupAndUnicodeAsTheyAre) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);

  write_generation(input_for(card, {Algorithm::xxh64}));

  EXPECT_EQ(History::load(card).known_paths(),
            (std::vector<std::string>{"Clips/A001C001_230101_R1AB.mov",
                                      "Clips/Sub Folder/Ünïcödé clip ✓.mov",
                                      "Sound/Tom & Jerry <take 2>.wav", "empty.txt"}));
}

TEST(MhlGeneration, FirstGenerationRecordsEveryHashAsOriginal) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);

  const auto result =
      write_generation(input_for(card, {Algorithm::xxh64, Algorithm::md5}, kFirstDay));

  EXPECT_EQ(result.number, 1);
  EXPECT_EQ(result.manifest.filename(), "0001_A001_2020-01-16_091500Z.mhl");
  EXPECT_TRUE(result.failed.empty());
  const auto history = History::load(card);
  ASSERT_EQ(history.generations().size(), 1U);
  EXPECT_EQ(actions_in(history.generations()[0]), std::vector<std::string>(8, "original"));
  EXPECT_EQ(history.generations()[0].process, "transfer");
  EXPECT_EQ(history.generations()[0].creation_date, "2020-01-16T09:15:00+00:00");
}

TEST(MhlGeneration, WritesHashesInSchemaOrder) {
  TempDir temp;
  const auto card = temp / "A001";
  write_file(card / "clip.mov", "frame");

  write_generation(input_for(card, kEveryAlgorithm));

  const auto history = History::load(card);
  const auto& hashes = history.generations()[0].files[0].hashes;
  std::vector<Algorithm> order;
  for (const auto& hash : hashes) {
    order.push_back(hash.algorithm);
  }
  EXPECT_EQ(order, (std::vector<Algorithm>{Algorithm::c4, Algorithm::md5, Algorithm::sha1,
                                           Algorithm::xxh128, Algorithm::xxh3, Algorithm::xxh64}));
}

TEST(MhlGeneration, EmptyFolderStillValidates) {
  TempDir temp;
  const auto card = temp / "EMPTY";
  fs::create_directories(card);

  const auto result = write_generation(input_for(card, {Algorithm::xxh64}));

  EXPECT_EQ(schema_errors("ASCMHL.xsd", result.manifest), "");
}

TEST(MhlGeneration, RefusesANameXmlCannotHold) {
  TempDir temp;
  const auto card = temp / "A001";
  write_file(card / "bell\x07.mov", "frame");

  const auto message = mhl_error_of([&] { write_generation(input_for(card, {Algorithm::xxh64})); });

  EXPECT_NE(message.find("bell"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(card / "ascmhl"));
}

TEST(MhlGeneration, LeavesOnlyTheManifestAndTheChainInAscmhl) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);

  write_generation(input_for(card, {Algorithm::xxh64}, kFirstDay));
  write_generation(input_for(card, {Algorithm::xxh64}, kNextDay));

  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(card / "ascmhl")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"0001_A001_2020-01-16_091500Z.mhl",
                                      "0002_A001_2020-01-17_143000Z.mhl", "ascmhl_chain.xml"}));
}

TEST(MhlGeneration, RejectsAProcessTheSchemaDoesNotKnow) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);
  auto input = input_for(card, {Algorithm::xxh64});
  input.process = "copy";

  EXPECT_THROW(write_generation(input), std::invalid_argument);
  EXPECT_FALSE(fs::exists(card / "ascmhl"));
}

// The reference implementation's scenario 02: the travel drive's copy (generation 0001) copied to
// a file server and sealed again on the next day.
class MhlScenario02 : public ::testing::Test {
 protected:
  void SetUp() override {
    copy_folder(example("scenario_02") / "travel_01" / "A002R2EC", card);
    // The reference's dates: files and folders last modified on 2020-01-15 13:00 UTC.
    const auto modified = std::chrono::file_clock::from_sys(utc(2020, 1, 15, 13, 0, 0));
    fs::last_write_time(card / "Clips", modified);
    input = input_for(card, {Algorithm::xxh64});
    input.process = "in-place";
    input.hostname = "myHost.local";
    for (auto& file : input.files) {
      file.last_modified = utc(2020, 1, 15, 13, 0, 0);
    }
  }

  const fs::path reference = example("scenario_02") / "file_server" / "A002R2EC";
  TempDir temp;
  const fs::path card = temp / "A002R2EC";
  GenerationInput input;
};

TEST_F(MhlScenario02, ContinuesTheHistoryAsGeneration0002) {
  const auto result = write_generation(input);

  EXPECT_EQ(result.number, 2);
  EXPECT_EQ(result.manifest, card / "ascmhl" / "0002_A002R2EC_2020-01-17_143000Z.mhl");
  EXPECT_TRUE(result.failed.empty());
}

TEST_F(MhlScenario02, VerifiesEveryFileWithTheReferenceDigests) {
  write_generation(input);

  const auto ours = History::load(card).generations().back();
  const auto theirs = History::load(reference).generations().back();
  ASSERT_EQ(ours.files.size(), theirs.files.size());
  for (std::size_t i = 0; i < ours.files.size(); ++i) {
    EXPECT_EQ(ours.files[i].path, theirs.files[i].path);
    EXPECT_EQ(ours.files[i].size, theirs.files[i].size);
    ASSERT_EQ(ours.files[i].hashes.size(), 1U);
    EXPECT_EQ(ours.files[i].hashes[0].digest, theirs.files[i].hashes[0].digest);
    EXPECT_EQ(ours.files[i].hashes[0].action, HashAction::verified);
    EXPECT_EQ(ours.files[i].hashes[0].hash_date, "2020-01-17T14:30:00+00:00");
  }
}

TEST_F(MhlScenario02, DirectoryAndRootHashesEqualTheReference) {
  const auto result = write_generation(input);

  const std::string manifest = read_file(result.manifest);
  const std::string date = "hashdate=\"2020-01-17T14:30:00+00:00\">";
  for (const std::string digest :
       {"4c226b42e27d7af3", "906faa843d591a9f", "8d02114c32e28cbe", "f557f8ca8e5a88ef"}) {
    EXPECT_NE(manifest.find("<xxh64 " + date + digest + "</xxh64>"), std::string::npos) << digest;
  }
}

TEST_F(MhlScenario02, WritesTheReferenceManifestButForTheTool) {
  const auto result = write_generation(input);

  std::string expected = read_file(reference / "ascmhl" / "0002_A002R2EC_2020-01-17_143000Z.mhl");
  const std::string their_tool = "<tool version=\"0.3 alpha\">ascmhl.py</tool>";
  expected.replace(expected.find(their_tool), their_tool.size(),
                   "<tool version=\"1.0.0\">Slate</tool>");
  EXPECT_EQ(read_file(result.manifest), expected);
}

TEST_F(MhlScenario02, ChainKeepsTheFirstGenerationAndAddsTheNewManifest) {
  const auto result = write_generation(input);

  const auto ours = History::load(card).generations();
  const auto theirs = History::load(reference).generations();
  ASSERT_EQ(ours.size(), 2U);
  EXPECT_EQ(ours[0].file_name, "0001_A002R2EC_2020-01-16_091500Z.mhl");
  EXPECT_EQ(ours[0].c4, theirs[0].c4);
  EXPECT_EQ(ours[1].file_name, "0002_A002R2EC_2020-01-17_143000Z.mhl");
  EXPECT_EQ(ours[1].c4, hashing::c4_of(read_file(result.manifest)));
  EXPECT_EQ(schema_errors("ASCMHLDirectory.xsd", card / "ascmhl" / "ascmhl_chain.xml"), "");
}

TEST(MhlGeneration, ChangedFileIsRecordedAsFailed) {
  TempDir temp;
  const auto card = temp / "A001";
  write_card(card);
  write_generation(input_for(card, {Algorithm::xxh64}, kFirstDay));
  write_file(card / "Clips" / "A001C001_230101_R1AB.mov", "frame data X");

  const auto result = write_generation(input_for(card, {Algorithm::xxh64}, kNextDay));

  EXPECT_EQ(result.failed, std::vector<std::string>{"Clips/A001C001_230101_R1AB.mov"});
  const auto history = History::load(card);
  const auto* record = history.latest_record("Clips/A001C001_230101_R1AB.mov");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->hashes.at(0).action, HashAction::failed);
  EXPECT_EQ(history.latest_record("empty.txt")->hashes.at(0).action, HashAction::verified);
  EXPECT_EQ(schema_errors("ASCMHL.xsd", result.manifest), "");
}

TEST(MhlGeneration, NewAlgorithmForAKnownFileIsOriginal) {
  TempDir temp;
  const auto card = temp / "A001";
  write_file(card / "clip.mov", "frame");
  write_generation(input_for(card, {Algorithm::xxh64}, kFirstDay));

  write_generation(input_for(card, {Algorithm::xxh64, Algorithm::md5}, kNextDay));

  const auto history = History::load(card);
  const auto* record = history.latest_record("clip.mov");
  ASSERT_NE(record, nullptr);
  ASSERT_EQ(record->hashes.size(), 2U);
  EXPECT_EQ(record->hashes[0].algorithm, Algorithm::md5);
  EXPECT_EQ(record->hashes[0].action, HashAction::original);
  EXPECT_EQ(record->hashes[1].action, HashAction::verified);
}

TEST(MhlHistory, LoadsTheReferenceScenarios) {
  const auto travel = History::load(example("scenario_01") / "travel_01" / "A002R2EC");
  ASSERT_EQ(travel.generations().size(), 1U);
  EXPECT_EQ(travel.generations()[0].process, "in-place");
  EXPECT_EQ(travel.latest_hash("Sidecar.txt", Algorithm::xxh64), "3ab5a4166b9bde44");

  const auto copied = History::load(example("scenario_02") / "file_server" / "A002R2EC");
  EXPECT_EQ(copied.latest_generation(), 2);
  EXPECT_EQ(copied.generations()[1].creation_date, "2020-01-17T14:30:00+00:00");
  EXPECT_EQ(copied.latest_record("Clips/A002C007_141024_R2EC.mov")->hashes.at(0).action,
            HashAction::verified);

  const auto md5 = History::load(example("scenario_03") / "file_server" / "A002R2EC");
  EXPECT_EQ(md5.latest_hash("Clips/A002C006_141024_R2EC.mov", Algorithm::md5),
            "f5ac8127b3b6b85cdc13f237c6005d80");
  EXPECT_EQ(md5.latest_hash("Clips/A002C006_141024_R2EC.mov", Algorithm::xxh64),
            "0ea03b369a463d9d");

  const auto mismatch = History::load(example("scenario_04") / "file_server" / "A002R2EC");
  const auto* sidecar = mismatch.latest_record("Sidecar.txt");
  ASSERT_NE(sidecar, nullptr);
  EXPECT_EQ(sidecar->size, 60U);
  EXPECT_EQ(sidecar->hashes.at(0).digest, "70d2cf31aaa3eac4");
  EXPECT_EQ(sidecar->hashes.at(0).action, HashAction::failed);

  const auto reels = History::load(example("scenario_05") / "file_server" / "Reels");
  ASSERT_EQ(reels.generations().size(), 1U);
  EXPECT_EQ(reels.known_paths(), std::vector<std::string>{"Summary.txt"});
  EXPECT_EQ(reels.latest_hash("Summary.txt", Algorithm::xxh64), "0ac48e431d4538ba");
  const auto nested = History::load(example("scenario_05") / "file_server" / "Reels" / "A003R2EC");
  EXPECT_EQ(nested.latest_generation(), 2);
  EXPECT_EQ(nested.latest_hash("Clips/A003C011_141024_R2EC.mov", Algorithm::xxh64),
            "52392f79a36d6571");
}

TEST(MhlHistory, FolderWithoutAscmhlHasAnEmptyHistory) {
  TempDir temp;
  write_card(temp / "A001");

  const auto history = History::load(temp / "A001");

  EXPECT_TRUE(history.empty());
  EXPECT_EQ(history.latest_generation(), 0);
}

TEST(MhlHistory, RefusesAManifestThatDoesNotMatchItsC4) {
  TempDir temp;
  const auto card = temp / "A002R2EC";
  copy_folder(example("scenario_02") / "file_server" / "A002R2EC", card);
  const auto manifest = card / "ascmhl" / "0001_A002R2EC_2020-01-16_091500Z.mhl";
  std::string text = read_file(manifest);
  text.replace(text.find("3ab5a4166b9bde44"), 16, "3ab5a4166b9bde45");
  write_file(manifest, text);

  const auto message = mhl_error_of([&] { History::load(card); });

  EXPECT_NE(message.find("0001_A002R2EC_2020-01-16_091500Z.mhl"), std::string::npos) << message;
}

TEST(MhlHistory, RefusesAnUnparsableChain) {
  TempDir temp;
  const auto card = temp / "A002R2EC";
  copy_folder(example("scenario_02") / "file_server" / "A002R2EC", card);
  write_file(card / "ascmhl" / "ascmhl_chain.xml", "<ascmhldirectory><hashlist>");

  const auto message = mhl_error_of([&] { History::load(card); });

  EXPECT_NE(message.find("ascmhl_chain.xml"), std::string::npos) << message;
}

TEST(MhlHistory, RefusesAnAscmhlFolderWithoutAChain) {
  TempDir temp;
  const auto card = temp / "A002R2EC";
  copy_folder(example("scenario_02") / "file_server" / "A002R2EC", card);
  fs::remove(card / "ascmhl" / "ascmhl_chain.xml");

  const auto message = mhl_error_of([&] { History::load(card); });

  EXPECT_NE(message.find("ascmhl_chain.xml"), std::string::npos) << message;
}

TEST(MhlHistory, IgnoresAscmhlFoldersAndFinderFiles) {
  EXPECT_TRUE(is_ignored("ascmhl/ascmhl_chain.xml"));
  EXPECT_TRUE(is_ignored("A002R2EC/ascmhl/0001_A002R2EC_2020-01-16_091500Z.mhl"));
  EXPECT_TRUE(is_ignored(".DS_Store"));
  EXPECT_TRUE(is_ignored("Clips/.DS_Store"));
  EXPECT_FALSE(is_ignored("Clips/A002C006_141024_R2EC.mov"));
  EXPECT_FALSE(is_ignored("ascmhl_notes/readme.txt"));
}

TEST(MhlHistory, DatesAreUtcWithSeconds) {
  EXPECT_EQ(iso_date(utc(2020, 1, 17, 14, 30, 0) + std::chrono::milliseconds(900)),
            "2020-01-17T14:30:00+00:00");
}

// A card sealed with one generation, for verify_folder to check.
class MhlVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    write_card(card);
    write_generation(input_for(card, {Algorithm::xxh64}, kFirstDay));
  }

  TempDir temp;
  const fs::path card = temp / "A001";
  const std::string clip = "Clips/A001C001_230101_R1AB.mov";
};

TEST_F(MhlVerify, UntouchedFolderIsOk) {
  const auto report = verify_folder(card);

  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.matched, 4U);
}

TEST_F(MhlVerify, FlippedByteIsChanged) {
  const auto expected = hashing::hash_file(card / clip, {Algorithm::xxh64}).at(Algorithm::xxh64);
  write_file(card / clip, "frame data 2");

  const auto report = verify_folder(card);

  ASSERT_EQ(report.changed.size(), 1U);
  EXPECT_EQ(report.changed[0].path, clip);
  EXPECT_EQ(report.changed[0].algorithm, Algorithm::xxh64);
  EXPECT_EQ(report.changed[0].expected, expected);
  EXPECT_EQ(report.changed[0].actual,
            hashing::hash_file(card / clip, {Algorithm::xxh64}).at(Algorithm::xxh64));
  EXPECT_NE(report.changed[0].actual, expected);
}

TEST_F(MhlVerify, TruncatedFileIsChangedWithBothSizes) {
  fs::resize_file(card / clip, 5);

  const auto report = verify_folder(card);

  ASSERT_EQ(report.changed.size(), 1U);
  EXPECT_EQ(report.changed[0].path, clip);
  EXPECT_EQ(report.changed[0].expected_size, 12U);
  EXPECT_EQ(report.changed[0].actual_size, 5U);
}

TEST_F(MhlVerify, DeletedFileIsMissing) {
  fs::remove(card / "Sound" / "Tom & Jerry <take 2>.wav");

  const auto report = verify_folder(card);

  EXPECT_EQ(report.missing, std::vector<std::string>{"Sound/Tom & Jerry <take 2>.wav"});
}

TEST_F(MhlVerify, AddedFileIsAdded) {
  write_file(card / "Clips" / "A001C002_230101_R1AB.mov", "frame data 3");

  const auto report = verify_folder(card);

  EXPECT_EQ(report.added, std::vector<std::string>{"Clips/A001C002_230101_R1AB.mov"});
}

TEST(MhlVerifyFolder, FolderWithoutHistoryIsAnError) {
  TempDir temp;
  write_card(temp / "A001");

  const auto message = mhl_error_of([&] { verify_folder(temp / "A001"); });

  EXPECT_NE(message.find("A001"), std::string::npos) << message;
}

TEST(MhlVerifyFolder, ReferenceScenarioCopyIsOk) {
  const auto report = verify_folder(example("scenario_02") / "file_server" / "A002R2EC");

  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.matched, 3U);
}

}  // namespace
}  // namespace slate::mhl
