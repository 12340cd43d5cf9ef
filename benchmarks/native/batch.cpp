// The Eigen contender of issue 14 for benchmarks/run.sh: hand-written C++ where a batch is a dynamic Eigen matrix with
// one COLUMN PER SAMPLE (In × B, column-major, so N row-major samples map onto it without a copy) and each layer is one
// matrix-matrix product, plus the bias and the activation over the whole matrix. Nets S, M, L and XL, float, N = 1,024.
//
//   batch          prints CSV lines contender,net,metric,nanoseconds per sample (median of 15 batches); metrics:
//                    forward32_T    forward of the 1,024 samples in 32 batches of 32
//                    forward1024_T  forward of the 1,024 samples as one batch
//                    train32_T      one epoch of Train: shuffled (fixed seed) batches of 32 gathered into a matrix,
//                                   forward, backward (δ, ∂W = δ·Aᵀ, ∂b = Σδ), plain SGD step on the mean gradient
//                  T is 1 in a build without OpenMP and "all" in a build with -fopenmp -DNETGEN_ALL_CORES, which runs
//                  Eigen::setNbThreads(hardware threads) and says so on stderr.
//   batch check    compares the backward pass of every net, in double, with central finite differences of the mean
//                  loss over a batch; prints the largest error per net and fails above 1e-6.
//
// Build: g++ -O3 -march=native -DNDEBUG -I/usr/include/eigen3 batch.cpp -o batch
//        g++ -O3 -march=native -DNDEBUG -fopenmp -DNETGEN_ALL_CORES -I/usr/include/eigen3 batch.cpp -o batch-all
#include <Eigen/Dense>
#include "timing.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>
#ifdef NETGEN_ALL_CORES
#ifndef _OPENMP
#error "The all-cores build needs -fopenmp: Eigen splits its matrix products over OpenMP threads."
#endif
#include <omp.h>
#endif

static volatile float sink;  // every result is consumed, so no work can be optimised away

