#include "jobs/job_plan.hpp"

namespace bambu {

std::string_view PlanFailureLabel(PlanFailure failure) {
  switch (failure) {
    case PlanFailure::kNone:
      return "none";
    case PlanFailure::kNoFile:
      return "no_file";
    case PlanFailure::kFileIncomplete:
      return "file_incomplete";
    case PlanFailure::kLogin:
      return "login";
    case PlanFailure::kTls:
      return "tls";
    case PlanFailure::kTimeout:
      return "timeout";
    case PlanFailure::kTransfer:
      return "transfer";
    case PlanFailure::kNotZip:
      return "not_zip";
    case PlanFailure::kEntryMissing:
      return "entry_missing";
    case PlanFailure::kEntryTooLarge:
      return "entry_too_large";
    case PlanFailure::kBadXml:
      return "bad_xml";
    case PlanFailure::kPlateMissing:
      return "plate_missing";
    case PlanFailure::kBadValues:
      return "bad_values";
  }
  return "unknown";
}

}  // namespace bambu
