"""The exporter exports exactly or refuses by name. Run: /usr/bin/python3 -m unittest discover -s tools/tests (python3-torch)."""
import json
import os
import sys
import tempfile
import types
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_to_netgen as exporter  # noqa: E402
from netgen_layers import number  # noqa: E402

nn = torch.nn


class ExportTests(unittest.TestCase):
    def refuses(self, model, fragment, **options):
        with self.assertRaises(exporter.ExportError) as raised:
            exporter.model_to_netgen(model, options.pop("loss", "MeanSquaredError"), **options)
        self.assertIn(fragment, str(raised.exception))

    def test_architecture_line_as_netgen_writes_it(self):
        model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.Tanh(),
                              nn.AvgPool2d(2, stride=1), nn.Flatten(), nn.Linear(8, 10), nn.Softmax(dim=1))
        document = exporter.model_to_netgen(model, "CategoricalCrossEntropy", input_shape=(1, 12, 12))
        # The Convolutional_classifier snapshot's Architecture (tests/NetGen.Generators.Tests/Snapshots).
        self.assertEqual("1×12×12 → Conv2D 4 3×3 ReLU → MaxPool2D 2 → Conv2D 8 3×3 s2 p1 Tanh → AvgPool2D 2 s1 → Dense 10 Softmax; "
                         "CategoricalCrossEntropy; float", document["architecture"])
        self.assertEqual(["architecture", "layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight",
                          "layers.4.bias", "layers.4.weight"], sorted(document))

    def test_activation_parameters_and_numbers(self):
        model = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 4), nn.LeakyReLU(0.1), nn.Linear(4, 1))
        self.assertEqual("1 → Dense 8 Tanh → Dense 4 LeakyReLU(s=0.1) → Dense 1 Linear; MeanSquaredError; double",
                         exporter.model_to_netgen(model, "MeanSquaredError", precision="double")["architecture"])
        self.assertEqual(["0.01", "1.5", "1", "1E-05", "0.0001", "1E+15", "-0.8"],
                         [number(v) for v in (0.01, 1.5, 1.0, 1e-5, 1e-4, 1e15, -0.8)])

    def test_sequences_dropout_and_activation_layers(self):
        model = nn.Sequential(nn.Conv1d(2, 4, 3, dilation=2, groups=2, bias=False), nn.ReLU(), nn.MaxPool1d(2), nn.SiLU(),
                              nn.Dropout(0.25), nn.Flatten(), nn.Linear(32, 3), nn.LogSoftmax(dim=1))
        document = exporter.model_to_netgen(model, "NegativeLogLikelihood", input_shape=(2, 20))
        self.assertEqual("2×20 → Conv1D 4 k3 d2 g2 no bias ReLU → MaxPool1D 2 → Activate SiLU → Dropout 0.25 → Dense 3 LogSoftmax; "
                         "NegativeLogLikelihood; float", document["architecture"])
        self.assertEqual(["architecture", "layers.0.weight", "layers.4.bias", "layers.4.weight"], sorted(document))

    def test_grouped_dilated_rectangular_and_bias_less_convolutions(self):
        model = nn.Sequential(nn.Conv2d(2, 4, (3, 2), stride=(2, 1), dilation=2, groups=2, bias=False), nn.ReLU(),
                              nn.Flatten(), nn.Linear(4 * 2 * 6, 1))
        document = exporter.model_to_netgen(model, "MeanSquaredError", input_shape=(2, 8, 8))
        self.assertEqual("2×8×8 → Conv2D 4 3×2 s2×1 d2 g2 no bias ReLU → Dense 1 Linear; MeanSquaredError; float",
                         document["architecture"])

    def test_bias_less_linear_layers_export_without_a_bias_key(self):
        model = nn.Sequential(nn.Linear(3, 5, bias=False), nn.Tanh(), nn.Linear(5, 2, bias=False))
        document = exporter.model_to_netgen(model, "MeanSquaredError")
        # The architecture line of a [Dense(5, Activation.Tanh, Bias = false)] [Dense(2, Bias = false)] network.
        self.assertEqual("3 → Dense 5 no bias Tanh → Dense 2 no bias Linear; MeanSquaredError; float", document["architecture"])
        self.assertEqual(["architecture", "layers.0.weight", "layers.1.weight"], sorted(document))
        self.assertEqual(document, exporter.state_dict_to_netgen(model.state_dict(), document["architecture"]))

    def test_a_state_dict_whose_biases_do_not_match_the_line_is_refused_by_name(self):
        biased = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2, bias=False)).state_dict()
        for line, module in (("3 → Dense 5 no bias Tanh → Dense 2 no bias Linear; MeanSquaredError; float", "'0' has bias and weight"),
                             ("3 → Dense 5 Tanh → Dense 2 Linear; MeanSquaredError; float", "'2' has weight; layer 1")):
            with self.assertRaises(exporter.ExportError) as raised:
                exporter.state_dict_to_netgen(biased, line)
            self.assertIn(module, str(raised.exception))

    def test_prelu_one_slope_or_one_per_channel_with_its_weight_alone(self):
        model = nn.Sequential(nn.Conv2d(1, 3, 3), nn.PReLU(3), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(12, 4), nn.PReLU(),
                              nn.Linear(4, 2))
        with torch.no_grad():
            model[1].weight.copy_(torch.tensor([0.1, 0.2, 0.3]))
        document = exporter.model_to_netgen(model, "MeanSquaredError", input_shape=(1, 6, 6))
        self.assertEqual("1×6×6 → Conv2D 3 3×3 Linear → PReLU per channel → MaxPool2D 2 → Dense 4 Linear → PReLU → Dense 2 Linear; "
                         "MeanSquaredError; float", document["architecture"])
        self.assertEqual(["architecture", "layers.0.bias", "layers.0.weight", "layers.1.weight", "layers.3.bias", "layers.3.weight",
                          "layers.4.weight", "layers.5.bias", "layers.5.weight"], sorted(document))
        self.assertEqual([0.1, 0.2, 0.3], [round(v, 6) for v in document["layers.1.weight"]])
        self.assertEqual([0.25], document["layers.4.weight"])
        self.assertEqual(document, exporter.state_dict_to_netgen(model.state_dict(), document["architecture"]))

    def test_modules_it_cannot_represent_are_refused_by_name(self):
        self.refuses(nn.Sequential(nn.Conv3d(1, 2, 3), nn.Flatten(), nn.Linear(2, 1)), "model[0] (Conv3d(1, 2",
                     input_shape=(1, 3, 3))
        self.refuses(nn.Sequential(nn.Conv1d(1, 2, 3, padding="same"), nn.Flatten(), nn.Linear(12, 1)), "padding='same'",
                     input_shape=(1, 6))
        self.refuses(nn.Sequential(nn.Linear(2, 2), nn.GELU(approximate="tanh"), nn.Linear(2, 1)), "tanh approximation")
        self.refuses(nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, padding_mode="reflect")), "pads with 'reflect'", input_shape=(1, 8, 8))
        self.refuses(nn.Sequential(nn.Linear(2, 3)), "append nn.Softmax(dim=1)", loss="CategoricalCrossEntropy")
        self.refuses(nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(32, 1)),
                     "model[0] (ReflectionPad2d((1, 1, 1, 1))) has no NetGen layer kind", input_shape=(1, 4, 4))
        self.refuses(nn.Sequential(nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, ceil_mode=True), nn.Flatten(), nn.Linear(8, 1)),
                     "model[1]: MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=True) has ceil_mode=True", input_shape=(1, 5, 5))
        self.refuses(nn.Sequential(nn.Conv1d(1, 2, 3), nn.AvgPool1d(2, ceil_mode=True), nn.Flatten(), nn.Linear(6, 1)),
                     "has ceil_mode=True; NetGen's [AvgPool1D] floors", input_shape=(1, 7))

    def batchnorm_model(self):
        """Conv → BatchNorm2d → ReLU and Linear → BatchNorm1d (no affine, its own momentum and ε) → Tanh, trained in train()
        mode so that the running statistics and the counter move away from their initial 0, 1 and 0."""
        torch.manual_seed(11)
        model = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(12, 4), nn.BatchNorm1d(4, momentum=0.25, eps=1e-4, affine=False), nn.Tanh(), nn.Linear(4, 2))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(5):
            inputs = torch.rand(16, 2, 6, 6) * 3 + 1
            optimizer.zero_grad()
            (model(inputs) - inputs[:, :, 0, :2].mean(1)).square().sum().backward()
            optimizer.step()
        return model.eval()

    def test_batchnorm_exports_with_its_buffers_on_every_route(self):
        model = self.batchnorm_model()
        document = exporter.model_to_netgen(model, "MeanSquaredError", input_shape=(2, 6, 6))
        # The line of [BatchNorm(Activation.ReLU)] and [BatchNorm(Activation.Tanh, Momentum = 0.25, Epsilon = 1e-4, Affine = false)].
        self.assertEqual("2×6×6 → Conv2D 3 3×3 Linear → BatchNorm ReLU → MaxPool2D 2 → Dense 4 Linear → BatchNorm m=0.25 ε=0.0001 "
                         "no-affine Tanh → Dense 2 Linear; MeanSquaredError; float", document["architecture"])
        self.assertEqual(["architecture", "layers.0.bias", "layers.0.weight",
                          "layers.1.bias", "layers.1.num_batches_tracked", "layers.1.running_mean", "layers.1.running_var", "layers.1.weight",
                          "layers.3.bias", "layers.3.weight", "layers.4.num_batches_tracked", "layers.4.running_mean", "layers.4.running_var",
                          "layers.5.bias", "layers.5.weight"], sorted(document))
        self.assertEqual(5.0, document["layers.4.num_batches_tracked"])   # a bare number, as NetGen's state_dict writes it
        self.assertEqual(model[6].running_var.tolist(), document["layers.4.running_var"])
        self.assertEqual(document, exporter.state_dict_to_netgen(model.state_dict(), document["architecture"]))
        with tempfile.TemporaryDirectory() as folder:
            torch.save(model, os.path.join(folder, "model.pt"))
            torch.save(model.state_dict(), os.path.join(folder, "state.pt"))
            for arguments in (["model.pt", "whole.json", "--loss", "MeanSquaredError", "--input", "2,6,6"],
                              ["state.pt", "state.json", "--architecture", document["architecture"]]):
                exporter.main([os.path.join(folder, arguments[0]), os.path.join(folder, arguments[1])] + arguments[2:])
                with open(os.path.join(folder, arguments[1]), encoding="utf-8") as file:
                    self.assertEqual(document, json.load(file))

    def test_an_exported_batchnorm_network_computes_pytorchs_eval_outputs(self):
        model = self.batchnorm_model()
        document = exporter.model_to_netgen(model, "MeanSquaredError", input_shape=(2, 6, 6), precision="double")
        # A fresh twin with NetGen's initial values (γ = 1, β = 0, μ̄ = 0, σ̄² = 1) takes every tensor from the document alone.
        twin = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(12, 4), nn.BatchNorm1d(4, momentum=0.25, eps=1e-4, affine=False), nn.Tanh(), nn.Linear(4, 2))
        layer_modules = {0: twin[0], 1: twin[1], 3: twin[5], 4: twin[6], 5: twin[8]}
        with torch.no_grad():
            for key, value in document.items():
                if key != "architecture":
                    _, index, name = key.split(".")
                    getattr(layer_modules[int(index)], name).copy_(torch.tensor(value))
        inputs = torch.rand(10, 2, 6, 6) * 3 + 1
        with torch.no_grad():
            self.assertTrue(torch.equal(model(inputs), twin.eval()(inputs)))
            # The statistics matter: with the initial ones the outputs differ.
            twin[1].reset_running_stats()
            self.assertFalse(torch.allclose(model(inputs), twin(inputs)))

    def test_batchnorm_settings_netgen_lacks_are_refused_by_name(self):
        self.refuses(nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4, momentum=None), nn.Linear(4, 1)),
                     "model[1]: BatchNorm1d(4, eps=1e-05, momentum=None, affine=True, track_running_stats=True) has momentum=None")
        self.refuses(nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2, track_running_stats=False), nn.Flatten(), nn.Linear(8, 1)),
                     "model[1]: BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=False) has track_running_stats=False",
                     input_shape=(1, 4, 4))
        self.refuses(nn.Sequential(nn.BatchNorm1d(3), nn.Linear(3, 1)), "BatchNorm on the network's input, which NetGen's [BatchNorm] refuses (NG0035)")
        self.refuses(nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.BatchNorm1d(3), nn.Linear(3, 1)), "model[2]: BatchNorm1d(3")
        self.refuses(nn.Sequential(nn.Linear(3, 3), nn.BatchNorm3d(3), nn.Linear(3, 1)), "model[1] (BatchNorm3d(3")

    def test_a_batchnorm_state_dict_must_match_its_affine_setting(self):
        state = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 1)).state_dict()
        with self.assertRaises(exporter.ExportError) as raised:
            exporter.state_dict_to_netgen(state, "3 → Dense 4 Linear → BatchNorm no-affine Linear → Dense 1 Linear; MeanSquaredError; float")
        self.assertIn("'1' has bias and num_batches_tracked and running_mean and running_var and weight; layer 1", str(raised.exception))
        with self.assertRaises(exporter.ExportError) as raised:
            exporter.state_dict_to_netgen(state, "3 → Dense 4 Linear → Dense 1 Linear; MeanSquaredError; float")
        self.assertIn("3 modules with tensors", str(raised.exception))

    def test_a_module_whose_forward_order_is_unknown_is_refused(self):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.second = nn.Linear(4, 4)   # registered first, run second
                self.first = nn.Linear(4, 4)

            def forward(self, x):
                return self.second(self.first(x))

        self.refuses(Net(), "model is a Net, not an nn.Sequential")

    def test_nested_sequentials_number_in_forward_order(self):
        model = nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.Tanh()), nn.Linear(3, 1))
        document = exporter.model_to_netgen(model, "MeanSquaredError")
        self.assertEqual(model[1].weight.tolist(), [[float(v) for v in row] for row in document["layers.1.weight"]])

    def test_a_state_dict_is_laid_onto_the_architecture_line(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid())
        line = "2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float"
        self.assertEqual(exporter.model_to_netgen(model, "BinaryCrossEntropy"), exporter.state_dict_to_netgen(model.state_dict(), line))
        with self.assertRaises(exporter.ExportError) as raised:
            exporter.state_dict_to_netgen({"fc2.weight": torch.zeros(1, 4), "fc2.bias": torch.zeros(1)}, "4 → Dense 1 Linear; MeanSquaredError; float")
        self.assertIn("module named 'fc2'", str(raised.exception))

    def test_a_recurrent_state_dict_is_laid_onto_its_line_with_or_without_biases(self):
        for bias in (True, False):
            lstm, head = nn.LSTM(2, 4, batch_first=True, bias=bias), nn.Linear(4, 1)
            state = {f"0.{name}": tensor for name, tensor in lstm.state_dict().items()}
            state.update({f"1.{name}": tensor for name, tensor in head.state_dict().items()})
            layer = "LSTM 4" if bias else "LSTM 4 no bias"
            document = exporter.state_dict_to_netgen(state, f"3 steps×2 → {layer} → Dense 1 Linear; MeanSquaredError; float")
            recurrent = ["weight_ih_l0", "weight_hh_l0"] + (["bias_ih_l0", "bias_hh_l0"] if bias else [])
            self.assertEqual(sorted(["architecture", "layers.1.weight", "layers.1.bias"] + [f"layers.0.{name}" for name in recurrent]),
                             sorted(document))
            for name in recurrent:
                self.assertEqual(getattr(lstm, name).double().tolist(), document[f"layers.0.{name}"])

    def test_a_recurrent_module_in_a_sequential_is_refused_by_name(self):
        self.refuses(nn.Sequential(nn.LSTM(2, 4), nn.Linear(4, 1)), "exports nn.Sequential models, which cannot hold it")
        self.refuses(nn.Sequential(nn.LSTM(2, 4, bidirectional=True), nn.Linear(8, 1)),
                     "model[0]: LSTM(2, 4, bidirectional=True) is bidirectional; NetGen's [LSTM] runs forward in time only")
        self.refuses(nn.Sequential(nn.GRU(2, 4, num_layers=2), nn.Linear(4, 1)),
                     "model[0]: GRU(2, 4, num_layers=2) has num_layers=2; NetGen's [GRU] is one layer: declare 2 [GRU] layers")
        self.refuses(nn.Sequential(nn.LSTM(2, 8, proj_size=4), nn.Linear(4, 1)), "projects its output (proj_size=4)")

    @staticmethod
    def recurrent_state(recurrent, head):
        """The state_dict of nn.Sequential(recurrent, head) (which could not run: the recurrent module returns a pair)."""
        state = {f"0.{name}": tensor for name, tensor in recurrent.state_dict().items()}
        state.update({f"1.{name}": tensor for name, tensor in head.state_dict().items()})
        return state

    def test_a_stacked_recurrent_state_dict_is_laid_onto_one_declared_layer_per_stacked_layer(self):
        torch.manual_seed(3)
        lstm, head = nn.LSTM(2, 4, num_layers=2, batch_first=True), nn.Linear(4, 1)
        document = exporter.state_dict_to_netgen(self.recurrent_state(lstm, head),
                                                 "5 steps×2 → LSTM 4 sequences → LSTM 4 → Dense 1 Linear; MeanSquaredError; float")
        # Two one-layer LSTMs with the document's tensors compute what the two-layer one computes.
        first, second = nn.LSTM(2, 4, batch_first=True), nn.LSTM(4, 4, batch_first=True)
        with torch.no_grad():
            for index, layer in enumerate((first, second)):
                for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
                    getattr(layer, name).copy_(torch.tensor(document[f"layers.{index}.{name}"]))
            inputs = torch.rand(3, 5, 2)
            self.assertTrue(torch.equal(lstm(inputs)[0], second(first(inputs)[0])[0]))
        self.assertEqual(head.weight.double().tolist(), document["layers.2.weight"])
        # Declared as one layer, the second stacked layer is a module too many.
        with self.assertRaises(exporter.ExportError) as raised:
            exporter.state_dict_to_netgen(self.recurrent_state(lstm, head), "5 steps×2 → LSTM 4 → Dense 1 Linear; MeanSquaredError; float")
        self.assertIn("3 modules with tensors (0, 0.1, 1)", str(raised.exception))

    def test_a_bidirectional_or_projected_recurrent_state_dict_is_refused_by_name(self):
        line = "5 steps×2 → LSTM 4 → Dense 1 Linear; MeanSquaredError; float"
        for recurrent, head, fragment in ((nn.LSTM(2, 4, bidirectional=True), nn.Linear(8, 1), "'0.weight_ih_l0_reverse' belongs to a bidirectional"),
                                          (nn.LSTM(2, 8, proj_size=4), nn.Linear(4, 1), "'0.weight_hr_l0' is the projection of an LSTM")):
            with self.assertRaises(exporter.ExportError) as raised:
                exporter.state_dict_to_netgen(self.recurrent_state(recurrent, head), line)
            self.assertIn(fragment, str(raised.exception))

    def test_a_whole_model_file_exports_from_the_command_line(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid())
        with tempfile.TemporaryDirectory() as folder:
            torch.save(model, os.path.join(folder, "model.pt"))
            exporter.main([os.path.join(folder, "model.pt"), os.path.join(folder, "out.json"), "--loss", "BinaryCrossEntropy"])
            with open(os.path.join(folder, "out.json"), encoding="utf-8") as file:
                self.assertEqual("2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float", json.load(file)["architecture"])

    def test_a_whole_model_whose_class_cannot_be_found_is_refused_with_what_to_do(self):
        """torch.save(model) pickles the class by its module and name; where the tool runs, the module or the class may be missing
        (a script's __main__, a renamed class), which torch.load reports as a raw ModuleNotFoundError or AttributeError."""
        module = types.ModuleType("netgen_vanishing_models")
        exec("import torch\nclass Net(torch.nn.Sequential):\n    pass\n", module.__dict__)
        sys.modules[module.__name__] = module
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "model.pt")
                torch.save(module.Net(nn.Linear(2, 1)), path)
                for make_unfindable in (lambda: delattr(module, "Net"), lambda: sys.modules.pop(module.__name__)):
                    make_unfindable()
                    with self.assertRaises(exporter.ExportError) as raised:
                        exporter.main([path, os.path.join(folder, "out.json"), "--loss", "MeanSquaredError"])
                    self.assertIn("holds a whole model (torch.save(model)) whose class cannot be found here", str(raised.exception))
                    self.assertIn("save model.state_dict() and pass --architecture", str(raised.exception))
        finally:
            sys.modules.pop(module.__name__, None)


if __name__ == "__main__":
    unittest.main()
