/// What a fake notification provider (``FakeDiscord``, ``FakeTelegram``) answers to the next
/// request for one webhook or bot.
///
/// Answers are scripted per webhook or bot and consumed one per request; once the script is
/// empty the fake behaves normally.
public enum FakeNotifierAnswer: Sendable, Equatable {
    /// Normal behaviour: validation, rate limiting, delivery.
    case normal
    /// 429 with the provider's real body and headers, asking to retry after this many seconds.
    case rateLimited(retryAfter: Double)
    /// This status (500, 502, 503…) with a provider-like body.
    case serverError(status: Int)
    /// Discord: 404 Unknown Webhook (code 10015); Telegram: 404 Not Found.
    case notFound
    /// Never answers: the connection is held until the client gives up or the fake shuts down.
    /// The message is not recorded as delivered.
    case hang
}

/// A fake's `waitForMessages` ran out of time; the description lists what did arrive.
public struct FakeNotifierTimeout: Error, Sendable, CustomStringConvertible {
    /// What was awaited and what arrived instead.
    public let description: String
}

/// Scripted answers per webhook id or bot token, consumed in order.
struct AnswerScripts {
    private var queues: [String: [FakeNotifierAnswer]] = [:]

    mutating func append(_ answers: [FakeNotifierAnswer], for key: String) {
        queues[key, default: []].append(contentsOf: answers)
    }

    /// The next scripted answer for `key`, or `.normal` once its script is used up.
    mutating func next(for key: String) -> FakeNotifierAnswer {
        guard var queue = queues[key], !queue.isEmpty else { return .normal }
        let answer = queue.removeFirst()
        queues[key] = queue
        return answer
    }
}

/// Polls `current` until it holds `count` items (without blocking a thread), or throws
/// ``FakeNotifierTimeout`` describing what arrived.
func waitForItems<Item>(
    _ count: Int, timeout: Duration, what: String, current: () -> [Item], describe: (Item) -> String
) async throws -> [Item] {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        let items = current()
        if items.count >= count { return items }
        guard clock.now < deadline else {
            let list = items.isEmpty ? "nothing" : items.map(describe).joined(separator: "; ")
            throw FakeNotifierTimeout(description: "waited \(timeout) for \(count) \(what), got \(items.count): \(list)")
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
