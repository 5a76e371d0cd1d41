import ArenaBus
import Foundation
import Testing

@Suite("CURVE keys and key files")
struct CurveKeyFileTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "arena-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    @Test func keysRoundTripThroughZ85AndSecretsAreRedacted() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.z85.count == 40)
        #expect(try CurvePublicKey(z85: pair.publicKey.z85) == pair.publicKey)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect("\(pair.secretKey)" == "<redacted>")
        #expect(!"\(pair)".contains(pair.secretKey.z85))
        #expect(throws: CurveKeyError.self) { try CurvePublicKey(z85: "too short") }
        #expect(throws: CurveKeyError.self) { try CurvePublicKey(bytes: [1, 2, 3]) }
    }

    @Test func writtenPairLoadsBackWithSafePermissions() throws {
        let pair = try CurveKeyPair.generate()
        try CurveKeyFile.write(pair, secretFile: path("scorer.key"), publicFile: path("scorer.pub"), label: "scorer-1")
        #expect(try CurveKeyFile.loadKeyPair(from: path("scorer.key")) == pair)
        #expect(try CurveKeyFile.loadPublicKey(from: path("scorer.pub")) == pair.publicKey)
        let mode = try FileManager.default.attributesOfItem(atPath: path("scorer.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Keys are never overwritten.
        #expect(throws: CurveKeyError.self) { try CurveKeyFile.write(pair, secretFile: path("scorer.key"), publicFile: nil) }
        // A secret readable by others is refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path("scorer.key"))
        #expect(throws: CurveKeyError.insecurePermissions(path: path("scorer.key"), mode: 0o644)) {
            try CurveKeyFile.loadKeyPair(from: path("scorer.key"))
        }
    }

    @Test func malformedAndMismatchedFilesAreRefusedWithTheirLine() throws {
        let a = try CurveKeyPair.generate(), b = try CurveKeyPair.generate()
        let mismatched = "public-key: \(a.publicKey.z85)\nsecret-key: \(b.secretKey.z85)\n"
        try write(mismatched, to: "mismatch.key", mode: 0o600)
        #expect(throws: CurveKeyError.mismatchedPair(path: path("mismatch.key"))) {
            try CurveKeyFile.loadKeyPair(from: path("mismatch.key"))
        }
        try write("# comment\n\nprivate-key: abc\n", to: "unknown.key", mode: 0o600)
        #expect(throws: CurveKeyError.malformedFile(path: path("unknown.key"), line: 3, reason: "unknown field `private-key`")) {
            try CurveKeyFile.loadKeyPair(from: path("unknown.key"))
        }
        try write("public-key: not-a-key\n", to: "bad.pub", mode: 0o644)
        #expect(throws: CurveKeyError.self) { try CurveKeyFile.loadPublicKey(from: path("bad.pub")) }
        #expect(throws: CurveKeyError.self) { try CurveKeyFile.loadPublicKey(from: path("missing.pub")) }
    }

    @Test func authorizedClientsFileListsLabelledKeys() throws {
        let a = try CurveKeyPair.generate(), b = try CurveKeyPair.generate()
        try write("# clients\npublic-key: \(a.publicKey.z85) scorer-1\n\npublic-key: \(b.publicKey.z85)\n", to: "clients", mode: 0o644)
        let clients = try CurveKeyFile.loadAuthorizedClients(from: path("clients"))
        #expect(clients == [a.publicKey: "scorer-1", b.publicKey: "line 4"])
        try write("secret-key: \(a.secretKey.z85)\n", to: "wrong-clients", mode: 0o600)
        #expect(throws: CurveKeyError.self) { try CurveKeyFile.loadAuthorizedClients(from: path("wrong-clients")) }
    }

    private func write(_ text: String, to name: String, mode: Int) throws {
        try text.write(toFile: path(name), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(name))
    }
}
