// The timing loop every hand-written C++ contender of benchmarks/run.sh shares.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

// NETGEN_BENCH_QUICK=1 (a smoke run of run.sh) takes 3 batches of about 2 ms instead of 15 of about 20 ms.
inline bool quick_run() {
    const char* quick = std::getenv("NETGEN_BENCH_QUICK");
    return quick && *quick && *quick != '0';
}

// Median nanoseconds per call of f(i) over 15 batches, each sized to take about 20 ms.
template <class F> double median_ns(F&& f) {
    using clock = std::chrono::steady_clock;
    const double batch_ms = quick_run() ? 2 : 20;
    const int batches = quick_run() ? 3 : 15;
    long n = 1;
    for (;;) {
        auto start = clock::now();
        for (long i = 0; i < n; i++) f(i);
        double ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
        if (ms > batch_ms) break;
        n *= 2;
    }
    std::vector<double> samples;
    for (int batch = 0; batch < batches; batch++) {
        auto start = clock::now();
        for (long i = 0; i < n; i++) f(i);
        samples.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count() / n);
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}
