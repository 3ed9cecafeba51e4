#include "template/parser.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "render/go_strconv.hpp"
#include "render/guards.hpp"
#include "render/utf8.hpp"
#include "template/functions.hpp"
#include "template/functions/value_text.hpp"
#include "template/lexer.hpp"

namespace render::tmpl {

std::pair<int, int> Source::line_col(std::uint32_t pos) const {
  std::string_view before = std::string_view(text).substr(0, pos);
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  std::size_t nl = before.rfind('\n');
  int col = static_cast<int>(nl == std::string_view::npos ? pos : pos - (nl + 1));
  return {line, col};
}

void CommandNode::write(std::string& out) const {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    if (args[i]->type == NodeType::kPipe) {
      out += '(';
      args[i]->write(out);
      out += ')';
    } else {
      args[i]->write(out);
    }
  }
}

void PipeNode::write(std::string& out) const {
  if (!decl.empty()) {
    for (std::size_t i = 0; i < decl.size(); ++i) {
      if (i > 0) out += ", ";
      decl[i]->write(out);
    }
    out += is_assign ? " = " : " := ";
  }
  for (std::size_t i = 0; i < cmds.size(); ++i) {
    if (i > 0) out += " | ";
    cmds[i]->write(out);
  }
}

void BranchNode::write(std::string& out) const {
  const char* name = type == NodeType::kIf ? "if" : type == NodeType::kRange ? "range" : "with";
  out += "{{";
  out += name;
  out += ' ';
  pipe->write(out);
  out += "}}";
  list->write(out);
  if (else_list != nullptr) {
    out += "{{else}}";
    else_list->write(out);
  }
  out += "{{end}}";
}

void TemplateNode::write(std::string& out) const {
  out += "{{template ";
  append_go_quote(out, name);
  if (pipe != nullptr) {
    out += ' ';
    pipe->write(out);
  }
  out += "}}";
}

void KeywordNode::write(std::string& out) const {
  switch (type) {
    case NodeType::kBreak:
      out += "{{break}}";
      break;
    case NodeType::kContinue:
      out += "{{continue}}";
      break;
    case NodeType::kEnd:
      out += "{{end}}";
      break;
    default:
      out += "{{else}}";
      break;
  }
}

void ChainNode::write(std::string& out) const {
  if (node->type == NodeType::kPipe) {
    out += '(';
    node->write(out);
    out += ')';
  } else {
    node->write(out);
  }
  for (const auto& f : field) out += "." + f;
}

bool is_empty_tree(const Node* n) {
  switch (n->type) {
    case NodeType::kList:
      for (const Node* c : static_cast<const ListNode*>(n)->nodes) {
        if (!is_empty_tree(c)) return false;
      }
      return true;
    case NodeType::kText: {
      for (char c : static_cast<const TextNode*>(n)->text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') return false;
      }
      return true;
    }
    case NodeType::kComment:
      return true;
    default:
      return false;
  }
}

namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

bool parse_uint(std::string_view s, std::uint64_t& out) {
  return go_parse_uint(s, 0, out) == GoNumError::kNone;
}

bool parse_int(std::string_view s, std::int64_t& out) {
  return go_parse_int(s, 0, out) == GoNumError::kNone;
}

bool parse_float(std::string_view text, double& out) {
  return go_parse_float(text, 64, out) == GoNumError::kNone;
}

