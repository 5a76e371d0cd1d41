import ArenaCore

/// What a period looked like for one model or a baseline.
public struct PeriodLine: Sendable, Hashable, Codable {
    public var id: String
    public var kind: LeaderboardRow.Kind
    public var navStart: Double?
    public var navEnd: Double?
    public var periodReturn: Double?
    /// The deepest fall within the period, as a negative fraction.
    public var maxDrawdown: Double?
    public var trades: Int
    public var netPnL: FixedDecimal
    public var fees: FixedDecimal
}

/// A daily, weekly or monthly report of the arena: every model and baseline over the period,
/// best first, rendered as JSON, Markdown and HTML (spec §8).
public struct PeriodReport: Sendable, Hashable, Codable {
    public var period: ReportPeriod
    public var startMilliseconds: Int64
    public var endMilliseconds: Int64
    public var lines: [PeriodLine]

    /// The report of `period` starting at `start`, from `book`'s curves and closed trades.
    public init(_ book: ArenaBook, period: ReportPeriod, start: Int64) {
        self.period = period
        startMilliseconds = start
        endMilliseconds = period.next(after: start)
        let end = endMilliseconds
        var lines = book.models.keys.sorted().map { id -> PeriodLine in
            let record = book.models[id]!
            let trips = record.trips.filter { let t = $0.closedAt.nanoseconds / 1_000_000; return t > start && t <= end }
            return Self.line(id.value, .model, curve: record.nav, start: start, end: end, trips: trips)
        }
        for symbol in book.buyAndHold.keys.sorted() {
            lines.append(Self.line("buy_and_hold:\(symbol)", .buyAndHold, curve: book.buyAndHold[symbol] ?? [], start: start, end: end, trips: []))
        }
        self.lines = lines.sorted { ($0.periodReturn ?? -.infinity, $1.id) > ($1.periodReturn ?? -.infinity, $0.id) }
    }

    /// The line of one curve: its last value at or before the period's start (or its first inside
    /// it), its last value inside, and the drawdown between.
    static func line(_ id: String, _ kind: LeaderboardRow.Kind, curve: [EquityPoint], start: Int64, end: Int64, trips: [RoundTrip]) -> PeriodLine {
        let before = curve.last { $0.timeMilliseconds <= start }
        // A value stamped exactly at the end (the last bar's close at midnight) closes this period.
        let inside = curve.filter { $0.timeMilliseconds > start && $0.timeMilliseconds <= end }
        let opening = before ?? inside.first
        let closing = inside.last ?? before
        let values = ([opening].compactMap { $0 } + inside).map(\.equity)
        return PeriodLine(
            id: id, kind: kind, navStart: opening?.equity, navEnd: closing?.equity,
            periodReturn: opening.flatMap { o in closing.map { $0.equity / o.equity - 1 } },
            maxDrawdown: values.isEmpty ? nil : ReturnMetrics.maxDrawdown(values), trades: trips.count,
            netPnL: trips.reduce(.zero) { $0 + $1.netPnL }, fees: trips.reduce(.zero) { $0 + $1.fees }
        )
    }

    /// "Daily report 2023-04-01".
    public var title: String { "\(period.rawValue.prefix(1).uppercased())\(period.rawValue.dropFirst()) report \(ReportPeriod.label(startMilliseconds))" }

    /// A few lines for a phone: the best and worst model and buy-and-hold.
    public var summary: String {
        let models = lines.filter { $0.kind == .model && $0.periodReturn != nil }
        var parts: [String] = []
        if let best = models.first { parts.append("best \(best.id) \(Self.percent(best.periodReturn))") }
        if let worst = models.last, models.count > 1 { parts.append("worst \(worst.id) \(Self.percent(worst.periodReturn))") }
        if let hold = lines.first(where: { $0.kind == .buyAndHold }) { parts.append("\(hold.id) \(Self.percent(hold.periodReturn))") }
        let trades = lines.reduce(0) { $0 + $1.trades }
        parts.append("\(trades) trades closed")
        return parts.joined(separator: "; ")
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let scaled = (value * 10_000).rounded() / 100
        return (scaled >= 0 ? "+" : "") + "\(scaled)%"
    }

    /// The report as a Markdown table.
    public var markdown: String {
        var text = "# \(title)\n\n\(summary).\n\n| model | NAV start | NAV end | return | max drawdown | trades | net PnL | fees |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for line in lines {
            text += "| \(line.id) | \(Self.money(line.navStart)) | \(Self.money(line.navEnd)) | \(Self.percent(line.periodReturn)) | "
                + "\(Self.percent(line.maxDrawdown)) | \(line.trades) | \(line.netPnL.formatted(places: 2)) | \(line.fees.formatted(places: 2)) |\n"
        }
        return text
    }

    /// The report as a self-contained HTML page.
    public var html: String {
        var rows = ""
        for line in lines {
            rows += "<tr><td>\(HTMLEscape.text(line.id))</td><td>\(Self.money(line.navStart))</td><td>\(Self.money(line.navEnd))</td>"
                + "<td>\(Self.percent(line.periodReturn))</td><td>\(Self.percent(line.maxDrawdown))</td><td>\(line.trades)</td>"
                + "<td>\(line.netPnL.formatted(places: 2))</td><td>\(line.fees.formatted(places: 2))</td></tr>"
        }
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(HTMLEscape.text(title))</title>"
            + "<style>body{font-family:system-ui,sans-serif;margin:20px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}</style></head><body><h1>\(HTMLEscape.text(title))</h1><p>\(HTMLEscape.text(summary)).</p>"
            + "<table><tr><th>model</th><th>NAV start</th><th>NAV end</th><th>return</th><th>max drawdown</th><th>trades</th><th>net PnL</th><th>fees</th></tr>"
            + rows + "</table></body></html>"
    }

    static func money(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return "\((value * 100).rounded() / 100)"
    }
}

extension PeriodReport {
    /// The same report for one model: its line and the baselines'.
    public func scoped(to id: String) -> PeriodReport {
        var copy = self
        copy.lines = lines.filter { $0.id == id || $0.kind != .model }
        return copy
    }
}
