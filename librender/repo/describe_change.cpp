// The default commit message: what a reviewer of the history wants to know about a regeneration.
#include "render/repo.hpp"
#include "render/yaml.hpp"

namespace render::repo {
namespace {

std::map<std::string, Value> services_by_name(const Value& values) {
  std::map<std::string, Value> out;
  if (!values.is_map()) return out;
  auto it = values.as_map().find("services");
  if (it == values.as_map().end() || !it->second.is_list()) return out;
  for (const Value& s : it->second.as_list()) {
    if (s.is_map() && s.as_map().count("name") && s.as_map().at("name").is_string()) {
      out[s.as_map().at("name").as_string()] = s;
    }
  }
  return out;
}

std::string field(const Value& service, const char* key) {
  if (!service.is_map()) return "";
  auto it = service.as_map().find(key);
  if (it == service.as_map().end()) return "";
  if (it->second.is_string()) return it->second.as_string();
  if (it->second.is_number()) return yaml::to_yaml(it->second);
  return "";
}

std::string image(const Value& service) {
  if (!service.is_map() || !service.as_map().count("image")) return "";
  const Value& img = service.as_map().at("image");
  std::string out = field(img, "repository");
  if (!field(img, "tag").empty()) out += ":" + field(img, "tag");
  if (!field(img, "digest").empty()) out += "@" + field(img, "digest");
  return out;
}

}  // namespace

std::string describe_change(const std::optional<std::string>& before, const Value& now) {
  auto after = services_by_name(now);
  if (!before)
    return "gitops-render: generate the repository (" + std::to_string(after.size()) + " apps)\n";
  Value old_values;
  try {
    yaml::LoadOptions options;
    options.file = "config/app-config.yaml";
    old_values = yaml::load(*before, options).value;
  } catch (const Error&) {
    return "gitops-render: regenerate (the previous app-config could not be read)\n";
  }
  auto previous = services_by_name(old_values);
  std::vector<std::string> lines;
  for (const auto& [name, s] : after) {
    auto it = previous.find(name);
    if (it == previous.end()) {
      lines.push_back("add " + name + " (" + image(s) + ")");
      continue;
    }
    if (image(it->second) != image(s))
      lines.push_back(name + ": " + image(it->second) + " -> " + image(s));
    if (field(it->second, "replicas") != field(s, "replicas")) {
      lines.push_back(name + ": replicas " + field(it->second, "replicas") + " -> " +
                      field(s, "replicas"));
    }
    if (field(it->second, "host") != field(s, "host")) {
      lines.push_back(name + ": host " + field(it->second, "host") + " -> " + field(s, "host"));
    }
  }
  for (const auto& [name, s] : previous) {
    if (!after.count(name)) lines.push_back("remove " + name);
  }
  std::string subject = lines.size() == 1 ? lines.front()
                        : lines.empty()   ? std::string("regenerate from the same apps")
                                          : std::to_string(lines.size()) + " changes to the apps";
  std::string message = "gitops-render: " + subject + "\n";
  if (lines.size() > 1) {
    message += "\n";
    for (const auto& line : lines) message += "- " + line + "\n";
  }
  return message;
}

}  // namespace render::repo
