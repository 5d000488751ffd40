#include "fake_cloud_harness.hpp"

#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/json.hpp>

#include "broker_harness.hpp"

namespace bambu::test {

std::string DefaultCloudAccount() {
  return R"({"token":"tok-1","uid":1234567890,"email":"maker@example.com","password":"s3cret",
  "code":"123456","verify_code_login":true,"expires_in":7776000,
  "devices":[
   {"dev_id":"01P00A123456789","name":"Workshop P1S","online":true,"print_status":"SUCCESS",
    "dev_model_name":"C12","dev_product_name":"P1S","dev_access_code":"12345678\n",
    "nozzle_diameter":0.4},
   {"dev_id":"03919C461234567","name":"","online":false,"print_status":"ACTIVE",
    "dev_model_name":"N2S","dev_product_name":"A1","dev_access_code":"87654321",
    "nozzle_diameter":0.4}],
  "tasks":[
   {"id":900002,"deviceId":"03919C461234567","status":3,"weight":12.0,
    "amsDetailMapping":[{"ams":1,"filamentType":"PETG","weight":12.0,"amsId":0,"slotId":1}]},
   {"id":900001,"deviceId":"01P00A123456789","status":2,"weight":42.5,
    "amsDetailMapping":[
     {"ams":0,"filamentType":"PLA","weight":30.25,"nozzleId":0,"amsId":0,"slotId":0},
     {"ams":3,"filamentType":"PLA","weight":12.25,"nozzleId":0,"amsId":0,"slotId":3}]}]})";
}

FakeCloud::FakeCloud(const std::string& account_json) {
  char pattern[] = "/tmp/fake_bambu_cloud.XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  cert_file_ = dir_ + "/cert.pem";
  const std::string key_file = dir_ + "/key.pem";
  if (RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                  "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key_file,
                  "-out", cert_file_}) != 0) {
    throw std::runtime_error("openssl req failed");
  }
  WriteFile(dir_ + "/account.json", account_json);
  const std::string log = dir_ + "/fake.log";
  pid_ = SpawnProcess(
      {"python3", std::string(BAMBU_TESTS_DIR) + "/io/fake_bambu_cloud.py", "--cert", cert_file_,
       "--key", key_file, "--account", dir_ + "/account.json", "--port", "0"},
      log);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = ReadFile(log);
    if (const auto at = text.find("PORT ");
        at != std::string::npos && text.find('\n', at) != std::string::npos) {
      port_ = std::stoi(text.substr(at + 5));
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  StopProcess(pid_, SIGTERM, 5);
  throw std::runtime_error("fake_bambu_cloud.py did not start: " + ReadFile(log));
}

FakeCloud::~FakeCloud() {
  StopProcess(pid_, SIGTERM, 5);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void FakeCloud::Control(const std::string& json) const {
  HttpsClientOptions options;
  options.base_url = base_url();
  options.ca_file = cert_file_;
  HttpsRequest request;
  request.method = "POST";
  request.target = "/__control";
  request.body = json;
  const HttpsResponse response = SendBlocking(options, request);
  if (response.status != 200) {
    throw std::runtime_error("control " + json + " failed: " + response.error);
  }
}

int FakeCloud::CountRequests(const std::string& path, int status) const {
  HttpsClientOptions options;
  options.base_url = base_url();
  options.ca_file = cert_file_;
  HttpsRequest request;
  request.target = "/__control/log";
  const HttpsResponse response = SendBlocking(options, request);
  if (response.status != 200) throw std::runtime_error("log failed: " + response.error);
  int count = 0;
  const boost::json::value log = boost::json::parse(response.body);
  for (const auto& entry : log.as_array()) {
    const auto& obj = entry.as_object();
    if (obj.at("path").as_string() != path) continue;
    if (status != 0 && obj.at("status").as_int64() != status) continue;
    ++count;
  }
  return count;
}

HttpsResponse SendBlocking(const HttpsClientOptions& options, const HttpsRequest& request) {
  boost::asio::io_context io;
  HttpsClient client(io.get_executor(), options);
  std::optional<HttpsResponse> result;
  boost::asio::co_spawn(
      io, client.Send(request),
      [&result](std::exception_ptr, HttpsResponse response) { result = std::move(response); });
  io.run();
  if (!result) throw std::runtime_error("request did not complete");
  return *result;
}

bool RunIoUntil(boost::asio::io_context& io, const std::function<bool()>& done, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace bambu::test
