public import Foundation

/// A template with the bytes it was read from and the bytes of every asset it uses: all a
/// renderer needs, and all that the template hash covers.
public struct TemplatePackage: Sendable {
    public var template: CertificateTemplate
    /// The template file's bytes.
    public var source: Data
    /// Asset file name → bytes, for every asset the template uses.
    public var assets: [String: Data]

    /// Creates a package.
    public init(template: CertificateTemplate, source: Data, assets: [String: Data]) {
        self.template = template
        self.source = source
        self.assets = assets
    }

    /// The bytes the template hash is computed over: a length-prefixed concatenation of the
    /// template source and each asset (name and bytes) in name order, so that no two different
    /// packages give the same input.
    public var hashInput: Data { Self.hashInput(source: source, assets: assets) }

    /// The hash input of a template file's bytes and its assets' (see `hashInput`).
    public static func hashInput(source: Data, assets: [String: Data]) -> Data {
        var input = Data()
        func append(_ bytes: Data) {
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { input.append(contentsOf: $0) }
            input.append(bytes)
        }
        append(source)
        for name in assets.keys.sorted() {
            append(Data(name.utf8))
            append(assets[name]!)
        }
        return input
    }
}
