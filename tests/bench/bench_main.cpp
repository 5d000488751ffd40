// bambu_bench: in-process benchmarks of the exporter's hot paths. Prints
// figures only; never asserts a time. Measure in a Release build.
//   bambu_bench [--quick] [decode] [ingest] [scrape] [plans]   (no section: all)
//   bambu_bench profile-ingest [0-4] | profile-raw [0-4] | profile-scrape [printers] [gzip]
//   (fixed work, for callgrind; 0-4: one report of the mix: X1C full, H2D full, P1S delta-1,
//   P1S delta-2, P1S AMS delta; profile-raw: the same bytes through the null-handler parser)
// --quick shortens every timed phase 50x and scrapes 10 and 100 printers only (for callgrind).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_sections.hpp"
#include "bench_util.hpp"

int main(int argc, char** argv) {
  using namespace bambu::bench;
  std::vector<std::string> sections;
  if (argc >= 2 && argc <= 3 && std::strcmp(argv[1], "profile-ingest") == 0) {
    return RunIngestProfile(argc == 3 ? std::atoi(argv[2]) : -1);
  }
  if (argc >= 2 && argc <= 3 && std::strcmp(argv[1], "profile-raw") == 0) {
    return RunRawProfile(argc == 3 ? std::atoi(argv[2]) : -1);
  }
  if (argc >= 2 && argc <= 4 && std::strcmp(argv[1], "profile-scrape") == 0) {
    return RunScrapeProfile(argc >= 3 ? std::max(1, std::atoi(argv[2])) : 100,
                            argc == 4 && std::strcmp(argv[3], "gzip") == 0);
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      g_time_scale = 0.02;
    } else if (std::strcmp(argv[i], "decode") == 0 || std::strcmp(argv[i], "ingest") == 0 ||
               std::strcmp(argv[i], "scrape") == 0 || std::strcmp(argv[i], "plans") == 0) {
      sections.emplace_back(argv[i]);
    } else {
      std::fprintf(stderr,
                   "usage: bambu_bench [--quick] [decode] [ingest] [scrape] [plans]\n"
                   "       bambu_bench profile-ingest [0-4] | profile-raw [0-4] |\n"
                   "       bambu_bench profile-scrape [printers (100)] [gzip]\n");
      return 2;
    }
  }
  if (sections.empty()) sections = {"decode", "ingest", "scrape", "plans"};
  int status = 0;
  for (const std::string& section : sections) {
    if (section == "decode") status |= RunDecodeBench();
    if (section == "ingest") status |= RunIngestBench();
    if (section == "scrape") status |= RunScrapeBench();
    if (section == "plans") status |= RunPlanBench();
  }
  return status;
}
