#!/usr/bin/env python3
"""Cut data/samples/ from the real data set in ../shared/data (see data/samples/SOURCES.md).

Every sample is an exact slice: kline rows and capture lines are copied as text,
byte for byte; the aggTrades CSV writes the raw aggTrade fields of freqtrade's
JSON verbatim. Run from the repository root: python3 scripts/make-samples.py
"""
import gzip
import json
import os
import shutil
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "samples")

# 2023-04-01 00:00 → 2023-04-04 00:00 UTC (exclusive): three whole days, 4,320 one-minute rows.
KLINE_FROM, KLINE_TO = 1680307200000, 1680566400000
CAPTURE_LINES = 12000
# 2025-05-27 12:00 → 2025-05-31 00:10 UTC (exclusive): 5,050 one-minute rows of the ETHUSDT perpetual,
# spanning a run of capped (0.0001) funding settlements and its end (the funding-arbitrage tests).
PERP_FROM, PERP_TO = 1748347200000, 1748650200000


def kline_slice(pair):
    text = open(os.path.join(DATA, "raw/binance_spot_freqtrade_json", f"{pair}-1m.json")).read()
    assert text.startswith("[[") and text.endswith("]]")
    rows = text[2:-2].split("],[")  # each row's original text, numbers untouched
    kept = [r for r in rows if KLINE_FROM <= int(r.split(",", 1)[0]) < KLINE_TO]
    assert len(kept) == 4320, len(kept)
    with open(os.path.join(OUT, f"{pair}-1m-20230401-20230403.json"), "w") as f:
        f.write("[[" + "],[".join(kept) + "]]")


def perp_slice(base):
    lines = open(os.path.join(DATA, "csv", f"{base}_USDT_USDT-1m-futures.csv")).read().splitlines()
    kept = [line for line in lines[1:] if PERP_FROM <= int(line.split(",", 1)[0]) < PERP_TO]  # rows as text, untouched
    assert len(kept) == 5050, len(kept)
    with open(os.path.join(OUT, f"{base}_USDT_USDT-1m-futures-20250527-20250531.csv"), "w") as f:
        f.write("\n".join([lines[0]] + kept) + "\n")


def capture_slice(name):
    with gzip.open(os.path.join(DATA, "raw/binance_ws_raw_hftbacktest", name), "rb") as f:
        lines = [f.readline() for _ in range(CAPTURE_LINES)]
    out = name.replace(".gz", f"-first{CAPTURE_LINES}.gz")
    with open(os.path.join(OUT, out), "wb") as f:
        f.write(gzip.compress(b"".join(lines), compresslevel=9, mtime=0))


def agg_trades():
    with gzip.open(os.path.join(DATA, "raw/freqtrade_testdata/XRP_OLD-trades.json.gz"), "rt") as f:
        trades = json.load(f, parse_float=str, parse_int=str)
    with open(os.path.join(OUT, "XRPETH-aggTrades-20191011-20191013.csv"), "w") as f:
        f.write("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n")
        for t in trades:
            i = t["info"]
            f.write(f'{i["a"]},{i["p"]},{i["q"]},{i["f"]},{i["l"]},{i["T"]},{i["m"]},{i["M"]}\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    for pair in ("BTC_USDT", "ETH_USDT"):
        kline_slice(pair)
    for name in ("spot_btcusdt_20240808.gz", "spot_ethusdt_20240808.gz"):
        capture_slice(name)
    agg_trades()
    perp_slice("ETH")
    for base in ("BTC", "ETH"):
        name = f"{base}_USDT_USDT-8h-funding_rate.csv"
        shutil.copyfile(os.path.join(DATA, "csv", name), os.path.join(OUT, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
