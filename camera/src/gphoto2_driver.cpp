// libgphoto2 behind the camera seam. libgphoto2 keeps global state while it loads its camera and
// port drivers, so finding and opening cameras is serialised; an open camera is used by its own
// thread only.

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <gphoto2/gphoto2.h>
#include <mutex>
#include <unistd.h>

#include <slate/camera/camera_driver.hpp>

namespace slate::camera {

namespace {

std::mutex& library_mutex() {
  static std::mutex mutex;
  return mutex;
}

CameraError::Kind kind_of(int result) {
  switch (result) {
    case GP_ERROR_CAMERA_BUSY:
      return CameraError::Kind::busy;
    case GP_ERROR_NOT_SUPPORTED:
      return CameraError::Kind::not_supported;
    case GP_ERROR_IO:
    case GP_ERROR_IO_INIT:
    case GP_ERROR_IO_READ:
    case GP_ERROR_IO_WRITE:
    case GP_ERROR_IO_UPDATE:
    case GP_ERROR_IO_USB_CLEAR_HALT:
    case GP_ERROR_IO_USB_FIND:
    case GP_ERROR_IO_USB_CLAIM:
    case GP_ERROR_IO_LOCK:
    case GP_ERROR_TIMEOUT:
    case GP_ERROR_MODEL_NOT_FOUND:
    case GP_ERROR_UNKNOWN_PORT:
      return CameraError::Kind::disconnected;
    default:
      return CameraError::Kind::failed;
  }
}

void check(int result, const std::string& what) {
  if (result < GP_OK) {
    throw CameraError(kind_of(result), what + ": " + gp_result_as_string(result));
  }
}

// Owns a libgphoto2 object through its unref function.
template <typename T>
using Owned = std::unique_ptr<T, std::function<void(T*)>>;

class Gphoto2Connection : public CameraConnection {
 public:
  Gphoto2Connection(GPContext* context, Camera* camera, std::string name)
      : context_(context), camera_(camera), name_(std::move(name)) {}
  ~Gphoto2Connection() override {
    gp_camera_exit(camera_, context_);
    gp_camera_unref(camera_);
    gp_context_unref(context_);
  }

  CameraEvent wait_for_event(std::chrono::milliseconds timeout) override {
    CameraEventType type = GP_EVENT_TIMEOUT;
    void* data = nullptr;
    check(gp_camera_wait_for_event(camera_, static_cast<int>(timeout.count()), &type, &data,
                                   context_),
          name_ + ": waiting for an event");
    CameraEvent event;
    if (type == GP_EVENT_FILE_ADDED && data) {
      const auto* path = static_cast<CameraFilePath*>(data);
      event.type = CameraEvent::Type::file_added;
      event.file.folder = path->folder;
      event.file.name = path->name;
    } else if (type != GP_EVENT_TIMEOUT) {
      event.type = CameraEvent::Type::other;
    }
    std::free(data);  // libgphoto2 hands the event's data over with malloc
    return event;
  }

  std::vector<CameraFile> list_files() override {
    // libgphoto2 keeps the listings it has read; drivers without events (Directory Browse) never
    // tell it they changed. A listing is asked for to see the camera as it is now: drop the cache.
    check(gp_filesystem_reset(camera_->fs), name_ + ": listing");
    std::vector<CameraFile> files;
    list_folder("/", files, 0);
    return files;
  }

  CameraFile file_info(const std::string& folder, const std::string& name) override {
    CameraFileInfo info{};
    check(gp_camera_file_get_info(camera_, folder.c_str(), name.c_str(), &info, context_),
          name_ + ": reading " + folder + "/" + name);
    CameraFile file{folder, name, 0, 0};
    if (info.file.fields & GP_FILE_INFO_SIZE) {
      file.size = info.file.size;
    }
    if (info.file.fields & GP_FILE_INFO_MTIME) {
      file.mtime = info.file.mtime;
    }
    return file;
  }

  void download(const CameraFile& file, int fd) override {
    // libgphoto2 closes the descriptor it is given when the file is freed: give it a duplicate, so
    // the caller's stays open to be synced and checked.
    const int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0) {
      throw CameraError(CameraError::Kind::failed,
                        name_ + ": staging " + file.path() + ": " + std::strerror(errno));
    }
    ::CameraFile* target = nullptr;
    if (const int result = gp_file_new_from_fd(&target, own); result < GP_OK) {
      ::close(own);
      check(result, name_ + ": staging " + file.path());
    }
    const int result = gp_camera_file_get(camera_, file.folder.c_str(), file.name.c_str(),
                                          GP_FILE_TYPE_NORMAL, target, context_);
    gp_file_unref(target);
    check(result, name_ + ": downloading " + file.path());
  }

