#include "cloud/cloud_api.hpp"

#include <doctest/doctest.h>

namespace bambu {
namespace {

// The bind reply of protocol.md §2.5 (OBA's sample access code ends in "\n"), plus a
// second, new-model printer, an entry without dev_id and two whose dev_id is not one MQTT
// topic level (dropped: subscribing to them would widen the subscription).
constexpr std::string_view kBindReply = R"({"message":"success","code":null,"error":null,
 "devices":[
  {"dev_id":"01P00A123456789","name":"Bambu P1S","online":true,"print_status":"SUCCESS",
   "dev_model_name":"C12","dev_product_name":"P1S","dev_access_code":"12345678\n",
   "nozzle_diameter":0.4},
  {"dev_id":"22E8BJ610801234","name":"","online":false,"print_status":"RUNNING",
   "dev_model_name":"P2S","dev_product_name":"P2S","dev_access_code":"87654321",
   "nozzle_diameter":"0.6","dev_structure":"CoreXY","print_job":123},
  {"name":"no serial"},{"dev_id":"+","name":"wildcard"},{"dev_id":"a/b","name":"two levels"}]})";

constexpr std::string_view kTasksReply = R"({"total":3,"hits":[
  {"id":512345678,"deviceId":"01P00A123456789","status":2,"weight":31.42,"length":1032,
   "amsDetailMapping":[
     {"ams":0,"sourceColor":"000000FF","targetColor":"000000FF","filamentId":"GFA00",
      "filamentType":"PLA","targetFilamentType":"","weight":21.17,"nozzleId":0,"amsId":0,"slotId":0},
     {"ams":5,"filamentType":"PETG","weight":10.25,"nozzleId":1,"amsId":1,"slotId":1}]},
  {"id":"512345600","deviceId":"01P00A123456789","status":3,"weight":7.5,
   "amsDetailMapping":[{"ams":130,"filamentType":"ABS","weight":7.5}]},
  {"deviceId":"no id","status":2}]})";

}  // namespace

TEST_CASE("bind list: devices, trimmed access code, model names") {
  const auto result = ParseBindList(kBindReply);
  REQUIRE(result.ok());
  const auto& devices = *result.value;
  REQUIRE(devices.size() == 2);
  CHECK(devices[0].serial == "01P00A123456789");
  CHECK(devices[0].name == "Bambu P1S");
  CHECK(devices[0].online);
  CHECK(devices[0].model_code == "C12");
  CHECK(devices[0].model == "P1S");
  CHECK(devices[1].serial == "22E8BJ610801234");
  CHECK_FALSE(devices[1].online);
  CHECK(devices[1].model == "P2S");
}

TEST_CASE("model codes of protocol.md §2.5") {
  CHECK(CloudModelName("BL-P001", "") == "X1C");
  CHECK(CloudModelName("BL-P002", "") == "X1");
  CHECK(CloudModelName("C13", "") == "X1E");
  CHECK(CloudModelName("C11", "P1P") == "P1P");
  CHECK(CloudModelName("N1", "") == "A1 mini");
  CHECK(CloudModelName("N2S", "") == "A1");
  CHECK(CloudModelName("O1D", "") == "H2D");
  CHECK(CloudModelName("O2D", "") == "H2D Pro");
  CHECK(CloudModelName("O1C2", "") == "H2C");
  CHECK(CloudModelName("N6", "") == "X2D");
  CHECK(CloudModelName("ZZ9", "Future Printer") == "Future Printer");
  CHECK(CloudModelName("ZZ9", "") == "ZZ9");
}

TEST_CASE("region hosts") {
  const auto global = CloudHostsForRegion("global");
  REQUIRE(global.has_value());
  CHECK(global->api_base_url == "https://api.bambulab.com");
  CHECK(global->mqtt_uri == "ssl://us.mqtt.bambulab.com:8883");
  const auto china = CloudHostsForRegion("china");
  REQUIRE(china.has_value());
  CHECK(china->api_base_url == "https://api.bambulab.cn");
  CHECK(china->mqtt_uri == "ssl://cn.mqtt.bambulab.com:8883");
  CHECK_FALSE(CloudHostsForRegion("eu").has_value());
}

