#pragma once

// Text as Amazon ML's recipes change it, beyond ASCII: the service runs on Java, whose
// String.toLowerCase maps every cased letter (Ä, Σ, Ж), and its punctuation is Unicode's. Text
// that is not UTF-8 passes through these byte for byte.

#include <string>
#include <string_view>

namespace awsml::local {

/// `text` (UTF-8) lower-cased as Java's String.toLowerCase does it outside the Turkish and
/// Lithuanian locales: every code point's lowercase mapping of Unicode 14.0, İ as i and a
/// combining dot, and Σ as ς at a word's end.
std::string lowercase(std::string_view text);

/// `word` (UTF-8) without the punctuation at its start and at its end ("seat-belts!" is
/// "seat-belts", "«Hola»" is "Hola"): ASCII's punctuation and symbols, and every code point of
/// Unicode's punctuation categories (P*).
std::string_view strip_punctuation(std::string_view word);

} // namespace awsml::local
