#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/process_credentials_provider.hpp>

#include <awsml/auth/default_credentials_chain.hpp>

#include "support/credential_files.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <csignal>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace credentials_test {

using awsml::credentials;
using awsml::environment;
using awsml::errc;
using awsml_test::at;
using namespace std::chrono_literals;

namespace {

// Markers that must never show up in a message or printed output.
const std::string secret = "wJalrXUtnFEMI-SECRET-MARKER";
const std::string token = "SESSION-TOKEN-MARKER";

bool leaks(const std::string& text) {
    return text.find("SECRET-MARKER") != std::string::npos ||
           text.find("TOKEN-MARKER") != std::string::npos;
}

// A fresh directory per test, removed afterwards; nothing outside it is read or written.
class temp_dir {
public:
    temp_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-creds-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            FAIL("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path_ / name, std::ios::binary) << content;
        return (path_ / name).string();
    }
    std::string read(const std::string& name) const {
        std::ifstream in(path_ / name, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
    std::string path() const { return path_.string(); }

    /// A config file whose default profile runs `script` (a shell script written here).
    std::string process_profile(const std::string& script, const std::string& profile = "default") {
        std::string script_path = write("process-" + profile + ".sh", script);
        std::string header = profile == "default" ? "[default]" : "[profile " + profile + "]";
        return header + "\ncredential_process = /bin/sh " + script_path + "\n";
    }

private:
    std::filesystem::path path_;
};

environment env_with(const temp_dir& dir, const std::string& config, const std::string& creds,
                     environment::variable_map variables = {}) {
    // Tests never reach 169.254.169.254: the instance metadata source is off unless a test
    // points it at a local server.
    variables.try_emplace("AWS_EC2_METADATA_DISABLED", "true");
    variables.try_emplace("HOME", dir.path());
    variables.try_emplace("AWS_CONFIG_FILE", dir.path() + "/config");
    variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/credentials");
    dir.write("config", config);
    dir.write("credentials", creds);
    return environment::from_map(std::move(variables));
}

std::string json_output(const std::string& key_id, const std::string& expiration = "") {
    std::string json = "{\"Version\": 1, \"AccessKeyId\": \"" + key_id +
                       "\", \"SecretAccessKey\": \"" + secret + "\", \"SessionToken\": \"" + token +
                       "\"";
    if (!expiration.empty())
        json += ", \"Expiration\": \"" + expiration + "\"";
    return json + "}";
}

// A script printing `output` (any text) and exiting with `status`.
std::string script_printing(const std::string& output, int status = 0) {
    return "cat <<'EOF'\n" + output + "\nEOF\nexit " + std::to_string(status) + "\n";
}

// Runs `action` with this process's standard error going to a file, and returns what was written.
template <class Action>
std::string capture_stderr(const temp_dir& dir, Action action) {
    std::string path = dir.path() + "/stderr.txt";
    int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(file >= 0);
    int saved = ::dup(STDERR_FILENO);
    ::dup2(file, STDERR_FILENO);
    ::close(file);
    action();
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    return dir.read("stderr.txt");
}

// A user-written provider: only the throwing form, as the concept asks.
struct counting_provider {
    std::shared_ptr<int> calls = std::make_shared<int>(0);
    credentials get_credentials() {
        ++*calls;
        return {"AKIDUSER", secret, "", std::nullopt, "user"};
    }
};

struct throwing_provider {
    errc code;
    credentials get_credentials() { throw awsml::error(code, "imds: not reachable"); }
};

struct not_a_provider {
    std::string get_credentials() { return {}; }
};

} // namespace

static_assert(awsml::credentials_provider<counting_provider>);
static_assert(!awsml::nothrow_credentials_provider<counting_provider>);
static_assert(!awsml::credentials_provider<not_a_provider>);
static_assert(!awsml::credentials_provider<int>);

TEST_CASE("credentials print redacted", "[credentials]") {
    credentials c{"AKIDEXAMPLE", secret, token, std::nullopt, "test"};
    std::ostringstream out;
    out << c;
    CHECK_THAT(out.str(), Catch::Contains("AKIDEXAMPLE"));
    CHECK_FALSE(leaks(out.str()));
}

TEST_CASE("static provider", "[credentials][static]") {
    awsml::static_credentials_provider provider(credentials{"AKID", secret, "", std::nullopt, ""});
    auto c = provider.get_credentials();
    CHECK(c.access_key_id == "AKID");
    CHECK(c.source == "static");

    awsml::static_credentials_provider empty(credentials{});
    auto none = empty.try_get_credentials();
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
    CHECK_THROWS_AS(empty.get_credentials(), awsml::error);
}

TEST_CASE("environment provider", "[credentials][environment]") {
    auto from = [](environment::variable_map vars) {
        return awsml::environment_credentials_provider(environment::from_map(std::move(vars)))
            .try_get_credentials();
    };
    auto both = from({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", secret}});
    REQUIRE(both.has_value());
    CHECK(both->access_key_id == "AKIDENV");
    CHECK(both->secret_access_key == secret);
    CHECK(both->session_token.empty());
    CHECK(both->source == "environment");

    auto with_token = from({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                            {"AWS_SECRET_ACCESS_KEY", secret},
                            {"AWS_SESSION_TOKEN", token}});
    REQUIRE(with_token.has_value());
    CHECK(with_token->session_token == token);

    auto none = from({});
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
    CHECK_THAT(none.error().message, Catch::Contains("AWS_ACCESS_KEY_ID"));

    auto no_secret = from({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SESSION_TOKEN", token}});
    REQUIRE_FALSE(no_secret.has_value());
    CHECK(no_secret.error().code == errc::config_error);
    CHECK_THAT(no_secret.error().message, Catch::Contains("AWS_SECRET_ACCESS_KEY is not"));

    auto no_key = from({{"AWS_SECRET_ACCESS_KEY", secret}});
    REQUIRE_FALSE(no_key.has_value());
    CHECK(no_key.error().code == errc::config_error);
    CHECK_THAT(no_key.error().message, Catch::Contains("AWS_ACCESS_KEY_ID is not"));
    CHECK_FALSE(leaks(no_key.error().message));
    CHECK_FALSE(leaks(no_secret.error().message));
}

TEST_CASE("environment provider: AWS_CREDENTIAL_EXPIRATION, as botocore reads it",
          "[credentials][environment]") {
    auto with_expiration = [](std::string when) {
        return awsml::environment_credentials_provider(
                   environment::from_map({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                          {"AWS_SECRET_ACCESS_KEY", secret},
                                          {"AWS_CREDENTIAL_EXPIRATION", std::move(when)}}))
            .try_get_credentials();
    };
    auto later = with_expiration("2200-01-02T03:04:05Z");
    REQUIRE(later);
    REQUIRE(later->expiration);
    CHECK(awsml::format_iso8601(awsml::timestamp(std::chrono::floor<std::chrono::milliseconds>(
              later->expiration->time_since_epoch()))) == "2200-01-02T03:04:05.000Z");

    auto past = with_expiration("2001-01-02T03:04:05Z");
    REQUIRE_FALSE(past);
    CHECK(past.error().code == errc::config_error);
    CHECK_THAT(past.error().message,
               Catch::Contains("expired at 2001-01-02T03:04:05Z (AWS_CREDENTIAL_EXPIRATION)"));
    CHECK_FALSE(leaks(past.error().message));

    auto garbled = with_expiration("next tuesday");
    REQUIRE_FALSE(garbled);
    CHECK(garbled.error().code == errc::config_error);
    CHECK_THAT(garbled.error().message, Catch::Contains("\"next tuesday\" is not an ISO 8601"));

    // In a chain, credentials near their expiration are read again at each call (botocore's
    // refresh); far from it, they are cached.
    for (const auto& [now, reads] : {std::pair{"2200-01-02T03:00:00Z", 3}, // within 15 minutes
                                     std::pair{"2200-01-01T00:00:00Z", 1}}) {
        auto key_reads = std::make_shared<std::atomic<int>>(0);
        const environment counted([key_reads](std::string_view name) -> std::optional<std::string> {
            if (name == "AWS_ACCESS_KEY_ID") {
                ++*key_reads;
                return "AKIDENV";
            }
            if (name == "AWS_SECRET_ACCESS_KEY")
                return secret;
            if (name == "AWS_CREDENTIAL_EXPIRATION")
                return "2200-01-02T03:04:05Z";
            return std::nullopt;
        });
        const std::string at = now;
        const awsml::credentials_chain chain(
            {awsml::environment_credentials_provider(counted)},
            {.clock = [at] { return awsml::to_system_clock(*awsml::parse_iso8601(at)).value(); }});
        for (int call = 0; call < 3; ++call)
            CHECK(chain.try_get_credentials());
        CHECK(*key_reads == reads);
    }
}

TEST_CASE(
    "environment provider: AWS_SECURITY_TOKEN, read before AWS_SESSION_TOKEN as botocore does",
    "[credentials][environment]") {
    auto token_from = [](environment::variable_map vars) {
        vars.emplace("AWS_ACCESS_KEY_ID", "AKIDENV");
        vars.emplace("AWS_SECRET_ACCESS_KEY", secret);
        return awsml::environment_credentials_provider(environment::from_map(std::move(vars)))
            .get_credentials()
            .session_token;
    };
    CHECK(token_from({{"AWS_SECURITY_TOKEN", token}}) == token);
    CHECK(token_from({{"AWS_SECURITY_TOKEN", "older-TOKEN-MARKER"},
                      {"AWS_SESSION_TOKEN", token}}) == "older-TOKEN-MARKER");
    CHECK(token_from({{"AWS_SECURITY_TOKEN", ""}, {"AWS_SESSION_TOKEN", token}}) == token);
}

TEST_CASE("profile provider", "[credentials][profile]") {
    temp_dir dir;
    SECTION("from the credentials file") {
        auto env =
            env_with(dir, "",
                     "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = " + secret +
                         "\naws_session_token = " + token + "\n");
        auto c = awsml::profile_credentials_provider(env).get_credentials();
        CHECK(c.access_key_id == "AKIDFILE");
        CHECK(c.secret_access_key == secret);
        CHECK(c.session_token == token);
        CHECK(c.source == "profile:default");
    }
    SECTION("from the config file") {
        auto env = env_with(
            dir,
            "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = " + secret +
                "\n",
            "");
        auto c = awsml::profile_credentials_provider(env, "dev").get_credentials();
        CHECK(c.access_key_id == "AKIDCONFIG");
        CHECK(c.source == "profile:dev");
    }
    SECTION("the credentials file before the config file") {
        auto env = env_with(
            dir, "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\n",
            "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = " + secret + "\n");
        auto c = awsml::profile_credentials_provider(env).get_credentials();
        CHECK(c.access_key_id == "AKIDCREDS");
        CHECK(c.secret_access_key == secret);
    }
    SECTION("the profile from AWS_PROFILE") {
        auto env = env_with(dir, "",
                            "[default]\naws_access_key_id = A\naws_secret_access_key = B\n"
                            "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = " +
                                secret + "\n",
                            {{"AWS_PROFILE", "ci"}});
        CHECK(awsml::profile_credentials_provider(env).get_credentials().access_key_id == "AKIDCI");
    }
    SECTION("no keys") {
        auto env = env_with(dir, "[default]\nregion = r\n", "");
        auto none = awsml::profile_credentials_provider(env).try_get_credentials();
        REQUIRE_FALSE(none.has_value());
        CHECK(none.error().code == errc::no_credentials);
        CHECK_THAT(none.error().message, Catch::Contains("profile \"default\"") &&
                                             Catch::Contains(dir.path() + "/credentials"));
    }
    SECTION("a key without its secret") {
        auto env = env_with(dir, "", "[default]\n\naws_access_key_id = AKIDFILE\n");
        auto partial = awsml::profile_credentials_provider(env).try_get_credentials();
        REQUIRE_FALSE(partial.has_value());
        CHECK(partial.error().code == errc::config_error);
        CHECK_THAT(partial.error().message, Catch::StartsWith(dir.path() + "/credentials:3: ") &&
                                                Catch::Contains("no aws_secret_access_key"));
    }
    SECTION("a secret without its key") {
        auto env = env_with(dir, "", "[default]\naws_secret_access_key = " + secret + "\n");
        auto partial = awsml::profile_credentials_provider(env).try_get_credentials();
        REQUIRE_FALSE(partial.has_value());
        CHECK(partial.error().code == errc::config_error);
        CHECK_THAT(partial.error().message, Catch::Contains("no aws_access_key_id"));
        CHECK_FALSE(leaks(partial.error().message));
    }
    SECTION("a named profile that does not exist") {
        auto env =
            env_with(dir, "", "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
        auto missing = awsml::profile_credentials_provider(env, "ghost").try_get_credentials();
        REQUIRE_FALSE(missing.has_value());
        CHECK(missing.error().code == errc::config_error);
        CHECK_THAT(missing.error().message, Catch::Contains("\"ghost\""));
    }
    SECTION("a malformed secret line is reported without the secret") {
        auto env = env_with(dir, "", "[default]\naws_secret_access_key " + secret + "\n");
        auto broken = awsml::profile_credentials_provider(env).try_get_credentials();
        REQUIRE_FALSE(broken.has_value());
        CHECK_THAT(broken.error().message, Catch::StartsWith(dir.path() + "/credentials:2: "));
        CHECK_FALSE(leaks(broken.error().message));
    }
}

TEST_CASE("account_id: the environment's, a profile's and a credential_process's, as botocore "
          "reads them",
          "[credentials][account_id]") {
    temp_dir dir;
    const std::string keys = "aws_access_key_id = AKID\naws_secret_access_key = " + secret + "\n";
    SECTION("AWS_ACCOUNT_ID beside the environment's keys; unset, none") {
        environment::variable_map vars{{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                       {"AWS_SECRET_ACCESS_KEY", secret}};
        auto env = awsml::environment_credentials_provider(environment::from_map(vars));
        CHECK(env.get_credentials().account_id.empty());
        vars.emplace("AWS_ACCOUNT_ID", "111122223333");
        auto with = awsml::environment_credentials_provider(environment::from_map(vars));
        CHECK(with.get_credentials().account_id == "111122223333");
        std::ostringstream printed;
        printed << with.get_credentials();
        CHECK_THAT(printed.str(), Catch::Contains("account_id=111122223333"));
        CHECK_FALSE(leaks(printed.str()));
    }
    SECTION("a profile's aws_account_id, from the file that gave the keys") {
        auto env = env_with(dir, "[default]\naws_account_id = 999999999999\n",
                            "[default]\n" + keys + "aws_account_id = 111122223333\n");
        CHECK(awsml::profile_credentials_provider(env).get_credentials().account_id ==
              "111122223333");
        using keys_from = awsml::profile_credentials_provider::keys_from;
        auto only_keys =
            env_with(dir, "[default]\naws_account_id = 999999999999\n", "[default]\n" + keys);
        CHECK(awsml::profile_credentials_provider(only_keys, std::nullopt,
                                                  keys_from::credentials_file)
                  .get_credentials()
                  .account_id.empty());
    }
    SECTION("a credential_process's AccountId, else its profile's aws_account_id") {
        std::string with_account = json_output("AKIDPROC");
        with_account.insert(with_account.size() - 1, R"(, "AccountId": "444455556666")");
        auto config =
            dir.process_profile(script_printing(with_account)) + "aws_account_id = 111122223333\n";
        CHECK(awsml::process_credentials_provider(env_with(dir, config, ""))
                  .get_credentials()
                  .account_id == "444455556666");
        config = dir.process_profile(script_printing(json_output("AKIDPROC"))) +
                 "aws_account_id = 111122223333\n";
        CHECK(awsml::process_credentials_provider(env_with(dir, config, ""))
                  .get_credentials()
                  .account_id == "111122223333");
        config = dir.process_profile(script_printing(json_output("AKIDPROC")));
        CHECK(awsml::process_credentials_provider(env_with(dir, config, ""))
                  .get_credentials()
                  .account_id.empty());
        std::string not_text = json_output("AKIDPROC");
        not_text.insert(not_text.size() - 1, R"(, "AccountId": 444455556666)");
        auto refused = awsml::process_credentials_provider(
                           env_with(dir, dir.process_profile(script_printing(not_text)), ""))
                           .try_get_credentials();
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.error().code == errc::credential_process_failed);
        CHECK_THAT(refused.error().message, Catch::Contains("\"AccountId\" is not a string"));
    }
    SECTION("the default chain passes it on") {
        auto env = env_with(dir, "", "[default]\n" + keys + "aws_account_id = 111122223333\n");
        CHECK(awsml::make_default_credentials_chain(env).get_credentials().account_id ==
              "111122223333");
    }
}

TEST_CASE("credential_process: success", "[credentials][process]") {
    temp_dir dir;
    auto config =
        dir.process_profile(script_printing(json_output("AKIDPROC", "2030-01-02T03:04:05Z")));
    auto c = awsml::process_credentials_provider(env_with(dir, config, "")).get_credentials();
    CHECK(c.access_key_id == "AKIDPROC");
    CHECK(c.secret_access_key == secret);
    CHECK(c.session_token == token);
    REQUIRE(c.expiration);
    CHECK(*c.expiration == at("2030-01-02T03:04:05Z"));
    CHECK(c.source == "credential_process:default");
}

TEST_CASE("credential_process: without token or expiration, in a named profile",
          "[credentials][process]") {
    temp_dir dir;
    auto config = dir.process_profile(
        script_printing("{\"Version\":1,\"AccessKeyId\":\"AKID2\",\"SecretAccessKey\":\"s\","
                        "\"SessionToken\":null}"),
        "tools");
    auto c =
        awsml::process_credentials_provider(env_with(dir, config, ""), "tools").get_credentials();
    CHECK(c.access_key_id == "AKID2");
    CHECK(c.session_token.empty());
    CHECK_FALSE(c.expiration);
}

TEST_CASE("credential_process: the command line is split as a shell would, and run without one",
          "[credentials][process]") {
    temp_dir dir;
    dir.write("args.sh", "printf '%s\\n' \"$@\" > '" + dir.path() + "/args'\n" +
                             script_printing(json_output("AKIDSPLIT")));
    // Without a shell, '&&' is a word and the continuation line is more arguments, not commands.
    std::string config = "[default]\ncredential_process = /bin/sh \"" + dir.path() +
                         "/args.sh\" 'two  words' a\\ b $HOME && touch " + dir.path() +
                         "/marker\n    touch " + dir.path() + "/marker2\n";
    auto c = awsml::process_credentials_provider(env_with(dir, config, "")).get_credentials();
    CHECK(c.access_key_id == "AKIDSPLIT");
    CHECK(dir.read("args") == "two  words\na b\n$HOME\n&&\ntouch\n" + dir.path() +
                                  "/marker\ntouch\n" + dir.path() + "/marker2\n");
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/marker"));
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/marker2"));
}

TEST_CASE("credential_process: splitting the command line", "[credentials][process]") {
    using words = std::vector<std::string>;
    auto split = [](std::string_view line) { return awsml::detail::split_command_line(line); };
    CHECK(split("a  b\tc\nd").value() == words{"a", "b", "c", "d"});
    CHECK(split("  'a b'  \"c d\" ").value() == words{"a b", "c d"});
    CHECK(split(R"("q\"uote\\d \$x \n" 'back\slash')").value() ==
          words{R"(q"uote\d \$x \n)", R"(back\slash)"});
    CHECK(split(R"(a\ b \'c \\ d\")").value() == words{"a b", "'c", "\\", "d\""});
    CHECK(split("x'' '' \"\"y").value() == words{"x", "", "y"});
    CHECK(split("pre'mid dle'post").value() == words{"premid dlepost"});
    CHECK(split("tool; rm -rf $HOME | cat").value() ==
          words{"tool;", "rm", "-rf", "$HOME", "|", "cat"});

    auto failure = [&](std::string_view line) {
        auto result = split(line);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::config_error);
        CHECK_FALSE(leaks(result.error().message));
        return result.error().message;
    };
    CHECK_THAT(failure("tool --secret 'SECRET-MARKER"),
               Catch::Contains("no closing quotation for the ' at offset 14"));
    CHECK_THAT(failure("tool \"TOKEN-MARKER"), Catch::Contains("no closing quotation for the \""));
    CHECK_THAT(failure("tool SECRET-MARKER\\"), Catch::Contains("ends with a backslash"));
    CHECK_THAT(failure("  \n "), Catch::Contains("empty"));

    // Through the provider, the message names the profile and where the command is set.
    temp_dir dir;
    auto result = awsml::process_credentials_provider(
                      env_with(dir, "[default]\ncredential_process = tool 'SECRET-MARKER\n", ""))
                      .try_get_credentials();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::credential_process_failed);
    CHECK_THAT(result.error().message, Catch::Contains("profile \"default\"") &&
                                           Catch::Contains(dir.path() + "/config:2") &&
                                           Catch::Contains("no closing quotation"));
    CHECK_FALSE(leaks(result.error().message));
}

TEST_CASE("credential_process: a program that cannot start", "[credentials][process]") {
    temp_dir dir;
    auto result = awsml::process_credentials_provider(
                      env_with(dir, "[default]\ncredential_process = awsml-no-such-tool --x\n", ""))
                      .try_get_credentials();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::credential_process_failed);
    CHECK_THAT(result.error().message, Catch::Contains("profile \"default\"") &&
                                           Catch::Contains("cannot start awsml-no-such-tool") &&
                                           !Catch::Contains("--x"));
}

TEST_CASE("credential_process: only standard input, output and error are open in the helper",
          "[credentials][process]") {
    temp_dir dir;
    // Descriptors this process holds without close-on-exec, as Asio's sockets are.
    int file = ::open(dir.write("leak-marker", "").c_str(), O_RDONLY);
    int socket = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(file > 2);
    REQUIRE(socket > 2);
    REQUIRE((::fcntl(socket, F_GETFD) & FD_CLOEXEC) == 0);
    // The shell lists its own descriptors (`sh -c` opens no script file; while it redirects, dash
    // keeps the standard output it was given at 10).
    std::string config = "[default]\ncredential_process = /bin/sh -c 'ls -l /proc/$$/fd > \"" +
                         dir.path() + "/fds\"; echo \"$0\"' '" + json_output("AKIDFD") + "'\n";
    auto c = awsml::process_credentials_provider(env_with(dir, config, "")).get_credentials();
    ::close(file);
    ::close(socket);
    CHECK(c.access_key_id == "AKIDFD");
    const std::string listed = dir.read("fds");
    CHECK_THAT(listed, Catch::Contains(" 0 -> ") && Catch::Contains(" 1 -> ") &&
                           Catch::Contains(" 2 -> ") && Catch::Contains("pipe:"));
    CHECK_THAT(listed, !Catch::Contains("leak-marker") && !Catch::Contains("socket:"));
    // Nothing but the three standard descriptors and the shell's own copy of one of them.
    std::istringstream lines(listed);
    int descriptors = 0;
    for (std::string line; std::getline(lines, line);)
        descriptors += line.find(" -> ") != std::string::npos;
    CHECK(descriptors <= 4);
}

namespace {

// Whether a process has ended (gone, or a zombie nobody reaped yet).
bool process_ended(const std::string& pid) {
    std::ifstream stat("/proc/" + pid + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return true;
    auto state_at = line.rfind(')');
    return state_at == std::string::npos || line.substr(state_at + 2, 1) == "Z";
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace

TEST_CASE("credential_process: a helper that runs too long is killed with its children",
          "[credentials][process]") {
    temp_dir dir;
    // The helper starts a child of its own, then never finishes.
    auto config = dir.process_profile("sleep 120 &\necho $! > '" + dir.path() +
                                      "/child'\necho $$ > '" + dir.path() + "/helper'\nwait\n");
    awsml::process_credentials_options options;
    options.timeout = 300ms;
    options.share_terminal = false; // run from a terminal too, the children are the helper's own
    auto started = std::chrono::steady_clock::now();
    auto result =
        awsml::process_credentials_provider(env_with(dir, config, ""), std::nullopt, options)
            .try_get_credentials();
    CHECK(std::chrono::steady_clock::now() - started < 60s); // it ended, long before the sleep
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::credential_process_failed);
    CHECK_THAT(result.error().message, Catch::Contains("profile \"default\"") &&
                                           Catch::Contains("did not finish within 300 ms") &&
                                           Catch::Contains("it was killed") &&
                                           !Catch::Contains("sleep"));
    CHECK(process_ended(trimmed(dir.read("helper"))));
    // The grandchild is killed too; being reparented, it may take a moment to be reaped.
    auto child = trimmed(dir.read("child"));
    REQUIRE_FALSE(child.empty());
    for (int i = 0; i < 200 && !process_ended(child); ++i)
        std::this_thread::sleep_for(50ms);
    CHECK(process_ended(child));
}

TEST_CASE("credential_process: a background child holding the output is not waited for",
          "[credentials][process]") {
    temp_dir dir;
    // The helper prints at once and exits; the child it leaves behind keeps standard output open.
    auto config = dir.process_profile("sleep 60 &\necho $! > '" + dir.path() + "/child'\n" +
                                      script_printing(json_output("AKIDBG")));
    auto started = std::chrono::steady_clock::now();
    auto c = awsml::process_credentials_provider(env_with(dir, config, "")).get_credentials();
    CHECK(std::chrono::steady_clock::now() - started < 30s); // long before the child ends
    CHECK(c.access_key_id == "AKIDBG");
    CHECK(c.secret_access_key == secret);
    ::kill(std::stoi(dir.read("child")), SIGKILL);
}

TEST_CASE("credential_process: credentials that have already expired are an error",
          "[credentials][process]") {
    temp_dir dir;
    auto config =
        dir.process_profile(script_printing(json_output("AKIDOLD", "2020-01-02T03:04:05Z")));
    auto result =
        awsml::process_credentials_provider(env_with(dir, config, "")).try_get_credentials();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::credential_process_failed);
    CHECK_THAT(result.error().message, Catch::Contains("profile \"default\"") &&
                                           Catch::Contains("already expired") &&
                                           Catch::Contains("2020-01-02T03:04:05"));
    CHECK_FALSE(leaks(result.error().message));

    // Judged by the injected clock.
    awsml::process_credentials_options options;
    options.clock = [] { return at("2019-01-01T00:00:00Z"); };
    CHECK(awsml::process_credentials_provider(env_with(dir, config, ""), std::nullopt, options)
              .get_credentials()
              .access_key_id == "AKIDOLD");
}

TEST_CASE("credential_process: failures", "[credentials][process]") {
    temp_dir dir;
    auto failure_for = [&](const std::string& script) {
        auto config = dir.process_profile(script);
        auto result =
            awsml::process_credentials_provider(env_with(dir, config, "")).try_get_credentials();
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::credential_process_failed);
        CHECK_FALSE(leaks(result.error().message));
        CHECK_THAT(result.error().message, Catch::Contains("profile \"default\"") &&
                                               Catch::Contains(dir.path() + "/config:2"));
        return result.error().message;
    };

    SECTION("non-zero exit, even with valid output") {
        CHECK_THAT(failure_for(script_printing(json_output("AKID"), 3)),
                   Catch::Contains("exited with status 3"));
    }
    SECTION("killed by a signal") {
        std::string config = "[default]\ncredential_process = /bin/sh -c 'kill -9 $$'\n";
        auto result =
            awsml::process_credentials_provider(env_with(dir, config, "")).try_get_credentials();
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::credential_process_failed);
        CHECK_THAT(result.error().message, Catch::Contains("killed by signal 9"));
    }
    SECTION("not JSON, with the secret in the output") {
        CHECK_THAT(failure_for(script_printing("AccessKeyId=AKID SecretAccessKey=" + secret)),
                   Catch::Contains("not valid JSON"));
    }
    SECTION("not an object") {
        CHECK_THAT(failure_for(script_printing("[\"" + secret + "\"]")),
                   Catch::Contains("not a JSON object"));
    }
    SECTION("no output") {
        CHECK_THAT(failure_for("exit 0\n"), Catch::Contains("not valid JSON"));
    }
    SECTION("missing Version") {
        CHECK_THAT(failure_for(script_printing("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"" +
                                               secret + "\"}")),
                   Catch::Contains("no \"Version\""));
    }
    SECTION("unsupported Version") {
        CHECK_THAT(failure_for(script_printing("{\"Version\":2,\"AccessKeyId\":\"A\","
                                               "\"SecretAccessKey\":\"" +
                                               secret + "\"}")),
                   Catch::Contains("unsupported \"Version\""));
    }
    SECTION("missing secret") {
        CHECK_THAT(failure_for(script_printing("{\"Version\":1,\"AccessKeyId\":\"A\","
                                               "\"SessionToken\":\"" +
                                               token + "\"}")),
                   Catch::Contains("\"SecretAccessKey\""));
    }
    SECTION("secret of the wrong type") {
        CHECK_THAT(failure_for(script_printing("{\"Version\":1,\"AccessKeyId\":\"A\","
                                               "\"SecretAccessKey\":42}")),
                   Catch::Contains("\"SecretAccessKey\""));
    }
    SECTION("session token of the wrong type") {
        CHECK_THAT(failure_for(script_printing("{\"Version\":1,\"AccessKeyId\":\"A\","
                                               "\"SecretAccessKey\":\"" +
                                               secret + "\",\"SessionToken\":7}")),
                   Catch::Contains("\"SessionToken\" is not a string"));
    }
    SECTION("bad expiration") {
        CHECK_THAT(failure_for(script_printing(json_output("A", "tomorrow"))),
                   Catch::Contains("\"Expiration\" is not an ISO 8601 timestamp"));
    }
    SECTION("an expiration the system clock cannot hold (it would overflow)") {
        for (const char* when : {"1013-12-01T16:00:00Z", "2263-01-01T00:00:00Z"})
            CHECK_THAT(failure_for(script_printing(json_output("A", when))),
                       Catch::Contains("within the clock's range") && Catch::Contains(when));
    }
    SECTION("output too large") {
        CHECK_THAT(failure_for("head -c 200000 /dev/zero\n"),
                   Catch::Contains("exceeds 65536 bytes"));
    }
}

TEST_CASE("credential_process: standard error passes through", "[credentials][process]") {
    temp_dir dir;
    auto config = dir.process_profile("echo 'note from the tool' >&2\n" +
                                      script_printing(json_output("AKIDERR")));
    auto env = env_with(dir, config, "");
    std::optional<credentials> found;
    auto written = capture_stderr(
        dir, [&] { found = awsml::process_credentials_provider(env).get_credentials(); });
    CHECK(written == "note from the tool\n");
    REQUIRE(found);
    CHECK(found->access_key_id == "AKIDERR");
}

TEST_CASE("credential_process: none configured", "[credentials][process]") {
    temp_dir dir;
    auto none = awsml::process_credentials_provider(env_with(dir, "[default]\nregion = r\n", ""))
                    .try_get_credentials();
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
    CHECK_THAT(none.error().message, Catch::Contains("no credential_process"));
}

TEST_CASE("default chain: order", "[credentials][chain]") {
    temp_dir dir;
    std::string creds_file =
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = " + secret + "\n";
    std::string process_config = dir.process_profile(script_printing(json_output("AKIDPROCESS")));
    environment::variable_map env_keys = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                          {"AWS_SECRET_ACCESS_KEY", secret}};
    credentials explicit_creds{"AKIDEXPLICIT", secret, "", std::nullopt, ""};

    auto first = [&](const std::string& config, const std::string& creds,
                     environment::variable_map vars, std::optional<credentials> given) {
        return awsml::make_default_credentials_chain(env_with(dir, config, creds, vars),
                                                     std::nullopt, given)
            .get_credentials()
            .access_key_id;
    };
    CHECK(first(process_config, creds_file, env_keys, explicit_creds) == "AKIDEXPLICIT");
    CHECK(first(process_config, creds_file, env_keys, std::nullopt) == "AKIDENV");
    CHECK(first(process_config, creds_file, {}, std::nullopt) == "AKIDPROFILE");
    CHECK(first(process_config, "", {}, std::nullopt) == "AKIDPROCESS");
    // botocore reads the config file's keys after credential_process, the credentials file's
    // before it.
    const std::string config_keys = "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n";
    CHECK(first(process_config + config_keys, "", {}, std::nullopt) == "AKIDPROCESS");
    CHECK(first("[default]\n" + config_keys, "", {}, std::nullopt) == "AKIDCONFIG");
}

namespace {
// A provider that claims not to throw, and throws anyway.
struct careless_provider {
    int thrown = 0;
    awsml::config_result<credentials> try_get_credentials() const {
        if (thrown == 0)
            throw std::runtime_error("the provider broke");
        throw thrown; // NOLINT(hicpp-exception-baseclass): what a careless provider may do
    }
    credentials get_credentials() const { return try_get_credentials().value(); }
};
} // namespace

TEST_CASE("default chain: a provider that throws fails the search; nothing hangs or aborts",
          "[credentials][chain]") {
    for (int thrown : {0, 42}) {
        awsml::credentials_chain chain(
            {awsml::any_credentials_provider(careless_provider{thrown})});
        for (int call = 0; call < 2; ++call) { // the second call would wait for ever if the first
                                               // had left the chain refreshing
            auto found = chain.try_get_credentials();
            REQUIRE_FALSE(found.has_value());
            CHECK(found.error().code == errc::credentials_source_failed);
            CHECK_THAT(
                found.error().message,
                Catch::Contains(thrown == 0 ? "the provider broke" : "not a std::exception"));
        }
    }
}

TEST_CASE("default chain: the profile is the explicit one, else AWS_PROFILE",
          "[credentials][chain]") {
    temp_dir dir;
    std::string creds = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n"
                        "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s\n"
                        "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = s\n";
    auto env = env_with(dir, "", creds, {{"AWS_PROFILE", "a"}});
    CHECK(awsml::make_default_credentials_chain(env).get_credentials().access_key_id == "AKIDA");
    CHECK(awsml::make_default_credentials_chain(env, "b").get_credentials().access_key_id ==
          "AKIDB");
}

TEST_CASE("default chain: a profile given in code turns the environment's keys off",
          "[credentials][chain]") {
    temp_dir dir;
    std::string creds = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n"
                        "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s\n";
    environment::variable_map keys = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                      {"AWS_SECRET_ACCESS_KEY", secret}};
    auto env = env_with(dir, "", creds, keys);
    CHECK(awsml::make_default_credentials_chain(env).get_credentials().access_key_id == "AKIDENV");
    CHECK(awsml::make_default_credentials_chain(env, "a").get_credentials().access_key_id ==
          "AKIDA");
    CHECK(awsml::make_default_credentials_chain(env, "default").get_credentials().access_key_id ==
          "AKIDDEFAULT");
    // A profile chosen by a variable keeps them, as in botocore.
    keys.emplace("AWS_PROFILE", "a");
    CHECK(awsml::make_default_credentials_chain(env_with(dir, "", creds, keys))
              .get_credentials()
              .access_key_id == "AKIDENV");
    // Explicit credentials still come first.
    CHECK(awsml::make_default_credentials_chain(env, "a",
                                                credentials{"AKIDGIVEN", secret, "", {}, ""})
              .get_credentials()
              .access_key_id == "AKIDGIVEN");
}

TEST_CASE("default chain: nothing found names every source", "[credentials][chain]") {
    temp_dir dir;
    auto chain =
        awsml::make_default_credentials_chain(env_with(dir, "[default]\nregion = r\n", ""));
    auto none = chain.try_get_credentials();
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
    const std::string& message = none.error().message;
    CHECK_THAT(message, Catch::StartsWith("no credentials found"));
    auto environment_at = message.find("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    auto profile_at = message.find("profile \"default\": no aws_access_key_id");
    auto process_at =
        message.find("credential_process: profile \"default\" sets no credential_process");
    REQUIRE(environment_at != std::string::npos);
    REQUIRE(profile_at != std::string::npos);
    REQUIRE(process_at != std::string::npos);
    CHECK(environment_at < profile_at);
    CHECK(profile_at < process_at);

    try {
        chain.get_credentials();
        FAIL("expected an exception");
    } catch (const awsml::error& e) {
        CHECK(e.code() == errc::no_credentials);
        CHECK(std::string(e.what()).find(message) != std::string::npos);
    }
}

TEST_CASE("default chain: a misconfigured source stops the search", "[credentials][chain]") {
    temp_dir dir;
    std::string creds_file =
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n";
    auto partial_env = env_with(dir, "", creds_file, {{"AWS_ACCESS_KEY_ID", "AKIDENV"}});
    auto stopped = awsml::make_default_credentials_chain(partial_env).try_get_credentials();
    REQUIRE_FALSE(stopped.has_value());
    CHECK(stopped.error().code == errc::config_error);
    CHECK_THAT(stopped.error().message, Catch::Contains("AWS_SECRET_ACCESS_KEY"));

    auto failing_process = dir.process_profile("exit 1\n");
    auto process_failed = awsml::make_default_credentials_chain(env_with(dir, failing_process, ""))
                              .try_get_credentials();
    REQUIRE_FALSE(process_failed.has_value());
    CHECK(process_failed.error().code == errc::credential_process_failed);
}

// Each source after the environment is shown to come before the next one by configuring both
// and breaking the earlier one: a configured source that fails stops the search, so the failure
// that comes back names the source that was tried first.
TEST_CASE("default chain: botocore's order of every source", "[credentials][chain]") {
    temp_dir dir;
    const std::string keys = "aws_access_key_id = AKIDPROFILE\naws_secret_access_key = " + secret;
    auto failure_of = [&](const std::string& config, environment::variable_map vars = {}) {
        auto found = awsml::make_default_credentials_chain(env_with(dir, config, "", vars))
                         .try_get_credentials();
        REQUIRE_FALSE(found.has_value());
        CHECK_FALSE(leaks(found.error().message));
        return found.error();
    };
    const std::string missing_file = dir.path() + "/no-such-token";

    SECTION("assume role comes before web identity, SSO and the profile's keys") {
        auto failed = failure_of("[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
                                 "credential_source = Nowhere\nsso_account_id = 1\n" +
                                 keys + "\n");
        CHECK(failed.code == errc::config_error);
        CHECK_THAT(failed.message, Catch::Contains("credential_source"));
    }
    SECTION("web identity comes before SSO and the profile's keys") {
        auto failed = failure_of("[default]\nsso_account_id = 1\nsso_role_name = r\n"
                                 "sso_start_url = https://x.awsapps.com/start\n"
                                 "sso_region = us-east-1\n" +
                                     keys + "\n",
                                 {{"AWS_WEB_IDENTITY_TOKEN_FILE", missing_file},
                                  {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"}});
        CHECK(failed.code == errc::credentials_source_failed);
        CHECK_THAT(failed.message, Catch::Contains("no-such-token"));
    }
    SECTION("SSO comes before the profile's keys") {
        auto failed = failure_of("[default]\nsso_account_id = 1\nsso_role_name = r\n"
                                 "sso_start_url = https://x.awsapps.com/start\n"
                                 "sso_region = us-east-1\n" +
                                 keys + "\n");
        CHECK(failed.code == errc::credentials_source_failed);
        CHECK_THAT(failed.message, Catch::StartsWith("sso:"));
    }
    SECTION("credential_process comes before the container endpoint") {
        auto failed = failure_of(dir.process_profile("exit 3\n"),
                                 {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/c"}});
        CHECK(failed.code == errc::credential_process_failed);
    }
    SECTION("the container endpoint comes before instance metadata") {
        auto failed = failure_of("[default]\nregion = r\n",
                                 {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/c"},
                                  {"AWS_EC2_METADATA_DISABLED", "false"},
                                  {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"}});
        CHECK(failed.code == errc::credentials_source_failed);
        CHECK_THAT(failed.message, Catch::Contains("127.0.0.1:1/c"));
    }
    SECTION("instance metadata is the last source, and one that does not answer gives nothing") {
        auto failed = failure_of("[default]\nregion = r\n",
                                 {{"AWS_EC2_METADATA_DISABLED", "false"},
                                  {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"}});
        CHECK(failed.code == errc::no_credentials);
        auto process_at = failed.message.find("credential_process");
        auto metadata_at = failed.message.find("127.0.0.1:1");
        REQUIRE(metadata_at != std::string::npos);
        CHECK(process_at < metadata_at);
    }
}

TEST_CASE("default chain: a profile given in code also turns web identity's variables off",
          "[credentials][chain]") {
    temp_dir dir;
    std::string creds = "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s\n";
    environment::variable_map web = {{"AWS_WEB_IDENTITY_TOKEN_FILE", dir.path() + "/missing"},
                                     {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"}};
    auto env = env_with(dir, "", creds, web);
    CHECK(awsml::make_default_credentials_chain(env, "a").get_credentials().access_key_id ==
          "AKIDA");
    web.emplace("AWS_PROFILE", "a");
    auto by_variable =
        awsml::make_default_credentials_chain(env_with(dir, "", creds, web)).try_get_credentials();
    REQUIRE_FALSE(by_variable.has_value());
    CHECK(by_variable.error().code == errc::credentials_source_failed);
}

TEST_CASE("default chain: keys that no source reads are named, not a silent 'no credentials'",
          "[credentials][chain]") {
    temp_dir dir;
    auto misspelt =
        awsml::make_default_credentials_chain(
            env_with(dir, "[default]\nregion = r\noutput = json\n",
                     "[default]\naws_access_key = AKIDTYPO\naws_secret_key = " + secret +
                         "\nrole-arn = arn:aws:iam::1:role/r\n"))
            .try_get_credentials();
    REQUIRE_FALSE(misspelt.has_value());
    CHECK(misspelt.error().code == errc::config_error);
    const std::string& message = misspelt.error().message;
    CHECK_THAT(message, Catch::Contains("aws_access_key (" + dir.path() + "/credentials:2)"));
    CHECK_THAT(message, Catch::Contains("aws_secret_key (" + dir.path() + "/credentials:3)"));
    CHECK_THAT(message, Catch::Contains("role-arn"));
    CHECK_THAT(message, !Catch::Contains("output") && !Catch::Contains("region ("));
    CHECK_FALSE(leaks(message));

    auto plain = awsml::make_default_credentials_chain(
                     env_with(dir, "[default]\nregion = r\noutput = json\ncli_pager =\n", ""))
                     .try_get_credentials();
    REQUIRE_FALSE(plain.has_value());
    CHECK(plain.error().code == errc::no_credentials);
}

namespace {

// A helper that counts its runs in `count` and reports key id AKID<run>, expiring at
// `expiration`; it fails while the file `fail` exists, and first sleeps `pause` seconds.
std::string counting_script(const temp_dir& dir, const std::string& expiration,
                            const std::string& pause = "0") {
    // mkdir fails when another run is under way: that is recorded in `overlaps`.
    return "mkdir '" + dir.path() + "/running' || echo overlap >> '" + dir.path() +
           "/overlaps'\nsleep " + pause + "\nrmdir '" + dir.path() + "/running'\nn=$(cat '" +
           dir.path() +
           "/count' 2>/dev/null || echo 0)\n"
           "n=$((n + 1))\necho $n > '" +
           dir.path() + "/count'\nif [ -f '" + dir.path() +
           "/fail' ]; then exit 1; fi\n"
           "echo '{\"Version\":1,\"AccessKeyId\":\"AKID'$n'\",\"SecretAccessKey\":\"" +
           secret + "\",\"Expiration\":\"" + expiration + "\"}'\n";
}

} // namespace

TEST_CASE("chain: caches and refreshes ahead of expiry, as botocore does", "[credentials][chain]") {
    temp_dir dir;
    auto env = env_with(dir, dir.process_profile(counting_script(dir, "2030-01-01T00:00:00Z")), "");
    auto now = at("2029-12-31T23:00:00Z");
    awsml::credentials_chain_options options;
    options.clock = [&] { return now; };
    auto chain = awsml::make_default_credentials_chain(env, std::nullopt, std::nullopt, options);
    auto runs = [&] { return std::stoi(dir.read("count")); };

    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(runs() == 1);
    CHECK(chain.cached_credentials()->access_key_id == "AKID1");

    now = at("2029-12-31T23:44:59Z"); // more than fifteen minutes left: still cached
    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(runs() == 1);

    now = at("2029-12-31T23:46:00Z"); // within the advisory window: refreshed
    CHECK_FALSE(chain.cached_credentials());
    CHECK(chain.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 2);

    // A failed advisory refresh keeps the credentials...
    dir.write("fail", "");
    CHECK(chain.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 3);
    // ...but a failed mandatory one (ten minutes left) is the caller's failure.
    now = at("2029-12-31T23:51:00Z");
    auto mandatory = chain.try_get_credentials();
    REQUIRE_FALSE(mandatory.has_value());
    CHECK(mandatory.error().code == errc::credential_process_failed);
    CHECK(runs() == 4);
    now = at("2030-01-01T00:00:01Z");
    CHECK_FALSE(chain.try_get_credentials().has_value());

    // Copies share the cache; invalidate() forces a new search.
    std::filesystem::remove(dir.path() + "/fail");
    now = at("2029-12-31T23:00:00Z");
    auto copy = chain;
    CHECK(copy.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 5);
    chain.invalidate();
    CHECK(copy.get_credentials().access_key_id == "AKID6");
    CHECK(chain.get_credentials().access_key_id == "AKID6");
}

TEST_CASE("chain: concurrent callers share one credential_process run", "[credentials][chain]") {
    temp_dir dir;
    // The helper takes a moment, so that the callers overlap it.
    auto env =
        env_with(dir, dir.process_profile(counting_script(dir, "2099-01-01T00:00:00Z", "0.3")), "");
    auto run_callers = [&](std::chrono::system_clock::time_point now) {
        awsml::credentials_chain_options options;
        options.clock = [now] { return now; };
        auto chain =
            awsml::make_default_credentials_chain(env, std::nullopt, std::nullopt, options);
        std::filesystem::remove(dir.path() + "/count");
        std::vector<std::string> seen(8);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < seen.size(); ++t)
            threads.emplace_back([&, t] { seen[t] = chain.get_credentials().access_key_id; });
        for (auto& thread : threads)
            thread.join();
        return seen;
    };
    // Nothing cached: every caller gets the one run's credentials.
    auto seen = run_callers(at("2098-12-31T00:00:00Z"));
    CHECK(std::stoi(dir.read("count")) == 1);
    for (const auto& key : seen)
        CHECK(key == "AKID1");
    // Within the mandatory window every caller may refresh again, but never two at once.
    seen = run_callers(at("2098-12-31T23:55:00Z"));
    CHECK(std::stoi(dir.read("count")) >= 1);
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/overlaps"));
}

TEST_CASE("chain: credentials without expiration are cached for good", "[credentials][chain]") {
    counting_provider user;
    awsml::credentials_chain chain({user});
    for (int i = 0; i < 5; ++i)
        CHECK(chain.get_credentials().access_key_id == "AKIDUSER");
    CHECK(*user.calls == 1);
}

TEST_CASE("chain: concurrent callers share one refresh", "[credentials][chain]") {
    counting_provider user;
    awsml::credentials_chain chain({user});
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i)
                if (chain.get_credentials().access_key_id == "AKIDUSER")
                    ++ok;
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(ok == 800);
    CHECK(*user.calls == 1);
}

TEST_CASE("chain: user providers and their failures", "[credentials][chain]") {
    counting_provider user;
    awsml::credentials_chain falls_through({throwing_provider{errc::no_credentials}, user});
    CHECK(falls_through.get_credentials().access_key_id == "AKIDUSER");

    awsml::credentials_chain stops({throwing_provider{errc::config_error}, user});
    auto stopped = stops.try_get_credentials();
    REQUIRE_FALSE(stopped.has_value());
    CHECK(stopped.error().code == errc::config_error);
    CHECK_THAT(stopped.error().message, Catch::Contains("imds: not reachable"));

    awsml::credentials_chain empty({});
    auto none = empty.try_get_credentials();
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
}

TEST_CASE("any_credentials_provider", "[credentials][any]") {
    SECTION("empty") {
        awsml::any_credentials_provider none;
        CHECK_FALSE(none);
        std::error_code ec;
        auto c = none.get_credentials(ec);
        CHECK(ec == errc::no_credentials);
        CHECK(c.empty());
    }
    SECTION("holds a user provider, shared between copies") {
        counting_provider user;
        awsml::any_credentials_provider held = user;
        auto copy = held;
        CHECK(held.get_credentials().access_key_id == "AKIDUSER");
        CHECK(copy().access_key_id == "AKIDUSER");
        CHECK(*user.calls == 2);
    }
    SECTION("non-throwing form of a throwing provider") {
        awsml::any_credentials_provider held = throwing_provider{errc::config_error};
        std::error_code ec;
        held.get_credentials(ec);
        CHECK(ec == errc::config_error);
        CHECK_THROWS_AS(held.get_credentials(), awsml::error);
    }
    SECTION("other exceptions mean nothing found") {
        struct failing {
            credentials get_credentials() { throw std::runtime_error("socket closed"); }
        };
        awsml::any_credentials_provider held = failing{};
        auto result = held.try_get_credentials();
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::no_credentials);
        CHECK(result.error().message == "socket closed");
    }
    SECTION("from a function, and into one") {
        auto held = awsml::any_credentials_provider::from_function([] {
            return credentials{"AKIDFN", secret, "", std::nullopt, "fn"};
        });
        std::function<credentials()> as_function = held;
        CHECK(as_function().access_key_id == "AKIDFN");
    }
    SECTION("holds a chain") {
        temp_dir dir;
        awsml::any_credentials_provider held = awsml::make_default_credentials_chain(env_with(
            dir, "", "", {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", secret}}));
        CHECK(held.get_credentials().access_key_id == "AKIDENV");
    }
}

} // namespace credentials_test
