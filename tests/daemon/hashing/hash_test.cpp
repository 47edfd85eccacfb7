#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <gtest/gtest.h>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <slate/hashing/hash.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::hashing {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

// The ASC MHL reference implementation's own output for a card copied to a file server twice.
const fs::path kScenario02 = SLATE_FIXTURES_DIR "/ascmhl/examples/scenario_02/file_server/A002R2EC";

Digest digest_of(Algorithm algorithm, std::string_view bytes) {
  Hasher hasher(algorithm);
  hasher.update(bytes);
  return hasher.finish();
}

std::string to_hex(const std::vector<std::byte>& bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text;
  for (const std::byte b : bytes) {
    text.push_back(kDigits[std::to_integer<unsigned>(b) >> 4U]);
    text.push_back(kDigits[std::to_integer<unsigned>(b) & 0xFU]);
  }
  return text;
}

// Deterministic bytes that look random to a hash (SplitMix64).
std::string pseudo_random_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint64_t state = 0x5EED;
  for (char& c : bytes) {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    c = static_cast<char>(static_cast<std::uint8_t>(z >> 56U));
  }
  return bytes;
}

struct ReferenceTool {
  Algorithm algorithm;
  std::vector<std::string> argv;
};

const std::vector<ReferenceTool>& reference_tools() {
  static const std::vector<ReferenceTool> tools = {
      {Algorithm::xxh64, {"/usr/bin/xxhsum", "-H1"}},
      {Algorithm::xxh3, {"/usr/bin/xxhsum", "-H3"}},
      {Algorithm::xxh128, {"/usr/bin/xxhsum", "-H2"}},
      {Algorithm::md5, {"/usr/bin/md5sum"}},
      {Algorithm::sha1, {"/usr/bin/sha1sum"}},
  };
  return tools;
}

// The digest a command-line tool prints for one file: "<hex>  <file>" (GNU style),
// "XXH3 (<file>) = <hex>" (BSD style, xxhsum -H3 0.8.1) or "XXH3_<hex>" (other xxhsum versions).
std::string tool_digest(const std::vector<std::string>& tool, const fs::path& file) {
  std::vector<std::string> argv = tool;
  argv.push_back(file.string());
  const testing::CommandResult result = run_command(argv);
  EXPECT_EQ(result.exit_code, 0) << argv.front() << ": " << result.err;
  const std::string line = result.out.substr(0, result.out.find('\n'));
  std::string digest;
  if (const std::size_t equals = line.rfind(" = "); equals != std::string::npos) {
    digest = line.substr(equals + 3);
  } else {
    digest = line.substr(0, line.find(' '));
  }
  if (const std::size_t underscore = digest.rfind('_'); underscore != std::string::npos) {
    digest = digest.substr(underscore + 1);
  }
  return digest;
}

// Files of the sizes that matter to a streaming reader, made fresh for each test.
class HashFile : public ::testing::Test {
 protected:
  void SetUp() override {
    add("empty", "");
    add("one-byte", "x");
    add("one-mib-and-17", pseudo_random_bytes((std::size_t{1} << 20) + 17));
    add("four-mib-and-3", pseudo_random_bytes((std::size_t{4} << 20) + 3));
  }

  void add(const std::string& name, const std::string& bytes) {
    files_.push_back(dir_ / name);
    write_file(files_.back(), bytes);
  }

  TempDir dir_;
  std::vector<fs::path> files_;
};

