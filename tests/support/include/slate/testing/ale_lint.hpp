#pragma once
/// Avid's rules for an ALE, checked on the raw text of every ALE the tests make: sections in
/// order, the required headings, the required columns, no stray TAB, Name length, Tracks values,
/// Start + Duration = End at every rate, ';' only at a drop-frame rate.

#include <string>
#include <string_view>
#include <vector>

namespace slate::testing {

/// What breaks Avid's rules, one problem per entry ("line 12: Name is 40 characters, Avid keeps
/// 32"); empty when the ALE merges.
std::vector<std::string> lint_ale(std::string_view text);

}  // namespace slate::testing
