#include "chart/archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <new>
#include <optional>

#include "chart/go_split.hpp"
#include "render/go_path.hpp"
#include "render/go_quote.hpp"
#include "render/utf8.hpp"

namespace render::chart {
namespace {

constexpr std::string_view kUnexpectedEof = "unexpected EOF";
constexpr std::string_view kInvalidTarHeader = "archive/tar: invalid tar header";
constexpr std::size_t kBlock = 512;
constexpr std::size_t kMaxSpecialFile = 1 << 20;  // PAX records and GNU long names (Go's limit)

// What io.ReadFull gives: all the bytes, none at the end of the stream, or an error.
enum class Read { kOk, kEnd, kError };

// Go's gzip.Reader (multistream) over zlib's raw inflate. Data is decoded on demand, so a
// problem is reported only when a read needs bytes past it, as Go reports it.
class GzipReader {
 public:
  explicit GzipReader(std::string_view in) : in_(in) {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) throw std::bad_alloc();
    // gzip.NewReader reads the first header: an empty stream is io.EOF there, not an archive.
    if (in_.empty()) {
      failed("EOF");
    } else {
      read_header();
    }
    failed_at_start_ = state_ == State::kFailed;
  }
  ~GzipReader() { inflateEnd(&z_); }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  bool started() const { return !failed_at_start_; }
  const std::string& error() const { return error_; }
  bool header_error() const { return header_error_; }

  // io.ReadFull of n bytes, appended to *out (dropped when out is null). kEnd when the stream
  // ended cleanly before the first byte; a clean end after some of them is "unexpected EOF".
  Read read_full(std::size_t n, std::string* out, std::string& error) {
    while (buffered() < n && state_ == State::kData) decode_more();
    if (buffered() >= n) {
      if (out) out->append(buf_, pos_, n);
      pos_ += n;
      if (pos_ > (1u << 20) && pos_ * 2 > buf_.size()) {
        buf_.erase(0, pos_);
        pos_ = 0;
      }
      return Read::kOk;
    }
    if (state_ == State::kDone) {
      if (buffered() == 0) return Read::kEnd;
      error = kUnexpectedEof;
      return Read::kError;
    }
    error = error_;
    return Read::kError;
  }

  // Like read_full, but a short stream is a clean end (Go's tryReadFull).
  Read try_read_full(std::size_t n, std::string& error) {
    Read r = read_full(n, nullptr, error);
    if (r == Read::kError && state_ == State::kDone) return Read::kEnd;
    return r;
  }

 private:
  enum class State { kData, kDone, kFailed };

  std::size_t buffered() const { return buf_.size() - pos_; }

  void failed(std::string message, bool header = false) {
    state_ = State::kFailed;
    error_ = std::move(message);
    header_error_ = header;
  }

