// Block dispatch for the writers: std::visit with one lambda per block type, so that a block type
// without its case is a compile error, not an exception at run time.
#pragma once
#include <variant>

namespace attn::render {

template <class... Cases>
struct Visit : Cases... {
    using Cases::operator()...;
};
template <class... Cases>
Visit(Cases...) -> Visit<Cases...>;

}  // namespace attn::render
