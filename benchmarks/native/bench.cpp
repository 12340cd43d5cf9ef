// Hand-written C++ contenders for benchmarks/run.sh: Eigen 3.4 fixed-size matrices (how compile-time-sized inference
// libraries work) and FANN 2.2. Prints CSV lines: contender,net,metric,nanoseconds per sample (median of 15 batches);
// metrics: forward, train_step (one sample), batch32 (one step on 32 samples, per sample).
// batch.cpp holds the Eigen contender with the batch as a matrix (issue 14).
// Build: g++ -O3 -march=native -DNDEBUG -I/usr/include/eigen3 bench.cpp -lfloatfann -o bench
#define EIGEN_STACK_ALLOCATION_LIMIT 0   // net XL's fixed-size weights live on the heap (new), never on the stack
#include <Eigen/Dense>
#include <floatfann.h>
#include "timing.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

using Eigen::Matrix;

static volatile float sink;  // every result is consumed, so no contender's work can be optimised away

template <int In, int Out> struct Dense {
    Matrix<float, Out, In, Eigen::RowMajor> W;
    Matrix<float, Out, 1> b;
    explicit Dense(std::mt19937& rng) {
        std::uniform_real_distribution<float> u(-std::sqrt(6.0f / (In + Out)), std::sqrt(6.0f / (In + Out)));
        for (int j = 0; j < Out; j++) { b(j) = 0; for (int i = 0; i < In; i++) W(j, i) = u(rng); }
    }
};

// A layer's summed gradient over a minibatch; step() applies its mean and clears it.
template <int In, int Out> struct Gradient {
    Matrix<float, Out, In, Eigen::RowMajor> W = Matrix<float, Out, In, Eigen::RowMajor>::Zero();
    Matrix<float, Out, 1> b = Matrix<float, Out, 1>::Zero();
    void step(Dense<In, Out>& layer, float lr, int batch) {
        layer.W.noalias() -= (lr / batch) * W; layer.b -= (lr / batch) * b;
        W.setZero(); b.setZero();
    }
};

template <int N> Matrix<float, N, 1> softmax(const Matrix<float, N, 1>& z) {
    Matrix<float, N, 1> e = (z.array() - z.maxCoeff()).exp().matrix();
    return e / e.sum();
}

// Net S: 2 → 4 Tanh → 1 Sigmoid, binary cross-entropy.
struct NetS {
    Dense<2, 4> l1; Dense<4, 1> l2;
    Gradient<2, 4> g1; Gradient<4, 1> g2;  // minibatch sums (train_batch)
    explicit NetS(std::mt19937& rng) : l1(rng), l2(rng) {}
    float forward(const Matrix<float, 2, 1>& x) const {
        Matrix<float, 4, 1> a1 = (l1.W * x + l1.b).array().tanh().matrix();
        float z = (l2.W * a1 + l2.b)(0);
        return 1 / (1 + std::exp(-z));
    }
    float train(const Matrix<float, 2, 1>& x, float y, float lr) {
        Matrix<float, 4, 1> a1 = (l1.W * x + l1.b).array().tanh().matrix();
        float p = 1 / (1 + std::exp(-(l2.W * a1 + l2.b)(0)));
        Matrix<float, 1, 1> d2; d2(0) = p - y;
        Matrix<float, 4, 1> d1 = ((l2.W.transpose() * d2).array() * (1 - a1.array().square())).matrix();
        l2.W.noalias() -= lr * d2 * a1.transpose(); l2.b -= lr * d2;
        l1.W.noalias() -= lr * d1 * x.transpose(); l1.b -= lr * d1;
        return p;
    }
    // One SGD step on the mean gradient of 32 samples.
    float train_batch(const Matrix<float, 2, 1>* x, const float* y, float lr) {
        float loss = 0;
        for (int s = 0; s < 32; s++) {
            Matrix<float, 4, 1> a1 = (l1.W * x[s] + l1.b).array().tanh().matrix();
            float p = 1 / (1 + std::exp(-(l2.W * a1 + l2.b)(0)));
            Matrix<float, 1, 1> d2; d2(0) = p - y[s];
            Matrix<float, 4, 1> d1 = ((l2.W.transpose() * d2).array() * (1 - a1.array().square())).matrix();
            g2.W.noalias() += d2 * a1.transpose(); g2.b += d2;
            g1.W.noalias() += d1 * x[s].transpose(); g1.b += d1;
            loss += p;
        }
        g2.step(l2, lr, 32); g1.step(l1, lr, 32);
        return loss;
    }
};

