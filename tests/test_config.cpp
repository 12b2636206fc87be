#include <awsml/config/shared_config.hpp>

#include <awsml/config/detail/ini.hpp>
#include <awsml/core/environment.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace config_test {

using awsml::environment;
using awsml::errc;
using awsml::detail::parse_ini;

namespace {

// A fresh directory per test, removed afterwards; nothing outside it is read or written.
class temp_dir {
public:
    temp_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-config-XXXXXX").string();
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
        auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
        return file.string();
    }
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

// An environment whose shared files are the given texts (absent when empty), plus variables.
environment env_with(const temp_dir& dir, const std::string& config, const std::string& creds,
                     environment::variable_map variables = {}) {
    variables.try_emplace("AWS_CONFIG_FILE", dir.path() + "/config");
    variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/credentials");
    if (!config.empty())
        dir.write("config", config);
    if (!creds.empty())
        dir.write("credentials", creds);
    return environment::from_map(std::move(variables));
}

awsml::detail::ini_document parse_ok(const std::string& text) {
    auto parsed = parse_ini(text, "test.ini");
    if (!parsed)
        FAIL(parsed.error().message);
    return *parsed;
}

std::string value_of(const awsml::detail::ini_document& doc, const std::string& section,
                     const std::string& key) {
    const auto* s = doc.find(section);
    REQUIRE(s != nullptr);
    const auto* v = s->find(key);
    REQUIRE(v != nullptr);
    return v->text;
}

std::string parse_error(const std::string& text) {
    auto parsed = parse_ini(text, "/path/config");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == errc::config_error);
    return parsed.error().message;
}

} // namespace

TEST_CASE("environment: from a map, empty values count as unset", "[config][environment]") {
    auto env = environment::from_map({{"A", "1"}, {"EMPTY", ""}, {"HOME", "/home/u"}});
    CHECK(env.get("A") == "1");
    CHECK_FALSE(env.get("EMPTY"));
    CHECK_FALSE(env.get("MISSING"));
    CHECK(env.home_directory() == "/home/u");
    CHECK_FALSE(environment::empty().get("PATH"));
    CHECK_FALSE(environment::empty().home_directory());
}

TEST_CASE("environment: the process environment is read", "[config][environment]") {
    auto env = environment::process();
    const char* path = std::getenv("PATH");
    if (path && *path)
        CHECK(env.get("PATH") == std::string(path));
    CHECK_FALSE(env.get("AWSML_SURELY_NOT_SET_ANYWHERE_12345"));
}

TEST_CASE("environment: without HOME, the process's home is the user database's",
          "[config][environment]") {
    // As Python's expanduser: a service started without HOME still finds ~/.aws. (No other
    // thread runs in this test case, so changing the variable here is safe.)
    const passwd* user = ::getpwuid(::getuid());
    if (user == nullptr || *user->pw_dir == '\0') {
        WARN("this user has no home in the user database; the fallback is not checked");
        return;
    }
    const char* set = std::getenv("HOME");
    const std::optional<std::string> saved = set ? std::optional<std::string>(set) : std::nullopt;
    ::setenv("HOME", "/somewhere/else", 1);
    CHECK(environment::process().home_directory() == "/somewhere/else");
    ::unsetenv("HOME");
    CHECK(environment::process().home_directory() == std::string(user->pw_dir));
    CHECK_FALSE(environment::from_map({}).home_directory()); // a map is only what it holds
    if (saved)
        ::setenv("HOME", saved->c_str(), 1);
}

TEST_CASE("ini: sections, keys and whitespace", "[config][ini]") {
    auto doc = parse_ok("[default]\nregion=us-east-1\nOutput   =   json  \n\n"
                        "[ profile   dev ]\nregion: eu-west-1\nempty =\n");
    CHECK(value_of(doc, "default", "region") == "us-east-1");
    CHECK(value_of(doc, "default", "output") == "json"); // keys are case-insensitive
    CHECK(value_of(doc, "profile   dev", "region") == "eu-west-1");
    CHECK(value_of(doc, "profile   dev", "empty").empty());
    CHECK(doc.find("default")->line == 1);
    CHECK(doc.find("default")->find("output")->line == 3);
}

TEST_CASE("ini: comments", "[config][ini]") {
    auto doc = parse_ok("# leading comment\n; another\n[default] # after header\n"
                        "   # indented comment\n"
                        "region = us-west-2 # inline\n"
                        "output = json ; inline too\n"
                        "url = http://host/path#fragment\n"
                        "cmd = tool a;b\n"
                        "tabbed = x\t# tab comment\n"
                        "[other]; no space needed after a header\nk = v\n");
    CHECK(value_of(doc, "default", "region") == "us-west-2");
    CHECK(value_of(doc, "default", "output") == "json");
    CHECK(value_of(doc, "default", "url") == "http://host/path#fragment");
    CHECK(value_of(doc, "default", "cmd") == "tool a;b");
    CHECK(value_of(doc, "default", "tabbed") == "x");
    CHECK(value_of(doc, "other", "k") == "v");
    CHECK(doc.sections.size() == 2);

    auto only_comment = parse_ok("[default]\nempty = # nothing here\nhash=#literal\n"
                                 "s3 = ; nested next\n  a = 1 ; one\n");
    CHECK(value_of(only_comment, "default", "empty").empty());
    CHECK(value_of(only_comment, "default", "hash") == "#literal");
    CHECK(only_comment.find("default")->find("s3")->is_sub_section);
    CHECK(only_comment.find("default")->find("s3")->sub_section.at("a") == "1");
}