TEST_CASE("envelope errors and wrong shapes are typed errors") {
  const auto forbidden =
      ParseBindList(R"({"message":"permission denied","code":8,"error":"Resource forbidden"})");
  REQUIRE_FALSE(forbidden.ok());
  CHECK(forbidden.error.kind == CloudErrorKind::kApiError);
  REQUIRE(forbidden.error.code.has_value());
  CHECK(*forbidden.error.code == 8);
  CHECK(forbidden.error.message.find("permission denied") != std::string::npos);

  CHECK(ParseBindList("<html>cloudflare</html>").error.kind == CloudErrorKind::kInvalidJson);
  CHECK(ParseBindList(R"({"devices":[)").error.kind == CloudErrorKind::kInvalidJson);
  CHECK(ParseBindList("[1,2]").error.kind == CloudErrorKind::kWrongShape);
  CHECK(ParseBindList(R"({"message":"success","code":null})").error.kind ==
        CloudErrorKind::kWrongShape);
  CHECK(ParseBindList(R"({"devices":{"dev_id":"x"}})").error.kind == CloudErrorKind::kWrongShape);
  CHECK(ParseTasks(R"({"total":0})").error.kind == CloudErrorKind::kWrongShape);
  CHECK(ParseTasks("").error.kind == CloudErrorKind::kInvalidJson);
  CHECK(CloudEnvelopeError(R"({"message":"success","code":0,"error":""})").kind ==
        CloudErrorKind::kNone);
}

TEST_CASE("preference: uid as number or string, MQTT user name") {
  const auto number =
      ParsePreferenceUid(R"({"uid":1234567890,"name":"maker","handle":"m","avatar":""})");
  REQUIRE(number.ok());
  CHECK(*number.value == "1234567890");
  CHECK(CloudMqttUsername(*number.value) == "u_1234567890");
  const auto text = ParsePreferenceUid(R"({"uid":"3902001234"})");
  REQUIRE(text.ok());
  CHECK(*text.value == "3902001234");
  CHECK(ParsePreferenceUid(R"({"name":"x"})").error.kind == CloudErrorKind::kWrongShape);
  CHECK(ParsePreferenceUid(R"({"uid":null})").error.kind == CloudErrorKind::kWrongShape);
  CHECK(ParsePreferenceUid(R"({"uid":-5})").error.kind == CloudErrorKind::kWrongShape);
}

TEST_CASE("tasks: hits with amsDetailMapping") {
  const auto result = ParseTasks(kTasksReply);
  REQUIRE(result.ok());
  const auto& tasks = *result.value;
  REQUIRE(tasks.size() == 2);
  CHECK(tasks[0].id == "512345678");
  CHECK(tasks[0].device_id == "01P00A123456789");
  CHECK(tasks[0].status == kTaskStatusFinished);
  CHECK(tasks[0].weight_g == doctest::Approx(31.42));
  REQUIRE(tasks[0].filaments.size() == 2);
  CHECK(tasks[0].filaments[0].ams_id == 0);
  CHECK(tasks[0].filaments[0].slot_id == 0);
  CHECK(tasks[0].filaments[0].filament_type == "PLA");
  CHECK(tasks[0].filaments[0].weight_g == doctest::Approx(21.17));
  CHECK(tasks[0].filaments[1].ams_id == 1);
  CHECK(tasks[0].filaments[1].slot_id == 1);
  CHECK(tasks[0].filaments[1].weight_g == doctest::Approx(10.25));
  // Second hit: string id, failed, only the legacy global index "ams" (130 = AMS HT 130).
  CHECK(tasks[1].id == "512345600");
  CHECK(tasks[1].status == kTaskStatusFailed);
  REQUIRE(tasks[1].filaments.size() == 1);
  CHECK(tasks[1].filaments[0].ams_id == 130);
  CHECK(tasks[1].filaments[0].slot_id == 0);
  CHECK(tasks[1].filaments[0].filament_type == "ABS");
}

TEST_CASE("tasks: legacy global index for a four-slot unit") {
  const auto result =
      ParseTasks(R"({"hits":[{"id":1,"status":2,"amsDetailMapping":[{"ams":6,"weight":2}]}]})");
  REQUIRE(result.ok());
  CHECK(result.value->at(0).filaments.at(0).ams_id == 1);
  CHECK(result.value->at(0).filaments.at(0).slot_id == 2);
}

TEST_CASE("login replies") {
  const auto token = ParseLoginReply(
      R"({"accessToken":"abc.def","refreshToken":"abc.def","loginType":"","expiresIn":7776000})");
  REQUIRE(token.ok());
  CHECK(token.value->access_token == "abc.def");
  CHECK(*token.value->expires_in_s == 7776000);

  const auto verify = ParseLoginReply(R"({"accessToken":"","loginType":"verifyCode"})");
  REQUIRE(verify.ok());
  CHECK(verify.value->access_token.empty());
  CHECK(verify.value->login_type == "verifyCode");

  const auto tfa = ParseLoginReply(R"({"loginType":"tfa","tfaKey":"k-1"})");
  REQUIRE(tfa.ok());
  CHECK(tfa.value->login_type == "tfa");

  const auto expired = ParseLoginReply(R"({"code":1,"error":"code expired"})");
  REQUIRE_FALSE(expired.ok());
  CHECK(expired.error.kind == CloudErrorKind::kApiError);
  CHECK(*expired.error.code == 1);
  CHECK(ParseLoginReply(R"({"accessToken":""})").error.kind == CloudErrorKind::kWrongShape);
}

}  // namespace bambu
