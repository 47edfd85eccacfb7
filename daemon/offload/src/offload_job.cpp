#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <set>
#include <sys/statvfs.h>
#include <thread>
#include <unistd.h>

#include <slate/core/crash_point.hpp>
#include <slate/core/file_name.hpp>
#include <slate/log/log.hpp>
#include <slate/mhl/mhl.hpp>
#include <slate/offload/card.hpp>
#include <slate/offload/destination_template.hpp>
#include <slate/offload/offload_job.hpp>
#include <slate/offload/offload_store.hpp>

#include "copy_pipeline.hpp"

namespace slate::offload {
namespace {

std::string local_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

std::chrono::system_clock::time_point parse_utc(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    return std::chrono::system_clock::now();
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  const auto [outer_end, inner_at] =
      std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return outer_end == outer.end();
}

std::filesystem::path canonical_or_absolute(const std::filesystem::path& path) {
  std::error_code error;
  auto canonical = std::filesystem::weakly_canonical(path, error);
  return error ? std::filesystem::absolute(path) : canonical;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const auto& part : parts) {
    text += (text.empty() ? "" : separator) + part;
  }
  return text;
}

// What earlier rounds of a batch moved, with what this round has moved so far.
Progress plus(const Progress& earlier, Progress now) {
  now.bytes_read += earlier.bytes_read;
  for (std::size_t d = 0; d < earlier.destinations.size() && d < now.destinations.size(); ++d) {
    auto& mine = now.destinations[d];
    const auto& before = earlier.destinations[d];
    mine.bytes_written += before.bytes_written;
    mine.bytes_verified += before.bytes_verified;
    mine.files_copied += before.files_copied;
    mine.files_verified += before.files_verified;
    mine.files_failed += before.files_failed;
  }
  return now;
}

// A batch's stage times: every round's, summed, as its progress is.
void add(StageTimes& total, const StageTimes& round) {
  total.copying += round.copying;
  total.read += round.read;
  total.read_stalled += round.read_stalled;
  for (const auto& [algorithm, seconds] : round.hash) {
    total.hash[algorithm] += seconds;
  }
  total.write += round.write;
  total.sync += round.sync;
  total.read_back += round.read_back;
  total.mhl += round.mhl;
}

}  // namespace

struct OffloadJob::Impl {
  JobEnvironment env;
  OffloadStore store;
  OffloadRecord record;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> for_shutdown{false};

  // Changes found by the pipeline's threads, written to the catalogue in batches.
  std::mutex pending_mutex;
  std::vector<CopyUpdate> pending_copies;
  std::vector<std::pair<std::size_t, hashing::Digests>> pending_digests;
  std::set<std::size_t> destinations_changed;

  // Files the card no longer holds as recorded, and why, in the order found (pending_mutex).
  std::set<std::size_t> changed_files;
  std::vector<std::string> card_changes;

  mutable std::mutex pipeline_mutex;
  CopyPipeline* pipeline = nullptr;
  Progress last_progress;
  Progress earlier_rounds;  // A batch copies in rounds, one per arrival: their figures, summed.

  // A batch's feed: files arrive in the source folder until it is closed.
  const bool open;
  std::mutex feed_mutex;
  std::condition_variable feed_changed;
  bool accepting;    // feed() is taken: the job will look at the folder again
  bool fed = false;  // new files since the job last looked
  bool closed = false;
  std::set<std::size_t> refused_files;  // a different file is already at a destination

  Impl(JobEnvironment environment, bool batch)
      : env(std::move(environment)), store(*env.catalogue), open(batch), accepting(batch) {}

  hashing::Algorithm verifying_algorithm() const { return record.hashes.front(); }

  // ---- preflight ----