TEST_CASE("ini: continuation lines", "[config][ini]") {
    auto doc = parse_ok("[default]\ncredential_process = tool\n    --flag\n\n\t--other # kept\n"
                        "# a comment does not end it\n  --last\nregion = r\n");
    CHECK(value_of(doc, "default", "credential_process") == "tool\n--flag\n--other # kept\n--last");
    CHECK(value_of(doc, "default", "region") == "r");
    CHECK_FALSE(doc.find("default")->find("credential_process")->is_sub_section);
}

TEST_CASE("ini: sub-sections", "[config][ini]") {
    auto doc = parse_ok("[default]\ns3 =\n  max_concurrent_requests = 10\n"
                        "  Addressing_Style=path # comment\n  empty =\nregion = r\n");
    const auto* s3 = doc.find("default")->find("s3");
    REQUIRE(s3);
    CHECK(s3->is_sub_section);
    CHECK(s3->sub_section.at("max_concurrent_requests") == "10");
    CHECK(s3->sub_section.at("addressing_style") == "path");
    CHECK(s3->sub_section.at("empty").empty());
    CHECK(value_of(doc, "default", "region") == "r");

    CHECK_THAT(parse_error("[default]\ns3 =\n  no equals sign here\n"),
               Catch::Matches("/path/config:3: .*nested.*"));
    CHECK_THAT(parse_error("[default]\ns3 =\n  = 1\n"), Catch::StartsWith("/path/config:3: "));
}

TEST_CASE("ini: indentation without a value to continue starts a new line", "[config][ini]") {
    // ...whereas after a value, an indented key line is part of that value, as in botocore.
    auto continued = parse_ok("[default]\nregion = r\n  output = json\n");
    CHECK(value_of(continued, "default", "region") == "r\noutput = json");
    CHECK_FALSE(continued.find("default")->find("output"));

    auto doc = parse_ok("  [default]\n  region = r\n");
    CHECK(value_of(doc, "default", "region") == "r");
    doc = parse_ok("[default]\n   region = r\n");
    CHECK(value_of(doc, "default", "region") == "r");
}

TEST_CASE("ini: keys indented alike are keys; a value goes on only on a deeper line",
          "[config][ini]") {
    // What Python's RawConfigParser (botocore's reader) makes of each text.
    auto doc = parse_ok("[default]\n  region = r\n  output = json\n");
    CHECK(value_of(doc, "default", "region") == "r");
    CHECK(value_of(doc, "default", "output") == "json");
    doc = parse_ok("[d]\n  k = v\n    more\n  j = w\n");
    CHECK(value_of(doc, "d", "k") == "v\nmore");
    CHECK(value_of(doc, "d", "j") == "w");
    doc = parse_ok("  [p]\n    a = 1\n\n    b = 2\n      c\n");
    CHECK(value_of(doc, "p", "a") == "1");
    CHECK(value_of(doc, "p", "b") == "2\nc");
    doc = parse_ok("[d]\n\tk = v\n\t\tmore\n");
    CHECK(value_of(doc, "d", "k") == "v\nmore");
    // An indented profile's keys: both read, so the pair is whole.
    doc = parse_ok("[profile dev]\n    aws_access_key_id = A\n    aws_secret_access_key = S\n");
    CHECK(value_of(doc, "profile dev", "aws_access_key_id") == "A");
    CHECK(value_of(doc, "profile dev", "aws_secret_access_key") == "S");
    // A sub-section under an indented key.
    doc = parse_ok("[d]\n  s3 =\n    a = 1\n  region = r\n");
    CHECK(doc.find("d")->find("s3")->sub_section.at("a") == "1");
    CHECK(value_of(doc, "d", "region") == "r");
}

TEST_CASE("ini: CRLF, lone CR and a byte order mark", "[config][ini]") {
    auto doc = parse_ok("\xEF\xBB\xBF[default]\r\nregion = us-east-1\r\ns3 =\r\n  a = 1\r\n"
                        "\r\n[x]\rk = v\r");
    CHECK(value_of(doc, "default", "region") == "us-east-1");
    CHECK(doc.find("default")->find("s3")->sub_section.at("a") == "1");
    CHECK(value_of(doc, "x", "k") == "v");
    CHECK_THAT(parse_error("[default]\r\nregion = a\r\nbroken\r\n"),
               Catch::StartsWith("/path/config:3: "));
}

TEST_CASE("ini: repeated sections merge and later keys win", "[config][ini]") {
    auto doc = parse_ok("[a]\nk = 1\nj = 2\n[b]\nk = 3\n[a]\nk = 4\n");
    CHECK(value_of(doc, "a", "k") == "4");
    CHECK(value_of(doc, "a", "j") == "2");
    CHECK(doc.find("a")->line == 1);
}

TEST_CASE("ini: malformed lines name the file and line", "[config][ini]") {
    CHECK_THAT(parse_error("[default]\nregion = a\njust words\n"),
               Catch::Matches("/path/config:3: expected 'key = value'.*"));
    CHECK_THAT(parse_error("region = a\n"),
               Catch::Matches("/path/config:1: .*before any \\[section\\].*"));
    CHECK_THAT(parse_error("\n\n[default\n"), Catch::Matches("/path/config:3: .*closing.*"));
    CHECK_THAT(parse_error("[ ]\n"), Catch::Matches("/path/config:1: .*empty name.*"));
    CHECK_THAT(parse_error("[default] trailing\n"), Catch::Matches("/path/config:1: .*after.*"));
    CHECK_THAT(parse_error("[default]\n = value\n"),
               Catch::Matches("/path/config:2: .*key name.*"));
}

TEST_CASE("ini: errors never quote the offending line", "[config][ini]") {
    auto message = parse_error("[default]\naws_secret_access_key SECRETVALUE\n");
    CHECK(message.find("SECRETVALUE") == std::string::npos);
}

