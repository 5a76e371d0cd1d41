import ArenaCore

/// Turns one raw WebSocket (or REST) frame into normalised events.
///
/// `receiveTime` is when the recorder received the frame. Venue decoders
/// (Binance, OKX) supply this; the capture reader only finds the frames and
/// their receive times, so it is independent of any venue's JSON.
public typealias CaptureFrameDecoder = (_ frame: UnsafeBufferPointer<UInt8>, _ receiveTime: Timestamp) throws -> [MarketEvent]

/// The line layouts of raw capture files.
public enum CaptureFormat: String, Sendable, CaseIterable {
    /// hftbacktest: `<receive_ns> <json>`.
    case hftbacktest
    /// cryptofeed: `<receive_seconds_float>: <json>`; lines starting with a URL
    /// (the connection line, outgoing `<-` messages, REST `->` responses) are skipped.
    case cryptofeed

    /// The format of a data line, or nil when it is not one.
    static func detect(_ line: UnsafeBufferPointer<UInt8>) -> CaptureFormat? {
        guard let first = line.first, first &- UInt8(ascii: "0") <= 9 else { return nil }
        for c in line {
            if c == UInt8(ascii: " ") { return .hftbacktest }
            if c == UInt8(ascii: ":") { return .cryptofeed }
            if c &- UInt8(ascii: "0") > 9 && c != UInt8(ascii: ".") { return nil }
        }
        return nil
    }
}

/// Events from a raw capture file (gzipped or plain), one frame per line,
/// decoded by a venue's ``CaptureFrameDecoder``.
///
/// Each decoded event keeps the venue's own event time; the receive time is
/// the recorder's stamp. A line that is neither data nor a known header line,
/// a bad stamp, or a frame the decoder rejects stops the replay with the line number.
public struct CaptureSource: ReplaySource {
    public var name: String { lines.source }
    /// The detected or given format (nil until the first data line when detecting).
    public private(set) var format: CaptureFormat?
    /// Lines skipped as headers (cryptofeed connection and outgoing lines).
    public private(set) var skippedLines = 0
    private var lines: ByteLines
    private let decode: CaptureFrameDecoder
    private var queued: [MarketEvent] = []
    private var queuedIndex = 0

    /// Reads `lines`, decoding frames with `decoder`; `format` overrides detection.
    public init(lines: ByteLines, format: CaptureFormat? = nil, decoder: @escaping CaptureFrameDecoder) {
        self.lines = lines
        self.format = format
        decode = decoder
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        while queuedIndex == queued.count {
            guard let range = try lines.next() else { return nil }
            if range.isEmpty { continue }
            // The line is borrowed from `lines`, so the parse works on copies of the other state.
            var state = LineState(format: format, skipped: skippedLines, source: lines.source, line: lines.lineNumber)
            let decode = decode
            queued = try lines.withLine(range) { bytes throws(ReplayError) in try state.events(bytes, decode) }
            (format, skippedLines) = (state.format, state.skipped)
            queuedIndex = 0
        }
        defer { queuedIndex += 1 }
        return queued[queuedIndex]
    }

    /// `1633998512.0633569` seconds as exact nanoseconds (at most 9 fractional digits).
    static func seconds(_ b: UnsafeBufferPointer<UInt8>) throws(ExactNumber.Problem) -> Timestamp {
        let point = b.firstIndex(of: UInt8(ascii: ".")) ?? b.count
        let whole = try ASCIIField.integer(UnsafeBufferPointer(rebasing: b[..<point]))
        var nanos: Int64 = 0
        if point < b.count {
            let fraction = UnsafeBufferPointer(rebasing: b[(point + 1)...])
            guard fraction.count <= 9 else { throw ASCIIField.problem(b, "has more than 9 fractional digits") }
            nanos = fraction.isEmpty ? 0 : try ASCIIField.integer(fraction)
            for _ in fraction.count..<9 { nanos *= 10 }
        }
        let (ns, o) = whole.multipliedReportingOverflow(by: 1_000_000_000)
        guard !o else { throw ASCIIField.problem(b, "is out of range") }
        return Timestamp(nanoseconds: ns + nanos)
    }
}

/// The per-line parse of a capture, over copies of the source's state.
private struct LineState {
    var format: CaptureFormat?
    var skipped: Int
    let source: String
    let line: Int

    mutating func events(_ line: UnsafeBufferPointer<UInt8>, _ decode: CaptureFrameDecoder) throws(ReplayError) -> [MarketEvent] {
            let fmt: CaptureFormat
            if let format { fmt = format } else if let detected = CaptureFormat.detect(line) {
                fmt = detected
                format = detected
            } else if isHeaderLine(line) {
                skipped += 1
                return []
            } else {
                throw failure("the line is not a capture line (<receive_ns> <json> or <seconds>: <json>)")
            }
            if fmt == .cryptofeed && isHeaderLine(line) {
                skipped += 1
                return []
            }
            let separator = fmt == .hftbacktest ? UInt8(ascii: " ") : UInt8(ascii: ":")
            guard let cut = line.firstIndex(of: separator) else { throw failure("no separator after the receive time") }
            let stamp = UnsafeBufferPointer(rebasing: line[..<cut])
            var frameStart = cut + 1
            while frameStart < line.count && line[frameStart] == UInt8(ascii: " ") { frameStart += 1 }
            let receiveTime: Timestamp
            do {
                receiveTime = fmt == .hftbacktest ? Timestamp(nanoseconds: try ASCIIField.integer(stamp)) : try CaptureSource.seconds(stamp)
            } catch { throw failure(error.reason, field: "receive_time") }
            do { return try decode(UnsafeBufferPointer(rebasing: line[frameStart...]), receiveTime) } catch {
                throw failure("the frame does not decode: \(error)", field: "frame")
            }
        }

        /// cryptofeed's first line (`<url> <-> <ts>`) and its outgoing and REST lines start with a URL.
        private func isHeaderLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = line.first, TradeLayout.isLetter(first) else { return false }
            let text = String(decoding: line.prefix(4096), as: UTF8.self)
            return text.contains("://") && (text.contains(" <-> ") || text.contains(" <- ") || text.contains(" -> "))
        }

        private func failure(_ reason: String, field: String? = nil) -> ReplayError {
            ReplayError(source: source, line: line, field: field, reason: reason)
        }
}