  // Returns the problems that stop the offload before anything is written.
  std::vector<std::string> preflight(const std::vector<CardFile>& files) {
    std::vector<std::string> problems;
    const auto source = canonical_or_absolute(record.source);
    std::set<std::filesystem::path> roots;
    for (auto& destination : record.destinations) {
      const auto root = canonical_or_absolute(destination.root);
      const std::string where = "destination " + destination.root.string();
      struct statvfs fs {};
      std::error_code error;
      if (!std::filesystem::is_directory(root, error)) {
        problems.push_back(where + " does not exist or is not a folder");
        continue;
      }
      if (access(root.c_str(), W_OK) != 0 || statvfs(root.c_str(), &fs) != 0 ||
          (fs.f_flag & ST_RDONLY)) {
        problems.push_back(where + " is not writable");
        continue;
      }
      if (is_within(root, source)) {
        problems.push_back(where + " is inside the card " + record.source.string());
        continue;
      }
      if (is_within(source, canonical_or_absolute(destination.card_folder))) {
        problems.push_back(where + ": its card folder " + destination.card_folder.string() +
                           " holds the card itself");
        continue;
      }
      if (!roots.insert(root).second) {
        problems.push_back(where + " is given twice");
        continue;
      }
      std::uint64_t needed = 0;
      for (const auto& file : files) {
        const auto target = destination.card_folder / file.relative_path;
        if (!std::filesystem::exists(target, error)) {
          needed += file.size;
        }
      }
      const std::uint64_t free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
      if (needed + env.free_space_margin > free) {
        problems.push_back(where + " has " + human_bytes(free) + " free; the card needs " +
                           human_bytes(needed + env.free_space_margin) +
                           " (its size and a margin)");
      }
    }
    return problems;
  }

  // Files already at a destination: an identical one counts as copied and verified; a different
  // one is never overwritten, so the offload is refused.
  std::vector<std::string> match_existing(std::vector<FileRecord>& files, std::size_t first = 0) {
    std::vector<std::string> problems;
    for (std::size_t i = first; i < files.size(); ++i) {
      for (std::size_t d = 0; d < record.destinations.size(); ++d) {
        const auto& destination = record.destinations[d];
        const auto target = destination.card_folder / files[i].file.relative_path;
        std::error_code error;
        const auto status = std::filesystem::symlink_status(target, error);
        if (error || !std::filesystem::exists(status)) {
          continue;
        }
        const std::string refusal = core::printable_name(target.string()) +
                                    " already exists and differs from the card's " +
                                    core::printable_name(files[i].file.relative_path) +
                                    "; Slate never overwrites: move it aside or choose another "
                                    "destination";
        if (!std::filesystem::is_regular_file(status) ||
            std::filesystem::file_size(target, error) != files[i].file.size) {
          problems.push_back(refusal);
          continue;
        }
        if (files[i].digests.empty()) {
          files[i].digests =
              hashing::hash_file(record.source / files[i].file.relative_path, record.hashes);
        }
        const auto there = hashing::hash_file(target, {verifying_algorithm()});
        if (there.at(verifying_algorithm()) != files[i].digests.at(verifying_algorithm())) {
          problems.push_back(refusal);
        } else {
          record.copies[i][d] = {CopyState::verified, "already there"};
        }
      }
    }
    return problems;
  }