  // RFC 1952's member header, read as Go reads it (reserved flag bits are not checked).
  void read_header() {
    std::size_t p = in_offset_;
    auto need = [&](std::size_t n) { return in_.size() - p >= n; };
    auto truncated = [&] { failed(std::string(kUnexpectedEof)); };
    if (!need(10)) return truncated();
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in_[i]); };
    if (byte(p) != 0x1F || byte(p + 1) != 0x8B || byte(p + 2) != 8) {
      return failed("gzip: invalid header", true);
    }
    const unsigned flags = byte(p + 3);
    uLong digest = crc32(0, reinterpret_cast<const Bytef*>(in_.data() + p), 10);
    p += 10;
    if (flags & 4) {  // FEXTRA
      if (!need(2)) return truncated();
      std::size_t len = byte(p) | (std::size_t{byte(p + 1)} << 8);
      if (!need(2 + len)) return truncated();
      digest = crc32(digest, reinterpret_cast<const Bytef*>(in_.data() + p), uInt(2 + len));
      p += 2 + len;
    }
    for (unsigned flag : {8u, 16u}) {  // FNAME, FCOMMENT: NUL-terminated, at most 511 bytes
      if (!(flags & flag)) continue;
      std::size_t i = 0;
      for (;; ++i) {
        if (i >= kBlock) return failed("gzip: invalid header", true);
        if (!need(i + 1)) return truncated();
        if (in_[p + i] == '\0') break;
      }
      digest = crc32(digest, reinterpret_cast<const Bytef*>(in_.data() + p), uInt(i + 1));
      p += i + 1;
    }
    if (flags & 2) {  // FHCRC
      if (!need(2)) return truncated();
      unsigned want = byte(p) | (unsigned{byte(p + 1)} << 8);
      if (want != (digest & 0xFFFF)) return failed("gzip: invalid header", true);
      p += 2;
    }
    in_offset_ = p;
    member_start_ = p;
    crc_ = crc32(0, nullptr, 0);
    size_ = 0;
    inflateReset(&z_);
  }

  void decode_more() {
    constexpr std::size_t kChunk = 64 << 10;
    std::size_t old = buf_.size();
    buf_.resize(old + kChunk);
    std::size_t avail_in =
        std::min<std::size_t>(in_.size() - in_offset_, std::numeric_limits<uInt>::max());
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in_.data() + in_offset_));
    z_.avail_in = uInt(avail_in);
    z_.next_out = reinterpret_cast<Bytef*>(buf_.data() + old);
    z_.avail_out = uInt(kChunk);
    int rc = inflate(&z_, Z_NO_FLUSH);
    std::size_t produced = kChunk - z_.avail_out;
    in_offset_ += avail_in - z_.avail_in;
    buf_.resize(old + produced);
    crc_ = crc32(crc_, reinterpret_cast<const Bytef*>(buf_.data() + old), uInt(produced));
    size_ = (size_ + produced) & 0xFFFFFFFFu;
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
      return failed("flate: corrupt input before offset " +
                    std::to_string(in_offset_ - member_start_));
    }
    if (rc == Z_STREAM_END) return end_member();
    if (produced == 0 && in_offset_ == in_.size()) return failed(std::string(kUnexpectedEof));
  }

  // The member's CRC-32 and length, then the next member or the end of the stream.
  void end_member() {
    if (in_.size() - in_offset_ < 8) return failed(std::string(kUnexpectedEof));
    auto le32 = [&](std::size_t at) {
      std::uint32_t v = 0;
      for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(in_[at + i]);
      return v;
    };
    if (le32(in_offset_) != crc_ || le32(in_offset_ + 4) != size_) {
      return failed("gzip: invalid checksum");
    }
    in_offset_ += 8;
    if (in_offset_ == in_.size()) {
      state_ = State::kDone;
      return;
    }
    read_header();
  }

  std::string_view in_;
  std::size_t in_offset_ = 0, member_start_ = 0;
  z_stream z_;
  uLong crc_ = 0;
  std::size_t size_ = 0;
  std::string buf_;
  std::size_t pos_ = 0;
  State state_ = State::kData;
  bool failed_at_start_ = false, header_error_ = false;
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Go's archive/tar reader, as far as a chart needs it: V7, USTAR, PAX (path, size and the
// checked numeric records), GNU long names, and its checks of a header.

struct Entry {
  std::string name;
  char type = '0';
  std::int64_t size = 0;
  std::int64_t mode = 0;
};

std::string_view field(std::string_view block, std::size_t at, std::size_t len) {
  return block.substr(at, len);
}

// parser.parseString: the bytes before the first NUL.
std::string_view c_string(std::string_view b) {
  auto nul = b.find('\0');
  return nul == std::string_view::npos ? b : b.substr(0, nul);
}

