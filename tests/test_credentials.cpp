#include <awsml/auth/credentials_provider.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using awsml::credentials;
using awsml::environment;
using awsml::errc;
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

std::chrono::system_clock::time_point at(const std::string& iso8601) {
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        *awsml::parse_iso8601(iso8601));
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

TEST_CASE("credential_process: the command goes through /bin/sh -c", "[credentials][process]") {
    temp_dir dir;
    dir.write("out.json", json_output("AKIDSH"));
    std::string config =
        "[default]\ncredential_process = cat '" + dir.path() + "/out.json' | cat\n";
    auto c = awsml::process_credentials_provider(env_with(dir, config, "")).get_credentials();
    CHECK(c.access_key_id == "AKIDSH");
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
        std::string config = "[default]\ncredential_process = kill -9 $$\n";
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

TEST_CASE("chain: caches and refreshes before expiry", "[credentials][chain]") {
    temp_dir dir;
    // Each run counts itself and reports a new key id that expires at a fixed time.
    std::string script =
        "n=$(cat '" + dir.path() +
        "/count' 2>/dev/null || echo 0)\n"
        "n=$((n + 1))\necho $n > '" +
        dir.path() +
        "/count'\n"
        "if [ -f '" +
        dir.path() +
        "/fail' ]; then exit 1; fi\n"
        "echo '{\"Version\":1,\"AccessKeyId\":\"AKID'$n'\",\"SecretAccessKey\":\"" +
        secret + "\",\"Expiration\":\"2030-01-01T00:00:00Z\"}'\n";
    auto env = env_with(dir, dir.process_profile(script), "");
    auto now = at("2029-12-31T23:00:00Z");
    awsml::credentials_chain_options options;
    options.clock = [&] { return now; };
    auto chain = awsml::make_default_credentials_chain(env, std::nullopt, std::nullopt, options);
    auto runs = [&] { return std::stoi(dir.read("count")); };

    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(runs() == 1);

    now = at("2029-12-31T23:54:59Z"); // more than five minutes left: still cached
    CHECK(chain.get_credentials().access_key_id == "AKID1");
    CHECK(runs() == 1);

    now = at("2029-12-31T23:56:00Z"); // within the margin: refreshed
    CHECK(chain.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 2);

    // A failed refresh keeps credentials that have not expired yet...
    dir.write("fail", "");
    CHECK(chain.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 3);
    // ...but not expired ones.
    now = at("2030-01-01T00:00:01Z");
    auto expired = chain.try_get_credentials();
    REQUIRE_FALSE(expired.has_value());
    CHECK(expired.error().code == errc::credential_process_failed);

    // Copies share the cache; invalidate() forces a new search.
    std::filesystem::remove(dir.path() + "/fail");
    now = at("2029-12-31T23:00:00Z");
    auto copy = chain;
    CHECK(copy.get_credentials().access_key_id == "AKID2");
    CHECK(runs() == 4);
    chain.invalidate();
    CHECK(copy.get_credentials().access_key_id == "AKID5");
    CHECK(chain.get_credentials().access_key_id == "AKID5");
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
