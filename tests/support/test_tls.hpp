#pragma once

// Certificates for TLS tests, made once per test process with the `openssl` command line tool
// in a fresh temporary directory (removed when the process exits):
//
//     const awsml_test::test_certificates& certs = awsml_test::test_tls_certificates();
//     awsml_test::test_server server(handler, {certs.server_cert, certs.server_key});
//     awsml::asio_http_transport transport({.ca_file = certs.ca_cert.string()});
//
//   ca_cert                         a test CA: trust it through http_transport_config::ca_file
//                                   (or AWS_CA_BUNDLE)
//   server_cert / server_key        for 127.0.0.1 and localhost, signed by the test CA
//   self_signed_cert / _key         for 127.0.0.1 and localhost, self-signed: never trusted
//   wrong_host_cert / _key          signed by the test CA, for wrong-host.invalid only: a client
//                                   asking for 127.0.0.1 or localhost must refuse it
//
// Keys are ECDSA P-256 (quick to make), certificates valid for ten years from creation.
// Throws std::runtime_error, quoting openssl's output, when a certificate cannot be made.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include <unistd.h>

namespace awsml_test {

struct test_certificates {
    std::filesystem::path directory;
    std::filesystem::path ca_cert;
    std::filesystem::path server_cert, server_key;
    std::filesystem::path self_signed_cert, self_signed_key;
    std::filesystem::path wrong_host_cert, wrong_host_key;
};

namespace detail {

inline constexpr const char* openssl_test_config = R"([req]
distinguished_name = subject
prompt = no
[subject]
CN = awsml test
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
[wrong_host]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong-host.invalid
subjectKeyIdentifier = hash
)";

class certificate_directory {
public:
    certificate_directory() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-tls-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary directory for test certificates");
        certs_.directory = pattern;
        const auto& dir = certs_.directory;
        std::ofstream(dir / "openssl.cnf") << openssl_test_config;
        certs_.ca_cert = dir / "ca.pem";
        certs_.server_cert = dir / "server.pem";
        certs_.server_key = dir / "server.key";
        certs_.self_signed_cert = dir / "self_signed.pem";
        certs_.self_signed_key = dir / "self_signed.key";
        certs_.wrong_host_cert = dir / "wrong_host.pem";
        certs_.wrong_host_key = dir / "wrong_host.key";
        const std::string signed_by_ca =
            " -CA " + quoted(certs_.ca_cert) + " -CAkey " + quoted(dir / "ca.key");
        make(certs_.ca_cert, dir / "ca.key", "awsml test CA", "ca", "");
        make(certs_.server_cert, certs_.server_key, "localhost", "server", signed_by_ca);
        make(certs_.self_signed_cert, certs_.self_signed_key, "localhost", "server", "");
        make(certs_.wrong_host_cert, certs_.wrong_host_key, "wrong-host.invalid", "wrong_host",
             signed_by_ca);
    }
    ~certificate_directory() {
        std::error_code ignored;
        std::filesystem::remove_all(certs_.directory, ignored);
    }
    certificate_directory(const certificate_directory&) = delete;
    certificate_directory& operator=(const certificate_directory&) = delete;

    const test_certificates& certificates() const noexcept { return certs_; }

private:
    static std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

    void make(const std::filesystem::path& cert, const std::filesystem::path& key,
              const std::string& name, const std::string& extensions,
              const std::string& signing) const {
        const auto log = certs_.directory / "openssl.log";
        const std::string command = "openssl req -x509 -new -newkey ec -pkeyopt "
                                    "ec_paramgen_curve:P-256 -nodes -days 3650 -keyout " +
                                    quoted(key) + " -out " + quoted(cert) + " -subj '/CN=" + name +
                                    "' -config " + quoted(certs_.directory / "openssl.cnf") +
                                    " -extensions " + extensions + signing + " > " + quoted(log) +
                                    " 2>&1";
        if (std::system(command.c_str()) != 0) {
            std::ostringstream output;
            output << std::ifstream(log).rdbuf();
            throw std::runtime_error("cannot make the test certificate " + cert.string() +
                                     " with `" + command + "`: " + output.str());
        }
    }

    test_certificates certs_;
};

} // namespace detail

/// The process's test certificates, made on first use.
inline const test_certificates& test_tls_certificates() {
    static const detail::certificate_directory directory;
    return directory.certificates();
}

} // namespace awsml_test
