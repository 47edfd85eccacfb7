// Placeholder until the ALE format lands: the writer only.
#include <slate/exports/ale.hpp>

namespace slate::exports {

AleError::AleError(std::size_t line, const std::string& what)
    : std::runtime_error("line " + std::to_string(line) + ": " + what), line_(line) {}

std::string ale_value(std::string_view text) {
  std::string value;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    }
    value += (c == '\t' || c == '\r' || c == '\n') ? ' ' : c;
  }
  return value;
}

std::string write_ale(const Ale& ale) {
  std::string text = "Heading\n";
  for (const auto& [name, value] : ale.heading) {
    text += ale_value(name) + "\t" + ale_value(value) + "\n";
  }
  text += "\nColumn\n";
  for (std::size_t i = 0; i < ale.columns.size(); ++i) {
    text += (i ? "\t" : "") + ale_value(ale.columns[i]);
  }
  text += "\n\nData\n";
  for (const auto& row : ale.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      text += (i ? "\t" : "") + ale_value(row[i]);
    }
    text += "\n";
  }
  return text;
}

Ale read_ale(std::string_view) {
  throw AleError(1, "not read yet");
}

}  // namespace slate::exports

namespace slate::exports {

std::optional<std::string> Ale::heading_value(std::string_view name) const {
  for (const auto& [key, value] : heading) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> Ale::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace slate::exports
