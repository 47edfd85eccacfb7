// Placeholder until the wrap check lands.
#include <slate/exports/wrap_check.hpp>

namespace slate::exports {

std::string_view to_string(Finding) {
  return "clip_on_no_take";
}

std::vector<CheckItem> check_day(catalogue::CatalogueReader&, std::int64_t, const CheckOptions&) {
  return {};
}

}  // namespace slate::exports
