#include "cloud/cloud_api.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include <boost/json.hpp>

#include "report/report_topic.hpp"

namespace bambu {
namespace json = boost::json;
namespace {

/// dev_model_name code → short model name (protocol.md §2.5).
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kModelCodes{{
    {"BL-P001", "X1C"},
    {"BL-P002", "X1"},
    {"C13", "X1E"},
    {"C11", "P1P"},
    {"C12", "P1S"},
    {"N7", "P2S"},
    {"N1", "A1 mini"},
    {"N2S", "A1"},
    {"O1D", "H2D"},
    {"O1E", "H2D Pro"},
    {"O2D", "H2D Pro"},
    {"O1C", "H2C"},
    {"O1C2", "H2C"},
    {"O1S", "H2S"},
    {"N6", "X2D"},
    {"N9", "A2L"},
}};

CloudError MakeError(CloudErrorKind kind, std::string message) {
  return CloudError{kind, std::move(message), std::nullopt};
}

/// Parses `body` as a JSON object; sets `error` otherwise.
std::optional<json::object> ParseObject(std::string_view body, CloudError& error) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) {
    error = MakeError(CloudErrorKind::kInvalidJson, "invalid JSON: " + ec.message());
    return std::nullopt;
  }
  if (!value.is_object()) {
    error = MakeError(CloudErrorKind::kWrongShape, "reply is not a JSON object");
    return std::nullopt;
  }
  return std::move(value.as_object());
}

CloudError EnvelopeError(const json::object& obj) {
  CloudError error;
  const json::value* code = obj.if_contains("code");
  const json::value* err = obj.if_contains("error");
  const json::value* message = obj.if_contains("message");
  bool failed = false;
  if (code != nullptr && code->is_number()) {
    boost::system::error_code ec;
    const auto n = code->to_number<std::int64_t>(ec);
    if (!ec && n != 0) {
      error.code = n;
      failed = true;
    }
  }
  if (err != nullptr && err->is_string() && !err->as_string().empty()) failed = true;
  if (!failed) return error;
  error.kind = CloudErrorKind::kApiError;
  std::string text = "API error";
  if (message != nullptr && message->is_string()) text += ": " + std::string(message->as_string());
  if (err != nullptr && err->is_string()) text += " (" + std::string(err->as_string()) + ")";
  if (error.code) text += " code=" + std::to_string(*error.code);
  error.message = std::move(text);
  return error;
}

std::optional<std::string> StringField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

/// An integer given as a JSON number (integral) or as decimal text.
std::optional<std::int64_t> IntField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double() && std::isfinite(v->as_double()) &&
      v->as_double() == std::trunc(v->as_double()) && std::fabs(v->as_double()) < 9.0e15) {
    return static_cast<std::int64_t>(v->as_double());
  }
  if (v->is_string()) {
    const json::string& s = v->as_string();
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      n = n * 10 + (s[i] - '0');
    }
    return s[0] == '-' ? -n : n;
  }
  return std::nullopt;
}

/// A number given as a JSON number or as decimal text.
std::optional<double> DoubleField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) {
    const double d = v->to_number<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
  }
  if (v->is_string()) {
    try {
      std::size_t used = 0;
      const std::string text(v->as_string());
      const double d = std::stod(text, &used);
      if (used == text.size() && std::isfinite(d)) return d;
    } catch (...) {  // std::stod: not a number
    }
  }
  return std::nullopt;
}

/// An id given as a non-negative integer or a non-empty string, as text.
std::optional<std::string> IdField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) {
    if (v->as_string().empty()) return std::nullopt;
    return std::string(v->as_string());
  }
  if (auto n = IntField(obj, key); n && *n >= 0) return std::to_string(*n);
  return std::nullopt;
}

std::optional<CloudDevice> DeviceFrom(const json::value& entry) {
  const json::object* obj = entry.if_object();
  if (obj == nullptr) return std::nullopt;
  CloudDevice device;
  auto serial = StringField(*obj, "dev_id");
  if (!serial || !IsTopicLevel(*serial)) return std::nullopt;  // would widen a subscription
  device.serial = std::move(*serial);
  device.name = StringField(*obj, "name").value_or("");
  if (const json::value* online = obj->if_contains("online"); online && online->is_bool()) {
    device.online = online->as_bool();
  }
  device.model_code = StringField(*obj, "dev_model_name").value_or("");
  device.product_name = StringField(*obj, "dev_product_name").value_or("");
  device.model = CloudModelName(device.model_code, device.product_name);
  return device;
}

/// amsId/slotId, or the legacy global tray index "ams" (id*4 + slot; 128+ = AMS HT).
void SlotFrom(const json::object& obj, CloudTaskFilament& out) {
  const auto ams_id = IntField(obj, "amsId");
  const auto slot_id = IntField(obj, "slotId");
  if (ams_id && slot_id) {
    out.ams_id = static_cast<int>(*ams_id);
    out.slot_id = static_cast<int>(*slot_id);
    return;
  }
  const auto global = IntField(obj, "ams");
  if (!global || *global < 0) return;
  if (*global >= 128) {
    out.ams_id = static_cast<int>(*global);
    out.slot_id = 0;
  } else {
    out.ams_id = static_cast<int>(*global >> 2);
    out.slot_id = static_cast<int>(*global & 3);
  }
}

