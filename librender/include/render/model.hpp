// The model: a deployed_apps payload as typed C++ (AppConfig), the rules the schema cannot
// express, and the generated source of truth, config/app-config.yaml (docs/app-config.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "render/diagnostic.hpp"
#include "render/schema.hpp"
#include "render/value.hpp"

namespace render::model {

struct Image {
  std::string repository;
  std::string tag;     // "" when pinned by digest only
  std::string digest;  // "sha256:<64 hex>" or ""
};

struct Port {
  std::string name;
  int port = 0;
  bool expose = true;
};

struct Resources {
  std::string request_cpu, request_memory, limit_cpu, limit_memory;
};

struct Probe {
  bool enabled = false;
  std::string http_path;  // "" for a TCP probe
  std::string port;       // a port name or number
  int initial_delay_seconds = 0;
};

struct EnvVar {
  std::string name;
  std::string value;
};

struct SecretEnvVar {
  std::string name;
  std::string path;  // folder in the secret manager
  std::string key;
};

struct Service {
  std::string name;
  std::string kind = "deployment";  // deployment | cronjob | job | knative
  Image image;
  int replicas = 1;
  std::vector<Port> ports;
  std::string host;  // "" when the service has no external route
  std::vector<std::string> paths;
  std::string tls_secret_name;
  Resources resources;
  Probe readiness, liveness;
  std::vector<EnvVar> env;               // sorted by name
  std::vector<SecretEnvVar> secret_env;  // sorted by name
  std::vector<std::string> command, args;
  std::string schedule;
  struct {
    bool enabled = false;
    int min_replicas = 0, max_replicas = 0, target_cpu_percent = 0;
  } autoscaling;
  struct {
    int min_scale = 0, max_scale = 0, initial_scale = 0, target_concurrency = 0;
  } scaling;
  std::string database = "none", cache = "none";
  bool expose_api = false;
  std::string language, framework;
  struct {
    bool enabled = false;
    std::string name, connection_secret;
  } claim;
  std::vector<std::string> depends_on;
  int sync_wave = 0;
};

struct Environment {
  std::string tls_issuer;
  std::string domain_prefix;
  int replicas = 0;  // 0: keep each service's own
};

struct AppConfig {
  int schema_version = 1;
  std::string project, ns, environment, base_domain;
  struct {
    bool enabled = true;
    std::string issuer = "letsencrypt-prod";
  } tls;
  struct {
    std::string provider = "nginx", class_name = "nginx";
  } ingress;
  bool network_policies = true;
  struct {
    std::string provider = "infisical", host_url, project_slug, env_slug, auth = "kubernetes";
  } secrets;
  struct {
    std::string provider = "argocd", repo_url, revision = "main";
  } gitops;
  std::map<std::string, Environment> environments;  // sorted by name
  std::vector<Service> services;                    // payload order
};

// Every rule of the payload the schema cannot express (bad-inputs.md rows 1-30): uniqueness of
// names, hosts+paths and ports, derived-name lengths, depends_on targets and cycles, cron
// syntax, kind-specific fields, literal secrets (never echoing a value), namespaces. The
// document must already satisfy the deployed-apps schema.
std::vector<Diagnostic> check_payload(const schema::JsonDocument& payload);

// The app-config of a valid payload (defaults made explicit, derived values computed).
AppConfig build_app_config(const schema::JsonDocument& payload);

// The app-config as chart values (camelCase keys, see docs/app-config.md).
Value to_values(const AppConfig& config);

// The bytes of config/app-config.yaml.
std::string app_config_yaml(const AppConfig& config);

// The bytes of config/app-config.yaml for app-config values (a header comment, then toYaml).
std::string app_config_text(const Value& values);

// The whole front half of the pipeline for a payload's text: parse, schema, semantic checks,
// mapping, and validation of the result against the app-config schema. Throws render::Error
// with every diagnostic when the payload is not valid; warnings are returned.
struct Compiled {
  AppConfig config;
  Value values;
  std::string yaml;
  std::vector<Diagnostic> warnings;
};
Compiled compile_payload(std::string_view text, const std::string& file);

// The image roll CI does: services[name].image.{tag,digest} set in an app-config's text, or with
// `env`, environments[env].images[name].{tag,digest} (what that environment runs instead), the
// result validated against the app-config schema. Throws render::Error (E_SEMANTIC for an
// unknown service or environment, E_SCHEMA for a bad tag or digest, E_PARSE for an unreadable
// file).
struct ImageChange {
  std::string yaml;       // the new config/app-config.yaml
  Value values;           // the same as values
  std::string old_image;  // "repo:tag[@digest]"
  std::string new_image;
};
ImageChange set_image(std::string_view app_config_yaml, const std::string& file,
                      const std::string& service, const std::string& tag, const std::string& digest,
                      const std::string& env = "");

// Loads and validates an app-config file: its values, or render::Error with every problem.
Value load_app_config(std::string_view text, const std::string& file);

// The environment names of app-config values, sorted.
std::vector<std::string> environment_names(const Value& app_config);

// What `validate` reports for one file: a deployed_apps payload (JSON) or an app-config (YAML,
// or JSON with `services` and no `deployed_apps`), told apart by extension and content. Errors
// and warnings, all of them.
std::vector<Diagnostic> validate_document(std::string_view text, const std::string& path);

// The parts of an image reference: "repo:tag", "repo@sha256:…", "repo:tag@sha256:…".
Image split_image(const std::string& reference);

// A 5-field cron expression (or @hourly-style macro) as the CronJob controller reads it; the
// reason it is not, or "" when it is.
std::string cron_problem(const std::string& expression);

}  // namespace render::model
