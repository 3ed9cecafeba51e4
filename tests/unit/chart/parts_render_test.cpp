// Files made of one range over many items run in parts, some iterations each, on several
// threads: the same output as the file run whole, and the file run again whole whenever the
// parts' documents could not be read apart.
#include <gtest/gtest.h>

#include <atomic>

#include "chart/engine.hpp"
#include "chart/pipeline.hpp"
#include "render/chart.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

// The real engine, counting the parts it ran and the files it ran whole.
class CountingEngine : public TemplateEngine {
 public:
  explicit CountingEngine(const RenderLimits& limits) : real_(make_template_engine(limits)) {}
  void parse(const std::string& name, std::string_view text) override { real_->parse(name, text); }
  std::optional<Error> execute(const std::string& name, const Value& data,
                               std::string& out) override {
    ++wholes;
    return real_->execute(name, data, out);
  }
  bool freeze() override { return real_->freeze(); }
  void thaw() override { real_->thaw(); }
  std::unique_ptr<Shared> share(std::span<const Value> roots) override {
    return real_->share(roots);
  }
  std::optional<Error> execute_shared(const std::string& name, const Value& data, std::string& out,
                                      Shared* shared) override {
    ++wholes;
    return real_->execute_shared(name, data, out, shared);
  }
  std::size_t part_items(const std::string& name, const Value& data) override {
    return real_->part_items(name, data);
  }
  std::optional<Error> execute_part(const std::string& name, const Value& data, std::string& out,
                                    Shared* shared, std::size_t begin, std::size_t end,
                                    std::size_t items) override {
    ++parts;
    return real_->execute_part(name, data, out, shared, begin, end, items);
  }
  std::atomic<int> parts{0}, wholes{0};

 private:
  std::unique_ptr<TemplateEngine> real_;
};

class PartsRenderTest : public render::testing::ScratchDir {
 protected:
  struct Rendered {
    std::string output;
    int parts = 0, wholes = 0;
  };
  Rendered render(unsigned jobs) {
    RenderOptions o;
    o.jobs = jobs;
    CountingEngine engine(o.render_limits);
    Rendered r;
    r.output = render_with_engine(load_chart(scratch_.string()), Value::map(), o, engine);
    r.parts = engine.parts;
    r.wholes = engine.wholes;
    return r;
  }
  // A chart whose values list `items` workloads.
  void chart(int items) {
    write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
    std::string values = "items:\n";
    for (int i = 0; i < items; ++i) values += "  - name: w" + std::to_string(i) + "\n";
    write("values.yaml", values);
    write("templates/_h.tpl",
          "{{ define \"name\" }}{{ .root.Release.Name }}-{{ .item.name }}{{ end }}"
          "{{ define \"file\" }}{{ base .root.Template.Name }}{{ end }}");
  }
  // A file of one object per item, with `tail` after each (white space, in most charts).
  void objects(const std::string& file, const std::string& kind, const std::string& tail = "") {
    write("templates/" + file,
          "{{- range $i, $item := .Values.items }}\n"
          "{{- $ctx := dict \"root\" $ \"item\" $item }}\n"
          "---\nkind: " +
              kind +
              "\nmetadata:\n  name: {{ include \"name\" $ctx }}\n"
              "  file: {{ include \"file\" $ctx }}\n  index: {{ $i }}" +
              tail + "\n{{- end }}\n");
  }
};

TEST_F(PartsRenderTest, AFileOfOneObjectPerItemRunsInPartsAndPrintsAsAWhole) {
  chart(300);
  objects("a.yaml", "ConfigMap");
  objects("b.yaml", "Secret", "\n");  // each iteration ends in a line break
  // Hooks, and a list of another length (its parts cover other items).
  write("templates/hooks.yaml",
        "{{- range $i, $item := .Values.items }}\n---\nkind: Job\nmetadata:\n  name: "
        "j{{ $i }}\n  annotations:\n    helm.sh/hook: {{ if eq (mod $i 3) 0 }}pre-install"
        "{{ else }}post-install{{ end }}\n{{- end }}");
  write("templates/more.yaml",
        "{{- range .Values.more }}\n---\nkind: Service\nmetadata:\n  name: {{ . }}\n"
        "{{- end }}");
  std::string more = "more:\n";
  for (int i = 0; i < 700; ++i) more += "  - s" + std::to_string(i) + "\n";
  write(
      "values.yaml", more + "items:\n" + [] {
        std::string items;
        for (int i = 0; i < 300; ++i) items += "  - name: w" + std::to_string(i) + "\n";
        return items;
      }());
  Rendered together = render(2);
  Rendered alone = render(1);
  EXPECT_GT(together.parts, 4);
  EXPECT_EQ(together.wholes, 0);  // nothing ran again in order
  EXPECT_EQ(alone.parts, 0);
  EXPECT_EQ(together.output, alone.output);
  // Every item, in order, with its own index and file name.
  EXPECT_NE(together.output.find("name: release-name-w299\n  file: a.yaml\n  index: 299"),
            std::string::npos);
  EXPECT_LT(together.output.find("index: 63\n"), together.output.find("index: 64\n"));
  EXPECT_NE(together.output.find("name: release-name-w0\n  file: b.yaml\n  index: 0"),
            std::string::npos);
  EXPECT_LT(together.output.find("name: s698\n"), together.output.find("name: s699\n"));
  EXPECT_LT(together.output.find("name: j297\n"), together.output.find("name: j299\n"));
}

