import Logging

extension Logger {
    /// The logger of a bus component, labelled `arena.bus.<pattern>` and tagged with its service.
    static func bus(_ label: String, service: String) -> Logger {
        var logger = Logger(label: label)
        logger[metadataKey: "service"] = "\(service)"
        return logger
    }
}