TEST(Hash, Md5MatchesRfc1321Vectors) {
  EXPECT_EQ(digest_of(Algorithm::md5, ""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(digest_of(Algorithm::md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Hash, Sha1MatchesFips180Vectors) {
  EXPECT_EQ(digest_of(Algorithm::sha1, ""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(digest_of(Algorithm::sha1, "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Hash, XxhashFamilyOfEmptyInputMatchesXxhsum) {
  EXPECT_EQ(digest_of(Algorithm::xxh64, ""), "ef46db3751d8e999");
  EXPECT_EQ(digest_of(Algorithm::xxh3, ""), "2d06800538d394c2");
  EXPECT_EQ(digest_of(Algorithm::xxh128, ""), "99aa06d3014798d86001c324468d497f");
}

TEST(Hash, FinishStartsAfreshForNewInput) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    Hasher hasher(algorithm);
    hasher.update(std::string_view("something else first"));
    hasher.finish();
    hasher.update(std::string_view("abc"));
    EXPECT_EQ(hasher.finish(), digest_of(algorithm, "abc")) << name(algorithm);
  }
}

TEST(Hash, MovedHasherKeepsItsRunningState) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    Hasher first(algorithm);
    first.update(std::string_view("ab"));
    Hasher second(std::move(first));
    second.update(std::string_view("c"));
    Hasher third(Algorithm::md5);
    third = std::move(second);
    EXPECT_EQ(third.algorithm(), algorithm);
    EXPECT_EQ(third.finish(), digest_of(algorithm, "abc")) << name(algorithm);
  }
}

TEST_F(HashFile, MatchesXxhsumMd5sumAndSha1sum) {
  std::vector<Algorithm> algorithms;
  for (const ReferenceTool& tool : reference_tools()) {
    algorithms.push_back(tool.algorithm);
  }
  for (const fs::path& file : files_) {
    const Digests digests = hash_file(file, algorithms);
    ASSERT_EQ(digests.size(), algorithms.size());
    for (const ReferenceTool& tool : reference_tools()) {
      EXPECT_EQ(digests.at(tool.algorithm), tool_digest(tool.argv, file))
          << name(tool.algorithm) << " of " << file.filename();
    }
  }
}

TEST_F(HashFile, OddSizedChunksStreamToTheSameDigestsAsTheTools) {
  constexpr std::size_t kChunkSizes[] = {1, 7, 4093};
  for (const fs::path& file : files_) {
    const std::string bytes = read_file(file);
    MultiHasher hasher({kAllAlgorithms.begin(), kAllAlgorithms.end()});
    std::size_t offset = 0;
    for (std::size_t i = 0; offset < bytes.size(); ++i) {
      const std::size_t size = std::min(kChunkSizes[i % 3], bytes.size() - offset);
      hasher.update(std::as_bytes(std::span(bytes.data() + offset, size)));
      offset += size;
    }
    const Digests digests = hasher.finish();
    ASSERT_EQ(digests.size(), kAllAlgorithms.size());
    for (const ReferenceTool& tool : reference_tools()) {
      EXPECT_EQ(digests.at(tool.algorithm), tool_digest(tool.argv, file))
          << name(tool.algorithm) << " of " << file.filename();
    }
    EXPECT_EQ(digests.at(Algorithm::c4), hash_file(file, {Algorithm::c4}).at(Algorithm::c4));
  }
}

TEST_F(HashFile, C4StandsForTheSha512OfTheFile) {
  for (const fs::path& file : files_) {
    const Digest c4 = hash_file(file, {Algorithm::c4}).at(Algorithm::c4);
    EXPECT_EQ(to_hex(digest_bytes(Algorithm::c4, c4)), tool_digest({"/usr/bin/sha512sum"}, file))
        << file.filename();
  }
}

TEST(HashAscMhlExample, ClipsHashToTheXxh64RecordedByTheReferenceImplementation) {
  EXPECT_EQ(hash_file(kScenario02 / "Clips/A002C006_141024_R2EC.mov", {Algorithm::xxh64})
                .at(Algorithm::xxh64),
            "0ea03b369a463d9d");
  EXPECT_EQ(hash_file(kScenario02 / "Sidecar.txt", {Algorithm::xxh64}).at(Algorithm::xxh64),
            "3ab5a4166b9bde44");
}

TEST_F(HashFile, MissingFileThrowsSystemErrorNamingThePath) {
  const fs::path missing = dir_ / "A001C001.mov";
  try {
    hash_file(missing, {Algorithm::xxh64});
    FAIL() << "hashed a file that does not exist";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::no_such_file_or_directory);
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
}

TEST(HashAscMhlExample, C4OfManifestsMatchesTheChain) {
  const std::string chain = read_file(kScenario02 / "ascmhl/ascmhl_chain.xml");
  const auto element = [&chain](const std::string& tag, std::size_t& from) {
    const std::string open = "<" + tag + ">";
    const std::size_t start = chain.find(open, from);
    if (start == std::string::npos) {
      return std::string();
    }
    const std::size_t end = chain.find("</" + tag + ">", start);
    from = end;
    return chain.substr(start + open.size(), end - start - open.size());
  };
  int generations = 0;
  for (std::size_t from = 0;; ++generations) {
    const std::string manifest = element("path", from);
    const std::string c4 = element("c4", from);
    if (manifest.empty()) {
      break;
    }
    const fs::path file = kScenario02 / "ascmhl" / manifest;
    EXPECT_EQ(c4_of(read_file(file)), c4) << manifest;
    EXPECT_EQ(hash_file(file, {Algorithm::c4}).at(Algorithm::c4), c4) << manifest;
  }
  EXPECT_EQ(generations, 2);
}

TEST(Hash, C4OfEmptyInputIs90CharactersStartingC4) {
  const Digest c4 = c4_of("");
  EXPECT_EQ(c4.size(), 90U);
  EXPECT_TRUE(c4.starts_with("c4")) << c4;
  EXPECT_EQ(c4, digest_of(Algorithm::c4, ""));
}

TEST(Hash, C4DecodesToTheSha512OfFips180Vector) {
  const Digest c4 = c4_of("abc");
  EXPECT_EQ(to_hex(digest_bytes(Algorithm::c4, c4)),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Hash, DigestBytesRoundTripThroughEncodeDigest) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    for (const std::string_view input : {"", "abc", "A002C006_141024_R2EC.mov"}) {
      const Digest digest = digest_of(algorithm, input);
      EXPECT_EQ(encode_digest(algorithm, digest_bytes(algorithm, digest)), digest)
          << name(algorithm) << " of \"" << input << '"';
    }
  }
}

TEST(Hash, C4OfSmallestAndLargestDigestsRoundTrips) {
  const std::vector<std::byte> zero(64, std::byte{0});
  const std::vector<std::byte> ones(64, std::byte{0xFF});
  const Digest smallest = encode_digest(Algorithm::c4, zero);
  EXPECT_EQ(smallest, "c4" + std::string(88, '1'));
  EXPECT_EQ(digest_bytes(Algorithm::c4, smallest), zero);
  const Digest largest = encode_digest(Algorithm::c4, ones);
  EXPECT_EQ(largest.size(), 90U);
  EXPECT_EQ(digest_bytes(Algorithm::c4, largest), ones);
}

TEST(Hash, DigestBytesRefusesMalformedDigests) {
  const Digest c4 = c4_of("abc");
  const std::vector<std::pair<Algorithm, std::string>> malformed = {
      {Algorithm::xxh64, "0ea03b369a463d9"},                    // too short
      {Algorithm::xxh64, "0ea03b369a463d9d0"},                  // too long
      {Algorithm::xxh64, "0ea03b369a463d9g"},                   // not hex
      {Algorithm::xxh3, "99aa06d3014798d86001c324468d497f"},    // an xxh128
      {Algorithm::xxh128, "2d06800538d394c2"},                  // an xxh3
      {Algorithm::md5, "d41d8cd98f00b204e9800998ecf8427 "},     // space
      {Algorithm::sha1, "d41d8cd98f00b204e9800998ecf8427e"},    // an md5
      {Algorithm::md5, ""},                                     // empty
      {Algorithm::c4, c4.substr(0, 89)},                        // too short
      {Algorithm::c4, c4 + "1"},                                // too long
      {Algorithm::c4, "C4" + c4.substr(2)},                     // prefix
      {Algorithm::c4, c4.substr(0, 40) + "0" + c4.substr(41)},  // '0' is not Base58
      {Algorithm::c4, c4.substr(0, 40) + "l" + c4.substr(41)},  // nor is 'l'
      {Algorithm::c4, "c4" + std::string(88, 'z')},             // above 2^512
      {Algorithm::c4, "ddaf35a193617abacc417349ae204131"},      // hex
  };
  for (const auto& [algorithm, digest] : malformed) {
    EXPECT_THROW(digest_bytes(algorithm, digest), std::invalid_argument)
        << name(algorithm) << " \"" << digest << '"';
  }
}

TEST(Hash, EncodeDigestRefusesWrongByteCount) {
  const std::vector<std::byte> nine(9);
  EXPECT_THROW(encode_digest(Algorithm::xxh64, nine), std::invalid_argument);
  EXPECT_THROW(encode_digest(Algorithm::c4, nine), std::invalid_argument);
}

TEST(HashOfHashes, MatchesDirectoryAndRootHashesOfAscMhlExample) {
  // scenario_02: the content hash of Clips/ from its two clips, then the root from Clips/ and
  // Sidecar.txt.
  EXPECT_EQ(hash_of_hashes(Algorithm::xxh64, {"0ea03b369a463d9d", "7680e5f98f4a80fd"}),
            "4c226b42e27d7af3");
  EXPECT_EQ(hash_of_hashes(Algorithm::xxh64, {"4c226b42e27d7af3", "3ab5a4166b9bde44"}),
            "8d02114c32e28cbe");
}

TEST(HashOfHashes, DoesNotDependOnTheOrderGiven) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    const Digest a = digest_of(algorithm, "a");
    const Digest b = digest_of(algorithm, "b");
    const Digest c = digest_of(algorithm, "c");
    EXPECT_EQ(hash_of_hashes(algorithm, {a, b, c}), hash_of_hashes(algorithm, {c, a, b}))
        << name(algorithm);
  }
}

TEST(HashOfHashes, HashesTheDecodedBytesOfTheSortedDigests) {
  const Digest low = digest_of(Algorithm::md5, "abc");  // 9001…
  const Digest high = digest_of(Algorithm::md5, "");    // d41d…
  std::vector<std::byte> bytes = digest_bytes(Algorithm::md5, low);
  const std::vector<std::byte> more = digest_bytes(Algorithm::md5, high);
  bytes.insert(bytes.end(), more.begin(), more.end());
  Hasher hasher(Algorithm::md5);
  hasher.update(bytes);
  EXPECT_EQ(hash_of_hashes(Algorithm::md5, {high, low}), hasher.finish());
}

TEST(Hash, AlgorithmNamesRoundTrip) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    EXPECT_EQ(parse_algorithm(name(algorithm)), algorithm) << name(algorithm);
  }
  EXPECT_EQ(name(Algorithm::xxh64), "xxh64");
  EXPECT_EQ(name(Algorithm::xxh3), "xxh3");
  EXPECT_EQ(name(Algorithm::xxh128), "xxh128");
  EXPECT_EQ(name(Algorithm::md5), "md5");
  EXPECT_EQ(name(Algorithm::sha1), "sha1");
  EXPECT_EQ(name(Algorithm::c4), "c4");
}

