// The function table: every family, then Helm's own functions, then the refused ones.
#include "template/functions.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/base64.hpp"
#include "render/go_url.hpp"
#include "template/functions/fmt.hpp"

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

// Random, time and key-making functions: their output cannot be reproduced byte for byte, so
// calling one is refused. Those whose result a stand-in can answer (with Go's signature, and
// Go's failures where the arguments make the real one fail) have it: with
// Options::defer_refusals the execution goes on with the stand-in's result, and the refusal
// holds only if what the execution printed is used (see render/template.hpp). A stand-in's result
// is one the real function could give, where that is simple: letters for letters, digits for
// digits, the lower bound for randInt, the text itself for shuffle; the clock's functions give
// Go's reference time (see stand_in_time).
std::int64_t stand_in_length(const Value& count) {
  constexpr std::int64_t kMaxStandIn = 1 << 20;  // the text is never printed: its length is enough
  return std::clamp<std::int64_t>(count.as_int(), 0, kMaxStandIn);
}

Value stand_in_letters(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(static_cast<std::size_t>(stand_in_length(args[0])), 'x'));
}

Value stand_in_digits(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(static_cast<std::size_t>(stand_in_length(args[0])), '0'));
}

Value stand_in_rand_int(CallContext&, std::span<const Value> args) {
  // rand.Intn(max - min) + min; Intn panics unless its bound is positive.
  if (args[1].as_int() <= args[0].as_int()) throw FunctionError("invalid argument to Intn");
  return Value::integer(args[0].as_int());
}

Value stand_in_rand_bytes(CallContext&, std::span<const Value> args) {
  if (args[0].as_int() < 0) throw FunctionError("runtime error: makeslice: len out of range");
  return Value::string(
      base64_encode(std::string(static_cast<std::size_t>(stand_in_length(args[0])), '\0')));
}

Value stand_in_uuid(CallContext&, std::span<const Value>) {
  return Value::string("00000000-0000-4000-8000-000000000000");
}

Value stand_in_same_text(CallContext&, std::span<const Value> args) {
  return args[0];
}

// The clock's stand-ins are empty only where the real text is: a document made of the text alone
// must not vanish from the output (and with it the refusal). A time.Time (now, toDate) prints as
// Go's reference time; formatted by a layout (date, dateInZone), the reference time is the layout
// itself (so `date ""` is "", as in Go); htmlDate formats it as a date; ago gives a duration.
Value stand_in_time(CallContext&, std::span<const Value>) {
  return Value::string("2006-01-02 15:04:05 -0700 MST");
}

Value stand_in_formatted_time(CallContext&, std::span<const Value> args) {
  return args[0];
}

Value stand_in_html_date(CallContext&, std::span<const Value>) {
  return Value::string("2006-01-02");
}

Value stand_in_ago(CallContext&, std::span<const Value>) {
  return Value::string("0s");
}

// sprig.certificate as genCA, genSelfSignedCert and genSignedCert return it. The stand-in's Cert
// and Key are the PEM blocks' frames without a key inside: they are never printed (the call is
// refused where they are used).
class CertificateStandIn : public Object {
 public:
  std::string_view type_name() const override { return "sprig.certificate"; }
  bool field(std::string_view name, Value& out) const override {
    if (name == "Cert") {
      out = Value::string(std::string(kCert));
    } else if (name == "Key") {
      out = Value::string(std::string(kKey));
    } else {
      return false;
    }
    out.mark_tainted();
    return true;
  }
  std::string print() const override {
    return "{" + std::string(kCert) + " " + std::string(kKey) + "}";
  }
  bool fields(std::vector<StructField>& out) const override {
    out.clear();
    for (std::string_view name : {"Cert", "Key"}) {
      Value v;
      field(name, v);
      out.push_back({name, std::move(v), name});
    }
    return true;
  }

 private:
  static constexpr std::string_view kCert =
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
  static constexpr std::string_view kKey =
      "-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n";
};

// Sprig's getNetIPs and getAlternateDNSStrs, which fail the certificate functions: a nil list
// is none; each item must be a string, and an IP address as net.ParseIP reads one (no zone).
void check_certificate_names(const Value& ips, const Value& dns_names) {
  auto not_a_string = [](std::string_view what, const Value& v) {
    const Value args[] = {v};
    return FunctionError(std::string(what) + go_sprintf("%v", args) + " is not a string");
  };
  if (ips.is_list()) {
    for (const Value& ip : ips.as_list()) {
      if (!ip.is_string()) throw not_a_string("error parsing ip: ", ip);
      bool is4 = false;
      const std::string& text = ip.as_string();
      if (text.find('%') != std::string::npos || !go_parse_ip_addr(text, is4).empty()) {
        throw FunctionError("error parsing ip: " + text);
      }
    }
  }
  if (dns_names.is_list()) {
    for (const Value& name : dns_names.as_list()) {
      if (!name.is_string()) throw not_a_string("error processing alternate dns name: ", name);
    }
  }
}

// genCA cn days, genSelfSignedCert cn ips dnsNames days, genSignedCert cn ips dnsNames days ca
// (the CA, a certificate only these make, reads as one).
Value stand_in_certificate(CallContext&, std::span<const Value> args) {
  if (args.size() >= 4) check_certificate_names(args[1], args[2]);
  static const std::shared_ptr<const Object> certificate = std::make_shared<CertificateStandIn>();
  return Value::object(certificate);
}