  bool prepare_new() {
    store.set_state(record.id, state::preflight, "");
    std::vector<CardFile> files;
    std::string fingerprint;
    try {
      files = scan_card(record.source);
      fingerprint = card_fingerprint(record.source, files);
    } catch (const std::system_error& error) {
      store.stop(record.id, state::refused, std::string("cannot read the card: ") + error.what());
      return false;
    }
    if (!record.again) {
      if (auto earlier = store.find_offloaded(fingerprint, record.id);
          earlier && earlier->verdict == "safe") {
        std::vector<std::string> folders;
        for (const auto& destination : earlier->destinations) {
          folders.push_back(destination.card_folder.string());
        }
        store.stop(record.id, state::duplicate,
                   "already offloaded on " + earlier->finished_at + " to " + join(folders, ", ") +
                       " (offload " + std::to_string(earlier->id) +
                       ", safe); offload it again with --again");
        return false;
      }
    }

    if (record.roll.empty()) {
      record.roll = propose_roll(record.source, files);
    }
    TemplateValues values = {{"project", env.project},
                             {"date", local_date()},
                             {"roll", record.roll},
                             {"label", record.label}};
    if (!record.roll.empty() && std::isalpha(static_cast<unsigned char>(record.roll[0]))) {
      values["camera"] = record.roll.substr(0, 1);
    }
    try {
      const auto relative = expand_template(record.path_template, values);
      for (auto& destination : record.destinations) {
        destination.card_folder = destination.root / relative;
      }
    } catch (const std::invalid_argument& error) {
      store.stop(record.id, state::refused, error.what());
      return false;
    }

    auto problems = preflight(files);
    record.files.clear();
    for (const auto& file : files) {
      record.files.push_back({0, file, {}});
    }
    record.copies.assign(files.size(), std::vector<CopyRecord>(record.destinations.size()));
    if (problems.empty()) {
      try {
        problems = match_existing(record.files);
      } catch (const std::system_error& error) {
        problems.push_back(error.what());
      }
    }
    if (!problems.empty()) {
      store.stop(record.id, state::refused, join(problems, "; "));
      return false;
    }
    record.total_bytes = total_size(files);
    for (auto& destination : record.destinations) {
      destination.state = "copying";
    }
    store.begin(record, fingerprint);
    return true;
  }

  bool prepare_resume() {
    std::error_code error;
    if (!std::filesystem::is_directory(record.source, error)) {
      store.stop(record.id, state::interrupted,
                 "the card is not there (" + record.source.string() + "); insert it and resume");
      return false;
    }
    std::vector<CardFile> now;
    try {
      now = scan_card(record.source);
    } catch (const std::system_error& failure) {
      store.stop(record.id, state::interrupted,
                 std::string("cannot read the card: ") + failure.what());
      return false;
    }
    // The card may have been back in the camera: compare it with what this offload recorded.
    const auto changes = compare_card(recorded_files(), now);
    if (!changes.removed.empty()) {
      std::vector<std::string> gone;
      for (auto index : changes.removed) {
        gone.push_back(core::printable_name(record.files[index].file.relative_path));
      }
      store.stop(record.id, state::interrupted,
                 std::to_string(gone.size()) + " file(s) this offload began with are not on the " +
                     "card in the reader (" + join(gone, ", ") +
                     "): it is not the same card; put that card back and resume");
      return false;
    }
    const bool card_changed = !changes.changed.empty() || !changes.added.empty();
    for (auto index : changes.changed) {
      // A file shot over or appended to: what the destinations hold of it is moved aside, never
      // overwritten, and it is copied again as it is now.
      for (std::size_t d = 0; d < record.destinations.size(); ++d) {
        supersede(index, d);
      }
      const auto found = std::find_if(now.begin(), now.end(), [&](const CardFile& file) {
        return file.relative_path == record.files[index].file.relative_path;
      });
      record.files[index].file = *found;
      store.replace_file(record, index);
    }
    const auto first_added = record.files.size();
    if (!changes.added.empty()) {
      for (const auto& file : changes.added) {
        record.files.push_back({0, file, {}});
        record.copies.emplace_back(record.destinations.size());
      }
      // A new clip's name may already be taken at a destination: as for a new offload, an
      // identical file counts and a different one is never overwritten.
      std::vector<std::string> problems;
      try {
        problems = match_existing(record.files, first_added);
      } catch (const std::system_error& failure) {
        problems.push_back(failure.what());
      }
      if (!problems.empty()) {
        store.stop(record.id, state::interrupted, join(problems, "; "));
        return false;
      }
      store.add_files(record, first_added);
    }
    if (card_changed) {
      // A generation written before the card changed no longer describes it: write another.
      for (std::size_t d = 0; d < record.destinations.size(); ++d) {
        auto& destination = record.destinations[d];
        if (destination.state == "done") {
          destination.state = "copying";
          destination.manifest.clear();
          store.set_destination(record, d);
        }
      }
    }
    // Whatever an earlier run left unfinished is redone: part files go, unverified copies
    // without a known source digest are copied again.
    for (std::size_t d = 0; d < record.destinations.size(); ++d) {
      auto& destination = record.destinations[d];
      if (destination.state == "failed") {
        destination.state = "copying";
        destination.reason.clear();
        store.set_destination(record, d);
      }
      for (std::size_t i = 0; i < first_added; ++i) {
        auto& copy = record.copies[i][d];
        const auto target = destination.card_folder / record.files[i].file.relative_path;
        std::filesystem::remove(DestinationFile::part_path(target), error);
        const bool known = record.files[i].digests.contains(verifying_algorithm());
        if (copy.state == CopyState::verified || (copy.state == CopyState::copied && known)) {
          continue;
        }
        std::filesystem::remove(target, error);
        copy = {CopyState::pending, ""};
      }
    }
    store.set_state(record.id, state::copying, "");
    return true;
  }

