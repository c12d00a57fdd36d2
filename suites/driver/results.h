// Result files: written whole or not at all (temp file + rename).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/work.h"

namespace hotops {

inline constexpr int kSchemaVersion = 1;

// Creates `dir` if needed and proves a file can be written there; throws
// std::runtime_error naming the directory and the OS reason otherwise.
void ensure_writable(const std::filesystem::path& dir);

// Writes `text` to a temporary file beside `path`, then renames it over `path`.
void write_atomically(const std::filesystem::path& path, const std::string& text);
void write_json_atomically(const std::filesystem::path& path, const nlohmann::json& j);

// "20261129T091500Z"
std::string utc_stamp();

// A work model as results record it (scripts/results.schema.json, "work" and "traffic").
nlohmann::json work_json(const Work& w);

}  // namespace hotops
