#include "chart/glob.hpp"

#include <string>
#include <utility>

#include "render/utf8.hpp"

namespace render::chart {

struct Glob::Item {
  enum class Kind { kLiteral, kSingle, kStar, kSuperStar, kClass };
  Kind kind = Kind::kLiteral;
  char32_t literal = 0;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
};

namespace {

using Item = Glob::Item;
using Sequence = Glob::Sequence;

// More alternatives than this after expanding {a,b} is treated like a malformed pattern.
constexpr std::size_t kMaxAlternatives = 4096;

std::vector<char32_t> runes(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    long cp = next_code_point(s, i);
    out.push_back(cp < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(cp));
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<char32_t> text) : text_(std::move(text)) {}

  // The expanded alternatives of the whole pattern; false when it is malformed.
  bool parse(std::vector<Sequence>& out) {
    if (!sequence(0, out)) return false;
    return pos_ == text_.size();
  }

 private:
  // Parses until the end (depth 0) or an unescaped ',' or '}' (inside braces).
  bool sequence(int depth, std::vector<Sequence>& out) {
    out.assign(1, Sequence{});
    while (pos_ < text_.size()) {
      char32_t c = text_[pos_];
      if (depth > 0 && (c == ',' || c == '}')) return true;
      ++pos_;
      Item item;
      switch (c) {
        case '\\':
          if (pos_ >= text_.size()) return false;
          item.literal = text_[pos_++];
          append(out, item);
          break;
        case '?':
          item.kind = Item::Kind::kSingle;
          append(out, item);
          break;
        case '*':
          item.kind = Item::Kind::kStar;
          if (pos_ < text_.size() && text_[pos_] == '*') {
            ++pos_;
            item.kind = Item::Kind::kSuperStar;
          }
          append(out, item);
          break;
        case '[':
          if (!char_class(item)) return false;
          append(out, item);
          break;
        case '{': {
          std::vector<Sequence> choices;
          for (;;) {
            std::vector<Sequence> alt;
            if (!sequence(depth + 1, alt)) return false;
            for (auto& a : alt) choices.push_back(std::move(a));
            if (pos_ >= text_.size()) return false;  // unclosed '{'
            if (text_[pos_++] == '}') break;
          }
          std::vector<Sequence> product;
          for (const auto& head : out) {
            for (const auto& tail : choices) {
              if (product.size() >= kMaxAlternatives) return false;
              Sequence s = head;
              s.insert(s.end(), tail.begin(), tail.end());
              product.push_back(std::move(s));
            }
          }
          out = std::move(product);
          break;
        }
        default:
          item.literal = c;
          append(out, item);
          break;
      }
    }
    return true;
  }

  bool char_class(Item& item) {
    item.kind = Item::Kind::kClass;
    if (pos_ < text_.size() && text_[pos_] == '!') {
      item.negated = true;
      ++pos_;
    }
    while (pos_ < text_.size() && text_[pos_] != ']') {
      char32_t lo = text_[pos_++];
      char32_t hi = lo;
      if (pos_ + 1 < text_.size() && text_[pos_] == '-' && text_[pos_ + 1] != ']') {
        hi = text_[pos_ + 1];
        pos_ += 2;
        if (hi < lo) return false;
      }
      item.ranges.emplace_back(lo, hi);
    }
    if (pos_ >= text_.size() || item.ranges.empty()) return false;
    ++pos_;  // ']'
    return true;
  }

  static void append(std::vector<Sequence>& out, const Item& item) {
    for (auto& s : out) s.push_back(item);
  }

  std::vector<char32_t> text_;
  std::size_t pos_ = 0;
};

bool item_matches(const Item& item, char32_t c) {
  switch (item.kind) {
    case Item::Kind::kLiteral:
      return item.literal == c;
    case Item::Kind::kSingle:
      return c != '/';
    case Item::Kind::kClass: {
      bool in = false;
      for (const auto& [lo, hi] : item.ranges) in = in || (lo <= c && c <= hi);
      return in != item.negated;
    }
    default:
      return false;
  }
}

// Dynamic programming over (items matched, characters consumed): linear in both, so no pattern
// can make matching exponential.
bool match_sequence(const Sequence& seq, const std::vector<char32_t>& name) {
  const std::size_t n = name.size();
  std::vector<char> reach(n + 1, 0), next(n + 1, 0);
  reach[0] = 1;
  for (const Item& item : seq) {
    std::fill(next.begin(), next.end(), 0);
    if (item.kind == Item::Kind::kStar || item.kind == Item::Kind::kSuperStar) {
      bool open = false;
      for (std::size_t j = 0; j <= n; ++j) {
        if (reach[j]) open = true;
        if (open) next[j] = 1;
        if (j < n && item.kind == Item::Kind::kStar && name[j] == '/') open = false;
      }
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        if (reach[j] && item_matches(item, name[j])) next[j + 1] = 1;
      }
    }
    reach.swap(next);
  }
  return reach[n] != 0;
}

}  // namespace

Glob::Glob(std::string_view pattern) {
  Parser parser(runes(pattern));
  if (!parser.parse(alternatives_)) {
    valid_ = false;
    alternatives_.clear();
  }
}

Glob::~Glob() = default;
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;

bool Glob::match(std::string_view name) const {
  if (!valid_) return true;
  std::vector<char32_t> r = runes(name);
  for (const auto& seq : alternatives_) {
    if (match_sequence(seq, r)) return true;
  }
  return false;
}

}  // namespace render::chart