  std::vector<CardFile> recorded_files() const {
    std::vector<CardFile> files;
    files.reserve(record.files.size());
    for (const auto& file : record.files) {
      files.push_back(file.file);
    }
    return files;
  }

  // Moves a copy of a file that is no longer on the card as copied out of the way, to
  // <root>/_slate/superseded/ (outside the card folder and its ASC MHL), under the time it was
  // moved: Slate never overwrites or deletes a copy.
  void supersede(std::size_t file, std::size_t destination) {
    const auto& where = record.destinations[destination];
    const auto& relative = record.files[file].file.relative_path;
    const auto target = where.card_folder / relative;
    std::error_code error;
    std::filesystem::remove(DestinationFile::part_path(target), error);
    if (!std::filesystem::exists(std::filesystem::symlink_status(target, error))) {
      return;
    }
    const auto folder = where.root / "_slate" / "superseded" /
                        where.card_folder.lexically_relative(where.root) /
                        std::to_string(std::time(nullptr));
    const auto aside = folder / relative;
    std::filesystem::create_directories(aside.parent_path(), error);
    if (!error) {
      std::filesystem::rename(target, aside, error);
    }
    if (error) {
      throw std::system_error(error, "cannot move " + core::printable_name(target.string()) +
                                         " aside to " + core::printable_name(aside.string()));
    }
    sync_folder(target.parent_path());
    sync_folder(aside.parent_path());
  }

  void note_card_change(const std::string& reason) {
    if (std::find(card_changes.begin(), card_changes.end(), reason) == card_changes.end()) {
      card_changes.push_back(reason);
    }
  }

  void on_card_changed(std::size_t file, const std::string& reason) {
    {
      std::lock_guard lock(pending_mutex);
      changed_files.insert(file);
      note_card_change(reason);
    }
    for (std::size_t d = 0; d < record.destinations.size(); ++d) {
      on_copy_state(file, d, CopyState::failed, reason);
    }
  }

  // Scans the card again and compares it with what was copied. Every file that changed fails on
  // every destination; a file added is on none. Returns false when the card cannot be read (it was
  // pulled): the offload stops interrupted, to finish when the card is back.
  bool check_card() {
    std::vector<CardFile> now;
    try {
      now = scan_card(record.source);
    } catch (const std::system_error& error) {
      store.stop(record.id, state::interrupted,
                 "the card was taken out before its last check (" + std::string(error.what()) +
                     "); insert it again to finish the offload");
      return false;
    }
    const auto changes = compare_card(recorded_files(), now);
    for (auto index : changes.changed) {
      on_card_changed(index, describe_change(record.files[index].file,
                                             *std::find_if(now.begin(), now.end(), [&](auto& f) {
                                               return f.relative_path ==
                                                      record.files[index].file.relative_path;
                                             })));
    }
    std::lock_guard lock(pending_mutex);
    for (const auto& reason : changes.reasons) {
      note_card_change(reason);
    }
    return true;
  }

