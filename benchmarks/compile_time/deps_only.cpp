// Compile-time benchmark, dependency side: only the headers needed for one real HTTPS POST with
// Asio (resolve, connect, TLS handshake with SNI and verification, write, read to the end) and
// one boost::json::parse of the answer's body. No signing, no retries, no mapping to a struct:
// the least a program using the same libraries compiles. See with_awsml.cpp.
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <string>

int main() {
    const std::string host = "machinelearning.us-east-1.amazonaws.com";
    const std::string body = R"({"MLModelId":"ml-tGvRzy5Dr8Q","Verbose":true})";
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    stream.set_verify_mode(asio::ssl::verify_peer);
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    asio::ip::tcp::resolver resolver(io);
    asio::connect(stream.lowest_layer(), resolver.resolve(host, "443"));
    stream.handshake(asio::ssl::stream_base::client);
    const std::string request = "POST / HTTP/1.1\r\nHost: " + host +
                                "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                                "X-Amz-Target: AmazonML_20141212.GetMLModel\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                body;
    asio::write(stream, asio::buffer(request));
    std::string response;
    asio::error_code ec;
    asio::read(stream, asio::dynamic_buffer(response), ec); // to the end of the stream
    const auto start = response.find("\r\n\r\n");
    const auto doc =
        boost::json::parse(start == std::string::npos ? "{}" : response.substr(start + 4));
    std::printf("%s\n", doc.is_object() ? "object" : "other");
}