// A net of Dense layers with hidden activation tanh (net S) or ReLU (the others) and output sigmoid with binary
// cross-entropy (one output) or softmax with categorical cross-entropy; for both losses the output δ is p − y.
template <class Scalar> struct BatchNet {
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    using Row = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
    struct Layer { Matrix W, dW; Vector b, db; };

    // Activations A and deltas D of each layer for a batch of B columns, allocated once.
    struct Workspace {
        std::vector<Matrix> A, D;
        Matrix X;           // the gathered input columns of a training batch
        Row column;         // one value per sample: the softmax's maximum, then its sum
        std::vector<int> labels;
    };

    std::vector<Layer> layers;
    bool tanhHidden;

    BatchNet(const std::vector<int>& sizes, bool tanhHidden, std::mt19937& rng) : tanhHidden(tanhHidden) {
        for (size_t l = 0; l + 1 < sizes.size(); l++) {
            int in = sizes[l], out = sizes[l + 1];
            std::uniform_real_distribution<Scalar> u(-std::sqrt(Scalar(6) / (in + out)), std::sqrt(Scalar(6) / (in + out)));
            Layer layer{Matrix(out, in), Matrix::Zero(out, in), Vector::Zero(out), Vector::Zero(out)};
            for (int j = 0; j < out; j++) for (int i = 0; i < in; i++) layer.W(j, i) = u(rng);
            layers.push_back(std::move(layer));
        }
    }

    int inputs() const { return int(layers.front().W.cols()); }
    int outputs() const { return int(layers.back().W.rows()); }

    Workspace workspace(int batch) const {
        Workspace w{{}, {}, Matrix(inputs(), batch), Row(batch), std::vector<int>(batch)};
        for (auto& layer : layers) {
            w.A.emplace_back(layer.W.rows(), batch);
            w.D.emplace_back(layer.W.rows(), batch);
        }
        return w;
    }

    // A_l = σ(W_l A_{l−1} + b_l) over the batch's columns; the last layer's A is the output.
    template <class Input> const Matrix& forward(Workspace& w, const Input& x) const {
        for (size_t l = 0; l < layers.size(); l++) {
            Matrix& a = w.A[l];
            if (l == 0) a.noalias() = layers[l].W * x;
            else a.noalias() = layers[l].W * w.A[l - 1];
            a.colwise() += layers[l].b;
            if (l + 1 < layers.size()) {
                if (tanhHidden) a = a.array().tanh().matrix();
                else a = a.cwiseMax(Scalar(0));
            } else if (a.rows() == 1) {
                a = (Scalar(1) / (Scalar(1) + (-a.array()).exp())).matrix();
            } else {
                w.column.noalias() = a.colwise().maxCoeff();
                a.array().rowwise() -= w.column.array();
                a = a.array().exp().matrix();
                w.column.noalias() = a.colwise().sum();
                a.array().rowwise() /= w.column.array();
            }
        }
        return w.A.back();
    }

    // Forward and backward of the batch in w.X with w.labels: leaves the mean gradient in dW, db; returns the summed loss.
    Scalar gradient(Workspace& w) {
        const Matrix& p = forward(w, w.X);
        const Eigen::Index batch = p.cols();
        Matrix& d = w.D.back();
        d = p;
        Scalar loss = 0;
        for (Eigen::Index s = 0; s < batch; s++) {
            int label = w.labels[s];
            if (p.rows() == 1) {
                loss -= label ? std::log(p(0, s)) : std::log(1 - p(0, s));
                d(0, s) -= Scalar(label);
            } else {
                loss -= std::log(p(label, s));
                d(label, s) -= 1;
            }
        }
        d *= Scalar(1) / Scalar(batch);  // δ of the mean loss
        for (size_t l = layers.size(); l-- > 0;) {
            Layer& layer = layers[l];
            if (l == 0) layer.dW.noalias() = w.D[0] * w.X.transpose();
            else layer.dW.noalias() = w.D[l] * w.A[l - 1].transpose();
            layer.db.noalias() = w.D[l].rowwise().sum();
            if (l > 0) {
                w.D[l - 1].noalias() = layer.W.transpose() * w.D[l];
                if (tanhHidden) w.D[l - 1].array() *= 1 - w.A[l - 1].array().square();
                else w.D[l - 1].array() *= (w.A[l - 1].array() > 0).template cast<Scalar>();
            }
        }
        return loss;
    }

    void step(Scalar learningRate) {
        for (auto& layer : layers) {
            layer.W.noalias() -= learningRate * layer.dW;
            layer.b.noalias() -= learningRate * layer.db;
        }
    }
};

struct NetSpec { const char* name; std::vector<int> sizes; bool tanhHidden; };
static const std::vector<NetSpec> nets = {
    {"S", {2, 4, 1}, true}, {"M", {16, 32, 32, 4}, false}, {"L", {64, 128, 128, 10}, false}, {"XL", {784, 256, 10}, false}};

constexpr int Samples = 1024, Batch = 32;

// The data set: 1,024 standard-normal inputs, one per column, and their labels (a class, or 0/1 for net S).
struct DataSet {
    Eigen::MatrixXf inputs;
    std::vector<int> labels;
    DataSet(int inputSize, int outputs, std::mt19937& rng) : inputs(inputSize, Samples), labels(Samples) {
        std::normal_distribution<float> normal;
        for (int s = 0; s < Samples; s++) {
            for (int i = 0; i < inputSize; i++) inputs(i, s) = normal(rng);
            labels[s] = outputs == 1 ? s % 2 : s % outputs;
        }
    }
};

