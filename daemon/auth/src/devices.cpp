#include <openssl/evp.h>
#include <openssl/rand.h>

#include <slate/auth/devices.hpp>
#include <slate/core/clock.hpp>
#include <slate/log/log.hpp>

namespace slate::auth {

using nlohmann::json;

namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string result;
  for (unsigned int i = 0; i < length; ++i) {
    result += hex[digest[i] >> 4];
    result += hex[digest[i] & 15];
  }
  return result;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no randomness for a token");
  }
  static const char* hex = "0123456789abcdef";
  std::string result;
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    result += hex[byte >> 4];
    result += hex[byte & 15];
  }
  return result;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

json DeviceRegistry::create_pin(const std::string& role) {
  if (!is_role(role)) {
    throw PairingError(400, "the role must be dit, script, director, camera or viewer");
  }
  const auto number = std::stoul(random_hex(4), nullptr, 16) % 1'000'000;
  char pin[8];
  std::snprintf(pin, sizeof pin, "%06lu", number);
  const auto expires = unix_now() + kPinLifetime.count();
  catalogue_.write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare("INSERT INTO pairing_pins (pin_hash, role, expires_at) VALUES (?, ?, ?)")
        .bind(1, sha256_hex(pin))
        .bind(2, role)
        .bind(3, expires)
        .run();
  });
  return {{"pin", pin}, {"role", role}, {"expires_at", expires}};
}

json DeviceRegistry::pair(const std::string& pin, const std::string& name,
                          const std::string& client_address) {
  if (name.empty() || name.size() > 64) {
    throw PairingError(400, "a device needs a name of 1 to 64 characters");
  }
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    // Addresses whose wrong PINs are all older than a PIN's lifetime are forgotten, so that many
    // addresses cannot grow the map without end: each entry costs a recent wrong PIN.
    for (auto entry = failures_by_address_.begin(); entry != failures_by_address_.end();) {
      auto& times = entry->second;
      while (!times.empty() && now - times.front() > kPinLifetime) {
        times.pop_front();
      }
      entry = times.empty() ? failures_by_address_.erase(entry) : std::next(entry);
    }
    const auto found = failures_by_address_.find(client_address);
    if (found != failures_by_address_.end() && found->second.size() >= kWrongPinsPerAddress) {
      throw PairingError(
          429,
          "too many wrong PINs from this address: wait a few minutes, or pair from another tablet");
    }
  }
  const auto token = random_hex(32);
  auto result = catalogue_.write([&](catalogue::Transaction& tx) -> std::optional<json> {
    auto& db = tx.db();
    auto found = db.prepare(
        "SELECT id, role FROM pairing_pins WHERE pin_hash = ? AND used_at IS NULL AND "
        "expires_at > ? ORDER BY id DESC LIMIT 1");
    found.bind(1, sha256_hex(pin)).bind(2, unix_now());
    if (!found.step()) {
      return std::nullopt;
    }
    const auto role = found.column_text(1);
    db.prepare("UPDATE pairing_pins SET used_at = ? WHERE id = ?")
        .bind(1, core::utc_now())
        .bind(2, found.column_int(0))
        .run();
    db.prepare("INSERT INTO devices (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, name)
        .bind(2, role)
        .bind(3, sha256_hex(token))
        .bind(4, core::utc_now())
        .run();
    const auto id = db.last_insert_rowid();
    tx.append({"device.paired",
               "device/" + std::to_string(id),
               json{{"id", id}, {"name", name}, {"role", role}}.dump(),
               "device/" + std::to_string(id),
               {}});
    return json{{"device", id}, {"role", role}, {"token", token}};
  });
  if (result) {
    return *result;
  }
  bool void_now = false;
  {
    std::lock_guard lock(mutex_);
    failures_by_address_[client_address].push_back(now);
    // Every guess at a PIN alive now was made within its lifetime: counting no further back is
    // enough to bound the guesses any one PIN ever faces.
    while (!failures_.empty() && now - failures_.front() > kPinLifetime) {
      failures_.pop_front();
    }
    failures_.push_back(now);
    if (failures_.size() >= kWrongPinsBeforeVoiding) {
      failures_.clear();
      void_now = true;
    }
  }
  if (void_now) {
    void_unused_pins();
  }
  throw PairingError(401, "that PIN is wrong, used or expired: ask for a new one (slate pair)");
}

// Rather than refusing every tablet for a while, which one guesser on the Wi-Fi could keep up
// for ever, the PINs being guessed at stop existing; the next PIN made works at once.
void DeviceRegistry::void_unused_pins() {
  const auto voided = catalogue_.write([&](catalogue::Transaction& tx) {
    const auto now = unix_now();
    tx.db()
        .prepare("UPDATE pairing_pins SET expires_at = ? WHERE used_at IS NULL AND expires_at > ?")
        .bind(1, now)
        .bind(2, now)
        .run();
    return tx.db().changes();
  });
  log::warning(std::to_string(kWrongPinsBeforeVoiding) + " wrong pairing PINs within " +
               std::to_string(kPinLifetime.count() / 60) + " minutes: the " +
               std::to_string(voided) +
               " PIN(s) not yet used are void; make a new one with slate pair");
}

std::optional<Device> DeviceRegistry::authenticate(const std::string& token) {
  auto reader = catalogue_.lease();
  auto found = reader->db().prepare(
      "SELECT id, name, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL");
  found.bind(1, sha256_hex(token));
  if (!found.step()) {
    return std::nullopt;
  }
  Device device{found.column_int(0), found.column_text(1), found.column_text(2)};
  // Last seen to the minute: a tablet polling or streaming must not cost a write per request.
  const auto now = std::chrono::steady_clock::now();
  bool record = false;
  {
    std::lock_guard lock(mutex_);
    auto [at, fresh] = last_recorded_.try_emplace(device.id, now);
    if (fresh || now - at->second >= std::chrono::minutes(1)) {
      at->second = now;
      record = true;
    }
  }
  if (record) {
    catalogue_.write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare("UPDATE devices SET last_seen = ? WHERE id = ?")
          .bind(1, core::utc_now())
          .bind(2, device.id)
          .run();
    });
  }
  return device;
}

json DeviceRegistry::devices() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT id, name, role, created_at, coalesce(last_seen, ''), coalesce(revoked_at, '') FROM "
      "devices ORDER BY id");
  json list = json::array();
  while (select.step()) {
    list.push_back({{"id", select.column_int(0)},
                    {"name", select.column_text(1)},
                    {"role", select.column_text(2)},
                    {"paired_at", select.column_text(3)},
                    {"last_seen", select.column_text(4)},
                    {"revoked_at", select.column_text(5)}});
  }
  return list;
}

bool DeviceRegistry::revoke(std::int64_t id, const std::string& actor) {
  return catalogue_.write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(1, core::utc_now())
        .bind(2, id)
        .run();
    if (tx.db().changes() == 0) {
      return false;
    }
    tx.append(
        {"device.revoked", "device/" + std::to_string(id), json{{"id", id}}.dump(), actor, {}});
    return true;
  });
}

}  // namespace slate::auth
