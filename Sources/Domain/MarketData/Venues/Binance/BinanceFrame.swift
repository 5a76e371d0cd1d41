/// One Binance WebSocket frame (or a capture line), its kind recognised and
/// its payload decoded in the same JSON pass.
///
/// Accepts a combined-stream wrapper `{"stream":…,"data":{…}}` or a raw
/// payload. Kinds are recognised by the event type `e`; payloads without one
/// (spot `bookTicker`, the REST depth snapshot, control replies) by the stream
/// name or by their fields.
enum BinanceFrame: Decodable {
    case aggTrade(BinanceAggTradePayload)
    case trade(BinanceTradePayload)
    case kline(BinanceKlinePayload)
    case bookTicker(BinanceBookTickerPayload)
    case depthUpdate(BinanceDepthUpdatePayload)
    case depthSnapshot(BinanceDepthSnapshotPayload)
    case forceOrder(BinanceForceOrderPayload)
    case markPrice(BinanceMarkPricePayload)
    /// A reply to a subscribe or other request (`{"result":null,"id":1}`).
    case control
    /// The venue reported an error.
    case venueError(BinanceAPIError)

    init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: AnyKey.self)
        if root.contains("stream") {
            let stream = try root.decode(String.self, forKey: "stream")
            self = try Self.payload(try root.superDecoder(forKey: "data"), stream: stream)
        } else {
            self = try Self.payload(decoder, stream: nil)
        }
    }

    /// Decodes the payload whose kind `decoder`'s keys (or the stream name) show.
    private static func payload(_ decoder: any Decoder, stream: String?) throws -> BinanceFrame {
        let keys = try decoder.container(keyedBy: AnyKey.self)
        let kind = try recognise(keys, stream: stream)
        do {
            switch kind {
            case "aggTrade": return .aggTrade(try BinanceAggTradePayload(from: decoder))
            case "trade": return .trade(try BinanceTradePayload(from: decoder))
            case "kline": return .kline(try BinanceKlinePayload(from: decoder))
            case "bookTicker": return .bookTicker(try BinanceBookTickerPayload(from: decoder))
            case "depthUpdate": return .depthUpdate(try BinanceDepthUpdatePayload(from: decoder))
            case "depthSnapshot": return .depthSnapshot(try BinanceDepthSnapshotPayload(from: decoder))
            case "forceOrder": return .forceOrder(try BinanceForceOrderPayload(from: decoder))
            case "markPriceUpdate": return .markPrice(try BinanceMarkPricePayload(from: decoder))
            case "control": return .control
            case "error":
                if keys.contains("error") { return .venueError(try keys.decode(BinanceAPIError.self, forKey: "error")) }
                return .venueError(try BinanceAPIError(from: decoder))
            default:
                throw FieldProblem(kind: kind, field: "e", .unsupportedKind, "event type \"\(kind.prefix(40))\" is not decoded")
            }
        } catch let error as FieldProblem {
            throw error
        } catch {
            throw KindedDecodingError(kind: kind, error: error)
        }
    }

    /// The kind name of a payload: its `e`, else what its stream name or fields say.
    private static func recognise(_ keys: KeyedDecodingContainer<AnyKey>, stream: String?) throws -> String {
        if keys.contains("e") {
            do { return try keys.decode(String.self, forKey: "e") } catch {
                throw FieldProblem(field: "e", .invalidValue, "event type is not a string")
            }
        }
        if let stream, stream.hasSuffix("@bookTicker") { return "bookTicker" }
        if keys.contains("lastUpdateId") { return "depthSnapshot" }
        if ["u", "s", "b", "B", "a", "A"].allSatisfy({ keys.contains(AnyKey($0)) }) { return "bookTicker" }
        if keys.contains("error") || (keys.contains("code") && keys.contains("msg")) { return "error" }
        if keys.contains("result") && keys.contains("id") { return "control" }
        throw FieldProblem(field: nil, .unsupportedKind, "no event type and no known shape (keys: \(keys.allKeys.map(\.stringValue).prefix(8).joined(separator: ",")))")
    }
}