// parser.parseNumeric: base-256 when the top bit is set, else octal padded with spaces/NULs.
std::optional<std::int64_t> parse_numeric(std::string_view b) {
  if (!b.empty() && (static_cast<unsigned char>(b[0]) & 0x80)) {
    unsigned char inv = (static_cast<unsigned char>(b[0]) & 0x40) ? 0xFF : 0;
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(b[i]) ^ inv;
      if (i == 0) c &= 0x7F;
      if ((x >> 56) > 0) return std::nullopt;  // overflows int64
      x = x << 8 | c;
    }
    if ((x >> 63) > 0) return std::nullopt;
    return inv ? ~static_cast<std::int64_t>(x) : static_cast<std::int64_t>(x);
  }
  while (!b.empty() && (b.front() == ' ' || b.front() == '\0')) b.remove_prefix(1);
  while (!b.empty() && (b.back() == ' ' || b.back() == '\0')) b.remove_suffix(1);
  b = c_string(b);
  if (b.empty()) return 0;
  std::uint64_t x = 0;
  for (char c : b) {
    if (c < '0' || c > '7' || (x >> 61) > 0) return std::nullopt;
    x = x * 8 + std::uint64_t(c - '0');
  }
  if ((x >> 63) > 0) return std::nullopt;
  return static_cast<std::int64_t>(x);
}

enum class Format { kUnknown, kV7, kUstar, kGnu, kStar };

Format format_of(std::string_view block) {
  auto stored = parse_numeric(field(block, 148, 8));
  std::int64_t unsigned_sum = 0, signed_sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    bool in_checksum = i >= 148 && i < 156;
    unsigned char c = in_checksum ? ' ' : static_cast<unsigned char>(block[i]);
    unsigned_sum += c;
    signed_sum += static_cast<signed char>(c);
  }
  if (!stored || (*stored != unsigned_sum && *stored != signed_sum)) return Format::kUnknown;
  std::string_view magic = field(block, 257, 6), version = field(block, 263, 2);
  if (magic == std::string_view("ustar\0", 6)) {
    return field(block, 508, 4) == std::string_view("tar\0", 4) ? Format::kStar : Format::kUstar;
  }
  if (magic == "ustar " && version == std::string_view(" \0", 2)) return Format::kGnu;
  return Format::kV7;
}

bool header_only(char type) {
  return type >= '1' && type <= '6';
}

// strconv.ParseInt(s, 10, 64) succeeds.
bool is_int64(std::string_view s) {
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  std::uint64_t x = 0;
  const std::uint64_t limit = std::uint64_t(std::numeric_limits<std::int64_t>::max()) + negative;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (x > (limit - std::uint64_t(c - '0')) / 10) return false;
    x = x * 10 + std::uint64_t(c - '0');
  }
  return true;
}

// A PAX time: decimal seconds with an optional fraction (parsePAXTime).
bool is_pax_time(std::string_view s) {
  auto dot = s.find('.');
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (!std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    s = s.substr(0, dot);
  }
  return is_int64(s);
}

class TarReader {
 public:
  explicit TarReader(GzipReader& gz) : gz_(gz) {}

  // tar.Reader.Next: the next entry's header; kEnd at the end of the archive.
  Read next(Entry& out, std::string& error) {
    std::map<std::string, std::string> pax;
    std::string long_name;
    for (;;) {
      if (remaining_ > 0) {
        std::string e;
        Read r = gz_.read_full(std::size_t(remaining_), nullptr, e);
        if (r != Read::kOk) {
          error = r == Read::kEnd ? std::string(kUnexpectedEof) : e;
          return Read::kError;
        }
        remaining_ = 0;
      }
      if (pad_ > 0) {
        Read r = gz_.try_read_full(pad_, error);
        if (r != Read::kOk) return r;
        pad_ = 0;
      }
      std::string block;
      Read r = gz_.read_full(kBlock, &block, error);
      if (r != Read::kOk) return r;
      if (block.find_first_not_of('\0') == std::string::npos) {
        block.clear();
        r = gz_.read_full(kBlock, &block, error);
        if (r != Read::kOk) return r;
        if (block.find_first_not_of('\0') == std::string::npos) return Read::kEnd;
        error = kInvalidTarHeader;
        return Read::kError;
      }
      Entry hd;
      if (!parse_header(block, hd)) {
        error = kInvalidTarHeader;
        return Read::kError;
      }
      if (hd.size < 0) {
        error = kInvalidTarHeader;
        return Read::kError;
      }
      if (hd.type == 'x' || hd.type == 'g') {
        std::string data;
        if (!read_special(hd.size, data, error)) return Read::kError;
        std::map<std::string, std::string> records;
        if (!parse_pax(data, records)) {
          error = kInvalidTarHeader;
          return Read::kError;
        }
        if (hd.type == 'g') {
          out = hd;
          return Read::kOk;
        }
        pax = std::move(records);
        continue;
      }
      if (hd.type == 'L' || hd.type == 'K') {
        std::string data;
        if (!read_special(hd.size, data, error)) return Read::kError;
        if (hd.type == 'L') long_name = c_string(data);
        continue;
      }
      if (!merge_pax(pax, hd)) {
        error = kInvalidTarHeader;
        return Read::kError;
      }
      if (!long_name.empty()) hd.name = long_name;
      if (hd.type == '\0') hd.type = !hd.name.empty() && hd.name.back() == '/' ? '5' : '0';
      if (hd.size < 0) {
        error = kInvalidTarHeader;
        return Read::kError;
      }
      if (hd.type == 'S' || pax.count("GNU.sparse.map") || pax.count("GNU.sparse.major")) {
        error = "sparse file " + go_quote(hd.name) + " in a chart archive is not supported";
        return Read::kError;
      }
      remaining_ = header_only(hd.type) ? 0 : hd.size;
      pad_ = std::size_t(-remaining_ & std::int64_t(kBlock - 1));
      out = std::move(hd);
      return Read::kOk;
    }
  }

