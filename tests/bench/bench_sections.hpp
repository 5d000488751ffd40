// The sections of bambu_bench; each prints its table and returns 0 on success.
#pragma once

namespace bambu::bench {

int RunDecodeBench();  // ReportDecoder::Decode vs raw parse, per fixture
int RunIngestBench();  // Fleet::Ingest vs raw parse, per kind and mixed; allocations
int RunScrapeBench();  // /metrics for 10, 100, 1,000 printers
int RunPlanBench();    // job plans: bytes per 3MF read, ingest with 1,000 jobs starting

// Fixed workloads without timing, to run under callgrind.
int RunIngestProfile(int only);
int RunRawProfile(
    int only);  // the same reports through the null-handler parser  // only: index into the mix, -1
                // = all  // 2,000 x the ingest mix through Fleet::Ingest
/// max(5, 500 / printers) x GET /metrics of `printers` printers with the exporter's collectors.
int RunScrapeProfile(int printers, bool gzip);

}  // namespace bambu::bench