// Nets M, L: In → H ReLU → H ReLU → Out Softmax; net XL: In → H ReLU → Out Softmax (H2 = 0). Categorical cross-entropy.
template <int In, int H, int H2, int Out> struct NetRelu {
    static constexpr int Last = H2 > 0 ? H2 : H;
    Dense<In, H> l1; std::unique_ptr<Dense<H, (H2 > 0 ? H2 : 1)>> l2; Dense<Last, Out> l3;
    Gradient<In, H> g1; Gradient<H, (H2 > 0 ? H2 : 1)> g2; Gradient<Last, Out> g3;  // minibatch sums (train_batch)
    explicit NetRelu(std::mt19937& rng) : l1(rng), l2(H2 > 0 ? new Dense<H, (H2 > 0 ? H2 : 1)>(rng) : nullptr), l3(rng) {}
    Matrix<float, Out, 1> forward(const Matrix<float, In, 1>& x) const {
        Matrix<float, H, 1> a1 = (l1.W * x + l1.b).cwiseMax(0.0f);
        if constexpr (H2 > 0) {
            Matrix<float, H2, 1> a2 = (l2->W * a1 + l2->b).cwiseMax(0.0f);
            return softmax<Out>(l3.W * a2 + l3.b);
        } else {
            return softmax<Out>(l3.W * a1 + l3.b);
        }
    }
    float train(const Matrix<float, In, 1>& x, int label, float lr) {
        Matrix<float, H, 1> z1 = l1.W * x + l1.b, a1 = z1.cwiseMax(0.0f);
        if constexpr (H2 > 0) {
            Matrix<float, H2, 1> z2 = l2->W * a1 + l2->b, a2 = z2.cwiseMax(0.0f);
            Matrix<float, Out, 1> d3 = softmax<Out>(l3.W * a2 + l3.b); float p = d3(label); d3(label) -= 1;
            Matrix<float, H2, 1> d2 = ((l3.W.transpose() * d3).array() * (z2.array() > 0).template cast<float>()).matrix();
            Matrix<float, H, 1> d1 = ((l2->W.transpose() * d2).array() * (z1.array() > 0).template cast<float>()).matrix();
            l3.W.noalias() -= lr * d3 * a2.transpose(); l3.b -= lr * d3;
            l2->W.noalias() -= lr * d2 * a1.transpose(); l2->b -= lr * d2;
            l1.W.noalias() -= lr * d1 * x.transpose(); l1.b -= lr * d1;
            return p;
        } else {
            Matrix<float, Out, 1> d3 = softmax<Out>(l3.W * a1 + l3.b); float p = d3(label); d3(label) -= 1;
            Matrix<float, H, 1> d1 = ((l3.W.transpose() * d3).array() * (z1.array() > 0).template cast<float>()).matrix();
            l3.W.noalias() -= lr * d3 * a1.transpose(); l3.b -= lr * d3;
            l1.W.noalias() -= lr * d1 * x.transpose(); l1.b -= lr * d1;
            return p;
        }
    }
    // One SGD step on the mean gradient of 32 samples.
    float train_batch(const Matrix<float, In, 1>* x, const int* label, float lr) {
        float loss = 0;
        for (int s = 0; s < 32; s++) {
            Matrix<float, H, 1> z1 = l1.W * x[s] + l1.b, a1 = z1.cwiseMax(0.0f);
            if constexpr (H2 > 0) {
                Matrix<float, H2, 1> z2 = l2->W * a1 + l2->b, a2 = z2.cwiseMax(0.0f);
                Matrix<float, Out, 1> d3 = softmax<Out>(l3.W * a2 + l3.b); loss += d3(label[s]); d3(label[s]) -= 1;
                Matrix<float, H2, 1> d2 = ((l3.W.transpose() * d3).array() * (z2.array() > 0).template cast<float>()).matrix();
                Matrix<float, H, 1> d1 = ((l2->W.transpose() * d2).array() * (z1.array() > 0).template cast<float>()).matrix();
                g3.W.noalias() += d3 * a2.transpose(); g3.b += d3;
                g2.W.noalias() += d2 * a1.transpose(); g2.b += d2;
                g1.W.noalias() += d1 * x[s].transpose(); g1.b += d1;
            } else {
                Matrix<float, Out, 1> d3 = softmax<Out>(l3.W * a1 + l3.b); loss += d3(label[s]); d3(label[s]) -= 1;
                Matrix<float, H, 1> d1 = ((l3.W.transpose() * d3).array() * (z1.array() > 0).template cast<float>()).matrix();
                g3.W.noalias() += d3 * a1.transpose(); g3.b += d3;
                g1.W.noalias() += d1 * x[s].transpose(); g1.b += d1;
            }
        }
        g3.step(l3, lr, 32); g1.step(l1, lr, 32);
        if constexpr (H2 > 0) g2.step(*l2, lr, 32);
        return loss;
    }
};

