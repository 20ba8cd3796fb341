import Foundation

extension CertificateTemplate {
    /// Every text with placeholders in the template, with the element (or template key) and
    /// field it belongs to.
    public var placeholderTexts: [(owner: String, field: String, text: TemplateText)] {
        var texts: [(owner: String, field: String, text: TemplateText)] = []
        for (field, source) in [("title", title), ("subject", subject)] {
            if let text = try? TemplateText(parsing: source) { texts.append(("template", field, text)) }
        }
        for element in elements {
            switch element {
            case .text(let text):
                texts.append((text.name, "text", text.text))
                if let link = text.link { texts.append((text.name, "link", link)) }
            case .qrCode(let qr):
                texts.append((qr.name, "payload", qr.payload))
                texts.append((qr.name, "alt", qr.alternativeText))
            case .list, .image, .line, .rectangle:
                continue
            }
        }
        return texts
    }

    /// Locales other than en-GB that certificates for this template need dates in: the
    /// template's own and every one named as `{{event.date@cy}}`. Give them to `CertificateComposer`.
    public var dateLocales: [String] {
        var locales: Set<String> = [locale]
        for entry in placeholderTexts {
            for name in entry.text.placeholders {
                if let at = name.firstIndex(of: "@") { locales.insert(String(name[name.index(after: at)...])) }
            }
        }
        locales.remove(CertificateComposer.baseLocale)
        return locales.sorted()
    }

    /// True when Foundation has data for `identifier` (BCP 47 such as `cy` or `en-GB`).
    public static func isKnownLocale(_ identifier: String) -> Bool {
        Locale.availableIdentifiers.contains(identifier.replacingOccurrences(of: "-", with: "_"))
    }

    /// Problems that make the template unusable, each naming the element and the fix.
    /// Fonts and the contents of assets are checked by the adapters that load them.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        func check(_ text: TemplateText, in owner: String, field: String) {
            let place = owner == "template" ? "'\(field)'" : "element '\(owner)'"
            for name in text.placeholders {
                if let problem = placeholderProblem(name, field: field) { problems.append("\(place): \(problem)") }
            }
        }
        func checkOnPage(_ box: Box, _ element: String, insideMargins: Bool) {
            if box.width <= 0 || box.height <= 0 {
                problems.append("element '\(element)': width and height must be greater than 0 mm")
            }
            let area = insideMargins ? contentArea : page
            guard !box.isInside(area) else { return }
            let place = "box x \(mm(box.x)), y \(mm(box.y)), width \(mm(box.width)), height \(mm(box.height)) mm"
            if !box.isInside(page) {
                problems.append(
                    "element '\(element)': \(place) lies outside the \(mm(pageWidth)) × \(mm(pageHeight)) mm page; move or shrink it")
            } else {
                problems.append(
                    "element '\(element)': \(place) reaches into the page margins; keep it within x \(mm(area.x))...\(mm(area.x + area.width)) and y \(mm(area.y))...\(mm(area.y + area.height)) mm, or make 'margins' smaller"
                )
            }
        }
        func checkFont(_ font: FontSpec, _ element: String) {
            if font.minimumSize > font.size || font.minimumSize <= 0 {
                problems.append("element '\(element)': font minimum_size must be between 0 and size (\(mm(font.size)))")
            }
            if font.familyList.isEmpty { problems.append("element '\(element)': font family must name at least one font") }
        }
        if !Self.isKnownLocale(locale) {
            problems.append("'locale': '\(locale)' is not a locale this system knows; use a BCP 47 code such as en-GB or cy")
        }
        let area = contentArea
        if area.width <= 0 || area.height <= 0 {
            problems.append("'margins': they leave no room on the \(mm(pageWidth)) × \(mm(pageHeight)) mm page; make them smaller")
        }
        for entry in placeholderTexts { check(entry.text, in: entry.owner, field: entry.field) }
        var names: Set<String> = []
        for element in elements {
            if !names.insert(element.name).inserted {
                problems.append("element '\(element.name)': two elements have this name; give each a unique name")
            }
            switch element {
            case .text(let text):
                checkOnPage(text.box, text.name, insideMargins: true)
                checkFont(text.font, text.name)
                if text.maximumLines < 1 {
                    problems.append("element '\(text.name)': max_lines must be at least 1")
                }
                if let language = text.language, !Self.isKnownLocale(language) {
                    problems.append(
                        "element '\(text.name)': lang '\(language)' is not a language this system knows; use a BCP 47 code such as en-GB or cy"
                    )
                }
            case .list(let list):
                if CertificateContent.listPlaceholders[list.items] == nil {
                    let known = CertificateContent.listPlaceholders.keys.sorted().joined(separator: ", ")
                    problems.append("element '\(list.name)': unknown list '\(list.items)'; known lists: \(known)")
                }
                checkOnPage(list.box, list.name, insideMargins: true)
                checkFont(list.font, list.name)
                if list.columns < 1 { problems.append("element '\(list.name)': columns must be at least 1") }
            case .image(let image):
                checkOnPage(image.box, image.name, insideMargins: true)
                if image.alternativeText.trimmingWhitespace().isEmpty {
                    problems.append("element '\(image.name)': 'alt' must describe the image for screen readers")
                }
            case .qrCode(let qr):
                checkOnPage(qr.box, qr.name, insideMargins: true)
            case .line(let line):
                checkOnPage(line.box, line.name, insideMargins: false)
            case .rectangle(let rectangle):
                checkOnPage(rectangle.box, rectangle.name, insideMargins: false)
            }
        }
        if !isVerifiable {
            problems.append(
                "the template prints neither the certificate ID nor a way to verify it, so nobody could check a certificate "
                    + "drawn with it: add a text element with {{certificate.id}} or {{certificate.url}}, or a qr element whose "
                    + "payload is {{certificate.url}}")
        }
        return problems
    }

    /// True when a certificate drawn with the template can be checked: some text element prints
    /// the ID or the verification URL, or a QR code carries one of them.
    public var isVerifiable: Bool {
        let verifying: Set<String> = ["certificate.id", "certificate.url"]
        return elements.contains { element in
            switch element {
            case .text(let text): !verifying.isDisjoint(with: text.text.placeholders)
            case .qrCode(let qr): !verifying.isDisjoint(with: qr.payload.placeholders)
            case .list, .image, .line, .rectangle: false
            }
        }
    }

    /// What is wrong with placeholder `name`, or nil when it is known.
    private func placeholderProblem(_ name: String, field: String) -> String? {
        let known = CertificateContent.textPlaceholders.keys.sorted().joined(separator: ", ")
        guard let at = name.firstIndex(of: "@") else {
            return CertificateContent.textPlaceholders[name] == nil
                ? "unknown placeholder '{{\(name)}}' in \(field); known placeholders: \(known)" : nil
        }
        let base = String(name[..<at])
        let locale = String(name[name.index(after: at)...])
        guard CertificateContent.localizedPlaceholders.contains(base) else {
            let localizable = CertificateContent.localizedPlaceholders.sorted().joined(separator: ", ")
            return "unknown placeholder '{{\(name)}}' in \(field); only \(localizable) take a locale after '@'"
        }
        guard Self.isKnownLocale(locale) else {
            return
                "placeholder '{{\(name)}}' in \(field) names locale '\(locale)', which this system does not know; use a BCP 47 code such as en-GB or cy"
        }
        return nil
    }
}

/// Millimetres for messages: whole numbers without a decimal point.
private func mm(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String((value * 100).rounded() / 100)
}
