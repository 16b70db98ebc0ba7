// zkload's workloads and the layout of the znodes they use.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zkload {

// One closed-loop workload. Every request in flight is one of these operations on a 100-byte
// (by default) znode; `ephemeral_sequential` is a create of an EPHEMERAL|SEQUENCE node followed
// by the delete of the path the server returned, counted as one operation (a pair); `mixed`
// picks getData with probability 0.9 and setData otherwise, per request.
enum class Workload { create, set_data, get_data, exists, ephemeral_sequential, mixed };

inline constexpr std::array<Workload, 6> all_workloads = {Workload::create,
                                                          Workload::set_data,
                                                          Workload::get_data,
                                                          Workload::exists,
                                                          Workload::ephemeral_sequential,
                                                          Workload::mixed};

std::string_view workload_name(Workload workload);
std::optional<Workload> parse_workload(std::string_view name);

// Where a run puts its znodes, all under one run directory so that runs never collide and the
// cleanup is one subtree:
//   <run>/pool/n<i>           pool_node_count nodes that setData/getData/exists/mixed use
//   <run>/create/s<S>-<K>/n<i> what the create workload makes, one parent per request slot
//                              (keeps each parent's child list far below jute.maxbuffer)
//   <run>/eph/e-<seq>          ephemeral-sequential pairs; one shared parent, like a lock recipe
struct Layout {
  std::string run_dir;
  int pool_node_count = 0;

  std::string pool_dir() const { return run_dir + "/pool"; }
  std::string pool_node(int index) const { return pool_dir() + "/n" + std::to_string(index); }
  std::string create_dir() const { return run_dir + "/create"; }
  std::string create_parent(int session, int slot) const {
    return create_dir() + "/s" + std::to_string(session) + "-" + std::to_string(slot);
  }
  std::string ephemeral_dir() const { return run_dir + "/eph"; }
  std::string ephemeral_prefix() const { return ephemeral_dir() + "/e-"; }
};

}  // namespace zkload
