import ArenaTesting
import AsyncHTTPClient
import Foundation
import Testing

/// FakeDiscord over real HTTP: Discord's Execute Webhook answers, limits, rate limit and scripts.
@Suite struct FakeDiscordTests {
    func discord(rateLimit: (limit: Int, window: Duration)? = nil, _ body: (FakeDiscord, Probe) async throws -> Void) async throws {
        try await withFake(try await FakeDiscord(rateLimit: rateLimit), shutdown: { await $0.shutdown() }, body)
    }

    @Test func waitTrueAnswersTheMessageObjectAndOtherwiseNoContent() async throws {
        try await discord { discord, probe in
            let url = discord.webhook(id: "111", token: "tok")
            #expect(url == "http://127.0.0.1:\(discord.port)/api/webhooks/111/tok")
            let embed: [String: Any] = [
                "title": "BTC drawdown", "description": "−5.2% in 1h", "color": 0xE74C3C, "timestamp": "2024-05-01T12:00:00Z",
                "fields": [["name": "model", "value": "alpha", "inline": true]], "footer": ["text": "arena"], "author": ["name": "alerter"],
            ]
            let waited = try await probe.post(url + "?wait=true", json: ["content": "alert", "embeds": [embed]])
            #expect(waited.status == 200)
            let message = try waited.json()
            #expect(message["content"] as? String == "alert")
            #expect(message["webhook_id"] as? String == "111")
            #expect(UInt64(message["id"] as? String ?? "") != nil)
            #expect(message["channel_id"] is String)
            #expect(value(message, "embeds.0.title") as? String == "BTC drawdown")
            #expect(value(message, "embeds.0.type") as? String == "rich")
            #expect((message["timestamp"] as? String)?.hasSuffix("+00:00") == true)

            let plain = try await probe.post(url, json: ["content": "second"])
            #expect(plain.status == 204)
            #expect(plain.body.isEmpty)

            let messages = try await discord.waitForMessages(2, timeout: .seconds(10))
            #expect(messages.map(\.wait) == [true, false])
            #expect(messages[0].id == message["id"] as? String)
            #expect(messages[0].payload.embeds == [
                FakeDiscord.Embed(
                    title: "BTC drawdown", description: "−5.2% in 1h", timestamp: "2024-05-01T12:00:00Z", color: 0xE74C3C,
                    fields: [.init(name: "model", value: "alpha", inline: true)], footer: .init(text: "arena"), author: .init(name: "alerter")
                )
            ])
            #expect(messages[1].payload == FakeDiscord.Payload(content: "second"))
            #expect(discord.requests.map(\.status) == [200, 204])
        }
    }

    /// One limit: the payload just at it is accepted, one character (or element) more is refused
    /// with Discord's error at `path`.
    struct Limit: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let code: String
        let payload: @Sendable (Int) -> [String: Any]
        let limit: Int
        var testDescription: String { name }
    }

    static let limits: [Limit] = [
        Limit(name: "content", path: "content", code: "BASE_TYPE_MAX_LENGTH", payload: { ["content": String(repeating: "a", count: $0)] }, limit: 2000),
        Limit(name: "embeds", path: "embeds", code: "BASE_TYPE_MAX_LENGTH", payload: { ["embeds": Array(repeating: ["title": "t"], count: $0)] }, limit: 10),
        // Code points, not UTF-16 units: 👍 is one character here.
        Limit(name: "title", path: "embeds.0.title", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["title": String(repeating: "👍", count: $0)]) }, limit: 256),
        Limit(name: "description", path: "embeds.0.description", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["description": String(repeating: "d", count: $0)]) }, limit: 4096),
        Limit(name: "fields", path: "embeds.0.fields", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["fields": Array(repeating: ["name": "n", "value": "v"], count: $0)]) }, limit: 25),
        Limit(name: "field name", path: "embeds.0.fields.0.name", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["fields": [["name": String(repeating: "n", count: $0), "value": "v"]]]) }, limit: 256),
        Limit(name: "field value", path: "embeds.0.fields.0.value", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["fields": [["name": "n", "value": String(repeating: "v", count: $0)]]]) }, limit: 1024),
        Limit(name: "footer text", path: "embeds.0.footer.text", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["footer": ["text": String(repeating: "f", count: $0)]]) }, limit: 2048),
        Limit(name: "author name", path: "embeds.0.author.name", code: "BASE_TYPE_MAX_LENGTH", payload: { embed(["author": ["name": String(repeating: "a", count: $0)]]) }, limit: 256),
        Limit(name: "color", path: "embeds.0.color", code: "NUMBER_TYPE_MAX", payload: { embed(["title": "t", "color": $0]) }, limit: 16_777_215),
        // 6000 characters across all embeds: two descriptions of 3000, then one more in a title.
        Limit(
            name: "total of all embeds", path: "embeds", code: "MAX_EMBED_SIZE_EXCEEDED",
            payload: { ["embeds": [["description": String(repeating: "x", count: 3000)], ["description": String(repeating: "y", count: 2990), "title": String(repeating: "z", count: $0 - 5990)]]] },
            limit: 6000
        ),
    ]

    static func embed(_ members: [String: Any]) -> [String: Any] { ["embeds": [members]] }

    @Test(arguments: limits)
    func aLimitIsAcceptedAtItAndRefusedJustOver(_ limit: Limit) async throws {
        try await discord { discord, probe in
            let url = discord.webhook(id: "1", token: "t")
            #expect(try await probe.post(url, json: limit.payload(limit.limit)).status == 204)
            let over = try await probe.post(url, json: limit.payload(limit.limit + 1))
            #expect(over.status == 400)
            let error = try over.json()
            #expect(error["code"] as? Int == 50035)
            #expect(error["message"] as? String == "Invalid Form Body")
            #expect(value(error, "errors.\(limit.path)._errors.0.code") as? String == limit.code, "\(over.text)")
            #expect(discord.messages.count == 1)
            #expect(discord.rejections.count == 1)
            #expect(discord.rejections.first?.contains("\(limit.path): \(limit.code)") == true, "\(discord.rejections)")
        }
    }

    @Test func emptyFieldsNegativeColoursEmptyMessagesAndBrokenJSONAreRefusedAsDiscordDoes() async throws {
        try await discord { discord, probe in
            let url = discord.webhook(id: "1", token: "t")
            let emptyName = try await probe.post(url, json: Self.embed(["fields": [["name": " ", "value": "v"]]]))
            #expect(value(try emptyName.json(), "errors.embeds.0.fields.0.name._errors.0.code") as? String == "BASE_TYPE_REQUIRED")
            let noValue = try await probe.post(url, json: Self.embed(["fields": [["name": "n"]]]))
            #expect(value(try noValue.json(), "errors.embeds.0.fields.0.value._errors.0.code") as? String == "BASE_TYPE_REQUIRED")
            let negative = try await probe.post(url, json: Self.embed(["title": "t", "color": -1]))
            #expect(value(try negative.json(), "errors.embeds.0.color._errors.0.code") as? String == "NUMBER_TYPE_MIN")

            let empty = try await probe.post(url, json: ["content": "  ", "embeds": [] as [Any]])
            #expect(empty.status == 400)
            #expect(try empty.json()["code"] as? Int == 50006)
            #expect(try empty.json()["message"] as? String == "Cannot send an empty message")

            let broken = try await probe.send(url, body: #"{"content": "unterminated"#)
            #expect(broken.status == 400)
            #expect(try broken.json()["code"] as? Int == 50109)
            #expect(try broken.json()["message"] as? String == "The request body contains invalid JSON.")

            let form = try await probe.send(url, body: "content=hi", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 400)
            #expect(discord.messages.isEmpty)
            #expect(discord.rejections.count == 6)
        }
    }

    @Test func unknownDeletedAndWrongTokenWebhooksAreRefused() async throws {
        try await discord { discord, probe in
            let unknown = try await probe.post("http://127.0.0.1:\(discord.port)/api/webhooks/999/x", json: ["content": "hi"])
            #expect(unknown.status == 404)
            #expect(try unknown.json()["code"] as? Int == 10015)
            #expect(try unknown.json()["message"] as? String == "Unknown Webhook")

            let url = discord.webhook(id: "5", token: "right")
            let versioned = try await probe.post("http://127.0.0.1:\(discord.port)/api/v10/webhooks/5/right", json: ["content": "v10"])
            #expect(versioned.status == 204)
            let wrong = try await probe.post("http://127.0.0.1:\(discord.port)/api/webhooks/5/wrong", json: ["content": "hi"])
            #expect(wrong.status == 401)
            #expect(try wrong.json()["code"] as? Int == 50027)

            discord.delete(id: "5")
            let deleted = try await probe.post(url, json: ["content": "hi"])
            #expect(deleted.status == 404)
            #expect(try deleted.json()["code"] as? Int == 10015)
            #expect(discord.messages.map(\.payload.content) == ["v10"])
            #expect(discord.requests.map(\.status) == [404, 204, 401, 404])
        }
    }

    @Test func theBucketAnswers429WithDiscordsBodyAndHeadersOnceSpent() async throws {
        // A long window: nothing here depends on how fast the machine is.
        try await discord(rateLimit: (limit: 2, window: .seconds(60))) { discord, probe in
            let url = discord.webhook(id: "7", token: "t")
            let first = try await probe.post(url, json: ["content": "1"])
            let second = try await probe.post(url, json: ["content": "2"])
            #expect(first.status == 204)
            #expect(second.status == 204)
            #expect(first.header("X-RateLimit-Limit") == "2")
            #expect(first.header("X-RateLimit-Remaining") == "1")
            #expect(second.header("X-RateLimit-Remaining") == "0")
            #expect(first.header("X-RateLimit-Bucket") == second.header("X-RateLimit-Bucket"))
            #expect((first.header("X-RateLimit-Bucket") ?? "").count >= 16)
            let resetAfter = try #require(Double(second.header("X-RateLimit-Reset-After") ?? ""))
            #expect(resetAfter > 0 && resetAfter <= 60)
            let reset = try #require(Double(second.header("X-RateLimit-Reset") ?? ""))
            #expect(abs(reset - Date().timeIntervalSince1970 - resetAfter) < 30)

            let limited = try await probe.post(url, json: ["content": "3"])
            #expect(limited.status == 429)
            let body = try limited.json()
            #expect(body["message"] as? String == "You are being rate limited.")
            #expect(body["global"] as? Bool == false)
            let retryAfter = try #require(body["retry_after"] as? Double)
            #expect(retryAfter > 0 && retryAfter <= 60)
            #expect(Int(limited.header("Retry-After") ?? "") == Int(retryAfter.rounded(.up)))
            #expect(limited.header("X-RateLimit-Scope") == "user")
            #expect(limited.header("X-RateLimit-Remaining") == "0")

            // Another webhook has its own bucket.
            #expect(try await probe.post(discord.webhook(id: "8", token: "t"), json: ["content": "other"]).status == 204)
            #expect(discord.messages.map(\.payload.content) == ["1", "2", "other"])
            #expect(discord.requests.map(\.status) == [204, 204, 429, 204])
        }
    }

    @Test func scriptedAnswersComeFirstThenNormalBehaviour() async throws {
        try await discord { discord, probe in
            let url = discord.webhook(id: "9", token: "t")
            discord.script([.serverError(status: 500), .serverError(status: 502), .notFound, .rateLimited(retryAfter: 1.5)], forWebhook: "9")
            let error500 = try await probe.post(url, json: ["content": "a"])
            #expect(error500.status == 500)
            #expect(try error500.json()["message"] as? String == "500: Internal Server Error")
            #expect(try error500.json()["code"] as? Int == 0)
            #expect(try await probe.post(url, json: ["content": "a"]).status == 502)
            let missing = try await probe.post(url, json: ["content": "a"])
            #expect(missing.status == 404)
            #expect(try missing.json()["code"] as? Int == 10015)
            let limited = try await probe.post(url, json: ["content": "a"])
            #expect(limited.status == 429)
            #expect(try limited.json()["retry_after"] as? Double == 1.5)
            #expect(limited.header("Retry-After") == "2")
            #expect(try await probe.post(url, json: ["content": "b"]).status == 204)
            #expect(discord.messages.map(\.payload.content) == ["b"])
            #expect(discord.requests.map(\.status) == [500, 502, 404, 429, 204])
        }
    }

    @Test func aHungRequestTimesOutAtTheClientAndDeliversNothing() async throws {
        try await discord { discord, probe in
            let url = discord.webhook(id: "3", token: "t")
            discord.script([.hang], forWebhook: "3")
            await #expect(throws: HTTPClientError.self) {
                try await probe.post(url, json: ["content": "lost"], timeout: .seconds(2))
            }
            try await eventually { discord.requests.count == 1 }
            #expect(discord.messages.isEmpty)
            #expect(discord.requests.map(\.status) == [0])
            // The server is not stuck behind the held request.
            #expect(try await probe.post(url, json: ["content": "next"]).status == 204)
            #expect(discord.messages.map(\.payload.content) == ["next"])
        }
    }

    @Test func waitingTooLongSaysWhatArrived() async throws {
        try await discord { discord, probe in
            _ = try await probe.post(discord.webhook(id: "4", token: "t"), json: ["content": "only one"])
            do {
                _ = try await discord.waitForMessages(2, timeout: .milliseconds(100))
                Issue.record("the wait should have timed out")
            } catch let timeout as FakeNotifierTimeout {
                #expect(timeout.description.contains("only one"))
                #expect(timeout.description.contains("got 1"))
            }
        }
    }
}
