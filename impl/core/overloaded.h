// std::visit over a set of lambdas, one per alternative (no default: a new alternative fails to
// compile until it is handled).
#pragma once

namespace zab {
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;
}  // namespace zab
