// End to end over loopback against awsml-local: GetMLModel (verbose, ~3.4 KB answer) through
// the whole client (validate, serialise, sign, HTTP/1.1, decode).
//   blocking      awsml::client, one call at a time on one keep-alive connection;
//   async/64      basic_client<asio_http_transport> on an io_context run by this thread, 64 calls
//   async/1000    in flight (the transport opens up to 50 connections; the rest queue).
// Each benchmark runs for --e2e_seconds (default 2) after a warm-up and reports calls per second
// (wall clock) and the client thread's CPU time per call (CLOCK_THREAD_CPUTIME_ID): the
// emulator runs on another thread or process, so its work is not counted (when it runs in this
// process, its CPU per call is reported apart).
//
//   bench_e2e                       starts the emulator in-process on another thread
//   bench_e2e --endpoint=URL        uses a running emulator (scripts/bench, which also points
//                                   benchmarks/boto3_bench.py at it)
//   bench_e2e --serve               runs only the emulator: prints "listening on URL", serves
//                                   until SIGINT or SIGTERM
#include <awsml-local/server.hpp>
#include <awsml/machinelearning/client.hpp>

#include <benchmark/benchmark.h>

#include <asio/io_context.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace {

double cpu_seconds(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}
double thread_cpu_seconds() {
    return cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
}
double process_cpu_seconds() {
    return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string endpoint;             // the emulator's URL
double seconds_per_benchmark = 2; // --e2e_seconds
bool emulator_in_process = false;

// CPU time of the client thread and of the whole process, to tell the emulator's share when it
// runs in this process.
struct cpu_clocks {
    double thread = thread_cpu_seconds();
    double process = process_cpu_seconds();
};

awsml::client_config config() {
    awsml::client_config c;
    c.region = "us-east-1";
    c.endpoint_url = endpoint;
    c.credentials = awsml::credentials{std::string(awsml::local::example_access_key_id),
                                       std::string(awsml::local::example_secret_access_key),
                                       {},
                                       std::nullopt,
                                       "benchmark"};
    c.use_environment = false; // nothing from the machine's AWS_* variables or files
    return c;
}

const awsml::get_ml_model_input input{"ml-tGvRzy5Dr8Q", true};

void report(benchmark::State& state, std::size_t calls, std::size_t failures, double wall,
            const cpu_clocks& start) {
    const cpu_clocks end;
    const double client_cpu = end.thread - start.thread;
    state.SetIterationTime(wall);
    state.counters["calls"] = double(calls);
    state.counters["failures"] = double(failures);
    state.counters["calls_per_s"] = double(calls) / wall;
    state.counters["cpu_us_per_call"] = client_cpu / double(calls) * 1e6;
    if (emulator_in_process) // everything but this thread: the emulator (and Asio's resolver)
        state.counters["emulator_cpu_us_per_call"] =
            (end.process - start.process - client_cpu) / double(calls) * 1e6;
}

void blocking(benchmark::State& state) {
    awsml::client client(config());
    for (int i = 0; i < 50; ++i)
        client.get_ml_model(input); // connect, warm the caches
    for (auto _ : state) {
        std::size_t calls = 0, failures = 0;
        const cpu_clocks cpu_start;
        const double start = wall_seconds();
        double now = start;
        while (now - start < seconds_per_benchmark) {
            for (int i = 0; i < 64; ++i, ++calls) {
                auto result = client.try_get_ml_model(input);
                if (!result && failures++ == 0)
                    std::cerr << "bench_e2e: a call failed: " << result.error().message << "\n";
                benchmark::DoNotOptimize(result);
            }
            now = wall_seconds();
        }
        report(state, calls, failures, now - start, cpu_start);
    }
}

void asynchronous(benchmark::State& state) {
    const std::size_t in_flight = std::size_t(state.range(0));
    asio::io_context io(1);
    awsml::basic_client<awsml::asio_http_transport> client(
        config(), awsml::asio_http_transport(io.get_executor()));
    std::size_t calls = 0, failures = 0;
    double deadline = 0;
    std::string first_failure;
    // Each completion starts the next call until the deadline, so `in_flight` stay outstanding.
    std::function<void()> start_one = [&] {
        client.async_try_get_ml_model(input,
                                      [&](awsml::outcome<awsml::get_ml_model_output> result) {
                                          ++calls;
                                          if (!result) {
                                              ++failures;
                                              if (first_failure.empty())
                                                  first_failure = result.error().message;
                                          }
                                          if (wall_seconds() < deadline)
                                              start_one();
                                      });
    };
    auto run_for = [&](double seconds) {
        calls = failures = 0;
        deadline = wall_seconds() + seconds;
        for (std::size_t i = 0; i < in_flight; ++i)
            start_one();
        io.restart();
        io.run();
    };
    run_for(0.3); // open the connections, warm the caches
    for (auto _ : state) {
        const cpu_clocks cpu_start;
        const double start = wall_seconds();
        run_for(seconds_per_benchmark);
        report(state, calls, failures, wall_seconds() - start, cpu_start);
        state.counters["connections"] = double(client.transport().connections_opened());
    }
    if (!first_failure.empty())
        std::cerr << "bench_e2e: a call failed: " << first_failure << "\n";
}

awsml::local::model_store models() {
    return awsml::local::model_store::from_file(AWSML_MODELS).value();
}

// Serves until SIGINT or SIGTERM; the signals are blocked first so that only sigwait sees them.
int serve() {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    awsml::local::background_server server(models());
    std::cout << "listening on " << server.endpoint_url() << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    server.stop();
    return 0;
}

bool take_flag(int& argc, char** argv, std::string_view name, std::string& value) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.substr(0, name.size()) != name)
            continue;
        value = arg.size() > name.size() ? std::string(arg.substr(name.size() + 1)) : std::string();
        for (int j = i; j + 1 < argc; ++j)
            argv[j] = argv[j + 1];
        --argc;
        return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    std::string value;
    if (take_flag(argc, argv, "--serve", value))
        return serve();
    if (take_flag(argc, argv, "--e2e_seconds", value))
        seconds_per_benchmark = std::stod(value);
    std::unique_ptr<awsml::local::background_server> in_process;
    if (!take_flag(argc, argv, "--endpoint", endpoint)) {
        in_process = std::make_unique<awsml::local::background_server>(models());
        endpoint = in_process->endpoint_url();
        emulator_in_process = true;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::AddCustomContext("emulator", in_process ? "in-process, another thread" : endpoint);
    benchmark::RegisterBenchmark("e2e_blocking", blocking)->Iterations(1)->UseManualTime();
    benchmark::RegisterBenchmark("e2e_async", asynchronous)
        ->Arg(64)
        ->Arg(1000)
        ->Iterations(1)
        ->UseManualTime();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
