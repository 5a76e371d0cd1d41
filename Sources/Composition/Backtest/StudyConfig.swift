import ArenaCore
import Foundation

/// The arena configuration of a one-model study on one kline file (`arena backtest --model … --data …`):
/// one symbol, 1m decision ticks on 1m indicators, the paper venue's fee and slippage as given,
/// and every risk limit off, entries sized at the fill with all of the cash the decision asks for.
/// It is an ordinary configuration: written next to the results, it reruns the study with `--config`.
public struct StudyConfig: Sendable {
    public var model: String
    public var data: String
    public var symbol: Symbol
    public var feeBps: FixedDecimal
    public var slippageBps: FixedDecimal
    public var cash: FixedDecimal
    /// Model parameters besides the symbol (`fast=9`).
    public var parameters: [(String, String)]

    public init(model: String, data: String, symbol: Symbol, feeBps: FixedDecimal, slippageBps: FixedDecimal, cash: FixedDecimal, parameters: [(String, String)] = []) {
        self.model = model
        self.data = data
        self.symbol = symbol
        self.feeBps = feeBps
        self.slippageBps = slippageBps
        self.cash = cash
        self.parameters = parameters
    }

    /// The symbol a freqtrade or Binance file name names (`BTC_USDT-1m.json`, `BTCUSDT-1m-2023-04.csv`), if any.
    public static func symbol(inFileName path: String) -> Symbol? {
        let name = (path as NSString).lastPathComponent
        guard let stem = name.split(separator: "-").first else { return nil }
        return try? Symbol(stem.replacingOccurrences(of: "_", with: "").uppercased())
    }

    /// The configuration as YAML.
    public var yaml: String {
        let params = ([("symbol", symbol.value)] + parameters).map { "\($0.0): \(yamlScalar($0.1))" }.joined(separator: ", ")
        return """
        # arena backtest study: \(model) on \(data)
        arena: {name: backtest, mode: paper}
        services:   # nothing binds in a backtest; the sections are those of a local run
          supervisor: {pub: "tcp://127.0.0.1:7100", rep: "tcp://127.0.0.1:7200", http_port: 0}
          gateway: {pub: "tcp://127.0.0.1:7101", rep: "tcp://127.0.0.1:7201", http_port: 0}
          features: {pub: "tcp://127.0.0.1:7102", router: "tcp://127.0.0.1:7302", http_port: 0}
          scorer: {http_port: 0}
          risk: {pub: "tcp://127.0.0.1:7104", rep: "tcp://127.0.0.1:7204", http_port: 0}
          oms: {pub: "tcp://127.0.0.1:7105", rep: "tcp://127.0.0.1:7205", http_port: 0}
          reporter: {pub: "tcp://127.0.0.1:7106", http_port: 0}
          alerter: {pub: "tcp://127.0.0.1:7107", http_port: 0}
        store: {url: "sqlite::memory:"}
        market:
          venue: binance
          kind: spot
          symbols: [\(symbol)]
          timeframes: [1m]
          bars_from: klines
          source: replay
          replay:
            speed: 0
            files: [{path: \(yamlScalar(data)), format: klines, symbol: \(symbol)}]
        features:
          indicators: "adx:2,bbands:2:2,atrpct:1:1"   # the regime's inputs at their shortest; models add what they read
          indicator_timeframe: 1m
          tick_seconds: 60
          bars_1m: 1
          starting_capital: \(cash)
        risk:
          max_order_pct: null
          max_capital_in_use_pct: null
          max_open_symbols: null
          max_risk_per_trade_pct: null
          max_notional_per_order: null
          quantity_step: 0.000000000001
          size_at_fill: true
          default_stop_pct: null
          min_reward_risk: null
          min_trade_interval_seconds: null
          max_trades_per_24h: null
          cooldown_after_loss_seconds: null
          stop_out_guard: null
          volatility: null
          min_confidence: null
          max_orders_per_second: null
          twap: null
          position_stop_pct: null
          max_holding_seconds: null
          max_drawdown_pct: null
          daily_drawdown_pct: null
        execution: {taker_fee_bps: \(feeBps), maker_fee_bps: \(feeBps), slippage_bps: \(slippageBps)}
        models:
          - {id: \(model), kind: \(model), version: "1", params: {\(params)}}

        """
    }

    private func yamlScalar(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