TEST_CASE("ini: arbitrary bytes never crash the parser", "[config][ini][fuzz]") {
    std::mt19937 random(12345);
    static const char symbols[] = "[]=:#; \t\r\n\n\nabcprofile\\\"'\0\xff\xef\xbb\xbf";
    const std::string alphabet(symbols, sizeof symbols - 1);
    std::uniform_int_distribution<int> length(0, 300);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    int parsed = 0, rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        int n = length(random);
        bool ini_like = round % 2 == 0;
        for (int i = 0; i < n; ++i)
            text += ini_like ? alphabet[pick(random)] : char(byte(random));
        auto result = parse_ini(text, "fuzz");
        if (result) {
            ++parsed;
        } else {
            ++rejected;
            REQUIRE(result.error().message.rfind("fuzz:", 0) == 0);
        }
    }
    CHECK(parsed + rejected == 3000);
}

TEST_CASE("shared config: default paths come from HOME", "[config][profile]") {
    temp_dir dir;
    dir.write(".aws/config", "[default]\nregion = from-home\n");
    dir.write(".aws/credentials", "[default]\naws_access_key_id = AKID\n");
    auto env = environment::from_map({{"HOME", dir.path()}});
    auto shared = awsml::load_shared_config(env);
    CHECK(shared.config_file == dir.path() + "/.aws/config");
    CHECK(shared.credentials_file == dir.path() + "/.aws/credentials");
    CHECK(shared.profile.get("region") == "from-home");
    CHECK(shared.profile.get("aws_access_key_id") == "AKID");
}

TEST_CASE("shared config: AWS_CONFIG_FILE with ~ is under HOME", "[config][profile]") {
    temp_dir dir;
    dir.write("elsewhere/cfg", "[default]\nregion = tilde\n");
    auto env =
        environment::from_map({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", "~/elsewhere/cfg"}});
    CHECK(awsml::load_shared_config(env).profile.get("region") == "tilde");
}

TEST_CASE("shared config: missing files are no error", "[config][profile]") {
    temp_dir dir;
    auto shared = awsml::try_load_shared_config(env_with(dir, "", ""));
    REQUIRE(shared.has_value());
    CHECK(shared->profile.name == "default");
    CHECK_FALSE(shared->profile.defined);
    CHECK(shared->profile.settings.empty());
    // No HOME and no variables: nothing to read at all.
    auto nothing = awsml::try_load_shared_config(environment::empty());
    REQUIRE(nothing.has_value());
    CHECK(nothing->config_file.empty());
}

TEST_CASE("shared config: profile selection", "[config][profile]") {
    temp_dir dir;
    std::string config = "[default]\nregion = d\n[profile dev]\nregion = dev-region\n"
                         "[profile   spaced  ]\nregion = s\n[prod]\nregion = not-a-profile\n";
    std::string creds = "[ci]\naws_access_key_id = CI\n";

    CHECK(awsml::load_shared_config(env_with(dir, config, creds)).profile.get("region") == "d");
    CHECK(awsml::load_shared_config(env_with(dir, config, creds), "dev").profile.get("region") ==
          "dev-region");
    CHECK(awsml::load_shared_config(env_with(dir, config, creds), "spaced").profile.get("region") ==
          "s");
    auto by_env = env_with(dir, config, creds, {{"AWS_PROFILE", "dev"}});
    CHECK(awsml::load_shared_config(by_env).profile.name == "dev");
    // explicit beats AWS_PROFILE
    CHECK(awsml::load_shared_config(by_env, "default").profile.get("region") == "d");
    // a profile only in the credentials file exists
    auto ci = awsml::load_shared_config(env_with(dir, config, creds), "ci");
    CHECK(ci.profile.defined);
    CHECK(ci.profile.get("aws_access_key_id") == "CI");
    CHECK_FALSE(ci.profile.get("region"));
}

TEST_CASE("shared config: a named profile must exist", "[config][profile]") {
    temp_dir dir;
    std::string config = "[default]\nregion = d\n[prod]\nregion = bare-section\n";
    auto missing = awsml::try_load_shared_config(env_with(dir, config, ""), "prod");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == errc::config_error);
    CHECK_THAT(missing.error().message, Catch::Contains("\"prod\"") &&
                                            Catch::Contains("explicitly") &&
                                            Catch::Contains(dir.path() + "/config") &&
                                            Catch::Contains(dir.path() + "/credentials"));

    auto by_env =
        awsml::try_load_shared_config(env_with(dir, config, "", {{"AWS_PROFILE", "nope"}}));
    REQUIRE_FALSE(by_env.has_value());
    CHECK_THAT(by_env.error().message,
               Catch::Contains("\"nope\"") && Catch::Contains("AWS_PROFILE"));

    try {
        awsml::load_shared_config(env_with(dir, config, ""), "prod");
        FAIL("expected an exception");
    } catch (const awsml::error& e) {
        CHECK(e.code() == errc::config_error);
        CHECK_THAT(e.what(), Catch::Contains("\"prod\""));
    }
}

TEST_CASE("shared config: [profile default] wins over [default]", "[config][profile]") {
    temp_dir dir;
    auto env = env_with(dir, "[profile default]\nregion = long\n[default]\nregion = short\n", "");
    CHECK(awsml::load_shared_config(env).profile.get("region") == "long");
}

TEST_CASE("shared config: the credentials file wins over the config file", "[config][profile]") {
    temp_dir dir;
    auto env = env_with(dir, "[profile p]\nregion = r\naws_access_key_id = FROM_CONFIG\n",
                        "[p]\naws_access_key_id = FROM_CREDENTIALS\n");
    auto shared = awsml::load_shared_config(env, "p");
    CHECK(shared.profile.get("aws_access_key_id") == "FROM_CREDENTIALS");
    CHECK(shared.profile.find("aws_access_key_id")->origin == dir.path() + "/credentials:2");
    CHECK(shared.profile.find("region")->origin == dir.path() + "/config:2");
    CHECK(shared.profile.get("REGION") == "r");
}

TEST_CASE("shared config: a malformed file is an error with file and line", "[config][profile]") {
    temp_dir dir;
    auto broken = awsml::try_load_shared_config(env_with(dir, "[default]\nregion = r\noops\n", ""));
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().code == errc::config_error);
    CHECK_THAT(broken.error().message, Catch::StartsWith(dir.path() + "/config:3: "));

    temp_dir dir2;
    auto broken_creds = awsml::try_load_shared_config(env_with(dir2, "", "[default\n"));
    REQUIRE_FALSE(broken_creds.has_value());
    CHECK_THAT(broken_creds.error().message, Catch::StartsWith(dir2.path() + "/credentials:1: "));
}

