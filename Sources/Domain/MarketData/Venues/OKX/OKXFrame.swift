/// OKX v5 public WebSocket payloads and one frame's recognition.
/// Decimals stay strings here; ``OKXStreamDecoder`` converts them exactly.

/// `trades`: one public trade; `side` is the taker's.
struct OKXTradePayload: Decodable {
    let instId: String
    let tradeId: String
    let px: String
    let sz: String
    let side: String
    let ts: String
}

/// `tickers`: best bid and ask among other 24 h figures.
struct OKXTickerPayload: Decodable {
    let instId: String
    let bidPx: String
    let bidSz: String
    let askPx: String
    let askSz: String
    let ts: String
}

/// `funding-rate`: the current rate, when it settles (`fundingTime`) and the settlement after.
struct OKXFundingPayload: Decodable {
    let instId: String
    let fundingRate: String
    let fundingTime: String
    let nextFundingTime: String?
    let ts: String?
}

/// `candle1m`: `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`, all strings.
struct OKXCandlePayload: Decodable {
    let fields: [String]
    init(from decoder: any Decoder) throws {
        fields = try [String](from: decoder)
    }
}

/// The `arg` of a push or an event.
struct OKXArg: Decodable {
    let channel: String
    let instId: String?
}

/// One OKX frame, recognised and decoded in one JSON pass.
enum OKXFrame: Decodable {
    case trades(instID: String, [OKXTradePayload])
    case tickers(instID: String, [OKXTickerPayload])
    case funding(instID: String, [OKXFundingPayload])
    case candles(instID: String, [OKXCandlePayload])
    /// `subscribe`, `unsubscribe` and connection-count events: nothing to publish.
    case control
    /// `{"event":"error","code":"60012","msg":"…"}`.
    case venueError(code: String, message: String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if c.contains("event") {
            let event = try c.decode(String.self, forKey: "event")
            switch event {
            case "subscribe", "unsubscribe", "channel-conn-count":
                self = .control
            case "error":
                let code = (try? c.decode(String.self, forKey: "code")) ?? (try? c.decode(Int.self, forKey: "code")).map(String.init) ?? "?"
                self = .venueError(code: code, message: (try? c.decode(String.self, forKey: "msg")) ?? "")
            default:
                throw FieldProblem(kind: event, field: "event", .unsupportedKind, "event \"\(event.prefix(40))\" is not handled")
            }
            return
        }
        let arg = try c.decode(OKXArg.self, forKey: "arg")
        let channel = arg.channel
        do {
            switch channel {
            case "trades": self = .trades(instID: arg.instId ?? "", try c.decode([OKXTradePayload].self, forKey: "data"))
            case "tickers": self = .tickers(instID: arg.instId ?? "", try c.decode([OKXTickerPayload].self, forKey: "data"))
            case "funding-rate": self = .funding(instID: arg.instId ?? "", try c.decode([OKXFundingPayload].self, forKey: "data"))
            case "candle1m": self = .candles(instID: arg.instId ?? "", try c.decode([OKXCandlePayload].self, forKey: "data"))
            default:
                throw FieldProblem(kind: channel, field: "arg.channel", .unsupportedKind, "channel \"\(channel.prefix(40))\" is not decoded")
            }
        } catch let problem as FieldProblem {
            throw problem
        } catch {
            throw KindedDecodingError(kind: channel, error: error)
        }
    }
}
