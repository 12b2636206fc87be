// Compiled into exactly one translation unit when Boost.JSON's library is not linked
// (meson option boost_json_header_only): Boost 1.81 has no header-only switch.
#include <boost/json/src.hpp>
