// The template engine as the chart renderer drives it: every template file of the chart and its
// subcharts parsed into one set under its full name, then files executed one by one.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "render/chart.hpp"
#include "render/value.hpp"

namespace render::chart {

class TemplateEngine {
 public:
  virtual ~TemplateEngine() = default;
  // Adds a file's templates (its body under `name`, plus its `define`s). Throws render::Error
  // (E_TEMPLATE) whose message is Helm's ("parse error at (<name>:<line>): ...").
  virtual void parse(const std::string& name, std::string_view text) = 0;
  // Parses a file ahead of time, on another thread perhaps, for a later parse() of the same name
  // and text to add; errors wait for that parse(). Nothing else may use the engine meanwhile. An
  // engine that cannot does nothing.
  virtual void prepare(const std::string& /*name*/, std::string_view /*text*/) {}
  // Executes the file `name` with `data` as dot, appending the output to `out`. Throws
  // render::Error (E_TEMPLATE, E_LIMIT) with Helm's message. Returns the error of a refused
  // function (random, clock) that the execution went on past with a stand-in: the output is
  // whole, but none of its documents may be printed (see tmpl::Options::defer_refusals).
  [[nodiscard]] virtual std::optional<Error> execute(const std::string& name, const Value& data,
                                                     std::string& out) = 0;
  // True when execute() may from now on run on several threads at once, each with its own `out`
  // and frozen data (Value::freeze), until thaw(). Nothing is parsed meanwhile. An engine that
  // cannot returns false and is driven from one thread.
  virtual bool freeze() { return false; }
  virtual void thaw() {}

  // What the executions on one thread may share while frozen, `roots` being the data of every
  // file to execute; it must be gone before thaw(). Null: the engine shares nothing.
  class Shared {
   public:
    virtual ~Shared() = default;
    // What runs next on the thread goes over other items (parts, see execute_part).
    virtual void next_items() {}
  };
  virtual std::unique_ptr<Shared> share(std::span<const Value> /*roots*/) { return nullptr; }
  // execute() for a thread that has `shared` (from share(); may be null).
  [[nodiscard]] virtual std::optional<Error> execute_shared(const std::string& name,
                                                            const Value& data, std::string& out,
                                                            Shared* /*shared*/) {
    return execute(name, data, out);
  }
  // While frozen: how many items the file `name` goes over with `data` when it can run in parts
  // (one range and white space, see tmpl::TemplateSet::part_items), else 0.
  virtual std::size_t part_items(const std::string& /*name*/, const Value& /*data*/) { return 0; }
  // Executes the iterations [begin, end) of such a file, as execute_shared() does.
  [[nodiscard]] virtual std::optional<Error> execute_part(const std::string& name,
                                                          const Value& data, std::string& out,
                                                          Shared* shared, std::size_t begin,
                                                          std::size_t end, std::size_t items);
};

// The project's Go-template engine (render::tmpl), configured like Helm's: missing keys print
// "<no value>", Helm's function map, output limited to `limits.max_output_bytes`.
std::unique_ptr<TemplateEngine> make_template_engine(const RenderLimits& limits);

}  // namespace render::chart