std::optional<CloudTask> TaskFrom(const json::value& entry) {
  const json::object* obj = entry.if_object();
  if (obj == nullptr) return std::nullopt;
  auto id = IdField(*obj, "id");
  if (!id) return std::nullopt;
  CloudTask task;
  task.id = std::move(*id);
  task.device_id = StringField(*obj, "deviceId").value_or("");
  task.status = static_cast<int>(IntField(*obj, "status").value_or(0));
  task.weight_g = DoubleField(*obj, "weight").value_or(0);
  const json::value* mapping = obj->if_contains("amsDetailMapping");
  if (mapping == nullptr || !mapping->is_array()) return task;
  for (const json::value& line : mapping->as_array()) {
    const json::object* line_obj = line.if_object();
    if (line_obj == nullptr) continue;
    CloudTaskFilament filament;
    SlotFrom(*line_obj, filament);
    filament.filament_type = StringField(*line_obj, "filamentType").value_or("");
    filament.weight_g = DoubleField(*line_obj, "weight").value_or(0);
    task.filaments.push_back(std::move(filament));
  }
  return task;
}

/// The array under `key`, or sets a kWrongShape error.
const json::array* ArrayField(const json::object& obj, std::string_view key, CloudError& error) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_array()) {
    error =
        MakeError(CloudErrorKind::kWrongShape, "reply has no \"" + std::string(key) + "\" array");
    return nullptr;
  }
  return &v->as_array();
}

}  // namespace

CloudError CloudEnvelopeError(std::string_view body) {
  CloudError error;
  auto obj = ParseObject(body, error);
  if (!obj) return error;
  return EnvelopeError(*obj);
}

CloudResult<std::string> ParsePreferenceUid(std::string_view body) {
  CloudResult<std::string> result;
  auto obj = ParseObject(body, result.error);
  if (!obj) return result;
  if (result.error = EnvelopeError(*obj); result.error.kind != CloudErrorKind::kNone) return result;
  auto uid = IdField(*obj, "uid");
  if (!uid) {
    result.error = MakeError(CloudErrorKind::kWrongShape, "preference reply has no uid");
    return result;
  }
  result.value = std::move(*uid);
  return result;
}

std::string CloudMqttUsername(std::string_view uid) { return "u_" + std::string(uid); }

CloudResult<std::vector<CloudDevice>> ParseBindList(std::string_view body) {
  CloudResult<std::vector<CloudDevice>> result;
  auto obj = ParseObject(body, result.error);
  if (!obj) return result;
  if (result.error = EnvelopeError(*obj); result.error.kind != CloudErrorKind::kNone) return result;
  const json::array* devices = ArrayField(*obj, "devices", result.error);
  if (devices == nullptr) return result;
  std::vector<CloudDevice> out;
  for (const json::value& entry : *devices) {
    if (auto device = DeviceFrom(entry)) out.push_back(std::move(*device));
  }
  result.value = std::move(out);
  return result;
}

CloudResult<std::vector<CloudTask>> ParseTasks(std::string_view body) {
  CloudResult<std::vector<CloudTask>> result;
  auto obj = ParseObject(body, result.error);
  if (!obj) return result;
  if (result.error = EnvelopeError(*obj); result.error.kind != CloudErrorKind::kNone) return result;
  const json::array* hits = ArrayField(*obj, "hits", result.error);
  if (hits == nullptr) return result;
  std::vector<CloudTask> out;
  for (const json::value& entry : *hits) {
    if (auto task = TaskFrom(entry)) out.push_back(std::move(*task));
  }
  result.value = std::move(out);
  return result;
}

CloudResult<LoginReply> ParseLoginReply(std::string_view body) {
  CloudResult<LoginReply> result;
  auto obj = ParseObject(body, result.error);
  if (!obj) return result;
  if (result.error = EnvelopeError(*obj); result.error.kind != CloudErrorKind::kNone) return result;
  LoginReply reply;
  reply.access_token = StringField(*obj, "accessToken").value_or("");
  reply.login_type = StringField(*obj, "loginType").value_or("");
  reply.expires_in_s = IntField(*obj, "expiresIn");
  if (reply.access_token.empty() && reply.login_type.empty()) {
    result.error = MakeError(CloudErrorKind::kWrongShape, "login reply has neither token nor type");
    return result;
  }
  result.value = std::move(reply);
  return result;
}

std::optional<CloudRegionHosts> CloudHostsForRegion(std::string_view region) {
  if (region == "global") {
    return CloudRegionHosts{"https://api.bambulab.com", "ssl://us.mqtt.bambulab.com:8883"};
  }
  if (region == "china") {
    return CloudRegionHosts{"https://api.bambulab.cn", "ssl://cn.mqtt.bambulab.com:8883"};
  }
  return std::nullopt;
}

std::string CloudModelName(std::string_view model_code, std::string_view product_name) {
  for (const auto& [code, model] : kModelCodes) {
    if (code == model_code) return std::string(model);
  }
  if (!product_name.empty()) return std::string(product_name);
  return std::string(model_code);
}

}  // namespace bambu
