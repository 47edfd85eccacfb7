// Where an offload may write: the folders themselves, judged as the file system resolves them.
#include <gtest/gtest.h>

#include <slate/offload/path_policy.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::offload {
namespace {

namespace fs = std::filesystem;

const ProtectedFolders kBox{"/var/lib/slate", "/usr/share/slate/ui"};

std::optional<RefusalKind> kind_of(const fs::path& destination, const fs::path& source = {},
                                   const ProtectedFolders& folders = kBox) {
  const auto refusal = judge_resolved_destination(destination, folders, source);
  return refusal ? std::optional(refusal->kind) : std::nullopt;
}

TEST(PathPolicy, DrivesAndRemovableMediaAreDestinations) {
  EXPECT_EQ(kind_of("/mnt/raid"), std::nullopt);
  EXPECT_EQ(kind_of("/media/shuttle"), std::nullopt);
  EXPECT_EQ(kind_of("/run/media/dit/SHUTTLE"), std::nullopt);
  EXPECT_EQ(kind_of("/srv/raid/"), std::nullopt);
  // A name that only starts like a system folder is not one.
  EXPECT_EQ(kind_of("/etcetera"), std::nullopt);
  EXPECT_EQ(kind_of("/usr2/raid"), std::nullopt);
  // Below the data dir, outside slated's own folders in it (the demo's destinations are there).
  EXPECT_EQ(kind_of("/var/lib/slate/destinations/raid"), std::nullopt);
}

TEST(PathPolicy, TheRootAndSystemTreesAreRefused) {
  EXPECT_EQ(kind_of("/"), RefusalKind::file_system_root);
  for (const char* tree : {"/etc", "/usr", "/boot", "/proc", "/sys", "/dev", "/run", "/bin"}) {
    SCOPED_TRACE(tree);
    EXPECT_EQ(kind_of(tree), RefusalKind::system_tree);
    EXPECT_EQ(kind_of(fs::path(tree) / "x"), RefusalKind::system_tree);
  }
  EXPECT_EQ(kind_of("/etc/"), RefusalKind::system_tree);
  EXPECT_EQ(kind_of("/run/user/1000"), RefusalKind::system_tree);
  EXPECT_EQ(kind_of("/dev/shm/x"), RefusalKind::system_tree);
  EXPECT_EQ(judge_resolved_destination("/etc", kBox)->sentence,
            "/etc is a system folder: an offload never writes there");
  EXPECT_EQ(judge_resolved_destination("/usr/local/raid", kBox)->sentence,
            "/usr/local/raid is inside /usr, a system folder: an offload never writes there");
  EXPECT_EQ(kind_of("raid"), RefusalKind::not_absolute);
}

TEST(PathPolicy, SlatedsOwnFoldersAreRefusedAroundAndWithin) {
  const ProtectedFolders folders{"/srv/slate/data", "/srv/slate/ui"};
  EXPECT_EQ(kind_of("/srv/slate/data", {}, folders), RefusalKind::data_dir);
  EXPECT_EQ(kind_of("/srv/slate", {}, folders), RefusalKind::ui_dir);
  EXPECT_EQ(kind_of("/srv", {}, folders), RefusalKind::ui_dir);
  EXPECT_EQ(kind_of("/srv/slate/data/tether/cam", {}, folders), RefusalKind::data_dir);
  EXPECT_EQ(kind_of("/srv/slate/data/previews", {}, folders), RefusalKind::data_dir);
  EXPECT_EQ(kind_of("/srv/slate/ui", {}, folders), RefusalKind::ui_dir);
  EXPECT_EQ(kind_of("/srv/slate/ui/shadow", {}, folders), RefusalKind::ui_dir);
  EXPECT_EQ(kind_of("/srv/slate/uix", {}, folders), std::nullopt);
  const auto sentence = judge_resolved_destination("/srv/slate/ui", folders)->sentence;
  EXPECT_NE(sentence.find("is the UI folder (/srv/slate/ui)"), std::string::npos) << sentence;
  EXPECT_NE(judge_resolved_destination("/srv/slate", {"/srv/slate", ""})
                ->sentence.find("is slated's data dir"),
            std::string::npos);
}

TEST(PathPolicy, NothingIsWrittenIntoTheCardItself) {
  EXPECT_EQ(kind_of("/media/A001", "/media/A001"), RefusalKind::inside_source);
  EXPECT_EQ(kind_of("/media/A001/backup", "/media/A001"), RefusalKind::inside_source);
  EXPECT_EQ(kind_of("/media/A0010", "/media/A001"), std::nullopt);
  EXPECT_EQ(kind_of("/mnt/raid", "/media/A001"), std::nullopt);
}

TEST(PathPolicy, ALinkIsJudgedByWhereItLeads) {
  testing::TempDir dir;
  fs::create_directories(dir / "raid");
  fs::create_symlink("/etc", dir / "to-etc");
  fs::create_symlink(dir / "ui", dir / "to-ui");
  fs::create_directories(dir / "ui");
  const ProtectedFolders folders{dir / "data", dir / "ui"};
  EXPECT_EQ(judge_destination(dir / "raid", folders), std::nullopt);
  const auto etc = judge_destination(dir / "to-etc", folders);
  ASSERT_TRUE(etc);
  EXPECT_EQ(etc->kind, RefusalKind::system_tree);
  EXPECT_EQ(etc->sentence, (dir / "to-etc").string() +
                               " (which leads to /etc) is a system folder: an offload never writes "
                               "there");
  // Through a link, and into a folder not made yet.
  const auto ui = judge_destination(dir / "to-ui" / "new", folders);
  ASSERT_TRUE(ui);
  EXPECT_EQ(ui->kind, RefusalKind::ui_dir);
  EXPECT_EQ(judge_destination(dir / "raid" / ".." / "ui", folders)->kind, RefusalKind::ui_dir);
  // The protected folders are resolved too: a link to the UI folder named as the UI folder.
  EXPECT_EQ(judge_destination(dir / "ui", {dir / "data", dir / "to-ui"})->kind,
            RefusalKind::ui_dir);
}

}  // namespace
}  // namespace slate::offload
