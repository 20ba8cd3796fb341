/// The OpenAPI 3.1 description of the console's API, served at `/api/v1/admin/openapi.yaml`
/// (the public verification service describes its own routes at `serve`'s `/openapi.yaml`). The
/// console tests check that the routes are exactly these operations.
enum ConsoleOpenAPI {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: cpdcert organiser console API
          version: 1.0.0
          summary: The organiser console's operations for integrations.
          description: |
            Every operation needs an API token (cpdcert users token EMAIL), sent as
            Authorization: Bearer <token>; it acts with its account's role: admins on every
            event, organisers on their own events only (another's answers 404), auditors read
            only (a change answers 403). A session cookie is never accepted here. Errors are
            {"error": "..."} with the status that says what kind.
          license:
            name: MIT
            identifier: MIT
        security:
          - token: []
        paths:
          /api/v1/admin/events:
            get:
              operationId: listEvents
              summary: The events this token's account may see.
              responses:
                '200':
                  description: The events.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [events]
                        properties:
                          events:
                            type: array
                            items:
                              type: object
                              required: [id, title, owner_id]
                              properties:
                                id: {type: string}
                                title: {type: string}
                                owner_id: {type: integer}
                '401': {$ref: '#/components/responses/Unauthorized'}
            post:
              operationId: createEvent
              summary: Add an event and its attendance report, checked as an uploaded event.yaml and report are; the token's account owns it.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [event, attendance]
                      properties:
                        event:
                          type: object
                          description: >-
                            The keys of event.yaml (id, title, organiser {name, url}, format, schedule {time_zone,
                            start, end} or {time_zone, sessions}, cpd_hours, learning_outcomes, signatory {name, role},
                            verification {base_url}, template, attendance {minimum_fraction or minimum_minutes,
                            per_session}), as JSON.
                        attendance:
                          type: object
                          required: [content]
                          properties:
                            file_name: {type: string, description: The name the platform exported it under.}
                            content: {type: string, description: The report (Zoom, Teams or CSV) as UTF-8 text.}
              responses:
                '201':
                  description: The event, kept; its review.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Review'}
                '400': {$ref: '#/components/responses/Malformed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '409':
                  description: An event with this ID exists and is another account's.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '413': {$ref: '#/components/responses/TooLarge'}
                '422':
                  description: Every problem found in the event (each with its key path, e.g. event.schedule.start) or the report.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Problems'}
          /api/v1/admin/events/{id}:
            get:
              operationId: reviewEvent
              summary: Who qualifies and why, the rejected rows by line, and how many certificates a batch would issue.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '200':
                  description: The review.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Review'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/v1/admin/events/{id}/jobs:
            get:
              operationId: listJobs
              summary: The event's batches, newest first, with the running one's progress.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '200':
                  description: The batches.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [jobs]
                        properties:
                          jobs: {type: array, items: {$ref: '#/components/schemas/Job'}}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {$ref: '#/components/responses/NotFound'}
            post:
              operationId: startJob
              summary: Issue what the event's attendance report makes due, in the background.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '202':
                  description: The batch, queued; poll listJobs.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Job'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/v1/admin/events/{id}/certificates:
            get:
              operationId: listCertificates
              summary: The event's certificates.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '200':
                  description: The certificates.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [certificates]
                        properties:
                          certificates: {type: array, items: {$ref: '#/components/schemas/Certificate'}}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/v1/admin/events/{id}/send:
            post:
              operationId: sendEvent
              summary: >-
                Email each valid certificate of the event the relay has not accepted yet, in the background, as cpdcert send
                does; with retry_failed, those whose earlier attempts failed too. Revoked and superseded ones are never sent.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        retry_failed: {type: boolean, default: false}
              responses:
                '202':
                  description: The send job, queued behind any job before it; poll listJobs.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Job'}
                '400': {$ref: '#/components/responses/Malformed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
          /api/v1/admin/events/{id}/files:
            post:
              operationId: addFile
              summary: >-
                Add a file beside the event's attendance report: another report of the event (merged per person, time in
                both counted once), the registration list, or a CSV of linked addresses, as cpdcert issue takes a second
                --attendance, --roster and --aliases. Who qualifies is worked out again from every file.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [file_name, content]
                      properties:
                        kind: {type: string, enum: [attendance, roster, aliases], default: attendance}
                        file_name: {type: string}
                        content: {type: string, description: The file's text.}
              responses:
                '201':
                  description: The review, from every file.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Review'}
                '400': {$ref: '#/components/responses/Malformed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '413': {$ref: '#/components/responses/TooLarge'}
                '422':
                  description: The files cannot be read together, or the event has such a file already.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Problems'}
          /api/v1/admin/events/{id}/shares:
            get:
              operationId: listShares
              summary: The organisers the event is shared with (they see it and work on it as its owner does).
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '200':
                  description: Their addresses.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Shares'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {$ref: '#/components/responses/NotFound'}
            put:
              operationId: setShares
              summary: >-
                Share the event with exactly these organisers from now on (those left out stop sharing it); only its owner
                and admins may. Nothing changes when one address is refused.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Shares'}
              responses:
                '200':
                  description: The organisers it is now shared with.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Shares'}
                '400': {$ref: '#/components/responses/Malformed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '422':
                  description: An address that is no active organiser's account (or the owner's), by its index.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Problems'}
          /api/v1/admin/events/{id}/deliveries:
            get:
              operationId: listDeliveries
              summary: The event's delivery log, every attempt in the order made, and the counts the next send goes by.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              responses:
                '200':
                  description: The delivery log.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Deliveries'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/v1/admin/events/{id}/correct:
            post:
              operationId: correctEvent
              summary: >-
                After the event's details changed: supersede every valid certificate that prints differently under the changed
                definition (the same event ID) by a new one (a new ID and PDF), with a reason; the token's account is the operator
                and the new certificates' issuer. The changed definition becomes the event's.
              parameters: [{$ref: '#/components/parameters/EventID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [event, reason]
                      properties:
                        event: {type: object, description: The keys of event.yaml as for createEvent, changed; the same id.}
                        reason: {type: string}
              responses:
                '200':
                  description: What was done.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [event_id, definition_changes, corrected, unchanged, repaired]
                        properties:
                          event_id: {type: string}
                          definition_changes: {type: array, items: {type: string}, description: "Field by field: title: 'old' -> 'new'."}
                          corrected: {type: integer, description: Certificates superseded by a corrected one now.}
                          unchanged: {type: integer, description: Valid certificates that print the same.}
                          repaired: {type: integer, description: PDFs of an interrupted correction written again.}
                '400': {$ref: '#/components/responses/Malformed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
                '413': {$ref: '#/components/responses/TooLarge'}
                '422':
                  description: No reason, or every problem found in the event (each with its key path), or another event's ID.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Problems'}
          /api/v1/admin/certificates/{id}/revoke:
            post:
              operationId: revokeCertificate
              summary: Revoke a certificate with a reason code and an optional note; the token's account is the operator.
              parameters: [{$ref: '#/components/parameters/CertificateID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reason]
                      properties:
                        reason: {type: string, enum: [issued-in-error, attendance-disputed, fraudulent, requested-by-attendee]}
                        note: {type: string}
              responses:
                '200': {$ref: '#/components/responses/Changed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
                '422': {$ref: '#/components/responses/Invalid'}
          /api/v1/admin/certificates/{id}/send:
            post:
              operationId: sendCertificate
              summary: Email this valid certificate again, although the relay accepted it before, in the background.
              parameters: [{$ref: '#/components/parameters/CertificateID'}]
              responses:
                '202':
                  description: The send job, queued; poll listJobs of its event.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Job'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
          /api/v1/admin/certificates/{id}/reinstate:
            post:
              operationId: reinstateCertificate
              summary: Undo a revocation made in error, saying why; the token's account is the operator.
              parameters: [{$ref: '#/components/parameters/CertificateID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reason]
                      properties:
                        reason: {type: string}
              responses:
                '200': {$ref: '#/components/responses/Changed'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
                '422': {$ref: '#/components/responses/Invalid'}
          /api/v1/admin/certificates/{id}/correct:
            post:
              operationId: correctCertificate
              summary: >-
                Issue a corrected certificate (a new ID and PDF) that supersedes this one, with a reason; the token's account is
                the operator and its issuer. Only certificates of events the console holds.
              parameters: [{$ref: '#/components/parameters/CertificateID'}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reason]
                      properties:
                        name: {type: string, description: The name as it should be printed; absent keeps it.}
                        job_title: {type: string, description: Absent keeps it; empty removes it.}
                        organisation: {type: string, description: Absent keeps it; empty removes it.}
                        reason: {type: string}
              responses:
                '200':
                  description: The corrected certificate, now in force.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Certificate'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {$ref: '#/components/responses/Forbidden'}
                '404': {$ref: '#/components/responses/NotFound'}
                '409': {$ref: '#/components/responses/Conflict'}
                '422': {$ref: '#/components/responses/Invalid'}
          /api/v1/admin/openapi.yaml:
            get:
              operationId: getConsoleOpenAPI
              summary: This document.
              security: []
              responses:
                '200':
                  description: The document.
                  content:
                    application/yaml: {}
        components:
          securitySchemes:
            token: {type: http, scheme: bearer}
          parameters:
            EventID: {name: id, in: path, required: true, schema: {type: string}}
            CertificateID: {name: id, in: path, required: true, schema: {type: string}}
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error: {type: string}
            Review:
              type: object
              required: [id, title, due, people, rejected]
              properties:
                id: {type: string}
                title: {type: string}
                due: {type: integer, description: Certificates a batch would issue now.}
                people:
                  type: array
                  items:
                    type: object
                    required: [name, email, minutes, eligible, why]
                    properties:
                      line: {type: integer}
                      name: {type: string}
                      email: {type: string}
                      minutes: {type: integer}
                      eligible: {type: boolean}
                      why: {type: string}
                      certificate: {type: string, description: The certificate already issued.}
                rejected:
                  type: array
                  items:
                    type: object
                    required: [file, message]
                    properties:
                      file: {type: string}
                      line: {type: integer}
                      message: {type: string}
            Problems:
              type: object
              required: [error, problems]
              properties:
                error: {type: string}
                problems:
                  type: array
                  items:
                    type: object
                    required: [path, message]
                    properties:
                      path: {type: string}
                      message: {type: string}
            Job:
              type: object
              required: [id, event_id, kind, state, total, done, issued, failed, message]
              properties:
                id: {type: integer}
                event_id: {type: string}
                kind: {type: string, enum: [issue, send], description: A batch that issues, or a job that emails.}
                state: {type: string, enum: [queued, running, finished, failed]}
                total: {type: integer}
                done: {type: integer}
                issued: {type: integer, description: Issued, or for a send job sent (accepted by the relay).}
                failed: {type: integer}
                message: {type: string}
            Shares:
              type: object
              required: [shared_with]
              properties:
                shared_with: {type: array, items: {type: string, format: email}}
            Deliveries:
              type: object
              required: [delivered, failed, to_send, attempts]
              properties:
                delivered: {type: integer, description: Valid certificates the relay accepted.}
                failed: {type: integer, description: Valid certificates whose latest attempts failed (sent again with retry_failed).}
                to_send: {type: integer, description: Valid certificates the next send sends.}
                attempts:
                  type: array
                  items:
                    type: object
                    required: [certificate_id, attempt, outcome, reply, message_id, at]
                    properties:
                      certificate_id: {type: string}
                      attempt: {type: integer}
                      outcome: {type: string, enum: [accepted, temporary_failure, permanent_failure]}
                      reply: {type: string, description: 'The relay''s reply as it wrote it, or "no reply: ..."'}
                      message_id: {type: string}
                      at: {type: string, format: date-time}
            Certificate:
              type: object
              required: [id, name, status, issued_at]
              properties:
                id: {type: string}
                name: {type: string}
                status: {type: string, enum: [valid, revoked, superseded]}
                issued_at: {type: string, format: date-time}
                issued_by: {type: string, description: Who issued it; absent for certificates issued before it was recorded.}
          responses:
            Changed:
              description: The certificate as it now stands.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Certificate'}
            Unauthorized:
              description: No live API token.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            Forbidden:
              description: The token's account may not change this (an auditor's).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            NotFound:
              description: No such event or certificate, or not this account's to see.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            Conflict:
              description: The operation refused (not in force, not revoked, a console started without a relay).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            Malformed:
              description: The body is not the JSON the endpoint takes.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            TooLarge:
              description: The body is larger than the console accepts.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            Invalid:
              description: A value the endpoint does not take (a reason, a name, nothing to change).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
        """
}
