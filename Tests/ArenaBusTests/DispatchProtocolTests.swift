@testable import ArenaBus
import Testing

@Suite("Dispatch frame protocol")
struct DispatchProtocolTests {
    static let messages: [DispatchProtocol.Message] = [
        .ready(capacity: 4, heartbeatMilliseconds: 1000, name: "scorer-1"),
        .heartbeat(intervalMilliseconds: 250),
        .job(id: 0x0102_0304_0506_0708, budgetMilliseconds: 8000, envelope: [1, 2, 3]),
        .result(id: 42, envelope: [4, 5]),
        .failed(id: 43, reason: "model error"),
        .cancel(id: 44),
        .disconnect,
    ]

    @Test(arguments: messages)
    func roundTrips(message: DispatchProtocol.Message) throws {
        #expect(try DispatchProtocol.parse(DispatchProtocol.frames(message)[...]) == message)
    }

    @Test func exactBytesOfAJobHeader() {
        let frames = DispatchProtocol.frames(.job(id: 1, budgetMilliseconds: 2, envelope: [9]))
        #expect(frames[0] == [0x41, 0x41, 0x44, 0x01, 0x03, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2])
        #expect(frames[1] == [9])
    }

    @Test(arguments: [
        [[UInt8]](),
        [[0x41, 0x41, 0x44]],
        [[0x41, 0x41, 0x44, 0x02, 0x02, 0, 0, 0, 1]],
        [[0x41, 0x41, 0x44, 0x01, 0x09]],
        [[0x41, 0x41, 0x44, 0x01, 0x02, 0, 0, 1]],
        [[0x41, 0x41, 0x44, 0x01, 0x07], [1]],
        [[0x41, 0x41, 0x44, 0x01, 0x04, 0, 0, 0, 0, 0, 0, 0, 1]],
        [[0x41, 0x41, 0x44, 0x01, 0x01, 0, 0, 0, 1, 0, 0, 0, 1], [0xFF]],
    ])
    func rejectsMalformedMessages(frames: [[UInt8]]) {
        #expect(throws: DispatchProtocol.MalformedMessage.self) { try DispatchProtocol.parse(frames[...]) }
    }
}
