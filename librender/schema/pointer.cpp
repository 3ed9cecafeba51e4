#include "pointer.hpp"

#include <cstdio>

#include "render/schema.hpp"

namespace render::schema {

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

Diagnostic too_large(const std::string& file, std::size_t size, std::size_t limit) {
  Diagnostic d;
  d.code = code::kLimit;
  d.location = {file, 1, 1, ""};
  d.message =
      "input is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limit);
  return d;
}

namespace {

Location nearest(const JsonDocument& doc, const std::map<std::string, Position>& table,
                 std::string_view pointer) {
  std::string p(pointer);
  while (true) {
    auto it = table.find(p);
    if (it != table.end()) return {doc.file, it->second.line, it->second.col, std::string(pointer)};
    if (p.empty()) return {doc.file, 0, 0, std::string(pointer)};
    p.resize(p.rfind('/'));
  }
}

}  // namespace

Location JsonDocument::locate(std::string_view pointer) const {
  return nearest(*this, values, pointer);
}

Location JsonDocument::locate_key(std::string_view pointer) const {
  auto it = keys.find(std::string(pointer));
  if (it != keys.end()) return {file, it->second.line, it->second.col, std::string(pointer)};
  return locate(pointer);
}

}  // namespace render::schema
