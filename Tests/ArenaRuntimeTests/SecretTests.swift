import Foundation
import Testing
@testable import ArenaRuntime

/// Secrets come from mounted files or the environment, never the file, and never print.
@Suite struct SecretTests {
    /// A Z85 key is full of characters YAML would reinterpret (`&`, `*`, `[`, `#`, `:`).
    static let z85Key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"

    @Test func environmentSecretIsTakenVerbatimAndNeverPrinted() throws {
        let config = try Fixtures.config(environment: [
            "ARENA_STORE__URL": "postgres://arena@db/arena",
            "ARENA_STORE__PASSWORD": "p&ss: #[word]*",
        ])
        let password = try #require(config.store.password)
        #expect(password.reveal() == "p&ss: #[word]*")
        #expect(password.source == .environment(variable: "ARENA_STORE__PASSWORD"))
        for rendering in [String(describing: password), String(reflecting: password), String(describing: config)] {
            #expect(!rendering.contains("p&ss"))
        }
        var dumped = ""
        dump(config, to: &dumped)
        #expect(!dumped.contains("p&ss"))
    }

    @Test func fileSecretIsReadAndTrimmed() throws {
        let secretPath = try Fixtures.temporaryFile(Self.z85Key + "\n")
        let publicPath = try Fixtures.temporaryFile("public-key\n")
        defer {
            try? FileManager.default.removeItem(atPath: secretPath)
            try? FileManager.default.removeItem(atPath: publicPath)
        }
        let config = try Fixtures.config(environment: [
            "ARENA_BUS__CURVE__ENABLED": "true",
            "ARENA_BUS__CURVE__SERVER_SECRET_KEY_FILE": secretPath,
            "ARENA_BUS__CURVE__SERVER_PUBLIC_KEY_FILE": publicPath,
            "ARENA_BUS__CURVE__CLIENT_KEY": Self.z85Key,
        ])
        #expect(config.bus.curve.serverSecretKey?.reveal() == Self.z85Key)
        #expect(config.bus.curve.serverSecretKey?.source == .file(path: secretPath))
        #expect(config.bus.curve.clientKey?.reveal() == Self.z85Key)
    }

    @Test func secretWrittenInTheFileIsRefused() {
        let yaml = Fixtures.minimalYAML + "bus:\n  curve:\n    server_secret_key: leaked\n"
        let error = Fixtures.error(yaml)
        #expect(error == .invalid(
            key: "bus.curve.server_secret_key", value: "***",
            reason: "secrets never live in the configuration file; set ARENA_BUS__CURVE__SERVER_SECRET_KEY or bus.curve.server_secret_key_file"
        ))
        #expect(error?.description.contains("leaked") == false)
    }

    @Test func missingSecretFileIsNamed() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_STORE__PASSWORD_FILE": "/nonexistent/pw"])
        #expect(error == .environment(variable: "ARENA_STORE__PASSWORD_FILE", problem: .invalid(
            key: "store.password_file", value: "/nonexistent/pw", reason: "cannot be read (No such file or directory)"
        )))
    }

    @Test func bothFormsAtOnceAreRefused() throws {
        let path = try Fixtures.temporaryFile("x")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = Fixtures.error(Fixtures.minimalYAML, environment: [
            "ARENA_STORE__PASSWORD": "y", "ARENA_STORE__PASSWORD_FILE": path,
        ])
        #expect(error == .invalid(
            key: "store.password_file", value: path,
            reason: "conflicts with the secret from environment variable ARENA_STORE__PASSWORD; set only one"
        ))
    }

    @Test func badSecretValuesAreMaskedInErrors() {
        let error = ConfigError.invalidValue(key: "bus.curve.client_key", value: "s3cret", reason: "too short")
        #expect(error == .invalid(key: "bus.curve.client_key", value: "***", reason: "too short"))
        #expect(ConfigError.invalidValue(key: "store.password_file", value: "/run/pw", reason: "x") == .invalid(key: "store.password_file", value: "/run/pw", reason: "x"))
    }
}
