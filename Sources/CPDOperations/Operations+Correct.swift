public import CPDCore
import Foundation

/// What a correction changes of the attendee's printed fields; nil leaves a field as issued.
public struct AttendeeChanges: Sendable, Equatable {
    /// The name as it should be printed.
    public var name: String?
    /// The job title; "" removes it.
    public var jobTitle: String?
    /// The organisation; "" removes it.
    public var organisation: String?

    /// Describes the changes.
    public init(name: String? = nil, jobTitle: String? = nil, organisation: String? = nil) {
        self.name = name
        self.jobTitle = jobTitle
        self.organisation = organisation
    }

    /// True when no field is given.
    public var isEmpty: Bool { name == nil && jobTitle == nil && organisation == nil }

    /// `content` with these changes, normalised as names are on import (NFC, trimmed).
    func applied(to content: CertificateContent) -> CertificateContent {
        var content = content
        if let name { content.attendeeName = name.trimmingWhitespace().precomposedNFC }
        if let jobTitle { content.jobTitle = jobTitle.isEmpty ? nil : jobTitle.precomposedNFC }
        if let organisation { content.organisation = organisation.isEmpty ? nil : organisation.precomposedNFC }
        return content
    }
}

/// What a correction did.
public struct Correction: Sendable {
    /// The certificate as it was, now superseded.
    public var old: Certificate
    /// The corrected certificate that supersedes it.
    public var new: Certificate
    public var checkpoint: CheckpointOutcome
}

extension Operations {
    /// Issues a corrected certificate (a new ID and PDF) that supersedes `id`, with `reason`
    /// kept in the registry. The new PDF is written to the output `makeOutput` makes, once the
    /// registry holds it (a refused correction touches no folder).
    ///
    /// `event`, when given, re-composes every printed field from the event definition (which must
    /// be the frozen one), so dates printed in another locale are right for the new issue date;
    /// without it, a template that prints such dates is refused.
    /// - Throws: `.nothingToChange`, `.notFound`, `.notInForce`, `.wrongEvent`, `.eventChanged`,
    ///   `.needsEvent`, `.unrenderable`, `.registry`, `.output`.
    public func correct(
        _ id: CertificateID, changes: AttendeeChanges, reason: String, by operatorName: String, event: Event? = nil,
        template: TemplatePackage, renderer: any CertificateRenderer, output makeOutput: () throws -> any CertificateOutput
    ) async throws(OperationError) -> Correction {
        guard !changes.isEmpty else { throw .nothingToChange(id) }
        let old = try await certificateInForce(id)
        let newID = random.certificateID()
        let now = self.now
        var content: CertificateContent
        if let event {
            guard event.id == old.eventID else { throw .wrongEvent(given: event.id, certificate: id, belongsTo: old.eventID) }
            // A correction re-composed from a changed definition would carry the change silently.
            do {
                try await EventGuard.check(event, registry: registry)
                let composer = try CertificateComposer(event: event, locales: template.template.dateLocales)
                content = composer.content(for: old.attendee, id: newID, issuedAt: now)
            } catch {
                throw OperationError(error)
            }
        } else {
            guard old.content.localized == nil else { throw .needsEvent(template: old.templateName) }
            content = old.content
            content.certificateID = newID.description
            content.verificationURL = String(old.content.verificationURL.dropLast(id.description.count)) + newID.description
            content.issuedAt = now
            content.issueDate = Self.issueDate(now)
        }
        content = changes.applied(to: content)
        let pdf: Data
        let recorder = RenderingInputsRecorder(package: template)
        let drawnFrom: (inputs: RenderingInputs, key: String)
        do {
            let rendered = try renderer.renderReportingFonts(content)
            pdf = rendered.pdf
            drawnFrom = try recorder.inputs(fonts: rendered.fontFiles)
        } catch {
            throw .unrenderable(newID, "the corrected certificate: \(error)")
        }
        let corrected = Certificate(
            id: newID, eventID: old.eventID, identity: old.identity, content: content, eligibility: old.eligibility,
            evidenceSHA256: old.evidenceSHA256, templateName: template.template.name, templateSHA256: Hex.sha256(template.hashInput),
            pdfSHA256: Hex.sha256(pdf), issuedAt: now, identitySalt: random.identitySalt(), supersedes: id,
            issuedBy: operatorName)
        let change = StatusChange(
            certificateID: id, status: .superseded, reason: nil, note: reason, operatorName: operatorName, at: now,
            replacedBy: newID)
        do {
            // What it was drawn from, archived before its row (as a batch does).
            try await recorder.archive(drawnFrom.inputs, key: drawnFrom.key, in: registry)
            try await registry.recordRenderings([newID: drawnFrom.key])
            try await registry.changeStatus(change, replacement: corrected)
            let output = try makeOutput()
            try output.write(pdf, named: corrected.fileName)
            try await signCredentials(for: [corrected], activity: event?.liveWindow, output: output)
            // The superseded certificate's bit is set even when the correction got no credential.
            try await publishStatusList()
        } catch {
            throw OperationError(error)
        }
        return Correction(old: old, new: corrected, checkpoint: try await checkpointAfterWrite())
    }

    /// "29 November 2026" in this machine's time zone (the event's zone is not stored).
    static func issueDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date)
    }

    /// The certificate `id`, which must be valid.
    func certificateInForce(_ id: CertificateID) async throws(OperationError) -> Certificate {
        let found: Certificate?
        do {
            found = try await registry.certificate(id: id)
        } catch {
            throw OperationError(error)
        }
        guard let found else { throw .notFound(id) }
        guard found.status == .valid else { throw .notInForce(id, found.status) }
        return found
    }
}
