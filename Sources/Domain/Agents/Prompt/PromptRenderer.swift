import ArenaCore
import Models

/// Renders the unified prompt of spec §14 from one job's input.
///
/// It reads only the job: the snapshot (built at the tick), the model's account
/// and its own earlier decisions. Anything stamped after the tick (a bar that
/// closes later, a ticker observed later, a later decision) is left out here as
/// well, so the prompt cannot carry the future even if a snapshot did.
public struct PromptRenderer: Sendable {
    public var template: PromptTemplate
    public var rules: DecisionRules
    /// Fee per side and the estimated slippage, in basis points, as the prompt states them.
    public var feeBasisPoints: Int
    public var slippageBasisPoints: Int
    /// The 1m bars per symbol (at most the snapshot's 60).
    public var bars: Int
    /// Whether the feedback block is included.
    public var feedback: Bool
    /// The indicator columns stated (the agent's own needs), in this order.
    public var indicators: [String]

    public init(
        template: PromptTemplate, rules: DecisionRules, feeBasisPoints: Int = 5, slippageBasisPoints: Int = 10, bars: Int = 60, feedback: Bool = true,
        indicators: [String] = []
    ) {
        self.indicators = indicators
        self.template = template
        self.rules = rules
        self.feeBasisPoints = feeBasisPoints
        self.slippageBasisPoints = slippageBasisPoints
        self.bars = bars
        self.feedback = feedback
    }

    /// The prompt for `input`; `strategies` are the allocator's readings by symbol (empty for the other templates).
    public func render(_ input: ModelInput, strategies: [(symbol: Symbol, readings: [StrategyPanel.Reading])] = []) -> RenderedPrompt {
        let tick = input.tick
        var lines: [String] = ["Template: \(template.rawValue)", "Market Time (UTC): \(tick)"]
        lines.append(accountLine(input.account, prices: input.snapshot))
        let universe = input.snapshot.symbols.map(\.symbol.value).joined(separator: ", ")
        lines.append("Universe: [\(universe)] (\(rules.profile == .spot ? "spot only" : "USDT-margined perpetuals"))")
        lines.append("Series order: every series below runs oldest -> newest")
        lines.append("Last \(bars) 1m bars per symbol (open_time_utc,open,high,low,close,volume):")
        for entry in input.snapshot.symbols {
            lines.append("\(entry.symbol):")
            let closed = entry.bars1m.filter { $0.openTime.advanced(by: .seconds(60)) <= tick }.suffix(bars)
            for bar in closed {
                lines.append("\(bar.openTime),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)")
            }
        }
        lines.append("Live ticker:")
        for entry in input.snapshot.symbols { lines.append(tickerLine(entry, tick: tick)) }
        lines.append("Indicators and regime (\(input.snapshot.symbols.first?.indicatorTimeframe.rawValue ?? "n/a") bars):")
        for entry in input.snapshot.symbols { lines.append(indicatorLine(entry)) }
        if !strategies.isEmpty {
            lines.append("Enabled strategies and their signals now (-1 short … +1 long, 0 none):")
            for (symbol, readings) in strategies {
                lines.append("\(symbol): " + readings.map { "\($0.kind)=\(PromptNumber.double($0.signal, places: 3))" }.joined(separator: ", "))
            }
        }
        lines.append("Fees: \(feeBasisPoints) bp per side; Slippage: \(slippageBasisPoints) bp (est.)")
        lines.append("Constraints:")
        lines += template.constraints(cadence: cadence(input.snapshot.tickIntervalSeconds), rules: rules)
        if feedback {
            lines.append("Your recent record:")
            lines += Feedback(history: input.history, before: tick).lines.map { "  - " + $0 }
        }
        lines.append(template.task)
        lines.append("Reply schema (JSON Schema): \(template == .allocatorV1 ? AllocatorRules.schemaJSON : rules.schemaJSON)")
        lines.append("Return JSON only. No extra text.")
        return RenderedPrompt(templateVersion: template.rawValue, system: template.system, user: lines.joined(separator: "\n"))
    }

    func accountLine(_ account: AccountState, prices: MarketSnapshot) -> String {
        let open = account.positions.filter { !$0.quantity.isZero }.sorted { $0.symbol < $1.symbol }
        let positions = open.isEmpty ? "none"
            : "[" + open.map { "{symbol: \($0.symbol), qty: \($0.quantity), avg_px: \($0.averagePrice)\($0.market == .perpetual ? ", leverage: \($0.leverage)" : "")}" }
                .joined(separator: ", ") + "]"
        return "Account: cash_usdt: \(account.cash), nav_usdt: \(account.nav), positions: \(positions)"
    }

    func tickerLine(_ entry: SymbolSnapshot, tick: Timestamp) -> String {
        guard entry.ticker.time <= tick else { return "\(entry.symbol): no quote at or before the tick" }
        let t = entry.ticker
        let spread = t.spreadBasisPoints.map { PromptNumber.double($0, places: 2) } ?? "n/a"
        return "\(entry.symbol): bid \(t.bid.map(PromptNumber.decimal) ?? "n/a"), ask \(t.ask.map(PromptNumber.decimal) ?? "n/a"), "
            + "mid \(t.mid), spread_bp \(spread), last \(t.last)"
    }

    func indicatorLine(_ entry: SymbolSnapshot) -> String {
        let values = indicators.map { name in "\(name)=\(entry.indicator(name).map { PromptNumber.double($0) } ?? "warming")" }
        let history = entry.regime.history.map(\.rawValue).joined(separator: ", ")
        return "\(entry.symbol): regime \(entry.regime.regime.rawValue) (previous, oldest first: \(history.isEmpty ? "none" : history))"
            + (values.isEmpty ? "" : "; " + values.joined(separator: ", "))
    }

    func cadence(_ seconds: Int64) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600)h" : seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }
}
