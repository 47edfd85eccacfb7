#include "page.hpp"

#include <cairo-pdf.h>

namespace slate::reports {

namespace {

constexpr double kMastheadHeight = 44;
constexpr double kFootHeight = 18;

cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw ReportError(std::string(what) + ": " + cairo_status_to_string(status));
  }
}

}  // namespace

std::optional<Paper> parse_paper(const std::string& text) {
  if (text == "a4") {
    return Paper::a4;
  }
  if (text == "letter") {
    return Paper::letter;
  }
  return std::nullopt;
}

PdfDocument::PdfDocument(Paper paper, Masthead masthead, std::string title)
    : masthead_(std::move(masthead)), title_(std::move(title)) {
  // Landscape: ISO A4 is 297 × 210 mm, US Letter 11 × 8.5 in.
  page_width_ = paper == Paper::a4 ? 842 : 792;
  page_height_ = paper == Paper::a4 ? 595 : 612;
  body_ = {kMargin, kMargin + kMastheadHeight, page_width_ - 2 * kMargin,
           page_height_ - kMargin - kFootHeight};
  surface_.reset(
      cairo_pdf_surface_create_for_stream(append_to, &bytes_, page_width_, page_height_));
  check(cairo_surface_status(surface_.get()), "cannot make the PDF surface");
  const std::string creator = "Slate " + masthead_.version;
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title_.c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, creator.c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_SUBJECT,
                                 masthead_.production.c_str());
  cr_.reset(cairo_create(surface_.get()));
  check(cairo_status(cr_.get()), "cannot draw on the PDF surface");
  text_ = text_context(cr_.get());
}

void PdfDocument::finish_page(int number, int total) {
  cairo_t* cr = cr_.get();
  const double width = body_.width;
  const std::string production =
      masthead_.unit.empty() ? masthead_.production : masthead_.production + " · " + masthead_.unit;
  Text(text_.get(), production, {9, true}, width, Fit::ellipsize_end)
      .draw(cr, kMargin, kMargin, kMuted);
  Text(text_.get(), title_, {15, true}, width, Fit::ellipsize_end).draw(cr, kMargin, kMargin + 13);
  horizontal_rule(cr, kMargin, kMargin + kMastheadHeight - 6, width, kInk, 1);

  const double foot = page_height_ - kMargin - kFootHeight + 6;
  horizontal_rule(cr, kMargin, foot, width, kRule);
  const std::string made = "Slate " + masthead_.version + " · Generated " + masthead_.generated_at;
  Text(text_.get(), made, {7}, width * 0.7, Fit::ellipsize_end).draw(cr, kMargin, foot + 3, kMuted);
  const std::string page = "Page " + std::to_string(number) + " of " + std::to_string(total);
  Text(text_.get(), page, {7, true}, width, Fit::ellipsize_end, PANGO_ALIGN_RIGHT)
      .draw(cr, kMargin, foot + 3, kMuted);
  cairo_show_page(cr);
  ++pages_;
}

Document PdfDocument::finish() {
  check(cairo_status(cr_.get()), "cannot draw the report");
  text_.reset();
  cr_.reset();
  cairo_surface_finish(surface_.get());
  check(cairo_surface_status(surface_.get()), "cannot write the PDF");
  surface_.reset();
  return {std::move(bytes_), pages_};
}

}  // namespace slate::reports
