import ArenaBus
import CZeroMQ
import Foundation
import Testing

@Suite("ZeroMQ wrapper")
struct ZMQSocketTests {
    @Test func everySocketTypeOpensWithExplicitLimits() throws {
        for type in SocketType.allCases {
            let socket = try ZMQSocket(type, options: SocketOptions(sendHighWaterMark: 10, receiveHighWaterMark: 20, linger: .zero))
            #expect(try socket.get(.socketType) == Int(type.rawValue))
            #expect(try socket.get(.sendHighWaterMark) == 10)
            #expect(try socket.get(.receiveHighWaterMark) == 20)
            #expect(try socket.get(.linger) == .zero)
        }
    }

    @Test func typedOptionsRoundTrip() throws {
        let socket = try ZMQSocket(.dealer, options: SocketOptions(sendHighWaterMark: 123, receiveHighWaterMark: 456, linger: .milliseconds(7)))
        #expect(try socket.get(.sendHighWaterMark) == 123)
        #expect(try socket.get(.receiveHighWaterMark) == 456)
        #expect(try socket.get(.linger) == .milliseconds(7))
        try socket.set(.linger, nil)
        #expect(try socket.get(.linger) == nil)
        try socket.set(.receiveTimeout, .milliseconds(250))
        #expect(try socket.get(.receiveTimeout) == .milliseconds(250))
        try socket.set(.routingID, [1, 2, 3])
        #expect(try socket.get(.routingID) == [1, 2, 3])
        try socket.set(.immediate, true)
        #expect(try socket.get(.immediate))
        try socket.set(.heartbeatInterval, .milliseconds(500))
        #expect(try socket.get(.heartbeatInterval) == .milliseconds(500))
        #expect(try socket.get(.socketType) == Int(SocketType.dealer.rawValue))
        #expect(throws: ZMQError.self) { try socket.set(.sendHighWaterMark, Int.max) }
        #expect(throws: ZMQError.self) { try socket.set(.linger, .milliseconds(-5)) }
    }

    @Test func bindReportsTheResolvedEndpointAndErrorsAreTyped() throws {
        let a = try ZMQSocket(.rep)
        let endpoint = try a.bind("tcp://127.0.0.1:*")
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:") && !endpoint.hasSuffix("*"))
        #expect(try a.get(.lastEndpoint) == endpoint)
        let b = try ZMQSocket(.rep)
        let inUse = #expect(throws: ZMQError.self) { try b.bind(endpoint) }
        #expect(inUse?.code == EADDRINUSE)
        #expect(inUse?.description.contains("zmq_bind(\(endpoint)) failed") == true)
        #expect(throws: ZMQError.self) { try b.bind("nonsense://x") }
        try a.unbind(endpoint)
        a.close()
        a.close()
        #expect(a.isClosed)
        let closed = #expect(throws: ZMQError.self) { try a.send([1]) }
        #expect(closed?.isClosedSocket == true)
        #expect(!ZMQEndpoints.uniqueInproc("x").isEmpty)
        #expect(try ZMQEndpoints.freeLoopbackTCP().hasPrefix("tcp://127.0.0.1:"))
    }

    @Test func multipartFramesArriveWholeAndNonBlockingReceiveReturnsNil() throws {
        let endpoint = ZMQEndpoints.uniqueInproc("pair")
        let a = try ZMQSocket(.pair)
        try a.bind(endpoint)
        let b = try ZMQSocket(.pair)
        try b.connect(endpoint)
        #expect(try b.receive(dontWait: true) == nil)
        let big = [UInt8](repeating: 7, count: 1 << 20)
        #expect(try a.send([[], Array("two".utf8), big, [0]]))
        try a.send(text: "text", more: false)
        try b.set(.receiveTimeout, .seconds(5))
        let frames = try #require(try b.receive())
        #expect(frames == [[], Array("two".utf8), big, [0]])
        #expect(try b.receive() == [Array("text".utf8)])
        try b.set(.receiveTimeout, .milliseconds(20))
        #expect(try b.receive() == nil)
        try b.disconnect(endpoint)
    }

    @Test func pollWaitsOnSocketsAndDescriptorsWithATimeout() throws {
        let endpoint = ZMQEndpoints.uniqueInproc("poll")
        let a = try ZMQSocket(.pair)
        try a.bind(endpoint)
        let b = try ZMQSocket(.pair)
        try b.connect(endpoint)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var poller = Poller()
        let socketIndex = poller.add(b)
        let fdIndex = poller.add(fileDescriptor: fds[0])
        let started = ContinuousClock.now
        #expect(try poller.poll(timeout: .milliseconds(50)) == 0)
        #expect(ContinuousClock.now - started >= .milliseconds(45))
        try a.send([9])
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.isReadable(socketIndex) && !poller.isReadable(fdIndex))
        _ = try b.receive()
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.isReadable(fdIndex))
        b.close()
        #expect(throws: ZMQError.self) { try poller.poll(timeout: .zero) }
    }

    @Test func monitorReportsConnectionEvents() async throws {
        let server = try ZMQSocket(.rep)
        let serverEvents = try server.monitor(label: "server")
        let endpoint = try server.bind("tcp://127.0.0.1:*")
        let client = try ZMQSocket(.req)
        let clientEvents = try client.monitor(label: "client")
        try client.connect(endpoint)
        try await eventually { serverEvents.count(.accepted) == 1 && serverEvents.count(.handshakeSucceeded) == 1 }
        try await eventually { clientEvents.count(.connected) == 1 && clientEvents.count(.handshakeSucceeded) == 1 }
        #expect(serverEvents.count(.listening) == 1)
        client.close()
        try await eventually { serverEvents.count(.disconnected) == 1 }
        try await eventually { clientEvents.count(.monitorStopped) == 1 }
        let kinds = try await withTimeout { () -> [SocketEvent.Kind] in
            var kinds: [SocketEvent.Kind] = []
            for await event in clientEvents.events { kinds.append(event.kind) }
            return kinds
        }
        #expect(kinds.first == .connectDelayed || kinds.first == .connected)
        #expect(kinds.last == .monitorStopped)
        serverEvents.stop()
        server.close()
    }
}
