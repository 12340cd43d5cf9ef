"""The Amp sample's PyTorch twin: AmpNet's GRU(8) -> Linear(1) with the weights NetGen trained (its state_dict JSON),
run step by step as an audio callback would (one sample in, the hidden state carried), in eager mode on one thread.
Prints the real-time factor and the largest difference from NetGen's output for the same second of audio.

Usage: python3 amp_torch.py <folder with state_dict.json, input.f32, netgen.f32> <sample rate>
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn


class AmpNet(nn.Module):
    def __init__(self):
        super().__init__()
        # Numbered as NetGen numbers its declared layers: layers.0 the GRU, layers.1 the Dense.
        self.layers = nn.ModuleList([nn.GRU(1, 8, batch_first=True), nn.Linear(8, 1)])

    def step(self, sample, hidden):
        output, hidden = self.layers[0](sample, hidden)
        return self.layers[1](output), hidden


def main(folder, sample_rate):
    torch.set_num_threads(1)
    with open(f"{folder}/state_dict.json") as file:
        state = json.load(file)
    model = AmpNet()
    model.load_state_dict({key: torch.tensor(value, dtype=torch.float32) for key, value in state.items() if key != "architecture"})
    model.eval()
    audio = torch.from_numpy(np.fromfile(f"{folder}/input.f32", dtype=np.float32))
    expected = np.fromfile(f"{folder}/netgen.f32", dtype=np.float32)

    output = np.empty_like(expected)
    with torch.no_grad():
        hidden = torch.zeros(1, 1, 8)
        for n in range(sample_rate // 10):  # warm up
            _, hidden = model.step(audio[n].view(1, 1, 1), hidden)
        hidden = torch.zeros(1, 1, 8)
        start = time.perf_counter()
        for n in range(len(audio)):
            y, hidden = model.step(audio[n].view(1, 1, 1), hidden)
            output[n] = y.item()
        seconds = time.perf_counter() - start
    difference = float(np.max(np.abs(output - expected)))
    factor = len(audio) / sample_rate / seconds
    print(f"PyTorch {torch.__version__}: {len(audio)} samples in {seconds:.2f} s, {1e9 * seconds / len(audio):.0f} ns per sample")
    print(f"real_time_factor={factor:.4f} max_difference={difference:.3g}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