  // Reads the current entry's data (Helm copies all of it).
  Read read_data(std::string& out, std::string& error) {
    if (remaining_ == 0) return Read::kOk;
    Read r = gz_.read_full(std::size_t(remaining_), &out, error);
    if (r == Read::kEnd) {
      error = kUnexpectedEof;
      return Read::kError;
    }
    if (r == Read::kOk) remaining_ = 0;
    return r;
  }

 private:
  static bool parse_header(std::string_view block, Entry& hd) {
    Format format = format_of(block);
    if (format == Format::kUnknown) return false;
    hd.type = block[156];
    hd.name = c_string(field(block, 0, 100));
    auto size = parse_numeric(field(block, 124, 12));
    auto mode = parse_numeric(field(block, 100, 8));
    bool ok = size && mode && parse_numeric(field(block, 108, 8)) &&
              parse_numeric(field(block, 116, 8)) && parse_numeric(field(block, 136, 12));
    if (format != Format::kV7) {
      ok = ok && parse_numeric(field(block, 329, 8)) && parse_numeric(field(block, 337, 8));
      std::string_view prefix;
      if (format == Format::kUstar) prefix = c_string(field(block, 345, 155));
      if (format == Format::kStar) {
        prefix = c_string(field(block, 345, 131));
        ok = ok && parse_numeric(field(block, 476, 12)) && parse_numeric(field(block, 488, 12));
      }
      if (!prefix.empty()) hd.name = std::string(prefix) + "/" + hd.name;
    }
    if (!ok) return false;
    hd.size = *size;
    hd.mode = *mode;
    return true;
  }

  // readSpecialFile: the whole entry, at most 1 MiB, then its padding is left for next().
  bool read_special(std::int64_t size, std::string& data, std::string& error) {
    if (size > std::int64_t(kMaxSpecialFile)) {
      error = "archive/tar: header field too long";
      return false;
    }
    remaining_ = size;
    pad_ = std::size_t(-size & std::int64_t(kBlock - 1));
    return read_data(data, error) == Read::kOk;
  }

