#include "chart/capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "template/function.hpp"

namespace render::chart {
namespace {

std::string join_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ' ';
    out += items[i];
  }
  return out + "]";
}

// common.KubeVersion. Reached as a field (.Capabilities.KubeVersion) it is addressable, and
// text/template prints it through the String method of its pointer; a function receives a copy,
// which prints as the struct.
class KubeVersionObject : public Object {
 public:
  KubeVersionObject(KubeVersion v, bool addressable)
      : v_(std::move(v)), addressable_(addressable) {}
  std::string_view type_name() const override { return "common.KubeVersion"; }
  bool field(std::string_view name, Value& out) const override {
    // GitVersion and String are methods of the pointer: a copy has neither.
    if (!addressable_ && (name == "GitVersion" || name == "String")) return false;
    if (name == "Version" || name == "GitVersion")
      out = Value::string(v_.version);
    else if (name == "Major")
      out = Value::string(v_.major);
    else if (name == "Minor")
      out = Value::string(v_.minor);
    else if (name == "String")
      out = Value::string(v_.normalized);
    else
      return false;
    return true;
  }
  std::string print() const override {
    if (addressable_) return v_.normalized;
    return "{" + v_.version + " " + v_.normalized + " " + v_.major + " " + v_.minor + "}";
  }
  bool fields(std::vector<StructField>& out) const override {
    out = {{"Version", Value::string(v_.version), "Version"},
           {"normalizedVersion", Value::string(v_.normalized), ""},
           {"Major", Value::string(v_.major), "Major"},
           {"Minor", Value::string(v_.minor), "Minor"}};
    return true;
  }
  Value copied() const override {
    if (!addressable_) return Value();
    return Value::object(std::make_shared<KubeVersionObject>(v_, false));
  }

 private:
  KubeVersion v_;
  bool addressable_;
};

class VersionSetObject : public Object {
 public:
  explicit VersionSetObject(std::vector<std::string> v) : versions_(std::move(v)) {}
  std::string_view type_name() const override { return "common.VersionSet"; }
  bool field(std::string_view, Value&) const override { return false; }
  std::optional<std::size_t> string_method_arity(std::string_view name) const override {
    if (name == "Has") return 1;
    return std::nullopt;
  }
  bool call(std::string_view name, std::span<const Value> args, Value& out) const override {
    if (name != "Has") return false;
    if (args.size() != 1) {
      throw tmpl::FunctionError("wrong number of args for Has: want 1 got " +
                                std::to_string(args.size()));
    }
    if (!args[0].is_string()) {
      throw tmpl::FunctionError("wrong type for value; expected string; got " +
                                std::string(args[0].type_name()));
    }
    const std::string& v = args[0].as_string();
    out = Value::boolean(std::find(versions_.begin(), versions_.end(), v) != versions_.end());
    return true;
  }
  std::string print() const override { return join_list(versions_); }
  bool elements(List& out) const override {
    out.clear();
    for (const auto& v : versions_) out.push_back(Value::string(v));
    return true;
  }
  bool json_value(Value& out) const override {
    List items;
    elements(items);
    out = Value::list(std::move(items));
    return true;
  }

 private:
  std::vector<std::string> versions_;
};

// version.BuildInfo of the helm release the output matches.
class HelmVersionObject : public Object {
 public:
  std::string_view type_name() const override { return "version.BuildInfo"; }
  bool field(std::string_view name, Value& out) const override {
    for (const auto& f : kFields) {
      if (name == f.name) {
        out = Value::string(std::string(f.value));
        return true;
      }
    }
    return false;
  }
  std::string print() const override {
    std::string out = "{";
    for (const auto& f : kFields) {
      if (out.size() > 1) out += ' ';
      out += f.value;
    }
    return out + "}";
  }
  bool fields(std::vector<StructField>& out) const override {
    out.clear();
    for (const auto& f : kFields) {
      out.push_back({f.name, Value::string(std::string(f.value)), f.json_name});
    }
    return true;
  }

 private:
  struct Info {
    std::string_view name, value, json_name;
  };
  static constexpr Info kFields[] = {
      {"Version", "v4.1.4", "version"},
      {"GitCommit", "05fa37973dc9e42b76e1d2883494c87174b6074f", "git_commit"},
      {"GitTreeState", "clean", "git_tree_state"},
      {"GoVersion", "go1.25.9", "go_version"},
      {"KubeClientVersion", "v1.35", "kube_client_version"},
  };
};

class CapabilitiesObject : public Object {
 public:
  CapabilitiesObject(KubeVersion kube, std::vector<std::string> versions)
      : kube_(std::make_shared<KubeVersionObject>(std::move(kube), true)),
        versions_(std::make_shared<VersionSetObject>(std::move(versions))),
        helm_(std::make_shared<HelmVersionObject>()) {}
  std::string_view type_name() const override { return "*common.Capabilities"; }
  bool field(std::string_view name, Value& out) const override {
    if (name == "KubeVersion")
      out = Value::object(kube_);
    else if (name == "APIVersions")
      out = Value::object(versions_);
    else if (name == "HelmVersion")
      out = Value::object(helm_);
    else
      return false;
    return true;
  }
  // The struct it points to: the fields as values (no String method).
  std::string print() const override {
    return "{" + kube_->copied().as_object()->print() + " " + versions_->print() + " " +
           helm_->print() + "}";
  }
  bool is_pointer() const override { return true; }
  bool fields(std::vector<StructField>& out) const override {
    out = {{"KubeVersion", kube_->copied(), "KubeVersion"},
           {"APIVersions", Value::object(versions_), "APIVersions"},
           {"HelmVersion", Value::object(helm_), "HelmVersion"}};
    return true;
  }

