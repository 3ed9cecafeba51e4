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

  std::optional<Error> execute(const std::string& name, const Value& data,
                               std::string& out) override {
    return execute_shared(name, data, out, nullptr);
  }

  struct SharedIncludes : Shared {
    explicit SharedIncludes(std::span<const Value> roots) : includes(roots) {}
    tmpl::SharedIncludes includes;
  };
  std::unique_ptr<Shared> share(std::span<const Value> roots) override {
    return std::make_unique<SharedIncludes>(roots);
  }

  std::optional<Error> execute_shared(const std::string& name, const Value& data, std::string& out,
                                      Shared* shared) override {
    try {
      tmpl::SharedIncludes* includes =
          shared != nullptr ? &static_cast<SharedIncludes*>(shared)->includes : nullptr;
      if (auto refused = set_.execute(name, data, out, includes)) return error_of(*refused);
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

  static Error error_of(const tmpl::TemplateError& e) {
    return failure(e.code(), e.helm_message(), kDebugHint, e.location());
  }

  tmpl::TemplateSet set_;
};

}  // namespace

std::unique_ptr<TemplateEngine> make_template_engine(const RenderLimits& limits) {
  return std::make_unique<HelmEngine>(limits);
}

}  // namespace render::chart