 private:
  void list_folder(const std::string& folder, std::vector<CameraFile>& files, int depth) {
    // Cameras nest a few levels (store/DCIM/100CANON); a loop in a broken driver must not hang.
    constexpr int kMaxDepth = 16;
    if (depth > kMaxDepth) {
      return;
    }
    CameraList* list = nullptr;
    check(gp_list_new(&list), name_ + ": listing");
    Owned<CameraList> owned(list, [](CameraList* l) { gp_list_unref(l); });
    check(gp_camera_folder_list_files(camera_, folder.c_str(), list, context_),
          name_ + ": listing " + folder);
    for (int i = 0, n = gp_list_count(list); i < n; ++i) {
      const char* name = nullptr;
      gp_list_get_name(list, i, &name);
      files.push_back(file_info(folder, name));
    }
    gp_list_reset(list);
    check(gp_camera_folder_list_folders(camera_, folder.c_str(), list, context_),
          name_ + ": listing " + folder);
    std::vector<std::string> children;
    for (int i = 0, n = gp_list_count(list); i < n; ++i) {
      const char* name = nullptr;
      gp_list_get_name(list, i, &name);
      children.push_back((folder == "/" ? "/" : folder + "/") + name);
    }
    for (const auto& child : children) {
      list_folder(child, files, depth + 1);
    }
  }

  GPContext* context_;
  Camera* camera_;
  std::string name_;
};

class Gphoto2Driver : public CameraDriver {
 public:
  std::vector<CameraSpec> detect() override {
    std::lock_guard lock(library_mutex());
    load_drivers();
    Owned<GPContext> context(gp_context_new(), [](GPContext* c) { gp_context_unref(c); });
    CameraList* list = nullptr;
    check(gp_list_new(&list), "autodetect");
    Owned<CameraList> owned(list, [](CameraList* l) { gp_list_unref(l); });
    // With the driver lists loaded once (gp_camera_autodetect loads and unloads every camera
    // driver on each call, and some of them leak a little each time).
    check(gp_abilities_list_detect(abilities_.get(), ports_.get(), list, context.get()),
          "autodetect");
    std::vector<CameraSpec> cameras;
    for (int i = 0, n = gp_list_count(list); i < n; ++i) {
      const char* model = nullptr;
      const char* port = nullptr;
      gp_list_get_name(list, i, &model);
      gp_list_get_value(list, i, &port);
      // The autodetect list offers a "usb:" catch-all besides each real port.
      if (model && port && std::string_view(port) != "usb:") {
        cameras.push_back({model, port});
      }
    }
    return cameras;
  }

  std::unique_ptr<CameraConnection> open(const CameraSpec& spec) override {
    std::lock_guard lock(library_mutex());
    const std::string name = spec.model + " on " + spec.port;
    load_drivers();
    const int model_index = gp_abilities_list_lookup_model(abilities_.get(), spec.model.c_str());
    if (model_index < GP_OK) {
      throw CameraError(CameraError::Kind::failed,
                        name + ": libgphoto2 has no driver for the model \"" + spec.model + "\"");
    }
    CameraAbilities abilities{};
    check(gp_abilities_list_get_abilities(abilities_.get(), model_index, &abilities), name);
    const int port_index = gp_port_info_list_lookup_path(ports_.get(), spec.port.c_str());
    if (port_index < GP_OK) {
      throw CameraError(CameraError::Kind::disconnected, name + ": no such port");
    }
    GPPortInfo port_info{};
    check(gp_port_info_list_get_info(ports_.get(), port_index, &port_info), name);

    GPContext* context = gp_context_new();
    Camera* camera = nullptr;
    if (const int result = gp_camera_new(&camera); result < GP_OK) {
      gp_context_unref(context);
      check(result, name);
    }
    int result = gp_camera_set_abilities(camera, abilities);
    if (result >= GP_OK) {
      result = gp_camera_set_port_info(camera, port_info);
    }
    if (result >= GP_OK) {
      result = gp_camera_init(camera, context);
    }
    if (result < GP_OK) {
      gp_camera_unref(camera);
      gp_context_unref(context);
      check(result, name + ": opening");
    }
    return std::make_unique<Gphoto2Connection>(context, camera, name);
  }

 private:
  // The camera and port drivers libgphoto2 has, read once. Called with the library mutex held.
  void load_drivers() {
    if (abilities_) {
      return;
    }
    CameraAbilitiesList* abilities = nullptr;
    check(gp_abilities_list_new(&abilities), "loading camera drivers");
    Owned<CameraAbilitiesList> loaded_abilities(
        abilities, [](CameraAbilitiesList* a) { gp_abilities_list_free(a); });
    check(gp_abilities_list_load(abilities, nullptr), "loading camera drivers");
    GPPortInfoList* ports = nullptr;
    check(gp_port_info_list_new(&ports), "loading port drivers");
    Owned<GPPortInfoList> loaded_ports(ports, [](GPPortInfoList* p) { gp_port_info_list_free(p); });
    check(gp_port_info_list_load(ports), "loading port drivers");
    // Kept only when both loaded: a failure is tried again next time.
    abilities_ = std::move(loaded_abilities);
    ports_ = std::move(loaded_ports);
  }

  Owned<CameraAbilitiesList> abilities_;
  Owned<GPPortInfoList> ports_;
};

}  // namespace

std::shared_ptr<CameraDriver> gphoto2_driver() {
  return std::make_shared<Gphoto2Driver>();
}

}  // namespace slate::camera
