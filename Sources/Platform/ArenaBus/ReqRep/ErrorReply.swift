import ArenaCore

/// Error replies: repliers send one instead of a normal answer when they
/// cannot answer, and requesters turn it into ``BusError/remote(_:)``.
/// Handlers may throw an `ErrorReply` to choose the code and text; any other
/// error becomes code ``Code/handlerFailed``.
extension ErrorReply {
    /// Codes the bus itself uses. Services may add their own (a stable
    /// lower-case machine key, like `"insufficient_margin"`).
    public enum Code {
        /// The request frame was not a valid envelope.
        public static let malformedRequest = "malformed_request"
        /// The replier serves no handler for the request's message type.
        public static let unsupportedType = "unsupported_message_type"
        /// The request decoded but its body did not match the expected type.
        public static let badRequest = "bad_request"
        /// The handler threw an error that is not an `ErrorReply`.
        public static let handlerFailed = "handler_failed"
        /// The replier is shutting down.
        public static let unavailable = "unavailable"
    }
}
