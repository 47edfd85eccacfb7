#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <slate/app/version.hpp>
#include <slate/client/http_client.hpp>

#include "commands.hpp"

namespace slate::cli {
namespace {

std::string lower_first(std::string text) {
  if (!text.empty()) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string human_duration(std::int64_t seconds) {
  const auto days = seconds / 86400;
  const auto hours = seconds / 3600 % 24;
  const auto minutes = seconds / 60 % 60;
  std::string text;
  if (days) {
    text += std::to_string(days) + " d ";
  }
  if (days || hours) {
    text += std::to_string(hours) + " h ";
  }
  text += std::to_string(minutes) + " min " + std::to_string(seconds % 60) + " s";
  return text;
}

// The admin token: where the operator said, else where slated keeps it.
std::string read_token(const Options& options) {
  std::vector<std::string> candidates;
  if (!options.token_file.empty()) {
    candidates.push_back(options.token_file);
  } else {
    if (const char* env = std::getenv("SLATE_TOKEN_FILE")) {
      candidates.push_back(env);
    }
    candidates.push_back("var/admin.token");
    candidates.push_back("/var/lib/slate/admin.token");
  }
  for (const auto& file : candidates) {
    std::ifstream in(file);
    std::string token;
    if (in >> token) {
      return token;
    }
  }
  return {};
}

}  // namespace

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

int call(const Options& options, const std::string& method, const std::string& target,
         const nlohmann::json* body, nlohmann::json& out) {
  return call_with_body(options, method, target, body ? body->dump() : std::string(), out);
}

int exchange(const Options& options, const std::string& method, const std::string& target,
             const std::string& body, client::HttpResponse& response) {
  client::ServerUrl server;
  try {
    server = client::ServerUrl::parse(options.server);
  } catch (const std::invalid_argument& error) {
    std::cerr << "slate: --server " << options.server << ": " << error.what() << "\n";
    return kUsage;
  }
  std::vector<std::pair<std::string, std::string>> headers;
  // Everything but the status needs the admin token, reads included.
  if (target != "/api/v1/status") {
    const auto token = read_token(options);
    if (token.empty()) {
      std::cerr << "slate: no admin token: pass --token-file (slated keeps it as admin.token in "
                   "its data dir)\n";
      return kUsage;
    }
    headers.emplace_back("Authorization", "Bearer " + token);
  }
  try {
    response = client::send_request(server, method, target, body, headers);
  } catch (const client::UnreachableError& error) {
    std::cerr << "slated is not running at " << server.text << ": " << lower_first(error.what())
              << "\n";
    return kUnreachable;
  }
  return kSuccess;
}

int call_with_body(const Options& options, const std::string& method, const std::string& target,
                   const std::string& body, nlohmann::json& out, const std::string& what) {
  client::HttpResponse response;
  if (const int code = exchange(options, method, target, body, response); code != kSuccess) {
    return code;
  }
  const auto server = client::ServerUrl::parse(options.server);
  out = nlohmann::json::parse(response.body, nullptr, false);
  if (out.is_discarded()) {
    std::cerr << "slate: " << server.text << target << " did not answer JSON (HTTP "
              << response.status << "); is that slated?\n";
    return kFailed;
  }
  if (response.status == 422 && out.contains("errors")) {
    return kFailed;  // the command prints the errors, each on its own line
  }
  if (response.status == 413 && out.contains("/error/max_bytes"_json_pointer)) {
    std::cerr << "slate: " << what << " is too large: " << body.size()
              << " bytes, slated takes at most " << out["/error/max_bytes"_json_pointer]
              << " (server.max_body_bytes)\n";
    return kFailed;
  }
  if (response.status >= 400) {
    std::cerr << "slate: " << out.value("/error/message"_json_pointer, std::string("error"))
              << " (HTTP " << response.status << ")\n";
    return kFailed;
  }
  return kSuccess;
}

int status(const Options& options) {
  nlohmann::json status;
  if (const int code = call(options, "GET", "/api/v1/status", nullptr, status); code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << status.dump(2) << "\n";
    return kSuccess;
  }
  std::cout << "slated " << status.value("version", "?") << " at " << options.server << "\n"
            << "  up " << human_duration(status.value("uptime_seconds", std::int64_t{0}))
            << ", pid " << status.value("pid", 0) << "\n"
            << "  data dir " << status.value("data_dir", "?") << " (catalogue schema "
            << status.value("schema_version", 0) << ")\n"
            << "  appliance " << status.value("appliance_id", "?") << "\n"
            << "  events " << status.value("latest_event", std::int64_t{0}) << "\n";
  return kSuccess;
}

int run(int argc, char** argv) {
  CLI::App app{"slate: drive the Slate appliance (slated) from the command line", "slate"};
  app.set_version_flag("--version", std::string("slate ") + kVersion);
  app.require_subcommand(1);
  Options options;
  app.add_option("--server", options.server, "URL of slated")
      ->envname("SLATE_SERVER")
      ->capture_default_str();
  app.add_option("--token-file", options.token_file,
                 "Admin token file (default: $SLATE_TOKEN_FILE, ./var/admin.token, "
                 "/var/lib/slate/admin.token)");

  auto* status_command = app.add_subcommand("status", "Show whether slated runs, and how");
  status_command->add_flag("--json", options.json, "Print the raw JSON payload");

  OffloadOptions offload_options;
  auto* offload_command = app.add_subcommand(
      "offload", "Copy a card to destinations, verify every copy, and say if it is safe to format");
  offload_command->add_option("SOURCE", offload_options.source, "The card's folder")->required();
  offload_command->add_option("--to", offload_options.destinations,
                              "A destination: a configured name or a folder (repeat for more)");
  offload_command->add_option("--hash", offload_options.hashes,
                              "Checksums, e.g. xxh64 or xxh64,md5 (xxh3 xxh128 md5 sha1 c4)");
  offload_command->add_option("--verify", offload_options.verify, "full, source or none");
  offload_command->add_option("--roll", offload_options.roll, "The roll, e.g. A001");
  offload_command->add_option("--template", offload_options.path_template,
                              "Folder under each destination, e.g. {date}/{roll}");
  offload_command->add_flag("--again", offload_options.again,
                            "Copy even if this card was offloaded before");
  offload_command->add_flag("--stages", offload_options.stages,
                            "Print where the time went: read, hash, write, sync, read-back, MHL");
  offload_command->add_flag("--json", options.json, "Print the final offload as JSON");

  auto* cards_command = app.add_subcommand(
      "cards", "List the camera cards present: layout, roll, and whether each is safe to format");
  cards_command->add_flag("--json", options.json, "Print the raw JSON payload");

  std::string offload_camera;
  auto* cameras_command =
      app.add_subcommand("cameras", "List tethered cameras and what each has handed over");
  cameras_command->add_flag("--json", options.json, "Print the raw JSON payload");
  cameras_command->add_option("--offload", offload_camera,
                              "Offload every file on this camera (its id) not taken before");

  auto* project_command =
      app.add_subcommand("project", "Show the current project and shooting day");
  project_command->add_flag("--json", options.json, "Print the raw JSON payload");
  std::string project_name, project_fps, project_cameras;
  project_command->add_option("--name", project_name, "Rename the project");
  project_command->add_option("--fps", project_fps,
                              "Its timecode rate (23.976, 24, 25, 29.97…; only before any take)");
  project_command->add_option("--cameras", project_cameras, "Its cameras: A,B,C");

  std::string day_date, day_unit;
  std::int64_t day_id = 0;
  auto* day_command =
      app.add_subcommand("day", "List the shooting days (* is current), start one, or pick one");
  day_command->add_flag("--json", options.json, "Print the raw JSON payload");
  auto* day_new = day_command->add_subcommand("new", "Start a new shooting day, now current");
  day_new->add_option("--date", day_date, "YYYY-MM-DD (default: today)");
  day_new->add_option("--unit", day_unit, "main, second or splinter (default: main)");
  auto* day_set = day_command->add_subcommand("set", "Make another day the current one");
  day_set->add_option("ID", day_id, "The day's id (slate day)")->required();
  DayMarkOptions day_mark_options;
  auto* day_mark_command = day_command->add_subcommand(
      "mark", "Mark the day's call, lunch, back from lunch (lunch-end) or wrap: now, or --at");
  day_mark_command->add_option("KIND", day_mark_options.kind, "call, lunch, lunch-end or wrap")
      ->required()
      ->check(CLI::IsMember({"call", "lunch", "lunch-end", "wrap"}));
  auto* day_mark_at = day_mark_command->add_option(
      "--at", day_mark_options.at,
      "HH:MM[:SS] in local time on the day's date (before call: past midnight), or an ISO "
      "instant (default: now)");
  day_mark_command->add_flag("--json", options.json, "Print the raw JSON payload");
  day_mark_command->add_option("--day", day_mark_options.day,
                               "The day's id (default: the current day)");
  day_mark_command->add_flag("--clear", day_mark_options.clear, "Clear the mark instead")
      ->excludes(day_mark_at);

  std::string pair_role;
  auto* pair_command =
      app.add_subcommand("pair", "Print a PIN (valid 5 minutes, used once) to pair a tablet with");
  pair_command->add_option("--role", pair_role, "dit, script, director, camera or viewer")
      ->required();
  auto* devices_command = app.add_subcommand("devices", "List paired tablets");
  devices_command->add_flag("--json", options.json, "Print the raw JSON payload");
  std::string revoke_id;
  auto* revoke_command = app.add_subcommand("revoke", "End a tablet's pairing at once");
  revoke_command->add_option("ID", revoke_id, "The device's id (slate devices)")->required();

  std::string jam_timecode;
  std::int64_t jam_clip = 0, jam_take = 0;
  auto* timecode_command = app.add_subcommand(
      "timecode", "Show the box's timecode clock: its source, state, last jam and drift");
  timecode_command->add_flag("--json", options.json, "Print the raw JSON payload");
  auto* jam_command = timecode_command->add_subcommand(
      "jam", "Jam the clock: to a timecode now (read off the sync box), or from a clip");
  jam_command->add_option("TIMECODE", jam_timecode, "What the clock reads now: HH:MM:SS:FF");
  jam_command->add_option("--clip", jam_clip, "Jam so that a take's roll reads this clip's start");
  jam_command->add_option("--take", jam_take, "The take the clip belongs to (with --clip)");

  int takes_day = 0;
  auto* takes_command = app.add_subcommand("takes", "List a shooting day's takes");
  takes_command->add_option("--day", takes_day, "The day's id (default: the current day)");
  takes_command->add_flag("--json", options.json, "Print the raw JSON payload");

  ExportOptions export_options;
  auto* export_command = app.add_subcommand(
      "export", "Write a day's ALE (for Avid/Resolve) or editor's log CSV (for spreadsheets)");
  export_command->add_option("KIND", export_options.kind, "ale or csv")
      ->required()
      ->check(CLI::IsMember({"ale", "csv"}));
  export_command->add_option("--day", export_options.days,
                             "A day's id (repeat for more; default: the current day)");
  export_command->add_option("--roll", export_options.roll, "Only this card's clips, e.g. A001");
  export_command->add_flag("--circled", export_options.circled, "Only circled takes");
  export_command->add_flag("--no-unmatched", export_options.no_unmatched,
                           "Leave out clips on no take");
  export_command->add_option("--video-format", export_options.video_format,
                             "VIDEO_FORMAT as the Avid project has it: 1080, 720, PAL, NTSC, "
                             "CUSTOM (default: from the clips)");
  export_command->add_option("-o,--output", export_options.output,
                             "The file to write, - for stdout (default: its own name, here)");

  ReportOptions report_options;
  auto* report_command = app.add_subcommand("report", "Write a PDF report");
  report_command->require_subcommand(1);
  auto* report_offload = report_command->add_subcommand(
      "offload", "A card's offload report: verdict, destinations, every clip and checksum");
  report_offload->add_option("ID", report_options.offload, "The offload's id (slate offloads)")
      ->required()
      ->check(CLI::PositiveNumber);
  report_offload->add_option("-o,--output", report_options.output,
                             "The file to write, - for stdout (default: its own name, here)");
  auto* report_day =
      report_command->add_subcommand("day", "A day's Editor's Log or Daily Progress Report");
  report_day->add_option("--day", report_options.day, "The day's id (default: the current day)");
  report_day->add_option("--kind", report_options.kind, "editors-log or progress")
      ->required()
      ->check(CLI::IsMember({"editors-log", "progress"}));
  report_day->add_option("-o,--output", report_options.output,
                         "The file to write, - for stdout (default: its own name, here)");

  std::int64_t check_day = 0;
  auto* check_command = app.add_subcommand(
      "check", "The wrap check: what is missing from a day (exit 1 when something is)");
  check_command->add_option("--day", check_day, "The day's id (default: the current day)");
  check_command->add_flag("--json", options.json, "Print the raw JSON payload");

  std::string shot_list_file;
  bool dry_run = false;
  auto* shotlist_command = app.add_subcommand("shotlist", "The shot list: scenes and setups");
  auto* import_command = shotlist_command->add_subcommand(
      "import",
      "Import a shot list CSV (schemas/shotlist.md); all or nothing, merged by scene+setup");
  import_command->add_option("FILE", shot_list_file, "The CSV file")->required();
  import_command->add_flag("--dry-run", dry_run, "Say what would change, change nothing");
  shotlist_command->require_subcommand(1);

  std::string verify_folder;
  auto* verify_command = app.add_subcommand(
      "verify", "Re-hash a folder against its ASC MHL history (no daemon needed)");
  verify_command->add_option("PATH", verify_folder, "A folder with an ascmhl/ history")->required();

  std::vector<std::string> probe_files;
  auto* probe_command = app.add_subcommand(
      "probe", "Show a clip's timecode, rate, length, codec and camera (no daemon needed)");
  probe_command->add_option("FILE", probe_files, "Clips to probe")->required();
  probe_command->add_flag("--json", options.json, "Print JSON");

  std::string proxy_source, proxy_output;
  int proxy_width = 960, proxy_height = 540;
  auto* proxy_command = app.add_subcommand(
      "proxy", "Make a clip's tablet proxy, as slated does: H.264 4:2:0 + AAC MP4 with burn-in");
  proxy_command->add_option("SOURCE", proxy_source, "The clip")->required();
  proxy_command->add_option("OUTPUT", proxy_output, "The MP4 to write")->required();
  proxy_command->add_option("--width", proxy_width, "Width in pixels")->capture_default_str();
  proxy_command->add_option("--height", proxy_height, "Height in pixels")->capture_default_str();

  std::vector<std::string> hash_files;
  std::string hash_algorithms = "xxh64";
  auto* hash_command =
      app.add_subcommand("hash", "Print the checksums of files (no daemon needed)");
  hash_command->add_option("FILE", hash_files, "Files to hash")->required();
  hash_command
      ->add_option("--algo", hash_algorithms,
                   "xxh64, xxh3, xxh128, md5, sha1 or c4; several with commas")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kUsage;
  }
  if (status_command->parsed()) {
    return status(options);
  }
  if (offload_command->parsed()) {
    return offload(options, offload_options);
  }
  if (project_command->parsed()) {
    return project(options, project_name, project_fps, project_cameras);
  }
  if (day_mark_command->parsed()) {
    return day_mark(options, day_mark_options);
  }
  if (day_command->parsed()) {
    return day(options,
               day_new->parsed()   ? "new"
               : day_set->parsed() ? "set"
                                   : "",
               day_date, day_unit, day_id);
  }
  if (pair_command->parsed()) {
    return pair(options, pair_role);
  }
  if (devices_command->parsed()) {
    return devices(options);
  }
  if (revoke_command->parsed()) {
    return revoke(options, revoke_id);
  }
  if (timecode_command->parsed()) {
    if (jam_command->parsed() && jam_timecode.empty() == (jam_clip == 0)) {
      std::cerr << "slate timecode jam: give a timecode (HH:MM:SS:FF) or --clip ID --take ID\n";
      return kUsage;
    }
    return timecode(options, jam_command->parsed() ? jam_timecode : "", jam_clip, jam_take);
  }
  if (takes_command->parsed()) {
    return takes(options, takes_day);
  }
  if (export_command->parsed()) {
    return export_log(options, export_options);
  }
  if (report_command->parsed()) {
    return report(options, report_options);
  }
  if (check_command->parsed()) {
    return check(options, check_day);
  }
  if (import_command->parsed()) {
    return import_shot_list(options, shot_list_file, dry_run);
  }
  if (cards_command->parsed()) {
    return cards(options);
  }
  if (cameras_command->parsed()) {
    return cameras(options, offload_camera);
  }
  if (verify_command->parsed()) {
    return verify(verify_folder);
  }
  if (probe_command->parsed()) {
    return probe(probe_files, options.json);
  }
  if (proxy_command->parsed()) {
    return proxy(proxy_source, proxy_output, proxy_width, proxy_height);
  }
  if (hash_command->parsed()) {
    return hash(hash_files, hash_algorithms);
  }
  return kUsage;
}

}  // namespace slate::cli
