#pragma once

// What a function compiled once in the separate compilation mode is declared as: `inline` in the
// header-only mode (defined in every translation unit that includes it), and an ordinary
// declaration when AWSML_SEPARATE_COMPILATION is defined (defined once, by <awsml/src.hpp>).
// A function's storage class cannot come from a template, so this is a macro, as Asio's
// ASIO_DECL is.

#ifdef AWSML_SEPARATE_COMPILATION
#define AWSML_DECL
#else
#define AWSML_DECL inline
#endif

namespace awsml::detail {

/// Whether this translation unit is built in the separate compilation mode (every translation
/// unit of a program must agree), for the choices a template can make without the macro.
#ifdef AWSML_SEPARATE_COMPILATION
inline constexpr bool separate_compilation = true;
#else
inline constexpr bool separate_compilation = false;
#endif

} // namespace awsml::detail
