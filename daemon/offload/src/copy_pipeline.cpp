#include "copy_pipeline.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <system_error>
#include <thread>

#include <slate/core/file_name.hpp>

namespace slate::offload {
namespace {

// Blocks in flight between the reader and the slowest consumer: enough to keep every disk busy,
// few enough that memory stays small whatever the file sizes (slated stays under 100 MB: 32 MiB
// here, and each verifier's read-back buffer).
constexpr std::size_t kRingBlocks = 4;
// Read-back needs no more than this for the disk to stream: O_DIRECT requests are split far
// smaller by the block layer anyway.
constexpr std::size_t kReadBackBlock = 4 * 1024 * 1024;

std::string describe(int code) {
  return std::strerror(code);
}

/// A queue of file indexes for one verifying thread.
class WorkQueue {
 public:
  void push(std::size_t item) {
    std::lock_guard lock(mutex_);
    items_.push_back(item);
    changed_.notify_one();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  std::optional<std::size_t> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) {
      return std::nullopt;
    }
    const auto item = items_.front();
    items_.pop_front();
    return item;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> items_;
  bool closed_ = false;
};

using Clock = std::chrono::steady_clock;

/// Nanoseconds of one stage, added to by the threads that do it.
class StageClock {
 public:
  /// Adds the time since `start`; returns now, to start the next measure from.
  Clock::time_point add_since(Clock::time_point start) {
    const auto now = Clock::now();
    nanoseconds_ += static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count());
    return now;
  }
  double seconds() const { return static_cast<double>(nanoseconds_.load()) / 1e9; }

 private:
  std::atomic<std::uint64_t> nanoseconds_{0};
};

struct DestinationFigures {
  std::atomic<std::uint64_t> bytes_written{0};
  std::atomic<std::uint64_t> bytes_verified{0};
  std::atomic<std::size_t> files_copied{0};
  std::atomic<std::size_t> files_verified{0};
  std::atomic<std::size_t> files_failed{0};
  std::atomic<bool> failed{false};
};

}  // namespace

struct CopyPipeline::Block {
  AlignedBuffer buffer{kBlockSize};
  std::size_t length = 0;
  std::size_t file = 0;  ///< Position in Impl::files.
  bool first = false;
  bool last = false;
  bool aborted = false;  ///< The file could not be read to its end: drop what was written.
};

struct CopyPipeline::Impl {
  std::vector<PipelineFile> files;
  std::vector<PipelineDestination> destinations;
  std::vector<hashing::Algorithm> algorithms;
  VerifyMode verify;
  std::shared_ptr<SourceFiles> source;
  PipelineCallbacks callbacks;
  const std::atomic<bool>& cancel;
  ReadRetry retry;

  // The ring: the reader fills blocks in order; a hasher per algorithm (consumer a) and every
  // writer (consumer algorithms.size() + destination) take each block in order, each on a thread
  // of its own, so a slow hash (md5, sha1) runs beside the writes, never in their path; a block
  // is refilled once all are done, and the reader waits only when every block is still in use.
  std::vector<Block> ring;
  std::mutex ring_mutex;
  std::condition_variable ring_changed;
  std::uint64_t published = 0;
  std::vector<std::uint64_t> consumed;
  bool ring_closed = false;

  // Source digests as the hasher finishes them; verifiers wait here.
  std::mutex digest_mutex;
  std::condition_variable digest_changed;
  std::vector<std::optional<hashing::Digests>> digests;
  std::vector<bool> digest_abandoned;

  std::vector<std::unique_ptr<DestinationFigures>> figures;
  std::vector<std::unique_ptr<WorkQueue>> verify_queues;
  WorkQueue source_queue;
  std::atomic<std::uint64_t> bytes_read{0};

  // Per-file digests as each algorithm's hasher finishes (digest_mutex): a file's digests are
  // whole once every algorithm has given its own.
  std::vector<hashing::Digests> partial_digests;

  StageClock read_clock, read_stall_clock, write_clock, sync_clock, read_back_clock;
  std::vector<std::unique_ptr<StageClock>> hash_clocks;  ///< By position in `algorithms`.
  Clock::time_point started = Clock::now();
  std::atomic<std::int64_t> copying_ns{-1};  ///< Set once run() ends.

