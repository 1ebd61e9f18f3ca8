#include "output_variation.h"

#include <cctype>
#include <map>

namespace mpc {
namespace {

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
  const std::set<std::string> unstable_lines = unstable(exact);
  for (const auto& line : unstable_lines) v.by_shape[line_shape(line)];
  // Of each such shape, the words that are not the same in all its lines of all runs.
  std::map<std::string, std::vector<std::string>> first_words;
  for (const auto* lines : runs)
    for (const auto& line : *lines) {
      auto shape = v.by_shape.find(line_shape(line));
      if (shape == v.by_shape.end()) continue;
      const std::vector<std::string> words = shape_words(line);
      auto [seen, fresh] = first_words.emplace(shape->first, words);
      if (fresh) continue;
      for (size_t k = 0; k < words.size() && k < seen->second.size(); ++k)
        if (words[k] != seen->second[k]) shape->second.insert(k);
    }
  std::vector<Counts> keyed;
  for (const auto* lines : runs) keyed.push_back(count(*lines, [&](const std::string& l) { return v.key(l); }));
  v.some = unstable(keyed);
  return v;
}

}  // namespace

namespace {

// Walks `line` as line_shape() reads it: a word is a run of non-blank
// characters, so "10:50:01]" or "(pid=4242)" is one word that varies or not as a
// whole. `blank(word, index)` says what a word holding a digit becomes.
template <typename Blank>
std::string reshape(const std::string& line, Blank blank) {
  std::string out;
  size_t i = 0, index = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      out += ' ';
      continue;
    }
    size_t j = i;
    bool digit = false;
    for (; j < line.size() && line[j] != ' ' && line[j] != '\t'; ++j)
      if (std::isdigit(static_cast<unsigned char>(line[j]))) digit = true;
    out += digit ? blank(line.substr(i, j - i), index++) : line.substr(i, j - i);
    i = j;
  }
  return out;
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// A clock time ("10:50:01", "10:50:01,104") or a memory address ("0x7f3a2c1e9d50")
// never says what a program did, and two runs a second apart may print the same
// one: such words are blanked even where the reruns did not show them vary.
bool never_behaviour(const std::string& word) {
  const size_t n = word.size();
  for (size_t k = 0; k < n; ++k) {
    if (k + 3 < n && is_digit(word[k]) && word[k + 1] == ':' && is_digit(word[k + 2]) && is_digit(word[k + 3]))
      return true;
    if (k + 1 < n && word[k] == '0' && word[k + 1] == 'x') {
      size_t hex = 0;
      while (k + 2 + hex < n && is_hex(word[k + 2 + hex])) ++hex;
      if (hex >= 6) return true;
    }
  }
  return false;
}

}  // namespace

std::string line_shape(const std::string& line) {
  return reshape(line, [](const std::string&, size_t) { return std::string("#"); });
}

std::vector<std::string> shape_words(const std::string& line) {
  std::vector<std::string> words;
  reshape(line, [&](const std::string& word, size_t) {
    words.push_back(word);
    return std::string();
  });
  return words;
}

std::string StreamVariation::key(const std::string& line) const {
  static const std::set<size_t> kNone;
  auto it = by_shape.empty() ? by_shape.end() : by_shape.find(line_shape(line));
  const std::set<size_t>& varying = it == by_shape.end() ? kNone : it->second;
  return reshape(line, [&](const std::string& word, size_t k) {
    return varying.count(k) || never_behaviour(word) ? std::string("#") : word;
  });
}

void StreamVariation::merge(const StreamVariation& other) {
  for (const auto& [shape, slots] : other.by_shape) by_shape[shape].insert(slots.begin(), slots.end());
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
