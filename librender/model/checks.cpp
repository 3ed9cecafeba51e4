// The payload rules a JSON Schema cannot express (bad-inputs.md rows 1-30).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>

#include "render/model.hpp"

namespace render::model {
namespace {

using json = nlohmann::json;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Namespaces a payload may not deploy into: the cluster's own and the platform's.
const std::set<std::string> kReservedNamespaces = {
    "default",         "kube-system",      "kube-public",
    "kube-node-lease", "argocd",           "flux-system",
    "ingress-nginx",   "cert-manager",     "crossplane-system",
    "knative-serving", "sealed-secrets",   "secrets-store-csi-driver",
    "infisical",       "external-secrets", "istio-system"};

// A Kubernetes quantity as a number (cores or bytes), or NaN when it does not parse.
double quantity(const std::string& q) {
  static const std::pair<const char*, double> kSuffixes[] = {{"Ki", 1024.0},
                                                             {"Mi", 1048576.0},
                                                             {"Gi", 1073741824.0},
                                                             {"Ti", 1099511627776.0},
                                                             {"Pi", 1125899906842624.0},
                                                             {"Ei", 1152921504606846976.0},
                                                             {"m", 1e-3},
                                                             {"k", 1e3},
                                                             {"M", 1e6},
                                                             {"G", 1e9},
                                                             {"T", 1e12},
                                                             {"P", 1e15},
                                                             {"E", 1e18}};
  for (const auto& [suffix, factor] : kSuffixes) {
    std::string s(suffix);
    if (q.size() > s.size() && q.ends_with(s)) {
      return std::stod(q.substr(0, q.size() - s.size())) * factor;
    }
  }
  try {
    return std::stod(q);
  } catch (...) {
    return std::nan("");
  }
}

class Checker {
 public:
  explicit Checker(const schema::JsonDocument& doc) : doc_(doc), p_(doc.value) {}

  std::vector<Diagnostic> run() {
    const json& apps = p_.at("deployed_apps");
    std::string ns = p_.value("namespace", p_.value("project", std::string()));
    std::string ns_pointer = p_.contains("namespace") ? "/namespace" : "/project";
    if (kReservedNamespaces.count(ns)) {
      error(ns_pointer, "namespace `" + ns + "` belongs to the cluster or the platform",
            "choose a namespace of the project's own");
    }
    const json gitops = p_.value("gitops", json::object());
    if (gitops.value("provider", "argocd") == "argocd" && gitops.value("repo_url", "").empty()) {
      report(Severity::kWarning, code::kSemantic,
             gitops.contains("repo_url") ? "/gitops/repo_url"
                                         : (p_.contains("gitops") ? "/gitops" : ""),
             "no gitops.repo_url: the generated Argo CD Applications have no repository to follow",
             "set gitops.repo_url to the URL of the private repository this payload is written to");
    }
    if (p_.contains("environments") && !p_["environments"].contains(p_.value("environment", ""))) {
      error("/environment",
            "environment `" + p_.value("environment", "") +
                "` is not one of the payload's environments",
            "add it to `environments` or pick one of them");
    }
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < apps.size(); ++i) {
      std::string name = apps[i].value("name", "");
      auto [it, fresh] = names.emplace(name, i);
      if (!fresh) {
        error(at(i, "/name"),
              "app name `" + name + "` is used by /deployed_apps/" + std::to_string(it->second) +
                  " and /deployed_apps/" + std::to_string(i),
              "give every app its own name");
      }
    }
    for (std::size_t i = 0; i < apps.size(); ++i) app(apps[i], i, ns, names);
    hosts(apps);
    cycles(apps, names);
    return std::move(out_);
  }

 private:
  static std::string at(std::size_t i, const std::string& rest) {
    return "/deployed_apps/" + std::to_string(i) + rest;
  }

  void report(Severity severity, const char* kind, const std::string& pointer, std::string message,
              std::string hint) {
    Diagnostic d;
    d.severity = severity;
    d.code = kind;
    d.location = doc_.locate(pointer);
    d.message = std::move(message);
    d.hint = std::move(hint);
    out_.push_back(std::move(d));
  }
  void error(const std::string& pointer, std::string message, std::string hint = {}) {
    report(Severity::kError, code::kSemantic, pointer, std::move(message), std::move(hint));
  }