  // parsePAX and parsePAXRecord: "<length> <key>=<value>\n" records.
  static bool parse_pax(std::string_view s, std::map<std::string, std::string>& out) {
    while (!s.empty()) {
      auto space = s.find(' ');
      if (space == std::string_view::npos) return false;
      std::string_view digits = s.substr(0, space);
      if (!is_int64(digits) || digits[0] == '+' || digits[0] == '-') return false;
      std::uint64_t n = 0;
      for (char c : digits) n = n * 10 + std::uint64_t(c - '0');
      if (n < 5 || n > s.size() || n <= space + 1) return false;
      std::string_view record = s.substr(space + 1, n - space - 2);
      if (s[n - 1] != '\n') return false;
      s.remove_prefix(n);
      auto eq = record.find('=');
      if (eq == std::string_view::npos || eq == 0) return false;
      std::string_view key = record.substr(0, eq), value = record.substr(eq + 1);
      bool text_key = key == "path" || key == "linkpath" || key == "uname" || key == "gname";
      if (text_key ? value.find('\0') != std::string_view::npos
                   : key.find('\0') != std::string_view::npos) {
        return false;
      }
      if (key == "GNU.sparse.offset" || key == "GNU.sparse.numbytes") continue;
      out[std::string(key)] = std::string(value);
    }
    return true;
  }

  // mergePAX: the records that change what a chart sees, and the checks Go makes of the others.
  static bool merge_pax(const std::map<std::string, std::string>& pax, Entry& hd) {
    for (const auto& [key, value] : pax) {
      if (value.empty()) continue;
      if (key == "path") {
        hd.name = value;
      } else if (key == "size") {
        if (!is_int64(value)) return false;
        hd.size = std::stoll(value);
      } else if (key == "uid" || key == "gid") {
        if (!is_int64(value)) return false;
      } else if (key == "mtime" || key == "atime" || key == "ctime") {
        if (!is_pax_time(value)) return false;
      }
    }
    return true;
  }

  GzipReader& gz_;
  std::int64_t remaining_ = 0;
  std::size_t pad_ = 0;
};

bool is_directory(const Entry& hd) {
  return hd.type == '5' || (hd.mode & 0170000) == 0040000;
}

using Problem = ArchiveRead::Problem;

ArchiveRead problem(std::string message, Problem kind = Problem::kDamaged) {
  ArchiveRead r;
  r.error = std::move(message);
  r.problem = kind;
  return r;
}

// gzip's "invalid header" is told apart (errors.Is(err, gzip.ErrHeader) in Helm).
Problem gz_problem(const GzipReader& gz, const std::string& error) {
  return gz.header_error() && error == gz.error() ? Problem::kGzipHeader : Problem::kDamaged;
}

// The entry's name inside the chart, or the reason Helm refuses it.
std::optional<std::string> chart_name(const std::string& raw, std::string& error) {
  const char delimiter = raw.find('\\') != std::string::npos ? '\\' : '/';
  auto parts = go_split(raw, delimiter);
  std::string n;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (i > 1) n += '/';
    n += parts[i];
  }
  if (!n.empty() && n[0] == '/') {
    error = "chart illegally contains absolute paths";
    return std::nullopt;
  }
  n = go_path_clean(n);
  if (n == ".") {
    error = "chart illegally contains content outside the base directory: " + go_quote(raw);
    return std::nullopt;
  }
  if (n.compare(0, 2, "..") == 0) {
    error = "chart illegally references parent directory";
    return std::nullopt;
  }
  if (n.size() >= 3 && std::isalpha(static_cast<unsigned char>(n[0])) && n[1] == ':' &&
      n[2] == '/') {
    error = "chart contains illegally named files";
    return std::nullopt;
  }
  if (parts[0] == "Chart.yaml") {
    error = "chart yaml not in base directory";
    return std::nullopt;
  }
  return n;
}

}  // namespace

