// Adapter from the chart renderer to the template engine.
#include "chart/engine.hpp"

#include "chart/failure.hpp"
#include "render/template.hpp"

namespace render::chart {
namespace {

class HelmEngine : public TemplateEngine {
 public:
  explicit HelmEngine(const RenderLimits& limits) : set_(options(limits)) {}

  void parse(const std::string& name, std::string_view text) override {
    try {
      set_.parse(name, text);
    } catch (const tmpl::TemplateError& e) {
      throw error_of(e);
    }
  }

  void prepare(const std::string& name, std::string_view text) override {
    set_.prepare(name, text);
  }

  std::optional<Error> execute(const std::string& name, const Value& data,
                               std::string& out) override {
    return execute_shared(name, data, out, nullptr);
  }

  struct SharedIncludes : Shared {
    explicit SharedIncludes(std::span<const Value> roots) : includes(roots) {}
    void next_items() override { includes.next_items(); }
    tmpl::SharedIncludes includes;
  };
  static tmpl::SharedIncludes* includes_of(Shared* shared) {
    return shared != nullptr ? &static_cast<SharedIncludes*>(shared)->includes : nullptr;
  }
  std::unique_ptr<Shared> share(std::span<const Value> roots) override {
    return std::make_unique<SharedIncludes>(roots);
  }

  std::optional<Error> execute_shared(const std::string& name, const Value& data, std::string& out,
                                      Shared* shared) override {
    try {
      if (auto refused = set_.execute(name, data, out, includes_of(shared))) {
        return error_of(*refused);
      }
      return std::nullopt;
    } catch (const tmpl::TemplateError& e) {
      throw error_of(e);
    }
  }

  std::size_t part_items(const std::string& name, const Value& data) override {
    return set_.part_items(name, data);
  }
  std::optional<Error> execute_part(const std::string& name, const Value& data, std::string& out,
                                    Shared* shared, std::size_t begin, std::size_t end,
                                    std::size_t items) override {
    try {
      if (auto refused =
              set_.execute_part(name, data, out, includes_of(shared), begin, end, items)) {
        return error_of(*refused);
      }
      return std::nullopt;
    } catch (const tmpl::TemplateError& e) {
      throw error_of(e);
    }
  }

  bool freeze() override {
    set_.freeze();
    return true;
  }
  void thaw() override { set_.thaw(); }

 private:
  static tmpl::Options options(const RenderLimits& limits) {
    tmpl::Options o;
    o.limits.max_output_bytes = limits.max_output_bytes;
    o.defer_refusals = true;
    return o;
  }

  // Helm adds its hint to use --debug to a template's errors. A refused function is not one of
  // Helm's errors (Helm would print what the function returned), and --debug would show
  // nothing more: no hint.
  static Error error_of(const tmpl::TemplateError& e) {
    const bool refused = e.kind() == tmpl::TemplateError::Kind::kRefused;
    return failure(e.code(), e.helm_message(), refused ? "" : kDebugHint, e.location());
  }

  tmpl::TemplateSet set_;
};

}  // namespace

std::optional<Error> TemplateEngine::execute_part(const std::string& name, const Value& /*data*/,
                                                  std::string& /*out*/, Shared* /*shared*/,
                                                  std::size_t /*begin*/, std::size_t /*end*/,
                                                  std::size_t /*items*/) {
  fail(code::kTemplate, "internal error: " + name + " cannot run in parts");
}

std::unique_ptr<TemplateEngine> make_template_engine(const RenderLimits& limits) {
  return std::make_unique<HelmEngine>(limits);
}

}  // namespace render::chart
