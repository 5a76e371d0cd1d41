import Foundation
import HummingbirdWebSocket

/// The OKX side of the fake exchange: acknowledges `subscribe`, answers `ping`
/// with `pong`, and replays a cryptofeed OKX capture's data frames for the
/// subscribed channel and instrument pairs, paced as captured.
struct FakeOKX: Sendable {
    /// A captured push: its offset from the first, channel, instId and text.
    struct Frame: Sendable {
        var offset: Duration
        var channel: String
        var instID: String
        var text: String
    }

    let frames: [Frame]
    let speed: Double

    init(file: URL, speed: Double) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        var frames: [Frame] = []
        var first: Double?
        for line in text.split(separator: "\n").dropFirst() where !line.contains(" <- ") {
            guard let colon = line.firstIndex(of: ":"), let ts = Double(line[..<colon]) else { continue }
            let json = String(line[line.index(colon, offsetBy: 2)...])
            guard let push = try? JSONDecoder().decode(Push.self, from: Data(json.utf8)), push.data != nil else { continue }
            first = first ?? ts
            frames.append(Frame(offset: .milliseconds(Int64((ts - first!) * 1_000)), channel: push.arg.channel, instID: push.arg.instId, text: json))
        }
        self.frames = frames
        self.speed = speed
    }

    private struct Push: Decodable {
        struct Arg: Codable, Hashable { let channel: String; let instId: String }
        let arg: Arg
        let data: [AnyDecodable]?
    }

    private struct AnyDecodable: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    private struct Request: Decodable {
        let op: String
        let args: [Push.Arg]
    }

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (subscriptions, subscribed) = AsyncStream.makeStream(of: Set<Push.Arg>.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var all = Set<Push.Arg>()
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    if text == "ping" {
                        try await outbound.write(.text("pong"))
                        continue
                    }
                    guard let request = try? JSONDecoder().decode(Request.self, from: Data(text.utf8)), request.op == "subscribe" else {
                        try await outbound.write(.text(#"{"event":"error","code":"60012","msg":"Invalid request: \#(text.prefix(40))"}"#))
                        continue
                    }
                    for arg in request.args {
                        try await outbound.write(.text(#"{"event":"subscribe","arg":{"channel":"\#(arg.channel)","instId":"\#(arg.instId)"},"connId":"fake"}"#))
                        all.insert(arg)
                    }
                    subscribed.yield(all)
                }
                subscribed.finish()
            }
            group.addTask {
                var iterator = subscriptions.makeAsyncIterator()
                guard var wanted = await iterator.next() else { return }
                let clock = ContinuousClock(), start = clock.now
                for frame in frames {
                    try await Task.sleep(until: start.advanced(by: frame.offset / speed), clock: clock)
                    if wanted.contains(Push.Arg(channel: frame.channel, instId: frame.instID)) {
                        try await outbound.write(.text(frame.text))
                    }
                    _ = wanted  // later subscribes are not merged mid-replay; one subscribe message is the norm
                }
                // Stay open (silent) after the capture ends, as a quiet market would.
                try await Task.sleep(for: .seconds(365 * 86_400))
                wanted = []
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
