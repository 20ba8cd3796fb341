/// The delivery log in memory: the twin of the registry's `delivery_attempt` table.
public actor InMemoryDeliveryLog: DeliveryLog {
    private var attempts: [DeliveryAttempt] = []

    /// An empty log.
    public init() {}

    public func recordDelivery(_ attempt: DeliveryAttempt) async throws {
        attempts.append(attempt)
    }

    public func deliveries(eventID: String) async throws -> [DeliveryAttempt] {
        attempts.filter { $0.eventID == eventID }
    }
}
