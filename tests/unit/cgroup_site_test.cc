// The cgroup site over folders laid out like /sys/fs/cgroup (this machine's own v2
// hierarchy offers no pids controller, so v2 is tested here on its layout).
#include "cgroup_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pids_cgroup.h"

namespace mpc {
namespace {

namespace fs = std::filesystem;

class CgroupSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mpconform-site-test-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }

  // A cgroup folder: its cgroup.procs, and the controller files given.
  std::string group(const std::string& rel, const std::string& controllers = "",
                    const std::string& subtree = "") {
    const std::string dir = root_ + "/" + rel;
    fs::create_directories(dir);
    std::ofstream(dir + "/cgroup.procs") << "";
    if (!controllers.empty()) std::ofstream(dir + "/cgroup.controllers") << controllers << "\n";
    if (!subtree.empty() || !controllers.empty()) std::ofstream(dir + "/cgroup.subtree_control") << subtree << "\n";
    return dir;
  }
  std::string mount_line(const std::string& mount_point, const std::string& type,
                         const std::string& options, const std::string& mount_root = "/") {
    return "30 25 0:26 " + mount_root + " " + mount_point + " rw,nosuid,nodev - " + type + " cgroup " +
           options + "\n";
  }

  std::string root_;
};

TEST_F(CgroupSiteTest, V2TakesTheNearestAncestorThatOffersPids) {
  group("unified", "cpu memory pids", "cpu memory pids");
  const std::string slice = group("unified/user.slice", "cpu memory pids", "cpu pids");
  group("unified/user.slice/session-3.scope");  // holds this process: no controllers of its own
  CgroupView view{"0::/user.slice/session-3.scope\n", mount_line(root_ + "/unified", "cgroup2", "rw,nsdelegate")};
  CgroupSite site = find_cgroup_site(view);
  ASSERT_EQ(site.kind, CgroupSite::Kind::kV2) << ::testing::PrintToString(site.tried);
  EXPECT_EQ(site.parent, slice);
  EXPECT_TRUE(site.cpu);
  EXPECT_EQ(site.describe(), "cgroup v2");
  ASSERT_EQ(site.tried.size(), 1u);
  EXPECT_NE(site.tried[0].find("session-3.scope: no pids controller"), std::string::npos);
}

TEST_F(CgroupSiteTest, V2WithoutPidsFallsBackToV1) {
  group("unified", "hugetlb", "");  // this machine's own layout
  const std::string pids = group("pids");
  const std::string cpu = group("cpu");
  CgroupView view{"8:pids:/\n1:cpu:/\n0::/\n",
                  mount_line(root_ + "/unified", "cgroup2", "rw") + mount_line(root_ + "/pids", "cgroup", "rw,pids") +
                      mount_line(root_ + "/cpu", "cgroup", "rw,cpu")};
  CgroupSite site = find_cgroup_site(view);
  ASSERT_EQ(site.kind, CgroupSite::Kind::kV1);
  EXPECT_EQ(site.parent, pids);
  EXPECT_EQ(site.cpu_parent, cpu);
  ASSERT_FALSE(site.tried.empty());
  EXPECT_NE(site.tried[0].find("no pids controller"), std::string::npos);
}

TEST_F(CgroupSiteTest, MountRootIsTakenOffTheOwnPath) {
  // A container without a cgroup namespace: the mount shows /docker/abc as its root.
  const std::string own = group("pids/x");
  CgroupView view{"8:pids:/docker/abc/x\n", mount_line(root_ + "/pids", "cgroup", "rw,pids", "/docker/abc")};
  CgroupSite site = find_cgroup_site(view);
  ASSERT_EQ(site.kind, CgroupSite::Kind::kV1);
  EXPECT_EQ(site.parent, own);
}

TEST_F(CgroupSiteTest, ShadowedHierarchyIsNotUsable) {
  // A tmpfs over /sys/fs/cgroup: mountinfo still lists the hierarchies beneath it,
  // but their folders are not there to be seen.
  CgroupView view{"8:pids:/\n0::/\n", mount_line(root_ + "/hidden/unified", "cgroup2", "rw") +
                                          mount_line(root_ + "/hidden/pids", "cgroup", "rw,pids")};
  CgroupSite site = find_cgroup_site(view);
  EXPECT_FALSE(site.usable());
  EXPECT_EQ(site.describe(), "none");
  EXPECT_FALSE(site.tried.empty());
}

