#include "thumbnails.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <jpeglib.h>

namespace slate::reports {

namespace {

// Far larger than any thumbnail Slate makes: a file this size is not one, and is not decoded.
constexpr std::uintmax_t kLargestFile = 16 * 1024 * 1024;
constexpr JDIMENSION kLargestSide = 8192;

// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back to
// decode_jpeg's setjmp. The manager is first, so libjpeg's pointer to it is a pointer to this.
struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf resume;
};

[[noreturn]] void on_jpeg_error(j_common_ptr info) {
  std::longjmp(reinterpret_cast<JpegFailure*>(info->err)->resume, 1);
}

void on_jpeg_message(j_common_ptr) {}  // A corrupt thumbnail is drawn as a placeholder, quietly.

// Nothing with a destructor lives between the setjmp and a longjmp to it: only C objects, released
// by hand on the way out.
cairo_surface_t* decode_jpeg(const unsigned char* bytes, unsigned long size) {
  jpeg_decompress_struct info{};
  JpegFailure failure{};
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = on_jpeg_error;
  failure.manager.output_message = on_jpeg_message;
  cairo_surface_t* volatile picture = nullptr;
  if (setjmp(failure.resume)) {
    jpeg_destroy_decompress(&info);
    if (picture) {
      cairo_surface_destroy(picture);
    }
    return nullptr;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes, size);
  jpeg_read_header(&info, TRUE);
  if (info.image_width > kLargestSide || info.image_height > kLargestSide) {
    jpeg_destroy_decompress(&info);
    return nullptr;
  }
  // libjpeg-turbo writes Cairo's RGB24 (a native-endian 32-bit word, x R G B) directly from YCbCr
  // and grayscale alike; CMYK it refuses, and that thumbnail becomes a placeholder.
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  info.out_color_space = JCS_EXT_XRGB;
#else
  info.out_color_space = JCS_EXT_BGRX;
#endif
  jpeg_start_decompress(&info);
  picture = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(info.output_width),
                                       static_cast<int>(info.output_height));
  if (cairo_surface_status(picture) != CAIRO_STATUS_SUCCESS) {
    jpeg_destroy_decompress(&info);
    cairo_surface_destroy(picture);
    return nullptr;
  }
  cairo_surface_flush(picture);
  unsigned char* pixels = cairo_image_surface_get_data(picture);
  const auto stride = static_cast<std::size_t>(cairo_image_surface_get_stride(picture));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + stride * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  cairo_surface_mark_dirty(picture);
  return picture;
}

void release_bytes(void* bytes) {
  delete static_cast<std::string*>(bytes);
}

std::string read_small_file(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error || size == 0 || size > kLargestFile) {
    return {};
  }
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Surface load(const std::filesystem::path& file) {
  auto bytes = std::make_unique<std::string>(read_small_file(file));
  if (bytes->empty()) {
    return nullptr;
  }
  Surface picture(decode_jpeg(reinterpret_cast<const unsigned char*>(bytes->data()),
                              static_cast<unsigned long>(bytes->size())));
  if (!picture) {
    return nullptr;
  }
  // The PDF surface embeds these bytes as the image (DCTDecode) instead of the decoded pixels;
  // the surface owns them from here.
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  const auto length = static_cast<unsigned long>(bytes->size());
  if (cairo_surface_set_mime_data(picture.get(), CAIRO_MIME_TYPE_JPEG, data, length, release_bytes,
                                  bytes.get()) == CAIRO_STATUS_SUCCESS) {
    bytes.release();
  }
  return picture;
}

}  // namespace

cairo_surface_t* ThumbnailCache::picture(const std::filesystem::path& file) {
  auto found = pictures_.find(file);
  if (found == pictures_.end()) {
    found = pictures_.emplace(file, load(file)).first;
  }
  return found->second.get();
}

void draw_letterboxed(cairo_t* cr, cairo_surface_t* picture, double x, double y, double width,
                      double height) {
  fill_rectangle(cr, x, y, width, height, kShade);
  const double picture_width = cairo_image_surface_get_width(picture);
  const double picture_height = cairo_image_surface_get_height(picture);
  const double scale = std::min(width / picture_width, height / picture_height);
  cairo_save(cr);
  cairo_translate(cr, x + (width - picture_width * scale) / 2,
                  y + (height - picture_height * scale) / 2);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, picture, 0, 0);
  cairo_rectangle(cr, 0, 0, picture_width, picture_height);
  cairo_fill(cr);
  cairo_restore(cr);
}

void draw_placeholder(cairo_t* cr, PangoContext* text, const std::string& label, double x, double y,
                      double width, double height) {
  fill_rectangle(cr, x, y, width, height, kShade);
  set_colour(cr, kRule);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, x + 0.25, y + 0.25, width - 0.5, height - 0.5);
  cairo_stroke(cr);
  const Text words(text, label, {5.5}, width - 2, Fit::wrap, PANGO_ALIGN_CENTER);
  words.draw(cr, x + 1, y + std::max(0.0, (height - words.height()) / 2), kMuted);
}

}  // namespace slate::reports
