extension CertificateTemplate {
    /// Problems that make the template unusable, each naming the element and the fix.
    /// Fonts and assets are checked by the adapters that load them.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        func check(_ text: TemplateText, in element: String, field: String) {
            for name in text.placeholders where CertificateContent.textPlaceholders[name] == nil {
                let known = CertificateContent.textPlaceholders.keys.sorted().joined(separator: ", ")
                problems.append("element '\(element)': unknown placeholder '{{\(name)}}' in \(field); known placeholders: \(known)")
            }
        }
        func checkOnPage(_ box: Box, _ element: String) {
            let tolerance = 0.01
            if box.width <= 0 || box.height <= 0 {
                problems.append("element '\(element)': width and height must be greater than 0 mm")
            }
            if box.x < -tolerance || box.y < -tolerance || box.x + box.width > pageWidth + tolerance
                || box.y + box.height > pageHeight + tolerance
            {
                problems.append(
                    "element '\(element)': box x \(box.x), y \(box.y), width \(box.width), height \(box.height) mm lies outside the \(pageWidth) × \(pageHeight) mm page; move or shrink it"
                )
            }
        }
        var names: Set<String> = []
        for element in elements {
            if !names.insert(element.name).inserted {
                problems.append("element '\(element.name)': two elements have this name; give each a unique name")
            }
            switch element {
            case .text(let text):
                check(text.text, in: text.name, field: "text")
                if let link = text.link { check(link, in: text.name, field: "link") }
                checkOnPage(text.box, text.name)
                if text.font.minimumSize > text.font.size || text.font.minimumSize <= 0 {
                    problems.append("element '\(text.name)': font minimum_size must be between 0 and size (\(text.font.size))")
                }
                if text.maximumLines < 1 {
                    problems.append("element '\(text.name)': max_lines must be at least 1")
                }
            case .list(let list):
                if CertificateContent.listPlaceholders[list.items] == nil {
                    let known = CertificateContent.listPlaceholders.keys.sorted().joined(separator: ", ")
                    problems.append("element '\(list.name)': unknown list '\(list.items)'; known lists: \(known)")
                }
                checkOnPage(list.box, list.name)
                if list.columns < 1 { problems.append("element '\(list.name)': columns must be at least 1") }
            case .image(let image):
                checkOnPage(image.box, image.name)
            case .qrCode(let qr):
                check(qr.payload, in: qr.name, field: "payload")
                checkOnPage(Box(x: qr.x, y: qr.y, width: qr.size, height: qr.size), qr.name)
            case .line(let line):
                let box = Box(
                    x: min(line.x1, line.x2), y: min(line.y1, line.y2),
                    width: max(abs(line.x2 - line.x1), 0.001), height: max(abs(line.y2 - line.y1), 0.001))
                checkOnPage(box, line.name)
            case .rectangle(let rectangle):
                checkOnPage(rectangle.box, rectangle.name)
            }
        }
        return problems
    }
}