  Impl(std::vector<PipelineFile> card_files, std::vector<PipelineDestination> targets,
       std::vector<hashing::Algorithm> hashes, VerifyMode mode, std::shared_ptr<SourceFiles> card,
       PipelineCallbacks calls, const std::atomic<bool>& stop, ReadRetry read_retry)
      : files(std::move(card_files)),
        destinations(std::move(targets)),
        algorithms(std::move(hashes)),
        verify(mode),
        source(std::move(card)),
        callbacks(std::move(calls)),
        cancel(stop),
        retry(read_retry),
        ring(kRingBlocks),
        consumed(algorithms.size() + destinations.size(), 0),
        digests(files.size()),
        digest_abandoned(files.size(), false),
        partial_digests(files.size()) {
    for (std::size_t a = 0; a < algorithms.size(); ++a) {
      hash_clocks.push_back(std::make_unique<StageClock>());
    }
    for (std::size_t d = 0; d < destinations.size(); ++d) {
      figures.push_back(std::make_unique<DestinationFigures>());
      figures.back()->failed = destinations[d].failed;
      verify_queues.push_back(std::make_unique<WorkQueue>());
    }
  }

  hashing::Algorithm verifying_algorithm() const { return algorithms.front(); }

  // ---- the ring ----

  Block& acquire() {
    const auto start = Clock::now();
    std::unique_lock lock(ring_mutex);
    const auto has_room = [&] {
      std::uint64_t slowest = published;
      for (auto done : consumed) {
        slowest = std::min(slowest, done);
      }
      return published - slowest < ring.size();
    };
    if (!has_room()) {
      ring_changed.wait(lock, has_room);
      read_stall_clock.add_since(start);
    }
    return ring[published % ring.size()];
  }

  void publish() {
    std::lock_guard lock(ring_mutex);
    ++published;
    ring_changed.notify_all();
  }

  void close_ring() {
    std::lock_guard lock(ring_mutex);
    ring_closed = true;
    ring_changed.notify_all();
  }

  Block* next_block(std::size_t consumer) {
    std::unique_lock lock(ring_mutex);
    ring_changed.wait(lock, [&] { return consumed[consumer] < published || ring_closed; });
    if (consumed[consumer] == published) {
      return nullptr;
    }
    return &ring[consumed[consumer] % ring.size()];
  }

  void release(std::size_t consumer) {
    std::lock_guard lock(ring_mutex);
    ++consumed[consumer];
    ring_changed.notify_all();
  }

  // ---- digests ----

  void set_digests(std::size_t file, std::optional<hashing::Digests> value) {
    {
      std::lock_guard lock(digest_mutex);
      if (value) {
        digests[file] = std::move(value);
      } else {
        digest_abandoned[file] = true;
      }
    }
    digest_changed.notify_all();
  }

  std::optional<hashing::Digests> wait_digests(std::size_t file) {
    std::unique_lock lock(digest_mutex);
    digest_changed.wait(lock, [&] { return digests[file] || digest_abandoned[file]; });
    return digests[file];
  }

  // ---- destinations ----

  void fail_destination(std::size_t destination, const std::string& reason) {
    if (figures[destination]->failed.exchange(true)) {
      return;
    }
    callbacks.destination_failed(destination, reason);
  }

  bool destination_alive(std::size_t destination) const {
    return !figures[destination]->failed.load();
  }

  // ---- the reader (the calling thread) ----

  // Reads `length` bytes at `offset`, trying again after a glitch. Returns 0 on success or the
  // errno of a failure that persisted.
  int read_block(int fd, std::byte* into, std::size_t length, std::uint64_t offset,
                 std::size_t& got) {
    got = 0;
    int attempt = 0;
    auto backoff = retry.first_backoff;
    while (got < length) {
      const ssize_t n = source->read_at(fd, into + got, length - got, offset + got);
      if (n > 0) {
        got += static_cast<std::size_t>(n);
        continue;
      }
      if (n == 0) {
        return ENODATA;  // Shorter than when it was scanned: the card changed under us.
      }
      if (errno == EINTR) {
        continue;
      }
      const int code = errno;
      if (++attempt >= retry.attempts || cancel) {
        return code;
      }
      std::this_thread::sleep_for(backoff);
      backoff *= 4;
    }
    return 0;
  }

  int open_source(const PipelineFile& file, int& fd) {
    auto backoff = retry.first_backoff;
    for (int attempt = 1;; ++attempt) {
      fd = source->open(file.source);
      if (fd >= 0) {
        return 0;
      }
      const int code = errno;
      if (attempt >= retry.attempts || cancel) {
        return code;
      }
      std::this_thread::sleep_for(backoff);
      backoff *= 4;
    }
  }

