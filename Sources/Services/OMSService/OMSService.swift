import ArenaBus
import ArenaCore
import ArenaRuntime
import Execution
import Logging
import ServiceLifecycle

/// The OMS (spec §7) as a ServiceLifecycle service.
///
/// On start it rebuilds its kernel from the journal, fetches from the
/// gateway's history the market data it missed while down (so a working
/// order fills on exactly the data it would have filled on), then follows
/// the gateway's stream: every input goes through the ``OrderManager``, and
/// at each tick boundary of market time every model's account is published.
/// Commands arrive on its REP socket (``OMSComponent``).
struct OMSService: Service, CustomStringConvertible {
    let context: HostContext
    let manager: OrderManager
    let market: any MessageSubscription
    let feed: MarketFeed
    let history: HistoryClient?
    let tickSeconds: Int64
    let status: OMSStatus
    /// Where the OMS's pace marks go: once it has applied a lockstep replay's minute, it says so.
    let outputs: ServiceOutputs
    /// At a live venue: the session that sends the kernel's instructions and brings back the venue's reports.
    let venue: VenueSession?

    var description: String { "OMSService" }

    func run() async throws {
        let logger = context.logger
        let ready = try context.readiness.register("ledgers", reason: "rebuilding the ledgers from the journal")
        let replayed = try await manager.recover()
        // What the venue may hold from before the restart, known before any new command.
        let inherited = Set(await manager.ordersAtVenue.map(\.spec.clientOrderID))
        if let venue { await manager.dispatchInstructions(to: venue.enqueue) }
        await manager.republishTail()
        // A crash between an input and its tick's accounts publishes them with the catch-up.
        let (lastTick, marketTime) = (await manager.lastTick, await manager.marketTime)
        var clock = TickBoundaries(seconds: tickSeconds, after: lastTick ?? marketTime)
        var seen = await manager.applied
        if let history, let since = marketTime {
            // From the last input's time itself: other symbols' inputs of that time may not have been applied.
            let missed = try await catchUp(since: since, from: history, logger: logger).filter { seen.isNew($0) }
            status.increment(.caughtUp, by: Int64(missed.count))
            if !missed.isEmpty { logger.notice("catching up on market data missed while down", metadata: ["events": "\(missed.count)", "since": "\(since)"]) }
            for input in missed { await apply(input, clock: &clock) }
        }
        let reached = await manager.marketTime.map { "\($0)" } ?? "none"
        logger.info("ledgers rebuilt", metadata: ["records": "\(replayed)", "market_time": "\(reached)"])
        ready.markReady()
        await withDiscardingTaskGroup { group in
            group.addTask { await flushWhileDown() }
            if let venue { group.addTask { await cancelWhenGracefulShutdown { await venue.run(inherited: inherited) } } }
            group.addTask { [clock, seen] in await cancelWhenGracefulShutdown { await follow(clock: clock, seen: seen, logger: logger) } }
            await (try? gracefulShutdown())
            group.cancelAll()
            await market.close()
        }
        _ = await manager.flush()
        logger.info("OMS stopped", metadata: ["counters": "\(status.counters)"])
    }

    private func follow(clock: TickBoundaries, seen: LatestInputs, logger: Logger) async {
        var clock = clock, seen = seen
        for await message in market.messages {
            status.increment(.streamMessages)
            if message.typeID == PaceMark.wireType.id {
                do { try await answer(try message.decode(PaceMark.self)) } catch is CancellationError { return } catch {
                    logger.warning("unreadable pace mark", metadata: ["error": "\(error)"])
                }
                continue
            }
            let input: MarketInput?
            do { input = try feed.input(message) } catch {
                logger.warning("unreadable market event", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
                continue
            }
            guard let input else { continue }
            guard seen.isNew(input) else {
                // The catch-up's overlap with the stream, or a repeat.
                status.increment(.marketEventsSkipped)
                continue
            }
            await apply(input, clock: &clock)
        }
    }

    /// Echoes a lockstep replay's mark: everything the gateway sent before it is applied (one input
    /// at a time, in order), and every command acknowledged before it was sent (the settle phase)
    /// is published. In lockstep done means durable: while the store is down the replay waits here
    /// (backing off, suspended), and no order is refused for want of a store that a held market
    /// would not need. The accounts go again before a data mark, for a service that restarted.
    private func answer(_ mark: PaceMark) async throws {
        var attempt = 0
        while manager.waitsForStore, !(await manager.flush()) {
            try await Task.sleep(for: Backoff.storeOutage.delay(attempt: attempt))
            attempt += 1
        }
        if mark.phase == .data { await manager.republishAccounts() }
        outputs.paceMark(through: mark.through, phase: mark.phase)
    }

    /// One input, then the accounts of a tick it completes.
    private func apply(_ input: MarketInput, clock: inout TickBoundaries) async {
        await manager.handle(input)
        if let tick = clock.crossed(by: input.time) { await manager.publishAccounts(at: tick) }
    }

    private func catchUp(since: Timestamp, from history: HistoryClient, logger: Logger) async throws -> [MarketInput] {
        var attempt = 0
        while true {
            do {
                return try await feed.history(from: since, from: history)
            } catch {
                attempt += 1
                if attempt == 1 || attempt % 10 == 0 {
                    logger.warning("gateway history unavailable; the catch-up waits for it", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Retries the journal every second while records wait in memory.
    private func flushWhileDown() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            await manager.flush()
        }
    }
}

/// The tick boundaries of market time (multiples of the tick interval since the epoch).
struct TickBoundaries: Sendable {
    let nanoseconds: Int64
    private var last: Int64?

    init(seconds: Int64, after time: Timestamp?) {
        nanoseconds = max(1, seconds) * 1_000_000_000
        last = time.map { $0.nanoseconds / nanoseconds * nanoseconds }
    }

    /// The latest boundary in (last, `time`], if `time` reached a new one.
    mutating func crossed(by time: Timestamp) -> Timestamp? {
        let boundary = time.nanoseconds / nanoseconds * nanoseconds
        guard boundary > (last ?? Int64.min), boundary <= time.nanoseconds else { return nil }
        let first = last == nil
        last = boundary
        // The first input only sets the clock: a tick is published once market time passes a boundary.
        return first && boundary < time.nanoseconds ? nil : Timestamp(nanoseconds: boundary)
    }
}

/// The latest input of each kind per symbol (by time; trades by id), so the
/// stream's overlap with a catch-up, or a repeat, is not applied twice.
struct LatestInputs: Sendable {
    private var latest: [String: Int64] = [:]

    private static func key(_ input: MarketInput) -> (String, Int64) {
        switch input {
        case .trade(let t): ("trade.\(t.symbol)", t.tradeID)
        case .bar(let b): ("bar.\(b.symbol)", b.openTime.nanoseconds)
        case .depth(let d): ("depth.\(d.symbol)", d.eventTime.nanoseconds)
        case .bookTop(let b): ("top.\(b.symbol)", b.eventTime.nanoseconds)
        case .funding(let f): ("funding.\(f.symbol)", f.eventTime.nanoseconds)
        }
    }

    /// Whether `input` comes after the last one of its kind and symbol (and notes it).
    mutating func isNew(_ input: MarketInput) -> Bool {
        let (key, position) = Self.key(input)
        if let last = latest[key], position <= last { return false }
        latest[key] = position
        return true
    }

}
