// The function table: every family, then Helm's own functions, then the refused ones.
#include "template/functions.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
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

// time.Duration.String() of a whole number of nanoseconds.
std::string duration_string(std::int64_t d) {
  if (d == 0) return "0s";
  bool neg = d < 0;
  std::uint64_t u = neg ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  std::string out;
  if (u < 1000000000ULL) {
    // Sub-second: ns, µs or ms with a fraction.
    const char* unit = "ns";
    std::uint64_t scale = 1;
    if (u >= 1000000ULL) {
      unit = "ms";
      scale = 1000000ULL;
    } else if (u >= 1000ULL) {
      unit = "\xc2\xb5s";
      scale = 1000ULL;
    }
    out = std::to_string(u / scale);
    std::string frac = std::to_string(u % scale + scale).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) out += "." + frac;
    out += unit;
    return (neg ? "-" : "") + out;
  }
  std::uint64_t secs = u / 1000000000ULL, nanos = u % 1000000000ULL;
  std::string frac = std::to_string(nanos + 1000000000ULL).substr(1);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string s = std::to_string(secs % 60) + (frac.empty() ? "" : "." + frac) + "s";
  std::uint64_t mins = secs / 60;
  if (mins > 0) {
    s = std::to_string(mins % 60) + "m" + s;
    std::uint64_t hours = mins / 60;
    if (hours > 0) s = std::to_string(hours) + "h" + s;
  }
  return (neg ? "-" : "") + s;
}

// Sprig's duration: seconds (an int64 or a decimal string; anything else counts as 0).
Value sprig_duration(CallContext&, std::span<const Value> args) {
  std::int64_t n = 0;
  const Value& v = args[0];
  if (v.kind() == Value::Kind::kInt64) {
    n = v.as_int();
  } else if (v.is_string()) {
    char* end = nullptr;
    long long parsed = std::strtoll(v.as_string().c_str(), &end, 10);
    if (!v.as_string().empty() && *end == '\0') n = parsed;
  }
  return Value::string(duration_string(n * 1000000000LL));
}

// time.ParseDuration; false when the text is not a duration.
bool parse_duration(std::string_view s, std::int64_t& out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    out = 0;
    return true;
  }
  if (s.empty()) return false;
  double total = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (i == 0) return false;
    double n = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
    s.remove_prefix(i);
    std::size_t j = 0;
    while (j < s.size() && !((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
    std::string_view unit = s.substr(0, j);
    s.remove_prefix(j);
    double scale = 0;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") {
      scale = 1e3;
    } else if (unit == "ms") {
      scale = 1e6;
    } else if (unit == "s") {
      scale = 1e9;
    } else if (unit == "m") {
      scale = 60e9;
    } else if (unit == "h") {
      scale = 3600e9;
    } else {
      return false;
    }
    total += n * scale;
  }
  out = static_cast<std::int64_t>(neg ? -total : total);
  return true;
}

// Sprig's durationRound: a duration string or int64 nanoseconds, as its largest unit.
Value sprig_duration_round(CallContext&, std::span<const Value> args) {
  std::int64_t d = 0;
  const Value& v = args[0];
  if (v.kind() == Value::Kind::kInt64) {
    d = v.as_int();
  } else if (v.is_string()) {
    if (!parse_duration(v.as_string(), d)) d = 0;
  }
  std::uint64_t u = d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  constexpr std::uint64_t kSecond = 1000000000ULL, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                          kDay = 24 * kHour, kMonth = 30 * kDay, kYear = 365 * kDay;
  const std::pair<std::uint64_t, const char*> units[] = {
      {kYear, "y"}, {kMonth, "mo"}, {kDay, "d"}, {kHour, "h"}, {kMinute, "m"}, {kSecond, "s"}};
  for (const auto& [size, name] : units) {
    if (u > size) return Value::string(std::to_string(u / size) + name);
  }
  return Value::string("0s");
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
    list.push_back(Function{"duration", {Param::kAny}, false, sprig_duration});
    list.push_back(Function{"durationRound", {Param::kAny}, false, sprig_duration_round});
    // Sprig's aliases.
    for (const Function& f : FunctionList(list)) {
      if (f.name == "list") list.push_back(Function{"tuple", f.params, f.variadic, f.impl});
    }
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