 private:
  std::shared_ptr<KubeVersionObject> kube_;
  std::shared_ptr<VersionSetObject> versions_;
  std::shared_ptr<HelmVersionObject> helm_;
};

}  // namespace

bool parse_kube_version(const std::string& text, KubeVersion& out, std::string& error) {
  // ^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$ with at least two components and no leading zeros.
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i < text.size() && text[i] == 'v') ++i;
  std::vector<std::string> parts;
  std::size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    std::size_t from = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    parts.push_back(text.substr(from, i - from));
    if (i + 1 < text.size() && text[i] == '.' &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  if (parts.empty() || i == start) {
    error = "could not parse \"" + text + "\" as version";
    return false;
  }
  if (parts.size() < 2) {
    error = "illegal version string \"" + text + "\"";
    return false;
  }
  // ParseGeneric: a leading zero only matters in the first component; each is a uint64
  // (strconv.ParseUint) and is kept as its number ("1.025" is v1.25).
  for (std::size_t k = 0; k < parts.size(); ++k) {
    std::string& p = parts[k];
    if (k == 0 && p.size() > 1 && p[0] == '0') {
      error = "illegal zero-prefixed version component \"" + p + "\" in \"" + text + "\"";
      return false;
    }
    std::size_t nonzero = std::min(p.find_first_not_of('0'), p.size() - 1);
    std::string digits = p.substr(nonzero);
    if (digits.size() > 20 || (digits.size() == 20 && digits > "18446744073709551615")) {
      error = "illegal non-numeric version component \"" + p + "\" in \"" + text +
              "\": strconv.ParseUint: parsing \"" + p + "\": value out of range";
      return false;
    }
    p = digits;
  }
  out.version = !text.empty() && text[0] == 'v' ? text : "v" + text;
  out.normalized = "v";
  for (std::size_t k = 0; k < parts.size(); ++k) out.normalized += (k ? "." : "") + parts[k];
  out.major = parts[0];
  out.minor = parts[1];
  return true;
}

KubeVersion default_kube_version() {
  return {"v1.35.0", "v1.35.0", "1", "35"};
}

const std::vector<std::string>& builtin_api_versions() {
  static const std::vector<std::string> kVersions = {"v1",
                                                     "admissionregistration.k8s.io/v1",
                                                     "admissionregistration.k8s.io/v1alpha1",
                                                     "admissionregistration.k8s.io/v1beta1",
                                                     "internal.apiserver.k8s.io/v1alpha1",
                                                     "apps/v1",
                                                     "apps/v1beta1",
                                                     "apps/v1beta2",
                                                     "authentication.k8s.io/v1",
                                                     "authentication.k8s.io/v1alpha1",
                                                     "authentication.k8s.io/v1beta1",
                                                     "authorization.k8s.io/v1",
                                                     "authorization.k8s.io/v1beta1",
                                                     "autoscaling/v1",
                                                     "autoscaling/v2",
                                                     "autoscaling/v2beta1",
                                                     "autoscaling/v2beta2",
                                                     "batch/v1",
                                                     "batch/v1beta1",
                                                     "certificates.k8s.io/v1",
                                                     "certificates.k8s.io/v1beta1",
                                                     "certificates.k8s.io/v1alpha1",
                                                     "coordination.k8s.io/v1alpha2",
                                                     "coordination.k8s.io/v1beta1",
                                                     "coordination.k8s.io/v1",
                                                     "discovery.k8s.io/v1",
                                                     "discovery.k8s.io/v1beta1",
                                                     "events.k8s.io/v1",
                                                     "events.k8s.io/v1beta1",
                                                     "extensions/v1beta1",
                                                     "flowcontrol.apiserver.k8s.io/v1",
                                                     "flowcontrol.apiserver.k8s.io/v1beta1",
                                                     "flowcontrol.apiserver.k8s.io/v1beta2",
                                                     "flowcontrol.apiserver.k8s.io/v1beta3",
                                                     "networking.k8s.io/v1",
                                                     "networking.k8s.io/v1beta1",
                                                     "node.k8s.io/v1",
                                                     "node.k8s.io/v1alpha1",
                                                     "node.k8s.io/v1beta1",
                                                     "policy/v1",
                                                     "policy/v1beta1",
                                                     "rbac.authorization.k8s.io/v1",
                                                     "rbac.authorization.k8s.io/v1beta1",
                                                     "rbac.authorization.k8s.io/v1alpha1",
                                                     "resource.k8s.io/v1",
                                                     "resource.k8s.io/v1beta2",
                                                     "resource.k8s.io/v1beta1",
                                                     "resource.k8s.io/v1alpha3",
                                                     "scheduling.k8s.io/v1alpha1",
                                                     "scheduling.k8s.io/v1beta1",
                                                     "scheduling.k8s.io/v1",
                                                     "storage.k8s.io/v1beta1",
                                                     "storage.k8s.io/v1",
                                                     "storage.k8s.io/v1alpha1",
                                                     "storagemigration.k8s.io/v1beta1",
                                                     "apiextensions.k8s.io/v1beta1",
                                                     "apiextensions.k8s.io/v1"};
  return kVersions;
}

Value capabilities_value(const KubeVersion& kube, const std::vector<std::string>& extra) {
  std::vector<std::string> versions = builtin_api_versions();
  versions.insert(versions.end(), extra.begin(), extra.end());
  return Value::object(std::make_shared<CapabilitiesObject>(kube, std::move(versions)));
}

}  // namespace render::chart
