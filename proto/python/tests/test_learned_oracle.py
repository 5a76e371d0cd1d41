"""Learned-model inference against scikit-learn (issue #17).

`arena train features` writes the bars-v1 features of the bundled BTC 5m
klines; scripts/sklearn_oracle.py trains scikit-learn's MLPRegressor on them
and exports it to Alpha Arena's model file format; `arena model predict`
(Swift, the scorer's inference path) must give sklearn's `predict` to 1e-9 on
every row, for each hidden activation sklearn offers.
"""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data" / "samples" / "BTC_USDT-5m.json"


@pytest.fixture(scope="module")
def features_csv(arena_binary, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("oracle") / "features.csv"
    done = subprocess.run(
        [str(arena_binary), "train", "features", "--data", f"{DATA}:BTCUSDT", "--until", "2023-03-25T00:00:00Z", "--output", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return out


@pytest.mark.parametrize("activation,hidden", [("relu", "16,8"), ("tanh", "12"), ("logistic", "8,8,4")])
def test_swift_inference_equals_sklearn_predict(arena_binary, features_csv, tmp_path, activation, hidden):
    model, expected = tmp_path / "model.json", tmp_path / "sklearn.csv"
    trained = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "sklearn_oracle.py"), "--features", str(features_csv), "--output", str(model),
         "--predictions", str(expected), "--hidden", hidden, "--activation", activation, "--seed", "3"],
        capture_output=True, text=True, timeout=600,
    )
    assert trained.returncode == 0, trained.stderr
    swift = subprocess.run(
        [str(arena_binary), "model", "predict", "--model", str(model), "--features", str(features_csv)],
        capture_output=True, text=True, timeout=300,
    )
    assert swift.returncode == 0, swift.stderr
    ours = np.array([float(line) for line in swift.stdout.splitlines()])
    theirs = np.loadtxt(expected)
    assert len(ours) == len(theirs) > 1000
    assert np.max(np.abs(ours - theirs)) <= 1e-9
    # The predictions vary: equality over a constant would prove little.
    assert np.std(theirs) > 0


def test_a_corrupt_export_is_refused_with_a_typed_message(arena_binary, features_csv, tmp_path):
    model = tmp_path / "broken.json"
    model.write_text('{"format": "arena-model", "version": 1, "kind": "mlp", "network": ')
    done = subprocess.run(
        [str(arena_binary), "model", "predict", "--model", str(model), "--features", str(features_csv)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode != 0
    assert "corrupt or truncated" in done.stderr