template <class Net, int In> void eigen(const char* name, std::mt19937& rng) {
    auto net = std::make_unique<Net>(rng);
    std::vector<Matrix<float, In, 1>> inputs(64);
    std::normal_distribution<float> normal;
    for (auto& x : inputs) for (int i = 0; i < In; i++) x(i) = normal(rng);
    double forward = median_ns([&](long i) { sink = net->forward(inputs[i & 63])(0); });
    double train = median_ns([&](long i) { sink = net->train(inputs[i & 63], int(i % 3 == 0), 0.001f); });
    std::vector<int> labels(64);
    for (int s = 0; s < 64; s++) labels[s] = s % 3 == 0;
    double batch = median_ns([&](long i) { sink = net->train_batch(&inputs[(i & 1) * 32], &labels[(i & 1) * 32], 0.001f); }) / 32;
    std::printf("Eigen fixed-size,%s,forward,%.2f\nEigen fixed-size,%s,train_step,%.2f\nEigen fixed-size,%s,batch32,%.2f\n",
                name, forward, name, train, name, batch);
}

template <> void eigen<NetS, 2>(const char* name, std::mt19937& rng) {
    NetS net(rng);
    std::vector<Matrix<float, 2, 1>> inputs(64);
    std::normal_distribution<float> normal;
    for (auto& x : inputs) x << normal(rng), normal(rng);
    double forward = median_ns([&](long i) { sink = net.forward(inputs[i & 63]); });
    double train = median_ns([&](long i) { sink = net.train(inputs[i & 63], float(i & 1), 0.01f); });
    std::vector<float> labels(64);
    for (int s = 0; s < 64; s++) labels[s] = float(s & 1);
    double batch = median_ns([&](long i) { sink = net.train_batch(&inputs[(i & 1) * 32], &labels[(i & 1) * 32], 0.01f); }) / 32;
    std::printf("Eigen fixed-size,%s,forward,%.2f\nEigen fixed-size,%s,train_step,%.2f\nEigen fixed-size,%s,batch32,%.2f\n",
                name, forward, name, train, name, batch);
}