TEST(Hash, ParseAlgorithmRejectsOtherSpellings) {
  EXPECT_EQ(parse_algorithm("XXH64"), std::nullopt);
  EXPECT_EQ(parse_algorithm("sha256"), std::nullopt);
  EXPECT_EQ(parse_algorithm(""), std::nullopt);
  EXPECT_EQ(parse_algorithm(" md5"), std::nullopt);
}

TEST(Hash, AlgorithmListKeepsOrderAndDropsRepeats) {
  EXPECT_EQ(parse_algorithm_list("xxh64,md5"),
            (std::vector<Algorithm>{Algorithm::xxh64, Algorithm::md5}));
  EXPECT_EQ(parse_algorithm_list("c4,xxh64,c4,sha1,xxh64"),
            (std::vector<Algorithm>{Algorithm::c4, Algorithm::xxh64, Algorithm::sha1}));
  EXPECT_EQ(parse_algorithm_list("xxh128"), (std::vector<Algorithm>{Algorithm::xxh128}));
}

TEST(Hash, AlgorithmListTrimsSpaces) {
  EXPECT_EQ(parse_algorithm_list("  xxh3 , md5  ,sha1 "),
            (std::vector<Algorithm>{Algorithm::xxh3, Algorithm::md5, Algorithm::sha1}));
}

TEST(Hash, AlgorithmListNamesTheUnknownEntryAndTheAcceptedOnes) {
  try {
    parse_algorithm_list("md5, xxh65");
    FAIL() << "accepted xxh65";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "unknown hash \"xxh65\"; use xxh64, xxh3, xxh128, md5, sha1 or c4");
  }
}

TEST(Hash, EmptyAlgorithmListIsAnError) {
  EXPECT_THROW(parse_algorithm_list(""), std::invalid_argument);
  EXPECT_THROW(parse_algorithm_list(" , "), std::invalid_argument);
}

}  // namespace
}  // namespace slate::hashing
