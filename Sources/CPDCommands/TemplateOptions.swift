import ArgumentParser
import CPDCore
import CPDImport
import CPDRender
import Foundation

/// Why a template cannot be used, as printed.
struct TemplateUnusable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `--templates DIR` and `--assets DIR`, and loading events and templates with their errors
/// reported the same way by every command.
struct TemplateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Templates folder (default: $CPDCERT_TEMPLATES, else ./Templates, else the ones installed with cpdcert).", valueName: "dir"))
    var templates: String?

    @Option(
        help: ArgumentHelp(
            "Assets folder (default: $CPDCERT_ASSETS, else ./Assets, else the ones installed with cpdcert).", valueName: "dir"))
    var assets: String?

    /// The folders in force.
    var directory: TemplateDirectory {
        TemplateDirectory(
            templates: ResourceLocator.directory(flag: templates, setting: "templates", folder: "Templates"),
            assets: ResourceLocator.directory(flag: assets, setting: "assets", folder: "Assets"))
    }

    /// Loads template `name`, or the template file at `name` when it is a path to a .yaml file.
    func loadTemplate(_ name: String) throws -> TemplatePackage {
        switch templatePackage(name) {
        case .success(let package): return package
        case .failure(let unusable):
            Console.error(unusable.message)
            throw ExitStatus.configError
        }
    }

    /// Template `name` (as `loadTemplate` finds it, its warnings printed), or why it cannot be loaded.
    func templatePackage(_ name: String) -> Result<TemplatePackage, TemplateUnusable> {
        var directory = self.directory
        var name = name
        if name.hasSuffix(".yaml") {
            let file = URL(fileURLWithPath: name)
            directory.templates = file.deletingLastPathComponent()
            name = String(file.lastPathComponent.dropLast(5))
        }
        do {
            let package = try directory.load(name)
            for warning in TemplateLoader.warnings(package.template) { Console.error("warning: \(warning)") }
            return .success(package)
        } catch {
            return .failure(TemplateUnusable(message: "\(error)"))
        }
    }

    /// A renderer for `package`, with the template's font and asset problems reported as
    /// configuration errors.
    func renderer(for package: TemplatePackage) throws -> CairoCertificateRenderer {
        try Self.checked(package) { try CairoCertificateRenderer(package: package) }
    }

    /// What `make` gives for `package` (a renderer here or in a worker process), with its
    /// failure reported as the template's configuration error.
    static func checked<Renderer>(_ package: TemplatePackage, _ make: () throws -> Renderer) throws -> Renderer {
        do {
            return try make()
        } catch {
            Console.error("\(package.template.name): \(error)")
            throw ExitStatus.configError
        }
    }

    /// Reads and validates the event file at `path`.
    static func loadEvent(_ path: String) throws -> Event {
        let data = try InputFile.read(path, hint: "pass the event definition with --event")
        do {
            let loaded = try EventLoader.load(data, fileName: path)
            _ = try CertificateComposer(event: loaded)
            for warning in EventLoader.warnings(loaded, fileName: path) { Console.error("warning: \(warning)") }
            return loaded
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
    }
}
