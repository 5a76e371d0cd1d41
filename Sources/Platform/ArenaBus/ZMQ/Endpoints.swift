import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Endpoint helpers. Every bus component takes endpoints as libzmq strings:
/// `tcp://host:port` across processes and machines, `inproc://name` inside
/// one process (the components must share a ``ZMQContext``, by default
/// ``ZMQContext/shared``). The interfaces are the same for both.
///
/// To listen on a free port, bind `tcp://127.0.0.1:*` and read the resolved
/// endpoint back from the component (`endpoints`, from `ZMQ_LAST_ENDPOINT`).
public enum ZMQEndpoints {
    /// A loopback TCP endpoint on a port that was free a moment ago, for when
    /// the endpoint must be known before its server exists (a client that
    /// starts first).
    ///
    /// libzmq closes listeners asynchronously on its I/O thread, so a port
    /// probed with a ZeroMQ socket may still be taken right after `close`;
    /// the probe is therefore a plain socket, released synchronously.
    public static func freeLoopbackTCP() throws(ZMQError) -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ZMQError(operation: "socket", code: errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw ZMQError(operation: "bind(tcp://127.0.0.1:0)", code: errno) }
        return "tcp://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    }

    /// A process-unique `inproc://` endpoint, `inproc://<prefix>.<uuid>`.
    public static func uniqueInproc(_ prefix: String = "arena") -> String {
        "inproc://\(prefix).\(UUID().uuidString)"
    }
}
