import ArenaBus
import ArgumentParser

/// `arena keys`: generates a CurveZMQ key pair for a server or a client.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate a CurveZMQ key pair.",
        discussion: """
        Writes NAME.key (the pair; mode 600, keep it secret) and NAME.pub (the
        public key; give it to peers) into the output directory. A server's
        public key goes into its clients' configuration; a client's public key
        goes into the server's allowed-clients file. Existing files are never
        overwritten.
        """
    )

    @Option(help: "Directory for the key files.")
    var output: String = "."

    @Option(help: "File stem and label of the pair, e.g. gateway or scorer-1.")
    var name: String

    func run() throws {
        let pair = try CurveKeyPair.generate()
        let secretFile = "\(output)/\(name).key", publicFile = "\(output)/\(name).pub"
        try CurveKeyFile.write(pair, secretFile: secretFile, publicFile: publicFile, label: name)
        print("wrote \(secretFile) (secret, mode 600) and \(publicFile)")
        print("public key: \(pair.publicKey.z85)")
    }
}
