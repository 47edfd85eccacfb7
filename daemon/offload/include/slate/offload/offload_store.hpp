#pragma once
/// Offloads in the catalogue: every file's state on every destination, written with the events
/// that tell tablets about it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/catalogue/page.hpp>
#include <slate/offload/card.hpp>
#include <slate/offload/offload.hpp>

namespace slate::offload {

struct DestinationRecord {
  std::int64_t id = 0;
  int position = 0;
  std::string name;
  std::filesystem::path root;
  std::filesystem::path card_folder;
  std::string state = "pending";  ///< pending, copying, done, failed
  std::string reason;
  bool sync_refused = false;
  std::string manifest;
  /// What the catalogue holds of its copies: final once the offload has ended.
  std::size_t files_verified = 0;
  std::size_t files_failed = 0;
  std::uint64_t bytes_verified = 0;
};

struct FileRecord {
  std::int64_t id = 0;
  CardFile file;
  hashing::Digests digests;  ///< Of the source, once read.
};

struct CopyRecord {
  CopyState state = CopyState::pending;
  std::string reason;
};

struct OffloadRecord {
  std::int64_t id = 0;
  std::filesystem::path source;
  std::string card_name;
  std::string roll;
  std::string label;
  std::vector<hashing::Algorithm> hashes;
  VerifyMode verify = VerifyMode::full;
  int min_destinations = 2;
  std::string path_template;
  bool again = false;
  std::string state;
  std::string verdict;  ///< "safe", "not_safe", or empty until finished.
  std::string reason;
  std::string fingerprint;
  std::uint64_t total_bytes = 0;
  std::size_t total_files = 0;
  std::string created_at;
  std::string started_at;
  std::string finished_at;
  std::vector<DestinationRecord> destinations;
  std::vector<FileRecord> files;                ///< Only when loaded with files.
  std::vector<std::vector<CopyRecord>> copies;  ///< [file][destination], with files.
  StageTimes stages;                            ///< Of the run that finished it (zero until then).
};

/// Stage times as the catalogue keeps them and offload.finished carries them, a JSON object of
/// seconds: {"copying": 1.5, "read": 0.4, "hash": {"xxh64": 0.2}, "write": 2.1, …}.
std::string stage_times_text(const StageTimes& stages);

/// A change of one copy, applied in a batch.
struct CopyUpdate {
  std::size_t file = 0;         ///< Index into OffloadRecord::files.
  std::size_t destination = 0;  ///< Index into OffloadRecord::destinations.
  CopyState state = CopyState::pending;
  std::string reason;
};

/// One file of a clip: media, proxy or sidecar.
struct ClipFileView {
  std::string path;  ///< Relative to the card, printable.
  std::string role;  ///< "media", "proxy", "sidecar".
  std::uint64_t size = 0;
  int segment = 0;  ///< Spanned clips: 1, 2, …; 0 when not spanned.
};

/// A clip of a card as the catalogue records it.
struct ClipView {
  std::int64_t id = 0;
  std::string name;
  std::string maker;
  std::string camera;  ///< From the clip's name, else from the card's roll; empty if neither says.
  std::string reel;
  std::string clip_number;
  std::string date;
  std::string camera_id;
  std::string recorded_at;  ///< UTC ISO 8601 with ms; empty when not known.
  std::uint64_t bytes = 0;
  std::vector<ClipFileView> files;
};

class OffloadStore {
 public:
  explicit OffloadStore(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// Records a new offload, queued. Returns its id.
  std::int64_t create(const OffloadRequest& request, const std::string& roll,
                      const std::string& label, const std::string& actor);

  /// The offload with its destinations, and with its files and copies when asked. Throws
  /// std::out_of_range when there is no such offload.
  OffloadRecord load(std::int64_t id, bool with_files);
  /// The offload, or nothing when there is no such offload.
  std::optional<OffloadRecord> find(std::int64_t id, bool with_files);
  /// A page of offloads with their destinations, newest first; the cursor's key is the id.
  catalogue::Page<OffloadRecord> list(const catalogue::PageRequest& page);
  /// The latest `limit` offloads: the first page.
  std::vector<OffloadRecord> list(int limit) { return list({std::nullopt, limit}).items; }

  /// The latest offload from this source folder, with its destinations.
  std::optional<OffloadRecord> latest_of_source(const std::filesystem::path& source);

  /// The latest finished offload of a card with this fingerprint, other than `except`.
  std::optional<OffloadRecord> find_offloaded(const std::string& fingerprint, std::int64_t except);

  void set_state(std::int64_t id, std::string_view state, const std::string& reason);
  /// Preflight passed: records the card's files, each copy's first state and where each
  /// destination's card folder is, and that copying began.
  void begin(OffloadRecord& record, const std::string& fingerprint);
  /// Files found on the card when an offload resumed: record.files from `first` on are recorded,
  /// each copy pending, and the card's clips grouped again.
  void add_files(OffloadRecord& record, std::size_t first);
  /// A file that changed on the card since it was recorded: its new identity, no digest, and every
  /// copy pending, to be copied again.
  void replace_file(OffloadRecord& record, std::size_t index);
  /// Records copy changes and source digests in one transaction, with file.verified and
  /// file.failed events.
  void apply(const OffloadRecord& record, const std::vector<CopyUpdate>& copies,
             const std::vector<std::pair<std::size_t, hashing::Digests>>& digests);
  void set_destination(const OffloadRecord& record, std::size_t destination);
  void progress(const OffloadRecord& record, const Progress& progress);
  /// The verdict, with offload.finished and (when safe) card.safe events.
  void finish(const OffloadRecord& record, bool safe, const std::string& reason);
  /// An offload that stopped before its verdict: refused, duplicate, interrupted or cancelled.
  void stop(std::int64_t id, std::string_view state, const std::string& reason);

  /// The card's clips, each with its files (media, proxies, sidecars), in card order.
  std::vector<ClipView> clips(std::int64_t id);

  /// Offloads a previous run of slated left running (queued, preflight, copying, sealing).
  std::vector<std::int64_t> unfinished();

 private:
  catalogue::Catalogue& catalogue_;
};

}  // namespace slate::offload
