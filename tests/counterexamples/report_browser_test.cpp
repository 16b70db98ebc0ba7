// End to end: report.html rendered by headless Chromium. The screenshot must not be blank (a
// blank page, rendered the same way, is the control) and the live DOM must hold one lifeline per
// server. Chromium is part of the test environment (run.sh installs it): if it is missing this
// test FAILS rather than skips, so a green e2e run always means the page was really rendered.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <set>

#include "checker/search/bfs.h"
#include "counterexamples/report.h"
#include "counterexamples/spec_report.h"
#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs Chromium on `page` with the extra flags, stdout to `out`; returns the exit status.
int chromium(const std::filesystem::path& work, const std::string& flags,
             const std::filesystem::path& page, const std::filesystem::path& out) {
  static int run = 0;
  const auto profile = work / ("profile" + std::to_string(++run));
  std::filesystem::create_directories(profile);
  const std::string command = fmt::format(
      "timeout 180 {} --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir={} {} file://{} >{} 2>{}",
      kChromium, profile.string(), flags, page.string(), out.string(),
      (work / ("chromium" + std::to_string(run) + ".log")).string());
  return std::system(command.c_str());
}

struct PngFacts {
  uint32_t width = 0, height = 0;
  size_t idat_bytes = 0;
  size_t distinct_idat_bytes = 0;
};

uint32_t be32(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

// Walks the PNG chunks: IHDR gives the size; the compressed image data (IDAT) of a blank page is
// tiny and repetitive, that of a page with text, tables and a chart is large and varied.
std::optional<PngFacts> png_facts(const std::string& png) {
  if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return std::nullopt;
  PngFacts f;
  std::set<uint8_t> bytes;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) return std::nullopt;
    if (type == "IHDR") {
      f.width = be32(png, at + 8);
      f.height = be32(png, at + 12);
    }
    if (type == "IDAT") {
      f.idat_bytes += length;
      for (size_t i = 0; i < length; ++i)
        bytes.insert(uint8_t(png[at + 8 + i]));
    }
    at += 12 + length;
  }
  f.distinct_idat_bytes = bytes.size();
  return f;
}

bool looks_blank(const PngFacts& f) {
  return f.idat_bytes < 15000 || f.distinct_idat_bytes < 200;
}

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST(ReportInBrowser, RendersTheChartWithOneLifelinePerServer) {
  ASSERT_TRUE(std::filesystem::exists(kChromium))
      << kChromium << " is missing: install it with `apt-get install -y chromium` (run.sh does "
      << "this on fresh machines). This end-to-end test fails rather than skips without it.";
  const auto work = fresh_dir("browser");
  const Recording rec = record(commit_before_quorum_run().trace(), "cnl.trace");
  const auto files = write_report(rec, work / "report");
  const auto page = std::filesystem::absolute(files[1]);
  spit(work / "blank.html", "<!DOCTYPE html><html><body></body></html>");

  const auto shot = work / "report.png", blank_shot = work / "blank.png";
  ASSERT_EQ(chromium(work, "--window-size=1400,1000 --screenshot=" + shot.string(), page,
                     work / "shot.out"),
            0)
      << slurp(work / "chromium1.log");
  ASSERT_EQ(chromium(work, "--window-size=1400,1000 --screenshot=" + blank_shot.string(),
                     work / "blank.html", work / "blank.out"),
            0)
      << slurp(work / "chromium2.log");

  const auto facts = png_facts(slurp(shot));
  const auto blank = png_facts(slurp(blank_shot));
  ASSERT_TRUE(facts && blank) << "Chromium wrote no PNG";
  EXPECT_EQ(facts->width, 1400u);
  EXPECT_EQ(facts->height, 1000u);
  EXPECT_TRUE(looks_blank(*blank)) << "the control: " << blank->idat_bytes << " bytes, "
                                   << blank->distinct_idat_bytes << " distinct";
  EXPECT_FALSE(looks_blank(*facts))
      << facts->idat_bytes << " bytes, " << facts->distinct_idat_bytes << " distinct";

  const auto dom_file = work / "dom.html";
  ASSERT_EQ(chromium(work, "--dump-dom", page, dom_file), 0) << slurp(work / "chromium3.log");
  const std::string dom = slurp(dom_file);
  EXPECT_EQ(count(dom, "class=\"lifeline\""), static_cast<int>(rec.start.size())) << dom.size();
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("class=\"verdict violated\""), std::string::npos);
}

// The spec's report: its role chart (one cell per server and state) is really drawn.
TEST(ReportInBrowser, RendersTheSpecRoleChart) {
  ASSERT_TRUE(std::filesystem::exists(kChromium)) << kChromium << " is missing (see above)";
  const auto work = fresh_dir("browser-spec");
  spec::SpecConfig config;
  config.bug = spec::SpecBug::kNoSync;
  const spec::SpecModel model(config);
  search::SearchOptions o;
  const auto found = search::bfs(model, model.start(), o);
  ASSERT_TRUE(found.violation);
  const SpecTrace t{config,
                    found.violation->property,
                    found.violation->detail,
                    "bfs",
                    "",
                    search::name_trace(model, model.start(), found.trace)};
  const auto files = write_spec_report(record_spec(t, "no-sync.trace"), work / "report");
  const auto page = std::filesystem::absolute(files[1]);
  const auto shot = work / "spec.png";
  ASSERT_EQ(chromium(work, "--window-size=1200,900 --screenshot=" + shot.string(), page,
                     work / "shot.out"),
            0)
      << slurp(work / "chromium1.log");
  const auto facts = png_facts(slurp(shot));
  ASSERT_TRUE(facts) << "Chromium wrote no PNG";
  EXPECT_FALSE(looks_blank(*facts))
      << facts->idat_bytes << " bytes, " << facts->distinct_idat_bytes << " distinct";
  const auto dom_file = work / "dom.html";
  ASSERT_EQ(chromium(work, "--dump-dom", page, dom_file), 0);
  const std::string dom = slurp(dom_file);
  EXPECT_EQ(count(dom, "<rect class=\"FOLLOWING\"") + count(dom, "<rect class=\"LEADING\"") +
                count(dom, "<rect class=\"LOOKING\"") + count(dom, "<rect class=\"down\""),
            static_cast<int>(3 * (t.actions.size() + 1) + 4));
  EXPECT_NE(dom.find("class=\"verdict violated\""), std::string::npos);
}

}  // namespace
}  // namespace zab::cx::testing
