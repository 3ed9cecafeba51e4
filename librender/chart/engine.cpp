// Adapter from the chart renderer to the template engine.
#include "chart/engine.hpp"

#include "chart/failure.hpp"

namespace render::chart {
namespace {

// Until the template engine (render/template.hpp) is wired in, rendering reports that clearly.
class MissingEngine : public TemplateEngine {
 public:
  void parse(const std::string&, std::string_view) override {}
  void execute(const std::string& name, const Value&, std::string&) override {
    fail(code::kTemplate,
         "cannot execute " + name + ": the template engine is not part of this build");
  }
};

}  // namespace

std::unique_ptr<TemplateEngine> make_template_engine(const RenderLimits&) {
  return std::make_unique<MissingEngine>();
}

}  // namespace render::chart
