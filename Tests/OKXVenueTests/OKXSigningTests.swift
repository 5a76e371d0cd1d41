import ArenaCore
import Foundation
import LiveVenues
import Testing

@Suite struct OKXSigningTests {
    /// OKX's documented example (www.okx.com/docs-v5/en/#overview-rest-authentication-signature):
    /// `sign=CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256(timestamp + 'GET' + '/api/v5/account/balance?ccy=BTC', SecretKey))`
    /// with the timestamp `2020-12-08T09:08:57.715Z` and the SecretKey `22582BD0CFF14C41EDBF1AB98506286D`
    /// the docs use. The docs print no resulting signature, so the expected Base64 was computed
    /// independently, once, with Python's standard library:
    /// `base64.b64encode(hmac.new(b'22582BD0CFF14C41EDBF1AB98506286D', prehash.encode(), hashlib.sha256).digest())`.
    @Test func reproducesTheDocumentedSignatureExample() throws {
        let credentials = try OKXCredentials(apiKey: "example-key", secretKey: "22582BD0CFF14C41EDBF1AB98506286D", passphrase: "example")
        let signer = OKXSigner(credentials: credentials)
        let timestamp = "2020-12-08T09:08:57.715Z"
        #expect(OKXSigner.prehash(timestamp: timestamp, method: "GET", requestPath: "/api/v5/account/balance?ccy=BTC", body: "")
            == "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC")
        #expect(signer.signature(timestamp: timestamp, method: "GET", requestPath: "/api/v5/account/balance?ccy=BTC", body: "")
            == "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
        // A POST signs its JSON body after the path (same secret and timestamp; Python as above).
        let body = #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}"#
        #expect(signer.signature(timestamp: timestamp, method: "post", requestPath: "/api/v5/trade/order", body: body)
            == "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=")
        // The WebSocket login signs `timestamp + "GET" + "/users/self/verify"` with the timestamp in seconds
        // (…/docs-v5/en/#overview-websocket-login; prehash `1538054050GET/users/self/verify`, Python as above).
        let login = signer.loginMessage(unixSeconds: 1_538_054_050)
        #expect(login.contains(#""timestamp":"1538054050""#))
        #expect(login.contains(#""sign":"+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=""#))
        #expect(login.hasPrefix(#"{"op":"login","args":[{"apiKey":"example-key","passphrase":"example""#))
    }

    @Test func timestampIsISO8601WithMillisecondsInUTC() {
        #expect(OKXSigner.timestamp(milliseconds: 1_607_418_537_715) == "2020-12-08T09:08:57.715Z")
        #expect(OKXSigner.timestamp(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(OKXSigner.timestamp(milliseconds: 951_782_400_007) == "2000-02-29T00:00:00.007Z")
        #expect(OKXSigner.timestamp(milliseconds: 4_102_444_799_999) == "2099-12-31T23:59:59.999Z")
    }

    @Test func credentialsNeverPrintTheirSecrets() throws {
        let key = "live-okx-key-7f3a9c2e", secret = "SECRET-5d1b8e77c0a94f2e", phrase = "Pass-Phrase-9931"
        let credentials = try OKXCredentials(apiKey: key, secretKey: secret, passphrase: phrase)
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped,
            String(describing: Mirror(reflecting: credentials).children.map { "\($0.label ?? ""): \($0.value)" }),
            String(describing: OKXSigner(credentials: credentials)),
        ]
        for text in renderings {
            #expect(!text.contains(secret))
            #expect(!text.contains(phrase))
            #expect(!text.contains(key))
        }
        #expect(String(describing: credentials).contains("live…"))
    }

    @Test func credentialsComeFromTheEnvironmentOrMountedFiles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("okx-secret-\(UInt64.random(in: 0...UInt64.max))")
        try "from-file-secret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let credentials = try OKXCredentials.fromEnvironment(environment: [
            "OKX_API_KEY": "k1", "OKX_API_SECRET": "ignored", "OKX_API_SECRET_FILE": file.path, "OKX_API_PASSPHRASE": "p1",
        ])
        // The file wins over the variable: the signature is the file secret's.
        let fromFile = try OKXCredentials(apiKey: "k1", secretKey: "from-file-secret", passphrase: "p1")
        #expect(OKXSigner(credentials: credentials).signature(timestamp: "t", method: "GET", requestPath: "/x", body: "")
            == OKXSigner(credentials: fromFile).signature(timestamp: "t", method: "GET", requestPath: "/x", body: ""))
        #expect(throws: CredentialsError.missing("OKX_API_PASSPHRASE")) {
            try OKXCredentials.fromEnvironment(environment: ["OKX_API_KEY": "k", "OKX_API_SECRET": "s"])
        }
        #expect(throws: CredentialsError.missing("passphrase")) { try OKXCredentials(apiKey: "k", secretKey: "s", passphrase: "  ") }
    }

    @Test func demoIsTheDefaultAndProductionMustBeNamed() throws {
        #expect(try OKXEnvironment.named(nil) == .demo())
        #expect(try OKXEnvironment.named("") == .demo())
        #expect(try OKXEnvironment.named("Demo") == .demo())
        #expect(try OKXEnvironment.named("production") == .production())
        #expect(throws: OKXEnvironmentError.self) { try OKXEnvironment.named("live") }
        let demo = OKXEnvironment.demo()
        #expect(demo.isTestnetOrDemo && demo.simulatedTrading)
        #expect(demo.restBaseURL == "https://www.okx.com")
        #expect(demo.privateWebSocketURL == "wss://wspap.okx.com:8443/ws/v5/private")
        let production = OKXEnvironment.production()
        #expect(!production.isTestnetOrDemo && !production.simulatedTrading)
        #expect(production.privateWebSocketURL == "wss://ws.okx.com:8443/ws/v5/private")
    }

    @Test func errorCodesCarryTheirOutcome() {
        #expect(OKXErrorCode(text: "50011").outcome == .retryAfter(nil))
        #expect(OKXErrorCode(text: "50013").outcome == .unknown)
        #expect(OKXErrorCode(text: "50102").outcome == .clockSkew)
        #expect(OKXErrorCode(text: "51008").outcome == .rejected)
        #expect(OKXErrorCode(text: "51016") == .duplicatedClientOrderID)
        #expect(OKXErrorCode(text: "51603") == .orderNotExist)
        #expect(OKXErrorCode(text: "50113") == .invalidSign)
        #expect(OKXErrorCode(text: "59999") == .undocumented(59999))
        #expect(OKXErrorCode(text: "59999").outcome == .unknown)
        #expect(OKXVenueError.http(status: 502, bodyPrefix: "").outcome == .unknown)
        #expect(OKXVenueError.api(.parameterError, message: "", httpStatus: 500).outcome == .unknown)
        #expect(OKXVenueError.timedOut.outcome == .unknown)
    }
}
