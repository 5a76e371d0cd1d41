#!/usr/bin/env python3
"""An outside oracle for learned-model inference (issue #17).

Trains scikit-learn's MLPRegressor on a features CSV (as `arena train features`
writes it: time, symbol, the bars-v1 features, label), exports the fitted
network to Alpha Arena's model file format (docs/model-files.md), and writes
sklearn's own predictions for every row. Loaded in Swift
(`arena model predict`), the exported model must give the same numbers to 1e-9:
proto/python/tests/test_learned_oracle.py checks it.

    scripts/sklearn_oracle.py --features f.csv --output model.json --predictions sk.csv [--hidden 16,8] [--seed 0]

The inputs are standardised by sklearn's StandardScaler, whose mean_ and
scale_ become the file's normalisation; sklearn's coefs_[i] (inputs x outputs)
become the file's weight rows (outputs x inputs); hidden layers use ReLU (the
MLPRegressor default) and the output layer is the identity, as in sklearn.
"""
import argparse
import csv
import json
import sys

import numpy as np
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

# The bars-v1 feature set (Sources/Domain/Models/Learned/PolicyFeatures.swift), in network order.
BARS_V1 = [
    "ret_1", "ret_3", "ret_6", "ret_12", "ret_24", "ret_48", "vol_12", "vol_48",
    "range_pos_24", "volume_ratio_24", "body", "hl_range", "ema_gap_24",
]


def read(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    header, body = rows[0], rows[1:]
    features = [name for name in BARS_V1 if name in header]
    if not features:
        sys.exit(f"{path}: none of the bars-v1 features is a column")
    if "label" not in header:
        sys.exit(f"{path}: no label column")
    x = np.array([[float(r[header.index(n)]) for n in features] for r in body], dtype=np.float64)
    y = np.array([float(r[header.index("label")]) for r in body], dtype=np.float64)
    return features, x, y


def export(model, scaler, features, timeframe, horizon, seed, source):
    layers = []
    count = len(model.coefs_)
    for i, (coefs, intercepts) in enumerate(zip(model.coefs_, model.intercepts_)):
        layers.append({
            "activation": "identity" if i == count - 1 else model.activation,
            "bias": [float(b) for b in intercepts],
            "weights": [[float(w) for w in row] for row in coefs.T],
        })
    return {
        "features": {
            "inputs": [
                {"mean": float(m), "name": n, "std": float(s)}
                for n, m, s in zip(features, scaler.mean_, scaler.scale_)
            ],
            "set": "bars-v1",
            "timeframe": timeframe,
        },
        "format": "arena-model",
        "kind": "mlp",
        "network": {"layers": layers},
        "outputs": {"horizon_bars": horizon, "values": [{"mean": 0.0, "name": "next_log_return", "std": 1.0}]},
        "training": {
            "data": [source], "from": "", "metrics": {"loss": float(model.loss_)},
            "notes": ["exported from scikit-learn MLPRegressor as an inference oracle; not a trading model"],
            "seed": seed, "split": "all rows (an oracle for inference, not a study)", "symbols": [],
            "tool": "scripts/sklearn_oracle.py (scikit-learn MLPRegressor)", "until": "",
        },
        "version": 1,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--predictions", required=True)
    parser.add_argument("--hidden", default="16,8")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeframe", default="5m")
    parser.add_argument("--horizon", type=int, default=12)
    parser.add_argument("--activation", default="relu", choices=["relu", "tanh", "logistic", "identity"])
    args = parser.parse_args()

    features, x, y = read(args.features)
    scaler = StandardScaler().fit(x)
    model = MLPRegressor(
        hidden_layer_sizes=tuple(int(h) for h in args.hidden.split(",")), activation=args.activation,
        random_state=args.seed, max_iter=300, early_stopping=True,
    )
    model.fit(scaler.transform(x), y)
    document = export(model, scaler, features, args.timeframe, args.horizon, args.seed, args.features.split("/")[-1])
    with open(args.output, "w") as f:
        json.dump(document, f, indent=2, sort_keys=True)
        f.write("\n")
    predictions = model.predict(scaler.transform(x))
    with open(args.predictions, "w") as f:
        f.writelines(f"{float(p)!r}\n" for p in predictions)
    print(f"trained MLPRegressor {args.hidden} on {len(y)} rows of {len(features)} features; wrote {args.output} and {args.predictions}")


if __name__ == "__main__":
    main()