TEST_CASE("shared config: an unreadable path is an error", "[config][profile]") {
    temp_dir dir;
    std::filesystem::create_directories(dir.path() + "/adir");
    auto env = environment::from_map({{"AWS_CONFIG_FILE", dir.path() + "/adir"}});
    auto result = awsml::try_load_shared_config(env);
    REQUIRE_FALSE(result.has_value());
    CHECK_THAT(result.error().message, Catch::Contains(dir.path() + "/adir"));
}

TEST_CASE("shared config: sub-sections and services sections", "[config][profile]") {
    temp_dir dir;
    auto env =
        env_with(dir,
                 "[default]\nservices = local\ns3 =\n  max_concurrent_requests = 10\n"
                 "[services local]\nmachine_learning =\n  endpoint_url = http://localhost:9\n"
                 "dynamodb =\n  endpoint_url = http://localhost:8\n",
                 "");
    auto shared = awsml::load_shared_config(env);
    REQUIRE(shared.profile.sub_section("s3"));
    CHECK(shared.profile.sub_section("s3")->at("max_concurrent_requests") == "10");
    auto url = shared.service_setting("machine_learning", "endpoint_url");
    REQUIRE(url);
    CHECK(url->value == "http://localhost:9");
    CHECK(url->origin == dir.path() + "/config:5");
    CHECK_FALSE(shared.service_setting("sagemaker", "endpoint_url"));

    // A services reference to no section fails only where the endpoint look-up reaches it, as
    // botocore raises only there: the profile's credentials and an earlier endpoint still serve.
    auto dangling_env = env_with(dir, "[default]\nservices = gone\nregion = r\n", "");
    auto dangling = awsml::try_load_shared_config(dangling_env);
    REQUIRE(dangling.has_value());
    REQUIRE(dangling->services_missing);
    CHECK_THAT(*dangling->services_missing, Catch::Contains("[services gone]"));
    awsml::explicit_settings ml;
    ml.service_id = "Machine Learning";
    auto reached = awsml::try_resolve_settings(dangling_env, std::nullopt, ml);
    REQUIRE_FALSE(reached.has_value());
    CHECK(reached.error().code == errc::config_error);
    CHECK_THAT(reached.error().message,
               Catch::Contains(dir.path() + "/config:2") && Catch::Contains("[services gone]"));
    ml.endpoint_url = "http://explicit";
    CHECK(awsml::resolve_settings(dangling_env, std::nullopt, ml).endpoint_url ==
          "http://explicit");
    ml.endpoint_url.reset();
    CHECK(awsml::resolve_settings(dangling_env).region == "r"); // no service: never looked up
    auto from_env = env_with(dir, "[default]\nservices = gone\n", "",
                             {{"AWS_ENDPOINT_URL", "http://env-global"}});
    CHECK(awsml::resolve_settings(from_env, std::nullopt, ml).endpoint_url == "http://env-global");
}

TEST_CASE("shared config: FIFOs and devices are read as empty files", "[config][profile]") {
    // botocore reads only regular files; opening a FIFO would wait for a writer for ever and
    // /dev/zero would never end.
    temp_dir dir;
    const std::string fifo = dir.path() + "/fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const std::string& path : {fifo, std::string("/dev/zero"), std::string("/dev/null")}) {
        INFO(path);
        auto env = environment::from_map(
            {{"AWS_CONFIG_FILE", path}, {"AWS_SHARED_CREDENTIALS_FILE", path}});
        auto loaded = awsml::try_load_shared_config(env);
        REQUIRE(loaded.has_value());
        CHECK_FALSE(loaded->profile.defined);
    }
}

TEST_CASE("shared config: the files' paths as botocore expands them", "[config][profile]") {
    temp_dir dir;
    dir.write("sub/config", "[default]\nregion = from-expanded\n");
    auto region = [&](const std::string& config_path, environment::variable_map vars = {}) {
        vars.try_emplace("AWS_CONFIG_FILE", config_path);
        vars.try_emplace("AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/none");
        vars.try_emplace("HOME", dir.path());
        return awsml::resolve_settings(environment::from_map(std::move(vars))).region;
    };
    CHECK(region("$BASE/sub/config", {{"BASE", dir.path()}}) == "from-expanded");
    CHECK(region("${BASE}/sub/config", {{"BASE", dir.path()}}) == "from-expanded");
    CHECK(region(dir.path() + "/s$EMPTY${EMPTY_TOO}ub/config",
                 {{"EMPTY", ""}, {"EMPTY_TOO", ""}}) == "from-expanded");
    CHECK(region("~/sub/config") == "from-expanded");
    CHECK(region("~/$UNSET/config") == std::nullopt); // unknown names stay as written

    // Set but empty: no file at all, the default one included (botocore reads none either).
    dir.write(".aws/config", "[default]\nregion = from-default-file\n");
    CHECK(region(dir.path() + "/.aws/config") == "from-default-file");
    CHECK(region("") == std::nullopt);
}

