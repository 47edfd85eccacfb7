#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <new>
#include <openssl/evp.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <variant>
#include <xxhash.h>

#include <slate/hashing/hash.hpp>

namespace slate::hashing {
namespace {

constexpr std::string_view kAcceptedNames = "xxh64, xxh3, xxh128, md5, sha1 or c4";
constexpr std::string_view kC4Prefix = "c4";
constexpr std::string_view kBase58Alphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kC4Digits = 88;  // 58^88 > 2^512 > 58^87
constexpr std::size_t kSha512Size = 64;
// Large reads keep the syscall count low on multi-gigabyte clips.
constexpr std::size_t kReadBufferSize = std::size_t{1} << 20;
// With several hashers, each gets the bytes in slices small enough to stay in the CPU cache.
constexpr std::size_t kMultiHashSlice = std::size_t{64} << 10;

/// The size in bytes of a raw digest.
std::size_t digest_size(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::xxh64:
    case Algorithm::xxh3:
      return 8;
    case Algorithm::xxh128:
    case Algorithm::md5:
      return 16;
    case Algorithm::sha1:
      return 20;
    case Algorithm::c4:
      return kSha512Size;
  }
  throw std::logic_error("unknown hash algorithm");
}

const EVP_MD* evp_digest(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::md5:
      return EVP_md5();
    case Algorithm::sha1:
      return EVP_sha1();
    case Algorithm::c4:
      return EVP_sha512();
    case Algorithm::xxh64:
    case Algorithm::xxh3:
    case Algorithm::xxh128:
      break;
  }
  throw std::logic_error("not an OpenSSL digest");
}

std::string invalid_digest(Algorithm algorithm, std::string_view digest, std::string_view why) {
  return "invalid " + std::string(name(algorithm)) + " digest \"" + std::string(digest) +
         "\": " + std::string(why);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string to_hex(std::span<const std::byte> bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const std::byte b : bytes) {
    const auto value = std::to_integer<unsigned>(b);
    text.push_back(kDigits[value >> 4U]);
    text.push_back(kDigits[value & 0xFU]);
  }
  return text;
}

std::vector<std::byte> from_hex(Algorithm algorithm, std::string_view digest) {
  const std::size_t size = digest_size(algorithm);
  if (digest.size() != size * 2) {
    throw std::invalid_argument(
        invalid_digest(algorithm, digest, "expected " + std::to_string(size * 2) + " hex digits"));
  }
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    const int high = hex_value(digest[2 * i]);
    const int low = hex_value(digest[2 * i + 1]);
    if (high < 0 || low < 0) {
      throw std::invalid_argument(invalid_digest(algorithm, digest, "not hexadecimal"));
    }
    bytes[i] = static_cast<std::byte>((high << 4) | low);
  }
  return bytes;
}

/// The 64 bytes as one big-endian number, written in Base58 to exactly 88 digits ('1' is zero).
std::string c4_encode(std::span<const std::byte> bytes) {
  std::array<std::uint8_t, kSha512Size> number{};
  std::transform(bytes.begin(), bytes.end(), number.begin(),
                 [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
  std::string text(kC4Prefix.size() + kC4Digits, kBase58Alphabet[0]);
  std::copy(kC4Prefix.begin(), kC4Prefix.end(), text.begin());
  for (std::size_t digit = 0; digit < kC4Digits; ++digit) {
    unsigned remainder = 0;
    for (std::uint8_t& byte : number) {
      const unsigned value = (remainder << 8U) | byte;
      byte = static_cast<std::uint8_t>(value / 58U);
      remainder = value % 58U;
    }
    text[text.size() - 1 - digit] = kBase58Alphabet[remainder];
  }
  return text;
}

std::vector<std::byte> c4_decode(std::string_view digest) {
  if (digest.size() != kC4Prefix.size() + kC4Digits || !digest.starts_with(kC4Prefix)) {
    throw std::invalid_argument(
        invalid_digest(Algorithm::c4, digest, "expected \"c4\" and 88 Base58 digits"));
  }
  std::array<unsigned, kSha512Size> number{};  // big-endian bytes, each below 256
  for (const char c : digest.substr(kC4Prefix.size())) {
    const std::size_t digit = kBase58Alphabet.find(c);
    if (digit == std::string_view::npos) {
      throw std::invalid_argument(invalid_digest(Algorithm::c4, digest, "not Base58"));
    }
    auto carry = static_cast<unsigned>(digit);
    for (auto byte = number.rbegin(); byte != number.rend(); ++byte) {
      const unsigned value = *byte * 58U + carry;
      *byte = value & 0xFFU;
      carry = value >> 8U;
    }
    if (carry != 0) {
      throw std::invalid_argument(
          invalid_digest(Algorithm::c4, digest, "larger than a SHA-512 digest"));
    }
  }
  std::vector<std::byte> bytes(kSha512Size);
  std::transform(number.begin(), number.end(), bytes.begin(),
                 [](unsigned value) { return static_cast<std::byte>(value); });
  return bytes;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

/// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() { ::close(fd_); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void throw_file_error(int error, const std::filesystem::path& file) {
  throw std::system_error(error, std::generic_category(), "cannot read " + file.string());
}

}  // namespace

std::string_view name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::c4:
      return "c4";
    case Algorithm::md5:
      return "md5";
    case Algorithm::sha1:
      return "sha1";
    case Algorithm::xxh128:
      return "xxh128";
    case Algorithm::xxh3:
      return "xxh3";
    case Algorithm::xxh64:
      return "xxh64";
  }
  throw std::logic_error("unknown hash algorithm");
}

