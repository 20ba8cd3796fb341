/// The OpenAPI 3.1 description of every route, served at `/openapi.yaml`. The server tests check
/// real responses against it: status codes, content types and required fields.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: cpdcert verification service
          version: 1.0.0
          summary: Check CPD certificates of attendance by ID or by PDF.
          description: |
            Answers whether a certificate is genuine and in force, shows what was printed on it,
            and checks whether a PDF file is exactly a certificate as issued. Never returns the
            attendee's email address. Lookups and uploads are rate-limited per client address
            (429 with Retry-After). Every response carries an X-Request-ID header: the request's
            own X-Request-ID when it is 1 to 128 visible ASCII characters, else the trace ID of a
            valid W3C traceparent, else a new one. A path below
            with a method it does not list (TRACE, DELETE, PUT, ...) answers 405 with an Allow
            header naming the methods it takes (HEAD goes with every GET); any other path, 404.
          license:
            name: MIT
            identifier: MIT
        paths:
          /api/v1/certificates/{id}:
            get:
              operationId: getCertificate
              summary: A certificate's status and printed fields.
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The certificate, whatever its status.
                  headers:
                    X-Request-ID: {$ref: '#/components/headers/RequestID'}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Certificate'}
                '400':
                  description: Not an ID (malformed_id) or a mistyped one (mistyped_id).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '404':
                  description: No certificate with this ID (not_found).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '414': {$ref: '#/components/responses/TooLongJSON'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/certificates/{id}/credential:
            get:
              operationId: getCredential
              summary: The certificate's Open Badges 3.0 credential, signed (VC-JWT, RS256), for a wallet.
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The compact JWS, as issued beside the PDF.
                  content:
                    application/vc+jwt:
                      schema: {type: string}
                '400':
                  description: Not an ID (malformed_id) or a mistyped one (mistyped_id).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '404':
                  description: No such certificate, or it was issued without a credential (not_found).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '410':
                  description: The certificate was revoked; its credential is not offered (revoked). Copies already held show it in the status list.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '414': {$ref: '#/components/responses/TooLongJSON'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /.well-known/did.json:
            get:
              operationId: getDIDDocument
              summary: The issuer's did:web document, every credential key as a JWK (assertionMethod).
              responses:
                '200':
                  description: The DID document.
                  content:
                    application/did+json:
                      schema: {type: object}
                '404':
                  description: No credential was issued yet (no_key).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /status/1:
            get:
              operationId: getStatusList
              summary: The signed Bitstring Status List credential; a set bit is a revoked or superseded certificate.
              responses:
                '200':
                  description: The compact JWS of the status list credential.
                  content:
                    application/vc+jwt:
                      schema: {type: string}
                '404':
                  description: No credential was issued yet (not_found).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/verify-pdf:
            post:
              operationId: verifyPDF
              summary: Is this PDF exactly a certificate as issued?
              description: Send the PDF's bytes as the body. The answer names the certificate whose issued PDF has the same SHA-256, if any.
              requestBody:
                required: true
                content:
                  application/pdf:
                    schema:
                      type: string
                      contentMediaType: application/pdf
                      maxLength: 5242880
              responses:
                '200':
                  description: The upload's fingerprint and whether it matches an issued certificate.
                  headers:
                    X-Request-ID: {$ref: '#/components/headers/RequestID'}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/PDFCheck'}
                '400':
                  description: An empty body (empty_body).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '408':
                  description: The body did not arrive in time (request_timeout).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '413':
                  description: More than 5 MB (payload_too_large).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '415':
                  description: Not sent as application/pdf (unsupported_media_type).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '422':
                  description: The bytes are not a PDF (not_a_pdf).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /:
            get:
              operationId: startPage
              summary: The start page, with the ID form and the PDF upload form.
              responses:
                '200': {$ref: '#/components/responses/Page'}
          /c:
            get:
              operationId: lookupForm
              summary: The lenient ID form's target.
              description: Case, spaces, hyphens and the look-alikes O/0 and I/L/1 are forgiven. A found ID redirects to its page.
              parameters:
                - name: id
                  in: query
                  required: false
                  schema: {type: string, maxLength: 256}
              responses:
                '200': {$ref: '#/components/responses/Page'}
                '303': {$ref: '#/components/responses/Redirect'}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '404': {$ref: '#/components/responses/ProblemPage'}
                '414': {$ref: '#/components/responses/ProblemPage'}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
          /c/{id}:
            get:
              operationId: certificatePage
              summary: A certificate's page for people.
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200': {$ref: '#/components/responses/Page'}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '404': {$ref: '#/components/responses/ProblemPage'}
                '414': {$ref: '#/components/responses/ProblemPage'}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
          /c/{id}/certificate.png:
            get:
              operationId: certificatePicture
              summary: A picture of the certificate as issued, drawn from the registry's record.
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The picture.
                  content:
                    image/png:
                      schema: {type: string, contentMediaType: image/png}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '404':
                  description: No such certificate, or no picture of it (its template is not loaded or has changed).
                  content:
                    text/html:
                      schema: {type: string}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
                '503': {$ref: '#/components/responses/ProblemPage'}
          /c/{id}/certificate.pdf:
            get:
              operationId: certificatePDF
              summary: The certificate's PDF as issued, to download again (the bytes whose SHA-256 the registry holds).
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The PDF.
                  content:
                    application/pdf:
                      schema: {type: string, contentMediaType: application/pdf}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '404':
                  description: No such certificate, or no PDF that can be proved to be the one issued (pdf_unavailable).
                  content:
                    text/html:
                      schema: {type: string}
                '410':
                  description: The certificate was revoked; its PDF is not offered (revoked).
                  content:
                    text/html:
                      schema: {type: string}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
                '503': {$ref: '#/components/responses/ProblemPage'}
          /check:
            get:
              operationId: pdfCheckAnswer
              summary: The answer to a PDF upload, by the file's fingerprint; without one, the upload form.
              parameters:
                - name: sha256
                  in: query
                  required: false
                  schema: {type: string, pattern: '^[0-9a-fA-F]{64}$'}
                - name: id
                  in: query
                  required: false
                  schema: {type: string}
              responses:
                '200': {$ref: '#/components/responses/Page'}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
            post:
              operationId: pdfCheckUpload
              summary: The upload form's target; redirects to the answer.
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [pdf]
                      properties:
                        pdf: {type: string, contentMediaType: application/pdf}
                        id: {type: string}
              responses:
                '303': {$ref: '#/components/responses/Redirect'}
                '400': {$ref: '#/components/responses/ProblemPage'}
                '408': {$ref: '#/components/responses/ProblemPage'}
                '413': {$ref: '#/components/responses/ProblemPage'}
                '415': {$ref: '#/components/responses/ProblemPage'}
                '422': {$ref: '#/components/responses/ProblemPage'}
                '429': {$ref: '#/components/responses/RateLimitedPage'}
          /api/v1/certificates/{id}/pdf:
            get:
              operationId: getCertificatePDF
              summary: The certificate's PDF as issued (the bytes whose SHA-256 the registry holds).
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The PDF.
                  content:
                    application/pdf:
                      schema: {type: string, contentMediaType: application/pdf}
                '400':
                  description: Not an ID (malformed_id) or a mistyped one (mistyped_id).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '404':
                  description: No such certificate (not_found), or no PDF that can be proved to be the one issued (pdf_unavailable).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '410':
                  description: The certificate was revoked; its PDF is not offered (revoked).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '414': {$ref: '#/components/responses/TooLongJSON'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/certificates/{id}/proof:
            get:
              operationId: getCertificateProof
              summary: RFC 9162 inclusion proofs of a certificate's log entries against the latest signed checkpoint.
              parameters:
                - $ref: '#/components/parameters/CertificateID'
              responses:
                '200':
                  description: The proofs and the checkpoint they lead to.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Proof'}
                '400':
                  description: Not an ID (malformed_id) or a mistyped one (mistyped_id).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '404':
                  description: No such certificate in the log, or no signed checkpoint yet (no_proof).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '414': {$ref: '#/components/responses/TooLongJSON'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/log/checkpoint:
            get:
              operationId: getCheckpoint
              summary: The latest signed checkpoint of the transparency log (a C2SP signed note).
              responses:
                '200':
                  description: The signed note.
                  content:
                    text/plain:
                      schema: {type: string}
                '404':
                  description: No checkpoint has been signed yet (no_checkpoint).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/log/consistency:
            get:
              operationId: getConsistencyProof
              summary: RFC 9162 consistency proof between two sizes of the log.
              parameters:
                - {name: from, in: query, required: true, schema: {type: integer, minimum: 1}}
                - {name: to, in: query, required: true, schema: {type: integer, minimum: 1}}
              responses:
                '200':
                  description: The proof, hex hashes.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [from, to, proof]
                        properties:
                          from: {type: integer}
                          to: {type: integer}
                          proof: {type: array, items: {type: string}}
                '400':
                  description: Not a range of the log, 1 ≤ from ≤ to ≤ size (bad_range).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
                '503': {$ref: '#/components/responses/UnavailableJSON'}
          /api/v1/log/public-key:
            get:
              operationId: getLogPublicKey
              summary: The verifier key of the log's checkpoints (a C2SP note verifier key).
              responses:
                '200':
                  description: The key, one line.
                  content:
                    text/plain:
                      schema: {type: string}
                '404':
                  description: The server was started without the verifier key (no_key).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
                '429': {$ref: '#/components/responses/RateLimitedJSON'}
          /healthz:
            get:
              operationId: health
              summary: Liveness.
              responses:
                '200':
                  description: The server is up.
                  content:
                    text/plain:
                      schema: {type: string, const: "ok\\n"}
          /readyz:
            get:
              operationId: readiness
              summary: Readiness, for a load balancer; the registry answers a read.
              responses:
                '200':
                  description: Ready to answer lookups.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Readiness'}
                '503':
                  description: The registry cannot be read (missing, unreadable or failing); the reason says which, with Retry-After.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Readiness'}
          /metrics:
            get:
              operationId: metrics
              summary: Prometheus metrics (text exposition 0.0.4).
              responses:
                '200':
                  description: Requests by route and status, lookup latency, picture latency, upload sizes, rate-limit refusals.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              operationId: openAPI
              summary: This document.
              responses:
                '200':
                  description: The OpenAPI document.
                  content:
                    application/yaml:
                      schema: {type: string}
          /static/site.css:
            get:
              operationId: stylesheet
              summary: The pages' stylesheet.
              responses:
                '200':
                  description: CSS.
                  content:
                    text/css:
                      schema: {type: string}
                '304': {description: Not modified (If-None-Match).}
          /static/check.js:
            get:
              operationId: script
              summary: The upload form's drag and drop.
              responses:
                '200':
                  description: JavaScript.
                  content:
                    text/javascript:
                      schema: {type: string}
                '304': {description: Not modified (If-None-Match).}
        components:
          parameters:
            CertificateID:
              name: id
              in: path
              required: true
              description: The certificate ID as printed (XXXX-XXXX-XXXX-XXXX-XXXX); case, spaces and hyphens are forgiven.
              schema: {type: string, maxLength: 256}
          headers:
            RequestID:
              description: The request's ID, also in the server's log lines.
              schema: {type: string}
          responses:
            Redirect:
              description: See the page at Location (a found certificate, or the answer to an upload).
              headers:
                Location:
                  required: true
                  schema: {type: string}
            Page:
              description: An HTML page.
              content:
                text/html:
                  schema: {type: string}
            ProblemPage:
              description: An HTML page explaining the problem.
              content:
                text/html:
                  schema: {type: string}
            RateLimitedPage:
              description: Too many requests from this address (rate_limited).
              headers:
                Retry-After:
                  required: true
                  schema: {type: integer, minimum: 1}
              content:
                text/html:
                  schema: {type: string}
            RateLimitedJSON:
              description: Too many requests from this address (rate_limited).
              headers:
                Retry-After:
                  required: true
                  schema: {type: integer, minimum: 1}
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            TooLongJSON:
              description: The address is too long (uri_too_long).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
            UnavailableJSON:
              description: The registry cannot be read just now (registry_unavailable).
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
          schemas:
            Proof:
              type: object
              required: [certificate_id, tree_size, root_hash, checkpoint, entries]
              properties:
                certificate_id: {type: string}
                tree_size: {type: integer}
                root_hash: {type: string}
                checkpoint: {type: string, description: The signed note the proofs lead to.}
                entries:
                  type: array
                  items:
                    type: object
                    required: [index, entry, leaf_hash, inclusion_proof]
                    properties:
                      index: {type: integer}
                      entry: {type: string, description: The entry's canonical bytes, base64.}
                      leaf_hash: {type: string}
                      inclusion_proof: {type: array, items: {type: string}}
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code:
                      type: string
                      enum: [not_found, mistyped_id, malformed_id, route_not_found, method_not_allowed, bad_request, empty_body,
                             not_a_pdf, unsupported_media_type, payload_too_large, uri_too_long, request_timeout, rate_limited,
                             picture_unavailable, pdf_unavailable, revoked, busy, registry_unavailable, internal_error, no_proof, no_checkpoint, no_key,
                             bad_range]
                    message: {type: string}
            Readiness:
              type: object
              required: [status]
              properties:
                status: {type: string, enum: [ready, unavailable]}
                reason: {type: string}
            PDFCheck:
              type: object
              required: [sha256, match]
              properties:
                sha256: {type: string, pattern: '^[0-9a-f]{64}$'}
                match: {type: boolean}
                certificate: {$ref: '#/components/schemas/Certificate'}
            Certificate:
              type: object
              required: [id, status, verification_url, attendee, event, organiser, signatory, attendance, issue_date, issued_at, template, pdf_sha256]
              properties:
                id: {type: string, pattern: '^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$'}
                status: {type: string, enum: [valid, revoked, superseded]}
                status_change: {$ref: '#/components/schemas/StatusChange'}
                verification_url: {type: string}
                attendee:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    job_title: {type: string}
                    organisation: {type: string}
                event:
                  type: object
                  required: [id, title, format, date, times, cpd_hours, learning_outcomes]
                  properties:
                    id: {type: string}
                    title: {type: string}
                    format: {type: string}
                    date: {type: string}
                    times: {type: string}
                    cpd_hours: {type: string}
                    learning_outcomes: {type: array, items: {type: string}}
                organiser: {$ref: '#/components/schemas/Person'}
                signatory: {$ref: '#/components/schemas/Person'}
                attendance:
                  type: object
                  required: [attended_minutes, live_minutes, required_minutes, rule]
                  properties:
                    attended_minutes: {type: string, description: 'Minutes attended, e.g. "200" or "157.5".'}
                    live_minutes: {type: integer}
                    required_minutes: {type: string}
                    rule: {type: string}
                issue_date: {type: string}
                issued_at: {type: string, format: date-time}
                template: {type: string}
                pdf_sha256: {type: string, pattern: '^[0-9a-f]{64}$'}
            StatusChange:
              type: object
              required: [status, at]
              properties:
                status: {type: string, enum: [revoked, superseded]}
                at: {type: string, format: date-time}
                reason: {type: string, enum: [issued-in-error, attendance-disputed, fraudulent, requested-by-attendee]}
                reason_text: {type: string}
                replaced_by: {type: string, description: The certificate that superseded this one.}
                replacement_chain:
                  type: array
                  description: Every certificate that superseded this one in turn, the last being the current one.
                  items: {type: string}
                current_certificate: {type: string, description: The end of the replacement chain, the certificate to check instead.}
            Person:
              type: object
              required: [name]
              properties:
                name: {type: string}
                role: {type: string}
                url: {type: string}

        """
}