  // ---- copying ----

  void on_copy_state(std::size_t file, std::size_t destination, CopyState state,
                     const std::string& reason) {
    std::lock_guard lock(pending_mutex);
    auto& copy = record.copies[file][destination];
    // A failure found by one check is never undone by another passing.
    if (copy.state == CopyState::failed && state != CopyState::failed) {
      return;
    }
    copy = {state, reason};
    pending_copies.push_back({file, destination, state, reason});
  }

  void on_digests(std::size_t file, const hashing::Digests& digests) {
    std::lock_guard lock(pending_mutex);
    record.files[file].digests = digests;
    pending_digests.emplace_back(file, digests);
  }

  void on_destination_failed(std::size_t destination, const std::string& reason) {
    std::lock_guard lock(pending_mutex);
    record.destinations[destination].state = "failed";
    record.destinations[destination].reason = reason;
    destinations_changed.insert(destination);
  }

  void on_sync_refused(std::size_t destination) {
    std::lock_guard lock(pending_mutex);
    if (!record.destinations[destination].sync_refused) {
      record.destinations[destination].sync_refused = true;
      destinations_changed.insert(destination);
    }
  }

  void flush() {
    std::vector<CopyUpdate> copies;
    std::vector<std::pair<std::size_t, hashing::Digests>> digests;
    std::set<std::size_t> changed;
    {
      std::lock_guard lock(pending_mutex);
      copies.swap(pending_copies);
      digests.swap(pending_digests);
      changed.swap(destinations_changed);
    }
    // Digests first: a copy is only recorded verified with the digest it was compared to.
    store.apply(record, copies, digests);
    for (auto destination : changed) {
      std::lock_guard lock(pending_mutex);
      store.set_destination(record, destination);
    }
  }

  std::optional<std::string> copy() {
    std::vector<PipelineFile> files;
    for (std::size_t i = 0; i < record.files.size(); ++i) {
      PipelineFile file;
      file.index = i;
      file.relative = record.files[i].file.relative_path;
      file.source = record.source / file.relative;
      file.card = record.files[i].file;
      for (std::size_t d = 0; d < record.destinations.size(); ++d) {
        const auto state = record.copies[i][d].state;
        if (state == CopyState::pending || state == CopyState::copying ||
            state == CopyState::failed) {
          file.write_to.push_back(d);
        } else if (state == CopyState::copied) {
          file.verify_only.push_back(d);
        }
      }
      if (!record.files[i].digests.empty()) {
        file.known = record.files[i].digests;
      }
      // A batch's later rounds copy only what arrived since: the rest is verified already.
      if (open &&
          (refused_files.contains(i) || (file.write_to.empty() && file.verify_only.empty()))) {
        continue;
      }
      files.push_back(std::move(file));
    }
    std::vector<PipelineDestination> destinations;
    for (const auto& destination : record.destinations) {
      destinations.push_back({destination.card_folder, destination.state == "failed"});
    }
    PipelineCallbacks callbacks{
        [this](std::size_t file, const hashing::Digests& digests) { on_digests(file, digests); },
        [this](std::size_t file, std::size_t destination, CopyState state,
               const std::string& reason) { on_copy_state(file, destination, state, reason); },
        [this](std::size_t destination, const std::string& reason) {
          on_destination_failed(destination, reason);
        },
        [this](std::size_t destination) { on_sync_refused(destination); },
        [this](std::size_t file, const std::string& reason) { on_card_changed(file, reason); },
        env.before_read_back};
    CopyPipeline copier(std::move(files), std::move(destinations), record.hashes, record.verify,
                        env.source_files, std::move(callbacks), cancelled,
                        {env.read_attempts, env.read_backoff});
    {
      std::lock_guard lock(pipeline_mutex);
      pipeline = &copier;
    }

    // Batches go to the catalogue, and progress to tablets, a few times a second.
    std::mutex monitor_mutex;
    std::condition_variable monitor_wake;
    bool done = false;
    std::thread monitor([&] {
      std::unique_lock lock(monitor_mutex);
      auto previous = copier.progress();
      auto previous_time = std::chrono::steady_clock::now();
      while (!monitor_wake.wait_for(lock, env.progress_interval, [&] { return done; })) {
        flush();
        auto now = copier.progress();
        const auto time = std::chrono::steady_clock::now();
        const double seconds = std::chrono::duration<double>(time - previous_time).count();
        for (std::size_t d = 0; d < now.destinations.size(); ++d) {
          const auto moved =
              now.destinations[d].bytes_written - previous.destinations[d].bytes_written;
          const double instant = seconds > 0 ? static_cast<double>(moved) / seconds : 0;
          // Smoothed, so the ETA on a tablet does not jump with every block.
          now.destinations[d].bytes_per_second =
              0.7 * previous.destinations[d].bytes_per_second + 0.3 * instant;
        }
        bool moved = now.bytes_read != previous.bytes_read;
        for (std::size_t d = 0; d < now.destinations.size(); ++d) {
          moved = moved ||
                  now.destinations[d].bytes_written != previous.destinations[d].bytes_written ||
                  now.destinations[d].bytes_verified != previous.destinations[d].bytes_verified;
        }
        if (moved) {
          store.progress(record, plus(earlier_rounds, now));
        }
        {
          std::lock_guard progress_lock(pipeline_mutex);
          last_progress = plus(earlier_rounds, now);
        }
        previous = now;
        previous_time = time;
      }
    });
    auto stopped = copier.run();
    {
      std::lock_guard lock(monitor_mutex);
      done = true;
    }
    monitor_wake.notify_all();
    monitor.join();
    {
      std::lock_guard lock(pipeline_mutex);
      last_progress = plus(earlier_rounds, copier.progress());
      earlier_rounds = last_progress;
      pipeline = nullptr;
    }
    if (open) {
      add(record.stages, copier.stage_times());
    } else {
      record.stages = copier.stage_times();
    }
    flush();
    return stopped;
  }