TEST_F(CgroupSiteTest, UnwritableSubtreeIsPassedOverForAUser) {
  if (geteuid() == 0) GTEST_SKIP() << "root may write any folder; run as a user (.ci/run does)";
  group("unified", "cpu pids", "cpu pids");
  const std::string slice = group("unified/user.slice", "pids", "pids");
  group("unified/user.slice/session-3.scope");
  fs::permissions(slice, fs::perms::owner_write, fs::perm_options::remove);
  CgroupView view{"0::/user.slice/session-3.scope\n", mount_line(root_ + "/unified", "cgroup2", "rw")};
  CgroupSite site = find_cgroup_site(view);
  fs::permissions(slice, fs::perms::owner_write, fs::perm_options::add);
  // The top is writable in this layout (the user made it), so the walk ends there.
  ASSERT_EQ(site.kind, CgroupSite::Kind::kV2);
  EXPECT_EQ(site.parent, root_ + "/unified");
  EXPECT_NE(::testing::PrintToString(site.tried).find("user.slice: not writable"), std::string::npos);
}

TEST_F(CgroupSiteTest, AnotherRunsMountedHierarchyIsNotUsed) {
  // Another run, as root in a chroot, mounted the pids hierarchy for itself; it is
  // unmounted when that run ends, so a cell's group under it would vanish mid-cell.
  group("run/mpconform-cgroup-4242/pids");
  const std::string mine = group("run/mpconform-cgroup-777/pids");
  CgroupView view{"8:pids:/\n", mount_line(root_ + "/run/mpconform-cgroup-4242/pids", "cgroup", "rw,pids") +
                                    mount_line(root_ + "/run/mpconform-cgroup-777/pids", "cgroup", "rw,pids")};
  EXPECT_FALSE(find_cgroup_site(view).usable());
  CgroupSite site = find_cgroup_site(view, root_ + "/run/mpconform-cgroup-777");
  ASSERT_EQ(site.kind, CgroupSite::Kind::kV1);
  EXPECT_EQ(site.parent, mine);
}

TEST_F(CgroupSiteTest, MountinfoEscapesAreDecoded) {
  auto mounts = parse_mountinfo("36 35 98:0 / /mnt/with\\040blank rw - cgroup2 none rw\n");
  ASSERT_EQ(mounts.size(), 1u);
  EXPECT_EQ(mounts[0].mount_point, "/mnt/with blank");
  EXPECT_EQ(mounts[0].fs_type, "cgroup2");
  EXPECT_EQ(mounts[0].super_options, "rw");
}

TEST_F(CgroupSiteTest, V2CellGroupGetsItsCeilingAndWeight) {
  CgroupSite site;
  site.kind = CgroupSite::Kind::kV2;
  site.parent = group("unified/user.slice", "cpu pids", "cpu pids");
  site.cpu = true;
  auto cell = PidsCgroup::create(site, "mpconform-1-1", 576);
  ASSERT_TRUE(cell);
  std::string text;
  std::ifstream(cell->path() + "/pids.max") >> text;
  EXPECT_EQ(text, "576");
  std::ifstream(cell->path() + "/cpu.weight") >> text;
  EXPECT_EQ(text, "100");
  // v2: one folder, so one cgroup.procs joins every controller.
  EXPECT_EQ(cell->procs_files(), std::vector<std::string>{cell->path() + "/cgroup.procs"});
  std::ofstream(cell->path() + "/pids.current") << "7\n";
  std::ofstream(cell->path() + "/pids.events") << "max 3\n";
  EXPECT_EQ(cell->task_count(), 7);
  EXPECT_EQ(cell->forks_refused(), 3u);
}

TEST_F(CgroupSiteTest, V1CellGroupHasAPidsAndACpuFolder) {
  CgroupSite site;
  site.kind = CgroupSite::Kind::kV1;
  site.parent = group("pids");
  site.cpu_parent = group("cpu");
  auto cell = PidsCgroup::create(site, "mpconform-1-2", 100);
  ASSERT_TRUE(cell);
  EXPECT_EQ(cell->procs_files(), (std::vector<std::string>{site.parent + "/mpconform-1-2/cgroup.procs",
                                                           site.cpu_parent + "/mpconform-1-2/cgroup.procs"}));
}

TEST_F(CgroupSiteTest, NoSiteNoGroup) { EXPECT_FALSE(PidsCgroup::create(CgroupSite{}, "mpconform-1-3", 10)); }

}  // namespace
}  // namespace mpc
