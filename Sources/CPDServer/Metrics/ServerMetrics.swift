import CPDCore
import Prometheus
import Synchronization

/// The service's Prometheus metrics, in a registry of its own (no global bootstrap, so every
/// application, in tests too, counts separately).
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let lookupLatency: DurationHistogram
    private let pictureLatency: DurationHistogram
    private let uploadBytes: ValueHistogram
    /// The request counters made so far, so a request does not rebuild its labels.
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    /// The request-duration histograms made so far, by route pattern.
    private let requestDurations = Mutex<[String: DurationHistogram]>([:])

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    /// Metrics of a build `version` from `commit` (`cpdcert_build_info`).
    init(version: String = BuildInfo.version, commit: String = BuildInfo.commit) {
        registry.makeGauge(
            descriptor: .init(
                namespace: "cpdcert", metricName: "build", unitName: "info", helpText: "The running build: version and commit; always 1."),
            labels: [("version", version), ("commit", commit)]
        ).set(to: 1)
        lookupLatency = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "cpdcert", metricName: "lookup_duration", unitName: "seconds",
                helpText: "Time to look a certificate up in the registry, by ID or by PDF hash."),
            buckets: [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                .seconds(1),
            ])
        pictureLatency = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "cpdcert", metricName: "picture_duration", unitName: "seconds",
                helpText: "Time to produce a certificate picture (cached or drawn)."),
            buckets: [
                .milliseconds(1), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                .seconds(1), .seconds(2.5),
            ])
        uploadBytes = registry.makeValueHistogram(
            descriptor: .init(
                namespace: "cpdcert", metricName: "upload", unitName: "bytes", helpText: "Sizes of the PDFs uploaded for checking."),
            buckets: [1024, 16384, 65536, 262_144, 1_048_576, 5_242_880])
    }

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "cpdcert", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests answered, by route pattern, method and status.")
    }
    private static var refusals: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "cpdcert", metricName: "rate_limited", unitName: "total", helpText: "Requests refused with 429, by limit.")
    }

    /// Counts one answered request.
    func requestFinished(route: String, method: String, status: Int) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Times one answered request, from its head arriving to its response being made.
    func recordRequest(route: String, duration: Duration) {
        let histogram = requestDurations.withLock { histograms in
            if let histogram = histograms[route] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: .init(
                    namespace: "cpdcert", metricName: "http_request_duration", unitName: "seconds",
                    helpText: "Time to answer an HTTP request, by route pattern."),
                labels: [("route", route)], buckets: Self.requestBuckets)
            histograms[route] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    private static let requestBuckets: [Duration] = [
        .microseconds(250), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        .seconds(10),
    ]

    /// Makes the refusal counter of a rate limit, so it is exported (at 0) before the first refusal.
    func registerRateLimit(_ bucket: String) {
        _ = registry.makeCounter(descriptor: Self.refusals, labels: [("bucket", bucket)])
    }

    /// Counts one request refused by the rate limiter.
    func rateLimited(_ bucket: String) {
        registry.makeCounter(descriptor: Self.refusals, labels: [("bucket", bucket)]).increment()
    }

    /// Times one registry lookup.
    func recordLookup(_ duration: Duration) { lookupLatency.record(duration) }

    /// Times one picture request.
    func recordPicture(_ duration: Duration) { pictureLatency.record(duration) }

    /// Records an uploaded PDF's size.
    func recordUpload(bytes: Int) { uploadBytes.record(Double(bytes)) }

    /// The Prometheus text exposition (version 0.0.4).
    /// The process's own metrics (`process_*`, from /proc) come after the service's.
    func exposition() -> [UInt8] {
        var bytes = registry.emitToBuffer()
        if let process = ProcessMetrics.current() { bytes.append(contentsOf: process.exposition.utf8) }
        return bytes
    }
}
