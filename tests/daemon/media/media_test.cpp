// Media on real clips made by the project's own tool (tests/tools/make_media_card.py, GStreamer):
// the probe reads back the timecode, rate and length they were made with; thumbnails are real
// pictures; proxies are H.264 4:2:0 MP4s with their index first and the burn-in on them; bad files
// are recorded failures; jobs survive a restart and can be cancelled.
#include <gtest/gtest.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <slate/media/media_service.hpp>
#include <slate/media/preview.hpp>
#include <slate/media/probe.hpp>
#include <slate/offload/offload_service.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::media {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

// A card of real clips; returns the tool's description of what it made.
json make_media_card(const fs::path& out, std::vector<std::string> options) {
  std::vector<std::string> argv = {
      "/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/make_media_card.py",
      out.string(), "--json"};
  argv.insert(argv.end(), options.begin(), options.end());
  const auto made = run_command(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return json::parse(made.out, nullptr, false);
}

// Decodes one frame (or a JPEG) to packed RGB with ffmpeg, scaled to width x height.
std::string rgb_frame(const fs::path& file, int frame, int width, int height) {
  const auto decoded =
      run_command({"/usr/bin/ffmpeg", "-loglevel", "error", "-i", file.string(), "-vf",
                   "select=eq(n\\," + std::to_string(frame) + "),scale=" + std::to_string(width) +
                       ":" + std::to_string(height),
                   "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
  EXPECT_EQ(decoded.exit_code, 0) << decoded.err;
  return decoded.out;
}

// Mean absolute difference of two RGB pictures inside a rectangle.
double difference(const std::string& a, const std::string& b, int width, int x0, int y0, int x1,
                  int y1) {
  double total = 0;
  int count = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      for (int c = 0; c < 3; ++c) {
        const auto i = static_cast<std::size_t>((y * width + x) * 3 + c);
        total += std::abs(static_cast<unsigned char>(a[i]) - static_cast<unsigned char>(b[i]));
        ++count;
      }
    }
  }
  return total / count;
}

// The top-level boxes of an MP4, in order: "ftyp", "moov", "mdat"…
std::vector<std::string> mp4_boxes(const fs::path& file) {
  const auto bytes = read_file(file);
  std::vector<std::string> boxes;
  for (std::size_t at = 0; at + 8 <= bytes.size();) {
    std::uint64_t size = 0;
    for (int i = 0; i < 4; ++i) {
      size = size << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    }
    boxes.push_back(bytes.substr(at + 4, 4));
    if (size < 8) {
      break;
    }
    at += size;
  }
  return boxes;
}

TEST(Probe, EveryRateReadsBackTheTimecodeRateAndLengthItWasMadeWith) {
  struct Case {
    const char* rate;
    const char* start;
    core::FrameRate expected;
  };
  const std::vector<Case> cases = {
      {"23.976", "10:00:00:00", core::FrameRate::fps23_976},
      {"24", "23:59:59:20", core::FrameRate::fps24},
      {"25", "01:02:03:04", core::FrameRate::fps25},
      {"29.97", "00:59:59:28", core::FrameRate::fps29_97},
      {"29.97df", "00:59:59;28", core::FrameRate::fps29_97},
      {"30", "12:00:00:00", core::FrameRate::fps30},
      {"48", "08:30:00:40", core::FrameRate::fps48},
      {"50", "15:00:00:49", core::FrameRate::fps50},
      {"59.94", "06:00:00:00", core::FrameRate::fps59_94},
      {"59.94df", "00:00:59;56", core::FrameRate::fps59_94},
      {"60", "18:00:00:00", core::FrameRate::fps60},
  };
  TempDir dir;
  for (const auto& each : cases) {
    SCOPED_TRACE(each.rate);
    const auto card = dir / each.rate;
    const auto made =
        make_media_card(card, {"--rate", each.rate, "--start-tc", each.start, "--frames", "12",
                               "--size", "320x180", "--clips", "1"});
    ASSERT_TRUE(made.is_object());
    const auto& clip = made["clips"][0];
    const auto file = card / clip["path"].get<std::string>();
    const auto probe = probe_file(file);
    ASSERT_TRUE(probe.rate);
    EXPECT_EQ(*probe.rate, each.expected);
    EXPECT_EQ(probe.frame_rate, core::exact(each.expected));
    EXPECT_EQ(probe.frames, 12);
    ASSERT_TRUE(probe.start);
    EXPECT_EQ(probe.start->to_string(), clip["start_tc"].get<std::string>());
    EXPECT_EQ(probe.start->to_string(), each.start);
    ASSERT_TRUE(probe.end);
    EXPECT_EQ(probe.end->to_string(), clip["end_tc"].get<std::string>());
    EXPECT_EQ(probe.video_codec, "ProRes");
    EXPECT_EQ(probe.width, 320);
    EXPECT_EQ(probe.height, 180);
    EXPECT_EQ(probe.audio_channels, 2);
    EXPECT_EQ(probe.audio_sample_rate, 48000);
    EXPECT_TRUE(probe.previewable);
    // The mediainfo command line says the same.
    const auto cli =
        run_command({"/usr/bin/mediainfo", "--Inform=Other;%TimeCode_FirstFrame%", file.string()});
    EXPECT_EQ(cli.out.substr(0, cli.out.find('\n')), each.start);
  }
}

TEST(Probe, BadFilesAreRefusedSayingWhy) {
  TempDir dir;
  const auto made = make_media_card(dir / "card", {"--frames", "24", "--size", "320x180"});
  const auto good = dir / "card" / made["clips"][0]["path"].get<std::string>();
  const auto bytes = read_file(good);
  write_file(dir / "truncated.mov", bytes.substr(0, 2000));
  write_file(dir / "empty.mov", "");
  write_file(dir / "notes.mov", "Scene 12, take 3: boom in shot.\n");
  for (const auto* name : {"truncated.mov", "empty.mov", "notes.mov", "missing.mov"}) {
    SCOPED_TRACE(name);
    try {
      probe_file(dir / name);
      ADD_FAILURE() << "probed";
    } catch (const ProbeError& error) {
      EXPECT_NE(std::string(error.what()).find(name), std::string::npos) << error.what();
    }
  }
  // A still is media without a timecode, and not previewed as video.
  const auto jpeg =
      run_command({"/usr/bin/ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                   "testsrc=size=320x240", "-frames:v", "1", (dir / "IMG_0001.JPG").string()});
  ASSERT_EQ(jpeg.exit_code, 0) << jpeg.err;
  const auto still = probe_file(dir / "IMG_0001.JPG");
  EXPECT_EQ(still.video_codec, "JPEG");
  EXPECT_EQ(still.width, 320);
  EXPECT_FALSE(still.start);
  EXPECT_FALSE(still.previewable);
  EXPECT_TRUE(is_raw_format("A001_C001_0613XY_001.R3D"));
  EXPECT_TRUE(is_raw_format("clip.braw"));
  EXPECT_FALSE(is_raw_format("clip.mov"));
}

TEST(Preview, ThumbnailsAreJpegsOfTheAskedWidthShowingThePicture) {
  TempDir dir;
  const auto made = make_media_card(dir / "card", {"--frames", "48", "--size", "640x360"});
  const auto clip = dir / "card" / made["clips"][0]["path"].get<std::string>();
  make_thumbnails(clip, 2.0, {{320, dir / "t320.jpg"}, {160, dir / "t160.jpg"}});
  for (const auto& [name, width, height] : std::vector<std::tuple<const char*, int, int>>{
           {"t320.jpg", 320, 180}, {"t160.jpg", 160, 90}}) {
    SCOPED_TRACE(name);
    const auto jpeg = read_file(dir / name);
    ASSERT_GT(jpeg.size(), 4u);
    EXPECT_EQ(jpeg.substr(0, 2), std::string("\xff\xd8"));
    const auto size = run_command({"/usr/bin/ffprobe", "-v", "error", "-show_entries",
                                   "stream=width,height", "-of", "csv=p=0", (dir / name).string()});
    EXPECT_EQ(size.out, std::to_string(width) + "," + std::to_string(height) + "\n");
    // Not black: the test pattern's colours are there.
    const auto rgb = rgb_frame(dir / name, 0, width, height);
    ASSERT_EQ(rgb.size(), static_cast<std::size_t>(width * height * 3));
    const std::string black(rgb.size(), '\0');
    EXPECT_GT(difference(rgb, black, width, 0, 0, width, height), 40.0);
  }
  EXPECT_FALSE(fs::exists(dir / "t320.jpg.part"));
}

TEST(Preview, AStripIsTheFirstMiddleAndLastFrame) {
  TempDir dir;
  // The test pattern moves: each of the three frames differs from the others.
  const auto made = make_media_card(dir / "card", {"--frames", "48", "--size", "640x360"});
  const auto clip = dir / "card" / made["clips"][0]["path"].get<std::string>();
  const std::array<fs::path, 3> strip = {dir / "s1.jpg", dir / "s2.jpg", dir / "s3.jpg"};
  EXPECT_EQ(make_strip(clip, 48 * 1001 / 24000.0, 24000.0 / 1001, 192, strip), 3);
  std::vector<std::string> frames;
  for (const auto& frame : strip) {
    const auto size = run_command({"/usr/bin/ffprobe", "-v", "error", "-show_entries",
                                   "stream=width,height", "-of", "csv=p=0", frame.string()});
    EXPECT_EQ(size.out, "192,108\n") << frame;
    frames.push_back(rgb_frame(frame, 0, 192, 108));
  }
  // The first frame is the clip's first (the one ffmpeg decodes first), the last its last.
  const auto first = rgb_frame(clip, 0, 192, 108);
  const auto last = rgb_frame(clip, 47, 192, 108);
  EXPECT_LT(difference(frames[0], first, 192, 0, 0, 192, 108),
            difference(frames[0], last, 192, 0, 0, 192, 108));
  EXPECT_LT(difference(frames[2], last, 192, 0, 0, 192, 108),
            difference(frames[2], first, 192, 0, 0, 192, 108));
  EXPECT_GT(difference(frames[1], frames[0], 192, 0, 0, 192, 108), 1.0);
}

TEST(Preview, ProxiesAreH264In420WithTheIndexFirstAndTheBurnIn) {
  TempDir dir;
  const auto made = make_media_card(
      dir / "card", {"--frames", "48", "--size", "1280x720", "--start-tc", "10:00:00:00"});
  const auto clip = dir / "card" / made["clips"][0]["path"].get<std::string>();
  ProxyOptions plain;
  plain.width = 640;
  plain.height = 360;
  make_proxy(clip, dir / "plain.mp4", plain);
  ProxyOptions burnt = plain;
  burnt.burn_in = "A001C001 sc 12 tk 3";
  burnt.start = core::Timecode::parse("10:00:00:00", core::FrameRate::fps23_976);
  make_proxy(clip, dir / "proxy.mp4", burnt);

  const auto probe = probe_file(dir / "proxy.mp4");
  EXPECT_EQ(probe.container, "MPEG-4");
  EXPECT_EQ(probe.video_codec, "AVC");
  EXPECT_EQ(probe.chroma_subsampling, "4:2:0");
  EXPECT_EQ(probe.bit_depth, 8);
  EXPECT_EQ(probe.video_profile.substr(0, 4), "Main");
  EXPECT_EQ(probe.width, 640);
  EXPECT_EQ(probe.height, 360);
  EXPECT_LE(std::abs(probe.frames - 48), 1);
  EXPECT_EQ(probe.audio_channels, 2);
  const auto boxes = mp4_boxes(dir / "proxy.mp4");
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov, mdat) << "the index is not at the front (faststart)";

  // The burn-in: the corners with the text differ from the same frame without it; the middle of
  // the picture does not.
  const auto with = rgb_frame(dir / "proxy.mp4", 12, 640, 360);
  const auto without = rgb_frame(dir / "plain.mp4", 12, 640, 360);
  ASSERT_EQ(with.size(), without.size());
  const double middle = difference(with, without, 640, 200, 120, 440, 240);
  const double top = difference(with, without, 640, 0, 0, 320, 40);
  const double bottom = difference(with, without, 640, 440, 320, 640, 360);
  std::cout << "burn-in difference: top " << top << ", bottom " << bottom << ", middle " << middle
            << "\n";
  EXPECT_LT(middle, 3.0);
  EXPECT_GT(top, 3 * middle + 3) << "no clip name at the top";
  EXPECT_GT(bottom, 3 * middle + 3) << "no timecode at the bottom";
}

// What bench/media compares with ffmpeg: from a camera's 1080p 10-bit 4:2:2 ProRes, a 960x540
// 8-bit 4:2:0 H.264 Main proxy at 2500 kb/s with a keyframe every 48 frames, AAC audio, the burn-in
// on it, and the picture itself unchanged in colour and framing by the conversion.
TEST(Preview, AProxyOfTenBitProResKeepsWhatTheBenchmarkComparesWithFfmpeg) {
  TempDir dir;
  const auto made = make_media_card(dir / "card", {"--clips", "1", "--frames", "100", "--size",
                                                   "1920x1080", "--start-tc", "10:00:00:00"});
  const auto clip = dir / "card" / made["clips"][0]["path"].get<std::string>();
  const auto source =
      run_command({"/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                   "stream=pix_fmt", "-of", "csv=p=0", clip.string()});
  ASSERT_EQ(source.out, "yuv422p10le\n");
  ProxyOptions options;  // the defaults slated uses: 960x540
  options.burn_in = "A001C001";
  options.start = core::Timecode::parse("10:00:00:00", core::FrameRate::fps23_976);
  ASSERT_EQ(make_proxy(clip, dir / "proxy.mp4", options), ProxyOutcome::made);

  const auto probe = probe_file(dir / "proxy.mp4");
  EXPECT_EQ(probe.video_codec, "AVC");
  EXPECT_EQ(probe.video_profile.substr(0, 4), "Main");
  EXPECT_EQ(probe.chroma_subsampling, "4:2:0");
  EXPECT_EQ(probe.bit_depth, 8);
  EXPECT_EQ(probe.width, 960);
  EXPECT_EQ(probe.height, 540);
  EXPECT_EQ(probe.frames, 100);
  const auto streams = run_command({"/usr/bin/ffprobe", "-v", "error", "-show_entries",
                                    "stream=codec_name,pix_fmt,profile,bit_rate", "-of", "csv=p=0",
                                    (dir / "proxy.mp4").string()});
  EXPECT_NE(streams.out.find("h264,Main,yuv420p,"), std::string::npos) << streams.out;
  EXPECT_NE(streams.out.find("aac,LC,"), std::string::npos) << streams.out;
  // A keyframe every 48 frames, and no others: frames 0, 48 and 96 of 100.
  const auto frames =
      run_command({"/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                   "frame=key_frame", "-of", "csv=p=0", (dir / "proxy.mp4").string()});
  std::vector<int> keyframes;
  int index = 0;
  std::istringstream lines(frames.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      continue;  // ffprobe's line for a frame's side data
    }
    if (line[0] == '1') {
      keyframes.push_back(index);
    }
    ++index;
  }
  EXPECT_EQ(index, 100);
  EXPECT_EQ(keyframes, (std::vector<int>{0, 48, 96}));
  EXPECT_EQ(mp4_boxes(dir / "proxy.mp4").at(1), "moov") << "the index is not at the front";

  // The picture: the middle of a frame matches ffmpeg's own scaling of the source (colours,
  // levels and framing survive the conversion); the corners carry the name and the timecode.
  const auto proxy = rgb_frame(dir / "proxy.mp4", 50, 960, 540);
  // The camera's file carries no colour tags: GStreamer takes HD as BT.709 and tags the proxy so;
  // ffmpeg decodes the source as BT.709 too here, to compare like with like.
  const auto reference =
      run_command({"/usr/bin/ffmpeg", "-loglevel", "error", "-i", clip.string(), "-vf",
                   "select=eq(n\\,50),scale=960:540:in_color_matrix=bt709", "-frames:v", "1", "-f",
                   "rawvideo", "-pix_fmt", "rgb24", "-"})
          .out;
  ASSERT_EQ(proxy.size(), reference.size());
  const double middle = difference(proxy, reference, 960, 240, 135, 720, 405);
  const double top = difference(proxy, reference, 960, 0, 0, 300, 40);
  const double bottom = difference(proxy, reference, 960, 720, 500, 960, 540);
  std::cout << "against ffmpeg's scaling: middle " << middle << ", top " << top << ", bottom "
            << bottom << "\n";
  EXPECT_LT(middle, 2.0);
  EXPECT_GT(top, middle + 10) << "no clip name at the top";
  EXPECT_GT(bottom, middle + 10) << "no timecode at the bottom";
}

// The media jobs of offloads: the real offload engine copies a card of real clips, then the
// service probes, thumbnails and proxies them.
class MediaJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    offload::JobEnvironment environment;
    environment.catalogue = catalogue_.get();
    environment.tool_version = "test";
    environment.hostname = "test";
    environment.free_space_margin = 0;
    offloads_ = std::make_unique<offload::OffloadService>(environment);
  }
  std::unique_ptr<MediaService> media() {
    MediaOptions options;
    options.data_dir = dir_.path();
    options.proxy_width = 320;
    options.proxy_height = 180;
    return std::make_unique<MediaService>(*catalogue_, options);
  }
  std::int64_t offload(const fs::path& card) {
    offload::OffloadRequest request;
    request.source = card;
    request.destinations = {{dir_ / "raid", "raid"}, {dir_ / "shuttle", "shuttle"}};
    request.path_template = "{roll}";
    const auto id = offloads_->start(request, "test");
    offloads_->wait_idle();
    EXPECT_EQ(offloads_->store().load(id, false).verdict, "safe");
    return id;
  }
  std::string job_state(MediaService& media, std::int64_t clip, const std::string& kind) {
    for (const auto& job : media.jobs(100)) {
      if (job.clip == clip && to_string(job.kind) == kind) {
        return to_string(job.state);
      }
    }
    return "";
  }

  TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<offload::OffloadService> offloads_;
};

TEST_F(MediaJobs, EveryVerifiedClipIsProbedThumbnailedAndProxiedAndBadOnesFailWithAReason) {
  make_media_card(dir_ / "card", {"--clips", "2", "--frames", "24", "--size", "320x180", "--rate",
                                  "25", "--start-tc", "14:00:00:00"});
  // Three bad clips beside the good ones, named as the camera would.
  const auto reel = dir_ / "card" / fs::directory_iterator(dir_ / "card")->path().filename();
  const auto good = read_file(reel / "A001C001_261127_R9VY.mov");
  write_file(reel / "A001C003_261127_R9VY.mov", good.substr(0, good.size() / 3));
  write_file(reel / "A001C004_261127_R9VY.mov", "");
  write_file(reel / "A001C005_261127_R9VY.mov", "not a movie\n");
  const auto id = offload(dir_ / "card");
  auto service = media();
  service->start();
  service->offload_finished(id);
  service->wait_idle();

  const auto clips = service->clips(id);
  ASSERT_EQ(clips.size(), 5u);
  EXPECT_EQ(clips[0].start_tc, "14:00:00:00");
  EXPECT_EQ(clips[0].rate, "25");
  EXPECT_EQ(json::parse(clips[0].probe)["frames"], 24);
  EXPECT_EQ(clips[1].start_tc, "14:00:10:14");  // 24 frames + the tool's 240-frame gap
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NE(clips[i].media_path.find("/raid/"), std::string::npos)
        << "probed on the card, not the first verified copy";
    EXPECT_EQ(clips[i].jobs.at("thumbnail"), "done");
    EXPECT_EQ(clips[i].jobs.at("proxy"), "done");
    const auto clip_id = clips[i].id;
    EXPECT_TRUE(service->preview(clip_id, "thumbnail-640.jpg"));
    EXPECT_TRUE(service->preview(clip_id, "proxy.mp4"));
    // The offload report's strip: the first, middle and last frame.
    for (const char* frame : {"strip-1.jpg", "strip-2.jpg", "strip-3.jpg"}) {
      EXPECT_TRUE(fs::exists(dir_ / "previews" / std::to_string(clip_id) / frame)) << frame;
    }
  }
  for (std::size_t i = 2; i < 5; ++i) {
    SCOPED_TRACE(clips[i].name);
    EXPECT_EQ(clips[i].jobs.at("probe"), "failed");
    EXPECT_EQ(clips[i].jobs.count("thumbnail"), 0u);
  }
  bool reasons = true;
  for (const auto& job : service->jobs(100)) {
    if (job.state == JobState::failed) {
      reasons = reasons && job.reason.find(".mov") != std::string::npos;
    }
  }
  EXPECT_TRUE(reasons);
  // Events for each step.
  auto reader = catalogue_->reader();
  auto kinds = reader->db().prepare(
      "SELECT kind, count(*) FROM events WHERE kind LIKE 'media.%' GROUP BY kind ORDER BY kind");
  std::map<std::string, std::int64_t> counts;
  while (kinds.step()) {
    counts[kinds.column_text(0)] = kinds.column_int(1);
  }
  EXPECT_EQ(counts["media.probed"], 2);
  EXPECT_EQ(counts["media.failed"], 3);
  EXPECT_EQ(counts["media.thumbnail_ready"], 2);
  EXPECT_EQ(counts["media.proxy_ready"], 2);
  // Once, when the last probe or thumbnail of the card ended, before any proxy was ready.
  EXPECT_EQ(counts["media.previews_ready"], 1);
  auto order = reader->db().prepare(
      "SELECT (SELECT min(sequence) FROM events WHERE kind = 'media.proxy_ready') > (SELECT "
      "sequence FROM "
      "events WHERE kind = 'media.previews_ready'), (SELECT max(sequence) FROM events WHERE kind = "
      "'media.thumbnail_ready') < (SELECT sequence FROM events WHERE kind = "
      "'media.previews_ready')");
  ASSERT_TRUE(order.step());
  EXPECT_EQ(order.column_int(0), 1);
  EXPECT_EQ(order.column_int(1), 1);
}

TEST_F(MediaJobs, AStillGetsItsThumbnailAndNoProxy) {
  fs::create_directories(dir_ / "stills" / "DCIM" / "100TEST");
  const auto made =
      run_command({"/usr/bin/gst-launch-1.0", "-q", "videotestsrc", "num-buffers=1", "!",
                   "video/x-raw,width=600,height=400", "!", "jpegenc", "!", "filesink",
                   "location=" + (dir_ / "stills" / "DCIM" / "100TEST" / "IMG_0001.JPG").string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto id = offload(dir_ / "stills");
  auto service = media();
  service->start();
  service->offload_finished(id);
  service->wait_idle();
  const auto clips = service->clips(id);
  ASSERT_EQ(clips.size(), 1u);
  EXPECT_EQ(clips[0].jobs.at("probe"), "done");
  EXPECT_EQ(clips[0].jobs.at("thumbnail"), "done");
  EXPECT_EQ(clips[0].jobs.count("proxy"), 0u);
  EXPECT_TRUE(service->preview(clips[0].id, "thumbnail-320.jpg"));
}

TEST_F(MediaJobs, AProxyStoppedByARestartIsMadeAtTheNextStartAndACancelledOneStops) {
  make_media_card(dir_ / "card",
                  {"--clips", "2", "--frames", "720", "--size", "1920x1080", "--codec", "h264"});
  const auto id = offload(dir_ / "card");
  auto service = media();
  service->start();
  service->offload_finished(id);
  const auto clips = [&] { return service->clips(id); };
  // Wait for the first proxy to be under way, then stop the service as a shutdown would.
  std::int64_t first = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto list = clips();
    if (list.size() == 2 && job_state(*service, list[0].id, "proxy") == "running") {
      first = list[0].id;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(first, 0);
  service->stop();
  EXPECT_EQ(job_state(*service, first, "proxy"), "queued");
  EXPECT_FALSE(service->preview(first, "proxy.mp4"));

  // Started again: the proxy is made. The second clip's proxy is cancelled once running.
  service = media();
  service->start();
  const auto second = clips()[1].id;
  std::int64_t second_job = 0;
  for (int i = 0; i < 3000 && second_job == 0; ++i) {
    for (const auto& job : service->jobs(100)) {
      if (job.clip == second && job.kind == JobKind::proxy && job.state == JobState::running) {
        second_job = job.id;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(second_job, 0);
  EXPECT_TRUE(service->cancel(second_job));
  service->wait_idle();
  EXPECT_EQ(job_state(*service, first, "proxy"), "done");
  EXPECT_TRUE(service->preview(first, "proxy.mp4"));
  EXPECT_EQ(job_state(*service, second, "proxy"), "cancelled");
  EXPECT_FALSE(service->preview(second, "proxy.mp4"));
  EXPECT_FALSE(fs::exists(dir_ / "previews" / std::to_string(second) / "proxy.mp4.part"));
  EXPECT_FALSE(service->cancel(second_job)) << "a cancelled job cannot be cancelled again";
}

}  // namespace
}  // namespace slate::media
