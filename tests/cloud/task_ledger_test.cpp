#include "cloud/task_ledger.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

namespace bambu {
namespace {

constexpr std::string_view kSerial = "01P00A123456789";

// Newest first, as the API lists them: a running task, a failed one, a finished one.
constexpr std::string_view kTasksReply = R"({"total":3,"hits":[
  {"id":512345700,"deviceId":"01P00A123456789","status":4,"weight":50,
   "amsDetailMapping":[{"filamentType":"PLA","weight":50,"amsId":0,"slotId":0}]},
  {"id":512345690,"deviceId":"01P00A123456789","status":3,"weight":7.5,
   "amsDetailMapping":[{"filamentType":"ABS","weight":7.5,"amsId":128,"slotId":0}]},
  {"id":512345678,"deviceId":"01P00A123456789","status":2,"weight":31.42,
   "amsDetailMapping":[
     {"ams":0,"filamentType":"PLA","weight":21.17,"nozzleId":0,"amsId":0,"slotId":0},
     {"ams":5,"filamentType":"PETG","weight":10.25,"nozzleId":0,"amsId":1,"slotId":1},
     {"ams":2,"filamentType":"","weight":0,"amsId":0,"slotId":2}]}]})";

std::vector<CloudTask> Tasks(std::string_view body) {
  auto result = ParseTasks(body);
  REQUIRE(result.ok());
  return *result.value;
}

double Grams(const GramTotals& totals, std::string ams, std::string slot, std::string type) {
  const auto it = totals.find({std::string(kSerial), ams, slot, type});
  return it == totals.end() ? -1 : it->second;
}

CloudTask FinishedTask(std::string id, double grams) {
  CloudTask task;
  task.id = std::move(id);
  task.device_id = std::string(kSerial);
  task.status = kTaskStatusFinished;
  task.filaments.push_back({0, 3, "PLA", grams});
  return task;
}

struct TempDir {
  std::string path;
  TempDir() {
    char pattern[] = "/tmp/task_ledger_test.XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("ledger: finished grams per slot, failed apart, running ignored") {
  TaskLedger ledger;
  CHECK(ledger.Fold(Tasks(kTasksReply)) == 2);
  const GramTotals& done = ledger.finished_grams();
  CHECK(done.size() == 2);
  CHECK(Grams(done, "0", "0", "PLA") == doctest::Approx(21.17));
  CHECK(Grams(done, "1", "1", "PETG") == doctest::Approx(10.25));
  CHECK(Grams(done, "0", "2", "unknown") == -1);  // 0 g line skipped
  const GramTotals& failed = ledger.failed_planned_grams();
  CHECK(failed.size() == 1);
  CHECK(Grams(failed, "128", "0", "ABS") == doctest::Approx(7.5));
  CHECK(ledger.Counted("512345678"));
  CHECK(ledger.Counted("512345690"));
  CHECK_FALSE(ledger.Counted("512345700"));
}

TEST_CASE("ledger: a task seen in two polls is counted once, a running one when it ends") {
  TaskLedger ledger;
  auto tasks = Tasks(kTasksReply);
  CHECK(ledger.Fold(tasks) == 2);
  CHECK(ledger.Fold(tasks) == 0);
  CHECK(Grams(ledger.finished_grams(), "0", "0", "PLA") == doctest::Approx(21.17));
  tasks[0].status = kTaskStatusFinished;  // the running task finished
  CHECK(ledger.Fold(tasks) == 1);
  CHECK(Grams(ledger.finished_grams(), "0", "0", "PLA") == doctest::Approx(71.17));
  CHECK(ledger.Fold(tasks) == 0);
  CHECK(Grams(ledger.finished_grams(), "0", "0", "PLA") == doctest::Approx(71.17));
}

TEST_CASE("ledger: a finished task waits for its amsDetailMapping") {
  TaskLedger ledger;
  CloudTask task = FinishedTask("77", 12.5);
  const auto mapping = task.filaments;
  task.filaments.clear();
  CHECK(ledger.Fold({task}) == 0);
  CHECK_FALSE(ledger.Counted("77"));
  task.filaments = mapping;
  CHECK(ledger.Fold({task}) == 1);
  CHECK(Grams(ledger.finished_grams(), "0", "3", "PLA") == doctest::Approx(12.5));
}

TEST_CASE("ledger: state file survives a restart without double counting") {
  TempDir dir;
  const std::string path = dir.path + "/cloud_tasks.json";
  std::string error;
  {
    TaskLedger ledger;
    CHECK(ledger.Load(path, error));  // missing file: empty ledger
    CHECK(ledger.counted_count() == 0);
    CHECK(ledger.Fold(Tasks(kTasksReply)) == 2);
    REQUIRE(ledger.Save(path, error));
  }
  CHECK(std::filesystem::exists(path));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                      std::filesystem::directory_iterator{}) == 1);  // no temp file left
  TaskLedger reloaded;
  REQUIRE(reloaded.Load(path, error));
  CHECK(reloaded.counted_count() == 2);
  CHECK(reloaded.Fold(Tasks(kTasksReply)) == 0);
  CHECK(Grams(reloaded.finished_grams(), "0", "0", "PLA") == doctest::Approx(21.17));
  CHECK(Grams(reloaded.finished_grams(), "1", "1", "PETG") == doctest::Approx(10.25));
  CHECK(Grams(reloaded.failed_planned_grams(), "128", "0", "ABS") == doctest::Approx(7.5));
}

TEST_CASE("ledger: counted ids are bounded, oldest dropped first") {
  TaskLedger ledger(3);
  // Newest first: 5 .. 1.
  CHECK(ledger.Fold({FinishedTask("5", 1), FinishedTask("4", 1), FinishedTask("3", 1),
                     FinishedTask("2", 1), FinishedTask("1", 1)}) == 5);
  CHECK(ledger.counted_count() == 3);
  CHECK_FALSE(ledger.Counted("1"));
  CHECK_FALSE(ledger.Counted("2"));
  CHECK(ledger.Counted("3"));
  CHECK(ledger.Counted("5"));
  CHECK(Grams(ledger.finished_grams(), "0", "3", "PLA") == doctest::Approx(5));
  TaskLedger reloaded(3);
  std::string error;
  REQUIRE(reloaded.FromJson(ledger.ToJson(), error));
  CHECK(reloaded.counted_count() == 3);
  CHECK(reloaded.Counted("4"));
}

TEST_CASE("ledger: a bad state file is rejected and leaves the state alone") {
  TaskLedger ledger;
  ledger.Fold({FinishedTask("9", 4)});
  std::string error;
  CHECK_FALSE(ledger.FromJson("{not json", error));
  CHECK(error.find("invalid JSON") != std::string::npos);
  CHECK_FALSE(ledger.FromJson(R"({"version":2,"counted":[]})", error));
  CHECK_FALSE(ledger.FromJson(R"({"version":1,"counted":[1]})", error));
  CHECK_FALSE(ledger.FromJson(
      R"({"version":1,"counted":[],"finished":[{"serial":"x","ams":"0","slot":"0"}]})", error));
  CHECK(ledger.Counted("9"));
  CHECK(Grams(ledger.finished_grams(), "0", "3", "PLA") == doctest::Approx(4));
}

}  // namespace bambu
