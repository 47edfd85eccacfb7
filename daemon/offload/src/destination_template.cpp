#include <set>
#include <stdexcept>

#include <slate/offload/destination_template.hpp>

namespace slate::offload {
namespace {

const std::set<std::string> kTokens = {"project", "date", "day", "camera", "roll", "label"};

std::string folder_safe(std::string value) {
  for (auto& c : value) {
    if (c == '/' || c == '\0' || c == '\\') {
      c = '_';
    }
  }
  return value;
}

}  // namespace

std::filesystem::path expand_template(const std::string& path_template,
                                      const TemplateValues& values) {
  if (path_template.empty() || path_template.front() == '/') {
    throw std::invalid_argument("the destination template \"" + path_template +
                                "\" must be a relative path such as \"{date}/{roll}\"");
  }
  std::string expanded;
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    const char c = path_template[i];
    if (c != '{') {
      if (c == '}') {
        throw std::invalid_argument("the destination template has a '}' without its '{'");
      }
      expanded += c;
      continue;
    }
    const auto close = path_template.find('}', i);
    if (close == std::string::npos) {
      throw std::invalid_argument("the destination template has a '{' without its '}'");
    }
    const std::string token = path_template.substr(i + 1, close - i - 1);
    if (!kTokens.contains(token)) {
      throw std::invalid_argument("the destination template has an unknown token {" + token +
                                  "}; use {project} {date} {day} {camera} {roll} {label}");
    }
    const auto value = values.find(token);
    if (value == values.end() || value->second.empty()) {
      throw std::invalid_argument("the destination template uses {" + token +
                                  "}, which has no value for this card");
    }
    expanded += folder_safe(value->second);
    i = close;
  }
  std::filesystem::path result;
  for (const auto& part : std::filesystem::path(expanded)) {
    const auto text = part.string();
    if (text.empty() || text == "." || text == ".." || text == "/") {
      throw std::invalid_argument("the destination template gives \"" + expanded +
                                  "\", which has an empty, '.' or '..' part");
    }
    result /= part;
  }
  return result;
}

void check_template(const std::string& path_template) {
  TemplateValues placeholders;
  for (const auto& token : kTokens) {
    placeholders[token] = "x";
  }
  expand_template(path_template, placeholders);
}

}  // namespace slate::offload
