import Foundation

/// Discord's checks of an Execute Webhook JSON body, with its documented limits
/// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
///
/// Lengths are counted in Unicode code points (Swift's `unicodeScalars`): the docs say
/// "characters" without defining them, and Discord's Python backend and the libraries that mirror
/// its checks (twilight, discord.py) count code points. Leading and trailing whitespace is not
/// counted, as the embed limits note says ("they are trimmed automatically").
enum DiscordValidation {
    static let contentMax = 2000
    static let usernameMax = 80
    static let embedsMax = 10
    static let titleMax = 256
    static let descriptionMax = 4096
    static let fieldsMax = 25
    static let fieldNameMax = 256
    static let fieldValueMax = 1024
    static let footerTextMax = 2048
    static let authorNameMax = 256
    static let embedTotalMax = 6000
    static let colorMax: Int64 = 0xFF_FFFF

    /// A refused body: Discord's error answer (always 400) and a one-line reason for the test.
    struct Refusal {
        let body: JSONValue
        let reason: String
    }

    /// Discord's answer to a body that is not JSON.
    static let invalidJSON = Refusal(
        body: .object(["code": .int(50109), "message": .string("The request body contains invalid JSON.")]), reason: "invalid JSON (50109)"
    )

    /// nil when Discord would accept `body`.
    static func check(_ body: JSONValue) -> Refusal? {
        var errors = FormErrors()
        guard case .object = body else {
            errors.add([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            return errors.refusal
        }
        let content = errors.string(body["content"], at: ["content"], max: contentMax)
        _ = errors.string(body["username"], at: ["username"], max: usernameMax)
        errors.url(body["avatar_url"], at: ["avatar_url"])
        errors.boolean(body["tts"], at: ["tts"])
        errors.integer(body["flags"], at: ["flags"], max: Int64(Int32.max))
        var total = 0, embedCount = 0
        if let embeds = errors.array(body["embeds"], at: ["embeds"], max: embedsMax) {
            embedCount = embeds.count
            for (index, embed) in embeds.enumerated() {
                total += checkEmbed(embed, at: ["embeds", String(index)], &errors)
            }
            if total > embedTotalMax {
                errors.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of \(embedTotalMax)")
            }
        }
        if let refusal = errors.refusal { return refusal }
        // The other ways to have something to show; an alerter sends none of them, but they make a message non-empty.
        let others = ["attachments", "components", "poll", "sticker_ids", "files"].contains { body[$0] != nil && body[$0] != .null }
        if content == 0 && embedCount == 0 && !others {
            return Refusal(
                body: .object(["code": .int(50006), "message": .string("Cannot send an empty message")]),
                reason: "Cannot send an empty message (50006): no content, embeds, attachments or components"
            )
        }
        return nil
    }

    /// Checks one embed; returns the characters it adds to the 6000-character total.
    private static func checkEmbed(_ embed: JSONValue, at path: [String], _ errors: inout FormErrors) -> Int {
        guard errors.object(embed, at: path) else { return 0 }
        var total = errors.string(embed["title"], at: path + ["title"], max: titleMax)
        total += errors.string(embed["description"], at: path + ["description"], max: descriptionMax)
        errors.url(embed["url"], at: path + ["url"])
        errors.timestamp(embed["timestamp"], at: path + ["timestamp"])
        errors.integer(embed["color"], at: path + ["color"], max: colorMax)
        if let fields = errors.array(embed["fields"], at: path + ["fields"], max: fieldsMax) {
            for (index, field) in fields.enumerated() {
                let fieldPath = path + ["fields", String(index)]
                guard errors.object(field, at: fieldPath) else { continue }
                total += errors.string(field["name"], at: fieldPath + ["name"], max: fieldNameMax, required: true)
                total += errors.string(field["value"], at: fieldPath + ["value"], max: fieldValueMax, required: true)
                errors.boolean(field["inline"], at: fieldPath + ["inline"])
            }
        }
        if let footer = embed["footer"], footer != .null, errors.object(footer, at: path + ["footer"]) {
            total += errors.string(footer["text"], at: path + ["footer", "text"], max: footerTextMax, required: true)
        }
        if let author = embed["author"], author != .null, errors.object(author, at: path + ["author"]) {
            total += errors.string(author["name"], at: path + ["author", "name"], max: authorNameMax, required: true)
            errors.url(author["url"], at: path + ["author", "url"])
        }
        return total
    }
}

/// Discord's "Invalid Form Body" (code 50035): errors nested by the path of the offending member,
/// each level's own errors under `_errors`.
struct FormErrors {
    private var errors: [(path: [String], code: String, message: String)] = []

    mutating func add(_ path: [String], _ code: String, _ message: String) {
        errors.append((path, code, message))
    }

    /// The 400 answer and reason, or nil when nothing was wrong.
    var refusal: DiscordValidation.Refusal? {
        guard !errors.isEmpty else { return nil }
        var tree: [String: JSONValue] = [:]
        for error in errors {
            Self.insert(.object(["code": .string(error.code), "message": .string(error.message)]), at: error.path[...], into: &tree)
        }
        let reason = errors.map { "\($0.path.isEmpty ? "body" : $0.path.joined(separator: ".")): \($0.code) \($0.message)" }
        return .init(
            body: .object(["code": .int(50035), "errors": .object(tree), "message": .string("Invalid Form Body")]),
            reason: "Invalid Form Body (50035): " + reason.joined(separator: "; ")
        )
    }

    private static func insert(_ error: JSONValue, at path: ArraySlice<String>, into tree: inout [String: JSONValue]) {
        guard let key = path.first else {
            guard case .array(var list) = tree["_errors"] ?? .array([]) else { return }
            list.append(error)
            tree["_errors"] = .array(list)
            return
        }
        var child: [String: JSONValue] = [:]
        if case .object(let existing) = tree[key] { child = existing }
        insert(error, at: path.dropFirst(), into: &child)
        tree[key] = .object(child)
    }

    /// Checks an optional (or `required`) string member; returns its counted length, 0 when absent or wrong.
    mutating func string(_ value: JSONValue?, at path: [String], max: Int, required: Bool = false) -> Int {
        guard let value, value != .null else {
            if required { add(path, "BASE_TYPE_REQUIRED", "This field is required") }
            return 0
        }
        guard case .string(let text) = value else {
            add(path, "STRING_TYPE_CONVERT", "Could not interpret \"\(value.description)\" as string.")
            return 0
        }
        let length = text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars.count
        if required && length == 0 {
            add(path, "BASE_TYPE_REQUIRED", "This field is required")
        } else if length > max {
            add(path, "BASE_TYPE_MAX_LENGTH", "Must be \(max) or fewer in length.")
        }
        return length
    }

    /// Checks an optional array member; returns its elements when it is one.
    mutating func array(_ value: JSONValue?, at path: [String], max: Int) -> [JSONValue]? {
        guard let value, value != .null else { return nil }
        guard case .array(let elements) = value else {
            add(path, "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
            return nil
        }
        if elements.count > max { add(path, "BASE_TYPE_MAX_LENGTH", "Must be \(max) or fewer in length.") }
        return elements
    }

    /// Whether `value` is an object; records the error when it is not.
    mutating func object(_ value: JSONValue, at path: [String]) -> Bool {
        if case .object = value { return true }
        add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return false
    }

    /// Checks an optional boolean member.
    mutating func boolean(_ value: JSONValue?, at path: [String]) {
        guard let value, value != .null else { return }
        if case .bool = value { return }
        add(path, "BASE_TYPE_BOOLEAN", "Must be either true or false.")
    }

    /// Checks an optional integer member within 0...max.
    mutating func integer(_ value: JSONValue?, at path: [String], max: Int64) {
        guard let value, value != .null else { return }
        guard case .int(let number) = value else {
            add(path, "NUMBER_TYPE_COERCE", "Value \"\(value.text ?? value.description)\" is not int.")
            return
        }
        if number < 0 {
            add(path, "NUMBER_TYPE_MIN", "int value should be greater than or equal to 0.")
        } else if number > max {
            add(path, "NUMBER_TYPE_MAX", "int value should be less than or equal to \(max).")
        }
    }

    /// Checks an optional ISO 8601 timestamp member.
    mutating func timestamp(_ value: JSONValue?, at path: [String]) {
        guard let value, value != .null else { return }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let text = value.string, plain.date(from: text) != nil || fractional.date(from: text) != nil { return }
        add(path, "DATE_TYPE_PARSE", "Could not parse \(value.text ?? value.description). Should be ISO8601.")
    }

    /// Checks an optional URL member (Discord takes http, https and attachment URLs).
    mutating func url(_ value: JSONValue?, at path: [String]) {
        guard let value, value != .null else { return }
        if let text = value.string, let url = URLComponents(string: text), ["http", "https", "attachment"].contains(url.scheme?.lowercased() ?? "") {
            return
        }
        add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
    }
}
