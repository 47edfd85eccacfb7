#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace slate::offload {

/// The values of a destination path template's tokens: {project} {date} {day} {camera} {roll}
/// {label}. A token left out has no value yet, and a template that uses it is refused.
using TemplateValues = std::map<std::string, std::string>;

/// Expands a template such as "{date}/{roll}" into a relative folder path. Throws
/// std::invalid_argument (saying which token or part) for an unknown token, a token with no value,
/// an unclosed brace, an absolute path, or a part that is empty, "." or "..". Values are made safe
/// for a folder name ('/' and NUL become '_').
std::filesystem::path expand_template(const std::string& path_template,
                                      const TemplateValues& values);

/// Checks a template's form (tokens known, braces closed, relative) without values. Throws
/// std::invalid_argument as expand_template does.
void check_template(const std::string& path_template);

}  // namespace slate::offload