// strconv.UnquoteChar: reads one character of a quoted literal from the front of `s` (which
// ends with the closing quote), advancing `s` past it. `value` is the code point, or the byte of
// a \x or octal escape (`multibyte` false). A byte that does not begin valid UTF-8 reads as
// U+FFFD. False on bad syntax, which Go reports as "invalid syntax".
bool unquote_char(std::string_view& s, char quote, std::uint32_t& value, bool& multibyte) {
  multibyte = false;
  if (s.empty()) return false;
  char c = s[0];
  if (c == quote) return false;
  if (static_cast<unsigned char>(c) >= 0x80) {
    std::size_t i = 0;
    long r = next_code_point(s, i);
    value = r < 0 ? 0xfffd : static_cast<std::uint32_t>(r);
    multibyte = true;
    s.remove_prefix(i);
    return true;
  }
  if (c != '\\') {
    value = static_cast<unsigned char>(c);
    s.remove_prefix(1);
    return true;
  }
  if (s.size() < 2) return false;
  char e = s[1];
  s.remove_prefix(2);
  switch (e) {
    case 'a':
      value = '\a';
      return true;
    case 'b':
      value = '\b';
      return true;
    case 'f':
      value = '\f';
      return true;
    case 'n':
      value = '\n';
      return true;
    case 'r':
      value = '\r';
      return true;
    case 't':
      value = '\t';
      return true;
    case 'v':
      value = '\v';
      return true;
    case '\\':
      value = '\\';
      return true;
    case '\'':
    case '"':
      // Each quote is escaped only inside its own kind of literal.
      if (e != quote) return false;
      value = static_cast<unsigned char>(e);
      return true;
    case 'x':
    case 'u':
    case 'U': {
      std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return false;
      std::uint32_t v = 0;
      for (std::size_t k = 0; k < n; ++k) {
        int d = digit_value(s[k]);
        if (d >= 16) return false;
        v = v * 16 + static_cast<std::uint32_t>(d);
      }
      s.remove_prefix(n);
      if (e != 'x') {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return false;
        multibyte = true;
      }
      value = v;
      return true;
    }
    default: {
      if (e < '0' || e > '7' || s.size() < 2) return false;
      std::uint32_t v = static_cast<std::uint32_t>(e - '0');
      for (std::size_t k = 0; k < 2; ++k) {
        if (s[k] < '0' || s[k] > '7') return false;
        v = v * 8 + static_cast<std::uint32_t>(s[k] - '0');
      }
      if (v > 255) return false;
      s.remove_prefix(2);
      value = v;
      return true;
    }
  }
}

// strconv.Unquote of a "..." literal (the lexer has checked its quotes); false on bad syntax.
bool unquote(std::string_view s, std::string& out) {
  s = s.substr(1);  // the closing quote stays: unquote_char stops at it
  out.clear();
  while (s.size() > 1) {
    std::uint32_t v = 0;
    bool multibyte = false;
    if (!unquote_char(s, '"', v, multibyte)) return false;
    if (multibyte) {
      append_utf8(out, v);
    } else {
      out += static_cast<char>(v);
    }
  }
  return s == "\"";
}

class Parser {
 public:
  Parser(const Source& source, NodePool& pool)
      : source_(source), pool_(pool), tokens_(lex(source.text)) {}

