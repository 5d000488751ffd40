#include "cloud/task_ledger.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace bambu {
namespace json = boost::json;
namespace {

constexpr std::int64_t kStateVersion = 1;

json::array TotalsToJson(const GramTotals& totals) {
  json::array out;
  for (const auto& [key, grams] : totals) {
    out.push_back(json::object{{"serial", key.serial},
                               {"ams", key.ams},
                               {"slot", key.slot},
                               {"filament_type", key.filament_type},
                               {"color", key.color},
                               {"grams", grams}});
  }
  return out;
}

bool TotalsFromJson(const json::value* value, GramTotals& out, std::string& error) {
  if (value == nullptr) return true;
  if (!value->is_array()) {
    error = "totals are not an array";
    return false;
  }
  for (const json::value& entry : value->as_array()) {
    const json::object* obj = entry.if_object();
    if (obj == nullptr) {
      error = "totals entry is not an object";
      return false;
    }
    FilamentSlotKey key;
    std::string* fields[] = {&key.serial, &key.ams, &key.slot, &key.filament_type};
    const char* names[] = {"serial", "ams", "slot", "filament_type"};
    for (int i = 0; i < 4; ++i) {
      const json::value* v = obj->if_contains(names[i]);
      if (v == nullptr || !v->is_string()) {
        error = std::string("totals entry has no string \"") + names[i] + "\"";
        return false;
      }
      *fields[i] = std::string(v->as_string());
    }
    if (const json::value* color = obj->if_contains("color"); color && color->is_string()) {
      key.color = std::string(color->as_string());  // absent in files written before colours
    }
    const json::value* grams = obj->if_contains("grams");
    if (grams == nullptr || !grams->is_number() || !std::isfinite(grams->to_number<double>())) {
      error = "totals entry has no number \"grams\"";
      return false;
    }
    out[key] += grams->to_number<double>();
  }
  return true;
}

bool WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TaskLedger::TaskLedger(std::size_t max_ids) : max_ids_(max_ids == 0 ? 1 : max_ids) {}

bool TaskLedger::Counted(std::string_view task_id) const { return ids_.contains(task_id); }

void TaskLedger::Remember(const std::string& task_id) {
  ids_.insert(task_id);
  order_.push_back(task_id);
  while (order_.size() > max_ids_) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
}

void TaskLedger::AddLines(const CloudTask& task, GramTotals& totals) const {
  for (const CloudTaskFilament& line : task.filaments) {
    if (!(line.weight_g > 0)) continue;
    const bool has_slot = line.ams_id >= 0 && line.slot_id >= 0;
    FilamentSlotKey key{task.device_id, has_slot ? std::to_string(line.ams_id) : "unknown",
                        has_slot ? std::to_string(line.slot_id) : "unknown",
                        line.filament_type.empty() ? "unknown" : line.filament_type, line.color};
    totals[key] += line.weight_g;
  }
}

std::size_t TaskLedger::Fold(const std::vector<CloudTask>& tasks) {
  std::size_t counted = 0;
  // The API lists newest first; walk oldest first so eviction drops the oldest.
  for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) {
    const CloudTask& task = *it;
    if (task.id.empty() || Counted(task.id)) continue;
    if (task.status != kTaskStatusFinished && task.status != kTaskStatusFailed) continue;
    if (task.filaments.empty()) continue;  // mapping not final yet
    AddLines(task, task.status == kTaskStatusFinished ? finished_ : failed_);
    Remember(task.id);
    ++counted;
  }
  return counted;
}

std::string TaskLedger::ToJson() const {
  json::array counted;
  for (const std::string& id : order_) counted.push_back(json::string(id));
  json::object root{{"version", kStateVersion},
                    {"counted", std::move(counted)},
                    {"finished", TotalsToJson(finished_)},
                    {"failed", TotalsToJson(failed_)}};
  return json::serialize(root);
}

bool TaskLedger::FromJson(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) {
    error = ec ? "invalid JSON: " + ec.message() : "state is not a JSON object";
    return false;
  }
  const json::object& obj = root.as_object();
  const json::value* version = obj.if_contains("version");
  if (version == nullptr || !version->is_int64() || version->as_int64() != kStateVersion) {
    error = "unsupported state version";
    return false;
  }
  TaskLedger loaded(max_ids_);
  const json::value* counted = obj.if_contains("counted");
  if (counted == nullptr || !counted->is_array()) {
    error = "state has no \"counted\" array";
    return false;
  }
  for (const json::value& id : counted->as_array()) {
    if (!id.is_string() || id.as_string().empty()) {
      error = "counted id is not a non-empty string";
      return false;
    }
    const std::string text_id(id.as_string());
    if (!loaded.Counted(text_id)) loaded.Remember(text_id);
  }
  if (!TotalsFromJson(obj.if_contains("finished"), loaded.finished_, error) ||
      !TotalsFromJson(obj.if_contains("failed"), loaded.failed_, error)) {
    return false;
  }
  *this = std::move(loaded);
  return true;
}

bool TaskLedger::Save(const std::string& path, std::string& error) const {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  const bool written = WriteAll(fd, ToJson() + "\n") && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    error = "cannot write " + tmp + ": " + std::strerror(saved_errno);
    ::unlink(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

bool TaskLedger::Load(const std::string& path, std::string& error) {
  if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT) return true;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!FromJson(text.str(), error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

}  // namespace bambu
