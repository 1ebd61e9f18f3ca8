// Reading and writing the files the commands share: results documents in, the
// report files out.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mpc::cli {

// Throws std::runtime_error naming the file and what is wrong with it.
nlohmann::json load_document(const std::string& path);

// `doc` as indented JSON with a final newline; invalid UTF-8 in its strings (case
// files, command lines and paths may hold any bytes) becomes U+FFFD.
std::string dump_document(const nlohmann::json& doc);

// results.json, junit.xml, summary.md, claims.md and report.html into `dir` (created if needed), each
// written atomically.
void write_run_reports(const std::string& dir, const nlohmann::json& doc);

// compare.json and compare.md into `dir`.
void write_compare_reports(const std::string& dir, const nlohmann::json& comparison);

// The matrix and the failures, for the terminal.
void print_matrix(const nlohmann::json& doc);

}  // namespace mpc::cli
