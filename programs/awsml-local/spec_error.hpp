#pragma once

// Why awsml-local refused a command-line value (a flag, a lifecycle or fault spec, a models
// file): the non-throwing parsers return boost::system::result<T, spec_error>; .value() throws
// awsml::error (errc::config_error) with the same message.

#include <awsml/core/error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <ostream>
#include <string>

namespace awsml::local {

struct spec_error {
    std::string message;
    friend std::ostream& operator<<(std::ostream& out, const spec_error& e) {
        return out << e.message;
    }
};

[[noreturn]] inline void throw_exception_from_error(const spec_error& e,
                                                    const boost::source_location&) {
    throw awsml::error(make_error_code(errc::config_error), e.message);
}

template <class T>
using spec_result = boost::system::result<T, spec_error>;

} // namespace awsml::local
