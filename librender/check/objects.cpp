#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>
#include <set>

#include "render/check.hpp"

namespace render::check {
namespace {

// Kinds the app chart and the platform use that are not namespaced.
const std::set<std::string> kClusterScoped = {"Namespace",
                                              "ClusterRole",
                                              "ClusterRoleBinding",
                                              "CustomResourceDefinition",
                                              "ClusterIssuer",
                                              "PriorityClass",
                                              "StorageClass",
                                              "PersistentVolume",
                                              "IngressClass",
                                              "GatewayClass",
                                              "CompositeResourceDefinition",
                                              "Composition",
                                              "MutatingWebhookConfiguration",
                                              "ValidatingWebhookConfiguration",
                                              "APIService"};

// Kinds whose name must be a DNS-1035 label (it becomes a DNS name inside the cluster).
const std::set<std::string> kLabelNamed = {"Service"};

const std::set<std::string> kWorkloads = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"};

const char* kStandardLabels[] = {"app.kubernetes.io/name", "app.kubernetes.io/instance",
                                 "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by"};

bool all_of_chars(const std::string& s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}
bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool label_char(char c) {
  return lower_alnum(c) || c == '-';
}

bool dns1123_label(const std::string& s) {
  return !s.empty() && s.size() <= 63 && all_of_chars(s, label_char) && lower_alnum(s.front()) &&
         lower_alnum(s.back());
}

bool dns1035_label(const std::string& s) {
  return dns1123_label(s) && s.front() >= 'a' && s.front() <= 'z';
}

bool dns1123_subdomain(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    if (!dns1123_label(s.substr(start, dot == std::string::npos ? dot : dot - start))) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

bool label_value(const std::string& s) {
  static const std::regex re("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  return s.size() <= 63 && std::regex_match(s, re);
}

std::string scalar(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

class Checker {
 public:
  explicit Checker(const Expectations& e) : expect_(e) {}

  void check(const diff::Object& obj) {
    obj_ = &obj;
    YAML::Node doc;
    if (obj.node) {
      doc = *obj.node;  // (split_objects read it already)
    } else {
      try {
        doc = YAML::Load(obj.text);
      } catch (const YAML::Exception& e) {
        fail("is not valid YAML: " + e.msg);
        return;
      }
    }
    const std::string& kind = obj.key.kind;
    const std::string& name = obj.key.name;
    if (kLabelNamed.count(kind) ? !dns1035_label(name) : !dns1123_subdomain(name)) {
      fail(std::string("has an invalid name `") + name + "` (" +
           (kLabelNamed.count(kind) ? "a DNS-1035 label: lowercase letters, digits and '-', "
                                      "starting with a letter, at most 63"
                                    : "a DNS-1123 subdomain, at most 253") +
           ")");
    }
    bool cluster_scoped = kClusterScoped.count(kind) > 0;
    if (cluster_scoped && !expect_.allow_cluster_scoped) {
      fail("is cluster-scoped; the application may only create namespaced objects");
    }
    if (!cluster_scoped && obj.key.ns != expect_.ns) {
      fail("is in namespace `" + obj.key.ns + "`, not `" + expect_.ns + "`");
    }
    auto [it, fresh] = seen_.emplace(kind + "\n" + obj.key.ns + "\n" + name, obj.source);
    if (!fresh) fail("has the same kind, namespace and name as an object from " + it->second);

    YAML::Node labels = doc["metadata"]["labels"];
    if (expect_.require_standard_labels) {
      for (const char* label : kStandardLabels) {
        if (!labels || !labels[label]) fail(std::string("lacks the label ") + label);
      }
    }
    if (labels && labels.IsMap()) {
      for (const auto& entry : labels) {
        std::string value = scalar(entry.second);
        if (!label_value(value)) {
          fail("has an invalid value for label " + entry.first.Scalar() + ": `" + value + "`");
        }
      }
    }
    if (kWorkloads.count(kind)) check_selector(doc);
    if (kind == "Secret" && (doc["data"] || doc["stringData"])) {
      fail("carries secret data; secrets come from the secret manager, never from the repository");
    }
    if (kind == "AppProject") check_project(doc);
  }

  std::vector<Diagnostic> take() { return std::move(out_); }

 private:
  void fail(const std::string& message) {
    Diagnostic d;
    d.code = code::kCheck;
    d.location.file = obj_->source;
    d.message = obj_->key.display() + " " + message;
    out_.push_back(std::move(d));
  }

  void check_selector(const YAML::Node& doc) {
    YAML::Node match = doc["spec"]["selector"]["matchLabels"];
    if (!match || !match.IsMap() || !match["app.kubernetes.io/instance"]) {
      fail("has a selector without app.kubernetes.io/instance: it could select another app's pods");
      return;
    }
    std::string key;
    for (const auto& entry : match) key += entry.first.Scalar() + "=" + scalar(entry.second) + ",";
    auto [it, fresh] = selectors_.emplace(key, obj_->key.display());
    if (!fresh) fail("selects the same pods as " + it->second);
  }

  void check_project(const YAML::Node& doc) {
    YAML::Node spec = doc["spec"];
    for (const auto& repo : spec["sourceRepos"]) {
      if (scalar(repo).find('*') != std::string::npos) fail("allows every source repository");
    }
    for (const auto& dest : spec["destinations"]) {
      for (const char* field : {"server", "namespace", "name"}) {
        if (scalar(dest[field]).find('*') != std::string::npos) {
          fail(std::string("allows a wildcard destination ") + field);
        }
      }
    }
    for (const auto& entry : spec["clusterResourceWhitelist"]) {
      if (scalar(entry["kind"]) == "*" || scalar(entry["group"]) == "*" ||
          scalar(entry["kind"]) == "Namespace") {
        fail("allows cluster resources by wildcard or Namespace");
      }
    }
  }

  const Expectations& expect_;
  const diff::Object* obj_ = nullptr;
  std::map<std::string, std::string> seen_;
  std::map<std::string, std::string> selectors_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check_objects(const std::vector<diff::Object>& objects,
                                      const Expectations& expectations) {
  Checker checker(expectations);
  for (const auto& obj : objects) checker.check(obj);
  return checker.take();
}

}  // namespace render::check
