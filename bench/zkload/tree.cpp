#include "tree.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace zkload {

namespace {

// Up to `max_in_flight` asynchronous requests on one handle; wait() until all completed.
class Pipeline {
 public:
  Pipeline(zhandle_t* zh, int max_in_flight, double timeout_s)
      : zh_(zh),
        max_in_flight_(max_in_flight),
        deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(timeout_s))) {}

  // `tolerated` is a result code that counts as success (ZNODEEXISTS, ZNONODE...).
  void create(const std::string& path, const std::string& data, int tolerated) {
    Request* request = begin(path, tolerated);
    if (!request) return;
    int rc = zoo_acreate(zh_, path.c_str(), data.data(), static_cast<int>(data.size()),
                         &ZOO_OPEN_ACL_UNSAFE, 0, on_created, request);
    if (rc != ZOK) done(request, rc);
  }

  void remove(const std::string& path, int tolerated) {
    Request* request = begin(path, tolerated);
    if (!request) return;
    int rc = zoo_adelete(zh_, path.c_str(), -1, on_deleted, request);
    if (rc != ZOK) done(request, rc);
  }

  // Waits (bounded by the deadline) until every request completed.
  TreeResult wait() {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_until(lock, deadline_, [&] { return in_flight_ == 0; })) {
      note_failure("(pipeline)", ZOPERATIONTIMEOUT);
      // Requests still in flight point at this object: never return while they may complete.
      changed_.wait(lock, [&] { return in_flight_ == 0; });
    }
    return result_;
  }

 private:
  struct Request {
    Pipeline* pipeline;
    std::string path;
    int tolerated;
  };

  static void on_created(int rc, const char*, const void* data) { finish(data, rc); }
  static void on_deleted(int rc, const void* data) { finish(data, rc); }
  static void finish(const void* data, int rc) {
    auto* request = static_cast<Request*>(const_cast<void*>(data));
    request->pipeline->done(request, rc);
  }

  Request* begin(const std::string& path, int tolerated) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_until(lock, deadline_, [&] { return in_flight_ < max_in_flight_; })) {
      note_failure(path, ZOPERATIONTIMEOUT);
      return nullptr;
    }
    ++in_flight_;
    return new Request{this, path, tolerated};
  }

  void done(Request* request, int rc) {
    std::lock_guard lock(mutex_);
    if (rc != ZOK && rc != request->tolerated) note_failure(request->path, rc);
    delete request;
    --in_flight_;
    changed_.notify_all();
  }

  void note_failure(const std::string& path, int rc) {
    if (result_.failures++ == 0) result_.first_failure = path + ": " + zerror(rc);
  }

  zhandle_t* zh_;
  int max_in_flight_;
  std::chrono::steady_clock::time_point deadline_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int in_flight_ = 0;
  TreeResult result_;
};

constexpr int pipeline_depth = 256;

std::vector<std::string> children_of(zhandle_t* zh, const std::string& path) {
  String_vector children{};
  std::vector<std::string> names;
  if (zoo_get_children(zh, path.c_str(), 0, &children) != ZOK) return names;
  for (int i = 0; i < children.count; ++i)
    names.push_back(path + "/" + children.data[i]);
  deallocate_String_vector(&children);
  return names;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

}  // namespace

TreeResult build_tree(zhandle_t* zh, const Layout& layout, const std::string& data,
                      int session_count, int slot_count, double timeout_s) {
  Pipeline pipeline(zh, pipeline_depth, timeout_s);
  const std::string root = parent_of(layout.run_dir);
  if (root != "/") pipeline.create(root, "", ZNODEEXISTS);
  pipeline.create(layout.run_dir, "", ZOK);
  pipeline.create(layout.pool_dir(), "", ZOK);
  for (int i = 0; i < layout.pool_node_count; ++i)
    pipeline.create(layout.pool_node(i), data, ZOK);
  pipeline.create(layout.create_dir(), "", ZOK);
  for (int session = 0; session < session_count; ++session) {
    for (int slot = 0; slot < slot_count; ++slot) {
      pipeline.create(layout.create_parent(session, slot), "", ZOK);
    }
  }
  pipeline.create(layout.ephemeral_dir(), "", ZOK);
  return pipeline.wait();
}

TreeResult remove_tree(zhandle_t* zh, const Layout& layout, double timeout_s) {
  // The layout is three levels deep at most; listing only the directories keeps this to a few
  // hundred reads however many nodes the create workload made.
  Pipeline pipeline(zh, pipeline_depth, timeout_s);
  for (const std::string& node : children_of(zh, layout.pool_dir()))
    pipeline.remove(node, ZOK);
  pipeline.remove(layout.pool_dir(), ZNONODE);
  for (const std::string& parent : children_of(zh, layout.create_dir())) {
    for (const std::string& node : children_of(zh, parent))
      pipeline.remove(node, ZOK);
    pipeline.remove(parent, ZOK);
  }
  pipeline.remove(layout.create_dir(), ZNONODE);
  // Ephemerals left by a pair that failed half-way.
  for (const std::string& node : children_of(zh, layout.ephemeral_dir())) {
    pipeline.remove(node, ZNONODE);
  }
  pipeline.remove(layout.ephemeral_dir(), ZNONODE);
  pipeline.remove(layout.run_dir, ZNONODE);
  TreeResult result = pipeline.wait();
  // The shared root goes only when no other run is using it.
  const std::string root = parent_of(layout.run_dir);
  if (root != "/") {
    int rc = zoo_delete(zh, root.c_str(), -1);
    if (rc != ZOK && rc != ZNOTEMPTY && rc != ZNONODE && result.failures++ == 0) {
      result.first_failure = root + ": " + zerror(rc);
    }
  }
  return result;
}

}  // namespace zkload
