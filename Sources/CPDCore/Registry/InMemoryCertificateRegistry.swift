/// A `CertificateRegistry` in memory, with the same uniqueness rules as the SQLite one.
public actor InMemoryCertificateRegistry: CertificateRegistry {
    private var byID: [CertificateID: Certificate] = [:]
    private var byAttendee: [String: [AttendeeIdentity: CertificateID]] = [:]

    /// Creates an empty registry, or one holding `certificates`.
    public init(_ certificates: [Certificate] = []) {
        for certificate in certificates {
            byID[certificate.id] = certificate
            byAttendee[certificate.eventID, default: [:]][certificate.identity] = certificate.id
        }
    }

    public func certificate(id: CertificateID) -> Certificate? { byID[id] }

    public func issuedIDs(eventID: String) -> [AttendeeIdentity: CertificateID] {
        byAttendee[eventID] ?? [:]
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) -> [Certificate] {
        let ids = (byAttendee[eventID] ?? [:]).values.filter { after == nil || $0 > after! }.sorted()
        return ids.prefix(limit).compactMap { byID[$0] }
    }

    public func insert(_ certificates: [Certificate]) throws {
        var ids: Set<CertificateID> = []
        var attendees: Set<[String]> = []
        for certificate in certificates {
            guard byID[certificate.id] == nil, ids.insert(certificate.id).inserted else {
                throw RegistryError.duplicateID(certificate.id)
            }
            guard byAttendee[certificate.eventID]?[certificate.identity] == nil,
                attendees.insert([certificate.eventID, certificate.identity.email]).inserted
            else {
                throw RegistryError.duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
            }
        }
        for certificate in certificates {
            byID[certificate.id] = certificate
            byAttendee[certificate.eventID, default: [:]][certificate.identity] = certificate.id
        }
    }

    /// Number of certificates held.
    public var count: Int { byID.count }
}