TEST_F(PartsRenderTest, AFileWhosePartsCannotBeReadApartRunsAgainWhole) {
  chart(300);
  objects("a.yaml", "ConfigMap");
  // A document for every two items: the odd ones continue the one before (and a part that
  // begins with one, read alone, would make a document of it).
  write("templates/pairs.yaml",
        "{{- range $i, $item := .Values.items }}\n"
        "{{- if eq (mod $i 2) 0 }}\n---\nkind: Pair\nmetadata:\n  name: p{{ $i }}\ndata:"
        "{{- end }}\n  {{ $item.name }}: {{ $i | quote }}\n{{- end }}\n");
  // One for every hundred, whose parts alone do not even read as documents.
  write("templates/list.yaml",
        "{{- range $i, $item := .Values.items }}\n"
        "{{- if eq (mod $i 100) 0 }}\n---\nkind: List\nmetadata:\n  name: l{{ $i }}\nitems:"
        "{{- end }}\n  - {{ $item.name }}\n{{- end }}\n");
  Rendered together = render(2);
  Rendered alone = render(1);
  EXPECT_GT(together.parts, 0);
  EXPECT_EQ(together.wholes, 2);  // those two files run again whole, and only those
  EXPECT_EQ(together.output, alone.output);
  EXPECT_NE(together.output.find("name: p74\ndata:\n  w74: \"74\"\n  w75: \"75\"\n"),
            std::string::npos);
  EXPECT_NE(together.output.find("name: l200\nitems:\n  - w200\n  - w201\n"), std::string::npos);
}

TEST_F(PartsRenderTest, OnlyALoneRangeWithoutElseOrBreakRunsInParts) {
  chart(300);
  for (const char* file : {
           // text before the range
           "kind: List\n{{ range .Values.items }}\n---\nkind: A\n{{ end }}",
           // two ranges
           "{{ range .Values.items }}\n---\nkind: A\n{{ end }}{{ range .Values.items }}{{ end }}",
           // else
           "{{ range .Values.items }}\n---\nkind: A\n{{ else }}none{{ end }}",
           // a break of the range itself
           "{{ range .Values.items }}{{ if eq .name \"w7\" }}{{ break }}{{ end }}\n---\nkind: "
           "A\n{{ end }}",
           // not a plain value
           "{{ range (.Values.items | default list) }}\n---\nkind: A\n{{ end }}",
           // a variable declared before it
           "{{ $n := 1 }}{{ range .Values.items }}\n---\nkind: A\n{{ end }}",
       }) {
    write("templates/a.yaml", file);
    Rendered together = render(2);
    EXPECT_EQ(together.parts, 0) << file;
    EXPECT_EQ(together.output, render(1).output) << file;
  }
  // A break of a range inside it, and continue, are the iterations' own.
  write("templates/a.yaml",
        "{{- range .Values.items }}{{ if eq .name \"w7\" }}{{ continue }}{{ end }}\n---\n"
        "kind: A\nmetadata:\n  name: {{ .name }}\nl: {{ range list 1 2 3 }}{{ if eq . 2 }}"
        "{{ break }}{{ end }}{{ . }}{{ end }}\n{{- end }}");
  Rendered together = render(2);
  EXPECT_GT(together.parts, 0);
  EXPECT_EQ(together.output, render(1).output);
  EXPECT_EQ(together.output.find("name: w7\n"), std::string::npos);
}

TEST_F(PartsRenderTest, IterationsThatChangeTheValuesRunInHelmsOrder) {
  chart(300);
  // Each iteration counts into the values: the next one, in any part, must see the count.
  write("templates/a.yaml",
        "{{- range .Values.items }}\n---\nkind: A\nmetadata:\n  name: {{ .name }}\n"
        "{{- $_ := set $.Values \"seen\" (add1 ($.Values.seen | default 0)) }}\n"
        "seen: {{ $.Values.seen }}\n{{- end }}");
  Rendered together = render(2);
  EXPECT_EQ(together.output, render(1).output);
  EXPECT_NE(together.output.find("name: w299\nseen: 300\n"), std::string::npos);
}

TEST_F(PartsRenderTest, AnIterationThatFailsGivesTheErrorOfTheWholeFile) {
  chart(300);
  objects("a.yaml", "ConfigMap");
  write("templates/b.yaml",
        "{{- range .Values.items }}\n---\nkind: B\nmetadata:\n  name: {{ .name }}\n"
        "{{- if eq .name \"w250\" }}{{ fail (printf \"no %s\" .name) }}{{ end }}\n{{- end }}");
  for (unsigned jobs : {1u, 2u}) {
    try {
      render(jobs);
      ADD_FAILURE() << "no error with " << jobs << " threads";
    } catch (const Error& e) {
      EXPECT_NE(e.diagnostics().front().message.find("no w250"), std::string::npos)
          << e.diagnostics().front().message;
    }
  }
}

}  // namespace
}  // namespace render::chart
