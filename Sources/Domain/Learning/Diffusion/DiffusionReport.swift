import Foundation
import Models

/// The Markdown report of `arena train diffusion`: what was trained on what, and
/// the held-out agreement and PnL of the policy beside the demonstrator's.
public enum DiffusionReport {
    public static func markdown(_ result: DiffusionTrainingResult, options: DiffusionTrainingOptions, file path: String, sha256: String) -> String {
        let t = result.file.training
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        func pnl(_ x: Double) -> String { String(format: "%+.2f %%", x * 100) }
        func shares(_ s: [Double]) -> String { "long \(pct(s[2])), flat \(pct(s[1])), short \(pct(s[0]))" }
        var lines = [
            "# Diffusion policy: \(path)",
            "",
            "**The demonstrations are SYNTHETIC**: a hindsight rule that sees the next bars stands in for a human trader "
                + "(no public human trade log is at hand). It is the demonstrator the policy imitates, not a benchmark a "
                + "policy reading only the past could match.",
            "",
            "- file: `\(path)`, SHA-256 `\(sha256)`",
            "- tool: \(t.tool), seed \(t.seed); data: \(t.data.joined(separator: ", ")); symbols: \(t.symbols.joined(separator: ", "))",
            "- bars used: \(t.from) … \(t.until)",
            "- split: \(t.split)",
            "- denoiser: \(result.file.network.layers.map { "\($0.outputs) \($0.activation.rawValue)" }.joined(separator: " → ")), "
                + "\(options.steps) steps, \(options.schedule.kind) schedule, time embedding \(options.timeEmbedding); "
                + "epochs \(result.trained.epochs) (best \(result.trained.bestEpoch)), "
                + String(format: "training loss %.4f, validation loss %.4f (the MSE of the predicted noise; 1 is knowing nothing)",
                         result.trained.trainingLoss, result.trained.validationLoss),
            "",
            "## Held out: \(result.heldOutSpan.from) … \(result.heldOutSpan.until)",
            "",
            "Per bar the policy samples \(options.samples) actions (reverse process seeded by symbol, close time and training seed) and "
                + "takes long when the mean target position is above \(options.threshold), short below −\(options.threshold), flat between. "
                + "**Agreement** is the share of bars on which its side (long, flat or short) equals the demonstrator's; sizes are not compared. "
                + "**PnL** holds each side's exposure (side × size, in units of notional; shorts allowed, as on a perpetual) from one close to the "
                + "next and pays \(String(format: "%.2f", options.fee * 100)) % per side on every change of exposure; sums in % of one unit, not compounded.",
            "",
            "| symbol | bars | agreement | always the commonest side | policy PnL | rule PnL | policy trades | rule trades |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (symbol, f) in result.evaluations + [("all", result.total)] {
            lines.append(
                "| \(symbol) | \(f.bars) | \(pct(f.agreement)) | \(pct(f.majorityAgreement)) | \(pnl(f.policyPnL)) | \(pnl(f.rulePnL)) | "
                    + "\(f.policyTrades) | \(f.ruleTrades) |"
            )
        }
        let f = result.total
        lines += [
            "",
            "Sides held (all symbols): demonstrator \(shares(f.demonstratedShares)); policy \(shares(f.policyShares)).",
            "",
            "Bars by demonstrated side (rows) and policy side (columns):",
            "",
            "| demonstrated \\ policy | short | flat | long |",
            "|---|---:|---:|---:|",
        ]
        for (name, row) in zip(["short", "flat", "long"], f.confusion) { lines.append("| \(name) | \(row[0]) | \(row[1]) | \(row[2]) |") }
        lines += ["", "Notes:"] + t.notes.map { "- \($0)" } + [""]
        return lines.joined(separator: "\n")
    }
}
