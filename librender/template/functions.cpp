// The function table: every family, then Helm's own functions, then the refused ones.
#include "template/functions.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace render::tmpl {
namespace {

Value helm_required(CallContext&, std::span<const Value> args) {
  const Value& v = args[1];
  if (v.is_nil() || (v.is_string() && v.as_string().empty())) {
    throw ExecutionError(args[0].as_string());
  }
  return v;
}

Value helm_fail(CallContext&, std::span<const Value> args) {
  throw ExecutionError(args[0].as_string());
}

// `helm template` has no cluster: lookup finds nothing.
Value helm_lookup(CallContext&, std::span<const Value>) {
  return Value::map();
}

Value refused(CallContext&, std::span<const Value>) {
  throw FunctionError("refused function called");
}

// Random, time and key-making functions: their output cannot be reproduced byte for byte.
constexpr const char* kRefused[] = {"randAlphaNum",
                                    "randAlpha",
                                    "randNumeric",
                                    "randAscii",
                                    "randInt",
                                    "randBytes",
                                    "uuidv4",
                                    "shuffle",
                                    "now",
                                    "date",
                                    "dateInZone",
                                    "date_in_zone",
                                    "dateModify",
                                    "date_modify",
                                    "mustDateModify",
                                    "must_date_modify",
                                    "ago",
                                    "htmlDate",
                                    "htmlDateInZone",
                                    "toDate",
                                    "mustToDate",
                                    "unixEpoch",
                                    "duration",
                                    "durationRound",
                                    "bcrypt",
                                    "htpasswd",
                                    "genCA",
                                    "genCAWithKey",
                                    "genPrivateKey",
                                    "genSelfSignedCert",
                                    "genSelfSignedCertWithKey",
                                    "genSignedCert",
                                    "genSignedCertWithKey",
                                    "buildCustomCert",
                                    "derivePassword",
                                    "encryptAES",
                                    "decryptAES"};

struct Table {
  FunctionList list;
  std::unordered_map<std::string_view, const Function*> by_name;

  Table() {
    add_string_functions(list);
    add_regex_functions(list);
    add_encoding_functions(list);
    add_list_functions(list);
    add_dict_functions(list);
    add_default_functions(list);
    add_type_functions(list);
    add_semver_functions(list);
    add_format_functions(list);
    add_math_functions(list);
    add_data_functions(list);
    list.push_back(Function{"required", {Param::kString, Param::kAny}, false, helm_required});
    list.push_back(Function{"fail", {Param::kString}, false, helm_fail});
    list.push_back(Function{"lookup",
                            {Param::kString, Param::kString, Param::kString, Param::kString},
                            false,
                            helm_lookup});
    for (const char* name : kRefused) {
      list.push_back(Function{name, {Param::kAny}, true, refused, true});
    }
    // Later entries override earlier ones (Helm's functions replace Sprig's).
    for (const Function& f : list) by_name[f.name] = &f;
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

Builtin find_builtin(std::string_view name) {
  static const std::unordered_map<std::string_view, Builtin> builtins = {
      {"and", Builtin::kAnd},         {"or", Builtin::kOr},       {"not", Builtin::kNot},
      {"eq", Builtin::kEq},           {"ne", Builtin::kNe},       {"lt", Builtin::kLt},
      {"le", Builtin::kLe},           {"gt", Builtin::kGt},       {"ge", Builtin::kGe},
      {"len", Builtin::kLen},         {"index", Builtin::kIndex}, {"call", Builtin::kCall},
      {"include", Builtin::kInclude}, {"tpl", Builtin::kTpl},
  };
  auto it = builtins.find(name);
  return it == builtins.end() ? Builtin::kNone : it->second;
}

const Function* find_function(std::string_view name) {
  const auto& t = table();
  auto it = t.by_name.find(name);
  return it == t.by_name.end() ? nullptr : it->second;
}

}  // namespace render::tmpl
