// The mount helper's request line: what slated (or anything else on its socket) may ask, and the
// clear refusal of everything else.
#include <gtest/gtest.h>

#include <slate/cardmount/protocol.hpp>

namespace slate::cardmount {
namespace {

TEST(MountProtocol, TheThreeRequestsAreParsed) {
  auto parsed = parse_request("mount /dev/loop3");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->verb, Verb::mount);
  EXPECT_EQ(parsed.request->argument, "/dev/loop3");
  parsed = parse_request("unmount /run/slate/cards/A001 (2)");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->verb, Verb::unmount);
  EXPECT_EQ(parsed.request->argument, "/run/slate/cards/A001 (2)");  // spaces belong to the path
  parsed = parse_request("probe /dev/disk/by-label/A001\r");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->verb, Verb::probe);
  EXPECT_EQ(parsed.request->argument, "/dev/disk/by-label/A001");
}

TEST(MountProtocol, AnythingElseIsRefusedWithTheReason) {
  EXPECT_EQ(parse_request("format /dev/sdb1").error,
            "unknown request \"format\": the helper takes \"mount DEVICE\", \"unmount "
            "MOUNT_POINT\" or \"probe DEVICE\"");
  EXPECT_EQ(parse_request("mount").error, "mount needs a path, such as \"mount /dev/sdb1\"");
  EXPECT_EQ(parse_request("unmount ").error,
            "unmount needs a path, such as \"unmount /run/slate/cards/A001\"");
  EXPECT_EQ(parse_request("mount sdb1").error, "the path \"sdb1\" is not absolute");
  EXPECT_EQ(parse_request("mount /dev/sdb1\t-o rw").error,
            "the path \"/dev/sdb1?-o rw\" holds a control character");
  EXPECT_EQ(parse_request("MOUNT /dev/sdb1").request, std::nullopt);
  EXPECT_EQ(parse_request("").request, std::nullopt);
  EXPECT_EQ(parse_request("mount /" + std::string(kMaxRequestBytes, 'a')).error,
            "the request is longer than 4096 bytes");
}

TEST(MountProtocol, RepliesReadBackAsTheyWereSent) {
  Reply mounted;
  mounted.ok = true;
  mounted.volume = {"/run/slate/cards/A001", "exfat", "A001", "EF0F-DD33"};
  EXPECT_EQ(format_reply(mounted), "ok\t/run/slate/cards/A001\texfat\tA001\tEF0F-DD33\n");
  const auto back = parse_reply(format_reply(mounted));
  EXPECT_TRUE(back.ok);
  EXPECT_EQ(back.volume.mount_point, "/run/slate/cards/A001");
  EXPECT_EQ(back.volume.file_system, "exfat");
  EXPECT_EQ(back.volume.label, "A001");
  EXPECT_EQ(back.volume.uuid, "EF0F-DD33");

  EXPECT_EQ(format_reply(Reply{true, {}, {}, {}}), "ok\n");
  EXPECT_TRUE(parse_reply("ok").ok);

  Reply refused;
  refused.error = "/dev/loop3 holds xfs, which Slate does not take as a camera card";
  refused.file_system = "xfs";
  const auto error = parse_reply(format_reply(refused));
  EXPECT_FALSE(error.ok);
  EXPECT_EQ(error.error, refused.error);
  EXPECT_EQ(error.file_system, "xfs");

  // A label cannot break the line apart.
  mounted.volume.label = "A\t001\n";
  EXPECT_EQ(format_reply(mounted), "ok\t/run/slate/cards/A001\texfat\tA 001 \tEF0F-DD33\n");
  EXPECT_EQ(parse_reply("okay then").error,
            "the mount helper answered \"okay then\", which is not a reply");
}

}  // namespace
}  // namespace slate::cardmount
