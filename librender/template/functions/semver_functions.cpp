// Sprig's semver and semverCompare (Masterminds/semver v3), and the version object `semver`
// returns.
#include <memory>
#include <string>
#include <string_view>

#include "template/function.hpp"
#include "template/functions/semver.hpp"

namespace render::tmpl {
namespace {

std::string wrong_arg_count(std::string_view method, std::size_t want, std::size_t got) {
  return "wrong number of args for " + std::string(method) + ": want " + std::to_string(want) +
         " got " + std::to_string(got);
}

// A *semver.Version (pointer_) or a semver.Version value. Methods with a pointer receiver
// (Original and the comparisons) exist on the pointer only, as text/template sees them.
class SemverObject : public Object {
 public:
  SemverObject(SemVersion version, std::string original, bool pointer)
      : version_(std::move(version)), original_(std::move(original)), pointer_(pointer) {}

  // reflect.DeepEqual on the Version struct.
  bool same_fields(const SemverObject& o) const {
    return pointer_ == o.pointer_ && original_ == o.original_ &&
           version_.major == o.version_.major && version_.minor == o.version_.minor &&
           version_.patch == o.version_.patch && version_.prerelease == o.version_.prerelease &&
           version_.metadata == o.version_.metadata;
  }

  std::string_view type_name() const override {
    return pointer_ ? "*semver.Version" : "semver.Version";
  }

  bool field(std::string_view name, Value& out) const override {
    if (name == "Major") {
      out = Value::int64(static_cast<std::int64_t>(version_.major)).as_uint64();
    } else if (name == "Minor") {
      out = Value::int64(static_cast<std::int64_t>(version_.minor)).as_uint64();
    } else if (name == "Patch") {
      out = Value::int64(static_cast<std::int64_t>(version_.patch)).as_uint64();
    } else if (name == "Prerelease") {
      out = Value::string(version_.prerelease);
    } else if (name == "Metadata") {
      out = Value::string(version_.metadata);
    } else if (name == "String" || name == "Value") {
      out = Value::string(version_.str());
    } else if (name == "MarshalJSON") {
      std::string json = version_.str();  // json.Marshal of the string: only safe characters
      json.insert(json.begin(), '"');
      json.push_back('"');
      out = Value::bytes(std::move(json));
    } else if (name == "MarshalText") {
      out = Value::bytes(version_.str());
    } else if (name == "IncPatch" || name == "IncMinor" || name == "IncMajor") {
      out = increment(name);
    } else if (name == "Original" && pointer_) {
      out = Value::string(original_);
    } else {
      return false;
    }
    return true;
  }

  bool call(std::string_view name, std::span<const Value> args, Value& out) const override {
    if (name == "SetPrerelease" || name == "SetMetadata") {
      if (args.size() != 1) throw FunctionError(wrong_arg_count(name, 1, args.size()));
      if (!args[0].is_string()) {
        throw FunctionError("wrong type for value; expected string; got " +
                            std::string(args[0].type_name()));
      }
      out = with_extra(name == "SetPrerelease", args[0].as_string());
      return true;
    }
    if (pointer_ && (name == "LessThan" || name == "LessThanEqual" || name == "GreaterThan" ||
                     name == "GreaterThanEqual" || name == "Equal" || name == "Compare")) {
      if (args.size() != 1) throw FunctionError(wrong_arg_count(name, 1, args.size()));
      out = compare_method(name, args[0]);
      return true;
    }
    // The methods without parameters, called with arguments (or through call() without any).
    if (!field(name, out)) return false;
    if (!args.empty()) throw FunctionError(wrong_arg_count(name, 0, args.size()));
    return true;
  }

  std::string print() const override { return version_.str(); }
  // (semver.Version's fields are all unexported: fmt and encoding/json use its methods.)
  bool has_unexported_field(std::string_view name) const override {
    return name == "major" || name == "minor" || name == "patch" || name == "pre" ||
           name == "metadata" || name == "original";
  }

 private:
  // The "v" of the original text, which Inc* and Set* keep in their Original.
  std::string v_prefix() const { return original_.starts_with("v") ? "v" : ""; }

  Value increment(std::string_view name) const {
    SemVersion next = version_;
    next.metadata.clear();
    if (name == "IncPatch") {
      // A prerelease is dropped first: 1.2.3-rc.1 -> 1.2.3.
      if (next.prerelease.empty()) ++next.patch;
      next.prerelease.clear();
    } else if (name == "IncMinor") {
      next.prerelease.clear();
      next.patch = 0;
      ++next.minor;
    } else {
      next.prerelease.clear();
      next.patch = next.minor = 0;
      ++next.major;
    }
    std::string original = v_prefix() + next.str();
    return semver_object(std::move(next), std::move(original), false);
  }

  Value with_extra(bool prerelease, const std::string& text) const {
    if (!text.empty()) {
      std::string error = prerelease ? semver_prerelease_error(text) : semver_metadata_error(text);
      if (!error.empty()) throw FunctionError(error);
    }
    SemVersion next = version_;
    (prerelease ? next.prerelease : next.metadata) = text;
    std::string original = v_prefix() + next.str();
    return semver_object(std::move(next), std::move(original), false);
  }

  Value compare_method(std::string_view name, const Value& arg) const {
    const SemverObject* other = nullptr;
    if (arg.is_object() && arg.type_name() == "*semver.Version") {
      other = dynamic_cast<const SemverObject*>(arg.as_object().get());
    }
    if (!other && !arg.is_nil()) {
      throw FunctionError("wrong type for value; expected *semver.Version; got " +
                          std::string(arg.type_name()));
    }
    if (name == "Equal") {
      return Value::boolean(other && (other == this || version_.compare(other->version_) == 0));
    }
    // A nil *Version argument is dereferenced.
    if (!other)
      throw FunctionError("runtime error: invalid memory address or nil pointer dereference");
    int c = version_.compare(other->version_);
    if (name == "Compare") return Value::integer(c);
    if (name == "LessThan") return Value::boolean(c < 0);
    if (name == "LessThanEqual") return Value::boolean(c <= 0);
    if (name == "GreaterThan") return Value::boolean(c > 0);
    return Value::boolean(c >= 0);  // GreaterThanEqual
  }

  SemVersion version_;
  std::string original_;
  bool pointer_;
};

// semver(version string) (*semver.Version, error).
Value semver_impl(CallContext&, std::span<const Value> args) {
  const std::string& text = args[0].as_string();
  std::string error;
  auto version = SemVersion::parse(text, &error);
  if (!version) throw FunctionError(error);
  return semver_object(std::move(*version), text);
}

// semverCompare(constraint, version string) (bool, error).
Value semver_compare_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  auto constraint = SemConstraint::parse(args[0].as_string(), &error);
  if (!constraint) throw FunctionError(error);
  auto version = SemVersion::parse(args[1].as_string(), &error);
  if (!version) throw FunctionError(error);
  return Value::boolean(constraint->check(*version));
}

}  // namespace

Value semver_object(SemVersion version, std::string original, bool pointer) {
  return Value::object(
      std::make_shared<SemverObject>(std::move(version), std::move(original), pointer));
}

bool semver_deep_equal(const Object& a, const Object& b) {
  const auto* x = dynamic_cast<const SemverObject*>(&a);
  const auto* y = dynamic_cast<const SemverObject*>(&b);
  return x && y && x->same_fields(*y);
}

void add_semver_functions(FunctionList& out) {
  using enum Param;
  out.push_back(Function{"semver", {kString}, false, &semver_impl});
  out.push_back(Function{"semverCompare", {kString, kString}, false, &semver_compare_impl});
}

}  // namespace render::tmpl