  // ---- a batch's feed ----

  bool has_work() const {
    for (std::size_t i = 0; i < record.files.size(); ++i) {
      if (refused_files.contains(i)) {
        continue;
      }
      for (const auto& copy : record.copies[i]) {
        if (copy.state != CopyState::verified &&
            !(copy.state == CopyState::copied && record.verify == VerifyMode::none)) {
          return true;
        }
      }
    }
    return false;
  }

  enum class Feed { more, closed, cancelled };

  // Waits for more files, the close, or a cancel. A close wins over a cancel that came after it
  // (a shutdown closes its batches first): what the batch holds is sealed, not left interrupted.
  Feed wait_for_files() {
    std::unique_lock lock(feed_mutex);
    feed_changed.wait(lock, [&] { return fed || closed || cancelled; });
    if (closed) {
      accepting = false;
      fed = false;
      return Feed::closed;
    }
    if (cancelled) {
      accepting = false;
      return Feed::cancelled;
    }
    fed = false;
    return Feed::more;
  }

  void stop_accepting() {
    std::lock_guard lock(feed_mutex);
    accepting = false;
  }

  // Records the files that arrived in the batch's folder since it last looked, each as an offload
  // that resumes records a file found on the card. False when the folder cannot be read.
  bool take_new_files() {
    std::vector<CardFile> now;
    try {
      now = scan_card(record.source);
    } catch (const std::system_error& error) {
      store.stop(record.id, state::interrupted,
                 std::string("cannot read the batch's folder: ") + error.what());
      return false;
    }
    const auto changes = compare_card(recorded_files(), now);
    if (changes.added.empty()) {
      return true;
    }
    const auto first = record.files.size();
    for (const auto& file : changes.added) {
      record.files.push_back({0, file, {}});
      record.copies.emplace_back(record.destinations.size());
      // As for a card: an identical file already there counts, a different one is never
      // overwritten. Here it fails that one file, not the batch the earlier files are in.
      std::vector<std::string> problems;
      try {
        problems = match_existing(record.files, record.files.size() - 1);
      } catch (const std::system_error& error) {
        problems.push_back(error.what());
      }
      if (!problems.empty()) {
        refused_files.insert(record.files.size() - 1);
        for (auto& copy : record.copies.back()) {
          if (copy.state != CopyState::verified) {
            copy = {CopyState::failed, join(problems, "; ")};
          }
        }
      }
    }
    store.add_files(record, first);
    return true;
  }

