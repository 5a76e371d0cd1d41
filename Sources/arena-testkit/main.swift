// Test support, not part of the product: processes that integration tests
// start and kill. `arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY]`
import ArenaTesting
import Foundation

let args = CommandLine.arguments
guard args.count >= 5, args[1] == "echo-worker", let delay = Int(args[4]) else {
    FileHandle.standardError.write(Data("usage: arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY]\n".utf8))
    exit(64)
}
do {
    try await EchoWorker.run(
        name: args[2], endpoint: args[3], delay: .milliseconds(delay), capacity: args.count > 5 ? Int(args[5]) ?? 1 : 1
    )
} catch {
    FileHandle.standardError.write(Data("echo-worker: \(error)\n".utf8))
    exit(1)
}