ArchiveRead read_chart_archive(std::string_view data, const LoadLimits& limits,
                               std::size_t& budget) {
  GzipReader gz(data);
  if (!gz.started()) return problem(gz.error(), gz_problem(gz, gz.error()));
  TarReader tar(gz);
  ArchiveRead result;
  const std::string too_large = "decompressed chart is larger than the maximum size " +
                                std::to_string(limits.max_total_bytes);
  const std::size_t start = std::min(budget, limits.max_total_bytes);
  std::size_t remaining = start;
  for (;;) {
    Entry hd;
    std::string error;
    Read r = tar.next(hd, error);
    if (r == Read::kEnd) break;
    if (r == Read::kError) return problem(error, gz_problem(gz, error));
    if (is_directory(hd) || hd.type == 'g') continue;
    auto name = chart_name(hd.name, error);
    if (!name) return problem(error);
    if (std::uint64_t(hd.size) > remaining) return problem(too_large, Problem::kTooLarge);
    if (std::uint64_t(hd.size) > limits.max_file_bytes) {
      return problem("decompressed chart file " + go_quote(hd.name) +
                         " is larger than the maximum file size " +
                         std::to_string(limits.max_file_bytes),
                     Problem::kFileTooLarge);
    }
    if (result.files.size() >= limits.max_files) {
      return problem(
          "the chart has more than " + std::to_string(limits.max_files) + " files (the limit)",
          Problem::kTooLarge);
    }
    File f{std::move(*name), {}};
    if (tar.read_data(f.data, error) != Read::kOk) return problem(error, gz_problem(gz, error));
    remaining -= f.data.size();
    if (f.data.size() < std::uint64_t(hd.size) || remaining == 0) {
      return problem(too_large, Problem::kTooLarge);
    }
    strip_utf8_bom(f.data);
    result.files.push_back(std::move(f));
  }
  if (result.files.empty()) return problem("no files in chart archive");
  budget -= start - remaining;
  return result;
}

// ---------------------------------------------------------------------------------------------
// net/http's sniffing table (https://mimesniff.spec.whatwg.org/ as Go implements it).

namespace {

bool is_ws(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\x0c' || c == '\r' || c == ' ';
}

struct Masked {
  std::string_view mask, pattern;
  bool skip_ws;
  const char* type;
};

bool masked_match(std::string_view data, const Masked& m) {
  if (m.skip_ws) {
    while (!data.empty() && is_ws(static_cast<unsigned char>(data[0]))) data.remove_prefix(1);
  }
  if (data.size() < m.pattern.size()) return false;
  for (std::size_t i = 0; i < m.pattern.size(); ++i) {
    auto byte = [](char c) { return static_cast<unsigned char>(c); };
    if ((byte(data[i]) & byte(m.mask[i])) != byte(m.pattern[i])) return false;
  }
  return true;
}

bool html_match(std::string_view data, std::string_view tag) {
  while (!data.empty() && is_ws(static_cast<unsigned char>(data[0]))) data.remove_prefix(1);
  if (data.size() < tag.size() + 1) return false;
  for (std::size_t i = 0; i < tag.size(); ++i) {
    unsigned char d = static_cast<unsigned char>(data[i]);
    if (tag[i] >= 'A' && tag[i] <= 'Z') d &= 0xDF;
    if (d != static_cast<unsigned char>(tag[i])) return false;
  }
  return data[tag.size()] == ' ' || data[tag.size()] == '>';
}

bool mp4_match(std::string_view d) {
  if (d.size() < 12) return false;
  std::uint32_t box = 0;
  for (int i = 0; i < 4; ++i) box = box << 8 | static_cast<unsigned char>(d[std::size_t(i)]);
  if (box % 4 != 0 || d.size() < box || d.substr(4, 4) != "ftyp") return false;
  for (std::size_t st = 8; st < box; st += 4) {
    if (st == 12) continue;
    if (d.substr(st, 3) == "mp4") return true;
  }
  return false;
}

}  // namespace