  std::vector<Tree> run(const std::string& name) {
    std::vector<Tree> trees;
    trees_ = &trees;
    trees.push_back(Tree{name, &source_, nullptr});
    ListNode* root = pool_.make<ListNode>(0);
    while (peek().type != Item::kEOF) {
      if (peek().type == Item::kLeftDelim) {
        std::size_t save = index_;
        next();
        if (next_non_space().type == Item::kDefine) {
          parse_definition(trees);
          continue;
        }
        index_ = save;
      }
      Node* n = text_or_action();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) {
        errorf("unexpected " + n->str());
      }
      if (n->type != NodeType::kComment) root->nodes.push_back(n);
    }
    trees[0].root = root;
    // Go adds the file's own tree to the set last: a define of the file's name clashes with a
    // body that is not empty (an empty one is replaced by the body, as by any definition).
    for (std::size_t k = 1; k < trees.size(); ++k) {
      if (trees[k].name == name && !is_empty_tree(trees[k].root) && !is_empty_tree(root)) {
        errorf("template: multiple definition of template " + go_quote(name));
      }
    }
    return trees;
  }

 private:
  // ---- tokens
  const Token& next() {
    const Token& t = tokens_[std::min(index_, tokens_.size() - 1)];
    if (index_ < tokens_.size()) ++index_;
    seen_ = std::max(seen_, index_ - 1);
    return t;
  }
  const Token& peek() {
    std::size_t i = std::min(index_, tokens_.size() - 1);
    seen_ = std::max(seen_, i);
    return tokens_[i];
  }
  void backup() { --index_; }
  const Token& next_non_space() {
    for (;;) {
      const Token& t = next();
      if (t.type != Item::kSpace) return t;
    }
  }
  const Token& peek_non_space() {
    const Token& t = next_non_space();
    backup();
    return t;
  }

  // The line of `pos`, counted on from the last position asked for (actions come in order, so
  // a template's lines are counted once).
  int line_at(std::uint32_t pos) {
    if (pos < line_pos_) {
      line_pos_ = 0;
      line_ = 1;
    }
    const std::string& t = source_.text;
    line_ += static_cast<int>(std::count(t.begin() + line_pos_, t.begin() + pos, '\n'));
    line_pos_ = pos;
    return line_;
  }

  [[noreturn]] void errorf(const std::string& message) {
    int line = source_.line(tokens_[std::min(seen_, tokens_.size() - 1)].pos);
    throw ParseError(
        "template: " + source_.parse_name + ":" + std::to_string(line) + ": " + message,
        source_.parse_name, line, message);
  }
  [[noreturn]] void unexpected(const Token& token, const std::string& context) {
    if (token.type == Item::kError) {
      std::string extra;
      int token_line = source_.line(token.pos);
      if (action_line_ != 0 && action_line_ != token_line) {
        extra = " in action started at " + source_.parse_name + ":" + std::to_string(action_line_);
        if (token.value.ends_with(" action"))
          extra = extra.substr(std::string(" in action").size());
      }
      errorf(token.value + extra);
    }
    errorf("unexpected " + describe(token) + " in " + context);
  }
  const Token& expect(Item type, const std::string& context) {
    const Token& t = next_non_space();
    if (t.type != type) unexpected(t, context);
    return t;
  }

  // ---- structure
  void parse_definition(std::vector<Tree>& trees) {
    const std::string context = "define clause";
    const Token& name_token = next_non_space();
    if (name_token.type != Item::kString && name_token.type != Item::kRawString) {
      unexpected(name_token, context);
    }
    std::string name = string_value(name_token);
    expect(Item::kRightDelim, context);
    auto saved_vars = vars_;
    vars_ = {"$"};
    auto [list, end] = item_list();
    vars_ = saved_vars;
    if (end->type != NodeType::kEnd) errorf("unexpected " + end->str() + " in " + context);
    add_tree(trees, Tree{name, &source_, list});
  }

  void add_tree(std::vector<Tree>& trees, Tree tree) {
    for (auto& t : trees) {
      if (t.name != tree.name || &t == &trees.front()) continue;
      if (t.root != nullptr && !is_empty_tree(t.root) && !is_empty_tree(tree.root)) {
        errorf("template: multiple definition of template " + go_quote(tree.name));
      }
      if (is_empty_tree(t.root)) t.root = tree.root;
      return;
    }
    trees.push_back(std::move(tree));
  }

  std::pair<ListNode*, Node*> item_list() {
    // Blocks inside blocks (and `else if` chains) recurse here as deep as they go.
    if (stack_nearly_full()) {
      errorf(
          "template actions are nested too deeply for the stack; raise the stack limit "
          "(ulimit -s) to go deeper");
    }
    ListNode* list = pool_.make<ListNode>(peek_non_space().pos);
    while (peek_non_space().type != Item::kEOF) {
      Node* n = text_or_action();
      if (n->type == NodeType::kEnd || n->type == NodeType::kElse) return {list, n};
      if (n->type != NodeType::kComment) list->nodes.push_back(n);
    }
    errorf("unexpected EOF");
  }

  Node* text_or_action() {
    const Token& token = next_non_space();
    switch (token.type) {
      case Item::kText:
        return pool_.make<TextNode>(token.pos, token.value);
      case Item::kLeftDelim: {
        // Go forgets the line when the action ends, not restoring an enclosing one: the
        // pipeline of an "else if" (parsed after its action) reports errors without it.
        action_line_ = line_at(token.pos);
        Node* n = action();
        action_line_ = 0;
        return n;
      }
      default:
        unexpected(token, "input");
    }
  }

  Node* action() {
    const Token& token = next_non_space();
    switch (token.type) {
      case Item::kBlock:
        return block_control();
      case Item::kBreak:
      case Item::kContinue: {
        bool is_break = token.type == Item::kBreak;
        std::uint32_t pos = token.pos;
        // Go looks for the closing delimiter before it asks for an enclosing range.
        expect(Item::kRightDelim, is_break ? "{{break}}" : "{{continue}}");
        if (range_depth_ == 0) {
          errorf(is_break ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        }
        return pool_.make<KeywordNode>(is_break ? NodeType::kBreak : NodeType::kContinue, pos);
      }
      case Item::kElse: {
        const Token& p = peek_non_space();
        if (p.type == Item::kIf || p.type == Item::kWith) {
          return pool_.make<KeywordNode>(NodeType::kElse, p.pos);
        }
        const Token& t = expect(Item::kRightDelim, "else");
        return pool_.make<KeywordNode>(NodeType::kElse, t.pos);
      }
      case Item::kEnd: {
        const Token& t = expect(Item::kRightDelim, "end");
        return pool_.make<KeywordNode>(NodeType::kEnd, t.pos);
      }
      case Item::kIf:
        return parse_control(NodeType::kIf, "if");
      case Item::kRange:
        return parse_control(NodeType::kRange, "range");
      case Item::kWith:
        return parse_control(NodeType::kWith, "with");
      case Item::kTemplate:
        return template_control();
      default:
        break;
    }
    backup();
    const Token& t = peek();
    return pool_.make<ActionNode>(t.pos, pipeline("command", Item::kRightDelim));
  }

  Node* parse_control(NodeType type, const std::string& context) {
    std::size_t saved_vars = vars_.size();
    auto* branch = pool_.make<BranchNode>(type, peek_non_space().pos);
    branch->pipe = pipeline(context, Item::kRightDelim);
    if (type == NodeType::kRange) ++range_depth_;
    auto [list, next_node] = item_list();
    if (type == NodeType::kRange) --range_depth_;
    branch->list = list;
    if (next_node->type == NodeType::kElse) {
      if (type == NodeType::kIf && peek().type == Item::kIf) {
        next();
        branch->else_list = pool_.make<ListNode>(next_node->pos);
        branch->else_list->nodes.push_back(parse_control(NodeType::kIf, "if"));
      } else if (type == NodeType::kWith && peek().type == Item::kWith) {
        next();
        branch->else_list = pool_.make<ListNode>(next_node->pos);
        branch->else_list->nodes.push_back(parse_control(NodeType::kWith, "with"));
      } else {
        auto [else_list, end] = item_list();
        if (end->type != NodeType::kEnd) errorf("expected end; found " + end->str());
        branch->else_list = else_list;
      }
    }
    vars_.resize(saved_vars);
    return branch;
  }

  std::string template_name(const Token& token, const std::string& context) {
    if (token.type != Item::kString && token.type != Item::kRawString) unexpected(token, context);
    return string_value(token);
  }

  Node* template_control() {
    const std::string context = "template clause";
    const Token& token = next_non_space();
    std::uint32_t pos = token.pos;
    std::string name = template_name(token, context);
    PipeNode* pipe = nullptr;
    if (next_non_space().type != Item::kRightDelim) {
      backup();
      pipe = pipeline(context, Item::kRightDelim);
    }
    return pool_.make<TemplateNode>(pos, name, pipe);
  }

  Node* block_control() {
    const std::string context = "block clause";
    const Token& token = next_non_space();
    std::uint32_t pos = token.pos;
    std::string name = template_name(token, context);
    PipeNode* pipe = pipeline(context, Item::kRightDelim);
    // The body is a template of its own: it sees no variables and no loop of the action's.
    auto saved_vars = vars_;
    vars_ = {"$"};
    int saved_range_depth = std::exchange(range_depth_, 0);
    auto [list, end] = item_list();
    vars_ = saved_vars;
    range_depth_ = saved_range_depth;
    if (end->type != NodeType::kEnd) errorf("unexpected " + end->str() + " in " + context);
    // A block defines its template where it stands, as a define does (two definitions of one
    // name in a file are an error).
    add_tree(*trees_, Tree{name, &source_, list});
    return pool_.make<TemplateNode>(pos, name, pipe);
  }

  // ---- pipelines
  PipeNode* pipeline(const std::string& context, Item end) {
    const Token& first = peek_non_space();
    auto* pipe = pool_.make<PipeNode>(first.pos);
    // Declarations.
    for (;;) {
      const Token& v = peek_non_space();
      if (v.type != Item::kVariable) break;
      std::size_t at_var = index_;
      next_non_space();
      const Token& next_tok = peek_non_space();
      if (next_tok.type == Item::kAssign || next_tok.type == Item::kDeclare) {
        pipe->is_assign = next_tok.type == Item::kAssign;
        next_non_space();
        pipe->decl.push_back(pool_.make<VariableNode>(v.pos, std::vector<std::string>{v.value}));
        vars_.push_back(v.value);
        break;
      }
      if (next_tok.type == Item::kChar && next_tok.value == ",") {
        next_non_space();
        pipe->decl.push_back(pool_.make<VariableNode>(v.pos, std::vector<std::string>{v.value}));
        vars_.push_back(v.value);
        if (context == "range" && pipe->decl.size() < 2) {
          Item t = peek_non_space().type;
          if (t == Item::kVariable || t == Item::kRightDelim || t == Item::kRightParen) continue;
          errorf("range can only initialize variables");
        }
        errorf("too many declarations in " + context);
      }
      index_ = at_var;  // not a declaration: the variable starts the command
      break;
    }
    for (;;) {
      const Token& token = next_non_space();
      if (token.type == end) {
        check_pipeline(pipe, context);
        return pipe;
      }
      switch (token.type) {
        case Item::kBool:
        case Item::kCharConstant:
        case Item::kComplex:
        case Item::kDot:
        case Item::kField:
        case Item::kIdentifier:
        case Item::kNumber:
        case Item::kNil:
        case Item::kRawString:
        case Item::kString:
        case Item::kVariable:
        case Item::kLeftParen:
          backup();
          pipe->cmds.push_back(command());
          break;
        default:
          unexpected(token, context);
      }
    }
  }

  void check_pipeline(PipeNode* pipe, const std::string& context) {
    if (pipe->cmds.empty()) errorf("missing value for " + context);
    if (const auto& args = pipe->cmds[0]->args; pipe->cmds.size() == 1 && args.size() == 1) {
      NodeType t = args[0]->type;
      if (t == NodeType::kField || t == NodeType::kVariable || t == NodeType::kDot) {
        pipe->plain = args[0];
      }
    }
    for (std::size_t i = 1; i < pipe->cmds.size(); ++i) {
      NodeType t = pipe->cmds[i]->args[0]->type;
      if (t == NodeType::kBool || t == NodeType::kDot || t == NodeType::kNil ||
          t == NodeType::kNumber || t == NodeType::kString) {
        errorf("non executable command in pipeline stage " + std::to_string(i + 1));
      }
    }
  }

  CommandNode* command() {
    auto* cmd = pool_.make<CommandNode>(peek_non_space().pos);
    for (;;) {
      peek_non_space();
      Node* op = operand();
      if (op != nullptr) cmd->args.push_back(op);
      const Token& token = next();
      if (token.type == Item::kSpace) continue;
      if (token.type == Item::kRightDelim || token.type == Item::kRightParen) {
        backup();
      } else if (token.type != Item::kPipe) {
        unexpected(token, "operand");
      }
      break;
    }
    if (cmd->args.empty()) errorf("empty command");
    return cmd;
  }

  Node* operand() {
    Node* node = term();
    if (node == nullptr) return nullptr;
    if (peek().type == Item::kField) {
      auto* chain = pool_.make<ChainNode>(peek().pos, node);
      while (peek().type == Item::kField) chain->field.push_back(next().value.substr(1));
      switch (node->type) {
        case NodeType::kField: {
          auto ident = static_cast<FieldNode*>(node)->ident;
          ident.insert(ident.end(), chain->field.begin(), chain->field.end());
          return pool_.make<FieldNode>(chain->pos, ident);
        }
        case NodeType::kVariable: {
          auto ident = static_cast<VariableNode*>(node)->ident;
          ident.insert(ident.end(), chain->field.begin(), chain->field.end());
          return pool_.make<VariableNode>(chain->pos, ident);
        }
        case NodeType::kBool:
        case NodeType::kString:
        case NodeType::kNumber:
        case NodeType::kNil:
        case NodeType::kDot:
          errorf("unexpected . after term " + go_quote(node->str()));
        default:
          return chain;
      }
    }
    return node;
  }

  Node* term() {
    const Token& token = next_non_space();
    switch (token.type) {
      case Item::kIdentifier: {
        Builtin b = find_builtin(token.value);
        const Function* f = find_function(token.value);
        if (b == Builtin::kNone && f == nullptr) {
          errorf("function " + go_quote(token.value) + " not defined");
        }
        auto* id = pool_.make<IdentifierNode>(token.pos, token.value, f);
        id->builtin = static_cast<int>(b);
        return id;
      }
      case Item::kDot:
        return pool_.make<LiteralNode>(NodeType::kDot, token.pos, ".");
      case Item::kNil:
        return pool_.make<LiteralNode>(NodeType::kNil, token.pos, "nil");
      case Item::kVariable: {
        if (std::find(vars_.begin(), vars_.end(), token.value) == vars_.end()) {
          errorf("undefined variable " + go_quote(token.value));
        }
        return pool_.make<VariableNode>(token.pos, std::vector<std::string>{token.value});
      }
      case Item::kField:
        return pool_.make<FieldNode>(token.pos, std::vector<std::string>{token.value.substr(1)});
      case Item::kBool: {
        auto* n = pool_.make<LiteralNode>(NodeType::kBool, token.pos, token.value);
        n->value = Value::boolean(token.value == "true");
        return n;
      }
      case Item::kCharConstant:
      case Item::kComplex:
      case Item::kNumber:
        return number(token);
      case Item::kLeftParen: {
        // Go's parser allows 10000 parenthesized pipelines inside each other.
        if (paren_depth_ >= kMaxParenDepth) errorf("max expression depth exceeded");
        if (stack_nearly_full()) {  // a thread with a small stack
          errorf(
              "template actions are nested too deeply for the stack; raise the stack limit "
              "(ulimit -s) to go deeper");
        }
        ++paren_depth_;
        Node* inner = pipeline("parenthesized pipeline", Item::kRightParen);
        --paren_depth_;
        return inner;
      }
      case Item::kString:
      case Item::kRawString: {
        auto* n = pool_.make<LiteralNode>(NodeType::kString, token.pos, token.value);
        n->value = Value::string(string_value(token));
        return n;
      }
      default:
        backup();
        return nullptr;
    }
  }

  std::string string_value(const Token& token) {
    if (token.type == Item::kRawString) {
      std::string s = token.value.substr(1, token.value.size() - 2);
      s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
      return s;
    }
    std::string out;
    if (!unquote(token.value, out)) errorf("invalid syntax");
    return out;
  }

  // A float constant, which is also an integer when the float is one.
  static void set_float(LiteralNode& n, double f) {
    n.is_float = true;
    n.float_value = f;
    if (std::fabs(f) < 9.2e18 && static_cast<double>(static_cast<std::int64_t>(f)) == f) {
      n.is_int = true;
      n.int_value = static_cast<std::int64_t>(f);
    }
  }

  // A complex constant, simplified as Go's NumberNode.simplifyComplex does: with no imaginary
  // part it is also a float (and an integer when the float is one).
  static void complex_constant(LiteralNode& n, double re, double im) {
    n.is_complex = true;
    if (im != 0) return;
    set_float(n, re);
    n.is_uint = n.is_int && re >= 0;
  }

  // The parts of a "re+imi" constant, as fmt.Sscan reads them into a complex128: each a float
  // token (which stops at a "0b" or "0o" prefix) that strconv.ParseFloat must then accept.
  void complex_pair(LiteralNode& n) {
    std::string_view text = std::string_view(n.text).substr(0, n.text.size() - 1);
    // The imaginary part's sign: the last + or - that does not follow an exponent's letter.
    std::size_t at = text.size() - 1;
    for (; at > 0; --at) {
      const char before = static_cast<char>(text[at - 1] | 0x20);
      if ((text[at] == '+' || text[at] == '-') && before != 'e' && before != 'p') break;
    }
    const std::string_view parts[] = {text.substr(0, at), text.substr(at)};
    for (std::string_view part : parts) {
      if (!part.empty() && (part[0] == '+' || part[0] == '-')) part.remove_prefix(1);
      const char prefix =
          part.size() >= 2 && part[0] == '0' ? static_cast<char>(part[1] | 0x20) : 0;
      if (at == 0 || prefix == 'b' || prefix == 'o') {
        errorf("syntax error scanning complex number");
      }
    }
    double re = 0, im = 0;
    if (!parse_float(parts[0], re) || !parse_float(parts[1], im)) errorf("invalid syntax");
    complex_constant(n, re, im);
  }

  Node* number(const Token& token) {
    auto* n = pool_.make<LiteralNode>(NodeType::kNumber, token.pos, token.value);
    const std::string& text = token.value;
    if (token.type == Item::kCharConstant) {
      std::string_view rest = std::string_view(text).substr(1);
      std::uint32_t cp = 0;
      bool multibyte = false;
      if (!unquote_char(rest, '\'', cp, multibyte)) errorf("invalid syntax");
      if (rest != "'") errorf("malformed character constant: " + text);
      n->is_int = n->is_uint = n->is_float = true;
      n->int_value = cp;
      n->float_value = static_cast<double>(cp);
      return n;
    }
    // Go reads "1+2i" and imaginary constants ("1i", "1e3i", not "0x1i") as complex numbers,
    // which have no counterpart here: the executor refuses them, so that a template that only
    // holds one where it does not run renders as in Go.
    double f = 0;
    if (token.type == Item::kComplex ||
        (text.ends_with('i') &&
         parse_float(std::string_view(text).substr(0, text.size() - 1), f))) {
      if (token.type == Item::kComplex) {
        complex_pair(*n);
      } else {
        complex_constant(*n, 0, f);
      }
      return n;
    }
    std::uint64_t u = 0;
    if (parse_uint(text, u)) n->is_uint = true;
    std::int64_t i = 0;
    if (parse_int(text, i)) {
      n->is_int = true;
      n->int_value = i;
      if (i == 0) n->is_uint = true;
    }
    if (n->is_int) {
      n->is_float = true;
      n->float_value = static_cast<double>(n->int_value);
    } else if (n->is_uint) {
      n->is_float = true;
      n->float_value = static_cast<double>(u);
    } else if (parse_float(text, f)) {
      if (text.find_first_of(".eEpP") == std::string::npos) {
        errorf("integer overflow: " + go_quote(text));
      }
      set_float(*n, f);
    }
    if (!n->is_int && !n->is_uint && !n->is_float) {
      errorf("illegal number syntax: " + go_quote(text));
    }
    return n;
  }

  const Source& source_;
  NodePool& pool_;
  std::vector<Tree>* trees_ = nullptr;  // what run() returns: the file's own tree, then the defined
  std::vector<Token> tokens_;
  std::size_t index_ = 0, seen_ = 0;
  std::vector<std::string> vars_{"$"};
  int range_depth_ = 0;
  static constexpr int kMaxParenDepth = 10000;
  int paren_depth_ = 0;
  int action_line_ = 0;
  std::uint32_t line_pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<Tree> parse(const Source& source, const std::string& name, NodePool& pool) {
  Parser parser(source, pool);
  return parser.run(name);
}

}  // namespace render::tmpl
