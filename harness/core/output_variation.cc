#include "output_variation.h"

#include <cctype>
#include <map>

namespace mpc {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

using Counts = std::map<std::string, int>;

template <typename KeyOf>
Counts count(const std::vector<std::string>& lines, KeyOf key_of) {
  Counts c;
  for (const auto& line : lines) ++c[key_of(line)];
  return c;
}

// Keys whose count is not the same in every run (absent counts as 0).
std::set<std::string> unstable(const std::vector<Counts>& runs) {
  std::set<std::string> keys, out;
  for (const auto& r : runs)
    for (const auto& [k, n] : r) keys.insert(k);
  for (const auto& k : keys) {
    std::optional<int> first;
    for (const auto& r : runs) {
      auto it = r.find(k);
      const int n = it == r.end() ? 0 : it->second;
      if (!first) first = n;
      else if (*first != n) {
        out.insert(k);
        break;
      }
    }
  }
  return out;
}

StreamVariation learn_stream(const std::vector<const std::vector<std::string>*>& runs) {
  StreamVariation v;
  std::vector<Counts> exact;
  for (const auto* lines : runs) exact.push_back(count(*lines, [](const std::string& l) { return l; }));
  for (const auto& line : unstable(exact)) v.by_shape.insert(line_shape(line));
  std::vector<Counts> keyed;
  for (const auto* lines : runs) keyed.push_back(count(*lines, [&](const std::string& l) { return v.key(l); }));
  v.some = unstable(keyed);
  return v;
}

}  // namespace

std::string line_shape(const std::string& line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    if (word_char(line[i])) {
      size_t j = i;
      bool digit = false;
      for (; j < line.size() && word_char(line[j]); ++j)
        if (std::isdigit(static_cast<unsigned char>(line[j]))) digit = true;
      out += digit ? std::string("#") : line.substr(i, j - i);
      i = j;
    } else if (line[i] == ' ' || line[i] == '\t') {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      out += ' ';
    } else {
      out += line[i++];
    }
  }
  return out;
}

std::string StreamVariation::key(const std::string& line) const {
  if (by_shape.empty()) return line;
  std::string shape = line_shape(line);
  return by_shape.count(shape) ? shape : line;
}

void StreamVariation::merge(const StreamVariation& other) {
  by_shape.insert(other.by_shape.begin(), other.by_shape.end());
  // A key learned as a line may now be compared by its shape: keep keys as key() makes them.
  std::set<std::string> keys;
  for (const std::set<std::string>* from : {static_cast<const std::set<std::string>*>(&some), &other.some})
    for (const auto& k : *from) keys.insert(key(k));
  some = std::move(keys);
}

void OutputVariation::merge(const OutputVariation& other) {
  out.merge(other.out);
  err.merge(other.err);
  runs += other.runs;
}

OutputVariation learn_variation(const std::vector<RunText>& runs) {
  OutputVariation v;
  v.runs = runs.size();
  if (runs.size() < 2) return v;
  std::vector<const std::vector<std::string>*> outs, errs;
  for (const auto& r : runs) {
    outs.push_back(&r.out);
    errs.push_back(&r.err);
  }
  v.out = learn_stream(outs);
  v.err = learn_stream(errs);
  return v;
}

}  // namespace mpc