std::string detect_content_type(std::string_view head) {
  std::string data(head.substr(0, kBlock));
  data.resize(kBlock, '\0');
  using namespace std::string_view_literals;
  static constexpr std::string_view kHtmlTags[] = {"<!DOCTYPE HTML",
                                                   "<HTML",
                                                   "<HEAD",
                                                   "<SCRIPT",
                                                   "<IFRAME",
                                                   "<H1",
                                                   "<DIV",
                                                   "<FONT",
                                                   "<TABLE",
                                                   "<A",
                                                   "<STYLE",
                                                   "<TITLE",
                                                   "<B",
                                                   "<BODY",
                                                   "<BR",
                                                   "<P",
                                                   "<!--"};
  for (auto tag : kHtmlTags) {
    if (html_match(data, tag)) return "text/html; charset=utf-8";
  }
  const std::string_view ff4 = "\xFF\xFF\xFF\xFF"sv;
  const Masked table[] = {
      {"\xFF\xFF\xFF\xFF\xFF"sv, "<?xml"sv, true, "text/xml; charset=utf-8"},
      {"\xFF\xFF\xFF\xFF\xFF"sv, "%PDF-"sv, false, "application/pdf"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "%!PS-Adobe-"sv, false,
       "application/postscript"},
      {"\xFF\xFF\x00\x00"sv, "\xFE\xFF\x00\x00"sv, false, "text/plain; charset=utf-16be"},
      {"\xFF\xFF\x00\x00"sv, "\xFF\xFE\x00\x00"sv, false, "text/plain; charset=utf-16le"},
      {"\xFF\xFF\xFF\x00"sv, "\xEF\xBB\xBF\x00"sv, false, "text/plain; charset=utf-8"},
      {ff4, "\x00\x00\x01\x00"sv, false, "image/x-icon"},
      {ff4, "\x00\x00\x02\x00"sv, false, "image/x-icon"},
      {"\xFF\xFF"sv, "BM"sv, false, "image/bmp"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF"sv, "GIF87a"sv, false, "image/gif"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF"sv, "GIF89a"sv, false, "image/gif"},
      {"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF"sv, "RIFF\x00\x00\x00\x00WEBPVP"sv,
       false, "image/webp"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "\x89PNG\x0D\x0A\x1A\x0A"sv, false, "image/png"},
      {"\xFF\xFF\xFF"sv, "\xFF\xD8\xFF"sv, false, "image/jpeg"},
      {"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv, "FORM\x00\x00\x00\x00AIFF"sv, false,
       "audio/aiff"},
      {"\xFF\xFF\xFF"sv, "ID3"sv, false, "audio/mpeg"},
      {"\xFF\xFF\xFF\xFF\xFF"sv, "OggS\x00"sv, false, "application/ogg"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "MThd\x00\x00\x00\x06"sv, false, "audio/midi"},
      {"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv, "RIFF\x00\x00\x00\x00AVI "sv, false,
       "video/avi"},
      {"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv, "RIFF\x00\x00\x00\x00WAVE"sv, false,
       "audio/wave"},
  };
  for (const auto& m : table) {
    if (masked_match(data, m)) return m.type;
  }
  if (mp4_match(data)) return "video/mp4";
  if (masked_match(data, {ff4, "\x1A\x45\xDF\xA3"sv, false, "video/webm"})) return "video/webm";
  const Masked later[] = {
      {ff4, "\x00\x01\x00\x00"sv, false, "font/ttf"},
      {ff4, "OTTO"sv, false, "font/otf"},
      {ff4, "ttcf"sv, false, "font/collection"},
      {ff4, "wOFF"sv, false, "font/woff"},
      {ff4, "wOF2"sv, false, "font/woff2"},
      {"\xFF\xFF\xFF"sv, "\x1F\x8B\x08"sv, false, "application/x-gzip"},
      {ff4, "PK\x03\x04"sv, false, "application/zip"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "Rar!\x1A\x07\x00"sv, false,
       "application/x-rar-compressed"},
      {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "Rar!\x1A\x07\x01\x00"sv, false,
       "application/x-rar-compressed"},
      {ff4, "\x00\x61\x73\x6D"sv, false, "application/wasm"},
  };
  // The Embedded OpenType signature: "LP" at offset 34.
  if (data[34] == 'L' && data[35] == 'P') return "application/vnd.ms-fontobject";
  for (const auto& m : later) {
    if (masked_match(data, m)) return m.type;
  }
  std::size_t first = 0;
  while (first < data.size() && is_ws(static_cast<unsigned char>(data[first]))) ++first;
  bool text = std::none_of(data.begin() + std::ptrdiff_t(first), data.end(), [](char ch) {
    unsigned char b = static_cast<unsigned char>(ch);
    return b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F);
  });
  return text ? "text/plain; charset=utf-8" : "application/octet-stream";
}

}  // namespace render::chart
