#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include <slate/app/version.hpp>
#include <slate/cli/cli.hpp>
#include <slate/client/http_client.hpp>

namespace slate::cli {
namespace {

struct Options {
  std::string server = "http://127.0.0.1:8080";
  bool json = false;
};

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

/// One GET against slated, reporting trouble the way every command does.
int get_json(const Options& options, const std::string& target, nlohmann::json& out) {
  client::ServerUrl server;
  try {
    server = client::ServerUrl::parse(options.server);
  } catch (const std::invalid_argument& error) {
    std::cerr << "slate: --server " << options.server << ": " << error.what() << "\n";
    return kUsage;
  }
  client::HttpResponse response;
  try {
    response = client::send_request(server, "GET", target);
  } catch (const client::UnreachableError& error) {
    std::cerr << "slated is not running at " << server.text << ": " << lower_first(error.what())
              << "\n";
    return kUnreachable;
  }
  out = nlohmann::json::parse(response.body, nullptr, false);
  if (out.is_discarded()) {
    std::cerr << "slate: " << server.text << target << " did not answer JSON (HTTP "
              << response.status << "); is that slated?\n";
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
  if (const int code = get_json(options, "/api/v1/status", status); code != kSuccess) {
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

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"slate: drive the Slate appliance (slated) from the command line", "slate"};
  app.set_version_flag("--version", std::string("slate ") + kVersion);
  app.require_subcommand(1);
  Options options;
  app.add_option("--server", options.server, "URL of slated")
      ->envname("SLATE_SERVER")
      ->capture_default_str();

  auto* status_command = app.add_subcommand("status", "Show whether slated runs, and how");
  status_command->add_flag("--json", options.json, "Print the raw JSON payload");

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
  return kUsage;
}

}  // namespace slate::cli
