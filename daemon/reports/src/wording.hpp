#pragma once
// Numbers as a person reads them on the reports.

#include <cstdint>
#include <string>

namespace slate::reports {

/// "12,400,000,000"
std::string with_thousands(std::uint64_t number);
/// Decimal units, as drives are sold: "12.4 GB", "980 bytes".
std::string human_size(std::uint64_t bytes);
/// "12.4 GB (12,400,000,000 bytes)": the short form, and the exact one to check against.
std::string size_in_full(std::uint64_t bytes);

}  // namespace slate::reports
