import ArenaCore
import Foundation
import LiveVenues
import Testing

/// The user-data frames of Binance's documentation, decoded exactly, and the WebSocket API's HMAC example.
@Suite struct UserDataParsingTests {
    /// `executionReport` from https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream
    /// ("Order Update"), comments removed.
    static let executionReport = #"""
        {"subscriptionId": 0, "event": {"e": "executionReport", "E": 1499405658658, "s": "ETHBTC",
        "c": "mUvoqJxFIILMdfAW5iGSOW", "S": "BUY", "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": "0.10264410",
        "P": "0.00000000", "F": "0.00000000", "g": -1, "C": "", "x": "NEW", "X": "NEW", "r": "NONE", "i": 4293153,
        "l": "0.00000000", "z": "0.00000000", "L": "0.00000000", "n": "0", "N": null, "T": 1499405658657, "t": -1,
        "v": 3, "I": 8641984, "w": true, "m": false, "M": false, "O": 1499405658657, "Z": "0.00000000",
        "Y": "0.00000000", "Q": "0.00000000", "W": 1499405658657, "V": "NONE"}}
        """#

    @Test func spotExecutionReportFromTheDocs() throws {
        let frame = try BinanceUserDataParser.spot(Data(Self.executionReport.utf8))
        guard case .event(.order(let u)) = frame else { Issue.record("not an order update: \(frame)"); return }
        #expect(u.symbol == "ETHBTC" && u.clientOrderID == "mUvoqJxFIILMdfAW5iGSOW" && u.orderID == 4_293_153)
        #expect(u.side == "BUY" && u.orderType == "LIMIT" && u.executionType == .new && u.status == .new)
        #expect(u.quantity == FixedDecimal("1") && u.price == FixedDecimal("0.10264410"))
        #expect(u.commission == .zero && u.commissionAsset == nil && u.tradeID == nil && !u.isMaker)
        #expect(u.transactionTime == 1_499_405_658_657 && u.eventTime == 1_499_405_658_658)
    }

    /// `outboundAccountPosition`, `balanceUpdate` and `eventStreamTerminated` from the same page, and the
    /// subscription answer from https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests.
    @Test func spotAccountEventsAndTheSubscriptionAnswer() throws {
        let position = #"{"subscriptionId": 0, "event": {"e": "outboundAccountPosition", "E": 1564034571105, "u": 1564034571073, "B": [{"a": "ETH", "f": "10000.000000", "l": "0.000000"}]}}"#
        #expect(try BinanceUserDataParser.spot(Data(position.utf8)) == .event(.account(BinanceAccountUpdate(
            eventTime: 1_564_034_571_105, reason: nil,
            balances: [.init(asset: "ETH", free: 10_000, locked: .zero, wallet: nil, crossWallet: nil)], positions: []
        ))))
        let delta = #"{"subscriptionId": 0, "event": {"e": "balanceUpdate", "E": 1573200697110, "a": "BTC", "d": "100.00000000", "T": 1573200697068}}"#
        #expect(try BinanceUserDataParser.spot(Data(delta.utf8)) == .event(.balanceDelta(asset: "BTC", delta: 100, eventTime: 1_573_200_697_110)))
        let terminated = #"{"subscriptionId": 0, "event": {"e": "eventStreamTerminated", "E": 1728973001334}}"#
        #expect(try BinanceUserDataParser.spot(Data(terminated.utf8)) == .terminated)
        let answer = #"{"id": "d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7", "status": 200, "result": {"subscriptionId": 0}}"#
        #expect(try BinanceUserDataParser.spot(Data(answer.utf8))
            == .response(id: "d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7", status: 200, subscriptionID: 0, errorCode: nil, errorMessage: nil))
        let refused = #"{"id": 7, "status": 400, "error": {"code": -1022, "msg": "Signature for this request is not valid."}}"#
        #expect(try BinanceUserDataParser.spot(Data(refused.utf8))
            == .response(id: "7", status: 400, subscriptionID: nil, errorCode: -1022, errorMessage: "Signature for this request is not valid."))
    }

    /// `ORDER_TRADE_UPDATE` from https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Order-Update,
    /// comments removed (the fields after `cp` are omitted; `rp` kept).
    static let orderTradeUpdate = #"""
        {"e":"ORDER_TRADE_UPDATE","E":1568879465651,"T":1568879465650,"o":{"s":"BTCUSDT","c":"TEST","S":"SELL",
        "o":"TRAILING_STOP_MARKET","f":"GTC","q":"0.001","p":"0","ap":"0","sp":"7103.04","x":"NEW","X":"NEW",
        "i":8886774,"l":"0","z":"0","L":"0","N":"USDT","n":"0","T":1568879465651,"t":0,"b":"0","a":"9.91",
        "m":false,"R":false,"wt":"CONTRACT_PRICE","ot":"TRAILING_STOP_MARKET","ps":"LONG","cp":false,"rp":"0"}}
        """#

    @Test func futuresOrderTradeUpdateFromTheDocs() throws {
        let frame = try BinanceUserDataParser.futures(Data(Self.orderTradeUpdate.utf8))
        guard case .event(.order(let u)) = frame else { Issue.record("not an order update: \(frame)"); return }
        #expect(u.symbol == "BTCUSDT" && u.clientOrderID == "TEST" && u.orderID == 8_886_774 && u.side == "SELL")
        #expect(u.orderType == "TRAILING_STOP_MARKET" && u.executionType == .new && u.status == .new)
        #expect(u.quantity == FixedDecimal("0.001") && u.stopPrice == FixedDecimal("7103.04") && u.commissionAsset == "USDT")
        #expect(u.tradeID == nil && !u.reduceOnly && u.eventTime == 1_568_879_465_651)
    }

    /// `ACCOUNT_UPDATE` (abridged to one balance and one position) from
    /// https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Balance-and-Position-Update,
    /// and `listenKeyExpired` from .../user-data-streams/Event-User-Data-Stream-Expired.
    @Test func futuresAccountUpdateAndListenKeyExpired() throws {
        let update = #"""
            {"e":"ACCOUNT_UPDATE","E":1564745798939,"T":1564745798938,"a":{"m":"ORDER",
            "B":[{"a":"USDT","wb":"122624.12345678","cw":"100.12345678","bc":"50.12345678"}],
            "P":[{"s":"BTCUSDT","pa":"0","ep":"0.00000","bep":"0","cr":"200","up":"0","mt":"isolated","iw":"0.00000000","ps":"BOTH"}]}}
            """#
        #expect(try BinanceUserDataParser.futures(Data(update.utf8)) == .event(.account(BinanceAccountUpdate(
            eventTime: 1_564_745_798_939, reason: "ORDER",
            balances: [.init(asset: "USDT", free: nil, locked: nil, wallet: FixedDecimal("122624.12345678"), crossWallet: FixedDecimal("100.12345678"))],
            positions: [.init(symbol: "BTCUSDT", amount: .zero, entryPrice: .zero, unrealizedPnL: .zero, positionSide: "BOTH")]
        ))))
        let expired = #"{"e": "listenKeyExpired", "E": "1736996475556", "listenKey": "WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"}"#
        #expect(try BinanceUserDataParser.futures(Data(expired.utf8)) == .listenKeyExpired)
        #expect(try BinanceUserDataParser.futures(Data(#"{"e":"TRADE_LITE","E":1}"#.utf8)) == .ignored("TRADE_LITE"))
        #expect(throws: BinanceUserDataParser.ParseError.self) { try BinanceUserDataParser.futures(Data("not json".utf8)) }
    }

    /// "SIGNED request example (HMAC)" of the WebSocket API:
    /// https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security — parameters sorted
    /// by name, the documented payload and signature byte for byte.
    @Test func webSocketAPISignatureMatchesTheDocsExample() throws {
        let credentials = try BinanceCredentials(
            apiKey: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
            secretKey: "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
        )
        let params = [
            ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000000"),
            ("price", "52000.00"), ("newOrderRespType", "ACK"), ("recvWindow", "100"), ("timestamp", "1645423376532"),
            ("apiKey", credentials.apiKey),
        ]
        #expect(BinanceSigner.webSocketPayload(params) == "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&newOrderRespType=ACK&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT")
        #expect(BinanceSigner(credentials: credentials).webSocketSignature(params) == "cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a")
    }
}
