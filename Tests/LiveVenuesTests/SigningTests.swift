import Foundation
import LiveVenues
import Testing

/// The HMAC example of Binance's official API documentation, byte for byte.
///
/// Source: https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md, section
/// "SIGNED Endpoint Examples for POST /api/v3/order" (also at
/// https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security):
///
///     Key       | Value
///     apiKey    | vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A
///     secretKey | NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j
///
///     Example 1: As a request body
///     requestBody: symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559
///     [linux]$ echo -n "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559" | openssl dgst -sha256 -hmac "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
///     (stdin)= c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71
///
///     Example 3: Mixed query string and request body
///     queryString: symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC
///     requestBody: quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559
///     (stdin)= 0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77
///     "Note that the signature is different in example 3. There is no & between "GTC" and "quantity=1"."
@Suite struct SigningTests {
    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secretKey = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    @Test func docsExampleOneAndTwoByteForByte() throws {
        let signer = BinanceSigner(credentials: try BinanceCredentials(apiKey: Self.apiKey, secretKey: Self.secretKey))
        // The query is built by the same encoder the client uses, in the docs' parameter order.
        let payload = BinanceSigner.encode(
            [("symbol", "LTCBTC"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "1"), ("price", "0.1")],
            recvWindow: 5_000, timestamp: 1_499_827_319_559
        )
        #expect(payload == "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
        #expect(signer.signature(of: payload) == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        // Example 1 (as a body) and Example 2 (as a query) carry the same signature.
        #expect(signer.signed(query: "", body: payload).body == payload + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        #expect(signer.signed(query: payload).query == payload + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }

    @Test func docsExampleThreeMixedQueryAndBody() throws {
        let signer = BinanceSigner(credentials: try BinanceCredentials(apiKey: Self.apiKey, secretKey: Self.secretKey))
        let signed = signer.signed(query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC", body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
        #expect(signed.body.hasSuffix("&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"))
    }

    @Test func credentialsNeverShowTheSecretOrTheWholeKey() throws {
        let credentials = try BinanceCredentials(apiKey: Self.apiKey, secretKey: Self.secretKey)
        var dumped = ""
        dump(credentials, to: &dumped)
        let texts = [String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped,
                     String(describing: BinanceSigner(credentials: credentials))]
        for text in texts {
            #expect(!text.contains(Self.secretKey))
            #expect(!text.contains(Self.apiKey))
            #expect(!text.contains("NhqP"))
        }
        #expect(credentials.redactedKey.hasPrefix("vmPU"))
    }

    @Test func credentialsFromTheEnvironmentOrAMountedFile() throws {
        let env = ["BINANCE_API_KEY": "key-from-env", "BINANCE_API_SECRET": "secret-from-env"]
        #expect(try BinanceCredentials.fromEnvironment(environment: env).apiKey == "key-from-env")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("binance-secret-\(UUID().uuidString)")
        try "secret-from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try BinanceCredentials.fromEnvironment(environment: ["BINANCE_API_KEY": "k", "BINANCE_API_SECRET_FILE": file.path])
        #expect(fromFile.apiKey == "k")
        #expect(throws: CredentialsError.missing("BINANCE_API_SECRET")) { try BinanceCredentials.fromEnvironment(environment: ["BINANCE_API_KEY": "k"]) }
        #expect(throws: CredentialsError.unreadableFile("/nonexistent/secret")) {
            try BinanceCredentials.fromEnvironment(environment: ["BINANCE_API_KEY": "k", "BINANCE_API_SECRET_FILE": "/nonexistent/secret"])
        }
    }

    @Test func testnetIsTheDefaultAndProductionMustBeNamed() {
        #expect(BinanceEnvironment.testnet(.spot).isTestnetOrDemo)
        #expect(BinanceEnvironment.testnet(.usdm).baseURL == "https://testnet.binancefuture.com")
        #expect(BinanceEnvironment.spotDemo().isTestnetOrDemo)
        #expect(!BinanceEnvironment.production(.spot).isTestnetOrDemo)
        #expect(BinanceEnvironment.production(.usdm).path(.order) == "/fapi/v1/order")
        #expect(BinanceEnvironment.testnet(.spot).path(.trades) == "/api/v3/myTrades")
    }
}
