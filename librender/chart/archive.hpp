// Packaged charts: the gzip-compressed tar archives `helm package` writes and `helm dependency
// update` leaves in charts/. Read in memory, as Helm reads them, with Helm's (Go's) error texts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "render/chart.hpp"

namespace render::chart {

// What reading an archive gave: its files, or the text of the first problem.
struct ArchiveRead {
  enum class Problem {
    kNone,
    kDamaged,       // not gzip, not tar, cut short, or an entry outside the chart
    kGzipHeader,    // gzip's "invalid header" (Helm words that one apart)
    kFileTooLarge,  // one file over max_file_bytes
    kTooLarge,      // all files over max_total_bytes (or the load's budget), or over max_files
  };
  // Names without their first element ("app/values.yaml" -> "values.yaml").
  std::vector<File> files;
  Problem problem = Problem::kNone;
  std::string error;  // Go's text of the problem; empty when the files were read
};

// Helm's LoadArchiveFiles: every entry that is not a directory or a PAX global header, its first
// path element dropped, refused when it would land outside the chart (absolute, `..`, a drive
// letter) or names a Chart.yaml below the top; a UTF-8 BOM is removed from each file. Reading
// stops at the first problem, as Go's readers stop: a damaged end of the stream that the tar
// reader never reaches goes unnoticed, as in Helm. `budget` is what may still be decompressed
// in this chart load (nested archives share it); it is lowered by what this archive held.
ArchiveRead read_chart_archive(std::string_view data, const LoadLimits& limits,
                               std::size_t& budget);

// net/http's DetectContentType over the first 512 bytes of a file, read into a zeroed 512-byte
// buffer as Helm reads it (so a short text file is "application/octet-stream").
std::string detect_content_type(std::string_view head);

}  // namespace render::chart
