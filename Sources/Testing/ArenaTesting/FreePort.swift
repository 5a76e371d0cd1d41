#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Free loopback TCP ports for integration tests that start real processes
/// which must be told their ports up front.
public enum FreePort {
    /// A port the kernel just handed out for 127.0.0.1 (bound, read, released).
    /// Another process could take it before the caller binds it; tests accept that small race.
    public static func find() -> Int { distinct(1)[0] }

    /// `count` different free ports: all are held bound until every one is found,
    /// so none is handed out twice.
    ///
    /// They come from below the kernel's ephemeral range (32768–60999 on Linux): a
    /// port from that range can be taken, before the process told to bind it does, by
    /// any outgoing connection on the machine (ZeroMQ reconnecting to a peer that is
    /// down opens one every few hundred milliseconds), which failed a test now and then.
    public static func distinct(_ count: Int) -> [Int] {
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        return (0..<count).map { _ in
            let (fd, port) = bindBelowEphemeral() ?? bound(port: 0)!
            held.append(fd)
            return port
        }
    }

    /// Ports tried below the ephemeral range.
    static let quietRange = 20_000..<32_768

    /// A socket bound on a free port of ``quietRange`` (nil after many taken ones).
    private static func bindBelowEphemeral() -> (Int32, Int)? {
        for _ in 0..<500 {
            if let socket = bound(port: Int.random(in: quietRange)) { return socket }
        }
        return nil
    }

    /// A socket bound to 127.0.0.1 on `port` (0: the kernel's choice) and the port, or nil if it is taken.
    private static func bound(port: Int) -> (Int32, Int)? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(fd >= 0, "socket() failed")
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Bool in
                bind(fd, ptr, length) == 0 && getsockname(fd, ptr, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            precondition(port != 0, "bind() to 127.0.0.1:0 failed")
            return nil
        }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