  void publish_abort(std::size_t position) {
    Block& block = acquire();
    block.length = 0;
    block.file = position;
    block.first = false;
    block.last = true;
    block.aborted = true;
    publish();
  }

  // Why the open file is no longer the one recorded, or nothing.
  std::string changed_since_recorded(int fd, const PipelineFile& file) {
    try {
      return describe_change(file.card, source->identify(fd, file.card.relative_path));
    } catch (const std::system_error& error) {
      return core::printable_name(file.card.relative_path) +
             " could not be checked after it was read: " + error.what();
    }
  }

  std::optional<std::string> read_card() {
    for (std::size_t position = 0; position < files.size(); ++position) {
      const PipelineFile& file = files[position];
      if (file.write_to.empty()) {
        continue;
      }
      if (cancel) {
        return "cancelled";
      }
      int fd = -1;
      if (const int code = open_source(file, fd); code != 0) {
        set_digests(position, std::nullopt);
        return "the card stopped answering: cannot open " +
               core::printable_name(file.card.relative_path) + ": " + describe(code);
      }
      // The card may have changed since it was scanned (a camera put back, a file appended to):
      // what is read must be the file recorded, from before the first byte to after the last.
      if (auto change = changed_since_recorded(fd, file); !change.empty()) {
        source->close(fd);
        set_digests(position, std::nullopt);
        callbacks.card_changed(file.index, change);
        continue;
      }
      std::uint64_t offset = 0;
      bool first = true;
      std::optional<std::string> failure;
      do {
        if (cancel) {
          failure = "cancelled";
          break;
        }
        Block& block = acquire();
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, file.card.size - offset));
        std::size_t got = 0;
        const auto read_started = Clock::now();
        const int code = read_block(fd, block.buffer.data(), want, offset, got);
        read_clock.add_since(read_started);
        if (code != 0) {
          failure = "the card stopped answering while reading " +
                    core::printable_name(file.card.relative_path) + " at byte " +
                    std::to_string(offset + got) + ": " +
                    (code == ENODATA ? "the file is shorter than it was" : describe(code));
          break;
        }
        // O_DIRECT writers write whole sectors: zero the rest of the last one.
        const std::size_t padded =
            (got + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
        std::memset(block.buffer.data() + got, 0, padded - got);
        block.length = got;
        block.file = position;
        block.first = first;
        block.last = offset + got == file.card.size;
        block.aborted = false;
        publish();
        offset += got;
        bytes_read += got;
        first = false;
      } while (offset < file.card.size);
      if (failure) {
        source->close(fd);
        publish_abort(position);
        return failure;
      }
      if (auto change = changed_since_recorded(fd, file); !change.empty()) {
        callbacks.card_changed(file.index, change);
      }
      source->close(fd);
      if (verify == VerifyMode::source) {
        source_queue.push(position);
      }
    }
    return std::nullopt;
  }

  // ---- consumers ----

  // Consumer `a`: the card's bytes through algorithm `a` alone.
  void hash_blocks(std::size_t a) {
    auto& clock = *hash_clocks[a];
    std::optional<hashing::Hasher> hasher;
    while (Block* block = next_block(a)) {
      const auto start = Clock::now();
      if (block->first || !hasher) {
        hasher.emplace(algorithms[a]);
      }
      if (block->aborted) {
        hasher.reset();
        set_digests(block->file, std::nullopt);
      } else {
        hasher->update({block->buffer.data(), block->length});
        if (block->last) {
          auto value = hasher->finish();
          hasher.reset();
          add_digest(block->file, algorithms[a], std::move(value));
        }
      }
      clock.add_since(start);
      release(a);
    }
  }

  // One algorithm's digest of a file; the last of them publishes the file's digests.
  void add_digest(std::size_t file, hashing::Algorithm algorithm, hashing::Digest value) {
    std::optional<hashing::Digests> whole;
    {
      std::lock_guard lock(digest_mutex);
      auto& partial = partial_digests[file];
      partial[algorithm] = std::move(value);
      if (partial.size() < algorithms.size()) {
        return;
      }
      whole = std::move(partial);
      partial.clear();
    }
    callbacks.digests(files[file].index, *whole);
    set_digests(file, std::move(whole));
  }

  std::string write_failure(const std::system_error& error, const PipelineFile& file) {
    const int code = error.code().value();
    if (code == ENOSPC || code == EDQUOT) {
      return "the drive is full (no space left) at " +
             core::printable_name(file.card.relative_path);
    }
    return error.what();
  }

  void write_blocks(std::size_t destination) {
    const std::size_t consumer = algorithms.size() + destination;
    auto& figure = *figures[destination];
    std::unique_ptr<DestinationFile> out;
    while (Block* block = next_block(consumer)) {
      const PipelineFile& file = files[block->file];
      const auto target = destinations[destination].card_folder / file.relative;
      try {
        if (block->first && destination_alive(destination) &&
            std::find(file.write_to.begin(), file.write_to.end(), destination) !=
                file.write_to.end()) {
          callbacks.copy_state(file.index, destination, CopyState::copying, "");
          out = std::make_unique<DestinationFile>(target, file.card.size);
        }
        if (out && block->aborted) {
          out.reset();  // Removes the part file: nothing half-copied stays.
        } else if (out) {
          const auto start = Clock::now();
          out->write(block->buffer.data(), block->length);
          const auto written = write_clock.add_since(start);
          figure.bytes_written += block->length;
          if (block->last) {
            const bool synced = out->finish(file.card.mtime_ns);
            out.reset();
            sync_clock.add_since(written);
            if (!synced) {
              callbacks.sync_refused(destination);
            }
            ++figure.files_copied;
            callbacks.copy_state(file.index, destination, CopyState::copied, "");
            if (verify != VerifyMode::none) {
              verify_queues[destination]->push(block->file);
            }
          }
        }
      } catch (const std::system_error& error) {
        out.reset();
        const auto reason = write_failure(error, file);
        callbacks.copy_state(file.index, destination, CopyState::failed, reason);
        fail_destination(destination, reason);
      }
      release(consumer);
    }
  }

  void verify_copies(std::size_t destination) {
    auto& figure = *figures[destination];
    AlignedBuffer buffer(kReadBackBlock);
    while (auto position = verify_queues[destination]->pop()) {
      const PipelineFile& file = files[*position];
      if (!destination_alive(destination)) {
        continue;
      }
      const auto algorithm = verifying_algorithm();
      const auto target = destinations[destination].card_folder / file.relative;
      try {
        if (callbacks.before_read_back) {
          callbacks.before_read_back(target);
        }
        // The copy is read back while the card's digests may still be on their way (a slow md5
        // beside them): only the comparison waits for them.
        const auto start = Clock::now();
        hashing::Hasher hasher(algorithm);
        read_back(target, buffer, [&](const std::byte* data, std::size_t length) {
          hasher.update({data, length});
          figure.bytes_verified += length;
        });
        const auto actual = hasher.finish();
        read_back_clock.add_since(start);
        const auto source_digests = wait_digests(*position);
        if (!source_digests) {
          continue;  // The card failed before this file was read: it stays unverified.
        }
        const auto& expected = source_digests->at(algorithm);
        if (actual == expected) {
          ++figure.files_verified;
          callbacks.copy_state(file.index, destination, CopyState::verified, "");
        } else {
          ++figure.files_failed;
          callbacks.copy_state(file.index, destination, CopyState::failed,
                               "read back as " + std::string(hashing::name(algorithm)) + " " +
                                   actual + ", the card gave " + expected +
                                   ": the copy is damaged");
        }
      } catch (const std::system_error& error) {
        ++figure.files_failed;
        callbacks.copy_state(file.index, destination, CopyState::failed, error.what());
        std::error_code ignored;
        if (!std::filesystem::exists(destinations[destination].card_folder, ignored)) {
          fail_destination(destination, "the drive went away: " +
                                            destinations[destination].card_folder.string() +
                                            " is no longer there");
        }
      }
    }
  }

  // Mode `source`: the card read a second time must give the same bytes.
  void verify_source() {
    AlignedBuffer buffer(kReadBackBlock);
    while (auto position = source_queue.pop()) {
      const PipelineFile& file = files[*position];
      const auto source_digests = wait_digests(*position);
      if (!source_digests) {
        continue;
      }
      const auto algorithm = verifying_algorithm();
      hashing::Hasher hasher(algorithm);
      std::string problem;
      int fd = -1;
      const auto start = Clock::now();
      if (open_source(file, fd) != 0) {
        problem = "the card could not be read a second time";
      } else {
        std::uint64_t offset = 0;
        while (offset < file.card.size && problem.empty()) {
          const auto want = static_cast<std::size_t>(
              std::min<std::uint64_t>(buffer.size(), file.card.size - offset));
          std::size_t got = 0;
          if (read_block(fd, buffer.data(), want, offset, got) != 0) {
            problem = "the card could not be read a second time";
          }
          hasher.update({buffer.data(), got});
          offset += got;
        }
        source->close(fd);
      }
      read_back_clock.add_since(start);
      if (problem.empty() && hasher.finish() != source_digests->at(algorithm)) {
        problem =
            "the card gave different bytes on a second read: the card or its reader is "
            "unreliable";
      }
      if (!problem.empty()) {
        for (auto destination : file.write_to) {
          ++figures[destination]->files_failed;
          callbacks.copy_state(file.index, destination, CopyState::failed, problem);
        }
      }
    }
  }
};

