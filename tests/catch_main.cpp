// Debian's Catch2 2.13 ships no main library: this is the one translation unit that defines it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
