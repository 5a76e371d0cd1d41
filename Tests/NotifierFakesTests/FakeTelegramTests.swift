import ArenaTesting
import AsyncHTTPClient
import Foundation
import Testing

/// FakeTelegram over real HTTP: the Bot API's sendMessage answers, errors and scripts.
@Suite struct FakeTelegramTests {
    static let token = "123456:ABC-test"
    static let chat = "424242"

    func telegram(_ body: (FakeTelegram, Probe) async throws -> Void) async throws {
        let telegram = try await FakeTelegram()
        telegram.addBot(token: Self.token)
        telegram.addChat(Self.chat)
        try await withFake(telegram, shutdown: { await $0.shutdown() }, body)
    }

    func sendURL(_ telegram: FakeTelegram, token: String = token, method: String = "sendMessage") -> String {
        "\(telegram.apiURL)/bot\(token)/\(method)"
    }

    @Test func aMarkdownV2MessageIsAnsweredWithItsPlainTextAndEntities() async throws {
        try await telegram { telegram, probe in
            #expect(telegram.apiURL == "http://127.0.0.1:\(telegram.port)")
            let text = "*Drawdown* on `alpha`: \\-5\\.2% [chart](https://arena.example/nav?m=alpha)\n"
            let reply = try await probe.post(
                sendURL(telegram),
                json: ["chat_id": 424242, "text": text, "parse_mode": "MarkdownV2", "disable_notification": true, "link_preview_options": ["is_disabled": true]]
            )
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            #expect(body["ok"] as? Bool == true)
            #expect(value(body, "result.message_id") as? Int == 1)
            #expect(value(body, "result.chat.id") as? Int == 424242)
            #expect(value(body, "result.chat.type") as? String == "private")
            #expect(value(body, "result.from.is_bot") as? Bool == true)
            #expect(value(body, "result.date") is Int)
            // Markup and escapes gone, the trailing line feed trimmed.
            #expect(value(body, "result.text") as? String == "Drawdown on alpha: -5.2% chart")
            #expect(value(body, "result.entities.0.type") as? String == "bold")
            #expect(value(body, "result.entities.1.type") as? String == "code")
            #expect(value(body, "result.entities.1.offset") as? Int == 12)
            #expect(value(body, "result.entities.2.type") as? String == "text_link")
            #expect(value(body, "result.entities.2.url") as? String == "https://arena.example/nav?m=alpha")

            let second = try await probe.post(sendURL(telegram), json: ["chat_id": "424242", "text": "plain *stars* stay"])
            #expect(value(try second.json(), "result.message_id") as? Int == 2)
            #expect(value(try second.json(), "result.entities") == nil)

            let messages = try await telegram.waitForMessages(2, timeout: .seconds(10))
            #expect(messages[0].text == text)
            #expect(messages[0].parseMode == "MarkdownV2")
            #expect(messages[0].plainText == "Drawdown on alpha: -5.2% chart")
            #expect(messages[0].entities == [
                .init(type: "bold", offset: 0, length: 8), .init(type: "code", offset: 12, length: 5),
                .init(type: "text_link", offset: 25, length: 5, url: "https://arena.example/nav?m=alpha"),
            ])
            #expect(messages[0].disableNotification)
            #expect(messages.map(\.messageID) == [1, 2])
            #expect(messages[1].plainText == "plain *stars* stay")
            #expect(messages[1].parseMode == nil)
        }
    }

    @Test func aFormBodyAndAChannelNameAreAccepted() async throws {
        try await telegram { telegram, probe in
            telegram.addChat("@arena_alerts")
            let reply = try await probe.send(
                sendURL(telegram), body: "chat_id=%40Arena_Alerts&text=BTC+%5C%2B3%25+%F0%9F%9A%80&parse_mode=MarkdownV2",
                contentType: "application/x-www-form-urlencoded"
            )
            #expect(reply.status == 200, "\(reply.text)")
            #expect(value(try reply.json(), "result.text") as? String == "BTC +3% 🚀")
            #expect(value(try reply.json(), "result.chat.type") as? String == "channel")
            // `+` is a space in a form; the escaped plus came percent-encoded.
            #expect(telegram.messages.map(\.chatID) == ["@Arena_Alerts"])
        }
    }

    @Test func errorsAreWordedAsTheBotAPIWordsThem() async throws {
        try await telegram { telegram, probe in
            let unauthorized = try await probe.post(sendURL(telegram, token: "999:nope"), json: ["chat_id": 1, "text": "x"])
            #expect(unauthorized.status == 401)
            #expect(try unauthorized.json()["description"] as? String == "Unauthorized")
            #expect(try unauthorized.json()["error_code"] as? Int == 401)
            #expect(try unauthorized.json()["ok"] as? Bool == false)

            let unknownMethod = try await probe.post(sendURL(telegram, method: "sendTelepathy"), json: ["chat_id": 1, "text": "x"])
            #expect(unknownMethod.status == 404)
            #expect(try unknownMethod.json()["description"] as? String == "Not Found")

            let cases: [([String: Any], String)] = [
                (["chat_id": 777, "text": "x"], "Bad Request: chat not found"),
                (["chat_id": Int(Self.chat)!, "text": ""], "Bad Request: message text is empty"),
                (["chat_id": Int(Self.chat)!], "Bad Request: message text is empty"),
                (["text": "x"], "Bad Request: chat_id is empty"),
                (["chat_id": Int(Self.chat)!, "text": " \n "], "Bad Request: text must be non-empty"),
                (
                    ["chat_id": Int(Self.chat)!, "text": "Down 5.2%", "parse_mode": "MarkdownV2"],
                    "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
                ),
                (
                    ["chat_id": Int(Self.chat)!, "text": "*bold", "parse_mode": "MarkdownV2"],
                    "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0"
                ),
            ]
            for (parameters, description) in cases {
                let reply = try await probe.post(sendURL(telegram), json: parameters)
                #expect(reply.status == 400)
                #expect(try reply.json()["description"] as? String == description)
                #expect(try reply.json()["error_code"] as? Int == 400)
            }
            let html = try await probe.post(sendURL(telegram), json: ["chat_id": Int(Self.chat)!, "text": "<b>x</b>", "parse_mode": "HTML"])
            #expect(html.status == 400)
            #expect((try html.json()["description"] as? String)?.contains("unsupported in the fake") == true)
            #expect(telegram.messages.isEmpty)
            #expect(telegram.rejections.count == cases.count + 1)
            #expect(telegram.requests.map(\.status) == [401, 404] + Array(repeating: 400, count: cases.count + 1))
        }
    }

    @Test func theLengthLimitCountsUTF16UnitsAfterEntityParsing() async throws {
        try await telegram { telegram, probe in
            func send(_ text: String) async throws -> Int {
                try await probe.post(sendURL(telegram), json: ["chat_id": Int(Self.chat)!, "text": text, "parse_mode": "MarkdownV2"]).status
            }
            var statuses: [Int] = []
            statuses.append(try await send(String(repeating: "a", count: 4096)))
            statuses.append(try await send(String(repeating: "a", count: 4097)))
            // Markup does not count: 4096 characters inside a bold entity.
            statuses.append(try await send("*" + String(repeating: "b", count: 4096) + "*"))
            // 😀 is two UTF-16 units.
            statuses.append(try await send(String(repeating: "😀", count: 2048)))
            statuses.append(try await send(String(repeating: "😀", count: 2048) + "x"))
            #expect(statuses == [200, 400, 200, 200, 400])
            #expect(telegram.rejections == ["Bad Request: message is too long", "Bad Request: message is too long"])
            #expect(telegram.messages.map(\.plainText.utf16.count) == [4096, 4096, 4096])
        }
    }

    @Test func scriptedAnswersComeFirstThenNormalBehaviour() async throws {
        try await telegram { telegram, probe in
            telegram.script([.rateLimited(retryAfter: 1.2), .serverError(status: 500), .notFound], forBot: Self.token)
            let parameters: [String: Any] = ["chat_id": Int(Self.chat)!, "text": "x"]
            let limited = try await probe.post(sendURL(telegram), json: parameters)
            #expect(limited.status == 429)
            let body = try limited.json()
            #expect(body["ok"] as? Bool == false)
            #expect(body["error_code"] as? Int == 429)
            #expect(body["description"] as? String == "Too Many Requests: retry after 2")
            #expect(value(body, "parameters.retry_after") as? Int == 2)
            #expect(limited.header("Retry-After") == "2")

            let failed = try await probe.post(sendURL(telegram), json: parameters)
            #expect(failed.status == 500)
            #expect(try failed.json()["description"] as? String == "Internal Server Error")
            #expect(try failed.json()["error_code"] as? Int == 500)
            let missing = try await probe.post(sendURL(telegram), json: parameters)
            #expect(missing.status == 404)
            #expect(try missing.json()["description"] as? String == "Not Found")
            #expect(try await probe.post(sendURL(telegram), json: parameters).status == 200)
            #expect(telegram.requests.map(\.status) == [429, 500, 404, 200])
            #expect(telegram.requests.map(\.method) == Array(repeating: "sendMessage", count: 4))
            #expect(telegram.messages.count == 1)
        }
    }

    @Test func aHungRequestTimesOutAtTheClientAndDeliversNothing() async throws {
        try await telegram { telegram, probe in
            telegram.script([.hang], forBot: Self.token)
            await #expect(throws: HTTPClientError.self) {
                try await probe.post(sendURL(telegram), json: ["chat_id": Int(Self.chat)!, "text": "lost"], timeout: .seconds(2))
            }
            try await eventually { telegram.requests.count == 1 }
            #expect(telegram.messages.isEmpty)
            #expect(telegram.requests.map(\.status) == [0])
            #expect(try await probe.post(sendURL(telegram), json: ["chat_id": Int(Self.chat)!, "text": "next"]).status == 200)
            #expect(telegram.messages.map(\.plainText) == ["next"])
        }
    }
}
