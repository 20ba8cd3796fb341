import HTTPTypes
import Hummingbird
import Synchronization

/// The router's route patterns, so that a request for a known path with a method it does not
/// take answers 405 with `Allow`, not "no page at this address". Filled once, when the routes
/// are registered and before the server starts; read on every unrouted request.
final class RoutePatterns: Sendable {
    private let patterns = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    /// Takes the routes of `router`.
    func load(from router: Router<VerificationRequestContext>) {
        let routes = router.routes.map { route in (route.method, "\(route.path)".split(separator: "/")) }
        patterns.withLock { $0 = routes }
    }

    /// The methods some route takes at `path`, sorted; empty when no route matches it.
    func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        let matching = patterns.withLock { patterns in
            patterns.filter { pattern in
                pattern.segments.count == segments.count
                    && zip(pattern.segments, segments).allSatisfy { Self.isCapture($0) || $0 == $1 }
            }.map(\.method)
        }
        // Hummingbird answers HEAD for every GET without listing it as a route.
        var methods = Set(matching.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted().compactMap { HTTPRequest.Method($0) }
    }

    /// A parameter segment of a route, as Hummingbird writes it (`{id}` or `:id`).
    private static func isCapture(_ segment: Substring) -> Bool {
        segment.hasPrefix(":") || (segment.hasPrefix("{") && segment.hasSuffix("}")) || segment == "*"
    }
}
