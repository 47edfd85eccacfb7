#pragma once
// The commands of `slate`, each in a file of its own, and what they share.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <slate/cli/cli.hpp>
#include <slate/client/http_client.hpp>
#include <slate/hashing/hash.hpp>

namespace slate::cli {

struct Options {
  std::string server = "http://127.0.0.1:8080";
  std::string token_file;  ///< Empty: $SLATE_TOKEN_FILE, ./var/admin.token, /var/lib/slate/...
  bool json = false;
};

/// One request to slated, with the admin token on anything but GET. Prints the trouble the way
/// every command does and returns its exit code; kSuccess with the answer's JSON in `out`.
int call(const Options& options, const std::string& method, const std::string& target,
         const nlohmann::json* body, nlohmann::json& out);

/// One request to slated whatever its answer: kSuccess once an answer came, in `response`.
int exchange(const Options& options, const std::string& method, const std::string& target,
             const std::string& body, client::HttpResponse& response);

/// The same with a body of any kind (a CSV file). `what` names the body for people when slated
/// finds it too large ("the shot list").
int call_with_body(const Options& options, const std::string& method, const std::string& target,
                   const std::string& body, nlohmann::json& out,
                   const std::string& what = "the request");

struct OffloadOptions {
  std::string source;
  std::vector<std::string> destinations;
  std::string hashes;
  std::string verify;
  std::string roll;
  std::string path_template;
  bool again = false;
  bool stages = false;  ///< Print where the time went once it ends.
};

int status(const Options& options);
int offload(const Options& options, const OffloadOptions& offload);
int verify(const std::string& folder);
int cards(const Options& options);
/// slate project [--name N] [--fps R] [--cameras A,B]: shows the project, changed first if asked.
int project(const Options& options, const std::string& name, const std::string& fps,
            const std::string& cameras);
/// slate day [new [--date D] [--unit U] | set ID]: the shooting days, a new one, or which is
/// current.
int day(const Options& options, const std::string& action, const std::string& date,
        const std::string& unit, std::int64_t id);
/// slate day mark KIND [--at T] [--day ID] [--clear]: the script supervisor's times of a day.
struct DayMarkOptions {
  std::string kind;      ///< call, lunch, lunch-end or wrap
  std::string at;        ///< HH:MM[:SS] local on the day's date, or an ISO instant; empty: now
  std::int64_t day = 0;  ///< 0: the current day
  bool clear = false;
};
int day_mark(const Options& options, const DayMarkOptions& mark);
/// "call 07:00  lunch 12:30": a day's marks (a day's JSON) in local time, for listings.
std::string day_marks_text(const nlohmann::json& day);
/// Prints a PIN a tablet pairs with, for a role.
int pair(const Options& options, const std::string& role);
int devices(const Options& options);
int revoke(const Options& options, const std::string& id);
/// slate timecode [jam HH:MM:SS:FF | jam --clip ID --take ID]: the box's clock, jammed first if
/// asked.
int timecode(const Options& options, const std::string& jam, std::int64_t clip, std::int64_t take);
/// The day's takes (the current day when 0): scene/setup/take, marks, timecodes, clips.
int takes(const Options& options, int day);
int import_shot_list(const Options& options, const std::string& file, bool dry_run);

/// What `slate export` hands editorial, and from which days.
struct ExportOptions {
  std::string kind;  ///< "ale" or "csv"
  std::vector<std::int64_t> days;
  std::string roll;
  bool circled = false;
  bool no_unmatched = false;
  std::string video_format;
  std::string output;  ///< A file, "-" for stdout; empty: its own name in this folder.
};
/// slate export ale|csv: the day's ALE or editor's log, written to a file.
int export_log(const Options& options, const ExportOptions& exported);
/// What `slate report` makes.
struct ReportOptions {
  std::int64_t offload = 0;  ///< slate report offload ID
  std::int64_t day = 0;      ///< slate report day [--day ID]; 0: the current day
  std::string kind;          ///< "editors-log" or "progress"
  std::string output;        ///< A file, "-" for stdout; empty: its own name in this folder.
};
/// slate report offload ID | day --kind K: a PDF report, written to a file.
int report(const Options& options, const ReportOptions& asked);
/// slate check [--day ID]: what is missing from a day before wrap.
int check(const Options& options, std::int64_t day);
/// Local, no daemon: what MediaInfo reads of each file (timecode, rate, codec…).
int probe(const std::vector<std::string>& files, bool json);
/// Local, no daemon: the tablet proxy of one clip, as slated makes it.
int proxy(const std::string& source, const std::string& output, int width, int height);
/// Lists the cameras; with a camera id, offloads every file on it not taken before.
int cameras(const Options& options, const std::string& offload_camera);
int hash(const std::vector<std::string>& files, const std::string& algorithms);

/// "1.2 GB", "340 MB".
std::string human_bytes(double bytes);

}  // namespace slate::cli
