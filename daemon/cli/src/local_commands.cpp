// Commands that work on files directly, with no daemon: on the box, on a laptop, at the lab.
#include <filesystem>
#include <iostream>

#include <slate/core/file_name.hpp>
#include <slate/media/preview.hpp>
#include <slate/media/probe.hpp>
#include <slate/mhl/mhl.hpp>

#include "commands.hpp"

namespace slate::cli {

int verify(const std::string& folder) {
  mhl::VerifyReport report;
  try {
    report = mhl::verify_folder(folder);
  } catch (const std::exception& error) {
    std::cerr << "slate verify: " << error.what() << "\n";
    return kFailed;
  }
  for (const auto& path : report.missing) {
    std::cout << "missing: " << path << " (in the ASC MHL history, not on disk)\n";
  }
  for (const auto& change : report.changed) {
    std::cout << "changed: " << change.path << " (" << hashing::name(change.algorithm)
              << " expected " << change.expected << ", found " << change.actual;
    if (change.actual_size != change.expected_size) {
      std::cout << "; " << change.actual_size << " bytes, " << change.expected_size << " expected";
    }
    std::cout << ")\n";
  }
  for (const auto& path : report.added) {
    std::cout << "new: " << path << " (not in the ASC MHL history)\n";
  }
  if (report.ok()) {
    std::cout << "verified: all " << report.matched << " files match their ASC MHL history\n";
    return kSuccess;
  }
  std::cout << report.matched << " matched, " << report.missing.size() << " missing, "
            << report.changed.size() << " changed, " << report.added.size() << " new\n";
  return kFailed;
}

int hash(const std::vector<std::string>& files, const std::string& algorithms) {
  std::vector<hashing::Algorithm> chosen;
  try {
    chosen = hashing::parse_algorithm_list(algorithms);
  } catch (const std::invalid_argument& error) {
    std::cerr << "slate hash: " << error.what() << "\n";
    return kUsage;
  }
  int result = kSuccess;
  for (const auto& file : files) {
    try {
      const auto digests = hashing::hash_file(file, chosen);
      for (auto algorithm : chosen) {
        if (chosen.size() > 1) {
          std::cout << hashing::name(algorithm) << " ";
        }
        std::cout << digests.at(algorithm) << "  " << file << "\n";
      }
    } catch (const std::system_error& error) {
      std::cerr << "slate hash: " << error.what() << "\n";
      result = kFailed;
    }
  }
  return result;
}

int probe(const std::vector<std::string>& files, bool json) {
  int code = kSuccess;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& file : files) {
    try {
      const auto result = media::probe_file(file);
      if (json) {
        auto entry = nlohmann::json::parse(media::stored_probe(result));
        entry["file"] = core::printable_name(file);
        all.push_back(std::move(entry));
        continue;
      }
      std::cout << core::printable_name(file) << "\n  " << result.container;
      if (!result.video_codec.empty()) {
        std::cout << ", " << result.video_codec
                  << (result.video_profile.empty() ? "" : " " + result.video_profile) << " "
                  << result.width << "x" << result.height;
      }
      if (result.frame_rate) {
        std::cout << ", " << (result.rate ? core::to_string(*result.rate) : "?") << " fps ("
                  << result.frame_rate->numerator << "/" << result.frame_rate->denominator << ")";
      }
      std::cout << "\n  " << result.frames << " frames (" << result.duration_seconds << " s)";
      if (result.start) {
        std::cout << ", timecode " << result.start->to_string() << " to "
                  << (result.end ? result.end->to_string() : std::string("?"));
      }
      std::cout << "\n";
      if (result.audio_channels > 0) {
        std::cout << "  audio " << result.audio_channels << " ch, " << result.audio_sample_rate
                  << " Hz\n";
      }
      if (!result.camera_model.empty() || !result.reel.empty()) {
        std::cout << "  camera " << result.camera_make << " " << result.camera_model << " "
                  << result.camera_serial << ", reel " << result.reel << "\n";
      }
      if (!result.previewable) {
        std::cout << "  no preview: no decoder here for this format\n";
      }
    } catch (const media::ProbeError& error) {
      std::cerr << "slate probe: " << error.what() << "\n";
      code = kFailed;
    }
  }
  if (json) {
    std::cout << (files.size() == 1 && !all.empty() ? all[0] : all).dump(2) << "\n";
  }
  return code;
}

int proxy(const std::string& source, const std::string& output, int width, int height) {
  try {
    const auto probe = media::probe_file(source);
    media::ProxyOptions options;
    options.width = width;
    options.height = height;
    options.audio = probe.audio_channels > 0;
    options.start = probe.start;
    options.burn_in = core::printable_name(std::filesystem::path(source).stem().string());
    media::make_proxy(source, output, options);
  } catch (const std::exception& error) {
    std::cerr << "slate proxy: " << error.what() << "\n";
    return kFailed;
  }
  std::cout << output << "\n";
  return kSuccess;
}

}  // namespace slate::cli
