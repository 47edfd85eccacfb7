#pragma once
/// At wrap, the finished day's ALE, CSV editor's log and PDF reports go onto every destination,
/// beside the day's card folders (`<destination>/<date>/_slate/`), so that they travel with the
/// shuttle drive. What waits for a drive that is absent is kept in the catalogue and written when
/// it comes back.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/report_data.hpp>

namespace slate::exports {

struct DeliveryOptions {
  /// The configured destinations (drive folders); the day's offloads add the ones they used.
  std::vector<std::filesystem::path> destinations;
  /// The configured path template, for a destination no offload of the day wrote to.
  std::string path_template = "{date}/{roll}";
  /// How often a drive that was absent is looked for again.
  std::chrono::milliseconds retry_every = std::chrono::seconds(10);
  /// A thread of its own delivers wrapped days and retries absent drives; without it (tests)
  /// nothing happens but what deliver() and deliver_pending() are asked for.
  bool background = true;
  /// The local time of day ([project] wrap_at) the current day's deliverables also go out at, for
  /// a production that never starts a day by hand; none: only when another day is made current.
  std::optional<std::chrono::minutes> wrap_at;
  /// The day's Editor's Log and Daily Progress Report go with the ALE and CSV, made so; none:
  /// only the ALE and CSV.
  std::optional<ReportSettings> reports;
};

/// The folder a day's deliverables go in: the template's folders above the card's own (the first
/// part naming {roll}, {camera} or {label}), with `_slate` in it. Of a card folder the template
/// made, the same folder found by going up as many levels as the template has from that part on.
std::filesystem::path deliverables_folder(const std::filesystem::path& card_folder,
                                          const std::string& path_template);
/// The same for a destination no card of the day went to: the template's leading folders
/// expanded with the project's name and the day's date.
std::filesystem::path deliverables_folder(const std::filesystem::path& root,
                                          const std::string& path_template,
                                          const std::string& project, const std::string& date);

class WrapDelivery {
 public:
  /// Starts the thread that writes deliveries (unless options.background is false); it first
  /// finishes what an earlier run left pending.
  WrapDelivery(catalogue::Catalogue& catalogue, DeliveryOptions options);
  ~WrapDelivery();
  WrapDelivery(const WrapDelivery&) = delete;
  WrapDelivery& operator=(const WrapDelivery&) = delete;

  /// The current day is now `day_id` (a day started, or another made current): the day that was
  /// current until now is wrapped, and its deliverables go out. Cheap; called from the catalogue's
  /// observer.
  void current_day_is(std::int64_t day_id);
  /// The script supervisor marked the day's wrap: its deliverables go out now (it stays current).
  /// Cheap; called from the catalogue's observer.
  void wrapped(std::int64_t day_id);

  /// Queues a day's deliverables for every destination, and writes those whose drive is there.
  /// Returns how many folders were written. (The thread does this for a wrapped day.)
  int deliver(std::int64_t day_id);
  /// Writes what is pending onto the drives that are there now; returns how many folders.
  int deliver_pending();
  /// At wrap_at, once per local date: delivers the current day (which stays current). Whether it
  /// was due. (The thread asks this at every pass.)
  bool wrap_if_due(std::chrono::system_clock::time_point now);

 private:
  void run();

  catalogue::Catalogue& catalogue_;
  DeliveryOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::int64_t> current_;
  std::vector<std::int64_t> wrapped_;
  std::string wrapped_on_;  ///< The local date wrap_at last delivered on.
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace slate::exports