// One epoch of Train: a fresh shuffle, then per batch of 32 the gather, the mean gradient and an SGD step.
struct Trainer {
    BatchNet<float>& net;
    const DataSet& data;
    BatchNet<float>::Workspace w;
    std::vector<int> order;
    std::mt19937 shuffle{1};
    Trainer(BatchNet<float>& net, const DataSet& data) : net(net), data(data), w(net.workspace(Batch)), order(Samples) {
        std::iota(order.begin(), order.end(), 0);
    }
    float epoch(float learningRate) {
        std::shuffle(order.begin(), order.end(), shuffle);
        float loss = 0;
        for (int start = 0; start < Samples; start += Batch) {
            for (int s = 0; s < Batch; s++) {
                w.X.col(s) = data.inputs.col(order[start + s]);
                w.labels[s] = data.labels[order[start + s]];
            }
            loss += net.gradient(w);
            net.step(learningRate);
        }
        return loss / Samples;
    }
};

void measure(const char* threads) {
    std::mt19937 rng(1);
    for (const auto& spec : nets) {
        BatchNet<float> net(spec.sizes, spec.tanhHidden, rng);
        DataSet data(net.inputs(), net.outputs(), rng);
        auto small = net.workspace(Batch), whole = net.workspace(Samples);
        double forward32 = median_ns([&](long) {
            for (int start = 0; start < Samples; start += Batch) sink = net.forward(small, data.inputs.middleCols(start, Batch))(0, 0);
        }) / Samples;
        double forward1024 = median_ns([&](long) { sink = net.forward(whole, data.inputs)(0, 0); }) / Samples;
        Trainer trainer(net, data);
        double train = median_ns([&](long) { sink = trainer.epoch(0.001f); }) / Samples;
        std::printf("Eigen batched,%s,forward32_%s,%.2f\nEigen batched,%s,forward1024_%s,%.2f\nEigen batched,%s,train32_%s,%.2f\n",
                    spec.name, threads, forward32, spec.name, threads, forward1024, spec.name, threads, train);
        std::fflush(stdout);
    }
}

// Central differences of the mean loss over one batch against gradient(), in double, for every parameter of S and M and
// a spread of 200 per layer of L and XL.
int check() {
    std::mt19937 rng(2);
    double worst = 0;
    for (const auto& spec : nets) {
        BatchNet<double> net(spec.sizes, spec.tanhHidden, rng);
        auto w = net.workspace(8);
        std::normal_distribution<double> normal;
        for (int s = 0; s < 8; s++) {
            for (int i = 0; i < net.inputs(); i++) w.X(i, s) = normal(rng);
            w.labels[s] = net.outputs() == 1 ? s % 2 : (s * 7) % net.outputs();
        }
        net.gradient(w);
        auto analytic = net.layers;  // the gradient at the unperturbed parameters, before the probes overwrite it
        double error = 0;
        const double h = 1e-6;
        for (size_t l = 0; l < net.layers.size(); l++) {
            auto& layer = net.layers[l];
            const auto& dW = analytic[l].dW;
            const auto& db = analytic[l].db;
            auto probe = [&](double& parameter, double analytic) {
                double kept = parameter;
                parameter = kept + h;
                double plus = net.gradient(w) / 8;
                parameter = kept - h;
                double minus = net.gradient(w) / 8;
                parameter = kept;
                error = std::max(error, std::abs((plus - minus) / (2 * h) - analytic) / std::max(1.0, std::abs(analytic)));
            };
            Eigen::Index count = layer.W.size(), stride = std::max<Eigen::Index>(1, count / 200);
            for (Eigen::Index k = 0; k < count; k += stride) probe(layer.W.data()[k], dW.data()[k]);
            for (Eigen::Index j = 0; j < layer.b.size(); j++) probe(layer.b(j), db(j));
        }
        std::printf("gradient check %s: largest error %.3g\n", spec.name, error);
        worst = std::max(worst, error);
    }
    return worst <= 1e-6 ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "check") return check();
#ifdef NETGEN_ALL_CORES
    int threads = int(std::thread::hardware_concurrency());
    Eigen::setNbThreads(threads);
    std::fprintf(stderr, "Eigen batched, all cores: Eigen::nbThreads() = %d (OpenMP, omp_get_max_threads() = %d)\n",
                 Eigen::nbThreads(), omp_get_max_threads());
    measure("all");
#else
    measure("1");
#endif
}
