// The function table interface between the executor and the function library.
//
// A function declares its Go signature so that the executor can raise text/template's own argument
// errors ("wrong type for value; expected string; got float64") before calling it, exactly as
// Go's reflection-based call does.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "render/value.hpp"

namespace render::tmpl {

// Parameter types of Go functions, as reflection checks them.
enum class Param {
  kAny,          // interface{}: accepts every value, nil included
  kString,       // string: only strings (numbers and nil are type errors)
  kInt,          // int: Go int / int64 values (and integral constants)
  kInt64,        // int64
  kFloat,        // float64
  kBool,         // bool
  kList,         // []interface{}
  kMap,          // map[string]interface{}
  kStrings,      // []string
  kCertificate,  // sprig.certificate (what genCA and its siblings return)
};

class Executor;  // the running template executor (include, tpl, .Files ...)

// What a function sees besides its arguments.
struct CallContext {
  Executor* executor = nullptr;  // null when a function is called outside a template (tests)
  std::string_view name;         // the function's name as called
  // Set by a refused function's stand-in when its result is the real function's own (Sprig's
  // "Unknown type x" of genPrivateKey): the result is then used as it is, not refused.
  bool determined = false;
};

// Raised by a function to report a failure. The executor turns it into Go's
// "error calling <name>: <message>" at template:line:col.
class FunctionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised while printing a value where Go prints a memory address, which changes from run to
// run: a pointer below the top of the value (.Capabilities in a map), or %p. The executor
// refuses the action or call that printed it, at its template:line:col.
struct UnreproduciblePrint {
  std::string message;  // what is refused and why
};
// The one for a pointer of type `type` ("*common.Capabilities") below the top of a value.
inline UnreproduciblePrint pointer_below_top(std::string_view type) {
  return {"printing a value that holds " + std::string(type) +
          " below its top is refused: Helm prints that pointer's memory address, so the output "
          "could not be reproduced (print it on its own, or use toYaml or toJson)"};
}

// Raised by fail/required: printed as "execution error at (<file>:<line>:<col>): <message>".
class ExecutionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using FunctionImpl = Value (*)(CallContext& ctx, std::span<const Value> args);
// Appends to `out` what printing the function's result would append, without making the result.
using PrintImpl = void (*)(CallContext& ctx, std::span<const Value> args, std::string& out);

struct Function {
  std::string_view name;
  std::vector<Param> params;  // fixed parameters
  bool variadic = false;      // the last entry of params repeats (Go ...T)
  FunctionImpl impl = nullptr;
  // Refused (random, time, crypto keys): using it is a template error naming the function.
  bool refused = false;
  // Optional: used instead of impl when the call ends an action whose value is printed
  // ({{ x | nindent 2 }}), so that the text goes straight into the output.
  PrintImpl print = nullptr;
  // Changes a map or list it is given (set, unset, merge): a template calling it is no longer a
  // function of its data alone, so include's memo leaves it out.
  bool writes_arguments = false;
  // Returns one of its arguments as it is, chosen by the truth of another: its result is
  // tainted (see Value::is_tainted) only when the chosen argument is or the choice looked at a
  // tainted one. Any other function's result is tainted when one of its arguments is.
  enum class Chooses : std::uint8_t {
    kNone,
    kDefault,   // default d given: looks at given
    kCoalesce,  // the first true argument: looks at each up to it
    kTernary,   // ternary a b cond: looks at cond
  };
  Chooses chooses = Chooses::kNone;
  // How a tainted argument reaches the result, by the argument's place (of `count` given).
  enum class Carries : std::uint8_t {
    kTaint,    // the result is tainted when the argument is or holds a tainted value
    kItself,   // the argument becomes part of the result as it is (a list item, a map value):
               // its mark goes with it, and the result is not tainted for it
    kEntries,  // a map or list whose entries reach the result as they are: the result is
               // tainted only when the argument itself is
  };
  using CarryRule = Carries (*)(std::size_t place, std::size_t count);
  CarryRule carries = nullptr;  // null: kTaint for every argument
  // Its result is a function of its one argument's content alone (toYaml, toJson): called
  // again with the same frozen map or list, an execution answers with the result it made
  // before (charts write the same defaults into every object they make).
  bool same_for_same_data = false;
};

// The function families, one file each under template/functions/; each appends its functions.
using FunctionList = std::vector<Function>;
void add_string_functions(FunctionList& out);    // strings.cpp: Sprig's string functions
void add_regex_functions(FunctionList& out);     // regex.cpp: regexMatch ... regexQuoteMeta (RE2)
void add_encoding_functions(FunctionList& out);  // encoding.cpp: base64/32, hashes, paths, urls,
                                                 // html/js/urlquery
void add_list_functions(FunctionList& out);      // lists.cpp: list, append, first, uniq, ...
void add_dict_functions(FunctionList& out);      // dicts.cpp: dict, get, set, merge, dig, ...
void add_default_functions(FunctionList& out);   // defaults.cpp: default, empty, coalesce, ...
void add_type_functions(FunctionList& out);      // types.cpp: typeOf, kindIs, deepEqual, ...
void add_semver_functions(FunctionList& out);    // semver_functions.cpp: semver, semverCompare
void add_format_functions(FunctionList& out);    // fmt.cpp: print, printf, println
void add_math_functions(FunctionList& out);      // math.cpp: add ... round, int, float64, seq
void add_data_functions(FunctionList& out);      // data.cpp: toJson/fromJson, toYaml/fromYaml,
                                                 // toToml/fromToml and their must* forms

}  // namespace render::tmpl
