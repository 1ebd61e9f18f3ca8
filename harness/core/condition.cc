#include "condition.h"

#include <cctype>
#include <vector>

namespace mpc {
namespace {

using Eval = std::function<bool(const ConditionFacts&)>;

struct Token {
  enum Kind { kWord, kString, kOp, kOpen, kClose, kEnd } kind;
  std::string text;
  size_t pos;
};

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    size_t start = i;
    if (c == '(') { out.push_back({Token::kOpen, "(", i++}); continue; }
    if (c == ')') { out.push_back({Token::kClose, ")", i++}); continue; }
    if (c == '"' || c == '\'') {
      size_t end = s.find(c, i + 1);
      if (end == std::string::npos)
        throw ConditionError("unterminated string at column " + std::to_string(i + 1));
      out.push_back({Token::kString, s.substr(i + 1, end - i - 1), start});
      i = end + 1;
      continue;
    }
    if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string op(1, c);
      if (i + 1 < s.size() && s[i + 1] == '=') op += '=';
      if (op == "=" || op == "!")
        throw ConditionError("unknown operator '" + op + "' at column " + std::to_string(i + 1));
      out.push_back({Token::kOp, op, start});
      i += op.size();
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '.'))
        ++i;
      out.push_back({Token::kWord, s.substr(start, i - start), start});
      continue;
    }
    throw ConditionError(std::string("unexpected '") + c + "' at column " + std::to_string(i + 1));
  }
  out.push_back({Token::kEnd, "", s.size()});
  return out;
}

bool compare(int cmp, const std::string& op) {
  if (op == "==") return cmp == 0;
  if (op == "!=") return cmp != 0;
  if (op == "<") return cmp < 0;
  if (op == "<=") return cmp <= 0;
  if (op == ">") return cmp > 0;
  return cmp >= 0;
}

// Recursive descent: or -> and -> not -> primary. Nesting and length are bounded:
// a case file is untrusted input, and 5000 '(' (or 'not's) overflowed the stack,
// while a long chain of 'or's took quadratic time (found by tests/fuzz).
constexpr int kMaxDepth = 32;
constexpr int kMaxComparisons = 64;

class Parser {
 public:
  explicit Parser(const std::string& s) : tokens_(tokenize(s)) {}

  Eval parse() {
    Eval e = parse_or();
    if (peek().kind != Token::kEnd) fail("end of condition");
    return e;
  }

 private:
  const Token& peek() const { return tokens_[at_]; }
  Token next() { return tokens_[at_++]; }
  bool is_word(const char* w) const { return peek().kind == Token::kWord && peek().text == w; }
  [[noreturn]] void fail(const std::string& wanted) const {
    const Token& t = peek();
    std::string got = t.kind == Token::kEnd ? "the end" : "'" + t.text + "'";
    throw ConditionError("expected " + wanted + " at column " + std::to_string(t.pos + 1) +
                         ", found " + got);
  }

  Eval parse_or() {
    Eval left = parse_and();
    while (is_word("or")) {
      next();
      Eval right = parse_and();
      left = [l = std::move(left), r = std::move(right)](const ConditionFacts& f) { return l(f) || r(f); };
    }
    return left;
  }
  Eval parse_and() {
    Eval left = parse_not();
    while (is_word("and")) {
      next();
      Eval right = parse_not();
      left = [l = std::move(left), r = std::move(right)](const ConditionFacts& f) { return l(f) && r(f); };
    }
    return left;
  }
  Eval parse_not() {
    if (is_word("not")) {
      next();
      Nested nested(this);
      Eval inner = parse_not();
      return [inner = std::move(inner)](const ConditionFacts& f) { return !inner(f); };
    }
    return parse_primary();
  }
  Eval parse_primary() {
    if (peek().kind == Token::kOpen) {
      next();
      Nested nested(this);
      Eval inner = parse_or();
      if (peek().kind != Token::kClose) fail("')'");
      next();
      return inner;
    }
    if (peek().kind != Token::kWord || (peek().text != "python" && peek().text != "os"))
      fail("'python' or 'os'");
    if (++comparisons_ > kMaxComparisons)
      throw ConditionError("more than " + std::to_string(kMaxComparisons) + " comparisons");
    const std::string name = next().text;
    if (peek().kind != Token::kOp) fail("a comparison (==, !=, <, <=, >, >=)");
    const std::string op = next().text;
    if (peek().kind != Token::kWord && peek().kind != Token::kString) fail("a value");
    const Token value = next();
    if (name == "os") {
      if (op != "==" && op != "!=") throw ConditionError("os compares only with == or !=");
      const std::string want = value.text;
      return [op, want](const ConditionFacts& f) { return compare(f.os == want ? 0 : 1, op); };
    }
    auto version = PythonVersion::Parse(value.text);
    if (!version || version->parts.size() > 3)
      throw ConditionError("'" + value.text + "' is not a Python version such as 3.14");
    const PythonVersion v = *version;
    return [op, v](const ConditionFacts& f) { return compare(f.python.compare_on(v), op); };
  }

  // One level of '(' or 'not', for as long as it is being parsed.
  struct Nested {
    explicit Nested(Parser* p) : parser(p) {
      if (++parser->depth_ > kMaxDepth)
        throw ConditionError("nested more than " + std::to_string(kMaxDepth) + " deep");
    }
    ~Nested() { --parser->depth_; }
    Parser* parser;
  };

  std::vector<Token> tokens_;
  size_t at_ = 0;
  int depth_ = 0;
  int comparisons_ = 0;
};

}  // namespace

Condition Condition::Parse(const std::string& text) {
  Condition c;
  c.text_ = text;
  c.eval_ = Parser(text).parse();
  return c;
}

}  // namespace mpc
