// The separate compilation mode's one translation unit (see src.hpp).
#include <awsml/src.hpp>
