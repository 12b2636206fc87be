#pragma once

// Everything public in awsml.

#include <awsml/blob.hpp>
#include <awsml/error.hpp>
#include <awsml/from_json.hpp>
#include <awsml/open_enum.hpp>
#include <awsml/shape.hpp>
#include <awsml/shapes.hpp>
#include <awsml/timestamp.hpp>
#include <awsml/to_json.hpp>
#include <awsml/validate.hpp>
#include <awsml/version.hpp>
