import Hummingbird
import NIOCore

/// `/metrics`, the Prometheus text exposition, on the public listener or on one of its own.
struct MetricsRoutes {
    let metrics: ServerMetrics

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
