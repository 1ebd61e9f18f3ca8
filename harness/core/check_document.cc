#include "check_document.h"

#include <algorithm>

#include "check_baseline.h"
#include "check_diagnosis.h"

using nlohmann::json;

namespace mpc {
namespace {

json place_json(const SourcePlace& p) { return {{"file", p.file}, {"line", p.line}}; }

std::string cell_name(const json& cell) {
  return cell.value("/python/version"_json_pointer, std::string("?")) + "/" + cell.value("method", "");
}

json break_json(const json& cell, const json* baseline, bool meaningless, const std::string& cwd) {
  const Diagnosis d = diagnose(cell, cwd);
  json culprit = nullptr, sent_by = nullptr, module_line = nullptr, output = nullptr;
  if (d.culprit)
    culprit = {{"name", d.culprit->name}, {"kind", d.culprit->kind}, {"file", d.culprit->defined.file},
               {"line", d.culprit->defined.line}, {"path", d.culprit->path}};
  if (d.sent_by) sent_by = {{"call", d.sent_by->call}, {"file", d.sent_by->at.file}, {"line", d.sent_by->at.line}};
  if (d.module_level_line) module_line = place_json(*d.module_level_line);
  std::string cause = d.cause, remedy = d.remedy;
  if (baseline) {
    const OutputDifference diff = output_difference(*baseline, cell);
    if (!diff.empty()) output = diff.to_json();
    // Worked as the baseline did, yet printed or exited otherwise.
    if (cell.value("outcome", "") == "ok") {
      cause = "the output differs from the baseline's: " + diff.summary();
      remedy = "";
    }
  }
  const std::string resolved = cell.value("resolved_method", cell.value("method", ""));
  return {{"python", cell.value("/python/version"_json_pointer, std::string())},
          {"method", cell.value("method", "")},
          {"resolved_method", resolved},
          {"outcome", cell.value("outcome", "")},
          {"cause", cause},
          {"culprit", culprit},
          {"sent_by", sent_by},
          {"module_level_line", module_line},
          // A helper that died first (the fork server): its error is the outcome.
          {"root_cause", cell.value("/evidence/root_cause"_json_pointer, json(nullptr))},
          {"remedy", remedy},
          {"default_on", default_on(resolved)},
          {"output_difference", output},
          {"meaningless", meaningless}};
}

// Where the program first chose its method, from any cell that saw it.
std::optional<MethodChoice> first_choice(const json& cells) {
  for (const auto& cell : cells) {
    const auto choices = method_choices(cell);
    if (!choices.empty()) return choices.front();
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string cells_word(size_t n) { return std::to_string(n) + (n == 1 ? " cell" : " cells"); }

std::string verdict_line(const json& doc, size_t checked) {
  const json& breaks = doc["breaks"];
  const json& same = doc["fails_before_multiprocessing"];
  if (same.is_object())
    return (checked == 1 ? "fails in the 1 cell checked" : "fails the same way in all " + cells_word(checked)) +
           " before it reaches multiprocessing: " +
           same["cause"].get<std::string>();
  if (breaks.empty())
    return checked == 1 ? "works in the 1 cell checked" : "works the same in all " + cells_word(checked);
  std::vector<std::string> where, defaults;
  for (const auto& b : breaks) {
    where.push_back(b["python"].get<std::string>() + " " + b["method"].get<std::string>());
    for (const auto& d : b["default_on"])
      if (std::find(defaults.begin(), defaults.end(), d.get<std::string>()) == defaults.end())
        defaults.push_back(d);
  }
  std::string line = doc["baseline"].is_null()
                         ? (checked == 1 ? "does not work in the 1 cell checked"
                                         : "works in none of the " + cells_word(checked))
                         : "breaks in " + std::to_string(breaks.size()) + " of " + cells_word(checked) + " (" +
                               join(where, ", ") + ")";
  if (!doc["baseline"].is_null() && !defaults.empty()) line += ": the default on " + join(defaults, ", ");
  return line;
}

}  // namespace

json build_check_document(const json& results, const CheckedProgram& program) {
  const json cells = results.value("cells", json::array());
  const std::optional<size_t> base = choose_baseline(cells);
  const json* baseline = base ? &cells[*base] : nullptr;
  const std::optional<MethodChoice> choice = first_choice(cells);

  json cell_rows = json::array(), breaks = json::array(), meaningless_cells = json::array();
  size_t checked = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    const json& cell = cells[i];
    const std::string outcome = cell.value("outcome", "");
    const std::string resolved = cell.value("resolved_method", cell.value("method", ""));
    // The program ran its own method here, whatever the cell's was.
    const bool meaningless = choice && resolved != choice->method && outcome != "unsupported";
    if (meaningless) meaningless_cells.push_back({{"python", cell.value("/python/version"_json_pointer, std::string())},
                                                  {"method", cell.value("method", "")}});
    std::string status;
    if (outcome == "unsupported") status = "unsupported";
    else if (base && i == *base) status = "baseline";
    else if (baseline && same_as_baseline(*baseline, cell)) status = "same";
    else status = "break";
    if (status != "unsupported") ++checked;
    if (status == "break") breaks.push_back(break_json(cell, baseline, meaningless, program.cwd));
    cell_rows.push_back({{"python", cell.value("/python/version"_json_pointer, std::string())},
                         {"method", cell.value("method", "")}, {"resolved_method", resolved},
                         {"outcome", outcome}, {"status", status}, {"meaningless", meaningless},
                         {"name", cell_name(cell)}});
  }
  json chooses = nullptr;
  if (choice)
    chooses = {{"file", relative_to(program.cwd, choice->at.file)}, {"line", choice->at.line}, {"call", choice->call},
               {"method", choice->method}, {"meaningless_cells", meaningless_cells}};
  json doc = {
      {"schema", 1},
      {"program", program.program},
      {"args", program.args},
      {"cwd", program.cwd},
      {"baseline", baseline ? json{{"python", baseline->value("/python/version"_json_pointer, std::string())},
                                   {"method", baseline->value("method", "")}}
                            : json(nullptr)},
      {"chooses_own_method", chooses},
      {"cells", cell_rows},
      {"breaks", breaks},
      {"fails_before_multiprocessing", nullptr},
  };
  if (auto outcome = same_failure_before_multiprocessing(cells); outcome && !breaks.empty())
    doc["fails_before_multiprocessing"] = {{"outcome", *outcome}, {"cause", breaks[0]["cause"]}};
  doc["verdict"] = verdict_line(doc, checked);
  return doc;
}

int check_exit_status(const json& check) { return check.value("breaks", json::array()).empty() ? 0 : 1; }

}  // namespace mpc
