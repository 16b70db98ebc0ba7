#include "impl/storage/acl_cache.h"

#include <fmt/format.h>

namespace zab::storage {

int64_t AclCacheWriter::id_of(const data::AclList& acl) {
  data::JuteWriter key;
  key.acl_list(acl);
  const auto [it, inserted] = ids_.emplace(key.take(), static_cast<int64_t>(lists_.size()) + 1);
  if (inserted) lists_.push_back(&acl);
  return it->second;
}

void AclCacheWriter::write(data::JuteWriter& out) const {
  out.i32(static_cast<int32_t>(lists_.size()));
  for (size_t k = 0; k < lists_.size(); ++k) {
    out.i64(static_cast<int64_t>(k) + 1);
    out.acl_list(*lists_[k]);
  }
}

AclCacheReader AclCacheReader::read(data::JuteReader& in) {
  AclCacheReader cache;
  int32_t count = in.i32();
  if (count < 0) in.reject(fmt::format("negative ACL cache size {}", count));
  // A count larger than the input stops at the first read past its end.
  for (; count > 0 && in.ok(); --count) {
    const int64_t id = in.i64();
    data::AclList acl = in.acl_list();
    if (in.ok()) cache.lists_[id] = std::move(acl);
  }
  return cache;
}

Result<data::AclList> AclCacheReader::resolve(int64_t id) const {
  if (id == kOpenUnsafeAclId) return data::open_acl_unsafe();
  const auto it = lists_.find(id);
  if (it == lists_.end())
    return make_error(Code::kMarshallingError, "ACL {} is not in the snapshot's ACL cache", id);
  return it->second;
}

}  // namespace zab::storage
