// Guards for input that would take more than the machine gives: nesting deeper than the stack
// holds (the recursive code that reads and writes templates, values, YAML, JSON, TOML) and results
// too large to build are errors, not crashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace render {

// True when less than 512 KiB of the calling thread's stack is left (false when the stack's
// bounds are unknown).
bool stack_nearly_full();

// Template calls (template actions and include) nested until the stack was nearly full: Helm
// allows them deeper (Go's 100000 nested template actions) than a usual stack holds. The
// executor counts each time (count_call_stack_exhaustion); call_stack_exhaustions() is the count
// in this process so far.
void count_call_stack_exhaustion();
std::uint64_t call_stack_exhaustions();

// Throws render::Error (E_LIMIT) "<what> is nested too deeply for the stack; raise the stack
// limit (ulimit -s) to go deeper" when stack_nearly_full().
void check_stack(std::string_view what);

// The bound on one string a template function makes (and on JSON or YAML text written from a
// value): what a whole render's output may be by default.
inline constexpr std::size_t kMaxMadeBytes = 64u << 20;
// The bound on the items of one list a template function makes.
inline constexpr std::size_t kMaxMadeItems = 10'000'000;

// The bound on the parts one walk over a value visits, a part shared in several places counted at
// each: a template can build a dict of 30 levels that holds each level twice, a billion parts.
inline constexpr std::size_t kMaxVisitedParts = 4'000'000;

// Counts what one walk over a value visits; throws render::Error (E_LIMIT) past
// kMaxVisitedParts.
class PartCount {
 public:
  void visit() {
    if (++visited_ > kMaxVisitedParts) too_many();
  }

 private:
  [[noreturn]] static void too_many();
  std::size_t visited_ = 0;
};

// Throws render::Error (E_LIMIT) "<what> would be larger than <limit> <unit> (the limit)" when
// `size` is over `limit`: checked before the memory is taken where the size is known up front.
void check_size(std::size_t size, std::size_t limit, std::string_view what,
                std::string_view unit = "bytes");

}  // namespace render
