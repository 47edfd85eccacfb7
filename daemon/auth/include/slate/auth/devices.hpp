#pragma once
/// Who may change what: tablets pair with a 6-digit PIN (valid 5 minutes, used once) and get a
/// token and a role; each mutating request is allowed or refused by its role.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include <slate/catalogue/catalogue.hpp>

namespace slate::auth {

/// dit: everything. script: the shot list, takes, clip assignment. director: marks on takes.
/// camera: offloads, cameras, media jobs. viewer: nothing but reading.
bool is_role(const std::string& role);
/// Whether `role` may make this request: every role reads; what each may change differs.
bool allowed(const std::string& role, const std::string& method, const std::string& path);

struct Device {
  std::int64_t id = 0;
  std::string name;
  std::string role;
};

/// A pairing refused: `status` is the HTTP status it means (400, 401, 429).
class PairingError : public std::runtime_error {
 public:
  PairingError(unsigned status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

class DeviceRegistry {
 public:
  explicit DeviceRegistry(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// A new PIN for a role, valid five minutes: {"pin", "role", "expires_at"}.
  nlohmann::json create_pin(const std::string& role);
  /// Pairs a tablet: the PIN is used up; returns {"device", "role", "token"}. Wrong PINs are
  /// limited to five a minute for the whole appliance (429 beyond), so six digits cannot be
  /// guessed.
  nlohmann::json pair(const std::string& pin, const std::string& name);
  /// The paired, unrevoked device this token belongs to.
  std::optional<Device> authenticate(const std::string& token);
  nlohmann::json devices();
  /// Ends a device's pairing at once. False when there is no such device.
  bool revoke(std::int64_t id, const std::string& actor);

 private:
  catalogue::Catalogue& catalogue_;
  std::mutex mutex_;
  std::deque<std::chrono::steady_clock::time_point> failures_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> last_recorded_;
};

}  // namespace slate::auth
