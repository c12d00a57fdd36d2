// Publishing result files: both files of a run or neither, never over another file, no
// temporary left behind.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include "results.h"

namespace hotops {
namespace fs = std::filesystem;
namespace {

class Publish : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hotops-publish-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.insert(e.path().filename().string());
    return out;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  fs::path dir_;
};

TEST_F(Publish, BothFilesUnderOneStem) {
  EXPECT_EQ(publish_together(dir_, "T-quick", {{".json", "{}"}, {".gbench.json", "[]"}}), "T-quick");
  EXPECT_EQ(names(), (std::set<std::string>{"T-quick.json", "T-quick.gbench.json"}));
  EXPECT_EQ(read("T-quick.json"), "{}");
  EXPECT_EQ(read("T-quick.gbench.json"), "[]");
}

TEST_F(Publish, ASecondRunUnderTheSameStemKeepsTheFirst) {
  publish_together(dir_, "T-quick", {{".json", "first"}, {".gbench.json", "first-gb"}});
  EXPECT_EQ(publish_together(dir_, "T-quick", {{".json", "second"}, {".gbench.json", "second-gb"}}), "T-quick-2");
  EXPECT_EQ(publish_together(dir_, "T-quick", {{".json", "third"}}), "T-quick-3");
  EXPECT_EQ(read("T-quick.json"), "first");
  EXPECT_EQ(read("T-quick.gbench.json"), "first-gb");
  EXPECT_EQ(read("T-quick-2.json"), "second");
  EXPECT_EQ(read("T-quick-2.gbench.json"), "second-gb");
  EXPECT_EQ(read("T-quick-3.json"), "third");
  EXPECT_EQ(names().size(), 5u);  // no temporaries
}

TEST_F(Publish, AStemTakenByEitherFileIsSkippedWhole) {
  std::ofstream(dir_ / "T-quick.gbench.json") << "someone else's";
  EXPECT_EQ(publish_together(dir_, "T-quick", {{".json", "mine"}, {".gbench.json", "mine-gb"}}), "T-quick-2");
  EXPECT_EQ(read("T-quick.gbench.json"), "someone else's");
  EXPECT_FALSE(fs::exists(dir_ / "T-quick.json"));  // no half pair under the taken stem
  EXPECT_EQ(read("T-quick-2.json"), "mine");
}

TEST_F(Publish, APartnerNamedFirstMovesOnWhenTheMainNameIsTaken) {
  std::ofstream(dir_ / "T-quick.json") << "an earlier run";
  EXPECT_EQ(publish_together(dir_, "T-quick", {{".json", "mine"}, {".gbench.json", "mine-gb"}}), "T-quick-2");
  EXPECT_EQ(read("T-quick.json"), "an earlier run");
  EXPECT_EQ(names(), (std::set<std::string>{"T-quick.json", "T-quick-2.json", "T-quick-2.gbench.json"}));
}

// A disk that fills up (here: a file-size limit) while the set is written leaves neither
// file and no temporary, and the error names the file.
TEST_F(Publish, AFullDiskLeavesNothing) {
  const std::string small(100, 's'), big(64 * 1024, 'b');
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = 16 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::string error;
  try {
    publish_together(dir_, "T-quick", {{".json", small}, {".gbench.json", big}});
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(error.find("T-quick.gbench.json"), std::string::npos) << error;
  EXPECT_TRUE(names().empty()) << *names().begin();
}

TEST_F(Publish, AnUnwritableDirectoryIsNamed) {
  const fs::path file = dir_ / "file";
  std::ofstream(file) << "x";
  try {
    publish_together(file, "T-quick", {{".json", "{}"}});
    FAIL() << "published under a regular file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("T-quick.json"), std::string::npos) << e.what();
  }
  EXPECT_EQ(names(), std::set<std::string>{"file"});
}

}  // namespace
}  // namespace hotops