// FANN 2.2 has neither ReLU nor softmax: its nets use FANN_LINEAR_PIECE (linear clipped to [0, 1]) for the hidden
// layers and FANN_SIGMOID outputs, with its incremental training (one sample, mean squared error).
void fann(const char* name, std::vector<unsigned> sizes, bool tanhHidden, std::mt19937& rng) {
    struct fann* ann = fann_create_standard_array(sizes.size(), sizes.data());
    fann_set_activation_function_hidden(ann, tanhHidden ? FANN_SIGMOID_SYMMETRIC : FANN_LINEAR_PIECE);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
    fann_randomize_weights(ann, -0.1f, 0.1f);
    std::normal_distribution<float> normal;
    std::vector<std::vector<fann_type>> inputs(64, std::vector<fann_type>(sizes.front()));
    for (auto& x : inputs) for (auto& v : x) v = normal(rng);
    std::vector<fann_type> target(sizes.back(), 0.0f); target[0] = 1;
    double forward = median_ns([&](long i) { sink = fann_run(ann, inputs[i & 63].data())[0]; });
    double train = median_ns([&](long i) { fann_train(ann, inputs[i & 63].data(), target.data()); sink = 0; });
    // Minibatch: FANN_TRAIN_BATCH over a 32-sample training set is one step on that batch's gradient.
    struct fann_train_data* data = fann_create_train(32, sizes.front(), sizes.back());
    for (unsigned s = 0; s < 32; s++) {
        std::copy(inputs[s].begin(), inputs[s].end(), data->input[s]);
        std::copy(target.begin(), target.end(), data->output[s]);
    }
    fann_set_training_algorithm(ann, FANN_TRAIN_BATCH);
    double batch = median_ns([&](long) { sink = fann_train_epoch(ann, data); }) / 32;
    std::printf("FANN 2.2,%s,forward,%.2f\nFANN 2.2,%s,train_step,%.2f\nFANN 2.2,%s,batch32,%.2f\n", name, forward, name, train, name, batch);
    fann_destroy_train(data);
    fann_destroy(ann);
}

// `bench first eigen|fann S|M|L|XL`: build one net, run one Forward, print it and exit (time to the first Forward).
int first(const char* contender, const char* net) {
    std::mt19937 rng(1);
    std::string c = contender, n = net;
    std::vector<unsigned> sizes = n == "S" ? std::vector<unsigned>{2, 4, 1} : n == "M" ? std::vector<unsigned>{16, 32, 32, 4}
                                  : n == "L" ? std::vector<unsigned>{64, 128, 128, 10} : std::vector<unsigned>{784, 256, 10};
    std::vector<float> x(sizes.front(), 0.5f);
    float y;
    if (c == "fann") {
        struct fann* ann = fann_create_standard_array(sizes.size(), sizes.data());
        fann_set_activation_function_hidden(ann, n == "S" ? FANN_SIGMOID_SYMMETRIC : FANN_LINEAR_PIECE);
        fann_set_activation_function_output(ann, FANN_SIGMOID);
        y = fann_run(ann, x.data())[0];
    } else if (n == "S") {
        y = NetS(rng).forward(Eigen::Map<Matrix<float, 2, 1>>(x.data()));
    } else if (n == "M") {
        y = std::make_unique<NetRelu<16, 32, 32, 4>>(rng)->forward(Eigen::Map<Matrix<float, 16, 1>>(x.data()))(0);
    } else if (n == "L") {
        y = std::make_unique<NetRelu<64, 128, 128, 10>>(rng)->forward(Eigen::Map<Matrix<float, 64, 1>>(x.data()))(0);
    } else {
        y = std::make_unique<NetRelu<784, 256, 0, 10>>(rng)->forward(Eigen::Map<Matrix<float, 784, 1>>(x.data()))(0);
    }
    std::printf("%g\n", y);
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "first") return first(argv[2], argv[3]);
    std::mt19937 rng(1);
    eigen<NetS, 2>("S", rng);
    eigen<NetRelu<16, 32, 32, 4>, 16>("M", rng);
    eigen<NetRelu<64, 128, 128, 10>, 64>("L", rng);
    eigen<NetRelu<784, 256, 0, 10>, 784>("XL", rng);
    fann("S", {2, 4, 1}, true, rng);
    fann("M", {16, 32, 32, 4}, false, rng);
    fann("L", {64, 128, 128, 10}, false, rng);
    fann("XL", {784, 256, 10}, false, rng);
}
