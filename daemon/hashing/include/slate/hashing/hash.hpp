#pragma once
/// The checksums of ASC MHL: xxh64 (the default), xxh3, xxh128, md5, sha1 and c4, computed on the
/// fly over the bytes of a file as they stream past, several at once.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace slate::hashing {

/// In the order ASC MHL's schema lists them inside a <hash> element.
enum class Algorithm { c4, md5, sha1, xxh128, xxh3, xxh64 };

/// Every algorithm, in schema order.
inline constexpr std::array<Algorithm, 6> kAllAlgorithms = {Algorithm::c4,   Algorithm::md5,
                                                            Algorithm::sha1, Algorithm::xxh128,
                                                            Algorithm::xxh3, Algorithm::xxh64};

/// The ASC MHL element name: "xxh64", "md5", …
std::string_view name(Algorithm algorithm);

/// Parses an element name; nullopt for anything else.
std::optional<Algorithm> parse_algorithm(std::string_view text);

/// Parses "xxh64,md5" into a list without repeats, keeping the order given. Throws
/// std::invalid_argument naming the unknown entry and the accepted ones.
std::vector<Algorithm> parse_algorithm_list(std::string_view text);

/// A digest as ASC MHL writes it: lower-case hex for md5, sha1 and the xxHash family (canonical,
/// big-endian), Base58 with the "c4" prefix (90 characters) for c4.
using Digest = std::string;

/// Digests by algorithm.
using Digests = std::map<Algorithm, Digest>;

/// One running hash.
class Hasher {
 public:
  explicit Hasher(Algorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  Algorithm algorithm() const { return algorithm_; }
  void update(std::span<const std::byte> bytes);
  void update(std::string_view bytes);
  /// The digest of everything given; the hasher is then reset for new input.
  Digest finish();

 private:
  struct State;
  Algorithm algorithm_;
  std::unique_ptr<State> state_;
};

/// Several hashes over the same bytes.
class MultiHasher {
 public:
  explicit MultiHasher(const std::vector<Algorithm>& algorithms);
  void update(std::span<const std::byte> bytes);
  Digests finish();

 private:
  std::vector<Hasher> hashers_;
};

/// The digest of a whole file, read through the page cache. Throws std::system_error naming the
/// file when it cannot be read.
Digests hash_file(const std::filesystem::path& file, const std::vector<Algorithm>& algorithms);

/// The bytes a digest stands for (hex decoded; c4 Base58 decoded to the 64 bytes of SHA-512), as
/// ASC MHL's hash of hashes writes them (its Appendix G). Throws std::invalid_argument for a digest
/// that is not of the algorithm's form.
std::vector<std::byte> digest_bytes(Algorithm algorithm, std::string_view digest);

/// Encodes raw digest bytes of `algorithm` the way Digest values are written.
Digest encode_digest(Algorithm algorithm, std::span<const std::byte> bytes);

/// The hash of a list of hashes (ASC MHL Appendix G): sorted by value, decoded to bytes, hashed.
Digest hash_of_hashes(Algorithm algorithm, std::vector<Digest> hashes);

/// The C4 id of a byte string (SHA-512, Base58, "c4" prefix, 90 characters).
Digest c4_of(std::string_view bytes);

}  // namespace slate::hashing