Value stand_in_private_key(CallContext& ctx, std::span<const Value> args) {
  const std::string& type = args[0].as_string();
  if (type != "" && type != "rsa" && type != "dsa" && type != "ecdsa" && type != "ed25519") {
    ctx.determined = true;  // Sprig's answer to a type it does not make
    return Value::string("Unknown type " + type);
  }
  return Value::string("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
}

// What bcrypt gives for a password: a hash with a random salt, or the error of a password
// bcrypt refuses, which Sprig returns as the text.
std::string bcrypt_stand_in(CallContext& ctx, const std::string& password) {
  if (password.size() > 72) {
    ctx.determined = true;
    return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
  }
  return "$2a$10$" + std::string(53, 'x');
}

Value stand_in_bcrypt(CallContext& ctx, std::span<const Value> args) {
  return Value::string(bcrypt_stand_in(ctx, args[0].as_string()));
}

Value stand_in_htpasswd(CallContext& ctx, std::span<const Value> args) {
  const std::string& user = args[0].as_string();
  if (user.find(':') != std::string::npos) {
    ctx.determined = true;
    return Value::string("invalid username: " + user);
  }
  return Value::string(user + ":" + bcrypt_stand_in(ctx, args[1].as_string()));
}

// encryptAES key text: base64 of a random IV and the text padded to AES's blocks; nothing for
// no text.
Value stand_in_encrypt_aes(CallContext& ctx, std::span<const Value> args) {
  const std::size_t size = args[1].as_string().size();
  if (size == 0) {
    ctx.determined = true;
    return Value::string("");
  }
  return Value::string(base64_encode(std::string(16 + (size / 16 + 1) * 16, '\0')));
}

struct Refused {
  const char* name;
  std::vector<Param> params;
  FunctionImpl stand_in;  // null: refused at the call
};

const std::vector<Refused>& refused_functions() {
  using P = Param;
  static const std::vector<Refused> refused = {
      {"randAlphaNum", {P::kInt}, stand_in_letters},
      {"randAlpha", {P::kInt}, stand_in_letters},
      {"randNumeric", {P::kInt}, stand_in_digits},
      {"randAscii", {P::kInt}, stand_in_letters},
      {"randInt", {P::kInt, P::kInt}, stand_in_rand_int},
      {"randBytes", {P::kInt}, stand_in_rand_bytes},
      {"uuidv4", {}, stand_in_uuid},
      {"shuffle", {P::kString}, stand_in_same_text},
      {"now", {}, stand_in_time},
      {"date", {P::kString, P::kAny}, stand_in_formatted_time},
      {"dateInZone", {P::kString, P::kAny, P::kString}, stand_in_formatted_time},
      {"date_in_zone", {P::kString, P::kAny, P::kString}, stand_in_formatted_time},
      {"ago", {P::kAny}, stand_in_ago},
      {"htmlDate", {P::kAny}, stand_in_html_date},
      {"htmlDateInZone", {P::kAny, P::kString}, stand_in_html_date},
      {"toDate", {P::kString, P::kString}, stand_in_time},
      {"bcrypt", {P::kString}, stand_in_bcrypt},
      {"htpasswd", {P::kString, P::kString}, stand_in_htpasswd},
      {"genCA", {P::kString, P::kInt}, stand_in_certificate},
      {"genPrivateKey", {P::kString}, stand_in_private_key},
      {"genSelfSignedCert", {P::kString, P::kList, P::kList, P::kInt}, stand_in_certificate},
      {"genSignedCert",
       {P::kString, P::kList, P::kList, P::kInt, P::kCertificate},
       stand_in_certificate},
      {"encryptAES", {P::kString, P::kString}, stand_in_encrypt_aes},
      // These take a time.Time, or read a key, a certificate or a password whose checks need the
      // cryptography itself: refused at the call.
      {"dateModify", {P::kAny}, nullptr},
      {"date_modify", {P::kAny}, nullptr},
      {"mustDateModify", {P::kAny}, nullptr},
      {"must_date_modify", {P::kAny}, nullptr},
      {"mustToDate", {P::kAny}, nullptr},
      {"unixEpoch", {P::kAny}, nullptr},
      {"genCAWithKey", {P::kAny}, nullptr},
      {"genSelfSignedCertWithKey", {P::kAny}, nullptr},
      {"genSignedCertWithKey", {P::kAny}, nullptr},
      {"buildCustomCert", {P::kAny}, nullptr},
      {"derivePassword", {P::kAny}, nullptr},
      {"decryptAES", {P::kAny}, nullptr},
  };
  return refused;
}

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
      if (f.name == "list") {
        list.push_back(Function{"tuple", f.params, f.variadic, f.impl});
        list.back().carries = f.carries;
      }
    }
    for (const Refused& r : refused_functions()) {
      // Without a stand-in, any arguments: the call is refused before they are looked at.
      bool any_arguments = r.stand_in == nullptr;
      list.push_back(Function{r.name, r.params, any_arguments, r.stand_in, true});
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