  void app(const json& a, std::size_t i, const std::string& ns,
           const std::map<std::string, std::size_t>& names) {
    std::string name = a.value("name", "");
    std::string kind = a.value("kind", "deployment");
    bool batch = kind == "job" || kind == "cronjob";
    auto has = [&](const char* key) { return a.contains(key); };

    if (kind == "cronjob" && !has("schedule")) error(at(i, ""), "a cronjob needs a `schedule`");
    if (kind != "cronjob" && has("schedule")) {
      error(at(i, "/schedule"), "`schedule` is only for kind cronjob, not " + kind);
    }
    if (has("schedule")) {
      std::string problem = cron_problem(a["schedule"].get<std::string>());
      if (!problem.empty()) error(at(i, "/schedule"), "invalid schedule: " + problem);
    }
    if (kind == "cronjob" && name.size() > 52) {
      error(at(i, "/name"), "CronJob name `" + name + "` is " + std::to_string(name.size()) +
                                " characters; at most 52 (the controller appends 11 to its Jobs)");
    }
    if (kind == "knative") {
      if (name.size() > 49) {
        error(at(i, "/name"), "Knative service name `" + name + "` is " +
                                  std::to_string(name.size()) +
                                  " characters; at most 49 (Knative appends its own suffixes)");
      }
      if (name.size() + 1 + ns.size() > 63) {
        error(at(i, "/name"),
              "`" + name + "-" + ns + "` (the Knative route label) is longer than 63");
      }
    }
    if (name.size() > 57 && (a.value("database", "none") != "none" ||
                             a.value("cache", "none") != "none" || a.value("expose_api", false))) {
      error(at(i, "/name"), "ApplicationClaim name `" + name +
                                "` is longer than 57 characters "
                                "(Crossplane adds a 6-character suffix)");
    }
    // platform/crossplane/application-claim.yaml names what it provisions after the service.
    if (a.value("database", "none") == "postgres" && name.size() + 9 > 63) {
      error(at(i, "/name"), "derived Service name `" + name +
                                "-postgres` (the database Crossplane provisions) exceeds 63 "
                                "characters");
    }
    if (a.value("cache", "none") == "redis" && name.size() + 13 > 63) {
      error(at(i, "/name"), "derived Service name `" + name +
                                "-redis-master` (the cache Crossplane provisions) exceeds 63 "
                                "characters");
    }
    if (name.size() + 5 > 63 && has("fqdn")) {
      error(at(i, "/name"),
            "derived Secret name `" + name + "-conn`/`" + name + "-tls` exceeds 63 characters");
    }
    if (batch) {
      for (const char* field : {"ports", "fqdn", "paths", "autoscaling", "replicas", "probes"}) {
        if (has(field))
          error(at(i, std::string("/") + field),
                std::string("`") + field + "` does not apply to a " + kind);
      }
    }
    if (kind != "knative" && has("scaling"))
      error(at(i, "/scaling"), "`scaling` is only for kind knative");
    if (kind != "deployment" && has("autoscaling") && !batch) {
      error(at(i, "/autoscaling"),
            "`autoscaling` is only for kind deployment (knative uses `scaling`)");
    }
    if (has("fqdn") && !batch) {
      bool exposed = false;
      for (const auto& port : a.value("ports", json::array()))
        exposed = exposed || port.value("expose", true);
      if (!exposed) error(at(i, "/fqdn"), "`fqdn` needs a port with expose true to route to");
      std::string host = a["fqdn"].get<std::string>();
      std::string last = host.substr(host.rfind('.') + 1);
      if (std::all_of(last.begin(), last.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        error(at(i, "/fqdn"), "`" + host + "` is an IP address; a route needs a DNS name");
      }
      bool tls = p_.value("tls", json::object()).value("enabled", true);
      if (tls && host.size() > 64) {
        error(at(i, "/fqdn"), "host is " + std::to_string(host.size()) +
                                  " bytes; certificates need a common name of at most 64");
      }
    }
    ports(a, i);
    std::set<std::string> env_names;
    const json env = a.value("env", json::object());
    const json secret_env = a.value("secret_env", json::object());
    for (const auto& [key, value] : env.items()) {
      env_names.insert(key);
      literal_secret(key, value.get<std::string>(), at(i, "/env/" + key));
    }
    for (const auto& [key, value] : secret_env.items()) {
      if (env_names.count(key)) {
        error(at(i, "/secret_env/" + key), "`" + key + "` is set in both env and secret_env",
              "keep it in secret_env only");
      }
    }
    for (const auto& dep : a.value("depends_on", json::array())) {
      std::string target = dep.get<std::string>();
      if (target == name)
        error(at(i, "/depends_on"), "`" + name + "` depends on itself");
      else if (!names.count(target))
        error(at(i, "/depends_on"),
              "depends_on names `" + target + "`, which is not an app of this payload");
    }
    auto scaling = a.value("scaling", json::object());
    if (scaling.value("max_scale", 0) > 0 &&
        scaling.value("min_scale", 0) > scaling.value("max_scale", 0)) {
      error(at(i, "/scaling"), "min_scale is larger than max_scale");
    }
    if (scaling.value("max_scale", 0) > 0 &&
        scaling.value("initial_scale", 0) > scaling.value("max_scale", 0)) {
      error(at(i, "/scaling"), "initial_scale is larger than max_scale");
    }
    auto hpa = a.value("autoscaling", json::object());
    if (hpa.value("min_replicas", 1) > hpa.value("max_replicas", 1000)) {
      error(at(i, "/autoscaling"), "min_replicas is larger than max_replicas");
    }
    auto res = a.value("resources", json::object());
    for (const char* r : {"cpu", "memory"}) {
      auto req = res.value("requests", json::object());
      auto lim = res.value("limits", json::object());
      if (req.contains(r) && lim.contains(r) &&
          quantity(req[r].get<std::string>()) > quantity(lim[r].get<std::string>())) {
        error(at(i, std::string("/resources/requests/") + r),
              std::string(r) + " request " + req[r].get<std::string>() + " is above its limit " +
                  lim[r].get<std::string>());
      }
    }
    std::string image = a.value("image", "");
    if (image.find('@') == std::string::npos && p_.value("environment", "") == "prod") {
      report(Severity::kWarning, code::kSemantic, at(i, "/image"),
             "image `" + image + "` is not pinned by digest in prod",
             "tags can move; digests cannot");
    }
  }

  void ports(const json& a, std::size_t i) {
    std::set<std::string> port_names;
    std::set<int> numbers;
    const json ports = a.value("ports", json::array());
    for (std::size_t k = 0; k < ports.size(); ++k) {
      std::string pname = ports[k].value("name", "");
      int number = ports[k].value("port", 0);
      std::string where = at(i, "/ports/" + std::to_string(k));
      if (!port_names.insert(pname).second)
        error(where + "/name", "port name `" + pname + "` is used twice in this app");
      if (!numbers.insert(number).second)
        error(where + "/port", "port " + std::to_string(number) + " is used twice in this app");
      bool letter =
          std::any_of(pname.begin(), pname.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!letter || pname.find("--") != std::string::npos) {
        error(where + "/name", "port name `" + pname + "` is not an IANA service name",
              "at most 15 lowercase letters, digits and '-', with a letter and no '--'");
      }
    }
    auto probes = a.value("probes", json::object());
    for (const char* which : {"readiness", "liveness"}) {
      if (!probes.contains(which)) continue;
      const json& port = probes[which]["port"];
      if (port.is_string() && !port_names.count(port.get<std::string>())) {
        error(at(i, std::string("/probes/") + which + "/port"),
              "probe port `" + port.get<std::string>() + "` is not one of this app's ports");
      }
    }
  }

  // A plain env value that looks like a secret: refused, naming the key and never the value.
  void literal_secret(const std::string& key, const std::string& value,
                      const std::string& pointer) {
    std::string k = upper(key);
    bool by_name = k.find("PASSWORD") != std::string::npos ||
                   k.find("PASSWD") != std::string::npos || k.find("TOKEN") != std::string::npos ||
                   k.find("SECRET") != std::string::npos || k.ends_with("_KEY") || k == "KEY" ||
                   k.find("API_KEY") != std::string::npos ||
                   k.find("PRIVATE_KEY") != std::string::npos;
    auto scheme = value.find("://");
    bool userinfo = false;
    if (scheme != std::string::npos) {
      std::string rest = value.substr(scheme + 3);
      std::string authority = rest.substr(0, rest.find('/'));
      auto at_sign = authority.find('@');
      userinfo = at_sign != std::string::npos &&
                 authority.substr(0, at_sign).find(':') != std::string::npos;
    }
    bool aws = false;
    for (std::size_t pos = value.find("AKIA"); pos != std::string::npos;
         pos = value.find("AKIA", pos + 1)) {
      std::size_t n = 0;
      while (pos + 4 + n < value.size() && n < 16 &&
             (std::isupper(static_cast<unsigned char>(value[pos + 4 + n])) ||
              std::isdigit(static_cast<unsigned char>(value[pos + 4 + n])))) {
        ++n;
      }
      aws = aws || n == 16;
    }
    bool by_value = value.find("-----BEGIN") != std::string::npos || userinfo || aws ||
                    value.starts_with("ghp_") || value.starts_with("github_pat_") ||
                    value.starts_with("sk_live_") || value.starts_with("xoxb-") ||
                    (value.starts_with("eyJ") && std::count(value.begin(), value.end(), '.') == 2);
    if (by_name || by_value) {
      report(
          Severity::kError, code::kSecret, pointer,
          "env `" + key + "` looks like a literal secret (" +
              (by_name ? std::string("by its name") : std::string("by its value")) +
              "); its value is not shown",
          "move it to secret_env (NAME: path/key in the secret manager); git history is permanent");
    }
  }

  // Hosts and paths must be unique in every environment (domain prefixes applied).
  void hosts(const json& apps) {
    std::vector<std::string> prefixes;
    const json environments = p_.value("environments", json::object());
    for (const auto& [env, settings] : environments.items()) {
      prefixes.push_back(settings.value("domain_prefix", ""));
    }
    if (prefixes.empty()) prefixes.push_back("");
    std::sort(prefixes.begin(), prefixes.end());
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
    std::set<std::string> reported;
    for (const auto& prefix : prefixes) {
      std::map<std::string, std::size_t> seen;
      for (std::size_t i = 0; i < apps.size(); ++i) {
        if (!apps[i].contains("fqdn")) continue;
        std::string host = prefix + apps[i]["fqdn"].get<std::string>();
        std::vector<std::string> paths = apps[i].value("paths", std::vector<std::string>{"/"});
        for (const auto& path : paths) {
          auto [it, fresh] = seen.emplace(host + path, i);
          if (fresh || it->second == i || !reported.insert(host + path).second) continue;
          std::string first = apps[it->second].value("name", "");
          std::string second = apps[i].value("name", "");
          error(at(i, "/fqdn"),
                "apps `" + first + "` and `" + second + "` both claim host `" + host + "` path `" +
                    path + "`",
                "give each app its own host or path");
        }
      }
    }
  }

  void cycles(const json& apps, const std::map<std::string, std::size_t>& names) {
    std::map<std::string, int> state;  // 0 new, 1 on the current path, 2 done
    std::vector<std::string> path;
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
      state[name] = 1;
      path.push_back(name);
      const json& a = apps[names.at(name)];
      for (const auto& dep : a.value("depends_on", json::array())) {
        std::string d = dep.get<std::string>();
        if (d == name || !names.count(d)) continue;  // reported already
        if (state[d] == 1) {
          std::string cycle;
          for (auto it = std::find(path.begin(), path.end(), d); it != path.end(); ++it)
            cycle += *it + " -> ";
          error(at(names.at(name), "/depends_on"), "depends_on forms a cycle: " + cycle + d,
                "remove one of these dependencies");
        } else if (state[d] == 0) {
          visit(d);
        }
      }
      path.pop_back();
      state[name] = 2;
    };
    for (const auto& [name, index] : names) {
      if (state[name] == 0) visit(name);
    }
  }

  const schema::JsonDocument& doc_;
  const json& p_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check_payload(const schema::JsonDocument& payload) {
  return Checker(payload).run();
}

}  // namespace render::model
