// Who a commit is by, and when: flags first, then the usual GIT_* variables.
#include <cstdlib>
#include <ctime>

#include "handles.hpp"
#include "render/git.hpp"

namespace render::git {
namespace {

const char* env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v && *v ? v : nullptr;
}

[[noreturn]] void bad_identity(const std::string& spec) {
  Diagnostic d;
  d.code = code::kSemantic;
  d.message = "cannot read the identity `" + spec + "`";
  d.hint = "write it as \"Name <email@example.com>\"";
  throw Error(std::move(d));
}

std::int64_t parse_seconds(const char* text, const std::string& what) {
  char* end = nullptr;
  long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v < 0) {
    Diagnostic d;
    d.code = code::kSemantic;
    d.message = what + " must be whole seconds since the epoch, got `" + text + "`";
    throw Error(std::move(d));
  }
  return v;
}

}  // namespace

Signature signature_for(const std::string& role, const std::optional<std::string>& spec) {
  Signature sig{"gitops-render", "gitops-render@localhost", 0, 0};
  if (spec) {
    auto open = spec->find('<');
    auto close = spec->rfind('>');
    if (open == std::string::npos || close == std::string::npos || close < open ||
        close + 1 != spec->size()) {
      bad_identity(*spec);
    }
    std::string name = spec->substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    sig.name = name;
    sig.email = spec->substr(open + 1, close - open - 1);
    if (sig.name.empty() || sig.email.empty() ||
        sig.email.find_first_of("<>\n") != std::string::npos) {
      bad_identity(*spec);
    }
  } else {
    if (const char* n = env("GIT_" + role + "_NAME")) sig.name = n;
    if (const char* e = env("GIT_" + role + "_EMAIL")) sig.email = e;
  }
  if (const char* date = env("GIT_" + role + "_DATE")) {
    sig.time = parse_seconds(date, "GIT_" + role + "_DATE");
  } else if (const char* epoch = env("SOURCE_DATE_EPOCH")) {
    sig.time = parse_seconds(epoch, "SOURCE_DATE_EPOCH");
  } else {
    sig.time = static_cast<std::int64_t>(std::time(nullptr));
  }
  return sig;
}

}  // namespace render::git
