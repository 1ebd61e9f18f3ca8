// Merges results documents (the shards of one matrix, or runs on several machines)
// into one: the cells of all, the cases of all, the run facts combined.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

namespace mpc {

// Throws std::runtime_error for a document that is not schema 1, or for two
// documents that both hold the same cell (same case, method, exe mode, interpreter
// and OS) with different outcomes, since one report cannot say which is true.
nlohmann::json merge_documents(const std::vector<nlohmann::json>& docs);

}  // namespace mpc
