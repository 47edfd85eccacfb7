#pragma once
/// Pairing: tablets pair with a 6-digit PIN (valid 5 minutes, used once) and get a token and a
/// role; what the role may do is the HTTP layer's rights table (slate/api/rights.hpp).

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include <slate/auth/roles.hpp>
#include <slate/catalogue/catalogue.hpp>

namespace slate::auth {

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
  /// limited per client address (429 for that address only), and once too many come from all
  /// addresses together every PIN not yet used is void, so that guessing from many addresses
  /// cannot find one, while a new PIN works at once and no tablet is locked out.
  nlohmann::json pair(const std::string& pin, const std::string& name,
                      const std::string& client_address);

  static constexpr std::chrono::seconds kPinLifetime{300};
  /// Wrong PINs one address may send within a PIN's lifetime; the next get 429 until the oldest is
  /// that old. Fewer than kWrongPinsBeforeVoiding, so one address alone cannot void the set's PINs.
  static constexpr std::size_t kWrongPinsPerAddress = 5;
  /// Wrong PINs from all addresses within a PIN's lifetime after which every unused PIN is void.
  static constexpr std::size_t kWrongPinsBeforeVoiding = 10;
  /// The paired, unrevoked device this token belongs to.
  std::optional<Device> authenticate(const std::string& token);
  nlohmann::json devices();
  /// Ends a device's pairing at once. False when there is no such device.
  bool revoke(std::int64_t id, const std::string& actor);

 private:
  catalogue::Catalogue& catalogue_;
  void void_unused_pins();

  std::mutex mutex_;
  /// Wrong PINs within a PIN's lifetime, by client address.
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_by_address_;
  /// Wrong PINs from every address since the PINs were last voided, for at most a PIN's lifetime.
  std::deque<std::chrono::steady_clock::time_point> failures_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> last_recorded_;
};

}  // namespace slate::auth
