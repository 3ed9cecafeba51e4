// Loading YAML the way Helm loads values files, on top of yaml-cpp's parser.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "fast_load.hpp"
#include "render/base64.hpp"
#include "render/diagnostic.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// yaml.v2 reads a !!binary scalar as the bytes its base64 text stands for.
const std::string kBinaryTag = "tag:yaml.org,2002:binary";

class Loader {
 public:
  explicit Loader(const LoadOptions& options) : options_(options) {}

  Value node(const YAML::Node& n, const std::string& pointer, int depth, Loaded& out) {
    if (++visited_ > options_.max_nodes) {
      fail(code::kLimit, n.Mark(),
           "more than " + std::to_string(options_.max_nodes) +
               " nodes once aliases are expanded (the limit)");
    }
    if (depth > options_.max_depth) {
      fail(code::kLimit, n.Mark(),
           "nesting deeper than " + std::to_string(options_.max_depth) + " levels (the limit)");
    }
    const bool positions = options_.record_positions;
    if (positions) {
      out.values.emplace(pointer, std::make_pair(n.Mark().line + 1, n.Mark().column + 1));
    }
    check_tag(n);
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Value();
      case YAML::NodeType::Scalar:
        return scalar(n);
      case YAML::NodeType::Sequence: {
        List items;
        for (std::size_t i = 0; i < n.size(); ++i) {
          items.push_back(
              node(n[i], positions ? pointer + "/" + std::to_string(i) : pointer, depth + 1, out));
        }
        return Value::list(std::move(items));
      }
      case YAML::NodeType::Map: {
        Map entries;
        std::vector<YAML::Node> merges;
        std::set<std::string> seen;
        for (const auto& kv : n) {
          const YAML::Node& k = kv.first;
          if (k.IsScalar() && k.Tag() == "?" && k.Scalar() == "<<") {
            merges.push_back(kv.second);
            continue;
          }
          std::string key = key_text(k);
          if (!seen.insert(key).second && options_.refuse_duplicate_keys) {
            fail(code::kParse, k.Mark(), "duplicate key `" + key + "`");
          }
          if (!positions) {
            entries[key] = node(kv.second, pointer, depth + 1, out);
            continue;
          }
          std::string child = pointer + "/" + escape_pointer_token(key);
          out.keys.emplace(child, std::make_pair(k.Mark().line + 1, k.Mark().column + 1));
          entries[key] = node(kv.second, child, depth + 1, out);
        }
        // "<<: *base" (or a list of them): keys not set here come from the merged maps, the
        // earlier map winning.
        for (const auto& merge : merges) {
          std::vector<YAML::Node> sources;
          if (merge.IsSequence()) {
            for (const auto& m : merge) sources.push_back(m);
          } else {
            sources.push_back(merge);
          }
          for (const auto& src : sources) {
            if (!src.IsMap()) fail(code::kParse, src.Mark(), "a `<<` merge needs a mapping");
            Loaded scratch;
            Value merged = node(src, pointer, depth + 1, scratch);
            for (const auto& [key, value] : merged.as_map()) entries.emplace(key, value);
          }
        }
        return Value::map(std::move(entries));
      }
    }
    return Value();
  }

  [[noreturn]] void fail(const char* kind, const YAML::Mark& mark, const std::string& message) {
    Diagnostic d;
    d.code = kind;
    d.location = {options_.file, mark.line + 1, mark.column + 1, ""};
    d.message = message;
    throw Error(std::move(d));
  }

 private:
  void check_tag(const YAML::Node& n) {
    const std::string& tag = n.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return;
    static const std::set<std::string> kCore = {"tag:yaml.org,2002:str",   "tag:yaml.org,2002:int",
                                                "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                                                "tag:yaml.org,2002:null",  "tag:yaml.org,2002:map",
                                                "tag:yaml.org,2002:seq"};
    if (tag == kBinaryTag) return;  // a !!binary collection is read as if untagged
    if (!kCore.count(tag)) fail(code::kParse, n.Mark(), "unsupported tag `" + tag + "`");
  }

  // A map key as Helm sees it: plain keys are resolved (so `n:` becomes "false") and printed.
  std::string key_text(const YAML::Node& k) {
    if (!k.IsScalar()) fail(code::kParse, k.Mark(), "only scalar map keys are supported");
    if (k.Tag() != "?") return k.Scalar();
    PlainScalar r = resolve_plain(k.Scalar());
    switch (r.kind) {
      case PlainScalar::Kind::kBool:
        return r.boolean ? "true" : "false";
      case PlainScalar::Kind::kNull:
        fail(code::kParse, k.Mark(), "a null map key is not allowed");
      default:
        return k.Scalar();
    }
  }

  Value scalar(const YAML::Node& n) {
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return Value::string(n.Scalar());
    if (tag == kBinaryTag) {
      // yaml.v2 decodes the bytes into a string; Helm's values then pass through JSON, which
      // turns the bytes that are not UTF-8 into U+FFFD.
      std::string bytes, error;
      if (!base64_decode(n.Scalar(), bytes, error)) {
        fail(code::kParse, n.Mark(), "!!binary value contains invalid base64 data");
      }
      return Value::string(coerce_to_utf8(bytes));
    }
    PlainScalar r = resolve_plain(n.Scalar());
    switch (r.kind) {
      case PlainScalar::Kind::kNull:
        return Value();
      case PlainScalar::Kind::kBool:
        return Value::boolean(r.boolean);
      case PlainScalar::Kind::kInt:
        return Value::number(static_cast<double>(r.integer));
      case PlainScalar::Kind::kFloat:
        return Value::number(r.number);
      case PlainScalar::Kind::kString:
        return Value::string(n.Scalar());
    }
    return Value();
  }

  const LoadOptions& options_;
  std::size_t visited_ = 0;
};

}  // namespace

Loaded load(std::string_view text, const LoadOptions& options) {
  Loaded out;
  if (!options.record_positions) {
    if (std::optional<Value> fast = fast_load(text, options)) {
      out.value = std::move(*fast);
      return out;
    }
  }
  Loader loader(options);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    loader.fail(code::kLimit, e.mark, "nesting deeper than the YAML parser allows");
  } catch (const YAML::Exception& e) {
    loader.fail(code::kParse, e.mark, e.msg);
  }
  if (!root || root.IsNull()) {
    out.value = Value::map();
    return out;
  }
  out.value = loader.node(root, "", 0, out);
  return out;
}

}  // namespace render::yaml
