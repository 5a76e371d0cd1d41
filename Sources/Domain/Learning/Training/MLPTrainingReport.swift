import Foundation
import Models

extension MLPTrainingResult {
    /// The training report in Markdown: the data and split, every candidate's validation figure and the
    /// winner, then the chosen model's figures in and out of sample. No clock time, so it is reproducible.
    public func markdownReport(modelPath: String) -> String {
        let record = model.training, f = figures, b = figures.backtest
        let pct = { (x: Double) in String(format: "%+.2f %%", x * 100) }
        let num = { (x: Double) in String(format: "%.4f", x) }
        var lines = [
            "# \(modelPath): training report",
            "",
            "Made by `\(record.tool)` (seed \(record.seed)) from \(record.data.map { "`\($0)`" }.joined(separator: ", ")): "
                + "\(record.symbols.joined(separator: ", ")) \(options.timeframe.rawValue) bars, \(record.from) → \(record.until) (the data's exclusive end). "
                + "Any run on bars after \(record.until) — the default arena replay of 2023-04-01…03 for a model trained up to 2023-04-01 — is out of sample.",
            "",
            "- Label: ln(close[t+\(options.horizon)] / close[t]), the log return over the next \(options.horizon) bars.",
            "- Features (bars-v1, computed by the scorer's own code from the closed bars up to t): \(options.features.map(\.rawValue).joined(separator: ", ")).",
            "- Split: \(split.summary).",
            "- Training: Adam, minibatches of \(options.trainer.batchSize), L2 \(options.trainer.l2), at most \(options.trainer.maxEpochs) epochs, "
                + "early stopping after \(options.trainer.patience) epochs without a lower validation MSE; relu hidden layers, identity output.",
            "",
            "## Model selection",
            "",
            "Chosen by the lowest validation MSE (of the normalised label); the test fold plays no part.",
            "",
            "| candidate | validation MSE | validation IC | best epoch / epochs run | |",
            "|---|---:|---:|---:|---|",
        ]
        for (i, c) in candidates.enumerated() {
            lines.append("| \(c.name) | \(String(format: "%.6f", c.validationLoss)) | \(num(c.validationIC)) | \(c.bestEpoch) / \(c.epochs) | \(i == winner ? "**chosen**" : "") |")
        }
        lines += [
            "",
            "## The chosen model (\(candidates[winner].name))",
            "",
            "| fold | rows | IC (Spearman) | hit rate |",
            "|---|---:|---:|---:|",
            "| train (in sample) | \(split.train.count) | \(num(f.icInSample)) | \(num(f.hitRateInSample)) |",
            "| validation | \(split.validation.count) | \(num(f.icValidation)) | |",
            "| test (out of sample) | \(split.test.count) | \(num(f.icOutOfSample)) | \(num(f.hitRateOutOfSample)) |",
            "",
            "### Held-out backtest (test fold)",
            "",
            "The mlp rule, long/flat on spot: enter long when the prediction exceeds \(options.entryBP) bp, close when it falls below \(options.exitBP) bp, "
                + "decided at each bar's close and held bar by bar to the next; \(options.feeBP) bp per side on each entry and exit; a position open at the end is closed there. "
                + "Buy-and-hold buys at the first test bar's close and sells at the last's, with the same fee on both sides.",
            "",
            "| symbol | policy | buy-and-hold | entries | bars long / bars |",
            "|---|---:|---:|---:|---:|",
        ]
        for s in b.symbols {
            lines.append("| \(s.symbol) | \(pct(s.policyReturn)) | \(pct(s.buyAndHoldReturn)) | \(s.entries) | \(s.barsLong) / \(s.bars) |")
        }
        lines += [
            "| mean (equal weight) | \(pct(b.policyReturn)) | \(pct(b.buyAndHoldReturn)) | | |",
            "",
            "IC: Spearman's rank correlation of prediction and label over the fold's rows (all symbols pooled; ties share their average rank). "
                + "Hit rate: the share of rows with a non-zero label whose prediction has the label's sign. "
                + "Rows of one symbol overlap (a \(options.horizon)-bar label at every bar), so a fold holds far fewer independent observations than rows: read small ICs as noise.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
