// From a valid payload to the app-config: defaults made explicit, derived values computed.
#include <algorithm>
#include <functional>

#include "render/model.hpp"
#include "render/yaml.hpp"

namespace render::model {
namespace {

using json = nlohmann::json;

std::string str(const json& obj, const char* key, const std::string& fallback = "") {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

int integer(const json& obj, const char* key, int fallback = 0) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

bool boolean(const json& obj, const char* key, bool fallback) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const json& section(const json& obj, const char* key) {
  static const json kEmpty = json::object();
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : kEmpty;
}

Resources preset(const std::string& name) {
  if (name == "large") return {"500m", "512Mi", "2", "1Gi"};
  if (name == "medium") return {"250m", "256Mi", "1", "512Mi"};
  return {"100m", "128Mi", "500m", "256Mi"};
}

Probe probe(const json& p) {
  Probe out;
  if (!p.is_object()) return out;
  out.enabled = true;
  out.http_path = boolean(p, "tcp", false) ? "" : str(p, "http_path", "/");
  const json& port = p.at("port");
  out.port = port.is_string() ? port.get<std::string>() : std::to_string(port.get<int>());
  out.initial_delay_seconds = integer(p, "initial_delay_seconds");
  return out;
}

// Sync waves: a service waits for everything it depends on (check_payload refuses cycles).
void assign_waves(std::vector<Service>& services) {
  std::map<std::string, Service*> by_name;
  for (auto& s : services) by_name[s.name] = &s;
  std::map<std::string, int> wave;
  std::function<int(const Service&)> compute = [&](const Service& s) -> int {
    auto it = wave.find(s.name);
    if (it != wave.end()) return it->second;
    wave[s.name] = 0;  // guards a cycle, which validation has already refused
    int w = 0;
    for (const auto& dep : s.depends_on) {
      auto d = by_name.find(dep);
      if (d != by_name.end()) w = std::max(w, compute(*d->second) + 1);
    }
    return wave[s.name] = w;
  };
  for (auto& s : services) s.sync_wave = compute(s);
}

}  // namespace

Image split_image(const std::string& reference) {
  Image image;
  std::string rest = reference;
  auto at = rest.find('@');
  if (at != std::string::npos) {
    image.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    image.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  image.repository = rest;
  return image;
}

AppConfig build_app_config(const schema::JsonDocument& payload) {
  const json& p = payload.value;
  AppConfig c;
  c.project = str(p, "project");
  c.ns = str(p, "namespace", c.project);
  c.environment = str(p, "environment");
  c.base_domain = str(p, "base_domain");
  const json& tls = section(p, "tls");
  c.tls.enabled = boolean(tls, "enabled", true);
  c.tls.issuer = str(tls, "issuer", "letsencrypt-prod");
  const json& ingress = section(p, "ingress");
  c.ingress.provider = str(ingress, "provider", "nginx");
  c.ingress.class_name = str(ingress, "class_name",
                             c.ingress.provider == "traefik" ? "traefik"
                             : c.ingress.provider == "nginx" ? "nginx"
                                                             : "");
  c.network_policies = boolean(p, "network_policies", true);
  const json& secrets = section(p, "secrets");
  c.secrets.provider = str(secrets, "provider", "infisical");
  c.secrets.host_url = str(secrets, "host_url", "https://app.infisical.com");
  c.secrets.project_slug = str(secrets, "project_slug", c.project);
  c.secrets.env_slug = str(secrets, "env_slug", c.environment);
  c.secrets.auth = str(secrets, "auth", "kubernetes");
  const json& gitops = section(p, "gitops");
  c.gitops.provider = str(gitops, "provider", "argocd");
  c.gitops.repo_url = str(gitops, "repo_url");
  c.gitops.revision = str(gitops, "revision", "main");

  const json& envs = section(p, "environments");
  for (const auto& [name, settings] : envs.items()) {
    c.environments[name] = {str(settings, "tls_issuer", c.tls.issuer),
                            str(settings, "domain_prefix"), integer(settings, "replicas")};
  }
  if (c.environments.empty()) c.environments[c.environment] = {c.tls.issuer, "", 0};

  for (const json& a : p.at("deployed_apps")) {
    Service s;
    s.name = str(a, "name");
    s.kind = str(a, "kind", "deployment");
    s.image = split_image(str(a, "image"));
    bool batch = s.kind == "job" || s.kind == "cronjob";
    s.replicas = integer(a, "replicas", batch ? 0 : 1);
    if (auto it = a.find("ports"); it != a.end()) {
      for (const json& port : *it) {
        s.ports.push_back(
            {str(port, "name"), integer(port, "port"), boolean(port, "expose", true)});
      }
    }
    s.host = str(a, "fqdn");
    if (auto it = a.find("paths"); it != a.end()) {
      s.paths = it->get<std::vector<std::string>>();
    } else if (!s.host.empty()) {
      s.paths = {"/"};
    }
    s.tls_secret_name = c.tls.enabled && !s.host.empty() ? s.name + "-tls" : "";
    const json& res = section(a, "resources");
    if (res.contains("preset") || res.empty()) {
      s.resources = preset(str(res, "preset", "small"));
    } else {
      const json& req = section(res, "requests");
      const json& lim = section(res, "limits");
      s.resources = {str(req, "cpu"), str(req, "memory"), str(lim, "cpu"), str(lim, "memory")};
    }
    const json& probes = section(a, "probes");
    s.readiness = probe(probes.value("readiness", json()));
    s.liveness = probe(probes.value("liveness", json()));
    for (const auto& [name, value] : section(a, "env").items())
      s.env.push_back({name, value.get<std::string>()});
    for (const auto& [name, ref] : section(a, "secret_env").items()) {
      std::string r = ref.get<std::string>();
      auto slash = r.rfind('/');
      s.secret_env.push_back({name, r.substr(0, slash), r.substr(slash + 1)});
    }
    if (auto it = a.find("command"); it != a.end()) s.command = it->get<std::vector<std::string>>();
    if (auto it = a.find("args"); it != a.end()) s.args = it->get<std::vector<std::string>>();
    s.schedule = str(a, "schedule");
    if (auto it = a.find("autoscaling"); it != a.end()) {
      s.autoscaling = {true, integer(*it, "min_replicas", 1), integer(*it, "max_replicas"),
                       integer(*it, "target_cpu_percent", 80)};
    }
    if (auto it = a.find("scaling"); it != a.end()) {
      s.scaling = {integer(*it, "min_scale"), integer(*it, "max_scale"),
                   integer(*it, "initial_scale", 1), integer(*it, "target_concurrency", 100)};
    } else if (s.kind == "knative") {
      s.scaling = {0, 0, 1, 100};
    }
    s.database = str(a, "database", "none");
    s.cache = str(a, "cache", "none");
    s.expose_api = boolean(a, "expose_api", false);
    s.language = str(a, "language");
    s.framework = str(a, "framework");
    if (s.database != "none" || s.cache != "none" || s.expose_api) {
      s.claim = {true, s.name, s.name + "-conn"};
    }
    if (auto it = a.find("depends_on"); it != a.end())
      s.depends_on = it->get<std::vector<std::string>>();
    c.services.push_back(std::move(s));
  }
  assign_waves(c.services);
  return c;
}

Value to_values(const AppConfig& c) {
  auto S = [](const std::string& s) { return Value::string(s); };
  auto I = [](int i) { return Value::number(i); };
  auto B = [](bool b) { return Value::boolean(b); };
  auto strings = [&](const std::vector<std::string>& v) {
    List out;
    for (const auto& s : v) out.push_back(S(s));
    return Value::list(std::move(out));
  };
  auto probe_value = [&](const Probe& p) {
    return Value::map({{"enabled", B(p.enabled)},
                       {"httpPath", S(p.http_path)},
                       {"port", S(p.port)},
                       {"initialDelaySeconds", I(p.initial_delay_seconds)}});
  };
  Map envs;
  for (const auto& [name, e] : c.environments) {
    envs[name] = Value::map({{"tlsIssuer", S(e.tls_issuer)},
                             {"domainPrefix", S(e.domain_prefix)},
                             {"replicas", I(e.replicas)}});
  }
  List services;
  for (const Service& s : c.services) {
    List ports, env, secret_env;
    for (const auto& p : s.ports) {
      ports.push_back(
          Value::map({{"name", S(p.name)}, {"port", I(p.port)}, {"expose", B(p.expose)}}));
    }
    for (const auto& e : s.env)
      env.push_back(Value::map({{"name", S(e.name)}, {"value", S(e.value)}}));
    for (const auto& e : s.secret_env) {
      secret_env.push_back(
          Value::map({{"name", S(e.name)}, {"path", S(e.path)}, {"key", S(e.key)}}));
    }
    services.push_back(Value::map({
        {"name", S(s.name)},
        {"kind", S(s.kind)},
        {"image", Value::map({{"repository", S(s.image.repository)},
                              {"tag", S(s.image.tag)},
                              {"digest", S(s.image.digest)}})},
        {"replicas", I(s.replicas)},
        {"ports", Value::list(std::move(ports))},
        {"host", S(s.host)},
        {"paths", strings(s.paths)},
        {"tlsSecretName", S(s.tls_secret_name)},
        {"resources",
         Value::map({{"requests", Value::map({{"cpu", S(s.resources.request_cpu)},
                                              {"memory", S(s.resources.request_memory)}})},
                     {"limits", Value::map({{"cpu", S(s.resources.limit_cpu)},
                                            {"memory", S(s.resources.limit_memory)}})}})},
        {"probes", Value::map({{"readiness", probe_value(s.readiness)},
                               {"liveness", probe_value(s.liveness)}})},
        {"env", Value::list(std::move(env))},
        {"secretEnv", Value::list(std::move(secret_env))},
        {"command", strings(s.command)},
        {"args", strings(s.args)},
        {"schedule", S(s.schedule)},
        {"autoscaling", Value::map({{"enabled", B(s.autoscaling.enabled)},
                                    {"minReplicas", I(s.autoscaling.min_replicas)},
                                    {"maxReplicas", I(s.autoscaling.max_replicas)},
                                    {"targetCpuPercent", I(s.autoscaling.target_cpu_percent)}})},
        {"scaling", Value::map({{"minScale", I(s.scaling.min_scale)},
                                {"maxScale", I(s.scaling.max_scale)},
                                {"initialScale", I(s.scaling.initial_scale)},
                                {"targetConcurrency", I(s.scaling.target_concurrency)}})},
        {"database", S(s.database)},
        {"cache", S(s.cache)},
        {"exposeApi", B(s.expose_api)},
        {"language", S(s.language)},
        {"framework", S(s.framework)},
        {"claim", Value::map({{"enabled", B(s.claim.enabled)},
                              {"name", S(s.claim.name)},
                              {"connectionSecret", S(s.claim.connection_secret)}})},
        {"dependsOn", strings(s.depends_on)},
        {"syncWave", I(s.sync_wave)},
    }));
  }
  return Value::map({
      {"schemaVersion", I(c.schema_version)},
      {"project", S(c.project)},
      {"namespace", S(c.ns)},
      {"environment", S(c.environment)},
      {"baseDomain", S(c.base_domain)},
      {"tls", Value::map({{"enabled", B(c.tls.enabled)}, {"issuer", S(c.tls.issuer)}})},
      {"ingress",
       Value::map({{"provider", S(c.ingress.provider)}, {"className", S(c.ingress.class_name)}})},
      {"networkPolicies", B(c.network_policies)},
      {"secrets", Value::map({{"provider", S(c.secrets.provider)},
                              {"hostUrl", S(c.secrets.host_url)},
                              {"projectSlug", S(c.secrets.project_slug)},
                              {"envSlug", S(c.secrets.env_slug)},
                              {"auth", S(c.secrets.auth)}})},
      {"gitops", Value::map({{"provider", S(c.gitops.provider)},
                             {"repoUrl", S(c.gitops.repo_url)},
                             {"revision", S(c.gitops.revision)}})},
      {"environments", Value::map(std::move(envs))},
      {"services", Value::list(std::move(services))},
  });
}

std::string app_config_yaml(const AppConfig& config) {
  return app_config_text(to_values(config));
}

}  // namespace render::model