  // ---- sealing and the verdict ----

  void seal(std::vector<std::string>& reasons) {
    const auto started = parse_utc(record.started_at);
    for (std::size_t d = 0; d < record.destinations.size(); ++d) {
      auto& destination = record.destinations[d];
      // Failed, or sealed by an earlier run that stopped before its verdict.
      if (destination.state == "failed" ||
          (destination.state == "done" && !destination.manifest.empty())) {
        continue;
      }
      std::vector<std::string> unverified;
      for (std::size_t i = 0; i < record.files.size(); ++i) {
        if (record.copies[i][d].state != CopyState::verified) {
          // A file that changed on the card has its own reason in the verdict: named only here.
          const auto& reason = record.copies[i][d].reason;
          unverified.push_back(
              core::printable_name(record.files[i].file.relative_path) +
              (reason.empty() || changed_files.contains(i) ? "" : " (" + reason + ")"));
        }
      }
      if (record.verify == VerifyMode::none) {
        destination.state = "done";
        store.set_destination(record, d);
        continue;
      }
      if (!unverified.empty()) {
        destination.state = "failed";
        destination.reason =
            std::to_string(unverified.size()) + " file(s) not verified: " + join(unverified, ", ");
        store.set_destination(record, d);
        continue;
      }
      mhl::GenerationInput input;
      input.folder = destination.card_folder;
      input.started = started;
      input.process = "transfer";
      input.tool_version = env.tool_version;
      input.hostname = env.hostname;
      for (const auto& file : record.files) {
        if (mhl::is_ignored(file.file.relative_path)) {
          continue;
        }
        // ASC MHL is XML, UTF-8: a name that is not is recorded in its printable form, which
        // `slate verify` reads back to the bytes.
        input.files.push_back({core::printable_name(file.file.relative_path), file.file.size,
                               std::chrono::system_clock::time_point(
                                   std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       std::chrono::nanoseconds(file.file.mtime_ns))),
                               file.digests});
      }
      try {
        // A card with no files still gets its folder, and a history saying it was empty.
        std::filesystem::create_directories(destination.card_folder);
        const auto mhl_started = std::chrono::steady_clock::now();
        const auto result = mhl::write_generation(input);
        record.stages.mhl +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - mhl_started).count();
        destination.manifest = result.manifest.string();
        destination.state = "done";
        if (!result.failed.empty()) {
          reasons.push_back(
              std::to_string(result.failed.size()) +
              " file(s) differ from the card's own ASC MHL history: " + join(result.failed, ", "));
        }
      } catch (const std::exception& error) {
        destination.state = "failed";
        destination.reason = std::string("cannot write the ASC MHL: ") + error.what();
      }
      store.set_destination(record, d);
    }
  }

  void conclude(std::vector<std::string> reasons) {
    int done = 0;
    for (const auto& destination : record.destinations) {
      if (destination.state == "done") {
        ++done;
      } else {
        reasons.push_back(destination.root.string() + ": " + destination.reason);
      }
    }
    if (record.verify == VerifyMode::none) {
      reasons.insert(reasons.begin(), "copied without verification (verify mode none)");
    }
    if (done < record.min_destinations) {
      reasons.push_back(std::to_string(done) + " verified destination(s); at least " +
                        std::to_string(record.min_destinations) + " required");
    }
    store.finish(record, reasons.empty(), join(reasons, "; "));
  }
};

