import CPDCore
import Foundation

/// The most recently used pictures, and the renders in flight, so that a picture asked for
/// twice at once is drawn once.
actor PictureCache {
    private let capacity: Int
    private var entries: [CertificateID: Data] = [:]
    /// Least recently used first.
    private var order: [CertificateID] = []
    private var inFlight: [CertificateID: Task<Data, any Error>] = [:]

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The cached picture of `id`, else the one `render` draws (and caches).
    func picture(of id: CertificateID, render: @escaping @Sendable () async throws -> Data) async throws -> Data {
        if let data = entries[id] {
            touch(id)
            return data
        }
        if let task = inFlight[id] { return try await task.value }
        let task = Task { try await render() }
        inFlight[id] = task
        defer { inFlight[id] = nil }
        let data = try await task.value
        store(data, for: id)
        return data
    }

    /// Number of pictures held.
    var count: Int { entries.count }

    private func touch(_ id: CertificateID) {
        if let index = order.firstIndex(of: id) { order.remove(at: index) }
        order.append(id)
    }

    private func store(_ data: Data, for id: CertificateID) {
        guard capacity > 0 else { return }
        entries[id] = data
        touch(id)
        while order.count > capacity {
            entries[order.removeFirst()] = nil
        }
    }
}
