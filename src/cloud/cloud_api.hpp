// Bambu cloud REST replies (protocol.md §2) → typed structs. Pure, no I/O.
// Every parser returns a CloudResult: a value, or a typed error; nothing throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bambu {

enum class CloudErrorKind {
  kNone,
  kInvalidJson,  // body is not JSON
  kWrongShape,   // JSON, but not the documented shape (missing/mistyped key)
  kApiError,     // envelope says error: "code" non-zero or "error" non-empty
};

struct CloudError {
  CloudErrorKind kind = CloudErrorKind::kNone;
  std::string message;               // for logs; never contains secrets
  std::optional<std::int64_t> code;  // envelope "code" when kApiError
};

template <class T>
struct CloudResult {
  std::optional<T> value;
  CloudError error;  // meaningful when !value
  bool ok() const { return value.has_value(); }
};

/// One printer of GET /v1/iot-service/api/user/bind (§2.5): only what the exporter uses. The
/// reply also carries the printer's LAN access code (dev_access_code): never parsed, so never
/// held in memory.
struct CloudDevice {
  std::string serial;  // dev_id
  std::string name;    // user-given name; may be empty
  bool online = false;
  std::string model_code;    // dev_model_name ("C12", or a marketing name on new models)
  std::string product_name;  // dev_product_name ("P1S")
  std::string model;         // short model name: see CloudModelName
};

/// One filament line of a task's amsDetailMapping (§2.6).
struct CloudTaskFilament {
  int ams_id = -1;   // amsId (unit id; derived from "ams" when absent)
  int slot_id = -1;  // slotId
  std::string filament_type;
  double weight_g = 0;  // slice estimate, grams
};

/// One hit of GET /v1/user-service/my/tasks.
struct CloudTask {
  std::string id;         // task id (a number on the wire), as decimal text
  std::string device_id;  // printer serial
  int status = 0;         // 2 = finished, 3 = failed/aborted (§2.6)
  double weight_g = 0;    // whole-job slice estimate, grams
  std::vector<CloudTaskFilament> filaments;
};

inline constexpr int kTaskStatusFinished = 2;
inline constexpr int kTaskStatusFailed = 3;

/// A POST /v1/user-service/user/login reply (§2.3).
struct LoginReply {
  std::string access_token;  // non-empty means logged in
  std::string login_type;    // "", "verifyCode" or "tfa"
  std::optional<std::int64_t> expires_in_s;
};

/// The envelope error of an already parsed reply: "code" a non-zero number, or
/// "error" a non-empty string. Works on any body; kNone when it is no error.
CloudError CloudEnvelopeError(std::string_view body);

/// /v1/design-user-service/my/preference → uid as decimal text (number or string on the wire).
CloudResult<std::string> ParsePreferenceUid(std::string_view body);

/// Cloud MQTT user name for a uid: "u_<uid>".
std::string CloudMqttUsername(std::string_view uid);

/// /v1/iot-service/api/user/bind → devices (entries without dev_id are skipped).
CloudResult<std::vector<CloudDevice>> ParseBindList(std::string_view body);

/// /v1/user-service/my/tasks → hits (entries without an id are skipped).
CloudResult<std::vector<CloudTask>> ParseTasks(std::string_view body);

/// Login reply; an envelope error is kApiError with its code (1 = code expired, 2 = wrong code).
CloudResult<LoginReply> ParseLoginReply(std::string_view body);

/// REST base URL and MQTT broker of a region (protocol.md §2.1, §3.1).
struct CloudRegionHosts {
  std::string api_base_url;  // "https://api.bambulab.com" / "https://api.bambulab.cn"
  std::string mqtt_uri;  // "ssl://us.mqtt.bambulab.com:8883" / "ssl://cn.mqtt.bambulab.com:8883"
};
/// "global" or "china"; nullopt for anything else.
std::optional<CloudRegionHosts> CloudHostsForRegion(std::string_view region);

/// Short model name (§2.5): dev_model_name code mapped ("C12" → "P1S"); otherwise
/// dev_product_name; otherwise the code itself.
std::string CloudModelName(std::string_view model_code, std::string_view product_name);

}  // namespace bambu
