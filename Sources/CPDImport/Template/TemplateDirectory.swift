public import CPDCore
public import Foundation

/// Finds templates and their assets on disk: `<templates>/<name>.yaml` and `<assets>/<file>`.
public struct TemplateDirectory: Sendable {
    /// Folder holding `<name>.yaml` files.
    public var templates: URL
    /// Folder holding the images templates use.
    public var assets: URL

    /// Creates a lookup over two folders.
    public init(templates: URL, assets: URL) {
        self.templates = templates
        self.assets = assets
    }

    /// Names of the templates in the folder, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads and validates template `name` and reads its assets.
    public func load(_ name: String) throws(ConfigurationErrors) -> TemplatePackage {
        let validName = !name.isEmpty && !name.contains("/") && !name.hasPrefix(".")
        let file = templates.appendingPathComponent(name + ".yaml")
        guard validName, let source = FileManager.default.contents(atPath: file.path) else {
            let known = names()
            throw ConfigurationErrors([
                ConfigurationError(
                    file: file.path, line: nil, path: "",
                    message:
                        "no template named '\(name)' in \(templates.path); known templates: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                )
            ])
        }
        let template = try TemplateLoader.load(source, name: name, fileName: file.path)
        var assets: [String: Data] = [:]
        var problems: [ConfigurationError] = []
        for asset in template.assetNames {
            let users = template.elements.compactMap { element -> String? in
                guard case .image(let image) = element, image.asset == asset else { return nil }
                return "element '\(image.name)'"
            }
            let owner = ((template.background == asset ? ["'background'"] : []) + users).joined(separator: ", ")
            let path = assetURL(asset)
            if !isInsideAssets(path) {
                problems.append(
                    ConfigurationError(
                        file: file.path, line: nil, path: "",
                        message:
                            "\(owner): asset '\(asset)' resolves to \(path.resolvingSymlinksInPath().path), outside \(self.assets.path); copy the file into the assets folder instead of linking to it"
                    ))
            } else if let bytes = FileManager.default.contents(atPath: path.path) {
                assets[asset] = bytes
            } else {
                problems.append(
                    ConfigurationError(
                        file: file.path, line: nil, path: "",
                        message: "\(owner): asset '\(asset)' not found at \(path.path); put the file in \(self.assets.path) or fix the name"
                    ))
            }
        }
        guard problems.isEmpty else { throw ConfigurationErrors(problems) }
        return TemplatePackage(template: template, source: source, assets: assets)
    }

    private func assetURL(_ name: String) -> URL {
        assets.appendingPathComponent(name)
    }

    /// True when `url`, with every symbolic link followed, is still inside the assets folder.
    private func isInsideAssets(_ url: URL) -> Bool {
        guard FileManager.default.fileExists(atPath: url.path) else { return true }
        let root = assets.resolvingSymlinksInPath().standardized.path
        let resolved = url.resolvingSymlinksInPath().standardized.path
        return resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
