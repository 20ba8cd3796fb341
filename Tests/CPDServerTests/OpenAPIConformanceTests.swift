import CPDCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@testable import CPDServer

/// Sends every catalogued request and checks each real response against the OpenAPI document
/// the server serves: the status is documented for the route, the content type is one it lists,
/// required headers are there, and JSON bodies have every required field with the right types.
@Suite struct OpenAPIConformanceTests {
    @Test func everyResponseMatchesTheDocument() async throws {
        let app = TestApp.make(RequestCatalogue.certificates, pictures: SafetyTests.pictures, pdfs: RequestCatalogue.pdfs)
        try await app.test(.router) { client in
            let yaml = try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.headers[.contentType] == "application/yaml")
                return String(response)
            }
            let spec = try OpenAPISpec(yaml: yaml)
            #expect(spec.root["openapi"]?.string == "3.1.0")
            var exercised: Set<String> = []
            for request in RequestCatalogue.requests {
                let response = try await client.execute(
                    uri: request.uri, method: request.method, headers: request.headers, body: request.body)
                exercised.insert("\(request.method.rawValue.lowercased()) \(request.route)")
                let problems = spec.check(response, route: request.route, method: request.method.rawValue.lowercased())
                #expect(problems.isEmpty, "\(request) → \(response.status.code): \(problems.joined(separator: "; "))")
            }
            // Every operation the document describes was exercised.
            #expect(Set(spec.operations).subtracting(exercised).isEmpty, "not exercised: \(Set(spec.operations).subtracting(exercised))")
        }
    }

    // Before, four live routes (the proof and the three log routes) were missing from the document.
    @Test func theRoutesAreExactlyTheDocumentsOperations() async throws {
        let router = buildRouter(
            registry: InMemoryCertificateRegistry(), pdfHashes: InMemoryCertificateRegistry(), pictures: NoCertificatePictures(),
            configuration: ServerConfiguration())
        // HEAD is generated for every GET; the document describes the GETs.
        let routes = Set(
            router.routes.filter { $0.method != .head }.map { route in
                let path = "\(route.path)".split(separator: "/", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method.rawValue.lowercased()) \(path.joined(separator: "/"))"
            })
        let yaml = try await TestApp.make([]).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String($0) }
        }
        let documented = Set(try OpenAPISpec(yaml: yaml).operations)
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not routed: \(documented.subtracting(routes).sorted())")
        #expect(routes.count >= 17)
    }

    @Test func theValidatorCatchesAMissingFieldAndAWrongType() async throws {
        let yaml = try await TestApp.make([]).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String($0) }
        }
        let spec = try OpenAPISpec(yaml: yaml)
        let schema = try #require(spec.root["components"]?["schemas"]?["Error"])
        var problems: [String] = []
        spec.validate(.object(["error": .object(["code": .string("not_found")])]), schema, "$", &problems)
        #expect(problems == ["$.error: missing required 'message'"])
        problems = []
        spec.validate(.object(["error": .object(["code": .string("nope"), "message": .number(1)])]), schema, "$", &problems)
        #expect(problems.count == 2)
    }
}

/// Just enough of OpenAPI 3.1 and JSON Schema to hold responses to the document.
struct OpenAPISpec {
    let root: Node

    init(yaml: String) throws {
        root = try #require(try Yams.compose(yaml: yaml))
    }

    /// "get /c/{id}" for every operation.
    var operations: [String] {
        guard let paths = root["paths"]?.mapping else { return [] }
        return paths.flatMap { path, item in
            (item.mapping ?? [:]).compactMap { method, _ in method.string.map { "\($0) \(path.string ?? "")" } }
        }
    }

    /// The value under `key` in a mapping, comparing keys as text (so '200' finds 200).
    static func child(_ node: Node?, _ key: String) -> Node? {
        node?.mapping?.first { $0.key.string == key }?.value
    }

    func resolve(_ node: Node) -> Node {
        guard let reference = node["$ref"]?.string, reference.hasPrefix("#/") else { return node }
        var current = root
        for key in reference.dropFirst(2).split(separator: "/") {
            guard let next = Self.child(current, String(key)) else { return node }
            current = next
        }
        return resolve(current)
    }

    func check(_ response: TestResponse, route: String, method: String) -> [String] {
        guard let operation = Self.child(root["paths"], route).flatMap({ Self.child($0, method) }) else {
            return ["\(method) \(route) is not in the document"]
        }
        guard let documented = Self.child(operation["responses"], String(response.status.code)).map(resolve) else {
            return ["status \(response.status.code) is not documented"]
        }
        var problems: [String] = []
        for (name, header) in documented["headers"]?.mapping ?? [:] {
            let header = resolve(header)
            if header["required"]?.bool == true, response.headers[HTTPField.Name(name.string ?? "")!] == nil {
                problems.append("required header \(name.string ?? "") is missing")
            }
        }
        guard let content = documented["content"]?.mapping else {
            if response.body.readableBytes > 0 { problems.append("a body was sent where none is documented") }
            return problems
        }
        let type = response.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
        guard let media = Self.child(documented["content"], type) else {
            return problems + ["content type '\(type)' is not one of \(content.keys.compactMap(\.string))"]
        }
        if type == "application/json", let schema = media["schema"] {
            do {
                let value = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
                validate(value, schema, "$", &problems)
            } catch {
                problems.append("the body is not JSON: \(error)")
            }
        } else if type.hasPrefix("text/"), let constant = media["schema"]?["const"]?.string, String(buffer: response.body) != constant {
            problems.append("the body is not \(constant.debugDescription)")
        }
        return problems
    }

    func validate(_ value: JSONValue, _ schemaNode: Node, _ path: String, _ problems: inout [String]) {
        let schema = resolve(schemaNode)
        if let type = schema["type"]?.string {
            let matches: Bool
            switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): matches = true
            case ("integer", .number(let number)): matches = number.rounded() == number
            case ("number", .number): matches = true
            default: matches = false
            }
            if !matches {
                problems.append("\(path): expected \(type), found \(value)")
                return
            }
        }
        if let allowed = schema["enum"]?.sequence, !allowed.contains(where: { $0.string == value.text }) {
            problems.append("\(path): '\(value.text ?? "?")' is not one of \(allowed.compactMap(\.string))")
        }
        if let pattern = schema["pattern"]?.string, let text = value.text, text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): '\(text)' does not match \(pattern)")
        }
        if schema["format"]?.string == "date-time", let text = value.text, (try? Date(text, strategy: .iso8601)) == nil {
            problems.append("\(path): '\(text)' is not a date-time")
        }
        switch value {
        case .object(let object):
            for required in schema["required"]?.sequence ?? [] {
                if let key = required.string, object[key] == nil { problems.append("\(path): missing required '\(key)'") }
            }
            for (key, property) in schema["properties"]?.mapping ?? [:] {
                if let name = key.string, let child = object[name] { validate(child, property, "\(path).\(name)", &problems) }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { validate(item, itemSchema, "\(path)[\(index)]", &problems) }
            }
        default:
            break
        }
    }
}

/// Any JSON value, decoded strictly (a number is never a Boolean, nor the other way round).
enum JSONValue: Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
        } else if let object = try? decoder.container(keyedBy: Key.self) {
            var values: [String: JSONValue] = [:]
            for key in object.allKeys { values[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let bool = try? single.decode(Bool.self) {
                self = .bool(bool)
            } else if let number = try? single.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): value.debugDescription
        case .array: "an array"
        case .object: "an object"
        }
    }
}
