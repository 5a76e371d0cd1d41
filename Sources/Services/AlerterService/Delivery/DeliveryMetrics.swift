import Metrics

/// The alerter's delivery counters for one destination (Prometheus, `/metrics`).
struct DeliveryMetrics: Sendable {
    let delivered: Counter
    let failed: Counter
    let skipped: Counter
    let retries: Counter
    let rateLimited: Counter
    let requests: Counter

    init(destination: String) {
        func counter(_ outcome: String) -> Counter {
            Counter(label: "arena_alerter_deliveries_total", dimensions: [("destination", destination), ("outcome", outcome)])
        }
        delivered = counter("delivered")
        failed = counter("failed")
        skipped = counter("skipped")
        retries = Counter(label: "arena_alerter_retries_total", dimensions: [("destination", destination)])
        rateLimited = Counter(label: "arena_alerter_rate_limited_total", dimensions: [("destination", destination)])
        requests = Counter(label: "arena_alerter_requests_total", dimensions: [("destination", destination)])
    }
}
