#include "workload.hpp"

namespace zkload {

std::string_view workload_name(Workload workload) {
  switch (workload) {
    case Workload::create:
      return "create";
    case Workload::set_data:
      return "setData";
    case Workload::get_data:
      return "getData";
    case Workload::exists:
      return "exists";
    case Workload::ephemeral_sequential:
      return "ephemeral-sequential";
    case Workload::mixed:
      return "mixed-90/10";
  }
  return "?";
}

std::optional<Workload> parse_workload(std::string_view name) {
  for (Workload workload : all_workloads) {
    if (workload_name(workload) == name) return workload;
  }
  // Short and case-insensitive-ish spellings for the command line.
  if (name == "set" || name == "setdata") return Workload::set_data;
  if (name == "get" || name == "getdata") return Workload::get_data;
  if (name == "ephemeral" || name == "eph-seq" || name == "ephemeral_sequential") {
    return Workload::ephemeral_sequential;
  }
  if (name == "mixed") return Workload::mixed;
  return std::nullopt;
}

}  // namespace zkload
