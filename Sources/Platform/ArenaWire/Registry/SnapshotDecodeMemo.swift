import ArenaCore
import Foundation
import Synchronization

/// The last few snapshots decoded from binary frames, with their canonical
/// bytes: every job of a round carries the same snapshot bytes, so a scorer
/// decodes each tick's snapshot once instead of once per model.
///
/// A hit needs the frame's next bytes to equal a remembered snapshot's
/// canonical bytes exactly; equal bytes decode to an equal value, so nothing
/// is trusted that was not compared. The memo is bounded (``capacity``
/// entries, the least recently used dropped) and safe to share.
enum SnapshotDecodeMemo {
    static let capacity = 4

    private struct Entry {
        let bytes: [UInt8]
        let snapshot: MarketSnapshot
    }

    private static let entries = Mutex<[Entry]>([])

    /// The remembered snapshot whose canonical bytes start at `offset` in `base`, with their length.
    static func lookup(_ base: UnsafeRawBufferPointer, from offset: Int, end: Int) -> (snapshot: MarketSnapshot, length: Int)? {
        entries.withLock { list in
            for (index, entry) in list.enumerated().reversed() where !entry.bytes.isEmpty && entry.bytes.count <= end - offset {
                let same = entry.bytes.withUnsafeBytes { memo in
                    memcmp(memo.baseAddress!, base.baseAddress! + offset, memo.count) == 0
                }
                guard same else { continue }
                // Most recently used last.
                list.append(list.remove(at: index))
                return (entry.snapshot, entry.bytes.count)
            }
            return nil
        }
    }

    /// Remembers `snapshot` decoded from `bytes`.
    static func remember(_ snapshot: MarketSnapshot, bytes: [UInt8]) {
        entries.withLock { list in
            list.append(Entry(bytes: bytes, snapshot: snapshot))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }
}
