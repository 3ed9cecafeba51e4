// Packaged charts: the tar and gzip readers behind charts/*.tgz and `render rel chart.tgz`, their
// limits, and Go's error texts (observed with helm v4.1.4; the parity suite compares whole charts).
#include <zlib.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "chart/archive.hpp"

namespace render::chart {
namespace {

// One tar header block (USTAR) followed by the entry's data, padded to 512 bytes.
std::string entry(const std::string& name, const std::string& data, char type = '0',
                  std::size_t header_size = std::string::npos) {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  auto octal = [&](std::size_t at, std::size_t width, unsigned long long v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1), v);
    h.replace(at, width - 1, buf);
  };
  octal(100, 8, 0644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, header_size == std::string::npos ? data.size() : header_size);
  octal(136, 12, 0);
  h[156] = type;
  h.replace(257, 8,
            std::string("ustar\0"
                        "00",
                        8));
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  octal(148, 7, sum);
  std::string out = h + data;
  out.resize((out.size() + 511) / 512 * 512, '\0');
  return out;
}

std::string pax(const std::string& key, const std::string& value) {
  std::string record = " " + key + "=" + value + "\n";
  std::size_t n = record.size() + 1;
  while (std::to_string(n).size() + record.size() != n) ++n;
  return entry("PaxHeader", std::to_string(n) + record, 'x');
}

const std::string kEnd(1024, '\0');

