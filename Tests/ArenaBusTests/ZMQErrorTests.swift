import Testing
import CZeroMQ
@testable import ArenaBus

@Test func zmqErrorCarriesLibzmqText() {
    let e = ZMQError(operation: "zmq_bind", code: EADDRINUSE, message: String(cString: zmq_strerror(EADDRINUSE)))
    #expect(e.description.contains("zmq_bind failed"))
    #expect(!e.isWouldBlock)
}
