// The fuzz targets' main() when the compiler has no libFuzzer (g++, the sanitizer pass): runs every
// file of the given corpus directories (or files) through LLVMFuzzerTestOneInput once, in name
// order. Arguments that start with '-' are libFuzzer's options and are ignored here, so one CTest
// command line serves both builds: with libFuzzer it fuzzes from the corpus, without it it
// replays the corpus. An input that crashes or fails a check aborts with its file named.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> corpus_files(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("-")) continue;
    std::filesystem::path path(arg);
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(path)) {
      files.push_back(path);
    } else {
      std::fprintf(stderr, "corpus runner: %s is neither a file nor a directory\n", arg.c_str());
      std::exit(2);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  auto files = corpus_files(argc, argv);
  if (files.empty()) {
    std::fprintf(stderr, "corpus runner: no inputs (give corpus directories or files)\n");
    return 2;
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Named before running, so a crash's last line says which input it was.
    std::fprintf(stderr, "running %s (%zu bytes)\n", file.c_str(), input.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("corpus runner: %zu inputs, no crash\n", files.size());
  return 0;
}