std::string gzip(const std::string& raw) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, uLong(raw.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = uInt(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

ArchiveRead read(const std::string& data, const LoadLimits& limits = {}) {
  std::size_t budget = limits.max_total_bytes;
  return read_chart_archive(data, limits, budget);
}

std::string summary(const ArchiveRead& r) {
  if (!r.error.empty()) return "error: " + r.error;
  std::string out;
  for (const auto& f : r.files) out += f.name + "=" + f.data + ";";
  return out;
}

TEST(ChartArchive, DropsTheFirstElementDirectoriesAndBoms) {
  std::string tar = entry("app/", "", '5') + entry("app/Chart.yaml", "\xEF\xBB\xBFname: app") +
                    entry("app/templates/a.yaml", "a") + entry("app/x\\y", "kept") + kEnd;
  // A name with a backslash is split on backslashes only (archives written on Windows), so
  // "app/x\y" loses "app/x" as its first element.
  EXPECT_EQ(summary(read(gzip(tar))), "Chart.yaml=name: app;templates/a.yaml=a;y=kept;");
  EXPECT_EQ(summary(read(gzip(entry("app\\templates\\b.yaml", "b") + kEnd))),
            "templates/b.yaml=b;");
}

TEST(ChartArchive, ExtendedHeadersNameTheNextEntry) {
  std::string long_name = "app/" + std::string(150, 'd') + "/file.txt";
  std::string tar = pax("path", long_name) + entry("short", "pax") +
                    entry("././@LongLink", "app/gnu-long-name.txt", 'L') + entry("ignored", "gnu") +
                    kEnd;
  EXPECT_EQ(summary(read(gzip(tar))),
            std::string(150, 'd') + "/file.txt=pax;gnu-long-name.txt=gnu;");
  EXPECT_EQ(summary(read(gzip(pax("size", "not-a-number") + entry("app/a", "a") + kEnd))),
            "error: archive/tar: invalid tar header");
}

TEST(ChartArchive, RefusesNamesOutsideTheChart) {
  auto one = [](const std::string& name) { return summary(read(gzip(entry(name, "x") + kEnd))); };
  EXPECT_EQ(one("app/../../etc/passwd"), "error: chart illegally references parent directory");
  EXPECT_EQ(one("app//etc/passwd"), "error: chart illegally contains absolute paths");
  EXPECT_EQ(one("README"),
            "error: chart illegally contains content outside the base directory: \"README\"");
  EXPECT_EQ(one("app/c:/x"), "error: chart contains illegally named files");
  EXPECT_EQ(one("Chart.yaml/x"), "error: chart yaml not in base directory");
}

TEST(ChartArchive, LimitsTheDecompressedSize) {
  LoadLimits limits;
  limits.max_file_bytes = 4;
  ArchiveRead r = read(gzip(entry("app/big", "12345") + kEnd), limits);
  EXPECT_EQ(r.problem, ArchiveRead::Problem::kFileTooLarge);
  EXPECT_EQ(r.error, "decompressed chart file \"app/big\" is larger than the maximum file size 4");

  limits = {};
  limits.max_total_bytes = 6;
  r = read(gzip(entry("app/a", "123") + entry("app/b", "456") + kEnd), limits);
  EXPECT_EQ(r.problem, ArchiveRead::Problem::kTooLarge);
  EXPECT_EQ(r.error, "decompressed chart is larger than the maximum size 6");

  // Nested archives share one budget: what one archive held is taken from it.
  limits = {};
  std::size_t budget = 10;
  std::string seven = gzip(entry("app/a", "1234567") + kEnd);
  EXPECT_EQ(summary(read_chart_archive(seven, limits, budget)), "a=1234567;");
  EXPECT_EQ(budget, 3u);
  EXPECT_EQ(summary(read_chart_archive(seven, limits, budget)),
            "error: decompressed chart is larger than the maximum size 104857600");

  limits = {};
  limits.max_files = 1;
  r = read(gzip(entry("app/a", "1") + entry("app/b", "2") + kEnd), limits);
  EXPECT_EQ(r.problem, ArchiveRead::Problem::kTooLarge);
  EXPECT_EQ(r.error, "the chart has more than 1 files (the limit)");
}

TEST(ChartArchive, HeaderOnlyEntriesCarryNoData) {
  // A symlink is an empty file to Helm; one whose header claims a size fails its size check.
  EXPECT_EQ(summary(read(gzip(entry("app/link", "", '2') + kEnd))), "link=;");
  EXPECT_EQ(summary(read(gzip(entry("app/link", "", '2', 5) + kEnd))),
            "error: decompressed chart is larger than the maximum size 104857600");
}

TEST(ChartArchive, GzipProblemsInGoWords) {
  EXPECT_EQ(summary(read("")), "error: EOF");
  EXPECT_EQ(summary(read("\x1F\x8B")), "error: unexpected EOF");
  ArchiveRead r = read("PK\x03\x04 not gzip at all");
  EXPECT_EQ(r.error, "gzip: invalid header");
  EXPECT_EQ(r.problem, ArchiveRead::Problem::kGzipHeader);
  EXPECT_EQ(read(gzip("short")).problem, ArchiveRead::Problem::kDamaged);
  EXPECT_EQ(summary(read(gzip("short"))), "error: unexpected EOF");
  EXPECT_EQ(summary(read(gzip(std::string(1024, '\0')))), "error: no files in chart archive");
  std::string data = gzip(entry("app/a", "1") + kEnd);
  EXPECT_EQ(summary(read(data.substr(0, data.size() / 2))), "error: unexpected EOF");
}

TEST(ChartArchive, ReadsAsFarAsTheTarNeedsLikeGo) {
  std::string tar = entry("app/a", "1");
  // Several gzip members in a row are one stream.
  EXPECT_EQ(summary(read(gzip(tar) + gzip(entry("app/b", "2") + kEnd))), "a=1;b=2;");
  // A damaged checksum is seen only when the tar reader reads up to it...
  std::string data = gzip(tar);
  data[data.size() - 8] = static_cast<char>(data[data.size() - 8] ^ 0xFF);
  EXPECT_EQ(summary(read(data)), "error: gzip: invalid checksum");
  // ...and not when the archive's end-of-archive blocks come first, as in Helm.
  data = gzip(tar + kEnd + std::string(8192, '\0'));
  data[data.size() - 8] = static_cast<char>(data[data.size() - 8] ^ 0xFF);
  EXPECT_EQ(summary(read(data)), "a=1;");
  // A stream that simply ends after an entry is a complete archive.
  EXPECT_EQ(summary(read(gzip(tar))), "a=1;");
}

TEST(ChartArchive, DetectsContentTypesAsNetHttp) {
  EXPECT_EQ(detect_content_type(gzip("x")), "application/x-gzip");
  EXPECT_EQ(detect_content_type("PK\x03\x04rest"), "application/zip");
  EXPECT_EQ(detect_content_type("  <html><body>"), "text/html; charset=utf-8");
  EXPECT_EQ(detect_content_type("\n<?xml version=\"1.0\"?>"), "text/xml; charset=utf-8");
  EXPECT_EQ(detect_content_type("%PDF-1.7"), "application/pdf");
  // Helm sniffs a zeroed 512-byte buffer: short text has NULs after it.
  EXPECT_EQ(detect_content_type("name: chart\n"), "application/octet-stream");
  EXPECT_EQ(detect_content_type(std::string(600, 'a')), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace render::chart
