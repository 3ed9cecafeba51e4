// Template files executed on several threads: the same output as in Helm's order, and Helm's
// order whenever a file changes what later files see.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <span>

#include "chart/engine.hpp"
#include "chart/pipeline.hpp"
#include "render/chart.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

// The real engine, with a count of the files executing at the moment. With `wait`, the first
// file waits (up to a bound) until another one runs beside it, so a render that never executes
// two files at once shows as `most_at_once` 1, whatever the timing of the threads.
class CountingEngine : public TemplateEngine {
 public:
  CountingEngine(const RenderLimits& limits, bool wait)
      : real_(make_template_engine(limits)), waited_(!wait) {}
  void parse(const std::string& name, std::string_view text) override { real_->parse(name, text); }
  std::optional<Error> execute(const std::string& name, const Value& data,
                               std::string& out) override {
    {
      std::unique_lock lock(mutex_);
      ++running_;
      most_at_once = std::max(most_at_once, running_);
      changed_.notify_all();
      if (!waited_) {
        waited_ = true;
        changed_.wait_for(lock, std::chrono::seconds(10), [&] { return most_at_once > 1; });
      }
    }
    std::optional<Error> refused;
    try {
      refused = real_->execute(name, data, out);
    } catch (...) {
      std::lock_guard lock(mutex_);
      --running_;
      throw;
    }
    std::lock_guard lock(mutex_);
    --running_;
    return refused;
  }
  bool freeze() override { return real_->freeze(); }
  void thaw() override { real_->thaw(); }
  int most_at_once = 0;

 private:
  std::unique_ptr<TemplateEngine> real_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int running_ = 0;
  bool waited_ = false;
};

class ConcurrentRenderTest : public render::testing::ScratchDir {
 protected:
  // The output with `jobs` threads, and how many files ran at once.
  std::string render(unsigned jobs, int* at_once = nullptr) {
    RenderOptions o;
    o.jobs = jobs;
    CountingEngine engine(o.render_limits, at_once != nullptr && jobs > 1);
    std::string out = render_with_engine(load_chart(scratch_.string()), Value::map(), o, engine);
    if (at_once) *at_once = engine.most_at_once;
    return out;
  }
  void fleet() {
    write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
    write("values.yaml", "names: [a, b, c]\nlabels: {team: x}\n");
    write("templates/_h.tpl", "{{ define \"labels\" }}{{ toYaml .Values.labels }}{{ end }}");
    for (const char* kind : {"ConfigMap", "Service", "Secret", "Deployment"}) {
      write(std::string("templates/") + kind + ".yaml",
            std::string("{{ range .Values.names }}\n---\nkind: ") + kind +
                "\nmetadata:\n  name: {{ . }}\n  labels:\n    {{- include \"labels\" $ | nindent "
                "4 }}\n  file: {{ $.Template.Name }}\n{{ end }}");
    }
  }
};

TEST_F(ConcurrentRenderTest, FilesRunSideBySideAndPrintAsInHelmsOrder) {
  fleet();
  int at_once = 0;
  std::string together = render(2, &at_once);
  EXPECT_EQ(at_once, 2);
  int alone = 0;
  EXPECT_EQ(render(1, &alone), together);
  EXPECT_EQ(alone, 1);
  // Kind order, then file names, each file seeing its own .Template.
  EXPECT_LT(together.find("kind: Secret"), together.find("kind: ConfigMap"));
  EXPECT_LT(together.find("kind: ConfigMap"), together.find("kind: Service"));
  EXPECT_NE(together.find("file: top/templates/Deployment.yaml"), std::string::npos);
}

TEST_F(ConcurrentRenderTest, AFileThatChangesValuesIsSeenByTheFilesAfterIt) {
  fleet();
  // b.yaml executes before a.yaml (Helm's order is descending by name): a must see the change.
  write("templates/b.yaml", "{{ $_ := set .Values.labels \"by\" \"b\" }}");
  write("templates/a.yaml",
        "kind: ConfigMap\nmetadata:\n  name: from-a\nby: {{ .Values.labels.by }}");
  std::string together = render(4);
  EXPECT_NE(together.find("by: b\n"), std::string::npos) << together;
  EXPECT_EQ(render(1), together);
}

