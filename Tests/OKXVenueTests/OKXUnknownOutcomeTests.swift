import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

@Suite(.timeLimit(.minutes(3))) struct OKXUnknownOutcomeTests {
    private func market(_ id: String) -> OKXOrderRequest { spotOrder(id, size: "0.01") }

    @Test func aTimedOutPlacementTheVenueFilledResolvesToExactlyOneFilledOrder() async throws {
        try await OKXHarness.run(configure: { $0.requestTimeout = .seconds(2) }) { h in
            // Accepted (and filled: a market order) at once, answered only after the client gave up.
            h.fake.injectPlacementFault(.acceptThenHold(.seconds(8)))
            do throws(OKXVenueError) {
                _ = try await h.client.placeOrder(market("late1"))
                Issue.record("the held placement was answered in time")
            } catch {
                #expect(error == .timedOut)
                #expect(error.outcome == .unknown)
            }
            guard case .found(let order) = try await h.client.resolveUnknown(clientOrderID: cid("late1")) else {
                Issue.record("the accepted order was not found")
                return
            }
            #expect(order.state == .filled && order.filledSize == dec("0.01") && order.averagePrice == 50_000)
            #expect(order.lastFill?.price == 50_000)
            #expect(h.fake.requests("POST /api/v5/trade/order") == 1)
            #expect(h.fake.placementsAccepted == 1)
            #expect(h.fake.orders.map(\.clOrdID) == ["late1"])
            #expect(h.fake.orders.map(\.state) == ["filled"])
            #expect(h.fake.balance("BTC") == dec("1.01"))
        }
    }

    @Test func aServerErrorIsAnUnknownOutcomeSettledByQuery() async throws {
        try await OKXHarness.run(configure: { $0.placementValidity = .seconds(1) }) { h in
            // The venue failed before taking the order: not found, and final once `expTime` has passed.
            h.fake.injectPlacementFault(.serverError(status: 503, accept: false))
            do throws(OKXVenueError) {
                _ = try await h.client.placeOrder(market("err1"))
                Issue.record("a 503 placement succeeded")
            } catch {
                guard case .http(503, _) = error else { throw error }
                #expect(error.outcome == .unknown)
            }
            #expect(try await h.client.resolveUnknown(clientOrderID: cid("err1")) == .notFound)
            // The venue took the order, then failed: found, once.
            h.fake.injectPlacementFault(.serverError(status: 500, accept: true))
            await #expect(throws: OKXVenueError.http(status: 500, bodyPrefix: #""Service Unavailable""#)) {
                try await h.client.placeOrder(market("err2"))
            }
            guard case .found(let order) = try await h.client.resolveUnknown(clientOrderID: cid("err2")) else {
                Issue.record("the accepted order was not found")
                return
            }
            #expect(order.state == .filled)
            #expect(h.fake.requests("POST /api/v5/trade/order") == 2)
            #expect(h.fake.orders.map(\.clOrdID) == ["err2"])
        }
    }

    @Test func aRateLimitAnswerStopsSendingUntilThePausePasses() async throws {
        try await OKXHarness.run(configure: { $0.rateLimitPause = .seconds(3) }) { h in
            try await h.client.synchronizeTime()
            h.fake.rateLimitNext(1)
            do throws(OKXVenueError) {
                _ = try await h.client.pendingOrders()
                Issue.record("the rate-limited request succeeded")
            } catch {
                guard case .api(.rateLimitReached, _, 429) = error else { throw error }
                #expect(error.outcome == .retryAfter(nil))
            }
            #expect(h.fake.requests("GET /api/v5/trade/orders-pending") == 1)
            // While paused, nothing reaches the venue: not a balance query, not a placement.
            do throws(OKXVenueError) {
                _ = try await h.client.balances()
                Issue.record("a request went out during the pause")
            } catch {
                guard case .rateLimitedLocally(let remaining) = error else { throw error }
                #expect(remaining > .zero && remaining <= .seconds(3))
                #expect(error.outcome == .retryAfter(remaining))
            }
            await #expect(throws: OKXVenueError.self) { try await h.client.placeOrder(market("paused1")) }
            #expect(h.fake.requests("GET /api/v5/account/balance") == 0)
            #expect(h.fake.requests("POST /api/v5/trade/order") == 0)
            // Once it has passed, requests go again.
            try await eventually("the pause to pass") { (try? await h.client.balances()) != nil }
            #expect(h.fake.requests("GET /api/v5/account/balance") == 1)
        }
    }

    @Test func theFakeVerifiesSignaturePassphraseAndTheDemoHeader() async throws {
        // A wrong secret: the signature does not verify (50113), so the fake really checks it.
        try await OKXHarness.run(credentials: { c in
            try OKXCredentials(apiKey: c.apiKey, secretKey: c.secretKey + "x", passphrase: c.passphrase)
        }) { h in
            do throws(OKXVenueError) {
                _ = try await h.client.balances()
                Issue.record("a badly signed request was accepted")
            } catch {
                guard case .api(.invalidSign, "Invalid Sign", 401) = error else { throw error }
                #expect(error.outcome == .rejected)
            }
            await #expect(throws: OKXVenueError.self) { try await h.client.placeOrder(market("badsig1")) }
            #expect(h.fake.orders.isEmpty)
        }
        try await OKXHarness.run(credentials: { c in
            try OKXCredentials(apiKey: c.apiKey, secretKey: c.secretKey, passphrase: "wrong")
        }) { h in
            await #expect(throws: OKXVenueError.api(.passphraseIncorrect, message: "Request header OK-ACCESS-PASSPHRASE incorrect.", httpStatus: 401)) {
                try await h.client.balances()
            }
        }
        // Without `x-simulated-trading: 1` a demo venue refuses (50101) and counts a production request.
        try await OKXHarness.run(simulatedTrading: false) { h in
            await #expect(throws: OKXVenueError.api(.apiKeyEnvironmentMismatch, message: "APIKey does not match current environment.", httpStatus: 401)) {
                try await h.client.balances()
            }
            #expect(h.fake.productionRequests > 0)
        }
        // With it, none: every request of a demo client carries the header.
        try await OKXHarness.run { h in
            _ = try await h.client.balances()
            _ = try await h.client.fills()
            #expect(h.fake.productionRequests == 0)
            #expect(h.fake.apiKeysSeen == [h.fake.apiKey])
        }
    }
}
