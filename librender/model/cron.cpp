// Cron expressions with the grammar the Kubernetes CronJob controller accepts.
#include <cctype>
#include <vector>

#include "render/model.hpp"

namespace render::model {
namespace {

struct Field {
  const char* name;
  int min, max;
  std::vector<std::string> names;  // symbolic values, index = min + position
};

const Field kFields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
};

bool parse_value(const std::string& text, const Field& f, int& out) {
  if (text.empty()) return false;
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (upper == f.names[i]) {
      out = f.min + static_cast<int>(i);
      return true;
    }
  }
  if (text.size() > 2) return false;
  out = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  return out >= f.min && out <= f.max;
}

std::string item_problem(const std::string& item, const Field& f) {
  std::string range = item;
  auto slash = item.find('/');
  if (slash != std::string::npos) {
    range = item.substr(0, slash);
    std::string step = item.substr(slash + 1);
    int s = 0;
    Field steps{"step", 1, f.max, {}};
    if (!parse_value(step, steps, s)) return "bad step `" + step + "` in the " + f.name + " field";
  }
  if (range == "*" || (range == "?" && (f.min == 1 || f.max == 7) && f.names.size() != 12))
    return "";
  auto dash = range.find('-');
  int lo = 0, hi = 0;
  if (dash != std::string::npos) {
    if (!parse_value(range.substr(0, dash), f, lo) || !parse_value(range.substr(dash + 1), f, hi)) {
      return "`" + range + "` is out of range for the " + f.name + " field (" +
             std::to_string(f.min) + "-" + std::to_string(f.max) + ")";
    }
    if (lo > hi) return "the range `" + range + "` runs backwards";
    return "";
  }
  if (!parse_value(range, f, lo)) {
    return "`" + range + "` is out of range for the " + f.name + " field (" +
           std::to_string(f.min) + "-" + std::to_string(f.max) + ")";
  }
  return "";
}

}  // namespace

std::string cron_problem(const std::string& expression) {
  if (expression.starts_with("CRON_TZ=") || expression.starts_with("TZ=")) {
    return "a time zone cannot be part of the schedule (the CronJob's timeZone field holds it)";
  }
  if (!expression.empty() && expression[0] == '@') {
    for (const char* macro :
         {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
      if (expression == macro) return "";
    }
    return "unknown schedule macro `" + expression + "`";
  }
  std::vector<std::string> fields;
  std::string current;
  for (char c : expression) {
    if (c == ' ' || c == '\t') {
      if (!current.empty()) fields.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) fields.push_back(current);
  if (fields.size() != 5) {
    return "a schedule has 5 fields (minute hour day-of-month month day-of-week), not " +
           std::to_string(fields.size());
  }
  for (std::size_t i = 0; i < 5; ++i) {
    std::size_t start = 0;
    while (true) {
      std::size_t comma = fields[i].find(',', start);
      std::string item =
          fields[i].substr(start, comma == std::string::npos ? comma : comma - start);
      std::string problem = item_problem(item, kFields[i]);
      if (!problem.empty()) return problem;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return "";
}

}  // namespace render::model