TEST_CASE("settings: region precedence", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nregion = profile-region\n";
    auto region = [&](environment::variable_map vars, std::optional<std::string> given = {}) {
        awsml::explicit_settings explicit_values;
        explicit_values.region = given;
        return awsml::resolve_settings(env_with(dir, config, "", std::move(vars)), std::nullopt,
                                       explicit_values)
            .region;
    };
    environment::variable_map both = {{"AWS_REGION", "env-region"},
                                      {"AWS_DEFAULT_REGION", "env-default"}};
    CHECK(region(both, "explicit") == "explicit");
    CHECK(region(both) == "env-region");
    CHECK(region({{"AWS_DEFAULT_REGION", "env-default"}}) == "env-default");
    CHECK(region({}) == "profile-region");
    CHECK(region({{"AWS_REGION", ""}}) == "profile-region");

    temp_dir empty;
    CHECK_FALSE(awsml::resolve_settings(env_with(empty, "", "")).region);
}

TEST_CASE("settings: region of a named profile", "[config][settings]") {
    temp_dir dir;
    auto env = env_with(dir, "[default]\nregion = d\n[profile dev]\nregion = dev\n", "",
                        {{"AWS_PROFILE", "dev"}});
    auto settings = awsml::resolve_settings(env);
    CHECK(settings.profile_name == "dev");
    CHECK(settings.region == "dev");
    CHECK(settings.shared.profile.name == "dev");
    CHECK(awsml::resolve_settings(env, "default").region == "d");
}

TEST_CASE("settings: endpoint URL precedence", "[config][settings]") {
    temp_dir dir;
    std::string with_services =
        "[default]\nendpoint_url = http://profile\nservices = s\n"
        "[services s]\nmachine_learning =\n  endpoint_url = http://service\n";
    std::string without_services = "[default]\nendpoint_url = http://profile\n";
    auto endpoint = [&](const std::string& config, environment::variable_map vars,
                        std::optional<std::string> given = {}) {
        awsml::explicit_settings e;
        e.endpoint_url = given;
        e.service_id = "Machine Learning";
        return awsml::resolve_settings(env_with(dir, config, "", std::move(vars)), std::nullopt, e)
            .endpoint_url;
    };
    environment::variable_map both = {{"AWS_ENDPOINT_URL_MACHINE_LEARNING", "http://env-service"},
                                      {"AWS_ENDPOINT_URL", "http://env-global"}};
    CHECK(endpoint(with_services, both, "http://explicit") == "http://explicit");
    CHECK(endpoint(with_services, both) == "http://env-service");
    CHECK(endpoint(with_services, {{"AWS_ENDPOINT_URL", "http://env-global"}}) ==
          "http://env-global");
    CHECK(endpoint(with_services, {}) == "http://service");
    CHECK(endpoint(without_services, {}) == "http://profile");
    temp_dir empty;
    CHECK_FALSE(awsml::resolve_settings(env_with(empty, "", "")).endpoint_url);

    // Set but empty is unset, each source in turn, as botocore skips it.
    CHECK(endpoint("[default]\nendpoint_url =\n", {}) == std::nullopt);
    CHECK(endpoint("[default]\nendpoint_url = http://profile\nservices = s\n"
                   "[services s]\nmachine_learning =\n  endpoint_url =\n",
                   {}) == "http://profile");
    CHECK(endpoint(with_services, {{"AWS_ENDPOINT_URL_MACHINE_LEARNING", ""},
                                   {"AWS_ENDPOINT_URL", "http://env-global"}}) ==
          "http://env-global");
}

TEST_CASE("settings: FIPS pseudo-regions and the rule set's parameters", "[config][settings]") {
    temp_dir dir;
    auto settings = [&](environment::variable_map vars, std::optional<std::string> url = {}) {
        awsml::explicit_settings e;
        e.endpoint_url = std::move(url);
        return awsml::resolve_settings(env_with(dir, "", "", std::move(vars)), std::nullopt, e);
    };
    auto pseudo = settings({{"AWS_REGION", "fips-us-east-1"}});
    CHECK(pseudo.region == "us-east-1");
    CHECK(pseudo.use_fips_endpoint);
    auto gov = settings({{"AWS_REGION", "us-gov-west-1-fips"}});
    CHECK(gov.region == "us-gov-west-1");
    CHECK(gov.use_fips_endpoint);
    CHECK(gov.rule_set_parameters().use_fips);
    auto plain = settings({{"AWS_REGION", "us-east-1"}});
    CHECK_FALSE(plain.use_fips_endpoint);

    // With an endpoint URL configured, FIPS and dual-stack stay as set but the rule set gets
    // neither (botocore's args.py), so the URL is used as it is.
    for (auto configured : {settings({{"AWS_REGION", "us-east-1"},
                                      {"AWS_USE_FIPS_ENDPOINT", "true"},
                                      {"AWS_USE_DUALSTACK_ENDPOINT", "true"}},
                                     "http://localhost:8686"),
                            settings({{"AWS_REGION", "fips-us-east-1"},
                                      {"AWS_ENDPOINT_URL", "http://localhost:8686"}})}) {
        CHECK(configured.use_fips_endpoint);
        auto parameters = configured.rule_set_parameters();
        CHECK_FALSE(parameters.use_fips);
        CHECK_FALSE(parameters.use_dual_stack);
        CHECK(parameters.endpoint == "http://localhost:8686");
        CHECK(parameters.region == "us-east-1");
    }
}