std::optional<Algorithm> parse_algorithm(std::string_view text) {
  for (const Algorithm algorithm : kAllAlgorithms) {
    if (name(algorithm) == text) {
      return algorithm;
    }
  }
  return std::nullopt;
}

std::vector<Algorithm> parse_algorithm_list(std::string_view text) {
  std::vector<Algorithm> algorithms;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = trim(text.substr(0, comma));
    if (!entry.empty()) {
      const std::optional<Algorithm> algorithm = parse_algorithm(entry);
      if (!algorithm) {
        throw std::invalid_argument("unknown hash \"" + std::string(entry) + "\"; use " +
                                    std::string(kAcceptedNames));
      }
      if (std::find(algorithms.begin(), algorithms.end(), *algorithm) == algorithms.end()) {
        algorithms.push_back(*algorithm);
      }
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  if (algorithms.empty()) {
    throw std::invalid_argument("no hash given; use " + std::string(kAcceptedNames));
  }
  return algorithms;
}

// ---------------------------------------------------------------------------------------------------
// Hasher

struct Hasher::State {
  struct FreeXxh64 {
    void operator()(XXH64_state_t* state) const { XXH64_freeState(state); }
  };
  struct FreeXxh3 {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  struct FreeEvp {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  using Xxh64 = std::unique_ptr<XXH64_state_t, FreeXxh64>;
  using Xxh3 = std::unique_ptr<XXH3_state_t, FreeXxh3>;  // 64- and 128-bit XXH3
  using Evp = std::unique_ptr<EVP_MD_CTX, FreeEvp>;

  std::variant<Xxh64, Xxh3, Evp> running;

  static State make(Algorithm algorithm) {
    switch (algorithm) {
      case Algorithm::xxh64:
        return State{Xxh64(check(XXH64_createState()))};
      case Algorithm::xxh3:
      case Algorithm::xxh128:
        return State{Xxh3(check(XXH3_createState()))};
      case Algorithm::md5:
      case Algorithm::sha1:
      case Algorithm::c4:
        return State{Evp(check(EVP_MD_CTX_new()))};
    }
    throw std::logic_error("unknown hash algorithm");
  }

  template <typename T>
  static T* check(T* pointer) {
    if (pointer == nullptr) {
      throw std::bad_alloc();
    }
    return pointer;
  }

  static void check(bool ok, const char* what) {
    if (!ok) {
      throw std::runtime_error(std::string("hashing: ") + what + " failed");
    }
  }

  void reset(Algorithm algorithm) {
    switch (algorithm) {
      case Algorithm::xxh64:
        check(XXH64_reset(std::get<Xxh64>(running).get(), 0) == XXH_OK, "XXH64_reset");
        return;
      case Algorithm::xxh3:
        check(XXH3_64bits_reset(std::get<Xxh3>(running).get()) == XXH_OK, "XXH3_64bits_reset");
        return;
      case Algorithm::xxh128:
        check(XXH3_128bits_reset(std::get<Xxh3>(running).get()) == XXH_OK, "XXH3_128bits_reset");
        return;
      case Algorithm::md5:
      case Algorithm::sha1:
      case Algorithm::c4:
        check(EVP_DigestInit_ex(std::get<Evp>(running).get(), evp_digest(algorithm), nullptr) == 1,
              "EVP_DigestInit_ex");
        return;
    }
  }
};

Hasher::Hasher(Algorithm algorithm)
    : algorithm_(algorithm), state_(std::make_unique<State>(State::make(algorithm))) {
  state_->reset(algorithm_);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::span<const std::byte> bytes) {
  // The switch and the std::get are per call, not per byte; callers pass whole read buffers.
  switch (algorithm_) {
    case Algorithm::xxh64:
      State::check(XXH64_update(std::get<State::Xxh64>(state_->running).get(), bytes.data(),
                                bytes.size()) == XXH_OK,
                   "XXH64_update");
      return;
    case Algorithm::xxh3:
      State::check(XXH3_64bits_update(std::get<State::Xxh3>(state_->running).get(), bytes.data(),
                                      bytes.size()) == XXH_OK,
                   "XXH3_64bits_update");
      return;
    case Algorithm::xxh128:
      State::check(XXH3_128bits_update(std::get<State::Xxh3>(state_->running).get(), bytes.data(),
                                       bytes.size()) == XXH_OK,
                   "XXH3_128bits_update");
      return;
    case Algorithm::md5:
    case Algorithm::sha1:
    case Algorithm::c4:
      State::check(EVP_DigestUpdate(std::get<State::Evp>(state_->running).get(), bytes.data(),
                                    bytes.size()) == 1,
                   "EVP_DigestUpdate");
      return;
  }
}

void Hasher::update(std::string_view bytes) {
  update(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
}

Digest Hasher::finish() {
  Digest digest;
  switch (algorithm_) {
    case Algorithm::xxh64: {
      XXH64_canonical_t canonical;
      XXH64_canonicalFromHash(&canonical,
                              XXH64_digest(std::get<State::Xxh64>(state_->running).get()));
      digest = encode_digest(algorithm_, std::as_bytes(std::span(canonical.digest)));
      break;
    }
    case Algorithm::xxh3: {
      XXH64_canonical_t canonical;
      XXH64_canonicalFromHash(&canonical,
                              XXH3_64bits_digest(std::get<State::Xxh3>(state_->running).get()));
      digest = encode_digest(algorithm_, std::as_bytes(std::span(canonical.digest)));
      break;
    }
    case Algorithm::xxh128: {
      XXH128_canonical_t canonical;
      XXH128_canonicalFromHash(&canonical,
                               XXH3_128bits_digest(std::get<State::Xxh3>(state_->running).get()));
      digest = encode_digest(algorithm_, std::as_bytes(std::span(canonical.digest)));
      break;
    }
    case Algorithm::md5:
    case Algorithm::sha1:
    case Algorithm::c4: {
      std::array<unsigned char, EVP_MAX_MD_SIZE> raw{};
      unsigned size = 0;
      State::check(
          EVP_DigestFinal_ex(std::get<State::Evp>(state_->running).get(), raw.data(), &size) == 1,
          "EVP_DigestFinal_ex");
      digest = encode_digest(algorithm_, std::as_bytes(std::span(raw.data(), size)));
      break;
    }
  }
  state_->reset(algorithm_);
  return digest;
}

// ---------------------------------------------------------------------------------------------------
// MultiHasher and files

MultiHasher::MultiHasher(const std::vector<Algorithm>& algorithms) {
  hashers_.reserve(algorithms.size());
  for (const Algorithm algorithm : algorithms) {
    hashers_.emplace_back(algorithm);
  }
}

void MultiHasher::update(std::span<const std::byte> bytes) {
  if (hashers_.size() == 1) {
    hashers_.front().update(bytes);
    return;
  }
  for (std::size_t offset = 0; offset < bytes.size(); offset += kMultiHashSlice) {
    const auto slice = bytes.subspan(offset, std::min(kMultiHashSlice, bytes.size() - offset));
    for (Hasher& hasher : hashers_) {
      hasher.update(slice);
    }
  }
}

Digests MultiHasher::finish() {
  Digests digests;
  for (Hasher& hasher : hashers_) {
    digests[hasher.algorithm()] = hasher.finish();
  }
  return digests;
}

Digests hash_file(const std::filesystem::path& file, const std::vector<Algorithm>& algorithms) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw_file_error(errno, file);
  }
  const FileDescriptor descriptor(fd);
  // Only a hint; a file system that ignores it is read just the same.
  (void)::posix_fadvise(descriptor.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

  MultiHasher hasher(algorithms);
  std::vector<std::byte> buffer(kReadBufferSize);
  while (true) {
    const ssize_t count = ::read(descriptor.get(), buffer.data(), buffer.size());
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_file_error(errno, file);
    }
    if (count == 0) {
      break;
    }
    hasher.update(std::span(buffer.data(), static_cast<std::size_t>(count)));
  }
  return hasher.finish();
}

// ---------------------------------------------------------------------------------------------------
// Digest forms

std::vector<std::byte> digest_bytes(Algorithm algorithm, std::string_view digest) {
  if (algorithm == Algorithm::c4) {
    return c4_decode(digest);
  }
  return from_hex(algorithm, digest);
}

Digest encode_digest(Algorithm algorithm, std::span<const std::byte> bytes) {
  if (bytes.size() != digest_size(algorithm)) {
    throw std::invalid_argument("a " + std::string(name(algorithm)) + " digest has " +
                                std::to_string(digest_size(algorithm)) + " bytes, not " +
                                std::to_string(bytes.size()));
  }
  if (algorithm == Algorithm::c4) {
    return c4_encode(bytes);
  }
  return to_hex(bytes);
}

Digest hash_of_hashes(Algorithm algorithm, std::vector<Digest> hashes) {
  std::sort(hashes.begin(), hashes.end());
  Hasher hasher(algorithm);
  for (const Digest& hash : hashes) {
    hasher.update(digest_bytes(algorithm, hash));
  }
  return hasher.finish();
}

Digest c4_of(std::string_view bytes) {
  Hasher hasher(Algorithm::c4);
  hasher.update(bytes);
  return hasher.finish();
}

}  // namespace slate::hashing