TEST_F(ConcurrentRenderTest, AFileThatChangesTheRootObjectIsSeenByTheFilesAfterIt) {
  fleet();
  write("templates/b.yaml", "{{ $_ := set $ \"Extra\" \"b\" }}");
  write("templates/a.yaml", "kind: ConfigMap\nmetadata:\n  name: from-a\nextra: {{ $.Extra }}");
  std::string together = render(4);
  EXPECT_NE(together.find("extra: b\n"), std::string::npos) << together;
  EXPECT_EQ(render(1), together);
}

TEST_F(ConcurrentRenderTest, TheFirstFailureInHelmsOrderIsReported) {
  fleet();
  write("templates/b.yaml", "{{ fail \"from b\" }}");
  write("templates/a.yaml", "{{ fail \"from a\" }}");
  for (unsigned jobs : {1u, 4u}) {
    try {
      render(jobs);
      ADD_FAILURE() << "no error with " << jobs << " threads";
    } catch (const Error& e) {
      EXPECT_NE(e.diagnostics().front().message.find("from b"), std::string::npos)
          << e.diagnostics().front().message;
    }
  }
}

// keep_memory leaves the memory (frozen values included) to the exit: the same output, and
// the same error when one comes after the files ran. The sanitizer build's leak check sees
// nothing lost: what is kept stays reachable.
TEST_F(ConcurrentRenderTest, KeepingTheMemoryChangesNothingElse) {
  fleet();
  for (unsigned jobs : {1u, 4u}) {
    RenderOptions o;
    o.chart_dir = scratch_.string();
    o.jobs = jobs;
    RenderResult freed = render_chart(o);
    o.keep_memory = true;
    RenderResult kept = render_chart(o);
    ASSERT_TRUE(freed.ok) << freed.error;
    ASSERT_TRUE(kept.ok) << kept.error;
    EXPECT_EQ(kept.output, freed.output);
    EXPECT_EQ(kept.output, render(1));
    o.show_only = {"templates/none.yaml"};
    RenderResult failed = render_chart(o);
    EXPECT_FALSE(failed.ok);
    EXPECT_NE(failed.error.find("could not find template templates/none.yaml"), std::string::npos)
        << failed.error;
  }
}

// Files executed side by side leave their documents in the threads' buffers as they are
// printed: documents printed one after the other reach the sink as one piece where they were
// made one after the other (a file's documents of one kind, here), not two or three pieces each.
TEST_F(ConcurrentRenderTest, DocumentsMadeInARowReachTheSinkAsOnePiece) {
  fleet();
  struct Pieces final : OutputSink {
    std::string text;
    std::size_t pieces = 0;
    void write(std::string_view p) override { text += p; }
    void write_pieces(std::span<const std::string_view> p) override {
      pieces += p.size();
      for (std::string_view x : p) write(x);
    }
  };
  for (unsigned jobs : {1u, 2u}) {
    RenderOptions o;
    o.chart_dir = scratch_.string();
    o.jobs = jobs;
    Pieces sink;
    RenderResult r = render_chart(o, sink);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(sink.text, render(1));
    // Twelve documents, three of each kind, a file each kind: on two threads one piece a file
    // at most (fewer where a thread made two files that print one after the other) and the
    // last line break; on one, a frame and a text a document and the last line break.
    if (jobs == 2) {
      EXPECT_LE(sink.pieces, 5u);
    } else {
      EXPECT_EQ(sink.pieces, 25u);
    }
  }
}

