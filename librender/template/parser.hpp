// The parser: Go text/template's grammar over the lexer's items.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "template/tree.hpp"

namespace render::tmpl {

// A parse error, in Go's text: "template: <parse name>:<line>: <message>".
class ParseError : public std::runtime_error {
 public:
  ParseError(std::string text, std::string parse_name, int line, std::string message)
      : std::runtime_error(std::move(text)),
        parse_name_(std::move(parse_name)),
        line_(line),
        message_(std::move(message)) {}
  const std::string& parse_name() const { return parse_name_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

 private:
  std::string parse_name_;
  int line_;
  std::string message_;
};

// Parses `source` into templates: first its body (named `name`), then each define and block, in
// source order. Undefined functions and variables are errors, as in Go. Nodes live in `pool`.
std::vector<Tree> parse(const Source& source, const std::string& name, NodePool& pool);

}  // namespace render::tmpl