CopyPipeline::CopyPipeline(std::vector<PipelineFile> files,
                           std::vector<PipelineDestination> destinations,
                           std::vector<hashing::Algorithm> algorithms, VerifyMode verify,
                           std::shared_ptr<SourceFiles> source_files, PipelineCallbacks callbacks,
                           const std::atomic<bool>& cancel, ReadRetry retry)
    : impl_(std::make_unique<Impl>(std::move(files), std::move(destinations), std::move(algorithms),
                                   verify, std::move(source_files), std::move(callbacks), cancel,
                                   retry)) {}

CopyPipeline::~CopyPipeline() = default;

std::optional<std::string> CopyPipeline::run() {
  auto& self = *impl_;
  const std::size_t destinations = self.destinations.size();
  std::vector<std::thread> threads;
  for (std::size_t a = 0; a < self.algorithms.size(); ++a) {
    threads.emplace_back([&self, a] { self.hash_blocks(a); });
  }
  for (std::size_t d = 0; d < destinations; ++d) {
    threads.emplace_back([&self, d] { self.write_blocks(d); });
  }
  std::vector<std::thread> verifiers;
  if (self.verify != VerifyMode::none) {
    for (std::size_t d = 0; d < destinations; ++d) {
      verifiers.emplace_back([&self, d] { self.verify_copies(d); });
    }
  }
  if (self.verify == VerifyMode::source) {
    verifiers.emplace_back([&] { self.verify_source(); });
  }
  // Copies an earlier run wrote but did not read back: their digests are known.
  for (std::size_t position = 0; position < self.files.size(); ++position) {
    const auto& file = self.files[position];
    if (file.known && !file.verify_only.empty() && self.verify != VerifyMode::none) {
      if (file.write_to.empty()) {
        self.set_digests(position, *file.known);
      }
      for (auto destination : file.verify_only) {
        self.verify_queues[destination]->push(position);
      }
    }
  }

  auto stopped = self.read_card();
  self.close_ring();
  for (auto& thread : threads) {
    thread.join();
  }
  // Whatever the card could not give will never get a digest: release waiting verifiers.
  for (std::size_t position = 0; position < self.files.size(); ++position) {
    std::lock_guard lock(self.digest_mutex);
    if (!self.digests[position]) {
      self.digest_abandoned[position] = true;
    }
  }
  self.digest_changed.notify_all();
  for (auto& queue : self.verify_queues) {
    queue->close();
  }
  self.source_queue.close();
  for (auto& thread : verifiers) {
    thread.join();
  }
  self.copying_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - self.started).count();
  return stopped;
}

StageTimes CopyPipeline::stage_times() const {
  const auto& self = *impl_;
  StageTimes times;
  const auto copying = self.copying_ns.load();
  times.copying = copying >= 0 ? static_cast<double>(copying) / 1e9
                               : std::chrono::duration<double>(Clock::now() - self.started).count();
  times.read = self.read_clock.seconds();
  times.read_stalled = self.read_stall_clock.seconds();
  for (std::size_t a = 0; a < self.algorithms.size(); ++a) {
    times.hash[self.algorithms[a]] = self.hash_clocks[a]->seconds();
  }
  times.write = self.write_clock.seconds();
  times.sync = self.sync_clock.seconds();
  times.read_back = self.read_back_clock.seconds();
  return times;
}

Progress CopyPipeline::progress() const {
  Progress progress;
  progress.bytes_read = impl_->bytes_read;
  for (const auto& figure : impl_->figures) {
    DestinationProgress destination;
    destination.bytes_written = figure->bytes_written;
    destination.bytes_verified = figure->bytes_verified;
    destination.files_copied = figure->files_copied;
    destination.files_verified = figure->files_verified;
    destination.files_failed = figure->files_failed;
    progress.destinations.push_back(destination);
  }
  return progress;
}

}  // namespace slate::offload