// While a large values file is read, the other thread, once up, is given the memory the reading
// takes to back (RenderOptions::back_memory_ahead), at most once a render, six times the file's
// size; not when the values were read before it was up (a race: over ten renders of a file that
// takes a while to read, it wins at least once). With one thread, or small values, nothing is
// asked.
TEST_F(ConcurrentRenderTest, MemoryForLargeValuesIsBackedAheadOnce) {
  fleet();
  std::string names = "names:\n";
  for (int i = 0; i < 40000; ++i) names += "  - name-" + std::to_string(i) + "\n";
  write("big.yaml", names);
  RenderOptions o;
  o.chart_dir = scratch_.string();
  std::vector<std::size_t> asked;
  std::mutex mutex;
  o.back_memory_ahead = [&](std::size_t bytes) {
    std::lock_guard lock(mutex);
    asked.push_back(bytes);
  };
  o.values.value_files = {(scratch_ / "big.yaml").string()};
  o.jobs = 2;
  int renders_asking = 0;
  for (int i = 0; i < 10; ++i) {
    asked.clear();
    ASSERT_TRUE(render_chart(o).ok);
    ASSERT_LE(asked.size(), 1u);
    if (!asked.empty()) {
      EXPECT_EQ(asked.front(), 6 * names.size());
      ++renders_asking;
    }
  }
  EXPECT_GE(renders_asking, 1);
  asked.clear();
  o.jobs = 1;
  ASSERT_TRUE(render_chart(o).ok);
  o.jobs = 2;
  o.values.value_files.clear();
  ASSERT_TRUE(render_chart(o).ok);
  EXPECT_TRUE(asked.empty());
}

// A large values file is read while another thread loads the chart. The values' error is still
// the one reported when both fail (Helm reads the values first), the chart's when only it fails,
// and a render with both read side by side is the render with one thread.
TEST_F(ConcurrentRenderTest, ValuesReadBesideTheChartKeepHelmsErrorOrder) {
  fleet();
  std::string names = "names:\n";
  for (int i = 0; i < 8000; ++i) names += "  - name-" + std::to_string(i) + "\n";
  ASSERT_GT(names.size(), 64u << 10);  // large enough to be read beside the chart
  write("big.yaml", names);
  write("bad.yaml", names + "labels: [unclosed\n");
  RenderOptions o;
  o.chart_dir = scratch_.string();
  o.values.value_files = {(scratch_ / "big.yaml").string()};
  o.jobs = 1;
  RenderResult alone = render_chart(o);
  o.jobs = 2;
  RenderResult beside = render_chart(o);
  ASSERT_TRUE(alone.ok) << alone.error;
  ASSERT_TRUE(beside.ok) << beside.error;
  EXPECT_EQ(beside.output, alone.output);
  EXPECT_NE(beside.output.find("name: name-7999"), std::string::npos);

  write("Chart.yaml", "apiVersion: v2\nname: [top\n");
  for (unsigned jobs : {1u, 2u}) {
    o.jobs = jobs;
    o.values.value_files = {(scratch_ / "bad.yaml").string()};
    RenderResult both = render_chart(o);
    EXPECT_FALSE(both.ok);
    EXPECT_NE(both.error.find("bad.yaml"), std::string::npos) << jobs << ": " << both.error;
    EXPECT_EQ(both.error.find("Chart.yaml"), std::string::npos) << jobs << ": " << both.error;
    o.values.value_files = {(scratch_ / "big.yaml").string()};
    RenderResult chart = render_chart(o);
    EXPECT_FALSE(chart.ok);
    EXPECT_NE(chart.error.find("Chart.yaml"), std::string::npos) << jobs << ": " << chart.error;
  }

  // The templates, parsed beside the values too, report their errors where Helm does: after
  // the release name's.
  write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
  write("templates/Broken.yaml", "{{ if }}");
  for (unsigned jobs : {1u, 2u}) {
    o.jobs = jobs;
    o.release_name = "Not_A_Name";
    RenderResult name = render_chart(o);
    EXPECT_FALSE(name.ok);
    EXPECT_NE(name.error.find("invalid release name"), std::string::npos)
        << jobs << ": " << name.error;
    o.release_name = "rel";
    RenderResult parse = render_chart(o);
    EXPECT_FALSE(parse.ok);
    EXPECT_NE(
        parse.error.find("parse error at (top/templates/Broken.yaml:1): missing value for if"),
        std::string::npos)
        << jobs << ": " << parse.error;
  }
}

}  // namespace
}  // namespace render::chart
