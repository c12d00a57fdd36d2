// Result files: published whole or not at all, never over another file.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/work.h"

namespace hotops {

inline constexpr int kSchemaVersion = 1;

// Creates `dir` if needed and proves a file can be written there; throws
// std::runtime_error naming the directory and the OS reason otherwise.
void ensure_writable(const std::filesystem::path& dir);

// One file of a set published together: `<stem><suffix>`.
struct OutputFile {
  std::string suffix;  // ".json", ".gbench.json"
  std::string text;
};

// Writes every file to a temporary in `dir` (anonymous where the file system allows, so
// nothing is left even if the process is killed), then gives them their names: the first
// stem among `stem`, `stem-2`, `stem-3`, ... that is free for every file of the set. The
// first file is named last, so whoever sees it sees the whole set. An existing file is
// never replaced; on any error (disk full, permissions) no file of the set and no
// temporary remain, and the std::runtime_error names the path and the OS reason.
// Returns the stem used.
std::string publish_together(const std::filesystem::path& dir, const std::string& stem,
                             const std::vector<OutputFile>& files);

// "20261129T091500Z"
std::string utc_stamp();

// A work model as results record it (scripts/results.schema.json, "work" and "traffic").
nlohmann::json work_json(const Work& w);

}  // namespace hotops
