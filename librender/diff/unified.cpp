// Line diff (Myers' O(ND) algorithm) and unified-format hunks, as `diff -u` prints them.
#include <algorithm>
#include <string>
#include <vector>

#include "render/diff.hpp"

namespace render::diff {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

enum class Op { kKeep, kDelete, kInsert };

// The shortest edit script turning a into b.
std::vector<Op> edit_script(const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int max = n + m;
  const int offset = max + 1;
  std::vector<int> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<int>> trace;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      auto at = [&](int kk) -> int& { return v[static_cast<std::size_t>(kk + offset)]; };
      int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= n && y >= m) {
        // Walk the trace back to recover the path.
        std::vector<Op> ops;
        int cx = n, cy = m;
        for (int dd = d; dd > 0; --dd) {
          const std::vector<int>& pv = trace[static_cast<std::size_t>(dd)];
          auto prev = [&](int kk) { return pv[static_cast<std::size_t>(kk + offset)]; };
          int ck = cx - cy;
          int pk = (ck == -dd || (ck != dd && prev(ck - 1) < prev(ck + 1))) ? ck + 1 : ck - 1;
          int px = prev(pk);
          int py = px - pk;
          while (cx > px && cy > py) {
            ops.push_back(Op::kKeep);
            --cx;
            --cy;
          }
          ops.push_back(cx == px ? Op::kInsert : Op::kDelete);
          cx = px;
          cy = py;
        }
        while (cx > 0 && cy > 0) {
          ops.push_back(Op::kKeep);
          --cx;
          --cy;
        }
        std::reverse(ops.begin(), ops.end());
        return ops;
      }
    }
  }
  return {};
}

std::string range(int start, int count) {
  // diff -u: a one-line range is "l", an empty one "l,0" with l the line before it.
  if (count == 1) return std::to_string(start);
  return std::to_string(count == 0 ? start - 1 : start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view a, std::string_view b, const std::string& label_a,
                         const std::string& label_b, int context) {
  if (a == b) return "";
  auto la = split_lines(a);
  auto lb = split_lines(b);
  std::vector<Op> ops = edit_script(la, lb);

  // Positions of each op in a and b.
  struct Step {
    Op op;
    int ia, ib;
  };
  std::vector<Step> steps;
  int ia = 0, ib = 0;
  for (Op op : ops) {
    steps.push_back({op, ia, ib});
    if (op != Op::kInsert) ++ia;
    if (op != Op::kDelete) ++ib;
  }

  std::string out = "--- " + label_a + "\n+++ " + label_b + "\n";
  std::size_t i = 0;
  const std::size_t total = steps.size();
  while (i < total) {
    if (steps[i].op == Op::kKeep) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is at most 2*context unchanged lines from the previous one.
    std::size_t begin =
        i >= static_cast<std::size_t>(context) ? i - static_cast<std::size_t>(context) : 0;
    std::size_t end = i;
    std::size_t keep_run = 0;
    for (std::size_t j = i; j < total; ++j) {
      if (steps[j].op == Op::kKeep) {
        if (++keep_run > static_cast<std::size_t>(2 * context)) break;
      } else {
        keep_run = 0;
        end = j;
      }
    }
    std::size_t stop = std::min(total, end + 1 + static_cast<std::size_t>(context));
    int a_count = 0, b_count = 0;
    for (std::size_t j = begin; j < stop; ++j) {
      if (steps[j].op != Op::kInsert) ++a_count;
      if (steps[j].op != Op::kDelete) ++b_count;
    }
    out += "@@ -" + range(steps[begin].ia + 1, a_count) + " +" +
           range(steps[begin].ib + 1, b_count) + " @@\n";
    for (std::size_t j = begin; j < stop; ++j) {
      const Step& s = steps[j];
      char mark = s.op == Op::kKeep ? ' ' : s.op == Op::kDelete ? '-' : '+';
      std::string_view line = s.op == Op::kInsert ? lb[static_cast<std::size_t>(s.ib)]
                                                  : la[static_cast<std::size_t>(s.ia)];
      out += mark;
      out += line;
      out += '\n';
    }
    i = stop;
  }
  return out;
}

}  // namespace render::diff
