#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why process statistics could not be read.
public struct ProcessStatsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or field that was unreadable.
    public let source: String
    /// What was wrong with it.
    public let reason: String

    /// A one-line description for logs and messages.
    public var description: String { "\(source): \(reason)" }
}

/// This process's resource use as Linux reports it under `/proc`.
public struct ProcessStats: Sendable, Equatable {
    /// User plus system CPU time consumed.
    public var cpuSeconds: Double
    /// Resident set size.
    public var residentMemoryBytes: Double
    /// Virtual memory size.
    public var virtualMemoryBytes: Double
    /// When the process started, in seconds since the Unix epoch.
    public var startTimeSeconds: Double
    /// How long the process has been running.
    public var uptimeSeconds: Double
    /// Threads in the process.
    public var threads: Double
    /// Open file descriptors (sockets included), or `nil` if `/proc/self/fd` is unreadable.
    public var openFileDescriptors: Double?

    /// Reads the current values from `/proc/self/stat`, `/proc/stat`, `/proc/uptime` and `/proc/self/fd`.
    public static func current() throws(ProcessStatsError) -> ProcessStats {
        func read(_ path: String) throws(ProcessStatsError) -> String {
            do { return try TextFile.contents(of: path) } catch { throw ProcessStatsError(source: path, reason: error.reason) }
        }
        var stats = try parse(
            stat: try read("/proc/self/stat"), systemStat: try read("/proc/stat"), uptime: try read("/proc/uptime"),
            clockTicksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))), pageSize: Double(sysconf(Int32(_SC_PAGESIZE)))
        )
        stats.openFileDescriptors = countEntries(of: "/proc/self/fd")
        return stats
    }

    /// Parses the texts of `/proc/self/stat`, `/proc/stat` and `/proc/uptime` (see proc(5)).
    static func parse(
        stat: String, systemStat: String, uptime: String, clockTicksPerSecond: Double, pageSize: Double
    ) throws(ProcessStatsError) -> ProcessStats {
        // The command name (field 2) is in parentheses and may itself contain
        // spaces and parentheses, so fields are counted from the last ')'.
        guard let close = stat.lastIndex(of: ")") else {
            throw ProcessStatsError(source: "/proc/self/stat", reason: "no command name in parentheses")
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field n is fields[n - 3]. Field 24 (rss) is the last one read.
        guard fields.count >= 24 - 2 else {
            throw ProcessStatsError(source: "/proc/self/stat", reason: "has \(fields.count + 2) fields, expected at least 24")
        }
        func field(_ number: Int) throws(ProcessStatsError) -> Double {
            guard let value = Double(fields[number - 3]) else {
                throw ProcessStatsError(source: "/proc/self/stat", reason: "field \(number) is not a number")
            }
            return value
        }
        let bootTime = try Self.bootTime(systemStat)
        guard let systemUptime = uptime.split(separator: " ").first.flatMap({ Double($0) }) else {
            throw ProcessStatsError(source: "/proc/uptime", reason: "no uptime in seconds")
        }
        let startedAfterBoot = try field(22) / clockTicksPerSecond
        return ProcessStats(
            cpuSeconds: (try field(14) + (try field(15))) / clockTicksPerSecond,
            residentMemoryBytes: try field(24) * pageSize,
            virtualMemoryBytes: try field(23),
            startTimeSeconds: bootTime + startedAfterBoot,
            uptimeSeconds: max(0, systemUptime - startedAfterBoot),
            threads: try field(20),
            openFileDescriptors: nil
        )
    }

    /// The `btime` line of `/proc/stat`: boot time in seconds since the epoch.
    private static func bootTime(_ systemStat: String) throws(ProcessStatsError) -> Double {
        for line in systemStat.split(separator: "\n") where line.hasPrefix("btime ") {
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        throw ProcessStatsError(source: "/proc/stat", reason: "no btime line")
    }

    /// Entries of a directory less `.` and `..`, or `nil` if it cannot be opened.
    private static func countEntries(of path: String) -> Double? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        // The directory handle itself is one of the entries while it is open.
        return Double(max(0, count - 1))
    }
}