TEST_CASE("settings: configured endpoint URLs can be ignored", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nendpoint_url = http://profile\n";
    auto ignore_env = env_with(dir, config, "",
                               {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"},
                                {"AWS_ENDPOINT_URL", "http://env-global"}});
    CHECK_FALSE(awsml::resolve_settings(ignore_env).endpoint_url);
    awsml::explicit_settings e;
    e.endpoint_url = "http://explicit";
    CHECK(awsml::resolve_settings(ignore_env, std::nullopt, e).endpoint_url == "http://explicit");

    temp_dir dir2;
    auto ignore_profile = env_with(
        dir2, "[default]\nendpoint_url = http://profile\nignore_configured_endpoint_urls = true\n",
        "");
    CHECK_FALSE(awsml::resolve_settings(ignore_profile).endpoint_url);

    temp_dir dir3;
    auto not_ignored =
        env_with(dir3, config, "", {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"}});
    CHECK(awsml::resolve_settings(not_ignored).endpoint_url == "http://profile");

    auto invalid = awsml::try_resolve_settings(
        env_with(dir3, config, "", {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "1"}}));
    REQUIRE_FALSE(invalid.has_value());
    CHECK_THAT(invalid.error().message, Catch::Contains("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
}

TEST_CASE("settings: booleans", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n";
    auto from_profile = awsml::resolve_settings(env_with(dir, config, ""));
    CHECK(from_profile.use_fips_endpoint);
    CHECK(from_profile.use_dualstack_endpoint);

    auto env_wins = awsml::resolve_settings(
        env_with(dir, config, "",
                 {{"AWS_USE_FIPS_ENDPOINT", "False"}, {"AWS_USE_DUALSTACK_ENDPOINT", "false"}}));
    CHECK_FALSE(env_wins.use_fips_endpoint);
    CHECK_FALSE(env_wins.use_dualstack_endpoint);

    awsml::explicit_settings e;
    e.use_fips_endpoint = false;
    e.use_dualstack_endpoint = false;
    auto explicit_wins = awsml::resolve_settings(
        env_with(dir, config, "", {{"AWS_USE_FIPS_ENDPOINT", "not-even-valid"}}), std::nullopt, e);
    CHECK_FALSE(explicit_wins.use_fips_endpoint);
    CHECK_FALSE(explicit_wins.use_dualstack_endpoint);

    temp_dir empty;
    auto defaults = awsml::resolve_settings(env_with(empty, "", ""));
    CHECK_FALSE(defaults.use_fips_endpoint);
    CHECK_FALSE(defaults.use_dualstack_endpoint);
    CHECK_FALSE(defaults.retry_mode);
    CHECK_FALSE(defaults.max_attempts);
}

TEST_CASE("settings: invalid booleans name the variable or file:key", "[config][settings]") {
    temp_dir dir;
    auto bad_env =
        awsml::try_resolve_settings(env_with(dir, "", "", {{"AWS_USE_FIPS_ENDPOINT", "yes"}}));
    REQUIRE_FALSE(bad_env.has_value());
    CHECK(bad_env.error().code == errc::config_error);
    CHECK(bad_env.error().message == "AWS_USE_FIPS_ENDPOINT: \"yes\" is not true or false");
    // The value is quoted by the one rule of untrusted text (core/in_quotes.hpp): one line.
    auto escaped = awsml::try_resolve_settings(
        env_with(dir, "", "", {{"AWS_USE_FIPS_ENDPOINT", "tr\x1b[2Jue\n\"x"}}));
    REQUIRE_FALSE(escaped.has_value());
    CHECK(escaped.error().message ==
          R"(AWS_USE_FIPS_ENDPOINT: "tr\x1b[2Jue\x0a\"x" is not true or false)");

    temp_dir dir2;
    auto bad_profile = awsml::try_resolve_settings(
        env_with(dir2, "[default]\n\nuse_dualstack_endpoint = 1\n", ""));
    REQUIRE_FALSE(bad_profile.has_value());
    CHECK(bad_profile.error().message ==
          dir2.path() + "/config:3: use_dualstack_endpoint: \"1\" is not true or false");

    CHECK_THROWS_AS(
        awsml::resolve_settings(env_with(dir, "", "", {{"AWS_USE_DUALSTACK_ENDPOINT", "on"}})),
        awsml::error);
}

TEST_CASE("settings: retry mode", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nretry_mode = adaptive\n";
    CHECK(awsml::resolve_settings(env_with(dir, config, "")).retry_mode ==
          awsml::retry_mode::adaptive);
    CHECK(awsml::resolve_settings(env_with(dir, config, "", {{"AWS_RETRY_MODE", "legacy"}}))
              .retry_mode == awsml::retry_mode::legacy);
    awsml::explicit_settings e;
    e.retry_mode = awsml::retry_mode::standard;
    CHECK(awsml::resolve_settings(env_with(dir, config, "", {{"AWS_RETRY_MODE", "bogus"}}),
                                  std::nullopt, e)
              .retry_mode == awsml::retry_mode::standard);

    auto bad = awsml::try_resolve_settings(env_with(dir, config, "", {{"AWS_RETRY_MODE", "fast"}}));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::config_error);
    CHECK_THAT(bad.error().message,
               Catch::StartsWith("AWS_RETRY_MODE: \"fast\"") && Catch::Contains("standard"));

    temp_dir dir2;
    auto bad_profile =
        awsml::try_resolve_settings(env_with(dir2, "[default]\nretry_mode = quick\n", ""));
    REQUIRE_FALSE(bad_profile.has_value());
    CHECK_THAT(bad_profile.error().message,
               Catch::StartsWith(dir2.path() + "/config:2: retry_mode: "));
}

TEST_CASE("settings: max attempts", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nmax_attempts = 7\n";
    CHECK(awsml::resolve_settings(env_with(dir, config, "")).max_attempts == 7);
    CHECK(awsml::resolve_settings(env_with(dir, config, "", {{"AWS_MAX_ATTEMPTS", "2"}}))
              .max_attempts == 2);
    awsml::explicit_settings e;
    e.max_attempts = 4;
    CHECK(awsml::resolve_settings(env_with(dir, config, "", {{"AWS_MAX_ATTEMPTS", "x"}}),
                                  std::nullopt, e)
              .max_attempts == 4);

    for (const char* invalid : {"0", "-1", "abc", "3x", " 3", "1.5", "99999999999999"}) {
        INFO(invalid);
        auto bad =
            awsml::try_resolve_settings(env_with(dir, config, "", {{"AWS_MAX_ATTEMPTS", invalid}}));
        REQUIRE_FALSE(bad.has_value());
        CHECK(bad.error().code == errc::config_error);
        CHECK_THAT(bad.error().message, Catch::StartsWith("AWS_MAX_ATTEMPTS: "));
    }
    temp_dir dir2;
    auto bad_profile =
        awsml::try_resolve_settings(env_with(dir2, "[default]\nmax_attempts = zero\n", ""));
    REQUIRE_FALSE(bad_profile.has_value());
    CHECK_THAT(bad_profile.error().message,
               Catch::StartsWith(dir2.path() + "/config:2: max_attempts: "));
}

TEST_CASE("settings: a broken file or missing profile fails resolution", "[config][settings]") {
    temp_dir dir;
    auto broken = awsml::try_resolve_settings(env_with(dir, "[default\n", ""));
    REQUIRE_FALSE(broken.has_value());
    CHECK_THAT(broken.error().message, Catch::StartsWith(dir.path() + "/config:1: "));
    temp_dir dir2;
    auto missing = awsml::try_resolve_settings(env_with(dir2, "[default]\n", ""), "ghost");
    REQUIRE_FALSE(missing.has_value());
    CHECK_THAT(missing.error().message, Catch::Contains("\"ghost\""));
}

TEST_CASE("shared config: AWS_DEFAULT_PROFILE comes before AWS_PROFILE, as in botocore",
          "[config][profile]") {
    temp_dir dir;
    std::string config =
        "[default]\nregion = d\n[profile a]\nregion = ra\n[profile b]\nregion = rb\n";
    auto both = env_with(dir, config, "", {{"AWS_DEFAULT_PROFILE", "a"}, {"AWS_PROFILE", "b"}});
    CHECK(awsml::load_shared_config(both).profile.name == "a");
    CHECK(awsml::load_shared_config(both, "b").profile.name == "b"); // explicit wins
    CHECK(awsml::resolve_settings(both).region == "ra");
    auto only_default = env_with(dir, config, "", {{"AWS_DEFAULT_PROFILE", "b"}});
    CHECK(awsml::load_shared_config(only_default).profile.get("region") == "rb");
    auto missing = awsml::try_load_shared_config(
        env_with(dir, config, "", {{"AWS_DEFAULT_PROFILE", "ghost"}, {"AWS_PROFILE", "a"}}));
    REQUIRE_FALSE(missing.has_value());
    CHECK_THAT(missing.error().message,
               Catch::Contains("\"ghost\"") && Catch::Contains("by AWS_DEFAULT_PROFILE"));
}

TEST_CASE("shared config: the profile's [sso-session NAME] section", "[config][profile]") {
    temp_dir dir;
    std::string config = "[profile dev]\nsso_session = my-sso\n"
                         "[sso-session my-sso]\nsso_start_url = https://x.awsapps.com/start\n"
                         "SSO_Region = us-east-2\nsso_registration_scopes = sso:account:access\n"
                         "[sso-session other]\nsso_region = eu-west-1\n"
                         "[profile ghost]\nsso_session = nowhere\n[profile plain]\nregion = r\n";
    auto dev = awsml::load_shared_config(env_with(dir, config, ""), "dev");
    REQUIRE(dev.sso_session);
    CHECK(dev.sso_session->name == "my-sso");
    CHECK(dev.sso_session->defined);
    REQUIRE(dev.sso_session->find("sso_region"));
    CHECK(dev.sso_session->find("sso_region")->value == "us-east-2");
    CHECK(dev.sso_session->find("sso_region")->origin == dir.path() + "/config:5");
    CHECK(dev.sso_session->find("sso_registration_scopes")->value == "sso:account:access");
    CHECK(dev.sso_session->find("sso_start_url")->value == "https://x.awsapps.com/start");

    // A reference to a section that is not there is left to the SSO provider to report.
    auto ghost = awsml::load_shared_config(env_with(dir, config, ""), "ghost");
    REQUIRE(ghost.sso_session);
    CHECK(ghost.sso_session->name == "nowhere");
    CHECK_FALSE(ghost.sso_session->defined);
    CHECK_FALSE(awsml::load_shared_config(env_with(dir, config, ""), "plain").sso_session);
    // An sso-session section is no profile.
    CHECK_FALSE(awsml::try_load_shared_config(env_with(dir, config, ""), "my-sso").has_value());
}

TEST_CASE("settings: the application id for the User-Agent", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\nsdk_ua_app_id = from-profile\n";
    CHECK(awsml::resolve_settings(env_with(dir, config, "")).app_id == "from-profile");
    auto env = env_with(dir, config, "", {{"AWS_SDK_UA_APP_ID", "from-env"}});
    CHECK(awsml::resolve_settings(env).app_id == "from-env");
    awsml::explicit_settings given;
    given.app_id = "explicit";
    CHECK(awsml::resolve_settings(env, std::nullopt, given).app_id == "explicit");
    temp_dir empty;
    CHECK_FALSE(awsml::resolve_settings(env_with(empty, "[default]\n", "")).app_id);
}

TEST_CASE("settings: tcp_keepalive, as botocore reads it", "[config][settings]") {
    temp_dir dir;
    std::string config = "[default]\ntcp_keepalive = True\n";
    CHECK(awsml::resolve_settings(env_with(dir, config, "")).tcp_keepalive);
    auto env = env_with(dir, config, "", {{"BOTOCORE_TCP_KEEPALIVE", "false"}});
    CHECK_FALSE(awsml::resolve_settings(env).tcp_keepalive);
    temp_dir empty;
    CHECK_FALSE(awsml::resolve_settings(env_with(empty, "[default]\n", "")).tcp_keepalive);
    // botocore's ensure_boolean: any text but "true" (any case) is false, never an error, so a
    // profile shared with boto3 means the same to both (review: "1" failed every call).
    for (const char* other : {"1", "yes", "on", " true"}) {
        auto read = awsml::try_resolve_settings(
            env_with(dir, config, "", {{"BOTOCORE_TCP_KEEPALIVE", other}}));
        REQUIRE(read.has_value());
        CHECK_FALSE(read->tcp_keepalive);
    }
    CHECK_FALSE(awsml::resolve_settings(env_with(dir, "[default]\ntcp_keepalive = yes\n", ""))
                    .tcp_keepalive);
    CHECK(awsml::resolve_settings(env_with(dir, config, "", {{"BOTOCORE_TCP_KEEPALIVE", "TRUE"}}))
              .tcp_keepalive);
}

TEST_CASE("settings: the defaults mode", "[config][settings][defaults_mode]") {
    using awsml::defaults_mode;
    temp_dir dir;
    std::string config = "[default]\ndefaults_mode = In-Region\n"; // any case, as botocore
    CHECK(awsml::resolve_settings(env_with(dir, config, "")).defaults_mode ==
          defaults_mode::in_region);
    auto env = env_with(dir, config, "", {{"AWS_DEFAULTS_MODE", "mobile"}});
    CHECK(awsml::resolve_settings(env).defaults_mode == defaults_mode::mobile);
    awsml::explicit_settings given;
    given.defaults_mode = defaults_mode::cross_region;
    CHECK(awsml::resolve_settings(env, std::nullopt, given).defaults_mode ==
          defaults_mode::cross_region);
    temp_dir empty;
    CHECK(awsml::resolve_settings(env_with(empty, "[default]\n", "")).defaults_mode ==
          defaults_mode::legacy);

    auto bad =
        awsml::try_resolve_settings(env_with(dir, config, "", {{"AWS_DEFAULTS_MODE", "fast"}}));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::config_error);
    CHECK(bad.error().message ==
          "AWS_DEFAULTS_MODE: \"fast\" is not a defaults mode (legacy, auto, "
          "standard, in-region, cross-region or mobile)");
    temp_dir dir2;
    auto bad_profile =
        awsml::try_resolve_settings(env_with(dir2, "[default]\ndefaults_mode = in_region\n", ""));
    REQUIRE_FALSE(bad_profile.has_value());
    CHECK_THAT(bad_profile.error().message,
               Catch::StartsWith(dir2.path() + "/config:2: defaults_mode: \"in_region\""));

    // Every name reads back as itself; the modes' connect timeouts are the SDKs' shared values.
    for (auto mode : {defaults_mode::legacy, defaults_mode::standard, defaults_mode::in_region,
                      defaults_mode::cross_region, defaults_mode::mobile, defaults_mode::automatic})
        CHECK(awsml::parse_defaults_mode(awsml::to_string(mode)) == mode);
    CHECK(awsml::connect_timeout_for(defaults_mode::in_region) == std::chrono::milliseconds(1100));
    CHECK(awsml::connect_timeout_for(defaults_mode::mobile) == std::chrono::milliseconds(30000));
    CHECK(awsml::connect_timeout_for(defaults_mode::standard) == std::chrono::milliseconds(3100));
    CHECK_FALSE(awsml::connect_timeout_for(defaults_mode::legacy));
}

TEST_CASE("settings: what the auto defaults mode means", "[config][settings][defaults_mode]") {
    using awsml::defaults_mode;
    const std::optional<std::string> here = "eu-west-1";
    auto mode_in = [&](environment::variable_map variables) {
        return awsml::resolve_automatic_defaults_mode(environment::from_map(std::move(variables)),
                                                      here);
    };
    // In an AWS runtime (AWS_EXECUTION_ENV), its region against the client's.
    CHECK(mode_in({{"AWS_EXECUTION_ENV", "AWS_Lambda_python3.12"}, {"AWS_REGION", "eu-west-1"}}) ==
          defaults_mode::in_region);
    CHECK(mode_in({{"AWS_EXECUTION_ENV", "AWS_ECS_FARGATE"}, {"AWS_REGION", "us-east-1"}}) ==
          defaults_mode::cross_region);
    CHECK(mode_in({{"AWS_EXECUTION_ENV", "AWS_ECS_EC2"}, {"AWS_DEFAULT_REGION", "eu-west-1"}}) ==
          defaults_mode::in_region);
    CHECK(mode_in({{"AWS_EXECUTION_ENV", "AWS_ECS_EC2"},
                   {"AWS_REGION", "us-east-1"},
                   {"AWS_DEFAULT_REGION", "eu-west-1"}}) == defaults_mode::cross_region);
    // Elsewhere, or with no region known: standard (the instance metadata service is not asked).
    CHECK(mode_in({{"AWS_REGION", "eu-west-1"}}) == defaults_mode::standard);
    CHECK(mode_in({{"AWS_EXECUTION_ENV", "AWS_Lambda_python3.12"}}) == defaults_mode::standard);
}

} // namespace config_test
