import ArenaCore

/// Why one venue message (a WebSocket frame or a REST body) could not become
/// market events.
///
/// Decoders never crash and never fill in a default: every frame they cannot
/// read exactly becomes one of these, so the gateway can count garbage per
/// ``Problem`` and log the frame's beginning.
public struct VenueMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for counting.
    public enum Problem: String, Sendable, Equatable, CaseIterable {
        /// Not UTF-8 JSON, or not the JSON shape a venue sends (truncated, wrong root).
        case notJSON
        /// A well-formed message of a kind this decoder does not handle.
        case unsupportedKind
        /// A field the kind requires is absent or null.
        case missingField
        /// A field is present but not the type or value it must be.
        case invalidValue
        /// An OKX `instId` (or other instrument) not in the decoder's table.
        case unknownInstrument
        /// The venue itself answered with an error (`{"code","msg"}`, OKX `event: error`).
        case venueError
    }

    /// How many characters of the frame are kept for the log.
    public static let framePrefixLength = 160

    /// The venue whose message failed.
    public var venue: VenueID
    /// The event kind when it was recognised (`aggTrade`, `trades`, …), else `frame`.
    public var kind: String
    /// The field at fault (`data.p`, `k.i`, `[3].open`), when one is.
    public var field: String?
    /// The class of failure.
    public var problem: Problem
    /// What is wrong, in words.
    public var reason: String
    /// The first ``framePrefixLength`` characters of the frame.
    public var framePrefix: String

    /// Creates an error; `frame` is cut to ``framePrefixLength`` characters.
    public init(venue: VenueID, kind: String, field: String?, problem: Problem, reason: String, frame: String) {
        self.venue = venue
        self.kind = kind
        self.field = field
        self.problem = problem
        self.reason = reason
        self.framePrefix = String(frame.prefix(Self.framePrefixLength))
    }

    public var description: String {
        let at = field.map { " field \($0):" } ?? ""
        return "\(venue) \(kind):\(at) \(problem.rawValue): \(reason) [frame: \(framePrefix)]"
    }
}

/// A failure found while reading one message, before the venue and frame are attached.
///
/// Payload conversions throw this; the decoder's entry point wraps it into a
/// ``VenueMessageError`` so the conversions need not carry the frame around.
struct FieldProblem: Error {
    var kind: String?
    var field: String?
    var problem: VenueMessageError.Problem
    var reason: String

    init(kind: String? = nil, field: String?, _ problem: VenueMessageError.Problem, _ reason: String) {
        self.kind = kind
        self.field = field
        self.problem = problem
        self.reason = reason
    }

    /// Attaches the venue and the frame.
    func error(venue: VenueID, frame: String, defaultKind: String) -> VenueMessageError {
        VenueMessageError(
            venue: venue, kind: kind ?? defaultKind, field: field, problem: problem, reason: reason, frame: frame
        )
    }
}
