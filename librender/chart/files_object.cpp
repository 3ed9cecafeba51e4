#include "chart/files_object.hpp"

#include <map>
#include <memory>
#include <optional>

#include "chart/glob.hpp"
#include "render/yaml.hpp"
#include "template/function.hpp"

namespace render::chart {
namespace {

using FileMap = std::map<std::string, std::shared_ptr<const std::string>, std::less<>>;

std::string base64(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned>(static_cast<unsigned char>(in[k]));
  };
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    unsigned n = byte(i) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned n = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const std::string& string_arg(std::string_view method, std::span<const Value> args) {
  if (args.size() != 1) {
    throw tmpl::FunctionError("wrong number of args for " + std::string(method) + ": want 1 got " +
                              std::to_string(args.size()));
  }
  if (!args[0].is_string()) {
    std::string got = args[0].is_nil() ? "interface {}" : std::string(args[0].type_name());
    throw tmpl::FunctionError("wrong type for value; expected string; got " + got);
  }
  return args[0].as_string();
}

class FilesObject : public Object {
 public:
  explicit FilesObject(FileMap files) : files_(std::move(files)) {}

  std::string_view type_name() const override { return "engine.files"; }

  bool field(std::string_view name, Value& out) const override {
    if (name == "AsConfig" || name == "AsSecrets") {
      Map::Items m;  // base names are not in the order of the paths
      for (const auto& [path, data] : files_) {
        m.emplace_back(base_name(path), Value::string(name == "AsConfig" ? *data : base64(*data)));
      }
      out = Value::string(yaml::to_yaml(Value::map(Map::from_entries(std::move(m)))));
      return true;
    }
    if (name == "Get" || name == "GetBytes" || name == "Glob" || name == "Lines") return false;
    // Underneath a map[string][]byte: any other name is a key, a missing one an empty value.
    auto it = files_.find(std::string(name));
    out = Value::bytes(it == files_.end() ? std::string() : *it->second);
    return true;
  }

  bool truthy() const override { return !files_.empty(); }

  bool json_value(Value& out) const override {
    Map m;
    entries(m);
    out = Value::map(std::move(m));
    return true;
  }

  bool call(std::string_view name, std::span<const Value> args, Value& out) const override {
    if (name == "Get" || name == "GetBytes") {
      auto it = files_.find(string_arg(name, args));
      std::string data = it == files_.end() ? std::string() : *it->second;
      out = name == "Get" ? Value::string(std::move(data)) : Value::bytes(std::move(data));
      return true;
    }
    if (name == "Glob") {
      Glob glob(string_arg(name, args));
      FileMap matched;
      for (const auto& [path, data] : files_) {
        if (glob.match(path)) matched.emplace(path, data);
      }
      out = Value::object(std::make_shared<FilesObject>(std::move(matched)));
      return true;
    }
    if (name == "Lines") {
      auto it = files_.find(string_arg(name, args));
      List lines;
      if (it != files_.end()) {
        std::string_view s = *it->second;
        if (s.empty()) {
          // Helm indexes s[len(s)-1] here and panics.
          throw tmpl::FunctionError("runtime error: index out of range [-1]");
        }
        if (s.back() == '\n') s.remove_suffix(1);
        for (;;) {
          auto nl = s.find('\n');
          lines.push_back(Value::string(std::string(s.substr(0, nl))));
          if (nl == std::string_view::npos) break;
          s.remove_prefix(nl + 1);
        }
      }
      out = Value::list(std::move(lines)).with_elements(Value::Elements::kStrings);  // []string
      return true;
    }
    return field(name, out) && args.empty();
  }

  bool entries(Map& out) const override {
    for (const auto& [path, data] : files_) out[path] = Value::bytes(*data);
    return true;
  }

  std::optional<std::size_t> string_method_arity(std::string_view name) const override {
    if (name == "Get" || name == "GetBytes" || name == "Glob" || name == "Lines") return 1;
    if (name == "AsConfig" || name == "AsSecrets") return 0;
    return std::nullopt;
  }

  // fmt's %v of map[string][]byte: keys sorted, contents as byte lists.
  std::string print() const override {
    std::string out = "map[";
    bool first = true;
    for (const auto& [path, data] : files_) {
      if (!first) out += ' ';
      first = false;
      out += path + ":[";
      for (std::size_t i = 0; i < data->size(); ++i) {
        if (i) out += ' ';
        out += std::to_string(static_cast<unsigned char>((*data)[i]));
      }
      out += ']';
    }
    return out + "]";
  }

 private:
  FileMap files_;
};

}  // namespace

Value files_value(const std::vector<File>& files) {
  FileMap m;
  for (const auto& f : files) m[f.name] = std::make_shared<const std::string>(f.data);
  return Value::object(std::make_shared<FilesObject>(std::move(m)));
}

}  // namespace render::chart
