// The parse tree: Go text/template's node kinds, each knowing its byte offset in its source so
// that every error can name template:line:col.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/value.hpp"
#include "template/function.hpp"

namespace render::tmpl {

// One parsed text: a file of the chart (ParseName = its name) or a tpl string ("gotpl").
struct Source {
  std::string parse_name;
  std::string text;
  // 1-based line and 0-based byte column of an offset, as Go's ErrorContext reports them.
  std::pair<int, int> line_col(std::uint32_t pos) const;
  int line(std::uint32_t pos) const { return line_col(pos).first; }
};

enum class NodeType : std::uint8_t {
  kList,
  kText,
  kAction,
  kIf,
  kRange,
  kWith,
  kTemplate,
  kBreak,
  kContinue,
  kPipe,
  kCommand,
  kField,
  kChain,
  kIdentifier,
  kVariable,
  kDot,
  kNil,
  kBool,
  kNumber,
  kString,
  kComment,
  kEnd,   // parser only
  kElse,  // parser only
};

struct Node {
  Node(NodeType t, std::uint32_t p) : type(t), pos(p) {}
  virtual ~Node() = default;
  NodeType type;
  std::uint32_t pos;
  // Go's Node.String(): the source form, used as the context of error messages.
  virtual void write(std::string& out) const = 0;
  std::string str() const {
    std::string s;
    write(s);
    return s;
  }
};

struct ListNode final : Node {
  explicit ListNode(std::uint32_t p) : Node(NodeType::kList, p) {}
  std::vector<Node*> nodes;
  void write(std::string& out) const override {
    for (const Node* n : nodes) n->write(out);
  }
};

struct TextNode final : Node {
  TextNode(std::uint32_t p, std::string_view t) : Node(NodeType::kText, p), text(t) {}
  std::string text;
  void write(std::string& out) const override { out += text; }
};

struct CommentNode final : Node {
  CommentNode(std::uint32_t p, std::string_view t) : Node(NodeType::kComment, p), text(t) {}
  std::string text;
  void write(std::string& out) const override { out += "{{" + text + "}}"; }
};

struct VariableNode;

struct CommandNode final : Node {
  explicit CommandNode(std::uint32_t p) : Node(NodeType::kCommand, p) {}
  std::vector<Node*> args;
  void write(std::string& out) const override;
};

struct PipeNode final : Node {
  explicit PipeNode(std::uint32_t p) : Node(NodeType::kPipe, p) {}
  bool is_assign = false;
  std::vector<VariableNode*> decl;
  std::vector<CommandNode*> cmds;
  // The pipeline's one operand when it is nothing more than a field, a variable or dot (most
  // actions): the executor can print what it names without evaluating a command. Else null.
  const Node* plain = nullptr;
  void write(std::string& out) const override;
};

struct ActionNode final : Node {
  ActionNode(std::uint32_t p, PipeNode* pi) : Node(NodeType::kAction, p), pipe(pi) {}
  PipeNode* pipe;
  void write(std::string& out) const override {
    out += "{{";
    pipe->write(out);
    out += "}}";
  }
};

// if, range and with.
struct BranchNode final : Node {
  BranchNode(NodeType t, std::uint32_t p) : Node(t, p) {}
  PipeNode* pipe = nullptr;
  ListNode* list = nullptr;
  ListNode* else_list = nullptr;
  void write(std::string& out) const override;
};

struct TemplateNode final : Node {
  TemplateNode(std::uint32_t p, std::string n, PipeNode* pi)
      : Node(NodeType::kTemplate, p), name(std::move(n)), pipe(pi) {}
  std::string name;
  PipeNode* pipe;  // may be null
  void write(std::string& out) const override;
};

struct KeywordNode final : Node {  // break, continue, end, else
  KeywordNode(NodeType t, std::uint32_t p) : Node(t, p) {}
  void write(std::string& out) const override;
};

// Where each of a field chain's names was found in the last map it was looked up in: see
// Map::find with a hint. (Atomic: the threads executing a chart's files share its helpers.)
using FieldHints = std::unique_ptr<std::atomic<std::uint32_t>[]>;

struct FieldNode final : Node {
  FieldNode(std::uint32_t p, std::vector<std::string> i)
      : Node(NodeType::kField, p),
        ident(std::move(i)),
        hints(std::make_unique<std::atomic<std::uint32_t>[]>(ident.size())) {}
  std::vector<std::string> ident;
  FieldHints hints;
  void write(std::string& out) const override {
    for (const auto& i : ident) out += "." + i;
  }
};

struct ChainNode final : Node {
  ChainNode(std::uint32_t p, Node* n) : Node(NodeType::kChain, p), node(n) {}
  Node* node;
  std::vector<std::string> field;
  void write(std::string& out) const override;
};

struct IdentifierNode final : Node {
  IdentifierNode(std::uint32_t p, std::string n, const Function* f)
      : Node(NodeType::kIdentifier, p), name(std::move(n)), function(f) {}
  std::string name;
  const Function* function;  // null for the executor's own (and, or, include, tpl ...)
  int builtin = -1;          // the executor's own function, see executor.cpp
  void write(std::string& out) const override { out += name; }
};

// A variable's name in one word: its length and first seven bytes. Names of up to seven bytes
// (most: $, $x, $ctx) are equal when their keys are; longer ones then compare their bytes.
constexpr std::uint64_t variable_key(std::string_view name) {
  std::uint64_t key = std::uint64_t{std::min<std::size_t>(name.size(), 255)} << 56;
  for (std::size_t k = 0; k < name.size() && k < 7; ++k) {
    key |= std::uint64_t{static_cast<unsigned char>(name[k])} << (8 * k);
  }
  return key;
}

struct VariableNode final : Node {
  VariableNode(std::uint32_t p, std::vector<std::string> i)
      : Node(NodeType::kVariable, p),
        ident(std::move(i)),
        hints(std::make_unique<std::atomic<std::uint32_t>[]>(ident.size())),
        key(variable_key(ident[0])) {}
  std::vector<std::string> ident;  // "$x", then fields
  FieldHints hints;                // one for each of `ident` (the variable's own is not used)
  std::uint64_t key;               // variable_key of ident[0]
  void write(std::string& out) const override {
    for (std::size_t k = 0; k < ident.size(); ++k) {
      if (k > 0) out += '.';
      out += ident[k];
    }
  }
};

struct LiteralNode final : Node {  // dot, nil, bool, number, string
  LiteralNode(NodeType t, std::uint32_t p, std::string text_) : Node(t, p), text(text_) {}
  std::string text;  // the source form (quoted for strings)
  Value value;       // bool, string (unquoted)
  // Numbers, as Go's NumberNode.
  bool is_int = false, is_uint = false, is_float = false;
  // A complex constant ("1i", "1+2i"), which Go evaluates to a complex128 and nothing here can
  // hold: refused where it is evaluated. One whose imaginary part is 0 is a float (and an
  // integer when it is one) too, as in Go, for the parameters that take those.
  bool is_complex = false;
  std::int64_t int_value = 0;
  double float_value = 0;
  void write(std::string& out) const override { out += text; }
};

// A template: a file's body or a define/block.
struct Tree {
  std::string name;
  const Source* source = nullptr;
  ListNode* root = nullptr;
};

// Owns the nodes of one parse.
struct NodePool {
  std::vector<std::unique_ptr<Node>> nodes;
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    auto p = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = p.get();
    nodes.push_back(std::move(p));
    return raw;
  }
};

// Go's parse.IsEmptyTree: only whitespace text and comments.
bool is_empty_tree(const Node* n);

}  // namespace render::tmpl