OffloadJob::OffloadJob(JobEnvironment environment, std::int64_t id, bool open)
    : id_(id), impl_(std::make_unique<Impl>(std::move(environment), open)) {}

OffloadJob::~OffloadJob() = default;

void OffloadJob::cancel(bool for_shutdown) {
  impl_->for_shutdown = impl_->for_shutdown || for_shutdown;
  std::lock_guard lock(impl_->feed_mutex);
  impl_->cancelled = true;
  // A shutdown also ends a batch: waiting for more, with all it holds verified, it is sealed.
  impl_->closed = impl_->closed || for_shutdown;
  impl_->feed_changed.notify_all();
}

bool OffloadJob::feed() {
  std::lock_guard lock(impl_->feed_mutex);
  if (!impl_->accepting) {
    return false;
  }
  impl_->fed = true;
  impl_->feed_changed.notify_all();
  return true;
}

void OffloadJob::close() {
  std::lock_guard lock(impl_->feed_mutex);
  impl_->closed = true;
  impl_->feed_changed.notify_all();
}

Progress OffloadJob::progress() const {
  std::lock_guard lock(impl_->pipeline_mutex);
  return impl_->last_progress;
}

void OffloadJob::run() {
  auto& self = *impl_;
  // However the job ends, a batch takes no more files: its caller offloads them otherwise.
  struct Closing {
    Impl& job;
    ~Closing() { job.stop_accepting(); }
  } closing{self};
  try {
    self.record = self.store.load(id_, true);
    const auto& current = self.record.state;
    // Before copying began nothing was written: start over. After, continue where it stopped.
    if (current == state::queued || current == state::preflight) {
      if (!self.prepare_new()) {
        return;
      }
    } else if (current == state::interrupted || current == state::copying ||
               current == state::sealing) {
      log::notice("offload " + std::to_string(id_) + " of " +
                  core::printable_name(self.record.source.string()) + " resumes (it was " +
                  current + ")");
      if (!self.prepare_resume()) {
        return;
      }
    } else {
      return;
    }
    auto stopped = self.copy();
    // A batch: each arrival is copied and verified as it comes; the ASC MHL waits for the close.
    while (self.open && !stopped) {
      const auto feed = self.wait_for_files();
      if (feed == Impl::Feed::cancelled) {
        stopped = "cancelled";
        break;
      }
      if (!self.take_new_files()) {
        return;
      }
      if (self.has_work()) {
        stopped = self.copy();
      }
      if (feed == Impl::Feed::closed) {
        break;
      }
    }
    if (stopped) {
      if (*stopped != "cancelled") {
        self.store.stop(id_, state::interrupted, *stopped + "; insert the card again and resume");
      } else if (self.for_shutdown) {
        self.store.stop(id_, state::interrupted,
                        "slated was stopped; the offload resumes when it starts again");
      } else {
        self.store.stop(id_, state::cancelled, "cancelled; what was verified stays verified");
      }
      return;
    }
    // What changed on the card while it was read is not the card's file: its copies go aside, so
    // that a new offload of the card copies it again, and the verdict says why it is not safe.
    if (!self.check_card()) {
      return;
    }
    self.flush();
    for (auto file : self.changed_files) {
      for (std::size_t d = 0; d < self.record.destinations.size(); ++d) {
        self.supersede(file, d);
      }
    }
    self.store.set_state(id_, state::sealing, "");
    std::vector<std::string> reasons;
    self.seal(reasons);
    // The verdict's last step: the card, once more, as it is now.
    if (!self.check_card()) {
      return;
    }
    self.flush();
    core::crash_point("offload.before_verdict");
    reasons.insert(reasons.begin(), self.card_changes.begin(), self.card_changes.end());
    self.conclude(std::move(reasons));
  } catch (const std::exception& error) {
    self.store.stop(id_, state::interrupted, std::string("offload failed: ") + error.what());
  }
}

}  // namespace slate::offload
