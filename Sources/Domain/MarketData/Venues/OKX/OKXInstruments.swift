import ArenaCore

/// One OKX instrument as the arena trades it.
public struct OKXInstrument: Sendable, Hashable {
    /// OKX's id: `BTC-USDT` (spot), `BTC-USDT-SWAP` (USDT-margined perpetual).
    public var instID: String
    /// The arena symbol (`BTCUSDT` for both of the above).
    public var symbol: Symbol
    /// Spot or perpetual.
    public var market: MarketKind
    /// Base-asset quantity of one contract (OKX `ctVal`), for swaps whose sizes are in
    /// contracts; nil for spot, whose sizes are already in the base asset.
    public var contractValue: FixedDecimal?

    /// Creates an instrument.
    public init(instID: String, symbol: Symbol, market: MarketKind, contractValue: FixedDecimal? = nil) {
        self.instID = instID
        self.symbol = symbol
        self.market = market
        self.contractValue = contractValue
    }

    /// An OKX size (base units for spot, contracts for swaps) in the base asset.
    func baseQuantity(_ size: FixedDecimal) -> FixedDecimal {
        contractValue.map { size * $0 } ?? size
    }
}

/// The instruments an ``OKXStreamDecoder`` knows, by `instId`.
///
/// Frames about any other instrument are ``VenueMessageError/Problem/unknownInstrument``
/// errors, so a subscription typo or an unexpected listing is counted, not dropped silently.
public struct OKXInstrumentTable: Sendable {
    private var byID: [String: OKXInstrument]

    /// Creates a table; a later instrument with the same `instId` replaces an earlier one.
    public init(_ instruments: [OKXInstrument]) {
        byID = Dictionary(instruments.map { ($0.instID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The instrument with `instID`, if known.
    public subscript(instID: String) -> OKXInstrument? { byID[instID] }

    /// Every instrument, sorted by `instId`.
    public var instruments: [OKXInstrument] { byID.values.sorted { $0.instID < $1.instID } }

    /// The arena's default universe on OKX: spot `XXX-USDT` and swap `XXX-USDT-SWAP` for
    /// BTC, ETH, SOL and XRP. Contract values are OKX's published `ctVal` for these swaps
    /// (0.01 BTC, 0.1 ETH, 1 SOL, 100 XRP).
    public static let standard: OKXInstrumentTable = {
        let contracts: [(String, String)] = [("BTC", "0.01"), ("ETH", "0.1"), ("SOL", "1"), ("XRP", "100")]
        var list: [OKXInstrument] = []
        for (base, ctVal) in contracts {
            // The literals above are valid by construction; a failure here is a programming error.
            let symbol = try! Symbol(base + "USDT")
            list.append(OKXInstrument(instID: "\(base)-USDT", symbol: symbol, market: .spot))
            list.append(OKXInstrument(
                instID: "\(base)-USDT-SWAP", symbol: symbol, market: .perpetual, contractValue: FixedDecimal(ctVal)!
            ))
        }
        return OKXInstrumentTable(list)
    }()
}
