import ArenaCore

/// Which services are alive, from their heartbeats (spec §9: service down on missed heartbeats).
///
/// A service is down when it has sent nothing for `liveness` of its promised intervals (or,
/// never heard from, for the start-up grace after the watch began). It recovers on its next
/// heartbeat; a heartbeat from a new instance is a restart; a `STOPPING` heartbeat is a clean
/// stop, not an outage. Times are the watcher's receive times in milliseconds.
public struct HeartbeatWatch: Sendable {
    /// Missed intervals before a service is declared down.
    public let liveness: Int
    /// How long a watched service may stay unheard after the watch starts.
    public let startupGraceMilliseconds: Int64
    private let startedAt: Int64
    private var peers: [String: Peer]

    struct Peer: Sendable {
        var instance: String?
        var lastBeat: Int64?
        var intervalMilliseconds: Int64
        var state: ServiceState?
        var down = false
        var stopped = false
    }

    /// A change worth an alert.
    public enum Event: Sendable, Equatable {
        /// Silent for `silentMilliseconds`; `lastState` is nil when it was never heard from.
        case down(service: String, silentMilliseconds: Int64, lastState: ServiceState?)
        /// Heard again after being down for `downMilliseconds`.
        case recovered(service: String, downMilliseconds: Int64)
        /// A new instance replaced `previous`.
        case restarted(service: String, previous: String, current: String)
        /// Said it is stopping.
        case stopped(service: String)
    }

    /// A watch over `services`, starting at `now`.
    public init(services: [String], liveness: Int, defaultIntervalMilliseconds: Int64, startupGraceMilliseconds: Int64, now: Int64) {
        self.liveness = max(1, liveness)
        self.startupGraceMilliseconds = startupGraceMilliseconds
        self.startedAt = now
        peers = Dictionary(uniqueKeysWithValues: services.map { ($0, Peer(intervalMilliseconds: defaultIntervalMilliseconds)) })
    }

    /// Takes a heartbeat received at `now`.
    public mutating func observe(_ beat: Heartbeat, at now: Int64) -> [Event] {
        let name = beat.service.value
        var peer = peers[name] ?? Peer(intervalMilliseconds: beat.intervalMilliseconds)
        var events: [Event] = []
        if let previous = peer.instance, previous != beat.instance {
            events.append(.restarted(service: name, previous: previous, current: beat.instance))
        }
        if peer.down {
            events.append(.recovered(service: name, downMilliseconds: now - (peer.lastBeat ?? startedAt)))
            peer.down = false
        }
        if beat.state == .stopping, !peer.stopped { events.append(.stopped(service: name)) }
        peer.stopped = beat.state == .stopping
        peer.instance = beat.instance
        peer.lastBeat = now
        peer.state = beat.state
        peer.intervalMilliseconds = max(1, beat.intervalMilliseconds)
        peers[name] = peer
        return events
    }

    /// The services that have gone silent by `now` (each reported once per outage).
    public mutating func check(at now: Int64) -> [Event] {
        var events: [Event] = []
        for name in peers.keys.sorted() {
            guard var peer = peers[name], !peer.down, !peer.stopped else { continue }
            let deadline = peer.lastBeat.map { $0 + Int64(liveness) * peer.intervalMilliseconds } ?? (startedAt + startupGraceMilliseconds)
            guard now > deadline else { continue }
            peer.down = true
            peers[name] = peer
            events.append(.down(service: name, silentMilliseconds: now - (peer.lastBeat ?? startedAt), lastState: peer.state))
        }
        return events
    }

    /// The watched services that are down now.
    public var down: [String] { peers.filter(\.value.down).map(\.key).sorted() }
}
