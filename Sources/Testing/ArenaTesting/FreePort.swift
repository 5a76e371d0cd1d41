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
    /// so the kernel cannot hand out the same one twice.
    public static func distinct(_ count: Int) -> [Int] {
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        return (0..<count).map { _ in
            let (fd, port) = bindEphemeral()
            held.append(fd)
            return port
        }
    }

    /// A socket bound to 127.0.0.1 on a port of the kernel's choosing, and that port.
    private static func bindEphemeral() -> (Int32, Int) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(fd >= 0, "socket() failed")
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Bool in
                bind(fd, ptr, length) == 0 && getsockname(fd, ptr, &length) == 0
            }
        }
        precondition(bound, "bind() to 127.0.0.1:0 failed")
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
